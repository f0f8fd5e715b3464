"""Records of many articles -> one set of tables: one person per real person, one event
per real event with all its mentions. Pure: no Prefect, no file system.

Ids are stable hashes of what identifies a record, so the same record gets the same id
in every run and when other articles are added:
- person: the full name, case-folded, hyphens as spaces and a nickname as its formal given
  name (people.name_key: "Dave Lopez-Grant" -> "david lopez grant"), so every spelling of
  one name gets one id; a relative named by a given name only, that name and the relation
  to the person it belongs to ("maggie (wife of thomas varga)");
- event: type, date and the ids of its participants;
- citation: article id and the offsets of the attribution phrase.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field, replace

import pandas as pd

from flows.extract.events import merge_events
from flows.extract.outlets import OutletIndex, load_outlets
from flows.extract.people import RELATIONS, initial_form_of, name_key, surname_key
from flows.extract.records import Event, EventMention, Extraction, Participant, Person
from flows.ingest import Article
from schemas.tables import PRIMARY_KEYS

ArticleRecords = tuple[Article, Extraction]


def stable_id(prefix: str, *parts: object) -> str:
    key = "\x1f".join("" if p is None else str(p) for p in parts)
    return f"{prefix}-{hashlib.sha256(key.encode('utf-8')).hexdigest()[:12]}"


def person_key(name: str) -> str:
    """A name as written, case-folded (the key of a name whose spellings are contested)."""
    return " ".join(name.split()).casefold()


def build_tables(records: list[ArticleRecords]) -> dict[str, pd.DataFrame]:
    """The published tables from every article's extraction (sorted, deterministic)."""
    records = sorted(records, key=lambda r: r[0].article_id)
    person_ids, people = _people(records)
    events, event_articles = _events(records, person_ids)
    citations, citation_events = _citations(records, events, event_articles)
    tables = {
        "articles": _articles(records),
        "people": people,
        "person_mentions": _person_mentions(records, person_ids),
        **_event_tables(events, citations, _article_outlets(records)),
        "citations": citations,
        "citation_events": citation_events,
    }
    return {name: _sorted(name, df) for name, df in tables.items()}


# --- articles ----------------------------------------------------------------------------------


def _articles(records: list[ArticleRecords]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "article_id": a.article_id,
                "source_file": a.source_file,
                "title": a.title,
                "outlet": a.outlet,
                "url": a.url,
                "published_date": a.published_date.isoformat() if a.published_date else None,
                "sha256": a.sha256,
                "word_count": a.word_count,
            }
            for a, _ in records
        ],
        columns=[
            "article_id",
            "source_file",
            "title",
            "outlet",
            "url",
            "published_date",
            "sha256",
            "word_count",
        ],
    )


# --- people ------------------------------------------------------------------------------------


@dataclass
class _PersonRow:
    person_id: str
    name: str
    aliases: set[str] = field(default_factory=set)
    roles: dict[str, None] = field(default_factory=dict)  # ordered set
    descriptions: dict[str, None] = field(default_factory=dict)  # ordered set
    mention_count: int = 0


_RELATIVE_DESCRIPTION = re.compile(r"^(?P<relation>[a-zé]+) of (?P<owner>[^;]+)$")


def _relative_of(person: Person) -> tuple[str, str] | None:
    """(relation, owner's name) of a relative the article names by a given name only."""
    if " " in person.name or not person.description:
        return None
    m = _RELATIVE_DESCRIPTION.match(person.description.split("; ")[0])
    return (m["relation"], m["owner"]) if m and m["relation"] in RELATIONS else None


def _without_middle_names(
    records: list[ArticleRecords], forms: dict[str, list[str]], full_key: Callable[[str], str]
) -> dict[str, str]:
    """Two-word keys that are the one longer name of all articles without its middle names
    ("stacie fang" -> "stacie dawn fang") or its given name ("boone isaacs" -> "cheryl boone
    isaacs"), and names whose middle name is an initial of the
    one fuller name ("frederick c. larue" -> "frederick cheney larue"), when no article
    names both as two people."""
    together = set()
    for _, x in records:
        keys = {full_key(p.name) for p in x.people if " " in p.name}
        together |= {(a, b) for a in keys for b in keys if a != b}
    # indexes, so each name is compared only with the names it could be a form of
    by_shape: dict[tuple[int, str], set[str]] = defaultdict(set)  # (words, last word) -> keys
    by_ends: dict[tuple[str, ...], set[str]] = defaultdict(set)  # first and last, last two
    for other, ofs in forms.items():
        for o in ofs:
            by_shape[(len(o.split()), o.split()[-1])].add(other)
        words = other.split()
        if len(words) > 2 and not any("-" in o for o in ofs):
            by_ends[("ends", words[0], words[-1])].add(other)
            by_ends[("last two", *words[-2:])].add(other)
    found = {}
    for key, fs in forms.items():  # "Frederick C. LaRue" -> "Frederick Cheney LaRue"
        shapes = {(len(f.split()), f.split()[-1]) for f in fs}
        fuller = {
            other
            for other in set().union(*(by_shape[s] for s in shapes)) - {key}
            if any(initial_form_of(f.split(), o.split()) for f in fs for o in forms[other])
        }
        if len(fuller) == 1 and (key, next(iter(fuller))) not in together:
            found[key] = fuller.pop()
    for key in forms:
        words = key.split()
        if key in found or len(words) != 2 or any("-" in f for f in forms[key]):
            continue
        # "stacie fang" of "stacie dawn fang"; "boone isaacs" of "cheryl boone isaacs"
        longer = by_ends[("ends", words[0], words[-1])] | by_ends[("last two", *words)]
        if len(longer) == 1 and (key, next(iter(longer))) not in together:
            found[key] = longer.pop()
    return found


def _people(records: list[ArticleRecords]) -> tuple[dict[tuple[str, str], str], pd.DataFrame]:
    """person id for each (article_id, name), and the people table.

    Full names with one key (people.name_key) -> one person: "Maria Lopez Grant" and
    "Maria Lopez-Grant", "Dave Kessler" and "David Kessler"; a bare hyphenated surname
    written with a space ("Levine Cava") joins the one person whose surname it is. A key
    that one article gives two people (a father and son "David" and "Dave") merges nothing:
    each of its names is then its own key. A one-word name ("Baldwin") joins the one person
    whose surname or first name it is, and a two-word name ("Stacie Fang") the one longer
    name with its given name and surname ("Stacie Dawn Fang"), when exactly one person
    across all articles has it;
    otherwise it stays a person of its own. A relative named by a given name only is keyed
    by that name and the relation to their person, and joins no one else.
    """
    contested = set()
    for _, x in records:
        keys = [name_key(p.name) for p in x.people if " " in p.name]
        contested |= {k for k in keys if keys.count(k) > 1}

    def full_key(name: str) -> str:
        key = name_key(name)
        return person_key(name) if key in contested else key

    forms: dict[str, list[str]] = defaultdict(list)  # key -> every form, once per record
    surnames: dict[str, set[str]] = defaultdict(set)  # hyphenated surname key -> keys
    for _, x in records:
        for p in x.people:
            if " " in p.name:
                forms[full_key(p.name)].append(p.name)
                if (surname := surname_key(p.name)) is not None:
                    surnames[surname].add(full_key(p.name))
    for key in list(forms):  # a bare surname "Levine Cava" is a form of its one owner
        owners = surnames.get(key, set()) - {key}
        if len(owners) == 1 and not any(surname_key(f) for f in forms[key]):
            forms[next(iter(owners))] += forms.pop(key)
    shorter = _without_middle_names(records, forms, full_key)
    for key in shorter:
        target = shorter[key]
        while target in shorter:  # a chain of shorter forms ends at the fullest
            target = shorter[target]
        forms[target] += forms.pop(key)
    key_of = {person_key(f): key for key, fs in forms.items() for f in fs}
    by_part: dict[str, set[str]] = defaultdict(set)
    for key, fs in forms.items():
        for form in fs:
            words = form.split()
            by_part[words[0].casefold()].add(key)
            by_part[words[-1].casefold()].add(key)
            by_part[words[-1].replace("-", " ").casefold()].add(key)
    # the form most records use names the person (ties: the first in article order)
    display = {key: _most_common(fs) for key, fs in forms.items()}
    ids: dict[tuple[str, str], str] = {}
    rows: dict[str, _PersonRow] = {}
    for article, extraction in records:
        for person in extraction.people:
            relative = _relative_of(person)
            if relative is not None:
                relation, owner = relative
                owner_key = key_of.get(person_key(owner), full_key(owner))
                key = f"{person_key(person.name)} ({relation} of {owner_key})"
            elif person_key(person.name) in key_of:
                key = key_of[person_key(person.name)]
            elif len(by_part.get(person_key(person.name), ())) == 1:
                key = next(iter(by_part[person_key(person.name)]))
            else:
                key = person_key(person.name)
            person_id = stable_id("per", key)
            ids[(article.article_id, person.name)] = person_id
            row = rows.setdefault(person_id, _PersonRow(person_id, display.get(key, person.name)))
            row.aliases |= {*person.aliases, person.name} - {row.name}
            row.roles.update(dict.fromkeys(person.roles))
            if person.description:
                row.descriptions.update(dict.fromkeys(person.description.split("; ")))
            row.mention_count += len(person.mentions)
    table = pd.DataFrame(
        [
            {
                "person_id": row.person_id,
                "name": row.name,
                "aliases": sorted(row.aliases),
                "roles": list(row.roles),
                "description": "; ".join(row.descriptions) or None,
                "mention_count": row.mention_count,
            }
            for row in rows.values()
        ],
        columns=["person_id", "name", "aliases", "roles", "description", "mention_count"],
    )
    return ids, table


def _most_common(forms: list[str]) -> str:
    """The form written most often; of equally frequent ones, the first."""
    counts = Counter(forms)
    most = max(counts.values())
    return next(f for f in forms if counts[f] == most)


def _person_mentions(
    records: list[ArticleRecords], person_ids: dict[tuple[str, str], str]
) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "person_id": person_ids[(article.article_id, person.name)],
                "article_id": article.article_id,
                "char_start": m.start,
                "char_end": m.end,
                "text": m.text,
            }
            for article, extraction in records
            for person in extraction.people
            for m in person.mentions
        ],
        columns=["person_id", "article_id", "char_start", "char_end", "text"],
    )


# --- events ------------------------------------------------------------------------------------


def _events(
    records: list[ArticleRecords], person_ids: dict[tuple[str, str], str]
) -> tuple[list[tuple[str, Event]], dict[tuple[str, int], int]]:
    """Merged events with their ids, and (article_id, index in that article) -> merged index.

    Before merging, participants are named by person id and each mention carries its
    article id, so events of different articles compare by who took part.
    """
    tagged: list[Event] = []
    origin: list[tuple[str, int]] = []
    for article, extraction in records:
        for index, event in enumerate(extraction.events):
            participants = [
                Participant(person_ids[(article.article_id, p.name)], p.role, p.evidence)
                for p in event.participants
                if (article.article_id, p.name) in person_ids
            ]
            mentions = [
                EventMention(m.start, m.end, m.sentence, article_id=article.article_id)
                for m in event.mentions
            ]
            tagged.append(replace(event, participants=participants, mentions=mentions))
            origin.append((article.article_id, index))
    merged = merge_events(tagged)
    holder: dict[EventMention, int] = {}  # each mention -> the first merged event holding it
    for merged_index, candidate in enumerate(merged):
        for mention in candidate.mentions:
            holder.setdefault(mention, merged_index)
    where: dict[tuple[str, int], int] = {}
    for (article_id, index), event in zip(origin, tagged, strict=True):
        if (found := holder.get(event.mentions[0])) is not None:
            where[(article_id, index)] = found
    used: set[str] = set()
    tried: dict[str, int] = {}  # base -> the last n tried (all below it are taken)
    with_ids = []
    for event in merged:
        base = stable_id(
            "evt", event.event_type, event.event_date, *sorted(p.name for p in event.participants)
        )
        n = tried.get(base, 1)
        event_id = base if n == 1 else stable_id("evt", base, n)
        while event_id in used:  # same type, date and people: tell them apart by order
            n += 1
            event_id = stable_id("evt", base, n)
        tried[base] = n
        used.add(event_id)
        with_ids.append((event_id, event))
    return with_ids, where


def _article_outlets(records: list[ArticleRecords]) -> dict[str, str]:
    """article id -> its publisher's canonical name (as written when unknown)."""
    outlets = load_outlets()
    return {a.article_id: outlets.lookup(a.outlet) or a.outlet for a, _ in records if a.outlet}


def _event_tables(
    events: list[tuple[str, Event]], citations: pd.DataFrame, article_outlets: dict[str, str]
) -> dict[str, pd.DataFrame]:
    cited: dict[str, set[str]] = defaultdict(set)
    for outlet, event_ids in zip(citations["outlet"], citations["_event_ids"], strict=True):
        if outlet is not None and not pd.isna(outlet):
            for event_id in event_ids:
                cited[event_id].add(outlet)
    events_rows, mention_rows, participant_rows = [], [], []
    for event_id, event in events:
        outlets = cited[event_id] | {
            article_outlets[m.article_id] for m in event.mentions if m.article_id in article_outlets
        }
        events_rows.append(
            {
                "event_id": event_id,
                "event_type": event.event_type,
                "event_date": event.event_date,
                "date_precision": event.date_precision,
                "date_start": event.date_start,
                "date_end": event.date_end,
                "date_resolution": event.date_resolution,
                "summary": event.summary,
                "location": event.location,
                "outlet_count": len(outlets),
                "mention_count": len(event.mentions),
            }
        )
        mention_rows += [
            {
                "event_id": event_id,
                "article_id": m.article_id,
                "char_start": m.start,
                "char_end": m.end,
                "sentence": m.sentence,
            }
            for m in event.mentions
        ]
        participant_rows += [
            {"event_id": event_id, "person_id": p.name, "role": p.role, "evidence": p.evidence}
            for p in event.participants
        ]
    return {
        "events": pd.DataFrame(
            events_rows,
            columns=[
                "event_id",
                "event_type",
                "event_date",
                "date_precision",
                "date_start",
                "date_end",
                "date_resolution",
                "summary",
                "location",
                "outlet_count",
                "mention_count",
            ],
        ),
        "event_mentions": pd.DataFrame(
            mention_rows, columns=["event_id", "article_id", "char_start", "char_end", "sentence"]
        ),
        "event_participants": pd.DataFrame(
            participant_rows, columns=["event_id", "person_id", "role", "evidence"]
        ).drop_duplicates(["event_id", "person_id"]),
    }


# --- citations ---------------------------------------------------------------------------------


def _own_outlets(outlet: str | None, outlets: OutletIndex) -> set[str]:
    """The article's own outlet, as written and canonical: the outlet named first, so in
    "BBC News (via The Writers Town)" the BBC, and in "Pledge Times (from Reuters)" not
    Reuters, whose report the Pledge Times cites."""
    if not outlet:
        return set()
    first = " ".join(outlet.split("(")[0].split())
    return {first, *(canonical for _, _, canonical in outlets.spans(first))}


def _citations(
    records: list[ArticleRecords],
    events: list[tuple[str, Event]],
    event_articles: dict[tuple[str, int], int],
) -> tuple[pd.DataFrame, pd.DataFrame]:
    rows, links = [], []
    outlets = load_outlets()
    for article, extraction in records:
        own = _own_outlets(article.outlet, outlets)
        for c in extraction.citations:
            if c.source_type == "outlet" and c.source in own:
                continue  # "told the BBC" in the BBC's own story is its reporting, no citation
            citation_id = stable_id("cit", article.article_id, c.start, c.end)
            event_ids = sorted(
                {
                    events[event_articles[(article.article_id, i)]][0]
                    for i in c.event_indexes
                    if (article.article_id, i) in event_articles
                }
            )
            rows.append(
                {
                    "citation_id": citation_id,
                    "article_id": article.article_id,
                    "source": c.source,
                    "source_type": c.source_type,
                    "outlet": c.source if c.source_type == "outlet" else None,
                    "cited_date": c.cited_date,
                    "cited_date_precision": c.cited_date_precision,
                    "cue": c.cue,
                    "claim": c.claim,
                    "char_start": c.start,
                    "char_end": c.end,
                    "_event_ids": event_ids,
                }
            )
            links += [{"citation_id": citation_id, "event_id": e} for e in event_ids]
    columns = [
        "citation_id",
        "article_id",
        "source",
        "source_type",
        "outlet",
        "cited_date",
        "cited_date_precision",
        "cue",
        "claim",
        "char_start",
        "char_end",
        "_event_ids",
    ]
    return pd.DataFrame(rows, columns=columns), pd.DataFrame(
        links, columns=["citation_id", "event_id"]
    )


def _sorted(name: str, df: pd.DataFrame) -> pd.DataFrame:
    df = df.drop(columns=[c for c in df.columns if c.startswith("_")])
    return df.sort_values(PRIMARY_KEYS[name], kind="stable").reset_index(drop=True)
