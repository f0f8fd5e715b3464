"""Attributions of a claim to a source -> citations.

Cue forms: "according to X", "as per X", "per X", "as reported by/in X",
"reported by X", "told X", "in an interview with X", "said on X", "X reported /
confirmed / said / found / first reported (that)", "..., reports X". A person or
organisation that "said" something is quoted, not cited; "told X" and "X reported"
cite X only when X is an outlet.

Documents are sources too: "court records show", "a search warrant affidavit
says", "..., states the lawsuit", "prosecutors said in court papers", "according to
the autopsy report". The source is the document as named; a generic one needs a
word saying which ("the autopsy report", not "the report"), and a definite one
("the release said") is the document cited before, else nothing. A statement or
release of a named organisation is the organisation's ("the Marion County
Sheriff's Office said in a news release", "In a statement, the FAA said").

A short form ("the Times", "the Post") is the outlet named in full earlier in the
article ("the Los Angeles Times"); with two candidates, or none and no known
outlet of that name, it is dropped.

A date given for the source, before, after or in parentheses ("a CBS News report
from December 23, 2024", "People, on March 11, 2025", "The Guardian (March 11,
2025)", "In a May 2 report, AP said", "a police report released Thursday"), or
heading the timeline entry the attribution opens ("Oct. 22: A search warrant
affidavit says"), is the citation's ``cited_date``; no date is ever borrowed from
elsewhere. Vague sources ("reports suggest", "sources said", "local media reported") are
not citations.

Also: "(via Deadline)"; "..., said Ana Ruiz, a lawyer, to The Boston Globe." and "released
a statement to Variety" (an outlet at the end hears it); "told news agency PTI"; "according
to attorney Eric Hockman" (a known person after a role word); "Per Harlow Films attorney,
Dana Roe" (the person, not the company); "according to a statement" (a statement or a
release is issued to be quoted, unlike "a report"); "The statement read:", "the release
added" (their own words, even when no statement was cited before); "An order filed in U.S.
District Court says"; "court papers filed by Odum" (a filing, not Odum's quote); "according
to the charges"; "A post-mortem examination found"; "Video of the encounter shows",
"according to video from the scene" (a recording named by what it recorded);
"According to him" (the one person named speaking just before, referred to as "he", with
no "she" and nobody unnamed there).
"""

from __future__ import annotations

import re
from dataclasses import replace

from flows.extract.dates import publishable
from flows.extract.outlets import OutletIndex
from flows.extract.records import Citation, Person, TemporalExpression

# A named source: capitalised words ("The Guardian", "CBS News", "Sheriff Ana Pruitt").
_NAME = (
    r"(?:[A-Z][\w&'’.-]*|&)(?:[^\S\n]+(?:of[^\S\n]+(?:the[^\S\n]+)?|and[^\S\n]+|&[^\S\n]+|"
    r"for[^\S\n]+)?(?:[A-Z][\w&'’.-]*|\d+))*"
)
_SOURCE = rf"(?P<src>(?:[Tt]he\s+)?{_NAME})"
_DOC_PREFIX = (
    r"(?:court|police|charging|legal|arrest|autopsy|incident|federal|state|county|"
    r"prosecution|prosecutors'|investigators'|medical|official|public|jail|prison|"
    r"hospital|city|school|tax|property|flight|bank|employment|"
    r"[A-Z]{2,6}(?=\s+(?:records|documents|data|filings|figures)\b))"
)
_DOC_NOUNS = (
    r"(?:documents?|records?|filings?|papers|complaint|lawsuit|suit|affidavit|indictment|"
    r"report|transcripts?|warrant|motion|petition|statement|releases?|findings|data|footage|"
    r"certificate|ruling|order|memo|memorandum|letter|audit|figures|statistics|notice|charges|"
    r"post-?mortem(?:\s+examination)?|"
    r"directive|(?:plea|settlement)\s+agreement)"
)
# Who issued a document: "a release issued by the governor", "a statement from the FBI"
_ISSUER = (
    r"(?P<issuer>\s+(?P<prep>(?:issued|released|filed|sent|written|signed|prepared|published)"
    r"(?:\s+(?:on\s+)?[A-Z][a-z]+\.?(?:\s+\d{1,2}(?:st|nd|rd|th)?)?(?:,\s+\d{4})?)?\s+by|"
    r"from|by|in|on)\s+(?P<iss>(?:[Tt]he\s+)?[A-Z](?:[\w&'’-]|\.(?=\w))*(?:\s+(?:of\s+|and\s+|"
    r"&\s+|for\s+)?[A-Z](?:[\w&'’-]|\.(?=\w))*)*(?:(?<=['’]s)\s+(?:office|department))?|"
    r"the\s+[a-z]+(?:['’]s\s+(?:office|department|"
    r"lawyers?|attorneys?|family|spokes(?:man|woman|person)))?))?"
)
# "an April 2 report", "a 2019 report": a date inside the document's phrase
_DOC_DATE = (
    r"(?:(?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December|Jan\.|Feb\.|Aug\.|Sept?\.|Oct\.|Nov\.|Dec\.)(?:\s+\d{1,2}(?:st|nd|rd|th)?)?"
    r"(?:,?\s+\d{4})?|\d{4})\s+"
)
# "a police report", "the complaint", "court documents" (a bare "reports" is vague)
_DOCUMENT = (
    rf"(?P<doc>(?:(?:a|an|the)\s+(?:{_DOC_DATE})?(?:[a-z][a-z-]+\s+){{0,2}}|{_DOC_PREFIX}\s+|"
    r"(?=(?:figures|data|statistics)\s+(?:released|issued|published|from|by)\b))"
    rf"{_DOC_NOUNS}\b)" + _ISSUER
)

# A document as the subject or object of a reporting verb: "A search warrant affidavit
# says", "court records show", "states the lawsuit", "said in court papers". Documents that
# name themselves ("the indictment") need only a determiner; generic ones ("report",
# "records", "release") need a word saying which ("court records", "the autopsy report").
_DOC_STRONG = (
    r"(?:affidavits?|complaints?|lawsuits?|suit|indictments?|filings?|motions?|petitions?|"
    r"subpoenas?|transcripts?|autopsy|post-?mortem(?:\s+examination)?|charges)"
)
_DOC_WEAK = (
    r"(?:reports?|records|documents?|papers|releases?|letters?|memos?|memorandum|orders?|"
    r"statements?|notices?|directives?|"
    r"warrants?|emails?|audits?|findings|certificates?|logs?)"
)
_DET = r"(?:[Aa]n?|[Tt]he|[Tt]his|[Tt]hat|[Ii]ts|[Hh]is|[Hh]er|[Tt]heir|[Aa]nother)"
# a word that may name which document it is (not "said", "that", "although" ...)
_DOC_MODIFIER = (
    r"(?!(?i:that|which|who|and|or|but|of|in|on|at|for|to|by|with|is|was|are|were|has|had|"
    r"have|be|been|said|says|also|not|although|though|while|when|if|because|since|after|"
    r"before|once|until|meanwhile|however|so|yet|still|one|some|other|from|what)\s)"
    r"[A-Za-z][a-z'’-]*\s+"
)
_DOC_PHRASE = (
    rf"(?P<doc>\b(?:(?P<det>{_DET})\s+)?(?P<mods>(?:{_DOC_MODIFIER}){{0,3}})"
    rf"(?P<noun>{_DOC_STRONG}|{_DOC_WEAK})\b){_ISSUER}"
)
_DOC_VERBS = (
    r"(?:says|said|say|shows?|showed|alleges?|alleged|reads|read(?!\s+by)|states|stated|"
    r"claims?|claimed|contends?|contended|indicates?|indicated|notes?|noted|details?|detailed|"
    r"describes?|described|found|finds|reveals?|revealed|asserts?|asserted|argues?|argued|"
    r"adds?|added|determined|concluded)"
)
# "filed Monday in federal court" between the document and its verb
_PARTICIPLE = (
    r"(?:filed|issued|released|obtained|unsealed|submitted|reviewed|dated|prepared|"
    r"written|signed|seen|made\s+public|conducted|performed|carried\s+out)\b"
    r"(?:[^,;:.!?\"“”()]|,(?=\s*\d)|(?<=\b[A-Z])\.){0,100}?"
)
_DOC_QUALIFIER = rf"(?:\s+(?P<qual>{_PARTICIPLE})|,\s+{_PARTICIPLE},)?"
# "according to a police report obtained by WXYZ.": the participle belongs to the attribution
_TRAILING_QUALIFIER = re.compile(rf",?\s+{_PARTICIPLE}(?=\s*[.,;!?\"”]|\s*$)")
_SAID_IN_VERBS = (
    r"(?:said|says|wrote|writes|argued|argues|alleged|alleges|stated|states|claimed|claims|"
    r"noted|notes|contended|contends|acknowledged|acknowledges|admitted|admits|asserted|asserts|"
    r"quoted)"
)
# modifiers that say nothing about which document it is
_NOT_DOC_NAME_WORDS = {"new", "recent", "latest", "same", "separate", "earlier", "later"}
# words that cannot modify a document's noun: the phrase is not a document's name
_NOT_MODIFIERS = {
    "that", "which", "who", "and", "or", "but", "of", "in", "on", "at", "for", "to", "by",
    "with", "is", "was", "are", "were", "has", "had", "have", "be", "been", "said", "says",
    "also", "not", "his", "her", "its", "their", "the", "a", "an", "this", "as", "it",
    "although", "though", "while", "when", "if", "because", "since", "after", "before",
    "once", "until", "meanwhile", "however", "so", "yet", "still", "one", "some", "other",
    "from", "what",
}  # fmt: skip
# what "said in ..." needs to be a document of its own: statements and releases are their
# speaker's (an organisation named as the subject), never a document of unnamed origin
_SPEAKERS_DOCS = {"statement", "statements", "release", "releases", "letter", "letters",
                  "email", "emails"}  # fmt: skip
_REPORT_NOUN = r"(?:report|article|story|piece|interview|investigation|analysis|exclusive|profile)"
_VERBS = (
    r"(?:first\s+)?(?:reported|reports|confirmed|confirms|said|says|found|finds|revealed|"
    r"reveals|noted|notes|wrote|writes|(?:learned|learns)(?=\s+that\b)|(?<=has\s)learned|"
    r"stated|disclosed|understands|indicated|indicates)"
)

_CUES: list[tuple[str, re.Pattern[str]]] = [
    (
        "according to",
        re.compile(rf"\b[Aa]ccording\s+to\s+(?:{_DOCUMENT}|(?:(?:a|an)\s+)?{_SOURCE})"),
    ),
    ("as per", re.compile(rf"\b[Aa]s\s+per\s+(?:{_DOCUMENT}|(?:(?:a|an)\s+)?{_SOURCE})")),
    (
        "as reported by",
        re.compile(rf"\b[Aa]s\s+(?:first\s+|previously\s+|earlier\s+)?reported\s+by\s+{_SOURCE}"),
    ),
    ("as reported in", re.compile(rf"\b[Aa]s\s+(?:first\s+)?reported\s+in\s+{_SOURCE}")),
    ("reported by", re.compile(rf"\b(?<!as\s)reported\s+by\s+{_SOURCE}")),
    (
        "reporting by",
        re.compile(rf"\b(?:[Rr]eporting|[Aa]\s+{_REPORT_NOUN})\s+(?:by|from)\s+{_SOURCE}"),
    ),
    (
        "doc says",
        re.compile(rf"{_DOC_PHRASE}{_DOC_QUALIFIER}\s+(?:also\s+)?(?P<verb>{_DOC_VERBS})\b"),
    ),
    (
        "says doc",
        re.compile(
            rf"(?<=[,:])[\"”]?\s+(?P<verb>says|said|states|stated|alleges|alleged|reads|read|"
            r"claims|claimed|contends|notes|noted|shows|showed|show)(?:\s+(?:a\s+)?(?:portion|"
            rf"part)\s+of)?\s+{_DOC_PHRASE}{_DOC_QUALIFIER}"
            r"(?=\s*[.;,!?\"”]|\s*$)"
        ),
    ),
    (
        "said in",
        re.compile(rf"\b(?P<verb>{_SAID_IN_VERBS})\s+in\s+{_DOC_PHRASE}"),
    ),
    (  # "..., reports the Las Vegas Review-Journal."
        "reports",
        re.compile(
            rf"(?<=[,:] )(?P<verb>reports|reported|writes|wrote|says|said)\s+{_SOURCE}"
            r"(?=\s*[.;!?\"”]|\s*$)"
        ),
    ),
    (
        "in a statement",
        re.compile(
            r"\b[Ii]n\s+(?P<sdet>a|an|its|their)\s+(?P<sdoc>(?:(?:[a-z-]+|[A-Z][a-z]+)\s+){0,2}?"
            r"(?:statement|release|filing|letter|email|report))\b[^,;.()\"“”]{0,40},\s+"
            rf"{_SOURCE}\s+(?P<verb>said|says|wrote|writes|added|noted|confirmed|announced|"
            r"revealed|stated)\b"
        ),
    ),
    (  # "said on CNN's State of the Union", "appeared on the Today show"
        "said on",
        re.compile(rf"\b(?:said|says|appeared|[Aa]ppearing|[Ss]peaking)\s+on\s+{_SOURCE}"),
    ),
    ("speaking to", re.compile(rf"\b[Ss]peaking\s+to\s+{_SOURCE}")),
    ("in comments to", re.compile(rf"\b[Ii]n\s+(?:comments|remarks)\s+to\s+{_SOURCE}")),
    (  # "in an interview with X", "in a television interview with X"
        "in an interview with",
        re.compile(
            rf"\b[Ii]n\s+(?:an|a\s+(?:television|TV|radio|phone|telephone|video|recent|brief|"
            rf"joint|sit-down|podcast|rare|new|separate))\s+interview\s+with\s+{_SOURCE}"
        ),
    ),
    (  # "told news agency PTI": what the outlet is may stand before its name
        "told",
        re.compile(
            r"\btold\s+(?:(?:the\s+)?(?:news\s+agency|newspaper|broadcaster|magazine|news\s+site|"
            rf"website|wire\s+service|network|station|channel)\s+)?{_SOURCE}"
        ),
    ),
    ("via", re.compile(rf"\(\s*via\s+{_SOURCE}\s*\)")),  # "(via Deadline)"
    (  # "released a statement to Deadline" ("In a statement to X" is the cue below)
        "statement to",
        re.compile(
            r"(?<![Ii]n\s)\b(?:a|an|its|their|his|her)\s+(?:(?:written|brief|joint|short)\s+)?"
            rf"statement\s+(?P<to>to)\s+{_SOURCE}"
        ),
    ),
    (  # "..., said Ana Ruiz, a lawyer for the firm, to The Boston Globe."
        "said to",
        re.compile(
            r"\b(?P<verb>said|says|confirmed|confirms|identified|explained|revealed|disclosed|"
            r"admitted|described|stated)\b(?P<gap>[^.;!?\"“”]{0,100}?)(?P<to>\bto)\s+"
            rf"{_SOURCE}(?=\s*(?:[.;!?\"”]|$))"
        ),
    ),
    (  # "according to attorney Eric Hockman": a person named after a role in lower case
        "according to role",
        re.compile(
            r"\b[Aa]ccording\s+to\s+(?:(?!(?:the|a|an|his|her|their|its|of|in|from|for|to|and|"
            rf"with|by|on|at)\b)[a-z][a-z-]+\s+){{1,3}}{_SOURCE}"
        ),
    ),
    ("in a statement to", re.compile(rf"\b[Ii]n\s+a\s+statement\s+to\s+{_SOURCE}")),
    (
        "per",
        re.compile(rf"(?<![Aa]s\s)\b[Pp]er\s+(?!cent\b)(?:{_DOCUMENT}|(?:(?:a|an)\s+)?{_SOURCE})"),
    ),
    (
        "reported",
        re.compile(
            rf"(?P<pre>\b(?:[Ii]n|[Oo]n)\s+(?:a|an|its)?\s*(?P<predate>[^;.]{{3,30}}?)\s+{_REPORT_NOUN},\s+)?{_SOURCE}(?P<mid>\s*(?:\([^)]{{3,30}}\)|,\s*(?:on\s+)?[A-Z][a-z]+\.?\s+\d{{1,2}}(?:,\s*\d{{4}})?,|,\s*citing\s+[^,]{{3,60}},))?(?:\s+{_REPORT_NOUN}(?:\s+(?:from|on|dated|published)\s+[^;.]{{3,30}}?|\s+by\s+(?:reporters?\s+)?[A-Z][^;.,]{{3,60}}?)?)?\s+(?:has\s+|have\s+|had\s+)?(?:earlier\s+|previously\s+|also\s+)?(?P<verb>{_VERBS})\b"
        ),
    ),
]

# Words one of which a cue's match holds (its document noun, its verb), as written: a
# sentence without any of them is not searched for that cue, which gives the same matches.
_DOC_NOUN_STEMS = (
    "affidavit", "complaint", "suit", "indictment", "filing", "motion", "petition",
    "subpoena", "transcript", "autopsy", "report", "record", "document", "paper", "release",
    "letter", "memo", "order", "statement", "notice", "directive", "warrant", "email", "audit",
    "finding", "certificate", "log", "charges", "mortem",
)  # fmt: skip
_CUE_NEEDS: dict[str, tuple[str, ...]] = {
    "doc says": _DOC_NOUN_STEMS,
    "says doc": _DOC_NOUN_STEMS,
    "said in": _DOC_NOUN_STEMS,
    "reported": (
        "report", "confirm", "said", "says", "found", "finds", "reveal", "note", "wrote",
        "writes", "learn", "stated", "disclosed", "understands", "indicat",
    ),
}  # fmt: skip

# Cues that cite an outlet only: a person or organisation who "said" something is quoted,
# not cited, and "told X" makes X a source only when X publishes.
_OUTLET_ONLY_CUES = {
    "reported", "reports", "told", "said on", "in a statement to", "in an interview with",
    "speaking to", "in comments to", "reporting by", "via", "statement to", "said to",
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
_TITLE = re.compile(
    r"(?:Sheriff|Mayor|Gov\.?|Governor|Sen\.?|Senator|Rep\.?|Representative|Det\.?|Detective|"
    r"Officer|Sgt\.?|Sergeant|Lt\.?|Lieutenant|Capt\.?|Captain|Chief|Judge|Justice|Dr\.?|Mr\.?|"
    r"Mrs\.?|Ms\.?|Commissioner|President|Prosecutor|Deputy|Cpl\.?|Corporal|Trooper|Coroner|"
    r"Councilman|Councilwoman|Councilmember|Superintendent|Director|Secretary|Minister|Professor|"
    r"Prof\.?|Inspector|Agent|Attorney|Spokesman|Spokeswoman|Spokesperson)"
)
# "CNN affiliate WBAL", "NBC News station KSL", "NPR member station WBUR"
_AFFILIATE = re.compile(
    r"[^\S\n]+(?:affiliate|(?:sister|member|partner|local)\s+station|station)[^\S\n]+"
    r"(?P<name>[A-Z][\w&-]*(?:[^\S\n]+[A-Z][\w&-]*){0,3})"
)
_CALL_LETTERS = re.compile(r"[KW][A-Z]{2,3}(?:-(?:TV|FM|AM|DT))?")  # KRQE, WABC-TV
_ORG_WORDS = re.compile(
    r"\b(?:Office|Department|Dept\.?|Police|Court|Agency|Commission|Bureau|Company|Inc\.?|LLC|"
    r"Ltd\.?|Corp\.?|Corporation|University|Association|Union|Ministry|Council|Board|Institute|"
    r"Administration|Service|Services|Authority|Foundation|Group|Committee|Studios?|Productions|"
    r"FBI|CIA|OSHA|NTSB|FAA|SEC|DOJ|NYPD|LAPD|Guild|Attorney's\s+Office|Patrol|Survey|Center|"
    r"Centre|Organi[sz]ation|Society|Hospital|Laboratory|Observatory)\b"
)


def find_citations(
    text: str,
    sentences: list[tuple[int, int]],
    dates: list[TemporalExpression],
    people: list[Person],
    outlets: OutletIndex,
) -> list[Citation]:
    """Every attribution of a claim to a named source, in order of appearance."""
    # a cited date is a calendar date: never "recently" or "now"
    dates = [p for d in dates if (p := publishable(d)) is not None]
    person_names = _person_forms(people)
    found: list[Citation] = []
    taken: list[tuple[int, int]] = []
    for s_start, s_end in sentences:
        sentence = text[s_start:s_end]
        for cue, pattern in _CUES:
            needs = _CUE_NEEDS.get(cue)
            if needs is not None and not any(word in sentence for word in needs):
                continue
            for m in pattern.finditer(sentence):
                earlier = [c for c in found if c.start < s_start + m.start()]
                cited = _citation(
                    cue, m, text, (s_start, s_end), dates, person_names, outlets, earlier
                )
                if not cited or any(cited[0].start < e and s < cited[0].end for s, e in taken):
                    continue
                taken += [(c.start, c.end) for c in cited]
                found += cited
        found += _outlet_anaphors(text, (s_start, s_end), dates, outlets, taken)
        found += _recordings(text, (s_start, s_end), taken)
        found += _pronoun_sources(text, (s_start, s_end), people, taken)
        found += _definite_sources(text, (s_start, s_end), people, taken)
    found.sort(key=lambda c: c.start)
    return found


# "the newspaper reported": the one outlet the article named before it
_OUTLET_ANAPHOR = re.compile(
    r"\b[Tt]he\s+(?:newspaper|paper|network|broadcaster|news\s+agency|magazine|station|"
    r"news\s+outlet|outlet|wire\s+service)\s+(?P<cue>(?:first\s+)?reported|said|reports|says)\b"
)


def _outlet_anaphors(
    text: str,
    sentence: tuple[int, int],
    dates: list[TemporalExpression],
    outlets: OutletIndex,
    taken: list[tuple[int, int]],
) -> list[Citation]:
    """Citations of "the newspaper" (network, station ...): the one outlet the article named
    before it; none when it named two."""
    s_start, s_end = sentence
    found = []
    for m in _OUTLET_ANAPHOR.finditer(text, s_start, s_end):
        start, end = m.start(), m.end()
        named = {name for _, _, name in outlets.spans(text[:start])}
        if len(named) != 1 or _overlaps(start, end, taken):
            continue
        when = next(  # "the network said Wednesday"
            (
                d
                for d in dates
                if d.kind == "date" and re.fullmatch(r"\s+(?:on\s+)?", text[end : d.start])
            ),
            None,
        )
        end = when.end if when else end
        taken.append((start, end))
        claim = _claim(text, s_start, s_end, start, end, "reported")
        found.append(
            Citation(
                named.pop(), "outlet", m["cue"], claim, start, end,
                when.value if when else None,
                when.precision if when else None,  # type: ignore[arg-type]  # publishable
            )
        )  # fmt: skip
    return found


# "Video of the encounter shows", "according to surveillance footage": a recording named
# by what it recorded or by its kind ("a video" alone says not which)
_RECORDING_KIND = (
    r"(?:surveillance|security(?:\s+camera)?|body(?:-|\s+)?(?:cam|camera|worn\s+camera)|dash(?:cam|"
    r"(?:-|\s+)?camera)|cellphone|cell\s+phone|bystander|doorbell(?:\s+camera)?|police)"
)
_RECORDING = re.compile(
    r"(?P<lead>\b[Aa]ccording\s+to\s+)?(?P<doc>\b(?:(?:[Tt]he|[Aa])\s+)?"
    rf"(?:(?P<kind>{_RECORDING_KIND})\s+)?(?:[Vv]ideo|[Ff]ootage)"
    r"(?P<what>\s+(?:of|from)\s+(?:the|a|an)\s+(?!(?:shows?|showed|appears)\b)[a-z-]+)?)"
    r"(?P<verb>\s+(?:shows?|showed|appears\s+to\s+show|appeared\s+to\s+show)\b)?"
)


def _recordings(
    text: str, sentence: tuple[int, int], taken: list[tuple[int, int]]
) -> list[Citation]:
    """A recording cited for what it shows: "according to video from the scene", "Video of
    the encounter shows ...", "surveillance footage showed ..."."""
    s_start, s_end = sentence
    found = []
    for m in _RECORDING.finditer(text, s_start, s_end):
        if not (m["kind"] or m["what"]) or not (m["lead"] or m["verb"]):
            continue
        if m["verb"] and not m["lead"] and not _CLAUSE_OPENING.search(text[s_start : m.start()]):
            continue  # "he posted video of the crash showing": not what opens the clause
        start, end = m.start(), m.end()
        if _overlaps(start, end, taken):
            continue
        source = re.sub(r"^(?:the|a)\s+", "", " ".join(m["doc"].split()), flags=re.I)
        source = source[0].lower() + source[1:]
        cue = "according to" if m["lead"] else m["verb"].split()[0].lower()
        claim = _claim(text, s_start, s_end, start, end, cue if m["lead"] else "doc says")
        if not claim:
            continue
        taken.append((start, end))
        found.append(Citation(source, "document", cue, claim, start, end, None, None))
    return found


_PRONOUN_SOURCE = re.compile(r"\b[Aa]ccording\s+to\s+(?:him|her)\b")
_HE = re.compile(r"\b(?:[Hh]e|him|[Hh]is)\b")
_SHE = re.compile(r"\b(?:[Ss]he|her|[Hh]er|hers)\b")
# someone unnamed a pronoun may stand for: "a neighbour", "one witness"
_UNNAMED = re.compile(
    r"\b(?:[Aa]n?|[Aa]nother|[Oo]ne)\s+(?:[a-z-]+\s+)?(?:man|woman|boy|girl|witness|neighbou?r|"
    r"resident|passenger|driver|friend|relative|official|officer|employee|worker|student|"
    r"survivor|bystander|person|spokes(?:man|woman|person)|source|teen(?:ager)?)\b"
)


def _overlaps(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    """Whether [start, end) overlaps one of ``spans`` (a cue already taken)."""
    return any(start < e and s < end for s, e in spans)


def _pronoun_sources(
    text: str, sentence: tuple[int, int], people: list[Person], taken: list[tuple[int, int]]
) -> list[Citation]:
    """ "According to him, ...": the one person named before it in its paragraph, or, when
    the paragraph names nobody before it, in the paragraph before; nobody when two are named
    there or someone unnamed is."""
    s_start, s_end = sentence
    found = []
    for m in _PRONOUN_SOURCE.finditer(text, s_start, s_end):
        start, end = m.start(), m.end()
        if _overlaps(start, end, taken):
            continue
        paragraph = text.rfind("\n\n", 0, start)
        paragraph = 0 if paragraph < 0 else paragraph
        window = paragraph
        named = _named_between(people, window, start)
        if not named and paragraph > 0:
            before = text.rfind("\n\n", 0, paragraph)
            window = 0 if before < 0 else before
            named = _named_between(people, window, start)
        if len(named) != 1 or _UNNAMED.search(text, window, start):
            continue
        if not _speaks(text, people, next(iter(named)), window, start):
            continue  # "X of Y was fishing. According to him": is X or Y a person at all?
        # the named person is referred to as "he" (for "him") there, and nobody as "she"
        same, other = (_HE, _SHE) if m[0].endswith("him") else (_SHE, _HE)
        if not same.search(text, window, start) or other.search(text, window, start):
            continue
        claim = _claim(text, s_start, s_end, start, end, "according to")
        if not claim:
            continue
        taken.append((start, end))
        found.append(Citation(named.pop(), "person", "according to", claim, start, end, None, None))
    return found


# "according to the police chief", "according to the sheriff's office"
_DEFINITE_SOURCE = re.compile(
    r"\b[Aa]ccording\s+to\s+the\s+(?P<what>[a-z][a-z'’-]*(?:\s+[a-z][a-z'’-]*){0,3}?)"
    r"(?=\s*[,.;]|\s+(?:on|in|at|who|that)\b)"
)
_ORGANISATION_TAIL = re.compile(r"(?:office|department|agency|bureau|ministry|commission|board)")


def _definite_sources(
    text: str, sentence: tuple[int, int], people: list[Person], taken: list[tuple[int, int]]
) -> list[Citation]:
    """ "according to the police chief": the one person the article gives that role;
    "according to the sheriff's office": the one organisation named before whose name ends
    so ("the Santa Fe County Sheriff's Office"); nothing when none or two fit."""
    s_start, s_end = sentence
    found = []
    for m in _DEFINITE_SOURCE.finditer(text, s_start, s_end):
        start, end = m.start(), m.end()
        if _overlaps(start, end, taken):
            continue
        what = " ".join(m["what"].split()).replace("’", "'")
        if _ORGANISATION_TAIL.fullmatch(what.split()[-1]):
            words = [re.escape(w[0].upper() + w[1:]).replace("'", "['’]") for w in what.split()]
            full = r"\s+".join(words)  # "Sheriff['’]s\s+Office"
            named = re.finditer(rf"(?<![\w'’-])(?:[A-Z][\w.'’-]*\s+){{1,5}}{full}\b", text[:start])
            names = {re.sub(r"^(?:The|An?)\s+", "", " ".join(n[0].split())) for n in named}
            organisation = True
        else:
            names = {p.name for p in people if what in (r.lower() for r in p.roles)}
            organisation = False
        if len(names) != 1:
            continue
        claim = _claim(text, s_start, s_end, start, end, "according to")
        if not claim:
            continue
        taken.append((start, end))
        cited = Citation(names.pop(), "person", "according to", claim, start, end, None, None)
        found.append(replace(cited, source_type="organisation") if organisation else cited)
    return found


def _named_between(people: list[Person], start: int, end: int) -> set[str]:
    return {p.name for p in people for mention in p.mentions if start <= mention.start < end}


_SPEAKS_AFTER = re.compile(r"[^\S\n]+(?:said|says|told|added|explained|recalled)\b")
_SPEAKS_BEFORE = re.compile(r"\b(?:said|says|told|added|explained|recalled)[^\S\n]+$")


def _speaks(text: str, people: list[Person], name: str, start: int, end: int) -> bool:
    """Whether ``name`` is named speaking between ``start`` and ``end`` ("Ana Ruiz said",
    "said Ana Ruiz"): "according to him" goes on with what that person told."""
    return any(
        start <= mention.start < end
        and (
            _SPEAKS_AFTER.match(text, mention.end)
            or _SPEAKS_BEFORE.search(text, max(start, mention.start - 20), mention.start)
        )
        for person in people
        if person.name == name
        for mention in person.mentions
    )


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
    sentence_span: tuple[int, int],
    dates: list[TemporalExpression],
    person_names: dict[str, str],
    outlets: OutletIndex,
    earlier: list[Citation],
) -> list[Citation]:
    """The citation a cue match makes, and one more for each outlet cited with it
    ("according to CBS News and The Guardian"); empty when it is not a citation.
    ``earlier`` are the article's citations before it, for "the release" to refer to."""
    if cue in _DOCUMENT_CUES:
        return _document_citation(
            cue, m, text, sentence_span, dates, person_names, outlets, earlier
        )
    s_start, s_end = sentence_span
    groups = m.groupdict()
    also: list[tuple[int, int, str]] = []  # co-cited outlets: (start, end, canonical)
    if groups.get("doc"):
        source = re.sub(r"^(?:a|an|the)\s+", "", " ".join(groups["doc"].split()))
        source = re.sub(rf"^{_DOC_DATE}", "", source)  # "a 2019 report": the date is its date
        source_type = "document"
        src_end = s_start + m.end("doc")
        trailing = None
        if not groups.get("issuer") and (
            trailing := _TRAILING_QUALIFIER.match(text, src_end, s_end)
        ):
            src_end = trailing.end()
        if against := _AGAINST.match(text, src_end, s_end):
            src_end = against.end()  # "according to the charges against Kellan Drew"
        if groups.get("issuer"):
            src_end = s_start + m.end("issuer")
            issued = _issuer(m, text, s_start, person_names, outlets)
            if issued is None:
                source = f"{source}{_unnamed_issuer(m)}"
            elif issued[1] == "person" and m["prep"].startswith("filed"):
                # "court papers filed by Riley": a filing speaks for itself, not as a quote
                source = f"{source} {' '.join(m['issuer'].split())}"
            else:
                source, source_type = issued
        if source_type == "document" and re.match(r"(?:figures|data|statistics)\b", source):
            return []  # "according to figures" / "data from a study": whose?
        if (
            source_type == "document"
            and re.match(r"an?\s", groups["doc"])
            and re.fullmatch(_DOC_WEAK, source)
            and not trailing  # "a notice filed with the state labor department" says which
            and source not in ("statement", "release")  # issued to be quoted, unlike a report
        ):
            return []  # "according to a report": which one, whose? As vague as "reports say"
        elif re.match(r"the\s", groups["doc"]) and (
            antecedent := _antecedent(source.split(), earlier)
        ):
            source, source_type = antecedent.source, antecedent.source_type
    else:
        before = text[: s_start + m.start("src")]
        classified = _classify(_trim_source(m["src"]), person_names, outlets, before)
        if classified is None:
            return []
        source, source_type, used = classified
        src_start = s_start + m.start("src") + m["src"].find(used)
        src_end = src_start + len(used)
        employee = _EMPLOYEE.match(text, src_end) if source_type == "organisation" else None
        if employee:
            # "Per Harlow Films attorney, Dana Roe, ...": the person speaks, not the company
            if employee["name"] not in person_names:
                return []  # someone the people table does not know
            source, source_type = person_names[employee["name"]], "person"
            src_end = employee.end("name")
        if (
            cue == "reported"
            and re.fullmatch(r"said|says", m["verb"])
            and re.match(r"[^\S\n]+[A-Z]", text[src_end : s_start + m.end("src")])
        ):
            return []  # "BBC Drama Commissioning said": a unit of the company, not its news
        affiliate = _AFFILIATE.match(text, src_end) if source_type == "outlet" else None
        local = affiliate and _classify(affiliate["name"], person_names, outlets, text[:src_end])
        if affiliate and local and local[1] == "outlet":
            source, source_type, used = local  # "told CNN affiliate WBAL": the station heard it
            src_start = affiliate.start("name")
            src_end = src_start + len(used)
        if source_type == "outlet":
            rest = text[src_end : s_start + m.end("src")]
            if re.match(r"\s*(?:,|and\b|&)", rest):
                also = [(src_end + a, src_end + b, name) for a, b, name in outlets.spans(rest)]
                if also:
                    src_end = also[-1][1]
    start = s_start + (m.start("to") if cue in ("said to", "statement to") else m.start())
    if cue == "said to" and re.search(_NOT_SAID_TO, m["gap"]):
        return []  # "said he sent the files to The Boston Globe": not what the outlet heard
    if cue == "according to role" and source_type != "person":
        return []  # "according to police in Denver": a place
    if cue == "reported" and source_type == "outlet" and not groups.get("pre"):
        # "The Wall Street Journal and the New York Times reported": both are cited
        ahead = _outlets_ahead(text, s_start, start, outlets)
        if ahead:
            also = [*ahead[1:], (src_start, src_start + len(used), source), *also]
            source, start = ahead[0][2], ahead[0][0]
    end = (
        max(s_start + m.end(), src_end) if cue in ("reported", "in a statement", "via") else src_end
    )
    if source_type != "outlet" and cue in _OUTLET_ONLY_CUES:
        return []  # "X said" is a quote; "told X" names who heard it: not citations
    if source_type == "person" and cue == "in a statement":
        return []  # a person's statement is a quote, an organisation's is a source
    if cue in ("reported", "reports"):
        cue_text = " ".join(m["verb"].lower().split())
    elif cue == "in a statement":
        cue_text = f"{m['verb'].lower()} in {m['sdet']} {' '.join(m['sdoc'].lower().split())}"
    elif cue == "said to":
        cue_text = f"{m['verb'].lower()} to"
    elif cue == "according to role":
        cue_text = "according to"
    else:
        cue_text = cue
        end = _extend_over_report_noun(text, end, s_end)
    # a connector right before belongs to the attribution: "as", "according to", "in"
    lead = re.search(r"\b(?:[Aa]s|[Aa]ccording\s+to|[Ii]n)\s+$", text[s_start:start])
    if lead:
        start = s_start + lead.start()
    cited, end, start = _cited_date(text, (s_start, start, end, s_end), dates, cue)
    cited = cited or _timeline_date(text, start, dates)
    # "X said on CNN that CLAIM": X is the speaker, as with "X told CNN that CLAIM"
    said_on = cue == "said on" and m[0].lower().startswith(("said", "says"))
    claim = _claim(text, s_start, s_end, start, end, "told" if said_on else cue)
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
        cited_date_precision=cited.precision if cited else None,  # type: ignore[arg-type]
    )
    # the outlets cited with it share the cue, claim and date; each has its own name's span
    return [first] + [replace(first, source=name, start=a, end=b) for a, b, name in also]


_AGAINST = re.compile(
    r"[^\S\n]+against[^\S\n]+[A-Z][\w.'’-]*(?:[^\S\n]+[A-Z][\w.'’-]*)*(?=\s*[.,;])"
)
# "Harlow Mills attorney, Dana Roe": a person named after an organisation and their role
_EMPLOYEE = re.compile(
    r"['’]?s?[^\S\n]+(?:attorney|lawyer|spokes(?:man|woman|person)|president|chief|director|"
    r"owner|manager|representative)[^\S\n]*,?[^\S\n]+(?P<name>[A-Z][\w.'’-]*(?:[^\S\n]+[A-Z][\w.'’-]*)+)"
)


def _outlets_ahead(
    text: str, s_start: int, start: int, outlets: OutletIndex
) -> list[tuple[int, int, str]]:
    """Known outlets listed right before a cited one ("CNN, NBC News and ..."), in order."""
    ahead: list[tuple[int, int, str]] = []
    for a, b, name in reversed(outlets.spans(text[s_start:start])):
        # "A, B and C": "and" before the last; "a suit naming Fox News, CNN reported": no list
        joint = r"\s*,\s*" if ahead else r"\s*(?:,?\s*and|&)\s*"
        if not re.fullmatch(joint, text[s_start + b : start]):
            break
        ahead.insert(0, (s_start + a, s_start + b, name))
        start = s_start + a
    return ahead


_DOCUMENT_CUES = ("doc says", "says doc", "said in")
# what between "said" and "to <outlet>" makes the outlet a recipient of something else
_NOT_SAID_TO = re.compile(
    r"\b(?:that|to|gave|given|give|sent|send|leaked|sold|provided|handed|passed|forwarded|"
    r"delivered|mailed|wrote|written|letter|email|complaint|request|went|moved|returned|came|"
    r"talk|talked|talking|spoke|speaking|apologi[sz]ed|referred|subscribed|listened|switched)\b"
)
# what only a text does: "the statement read", "the release added" (not "said": whose?)
_TEXT_VERBS = ("read", "reads", "added", "adds")
# "on Monday", "last week" ending a participle: the document's date, not its name
_ON_DATE = re.compile(r"\s+(?:on|last|this|earlier)\s+\S+(?:\s+\d{1,2}(?:,\s+\d{4})?)?$")
# what may stand right before a document that opens a clause: "Court records show",
# "..., the complaint alleges", "Oct. 22: A search warrant affidavit says", "... that the"
_CLAUSE_OPENING = re.compile(
    r"(?:^|[,:;\"“”(—–]\s*|\b(?i:that|and|but|while|as|because|yet|though|although|what)\s+)"
    r"\s*$"
)


def _document_citation(
    cue: str,
    m: re.Match[str],
    text: str,
    sentence_span: tuple[int, int],
    dates: list[TemporalExpression],
    person_names: dict[str, str],
    outlets: OutletIndex,
    earlier: list[Citation],
) -> list[Citation]:
    """A document as the source ("the indictment says", "states the lawsuit", "said in
    court papers"), or the organisation that issued it ("the Marion County Sheriff's Office
    said in a news release"); empty when the phrase does not name a document."""
    s_start, s_end = sentence_span
    sentence = text[s_start:s_end]
    opens_clause = bool(_CLAUSE_OPENING.search(sentence[: m.start("doc")]))
    name = _document_name(m, opens_clause)
    if cue == "doc says" and not opens_clause:
        return []  # "he filed a lawsuit that says": the document is not the subject
    start, end = s_start + m.start(), s_start + m.end()
    source: str | None = None
    source_type = "document"
    verb = m["verb"].lower()
    cue_text = verb
    definite = (m["det"] or "").lower() == "the"
    words = [w.lower() for w in m["mods"].split() if w.lower() not in _NOT_DOC_NAME_WORDS]
    antecedent = _antecedent([*words, m["noun"].lower()], earlier) if definite else None
    if antecedent and not m["issuer"]:  # "the release said": the release cited before
        source, source_type = antecedent.source, antecedent.source_type
    elif m["issuer"]:
        issued = _issuer(m, text, s_start, person_names, outlets)
        if issued is None:
            source = f"{name}{_unnamed_issuer(m)}" if name else None
        else:
            source, source_type = issued
    elif name:
        source = name
    elif definite and m["noun"].lower() in ("statement", "release") and verb in _TEXT_VERBS:
        source = m["noun"].lower()  # "The statement read:", "The release added": its words
    elif (
        m["det"]
        and (qual := m.groupdict().get("qual"))
        and re.match(r"filed\s+(?:in|with)\s", qual)
    ):
        # "An order filed in U.S. District Court says": where it was filed says which order
        source = f"{m['noun'].lower()} {_ON_DATE.sub('', ' '.join(qual.split()))}"
    if cue == "said in":
        doc = " ".join(sentence[m.start("doc") : m.end("doc")].split()).lower()
        cue_text = f"{verb} in {doc}"
        subject = re.search(rf"(?P<src>(?:[Tt]he\s+)?{_NAME})\s*$", sentence[: m.start()])
        named = (
            _classify(subject["src"], person_names, outlets, text[: s_start + subject.start()])
            if subject
            else None
        )
        if antecedent:
            pass
        elif named and named[1] in ("organisation", "outlet") and not m["issuer"]:
            source, source_type = named[0], named[1]  # an organisation's statement is its own
            start = s_start + subject.start("src") if subject else start
        elif m["noun"].lower() in _SPEAKERS_DOCS:
            return []  # "she said in a statement": a quote; "police said in a release": vague
    if source is None:
        return []
    cited, end, start = _cited_date(text, (s_start, start, end, s_end), dates, cue)
    cited = cited or _timeline_date(text, start, dates)
    claim = _claim(text, s_start, s_end, start, end, cue)
    if not claim:
        return []
    return [
        Citation(
            source=source,
            source_type=source_type,  # type: ignore[arg-type]
            cue=cue_text,
            claim=claim,
            start=start,
            end=end,
            cited_date=cited.value if cited else None,
            cited_date_precision=cited.precision if cited else None,  # type: ignore[arg-type]
        )
    ]


def _antecedent(words: list[str], earlier: list[Citation]) -> Citation | None:
    """The latest earlier citation of a document these words name: "the release" after
    "the sheriff's office said in a news release" or "according to a release from ..."."""
    wanted = [w.rstrip("s") for w in words]
    for citation in sorted(earlier, key=lambda c: c.start, reverse=True):
        if citation.source_type != "document" and not re.search(r"\bin\b", citation.cue):
            continue
        named = {w.rstrip("s") for w in f"{citation.cue} {citation.source}".lower().split()}
        if all(w in named for w in wanted):
            return citation
    return None


def _document_name(m: re.Match[str], opens_clause: bool) -> str | None:
    """The document as named ("search warrant affidavit", "court records"), or None when
    the phrase does not say which document it is ("the report", "his statement")."""
    words = m["mods"].split()
    for i, word in enumerate(words):
        if word.lower() in _NOT_MODIFIERS:
            return None
        # only the first word of a clause is capitalised ("Court records show")
        if word[0].isupper() and not (i == 0 and not m["det"] and opens_clause):
            return None
    named = [w.lower() if i == 0 else w for i, w in enumerate(words)]
    named = [w for w in named if w not in _NOT_DOC_NAME_WORDS]
    noun = m["noun"].lower()
    if not m["det"] and (not named or not noun.endswith("s")):
        return None  # a bare noun ("Lawsuits say"), or a compound ("release details")
    if not named and re.fullmatch(_DOC_WEAK, noun) and not m["issuer"]:
        return None  # "the report said": which report?
    return " ".join([*named, noun])


def _issuer(
    m: re.Match[str], text: str, s_start: int, person_names: dict[str, str], outlets: OutletIndex
) -> tuple[str, str] | None:
    """The named issuer of a document ("a statement from the FBI"): (name, source type);
    None when it is not named (then the document is the source)."""
    issuer = m["iss"]
    if not issuer or not re.match(r"(?:[Tt]he\s+)?[A-Z]", issuer):
        return None
    classified = _classify(issuer, person_names, outlets, text[: s_start + m.start("iss")])
    if (
        m["prep"] == "in"
        and re.search(r"\breport$", m["doc"])
        and (not classified or classified[1] == "outlet")
        and len(issuer.split()) <= 4
        # "a report in the Washington area": the name goes on, it is a place's
        and not re.match(
            r"\s+(?!(?:published|released|on|in|that|which|from|dated|last|this|earlier)\b)[a-z]",
            text[s_start + m.end("iss") :],
        )
    ):  # "a report in Ars Technica": what a report is in is a publication
        return (classified[0] if classified else re.sub(r"^[Tt]he\s+", "", issuer)), "outlet"
    if not classified or (m["prep"] in ("in", "on") and classified[1] != "outlet"):
        return None  # "a lawsuit in Denver": a place, not who issued it
    return classified[0], classified[1]


def _unnamed_issuer(m: re.Match[str]) -> str:
    """ " issued by the governor": an issuer named by its role belongs to the document's
    name; a capitalised one that is no known source ("a lawsuit in Denver") does not."""
    if m["prep"] in ("in", "on") or re.match(r"(?:[Tt]he\s+)?[A-Z]", m["iss"]):
        return ""
    return " " + " ".join(m["issuer"].split())


_TIMELINE_ENTRY = re.compile(r"\s*[:—–]\s*$")


def _timeline_date(
    text: str, start: int, dates: list[TemporalExpression]
) -> TemporalExpression | None:
    """The date of a timeline entry the citation opens: "Oct. 22: A search warrant
    affidavit says ..." (the date heads the line, a colon or dash follows it)."""
    line_start = text.rfind("\n", 0, start) + 1
    for expr in dates:
        if (
            expr.kind == "date"
            and expr.value
            and line_start <= expr.start < start
            and not text[line_start : expr.start].strip()
            and _TIMELINE_ENTRY.fullmatch(text[expr.end : start])
        ):
            return expr
    return None


_OPENERS = {"As", "And", "But", "So", "Yet", "Still", "Also", "While", "When", "Since"}


def _trim_source(raw: str) -> str:
    # "CBS News (December" / "People, March": stop at the first date-like or lower-case word
    words = raw.split()
    while len(words) > 1 and words[0] in _OPENERS:
        words = words[1:]  # "As The Washington Post reported": a sentence's opening word
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
    raw: str, person_names: dict[str, str], outlets: OutletIndex, before: str = ""
) -> tuple[str, str, str] | None:
    """(source name, source type, the text used) for a capitalised source, or None if vague.
    ``before`` is the article's text before the source, where a short form's full name is."""
    name = re.sub(r"['’]s$", "", raw.strip())
    bare = re.sub(r"^[Tt]he\s+", "", name)
    if name.lower() in _NOT_SOURCES or bare.lower() in _NOT_SOURCES:
        return None
    owner, _, owned = bare.partition("'s ") if "'s " in bare else bare.partition("’s ")
    if owned and owned not in person_names and not _ORG_WORDS.match(owned):
        # "the Office of the Surgeon General's Web site": the owner is the source
        return _classify(owner, person_names, outlets, before)
    site = re.fullmatch(r"(.+)\.(?:com|org|net|co\.uk)", bare)
    if site and (canonical := outlets.lookup(site[1])):
        return canonical, "outlet", name  # "TMZ.com", "ESPN.com"
    staff = re.fullmatch(r".+? of (?:the )?(.+)", bare)
    if staff and (canonical := outlets.lookup(staff[1])):
        return canonical, "outlet", name  # "Michael Silverman of the Boston Herald"
    if name != bare and _OUTLET_WORDS.fullmatch(bare) and bare != "Today":  # "the Times"
        full = _full_names(bare, before, outlets)
        if len(full) == 1:
            return full.pop(), "outlet", name
        canonical = outlets.lookup(name)
        if full or canonical is None:
            return None  # two papers it could be, or none named: which one is unknown
        return canonical, "outlet", name
    # A known outlet at the start: "CBS News report" -> CBS News
    for start, end, canonical in outlets.spans(name):
        following = re.match(r"\s+([A-Z][\w-]*)", name[end:])
        if following and _OUTLET_WORDS.search(name[:end]) and _OUTLET_WORDS.fullmatch(following[1]):
            continue  # "The Times Record" is not The Times ("BBC Radio Leeds" is the BBC)
        if start == 0 or name[:start].strip() in ("the", "The", "A", "An", "a", "an"):
            return canonical, "outlet", name[:end]
    if " of " in bare and _ORG_WORDS.search(bare.split(" of ")[0]):
        return bare, "organisation", name  # "Office of the Chief Medical Examiner"
    if name != bare and _OUTLET_WORDS.search(bare):
        return bare, "outlet", name  # "the Glenwood Gazette": "the" names no person
    for form, person in person_names.items():
        # "Sheriff Ana Pruitt", "Commissioner Ramsey"; not "Texas Attorney General" for a
        # person once called "General"
        if bare == form or (
            bare.endswith(" " + form)
            and (" " in form or all(_TITLE.fullmatch(w) for w in bare[: -len(form)].split()))
        ):
            return person, "person", name
    if _OUTLET_WORDS.search(bare) or _CALL_LETTERS.fullmatch(bare):
        return bare, "outlet", name
    if _ORG_WORDS.search(bare) and (bare.isupper() or not _ORG_WORDS.fullmatch(bare)):
        return bare, "organisation", name  # not "the Office", "the Department": whose?
    # Capitalised words the people extractor did not find to be a person are, in real news,
    # mostly places, agencies and publications ("New Zealand", "U.S. Geological Survey"):
    # which of them is unknown, so none is cited.
    return None


def _full_names(word: str, before: str, outlets: OutletIndex) -> set[str]:
    """The outlets named earlier whose full name ends with ``word``: "the Times" after "the
    Los Angeles Times", "the Ledger" after "the Tri-County Ledger"."""
    names = set()
    for _, _, canonical in outlets.spans(before):
        words = re.sub(r"^The\s+", "", canonical).split()
        if len(words) > 1 and words[-1] == word:
            names.add(canonical)
    for m in re.finditer(rf"(?<![\w.'’&-])(?:[A-Z][\w.'’&-]*\s+){{1,4}}{word}\b", before):
        full = re.sub(r"^The\s+", "", " ".join(m[0].split()))
        if len(full.split()) > 1 and outlets.lookup(full) is None:
            names.add(full)
    return names


def _extend_over_report_noun(text: str, end: int, s_end: int) -> int:
    """Past "'s report" / " report", or a programme or reporter after a possessive
    ("told ABC News' Good Morning America", "told CNN's Ana Ruiz")."""
    m = re.match(
        rf"(?:['’]s)?\s+(?:{_REPORT_NOUN}|(?:news\s+|press\s+|written\s+)?(?:release|statement)|"
        r"announcement|filing|website|web\s+site|tweet|post)\b|\s+show\b|['’]s?\s+(?:(?:[A-Z]"
        r"[\w'’-]*|of|the|and|for|in)\s+){0,4}[A-Z][\w'’-]*(?:\s+show\b)?",
        text[end:s_end],
    )
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
    if cue in ("reported", "doc says", "said in"):
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
        if cue in ("doc says", "says doc"):
            continue  # "the lawsuit says on May 2 the crew ...": the claim's date
        gap = text[end : expr.start]
        if expr.start >= end and re.fullmatch(
            r"\s*(?:,\s*(?:on\s+|in\s+)?|\(\s*|\s+(?:from|on|of|dated|published(?:\s+on)?|in)\s+)"
            r"|\s+",
            gap,
        ):
            new_end = expr.end + (1 if text[expr.end : expr.end + 1] == ")" else 0)
            return expr, min(new_end, s_end), start
    return None, end, start


# who speaks, after the claim: "Ema Suryani, a doctor at the clinic," / "an official"
_SPEAKER_TAIL = re.compile(
    r"[\"”]?\s*(?:[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*)*(?:\s*,\s*[^,]{1,80}?){0,2}|"
    r"(?:an?|the|one|another|his|her|their)\s+[^,]{1,60}?)\s*,?\s*"
)


# what may follow "told X" when the claim is before it: nothing, or when ("late Tuesday")
_NO_CLAIM = re.compile(
    r"[\s\"”]*(?:(?:(?:on|late|early|last|this|in|at)\s+)?[\w.]+(?:\s+(?:morning|afternoon|"
    r"evening|night))?)?[\s.!?\"”]*"
)


def _before_speaker(before: str) -> str:
    """The claim before "..., SPEAKER told X.": the text before the comma that opens the
    speaker and an appositive of theirs."""
    commas = [m.start() for m in re.finditer(",", before)]
    for pos in commas[-4:]:
        if _SPEAKER_TAIL.fullmatch(before, pos + 1):
            return before[:pos]
    return before.rsplit(",", 1)[0]


def _claim(text: str, s_start: int, s_end: int, start: int, end: int, cue: str) -> str:
    """The attributed clause: the sentence without its attribution phrase."""
    before = "" if cue == "told" else text[s_start:start]  # "X told CBS that CLAIM"
    after = text[end:s_end]
    if cue in ("told", "said in") and _NO_CLAIM.fullmatch(after) and "," in text[s_start:start]:
        before = _before_speaker(text[s_start:start])  # "CLAIM, an official told PTI."
        after = "" if before.rstrip(' "”').endswith(".") else "."
    after = re.sub(r"^\s*,\s*(?:who|which)\b.*", ".", after, flags=re.S)  # "X, who ...": X's
    if cue in ("reported", "told"):
        after = re.sub(r"^\s*(?:that|on|in)\s+", "", after)
    elif cue in (*_DOCUMENT_CUES, "in a statement"):
        after = re.sub(r"^\s*(?:that|saying,?)\s+", "", after)
    if (
        cue in ("reported", "doc says", "said in", "in a statement")
        and len(after.split()) >= 3
        and not re.search(r"\bwhat\s*$", before)  # "died from what the autopsy found was"
    ):
        before = ""  # "CBS affiliate KRQE reported that CLAIM": before it is not the claim
    parts = [p.strip(' ,;:\n"“”') for p in (before, after)]
    claim = " ".join(p for p in parts if p)
    claim = re.sub(r"\s+([,.;:])", r"\1", claim)
    return claim.rstrip(",;: ")
