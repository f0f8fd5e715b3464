"""Attributions of a claim to a source -> citations.

Cue forms: "according to X", "as per X", "per X", "as reported by/in X",
"reported by X", "told X", "in an interview with X", "X reported / confirmed /
said / found / first reported (that)". A date given for the source, before,
after or in parentheses ("a CBS News report from December 23, 2024", "People,
on March 11, 2025", "The Guardian (March 11, 2025)", "In a May 2 report, AP
said") is the citation's ``cited_date``; no date is ever borrowed from
elsewhere. Vague sources ("reports suggest", "sources said") are not citations.
"""

from __future__ import annotations

import re
from dataclasses import replace

from flows.extract.outlets import OutletIndex
from flows.extract.records import Citation, Person, TemporalExpression

# A named source: capitalised words ("The Guardian", "CBS News", "Sheriff Ana Pruitt").
_NAME = r"(?:[A-Z][\w&'’.-]*|&)(?:\s+(?:of\s+|and\s+|&\s+|for\s+)?(?:[A-Z][\w&'’.-]*|\d+))*"
_SOURCE = rf"(?P<src>(?:[Tt]he\s+)?{_NAME})"
_DOC_PREFIX = (
    r"(?:court|police|charging|legal|arrest|autopsy|incident|federal|state|county|"
    r"prosecution|prosecutors'|investigators'|medical|official|public)"
)
_DOC_NOUNS = (
    r"(?:documents?|records?|filings?|papers|complaint|lawsuit|affidavit|indictment|"
    r"report|transcripts?|warrant|motion|statement|findings|data|footage)"
)
# "a police report", "the complaint", "court documents" (a bare "reports" is vague)
_DOCUMENT = (
    rf"(?P<doc>(?:(?:a|an|the)\s+(?:[a-z][a-z-]+\s+){{0,2}}?|{_DOC_PREFIX}\s+){_DOC_NOUNS}\b)"
)
_REPORT_NOUN = r"(?:report|article|story|piece|interview|investigation|analysis|exclusive|profile)"
_VERBS = (
    r"(?:first\s+)?(?:reported|reports|confirmed|confirms|said|says|found|finds|revealed|"
    r"reveals|noted|notes|wrote|writes|learned|learns|obtained|published|stated|disclosed)"
)

_CUES: list[tuple[str, re.Pattern[str]]] = [
    (
        "according to",
        re.compile(rf"\b[Aa]ccording\s+to\s+(?:{_DOCUMENT}|(?:(?:a|an)\s+)?{_SOURCE})"),
    ),
    ("as per", re.compile(rf"\b[Aa]s\s+per\s+(?:{_DOCUMENT}|(?:(?:a|an)\s+)?{_SOURCE})")),
    ("as reported by", re.compile(rf"\b[Aa]s\s+(?:first\s+)?reported\s+by\s+{_SOURCE}")),
    ("as reported in", re.compile(rf"\b[Aa]s\s+(?:first\s+)?reported\s+in\s+{_SOURCE}")),
    ("reported by", re.compile(rf"\b(?<!as\s)reported\s+by\s+{_SOURCE}")),
    (
        "reporting by",
        re.compile(rf"\b(?:[Rr]eporting|[Aa]\s+{_REPORT_NOUN})\s+(?:by|from)\s+{_SOURCE}"),
    ),
    ("speaking to", re.compile(rf"\b[Ss]peaking\s+to\s+{_SOURCE}")),
    ("in comments to", re.compile(rf"\b[Ii]n\s+(?:comments|remarks)\s+to\s+{_SOURCE}")),
    ("in an interview with", re.compile(rf"\b[Ii]n\s+an\s+interview\s+with\s+{_SOURCE}")),
    ("told", re.compile(rf"\btold\s+{_SOURCE}")),
    ("in a statement to", re.compile(rf"\b[Ii]n\s+a\s+statement\s+to\s+{_SOURCE}")),
    (
        "per",
        re.compile(rf"(?<![Aa]s\s)\b[Pp]er\s+(?!cent\b)(?:{_DOCUMENT}|(?:(?:a|an)\s+)?{_SOURCE})"),
    ),
    (
        "reported",
        re.compile(
            rf"(?P<pre>\b(?:[Ii]n|[Oo]n)\s+(?:a|an|its)?\s*(?P<predate>[^;.]{{3,30}}?)\s+{_REPORT_NOUN},\s+)?{_SOURCE}(?P<mid>\s*(?:\([^)]{{3,30}}\)|,\s*(?:on\s+)?[A-Z][a-z]+\.?\s+\d{{1,2}}(?:,\s*\d{{4}})?,|,\s*citing\s+[^,]{{3,60}},))?(?:\s+{_REPORT_NOUN}(?:\s+(?:from|on|dated|published)\s+[^;.]{{3,30}}?)?)?\s+(?:has\s+|have\s+|had\s+)?(?P<verb>{_VERBS})\b"
        ),
    ),
]

# Cues that cite an outlet only: a person or organisation who "said" something is quoted,
# not cited, and "told X" makes X a source only when X publishes.
_OUTLET_ONLY_CUES = {
    "reported", "told", "in a statement to", "in an interview with", "speaking to",
    "in comments to", "reporting by",
}  # fmt: skip

# Capitalised words that start a sentence but are not a source.
_NOT_SOURCES = {
    "reports",
    "report",
    "sources",
    "source",
    "officials",
    "police",
    "prosecutors",
    "authorities",
    "witnesses",
    "critics",
    "experts",
    "media",
    "local media",
    "it",
    "he",
    "she",
    "they",
    "we",
    "i",
    "this",
    "that",
    "these",
    "those",
    "there",
    "the",
    "a",
    "an",
    "some",
    "many",
    "others",
    "investigators",
    "documents",
    "records",
    "one",
    "court documents",
    "someone",
    "people close",
}
_OUTLET_WORDS = re.compile(
    r"\b(?:Times|Post|News|Herald|Journal|Gazette|Tribune|Chronicle|Ledger|Daily|Magazine|Press|"
    r"Observer|Star|Sun|Mirror|Courier|Review|Reporter|Dispatch|Bulletin|Register|Examiner|"
    r"Inquirer|Radio|TV|Television|Network|Weekly|Monthly|Digest|Wire|Today|Standard|Record|"
    r"Telegraph|Independent|Express|Globe|Sentinel|Citizen|Leader|Courant|Enquirer|Insider)$"
)
_CALL_LETTERS = re.compile(r"[KW][A-Z]{2,3}(?:-(?:TV|FM|AM|DT))?")  # KRQE, WABC-TV
_ORG_WORDS = re.compile(
    r"\b(?:Office|Department|Dept\.?|Police|Court|Agency|Commission|Bureau|Company|Inc\.?|LLC|"
    r"Ltd\.?|Corp\.?|Corporation|University|Association|Union|Ministry|Council|Board|Institute|"
    r"Administration|Service|Services|Authority|Foundation|Group|Committee|Studios?|Productions|"
    r"FBI|CIA|OSHA|NTSB|FAA|SEC|DOJ|NYPD|LAPD|Guild|Attorney's\s+Office|Patrol)\b"
)


def find_citations(
    text: str,
    sentences: list[tuple[int, int]],
    dates: list[TemporalExpression],
    people: list[Person],
    outlets: OutletIndex,
) -> list[Citation]:
    """Every attribution of a claim to a named source, in order of appearance."""
    person_names = _person_forms(people)
    found: list[Citation] = []
    taken: list[tuple[int, int]] = []
    for s_start, s_end in sentences:
        sentence = text[s_start:s_end]
        for cue, pattern in _CUES:
            for m in pattern.finditer(sentence):
                cited = _citation(cue, m, text, s_start, s_end, dates, person_names, outlets)
                if not cited or any(cited[0].start < e and s < cited[0].end for s, e in taken):
                    continue
                taken += [(c.start, c.end) for c in cited]
                found += cited
    found.sort(key=lambda c: c.start)
    return found


def _person_forms(people: list[Person]) -> dict[str, str]:
    forms = {}
    for person in people:
        for form in [person.name, *person.aliases]:
            forms[form] = person.name
    return forms


def _citation(
    cue: str,
    m: re.Match[str],
    text: str,
    s_start: int,
    s_end: int,
    dates: list[TemporalExpression],
    person_names: dict[str, str],
    outlets: OutletIndex,
) -> list[Citation]:
    """The citation a cue match makes, and one more for each outlet cited with it
    ("according to CBS News and The Guardian"); empty when it is not a citation."""
    groups = m.groupdict()
    also: list[tuple[int, int, str]] = []  # co-cited outlets: (start, end, canonical)
    if groups.get("doc"):
        source = re.sub(r"^(?:a|an|the)\s+", "", " ".join(groups["doc"].split()))
        source_type = "document"
        src_end = s_start + m.end("doc")
    else:
        classified = _classify(_trim_source(m["src"]), person_names, outlets)
        if classified is None:
            return []
        source, source_type, used = classified
        src_end = s_start + m.start("src") + m["src"].find(used) + len(used)
        if source_type == "outlet":
            rest = text[src_end : s_start + m.end("src")]
            if re.match(r"\s*(?:,|and\b|&)", rest):
                also = [(src_end + a, src_end + b, name) for a, b, name in outlets.spans(rest)]
                if also:
                    src_end = also[-1][1]
    start = s_start + m.start()
    end = max(s_start + m.end(), src_end) if cue == "reported" else src_end
    if source_type != "outlet" and cue in _OUTLET_ONLY_CUES:
        return []  # "X said" is a quote; "told X" names who heard it: not citations
    if cue == "reported":
        cue_text = " ".join(m["verb"].lower().split())
    else:
        cue_text = cue
        end = _extend_over_report_noun(text, end, s_end)
    # a connector right before belongs to the attribution: "as", "according to", "in"
    lead = re.search(r"\b(?:[Aa]s|[Aa]ccording\s+to|[Ii]n)\s+$", text[s_start:start])
    if lead:
        start = s_start + lead.start()
    cited, end, start = _cited_date(text, (s_start, start, end, s_end), dates, cue)
    claim = _claim(text, s_start, s_end, start, end, cue)
    if not claim:
        return []
    first = Citation(
        source=source,
        source_type=source_type,  # type: ignore[arg-type]
        cue=cue_text,
        claim=claim,
        start=start,
        end=end,
        cited_date=cited.value if cited else None,
        cited_date_precision=cited.precision if cited else None,
    )
    # the outlets cited with it share the cue, claim and date; each has its own name's span
    return [first] + [replace(first, source=name, start=a, end=b) for a, b, name in also]


def _trim_source(raw: str) -> str:
    # "CBS News (December" / "People, March": stop at the first date-like or lower-case word
    words = raw.split()
    kept: list[str] = []
    for word in words:
        if (
            re.match(
                r"(?:January|February|March|April|May|June|July|August|September|October|"
                r"November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\b",
                word,
            )
            and kept
        ):
            break
        kept.append(word)
    return re.sub(r"['’]s?$", "", " ".join(kept)).rstrip(".,") if kept else raw


def _classify(
    raw: str, person_names: dict[str, str], outlets: OutletIndex
) -> tuple[str, str, str] | None:
    """(source name, source type, the text used) for a capitalised source, or None if vague."""
    name = re.sub(r"['’]s$", "", raw.strip())
    bare = re.sub(r"^[Tt]he\s+", "", name)
    if name.lower() in _NOT_SOURCES or bare.lower() in _NOT_SOURCES:
        return None
    # A known outlet at the start: "CBS News report" -> CBS News
    for start, end, canonical in outlets.spans(name):
        if start == 0 or name[:start].strip() in ("the", "The", "A", "An", "a", "an"):
            return canonical, "outlet", name[:end]
    for form, person in person_names.items():
        if bare == form or bare.endswith(" " + form):
            return person, "person", name
    if _OUTLET_WORDS.search(bare) or _CALL_LETTERS.fullmatch(bare):
        return bare, "outlet", name
    if _ORG_WORDS.search(bare):
        return bare, "organisation", name
    words = bare.split()
    if 2 <= len(words) <= 4 and all(w[0].isupper() for w in words):
        return bare, "person", name  # "Sheriff Ana Pruitt" not otherwise named
    return None


def _extend_over_report_noun(text: str, end: int, s_end: int) -> int:
    m = re.match(rf"['’]s\s+{_REPORT_NOUN}|\s+{_REPORT_NOUN}", text[end:s_end])
    return end + m.end() if m else end


def _cited_date(
    text: str,
    span: tuple[int, int, int, int],
    dates: list[TemporalExpression],
    cue: str,
) -> tuple[TemporalExpression | None, int, int]:
    """The date given for the source: inside the attribution phrase, right after it, or
    opening the sentence before "SOURCE reported" ("On March 3, AP reported that ...");
    and the phrase's start and end once that date is included. ``span`` is the sentence's
    start, the phrase's start and end, and the sentence's end."""
    s_start, start, end, s_end = span
    if cue == "reported":
        for expr in dates:
            lead = text[s_start : expr.start]  # "On " / "In " opening the sentence
            if (
                expr.kind == "date"
                and expr.value
                and re.fullmatch(r"\s*(?:On|In)\s+", lead)
                and re.fullmatch(r"\s*,\s*", text[expr.end : start])
            ):
                return expr, end, s_start + len(lead) - len(lead.lstrip())
    for expr in dates:
        if expr.kind != "date" or expr.value is None:
            continue
        if start <= expr.start and expr.end <= end:  # "In a May 2 report, AP said"
            return expr, end, start
        gap = text[end : expr.start]
        if expr.start >= end and re.fullmatch(
            r"\s*(?:,\s*(?:on\s+|in\s+)?|\(\s*|\s+(?:from|on|of|dated|published(?:\s+on)?|in)\s+)"
            r"|\s+",
            gap,
        ):
            new_end = expr.end + (1 if text[expr.end : expr.end + 1] == ")" else 0)
            return expr, min(new_end, s_end), start
    return None, end, start


def _claim(text: str, s_start: int, s_end: int, start: int, end: int, cue: str) -> str:
    """The attributed clause: the sentence without its attribution phrase."""
    before = "" if cue == "told" else text[s_start:start]  # "X told CBS that CLAIM"
    after = text[end:s_end]
    if cue in ("reported", "told"):
        after = re.sub(r"^\s*(?:that|on|in)\s+", "", after)
    if cue == "reported" and len(after.split()) >= 3:
        before = ""  # "CBS affiliate KRQE reported that CLAIM": before it is not the claim
    parts = [p.strip(' ,;:\n"“”') for p in (before, after)]
    claim = " ".join(p for p in parts if p)
    claim = re.sub(r"\s+([,.;:])", r"\1", claim)
    return claim.rstrip(",;: ")
