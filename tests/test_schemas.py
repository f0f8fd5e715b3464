"""Every schema check rejects a frame that breaks it; all failures are reported at once."""

from collections.abc import Callable

import pandas as pd
import pytest

from flows.extract.records import Extraction
from flows.ingest import read_article
from flows.merge import build_tables
from schemas import ValidationFailed, validate_tables
from schemas.describe import data_dictionary, table_schema
from schemas.tables import TABLES
from schemas.vocabularies import EVENT_TYPES
from tests.conftest import ARTICLES


@pytest.fixture(scope="module")
def tables(run: Callable[..., Extraction]) -> dict[str, pd.DataFrame]:
    article = read_article(ARTICLES / "velasquez.txt")
    return validate_tables(build_tables([(article, run(article.body, article.published_date))]))


def broken(
    tables: dict[str, pd.DataFrame], name: str, change: Callable[[pd.DataFrame], pd.DataFrame]
) -> list[str]:
    copy = {k: v.copy() for k, v in tables.items()}
    copy[name] = change(copy[name])
    with pytest.raises(ValidationFailed) as info:
        validate_tables(copy)
    return [f"{f.table}.{f.column}:{f.check}" for f in info.value.failures]


def test_valid_tables_pass(tables: dict[str, pd.DataFrame]) -> None:
    assert {name: len(df) for name, df in tables.items()} == {
        "articles": 1,
        "people": 3,
        "person_mentions": 6,
        "events": 6,
        "event_mentions": 6,
        "event_participants": 5,
        "citations": 3,
        "citation_events": 3,
    }


def test_duplicate_id_is_rejected(tables: dict[str, pd.DataFrame]) -> None:
    failures = broken(tables, "people", lambda df: pd.concat([df, df.iloc[:1]]))
    assert "people.person_id:field_uniqueness" in failures


def test_dangling_foreign_key_is_rejected(tables: dict[str, pd.DataFrame]) -> None:
    failures = broken(
        tables, "event_participants", lambda df: df.assign(person_id="per-000000000000")
    )
    assert failures == ["event_participants.person_id:foreign_key(people.person_id)"]


def test_bad_date_is_rejected(tables: dict[str, pd.DataFrame]) -> None:
    failures = broken(tables, "events", lambda df: df.assign(event_date="2024-02-30"))
    assert failures == ["events.None:date_matches_precision"]


def test_date_of_wrong_precision_and_reversed_range_are_rejected(
    tables: dict[str, pd.DataFrame],
) -> None:
    failures = broken(
        tables,
        "events",
        lambda df: df.assign(event_date="2024-05", date_start="2024-05-31", date_end="2024-05-01"),
    )
    assert failures == [
        "events.None:date_matches_precision",
        "events.None:date_start_not_after_date_end",
    ]


def test_unknown_event_type_is_rejected(tables: dict[str, pd.DataFrame]) -> None:
    failures = broken(tables, "events", lambda df: df.assign(event_type="picnic"))
    assert failures == ["events.event_type:isin(" + str(list(EVENT_TYPES)) + ")"]


def test_offsets_and_empty_names_are_rejected(tables: dict[str, pd.DataFrame]) -> None:
    assert broken(tables, "person_mentions", lambda df: df.assign(char_start=df["char_end"])) == [
        "person_mentions.None:char_start_before_char_end"
    ]
    assert broken(tables, "people", lambda df: df.assign(name="")) == [
        "people.name:str_length(1, None)"
    ]


def test_failures_of_all_tables_are_reported_together(tables: dict[str, pd.DataFrame]) -> None:
    copy = {k: v.copy() for k, v in tables.items()}
    copy["events"] = copy["events"].assign(event_type="picnic")
    copy["citations"] = copy["citations"].assign(source_type="rumour")
    with pytest.raises(ValidationFailed) as info:
        validate_tables(copy)
    assert {(f.table, f.column) for f in info.value.failures} == {
        ("events", "event_type"),
        ("citations", "source_type"),
    }
    assert "events.event_type: isin" in str(info.value)


def test_every_column_is_described_and_typed() -> None:
    for name in TABLES:
        for field in table_schema(name)["fields"]:
            assert field["description"] and field["description"] != "None", (name, field["name"])
            assert field["type"] in {"string", "integer", "array", "date"}
    assert "| event_type | string | yes |" in data_dictionary()
