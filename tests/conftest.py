"""Shared fixtures: the spaCy pipeline (loaded once), paths, small article writers."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd
import pytest

from flows.extract.article import extract
from flows.extract.records import Extraction

if TYPE_CHECKING:
    from flows.server import LocalServer

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "raw" / "000_41486f725f8f5c69.txt"
ARTICLES = Path(__file__).resolve().parent / "articles"


@pytest.fixture(scope="session")
def seed_body() -> str:
    from flows.ingest import read_article

    return read_article(SEED).body


@pytest.fixture(scope="session")
def seed_extraction(seed_body: str) -> Extraction:
    return extract(seed_body)


@pytest.fixture(scope="session")
def run() -> Callable[..., Extraction]:
    """extract() with the session's pipeline: run(text, published=None)."""

    def _run(text: str, published: dt.date | None = None) -> Extraction:
        return extract(text, published)

    return _run


@pytest.fixture(scope="module")
def tables(run: Callable[..., Extraction]) -> dict[str, pd.DataFrame]:
    """Validated tables of the two test articles in tests/articles/ (per test module, so
    no module sees another's changes)."""
    from flows.ingest import read_article
    from flows.merge import build_tables
    from schemas import validate_tables

    records = []
    for name in ("velasquez.txt", "okafor.txt"):
        article = read_article(ARTICLES / name)
        records.append((article, run(article.body, article.published_date)))
    return validate_tables(build_tables(records))


@pytest.fixture(scope="module")
def out_dir(tables: dict[str, pd.DataFrame], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An output folder (releases/1.0.0 and latest) of the two test articles."""
    from flows.release.folder import publish

    out = tmp_path_factory.mktemp("output")
    publish(tables, out)
    return out


@pytest.fixture(scope="session")
def prefect_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalServer]:
    """One real Prefect server for the whole session (flows.server, scheduler on, no UI),
    its database in a fresh PREFECT_HOME. Flows run in this process and the `casefile` and
    `prefect` commands the tests start all use it (PREFECT_API_URL)."""
    from flows.server import local_server

    home = tmp_path_factory.mktemp("prefect-home")
    patch = pytest.MonkeyPatch()
    patch.setenv("PREFECT_HOME", str(home))
    patch.setenv("DO_NOT_TRACK", "1")
    patch.setenv("PREFECT_RUNNER_POLL_FREQUENCY", "1")  # a served run starts within 1 s
    try:
        with local_server(home, ui=False) as server:
            patch.setenv("PREFECT_API_URL", server.api_url)
            from prefect.logging.configuration import ensure_logging_setup
            from prefect.settings import PREFECT_API_URL, PREFECT_HOME, temporary_settings

            # Prefect's console log handler keeps the stderr it was made with: make it now,
            # not during a test's first CliRunner build (whose stderr is closed after it)
            ensure_logging_setup()

            with temporary_settings({PREFECT_API_URL: server.api_url, PREFECT_HOME: home}):
                yield server
                from flows.build import drain_to_server

                drain_to_server()
    finally:
        patch.undo()


@pytest.fixture(scope="session")
def prefect_harness(prefect_server: LocalServer) -> None:
    """Flows in this test run on the session's Prefect server."""


def write_raw(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def frictionless_validate(release: Path) -> subprocess.CompletedProcess[str]:
    """`frictionless validate datapackage.json` in a release folder: the independent check
    (frictionless[parquet] is a pinned test dependency, installed beside this interpreter)."""
    exe = str(Path(sys.executable).with_name("frictionless"))
    return subprocess.run(
        [exe, "validate", "datapackage.json"],
        cwd=release,
        capture_output=True,
        text=True,
        timeout=600,
    )
