"""Failures publish nothing half-done: a publish that fails at any of its writes leaves
the previous release latest and no trace; a validation failure publishes nothing and names
every failing check with its articles; only publishing is retried, and only when a retry
can succeed."""

from __future__ import annotations

import errno
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from typer.testing import CliRunner

import flows.release.folder
from flows.cli import app
from flows.merge import build_tables
from flows.release.folder import publish, verify_release
from schemas import ValidationFailed
from schemas.vocabularies import EVENT_TYPES
from tests.conftest import ARTICLES, write_raw

REPORT = {"rejected.csv": b"source_file,reason\r\nbad.txt,empty\r\n"}
# Every way publishing touches the disk: (owner, attribute) to make fail.
WRITES: list[tuple[Any, str]] = [
    (flows.release.folder, "_write"),
    (os, "rename"),
    (os, "replace"),
    (Path, "symlink_to"),
    (tempfile, "mkdtemp"),
]


def changed(tables: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    return {**tables, "citation_events": tables["citation_events"].iloc[:1]}


def snapshot(folder: Path) -> dict[str, object]:
    """Every entry under folder, hidden ones too: file bytes, link targets, folders."""
    state: dict[str, object] = {}
    for root, dirs, files in os.walk(folder):
        for name in dirs + files:
            path = Path(root) / name
            key = str(path.relative_to(folder))
            if path.is_symlink():
                state[key] = ("link", os.readlink(path))
            elif path.is_dir():
                state[key] = "folder"
            else:
                state[key] = path.read_bytes()
    return state


def fail_on_call(monkeypatch: pytest.MonkeyPatch, owner: Any, name: str, at: int) -> list[int]:
    """Make owner.name raise OSError(EIO) on its ``at``-th call (never when at is 0);
    returns the running call count."""
    real = getattr(owner, name)
    calls = [0]

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        calls[0] += 1
        if calls[0] == at:
            raise OSError(errno.EIO, f"injected failure of {name}")
        return real(*args, **kwargs)

    monkeypatch.setattr(owner, name, wrapper)
    return calls


def test_publish_failing_at_each_write_leaves_the_previous_release_and_no_trace(
    tables: dict[str, pd.DataFrame], tmp_path: Path
) -> None:
    out = tmp_path / "out"
    first = publish(tables, out, reports=REPORT)
    before = snapshot(out)
    failures = 0
    for owner, name in WRITES:
        rehearsal = tmp_path / f"rehearsal-{name}"
        shutil.copytree(out, rehearsal, symlinks=True)
        with pytest.MonkeyPatch.context() as patch:
            calls = fail_on_call(patch, owner, name, at=0)
            assert publish(changed(tables), rehearsal, reports=REPORT).is_new
        assert calls[0] >= 1, name
        for at in range(1, calls[0] + 1):
            with pytest.MonkeyPatch.context() as patch:
                fail_on_call(patch, owner, name, at)
                with pytest.raises(OSError, match=f"injected failure of {name}"):
                    publish(changed(tables), out, reports=REPORT)
            failures += 1
            assert (out / "latest").resolve() == first.path.resolve(), (name, at)
            assert verify_release(out / "latest") == [], (name, at)
            assert snapshot(out) == before, (name, at)  # no .tmp-*, no .latest-*, nothing
    assert failures >= 2 * 8 + 2 + 4  # every table file, descriptor, sums, rename, switch

    after = publish(changed(tables), out, reports=REPORT)  # the next run succeeds
    assert (after.version, after.is_new) == ("1.1.0", True)
    assert (out / "latest").resolve() == after.path.resolve()
    assert verify_release(after.path) == []
    assert (after.path / "rejected.csv").read_bytes() == REPORT["rejected.csv"]
    assert verify_release(first.path) == []  # the earlier release is untouched


def test_a_run_killed_before_switching_latest_is_completed_by_the_next_run(
    tables: dict[str, pd.DataFrame], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    first = publish(tables, out)

    def killed(*args: object) -> None:
        raise SystemExit("killed")

    with monkeypatch.context() as patch:
        patch.setattr(flows.release.folder, "_point_latest", killed)
        patch.setattr(
            flows.release.folder, "_withdraw", lambda *args: None
        )  # no handler runs on kill
        with pytest.raises(SystemExit):
            publish(changed(tables), out)
    assert (out / "latest").resolve() == first.path.resolve()
    assert verify_release(out / "releases" / "1.1.0") == []  # renamed into place complete

    again = publish(changed(tables), out)
    assert (again.version, again.is_new) == ("1.1.0", False)
    assert (out / "latest").resolve() == (out / "releases" / "1.1.0").resolve()


# --- the flow: validation failures, retries ---------------------------------------------------


@pytest.fixture(scope="module")
def built(prefect_harness: None, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A raw folder of two articles and a first build of it (release 1.0.0, warm cache)."""
    from flows.build import build_datasets

    root = tmp_path_factory.mktemp("built")
    for name in ("velasquez.txt", "okafor.txt"):
        write_raw(root / "raw", name, (ARTICLES / name).read_text(encoding="utf-8"))
    build_datasets(root / "raw", root / "out")
    return root


@pytest.fixture
def workspace(built: Path, tmp_path: Path) -> Iterator[tuple[Path, Path]]:
    """(raw, out): copies of the built folder, so each test starts from release 1.0.0."""
    shutil.copytree(built, tmp_path / "ws", symlinks=True)
    yield tmp_path / "ws" / "raw", tmp_path / "ws" / "out"


def test_validation_failure_publishes_nothing_and_lists_every_check_with_its_articles(
    workspace: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    raw, out = workspace
    write_raw(raw, "extra.txt", "Jane Roe was charged on 3 March 2024, police said.\n")
    before = snapshot(out / "releases")
    real = build_tables
    broken: dict[str, list[str]] = {}

    def broken_tables(records: list[Any]) -> dict[str, pd.DataFrame]:
        tables = real(records)
        articles = tables["articles"]
        names = dict(zip(articles["article_id"], articles["source_file"], strict=True))
        events, mentions = tables["events"].copy(), tables["person_mentions"].copy()
        first = tables["event_mentions"]["event_id"].iloc[0]  # an event of one article
        events.loc[events["event_id"] == first, "event_type"] = "picnic"
        okafor = [i for i, a in mentions["article_id"].items() if names[a] == "okafor.txt"]
        mentions.loc[okafor, "char_start"] = mentions.loc[okafor, "char_end"]
        article = tables["event_mentions"]["article_id"].iloc[0]
        broken["event"] = [names[article]]
        broken["rows"] = [f"row {i}" for i in okafor]
        return {**tables, "events": events, "person_mentions": mentions}

    monkeypatch.setattr("flows.merge.build_tables", broken_tables)
    result = CliRunner().invoke(app, ["build", "--raw", str(raw), "--out", str(out)])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    start = lines.index("validation failed; nothing published:")
    rows = broken["rows"]
    assert lines[start + 1 :] == [
        f"  person_mentions: char_start_before_char_end failed for {len(rows)} row(s): "
        f"{', '.join(rows[:5])}{f' (+{len(rows) - 5} more)' if len(rows) > 5 else ''} "
        "(from okafor.txt)",
        f"  events.event_type: isin({list(EVENT_TYPES)}) failed for 1 row(s): picnic "
        f"(from {broken['event'][0]})",
    ]
    assert snapshot(out / "releases") == before  # no new release, no .tmp-* folder
    assert (out / "latest").resolve() == (out / "releases" / "1.0.0").resolve()
    assert verify_release(out / "latest") == []


def raising(error: BaseException, calls: list[BaseException]) -> Callable[..., Any]:
    def publish(*args: Any, **kwargs: Any) -> Any:
        calls.append(error)
        raise error

    return publish


def _no_retry_delay(monkeypatch: pytest.MonkeyPatch) -> None:
    """Retries as configured, without waiting between them."""
    import flows.build

    monkeypatch.setattr(
        flows.build,
        "publish_release",
        flows.build.publish_release.with_options(retry_delay_seconds=0),
    )


def test_a_failure_a_retry_cannot_fix_is_not_retried(
    workspace: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    import flows.build
    from flows.build import build_datasets

    raw, out = workspace
    write_raw(raw, "extra.txt", "Jane Roe was charged on 3 March 2024, police said.\n")
    _no_retry_delay(monkeypatch)
    for error in (
        FileExistsError(f"{out}/releases/1.1.0: release 1.1.0 exists already; not overwritten"),
        PermissionError(errno.EACCES, "Permission denied"),
        ValidationFailed([]),
    ):
        calls: list[BaseException] = []
        monkeypatch.setattr(flows.release.folder, "publish", raising(error, calls))
        with pytest.raises(type(error)):
            build_datasets(raw, out)
        assert calls == [error]  # tried once, not retried
    assert (out / "latest").resolve() == (out / "releases" / "1.0.0").resolve()


def test_an_io_failure_while_publishing_is_retried_and_the_retry_publishes(
    workspace: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    import flows.build
    from flows.build import build_datasets

    raw, out = workspace
    write_raw(raw, "extra.txt", "Jane Roe was charged on 3 March 2024, police said.\n")
    _no_retry_delay(monkeypatch)
    real = flows.release.folder.publish
    calls = []

    def flaky(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        if len(calls) == 1:
            raise OSError(errno.EIO, "Input/output error")
        return real(*args, **kwargs)

    monkeypatch.setattr(flows.release.folder, "publish", flaky)
    release = build_datasets(raw, out)
    assert len(calls) == 2
    assert (release.version, release.is_new) == ("1.1.0", True)
    assert verify_release(out / "latest") == []


@pytest.mark.parametrize(
    ("error", "retry"),
    [
        (OSError(errno.EIO, "Input/output error"), True),
        (OSError(errno.ENOSPC, "No space left on device"), True),
        (TimeoutError("network file system"), True),
        (FileExistsError("release exists"), False),
        (PermissionError(errno.EACCES, "Permission denied"), False),
        (IsADirectoryError("latest is a folder"), False),
        (ValidationFailed([]), False),
        (ValueError("a bug"), False),
    ],
)
def test_only_failures_that_can_pass_on_a_second_try_are_retried(
    error: BaseException, retry: bool
) -> None:
    from flows.build import can_succeed_on_retry

    assert can_succeed_on_retry(error) is retry
