"""Publishing: round trip, byte-identical rebuilds, checksums, and `casefile validate`."""

from pathlib import Path

import pandas as pd
from typer.testing import CliRunner

from flows.cli import app
from flows.release.folder import publish, read_csv, read_parquet, verify_release
from schemas.tables import TABLES


def cells(frame: pd.DataFrame, column: str) -> list[object]:
    """Plain Python values: None for nulls, lists for list cells."""
    return [
        list(v) if hasattr(v, "__len__") and not isinstance(v, str) else None if pd.isna(v) else v
        for v in frame[column].tolist()
    ]


def test_round_trip_both_formats_read_back_equal(
    tables: dict[str, pd.DataFrame], tmp_path: Path
) -> None:
    release = publish(tables, tmp_path).path
    for name in TABLES:
        written = tables[name]
        for frame in (
            read_parquet(release / f"{name}.parquet", name),
            read_csv(release / f"{name}.csv", name),
        ):
            assert list(frame.columns) == list(written.columns)
            for column in written.columns:
                assert cells(frame, column) == cells(written, column), (name, column)


def test_second_build_gives_byte_identical_files(
    tables: dict[str, pd.DataFrame], tmp_path: Path
) -> None:
    first = publish(tables, tmp_path / "a").path
    second = publish(tables, tmp_path / "b").path
    names = sorted(p.name for p in first.iterdir())
    assert names == sorted(p.name for p in second.iterdir())
    assert len(names) == 2 * len(TABLES) + 7  # + datapackage.json, SHA256SUMS and 5 extras
    for name in names:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name


def test_unchanged_tables_publish_nothing_new(
    tables: dict[str, pd.DataFrame], tmp_path: Path
) -> None:
    first = publish(tables, tmp_path)
    again = publish(tables, tmp_path)
    assert (first.version, first.is_new) == ("1.0.0", True)
    assert (again.version, again.is_new) == ("1.0.0", False)
    assert sorted(p.name for p in (tmp_path / "releases").iterdir()) == ["1.0.0"]
    assert (tmp_path / "latest").resolve() == first.path.resolve()


def test_changed_tables_publish_a_new_release_and_switch_latest(
    tables: dict[str, pd.DataFrame], tmp_path: Path
) -> None:
    publish(tables, tmp_path)
    fewer = {**tables, "citation_events": tables["citation_events"].iloc[:1]}
    second = publish(fewer, tmp_path)
    assert (second.version, second.is_new) == ("1.1.0", True)
    assert (tmp_path / "latest").resolve() == (tmp_path / "releases" / "1.1.0").resolve()
    assert verify_release(tmp_path / "releases" / "1.0.0") == []  # the old one is untouched


def test_validate_command_passes_a_good_release(
    tables: dict[str, pd.DataFrame], tmp_path: Path
) -> None:
    release = publish(tables, tmp_path).path
    result = CliRunner().invoke(app, ["validate", str(release)])
    assert result.exit_code == 0, result.output
    assert "valid" in result.output


def test_validate_catches_a_tampered_file(tables: dict[str, pd.DataFrame], tmp_path: Path) -> None:
    release = publish(tables, tmp_path).path
    path = release / "people.csv"
    path.write_bytes(path.read_bytes().replace(b"Tribble", b"Trebble"))
    problems = verify_release(release)
    assert "people.csv: sha256 differs from SHA256SUMS (file changed or damaged)" in problems
    assert "people.csv: sha256 differs from datapackage.json" in problems
    assert "people.csv: content differs from people.parquet" in problems
    result = CliRunner().invoke(app, ["validate", str(release)])
    assert result.exit_code == 1


def test_validate_catches_a_broken_table(tables: dict[str, pd.DataFrame], tmp_path: Path) -> None:
    from flows.release.folder import release_files

    broken = {**tables, "events": tables["events"].assign(event_type="picnic")}
    release = tmp_path / "release"
    release.mkdir()
    for name, data in release_files(broken, "9.9.9").items():  # checksums agree, data does not
        (release / name).write_bytes(data)
    problems = verify_release(release)
    assert len(problems) == 1
    assert problems[0].startswith("events.event_type: isin(")
    assert "picnic" in problems[0]
