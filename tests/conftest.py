"""Shared fixtures: the spaCy pipeline (loaded once), paths, small article writers."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pandas as pd
import pytest

from flows.extract.article import extract
from flows.extract.records import Extraction

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
def prefect_harness() -> Iterator[None]:
    """One Prefect test server for the whole session (flows only)."""
    from flows.build import configure_prefect

    configure_prefect()
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield


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
