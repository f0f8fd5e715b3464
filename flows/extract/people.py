"""Person mentions -> one Person per real person in an article, with roles.

Candidates come from the NER model's PERSON entities and from the text's own
evidence (a title or a role noun right before a capitalised name). Outlets,
work titles ("the documentary Finding Marcus Webb") and names that are really
places or organisations are filtered out. Every later occurrence of a known
person's full name, surname or first name is then linked to that person,
whatever label the model gave it; a name part shared by two people links to
the nearest preceding full mention of one of them, and stays unlinked if
neither was named before it.

One person, one row: forms of one name are merged ("Maria Lopez Grant" and "Maria
Lopez-Grant", the bare surname "Levine Cava" of "Ana Levine-Cava", "Dave" and "David" by
the nickname table ``flows/data/nicknames.csv``, the last words "Delgado Whitt" of "Sarah
Delgado Whitt", "Tomas Okafor" of "Tomas Okafor-Lind") unless one sentence names two of them.
Only people: a name holding or following an organisation's word ("Marlow Southern
Railroad", "Harlan Creek", "Brandon Fire Department", "retailer Best Bargain") is not a
person's, and a title or office ("Justice", "Officer") is never part of a name. Relatives
the text names by a given name only ("his wife, Maggie, and son Paul") are people with the
description "wife of Tom Varga" when the person they belong to is unambiguous.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from flows.extract.outlets import OutletIndex
from flows.extract.records import Mention, Person

if TYPE_CHECKING:  # spaCy is imported where a pipeline is loaded, not here
    from spacy.tokens import Doc, Span

# Short, lower-case roles a person can have in a story. Multi-word roles first.
ROLES = sorted(
    """
    assistant director|first assistant director|executive producer|line producer|director of
    photography|camera operator|script supervisor|prop master|stunt coordinator|special effects
    coordinator|district attorney|assistant district attorney|special prosecutor|defense attorney|
    defence lawyer|public defender|attorney general|police chief|fire chief|medical examiner|
    chief executive|chief executive officer|founder|co-founder|spokesperson|spokesman|spokeswoman|
    cinematographer|armorer|armourer|director|producer|actor|actress|star|screenwriter|writer|
    editor|gaffer|grip|stuntman|stuntwoman|crew member|showrunner|filmmaker|author|journalist|
    reporter|photographer|singer|rapper|musician|comedian|model|influencer|judge|magistrate|
    justice|prosecutor|attorney|lawyer|barrister|solicitor|juror|witness|detective|sheriff|deputy|
    officer|police officer|sergeant|lieutenant|captain|trooper|agent|investigator|inspector|
    coroner|doctor|physician|surgeon|nurse|paramedic|firefighter|teacher|professor|student|
    principal|coach|player|pitcher|quarterback|driver|pilot|engineer|foreman|contractor|
    electrician|mechanic|manager|owner|landlord|tenant|employee|worker|executive|president|
    vice president|chairman|chairwoman|ceo|cfo|senator|governor|mayor|councillor|councilman|
    councilwoman|congressman|congresswoman|representative|minister|prime minister|secretary|
    commissioner|ambassador|activist|pastor|priest|rabbi|imam|suspect|defendant|plaintiff|victim|
    analyst|consultant|accountant|banker|chef|designer|architect|scientist|researcher|economist
    """.replace("\n", " ")
    .replace("| ", "|")
    .split("|"),
    key=len,
    reverse=True,
)
ROLES = [" ".join(r.split()) for r in ROLES if r.strip()]
_ROLE_SET = set(ROLES)
RELATIONS = {
    "widow",
    "widower",
    "wife",
    "husband",
    "son",
    "daughter",
    "mother",
    "father",
    "brother",
    "sister",
    "partner",
    "fiancé",
    "fiancée",
    "fiance",
    "fiancee",
    "girlfriend",
    "boyfriend",
    "grandmother",
    "grandfather",
    "grandson",
    "granddaughter",
    "niece",
    "nephew",
    "cousin",
    "uncle",
    "aunt",
    "stepson",
    "stepbrother",
    "stepsister",
    "stepfather",
    "stepmother",
    "half-brother",
    "half-sister",
    "stepdaughter",
    "parents",
    "family",
}
TITLES = {
    "Mr": None,
    "Mrs": None,
    "Ms": None,
    "Miss": None,
    "Mx": None,
    "Dr": None,
    "Prof": "professor",
    "Judge": "judge",
    "Justice": "judge",  # "Mr Justice Goss" is a judge
    "Det": "detective",
    "Detective": "detective",
    "Sgt": "sergeant",
    "Sergeant": "sergeant",
    "Lt": "lieutenant",
    "Capt": "captain",
    "Officer": "officer",
    "Deputy": "deputy",
    "Sheriff": "sheriff",
    "Gov": "governor",
    "Governor": "governor",
    "Sen": "senator",
    "Senator": "senator",
    "Rep": "representative",
    "President": "president",
    "Mayor": "mayor",
    "Attorney": None,
    "Chief": None,
    "Agent": "agent",
    "Rear": None,  # "Rear Adm. Shannon Gilreath"
    "General": None,  # "Attorney General Greg Abbott", "General Ann Vale"
    "Adm": "admiral",
    "Admiral": "admiral",
    "Gen": "general",
    "Col": "colonel",
    "Colonel": "colonel",
    "Maj": "major",
    "Cmdr": "commander",
    "Cpl": "corporal",
    "Supt": "superintendent",
    "Insp": "inspector",
    "Inspector": "inspector",
    "Const": "constable",
    "Constable": "constable",
    "Rev": None,
}
WORK_NOUNS = (
    r"documentary|docuseries|docu-series|film|movie|series|show|miniseries|book|memoir|novel|"
    r"podcast|album|song|play|musical|special|episode|biopic|feature"
)
# A work title: after a work noun, a run of capitalised words (small words and ":" allowed).
_WORK_TITLE = re.compile(
    rf"\b(?:{WORK_NOUNS})\s+(?:titled\s+|called\s+|named\s+)?[\"“‘']?"
    r"(?P<title>[A-Z0-9][\w'’-]*(?:(?::|,)?\s+(?:(?:a|an|the|and|of|in|on|at|to|for|with|from|by|"
    r"or|vs\.?)\s+)*[A-Z0-9][\w'’-]*)*)"
)
_QUOTED_TITLE = re.compile(r"[\"“](?P<title>[A-Z][^\"”\n]{1,80})[\"”]")
_NAME_WORD = r"[A-Z][a-zà-ÿ'’]+(?:-[A-Z][a-zà-ÿ'’]+)?"
_CAPITALISED_NAME = re.compile(rf"{_NAME_WORD}(?:\s+(?:[A-Z]\.\s+)?{_NAME_WORD}){{1,2}}")
_POSSESSIVE = re.compile(r"(?:['’]s?)$")
SAYING_VERBS = r"said|says|told|added|wrote|testified|stated|explained|recalled|argued|claimed"
POST_NOMINALS = {"KC", "QC", "MP", "MBE", "OBE", "CBE", "PhD", "MD", "Esq", "CPA", "RN"}
# Labels the model gives names that are sometimes people's ("Imran Siddiqui" as ORG).
_MISTAKEN_LABELS = {"ORG", "GPE", "NORP", "FAC", "LOC", "PRODUCT", "WORK_OF_ART"}
# Last words of organisation and place names: such a name is never a person's.
ORGANISATION_WORDS = frozenset(
    """
    Inc Inc. LLC Ltd Ltd. Corp Corp. Co Co. Company Corporation Group Holdings Partners Capital
    Energy Solar Systems Technologies Technology Labs Pharmaceuticals Health Healthcare Hospice
    Hospital Clinic Center Centre Insurance Bank Realty Properties Construction Logistics Foods
    Farms Motors Airlines Media Studios Studio Productions Films Pictures Entertainment Records
    Network Foundation Institute University College School Academy Church Club Association
    Society Union Council Committee Department Office Agency Authority Commission Police Court
    County City Town Street Avenue Road Boulevard Highway Park Bridge River Lake Mountain Valley
    Airport Station Hotel Restaurant Bar Pub Mall Stadium Arena Theater Theatre Museum Library
    Railway Railways Railroad Rail Airways Aircraft Airplanes Corps Guild Fire Rescue Creek Brook
    Canyon Harbor Harbour Island Store Shop Market Markets PLC Plc AG GmbH LLP Ministry Parliament
    Congress Senate Navy Army Guard Command Service Services Trust Fund Securities Industries
    Transit Transport Lines Shipping Brands House Southern Northern Eastern Western Pacific
    Atlantic Central National International Federal General State Creamery Dairy Building
    Tower Towers Plaza Factory Brewery Winery Bakery Act Award Awards Prize Festival Cup
    Championship Tournament Olympics Survey Ranch Yard Farm Square Gardens Estate Prison Jail
    Penitentiary Courthouse Cemetery Marina Pier Wharf Quay Schools Hospitals Colleges Clinics
    """.split()
)
# Last words of a headline's event, after a person's name: "Warren Pike Trial" is no one's
# name, but Warren Pike is still a person.
_EVENT_WORDS = frozenset("Trial Case Verdict Inquiry Investigation Scandal".split())
# Words that make a name an organisation's wherever they stand in it ("Aer Lingus Group PLC").
_ORGANISATION_ANYWHERE = frozenset(
    """
    Inc Inc. LLC Ltd Ltd. Corp Corp. Company Corporation Group PLC Plc GmbH Railway Railways
    Railroad Airlines Airways Guild Union Department Police Fire Authority Foundation University
    Association Committee Council Ministry Agency Commission
    """.split()
)
# Office words that are never part of a person's name after its first word: "Chief Operating
# Officer" is not a person called Operating Officer.
_OFFICE_WORDS = frozenset(
    """
    Officer Executive President Director Secretary Minister Chairman Chairwoman Chairperson
    Spokesman Spokeswoman Spokesperson Commissioner Superintendent Attorney Prosecutor Coroner
    Governor Senator Mayor Detective Sheriff Sergeant Lieutenant Inspector Constable Justice
    """.split()
)
# Common nouns for organisations and things that stand right before their name: "electronics
# retailer Best Buy", "German magazine Der Spiegel", "the railroad Norfolk Southern".
_ORGANISATION_NOUNS = frozenset(
    """
    company companies firm firms corporation retailer retailers magazine newspaper paper tabloid
    weekly daily journal publication outlet broadsheet
    broadcaster network channel station website site app platform airline airlines carrier
    automaker carmaker manufacturer maker makers label band group conglomerate subsidiary brand
    chain store railroad railway railways operator insurer lender bank charity organisation
    organization agency union guild studio publisher developer supplier distributor startup
    start-up giant outfit franchise club team party ship vessel tanker train system software
    """.split()
)


@dataclass
class _Candidate:
    name: str
    roles: list[str] = field(default_factory=list)
    descriptions: list[str] = field(default_factory=list)


def find_people(doc: Doc, outlets: OutletIndex) -> list[Person]:
    """Every person named in the parsed article ``doc``, with mentions and roles."""
    text = doc.text
    blocked = _blocked_spans(text, outlets)
    # names are found outside headlines ("Lindsay Lohan Checks Out"), and linked anywhere
    not_candidates = blocked + _title_case_lines(text)
    full_names = _full_names(doc, text, not_candidates)
    forms = _forms_of_one_person(doc, full_names)
    people = {forms[name]: Person(name=forms[name]) for name in full_names}
    mentions = _link_mentions(text, full_names, blocked, forms)
    for name in _single_names(doc, text, not_candidates, full_names):
        people[name] = Person(name=name)
        mentions.extend(
            (name, Mention(start, end, name))
            for start, end in name_spans(name, text)
            if not _inside(start, end, blocked)
        )
    for name, mention in sorted(mentions, key=lambda nm: nm[1].start):
        people[name].mentions.append(mention)
    relatives = _relatives(doc, people, blocked)
    people.update({r.name: r for r in relatives})
    for name in _characters(text, people):
        del people[name]
    not_people = _places_of_people(text, people) | _credits_in_brackets(text, people)
    for name in not_people | _false_names(text, people):
        del people[name]
    for alias, name in _aliases(text, people).items():
        people[name].mentions = sorted(
            [*people[name].mentions, *people.pop(alias).mentions], key=lambda m: m.start
        )
    result = []
    for person in people.values():
        if not person.mentions:
            continue
        roles, descriptions = _roles_and_descriptions(text, person)
        if person in relatives:  # "wife of Tom Varga", not also "wife"
            relation = person.description or ""
            descriptions = [relation, *(d for d in descriptions if d != relation.split()[0])]
        person.roles = roles
        person.description = "; ".join(descriptions) or None
        person.aliases = sorted({m.text for m in person.mentions} - {person.name})
        result.append(person)
    result.sort(key=lambda p: p.mentions[0].start)
    return result


# "Max Vale, also known as Max Orr", "Tarun, who is also known as Hari Das and Das Baba"
_KNOWN_AS = re.compile(
    r",?\s+(?:who\s+(?:is|was)\s+)?(?:also\s+|popularly\s+|better\s+)?"
    r"(?:known\s+as|alias|a\.k\.a\.?|aka)\s+(?P<names>[^,.;:()\n]{2,120})"
)


def _aliases(text: str, people: dict[str, Person]) -> dict[str, str]:
    """Other names of one person, given as such ("X, also known as Y and Z"): each alias
    (and the same words in another order, "Z" for "Baba Z") -> the name before it, or the
    first of them when the name before it is no one found."""
    out: dict[str, str] = {}
    ends = {m.end: name for name, p in people.items() for m in p.mentions}
    for m in _KNOWN_AS.finditer(text):
        given = [frozenset(n.split()) for n in re.split(r"\s+(?:and|or)\s+|,\s*", m["names"])]
        named = sorted(
            (given.index(frozenset(other.split())), other)
            for other in people
            if frozenset(other.split()) in given
        )
        primary = ends.get(m.start()) or (named[0][1] if named else None)
        for _, other in named:
            if primary is not None and other != primary and other not in out:
                out[other] = primary
    return {a: n for a, n in out.items() if n not in out}


# Two capitalised words and "of" before a name: "Vikas Rana of Tal Kot" (a place); not "the
# Estate of X", "Law Offices of X", "Chief Justice of X".
_NAME_OF = re.compile(r"(?<![\w'’-])([A-Z][a-z'’-]+)\s+([A-Z][a-z'’-]+),?\s+of\s+$")
_OF_A_PERSON = frozenset(
    """
    The Estate Family Friends Offices Office Law Son Sons Daughter Daughters Wife Widow Husband
    Mother Father Children Memory Life Trial Case Murder Death Killing Shooting Story Tale
    Ballad House Court Book Gospel Friend Victims Victim Supporters Lawyers Attorneys
    """.split()
)


def _places_of_people(text: str, people: dict[str, Person]) -> set[str]:
    """'Vikas Rana of Tal Kot in Pokhara': what follows a name and "of" is where the person
    is from or works, never another person."""
    places = set()
    stop = _OF_A_PERSON | ORGANISATION_WORDS | _OFFICE_WORDS
    for name in people:
        spans = name_spans(name, text)
        matches = [_NAME_OF.search(text, max(0, s - 60), s) for s, _ in spans]
        if spans and all(m is not None and not {m[1], m[2]} & stop for m in matches):
            places.add(name)
    return places


def _characters(text: str, people: dict[str, Person]) -> set[str]:
    """A film's or a book's characters: names followed by their actor's in brackets,
    "Lucas (Patrick Scott McDermott)", "Harland Rust (Baldwin)"."""
    forms = {m.text: name for name, person in people.items() for m in person.mentions}
    characters = set()
    for name, person in people.items():
        for mention in person.mentions:
            after = re.match(r"\s*\(([^()\n]{2,60})\)", text[mention.end :])
            actor = forms.get(after.group(1).strip()) if after else None
            titled = _role_before(text, mention.start) or _title_before(text, mention.start)
            if actor is not None and actor != name and not titled:
                characters.add(name)  # not "Production Designer Ann Lee (Card Counter)"
    return characters


# "gave a false name, Alex Ruiz": a name no one has
_FALSE_NAME = re.compile(
    r"\b(?:false|fake|assumed|fictitious|made-up|bogus)\s+names?\s*(?:of\s+|[-–—:,]\s*)?$",
    re.IGNORECASE,
)


def _false_names(text: str, people: dict[str, Person]) -> set[str]:
    """Names the text gives as false ones ('he gave them a false name–Alex Ruiz'), at every
    mention."""
    return {
        name
        for name, person in people.items()
        if person.mentions
        and all(_FALSE_NAME.search(text, max(0, m.start - 40), m.start) for m in person.mentions)
    }


def _credits_in_brackets(text: str, people: dict[str, Person]) -> set[str]:
    """'Production Designer Ann Lee (Card Counter)', 'producer Tom Hale (Jack Ryan)': a
    credit, the work a person with a role worked on, is no person. Only when every mention
    of the name is such a bracket."""
    after_credited = set()
    for person in people.values():
        for mention in person.mentions:
            if _role_before(text, mention.start) or _title_before(text, mention.start):
                bracket = re.match(r"\s*\(([^()\n]{2,60})\)", text[mention.end :])
                if bracket:
                    after_credited.add(mention.end + bracket.start(1))
    return {
        name
        for name, person in people.items()
        if person.mentions
        and all(
            m.start in after_credited and text[m.end : m.end + 1] == ")" for m in person.mentions
        )
    }


# --- candidates ------------------------------------------------------------------------------


# Bylines, photo credits and reporter lines name the article's makers, not people in it.
_CREDITS = re.compile(
    r"^[ \t]*(?:By|BY|Written by|Reporting by|Additional reporting by|Edited by)[ \t]+"
    r"(?:[A-Z][\w.'’-]*[ \t]*(?:,|and|&)?[ \t]*){1,10}$"  # a line of capitalised names only
    r"|^[ \t]*Contact[ \t]+[A-Z][^\n]{2,100}$"
    r"|\((?:Photo|Image|Picture)s?(?:\s+(?:by|credit))?:?[^)\n]{2,80}\)"
    r"|^[ \t]*(?:(?:Photo|Image|Picture|Photograph)s?\s+(?:by|credit:?)|Credit:)[ \t]+[^\n]{2,80}$"
    r"|\b[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){0,3}\s*/\s*(?:Getty Images|AP Photo|Reuters|AFP"
    r"|Shutterstock|Alamy|EPA|Bloomberg|The New York Times|Redux)\b"
    # "(Jim Weber, Santa Fe New Mexican via AP)", "(AP Photo/Gene Puskar)"
    r"|\([^()\n]{2,120}\bvia\s+(?:AP|Reuters|Getty Images|AFP|EPA|Shutterstock)\)"
    r"|\((?:AP|AFP|Reuters|EPA)\s+Photo\s*/[^()\n]{2,80}\)",
    re.MULTILINE,
)


def _blocked_spans(text: str, outlets: OutletIndex) -> list[tuple[int, int]]:
    """Spans that never hold a person mention: outlet names, work titles, bylines and
    photo credits."""
    spans = [(s, e) for s, e, _ in outlets.spans(text)]
    spans += [m.span() for m in _CREDITS.finditer(text)]
    spans += [m.span("title") for m in _WORK_TITLE.finditer(text)]
    spans += [m.span("title") for m in _QUOTED_TITLE.finditer(text) if _looks_like_title(m)]
    return spans


def _title_case_lines(text: str) -> list[tuple[int, int]]:
    """Lines set in title case, as headlines are: every word of four letters or more is
    capitalised ("Esther Williams Dies at 91"), so capitals tell no names apart there."""
    spans = []
    for m in re.finditer(r"[^\n]+", text):
        long_words = [w for w in re.findall(r"[^\W\d_][\w'’-]*", m.group(0)) if len(w) >= 4]
        # a list of names is no headline: "Ann Orr, Ben Hale", "Ann Orr, Ben Hale, Cy Roe"
        commas = m.group(0).count(",")
        listing = commas >= 2 or (commas == 1 and len(m.group(0).split()) <= 6)
        if len(long_words) >= 3 and all(w[0].isupper() for w in long_words) and not listing:
            spans.append(m.span())
    return spans


def _looks_like_title(m: re.Match[str]) -> bool:
    words = m["title"].split()
    return 1 < len(words) <= 10 and all(
        w[0].isupper() or (w.islower() and len(w) <= 4) for w in words
    )


def _name_char(ch: str) -> bool:
    """``ch`` is one of the regex class ``[\\w-]``: a letter, digit, "_" or "-"."""
    return ch.isalnum() or ch in "_-"


def name_spans(name: str, text: str, before_capital: bool = True) -> list[tuple[int, int]]:
    """(start, end) of every occurrence of ``name`` in ``text`` as a whole name: the matches,
    left to right and not overlapping, of ``(?<![\\w-])NAME(?![\\w-])``, found without
    compiling a pattern per name. ``before_capital=False`` also leaves out an occurrence
    followed by another capitalised word (``(?!\\s+[A-Z][a-z])``)."""
    spans = []
    size, length = len(name), len(text)
    position = text.find(name)
    while position >= 0:
        end = position + size
        whole = (position == 0 or not _name_char(text[position - 1])) and (
            end == length or not _name_char(text[end])
        )
        if whole and (before_capital or not _capital_word_after(text, end)):
            spans.append((position, end))
            position = text.find(name, end)
            continue
        position = text.find(name, position + 1)
    return spans


def _capital_word_after(text: str, end: int) -> bool:
    """``\\s+[A-Z][a-z]`` matches at ``end``."""
    after = end
    while after < len(text) and text[after].isspace():
        after += 1
    return (
        after > end
        and after + 1 < len(text)
        and "A" <= text[after] <= "Z"
        and "a" <= text[after + 1] <= "z"
    )


def _inside(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(s < end and start < e for s, e in spans)


_POSITION_ABBREVIATIONS = frozenset(
    "QB RB WR TE LB CB DB DE DT OL CEO CFO COO CTO VP MP MEP DA GM PM".split()
)


def _clean_name(raw: str) -> str:
    name = _POSSESSIVE.sub("", raw.strip())
    words = name.split()
    # titles and capitalised role nouns are not part of a name: "Producer Owen Tribble"
    while len(words) > 1 and (words[0].rstrip(".") in TITLES or words[0].lower() in _ROLE_SET):
        words = words[1:]
    # nor are post-nominal letters: "Sarah Quayle KC"
    while len(words) > 2 and words[-1].rstrip(".,") in POST_NOMINALS:
        words = words[:-1]
    # nor what comes before an abbreviated position or office: "Colts QB Andrew Luck"
    acronyms = [i for i, w in enumerate(words[:-1]) if w in _POSITION_ABBREVIATIONS]
    if acronyms and len(words) - acronyms[-1] - 1 >= 2:
        words = words[acronyms[-1] + 1 :]
    # nor the sentence's full stop or colon: "John W. Henry." (but "Jr." keeps its own)
    if (
        words
        and re.search(r"[a-z]{2}[.:]$|:$", words[-1])
        and words[-1].rstrip(".:")
        not in (
            "Jr",
            "Sr",
        )
    ):
        words[-1] = words[-1].rstrip(".:")
    return " ".join(words)


def _is_organisation(name: str, text: str) -> bool:
    """A name that ends in an organisation or place word ("Willowmere Hospice") or holds an
    unmistakable one ("Aer Lingus Group PLC"), that the text uses as the start of one
    ("Helio Ridge" in "Helio Ridge Energy"), or puts right after a common noun for an
    organisation or a thing ("retailer Best Buy", "the railroad Norfolk Southern")."""
    words = name.split()
    if words[-1] in ORGANISATION_WORDS or any(w in _ORGANISATION_ANYWHERE for w in words):
        return True
    if words[-1] in _EVENT_WORDS:
        return True
    if any(word in ORGANISATION_WORDS for word in _words_after(name, text)):
        return True
    if any(word in _ORGANISATION_NOUNS for word in _words_before(name, text)):
        return True
    if _place_of(name, text) or _ends_an_organisation(name, text):
        return True
    if any(word in _MODIFIED_NOUNS for word in _lower_words_after(name, text)):
        return not _named_as_person(name, text)  # "after Arema Malang club lost"
    # "a Norfolk Southern train": a name used as a modifier after "a"/"an", unless the text
    # also treats it as a person's (a title or role before it, a saying verb after it)
    return _after_article(name, text) and not _named_as_person(name, text)


# What follows a name or comes before it. Names are looked up with str.find, as a pattern
# compiled for each name costs more than all the rest; each helper gives what its pattern
# (in its docstring) gives, as names never start or end with a space.
_WORD_AFTER = re.compile(r"\s+([A-Z][\w&]*)")


def _words_after(name: str, text: str) -> list[str]:
    """Group 1 of every match of ``(?<![\\w-])NAME\\s+([A-Z][\\w&]*)``."""
    words = []
    position = text.find(name)
    while position >= 0:
        if position == 0 or not _name_char(text[position - 1]):
            m = _WORD_AFTER.match(text, position + len(name))
            if m:
                words.append(m.group(1))
                position = text.find(name, m.end())
                continue
        position = text.find(name, position + 1)
    return words


# "the southern state of Tamil Nadu", "the city of Uvalde": a place, not a person
_PLACE_OF = re.compile(
    r"\b(?:state|province|city|town|village|county|region|district|island|country|capital|"
    r"suburb|municipality|borough|republic|kingdom|territory|prefecture|emirate|parish)"
    r"\s+of\s+$",
    re.IGNORECASE,
)
# Capitalised words that run on after a name to an organisation word: "Mira Vasai Virar
# Police", "Lena Park Memorial Hospital".
_RUN_AFTER = re.compile(r"(?:[ \t]+[A-Z][\w&-]*){1,3}")
# Lower-case nouns after a name that make it a modifier of an organisation: "Arema club lost"
_MODIFIED_NOUNS = frozenset("club team company firm railroad airline band franchise".split())


def _place_of(name: str, text: str) -> bool:
    return any(_PLACE_OF.search(text, max(0, s - 30), s) for s, _ in name_spans(name, text))


def _ends_an_organisation(name: str, text: str) -> bool:
    for _, end in name_spans(name, text):
        run = _RUN_AFTER.match(text, end)
        if run and run.group(0).split()[-1] in ORGANISATION_WORDS:
            return True
    return False


def _lower_words_after(name: str, text: str) -> list[str]:
    words = []
    for _, end in name_spans(name, text):
        m = re.match(r"[ \t]+([a-z]+)\b", text[end : end + 30])
        if m:
            words.append(m.group(1))
    return words


def _space_start(text: str, position: int) -> int:
    """Where the run of whitespace that ends at ``position`` starts (``position`` if none)."""
    while position > 0 and text[position - 1].isspace():
        position -= 1
    return position


def _words_before(name: str, text: str) -> list[str]:
    """Group 1 of every match of ``(?<![\\w-])([\\w-]+)\\s+NAME(?![\\w-])``."""
    words = []
    free = 0  # where the next match may start (matches do not overlap)
    position = text.find(name)
    while position >= 0:
        end = position + len(name)
        space = _space_start(text, position)
        start = space
        while start > 0 and _name_char(text[start - 1]):
            start -= 1
        if (
            space < position
            and start < space
            and start >= free
            and (end == len(text) or not _name_char(text[end]))
        ):
            words.append(text[start:space])
            free = end
        position = text.find(name, position + 1)
    return words


def _after_article(name: str, text: str) -> bool:
    """``\\b(?:[Aa]n?)\\s+NAME\\s+[a-z]`` matches in ``text``."""
    position = text.find(name)
    while position >= 0:
        end = position + len(name)
        space = _space_start(text, position)
        after = end
        while after < len(text) and text[after].isspace():
            after += 1
        if space < position and after > end and after < len(text) and "a" <= text[after] <= "z":
            for article in ("a", "A", "an", "An"):
                start = space - len(article)
                if text.startswith(article, start) and (
                    start == 0 or not _word_char(text[start - 1])
                ):
                    return True
        position = text.find(name, position + 1)
    return False


def _word_char(ch: str) -> bool:
    """``ch`` is one of the regex class ``\\w``."""
    return ch.isalnum() or ch == "_"


def _named_as_person(name: str, text: str) -> bool:
    for start, end in name_spans(name, text):
        if _title_before(text, start) or _role_before(text, start):
            return True
        if re.match(rf"['’]?s?\s+(?:{SAYING_VERBS})\b|,\s+\d{{1,3}},", text[end : end + 30]):
            return True
    return False


def _person_evidence(ent: Span, text: str) -> bool:
    """The text treats an entity the model did not call a person as one: a title or role
    before it, a saying verb or an age after it, or a person coordinated with it."""
    after = text[ent.end_char : ent.end_char + 30]
    if _title_before(text, ent.start_char) or _role_before(text, ent.start_char):
        return True
    if ent.text.split()[0].lower() in _ROLE_SET or ent.text.split()[0].rstrip(".") in TITLES:
        return True
    if re.match(rf"\s+(?:{SAYING_VERBS})\b|,\s+\d{{1,3}},", after):
        return True
    if _RELATION_AT_END.search(text[max(0, ent.start_char - 30) : ent.start_char]):
        return True  # "his wife Tess Benning"
    partners = [ent.root.head] if ent.root.dep_ == "conj" else []
    partners += [c for c in ent.root.children if c.dep_ == "conj"]
    # a person coordinated with it, unless that "person" is an organisation's name too
    return any(
        not _is_organisation(_clean_name(other.text), text)
        for t in partners
        if t.ent_type_ == "PERSON"
        for other in ent.doc.ents
        if other.start <= t.i < other.end
    )


_WEEKDAYS = frozenset("Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split())
_ROMAN = re.compile(r"^(?:II|III|IV|VI{0,3})$")


_RELATION_AT_END = re.compile(rf"\b(?:{'|'.join(sorted(RELATIONS))}),?\s+$")


def _is_name(name: str) -> bool:
    words = name.split()
    return (
        1 <= len(words) <= 4
        and all(w[0].isupper() or w in ("de", "van", "von", "da", "del", "la", "le") for w in words)
        and not any(ch.isdigit() for ch in name)
        and not name.isupper()
        and words[0] not in ("The", "A", "An", "Der", "Die", "Das")
        and not any(w in ("Who", "What", "When", "Where", "Why", "How") for w in words)
        and not any(w in _WEEKDAYS for w in words)  # "Justice Complex Thursday"
        and not any(re.search(r"['’]s?$", w) for w in words[:-1])  # "General's Office"
        # "Mac OSX", "SAG-AFTRA": a word in capitals is an acronym, not a name (but "John Doe III")
        and not any(len(w) > 2 and w.isupper() and not _ROMAN.match(w) for w in words)
        and not any(w in _OFFICE_WORDS for w in words[1:])
        and not (len(words) == 1 and (words[0] in _OFFICE_WORDS or words[0].rstrip(".") in TITLES))
        # a lone organisation or place word ("the Writers Guild" -> "Guild") is no one's name
        and not (
            len(words) == 1
            and (words[0] in ORGANISATION_WORDS or words[0] in _ORGANISATION_ANYWHERE)
        )
    )


def _full_names(doc: Doc, text: str, blocked: list[tuple[int, int]]) -> list[str]:
    """Multi-word names: PERSON entities, and capitalised names after a title or role noun."""
    names: dict[str, None] = {}
    for ent in doc.ents:
        if _inside(ent.start_char, ent.end_char, blocked):
            continue
        if ent.label_ != "PERSON" and not (
            ent.label_ in _MISTAKEN_LABELS and _person_evidence(ent, text)
        ):
            continue
        name = _clean_name(_without_leading_verb(ent))
        if len(name.split()) >= 2 and _is_name(name) and not _is_organisation(name, text):
            names.setdefault(name, None)
    for m in _CAPITALISED_NAME.finditer(text):
        name = _clean_name(m.group(0))
        if (
            name in names
            or " " not in name  # "Attorney General Greg": a full name or none
            or _inside(m.start(), m.end(), blocked)
            or not _is_name(name)
            # a role before it outweighs a place word ("cinematographer Lena Park"), but not
            # an organisation's own word ("General Motors Corporation")
            or any(w in _ORGANISATION_ANYWHERE for w in name.split())
        ):
            continue
        start = m.start() + m.group(0).rfind(name.split()[0])  # after "Prosecutor", "Judge"
        if _role_before(text, start) or _title_before(text, start):
            names.setdefault(name, None)
    names.update(dict.fromkeys(_full_names_of_surnames(doc, text, blocked, names)))
    # A name that is the start of a longer known name is the same person ("Alec" in "Alec
    # Baldwin"), and so is a one-word name that is another's surname ("Officer Cole")
    return [
        n
        for n in names
        if not any(
            o != n and (o.startswith(n + " ") or (" " not in n and o.split()[-1] == n))
            for o in names
        )
    ]


def _without_leading_verb(ent: Span) -> str:
    """An entity's text without a sentence-initial verb the model took into it:
    "Sentencing Pratt" -> "Pratt"."""
    start = 0
    while start < len(ent) - 1 and ent[start].tag_ in ("VBG", "VBD", "VBN", "VB", "VBZ", "VBP"):
        start += 1
    return ent[start:].text


_NOT_GIVEN_NAMES = {
    "The", "A", "An", "In", "On", "At", "By", "For", "But", "And", "Or", "When", "After",
    "Before", "While", "As", "If", "Since", "Then", "This", "That", "Police", "Officers",
    "Prosecutors", "Investigators", "Mr", "Mrs", "Ms", "Dr",
}  # fmt: skip


def _full_names_of_surnames(
    doc: Doc, text: str, blocked: list[tuple[int, int]], known: dict[str, None]
) -> list[str]:
    """Full names the model missed but the text gives before a surname it did tag:
    "Police arrested Gideon Marsh ... Marsh was charged" -> Gideon Marsh."""
    parts = {part for name in known for part in name.split()}
    found = []
    for ent in doc.ents:
        surname = _clean_name(ent.text)
        if ent.label_ != "PERSON" or " " in surname or surname in parts or not _is_name(surname):
            continue
        pattern = rf"(?<![\w-])({_NAME_WORD})\s+{re.escape(surname)}(?![\w-])"
        for m in re.finditer(pattern, text[: ent.start_char]):
            given = m.group(1)
            full = f"{given} {surname}"
            if (
                given not in _NOT_GIVEN_NAMES
                and given.lower() not in _ROLE_SET
                and given.rstrip(".") not in TITLES
                and not _inside(m.start(), m.end(), blocked)
                and not _is_organisation(full, text)
            ):
                found.append(full)
                break
    return found


def _single_names(
    doc: Doc, text: str, blocked: list[tuple[int, int]], full_names: list[str]
) -> list[str]:
    """One-word PERSON entities that the text itself supports (title, role, saying verb)."""
    parts = {part for name in full_names for part in name.split()}
    found: dict[str, None] = {}
    for ent in doc.ents:
        name = _clean_name(ent.text)
        if (
            ent.label_ != "PERSON"
            or len(name.split()) != 1
            or name in parts
            or not _is_name(name)
            or _inside(ent.start_char, ent.end_char, blocked)
        ):
            continue
        after = text[ent.end_char : ent.end_char + 20]
        if (
            _title_before(text, ent.start_char)
            or _role_before(text, ent.start_char)
            or re.match(rf"['’]?s?\s+(?:{SAYING_VERBS})\b", after)
        ):
            found.setdefault(name, None)
    # a surname after a courtesy title, whatever the model's label: "Mr Justice Sweeney"
    for m in _COURTESY_NAME.finditer(text):
        name = m.group("name")
        token = next((t for t in doc if t.idx == m.start("name")), None)
        if (
            token is not None
            and token.pos_ == "PROPN"
            and name not in parts
            and _is_name(name)
            and not _inside(m.start("name"), m.end("name"), blocked)
        ):
            found.setdefault(name, None)
    return list(found)


_COURTESY_NAME = re.compile(
    r"\b(?:Mr|Mrs|Ms|Miss|Mx|Dr)\.?\s+(?:Justice\s+)?"
    r"(?P<name>[A-Z][a-z]+(?:['’][A-Z][a-z]+|-[A-Z][a-z]+)?)(?![\w'’-])(?!\s+[A-Z])"
)


def _title_before(text: str, start: int) -> str | None:
    m = re.search(r"\b([A-Z][a-z]+)\.?\s+$", text[max(0, start - 15) : start])
    if m and m.group(1) in TITLES:
        return TITLES[m.group(1)] or m.group(1)
    return None


# Every role ending a text, longest first: "assistant director" before "director".
_ROLE_AT_END = re.compile(
    rf"(?<![\w-])(?P<role>{'|'.join(re.escape(r) for r in ROLES)})\s+$", re.IGNORECASE
)


_LONGEST_ROLE = max(len(r) for r in ROLES)


def _role_before(text: str, start: int) -> str | None:
    """The role noun phrase right before a name: "assistant director Dave Halls"; not one
    that belongs to someone else ("Hutchins' director"): then a shorter one may follow."""
    before = text[max(0, start - 60) : start]
    stripped = len(before.rstrip())
    if stripped == len(before):
        return None  # both patterns end in whitespace
    # a role ends where the trailing whitespace starts: no match starts before its length
    position = max(0, stripped - _LONGEST_ROLE)
    while m := _ROLE_AT_END.search(before, position):
        if not re.search(r"['’]s$", before[: m.start()].rstrip()):
            return m.group("role").lower()
        position = m.start() + 1
    plural = _PLURAL_ROLE_AT_END.search(before)
    if plural and not re.search(r"['’]s$", before[: plural.start()].rstrip()):
        return plural.group("role").lower()
    return None


# "prosecutors Linda Molina and Rita Spiegel": each is a prosecutor
_PLURAL_ROLE_AT_END = re.compile(
    rf"(?<![\w-])(?i:(?P<role>{'|'.join(re.escape(r) for r in ROLES)}))s\s+"
    rf"(?:{_NAME_WORD}(?:\s+(?:[A-Z]\.\s+)?{_NAME_WORD}){{0,2}},?\s+and\s+)?$"
)


# --- relatives named by a given name only ---------------------------------------------------

_RELATIVE_NOUNS = (
    "wife|husband|son|daughter|mother|father|brother|sister|partner|fiancée|fiancé|fiancee|"
    "fiance|girlfriend|boyfriend|grandmother|grandfather|grandson|granddaughter|stepson|"
    "stepdaughter|widow|widower"
)
_KIN_ADJECTIVES = (
    r"(?:(?:late|former|estranged|eldest|oldest|youngest|older|younger|unborn|adopted|infant|"
    r"baby|teenage|adult|pregnant|beloved|first|second|\d+-year-old)\s+){0,2}"
)
# a given name, not a possessive ("Connor's daddy") nor the start of a full name
_GIVEN = r"(?P<name>[A-Z][a-zà-ÿ]+(?:['’][A-Z][a-zà-ÿ]+)?)(?![\w'’-])(?!\s+[A-Z])"
_RELATIVE = re.compile(
    rf"\b(?P<owner>[Hh]is|[Hh]er|(?P<possessor>[A-Z][\w'’-]*)['’]s?)\s+{_KIN_ADJECTIVES}"
    rf"(?P<relation>{_RELATIVE_NOUNS}),?\s+{_GIVEN}"
)
# "his wife, Maggie, and son Paul": a further relative of the same person
_NEXT_RELATIVE = re.compile(
    rf",?\s+and\s+(?:(?:his|her)\s+)?{_KIN_ADJECTIVES}(?P<relation>{_RELATIVE_NOUNS}),?\s+"
    rf"{_GIVEN}"
)


def _relatives(doc: Doc, people: dict[str, Person], blocked: list[tuple[int, int]]) -> list[Person]:
    """Relatives the text names by a given name only: "his wife, Maggie, and son Paul".

    Only when the relation's owner is a named person: the possessor ("Tom Kessler's wife,
    Maggie") or, for "his"/"her", the one person named in that sentence before it, or in
    the sentence before if this one names none. The relative gets no surname the text does
    not give: a given name that is the first name of a full name in the article is that
    person already if it has the surname of the relative's person ("Maggie Kessler"), and
    is no one's if not ("Maggie Orr" may be someone else). A relative is a person with the
    given name and the description "wife of Tom Kessler" (merge keys it by that relation,
    apart from other Maggies).
    """
    text = doc.text
    firsts = {n.split()[0] for n in people if " " in n}
    found: dict[str, Person] = {}
    seen_twice: set[str] = set()
    # the relatives' own names are no one's owner ("his wife, Maggie. His wife, Hilaria")
    relative_names = set()
    for m in _RELATIVE.finditer(text):
        relative_names.add(m.start("name"))
        end = m.end("name")
        while n := _NEXT_RELATIVE.match(text, end):
            relative_names.add(n.start("name"))
            end = n.end("name")
    for m in _RELATIVE.finditer(text):
        owner = _owner_of_relation(doc, people, m, relative_names)
        if owner is None:
            continue
        pairs = [(m.group("relation"), m.span("name"))]
        while n := _NEXT_RELATIVE.match(text, pairs[-1][1][1]):
            pairs.append((n.group("relation"), n.span("name")))
        for relation, (start, end) in pairs:
            given = text[start:end]
            if given in firsts:
                # "Maggie" is "Maggie Kessler" only when she has the surname of her person; a
                # "Maggie Orr" named elsewhere may be someone else: then the name is no one's
                if not _same_surname(given, owner, people):
                    for p in people.values():
                        p.mentions = [x for x in p.mentions if x.start != start]
                continue
            token = next((t for t in doc if t.idx == start), None)
            if (
                token is None
                or token.pos_ != "PROPN"
                # the frame says "person"; the model may not ("Hilaria" as a place)
                or token.ent_type_ in ("ORG", "DATE", "TIME", "EVENT", "LAW", "LANGUAGE")
                or given in people
                or given.rstrip(".") in TITLES
                or given in _NOT_GIVEN_NAMES
                or _inside(start, end, blocked)
                or _inside(
                    start, end, [(x.start, x.end) for p in people.values() for x in p.mentions]
                )
            ):
                continue
            if given in found and found[given].description != f"{relation} of {owner.name}":
                seen_twice.add(given)
            found.setdefault(given, Person(name=given, description=f"{relation} of {owner.name}"))
    relatives = []
    taken = [(x.start, x.end) for p in people.values() for x in p.mentions]
    for given, person in found.items():
        if given in seen_twice:
            continue  # two relatives with one given name: which is which is unclear
        person.mentions = [
            Mention(start, end, given)
            for start, end in name_spans(given, text, before_capital=False)
            if not _inside(start, end, blocked + taken) and not _after_other_given_name(text, start)
        ]
        relatives.append(person)
    return relatives


def _same_surname(given: str, owner: Person, people: dict[str, Person]) -> bool:
    surname = name_key(owner.name.split()[-1])
    return any(
        n.split()[0] == given and name_key(n.split()[-1]) == surname for n in people if " " in n
    )


def _owner_of_relation(
    doc: Doc, people: dict[str, Person], m: re.Match[str], relative_names: set[int]
) -> Person | None:
    def named_between(start: int, end: int) -> set[str]:
        return {
            p.name
            for p in people.values()
            if any(start <= x.start < end and x.start not in relative_names for x in p.mentions)
        }

    text = doc.text
    if m.group("possessor"):  # the person whose mention ends with it: "Tom Varga's"
        owners = {
            p.name
            for p in people.values()
            if any(x.start < m.end("possessor") <= x.end for x in p.mentions)
        }
        owners = {o for o in owners if " " in o}
        return people[next(iter(owners))] if len(owners) == 1 else None
    sentence = doc.char_span(m.start(), m.end(), alignment_mode="expand")
    if sentence is None:
        return None
    sent = sentence.sent
    owners = named_between(sent.start_char, m.start())
    if not owners and sent.start > 0:
        previous = doc[sent.start - 1].sent
        owners = named_between(previous.start_char, previous.end_char)
    if len(owners) != 1:
        return None
    owner = people[next(iter(owners))]
    # "Ann Lee said his wife, Maggie, ...": "his" may be someone else than the speaker
    last = max((x.end for x in owner.mentions if x.end <= m.start()), default=m.start())
    if re.search(rf"\b(?:{SAYING_VERBS})\b", text[last : m.start()]):
        return None
    return owner if " " in owner.name else None


# --- one person, several spellings ----------------------------------------------------------

NICKNAMES_CSV = Path(__file__).resolve().parent.parent / "data" / "nicknames.csv"


@lru_cache(maxsize=1)
def nicknames() -> dict[str, str]:
    """Common English nickname -> formal given name ("Dave" -> "David"), from
    ``flows/data/nicknames.csv`` (each nickname has exactly one formal name there)."""
    with NICKNAMES_CSV.open(encoding="utf-8", newline="") as f:
        return {row["nickname"]: row["name"] for row in csv.DictReader(f)}


def name_key(name: str) -> str:
    """The form every spelling of one person's full name shares: case-folded, hyphens as
    spaces, a nickname as its formal given name: "Dave Lopez-Grant" -> "david lopez grant"."""
    words = name.replace("-", " ").replace("‐", " ").split()
    if len(words) > 1:
        words[0] = nicknames().get(words[0], words[0])
        if words[-1].rstrip(".,:") in ("Jr", "Sr"):  # "Jr." and "Jr" are one suffix
            words[-1] = words[-1].rstrip(".,:")
    return " ".join(words).casefold()


def surname_key(name: str) -> str | None:
    """A hyphenated surname's key, which the text may write with a space ("Levine Cava")."""
    last = name.split()[-1]
    return last.replace("-", " ").casefold() if "-" in last and " " in name else None


def _forms_of_one_person(doc: Doc, full_names: list[str]) -> dict[str, str]:
    """Each full name -> the name of the person it is a form of: "Maria Lopez Grant" and
    "Dave Kessler" are forms of "Maria Lopez-Grant" and "David Kessler" (same key), and
    "Levine Cava" of "Ana Levine-Cava" (her surname). Two forms written in one sentence
    ("David Kessler and his son Dave Kessler") name two people: then no form of that key
    is merged. The person's name is the first form in the text that is not a bare surname."""
    text = doc.text
    first = {n: _first_position(text, n) for n in full_names}
    surnames: dict[str, list[str]] = {}
    for n in full_names:
        if (key := surname_key(n)) is not None:
            surnames.setdefault(key, []).append(n)
    groups: dict[str, list[str]] = {}
    for n in full_names:
        owners = surnames.get(name_key(n), [])
        key = name_key(owners[0]) if len(owners) == 1 else name_key(n)
        groups.setdefault(key, []).append(n)
    sentences = [s.text for s in doc.sents]
    forms = {n: n for n in full_names}
    for members in groups.values():
        if len(members) < 2 or any(
            sum(bool(name_spans(m, s)) for m in members) > 1 for s in sentences
        ):
            continue
        bare = {
            m
            for m in members
            if surname_key(m) is None and any(name_key(m) == surname_key(o) for o in members)
        }
        person = min((m for m in members if m not in bare), key=lambda m: first[m], default=None)
        if person is not None:
            forms.update(dict.fromkeys(members, person))
    # "Gutierrez Reed", "Marlowe Sommer": the last words of one longer name; "Stacie Fang":
    # its given name and surname; "Hannah Gutierrez": its given name and a part of its
    # hyphenated surname
    for n in full_names:
        if forms[n] != n or any(forms[o] == n for o in full_names if o != n):
            continue
        owner_names = {forms[m] for m in full_names if m != n and _shorter_form(n, m)}
        if len(owner_names) != 1:
            continue
        person = owner_names.pop()
        members = [m for m in full_names if forms[m] == person]
        if not any(_apart_in(sentence, n, members) for sentence in sentences):
            forms[n] = person
    return forms


def _shorter_form(short: str, long: str) -> bool:
    words, longer = short.split(), long.split()
    if len(longer) > len(words) >= 2 and longer[-len(words) :] == words:
        return True
    given = nicknames().get(words[0], words[0])
    if given != nicknames().get(longer[0], longer[0]):
        return False
    if initial_form_of(words, longer):  # "Frederick C. LaRue" of "Frederick Cheney LaRue"
        return True
    if len(words) != 2 or len(longer) < 2:
        return False
    # "Stacie Fang" of "Stacie Dawn Fang"; "Hannah Gutierrez" of "Hannah Gutierrez-Reed"
    return (len(longer) > 2 and longer[-1] == words[-1]) or (
        "-" in longer[-1] and words[-1] in longer[-1].split("-")
    )


def initial_form_of(words: list[str], longer: list[str]) -> bool:
    """Same name but a middle name written as its initial: "C." for "Cheney"."""
    if len(words) != len(longer) or len(words) < 3 or words[-1] != longer[-1]:
        return False
    pairs = list(zip(words[1:-1], longer[1:-1], strict=True))
    return any(a != b for a, b in pairs) and all(
        a == b or (re.fullmatch(r"[A-Z]\.?", a) is not None and b[0] == a[0] and len(b) > 2)
        for a, b in pairs
    )


def _apart_in(sentence: str, short: str, longer: list[str]) -> bool:
    """The sentence names ``short`` outside the longer forms, beside one of them."""
    rest = sentence
    for form in sorted(longer, key=len, reverse=True):
        rest = re.sub(rf"(?<![\w-]){re.escape(form)}(?![\w-])", "\0", rest)
    return "\0" in rest and bool(re.search(rf"(?<![\w-]){re.escape(short)}(?![\w-])", rest))


def _first_position(text: str, name: str) -> int:
    spans = name_spans(name, text)
    return spans[0][0] if spans else len(text)


# --- linking -----------------------------------------------------------------------------------


# A short capitalised word right before a name part: a given name ("Ian Howard" is not John
# Howard), unless it is a title ("Mr Howard") or a word that starts a sentence ("But Howard").
_SHORT_WORD_BEFORE = re.compile(r"(?<![\w.-])([A-Z][a-z]{1,2})\.?\s$")


def _after_other_given_name(text: str, start: int) -> bool:
    m = _SHORT_WORD_BEFORE.search(text[max(0, start - 5) : start])
    return m is not None and m.group(1) not in TITLES and m.group(1) not in _NOT_GIVEN_NAMES


def _link_mentions(
    text: str, full_names: list[str], blocked: list[tuple[int, int]], forms: dict[str, str]
) -> list[tuple[str, Mention]]:
    """Every occurrence of a full name or one of its parts, linked to its person (``forms``:
    full name -> the person's name)."""
    taken: list[tuple[int, int]] = []
    links: list[tuple[str, Mention]] = []
    full_positions: list[tuple[int, str]] = []
    for name in sorted(full_names, key=len, reverse=True):
        for start, end in name_spans(name, text):
            if _inside(start, end, blocked + taken):
                continue
            taken.append((start, end))
            links.append((forms[name], Mention(start, end, name)))
            full_positions.append((start, forms[name]))
    owners: dict[str, list[str]] = {}
    for name in full_names:
        person = forms[name]
        if name != person and (
            name_key(name) in (name_key(person), surname_key(person)) or person.endswith(" " + name)
        ):
            continue  # "Levine Cava", "Maria Lopez Grant", "Gutierrez Reed": the person's own
        words = name.split()
        for part in {words[0], words[-1]}:
            if person not in owners.setdefault(part, []):
                owners[part].append(person)
    for part, candidates in owners.items():
        # a name part as a whole word (possessive allowed), not followed by another
        # capitalised name
        for start, end in name_spans(part, text, before_capital=False):
            if _inside(start, end, blocked + taken) or _after_other_given_name(text, start):
                continue
            owner = _owner(start, candidates, full_positions, text)
            if owner is not None:
                links.append((owner, Mention(start, end, part)))
    return links


def _owner(
    position: int, candidates: list[str], full_positions: list[tuple[int, str]], text: str
) -> str | None:
    if len(candidates) == 1:
        return candidates[0]
    earlier = [(p, n) for p, n in full_positions if p < position and n in candidates]
    if not earlier:
        return None
    # The nearest full mention before it, if it is in the same paragraph or nothing rivals it.
    nearest_pos, nearest = max(earlier)
    if "\n\n" not in text[nearest_pos:position] or len({n for _, n in earlier}) == 1:
        return nearest
    return None


# --- roles -------------------------------------------------------------------------------------

_ARTICLE = r"(?:a|an|the)"
_LINK_VERB = r"(?:was|is|were|became|becomes|had\s+been|has\s+been|served\s+as|worked\s+as)"


def _roles_and_descriptions(text: str, person: Person) -> tuple[list[str], list[str]]:
    roles: dict[str, None] = {}
    descriptions: dict[str, None] = {}
    for mention in person.mentions:
        title = _title_before(text, mention.start)
        if title and title.islower():
            roles.setdefault(title, None)
        role = _role_before(text, mention.start)
        if role and not (
            title and title.islower() and role.capitalize() in TITLES
        ):  # "Justice Goss": judge only
            roles.setdefault(role.lower(), None)
        # "X's widower, NAME," is a relation (a description); "X's lawyer, NAME," and "the
        # judge, NAME," a role; not "X's husband, NAME's father"
        before = text[max(0, mention.start - 60) : mention.start]
        rel = re.search(
            r"(['’]s?|\b[Tt]he|\b[Hh]is|\b[Hh]er|\b[Tt]heir)\s+([a-zé]+(?:\s+[a-z]+){0,3}),\s+$",
            before,
        )
        if rel and re.match(r"['’]", text[mention.end : mention.end + 1]):
            rel = None
        kin = re.search(r"['’]s?\s+([a-zé-]+)\s+$", before)  # "Becky's cousin Dale West"
        if rel is None and kin and kin.group(1) in RELATIONS:
            descriptions.setdefault(kin.group(1), None)
        if rel and rel.group(2) in RELATIONS and not rel.group(1).lower().startswith("the"):
            descriptions.setdefault(rel.group(2), None)
        elif rel:  # the longest role ending the phrase: "the first assistant director, NAME"
            words = rel.group(2).split()
            role = next(
                (
                    " ".join(words[i:])
                    for i in range(len(words))
                    if " ".join(words[i:]) in _ROLE_SET
                ),
                None,
            )
            if role:
                roles.setdefault(role, None)
        after = _strip_possessive_start(text, mention.end)
        for phrase in _role_phrases(after):
            role, descriptor = _split_role(phrase)
            if role:
                roles.setdefault(role, None)
                if descriptor:
                    descriptions.setdefault(descriptor, None)
    return list(roles), list(descriptions)


def _strip_possessive_start(text: str, end: int) -> str:
    after = text[end : end + 160]
    return "" if re.match(r"['’]", after) else after


def _role_phrases(after: str) -> list[str]:
    """Noun phrases that name a role right after a name: ", the site foreman," / "was a nurse"."""
    phrases = []
    # ", a spokeswoman for the academy," -> "a spokeswoman" (not at "of": "director of
    # photography" is a role)
    appos = re.match(
        rf",\s+(?:who\s+{_LINK_VERB}\s+)?({_ARTICLE}\s+[^,.;:()\n]+?)"
        rf"(?:\s+(?:who|which|that|for|at|in|with|from)\b|[,.;)])",
        after,
    )
    if appos:
        phrases.append(appos.group(1))
    pred = re.match(
        rf",?\s+{_LINK_VERB}\s+(?:also\s+|later\s+|then\s+)?"
        rf"({_ARTICLE}\s+[^,.;:()\n]+?)(?:\s+(?:who|which|that|on|at|in|for|with|when|while|"
        rf"and|but|to)\b|[,.;)])",
        after,
    )
    if pred:
        phrases.append(pred.group(1))
    return phrases


def _split_role(phrase: str) -> tuple[str | None, str | None]:
    """'a Ukrainian-born cinematographer' -> ('cinematographer', 'Ukrainian-born')."""
    words = phrase.split()[1:]  # drop the article
    for i in range(len(words)):
        candidate = " ".join(words[i:]).lower()
        for role in ROLES:
            if candidate == role:
                descriptor = " ".join(words[:i]) or None
                if descriptor and not all(
                    w[0].isupper() or "-" in w or w.islower() for w in descriptor.split()
                ):
                    descriptor = None
                return role, descriptor
    return None, None
