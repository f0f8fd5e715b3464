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


VARIANTS_FIRST = """---
title: Barn roof falls on farmer
outlet: Lakeside Courier
published: 2024-04-02
---
Tom Varga, 61, died when a barn roof fell on Monday. He is survived by his wife, Maggie.
Dave Pelham, a neighbour, was hurt. Mayor Ana Levine-Cava visited the farm, and county
engineer Maria Lopez-Grant said the beams had rotted.
"""
VARIANTS_SECOND = """---
title: Farm deaths prompt inspections
outlet: Valley Ledger
published: 2024-04-05
---
Thomas Varga's wife, Maggie, thanked the rescuers. David Pelham left the hospital on
Thursday. Levine Cava said the county would inspect old barns, Maria Lopez Grant told
reporters.
"""


def test_spellings_of_one_name_across_articles_are_one_row(
    run: Callable[..., Extraction],
) -> None:
    t = tables(run, VARIANTS_FIRST, VARIANTS_SECOND)
    people = t["people"].set_index("name")
    assert sorted(people.index) == [
        "Ana Levine-Cava",
        "Dave Pelham",
        "Maggie",
        "Maria Lopez-Grant",
        "Tom Varga",
    ]
    assert people.loc["Ana Levine-Cava", "aliases"] == ["Levine Cava"]
    assert people.loc["Dave Pelham", "aliases"] == ["David Pelham"]
    assert people.loc["Maria Lopez-Grant", "aliases"] == ["Maria Lopez Grant"]
    assert people.loc["Tom Varga", "aliases"] == ["Thomas Varga"]
    # the relative named by her given name in both articles is one row
    assert people.loc["Maggie", "description"] == "wife of Tom Varga; wife of Thomas Varga"
    assert people.loc["Maggie", "mention_count"] == 2
    assert t["person_mentions"]["person_id"].nunique() == 5


def test_a_name_one_article_gives_two_people_merges_no_spellings(
    run: Callable[..., Extraction],
) -> None:
    father_and_son = """---
title: Two hurt in barn fire
published: 2024-04-03
---
David Pelham and his son, Dave Pelham, were both hurt in the fire.
"""
    t = tables(run, VARIANTS_FIRST, father_and_son)
    names = sorted(t["people"]["name"])
    assert names.count("Dave Pelham") == 1 and names.count("David Pelham") == 1
    assert t["people"]["person_id"].is_unique


def test_a_name_without_its_middle_name_in_another_article_is_the_same_person(
    run: Callable[..., Extraction],
) -> None:
    first = """---
title: Victims named
published: 2024-06-27
---
The victims were named as Lena Marie Ostrow, 54, and Arlo Kemp, 80.
"""
    second = """---
title: Families mourn
published: 2024-06-28
---
Lena Ostrow was a teacher, her sister said. Arlo Kemp had lived there for 30 years.
"""
    people = tables(run, first, second)["people"].set_index("name")
    assert sorted(people.index) == ["Arlo Kemp", "Lena Marie Ostrow"]
    assert people.loc["Lena Marie Ostrow", "aliases"] == ["Lena Ostrow"]


def test_a_middle_initial_or_a_suffix_with_a_full_stop_across_articles_is_one_person(
    run: Callable[..., Extraction],
) -> None:
    first = """---
title: Aide dies
published: 2024-07-29
---
Frederick Cheney Moss, 75, died on Monday. Arlo Kemp Jr. said he was a friend.
"""
    second = """---
title: Aide remembered
published: 2024-07-30
---
Frederick C. Moss was a quiet man, Arlo Kemp Jr said on Tuesday.
"""
    people = tables(run, first, second)["people"].set_index("name")
    assert sorted(people.index) == ["Arlo Kemp Jr.", "Frederick Cheney Moss"]
    assert people.loc["Frederick Cheney Moss", "aliases"] == ["Frederick C. Moss"]
    assert people.loc["Arlo Kemp Jr.", "aliases"] == ["Arlo Kemp Jr"]


def test_the_last_two_names_of_a_longer_name_in_another_article_are_that_person(
    run: Callable[..., Extraction],
) -> None:
    first = """---
title: Academy head speaks
published: 2024-03-01
---
Academy president Cheryl Boone Ward said the show would go on.
"""
    second = """---
title: Show goes on
published: 2024-03-02
---
Boone Ward said on Friday that the host had been chosen.
"""
    people = tables(run, first, second)["people"].set_index("name")
    assert list(people.index) == ["Cheryl Boone Ward"]
    assert people.loc["Cheryl Boone Ward", "aliases"] == ["Boone Ward"]


def test_the_articles_own_outlet_is_no_citation(run: Callable[..., Extraction]) -> None:
    own = """---
title: Pilot speaks
outlet: NBC News (via Mountain Digest)
published: 2024-05-02
---
Michael Ortega told NBC News on Tuesday that the engine had failed. He told Reuters the
same day that he had warned the airline.
"""
    t = tables(run, own)
    assert t["citations"][["source", "cue"]].values.tolist() == [["Reuters", "told"]]
    # a story taken from another outlet still cites it
    taken = own.replace("NBC News (via Mountain Digest)", "Mountain Digest (from NBC News)")
    t = tables(run, taken)
    assert t["citations"][["source", "cue"]].values.tolist() == [
        ["NBC News", "told"],
        ["Reuters", "told"],
    ]
