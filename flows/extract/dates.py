"""Temporal expressions -> ISO values at the precision the text gives.

``find_dates(text, published)`` returns every date-like expression (absolute,
relative to the publication date, or relative to an event the text names) and
every duration ("18 months"), which is recognised so that it is never taken
for a date. Ages ("34-year-old") are neither.

Values are TimeML (ISO 8601 and its extensions): ``2021-10-21`` (day), ``2021-W42``
(ISO week: "last week"), ``2021-W42-WE`` (its weekend), ``2021-10`` (month), ``2021-Q4``
(quarter), ``2021-SU`` (season: SP, SU, FA, WI), ``2021-H2`` (half year), ``2021`` (year),
``202`` (decade: the 2020s), ``20`` (century: 2000-2099), ``2021-10-21TMO`` ("this
morning": MO, AF, EV, NI), and ``PRESENT_REF``,
``PAST_REF``, ``FUTURE_REF`` for "now", "recently", "soon", which name no calendar span.
Event-relative expressions ("the day before the incident") carry their offset in ``anchor``
and no value: the events extractor resolves them once it knows the anchoring event's date
(``resolve_relative``). ``publishable`` says which values may date a published record.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import replace

from dateutil.relativedelta import relativedelta

from flows.extract.records import Granularity, Precision, TemporalExpression

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
            r"[Aa]s\s+of|[Bb]etween|"
            r"[Aa]fter|[Ll]ast|[Nn]ext|[Tt]his|[Ee]arly|[Ll]ate|[Mm]id-?)\s+(?:early\s+|late\s+|mid-)?"
            r"(?P<mon>January|February|March|April|May|June|July|August|September|October|"
            r"November|December)\b(?!\s*\d)"
        ),
    ),
    (
        "same_day",  # the same day / later that night / the following morning
        re.compile(
            r"\b(?:(?:later\s+)?that\s+(?P<that>day|night|evening|morning|afternoon)"
            r"|(?<=\b(?:by|at)\s)that\s+time"  # "if no price is agreed by that time"
            r"|the\s+same\s+(?P<same>day|night|evening|morning)"
            r"|the\s+(?:next|following)\s+(?P<next>morning|evening|night|afternoon))\b",
            re.IGNORECASE,
        ),
    ),
    (
        # the trading day of a market report: "ended the day at", "later in the day"
        "market_day",
        re.compile(
            r"(?:(?<=\bend\s)|(?<=\bended\s)|(?<=\bending\s)|(?<=\bends\s)|(?<=\bfinish\s)"
            r"|(?<=\bfinished\s)|(?<=\bfinishing\s)|(?<=\bfor\s))the\s+day\b"
            r"(?!\s+(?:of|before|after|that|when)\b)"
            r"|\b(?:late|later|early|earlier)\s+in\s+the\s+day\b"
            r"|\bthe\s+(?:start|beginning|close|rest)\s+of\s+the\s+day\b",
            re.IGNORECASE,
        ),
    ),
    (
        "part_of_day",  # this morning / this afternoon / this evening (TimeML 2025-03-12TMO)
        re.compile(r"\bthis\s+(?P<part>morning|afternoon|evening)\b", re.IGNORECASE),
    ),
    (
        "relative_season",  # last summer / this spring / next fall / this past winter
        re.compile(
            r"\b(?P<rel>last|this|next)\s+(?:past\s+)?(?P<season>spring|summer|fall|autumn|winter)\b",
            re.I,
        ),
    ),
    (
        "season",  # summer 2023 / the spring of 2022
        re.compile(
            _p(
                r"\b(?:(?:early|late|mid)[- ])?(?P<season>spring|summer|autumn|fall|winter)\s+"
                r"(?:of\s+)?{year}",
                year=_YEAR,
            ),
            re.IGNORECASE,
        ),
    ),
    (
        # in spring / during the summer / by autumn (year from context); "fall" only without
        # "the" ("injured in the fall" is an accident), never "the fall of Rome"
        "bare_season",
        re.compile(
            r"\b(?:[Ii]n|[Dd]uring|[Bb]y|[Uu]ntil|[Ss]ince|[Tt]hrough|[Oo]ver|[Ee]arly|[Ll]ate)\s+"
            r"(?:(?:early|late|mid-?)\s*)?(?:(?:the\s+)?(?P<season>spring|summer|autumn|winter)"
            r"|(?P<fall>fall))\b(?!\s+(?:of|in)\b)(?![\s,]*\d)"
        ),
    ),
    (
        "weekend",  # this weekend / last weekend / over the weekend
        re.compile(
            r"\b(?:(?P<rel>this|last|next)\s+(?:past\s+)?|(?:over|during|on|at|for)\s+the\s+)"
            r"weekend\b(?!\s+of\b)",
            re.IGNORECASE,
        ),
    ),
    (
        "decade",  # the 1990s / the mid-1980s / the '70s / the 1800s (a century)
        re.compile(
            # "the 1980's": the span stops before "'s", which the parser reads as a possessive
            r"\b(?:(?:[Ee]arly|[Mm]id|[Ll]ate)[- ])?(?P<y>(?:1[0-9]|20)\d0)(?:s\b|(?=['’]s\b))"
            r"|(?:\b(?P<the>[Tt]he)\s+(?:(?:early|mid|late)[- ])?['’]?|(?<![\w'’])['’]"
            r"|(?<=0s\sand\s)|(?<=0s\sor\s)|(?<=0s\sto\s))(?P<n>[3-9]0)['’]?s\b"
        ),
    ),
    (
        "century",  # the 20th century / the nineteenth century / this century
        re.compile(
            r"\b(?:the\s+)?(?:(?:early|mid|late)[- ])?(?:(?P<n>\d{1,2})(?:st|nd|rd|th)|"
            r"(?P<word>(?:twenty[- ])?(?:first|second|third|fourth|fifth|sixth|seventh|eighth|"
            r"ninth)|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|"
            r"seventeenth|eighteenth|nineteenth|twentieth))[\s-]+century\b"
            r"|\b(?P<rel>this|last|next)\s+(?P<unit>century|decade)\b",
            re.IGNORECASE,
        ),
    ),
    (
        "week_of_month",  # the last week of March / the first week of May 2009
        re.compile(
            _p(
                r"\bthe\s+(?P<ord>first|second|third|fourth|last|final)\s+week\s+of\s+{mon}"
                r"(?:,?\s+{year})?",
                mon=_MONTH,
                year=_YEAR,
            ),
            re.IGNORECASE,
        ),
    ),
    (
        # the third quarter of 2009 / the first quarter of last year / third-quarter / Q3 2009
        "quarter",
        re.compile(
            _p(
                r"\b(?:{py}['’]s\s+|(?P<prel>[Ll]ast|[Tt]his|[Nn]ext)\s+year['’]s\s+)?"
                r"(?:[Tt]he\s+)?(?P<ord>first|second|third|fourth|final|last|1st|2nd|3rd|4th)"
                r"[\s-]+quarter\b(?!-century|\s+(?:of\s+)?(?:a|an|the)\s+(?!year)|\s+of\s+[a-z]+\s+"
                r"(?:century|game|match|period))"
                r"(?:\s+(?:of|in)\s+(?:{y}|(?P<rel>this|last|next|the)\s+year\b))?"
                r"|\bQ(?P<qn>[1-4])(?:\s+{qy})?\b",
                py=_YEAR,
                y=_YEAR,
                qy=_YEAR,
            ),
        ),
    ),
    (
        "relative_quarter",  # this quarter / last quarter / the previous quarter
        re.compile(
            r"\b(?:(?P<rel>this|last|next|past)|the\s+(?P<the>current|previous|past|latest|"
            r"coming|prior|last))\s+quarter\b(?!\s+of\b)",
            re.IGNORECASE,
        ),
    ),
    (
        # the first half of 2009 / the second half of this year
        "half",
        re.compile(
            _p(
                r"\b(?:the\s+)?(?P<ord>first|second)[\s-]+half\s+of\s+"
                r"(?:{year}|(?P<rel>this|last|next)\s+year\b)",
                year=_YEAR,
            ),
            re.IGNORECASE,
        ),
    ),
    (
        # the end of the year / earlier in the year / that year: the year of the date before
        "that_year",
        re.compile(
            r"\b(?:the\s+(?:very\s+)?(?:beginning|start|end|middle|first\s+half|"
            r"second\s+half)\s+of\s+the\s+(?P<a>year|month|week)"
            r"|(?:earlier|later)\s+in\s+the\s+(?P<b>year|month|week)"
            r"|that\s+(?P<c>year|month|week))\b",
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
            r"|the\s+(?P<unit2>day|week)\s+(?P<dir>before|after)(?!\s+(?:the|that|this|a|an)\b)"
            r"|the\s+(?P<unit3>day|week|month|year)\s+(?P<dir3>previous|earlier|before)(?![\w-]|\s+\w))",
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
            r"\b(?:(?P<rel>last|next|this)\s+)?"
            # "Black Monday", "Good Friday": a named day, not the last Monday
            r"(?<!Black\s)(?<!Good\s)(?<!Cyber\s)(?<!Easter\s)(?<!Holy\s)(?<!Ash\s)(?<!Super\s)"
            r"(?<!Bloody\s)(?<!Maundy\s)(?<!Giving\s)"
            r"(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|"
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
        # "now", "recently", "soon": TimeML references to the present, past and future
        "reference",
        re.compile(
            r"\b(?P<present>(?:right\s+)?now\b(?![-‐]|\s+that\b|,\s+(?:though|however)\b)"
            r"|currently|presently|nowadays|at\s+present\b|(?:for\s+)?the\s+time\s+being"
            r"|the\s+present\s+day)"
            r"|\b(?<!most\s)(?P<past>(?:(?:more|very|only|until)\s+)?recent(?:ly)?\b"
            r"(?:\s+(?:years|months|weeks|days|decades|times|history|past)\b)?"
            r"|(?:in\s+)?the\s+past\b(?![\s-]+(?:\d|few|several|couple|two|three|four|five|six|"
            r"seven|eight|nine|ten|twelve|twenty|thirty|fifty|hundred|day|night|week|weekend|"
            r"month|year|decade|century|quarter|hour|minute|season|summer|winter|spring|fall|"
            r"autumn|generation|tense)))"
            r"|\b(?P<future>(?:very\s+|quite\s+)?soon\b(?![-‐]|\s+(?:as|after|afterwards?|"
            r"thereafter|before|enough)\b)"
            r"|(?:in\s+)?the\s+(?:near\s+|distant\s+|foreseeable\s+|immediate\s+)?future\b"
            r"(?!\s+of\b)|the\s+(?:near|short|long|medium)\s+term\b)",
            re.IGNORECASE,
        ),
    ),
    (
        "short_year",  # since '82 (the latest such year by publication)
        re.compile(
            r"(?:(?<=\b[Ss]ince\s)|(?<=\b[Ii]n\s)|(?<=\b[Oo]f\s)|(?<=\b[Uu]ntil\s)|(?<=\b[Bb]y\s))"
            r"['’](?P<yy>\d\d)\b(?!['’]?s\b|['’])"
        ),
    ),
    (
        "year",  # in 2023 / since 2019 / mid-2022 ... (not counts: "2023 people")
        re.compile(
            r"(?:\b(?:[Ee]arly|[Mm]id|[Ll]ate)-?\s?|(?<![\d,.$£€/])(?<!\w-))"
            r"\b(?P<y>(?:19|20)\d\d)\b(?![\d,.]\d|\s*%|-\d|\s+(?:people|"
            r"dollars|times|votes|cases|miles|feet|pages|members|students|workers|[Ii]ndex)\b)"
            r"(?!\s+[A-Z]\w*\s+(?:St|Street|Ave|Avenue|Rd|Road|Blvd|Boulevard|Lane|Ln|Drive|Dr|"
            r"Way|Court|Ct|Place|Pl|Highway|Hwy|Parkway|Pkwy)\b)"  # "2050 Main Street"
        ),
    ),
]

# Part of every match of a pattern (same flags): a text without it is not searched for
# that pattern, which gives the same matches; these patterns are the costliest to scan.
_NEEDS: dict[str, re.Pattern[str]] = {
    "market_day": re.compile(r"the\s+day\b", re.IGNORECASE),
    "decade": re.compile(r"0(?:s|['’])"),
    "century": re.compile(r"century|decade", re.IGNORECASE),
    "short_year": re.compile(r"['’]\d\d"),
}

_AGE = re.compile(r"\b\d+[\s-]+years?[\s-]+old\b|\b\d+-year-old\b", re.IGNORECASE)


def find_dates(text: str, published: dt.date | None = None) -> list[TemporalExpression]:
    """Every temporal expression in ``text``, in order of appearance."""
    taken: list[tuple[int, int]] = [(m.start(), m.end()) for m in _AGE.finditer(text)]
    found: list[TemporalExpression] = []
    for name, pattern in _PATTERNS:
        needs = _NEEDS.get(name)
        if needs is not None and not needs.search(text):
            continue
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


# TimeML season codes and the months each covers (winter runs into the next year)
_SEASON_CODES = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "WI": (12, 14)}
_SEASON_WORDS = {"spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI"}
REFERENCES = ("PRESENT_REF", "PAST_REF", "FUTURE_REF")


def _month_span(year: int, first: int, last: int) -> tuple[dt.date, dt.date]:
    """First day of month ``first`` and last day of month ``last`` (13, 14: next year's)."""
    end_year, end_month = year + (last - 1) // 12, (last - 1) % 12 + 1
    return (
        dt.date(year, first, 1),
        dt.date(end_year, end_month, calendar.monthrange(end_year, end_month)[1]),
    )


def span_of(value: str) -> tuple[dt.date, dt.date, Granularity]:
    """First and last day a TimeML calendar value covers, and its precision: YYYY-MM-DD,
    YYYY-Www(-WE), YYYY-MM, YYYY-Qn, YYYY-Hn, YYYY-SP/SU/FA/WI, YYYY, YYY (decade), YY
    (century). ValueError for anything else (PRESENT_REF, durations)."""
    if m := re.fullmatch(r"(\d{4}-\d\d-\d\d)T(?:MO|AF|EV|NI)", value):
        day = dt.date.fromisoformat(m[1])
        return day, day, "part of day"
    if m := re.fullmatch(r"(\d{4})-W(\d\d)(-WE)?", value):
        monday = dt.date.fromisocalendar(int(m[1]), int(m[2]), 1)
        if m[3]:
            return monday + dt.timedelta(days=5), monday + dt.timedelta(days=6), "weekend"
        return monday, monday + dt.timedelta(days=6), "week"
    if m := re.fullmatch(r"(\d{4})-Q([1-4])", value):
        quarter = int(m[2])
        return (*_month_span(int(m[1]), 3 * quarter - 2, 3 * quarter), "quarter")
    if m := re.fullmatch(r"(\d{4})-H([12])", value):
        half = int(m[2])
        return (*_month_span(int(m[1]), 6 * half - 5, 6 * half), "half")
    if m := re.fullmatch(r"(\d{4})-(SP|SU|FA|WI)", value):
        return (*_month_span(int(m[1]), *_SEASON_CODES[m[2]]), "season")
    if re.fullmatch(r"\d{4}", value):
        year = int(value)
        return dt.date(year, 1, 1), dt.date(year, 12, 31), "year"
    if re.fullmatch(r"\d{3}", value):
        year = int(value) * 10
        return dt.date(year, 1, 1), dt.date(year + 9, 12, 31), "decade"
    if re.fullmatch(r"\d{2}", value):
        year = int(value) * 100
        return dt.date(max(year, 1), 1, 1), dt.date(year + 99, 12, 31), "century"
    if m := re.fullmatch(r"(\d{4})-(\d\d)", value):
        year, month = int(m[1]), int(m[2])
        last = calendar.monthrange(year, month)[1]
        return dt.date(year, month, 1), dt.date(year, month, last), "month"
    day = dt.date.fromisoformat(value)
    return day, day, "day"


def iso_value(day: dt.date, precision: Granularity) -> str:
    """The value of the given precision that holds ``day``."""
    if precision == "part of day":
        raise ValueError("a part of the day is not derived from a day")
    if precision == "year":
        return f"{day.year:04d}"
    if precision == "month":
        return f"{day.year:04d}-{day.month:02d}"
    if precision in ("week", "weekend"):
        year, week, _ = day.isocalendar()
        return f"{year:04d}-W{week:02d}" + ("-WE" if precision == "weekend" else "")
    if precision == "quarter":
        return f"{day.year:04d}-Q{(day.month - 1) // 3 + 1}"
    if precision == "half":
        return f"{day.year:04d}-H{(day.month - 1) // 6 + 1}"
    if precision == "season":
        if day.month <= 2:
            return f"{day.year - 1:04d}-WI"
        code = next(c for c, (a, b) in _SEASON_CODES.items() if a <= day.month <= b)
        return f"{day.year:04d}-{code}"
    if precision == "decade":
        return f"{day.year // 10:03d}"
    if precision == "century":
        return f"{day.year // 100:02d}"
    return day.isoformat()


PUBLISHED_PRECISIONS: tuple[Precision, ...] = ("day", "week", "month", "quarter", "year", "decade")


def publishable(expr: TemporalExpression) -> TemporalExpression | None:
    """The expression as it may date a published record (event_date, cited_date), or None.

    A day, week, month, quarter, year or decade as it is; a weekend as its week; a season
    or half year as its year (what the published precisions can say); a century or a
    reference ("now", "recently", "soon") never dates a record."""
    if expr.kind != "date" or expr.value is None or expr.precision is None:
        return None
    if expr.precision in PUBLISHED_PRECISIONS:
        return expr
    if expr.precision == "part of day":
        return _with_value(expr, expr.value[:10], "day", expr.resolution)
    if expr.precision == "weekend":
        return _with_value(expr, expr.value[:8], "week", expr.resolution)
    if expr.precision in ("season", "half"):
        return _with_value(expr, expr.value[:4], "year", expr.resolution)
    return None


def resolve_relative(expr: TemporalExpression, anchor_value: str) -> TemporalExpression:
    """Give an event-relative expression its value from its anchor's value.

    ``expr.anchor`` is ``"<offset> <unit>|<noun>"`` e.g. ``"-1 days|the incident"``.
    The result is never more precise than the anchor.
    """
    if expr.anchor is None:
        return expr
    offset, _, _ = expr.anchor.partition("|")
    amount, unit = offset.split()
    first, _, anchor_precision = span_of(anchor_value)
    if anchor_precision not in PUBLISHED_PRECISIONS:
        anchor_precision = "year"  # a season or half year: nothing finer than its year
    precision = _coarser(anchor_precision, _UNIT_PRECISION[unit])
    day = _shift(first, unit, int(amount))
    return _with_value(expr, iso_value(day, precision), precision, "event-relative")


# --- building one expression ---------------------------------------------------------------

_UNIT_PRECISION: dict[str, Precision] = {
    "days": "day",
    "weeks": "week",
    "months": "month",
    "years": "year",
}
_PRECISION_ORDER: list[Precision] = ["day", "week", "month", "quarter", "year", "decade"]


def _coarser(a: Precision, b: Precision) -> Precision:
    return max(a, b, key=_PRECISION_ORDER.index)


def _with_value(
    expr: TemporalExpression,
    value: str | None,
    precision: Granularity | None,
    resolution: str | None,
) -> TemporalExpression:
    if value is None or precision is None:
        return replace(expr, resolution=resolution)  # type: ignore[arg-type]
    if precision == "reference":
        return replace(expr, value=value, precision=precision, resolution=resolution)  # type: ignore[arg-type]
    first, last, _ = span_of(value)
    return replace(
        expr,
        value=value,
        precision=precision,
        date_start=first.isoformat(),
        date_end=last.isoformat(),
        resolution=resolution,  # type: ignore[arg-type]
    )


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
    if name == "market_day":
        return replace(base, anchor="market day")  # filled in by _fill_context_years
    if name == "same_day":
        amount = 1 if m["next"] else 0
        return replace(base, anchor=f"{amount} days|previous", resolution="event-relative")
    if name == "my":
        return _with_value(
            base, f"{int(m['year']):04d}-{_month(m['mon']):02d}", "month", "explicit"
        )
    if name in ("relative_season", "season", "bare_season"):
        return _season(name, base, m, text, published)
    if name == "weekend":
        return _weekend(base, m, text, published)
    if name == "decade":
        return _decade(base, m, text)
    if name == "century":
        return _century(base, m, published)
    if name == "week_of_month":
        return _week_of_month(base, m, text, published)
    if name in ("quarter", "relative_quarter", "half"):
        return _quarter(name, base, m, text, published)
    if name == "part_of_day":
        if published is None:
            return replace(base, resolution="publication-relative")
        part = {"morning": "MO", "afternoon": "AF", "evening": "EV"}[m["part"].lower()]
        value = f"{published.isoformat()}T{part}"
        return _with_value(base, value, "part of day", "publication-relative")
    if name == "short_year":
        if published is None:
            return None
        year = 2000 + int(m["yy"])
        year = year if year <= published.year else year - 100
        return _with_value(base, f"{year:04d}", "year", "publication-relative")
    if name == "that_year":
        unit = (m["a"] or m["b"] or m["c"]).lower() + "s"
        return replace(base, anchor=f"0 {unit}|previous", resolution="event-relative")
    if name == "reference":
        ref = "PRESENT_REF" if m["present"] else "PAST_REF" if m["past"] else "FUTURE_REF"
        if m["present"] and re.search(
            r"\b(?:days?|weeks?|months?|years?)\s+from\s+$", text[: m.start()]
        ):
            return None  # "two years from now": a date we do not place
        if m["present"] and m.group(0) == "Now" and text[m.end() : m.end() + 1] == ",":
            return None  # "Now, ..." opens a sentence: a discourse word
        return _with_value(base, ref, "reference", "publication-relative")
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
        return _duration_relative(base, m, text, published)
    if name == "day_of_event":
        which = m["which"].lower()
        unit = "weeks" if which == "week" else "months" if which == "month" else "days"
        offset = {"of": 0, "before": -1, "preceding": -1, "after": 1, "following": 1}
        amount = offset[m["dir"].lower()]
        return replace(base, anchor=f"{amount} {unit}|{m['noun']}", resolution="event-relative")
    if name == "next_day":
        unit = (m["unit"] or m["unit2"] or m["unit3"]).lower() + "s"
        which = (m["which"] or m["dir"] or m["dir3"]).lower()
        amount = -1 if which in ("previous", "preceding", "before", "earlier") else 1
        return replace(base, anchor=f"{amount} {unit}|previous", resolution="event-relative")
    raise AssertionError(name)


def _context_value(
    candidates: list[str], text: str, start: int, end: int, published: dt.date | None
) -> str | None:
    """Of the values a context-dependent expression could have ("the fourth quarter",
    "in spring"), the latest begun by publication, or the first not yet over when its
    clause speaks of the future."""
    if published is None:
        return None
    spans = sorted((span_of(c)[:2], c) for c in candidates)
    if _FUTURE.search(_clause(text, start, end)):
        return next((c for (first, last), c in spans if last >= published), None)
    begun = [c for (first, last), c in spans if first <= published]
    return begun[-1] if begun else None


def _season(
    name: str, base: TemporalExpression, m: re.Match[str], text: str, published: dt.date | None
) -> TemporalExpression | None:
    code = "FA" if m.groupdict().get("fall") else _SEASON_WORDS[m["season"].lower()]
    if name == "season":
        return _with_value(base, f"{m['year']}-{code}", "season", "explicit")
    if published is None:
        return replace(base, resolution="publication-relative")
    years = range(published.year - 2, published.year + 2)
    instances = [(span_of(f"{y}-{code}")[:2], f"{y}-{code}") for y in years]
    if name == "relative_season":
        rel = m["rel"].lower()
        month_start = published.replace(day=1)
        if rel == "last":  # the last one over before this month
            value = [v for (first, last), v in instances if last < month_start][-1]
        elif rel == "next":
            value = next(v for (first, last), v in instances if first > published)
        else:  # this: the one we are in, else this year's
            inside = [v for (first, last), v in instances if first <= published <= last]
            year = published.year - (1 if code == "WI" and published.month <= 2 else 0)
            value = inside[0] if inside else f"{year}-{code}"
        return _with_value(base, value, "season", "publication-relative")
    guess = _context_value([v for _, v in instances], text, base.start, base.end, published)
    return _with_value(base, guess, "season", "publication-relative")


def _weekend(
    base: TemporalExpression, m: re.Match[str], text: str, published: dt.date | None
) -> TemporalExpression | None:
    if published is None:
        return replace(base, resolution="publication-relative")
    rel = (m["rel"] or "").lower()
    saturday = published + dt.timedelta(days=5 - published.weekday())  # this ISO week's
    if rel == "next":
        day = saturday + dt.timedelta(days=7 if published.weekday() >= 5 else 0)
    elif (
        rel == "last"
        or "past" in base.text.lower()
        or not _FUTURE.search(_clause(text, base.start, base.end))
    ):
        day = saturday if published.weekday() >= 5 else saturday - dt.timedelta(days=7)
    else:
        day = saturday
    return _with_value(base, iso_value(day, "weekend"), "weekend", "publication-relative")


# "the 70s" of a thermometer, not a decade
_TEMPERATURE = re.compile(r"temperat|degree|°|\bhighs?\b|\blows?\b|fahrenheit", re.I)


def _decade(base: TemporalExpression, m: re.Match[str], text: str) -> TemporalExpression | None:
    if m["y"]:
        year = int(m["y"])
        if year % 100 == 0 and year < 2000:  # "the 1800s": the century
            return _with_value(base, f"{year // 100:02d}", "century", "explicit")
        return _with_value(base, f"{year // 10:03d}", "decade", "explicit")
    if _TEMPERATURE.search(text[max(0, m.start() - 60) : m.end() + 20]):
        return None
    return _with_value(base, f"{190 + int(m['n']) // 10:03d}", "decade", "explicit")


_ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
    "fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18,
    "nineteenth": 19, "twentieth": 20, "final": 4, "last": 4, "1st": 1, "2nd": 2, "3rd": 3,
    "4th": 4,
}  # fmt: skip


def _century(
    base: TemporalExpression, m: re.Match[str], published: dt.date | None
) -> TemporalExpression | None:
    if m["rel"]:
        if published is None:
            return replace(base, resolution="publication-relative")
        shift = {"this": 0, "last": -1, "next": 1}[m["rel"].lower()]
        if m["unit"].lower() == "decade":
            if shift < 0:
                return None  # "the last decade": mostly the last ten years, a duration
            value = f"{published.year // 10 + shift:03d}"
            return _with_value(base, value, "decade", "publication-relative")
        value = f"{published.year // 100 + shift:02d}"
        return _with_value(base, value, "century", "publication-relative")
    if m["n"]:
        number = int(m["n"])
    else:
        words = re.split(r"[- ]", m["word"].lower())
        number = _ORDINALS[words[-1]] + (20 if len(words) > 1 else 0)
    if not 1 <= number <= 21:
        return None
    return _with_value(base, f"{number - 1:02d}", "century", "explicit")


def _week_of_month(
    base: TemporalExpression, m: re.Match[str], text: str, published: dt.date | None
) -> TemporalExpression | None:
    """The ISO week of the month's first (second, ...) or last Thursday: the weeks the
    month holds by the ISO rule."""
    month = _month(m["mon"])
    if m["year"]:
        year = int(m["year"])
    else:
        months = (
            [f"{y}-{month:02d}" for y in range(published.year - 1, published.year + 2)]
            if published
            else []
        )
        value = _context_value(months, text, base.start, base.end, published)
        if value is None:
            return replace(base, resolution="publication-relative")
        year = int(value[:4])
    first = dt.date(year, month, 1)
    thursday = first + dt.timedelta(days=(3 - first.weekday()) % 7)
    ordinal = m["ord"].lower()
    if ordinal in ("last", "final"):
        last = dt.date(year, month, calendar.monthrange(year, month)[1])
        thursday = last - dt.timedelta(days=(last.weekday() - 3) % 7)
    else:
        thursday += dt.timedelta(weeks=_ORDINALS[ordinal] - 1)
    resolution = "explicit" if m["year"] else "publication-relative"
    return _with_value(base, iso_value(thursday, "week"), "week", resolution)


# words of a game, whose quarters are not the calendar's
_GAME = re.compile(
    r"\b(?:game|games|scor\w*|points?|touchdowns?|yards?|overtime|halftime|baskets?|goals?|"
    r"innings?|quarterback|field|rall\w*|lead|led|trail\w*|play\w*|coach\w*|team|fans?|"
    r"win|won|beat|defeat\w*|season)\b",
    re.IGNORECASE,
)


def _sentence(text: str, start: int, end: int) -> str:
    first = max(text.rfind(". ", 0, start), text.rfind("\n", 0, start)) + 1
    last = min(
        (i for i in (text.find(". ", end), text.find("\n", end)) if i >= 0), default=len(text)
    )
    return text[first:last]


def _quarter(
    name: str, base: TemporalExpression, m: re.Match[str], text: str, published: dt.date | None
) -> TemporalExpression | None:
    if re.search(r"\bfiscal\W+(?:\w+\W+)?$", text[max(0, m.start() - 20) : m.start()]) or (
        "fiscal" in m.group(0).lower()
    ):
        return None  # a fiscal year's quarters are not the calendar's
    unit: Granularity = "half" if name == "half" else "quarter"
    if name == "relative_quarter":
        if published is None:
            return replace(base, resolution="publication-relative")
        rel = (m["rel"] or m["the"]).lower()
        shift = 0 if rel in ("this", "current") else 1 if rel in ("next", "coming") else -1
        day = _shift(published.replace(day=1), "months", 3 * shift)
        return _with_value(base, iso_value(day, "quarter"), "quarter", "publication-relative")
    groups = m.groupdict()
    number = int(groups["qn"]) if groups.get("qn") else _ORDINALS[m["ord"].lower()]
    year_text = groups.get("year") or groups.get("y") or groups.get("py") or groups.get("qy")
    rel = (groups.get("rel") or groups.get("prel") or "").lower()
    if groups.get("ord") and m["ord"].lower() == "last" and not (year_text or rel):
        # "the last quarter": the one before this
        if published is None:
            return replace(base, resolution="publication-relative")
        day = _shift(published.replace(day=1), "months", -3)
        return _with_value(base, iso_value(day, "quarter"), "quarter", "publication-relative")
    code = f"{'H' if unit == 'half' else 'Q'}{number}"
    if not (year_text or rel) and _GAME.search(_sentence(text, base.start, base.end)):
        return None  # "rallied in the fourth quarter": a quarter of a game
    if year_text:
        return _with_value(base, f"{year_text}-{code}", unit, "explicit")
    if published is None:
        return replace(base, resolution="publication-relative")
    if rel:
        year = published.year + {"this": 0, "the": 0, "last": -1, "next": 1}[rel]
        return _with_value(base, f"{year}-{code}", unit, "publication-relative")
    years = range(published.year - 1, published.year + 2)
    value = _context_value([f"{y}-{code}" for y in years], text, base.start, base.end, published)
    return _with_value(base, value, unit, "publication-relative")


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
    precision: Precision = "year" if unit == "year" else "week" if unit == "week" else "month"
    day = _shift(published, unit + "s", amount)
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
    r"\b(?:will|shall|upcoming|(?:is|are)\s+(?:set|scheduled|expected|due(?!\s+to\b)|planned|slated|to)|"
    r"(?:set|scheduled|planned|slated)\s+(?:for|to|on)|due\s+(?:for|on|to\s+(?:be|appear|"
    r"begin|start|resume|return|face|stand|testify|rule|decide|open|close|end|arrive|land))|"
    r"expected\s+to|plans?\s+to|to\s+appear|"
    r"(?:has|have)\s+been\s+(?:set|scheduled|planned|slated)|to\s+be\s+held|"
    r"(?:should|may|might)\s+be\s+(?:completed|signed|held|finali[sz]ed|closed|announced)|"
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
    base: TemporalExpression, m: re.Match[str], text: str, published: dt.date | None
) -> TemporalExpression | None:
    amount = _number(m["n"])
    unit = m["unit"].lower() + "s"
    direction = " ".join(m["dir"].lower().split())
    if (
        direction in ("after", "before", "prior to")
        and not m["noun"]
        and re.match(r"\s+[A-Za-z]", text[m.end() :])
    ):
        # "five years after Apple launched it": a span before or after a clause, which
        # TimeML calls a duration; no date we can place
        return replace(base, kind="duration")
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
    when the sentence speaks of the future; else the year the text last wrote in the
    same paragraph (a year paragraphs back is another part of the story: a guess).
    """
    out: list[TemporalExpression] = []
    last_year: int | None = None
    last_year_end = 0
    full_days: dict[str, int] = {}  # "10-21" -> 2021, from "October 21, 2021"
    last_day: str | None = None  # the day the text last named, for "ended the day"
    for expr in found:
        if expr.anchor and expr.anchor[:2] in ("md", "m "):
            same_paragraph = "\n\n" not in text[last_year_end : expr.start]
            year = last_year if same_paragraph else None
            expr = _with_year(expr, published, year, full_days, text)
        elif expr.anchor == "market day":
            expr = replace(expr, anchor=None)
            if last_day is not None:
                expr = _with_value(expr, last_day, "day", "event-relative")
            elif published is not None:
                expr = _with_value(expr, published.isoformat(), "day", "publication-relative")
        elif expr.value and expr.resolution == "explicit" and re.match(r"\d{4}", expr.value):
            last_year, last_year_end = int(expr.value[:4]), expr.end
            if expr.precision == "day":
                full_days[expr.value[5:]] = last_year
        if expr.precision == "day" and expr.value:
            last_day = expr.value
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
        # the nearest year with that day: Feb. 29 may lie up to 8 years away (1896 -> 1904)
        years = range(published.year - 8, published.year + 9)
        days = [d for y in years if (d := _safe_date(y, month, dom)) is not None]
        limit = published if precision == "day" else published.replace(day=1)
        after, before = [d for d in days if d > limit], [d for d in days if d <= limit]
        pick = (min(after) if after else None) if future else (max(before) if before else None)
        if pick is not None:  # None only at the ends of the calendar (year 1 or 9999)
            return _with_value(expr, iso_value(pick, precision), precision, "publication-relative")
        return replace(expr, resolution="publication-relative")
    if last_year is not None and (day := _safe_date(last_year, month, dom)):
        return _with_value(expr, iso_value(day, precision), precision, "explicit")
    return replace(expr, resolution="publication-relative")
