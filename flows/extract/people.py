"""Person mentions -> one Person per real person in an article, with roles.

Candidates come from the NER model's PERSON entities and from the text's own
evidence (a title or a role noun right before a capitalised name). Outlets,
work titles ("the documentary Finding Marcus Webb") and names that are really
places or organisations are filtered out. Every later occurrence of a known
person's full name, surname or first name is then linked to that person,
whatever label the model gave it; a name part shared by two people links to
the nearest preceding full mention of one of them, and stays unlinked if
neither was named before it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span

from flows.extract.outlets import OutletIndex
from flows.extract.records import Mention, Person

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
    "niece",
    "nephew",
    "cousin",
    "uncle",
    "aunt",
    "stepson",
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
    "Justice": "justice",
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
    full_names = _full_names(doc, text, blocked)
    people = {name: Person(name=name) for name in full_names}
    mentions = _link_mentions(text, full_names, blocked)
    for name in _single_names(doc, text, blocked, full_names):
        people[name] = Person(name=name)
        mentions.extend(
            (name, Mention(m.start(), m.end(), m.group(0)))
            for m in re.finditer(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text)
            if not _inside(m.start(), m.end(), blocked)
        )
    for name, mention in sorted(mentions, key=lambda nm: nm[1].start):
        people[name].mentions.append(mention)
    result = []
    for person in people.values():
        if not person.mentions:
            continue
        roles, descriptions = _roles_and_descriptions(text, person)
        person.roles = roles
        person.description = "; ".join(descriptions) or None
        person.aliases = sorted({m.text for m in person.mentions} - {person.name})
        result.append(person)
    result.sort(key=lambda p: p.mentions[0].start)
    return result


# --- candidates ------------------------------------------------------------------------------


# Bylines, photo credits and reporter lines name the article's makers, not people in it.
_CREDITS = re.compile(
    r"^[ \t]*(?:By|BY|Written by|Reporting by|Additional reporting by|Edited by)[ \t]+"
    r"(?:[A-Z][\w.'’-]*[ \t]*(?:,|and|&)?[ \t]*){1,10}$"  # a line of capitalised names only
    r"|^[ \t]*Contact[ \t]+[A-Z][^\n]{2,100}$"
    r"|\((?:Photo|Image|Picture)s?(?:\s+(?:by|credit))?:?[^)\n]{2,80}\)"
    r"|^[ \t]*(?:(?:Photo|Image|Picture|Photograph)s?\s+(?:by|credit:?)|Credit:)[ \t]+[^\n]{2,80}$"
    r"|\b[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){0,3}\s*/\s*(?:Getty Images|AP Photo|Reuters|AFP"
    r"|Shutterstock|Alamy|EPA|Bloomberg|The New York Times|Redux)\b",
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


def _looks_like_title(m: re.Match[str]) -> bool:
    words = m["title"].split()
    return 1 < len(words) <= 10 and all(
        w[0].isupper() or (w.islower() and len(w) <= 4) for w in words
    )


def _inside(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(s < end and start < e for s, e in spans)


def _clean_name(raw: str) -> str:
    name = _POSSESSIVE.sub("", raw.strip())
    words = name.split()
    # titles and capitalised role nouns are not part of a name: "Producer Owen Tribble"
    while len(words) > 1 and (words[0].rstrip(".") in TITLES or words[0].lower() in _ROLE_SET):
        words = words[1:]
    # nor are post-nominal letters: "Sarah Quayle KC"
    while len(words) > 2 and words[-1].rstrip(".,") in POST_NOMINALS:
        words = words[:-1]
    return " ".join(words)


def _is_organisation(name: str, text: str) -> bool:
    """A name that ends in an organisation or place word ("Willowmere Hospice"), or that
    the text uses as the start of one ("Helio Ridge" in "Helio Ridge Energy")."""
    if name.split()[-1] in ORGANISATION_WORDS:
        return True
    following = re.finditer(rf"(?<![\w-]){re.escape(name)}\s+([A-Z][\w&]*)", text)
    return any(m.group(1) in ORGANISATION_WORDS for m in following)


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
    partners = [ent.root.head] if ent.root.dep_ == "conj" else []
    partners += [c for c in ent.root.children if c.dep_ == "conj"]
    return any(t.ent_type_ == "PERSON" for t in partners)


def _is_name(name: str) -> bool:
    words = name.split()
    return (
        1 <= len(words) <= 4
        and all(w[0].isupper() or w in ("de", "van", "von", "da", "del", "la", "le") for w in words)
        and not any(ch.isdigit() for ch in name)
        and not name.isupper()
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
        name = _clean_name(ent.text)
        if len(name.split()) >= 2 and _is_name(name) and not _is_organisation(name, text):
            names.setdefault(name, None)
    for m in _CAPITALISED_NAME.finditer(text):
        name = _clean_name(m.group(0))
        if name in names or _inside(m.start(), m.end(), blocked) or not _is_name(name):
            continue
        start = m.start() + m.group(0).rfind(name.split()[0])  # after "Prosecutor", "Judge"
        if _role_before(text, start) or _title_before(text, start):
            names.setdefault(name, None)
    names.update(dict.fromkeys(_full_names_of_surnames(doc, text, blocked, names)))
    # A name that is the start of a longer known name is the same person ("Alec" in "Alec Baldwin")
    return [n for n in names if not any(o != n and o.startswith(n + " ") for o in names)]


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
    return list(found)


def _title_before(text: str, start: int) -> str | None:
    m = re.search(r"\b([A-Z][a-z]+)\.?\s+$", text[max(0, start - 15) : start])
    if m and m.group(1) in TITLES:
        return TITLES[m.group(1)] or m.group(1)
    return None


# Every role ending a text, longest first: "assistant director" before "director".
_ROLE_AT_END = re.compile(
    rf"(?<![\w-])(?P<role>{'|'.join(re.escape(r) for r in ROLES)})\s+$", re.IGNORECASE
)


def _role_before(text: str, start: int) -> str | None:
    """The role noun phrase right before a name: "assistant director Dave Halls"; not one
    that belongs to someone else ("Hutchins' director"): then a shorter one may follow."""
    before = text[max(0, start - 60) : start]
    position = 0
    while m := _ROLE_AT_END.search(before, position):
        if not re.search(r"['’]s$", before[: m.start()].rstrip()):
            return m.group("role").lower()
        position = m.start() + 1
    return None


# --- linking -----------------------------------------------------------------------------------


def _name_pattern(form: str) -> re.Pattern[str]:
    # A name as a whole word (possessive allowed), not part of a longer capitalised name.
    return re.compile(
        rf"(?<![\w-])(?<![A-Z][a-z]\s)(?<![A-Z][a-z][a-z]\s){re.escape(form)}(?![\w-])"
        rf"(?!\s+[A-Z][a-z])"
    )


def _link_mentions(
    text: str, full_names: list[str], blocked: list[tuple[int, int]]
) -> list[tuple[str, Mention]]:
    """Every occurrence of a full name or one of its parts, linked to its person."""
    taken: list[tuple[int, int]] = []
    links: list[tuple[str, Mention]] = []
    full_positions: list[tuple[int, str]] = []
    for name in sorted(full_names, key=len, reverse=True):
        for m in re.finditer(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text):
            if _inside(m.start(), m.end(), blocked + taken):
                continue
            taken.append(m.span())
            links.append((name, Mention(m.start(), m.end(), name)))
            full_positions.append((m.start(), name))
    owners: dict[str, list[str]] = {}
    for name in full_names:
        words = name.split()
        for part in {words[0], words[-1]}:
            owners.setdefault(part, []).append(name)
    for part, candidates in owners.items():
        for m in _name_pattern(part).finditer(text):
            if _inside(m.start(), m.end(), blocked + taken):
                continue
            owner = _owner(m.start(), candidates, full_positions, text)
            if owner is not None:
                links.append((owner, Mention(m.start(), m.end(), part)))
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
        if role:
            roles.setdefault(role.lower(), None)
        # "X's widower, NAME," is a relation (a description); "X's lawyer, NAME," a role
        before = text[max(0, mention.start - 60) : mention.start]
        rel = re.search(r"['’]s?\s+([a-zé]+(?:\s+[a-z]+)?),\s+$", before)
        if rel and rel.group(1) in RELATIONS:
            descriptions.setdefault(rel.group(1), None)
        elif rel and rel.group(1) in _ROLE_SET:
            roles.setdefault(rel.group(1), None)
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
    appos = re.match(rf",\s+(?:who\s+{_LINK_VERB}\s+)?({_ARTICLE}\s+[^,.;:()\n]+?)[,.;)]", after)
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
