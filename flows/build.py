"""The Prefect flow: ingest -> extract (batches) -> merge -> validate -> publish.

The only module that runs Prefect (flows.head_start reads its settings, to launch the
local server before this module is imported). Each step is a plain function in its own
module; the tasks here are thin, typed wrappers with counts in the run log.

Bad input is rejected, never retried: a raw file that cannot be read (flows.ingest) or
whose extraction fails or overruns its time limit (flows.workers) is left out, listed in
``<out>/rejected.csv`` and the run's summary, and the other articles still build. Only
publishing, which is I/O, is retried, and only after a failure a retry can fix.
"""

# No `from __future__ import annotations` here: a served or deployed run validates the
# flow's parameters against its real annotations (the runner loads the flow by value, and
# a string annotation such as "Path" then names nothing).

import contextlib
import hashlib
import json
import os
import pickle
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
from prefect import flow, get_run_logger, task, unmapped
from prefect.artifacts import create_markdown_artifact, create_table_artifact
from prefect.cache_policies import NO_CACHE
from prefect.settings import PREFECT_API_URL, get_current_settings, temporary_settings
from prefect.utilities.annotations import quote

from flows import merge, server, workers
from flows.cache import cache_key, cache_path, extractor_fingerprint
from flows.extract.records import Extraction
from flows.head_start import prefect_home
from flows.ingest import Article, IngestError, list_raw_files, read_article
from flows.release import folder as releases
from flows.release.report import REJECTED_CSV, Rejection, rejected_csv, write_rejected
from schemas import validate_tables

BATCH_SIZE = workers.BATCH_SIZE  # articles per extraction task
Progress = Callable[[str, int, int], None]
Notice = Callable[[str, str], None]
_listeners: list[Progress] = []
_notice_listeners: list[Notice] = []


def add_progress_listener(listener: Progress) -> None:
    """Called with (stage, done, total) as the flow advances (the CLI draws a bar)."""
    _listeners.append(listener)


def _progress(stage: str, done: int, total: int) -> None:
    for listener in _listeners:
        listener(stage, done, total)


def add_notice_listener(listener: Notice) -> None:
    """Called with ("rejected" or "warning", one line "file: reason") for each rejected
    file and each warning of a run (the CLI lists them in its summary)."""
    _notice_listeners.append(listener)


def remove_notice_listener(listener: Notice) -> None:
    if listener in _notice_listeners:
        _notice_listeners.remove(listener)


def _notice(kind: str, message: str) -> None:
    for listener in _notice_listeners:
        listener(kind, message)


class BuildFailed(Exception):
    """The run published nothing: no usable article, or strict and a file was rejected."""


@dataclass
class Ingested:
    articles: list[Article]
    rejected: list[Rejection] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # one line each, "file: what"


@dataclass
class Extracted:
    articles: list[Article]  # those extracted, in order
    extractions: list[Extraction]  # one per article
    rejected: list[Rejection] = field(default_factory=list)


# Failures a retry cannot fix: the same call fails the same way again.
_PERMANENT_OS_ERRORS = (FileExistsError, IsADirectoryError, NotADirectoryError, PermissionError)


def can_succeed_on_retry(exc: BaseException) -> bool:
    """Whether a failed publish is worth another try: I/O errors (a disk briefly full, a
    network file system hiccup) are; a release that exists already, a permission, a
    validation failure or a bug in the code are not."""
    return isinstance(exc, OSError) and not isinstance(exc, _PERMANENT_OS_ERRORS)


def _retry_condition(task: Any, task_run: Any, state: Any) -> bool:
    """Prefect's retry_condition_fn: retry only failures that can succeed on retry."""
    exc = state.result(raise_on_failure=False)
    return isinstance(exc, BaseException) and can_succeed_on_retry(exc)


# --- tasks -------------------------------------------------------------------------------------


@task(cache_policy=NO_CACHE)
def ingest(raw_dir: Path) -> Ingested:
    """Read every article in raw_dir; unusable files are rejected with their reason, and
    the same article under a second name is kept once, with a warning naming both."""
    logger = get_run_logger()
    paths = list_raw_files(raw_dir)
    result = Ingested(articles=[])
    seen: dict[str, str] = {}
    for done, path in enumerate(paths, 1):
        _progress("ingest", done, len(paths))
        try:
            article = read_article(path)
        except IngestError as exc:
            logger.warning("rejected %s", exc)
            result.rejected.append(Rejection(exc.source, exc.reason))
            continue
        first = seen.get(article.article_id)
        warnings = (
            [f"{article.source_file}: same article as {first}; kept once, as {first}"]
            if first
            else list(article.warnings)
        )
        for warning in warnings:
            logger.warning(warning)
        result.warnings += warnings
        if first:
            continue
        seen[article.article_id] = article.source_file
        result.articles.append(article)
    logger.info("ingested %d articles, rejected %d", len(result.articles), len(result.rejected))
    return result


@task(cache_policy=NO_CACHE)
def extract_batch(articles: list[Article], timeout: float, work: workers.Work) -> Extracted:
    """Extract one batch in a worker process of this task's own (lent by the process the
    task runs in, which keeps it for its next task), parsed with one ``nlp.pipe``, each
    article under the time limit. An article whose extraction fails or overruns is
    rejected (not retried). No file system: the flow caches what comes back."""
    logger = get_run_logger()
    with workers.borrowed_pool(timeout, work) as pool:
        outcomes = pool.run([(a.body, a.published_date) for a in articles], len(articles))
    result = Extracted([], [])
    for article, outcome in zip(articles, outcomes, strict=True):
        if isinstance(outcome, str):
            result.rejected.append(Rejection(article.source_file, outcome))
            logger.warning("rejected %s", result.rejected[-1])
        else:
            result.articles.append(article)
            result.extractions.append(outcome)
    logger.info("extracted %d articles, rejected %d", len(result.articles), len(result.rejected))
    return result


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


@task(
    cache_policy=NO_CACHE,
    retries=2,
    retry_delay_seconds=1,
    retry_condition_fn=_retry_condition,
)
def publish_release(
    tables: dict[str, pd.DataFrame], out_dir: Path, reports: dict[str, bytes] | None = None
) -> releases.Release:
    """Publish (retried only after an I/O failure a retry can fix)."""
    release = releases.publish(tables, out_dir, reports=reports)
    logger = get_run_logger()
    if release.is_new:
        logger.info("published release %s at %s", release.version, release.path)
    else:
        logger.info("tables unchanged since release %s: nothing published", release.version)
    return release


# --- the flow ----------------------------------------------------------------------------------


@flow(name="build-datasets", log_prints=True)
def build_datasets(
    raw_dir: Path,
    out_dir: Path,
    strict: bool = False,
    extract_timeout: float = workers.EXTRACT_TIMEOUT_S,
) -> releases.Release:
    """Build the datasets from raw_dir and publish a release under out_dir.

    Files that cannot be used are rejected and listed in ``out_dir/rejected.csv`` (and in
    the release, when one is published); the others still build. With ``strict`` any
    rejection fails the run (BuildFailed) and nothing is published.
    """
    ingested = ingest(raw_dir)
    rejected = list(ingested.rejected)
    for warning in ingested.warnings:
        _notice("warning", warning)
    cache_dir = out_dir / ".cache"
    fingerprint = extractor_fingerprint()
    keys = {a.article_id: cache_key(a, fingerprint) for a in ingested.articles}
    # an article unchanged since a cached run is not parsed again
    todo = [a for a in ingested.articles if not cache_path(cache_dir, keys[a.article_id]).is_file()]
    fresh, failed = _extract(todo, cache_dir, keys, extract_timeout)
    articles = [a for a in ingested.articles if a.article_id not in failed]
    out_dir.mkdir(parents=True, exist_ok=True)
    tables = _read_tables(cache_dir, _tables_key(articles, keys))
    if tables is None:  # something changed: merge and validate every article's records
        extractions = {a.article_id: fresh.get(a.article_id) for a in articles}
        extractions |= {
            a.article_id: _read_cache(cache_path(cache_dir, keys[a.article_id]))
            for a in articles
            if extractions[a.article_id] is None
        }
        unreadable = [a for a in articles if extractions[a.article_id] is None]
        if unreadable:  # a cache file that cannot be read: extract that article again
            again, failed_again = _extract(unreadable, cache_dir, keys, extract_timeout)
            extractions |= again
            failed |= failed_again
            articles = [a for a in articles if a.article_id not in failed]
    rejected += failed.values()
    report = rejected_csv(rejected)
    write_rejected(out_dir, report)
    for rejection in sorted(rejected):
        _notice("rejected", str(rejection))
    rejected_artifact(rejected)
    if strict and rejected:
        raise BuildFailed(
            f"{len(rejected)} file(s) rejected in strict mode: nothing published "
            f"(see {out_dir / REJECTED_CSV})"
        )
    if not articles:
        raise BuildFailed(f"{raw_dir}: no usable articles to build from; nothing published")
    if tables is None:
        records = [extractions[a.article_id] for a in articles]
        # quoted: Prefect would otherwise walk every record looking for futures (~1 s at
        # 1,000 articles); the task gets the lists themselves
        present = [x for x in records if x is not None]
        tables = merge_records(quote(articles), quote(present))  # type: ignore[call-overload]
        _progress("merge", 1, 1)
        tables = validate(tables)
        _write_tables(cache_dir, _tables_key(articles, keys), tables)
    else:
        _progress("merge", 1, 1)  # the tables of the last run with these very articles
    _progress("validate", 1, 1)
    release = publish_release(tables, out_dir, {REJECTED_CSV: report})
    release_artifacts(release)
    _progress("publish", 1, 1)
    return release


def _extract(
    articles: list[Article], cache_dir: Path, keys: dict[str, str], timeout: float
) -> tuple[dict[str, Extraction], dict[str, Rejection]]:
    """Extraction mapped over batches of articles as tasks (on the flow's task runner),
    each result cached: (article id -> Extraction, article id -> why it has none)."""
    extracted: dict[str, Extraction] = {}
    failed: dict[str, Rejection] = {}
    if not articles:
        return extracted, failed
    batches = [articles[i : i + BATCH_SIZE] for i in range(0, len(articles), BATCH_SIZE)]
    # workers.extract_article is looked up here, at run time, so a test can swap it
    futures = extract_batch.map(batches, unmapped(timeout), unmapped(workers.extract_article))
    done = 0
    try:
        for batch, future in zip(batches, futures, strict=True):
            result = future.result()
            for article, extraction in zip(result.articles, result.extractions, strict=True):
                extracted[article.article_id] = extraction
                _write_cache(cache_path(cache_dir, keys[article.article_id]), extraction)
            by_file = {r.source_file: r for r in result.rejected}
            failed |= {
                a.article_id: by_file[a.source_file] for a in batch if a.source_file in by_file
            }
            done += len(batch)
            _progress("extract", done, len(articles))
    finally:
        workers.close_pools()  # the workers of this process (a Dask worker keeps its own)
    return extracted, failed


RUNNERS = ("default", "dask")


def build_flow(runner: str = "default", address: str | None = None) -> Any:
    """``build_datasets`` on the task runner named: "default" (Prefect's thread pool in
    this process) or "dask" (prefect-dask's DaskTaskRunner: the Dask cluster at
    ``address``, or a local cluster of one single-threaded worker process per core)."""
    if runner == "default":
        if address:
            raise ValueError("--address needs --runner dask")
        return build_datasets
    if runner != "dask":
        raise ValueError(f"unknown runner {runner!r}: one of {', '.join(RUNNERS)}")
    from prefect_dask import DaskTaskRunner

    cores = max(1, min(workers.MAX_PROCESSES, os.cpu_count() or 1))
    cluster = {"n_workers": cores, "threads_per_worker": 1, "dashboard_address": None}
    task_runner: Any = (  # a PrefectDaskFuture runner, which Flow's stubs do not name
        DaskTaskRunner(address=address) if address else DaskTaskRunner(cluster_kwargs=cluster)
    )
    return build_datasets.with_options(task_runner=task_runner)


# --- artifacts: the run's results in the Prefect UI ------------------------------------------


def rejected_artifact(rejected: list[Rejection]) -> None:
    """The files the run could not use, with the reason for each (none: an empty table)."""
    rows = sorted(rejected)
    create_table_artifact(
        {"file": [r.source_file for r in rows], "reason": [r.reason for r in rows]},
        key="rejected-files",
        description=f"{len(rows)} raw file(s) rejected by this run (also in rejected.csv)",
    )


def release_artifacts(release: releases.Release) -> None:
    """Row counts per table, and the release's changelog (or that nothing changed)."""
    create_table_artifact(
        [{"table": name, "rows": count} for name, count in release.row_counts.items()],
        key="row-counts",
        description=f"rows per table in release {release.version}",
    )
    create_markdown_artifact(
        release_notes(release),
        key="changelog",
        description=f"what release {release.version} changed",
    )


def release_notes(release: releases.Release) -> str:
    """The release's own section of its CHANGELOG.md, or one line saying that the tables
    are unchanged and nothing was published."""
    if not release.is_new:
        return f"unchanged: the tables equal release {release.version}'s; nothing was published"
    try:
        text = (release.path / "CHANGELOG.md").read_text(encoding="utf-8")
    except OSError as exc:
        return f"release {release.version} published; its CHANGELOG.md cannot be read ({exc})"
    start = text.find(f"\n## {release.version}\n")
    if start < 0:
        return f"release {release.version} published; its CHANGELOG.md has no section for it"
    end = text.find("\n## ", start + 1)
    return text[start + 1 : end if end >= 0 else len(text)].strip() + "\n"


# --- where runs are recorded: a team's server, or a local one ------------------------------


@contextlib.contextmanager
def prefect_server(
    *,
    ui: bool = False,
    port: int | None = None,
    scheduler: bool = False,
    launched: server.LocalServer | None = None,
) -> Iterator[str]:
    """Runs in this block are recorded on the server PREFECT_API_URL names, or, when it is
    not set, on a local server (flows.server) started here, or ``launched`` ahead by
    flows.head_start, and stopped at the end. Yields the server's address (its UI when
    ``ui``)."""
    api_url = get_current_settings().api.url
    if api_url:
        if launched is not None:
            launched.stop()
        yield api_url.removesuffix("/").removesuffix("/api")
        return
    if launched is None:
        launched = server.launch(prefect_home(), port=port, ui=ui, scheduler=scheduler)
    try:
        server.wait_ready(launched)
        with temporary_settings({PREFECT_API_URL: launched.api_url}):
            try:
                yield launched.url
            finally:
                drain_to_server()
    finally:
        launched.stop()


def drain_to_server() -> None:
    """Send the logs and events still queued in this process to the server (before it
    stops: otherwise they are lost, with an error at exit)."""
    import inspect

    from prefect.events.worker import EventsWorker
    from prefect.logging.handlers import APILogWorker
    from prefect.utilities.asyncutils import run_coro_as_sync

    async def drain() -> None:
        with contextlib.suppress(RuntimeError):  # never started
            logs: Any = APILogWorker.instance().drain()
            if inspect.isawaitable(logs):
                await logs
        events: Any = EventsWorker.drain_all()
        if inspect.isawaitable(events):
            await events

    run_coro_as_sync(drain())


# --- helpers -----------------------------------------------------------------------------------


def _tables_key(articles: list[Article], keys: dict[str, str]) -> str:
    """Changes whenever the merged tables could: any article (its text, metadata, file name
    or cached extraction) or the code that merges and validates."""
    digest = hashlib.sha256()
    here = Path(__file__).parent
    for path in [here / "merge.py", *sorted(here.parent.joinpath("schemas").glob("*.py"))]:
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    for a in sorted(articles, key=lambda a: a.article_id):
        fields = [a.article_id, a.source_file, a.title, a.outlet, a.url, a.published_date, a.sha256]
        digest.update(repr([*fields, keys[a.article_id]]).encode())
    return digest.hexdigest()[:16]


def _read_tables(cache_dir: Path, key: str) -> dict[str, pd.DataFrame] | None:
    """The validated tables of the last run, when it had the same key; else None."""
    path = cache_dir / "tables" / f"{key}.pickle"
    try:
        with path.open("rb") as f:
            tables = pickle.load(f)
    except Exception:  # none, or unreadable: merged afresh
        return None
    return tables if isinstance(tables, dict) else None


def _write_tables(cache_dir: Path, key: str, tables: dict[str, pd.DataFrame]) -> None:
    """Keep the validated tables of this run (only the newest run's are kept)."""
    folder = cache_dir / "tables"
    folder.mkdir(parents=True, exist_ok=True)
    releases.replace_file(folder / f"{key}.pickle", pickle.dumps(tables, protocol=5))
    for old in folder.glob("*.pickle"):
        if old.name != f"{key}.pickle":
            old.unlink(missing_ok=True)


def _read_cache(path: Path) -> Extraction | None:
    """A cached extraction; None when there is none or it cannot be read (re-extracted)."""
    try:
        return Extraction.from_dict(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _write_cache(path: Path, extraction: Extraction) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    data = json.dumps(extraction.to_dict(), ensure_ascii=False).encode("utf-8")
    releases.replace_file(path, data)


# --- scheduled runs: the deployment build-datasets/casefile ----------------------------------

DEPLOYMENT = "casefile"  # shown as build-datasets/casefile


def cron_schedule(cron: str, timezone: str) -> Any:
    """Prefect's Cron schedule; ValueError in one line naming a bad expression or zone."""
    import zoneinfo

    from prefect.client.schemas.schedules import CronSchedule
    from prefect.schedules import Cron

    try:
        zoneinfo.ZoneInfo(timezone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"--timezone {timezone!r}: not an IANA time zone") from None
    try:
        CronSchedule(cron=cron, timezone=timezone)
    except ValueError:
        raise ValueError(f"--cron {cron!r}: not a cron expression") from None
    return Cron(cron, timezone=timezone)


def serve(
    raw_dir: Path,
    out_dir: Path,
    *,
    cron: str,
    timezone: str,
    strict: bool = False,
    extract_timeout: float = workers.EXTRACT_TIMEOUT_S,
    port: int | None = None,
    ready: Callable[[str], None] = print,
) -> None:
    """Register the deployment build-datasets/casefile (the cron schedule in ``timezone``,
    one run at a time) and run its scheduled runs here until SIGTERM or Ctrl-C, which
    pause the schedule and return. ``ready`` gets the server's address once it serves."""
    from prefect import serve as prefect_serve
    from prefect.deployments.runner import EntrypointType

    schedule = cron_schedule(cron, timezone)
    with prefect_server(ui=True, port=port, scheduler=True) as address:
        deployment: Any = build_datasets.to_deployment(
            name=DEPLOYMENT,
            schedule=schedule,
            concurrency_limit=1,
            # flows.build.build_datasets: found from any folder, unlike a file path
            entrypoint_type=EntrypointType.MODULE_PATH,
            parameters={
                "raw_dir": str(raw_dir.resolve()),
                "out_dir": str(out_dir.resolve()),
                "strict": strict,
                "extract_timeout": extract_timeout,
            },
            description=f"casefile build of {raw_dir.resolve()} into {out_dir.resolve()}",
        )
        deployment.apply()  # registered (and its first runs scheduled) before ready()
        ready(address)
        prefect_serve(deployment, limit=1, print_starting_message=False)
