"""Throughput and memory of extraction; prints figures (never asserted in tests).

    python tests/benchmark.py [--copies N]

Measured in one run, so the ratios hold on a noisy machine:
- articles per second, one `extract()` call per article vs `parse_many` over a batch
  (what the flow does), and their ratio;
- the cost of reading an unchanged article back from the extraction cache (JSON)
  relative to extracting it again;
- peak resident memory of the process.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from flows.extract.article import extract, extract_doc  # noqa: E402
from flows.extract.nlp import load_nlp, parse_many  # noqa: E402
from flows.extract.records import Extraction  # noqa: E402
from flows.ingest import list_raw_files, read_article  # noqa: E402


def corpus(copies: int) -> list[tuple[str, object]]:
    paths = list_raw_files(ROOT / "raw") + sorted(
        (ROOT / "tests" / "fixtures" / "eval").glob("*.txt")
    )
    articles = [read_article(p) for p in paths]
    return [(a.body, a.published_date) for a in articles] * copies


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--copies", type=int, default=4, help="times the corpus is repeated")
    args = parser.parse_args(argv)
    texts = corpus(args.copies)
    words = sum(len(body.split()) for body, _ in texts)
    nlp = load_nlp()
    extract(texts[0][0], None, nlp)  # warm up: model loaded, caches filled

    start = time.perf_counter()
    one_by_one = [extract(body, published, nlp) for body, published in texts]  # type: ignore[arg-type]
    single = time.perf_counter() - start

    start = time.perf_counter()
    docs = parse_many(nlp, [body for body, _ in texts])
    batched = [extract_doc(doc, published) for doc, (_, published) in zip(docs, texts, strict=True)]  # type: ignore[arg-type]
    batch = time.perf_counter() - start
    assert [x.to_dict() for x in batched] == [x.to_dict() for x in one_by_one]

    cached = [json.dumps(x.to_dict()) for x in batched]
    start = time.perf_counter()
    for blob in cached:
        Extraction.from_dict(json.loads(blob))
    from_cache = time.perf_counter() - start

    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    rate = len(texts) / single, len(texts) / batch
    print(f"{len(texts)} articles, {words:,} words")
    print(f"one extract() per article : {rate[0]:8.1f} articles/s")
    print(f"parse_many over the batch : {rate[1]:8.1f} articles/s")
    print(f"batch / single throughput : {single / batch:8.2f}x")
    print(f"words per second (batch)  : {words / batch:8.0f}")
    print(f"cache read / extraction   : {from_cache / batch:8.4f} of the time")
    print(f"peak memory (RSS)         : {peak_mib:8.0f} MiB")


if __name__ == "__main__":
    main()
