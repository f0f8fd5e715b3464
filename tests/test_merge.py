"""Merging across articles: one row per real person and per real event."""

from collections.abc import Callable

import pandas as pd

from flows.extract.records import Extraction
from flows.ingest import parse_article
from flows.merge import build_tables
from schemas import validate_tables

FIRST = """---
title: Mayor's aide arrested
outlet: Lakeside Courier
published: 2023-09-08
---
Police arrested Gideon Marsh on September 6, 2023, at his office in Fairhaven. Marsh was
charged with embezzlement, according to the Associated Press.
"""
SECOND = """---
title: Aide held over missing funds
outlet: Reuters
published: 2023-09-10
---
Gideon Marsh, a former aide to the mayor, was arrested on September 6, 2023. Prosecutor
Ines Marsh, who is not related to him, said the case was strong.
"""


def tables(run: Callable[..., Extraction], *texts: str) -> dict[str, pd.DataFrame]:
    records = []
    for n, text in enumerate(texts):
        article = parse_article(text.encode(), f"{n}.txt")
        records.append((article, run(article.body, article.published_date)))
    return validate_tables(build_tables(records))


def test_one_event_in_two_articles_is_one_row_with_two_mentions(
    run: Callable[..., Extraction],
) -> None:
    t = tables(run, FIRST, SECOND)
    arrests = t["events"][t["events"]["event_type"] == "arrest"]
    assert len(arrests) == 1
    (arrest,) = arrests.itertuples()
    assert (arrest.event_date, arrest.mention_count) == ("2023-09-06", 2)
    mentions = t["event_mentions"][t["event_mentions"]["event_id"] == arrest.event_id]
    assert mentions["article_id"].nunique() == 2
    # the two publishers, and AP cited for the charge, not for the arrest
    assert arrest.outlet_count == 2


def test_same_person_in_two_articles_is_one_row_and_surnames_do_not_merge_first_names(
    run: Callable[..., Extraction],
) -> None:
    t = tables(run, FIRST, SECOND)
    people = t["people"].set_index("name")
    assert sorted(people.index) == ["Gideon Marsh", "Ines Marsh"]
    assert people.loc["Gideon Marsh", "mention_count"] == 3  # twice in the first, once after
    assert people.loc["Ines Marsh", "roles"] == ["prosecutor"]
    assert t["person_mentions"]["person_id"].nunique() == 2


def test_ids_do_not_change_when_another_article_is_added(run: Callable[..., Extraction]) -> None:
    alone = tables(run, FIRST)
    both = tables(run, FIRST, SECOND)
    assert set(alone["people"]["person_id"]) <= set(both["people"]["person_id"])
    assert set(alone["citations"]["citation_id"]) <= set(both["citations"]["citation_id"])
    assert set(alone["articles"]["article_id"]) <= set(both["articles"]["article_id"])
