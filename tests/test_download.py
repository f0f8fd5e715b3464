"""`casefile download` against a local HTTP server: a good release arrives whole; a tampered,
truncated or escaping file is refused in one line and leaves nothing behind."""

from __future__ import annotations

import contextlib
import hashlib
import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from flows.cli import app
from flows.release.fetch import DownloadError, check_name, download
from flows.release.folder import verify_release
from tests.servers import serve


@pytest.fixture
def release(out_dir: Path, tmp_path: Path) -> Path:
    """A copy of the release to spoil, served as a release folder of its own."""
    copy = tmp_path / "served"
    shutil.copytree(out_dir / "releases" / "1.0.0", copy)
    return copy


@pytest.fixture
def dest(tmp_path: Path) -> Path:
    """An empty folder to download into (as dest/casefile)."""
    folder = tmp_path / "dest"
    folder.mkdir()
    return folder


def files_of(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def refused(source: str, to: Path) -> str:
    """The one-line error of `casefile download`; checks the exit code and output shape."""
    result = CliRunner().invoke(app, ["download", source, "--to", str(to)])
    assert result.exit_code == 1, result.output
    lines = result.output.splitlines()
    assert len(lines) == 1, result.output
    assert lines[0].startswith("error: ")
    return lines[0].removeprefix("error: ")


def rewrite_descriptor(release: Path, path_of_articles_csv: str) -> None:
    """Point the articles resource somewhere else (see edit_descriptor)."""
    edit_descriptor(release, lambda d: d["resources"][0].update(path=path_of_articles_csv))


def edit_descriptor(release: Path, change: Callable[[dict[str, Any]], object]) -> None:
    """Change datapackage.json, keeping SHA256SUMS consistent (as an attacker who controls
    the server would)."""
    descriptor = json.loads((release / "datapackage.json").read_text(encoding="utf-8"))
    change(descriptor)
    data = json.dumps(descriptor, indent=2).encode()
    (release / "datapackage.json").write_bytes(data)
    sums = (release / "SHA256SUMS").read_text(encoding="utf-8").splitlines()
    fixed = [
        f"{hashlib.sha256(data).hexdigest()}  datapackage.json"
        if line.endswith("  datapackage.json")
        else line
        for line in sums
    ]
    (release / "SHA256SUMS").write_text("\n".join(fixed) + "\n", encoding="utf-8")


# --- a good release ----------------------------------------------------------------------------


def test_a_good_release_arrives_whole_over_http(out_dir: Path, dest: Path) -> None:
    original = out_dir / "releases" / "1.0.0"
    with serve(out_dir) as url:
        result = CliRunner().invoke(app, ["download", url, "--to", str(dest / "casefile")])
    assert result.exit_code == 0, result.output
    target = dest / "casefile"
    assert result.output.replace("\n", "") == f"{target}: 23 files downloaded and verified"
    assert files_of(target) == files_of(original)  # every file, byte for byte
    assert sorted(p.name for p in dest.iterdir()) == ["casefile"]  # no temporary folder left
    assert verify_release(target) == []


def test_a_version_is_found_in_a_folder_of_releases(out_dir: Path, dest: Path) -> None:
    with serve(out_dir) as url:
        target = download(url + "releases", to=dest / "v1", version="1.0.0")
        with pytest.raises(DownloadError) as missing:
            download(url + "releases", to=dest / "v9", version="9.0.0")
    assert files_of(target) == files_of(out_dir / "releases" / "1.0.0")
    assert str(missing.value) == f"{url}releases: no datapackage.json of release 9.0.0 found there"
    assert sorted(p.name for p in dest.iterdir()) == ["v1"]


def test_a_local_folder_of_releases_is_a_source_too(out_dir: Path, dest: Path) -> None:
    for source, name in ((out_dir, "a"), (out_dir / "releases", "b")):
        target = download(str(source), to=dest / name)
        assert files_of(target) == files_of(out_dir / "releases" / "1.0.0")


def test_the_default_target_is_named_after_the_version(
    out_dir: Path, dest: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(dest)
    target = download(str(out_dir))
    assert target == dest / "casefile-1.0.0"
    assert verify_release(target) == []


# --- refused downloads -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "version", ["/../../../tmp/x/.ssh", "../1.0.0", "1.0.0/../../x", "1.0.0\n", "", 7, None]
)
@pytest.mark.parametrize("over_http", [True, False])
def test_a_version_that_is_no_version_is_refused_before_anything_is_written(
    release: Path,
    dest: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    version: object,
    over_http: bool,
) -> None:
    """Without --to the target is named after the release's version: a hostile one must
    not put the release's files anywhere (issue 11.1)."""
    edit_descriptor(release, lambda d: d.update(version=version))
    monkeypatch.chdir(dest)
    before = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))
    with serve(release) if over_http else contextlib.nullcontext(str(release)) as source:
        result = CliRunner().invoke(app, ["download", source])
    assert result.exit_code == 1, result.output
    shown = json.dumps(None if version is None else str(version))
    assert result.output == (
        f"error: datapackage.json: version {shown} is not a version like 1.2.0; refused\n"
    )
    assert sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*")) == before


def test_a_tampered_file_is_refused_and_nothing_is_left(release: Path, dest: Path) -> None:
    people = release / "people.csv"
    people.write_bytes(people.read_bytes().replace(b"Tribble", b"Trebble"))  # same length
    with serve(release) as url:
        message = refused(url, dest / "casefile")
    assert message == "people.csv: sha256 differs from SHA256SUMS (damaged or tampered)"
    assert list(dest.iterdir()) == []


def test_a_truncated_file_is_refused_and_nothing_is_left(release: Path, dest: Path) -> None:
    events = release / "events.csv"
    size = events.stat().st_size
    events.write_bytes(events.read_bytes()[: size // 2])
    with serve(release) as url:
        message = refused(url, dest / "casefile")
    assert message == (
        f"events.csv: {size // 2} bytes, datapackage.json says {size} (truncated or damaged)"
    )
    assert list(dest.iterdir()) == []


def test_a_truncated_file_without_a_declared_size_fails_its_checksum(
    release: Path, dest: Path
) -> None:
    events = release / "events.parquet"  # datapackage.json gives no size for Parquet
    events.write_bytes(events.read_bytes()[:100])
    with serve(release) as url:
        message = refused(url, dest / "casefile")
    assert message == "events.parquet: sha256 differs from SHA256SUMS (damaged or tampered)"
    assert list(dest.iterdir()) == []


def test_a_missing_file_is_refused(release: Path, dest: Path) -> None:
    (release / "citations.parquet").unlink()
    with serve(release) as url:
        message = refused(url, dest / "casefile")
    assert message == f"citations.parquet: missing from {url}"
    assert list(dest.iterdir()) == []


@pytest.mark.parametrize(
    ("path", "problem"),
    [
        ("../escape.csv", "'..' in the path leaves the target folder"),
        ("tables/../../escape.csv", "'..' in the path leaves the target folder"),
        ("/tmp/escape.csv", "absolute path, leaves the target folder"),
        ("..\\escape.csv", "'..' in the path leaves the target folder"),
        ("C:/escape.csv", "absolute path, leaves the target folder"),
        ("http://example.invalid/escape.csv", "remote path, not part of the release folder"),
        ("tables/.hidden.csv", "not a plain relative file name"),
    ],
)
def test_a_path_that_escapes_the_target_is_refused_before_anything_is_fetched(
    release: Path, dest: Path, path: str, problem: str
) -> None:
    (release.parent / "escape.csv").write_bytes((release / "articles.csv").read_bytes())
    rewrite_descriptor(release, path)
    with serve(release) as url:
        message = refused(url, dest / "casefile")
    assert message == f"{json.dumps(path)[1:-1]}: {problem}"
    assert list(dest.iterdir()) == []
    assert sorted(p.name for p in dest.parent.iterdir()) == ["dest", "escape.csv", "served"]


def test_an_escaping_name_in_the_checksums_is_refused(release: Path, dest: Path) -> None:
    with (release / "SHA256SUMS").open("a", encoding="utf-8") as sums:
        sums.write(f"{'0' * 64}  ../../outside.txt\n")
    with serve(release) as url:
        message = refused(url, dest / "casefile")
    assert message == "../../outside.txt: '..' in the path leaves the target folder"
    assert list(dest.iterdir()) == []


def test_a_link_out_of_a_local_release_is_refused(
    release: Path, dest: Path, tmp_path: Path
) -> None:
    """A symlink to a file outside the release, even one with the expected content."""
    outside = tmp_path / "secret.csv"
    shutil.move(release / "people.csv", outside)
    (release / "people.csv").symlink_to(outside)
    message = refused(str(release), dest / "casefile")
    assert message == "people.csv: a link that leaves the release folder; refused"
    assert list(dest.iterdir()) == []


def test_an_existing_target_is_not_overwritten(out_dir: Path, dest: Path) -> None:
    target = dest / "casefile"
    target.mkdir()
    (target / "mine.txt").write_text("keep me", encoding="utf-8")
    message = refused(str(out_dir), target)
    assert message == f"{target}: exists and is not an empty folder; not overwritten"
    assert files_of(target) == {"mine.txt": b"keep me"}


def test_a_parent_folder_made_for_a_failed_download_is_removed(
    release: Path, tmp_path: Path
) -> None:
    (release / "people.parquet").write_bytes(b"not parquet")
    with serve(release) as url:
        message = refused(url, tmp_path / "new" / "deeper" / "casefile")
    assert message.startswith("people.parquet: sha256 differs")
    assert not (tmp_path / "new").exists()


@pytest.mark.parametrize(
    "name", ["articles.csv", "tables/articles.csv", "casefile.db", "a_b-1.2+x.parquet"]
)
def test_plain_relative_names_are_accepted(name: str) -> None:
    assert check_name(name) == name


def test_download_has_help_text() -> None:
    result = CliRunner().invoke(app, ["download", "--help"])
    assert result.exit_code == 0
    assert "--version" in result.output and "--to" in result.output
