"""Workers started ahead (while the server starts) are the ones the tasks then borrow."""

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from flows import workers
from flows.build import _write_cache
from flows.cache import cache_key, cache_path, extractor_fingerprint
from flows.extract.records import Extraction
from flows.head_start import prewarm_extraction
from flows.ingest import read_article
from tests.test_bad_input import misbehaving_extract

ARTICLES = Path(__file__).resolve().parent / "articles"


@pytest.fixture(autouse=True)
def no_kept_pools() -> Iterator[None]:
    workers.close_pools()
    yield
    workers.close_pools()


def kept(work: workers.Work = workers.extract_article) -> list[workers.ExtractionPool]:
    return [
        pool
        for (_, name), pools in workers._shelf.items()
        for pool in pools
        if name == f"{work.__module__}:{work.__qualname__}"
    ]


def test_a_task_borrows_the_prewarmed_worker_and_its_time_limit_still_holds() -> None:
    workers.prewarm(5, misbehaving_extract, count=1)
    [warmed] = kept(misbehaving_extract)
    jobs: list[tuple[str, dt.date | None]] = [
        ("Jane Roe was charged.", None),
        ("HANG here.", None),
        ("Jane Roe was convicted.", None),
    ]
    with workers.borrowed_pool(5, misbehaving_extract) as pool:
        assert pool is warmed
        results = pool.run(jobs, batch_size=3)
    assert results[1] == "extraction took longer than 5 s (not retried)"
    assert [e.event_type for r in (results[0], results[2]) for e in r.events] == [  # type: ignore[union-attr]
        "charge",
        "conviction",
    ]


def test_a_prewarmed_worker_that_cannot_start_fails_the_task_that_borrows_it() -> None:
    def local(body: str, published: dt.date | None) -> Extraction:  # no name a worker finds
        raise AssertionError("never called")

    workers.prewarm(5, local, count=1)
    with (
        pytest.raises(workers.WorkerStartupError, match="extraction worker cannot start"),
        workers.borrowed_pool(5, local) as pool,
    ):
        pool.run([("Jane Roe was charged.", None)])
    assert kept(local) == []  # closed, not kept for the next task


def test_workers_are_prewarmed_only_when_an_article_has_no_cached_extraction(
    tmp_path: Path,
) -> None:
    raw, out = tmp_path / "raw", tmp_path / "out"
    raw.mkdir()
    (raw / "okafor.txt").write_bytes((ARTICLES / "okafor.txt").read_bytes())
    article = read_article(raw / "okafor.txt")
    key = cache_key(article, extractor_fingerprint())
    _write_cache(cache_path(out / ".cache", key), Extraction())

    prewarm_extraction(raw, out, 30).join()
    assert kept() == []

    (raw / "velasquez.txt").write_bytes((ARTICLES / "velasquez.txt").read_bytes())
    prewarm_extraction(raw, out, 30).join()
    assert len(kept()) == 1  # one batch to extract: one worker


def test_a_configured_server_is_used_and_no_local_one_is_launched(
    prefect_harness: None, tmp_path: Path
) -> None:
    """With PREFECT_API_URL set (here, the session's server) the head start launches no
    server of its own: runs go to the team's server."""
    from flows.head_start import head_start

    early = head_start(tmp_path / "raw", tmp_path / "out", 30, warm=False)
    assert early.server is None and early.warming is None
