"""Figures of a whole build at scale; prints them (never asserted in tests).

    python tests/benchmark.py [--articles N] [--large]      (make bench)

A deterministic corpus of N articles (1,000 by default, 10,000 with --large) is written
to a temporary folder: each article recombines paragraphs of real news read at run time
from MEANTIME and ECB+ in ../shared/data (never copied into the repository), under a
publication date that varies over four years. Measured in one run, so the ratios hold
on a noisy machine:
- the floor: bare spaCy ``nlp.pipe`` over the same texts, same model, one process per core;
- ``casefile build`` cold (empty output folder), its ratio to the floor, and its time per
  stage (start: imports and the local Prefect server; ingest, extraction, merge,
  validation, publish);
- a rebuild with nothing changed and one with one article added, as shares of cold, and
  the same two on a Prefect server already running (a scheduled run of ``casefile
  serve``, or a build with PREFECT_API_URL set: no server to start);
- peak memory of all the build's processes together, and articles rejected;
- the cross-article merge alone on the cold build's records, and on 10 times as many
  articles' records (copies with their people renamed), with the quadratic reference
  up to 2,000 articles.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import datetime as dt
import json
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

QUADRATIC_UP_TO = 2_000  # articles: the old quadratic merge is timed only up to this many
OUTLETS = ["Lakeside Courier", "Reuters", "Associated Press", "Valley Herald", "BBC News"]


# --- the corpus --------------------------------------------------------------------------------


def paragraphs() -> list[str]:
    # imported here: the child that times a build imports nothing casefile build does not
    from tests.test_extract_never_raises import shared_data

    data = shared_data()
    found = []
    for folder in (data / "meantime" / "timex", data / "ecbplus" / "docs"):
        for path in sorted(folder.glob("*.txt")):
            lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
            found += [line.strip() for line in lines if len(line.split()) >= 8]
    if not found:
        raise SystemExit(f"no MEANTIME/ECB+ text under {data}")
    return found


def article(n: int, pool: list[str]) -> str:
    """Article n: about 330 words of real paragraphs, a title and a varied date."""
    rng = random.Random(n)
    body: list[str] = []
    while sum(len(p.split()) for p in body) < 330:
        body.append(pool[rng.randrange(len(pool))])
    published = dt.date(2020, 1, 1) + dt.timedelta(days=rng.randrange(4 * 365))
    return (
        f"---\ntitle: Report {n}\noutlet: {OUTLETS[n % len(OUTLETS)]}\n"
        f"published: {published.isoformat()}\n---\n" + "\n\n".join(body) + "\n"
    )


def write_corpus(raw: Path, count: int, pool: list[str]) -> list[str]:
    raw.mkdir(parents=True, exist_ok=True)
    texts = []
    for n in range(count):
        text = article(n, pool)
        (raw / f"{n:05d}.md").write_text(text, encoding="utf-8")
        texts.append(text.split("---\n", 2)[2])
    return texts


# --- one build in its own process, its memory sampled --------------------------------------


def one_build(raw: Path, out: Path) -> None:
    """In a child process: run what ``casefile build`` runs (its own server start, the
    workers loading meanwhile, the flow) and print the time of each stage's end as JSON."""
    start = time.perf_counter()
    marks: dict[str, float] = {}

    from flows import head_start
    from flows.cli import build

    marks["import"] = time.perf_counter() - start

    def listener(stage: str, done: int, total: int) -> None:
        marks.setdefault(f"first {stage}", time.perf_counter() - start)
        marks[stage] = time.perf_counter() - start

    launch = head_start.head_start

    def launch_then_listen(*args: Any, **kwargs: Any) -> head_start.HeadStart:
        """The listener is added once the server is launched, as the CLI imports the
        flow only then."""
        started = launch(*args, **kwargs)
        from flows.build import add_progress_listener

        add_progress_listener(listener)
        return started

    head_start.head_start = launch_then_listen  # type: ignore[assignment]
    with contextlib.redirect_stdout(sys.stderr):  # its table of row counts
        build(raw=raw, out=out)
    marks["end"] = time.perf_counter() - start
    print("MARKS " + json.dumps(marks))


def tree_rss(pid: int) -> int:
    import psutil

    try:
        root = psutil.Process(pid)
        total = root.memory_info().rss
        for child in root.children(recursive=True):
            with contextlib.suppress(psutil.Error):
                total += child.memory_info().rss
        return total
    except psutil.Error:
        return 0


def timed_build(
    raw: Path, out: Path, api_url: str | None = None
) -> tuple[float, dict[str, float], int]:
    """(wall seconds, stage ends, peak bytes of the process tree) of one build; on the
    server at ``api_url`` when given, else on the local server it starts."""
    started = time.perf_counter()
    env = {**os.environ, "PREFECT_LOGGING_LEVEL": "WARNING"}
    if api_url:
        env["PREFECT_API_URL"] = api_url
    else:
        env.pop("PREFECT_API_URL", None)
    child = subprocess.Popen(
        [sys.executable, __file__, "--one-build", str(raw), str(out)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=env,
    )
    peak = 0
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not stop.is_set():
            peak = max(peak, tree_rss(child.pid))
            stop.wait(0.25)

    sampler = threading.Thread(target=sample)
    sampler.start()
    output, _ = child.communicate()
    stop.set()
    sampler.join()
    wall = time.perf_counter() - started
    if child.returncode:
        raise SystemExit(f"build failed (exit {child.returncode})")
    line = next(x for x in output.splitlines() if x.startswith("MARKS "))
    return wall, json.loads(line.removeprefix("MARKS ")), peak


def stages(marks: dict[str, float]) -> dict[str, float]:
    order = ["ingest", "extract", "merge", "validate", "publish"]
    out = {"start": marks.get("first ingest", marks["import"])}
    previous = out["start"]
    for stage in order:
        if stage in marks:
            out[stage] = marks[stage] - previous
            previous = marks[stage]
    return out


# --- the floor and the merge -------------------------------------------------------------------


def floor(texts: list[str]) -> float:
    from flows.extract.nlp import load_nlp

    nlp = load_nlp()
    cores = max(1, min(4, os.cpu_count() or 1))
    start = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=16, n_process=cores):
        pass
    return time.perf_counter() - start


def cached_records(raw: Path, out: Path) -> list:  # type: ignore[type-arg]
    from flows.build import _read_cache
    from flows.cache import cache_key, extractor_fingerprint
    from flows.ingest import list_raw_files, read_article

    fingerprint = extractor_fingerprint()
    records = []
    for path in list_raw_files(raw):
        a = read_article(path)
        x = _read_cache(out / ".cache" / "extract" / f"{cache_key(a, fingerprint)}.json")
        if x is not None:
            records.append((a, x))
    return records


def copies(records: list, times: int) -> list:  # type: ignore[type-arg]
    """``times`` copies of the records, each copy's articles renamed and its people's
    surnames spelled differently ("Lee" -> "Leeb"), so copies share no one."""
    from flows.extract.records import Participant

    out = []
    for c in range(times):
        tag = "".join(chr(ord("a") + int(d)) for d in str(c)) if c else ""
        for a, x in records:
            people = [replace(p, name=p.name + tag) for p in x.people]
            events = [
                replace(
                    e,
                    participants=[
                        Participant(p.name + tag, p.role, p.evidence) for p in e.participants
                    ],
                )
                for e in x.events
            ]
            article = replace(
                a, article_id=f"{a.article_id}-{c}", source_file=f"{c}-{a.source_file}"
            )
            out.append((article, replace(x, people=people, events=events)))
    return out


def time_merge(records: list, reference: bool) -> float:  # type: ignore[type-arg]
    from flows.merge import build_tables

    start = time.perf_counter()
    if reference:
        from tests.test_merge_index import quadratic_rules

        with quadratic_rules():
            build_tables(records)
    else:
        build_tables(records)
    return time.perf_counter() - start


# --- the run -----------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=1000, help="articles in the corpus")
    parser.add_argument("--large", action="store_true", help="10,000 articles")
    parser.add_argument("--one-build", nargs=2, type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one_build:
        one_build(*args.one_build)
        return
    count = 10_000 if args.large else args.articles
    pool = paragraphs()
    with tempfile.TemporaryDirectory(prefix="casefile-bench-") as tmp:
        raw, out = Path(tmp) / "raw", Path(tmp) / "out"
        texts = write_corpus(raw, count, pool)
        words = sum(len(t.split()) for t in texts)
        print(f"corpus: {count:,} articles, {words:,} words (real MEANTIME/ECB+ paragraphs)")
        bare = floor(texts)
        print(f"floor, bare nlp.pipe ({min(4, os.cpu_count() or 1)} processes): {bare:8.1f} s")

        cold, cold_marks, cold_peak = timed_build(raw, out)
        print(f"cold build              : {cold:8.1f} s, {bare / cold:.2f} of the floor")
        same, same_marks, same_peak = timed_build(raw, out)
        print(f"rebuild, nothing changed: {same:8.1f} s, {same / cold:.1%} of cold")
        (raw / "zz-added.md").write_text(article(count, pool), encoding="utf-8")
        added, added_marks, added_peak = timed_build(raw, out)
        print(
            f"rebuild, one added      : {added:8.1f} s, {added / cold:.1%} of cold, "
            f"{added - same:+.1f} s on nothing changed"
        )
        # A scheduled run of `casefile serve` (or a build with PREFECT_API_URL set) finds
        # its server running: the same rebuilds without the server's start.
        from flows.server import local_server

        with local_server(Path(tmp) / "prefect", ui=False, scheduler=False) as running:
            served_same, _, _ = timed_build(raw, out, running.api_url)
            (raw / "zz-added-2.md").write_text(article(count + 1, pool), encoding="utf-8")
            served_added, _, _ = timed_build(raw, out, running.api_url)
        print(
            f"on a running server     : nothing changed {served_same:.1f} s "
            f"({served_same / cold:.1%} of cold), one added {served_added:.1f} s "
            f"({served_added - served_same:+.1f} s)"
        )
        peak = max(cold_peak, same_peak, added_peak)
        print(f"peak memory, all processes together: {peak / 2**30:.2f} GiB")
        with (out / "rejected.csv").open(encoding="utf-8") as f:
            rejected = list(csv.DictReader(f))
        print(f"articles rejected       : {len(rejected)}")
        for row in rejected[:5]:
            print(f"  {row['source_file']}: {row['reason']}")
        print("seconds per stage       :   cold   no-change   one-added")
        rows = [stages(m) for m in (cold_marks, same_marks, added_marks)]
        for stage in ["start", "ingest", "extract", "merge", "validate", "publish"]:
            print(f"  {stage:22}: " + "".join(f"{r.get(stage, 0.0):8.1f}   " for r in rows))

        records = cached_records(raw, out)
        indexed = time_merge(records, reference=False)
        if len(records) <= QUADRATIC_UP_TO:
            quadratic = time_merge(records, reference=True)
            print(
                f"merge of {len(records):,} articles: {indexed:.2f} s indexed, "
                f"{quadratic:.2f} s quadratic ({quadratic / indexed:.1f}x)"
            )
        else:  # the quadratic rules would take many minutes here
            print(f"merge of {len(records):,} articles: {indexed:.2f} s indexed")
        many = copies(records, 10)
        print(f"merge of {len(many):,} articles' records: {time_merge(many, False):.2f} s indexed")


if __name__ == "__main__":
    main()
