"""The indexed cross-article merge gives exactly what comparing everything with everything
gave: the old quadratic rules are kept here as the reference, and both run on the test
sets and on generated records that exercise every rule (shared people, the same day and
place, names with and without middle names or initials)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import flows.merge
from flows.extract import events as ev
from flows.extract.people import initial_form_of
from flows.extract.records import Event, EventMention, Extraction, Mention, Participant, Person
from flows.ingest import Article, read_article
from flows.merge import ArticleRecords, build_tables

ROOT = Path(__file__).resolve().parent.parent

# --- the reference: the rules as they were, comparing everything with everything --------------


def quadratic_merge_events(events: Iterable[Event]) -> list[Event]:
    merged: list[Event] = []
    events = list(events)
    many = len({m.article_id for e in events for m in e.mentions}) > 1
    for event in sorted(events, key=lambda e: ev._merge_order(e, many)):
        articles = ev._articles_of(event)
        matches = [
            i
            for i, other in enumerate(merged)
            if (
                ev.same_event(other, event)
                if ev._articles_of(other) & articles
                else ev.same_event_across_articles(other, event)
            )
        ]
        same_type_here = [
            other
            for other in merged
            if ev._articles_of(other) & articles
            and ev._group(other.event_type) == ev._group(event.event_type)
        ]
        if len(matches) == 1 and (event.participants or len(same_type_here) <= 1):
            merged[matches[0]] = ev._combine(merged[matches[0]], event)
        else:
            merged.append(event)
    merged.sort(key=lambda e: e.mentions[0].start)
    return merged


def quadratic_without_middle_names(
    records: list[ArticleRecords], forms: dict[str, list[str]], full_key: Callable[[str], str]
) -> dict[str, str]:
    together = set()
    for _, x in records:
        keys = {full_key(p.name) for p in x.people if " " in p.name}
        together |= {(a, b) for a in keys for b in keys if a != b}
    found = {}
    for key, fs in forms.items():
        fuller = {
            other
            for other, ofs in forms.items()
            if other != key and any(initial_form_of(f.split(), o.split()) for f in fs for o in ofs)
        }
        if len(fuller) == 1 and (key, next(iter(fuller))) not in together:
            found[key] = fuller.pop()
    for key in forms:
        words = key.split()
        if key in found or len(words) != 2 or any("-" in f for f in forms[key]):
            continue
        longer = {
            other
            for other, fs in forms.items()
            if len(other.split()) > 2
            and not any("-" in f for f in fs)
            and (
                (other.split()[0] == words[0] and other.split()[-1] == words[-1])
                or other.split()[-2:] == words
            )
        }
        if len(longer) == 1 and (key, next(iter(longer))) not in together:
            found[key] = longer.pop()
    return found


@contextmanager
def quadratic_rules() -> Iterator[None]:
    saved = flows.merge.merge_events, flows.merge._without_middle_names
    flows.merge.merge_events = quadratic_merge_events
    flows.merge._without_middle_names = quadratic_without_middle_names
    try:
        yield
    finally:
        flows.merge.merge_events, flows.merge._without_middle_names = saved


def assert_same_tables(records: list[ArticleRecords]) -> dict[str, pd.DataFrame]:
    indexed = build_tables(records)
    with quadratic_rules():
        reference = build_tables(records)
    assert list(indexed) == list(reference)
    for name in reference:
        pd.testing.assert_frame_equal(indexed[name], reference[name], obj=name)
    return indexed


# --- the test sets -----------------------------------------------------------------------------


def fixture_paths() -> list[Path]:
    return [
        *sorted((ROOT / "raw").glob("*.txt")),
        *sorted((ROOT / "tests" / "articles").glob("*.txt")),
        *sorted((ROOT / "tests" / "fixtures" / "eval").glob("*.txt")),
        *sorted((ROOT / "tests" / "fixtures" / "heldout").glob("*.txt")),
    ]


def test_indexed_merge_equals_the_quadratic_rules_on_the_test_sets(
    run: Callable[..., Extraction],
) -> None:
    records = []
    for path in fixture_paths():
        article = read_article(path)
        records.append((article, run(article.body, article.published_date)))
    tables = assert_same_tables(records)
    assert len(tables["articles"]) == len(fixture_paths()) > 20
    # the fixtures share a few people: the rules had something to merge
    assert tables["event_mentions"]["article_id"].nunique() > 20


# --- generated records -------------------------------------------------------------------------

NAMES = [
    "Ann Lee",
    "Ann B. Lee",
    "Ann Beth Lee",
    "Beth Lee",
    "Lee",
    "Carl Moss",
    "Carl C. Moss",
    "Carl Cheney Moss",
    "Dana Boone Isaacs",
    "Boone Isaacs",
    "Dana Isaacs",
    "Ed Ray",
    "Ed Ray-Cole",
    "Ray Cole",
    "Dave Kessler",
    "David Kessler",
]
TYPES = ["shooting", "death", "injury", "arrest", "trial", "charge", "protest"]
DATES = [None, "2023", "2023-05", "2023-05-01", "2023-05-02", "2024-01-09"]
PLACES = [None, "Fairhaven", "Fairhaven, Ohio", "Ohio", "Lakeside"]
ROLES = ["shooter", "victim", "perpetrator", "defendant", "participant"]


@st.composite
def generated_events(draw: st.DrawFn, names: list[str]) -> list[Event]:
    events = []
    for n in range(draw(st.integers(1, 5))):
        date = draw(st.sampled_from(DATES))
        precision = None if date is None else {4: "year", 7: "month", 10: "day"}[len(date)]
        who = draw(st.lists(st.sampled_from(names), max_size=2, unique=True)) if names else []
        sentence = f"Sentence {n}."
        events.append(
            Event(
                event_type=draw(st.sampled_from(TYPES)),
                summary=sentence,
                event_date=date,
                date_precision=precision,  # type: ignore[arg-type]
                location=draw(st.sampled_from(PLACES)),
                participants=[Participant(name, draw(st.sampled_from(ROLES))) for name in who],
                mentions=[EventMention(n * 20, n * 20 + 10, sentence)],
                triggers=[(n * 20, n * 20 + 3)],
            )
        )
    return events


@st.composite
def generated_records(draw: st.DrawFn) -> list[ArticleRecords]:
    records = []
    for a in range(draw(st.integers(2, 8))):
        names = draw(st.lists(st.sampled_from(NAMES), max_size=4, unique=True))
        people = [
            Person(name, mentions=[Mention(500 + i, 501 + i, name)]) for i, name in enumerate(names)
        ]
        body = f"Generated article {a}."
        article = Article(
            article_id=f"art-{a:03d}",
            source_file=f"{a}.txt",
            body=body,
            sha256="0" * 64,
            published_date=dt.date(2024, 1, 10),
        )
        records.append((article, Extraction(people=people, events=draw(generated_events(names)))))
    return records


@settings(
    max_examples=150,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(generated_records())
def test_indexed_merge_equals_the_quadratic_rules_on_generated_records(
    records: list[ArticleRecords],
) -> None:
    assert_same_tables(records)


def test_events_of_two_articles_merge_on_a_shared_person_or_the_same_day_and_place() -> None:
    def event(article: str, start: int, date: str, place: str | None, *who: str) -> Event:
        mention = EventMention(start, start + 5, "s", article_id=article)
        return Event(
            "shooting",
            "s",
            event_date=date,
            date_precision="day",
            location=place,
            participants=[Participant(name, "victim") for name in who],
            mentions=[mention],
        )

    events = [
        event("a", 0, "2023-05-01", "Fairhaven", "per-1"),
        event("b", 10, "2023-05-01", None, "per-1"),  # the same person
        event("c", 20, "2023-05-01", "Fairhaven, Ohio"),  # the same day and place
        event("d", 30, "2023-05-01", "Lakeside"),  # another place
        event("e", 40, "2023-05-02", "Fairhaven"),  # another day
    ]
    merged = ev.merge_events(events)
    assert merged == quadratic_merge_events(events)
    assert [sorted(m.article_id or "" for m in e.mentions) for e in merged] == [
        ["a", "b", "c"],
        ["d"],
        ["e"],
    ]
