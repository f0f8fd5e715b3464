"""The Prefect flow: ingest -> extract (batches) -> merge -> validate -> publish.

The only module that imports Prefect. Each step is a plain function in its own module;
the tasks here are thin, typed wrappers with counts in the run log.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path


def configure_prefect() -> None:
    """Defaults for a machine with no outside network: an embedded server with its home
    folder present, and no analytics or telemetry."""
    home = Path(os.environ.setdefault("PREFECT_HOME", str(Path.home() / ".prefect")))
    home.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("DO_NOT_TRACK", "1")
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")


configure_prefect()

import pandas as pd  # noqa: E402
from prefect import flow, get_run_logger, task  # noqa: E402
from prefect.cache_policies import NO_CACHE  # noqa: E402

from flows import merge, publish  # noqa: E402
from flows.extract.article import extract_doc  # noqa: E402
from flows.extract.nlp import load_nlp, model_name, parse_many  # noqa: E402
from flows.extract.outlets import OUTLETS_CSV, load_outlets  # noqa: E402
from flows.extract.records import Extraction  # noqa: E402
from flows.ingest import Article, IngestError, list_raw_files, read_article  # noqa: E402
from schemas import validate_tables  # noqa: E402

BATCH_SIZE = 16
Progress = Callable[[str, int, int], None]
_listeners: list[Progress] = []


def add_progress_listener(listener: Progress) -> None:
    """Called with (stage, done, total) as the flow advances (the CLI draws a bar)."""
    _listeners.append(listener)


def _progress(stage: str, done: int, total: int) -> None:
    for listener in _listeners:
        listener(stage, done, total)


@dataclass
class Ingested:
    articles: list[Article]
    rejected: list[IngestError] = field(default_factory=list)


# --- tasks -------------------------------------------------------------------------------------


@task(cache_policy=NO_CACHE)
def ingest(raw_dir: Path) -> Ingested:
    """Read every article in raw_dir; unusable files are rejected with their reason."""
    logger = get_run_logger()
    paths = list_raw_files(raw_dir)
    result = Ingested(articles=[])
    seen: dict[str, str] = {}
    for done, path in enumerate(paths, 1):
        try:
            article = read_article(path)
        except IngestError as exc:
            logger.warning("rejected %s", exc)
            result.rejected.append(exc)
            continue
        if article.article_id in seen:
            logger.warning(
                "%s: same article as %s; kept once", article.source_file, seen[article.article_id]
            )
            continue
        seen[article.article_id] = article.source_file
        result.articles.append(article)
        _progress("ingest", done, len(paths))
    logger.info("ingested %d articles, rejected %d", len(result.articles), len(result.rejected))
    return result


@task(cache_policy=NO_CACHE)
def extract_batch(articles: list[Article], cache_dir: Path) -> list[Extraction]:
    """Extract one batch; an article unchanged since a cached run is not parsed again."""
    outlets = load_outlets()
    fingerprint = extractor_fingerprint()
    keys = [_cache_key(a, fingerprint) for a in articles]
    results: dict[int, Extraction] = {}
    for i, key in enumerate(keys):
        cached = cache_dir / f"{key}.json"
        if cached.is_file():
            results[i] = Extraction.from_dict(json.loads(cached.read_text(encoding="utf-8")))
    todo = [i for i in range(len(articles)) if i not in results]
    if todo:
        docs = parse_many(load_nlp(), [articles[i].body for i in todo])
        for i, doc in zip(todo, docs, strict=True):
            results[i] = extract_doc(doc, articles[i].published_date, outlets)
            _write_cache(cache_dir / f"{keys[i]}.json", results[i])
    get_run_logger().info(
        "extracted %d articles (%d from cache)", len(articles), len(articles) - len(todo)
    )
    return [results[i] for i in range(len(articles))]


@task(cache_policy=NO_CACHE)
def merge_records(
    articles: list[Article], extractions: list[Extraction]
) -> dict[str, pd.DataFrame]:
    tables = merge.build_tables(list(zip(articles, extractions, strict=True)))
    get_run_logger().info(
        "merged: %s", ", ".join(f"{name} {len(df)}" for name, df in tables.items())
    )
    return tables


@task(cache_policy=NO_CACHE)
def validate(tables: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    validated = validate_tables(tables)
    get_run_logger().info("all %d tables valid", len(validated))
    return validated


@task(cache_policy=NO_CACHE, retries=2, retry_delay_seconds=1)
def publish_release(tables: dict[str, pd.DataFrame], out_dir: Path) -> publish.Release:
    release = publish.publish(tables, out_dir)
    logger = get_run_logger()
    if release.is_new:
        logger.info("published release %s at %s", release.version, release.path)
    else:
        logger.info("tables unchanged since release %s: nothing published", release.version)
    return release


# --- the flow ----------------------------------------------------------------------------------


@flow(name="build-datasets", log_prints=True)
def build_datasets(raw_dir: Path, out_dir: Path) -> publish.Release:
    """Build the datasets from raw_dir and publish a release under out_dir."""
    ingested = ingest(raw_dir)
    if not ingested.articles:
        raise ValueError(f"{raw_dir}: no usable articles to build from")
    cache_dir = out_dir / ".cache" / "extract"
    cache_dir.mkdir(parents=True, exist_ok=True)
    extractions: list[Extraction] = []
    articles = ingested.articles
    for start in range(0, len(articles), BATCH_SIZE):
        extractions += extract_batch(articles[start : start + BATCH_SIZE], cache_dir)
        _progress("extract", min(start + BATCH_SIZE, len(articles)), len(articles))
    tables = merge_records(articles, extractions)
    tables = validate(tables)
    release = publish_release(tables, out_dir)
    _progress("publish", 1, 1)
    return release


# --- helpers -----------------------------------------------------------------------------------


def extractor_fingerprint() -> str:
    """Changes whenever extraction could yield something else: its code, data or model."""
    digest = hashlib.sha256(model_name().encode())
    for path in [*sorted(Path(__file__).parent.joinpath("extract").glob("*.py")), OUTLETS_CSV]:
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def _cache_key(article: Article, fingerprint: str) -> str:
    parts = [fingerprint, str(article.published_date), article.body]
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()


def _write_cache(path: Path, extraction: Extraction) -> None:
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(extraction.to_dict(), ensure_ascii=False), encoding="utf-8")
    os.replace(tmp, path)
