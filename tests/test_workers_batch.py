"""A worker parses a batch of articles with one nlp.pipe: the same records as one by one."""

from pathlib import Path

from flows.extract.article import extract
from flows.ingest import read_article
from flows.workers import extract_articles

ROOT = Path(__file__).resolve().parent.parent


def test_a_batch_parsed_with_one_pipe_yields_what_each_article_yields_alone() -> None:
    paths = sorted((ROOT / "tests" / "fixtures" / "eval").glob("*.txt"))[:6]
    articles = [read_article(p) for p in paths]
    jobs = [(a.body, a.published_date) for a in articles]
    batched = extract_articles(jobs)
    alone = [extract(body, published) for body, published in jobs]
    assert [x.to_dict() for x in batched] == [x.to_dict() for x in alone]  # type: ignore[union-attr]
    assert sum(len(x.events) for x in alone) > 10
