"""What ``casefile build`` starts before it imports the flow.

Importing flows.build (Prefect's flow engine, pandas, pandera) takes about two seconds,
starting the local Prefect server some three, and loading spaCy in each extraction worker
some three more. Each runs in a process of its own, so started together they cost the
longest of them, not the sum: ``head_start`` launches the server (when no PREFECT_API_URL
is configured) and, in a background thread, the workers the articles not yet extracted
need, then returns at once. Only a head start: flows.build.prefect_server waits for the
server and stops it, and the flow decides what to extract (its tasks borrow these workers).

Light on purpose: of Prefect only its settings (where the server and PREFECT_HOME are),
no flow engine, no spaCy.
"""

import contextlib
import os
import threading
from dataclasses import dataclass
from pathlib import Path

from prefect.settings import get_current_settings

from flows import server, workers
from flows.cache import cache_key, cache_path, extractor_fingerprint
from flows.ingest import IngestError, list_raw_files, read_article


@dataclass
class HeadStart:
    server: server.LocalServer | None  # None: PREFECT_API_URL names the server to use
    warming: threading.Thread | None  # finding and starting the workers


def prefect_home() -> Path:
    """PREFECT_HOME (from the environment, a profile, prefect.toml or [tool.prefect]),
    created if missing: the server keeps its database there."""
    home = Path(get_current_settings().home).expanduser()
    home.mkdir(parents=True, exist_ok=True)
    return home


def head_start(raw_dir: Path, out_dir: Path, timeout: float, *, warm: bool = True) -> HeadStart:
    """Launch the local server unless a team's server is configured, and (``warm``: the
    default task runner, whose workers live in this process) start the extraction
    workers in the background. Call it from the main thread (flows.server: the server
    must die with the thread that starts it)."""
    local = None
    if not get_current_settings().api.url:
        local = server.launch(prefect_home(), ui=False, scheduler=False)
    warming = prewarm_extraction(raw_dir, out_dir, timeout) if warm else None
    return HeadStart(local, warming)


def prewarm_extraction(raw_dir: Path, out_dir: Path, timeout: float) -> threading.Thread:
    """In a background thread, find whether raw_dir holds articles without a cached
    extraction and, if so, start the worker processes their batches need
    (``workers.prewarm``), so that they load the pipeline while the server starts instead
    of after it. The flow's tasks borrow them (or start their own)."""

    def check() -> None:
        cores = max(1, min(workers.MAX_PROCESSES, os.cpu_count() or 1))
        fingerprint = extractor_fingerprint()
        cache_dir = out_dir / ".cache"
        todo = 0
        for path in list_raw_files(raw_dir):
            try:
                article = read_article(path)
            except IngestError:
                continue  # the flow rejects it
            if not cache_path(cache_dir, cache_key(article, fingerprint)).is_file():
                todo += 1
                if todo > (cores - 1) * workers.BATCH_SIZE:
                    break  # enough to keep every core busy
        if todo:
            workers.prewarm(timeout, count=-(-todo // workers.BATCH_SIZE))

    def guarded() -> None:
        with contextlib.suppress(Exception):  # the flow itself reports any problem
            check()

    thread = threading.Thread(target=guarded, name="extraction-prewarm", daemon=True)
    thread.start()
    return thread
