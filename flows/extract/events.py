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

import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from flows.extract.dates import PUBLISHED_PRECISIONS, publishable, resolve_relative, span_of
from flows.extract.people import RELATIONS
from flows.extract.people import ROLES as PEOPLE_ROLES
from flows.extract.records import (
    Event,
    EventMention,
    Evidence,
    Participant,
    Person,
    TemporalExpression,
)

if TYPE_CHECKING:  # spaCy is imported where a pipeline is loaded, not here
    from spacy.tokens import Doc, Span, Token

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
_VESSELS = {"ship", "vessel", "boat", "barge", "freighter", "tanker", "ferry", "yacht"}
_VEHICLES |= _VESSELS | {"plane", "aircraft", "jet", "helicopter", "locomotive", "tram"}
# What is shot when shooting means filming: "shooting a feature film", "shot the scene".
_FILMED = {
    "film", "scene", "movie", "video", "footage", "episode", "series", "documentary", "pilot",
    "commercial", "sequence", "take", "feature", "picture", "photo", "photos", "season",
}  # fmt: skip
# What is shot that is no gunfire at people: "shoot the tear gas", "shot hoops", "shot a 68".
_NOT_GUNFIRE = {
    "gas", "canister", "canisters", "flare", "flares", "firework", "fireworks", "cannon",
    "arrow", "arrows", "hoop", "hoops", "ball", "puck", "basket", "baskets", "goal", "par",
    "glance", "glances", "look", "looks", "question", "questions", "breeze", "pool", "dice",
}  # fmt: skip
# "shot with a Taser", "shot with a stun gun": no gunfire
_STUN_WEAPONS = {"taser", "tasers", "stun", "beanbag", "beanbags", "dart", "darts"}
# "vitriolic attacks", "attacked the policy": words, not violence
_VERBAL = {
    "verbal", "vitriolic", "online", "personal", "political", "rhetorical", "written",
    "public", "scathing", "blistering", "withering", "relentless", "partisan", "legal",
}  # fmt: skip
_ATTACKED_THINGS = {
    "policy", "policies", "plan", "plans", "decision", "ruling", "record", "claim", "claims",
    "remark", "remarks", "comment", "comments", "report", "idea", "ideas", "proposal", "bill",
    "law", "media", "press", "credibility", "character", "reputation", "statement",
}  # fmt: skip


def _stun(token: Token) -> bool:
    """ "shot with a Taser", "shot with a stun gun"."""
    for prep in (c for c in token.children if c.dep_ == "prep" and c.lower_ == "with"):
        for weapon in (g for g in prep.children if g.dep_ == "pobj"):
            words = {weapon.lower_, *(c.lower_ for c in weapon.children if c.dep_ == "compound")}
            if words & _STUN_WEAPONS:
                return True
    return False


def _in_words(token: Token) -> bool:
    """An attack in words: "vitriolic attacks by X", "attacked the policy"."""
    if any(c.dep_ == "amod" and c.lower_ in _VERBAL for c in token.children):
        return True
    return token.pos_ == "VERB" and bool(_objects(token) & _ATTACKED_THINGS)


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


_GUNMEN = {"bullet", "gunfire", "gunman", "gunmen", "shooter", "sniper"}
_DISASTERS = {
    "fire", "blaze", "inferno", "wildfire", "surge", "crush", "stampede", "crash", "collision",
    "collapse", "explosion", "blast", "derailment", "wreck", "accident",
}  # fmt: skip


def _causes(token: Token) -> set[str]:
    """What did it: the subject, a relative clause's antecedent ("a fire that killed"), or
    the agent ("killed by a blast")."""
    words = {c.lemma_.lower() for c in token.children if c.dep_ == "nsubj"}
    if token.dep_ == "relcl" and words & {"that", "which"}:
        words.add(token.head.lemma_.lower())
    for agent in (c for c in token.children if c.dep_ == "agent"):
        words |= {g.lemma_.lower() for g in agent.children if g.dep_ == "pobj"}
    return words


def _into_custody(token: Token) -> bool:
    """'was taken into custody', 'took him into custody'."""
    return any(
        c.dep_ == "prep" and c.lower_ == "into" and any(g.lemma_ == "custody" for g in c.children)
        for c in token.children
    )


_PLEA_TO_COME = {"agree", "expect", "plan", "intend", "offer", "decide", "want", "promise"}


def _pleads_guilty(token: Token) -> bool:
    """'pleaded guilty', 'pleaded no contest' (a conviction without admitting guilt), also
    'pleaded guilty Friday' with 'guilty' parsed onto the weekday; not 'pleaded not guilty'
    or 'pleaded for mercy'."""
    if any(c.dep_ == "neg" or c.lower_ == "not" for c in token.children):
        return False
    if token.dep_ == "xcomp" and token.head.lemma_.lower() in _PLEA_TO_COME:
        return False  # "agreed to plead guilty": a plea deal, no conviction yet
    words = [c for c in token.children if c.dep_ != "nsubj"]
    words += [g for c in words if c.dep_ == "npadvmod" for g in c.children]
    guilty = [w for w in words if w.lower_ == "guilty"]
    if guilty:
        return not any(c.dep_ == "neg" or c.lower_ == "not" for g in guilty for c in g.children)
    return any(
        (w.lower_ == "contest" and any(c.lower_ == "no" for c in w.children))
        or w.lower_ in ("nolo", "contendere")
        for w in words
    )


# What a person is tried for: "tried on a charge of", "tried for murder", "tried in the death".
_TRIED_FOR = {
    "charge", "count", "indictment", "murder", "manslaughter", "homicide", "killing", "death",
    "deaths", "assault", "rape", "robbery", "fraud", "crime", "offence", "offense", "attack",
    "shooting", "stabbing", "kidnapping", "arson", "treason", "terrorism", "negligence",
}  # fmt: skip


def _tried_for_an_offence(token: Token) -> bool:
    """'X was tried on a charge of reckless homicide', 'tried for murder', 'was retried in
    the death of Y': a trial; not 'tried to flee', 'tried the door' or 'tried for a week'."""
    if not any(c.dep_ == "auxpass" for c in token.children):
        return False
    return any(
        c.dep_ == "prep"
        and c.lower_ in ("on", "for", "in")
        and any(g.dep_ == "pobj" and g.lemma_.lower() in _TRIED_FOR for g in c.children)
        for c in token.children
    )


_OFFENCES = _TRIED_FOR | {
    "homicide", "manslaughter", "negligence", "theft", "burglary", "battery", "abuse",
    "trafficking", "possession", "endangerment", "misconduct", "corruption", "bribery",
    "extortion", "harassment", "stalking", "perjury", "obstruction", "counts", "charges",
    "felony", "misdemeanor", "misdemeanour", "offences", "offenses", "crimes", "culpable",
}  # fmt: skip


def _charged_someone_with(token: Token) -> bool:
    """'prosecutors charged him with manslaughter', 'the officers that charged X with
    murder': a person charged, or an offence; not 'riot police charged the crowd with
    batons'."""
    withs = [c for c in token.children if c.dep_ == "prep" and c.lower_ == "with"]
    if not withs or token.tag_ != "VBD":
        return False  # "the indictment charges X with": what a document says, not a new act
    offence = any(
        t.lemma_.lower() in _OFFENCES or t.lower_ in _OFFENCES
        for w in withs
        for g in w.children
        if g.dep_ == "pobj"
        for t in g.subtree
    )
    person = any(
        c.dep_ == "dobj"
        and (
            c.lower_ in ("him", "her", "them", "me", "us")
            or c.ent_type_ == "PERSON"
            or c.lemma_.lower() in ("man", "woman", "driver", "teen", "teenager", "suspect")
        )
        for c in token.children
    )
    return offence or person


def _booked_for_an_offence(token: Token) -> bool:
    """'police booked the directors for culpable homicide' (Indian English: charged);
    not 'booked a table for two' or 'booked into jail'."""
    return any(
        c.dep_ == "prep"
        and c.lower_ in ("for", "under")
        and any(
            t.lemma_.lower() in _OFFENCES or t.lower_ in ("section", "sections") for t in c.subtree
        )
        for c in token.children
    )


def _a_case_registered(token: Token) -> bool:
    """'police registered a case against five people', 'a case was registered under
    section 304', 'an FIR was registered' (Indian English: a criminal case opened)."""
    cases = [
        c
        for c in token.children
        if c.dep_ in ("dobj", "nsubjpass") and (c.lemma_.lower() == "case" or c.text == "FIR")
    ]
    return any(
        c.text == "FIR"
        or any(p.dep_ == "prep" and p.lower_ == "against" for p in c.children)
        or any(p.dep_ == "prep" and p.lower_ in ("against", "under") for p in token.children)
        for c in cases
    )


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
Rule = tuple[str, Callable[["Token"], bool]]
_ANY: Callable[[Token], bool] = lambda t: True  # noqa: E731
_VERB_RULES: dict[str, list[Rule]] = {
    "shoot": [
        ("shooting", lambda t: not (_objects(t) & (_FILMED | _NOT_GUNFIRE)) and not _stun(t))
    ],
    "fire": [
        (
            "shooting",
            lambda t: bool((_objects(t) | _subjects(t)) & _GUN_OBJECTS) or not _objects(t),
        )
    ],
    "misfire": [("shooting", lambda t: bool(_subjects(t) & _GUN_OBJECTS))],
    "discharge": [("shooting", lambda t: bool((_objects(t) | _subjects(t)) & _GUN_OBJECTS))],
    "derail": [("accident", _ANY)],
    "go": [
        ("shooting", lambda t: "off" in _particle(t).split() and bool(_subjects(t) & _GUN_OBJECTS))
    ],
    "surge": [("accident", lambda t: bool(_subjects(t) & {"crowd", "crowds"}))],
    "capsize": [("accident", _ANY)],
    "sink": [("accident", lambda t: bool(_subjects(t) & _VESSELS))],
    "strike": [
        ("shooting", lambda t: bool(_subjects(t) & (_GUN_OBJECTS | {"bullet"}))),
        ("accident", lambda t: bool((_objects(t) | _subjects(t)) & _VEHICLES)),
        ("accident", lambda t: _on_the_road(t)),
    ],
    "kill": [
        ("shooting", lambda t: bool(_causes(t) & (_GUN_OBJECTS | _GUNMEN))),
        ("accident", lambda t: bool(_causes(t) & _DISASTERS)),
        ("death", _ANY),
    ],
    "die": [("death", _ANY)],
    "injure": [("injury", _ANY)],
    "wound": [("injury", _ANY)],
    "hospitalize": [("injury", _ANY)],
    "stab": [("attack", _ANY)],
    "assault": [("attack", _ANY)],
    "poison": [("attack", lambda t: not _by_something(t)), ("injury", _ANY)],
    "crash": [("accident", _ANY)],
    "collapse": [("accident", lambda t: bool(_subjects(t) & _STRUCTURES))],
    "cave": [("accident", lambda t: "in" in _particle(t).split())],
    "collide": [("accident", _ANY)],
    "overturn": [("accident", lambda t: bool((_objects(t) | _subjects(t)) & _VEHICLES))],
    "explode": [("accident", _ANY)],
    "fall": [("accident", lambda t: bool(set(_particle(t).split()) & _FALL_PREPOSITIONS))],
    "hit": [
        ("accident", lambda t: _is_hit_and_run(t)),
        ("accident", lambda t: bool((_objects(t) | _subjects(t)) & _VEHICLES) or _on_the_road(t)),
    ],
    "punch": [("attack", _ANY)],
    "beat": [("attack", lambda t: t.tag_ == "VBN" or "to" in _particle(t).split())],
    "attack": [("attack", lambda t: not _in_words(t))],
    "strangle": [("attack", _ANY)],
    "arrest": [("arrest", _ANY)],
    "take": [("arrest", lambda t: _into_custody(t))],
    "remand": [("arrest", _ANY)],
    "charge": [("charge", lambda t: t.tag_ == "VBN" or _charged_someone_with(t))],
    "book": [("charge", lambda t: _booked_for_an_offence(t))],
    "register": [("charge", lambda t: _a_case_registered(t))],
    "indict": [("charge", _ANY)],
    "try": [("trial", lambda t: _tried_for_an_offence(t))],
    "retry": [("trial", lambda t: _tried_for_an_offence(t))],
    "convict": [("conviction", _ANY)],
    "plead": [("conviction", lambda t: _pleads_guilty(t))],
    "acquit": [("acquittal", _ANY)],
    "sentence": [("sentencing", _ANY)],
    "appeal": [("appeal", lambda t: not _a_call_for_help(t))],
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
        ("investigation", lambda t: bool(_objects(t) & {"investigation", "inquiry", "probe"})),
        ("shooting", lambda t: "fire" in _objects(t)),  # "opened fire on a crowd"
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
    "derailment": "accident",
    "collapse": "accident",
    "fire": "accident",
    "blaze": "accident",
    "wildfire": "accident",
    "surge": "accident",
    "crush": "accident",
    "stampede": "accident",
    "sentencing": "sentencing",
    "investigation": "investigation",
    "inquiry": "investigation",
    "probe": "investigation",
    "charge": "charge",
    "plea": "conviction",
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
_STATEMENT_VERBS = {
    "issue", "release", "publish", "post", "say", "write", "share", "offer", "read", "deliver",
}  # fmt: skip
_NOUN_VERBS = {
    "statement": _STATEMENT_VERBS,
    "vigil": {"hold", "held", "gather", "attend", "plan", "organize", "organise"},
    "appeal": {"file", "lodge", "launch", "lose", "win", "reject", "dismiss", "deny", "hear"},
}
# Nouns that name an event only with these words around them ("of X", "filed a lawsuit").
_TRIAL_VERBS = {"begin", "open", "start", "stand", "go", "face", "resume", "conclude", "end"}
_STOOD_TRIAL = {"stand", "face", "go", "await"}  # whose subject is the one tried
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
_TYPE_RANK = ["shooting", "attack", "accident", "death", "injury", "walkout", "protest"]
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
    context = _context(doc, people)
    dates = _resolve_from_previous(dates)  # "that night", "two days later": known already
    # only a calendar date dates an event: never "now", "recently" or a century
    usable = [
        p for d in dates if (p := publishable(d)) is not None and not _inside(d, citation_spans)
    ]
    date_spans = [(d.start, d.end) for d in dates]
    mentions: list[tuple[Event, Token]] = []
    for sent in doc.sents:
        for token in sent:
            event_type = _trigger_type(token)
            if event_type is None or _inside_span(token, date_spans):
                continue
            if _inside_span(token, citation_spans) and not (
                event_type == "lawsuit" and _filed(token)
            ):
                continue  # "according to a report ...", but "a lawsuit filed by X says" was filed
            if not _is_asserted(token):
                continue
            if _only_a_time_reference(token) or _in_a_story(token) or _narrated(token):
                continue
            event = _event(token, sent, event_type, context, usable, citation_spans, doc)
            mentions.append((event, token))
    references = {e.triggers[0] for e, token in mentions if _is_reference(e, token)}
    events = _merge_in_sentence(mentions)
    events, resolved = _resolve_relative_dates(events, dates, doc)
    events = merge_events(events)
    events = [e for e in events if not set(e.triggers) <= references]
    return _drop_coreferent_victims(events), resolved


def undate_after(events: list[Event], published: dt.date | None) -> list[Event]:
    """An event the article reports has happened by the day it was published: a date that
    starts later is a misread one ("remanded ... to appear on December 10"), and is dropped."""
    if published is None:
        return events
    day = published.isoformat()
    return [
        replace(
            e,
            event_date=None,
            date_precision=None,
            date_start=None,
            date_end=None,
            date_resolution=None,
        )
        if e.date_start is not None and e.date_start > day
        else e
        for e in events
    ]


def _is_reference(event: Event, trigger: Token) -> bool:
    """'The circumstances of the shooting are unclear', 'profit from her daughter's death',
    'the death was an accident': a definite noun that names an event reported elsewhere,
    with no one and no date of its own and no verb that says it happened. It is one more
    mention of the article's one event of its kind, or nothing."""
    head = _clause_head(trigger)
    if trigger.lemma_.lower() in _INQUIRIES:
        return False  # an inquiry is a trigger only when the text says it is under way
    return (
        trigger.pos_ == "NOUN"
        and not event.participants
        and event.event_date is None
        and any(
            (c.dep_ == "det" and c.lower_ in ("the", "this", "that")) or c.dep_ == "poss"
            for c in trigger.children
        )
        and (head.i == trigger.i or head.lemma_ == "be")
    )


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
    "decline",
}  # fmt: skip
_HEDGES = {"would", "could", "might", "may", "should", "must", "can"}
_CONDITIONS = {"if", "unless", "whether"}
_DECISIONS = {"decision", "ruling", "order", "vote"}
_RULED = {"dismiss", "drop", "acquit", "convict", "sentence", "charge", "indict"}
_FUTURE = {"will", "'ll", "wo", "shall"}
_LIKELY = {"likely", "probably", "possibly", "perhaps", "maybe", "potentially"}


_SCHEDULE_WORDS = {"schedule", "set", "slate", "due", "expect", "poise", "plan"}


def _only_scheduled(token: Token) -> bool:
    """'is scheduled to be sentenced on April 15', 'sentencing is set for Nov. 25', 'is set
    to face trial in July': planned, not (yet) happened. Dates on them still resolve
    forward (see dates.py), but no event is published: plans change."""
    head = _clause_head(token)
    node = token
    while True:
        if node.dep_ == "xcomp" and node.head.lemma_.lower() in _SCHEDULE_WORDS:
            return True
        if node.i == head.i or node.head.i == node.i:
            break
        node = node.head
    return (
        token.pos_ == "NOUN"
        and token.dep_ in ("nsubj", "nsubjpass")
        and token.head.lemma_.lower() in _SCHEDULE_WORDS
    )


def _is_asserted(token: Token) -> bool:
    """Whether the text says the event happened: not negated ("has not been charged"), hedged
    ("would appeal"), conditional ("if convicted"), only intended ("plans to sue",
    "deserved to die"), only scheduled ("is set to be sentenced Friday") or only foretold
    ("will resume filming", "will have its premiere")."""
    children = list(token.children)
    if any(c.dep_ == "neg" for c in (*children, *_clause_head(token).children)):
        return False
    if any(
        c.dep_ == "aux" and c.lower_ in _FUTURE for c in (*children, *_clause_head(token).children)
    ):
        return False
    if any(c.dep_ in ("aux", "auxpass") and c.lower_ in _HEDGES for c in children):
        return False
    if any(c.dep_ == "advmod" and c.lower_ in _LIKELY for c in children):
        return False  # "will likely be charged"
    if any(c.dep_ == "mark" and c.lower_ in _CONDITIONS for c in children):
        return False
    if token.dep_ == "xcomp" and token.head.lemma_.lower() in _INTENTION_VERBS:
        return False
    if _only_scheduled(token):
        return False
    if _a_bare_infinitive(token):
        return False
    if token.dep_ in ("acl", "relcl") and any(c.lower_ == "to" for c in children):
        # a judge's "decision to dismiss" is the dismissal; "the right to appeal" is only a
        # right, and "their decision to resume production" is not yet the resumption
        return token.head.lemma_.lower() in _DECISIONS and token.lemma_.lower() in _RULED
    if (
        token.dep_ == "advcl"
        and token.tag_ == "VBN"
        and not any(c.dep_ in ("nsubj", "nsubjpass") for c in children)
    ):
        return not any(c.lower_ in _CONDITIONS for c in token.subtree)
    return True


# What an infinitive after a noun is only a possibility of: "standing to sue", "the right to
# appeal", "a bid to dismiss".
_POSSIBILITIES = {
    "standing", "right", "power", "authority", "bid", "effort", "attempt", "move", "motion",
    "ground", "grounds", "reason", "chance", "opportunity", "ability", "plan", "option",
    "leave", "permission", "jurisdiction", "warrant", "call",
}  # fmt: skip
# Passives whose infinitive did happen: "was forced to resign".
_MADE_TO = {"force", "compel", "oblige"}


def _a_bare_infinitive(token: Token) -> bool:
    """'three teams were formed to arrest the accused' (a purpose of a passive act), 'has not
    shown standing to sue the Governor' (a possibility): not a report that it happened. Not
    'is believed to have shot' (a perfect infinitive reports the past), not 'was forced to
    resign', not 'agreed to drop the charges'."""
    if token.dep_ not in ("xcomp", "advcl", "acl") or not any(
        c.dep_ == "aux" and c.lower_ == "to" for c in token.children
    ):
        return False
    if any(c.dep_ == "aux" and c.lemma_ == "have" for c in token.children):
        return False
    head = token.head
    if head.lemma_.lower() in _POSSIBILITIES or head.lower_ in _POSSIBILITIES:
        return True
    passive = any(c.dep_ == "auxpass" for c in head.children)
    return passive and head.lemma_.lower() not in _MADE_TO | _SCHEDULE_WORDS


def _trigger_type(token: Token) -> str | None:
    lemma = token.lemma_.lower()
    if token.pos_ in ("VERB", "AUX") or (token.pos_ == "ADJ" and token.tag_ == "VBN"):
        for event_type, condition in _VERB_RULES.get(lemma, []):
            if condition(token):
                return event_type
        guilty = [c for c in token.subtree if c.lower_ == "guilty"]
        if lemma == "find" and guilty:
            # "found guilty of manslaughter but not guilty of tampering" is a conviction
            cleared = [g for g in guilty if any(t.lower_ == "not" for t in g.doc[g.i - 2 : g.i])]
            return "acquittal" if len(cleared) == len(guilty) else "conviction"
        return None
    if token.pos_ == "NOUN" and lemma == "sentence":
        return "sentencing" if _a_sentence_handed_down(token) else None
    if token.pos_ == "NOUN" and lemma in ("update", "release"):
        return "statement" if _a_release_issued(token) else None
    if token.pos_ == "NOUN" and lemma in _NOUN_TYPES:
        whose = any(
            c.dep_ == "poss" or (c.dep_ == "prep" and c.lower_ == "of") for c in token.children
        )
        if lemma in _NOUN_NEEDS_OF and not whose:  # "the conviction of X", "her death"
            return None
        if lemma == "lawsuit" and not _filed(token):
            return None
        if lemma in _INQUIRIES and not _an_inquiry_under_way(token):
            return None
        if lemma == "charge" and token.head.lemma_.lower() != "face" and not _brought(token):
            return None  # "X faces charges"; "charges were dropped" is a dismissal's
        if lemma == "plea" and not _plea_taken(token):
            return None
        if lemma in _NOUN_VERBS and not _governed_by(token, _NOUN_VERBS[lemma]):
            return None
        if lemma == "appeal" and _a_call_for_help(token):
            return None  # "police launched an appeal for witnesses"
        if lemma == "statement" and any(c.lower_ in _IN_COURT for c in token.children):
            return None  # "said in his opening statement": a trial's, not a statement issued
        if lemma == "accident" and token.head.lower_ == "by":
            return None  # "introduced by accident": a manner, not an event
        if token.dep_ == "attr" and lemma in ("accident", "attack", "crash"):
            return None  # "her death was a terrible accident": what another event was
        if lemma in _VEHICLE_NOUNS and _modified_by_other_noun(token):
            return None  # "a blood sugar crash", "the market crash"
        if lemma == "trial" and token.head.lemma_ not in _TRIAL_VERBS:
            return None  # "the fairness of the trial" names it, "the trial began" reports it
        if token.head.lemma_.lower() in _AVERTED:
            return None  # "burned to prevent an explosion"
        if lemma == "attack" and _in_words(token):
            return None  # "vitriolic attacks by X": words, not violence
        if _an_offence(token):
            return None  # "pleaded guilty to second-degree assault"
        if lemma in ("crush", "surge") and not _crowd_crush(token):
            return None
        if lemma == "collapse" and not _a_structure_collapse(token):
            return None  # "the collapse of the talks", "the market's collapse"
        if lemma in ("fire", "blaze", "wildfire") and not _a_fire(token):
            return None
        if lemma == "sentencing" and token.head.lemma_.lower() not in _SCHEDULED:
            return None  # "sentencing is set for Friday"; not "the sentencing judge"
        if lemma == "shooting" and _filming(token):
            return None
        if token.dep_ == "compound" and not _names_an_event(token.head) and lemma != "plea":
            return None  # "a crash investigator", "the shooting suspect"
        return _NOUN_TYPES[lemma]
    return None


# What police and families appeal for or to: information, witnesses, help; not a court.
_HELP_WORDS = {
    "information", "info", "witness", "witnesses", "help", "assistance", "calm", "footage",
    "donation", "donations", "support", "restraint", "peace", "public", "anyone", "people",
    "community", "resident", "residents", "tip", "tips", "sighting", "sightings", "video",
    "privacy", "patience", "dashcam", "evidence", "detail", "details",
}  # fmt: skip


def _a_call_for_help(token: Token) -> bool:
    """'Detective X appealed for more information', 'we continue to appeal for witnesses',
    'police appealed to the public', 'an appeal for help': a request, no legal appeal."""
    return any(
        c.dep_ == "prep"
        and c.lower_ in ("for", "to")
        and any(g.dep_ == "pobj" and g.lemma_.lower() in _HELP_WORDS for g in c.children)
        for c in token.children
    )


def _a_release_issued(token: Token) -> bool:
    """'police said in a news release', 'the board said in an investigative update', 'issued
    a press release': a statement. Not 'the film's release', 'a software update', 'his
    release from prison'."""
    if token.lemma_ == "release" and not any(
        c.dep_ == "compound" and c.lower_ in ("news", "press", "media") for c in token.children
    ):
        return False
    if token.dep_ == "pobj" and token.head.lower_ == "in":  # not "in the release": that
        indefinite = any(c.dep_ == "det" and c.lower_ in ("a", "an") for c in token.children)
        return indefinite and token.head.head.lemma_.lower() in _SAYING  # one was named before
    return token.dep_ == "dobj" and token.head.lemma_.lower() in _NOUN_VERBS["statement"]


# "gave X a suspended sentence", "handed down a sentence", "X received a life sentence".
_SENTENCE_GIVERS = {"give", "hand", "impose", "mete", "issue", "deliver"}
_SENTENCE_TAKERS = {"receive", "get"}
_SENTENCE_WORDS = {
    "life", "prison", "jail", "suspended", "death", "maximum", "minimum", "mandatory",
    "lenient", "harsh", "custodial", "probationary", "concurrent", "consecutive", "year",
    "month", "week", "day", "probation", "incarceration", "imprisonment", "detention",
}  # fmt: skip


_NOT_YET_IMPOSED = {
    "recommended", "proposed", "possible", "potential", "requested", "expected", "agreed",
    "likely", "reduced", "negotiated",
}  # fmt: skip


def _a_sentence_handed_down(token: Token) -> bool:
    """'Judge X gave Y a suspended sentence of six months', 'Y was handed a 10-year
    sentence', 'Y received a life sentence': a sentencing. Not a sentence of writing, not
    one asked for or possible ('sought a sentence', 'could receive a sentence of')."""
    verb = token.head
    if token.dep_ not in ("dobj", "nsubjpass") or not _is_asserted(verb):
        return False
    if verb.lemma_.lower() not in _SENTENCE_GIVERS | _SENTENCE_TAKERS:
        return False
    if any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children):
        return False  # "to give him a sentence of"
    if any(c.lower_ in _NOT_YET_IMPOSED for c in token.children):
        return False  # "received a recommended sentence of 15 years" in a plea deal
    return any(
        t.i != token.i and (t.lower_ in _SENTENCE_WORDS or t.lemma_.lower() in _SENTENCE_WORDS)
        for t in token.subtree
    )


def _sentence_arguments(
    noun: Token, subject_role: str | None, object_role: str | None
) -> list[tuple[Token, str | None]]:
    """Who a handed-down sentence names: the giver is the judge (kept only when a judge),
    the one given it ("gave X", "X was handed", "imposed on X", "X received") the defendant."""
    verb = noun.head
    out: list[tuple[Token, str | None]] = []
    taker = verb.lemma_.lower() in _SENTENCE_TAKERS
    for child in verb.children:
        if child.dep_ == "nsubj":
            out.append((child, object_role if taker else subject_role))
        elif child.dep_ in ("dative", "nsubjpass") and child.i != noun.i:
            out.append((child, object_role))
        elif child.dep_ == "dobj" and child.i < noun.i and not taker:
            out.append((child, object_role))  # "handed X a sentence" parsed as two objects
        elif child.dep_ == "prep" and child.lower_ in ("on", "to") and not taker:
            out += [(g, object_role) for g in child.children if g.dep_ == "pobj"]
    return out


_IN_COURT = {"opening", "closing", "witness", "victim", "impact"}
_AVERTED = {"prevent", "avoid", "avert", "stop", "fear", "risk", "prevention"}
_SCHEDULED = {"set", "schedule", "slate", "hold", "begin", "start", "open", "resume"}
_SHOOT_NOUNS = {"schedule", "day", "script", "location", "permit", "crew", "unit", "days"}
_SHOOT_PHASES = {"begin", "start", "wrap", "finish", "complete", "resume", "halt", "delay"}
_STORIES = {
    "film", "movie", "series", "show", "novel", "book", "play", "episode", "plot", "story",
    "script", "trailer", "musical", "opera", "game", "sitcom", "drama", "thriller",
}  # fmt: skip


_OFFENCE_HEADS = {
    "plead", "charge", "convict", "accuse", "indict", "acquit", "count", "guilty", "suspicion",
    "responsibility",
}  # fmt: skip


def _an_offence(token: Token) -> bool:
    """A bare offence name ("guilty to assault", "on suspicion of responsibility for an
    accident"): no definite article, no possessor, no "of" phrase, in the phrase of a plea,
    charge, conviction or suspicion."""
    if any(
        (c.dep_ == "det" and c.lower_ not in ("a", "an"))
        or c.dep_ == "poss"
        or (c.dep_ == "prep" and c.lower_ == "of")
        for c in token.children
    ):
        return False
    node = token
    for _ in range(4):
        if node.dep_ == "pobj" and node.head.lower_ in ("to", "with", "of", "for"):
            if node.head.head.lemma_.lower() in _OFFENCE_HEADS:
                return True
            node = node.head.head
        elif node.dep_ in ("conj", "appos"):
            node = node.head
        else:
            return False
    return False


_INQUIRIES = {"investigation", "inquiry", "probe"}
_WISHES = {
    "encourage", "demand", "urge", "want", "seek", "request", "call", "need", "deserve",
    "require", "ask", "push", "press", "welcome",
}  # fmt: skip


def _purpose(verb: Token) -> bool:
    """'to conduct further investigation' as the purpose or aim of another verb."""
    return verb.dep_ in ("advcl", "xcomp", "acl", "relcl") and any(
        c.dep_ == "aux" and c.lower_ == "to" for c in verb.children
    )


_INQUIRY_VERBS = {
    "open", "launch", "begin", "start", "continue", "order", "conduct", "announce", "lead",
    "complete", "conclude", "carry", "pursue",
}  # fmt: skip


def _an_inquiry_under_way(token: Token) -> bool:
    """'an investigation into the crash', 'ordered an inquiry', 'the investigation is
    ongoing', 'remains under investigation', 'a police investigation revealed': not one
    called for ('we encourage an investigation into'), not one only purposed ('dropped the
    charges to conduct further investigation'), not one denied ('is not under
    investigation'), not 'investigation' alone."""
    head = token.head.lemma_.lower()
    if head in _WISHES or (token.dep_ == "dobj" and _purpose(token.head)):
        return False
    if token.dep_ == "pobj" and token.head.head.lemma_.lower() in _WISHES:
        return False  # "called for an investigation", "pushed for an inquiry"
    if token.dep_ in ("dobj", "nsubjpass") and head in _INQUIRY_VERBS:
        return True
    if token.dep_ == "nsubj" and (
        head == "continue"
        or (head in _FINDINGS and not any(c.dep_ == "neg" for c in token.head.children))
        or any(c.lower_ in ("ongoing", "underway", "continuing") for c in token.head.children)
    ):
        return True
    if token.dep_ == "pobj" and token.head.lower_ == "under" and token.lemma_ != "probe":
        verb = token.head.head  # "remains under investigation", "X was under investigation"
        return verb.pos_ in ("VERB", "AUX") and not any(
            c.dep_ == "neg" or c.lower_ in _HEDGES for c in verb.children
        )
    return any(c.dep_ == "prep" and c.lower_ == "into" for c in token.children)


# What an inquiry that took place did: "the investigation found", "police investigation
# revealed" ("never determined" is left alone: it may say no inquiry was made).
_FINDINGS = {"find", "reveal", "show", "determine", "conclude", "uncover", "establish", "confirm"}


_BRINGING = {"announce", "file", "bring", "press", "lay", "level"}
_FURTHER = {"new", "additional", "fresh", "further", "more", "second", "other", "revised"}


def _brought(token: Token) -> bool:
    """'announced criminal charges against X', 'new charges were brought against X',
    'filed charges': charges made; not 'declined to file charges', 'could bring charges'."""
    verb = token.head
    return (
        token.dep_ in ("dobj", "nsubjpass")
        and not any(
            (c.dep_ == "det" and c.lower_ == "no") or c.lower_ in _FURTHER for c in token.children
        )  # "no charges were filed"; "new charges were brought" is not the first charge
        and verb.lemma_.lower() in _BRINGING
        and _is_asserted(verb)
        and not any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)
        and not (token.dep_ == "dobj" and _purpose(verb))
    )


def _filed(token: Token) -> bool:
    """'filed a lawsuit', 'a lawsuit filed by the family', 'the lawsuits the families filed'."""
    if token.head.lemma_ in ("file", "bring", "launch"):
        return token.dep_ in ("dobj", "nsubjpass", "conj")  # not "the lawsuits bring justice"
    return any(c.dep_ in ("acl", "relcl") and c.lemma_ in ("file", "bring") for c in token.children)


def _a_plea(noun: Token) -> bool:
    """'a plea', 'a plea deal', 'a plea agreement'."""
    return noun.lemma_ == "plea" or any(
        c.dep_ == "compound" and c.lemma_ == "plea" for c in noun.children
    )


def _plea_taken(token: Token) -> bool:
    """'took a plea deal', 'accepted a plea agreement': a guilty plea; not 'a plea of not
    guilty', not 'a plea for help'."""
    noun = token.head if token.dep_ == "compound" else token
    if any(t.lower_ in ("not", "innocent", "help", "mercy") for t in noun.subtree):
        return False
    return noun.head.lemma_.lower() in ("take", "accept", "reach", "strike", "enter")


def _a_structure_collapse(token: Token) -> bool:
    """'the condo collapse', 'the collapse of the bridge', 'the building's collapse'."""
    words = {c.lemma_.lower() for c in token.children if c.dep_ in ("compound", "amod", "poss")}
    for prep in (c for c in token.children if c.dep_ == "prep" and c.lower_ == "of"):
        words |= {g.lemma_.lower() for g in prep.children if g.dep_ == "pobj"}
    return bool(words & (_STRUCTURES | {"condo", "condominium", "apartment", "hotel", "house"}))


def _crowd_crush(token: Token) -> bool:
    """'a crowd crush', 'a crush of fans', 'a crowd surge': not 'a crush on someone' or
    'a surge in prices'."""
    crowd = any(c.dep_ == "compound" and c.lemma_ == "crowd" for c in token.children)
    return crowd or (
        token.lemma_ == "crush"
        and any(c.dep_ == "prep" and c.lower_ == "of" for c in token.children)
    )


_FIRE_PLACES = {
    "apartment", "house", "home", "building", "warehouse", "factory", "hotel", "forest", "brush",
    "deadly", "fatal", "massive", "huge", "large", "raging", "tower", "plant", "club", "bar",
}  # fmt: skip
_FIRE_VERBS = {"break", "kill", "destroy", "spread", "gut", "engulf", "rip", "erupt", "burn"}


def _a_fire(token: Token) -> bool:
    """'a deadly apartment fire', 'the fire broke out': not 'opened fire', 'under fire' or
    'the fire department'."""
    if token.dep_ == "compound" or token.head.lemma_.lower() in ("open", "under", "exchange"):
        return False
    return any(
        c.dep_ in ("amod", "compound") and c.lemma_.lower() in _FIRE_PLACES for c in token.children
    ) or (token.dep_ == "nsubj" and token.head.lemma_.lower() in _FIRE_VERBS)


def _filming(token: Token) -> bool:
    """'the shooting schedule', 'shooting of the final scene', 'shooting wrapped in May':
    shooting as filming."""
    if token.dep_ == "compound" and token.head.lemma_.lower() in _SHOOT_NOUNS:
        return True
    for prep in (c for c in token.children if c.dep_ == "prep" and c.lower_ == "of"):
        if any(g.lemma_.lower() in _FILMED for g in prep.children):
            return True
    return token.head.lemma_.lower() in _SHOOT_PHASES and not any(
        c.dep_ in ("prep", "poss") for c in token.children
    )


_NARRATED = {"kill", "shoot", "die", "sentence", "convict", "acquit", "stab", "murder", "attack"}


def _narrated(token: Token) -> bool:
    """'Lucas accidentally kills a man and is sentenced to hang': the simple present of a
    film's or book's synopsis. News reports what happened in the past tense (a headline
    in the present is the article's first sentence, which is kept)."""
    if token.sent.start == 0 or token.lemma_.lower() not in _NARRATED:
        return False
    if token.tag_ in ("VBZ", "VBP"):
        return True
    auxes = [c.lower_ for c in token.children if c.dep_ in ("aux", "auxpass")]
    if token.dep_ == "conj" and not auxes:
        auxes = [c.lower_ for c in token.head.children if c.dep_ in ("aux", "auxpass")]
    return token.tag_ == "VBN" and auxes in (["is"], ["are"])


def _in_a_story(token: Token) -> bool:
    """'In the film, a boy is sentenced to hang', 'a novel in which a lawyer is shot': what
    happens in a story is not news."""
    for node in (token, *token.ancestors):
        for child in node.children:
            if (
                child.dep_ == "prep"
                and child.lower_ == "in"
                and child.i < token.i
                and any(g.lemma_.lower() in _STORIES for g in child.children if g.dep_ == "pobj")
            ):
                return True
        if node.dep_ == "relcl" and node.head.lemma_.lower() in _STORIES:
            return True
    return False


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
    context: Context,
    dates: list[TemporalExpression],
    citation_spans: list[tuple[int, int]],
    doc: Doc,
) -> Event:
    date = _closest_date(trigger, sent, dates, doc)
    clause = _clause(trigger, citation_spans)
    event = Event(
        event_type=event_type,
        summary=_summary(clause, trigger),
        participants=_participants(trigger, event_type, context),
        location=_location(clause, [*context.owner, *citation_spans]),
        mentions=[EventMention(sent.start_char, sent.end_char, sent.text)],
        triggers=[(trigger.idx, trigger.idx + len(trigger.text))],
        amount=_amount(trigger),
        earlier=_an_earlier_one(trigger),
        indictment=trigger.lemma_.lower() in ("indict", "indictment"),
        later=_a_later_death(trigger, event_type),
    )
    return _dated(event, date) if date else event


# "Baldwin was initially charged", "the original indictment", "his first trial": an earlier
# event of the kind, not the one the article reports (an indictment months later)
_EARLIER_ADVERBS = {"initially", "originally", "previously", "earlier", "first", "formerly"}
_EARLIER_ADJECTIVES = {"initial", "original", "earlier", "previous", "prior", "first", "former"}


# "died the next day", "died days later", "eventually died": after the harm that caused it
_LATER_WORDS = {"later", "next", "following", "subsequently", "eventually", "afterwards"}


def _a_later_death(trigger: Token, event_type: str) -> bool:
    """A death the text puts after its cause. It is still that harm's death, but its date is
    not the date of the shooting or crash (a day or weeks before): ``_combine`` never lets
    it date the harm."""
    if event_type != "death" or trigger.lemma_.lower() != "die":
        return False
    return any(
        t.lower_ in _LATER_WORDS
        for c in trigger.children
        if c.dep_ not in ("nsubj", "conj", "cc")
        for t in c.subtree
    )


def _an_earlier_one(trigger: Token) -> bool:
    """'was initially charged', 'the original indictment', 'faced such a charge' (one like
    the article's, another). Not 'police initially said X died in the crash': what was
    said first is no earlier event."""
    if any(c.lower_ == "such" for c in trigger.children):
        return True
    if trigger.pos_ == "VERB":
        return any(c.dep_ == "advmod" and c.lower_ in _EARLIER_ADVERBS for c in trigger.children)
    return any(c.dep_ == "amod" and c.lower_ in _EARLIER_ADJECTIVES for c in trigger.children)


# --- sums of money: "a $20 million settlement" is not "a $2 million settlement" -------------

_AMOUNT_MODIFIERS = {"compound", "nmod", "amod", "nummod", "quantmod", "npadvmod"}
_AMOUNT_PREPOSITIONS = {"of", "for", "worth", "totaling", "totalling", "valued"}
_SCALES = {
    "k": 1e3, "thousand": 1e3, "m": 1e6, "mn": 1e6, "mln": 1e6, "million": 1e6,
    "b": 1e9, "bn": 1e9, "billion": 1e9, "trillion": 1e12,
}  # fmt: skip
_MONEY = re.compile(
    r"(\d[\d,]*(?:\.\d+)?)\s*(k|mn|mln|m|bn|b|thousand|million|billion|trillion)?\b", re.I
)
_SAME_SUM = 1.25  # "nearly $1 billion" and "$997 million" are one sum; $83 million is another


def _amount(trigger: Token) -> float | None:
    """The sum of money the trigger itself names: "a $20 million settlement", "a settlement
    of $20 million", "settled for $20 million". Money elsewhere in the sentence is not its."""
    candidates = [
        child for child in trigger.children
        if child.i < trigger.i and child.dep_ in _AMOUNT_MODIFIERS
    ]  # fmt: skip
    for child in trigger.children:
        if child.dep_ in ("prep", "amod", "acl") and child.lower_ in _AMOUNT_PREPOSITIONS:
            candidates += [g for g in child.children if g.dep_ in ("pobj", "dobj")]
    for candidate in candidates:
        for token in candidate.subtree:
            if token.ent_type_ == "MONEY":
                return _sum_of(_entity_of(token))
    return None


def _entity_of(token: Token) -> Span:
    doc = token.doc
    start = token.i
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    end = token.i + 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return doc[start:end]


def _sum_of(money: Span) -> float | None:
    """The number a money entity states ("$1.5 million" -> 1500000.0); None without digits."""
    found = _MONEY.search(money.text)
    if found is None:
        return None
    number = float(found.group(1).replace(",", ""))
    return number * _SCALES.get((found.group(2) or "").lower(), 1.0)


def amounts_agree(a: Event, b: Event) -> bool:
    """Two records can be one event as far as money goes: either names no sum, or the
    sums are the same up to rounding ("nearly $1 billion", "$997 million")."""
    if not a.amount or not b.amount:
        return True
    return max(a.amount, b.amount) / min(a.amount, b.amount) <= _SAME_SUM


def _dated(event: Event, expr: TemporalExpression) -> Event:
    date = publishable(expr)
    if date is None or date.precision not in PUBLISHED_PRECISIONS:
        return event
    return replace(
        event,
        event_date=date.value,
        date_precision=date.precision,  # type: ignore[arg-type]
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
    """The date expression in the trigger's own clause that is closest to it in the parse."""
    head = _clause_head(trigger)
    path = _path_up_to(trigger, head)
    best: tuple[int, int, TemporalExpression] | None = None
    for expr in dates:
        if not (sent.start_char <= expr.start < sent.end_char):
            continue
        span = doc.char_span(expr.start, expr.end, alignment_mode="expand")
        if span is None or not _in_clause(span, path) or _modifies_next_event(span, trigger):
            continue
        distance = _tree_distance(trigger, span.root)
        if distance <= _MAX_DATE_DISTANCE:
            key = (distance, abs(span.root.i - trigger.i), expr)
            if best is None or key[:2] < best[:2]:
                best = key
    return best[2] if best else None


_SUPPORT_VERBS = {
    "file", "bring", "launch", "reach", "hold", "make", "issue", "begin", "start", "open",
    "lodge", "announce", "finalize", "finalise", "sign", "stage", "go",
}  # fmt: skip
# Verbs a noun trigger's date can hang from: "the shooting happened on Monday", "sentencing
# is set for Friday", "filed a lawsuit on Monday". Other verbs have clauses of their own.
_OCCURRENCE_VERBS = {
    "happen", "occur", "take", "unfold", "erupt", "break", "begin", "start", "open", "resume",
    "end", "conclude", "set", "schedule", "slate", "be", "come", "continue", "kill", "leave",
}  # fmt: skip
_LIGHT_NOUNS = {"notice", "terms", "motion", "petition", "request", "filing"}
# Dependencies that open a clause of its own: a date below one dates that clause's verb.
_CLAUSE_DEPS = {"ccomp", "xcomp", "advcl", "relcl", "acl", "pcomp", "csubj", "parataxis"}


def _clause_head(trigger: Token) -> Token:
    """The word whose clause the trigger's date must be in: the trigger, or for "the fatal
    shooting", "a lawsuit was filed", "the crash happened", "is due to be sentenced" the
    word that carries it."""
    node = trigger
    while node.head.i != node.i and _carried_by_head(node):
        node = node.head
    return node


def _carried_by_head(node: Token) -> bool:
    head, dep = node.head, node.dep_
    verb = head.lemma_.lower()
    if dep in ("amod", "compound"):
        return head.pos_ in ("NOUN", "PROPN")  # "the shooting deaths"
    if node.pos_ == "NOUN" and dep in ("nsubj", "nsubjpass"):
        return verb in _OCCURRENCE_VERBS | _SUPPORT_VERBS | _TRIAL_VERBS
    if node.pos_ == "NOUN" and node.lemma_.lower() == "sentence":
        return dep in ("dobj", "nsubjpass")  # "received a life sentence on Monday"
    if node.pos_ == "NOUN" and dep in ("dobj", "attr"):
        return verb in _SUPPORT_VERBS | _TRIAL_VERBS or _a_plea(node)
    if dep == "pobj" and node.head.lower_ == "of":  # "filed a notice of appeal on Monday"
        return head.head.lemma_.lower() in _LIGHT_NOUNS
    if dep == "prep" and node.lower_ == "of":
        return verb in _LIGHT_NOUNS
    return dep == "xcomp" and node.pos_ in ("VERB", "AUX")  # "set to be sentenced Friday"


def _path_up_to(trigger: Token, head: Token) -> set[int]:
    path = {trigger.i}
    node = trigger
    while node.i != head.i and node.head.i != node.i:
        node = node.head
        path.add(node.i)
    return path


_SAME_TIME = {"when", "as", "while"}


def _opens_clause(node: Token) -> bool:
    """Whether the edge above ``node`` enters a clause of its own. A bare participle with no
    subject, marker or auxiliary ("walked off set the day before") shares its head's time."""
    if node.dep_ == "conj":
        return node.pos_ in ("VERB", "AUX")
    if node.dep_ == "mark":
        return True  # "two years after X was killed" times the outer clause, not the killing
    if node.dep_ == "advcl":
        if any(c.dep_ in ("mark", "advmod") and c.lower_ in _SAME_TIME for c in node.children):
            return False  # "killed two people when he opened fire on Tuesday": that moment
        return any(
            c.dep_ in ("mark", "aux", "auxpass", "nsubj", "nsubjpass") for c in node.children
        )
    return node.dep_ in _CLAUSE_DEPS


def _in_clause(date: Span, path: set[int]) -> bool:
    """Whether a date hangs from the trigger's clause (``path``: the trigger up to its
    clause head) without crossing into a clause of its own: "the prosecutor said on Feb. 21
    that X died", "convicted of trying to harm patients in 2015", "arrested in May and
    charged on Monday", "two years after X was killed", "a settlement over the collapse
    last year" give the trigger no date."""
    if any(t.dep_ == "mark" for t in date):
        return False  # "two years after": how far the outer clause is from this one
    node = date.root
    while node.i not in path:
        if node.head.i == node.i:
            return False  # above the trigger's clause
        if _opens_clause(node):
            return False
        node = node.head
        if node.i not in path and node.pos_ in ("NOUN", "PROPN") and _names_an_event(node):
            return False  # "stood trial in the Oct. 21 shooting": the shooting's date
    return True


def _modifies_next_event(date: Span, trigger: Token) -> bool:
    """ "the Oct. 21, 2021, shooting": a date written before an event word is that word's,
    however the parser attaches it."""
    after = date.doc[date.end : date.end + 2]
    word = next((t for t in after if not t.is_punct), None)
    return (
        word is not None
        and word.i != trigger.i
        and (word.lemma_.lower() in _NOUN_TYPES or word.lower_ in _NOUN_TYPES)
    )


_OCCASIONS = {
    "festival", "concert", "disaster", "tragedy", "incident", "election", "game", "season",
    "hearing", "ceremony", "war", "storm", "hurricane", "pandemic", "tour", "party", "rally",
    "parade", "match", "race", "verdict", "ruling", "decision", "case",
}  # fmt: skip


def _names_an_event(noun: Token) -> bool:
    """A noun with a time of its own: an event noun ("the 2021 shooting") or an occasion
    ("the 2021 festival", "the collapse last year"); but an occasion where the event took
    place ("opened fire outside a graduation ceremony on Tuesday") shares its time."""
    if noun.lemma_.lower() in _NOUN_TYPES:
        return True
    where = noun.dep_ == "pobj" and noun.head.lower_ in _LOCATIVE
    return noun.lemma_.lower() in _OCCASIONS and not where


_LOCATIVE = {"at", "outside", "inside", "during", "near", "in", "on", "after", "before"}


def _person_of(token: Token, owner: dict[tuple[int, int], str]) -> str | None:
    for (start, end), name in owner.items():
        if start <= token.idx < end:
            return name
    return None


# --- participants -------------------------------------------------------------------------------
# A participant is an argument of the event's own trigger: its subject, object or agent, the
# "against" phrase of a legal event, the "of" phrase or possessor of a noun trigger; or an
# apposition, a conjunct, or a coreferent of one (a pronoun or a definite role noun that
# exactly one person of the article fits). A name anywhere else in the sentence is not.

_LEGAL = {"arrest", "charge", "trial", "conviction", "acquittal", "sentencing", "dismissal"}
_AGAINST_TYPES = _LEGAL | {"lawsuit", "appeal", "settlement", "investigation", "attack"}
_AT_TYPES = {"shooting", "attack"}  # "fired at X", "opened fire on X"
# Noun triggers whose possessor did it ("her lawsuit", "his resignation"); for the
# others the possessor is who it happened to ("his arrest", "her death").
_POSSESSOR_ACTS = {"lawsuit", "appeal", "statement", "resignation", "walkout", "protest", "trial"}
# Verbs whose subject is the harmed person, and verbs whose subject does the harm.
_LEMMA_ROLES: dict[str, tuple[str | None, str | None]] = {
    "die": ("victim", None),
    "plead": ("defendant", None),  # "X pleaded guilty": X is convicted
    "kill": ("perpetrator", "victim"),
    "murder": ("perpetrator", "victim"),
}
_PERSONAL_PRONOUNS = {"he", "she"}
_PERSON_NOUNS = (
    set(PEOPLE_ROLES)
    | set(RELATIONS)
    | {
        "man", "woman", "boy", "girl", "person", "defendant", "suspect", "victim", "gunman",
        "teenager", "child", "resident", "survivor", "friend", "relative", "official",
        "crewmember", "member", "shooter", "attacker", "passenger", "pedestrian", "cyclist",
    }
)  # fmt: skip
_EVIDENCE_RANK: list[Evidence] = ["argument", "apposition", "role noun", "pronoun"]
_AGENT_ROLES = {"shooter", "perpetrator", "defendant", "responsible"}


@dataclass(frozen=True)
class Context:
    """What participant linking needs to know about the whole article."""

    owner: dict[tuple[int, int], str]  # person mention span -> the person's name
    role_nouns: dict[str, list[str]]  # role word -> the people the article gives it
    judges: frozenset[str] = frozenset()  # the people the article calls a judge


def _context(doc: Doc, people: list[Person]) -> Context:
    owner = {(m.start, m.end): p.name for p in people for m in p.mentions}
    role_nouns: dict[str, list[str]] = {}
    for token in doc:
        holder = _role_of(token, owner)
        if holder is not None:
            for key in _role_keys(token):
                if holder not in role_nouns.setdefault(key, []):
                    role_nouns[key].append(holder)
    judges = frozenset(p.name for p in people if "judge" in p.roles)
    return Context(owner, role_nouns, judges)


def _role_of(token: Token, owner: dict[tuple[int, int], str]) -> str | None:
    """The person a role noun is attached to by the syntax: "armorer Nell Ray",
    "the armorer, Nell Ray,", "Nell Ray, the armorer"; else None."""
    if token.pos_ != "NOUN" or token.tag_ == "NNS" or _person_of(token, owner):
        return None
    if not set(_role_keys(token)) & _PERSON_NOUNS:
        return None  # "the bullet, X," is a misparse, not a role
    if token.dep_ in ("compound", "appos"):
        return _person_of(token.head, owner)
    names = {n for c in token.children if c.dep_ == "appos" and (n := _person_of(c, owner))}
    return names.pop() if len(names) == 1 else None


def _role_keys(noun: Token) -> list[str]:
    """The role a noun names, with its compounds: "assistant director" is not "director"."""
    compounds = " ".join(
        c.lemma_.lower() for c in noun.children if c.dep_ == "compound" and c.pos_ == "NOUN"
    )  # "the Rust armorer" is an armorer
    return [f"{compounds} {noun.lemma_.lower()}".strip()]


def _participants(trigger: Token, event_type: str, context: Context) -> list[Participant]:
    lemma = trigger.lemma_.lower() if trigger.pos_ == "VERB" else ""
    subject_role, object_role = _LEMMA_ROLES.get(lemma, _ROLES.get(event_type, (None, None)))
    found: dict[str, Participant] = {}
    fatal = _fatal(trigger)
    for argument, role in _arguments(trigger, event_type, subject_role, object_role):
        if role is None:
            continue
        if role == "injured" and fatal and argument.dep_ == "nsubjpass":
            role = "victim"  # "X was fatally wounded", "mortally injured": killed
        for name, evidence in _who(argument, context):
            if role == "judge" and trigger.lemma_ == "sentence" and name not in context.judges:
                continue  # "X gave Y a sentence" names a judge only when X is one
            known = found.get(name)
            if known is None or _stronger(evidence, known.evidence):
                found[name] = Participant(name, role, evidence)
    return list(found.values())


def _fatal(trigger: Token) -> bool:
    return any(c.dep_ == "advmod" and c.lower_ in ("fatally", "mortally") for c in trigger.children)


def _stronger(a: Evidence, b: Evidence) -> bool:
    return _EVIDENCE_RANK.index(a) < _EVIDENCE_RANK.index(b)


def _is_passive(token: Token) -> bool:
    return any(c.dep_ in ("auxpass", "nsubjpass") for c in token.children)


def _arguments(
    trigger: Token, event_type: str, subject_role: str | None, object_role: str | None
) -> list[tuple[Token, str | None]]:
    """The heads of the trigger's argument phrases, each with the role it gives."""
    heads = [trigger]
    nominal = trigger.pos_ == "NOUN"
    out: list[tuple[Token, str | None]] = []
    if trigger.dep_ in ("amod", "compound") and trigger.head.pos_ in ("NOUN", "PROPN"):
        if nominal:
            heads.append(trigger.head)  # "the shooting deaths of X"
        else:
            out.append((trigger.head, object_role))  # "the injured director, X"
    for head in heads:
        for child in head.children:
            dep = child.dep_
            if dep in ("nsubj", "csubj"):
                out.append((child, subject_role))
            elif dep in ("nsubjpass", "dobj", "obj", "dative"):
                if child.lemma_.lower() not in _CASE_OBJECTS:  # "a case was registered":
                    out.append((child, object_role))  # its "against" phrase, below, is who
            elif dep in ("acl", "relcl") and nominal and child.lemma_ in ("file", "bring"):
                # "a lawsuit filed by X", "the lawsuits the families filed"
                out += [(c, subject_role) for c in child.children if c.dep_ == "nsubj"]
                for agent in (c for c in child.children if c.dep_ == "agent"):
                    out += [(g, subject_role) for g in agent.children if g.dep_ == "pobj"]
            elif dep == "poss" and nominal:
                # "her dismissal of the case": with an "of" phrase the possessor acts
                acts = event_type in _POSSESSOR_ACTS or any(
                    c.dep_ == "prep" and c.lower_ == "of" for c in head.children
                )
                out.append((child, subject_role if acts else object_role))
            elif dep in ("agent", "prep"):
                word = child.lower_
                role = None
                if word == "by" and (dep == "agent" or nominal):
                    role = subject_role
                elif (
                    (word == "against" and event_type in _AGAINST_TYPES)
                    or (word == "of" and (nominal or head is not trigger))
                    or (word in ("at", "on") and event_type in _AT_TYPES and not nominal)
                ):
                    role = object_role
                if role is not None:
                    out += [(g, role) for g in child.children if g.dep_ == "pobj"]
        # "charges against X were dropped", "dismissed the case against X"
        for child in head.children:
            if child.dep_ in ("dobj", "nsubjpass") and child.lemma_.lower() in _CASE_OBJECTS:
                for prep in child.children:
                    if prep.dep_ == "prep" and prep.lower_ in ("against", "of"):
                        out += [(g, object_role) for g in prep.children if g.dep_ == "pobj"]
                    elif prep.dep_ == "poss" and _a_defendants_case(child):
                        out.append((prep, object_role))  # "X's case was dismissed"
    if nominal and trigger.lemma_ == "charge" and _brought(trigger):
        for prep in trigger.head.children:  # "charges were brought against X"
            if prep.dep_ == "prep" and prep.lower_ == "against":
                out += [(g, object_role) for g in prep.children if g.dep_ == "pobj"]
    out += _borrowed_subjects(trigger, subject_role, object_role)
    if trigger.lemma_ == "find":  # "jurors found X guilty": X is the small clause's subject
        for verdict in (c for c in trigger.children if c.lower_ == "guilty"):
            out += [(c, object_role) for c in verdict.children if c.dep_ == "nsubj"]
    if event_type == "shooting":
        for prep in (c for c in trigger.children if c.dep_ == "prep" and c.lower_ == "from"):
            out += [(g, None) for g in prep.children if g.dep_ == "pobj"]  # "fired from a gun"
        out += [(holder, subject_role) for gun, _ in list(out) for holder in _gun_holders(gun)]
        out += [(holder, subject_role) for holder in _holding_when_it_fired(trigger)]
    expanded: list[tuple[Token, str | None]] = []
    for token, role in out:
        expanded.append((token, role))
        expanded += [(c, role) for c in token.conjuncts if c.i > token.i and not _own_verb(c)]
        expanded += [(c, role) for c in _coordinated_before(token)]
    return expanded


def _a_defendants_case(noun: Token) -> bool:
    """A possessor's charges or case: not their lawsuit, nor their case against another."""
    return noun.lemma_.lower() not in ("lawsuit", "suit") and not any(
        c.dep_ == "prep" and c.lower_ == "against" for c in noun.children
    )


def _coordinated_before(head: Token) -> list[Token]:
    """A name coordinated with the argument but parsed inside its modifiers: in "X and Rust
    armorer Y were charged" the parser hangs X ('and Rust') on "armorer"."""
    return [
        t
        for t in head.subtree
        if t.i < head.i
        and t.dep_ in ("nmod", "compound", "nsubj")
        and t.ent_type_ == "PERSON"
        and any(c.dep_ == "cc" and c.lower_ == "and" for c in t.children)
    ]


def _own_verb(noun: Token) -> bool:
    """'killed X and injured director Y' parsed as 'X and Y': Y's participle ('injured')
    gives Y its own role, so Y does not take X's."""
    return any(t.dep_ == "amod" and t.pos_ == "VERB" for t in noun.subtree if t.i < noun.i)


def _gun_holders(noun: Token) -> list[Token]:
    """Who held the gun that fired: "a revolver held by X", "the gun X was holding",
    "X's prop gun" (the shooter, when the gun is the trigger's subject or agent)."""
    if noun.lemma_.lower() not in _GUN_OBJECTS:
        return []
    holders = [c for c in noun.children if c.dep_ == "poss"]
    for clause in (c for c in noun.children if c.dep_ in ("acl", "relcl")):
        if clause.lemma_.lower() not in _HOLDING:
            continue
        holders += [c for c in clause.children if c.dep_ == "nsubj"]
        for agent in (c for c in clause.children if c.dep_ == "agent"):
            holders += [g for g in agent.children if g.dep_ == "pobj"]
    return holders


def _holding_when_it_fired(trigger: Token) -> list[Token]:
    """'X was holding the gun when it fired', 'X was rehearsing with a revolver when the
    weapon discharged': the subject of the clause the firing interrupts, when that clause
    holds the gun."""
    fired_by = [c for c in trigger.children if c.dep_ in ("nsubj", "nsubjpass")]
    if not fired_by or not all(c.lower_ == "it" or c.lemma_ in _GUN_OBJECTS for c in fired_by):
        return []
    if trigger.dep_ != "advcl" or not any(c.lower_ in _SAME_TIME for c in trigger.children):
        return []
    head = trigger.head
    guns = [c for c in head.children if c.dep_ == "dobj" and c.lemma_ in _GUN_OBJECTS]
    for prep in (c for c in head.children if c.dep_ == "prep" and c.lower_ in ("with", "at")):
        guns += [g for g in prep.children if g.dep_ == "pobj" and g.lemma_ in _GUN_OBJECTS]
    if not guns:
        return []
    return [c for c in head.children if c.dep_ == "nsubj"]


_SAYING = {"say", "announce", "write", "state", "add", "tell", "explain"}
_HOLDING = {"hold", "wield", "carry", "handle", "point", "brandish", "use"}


def _borrowed_subjects(
    trigger: Token, subject_role: str | None, object_role: str | None
) -> list[tuple[Token, str | None]]:
    """Subjects a trigger takes from its clause: a relative clause's antecedent ("X, who
    died"), a coordinated or controlling verb's subject ("X was charged and convicted",
    "X is due to be sentenced", "X died after being shot"), the subject of a noun
    trigger's support verb ("X filed a lawsuit", "X stood trial")."""
    own = [c for c in trigger.children if c.dep_ in ("nsubj", "nsubjpass")]
    role = object_role if _is_passive(trigger) else subject_role
    head = trigger.head
    if own and own[0].lower_ in ("who", "that") and trigger.dep_ == "relcl":
        antecedent = head
        if antecedent.dep_ == "attr":  # "X was a cinematographer who died"
            subjects = [c for c in antecedent.head.children if c.dep_ == "nsubj"]
            antecedent = subjects[0] if subjects else antecedent
        return [(antecedent, role)]
    if own or head.i == trigger.i:
        return []
    if trigger.pos_ == "NOUN":
        if trigger.lemma_ == "sentence":
            return _sentence_arguments(trigger, subject_role, object_role)
        if trigger.lemma_ == "plea":  # "X took a plea deal": X pleaded guilty
            deal = trigger.head if trigger.dep_ == "compound" else trigger
            if deal.dep_ == "dobj":
                return [(c, object_role) for c in deal.head.children if c.dep_ == "nsubj"]
            return []
        if trigger.dep_ == "dobj" and head.lemma_.lower() in _SUPPORT_VERBS | _TRIAL_VERBS:
            if trigger.lemma_ == "trial" and head.lemma_.lower() not in _STOOD_TRIAL:
                return []  # "the judge ended the trial": who ends one is not its defendant
            return [(c, subject_role) for c in head.children if c.dep_ == "nsubj"]
        if (
            trigger.dep_ == "dobj"
            and head.lemma_.lower() in _NOUN_VERBS["statement"]
            and trigger.lemma_ in ("statement", "update", "release")
        ):  # "X offered a statement", "X issued a news release"
            return [(c, subject_role) for c in head.children if c.dep_ == "nsubj"]
        if trigger.dep_ == "pobj" and head.lower_ == "in" and head.head.lemma_ in _SAYING:
            return [(c, subject_role) for c in head.head.children if c.dep_ == "nsubj"]
        return []  # "X said in a statement"
    verbal = trigger.dep_ in ("conj", "xcomp") or (
        trigger.dep_ == "advcl" and trigger.tag_ in ("VBG", "VBN")
    )
    if not verbal or head.pos_ not in ("VERB", "AUX"):
        return []
    subjects = [c for c in head.children if c.dep_ in ("nsubj", "nsubjpass")]
    if trigger.dep_ == "conj" and not _is_passive(trigger):
        # "X was charged and convicted": the conjunct shares the head's voice
        role = object_role if _is_passive(head) else subject_role
    return [(s, role) for s in subjects]


def _who(token: Token, context: Context) -> list[tuple[str, Evidence]]:
    """The people an argument head names, and how: the name itself, a name in apposition,
    or a pronoun or definite role noun that exactly one person fits."""
    while token.dep_ == "compound" and token.head.i != token.i:
        token = token.head  # "injuring director X" parsed with the verb on "director"
    name = _person_of(token, context.owner)
    if name:
        return [(name, "argument")]
    found: list[tuple[str, Evidence]] = [
        (name, "apposition")
        for appos in token.children
        if appos.dep_ == "appos" and (name := _person_of(appos, context.owner))
    ]
    if found:
        return found
    if token.lower_ in _PERSONAL_PRONOUNS and token.dep_ in ("nsubj", "nsubjpass"):
        name = _antecedent(token, context)
        return [(name, "pronoun")] if name else []
    if token.pos_ == "NOUN":
        name = _role_holder(token, context)
        return [(name, "role noun")] if name else []
    return []


def _antecedent(pronoun: Token, context: Context) -> str | None:
    """The one person a subject he/she refers to: the only person named earlier in its
    sentence, or else the only person named in the sentence before, and named there as a
    subject; otherwise nobody. ("She was convicted" after "X and Y worked on the film" is
    nobody; a possessive "her death" is never resolved: it is too often someone else.)"""
    sent = pronoun.sent
    window = [t for t in sent if t.i < pronoun.i]
    if not any(_person_of(t, context.owner) for t in window) and sent.start > 0:
        window = [*pronoun.doc[sent.start - 1].sent, *window]
    before = {n for t in window if (n := _person_of(t, context.owner))}
    subjects = {
        n
        for t in window
        if t.dep_ in ("nsubj", "nsubjpass") and (n := _person_of(t, context.owner))
    }
    if subjects != before:
        return None
    if len(before) != 1 or any(_unnamed_person(t, context) for t in window):
        return None  # "Judge Ames let the armorer go while she appeals": who is "she"?
    return before.pop()


def _unnamed_person(token: Token, context: Context) -> bool:
    """A noun for a person that is not one of the named people ("the armorer", "a man")."""
    return (
        token.pos_ == "NOUN"
        and token.lemma_.lower() in _PERSON_NOUNS
        and _role_of(token, context.owner) is None
        and not _person_of(token, context.owner)
    )


def _role_holder(noun: Token, context: Context) -> str | None:
    """ "the armorer" -> the one person the article calls the armorer (a definite noun
    phrase only: "a weapons handler" is nobody in particular)."""
    definite = any(
        (c.dep_ == "det" and c.lower_ == "the")
        or (c.dep_ == "poss" and c.pos_ != "PRON" and _person_of(c, context.owner) is None)
        for c in noun.children
    )
    if not definite:
        return None
    if noun.tag_ == "NNS":
        return None  # "the prosecutors"
    for role in _role_keys(noun):
        holders = context.role_nouns.get(role, [])
        if holders:
            return holders[0] if len(holders) == 1 else None
    return None


def _drop_coreferent_victims(events: list[Event]) -> list[Event]:
    """A person the article reports as killed or harmed is not also made, through a pronoun or
    a role noun, the one who did harm or was prosecuted: that link is dropped."""
    victims = {
        p.name
        for e in events
        for p in e.participants
        if p.evidence in ("argument", "apposition") and p.role in ("victim", "injured")
    }
    return [
        replace(
            e,
            participants=[
                p
                for p in e.participants
                if not (
                    p.name in victims
                    and p.role in _AGENT_ROLES
                    and p.evidence in ("pronoun", "role noun")
                )
            ],
        )
        for e in events
    ]


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
            and amounts_agree(previous, event)
            and previous.earlier == event.earlier  # "X's indictment ... faced such a charge"
            and (
                _group(previous.event_type) == _group(event.event_type) == "harm"
                or _same_action(previous.event_type, event.event_type)
            )
        ):
            events[-1] = _combine(previous, event)
        else:
            events.append(event)
    return events


def _same_action(a: str, b: str) -> bool:
    """Two triggers of one sentence that report one event: the same type, or a walkout and
    the protest it was ("walked off the set to protest conditions")."""
    return a == b or {a, b} == {"walkout", "protest"}


def _group(event_type: str) -> str:
    return _TYPE_GROUPS.get(event_type, event_type)


def _combine(a: Event, b: Event) -> Event:
    event_type = min(
        (a.event_type, b.event_type), key=lambda t: _TYPE_RANK.index(t) if t in _TYPE_RANK else 99
    )
    dated = a if _precision_rank(a) <= _precision_rank(b) else b
    if a.event_type != b.event_type and (a.later or b.later):
        # "X was shot. X died the next day": the death's date is not the shooting's, and
        # the injury's is not the death's
        dated = b if a.later else a
        if event_type == "death":
            dated = replace(
                dated,
                event_date=None,
                date_precision=None,
                date_start=None,
                date_end=None,
                date_resolution=None,
            )
    # the mention of the merged type gives the roles ("shooter" over "victim" from "died")
    typed, other = (a, b) if a.event_type == event_type else (b, a)
    participants = {p.name: p for p in other.participants}
    for p in typed.participants:  # the typed mention's role, the strongest evidence for it
        known = participants.get(p.name)
        if known is None or known.role != p.role or not _stronger(known.evidence, p.evidence):
            participants[p.name] = p
    if event_type == "shooting":  # "shot and killed by X": who killed by shooting is the shooter
        for name, p in participants.items():
            if p.role == "perpetrator":
                participants[name] = replace(p, role="shooter")
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
        amount=a.amount or b.amount,
        earlier=a.earlier and b.earlier,
        indictment=a.indictment or b.indictment,
        later=(a.later or b.later) and event_type == "death",
        participants=list(participants.values()),
        mentions=mentions,
        triggers=sorted({*a.triggers, *b.triggers}),
    )


def _precision_rank(event: Event) -> int:
    order = [*PUBLISHED_PRECISIONS, None]
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
    if not dates_compatible(a.event_date, b.event_date) or not amounts_agree(a, b):
        return False
    if a.earlier != b.earlier:
        return False  # "indicted X" and "X was initially charged": two charges
    shared, conflict = _parties(a, b)
    if conflict:
        return False
    if shared:
        return True
    # No one in common: one event only if no role is filled by different people in each
    # (a shooter is the harm's perpetrator: "Lucas killed a rancher" is not the shooting).
    a_roles = {_AGENT_OF_HARM.get(p.role, p.role) for p in a.participants}
    return not a_roles & {_AGENT_OF_HARM.get(p.role, p.role) for p in b.participants}


_AGENT_OF_HARM = {"shooter": "perpetrator"}
# Whom a legal event or a suit is about: records whose people in this role differ are two
# events, whoever else they share (one judge sentences many, many sue one actor).
_IDENTIFIED_BY = {
    "lawsuit": "plaintiff",
    "appeal": "plaintiff",
    **dict.fromkeys(
        ("arrest", "charge", "trial", "conviction", "acquittal", "sentencing", "dismissal"),
        "defendant",
    ),
}
# A suit is the suer's: across articles, sharing only a defendant ("sued Alec Baldwin")
# does not make two mentions one suit.
_SUER_NEEDED = {"lawsuit", "appeal"}


def _parties(a: Event, b: Event, across: bool = False) -> tuple[bool, bool]:
    """(whether the records share a person in the same role, whether the role that
    identifies their type is filled by different people in each). ``across`` articles a
    suit is one only through its suer: one article's "sued Baldwin" is not another's."""
    a_people = {(p.name, _AGENT_OF_HARM.get(p.role, p.role)) for p in a.participants}
    b_people = {(p.name, _AGENT_OF_HARM.get(p.role, p.role)) for p in b.participants}
    role = _IDENTIFIED_BY.get(a.event_type) if a.event_type == b.event_type else None
    a_named = {name for name, r in a_people if r == role}
    b_named = {name for name, r in b_people if r == role}
    conflict = bool(a_named and b_named and not a_named & b_named)
    if across and a.event_type in _SUER_NEEDED:
        return bool(a_named & b_named), conflict
    return bool(a_people & b_people), conflict


def same_event_across_articles(a: Event, b: Event) -> bool:
    """Whether records from different articles are one real event: compatible type and
    dates, and a participant in common in the same role (for a suit, the one suing), or
    the same day and the same place. An event one article mentions in passing ("an
    acquittal in another country") stays its own."""
    if _group(a.event_type) != _group(b.event_type):
        return False
    if not dates_compatible(a.event_date, b.event_date) or not amounts_agree(a, b):
        return False
    if a.earlier != b.earlier:
        return False  # which charge "initially charged" was is unknown: it joins none
    if a.indictment != b.indictment:
        return False  # charged at arrest, indicted by a grand jury later: two legal steps
    shared, conflict = _parties(a, b, across=True)
    if conflict:
        return False
    if shared:
        return True
    return (
        a.date_precision == b.date_precision == "day"
        and a.event_date == b.event_date
        and bool(_places(a) & _places(b))
    )


def _places(event: Event) -> set[str]:
    """The places an event's location names ("Itaewon, Seoul" -> itaewon, seoul)."""
    return {p.strip().lower() for p in (event.location or "").split(",") if p.strip()}


def _articles_of(event: Event) -> set[str | None]:
    return {m.article_id for m in event.mentions}


def merge_events(events: Iterable[Event]) -> list[Event]:
    """Merge mentions of one real event: compatible type and dates, shared participants.

    Within an article, events that name participants merge when they share one; an
    event without participants merges into the one compatible event of its type. Across
    articles, only ``same_event_across_articles`` merges. Dated records come first, and a
    record that could belong to several merged events joins none of them ("Baldwin was
    charged", undated, beside his charge of 2023 and his indictment of 2024).

    Each event is compared only with the merged events an index gives it (``_Candidates``:
    those of its type group that share an article, a participant, or a day and a place),
    never with all, so merging many articles takes time near linear in their events.
    """
    merged: list[Event] = []
    articles_of: list[set[str | None]] = []  # of each merged event, kept as it grows
    index = _Candidates()
    events = list(events)
    many = len({m.article_id for e in events for m in e.mentions}) > 1
    for event in sorted(events, key=lambda e: _merge_order(e, many)):
        articles = _articles_of(event)
        candidates = index.of(event, articles)
        matches = [
            i
            for i in candidates
            if (
                same_event(merged[i], event)
                if articles_of[i] & articles
                else same_event_across_articles(merged[i], event)
            )
        ]
        # no one named: it joins the event of its type only if its article has just one
        alone = event.participants or sum(bool(articles_of[i] & articles) for i in candidates) <= 1
        if len(matches) == 1 and alone:
            target = matches[0]
            merged[target] = _combine(merged[target], event)
            articles_of[target] |= articles
        else:
            target = len(merged)
            merged.append(event)
            articles_of.append(articles)
        index.add(target, merged[target], articles)
    merged.sort(key=lambda e: e.mentions[0].start)
    return merged


def _merge_order(event: Event, many_articles: bool) -> tuple[bool, bool, int]:
    """Records naming people first; across articles dated ones next (an undated record
    then sees every event it could be); then by position in the article (within one, a
    record without people belongs to the event the text has introduced so far)."""
    return (
        not event.participants,
        many_articles and event.event_date is None,
        event.mentions[0].start,
    )


class _Candidates:
    """Which merged events an event can merge with, by key: (type group, article), (type
    group, participant) and (type group, day, place). Every merged event that ``same_event``
    (sharing an article) or ``same_event_across_articles`` can accept shares one of these
    keys with the event, so looking them up finds all of them; keys a merged event had
    before it grew stay (the rules themselves decide), so the index only ever grows."""

    def __init__(self) -> None:
        self._by_key: dict[tuple[str | None, ...], set[int]] = {}

    @staticmethod
    def _keys(event: Event, articles: set[str | None]) -> set[tuple[str | None, ...]]:
        group = _group(event.event_type)
        keys: set[tuple[str | None, ...]] = {("article", group, a) for a in articles}
        keys |= {("participant", group, p.name) for p in event.participants}
        if event.date_precision == "day":
            keys |= {("day place", group, event.event_date, place) for place in _places(event)}
        return keys

    def of(self, event: Event, articles: set[str | None]) -> list[int]:
        """Indexes of the merged events that share a key with ``event``, in order."""
        found: set[int] = set()
        for key in self._keys(event, articles):
            found |= self._by_key.get(key, set())
        return sorted(found)

    def add(self, position: int, event: Event, articles: set[str | None]) -> None:
        """Record the merged event at ``position`` (as it is now) under its keys."""
        for key in self._keys(event, articles):
            self._by_key.setdefault(key, set()).add(position)


# --- relative dates ---------------------------------------------------------------------------


def _resolve_from_previous(dates: list[TemporalExpression]) -> list[TemporalExpression]:
    """Resolve the expressions relative to the date before them ("the next day")."""
    out: list[TemporalExpression] = []
    last: str | None = None
    for expr in dates:
        if expr.anchor and expr.anchor.endswith("|previous") and expr.value is None and last:
            expr = resolve_relative(expr, last)
        if (calendar := publishable(expr)) is not None:
            last = calendar.value
        out.append(expr)
    return out


def _resolve_relative_dates(
    events: list[Event], dates: list[TemporalExpression], doc: Doc
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
        if (calendar := publishable(expr)) is not None:
            explicit_before.append(calendar)
        resolved.append(expr)
    by_span = {(d.start, d.end): d for d in resolved}
    out = []
    for event in events:
        if event.event_date is None:
            for expr in resolved:
                if expr.anchor and expr.value and _dates_a_trigger(expr, event, doc):
                    event = _dated(event, by_span[(expr.start, expr.end)])
                    break
        out.append(event)
    return out, resolved


def _dates_a_trigger(expr: TemporalExpression, event: Event, doc: Doc) -> bool:
    """Whether the expression is in the clause of one of the event's triggers."""
    span = doc.char_span(expr.start, expr.end, alignment_mode="expand")
    if span is None:
        return False
    for start, end in event.triggers:
        trigger = doc.char_span(start, end, alignment_mode="expand")
        if trigger is not None and trigger.root.sent == span.root.sent:
            root = trigger.root
            if _in_clause(span, _path_up_to(root, _clause_head(root))):
                return True
    return False


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
