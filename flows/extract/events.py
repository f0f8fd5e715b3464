"""Event mentions -> dated, typed events with participants, one per real event.

A trigger (a verb or noun from the lexicon below, checked on the dependency
parse) makes an event mention of its sentence. Its date is the date
expression closest to the trigger in the parse tree, never one inside a
citation's attribution phrase (that is the date of a report, not of the
event); an event with no date in its clause has a null date. Event-relative
dates ("the day before the incident") are resolved against the event they
name. Mentions of the same event merge (``merge_events``): compatible type,
compatible dates and shared participants.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import replace

from spacy.tokens import Doc, Span, Token

from flows.extract.dates import resolve_relative, span_of
from flows.extract.records import Event, EventMention, Participant, Person, TemporalExpression

_FILM_OBJECTS = {"production", "filming", "shooting", "work", "shoot", "film", "movie", "project"}
_GUN_OBJECTS = {
    "gun",
    "weapon",
    "revolver",
    "pistol",
    "rifle",
    "shot",
    "shots",
    "round",
    "rounds",
    "firearm",
}
_VEHICLES = {
    "car",
    "truck",
    "pickup",
    "vehicle",
    "van",
    "suv",
    "bus",
    "driver",
    "motorist",
    "train",
    "motorcycle",
    "forklift",
}
_FALL_PREPOSITIONS = {"from", "off", "through", "into", "down"}
_CASE_OBJECTS = {"charge", "charges", "case", "lawsuit", "suit", "indictment", "count", "counts"}


def _objects(token: Token) -> set[str]:
    deps = ("dobj", "obj", "nsubjpass", "attr", "pobj", "dative", "prt", "xcomp")
    words = {c.lemma_.lower() for c in token.children if c.dep_ in deps}
    words |= {c.lower_ for c in token.children if c.dep_ in deps}
    for prep in (c for c in token.children if c.dep_ in ("prep", "agent")):
        words |= {g.lemma_.lower() for g in prep.children if g.dep_ == "pobj"}
    if token.dep_ in ("amod", "compound"):
        words.add(token.head.lemma_.lower())
    return words


def _subjects(token: Token) -> set[str]:
    words = {c.lemma_.lower() for c in token.children if c.dep_ in ("nsubj", "nsubjpass")}
    if token.dep_ in ("xcomp", "conj", "advcl") and not words:
        words = _subjects(token.head)
    return words


def _particle(token: Token) -> str:
    """The verb's particle, or a bare preposition used as one ("walked off the set")."""
    return " ".join(c.lower_ for c in token.children if c.dep_ in ("prt", "prep", "advmod"))


_ON_THE_ROAD = {"ride", "cycle", "walk", "cross", "drive", "jog", "run", "bike"}


def _on_the_road(token: Token) -> bool:
    """'X was struck while riding home': a passive strike with no agent, on the move."""
    passive = any(c.dep_ == "auxpass" for c in token.children)
    agent = any(c.dep_ == "agent" for c in token.children)
    moving = any(
        t.lemma_ in _ON_THE_ROAD or t.lower_.removesuffix("ing") in _ON_THE_ROAD | {"rid", "cycl"}
        for t in token.subtree
        if t.i != token.i
    )
    return passive and not agent and moving


def _is_hit_and_run(token: Token) -> bool:
    """'the hit-and-run death of a cyclist'."""
    doc = token.doc
    return doc[token.i : token.i + 5].text.replace(" ", "").lower().startswith("hit-and-run")


# (event type, condition on the trigger token) per lemma; first match wins.
Rule = tuple[str, Callable[[Token], bool]]
_ANY: Callable[[Token], bool] = lambda t: True  # noqa: E731
_VERB_RULES: dict[str, list[Rule]] = {
    "shoot": [("shooting", lambda t: not (_objects(t) & {"film", "scene", "movie", "video"}))],
    "fire": [("shooting", lambda t: bool(_objects(t) & _GUN_OBJECTS) or not _objects(t))],
    "discharge": [("shooting", _ANY)],
    "strike": [
        ("shooting", lambda t: bool(_subjects(t) & {"bullet", "round", "shot", "revolver", "gun"})),
        ("accident", lambda t: bool((_objects(t) | _subjects(t)) & _VEHICLES)),
        ("accident", lambda t: _on_the_road(t)),
    ],
    "kill": [("death", _ANY)],
    "die": [("death", _ANY)],
    "injure": [("injury", _ANY)],
    "wound": [("injury", _ANY)],
    "hospitalize": [("injury", _ANY)],
    "stab": [("attack", _ANY)],
    "assault": [("attack", _ANY)],
    "poison": [("attack", lambda t: not _by_something(t)), ("injury", _ANY)],
    "crash": [("accident", _ANY)],
    "collapse": [("accident", lambda t: bool(_subjects(t) & _STRUCTURES))],
    "collide": [("accident", _ANY)],
    "overturn": [("accident", _ANY)],
    "explode": [("accident", _ANY)],
    "fall": [("accident", lambda t: bool(set(_particle(t).split()) & _FALL_PREPOSITIONS))],
    "hit": [
        ("accident", lambda t: _is_hit_and_run(t)),
        ("accident", lambda t: bool((_objects(t) | _subjects(t)) & _VEHICLES) or _on_the_road(t)),
    ],
    "punch": [("attack", _ANY)],
    "beat": [("attack", lambda t: t.tag_ == "VBN" or "to" in _particle(t).split())],
    "attack": [("attack", _ANY)],
    "strangle": [("attack", _ANY)],
    "arrest": [("arrest", _ANY)],
    "charge": [("charge", lambda t: t.tag_ == "VBN" or bool(_objects(t) & {"with"}))],
    "indict": [("charge", _ANY)],
    "convict": [("conviction", _ANY)],
    "acquit": [("acquittal", _ANY)],
    "sentence": [("sentencing", _ANY)],
    "appeal": [("appeal", _ANY)],
    "dismiss": [("dismissal", lambda t: bool(_objects(t) & _CASE_OBJECTS) or t.tag_ == "VBN")],
    "drop": [("dismissal", lambda t: bool(_objects(t) & _CASE_OBJECTS))],
    "sue": [("lawsuit", _ANY)],
    "file": [
        ("lawsuit", lambda t: bool(_objects(t) & {"lawsuit", "suit", "complaint"})),
        ("appeal", lambda t: "appeal" in _objects(t)),
    ],
    "settle": [("settlement", _ANY)],
    "investigate": [("investigation", _ANY)],
    "launch": [
        ("investigation", lambda t: bool(_objects(t) & {"investigation", "inquiry", "probe"}))
    ],
    "open": [
        ("investigation", lambda t: bool(_objects(t) & {"investigation", "inquiry", "probe"}))
    ],
    "fail": [
        (
            "safety failure",
            lambda t: any(
                c.dep_ == "xcomp"
                and c.lemma_ in {"inspect", "check", "secure", "verify", "follow", "clear"}
                for c in t.children
            ),
        )
    ],
    "walk": [("walkout", lambda t: bool(set(_particle(t).split()) & {"off", "out"}))],
    "halt": [
        (
            "production halted",
            lambda t: bool(_objects(t) & _FILM_OBJECTS) or bool(_subjects(t) & _FILM_OBJECTS),
        )
    ],
    "suspend": [
        (
            "production halted",
            lambda t: bool(_objects(t) & _FILM_OBJECTS) or bool(_subjects(t) & _FILM_OBJECTS),
        )
    ],
    "resume": [
        (
            "production resumed",
            lambda t: bool(_objects(t) & _FILM_OBJECTS) or bool(_subjects(t) & _FILM_OBJECTS),
        )
    ],
    "premiere": [("premiere", _ANY)],
    "premier": [("premiere", lambda t: t.lower_.startswith("premiere"))],
    "resign": [("resignation", _ANY)],
    "step": [("resignation", lambda t: "down" in _particle(t).split())],
    "release": [
        ("release", lambda t: bool((_objects(t) | _subjects(t)) & _WORKS) and not _freed(t))
    ],
    "protest": [("protest", lambda t: not _objects(t) & {"innocence"})],
    "rally": [("protest", _ANY)],
    "march": [("protest", lambda t: bool(_particle(t)) or bool(_subjects(t) - {"it"}))],
}
_NOUN_TYPES = {
    "crash": "accident",
    "collision": "accident",
    "accident": "accident",
    "explosion": "accident",
    "attack": "attack",
    "assault": "attack",
    "stabbing": "attack",
    "trial": "trial",
    "shooting": "shooting",
    "death": "death",
    "arrest": "arrest",
    "conviction": "conviction",
    "acquittal": "acquittal",
    "dismissal": "dismissal",
    "lawsuit": "lawsuit",
    "walkout": "walkout",
    "premiere": "premiere",
    "indictment": "charge",
    "protest": "protest",
    "rally": "protest",
    "vigil": "protest",
    "resignation": "resignation",
    "statement": "statement",
    "settlement": "settlement",
    "appeal": "appeal",
}
# Verbs that make a settlement or appeal noun an event: "reached a settlement", "filed an appeal"
_NOUN_VERBS = {
    "statement": {"issue", "release", "publish", "post", "say", "write", "share"},
    "vigil": {"hold", "held", "gather", "attend", "plan", "organize", "organise"},
    "appeal": {"file", "lodge", "launch", "lose", "win", "reject", "dismiss", "deny", "hear"},
}
# Nouns that name an event only with these words around them ("of X", "filed a lawsuit").
_TRIAL_VERBS = {"begin", "open", "start", "stand", "go", "face", "resume", "conclude", "end"}
_NOUN_NEEDS_OF = {"conviction", "dismissal", "arrest", "death", "acquittal", "indictment"}

# Participant roles by event type: (role of the subject / agent, role of the object).
_ROLES: dict[str, tuple[str | None, str | None]] = {
    "shooting": ("shooter", "victim"),
    "death": ("victim", "victim"),
    "injury": ("perpetrator", "injured"),
    "attack": ("perpetrator", "victim"),
    "accident": ("participant", "injured"),
    "arrest": (None, "defendant"),
    "charge": (None, "defendant"),
    "trial": ("defendant", "defendant"),
    "conviction": (None, "defendant"),
    "acquittal": (None, "defendant"),
    "sentencing": ("judge", "defendant"),
    "appeal": ("plaintiff", None),
    "dismissal": ("judge", "defendant"),
    "lawsuit": ("plaintiff", "defendant"),
    "settlement": ("participant", "participant"),
    "investigation": (None, "participant"),
    "safety failure": ("responsible", None),
    "statement": ("participant", None),
    "protest": ("participant", None),
    "release": (None, None),
    "walkout": ("participant", None),
    "resignation": ("participant", None),
}
_SUBJECT_DEPS = {"nsubj", "agent", "csubj"}
_OBJECT_DEPS = {"dobj", "obj", "nsubjpass", "pobj", "dative", "attr", "poss", "appos"}
_TYPE_GROUPS = {
    "shooting": "harm",
    "death": "harm",
    "injury": "harm",
    "attack": "harm",
    "accident": "harm",
}
_TYPE_RANK = ["shooting", "attack", "accident", "death", "injury"]
_GENERIC_ANCHORS = {"incident", "tragedy", "attack", "accident", "event", "events", "crash"}
_LOCATION_LABELS = {"GPE", "LOC", "FAC", "EVENT"}
_MAX_DATE_DISTANCE = 5


def find_events(
    doc: Doc,
    people: list[Person],
    dates: list[TemporalExpression],
    citation_spans: list[tuple[int, int]],
) -> tuple[list[Event], list[TemporalExpression]]:
    """Events of one parsed article, merged, and the dates with relative ones resolved."""
    owner = {(m.start, m.end): p.name for p in people for m in p.mentions}
    dates = _resolve_from_previous(dates)  # "that night", "two days later": known already
    usable = [d for d in dates if d.kind == "date" and d.value and not _inside(d, citation_spans)]
    date_spans = [(d.start, d.end) for d in dates]
    mentions: list[tuple[Event, Token]] = []
    for sent in doc.sents:
        for token in sent:
            event_type = _trigger_type(token)
            if event_type is None or _inside_span(token, citation_spans + date_spans):
                continue
            if not _is_asserted(token):
                continue
            if _only_a_time_reference(token):
                continue
            event = _event(token, sent, event_type, owner, usable, citation_spans, doc)
            mentions.append((event, token))
    events = _merge_in_sentence(mentions)
    events, resolved = _resolve_relative_dates(events, dates)
    return merge_events(events), resolved


_WORKS: set[str] = {
    "film", "movie", "documentary", "series", "show", "album", "song", "book", "season",
    "episode", "docuseries", "trailer", "memoir", "podcast",
}  # fmt: skip


def _freed(token: Token) -> bool:
    """'released from prison', 'released on bail': a person set free, not a work released."""
    return any(
        c.dep_ == "prep"
        and c.lower_ in ("from", "on")
        and any(
            g.lemma_ in ("prison", "jail", "custody", "hospital", "bail", "bond", "parole")
            for g in c.children
        )
        for c in token.children
    )


_STRUCTURES: set[str] = {
    "building", "bridge", "roof", "ceiling", "wall", "stage", "scaffolding", "scaffold", "crane",
    "mine", "tunnel", "balcony", "deck", "structure", "tower", "floor", "stand", "rig", "set",
}  # fmt: skip
_VEHICLE_NOUNS = {"crash", "collision"}
_ROAD_WORDS = {
    "car",
    "plane",
    "helicopter",
    "bus",
    "train",
    "motorcycle",
    "bike",
    "traffic",
    "road",
}


def _by_something(token: Token) -> bool:
    """'poisoned by carbon monoxide': the agent is a thing, not a person."""
    for agent in (c for c in token.children if c.dep_ == "agent"):
        objects = [g for g in agent.children if g.dep_ == "pobj"]
        if objects and objects[0].pos_ not in ("PROPN", "PRON"):
            return True
    return False


def _governed_by(token: Token, verbs: set[str]) -> bool:
    """The noun is the object or subject of one of ``verbs``, directly or through "notice of",
    "terms of" and the like."""
    node = token
    for _ in range(3):
        if node.head.lemma_.lower() in verbs:
            return True
        if node.head.i == node.i:
            return False
        node = node.head
    return False


def _modified_by_other_noun(token: Token) -> bool:
    compounds = [c for c in token.children if c.dep_ == "compound"]
    return bool(compounds) and not any(c.lemma_.lower() in _ROAD_WORDS for c in compounds)


_INTENTION_VERBS = {
    "plan", "intend", "want", "expect", "hope", "seek", "threaten", "vow", "decide", "aim",
    "deserve", "try", "refuse", "consider", "wish", "promise", "pledge", "urge", "ask",
}  # fmt: skip
_HEDGES = {"would", "could", "might", "may", "should", "must", "can"}
_CONDITIONS = {"if", "unless", "whether"}


def _is_asserted(token: Token) -> bool:
    """Whether the text says the event happened (or is scheduled to): not negated ("has not
    been charged"), hedged ("would appeal"), conditional ("if convicted") or only intended
    ("plans to sue", "deserved to die")."""
    children = list(token.children)
    if any(c.dep_ == "neg" for c in children):
        return False
    if any(c.dep_ in ("aux", "auxpass") and c.lower_ in _HEDGES for c in children):
        return False
    if any(c.dep_ == "mark" and c.lower_ in _CONDITIONS for c in children):
        return False
    if token.dep_ == "xcomp" and token.head.lemma_.lower() in _INTENTION_VERBS:
        return False
    if token.dep_ in ("acl", "relcl") and any(c.lower_ == "to" for c in children):
        return False  # "the right to appeal"
    if (
        token.dep_ == "advcl"
        and token.tag_ == "VBN"
        and not any(c.dep_ in ("nsubj", "nsubjpass") for c in children)
    ):
        return not any(c.lower_ in _CONDITIONS for c in token.subtree)
    return True


def _trigger_type(token: Token) -> str | None:
    lemma = token.lemma_.lower()
    if token.pos_ in ("VERB", "AUX") or (token.pos_ == "ADJ" and token.tag_ == "VBN"):
        for event_type, condition in _VERB_RULES.get(lemma, []):
            if condition(token):
                return event_type
        if lemma == "find" and any(c.lower_ == "guilty" for c in token.subtree):
            not_ = any(c.lower_ == "not" for c in token.subtree)
            return "acquittal" if not_ else "conviction"
        return None
    if token.pos_ == "NOUN" and lemma in _NOUN_TYPES:
        whose = any(
            c.dep_ == "poss" or (c.dep_ == "prep" and c.lower_ == "of") for c in token.children
        )
        if lemma in _NOUN_NEEDS_OF and not whose:  # "the conviction of X", "her death"
            return None
        if lemma == "lawsuit" and token.head.lemma_ not in ("file", "bring", "launch"):
            return None
        if lemma in _NOUN_VERBS and not _governed_by(token, _NOUN_VERBS[lemma]):
            return None
        if lemma == "accident" and token.head.lower_ == "by":
            return None  # "introduced by accident": a manner, not an event
        if lemma in _VEHICLE_NOUNS and _modified_by_other_noun(token):
            return None  # "a blood sugar crash", "the market crash"
        if lemma == "trial" and token.head.lemma_ not in _TRIAL_VERBS:
            return None  # "the fairness of the trial" names it, "the trial began" reports it
        return _NOUN_TYPES[lemma]
    return None


_TEMPORAL_PREPOSITIONS = {"before", "after", "following", "since", "until", "prior", "during"}


def _only_a_time_reference(token: Token) -> bool:
    """A noun trigger used to place something else in time ("after the shooting")."""
    return (
        token.pos_ == "NOUN"
        and token.dep_ == "pobj"
        and token.head.lower_ in _TEMPORAL_PREPOSITIONS
    ) or (token.pos_ == "NOUN" and token.head.lower_ in _TEMPORAL_PREPOSITIONS)


def _inside(expr: TemporalExpression, spans: list[tuple[int, int]]) -> bool:
    return any(s <= expr.start and expr.end <= e for s, e in spans)


def _inside_span(token: Token, spans: list[tuple[int, int]]) -> bool:
    return any(s <= token.idx < e for s, e in spans)


def _event(
    trigger: Token,
    sent: Span,
    event_type: str,
    owner: dict[tuple[int, int], str],
    dates: list[TemporalExpression],
    citation_spans: list[tuple[int, int]],
    doc: Doc,
) -> Event:
    date = _closest_date(trigger, sent, dates, doc)
    clause = _clause(trigger, citation_spans)
    event = Event(
        event_type=event_type,
        summary=_summary(clause, trigger),
        participants=_participants(trigger, event_type, owner, doc),
        location=_location(clause, [*owner, *citation_spans]),
        mentions=[EventMention(sent.start_char, sent.end_char, sent.text)],
        triggers=[(trigger.idx, trigger.idx + len(trigger.text))],
    )
    return _dated(event, date) if date else event


def _dated(event: Event, date: TemporalExpression) -> Event:
    return replace(
        event,
        event_date=date.value,
        date_precision=date.precision,
        date_start=date.date_start,
        date_end=date.date_end,
        date_resolution=date.resolution,
    )


def _tree_distance(a: Token, b: Token) -> int:
    path_a = [a, *a.ancestors]
    path_b = [b, *b.ancestors]
    index_b = {t.i: n for n, t in enumerate(path_b)}
    for n, token in enumerate(path_a):
        if token.i in index_b:
            return n + index_b[token.i]
    return 99


def _closest_date(
    trigger: Token, sent: Span, dates: list[TemporalExpression], doc: Doc
) -> TemporalExpression | None:
    best: tuple[int, int, TemporalExpression] | None = None
    for expr in dates:
        if not (sent.start_char <= expr.start < sent.end_char):
            continue
        span = doc.char_span(expr.start, expr.end, alignment_mode="expand")
        if span is None:
            continue
        distance = _tree_distance(trigger, span.root)
        if _is_object_noun(trigger) and trigger.i not in {t.i for t in span.root.ancestors}:
            continue  # "walked out on Tuesday to protest the shooting": Tuesday is the walkout's
        if distance <= _MAX_DATE_DISTANCE and not _in_other_clause(span.root, trigger):
            key = (distance, abs(span.root.i - trigger.i), expr)
            if best is None or key[:2] < best[:2]:
                best = key
    return best[2] if best else None


_OTHER_CLAUSES = {"relcl", "acl", "ccomp", "csubj"}


_SUPPORT_VERBS = {
    "file", "bring", "launch", "reach", "hold", "make", "issue", "begin", "start", "open",
    "lodge", "announce", "finalize", "finalise", "sign", "stage", "go",
}  # fmt: skip


def _is_object_noun(token: Token) -> bool:
    """A noun trigger that is the object of a verb other than its own support verb
    ("to protest the shooting", not "filed a lawsuit"): its date is in its own phrase."""
    return (
        token.pos_ == "NOUN"
        and token.dep_ in ("dobj", "pobj", "obj", "attr")
        and not _governed_by(token, _SUPPORT_VERBS)
    )


def _in_other_clause(token: Token, trigger: Token) -> bool:
    """Whether ``token`` sits in a relative or complement clause that does not hold the
    trigger: "dropped charges against a man who was arrested in April" dates the arrest."""
    trigger_path = {trigger.i, *(t.i for t in trigger.ancestors)}
    node = token
    while node.i not in trigger_path and node.head.i != node.i:
        if node.dep_ in _OTHER_CLAUSES:
            return True
        node = node.head
    return False


def _person_of(token: Token, owner: dict[tuple[int, int], str]) -> str | None:
    for (start, end), name in owner.items():
        if start <= token.idx < end:
            return name
    return None


def _participants(
    trigger: Token, event_type: str, owner: dict[tuple[int, int], str], doc: Doc
) -> list[Participant]:
    subject_role, object_role = _ROLES.get(event_type, (None, None))
    found: dict[str, str] = {}
    heads = [trigger]
    if trigger.dep_ in ("amod", "compound"):  # "the fatal shooting of X"
        heads.append(trigger.head)
    for head in heads:
        for token in head.subtree:
            name = _person_of(token, owner)
            if name is None or name in found:
                continue
            role = _role_in_clause(token, head, subject_role, object_role)
            if role:
                found[name] = role
    if not found and object_role:  # a misparsed object: the name right after the trigger
        for token in trigger.doc[trigger.i + 1 : trigger.i + 5]:
            if token.pos_ in ("VERB", "AUX", "PUNCT", "SCONJ", "CCONJ"):
                break
            name = _person_of(token, owner)
            if name:
                found[name] = object_role
                break
    # Subjects the clause borrows: "X was charged and sentenced", "X, who died on ..."
    for token, role in _borrowed_subjects(trigger, subject_role, object_role):
        for t in token.subtree:
            name = _person_of(t, owner)
            if name and name not in found and role:
                found[name] = role
    return [Participant(name, role) for name, role in found.items()]


def _borrowed_subjects(
    trigger: Token, subject_role: str | None, object_role: str | None
) -> list[tuple[Token, str | None]]:
    """Subjects a trigger takes from elsewhere: a coordinated verb's, or a relative clause's
    antecedent ("Halyna Hutchins was a cinematographer who died" -> Halyna Hutchins)."""
    own = [c for c in trigger.children if c.dep_ in ("nsubj", "nsubjpass")]
    passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in trigger.children)
    borrowed: list[tuple[Token, str | None]] = []
    if own and own[0].lower_ in ("who", "that", "which") and trigger.dep_ == "relcl":
        antecedent = trigger.head
        if antecedent.dep_ == "attr":  # "X was a cinematographer who died"
            subjects = [c for c in antecedent.head.children if c.dep_ == "nsubj"]
            antecedent = subjects[0] if subjects else antecedent
        borrowed.append((antecedent, object_role if passive else subject_role))
    elif not own and trigger.dep_ == "conj" and trigger.head.pos_ in ("VERB", "AUX"):
        for c in trigger.head.children:
            if c.dep_ == "nsubj":
                borrowed.append((c, object_role if passive else subject_role))
            elif c.dep_ == "nsubjpass":
                borrowed.append((c, object_role))
    return borrowed


def _role_in_clause(
    token: Token, trigger: Token, subject_role: str | None, object_role: str | None
) -> str | None:
    # Walk up from the name to the trigger; the dependency just below the trigger decides.
    node = token
    possessive = False  # "Velasquez's brother filed": the brother is the subject, not Velasquez
    while node.head.i != node.i and node.head.i != trigger.i:
        possessive = possessive or node.dep_ == "poss"
        if node.dep_ in ("relcl", "advcl", "ccomp") or (
            node.head.pos_ == "VERB" and node.head != trigger and node.dep_ in _SUBJECT_DEPS
        ):
            return None
        node = node.head
    if node.head.i != trigger.i:
        return None
    dep = node.dep_
    if dep in ("conj", "appos"):
        dep = node.head.dep_ if node.head.i != trigger.i else dep
    if dep in _SUBJECT_DEPS:
        return None if possessive else subject_role
    if dep == "prep" and node.lower_ == "by":
        return subject_role
    if dep in _OBJECT_DEPS or dep in ("prep", "xcomp", "advcl", "npadvmod"):
        if dep in ("advcl", "xcomp"):
            return None
        return object_role
    return None


def _location(clause: list[Token], excluded: list[tuple[int, int]]) -> str | None:
    """Places in the trigger's clause, never a span that is a person's or a source's name."""
    places: list[str] = []
    for token in clause:
        if token.ent_iob_ == "B" and token.ent_type_ in _LOCATION_LABELS:
            if _inside_span(token, excluded):
                continue
            ent = next(e for e in token.doc.ents if e.start == token.i)
            if ent.text not in places:
                places.append(re.sub(r"^the\s+", "", ent.text))
    return ", ".join(places) or None


def _clause(trigger: Token, citation_spans: list[tuple[int, int]]) -> list[Token]:
    """The trigger's clause, without attribution phrases and other coordinated clauses."""
    root = trigger
    while root.head.i != root.i and (
        root.dep_ in ("amod", "compound", "xcomp")
        or (
            root.pos_ == "NOUN"
            and root.head.pos_ in ("VERB", "AUX")
            and root.dep_ in ("dobj", "nsubj", "nsubjpass", "pobj")
        )
    ):
        root = root.head
    skip: set[int] = set()
    for child in root.children:
        if child.dep_ in ("conj", "cc", "advcl", "relcl", "parataxis") and child.i > root.i:
            skip |= {t.i for t in child.subtree}
    return [
        t
        for t in root.subtree
        if t.i not in skip and not any(s <= t.idx < e for s, e in citation_spans)
    ]


def _summary(clause: list[Token], trigger: Token) -> str:
    text = "".join(t.text_with_ws for t in clause).strip()
    text = re.sub(r"^(?:[,;:\s]+|that\s+)+|[,;:\s]+$", "", text)
    text = re.sub(r"\s+([,.;:])", r"\1", text)
    text = re.sub(r"([,;:])(?:\s*[,;:.])+", r"\1", text).rstrip(",;: ")
    return text[:1].upper() + text[1:] if text else trigger.sent.text.strip()


# --- merging ------------------------------------------------------------------------------


def _merge_in_sentence(mentions: list[tuple[Event, Token]]) -> list[Event]:
    """Harm triggers in one sentence ("shot ... striking ... injuring") are one event."""
    events: list[Event] = []
    for event, _ in mentions:
        previous = events[-1] if events else None
        if (
            previous is not None
            and previous.mentions[0] == event.mentions[0]
            and _group(previous.event_type) == _group(event.event_type) == "harm"
        ) or (
            previous is not None
            and previous.mentions[0] == event.mentions[0]
            and previous.event_type == event.event_type
        ):
            events[-1] = _combine(previous, event)
        else:
            events.append(event)
    return events


def _group(event_type: str) -> str:
    return _TYPE_GROUPS.get(event_type, event_type)


def _combine(a: Event, b: Event) -> Event:
    event_type = min(
        (a.event_type, b.event_type), key=lambda t: _TYPE_RANK.index(t) if t in _TYPE_RANK else 99
    )
    dated = a if _precision_rank(a) <= _precision_rank(b) else b
    # the mention of the merged type gives the roles ("shooter" over "victim" from "died")
    typed, other = (a, b) if a.event_type == event_type else (b, a)
    participants = {p.name: p for p in other.participants} | {p.name: p for p in typed.participants}
    mentions = list(dict.fromkeys([*a.mentions, *b.mentions]))
    mentions.sort(key=lambda m: m.start)
    # The summary that states the event's own type and date says the most.
    primary = max(
        (b, a),
        key=lambda e: (
            e.event_type == event_type,
            any(ch.isdigit() for ch in e.summary),
            len(e.participants),
        ),
    )
    return replace(
        dated,
        event_type=event_type,
        summary=primary.summary,
        location=a.location or b.location,
        participants=list(participants.values()),
        mentions=mentions,
        triggers=sorted({*a.triggers, *b.triggers}),
    )


def _precision_rank(event: Event) -> int:
    order = ["day", "month", "year", None]
    return order.index(event.date_precision)


def dates_compatible(a: str | None, b: str | None) -> bool:
    """Two ISO values can describe the same event: either is unknown, or one contains the other."""
    if a is None or b is None:
        return True
    a_first, a_last, _ = span_of(a)
    b_first, b_last, _ = span_of(b)
    return (a_first <= b_first and b_last <= a_last) or (b_first <= a_first and a_last <= b_last)


def same_event(a: Event, b: Event) -> bool:
    """Whether two event records can be mentions of one real event."""
    if _group(a.event_type) != _group(b.event_type):
        return False
    if not dates_compatible(a.event_date, b.event_date):
        return False
    a_names = {p.name for p in a.participants}
    b_names = {p.name for p in b.participants}
    if a_names & b_names:
        return True
    # No one in common: one event only if no role is filled by different people in each.
    a_roles = {p.role for p in a.participants}
    return not a_roles & {p.role for p in b.participants}


def merge_events(events: Iterable[Event]) -> list[Event]:
    """Merge mentions of one real event: compatible type and dates, shared participants.

    Events that name participants merge when they share one; an event without
    participants merges into the one compatible event of its type, and stays
    apart when there are several it could belong to.
    """
    merged: list[Event] = []
    for event in sorted(events, key=lambda e: (not e.participants, e.mentions[0].start)):
        matches = [i for i, other in enumerate(merged) if same_event(other, event)]
        if len(matches) == 1 or (matches and event.participants):
            merged[matches[0]] = _combine(merged[matches[0]], event)
        else:
            merged.append(event)
    merged.sort(key=lambda e: e.mentions[0].start)
    return merged


# --- relative dates ---------------------------------------------------------------------------


def _resolve_from_previous(dates: list[TemporalExpression]) -> list[TemporalExpression]:
    """Resolve the expressions relative to the date before them ("the next day")."""
    out: list[TemporalExpression] = []
    last: str | None = None
    for expr in dates:
        if expr.anchor and expr.anchor.endswith("|previous") and expr.value is None and last:
            expr = resolve_relative(expr, last)
        if expr.kind == "date" and expr.value:
            last = expr.value
        out.append(expr)
    return out


def _resolve_relative_dates(
    events: list[Event], dates: list[TemporalExpression]
) -> tuple[list[Event], list[TemporalExpression]]:
    """Give "the day before the incident" a value from the event it names, and date
    the events whose clause holds such an expression."""
    resolved: list[TemporalExpression] = []
    explicit_before: list[TemporalExpression] = []
    for expr in dates:
        if expr.anchor and "|" in expr.anchor and expr.value is None:
            anchor_value = _anchor_value(expr, events, explicit_before)
            if anchor_value:
                expr = resolve_relative(expr, anchor_value)
        if expr.value and expr.kind == "date":
            explicit_before.append(expr)
        resolved.append(expr)
    by_span = {(d.start, d.end): d for d in resolved}
    out = []
    for event in events:
        if event.event_date is None:
            for expr in resolved:
                if (
                    expr.anchor
                    and expr.value
                    and any(m.start <= expr.start < m.end for m in event.mentions)
                ):
                    event = _dated(event, by_span[(expr.start, expr.end)])
                    break
        out.append(event)
    return out, resolved


def _anchor_value(
    expr: TemporalExpression, events: list[Event], earlier: list[TemporalExpression]
) -> str | None:
    noun = expr.anchor.split("|", 1)[1] if expr.anchor else ""
    if noun == "previous":
        return earlier[-1].value if earlier else None
    head = noun.split()[-1].lower()
    dated = [e for e in events if e.event_date and e.date_resolution != "event-relative"]
    named = [e for e in dated if e.event_type == _NOUN_TYPES.get(head, head)]
    if not named and head in _GENERIC_ANCHORS:
        named = [e for e in dated if _group(e.event_type) == "harm"]
    if not named:
        return None
    # the most precisely dated, then the most reported: the article's main event
    main = min(named, key=lambda e: (_precision_rank(e), -len(e.mentions), e.mentions[0].start))
    return main.event_date
