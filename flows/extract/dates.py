"""Temporal expressions -> ISO values at the precision the text gives.

``find_dates(text, published)`` returns every date-like expression (absolute,
relative to the publication date, or relative to an event the text names) and
every duration ("18 months"), which is recognised so that it is never taken
for a date. Ages ("34-year-old") are neither.

Values are ISO 8601: ``2021-10-21`` (day), ``2021-10`` (month), ``2021``
(year). A week ("last week") is given as the month that holds its Thursday (the
ISO rule for which month or year a week belongs to). Event-relative expressions ("the day before the
incident") carry their offset in ``anchor`` and no value: the events extractor
resolves them once it knows the anchoring event's date (``resolve_relative``).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import replace

from dateutil.relativedelta import relativedelta

from flows.extract.records import Precision, TemporalExpression

MONTHS = {
    "january": 1,
    "jan": 1,
    "february": 2,
    "feb": 2,
    "march": 3,
    "mar": 3,
    "april": 4,
    "apr": 4,
    "may": 5,
    "june": 6,
    "jun": 6,
    "july": 7,
    "jul": 7,
    "august": 8,
    "aug": 8,
    "september": 9,
    "sep": 9,
    "sept": 9,
    "october": 10,
    "oct": 10,
    "november": 11,
    "nov": 11,
    "december": 12,
    "dec": 12,
}
WEEKDAYS = {
    "monday": 0,
    "tuesday": 1,
    "wednesday": 2,
    "thursday": 3,
    "friday": 4,
    "saturday": 5,
    "sunday": 6,
}
NUMBER_WORDS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "fifteen": 15,
    "eighteen": 18,
    "twenty": 20,
    "thirty": 30,
    "several": None,
    "few": None,
    "a few": None,
    "many": None,
    "couple of": 2,
    "a couple of": 2,
}

_MONTH = (
    r"(?P<{g}>(?:January|February|March|April|May|June|July|August|September|October|"
    r"November|December)\b|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\b\.?)"
)
_DAY = r"(?P<{g}>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<{g}>(?:1[89]|20)\d\d)\b"
_NUM = (
    r"(?P<{g}>\d+(?:\.\d+)?|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|"
    r"twelve|fifteen|eighteen|twenty|thirty|several|(?:a\s+)?few|many|(?:a\s+)?couple\s+of)"
)
_UNIT = r"(?P<{g}>day|week|month|year)s?"
_EVENT_NOUN = r"(?P<noun>(?:the|that|this)\s+(?:[a-z-]+\s+){0,2}?[a-z-]+?)"


def _p(pattern: str, **groups: str) -> str:
    for name, template in groups.items():
        pattern = pattern.replace("{" + name + "}", template.replace("{g}", name))
    return pattern


# Order matters: longer, more specific forms first; a span is claimed once.
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    (
        "iso",
        re.compile(r"\b(?P<y>(?:1[89]|20)\d\d)-(?P<m>[01]\d)-(?P<d>[0-3]\d)\b"),
    ),
    (
        "numeric",
        re.compile(r"\b(?P<a>[01]?\d|[23]\d)/(?P<b>[0-3]?\d)/(?P<y>(?:1[89]|20)\d\d|\d\d)\b"),
    ),
    (
        "mdy",  # October 21, 2021 / Oct. 21 2021 / October 21st, 2021
        re.compile(_p(r"\b{mon}\s+{day},?\s+{year}", mon=_MONTH, day=_DAY, year=_YEAR)),
    ),
    (
        "dmy",  # 21 October 2021 / 21st of October, 2021
        re.compile(_p(r"\b{day}\s+(?:of\s+)?{mon},?\s+{year}", mon=_MONTH, day=_DAY, year=_YEAR)),
    ),
    (
        "md",  # October 21 / Oct. 21 (year from context)
        re.compile(_p(r"\b{mon}\s+{day}\b(?![,.]?\s*\d)", mon=_MONTH, day=_DAY)),
    ),
    (
        "dm",  # 21 October (year from context)
        re.compile(_p(r"\b{day}\s+(?:of\s+)?{mon}(?!,?\s*\d)", mon=_MONTH, day=_DAY)),
    ),
    (
        "my",  # March 2024 / March of 2024
        re.compile(_p(r"\b{mon}\s+(?:of\s+)?{year}", mon=_MONTH, year=_YEAR)),
    ),
    (
        "bare_month",  # in November / since early March / last May (year from context)
        re.compile(
            r"\b(?P<prep>[Ii]n|[Ss]ince|[Bb]y|[Uu]ntil|[Tt]hrough|[Dd]uring|[Ff]rom|[Bb]efore|"
            r"[Aa]fter|[Ll]ast|[Nn]ext|[Tt]his|[Ee]arly|[Ll]ate|[Mm]id-?)\s+(?:early\s+|late\s+|mid-)?"
            r"(?P<mon>January|February|March|April|May|June|July|August|September|October|"
            r"November|December)\b(?!\s*\d)"
        ),
    ),
    (
        "same_day",  # the same day / later that night / the following morning
        re.compile(
            r"\b(?:(?:later\s+)?that\s+(?P<that>day|night|evening|morning|afternoon)"
            r"|the\s+same\s+(?P<same>day|night|evening|morning)"
            r"|the\s+(?:next|following)\s+(?P<next>morning|evening|night|afternoon))\b",
            re.IGNORECASE,
        ),
    ),
    (
        "relative_season",  # last summer / this spring / next fall
        re.compile(r"\b(?P<rel>last|this|next)\s+(?P<season>spring|summer|fall|autumn)\b", re.I),
    ),
    (
        "season",  # summer 2023 / the spring of 2022
        re.compile(
            _p(
                r"\b(?:(?:early|late|mid)[- ])?(?:spring|summer|autumn|fall|winter)\s+(?:of\s+)?"
                r"{year}",
                year=_YEAR,
            ),
            re.IGNORECASE,
        ),
    ),
    (
        "duration_relative",  # two days later / 18 months ago / three weeks after the crash
        re.compile(
            _p(
                r"\b{n}\s+{unit}\s+(?P<dir>later|earlier|ago|before|after|prior\s+to)"
                r"(?:\s+" + _EVENT_NOUN + r"\b)?",
                n=_NUM,
                unit=_UNIT,
            ),
            re.IGNORECASE,
        ),
    ),
    (
        "day_of_event",  # on the day of the shooting / the day before the incident
        re.compile(
            r"\b(?:on\s+)?the\s+(?P<which>day|night|morning|evening|week|month)\s+"
            r"(?P<dir>of|before|after|following|preceding)\s+" + _EVENT_NOUN + r"\b",
            re.IGNORECASE,
        ),
    ),
    (
        "next_day",  # the next day / the following week / the day before / a day earlier
        re.compile(
            r"\b(?:the\s+(?P<which>next|following|previous|preceding)\s+(?P<unit>day|week|month|year)"
            r"|the\s+(?P<unit2>day|week)\s+(?P<dir>before|after)(?!\s+(?:the|that|this|a|an)\b))",
            re.IGNORECASE,
        ),
    ),
    (
        "pub_relative",  # yesterday / last week / earlier this month / next year
        re.compile(
            r"\b(?P<word>today|yesterday|tomorrow|tonight)\b|"
            r"\b(?:(?P<mod>earlier|later)\s+)?(?P<rel>this|last|next|past)\s+"
            r"(?P<unit>week|month|year)\b",
            re.IGNORECASE,
        ),
    ),
    (
        "weekday",  # Tuesday / last Tuesday / next Friday
        re.compile(
            r"\b(?:(?P<rel>last|next|this)\s+)?(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|"
            r"Saturday|Sunday)\b"
            # "Thursday, Oct. 21, 2021": the weekday belongs to the date that follows
            r"(?!,?\s+(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec|[0-3]?\d\s+[A-Z]))"
        ),
    ),
    (
        "duration",  # 18 months / three years / six-week / two-day
        re.compile(
            _p(
                r"\b(?:(?:more|less)\s+than\s+|about\s+|nearly\s+|almost\s+|over\s+)?{n}[\s-]+"
                r"{unit}\b(?![\s-]+old\b)",
                n=_NUM,
                unit=_UNIT,
            ),
            re.IGNORECASE,
        ),
    ),
    (
        "year",  # in 2023 / since 2019 / mid-2022 ... (not counts: "2023 people")
        re.compile(
            r"(?:\b(?:[Ee]arly|[Mm]id|[Ll]ate)-?\s?|(?<![\d,.$£€/])(?<!\w-))"
            r"\b(?P<y>(?:19|20)\d\d)\b(?![\d,.]\d|\s*%|-\d|\s+(?:people|"
            r"dollars|times|votes|cases|miles|feet|pages|members|students|workers)\b)"
            r"(?!\s+[A-Z]\w*\s+(?:St|Street|Ave|Avenue|Rd|Road|Blvd|Boulevard|Lane|Ln|Drive|Dr|"
            r"Way|Court|Ct|Place|Pl|Highway|Hwy|Parkway|Pkwy)\b)"  # "2050 Main Street"
        ),
    ),
]

_AGE = re.compile(r"\b\d+[\s-]+years?[\s-]+old\b|\b\d+-year-old\b", re.IGNORECASE)


def find_dates(text: str, published: dt.date | None = None) -> list[TemporalExpression]:
    """Every temporal expression in ``text``, in order of appearance."""
    taken: list[tuple[int, int]] = [(m.start(), m.end()) for m in _AGE.finditer(text)]
    found: list[TemporalExpression] = []
    for name, pattern in _PATTERNS:
        for match in pattern.finditer(text):
            span = (match.start(), match.end())
            if any(span[0] < end and start < span[1] for start, end in taken):
                continue
            expr = _build(name, match, text, published)
            if expr is None:
                continue
            taken.append((expr.start, expr.end))
            found.append(expr)
    found.sort(key=lambda e: e.start)
    return _fill_context_years(found, published, text)


def span_of(value: str) -> tuple[dt.date, dt.date, Precision]:
    """First and last day an ISO value (YYYY, YYYY-MM, YYYY-MM-DD) covers."""
    if re.fullmatch(r"\d{4}", value):
        year = int(value)
        return dt.date(year, 1, 1), dt.date(year, 12, 31), "year"
    if m := re.fullmatch(r"(\d{4})-(\d\d)", value):
        year, month = int(m[1]), int(m[2])
        last = calendar.monthrange(year, month)[1]
        return dt.date(year, month, 1), dt.date(year, month, last), "month"
    day = dt.date.fromisoformat(value)
    return day, day, "day"


def iso_value(day: dt.date, precision: Precision) -> str:
    if precision == "year":
        return f"{day.year:04d}"
    if precision == "month":
        return f"{day.year:04d}-{day.month:02d}"
    return day.isoformat()


def resolve_relative(expr: TemporalExpression, anchor_value: str) -> TemporalExpression:
    """Give an event-relative expression its value from its anchor's ISO value.

    ``expr.anchor`` is ``"<offset> <unit>|<noun>"`` e.g. ``"-1 days|the incident"``.
    The result is never more precise than the anchor.
    """
    if expr.anchor is None:
        return expr
    offset, _, _ = expr.anchor.partition("|")
    amount, unit = offset.split()
    first, _, anchor_precision = span_of(anchor_value)
    precision = _coarser(anchor_precision, _UNIT_PRECISION[unit])
    day = _shift(first, unit, int(amount))
    return _with_value(expr, iso_value(day, precision), precision, "event-relative")


# --- building one expression ---------------------------------------------------------------

_UNIT_PRECISION: dict[str, Precision] = {
    "days": "day",
    "weeks": "month",
    "months": "month",
    "years": "year",
}
_PRECISION_ORDER: list[Precision] = ["day", "month", "year"]


def _coarser(a: Precision, b: Precision) -> Precision:
    return max(a, b, key=_PRECISION_ORDER.index)


def _with_value(
    expr: TemporalExpression, value: str | None, precision: Precision | None, resolution: str
) -> TemporalExpression:
    if value is None or precision is None:
        return replace(expr, resolution=resolution)  # type: ignore[arg-type]
    first, last, _ = span_of(value)
    return replace(
        expr,
        value=value,
        precision=precision,
        date_start=first.isoformat(),
        date_end=last.isoformat(),
        resolution=resolution,  # type: ignore[arg-type]
    )


# first and last month of the (northern) seasons a year holds whole
_SEASONS = {"spring": (3, 5), "summer": (6, 8), "fall": (9, 11), "autumn": (9, 11)}


def _month_occurrence(published: dt.date, month: int, direction: int) -> dt.date:
    """The first day of the ``month`` before (-1), after (1) or in the year of (0) published."""
    year = published.year
    if direction < 0 and month >= published.month:
        year -= 1
    elif direction > 0 and month <= published.month:
        year += 1
    return dt.date(year, month, 1)


def _shift(day: dt.date, unit: str, amount: int) -> dt.date:
    """``day`` moved by ``amount`` days, weeks, months or years (calendar arithmetic)."""
    delta = {
        "days": relativedelta(days=amount),
        "weeks": relativedelta(weeks=amount),
        "months": relativedelta(months=amount),
        "years": relativedelta(years=amount),
    }[unit]
    return day + delta


def _thursday(day: dt.date) -> dt.date:
    """The Thursday of the ISO week holding ``day``: the week belongs to its month."""
    return day + dt.timedelta(days=3 - day.weekday())


def _month(word: str) -> int:
    return MONTHS[word.lower().rstrip(".")]


def _number(word: str) -> int | None:
    word = " ".join(word.lower().split())
    if word in NUMBER_WORDS:
        return NUMBER_WORDS[word]
    try:
        value = float(word)
    except ValueError:
        return None
    return int(value) if value.is_integer() else None


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _build(
    name: str, m: re.Match[str], text: str, published: dt.date | None
) -> TemporalExpression | None:
    base = TemporalExpression(text=m.group(0), start=m.start(), end=m.end(), kind="date")
    if name == "iso":
        day = _safe_date(int(m["y"]), int(m["m"]), int(m["d"]))
        return _with_value(base, day.isoformat(), "day", "explicit") if day else None
    if name == "numeric":
        a, b, y = int(m["a"]), int(m["b"]), int(m["y"])
        year = y if y > 99 else 2000 + y
        month, dom = (b, a) if a > 12 else (a, b)  # US order unless impossible
        day = _safe_date(year, month, dom)
        return _with_value(base, day.isoformat(), "day", "explicit") if day else None
    if name in ("mdy", "dmy"):
        day = _safe_date(int(m["year"]), _month(m["mon"]), int(m["day"]))
        return _with_value(base, day.isoformat(), "day", "explicit") if day else None
    if name in ("md", "dm"):
        if _month(m["mon"]) == 5 and m["mon"] == "May" and name == "dm":
            return None  # "3 May" is fine, but be wary of "may" the verb: capitalised only
        month, dom = _month(m["mon"]), int(m["day"])
        if _safe_date(2000, month, dom) is None:  # 2000 is a leap year
            return None
        # the year comes from context; filled in by _fill_context_years
        return replace(base, anchor=f"md {month:02d}-{dom:02d}")
    if name == "bare_month":
        month = _month(m["mon"])
        rel = m["prep"].lower()
        if rel in ("last", "next", "this"):
            if published is None:
                return replace(base, resolution="publication-relative")
            day = _month_occurrence(published, month, {"last": -1, "next": 1, "this": 0}[rel])
            return _with_value(base, iso_value(day, "month"), "month", "publication-relative")
        return replace(base, anchor=f"m {month:02d}")
    if name == "same_day":
        amount = 1 if m["next"] else 0
        return replace(base, anchor=f"{amount} days|previous", resolution="event-relative")
    if name == "my":
        return _with_value(
            base, f"{int(m['year']):04d}-{_month(m['mon']):02d}", "month", "explicit"
        )
    if name == "relative_season":
        if published is None:
            return replace(base, resolution="publication-relative")
        first, last = _SEASONS[m["season"].lower()]
        rel = m["rel"].lower()
        year = published.year
        if rel == "last" and last >= published.month:
            year -= 1  # this year's has not ended yet: the one before
        elif rel == "next" and first <= published.month:
            year += 1
        return _with_value(base, f"{year:04d}", "year", "publication-relative")
    if name == "season":
        return _with_value(base, m["year"], "year", "explicit")
    if name == "year":
        return _with_value(base, m["y"], "year", "explicit")
    if name == "duration":
        if _number(m["n"]) is None and m["n"].lower() not in NUMBER_WORDS:
            return None
        return replace(base, kind="duration")
    if name == "pub_relative":
        return _publication_relative(base, m, text, published)
    if name == "weekday":
        return _weekday(base, m, text, published)
    if name == "duration_relative":
        return _duration_relative(base, m, published)
    if name == "day_of_event":
        which = m["which"].lower()
        unit = "weeks" if which == "week" else "months" if which == "month" else "days"
        offset = {"of": 0, "before": -1, "preceding": -1, "after": 1, "following": 1}
        amount = offset[m["dir"].lower()]
        return replace(base, anchor=f"{amount} {unit}|{m['noun']}", resolution="event-relative")
    if name == "next_day":
        unit = (m["unit"] or m["unit2"]).lower() + "s"
        which = (m["which"] or m["dir"]).lower()
        amount = -1 if which in ("previous", "preceding", "before") else 1
        return replace(base, anchor=f"{amount} {unit}|previous", resolution="event-relative")
    raise AssertionError(name)


def _publication_relative(
    base: TemporalExpression, m: re.Match[str], text: str, published: dt.date | None
) -> TemporalExpression | None:
    if m["word"]:
        word = m["word"].lower()
        if word == "today" and _is_show_name(m["word"], base.start, text):
            return None  # "told TODAY", "USA Today": a show or paper, not the date
        offset = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1}[word]
        if published is None:
            return replace(base, resolution="publication-relative")
        day = published + dt.timedelta(days=offset)
        return _with_value(base, day.isoformat(), "day", "publication-relative")
    unit, rel = m["unit"].lower(), m["rel"].lower()
    if published is None:
        return replace(base, resolution="publication-relative")
    amount = {"this": 0, "last": -1, "past": -1, "next": 1}[rel]
    precision: Precision = "year" if unit == "year" else "month"
    day = _shift(published, unit + "s", amount)
    if unit == "week":
        day = _thursday(day)
    return _with_value(base, iso_value(day, precision), precision, "publication-relative")


def _is_show_name(word: str, start: int, text: str) -> bool:
    """ "TODAY" in capitals, or "Today" capitalised inside a sentence ("told Today",
    "USA Today", "the Today show"), names a programme or paper, not the day."""
    if word == "TODAY":
        return not text.isupper()
    if word != "Today":
        return False
    before = text[:start].rstrip(" \t\"“‘'")
    return bool(before) and before[-1] not in ".!?:;—–\n(" and not before.endswith("--")


_FUTURE = re.compile(
    r"\b(?:will|shall|upcoming|(?:is|are)\s+(?:set|scheduled|expected|due|planned|slated|to)|"
    r"(?:set|scheduled|planned|due|slated)\s+(?:for|to|on)|expected\s+to|plans?\s+to|"
    r"deadline)\b|\w['’]ll\b",
    re.IGNORECASE,
)
# A full stop that ends an abbreviation, not a clause: "9:30 a.m. Friday", "Oct. 22", "Mr. Ruiz"
_ABBREVIATION = re.compile(
    r"(?:\b[ap]\.m|\b(?:Mr|Mrs|Ms|Dr|St|Jr|Sr|Gov|Sen|Rep|Lt|Sgt|Capt|Gen|Col|No|Jan|Feb|Mar|"
    r"Apr|Aug|Sept?|Oct|Nov|Dec|U\.S|Inc|Co|Corp|Ltd|Ave|Blvd)|\b[A-Z])$"
)
_CLAUSE_MARK = re.compile(r"\.\s|\n|,\s|;\s|\s(?:and|but|after|before|when|while|since|that)\s")
# "Police said Tuesday the suspect will be charged": the reporting verb's day is past
_REPORTED_ON = re.compile(
    r"\b(?:said|told\s+\w+|announced|reported|confirmed|wrote|testified|stated)\s+(?:on\s+)?$"
)
# a clause that is only the date: "On Monday, the judge will rule" reads the next clause
_DATE_ONLY = re.compile(r"\W*(?:(?:on|by|until|from|early|late|this|next|last)\W+)*", re.I)


def _clause(text: str, start: int, end: int) -> str:
    """The clause around a span, to read its tense: "reached Monday, ... set to begin on
    March 17" holds a past and a future clause, and so does "was arrested Friday and will
    appear Monday"."""
    marks = [
        m.start()
        for m in _CLAUSE_MARK.finditer(text)
        if m.group(0)[0] != "." or not _ABBREVIATION.search(text[max(0, m.start() - 5) : m.start()])
    ]
    first = max((i + 1 for i in marks if i < start), default=0)
    last = min((i for i in marks if i >= end), default=len(text))
    around = text[first:start] + text[end:last]
    if _DATE_ONLY.fullmatch(around) and text[last : last + 2] == ", ":
        following = min((i for i in marks if i > last + 1), default=len(text))
        return text[first:following]
    return text[first:last]


def _weekday(
    base: TemporalExpression, m: re.Match[str], text: str, published: dt.date | None
) -> TemporalExpression:
    if published is None:
        return replace(base, resolution="publication-relative")
    target = WEEKDAYS[m["wd"].lower()]
    rel = (m["rel"] or "").lower()
    future = rel == "next" or (
        bool(_FUTURE.search(_clause(text, base.start, base.end)))
        and not _REPORTED_ON.search(text[max(0, base.start - 40) : base.start])
    )
    if future:
        delta = (target - published.weekday()) % 7 or (7 if rel == "next" else 0)
        day = published + dt.timedelta(days=delta)
    else:
        delta = (published.weekday() - target) % 7
        if rel == "last" and delta == 0:
            delta = 7
        day = published - dt.timedelta(days=delta)
    return _with_value(base, day.isoformat(), "day", "publication-relative")


def _duration_relative(
    base: TemporalExpression, m: re.Match[str], published: dt.date | None
) -> TemporalExpression | None:
    amount = _number(m["n"])
    unit = m["unit"].lower() + "s"
    direction = " ".join(m["dir"].lower().split())
    if amount is None:  # "several days later": a date we cannot place exactly
        return replace(base, resolution="event-relative" if direction != "ago" else None)
    sign = -1 if direction in ("earlier", "ago", "before", "prior to") else 1
    if direction == "ago":
        if published is None:
            return replace(base, resolution="publication-relative")
        precision = _UNIT_PRECISION[unit]
        day = _shift(published, unit, sign * amount)
        return _with_value(base, iso_value(day, precision), precision, "publication-relative")
    noun = m["noun"] or "previous"
    return replace(base, anchor=f"{sign * amount} {unit}|{noun}", resolution="event-relative")


def _fill_context_years(
    found: list[TemporalExpression], published: dt.date | None, text: str
) -> list[TemporalExpression]:
    """Give "October 21" and "in November" a year.

    The text's own year when it wrote the same day out in full before; else the
    publication's: the latest such day on or before publication, or the next one
    when the sentence speaks of the future; else the year the text last wrote.
    """
    out: list[TemporalExpression] = []
    last_year: int | None = None
    full_days: dict[str, int] = {}  # "10-21" -> 2021, from "October 21, 2021"
    for expr in found:
        if expr.anchor and expr.anchor[:2] in ("md", "m "):
            out.append(_with_year(expr, published, last_year, full_days, text))
            continue
        if expr.value and expr.resolution == "explicit":
            last_year = int(expr.value[:4])
            if expr.precision == "day":
                full_days[expr.value[5:]] = last_year
        out.append(expr)
    return out


def _with_year(
    expr: TemporalExpression,
    published: dt.date | None,
    last_year: int | None,
    full_days: dict[str, int],
    text: str,
) -> TemporalExpression:
    kind, _, rest = expr.anchor.partition(" ") if expr.anchor else ("", "", "")
    month, dom = (int(x) for x in rest.split("-")) if kind == "md" else (int(rest), 1)
    precision: Precision = "day" if kind == "md" else "month"
    expr = replace(expr, anchor=None)
    if kind == "md" and f"{month:02d}-{dom:02d}" in full_days:
        year = full_days[f"{month:02d}-{dom:02d}"]
        return _with_value(
            expr, iso_value(dt.date(year, month, dom), precision), precision, "explicit"
        )
    if published is not None:
        future = bool(_FUTURE.search(_clause(text, expr.start, expr.end)))
        years = range(published.year - 1, published.year + 2)
        days = [d for y in years if (d := _safe_date(y, month, dom)) is not None]
        limit = published if precision == "day" else published.replace(day=1)
        pick = min(d for d in days if d > limit) if future else max(d for d in days if d <= limit)
        return _with_value(expr, iso_value(pick, precision), precision, "publication-relative")
    if last_year is not None and (day := _safe_date(last_year, month, dom)):
        return _with_value(expr, iso_value(day, precision), precision, "explicit")
    return replace(expr, resolution="publication-relative")
