"""Extraction in worker processes, every article under a time limit.

A Prefect task may run in a worker thread, where ``signal.alarm`` cannot interrupt it,
and a thread cannot be stopped from outside; a process can. Each worker process loads
the spaCy pipeline once, then takes a batch of articles at a time and parses it with one
``nlp.pipe`` (flows.extract.nlp.parse_many). The parent gives a batch EXTRACT_TIMEOUT_S
seconds from the moment it hands it over; a worker that overruns is killed and the
batch is retried one article at a time, each with the same limit, so only an article
that alone overruns is rejected ("took longer than N s", never retried further). A
worker that dies during a batch is handled the same way; an article whose extraction
raises is rejected at once. No Prefect here: the workers import only the extractors.

``borrowed_pool`` lends the tasks of one process single-worker pools, at most one per
core at a time, and keeps them (with their loaded pipelines) for the next task;
``prewarm`` starts them ahead, in the background, while the flow's server starts.
"""

from __future__ import annotations

import atexit
import contextlib
import datetime as dt
import importlib
import os
import socket
import subprocess
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from multiprocessing.connection import Connection, wait
from types import TracebackType
from typing import Any

from flows.extract.records import Extraction

# Per article. Extraction takes about 40 s for the longest text ingest accepts
# (flows.ingest.MAX_CHARS on a single line); a news article takes well under 1 s.
EXTRACT_TIMEOUT_S = 120.0
STARTUP_TIMEOUT_S = 300.0  # loading spaCy in a new worker
MAX_PROCESSES = 4  # each worker holds its own spaCy pipeline (a few hundred MB)

Work = Callable[[str, dt.date | None], Extraction]
Job = tuple[str, dt.date | None]  # (article body, publication date)


BATCH_SIZE = 16  # articles a worker parses with one nlp.pipe


def extract_article(body: str, published: dt.date | None) -> Extraction:
    """What a worker runs for each article (module level: a worker imports it by name)."""
    from flows.extract.article import extract

    return extract(body, published)


def extract_articles(jobs: list[Job]) -> list[Extraction | Exception]:
    """``extract_article`` over a batch, parsed with one ``nlp.pipe``: each article's
    Extraction, or the exception its extraction raised."""
    from flows.extract.article import extract_doc
    from flows.extract.nlp import load_nlp, parse_many

    try:
        docs = parse_many(load_nlp(), [body for body, _ in jobs])
    except Exception:  # the parser failed on one of them: find which, one at a time
        return [_attempt(extract_article, body, published) for body, published in jobs]
    outcomes: list[Extraction | Exception] = []
    for doc, (_, published) in zip(docs, jobs, strict=True):
        try:
            outcomes.append(extract_doc(doc, published))
        except Exception as exc:
            outcomes.append(exc)
    return outcomes


def _attempt(work: Work, body: str, published: dt.date | None) -> Extraction | Exception:
    try:
        return work(body, published)
    except Exception as exc:
        return exc


# a work function's batch form, used by the worker when there is one
_BATCHED: dict[str, Callable[[list[Job]], list[Extraction | Exception]]] = {
    "flows.workers:extract_article": extract_articles,
}


class WorkerStartupError(RuntimeError):
    """A worker could not start (e.g. no spaCy model): a problem of the machine, not of
    an article."""


def one_line(exc: BaseException, limit: int = 200) -> str:
    """``Type: first line of the message``, at most ``limit`` characters."""
    lines = str(exc).strip().splitlines()
    text = f"{type(exc).__name__}: {lines[0]}" if lines else type(exc).__name__
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _serve(conn: Connection, work_name: str) -> None:  # pragma: no cover - in the worker
    try:
        module, _, name = work_name.partition(":")
        work: Any = importlib.import_module(module)
        for part in name.split("."):
            work = getattr(work, part)
        batched = _BATCHED.get(work_name)
        work("Warm-up.", None)  # loads the pipeline before any article's clock starts
    except BaseException as exc:
        conn.send(("fatal", one_line(exc)))
        return
    conn.send(("ready", None))
    while True:
        try:
            jobs = conn.recv()
        except (EOFError, OSError):
            return
        if jobs is None:
            return
        if batched is not None and len(jobs) > 1:
            outcomes = batched(jobs)
        else:
            outcomes = [_attempt(work, body, published) for body, published in jobs]
        conn.send(
            [
                ("error", one_line(x)) if isinstance(x, Exception) else ("ok", x.to_dict())
                for x in outcomes
            ]
        )


class _Worker:
    """``python -m flows.workers FD WORK``: a fresh interpreter (never a fork of the
    threaded parent), talking over a socket pair."""

    def __init__(self, work: Work) -> None:
        ours, theirs = socket.socketpair()
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}
        with theirs:
            self.process = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "flows.workers",
                    str(theirs.fileno()),
                    f"{work.__module__}:{work.__qualname__}",
                ],
                pass_fds=(theirs.fileno(),),
                stdin=subprocess.DEVNULL,
                env=env,
            )
        self.conn = Connection(ours.detach())

    def alive(self) -> bool:
        return self.process.poll() is None

    def stop(self) -> None:
        if self.alive():
            self.process.kill()
        self.process.wait()
        self.conn.close()


class ExtractionPool:
    """Runs ``work`` over article bodies in up to ``processes`` worker processes, each
    article under ``timeout`` seconds. Workers start on first use and stay for the next
    batch; ``close()`` (or leaving a ``with`` block) stops them."""

    def __init__(
        self,
        timeout: float = EXTRACT_TIMEOUT_S,
        processes: int | None = None,
        work: Work = extract_article,
    ) -> None:
        self.timeout = timeout
        self.processes = processes or max(1, min(MAX_PROCESSES, os.cpu_count() or 1))
        self.work = work
        self._idle: list[_Worker] = []
        self._warming: threading.Thread | None = None
        self._warm_error: BaseException | None = None

    def warm(self) -> None:
        """Start this pool's workers in a background thread (loading the pipeline takes
        seconds: meanwhile the caller does something else); ``run`` waits for them, and
        raises what starting them raised."""

        def start() -> None:
            try:
                self._idle += self._start(self.processes - len(self._idle))
            except BaseException as exc:
                self._warm_error = exc

        self._warming = threading.Thread(target=start, name="extraction-warm-up", daemon=True)
        self._warming.start()

    def _warmed(self) -> None:
        """Wait for the workers ``warm`` is starting; raise what starting them raised."""
        if self._warming is not None:
            self._warming.join()
            self._warming = None
        error, self._warm_error = self._warm_error, None
        if error is not None:
            raise error

    def __enter__(self) -> ExtractionPool:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def run(self, jobs: list[Job], batch_size: int = BATCH_SIZE) -> list[Extraction | str]:
        """For each job, in order, its Extraction or the one-line reason it has none.

        Jobs go to the workers in batches of ``batch_size``; a batch that overruns the
        time limit or whose worker dies is retried one article at a time."""
        self._warmed()
        results: dict[int, Extraction | str] = {}
        size = max(1, batch_size)
        queue = deque(list(range(i, min(i + size, len(jobs)))) for i in range(0, len(jobs), size))
        busy: dict[_Worker, tuple[list[int], float]] = {}  # worker -> (jobs, started)
        try:
            while queue or busy:
                wanted = min(self.processes - len(busy), len(queue)) - len(self._idle)
                if wanted > 0:
                    self._idle += self._start(wanted)
                while queue and self._idle:
                    worker, batch = self._idle.pop(), queue.popleft()
                    worker.conn.send([jobs[i] for i in batch])
                    busy[worker] = (batch, time.monotonic())
                first_deadline = min(started for _, started in busy.values()) + self.timeout
                # a finished batch, or a dead worker (its socket closes), wakes this up
                wait([w.conn for w in busy], timeout=max(0.0, first_deadline - time.monotonic()))
                for worker, (batch, started) in list(busy.items()):
                    outcome = self._outcome(worker, started)
                    if outcome is None:
                        continue  # still working, within its time
                    del busy[worker]
                    done, reusable = outcome
                    if reusable:
                        self._idle.append(worker)
                    else:
                        worker.stop()  # overran or died
                    if isinstance(done, list):
                        results.update(zip(batch, done, strict=True))
                    elif len(batch) > 1:  # one of them overran or crashed: find which
                        queue.extendleft([i] for i in reversed(batch))
                    else:
                        results[batch[0]] = done
        except BaseException:
            for worker in busy:
                worker.stop()
            raise
        return [results[i] for i in range(len(jobs))]

    def _outcome(
        self, worker: _Worker, started: float
    ) -> tuple[list[Extraction | str] | str, bool] | None:
        """(each job's result or reason, or one reason for the whole batch; whether the
        worker can take another batch); None while the worker is still within its time."""
        if worker.conn.poll():
            try:
                replies = worker.conn.recv()
            except (EOFError, OSError):
                return self._died(worker), False
            return [
                Extraction.from_dict(payload) if status == "ok" else f"extraction failed: {payload}"
                for status, payload in replies
            ], True
        if not worker.alive():
            return self._died(worker), False
        if time.monotonic() - started >= self.timeout:
            return f"extraction took longer than {self.timeout:g} s (not retried)", False
        return None

    @staticmethod
    def _died(worker: _Worker) -> str:
        code = worker.process.wait()
        return f"extraction crashed (worker process exited with code {code})"

    def _start(self, count: int) -> list[_Worker]:
        """Start ``count`` workers at once and wait until each has loaded the pipeline."""
        workers: list[_Worker] = []
        try:
            for _ in range(count):
                workers.append(_Worker(self.work))
            deadline = time.monotonic() + STARTUP_TIMEOUT_S
            for worker in workers:
                if not worker.conn.poll(max(0.0, deadline - time.monotonic())):
                    raise WorkerStartupError(
                        f"extraction worker not ready after {STARTUP_TIMEOUT_S:g} s"
                    )
                try:
                    status, payload = worker.conn.recv()
                except (EOFError, OSError):
                    code = worker.process.wait()
                    raise WorkerStartupError(
                        f"extraction worker exited while starting (code {code})"
                    ) from None
                if status != "ready":
                    raise WorkerStartupError(f"extraction worker cannot start: {payload}")
        except BaseException:
            for worker in workers:
                worker.stop()
            raise
        return workers

    def close(self) -> None:
        """Stop every worker."""
        with contextlib.suppress(BaseException):
            self._warmed()
        for worker in self._idle:
            with contextlib.suppress(OSError):
                worker.conn.send(None)
            with contextlib.suppress(subprocess.TimeoutExpired):
                worker.process.wait(timeout=5)
            worker.stop()
        self._idle = []


# --- pools lent to the tasks of this process -----------------------------------------------

_shelf_lock = threading.Lock()
_shelf: dict[tuple[float, str], list[ExtractionPool]] = {}
_slots = threading.BoundedSemaphore(max(1, min(MAX_PROCESSES, os.cpu_count() or 1)))


@contextlib.contextmanager
def borrowed_pool(timeout: float, work: Work = extract_article) -> Iterator[ExtractionPool]:
    """A single-worker pool for one task: at most one per core at a time in this process
    (a task waits for one), and kept with its loaded pipeline for the next task. A pool
    whose task failed is closed, not kept."""
    key = (timeout, f"{work.__module__}:{work.__qualname__}")
    with _slots:
        with _shelf_lock:
            idle = _shelf.get(key, [])
            pool = idle.pop() if idle else ExtractionPool(timeout, processes=1, work=work)
        try:
            yield pool
        except BaseException:
            pool.close()
            raise
        with _shelf_lock:
            _shelf.setdefault(key, []).append(pool)


def prewarm(timeout: float, work: Work = extract_article, count: int | None = None) -> None:
    """Start, in the background, the workers ``borrowed_pool`` will lend for ``count``
    tasks at once (one per core by default), so that they load the pipeline while this
    process does something else (the flow's server starts); a task that borrows one
    waits until it is ready. ``close_pools`` stops them if no task does."""
    count = min(count or MAX_PROCESSES, max(1, min(MAX_PROCESSES, os.cpu_count() or 1)))
    key = (timeout, f"{work.__module__}:{work.__qualname__}")
    with _shelf_lock:
        idle = _shelf.setdefault(key, [])
        for _ in range(count - len(idle)):
            pool = ExtractionPool(timeout, processes=1, work=work)
            pool.warm()
            idle.append(pool)


def close_pools() -> None:
    """Stop the workers of every kept pool (at the end of a run, and at exit)."""
    with _shelf_lock:
        pools = [pool for idle in _shelf.values() for pool in idle]
        _shelf.clear()
    for pool in pools:
        pool.close()


atexit.register(close_pools)


def _exit_with_parent(interval: float = 0.5) -> None:  # pragma: no cover - in the worker
    """A worker busy with an article would outlive a parent killed with SIGKILL until the
    article is done (it notices only when it next reads): a daemon thread ends the worker
    as soon as it has another parent (the parent died and it was adopted)."""
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(interval)
        os._exit(1)

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()


if __name__ == "__main__":  # pragma: no cover - the worker process
    _exit_with_parent()
    _serve(Connection(int(sys.argv[1])), sys.argv[2])
