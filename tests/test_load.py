"""Reading a release back: flows.release.read.load gives frames the pandera models accept, from the
CSV as from the Parquet files, and the one-line recipes the page and README show work."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from flows.release.read import load
from flows.release.site import LOAD_SNIPPETS
from schemas.tables import TABLES
from tests.conftest import ROOT


def plain(frame: pd.DataFrame) -> list[dict[str, object]]:
    return [
        {k: None if not isinstance(v, list) and pd.isna(v) else v for k, v in row.items()}
        for row in frame.to_dict("records")
    ]


def test_each_csv_read_back_validates_and_equals_the_written_table(
    out_dir: Path, tables: dict[str, pd.DataFrame]
) -> None:
    loaded = load(out_dir / "latest")
    assert list(loaded) == list(TABLES)
    for name, frame in loaded.items():
        TABLES[name].validate(frame, lazy=True)
        assert plain(frame) == plain(tables[name][list(frame.columns)]), name
    people = loaded["people"]
    assert all(isinstance(v, list) for v in people["aliases"])
    assert all(isinstance(v, list) for v in people["roles"])
    assert str(loaded["events"]["outlet_count"].dtype) == "Int64"


def test_csv_and_parquet_load_the_same_frames(out_dir: Path) -> None:
    from_csv = load(out_dir / "latest", ["people", "events"])
    from_parquet = load(out_dir / "latest", ["people", "events"], format="parquet")
    assert list(from_csv) == ["people", "events"]
    for name in from_csv:
        assert plain(from_csv[name]) == plain(from_parquet[name])


def test_plain_read_csv_fails_the_list_checks_the_helper_passes(out_dir: Path) -> None:
    import pandera.errors

    with pytest.raises(pandera.errors.SchemaError, match="is_list_of_text"):
        TABLES["people"].validate(pd.read_csv(out_dir / "latest" / "people.csv"))


def test_text_that_looks_like_a_null_stays_text(tmp_path: Path) -> None:
    from flows.release.read import read_table_csv

    path = tmp_path / "people.csv"
    path.write_text(
        "person_id,name,aliases,roles,description,mention_count\r\n"
        'per-0123456789ab,NA,"[""N/A""]",[],,2\r\n'
        "per-0123456789ac,null,[],[],NaN,1\r\n",
        encoding="utf-8",
    )
    frame = read_table_csv(path, "people")
    TABLES["people"].validate(frame)
    assert plain(frame) == [
        {
            "person_id": "per-0123456789ab",
            "name": "NA",
            "aliases": ["N/A"],
            "roles": [],
            "description": None,
            "mention_count": 2,
        },
        {
            "person_id": "per-0123456789ac",
            "name": "null",
            "aliases": [],
            "roles": [],
            "description": "NaN",
            "mention_count": 1,
        },
    ]


def test_load_refuses_what_it_cannot_read(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="'suspects' is no casefile table"):
        load(tmp_path, ["suspects"])
    with pytest.raises(ValueError, match="format must be csv or parquet, not 'xlsx'"):
        load(tmp_path, format="xlsx")
    with pytest.raises(FileNotFoundError, match="nowhere: not a release folder"):
        load(tmp_path / "nowhere")


# --- the "load it" recipes ---------------------------------------------------------------------


def test_the_readme_and_the_page_show_the_same_recipes(out_dir: Path) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    page = (out_dir / "latest" / "index.html").read_text(encoding="utf-8")
    from html import escape

    assert [tool for tool, _ in LOAD_SNIPPETS] == ["pandas", "DuckDB", "R (arrow)", "casefile"]
    for _, line in LOAD_SNIPPETS:
        assert line in readme
        assert escape(line) in page


def _snippet(tool: str) -> str:
    return dict(LOAD_SNIPPETS)[tool]


def test_the_pandas_recipe_reads_the_events(out_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(out_dir / "latest")
    code = _snippet("pandas")
    assert re.match(r"^import pandas as pd; events = pd\.read_parquet\(", code)
    scope: dict[str, object] = {}
    exec(code, scope)
    events = scope["events"]
    assert isinstance(events, pd.DataFrame)
    assert list(events["event_id"]) == list(load(".", ["events"])["events"]["event_id"])


def test_the_casefile_recipe_reads_the_people(
    out_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(out_dir / "latest")
    scope: dict[str, object] = {}
    exec(_snippet("casefile").replace('"output/latest"', '"."'), scope)
    people = scope["people"]
    assert isinstance(people, pd.DataFrame)
    TABLES["people"].validate(people)


def test_the_duckdb_recipe_reads_the_events(out_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(out_dir / "latest")
    scope: dict[str, object] = {}
    exec(_snippet("DuckDB"), scope)
    assert len(scope["events"].fetchall()) == len(load(".", ["events"])["events"])  # type: ignore[attr-defined]
