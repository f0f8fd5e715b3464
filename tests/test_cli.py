"""The command line: every command documents itself; extract prints the DESIGN.md object."""

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from flows.cli import app
from tests.conftest import ARTICLES

# every command the app registers: one without help text fails below
COMMANDS = sorted(c.name or c.callback.__name__ for c in app.registered_commands if c.callback)


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_text(command: str) -> None:
    assert {"build", "extract", "validate", "download", "add", "serve"} <= set(COMMANDS)
    result = CliRunner().invoke(app, [command, "--help"])
    assert result.exit_code == 0
    assert len(result.output.split("Usage:", 1)[1]) > 80


def test_extract_json_lists_people_events_citations_and_dates() -> None:
    result = CliRunner().invoke(app, ["extract", str(ARTICLES / "okafor.txt"), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert list(data) == ["people", "events", "citations", "dates"]
    assert [p["name"] for p in data["people"]] == ["Daniel Okafor", "Priya Nandakumar"]
    assert data["events"][0]["event_date"] == "2024-01-09"
    assert [c["outlet"] for c in data["citations"]] == ["The Boston Globe", "Deadline"]
    assert data["dates"][0] == {
        "text": "Tuesday",
        "start": 35,
        "end": 42,
        "type": "DATE",
        "value": "2024-01-09",
        "precision": "day",
        "date_start": "2024-01-09",
        "date_end": "2024-01-09",
        "kind": "date",
        "resolution": "publication-relative",
    }


def test_extract_json_gives_timeml_values_types_and_spans(tmp_path: Path) -> None:
    article = tmp_path / "quint.txt"
    article.write_text(
        "Mara Quint resigned last week after a loss in the fourth quarter of 2024. "
        "The firm is now for sale, after three years of losses.\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(
        app, ["extract", str(article), "--published", "2025-03-12", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    dates = json.loads(result.output)["dates"]
    assert [
        (d["text"], d["type"], d["value"], d["precision"], d["date_start"], d["date_end"])
        for d in dates
    ] == [
        ("last week", "DATE", "2025-W10", "week", "2025-03-03", "2025-03-09"),
        ("the fourth quarter of 2024", "DATE", "2024-Q4", "quarter", "2024-10-01", "2024-12-31"),
        ("now", "DATE", "PRESENT_REF", "reference", None, None),
        ("three years", "DURATION", None, None, None, None),
    ]


def test_extract_published_option_overrides_front_matter() -> None:
    args = ["extract", str(ARTICLES / "okafor.txt"), "--published", "2024-02-01"]
    data = json.loads(CliRunner().invoke(app, args).output)
    assert data["dates"][0]["value"] == "2024-01-30"


def test_extract_reports_a_bad_file_in_one_line(tmp_path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00\x01")
    result = CliRunner().invoke(app, ["extract", str(bad)])
    assert result.exit_code == 2
    assert "bad.txt: binary file (contains NUL bytes), not text" in result.output


def test_extract_table_fits_80_columns_and_cuts_no_text() -> None:
    from rich.cells import cell_len

    from tests.conftest import SEED

    table = CliRunner().invoke(
        app, ["extract", str(SEED), "--format", "table"], env={"COLUMNS": "80"}
    )
    assert table.exit_code == 0, table.output
    lines = table.output.splitlines()
    assert max(cell_len(line) for line in lines) <= 80
    assert "…" not in table.output  # nothing is cut short
    data = json.loads(CliRunner().invoke(app, ["extract", str(SEED), "--format", "json"]).output)
    flat = " ".join(table.output.split())
    for event in data["events"]:  # every summary and claim in full, only wrapped
        assert " ".join(event["summary"].split()) in flat
    for citation in data["citations"]:
        assert " ".join(citation["claim"].split()) in flat
    assert f"events ({len(data['events'])})" in lines
    assert f"citations ({len(data['citations'])})" in lines


def test_extract_table_shows_each_record_once() -> None:
    result = CliRunner().invoke(
        app, ["extract", str(ARTICLES / "okafor.txt"), "--format", "table"], env={"COLUMNS": "80"}
    )
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert "1. arrest · 2024-01-09 (day) · Route 9" in lines
    assert "  who: Daniel Okafor (defendant)" in lines
    assert "2. Deadline (outlet) · reported · cited 2024-01-05 · 182-217" in lines
    assert "  claim: production on the series halted for six weeks." in lines
    assert any(
        line.startswith("│ Daniel Okafor ") and "2, first at 18-31" in line for line in lines
    )


def test_a_path_with_markup_in_it_is_printed_as_it_is(tmp_path: Path) -> None:
    """File and folder names are untrusted text: "[bold]" in one is no style command."""
    folder = tmp_path / "[bold]raw"
    build = CliRunner().invoke(app, ["build", "--raw", str(folder)])
    assert build.exit_code == 2
    assert build.output.strip() == f"error: {folder}: no such folder"
    bad = tmp_path / "[red]x.txt"
    bad.write_bytes(b"\x00\x01")
    extract = CliRunner().invoke(app, ["extract", str(bad)])
    assert extract.exit_code == 2
    assert extract.output.strip() == "error: [red]x.txt: binary file (contains NUL bytes), not text"
