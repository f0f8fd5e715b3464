"""The scoring maths of tests/evaluate_real.py on tiny synthetic inputs (no corpus needed)."""

from __future__ import annotations

import datetime as dt
import itertools
import random
from collections.abc import Hashable
from pathlib import Path
from typing import Any

import pytest

from flows.extract.records import (
    Event,
    Extraction,
    Mention,
    Participant,
    Person,
    TemporalExpression,
)
from tests import evaluate_real
from tests.evaluate_real import (
    Cluster,
    Counts,
    EcbDocument,
    EcbScores,
    MeantimeScores,
    b_cubed,
    ceaf_e,
    clusters,
    coref_scores,
    date_line,
    greedy_match,
    max_assignment,
    meantime_published,
    muc,
    named_gold_mentions,
    person_name_key,
    score_ecb_events,
    score_ecb_participants,
    score_meantime_dates,
    score_meantime_people,
)


def chains(*groups: str) -> list[Cluster]:
    return [frozenset(g) for g in groups]


# Pradhan et al. (2014), "Scoring coreference partitions of predicted mentions", figure 1:
# key {a b c} {d e f g}; response {a b} {c d} {f g h i} (h and i are not in the key).
KEY = chains("abc", "defg")
RESPONSE = chains("ab", "cd", "fghi")


def test_muc_on_the_reference_example() -> None:
    # recall: (3 - 2) + (4 - 3) over 2 + 3; precision: (1 + 0 + 1) over 1 + 1 + 3
    s = muc(KEY, RESPONSE)
    assert s.recall == pytest.approx(2 / 5)
    assert s.precision == pytest.approx(2 / 5)


def test_b_cubed_on_the_reference_example() -> None:
    # recall: (4/3 + 1/3 + 1/4 + 4/4) / 7 = 5/12; precision: (4/2 + 2/2 + 4/4) / 8 = 1/2
    s = b_cubed(KEY, RESPONSE)
    assert s.recall == pytest.approx(5 / 12)
    assert s.precision == pytest.approx(1 / 2)


def test_ceaf_e_on_the_reference_example() -> None:
    # phi4: K1-R1 = 4/5, K1-R2 = 2/5, K2-R2 = 1/3, K2-R3 = 1/2; best = 4/5 + 1/2 = 1.3
    s = ceaf_e(KEY, RESPONSE)
    assert s.recall == pytest.approx(1.3 / 2)
    assert s.precision == pytest.approx(1.3 / 3)


def test_conll_is_the_mean_of_the_three_f1() -> None:
    s = coref_scores(KEY, RESPONSE)
    assert s.conll_f1 == pytest.approx((s.muc.f1 + s.b_cubed.f1 + s.ceaf_e.f1) / 3)
    assert s.muc.f1 == pytest.approx(0.4)


def test_a_perfect_grouping_scores_one_and_muc_ignores_singletons() -> None:
    key = chains("ab", "c", "d")
    s = coref_scores(key, list(reversed(key)))
    assert (s.muc.precision, s.muc.recall) == (1.0, 1.0)
    assert (s.b_cubed.f1, s.ceaf_e.f1, s.conll_f1) == (1.0, 1.0, 1.0)
    only_singletons = chains("a", "b")
    assert muc(only_singletons, only_singletons).f1 == 0.0  # no links to find
    assert b_cubed(only_singletons, only_singletons).f1 == 1.0


def test_everything_in_one_cluster() -> None:
    key = chains("ab", "cd")
    response = chains("abcd")
    assert muc(key, response).recall == 1.0
    assert muc(key, response).precision == pytest.approx(2 / 3)
    assert b_cubed(key, response).precision == pytest.approx(0.5)
    assert ceaf_e(key, response).recall == pytest.approx(2 / 3 / 2)  # phi4 = 2*2/6 once


def test_max_assignment_agrees_with_brute_force() -> None:
    rng = random.Random(7)
    for _ in range(60):
        rows, cols = rng.randint(1, 5), rng.randint(1, 5)
        weights = [
            [rng.choice([0.0, 0.25, 0.5, 1.0, rng.random()]) for _ in range(cols)]
            for _ in range(rows)
        ]
        if rows <= cols:
            best = max(
                sum(weights[i][j] for i, j in enumerate(perm))
                for perm in itertools.permutations(range(cols), rows)
            )
        else:
            best = max(
                sum(weights[i][j] for j, i in enumerate(perm))
                for perm in itertools.permutations(range(rows), cols)
            )
        assert max_assignment(weights) == pytest.approx(best)
    assert max_assignment([]) == 0.0


def test_clusters_from_labels() -> None:
    labels: dict[Hashable, Hashable] = {"a": 1, "b": 1, "c": 2}
    assert sorted(clusters(labels), key=len) == [frozenset("c"), frozenset("ab")]


def test_greedy_match_is_one_to_one() -> None:
    assert greedy_match([(0, 5), (3, 8), (20, 25)], [(4, 6), (7, 9)]) == [(0, 0), (1, 1)]
    assert greedy_match([(0, 5), (1, 2)], [(0, 3)]) == [(0, 0)]


def test_counts_precision_and_recall_have_their_own_numerators() -> None:
    c = Counts(predicted=4, predicted_right=3, gold=10, gold_found=2)
    assert (c.precision, c.recall) == (0.75, 0.2)
    assert c.f1 == pytest.approx(2 * 0.75 * 0.2 / 0.95)


def test_meantime_helpers() -> None:
    assert meantime_published("03-02-2009") == dt.date(2009, 2, 3)
    assert meantime_published("2013-12-10") == dt.date(2013, 12, 10)
    assert meantime_published(None) is None
    assert person_name_key("Michael  O'Leary (CEO of Ryanair)") == "michael o'leary"
    assert person_name_key("John McCain ") == "john mccain"
    text = "Title here\nMay 1, 2009\n\nBody."
    assert text[slice(*date_line(text))] == "May 1, 2009"


def test_named_gold_mentions_use_the_surname_not_the_unreliable_tag() -> None:
    entities: dict[str, Any] = {
        "persons": [
            {"entity_id": "1", "name": "Ann Lee", "has_proper_name_mention": True},
            {"entity_id": "2", "name": "analysts", "has_proper_name_mention": False},
        ],
        "mentions": [
            {"text": "Ann Lee", "start": 0, "end": 7, "syntactic_type": "", "entity_id": "1"},
            {"text": "She", "start": 20, "end": 23, "syntactic_type": "PRO", "entity_id": "1"},
            {"text": "analysts", "start": 30, "end": 38, "syntactic_type": "", "entity_id": "2"},
        ],
    }
    named, other = named_gold_mentions(entities)
    assert [m["text"] for m in named] == ["Ann Lee"]
    assert other == [(20, 23), (30, 38)]


def _ecb_document() -> EcbDocument:
    text = "Ann Lee was arrested.\nBob Roe did not attack anyone.\nAnn Lee quit.\n"
    gold: dict[str, Any] = {
        "sentences": [[1, 0, 21], [2, 22, 52], [3, 53, 66]],
        "coref_sentences": [1, 2],
        "actions": [
            {
                "m_id": 1,
                "type": "ACTION_OCCURRENCE",
                "start": 12,
                "end": 20,
                "sentence": 1,
                "text": "arrested",
                "chain": "ACT1",
                "chain_name": "arrest",
            },
            {
                "m_id": 2,
                "type": "NEG_ACTION_OCCURRENCE",
                "start": 38,
                "end": 44,
                "sentence": 2,
                "text": "attack",
                "chain": None,
                "chain_name": None,
            },
            {
                "m_id": 3,
                "type": "ACTION_OCCURRENCE",
                "start": 61,
                "end": 65,
                "sentence": 3,
                "text": "quit",
                "chain": None,
                "chain_name": None,
            },
        ],
        "participants": [
            {"m_id": 4, "type": "HUMAN_PART_PER", "start": 0, "end": 7, "sentence": 1},
        ],
    }
    return EcbDocument("1_1ecbplus", "1", text, gold, None)


def test_ecb_events_count_triggers_in_listed_sentences_only() -> None:
    d = _ecb_document()
    arrest = Event(
        "arrest", "arrested", triggers=[(12, 20)], participants=[Participant("Ann Lee", "suspect")]
    )
    attack = Event(
        "assault", "attack", triggers=[(38, 44)], participants=[Participant("Bob Roe", "suspect")]
    )
    quit_ = Event("resignation", "quit", triggers=[(61, 65)])  # sentence 3 is not listed
    people = [
        Person("Ann Lee", mentions=[Mention(0, 7, "Ann Lee"), Mention(53, 60, "Ann Lee")]),
        Person("Bob Roe", mentions=[Mention(22, 29, "Bob Roe")]),
    ]
    x = Extraction(people=people, events=[arrest, attack, quit_])
    scores = EcbScores()
    score_ecb_events(d, x, scores)
    assert (scores.events.predicted, scores.events.predicted_right) == (2, 1)  # negated = wrong
    assert (scores.events.gold, scores.events.gold_found) == (1, 1)  # only listed occurrences
    assert "negated" in scores.events.errors[0]
    score_ecb_participants(d, x, scores)
    assert (scores.support.predicted, scores.support.predicted_right) == (2, 1)  # Bob: no gold


def test_meantime_dates_skip_the_date_line_and_score_values() -> None:
    text = (
        "Title\nMay 1, 2009\n\nOn Monday, shares fell this week; later they rose Tuesday evening."
    )
    monday = text.index("Monday")
    week = text.index("this week")
    later = text.index("later")
    tuesday = text.index("Tuesday")
    timex: dict[str, Any] = {
        "timexes": [
            {
                "start": 6,
                "end": 17,
                "type": "DATE",
                "value": "2009-05-01",
                "text": "May 1, 2009",
                "functionInDocument": "CREATION_TIME",
            },
            {
                "start": monday,
                "end": monday + 6,
                "type": "DATE",
                "value": "2009-04-27",
                "text": "Monday",
            },
            {
                "start": week,
                "end": week + 9,
                "type": "DATE",
                "value": "2009-W18",
                "text": "this week",
            },
            {
                "start": later,
                "end": later + 5,
                "type": "DATE",
                "value": "FUTURE_REF",
                "text": "later",
            },
            {
                "start": tuesday,
                "end": tuesday + 15,
                "type": "TIME",
                "value": "2009-04-28TEV",
                "text": "Tuesday evening",
            },
        ]
    }

    def date(start: int, length: int, value: str) -> TemporalExpression:
        return TemporalExpression(
            text[start : start + length], start, start + length, "date", value
        )

    x = Extraction(
        dates=[
            date(6, 11, "2009-05-01"),  # the date line: ignored
            date(monday, 6, "2009-04-27"),  # right, right value
            date(week, 9, "2009-05"),  # right extent, value inexpressible
            date(tuesday, 7, "2009-04-28"),  # inside a TIME: ignored
        ]
    )
    scores = MeantimeScores()
    score_meantime_dates(x, timex, scores, "doc", text)
    assert (scores.dates.gold, scores.dates.predicted, scores.dates.predicted_right) == (3, 2, 2)
    assert scores.dates.ignored == 1 and scores.dates.values_right == 1
    assert (scores.date_values.gold_found, scores.date_values.gold) == (1, 3)
    calendar = scores.date_calendar
    assert (calendar.gold, calendar.predicted, calendar.predicted_right) == (1, 1, 1)


def test_meantime_people_by_name_and_mention() -> None:
    text = "Ann Lee met Bob Roe. She left."
    entities: dict[str, Any] = {
        "persons": [
            {"entity_id": "1", "name": "Ann Lee", "has_proper_name_mention": True},
            {"entity_id": "2", "name": "Carl Dunn", "has_proper_name_mention": True},
        ],
        "mentions": [
            {"text": "Ann Lee", "start": 0, "end": 7, "syntactic_type": "NAM", "entity_id": "1"},
            {"text": "She", "start": 21, "end": 24, "syntactic_type": "PRO", "entity_id": "1"},
            {"text": "Carl Dunn", "start": 40, "end": 49, "syntactic_type": "", "entity_id": "2"},
        ],
    }
    people = [
        Person("Ann Lee", mentions=[Mention(0, 7, "Ann Lee"), Mention(21, 24, "She")]),
        Person("Bob Roe", mentions=[Mention(12, 19, "Bob Roe")]),
    ]
    scores = MeantimeScores()
    score_meantime_people(Extraction(people=people), entities, scores, "doc")
    assert text[12:19] == "Bob Roe"
    e, m = scores.entities, scores.mentions
    assert (e.gold, e.predicted, e.predicted_right) == (2, 2, 1)
    # "She" overlaps an unnamed gold mention: left out; "Bob Roe" overlaps nothing: wrong
    assert (m.gold, m.predicted, m.predicted_right, m.ignored) == (2, 2, 1, 1)


def test_absent_corpora_are_skipped_with_a_note(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(evaluate_real, "MEANTIME", tmp_path / "meantime")
    monkeypatch.setattr(evaluate_real, "ECBPLUS", tmp_path / "ecbplus" / "docs")
    evaluate_real.run(["meantime", "ecbplus"], limit=None, verbose=False)
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("MEANTIME: skipped") and lines[1].startswith("ECB+: skipped")
