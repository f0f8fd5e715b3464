"""Extraction never raises on real news text (no article is lost to a bug).

Hypothesis recombines paragraphs of real articles, read at run time from MEANTIME and
ECB+ in ../shared/data (see ``shared_data``; never copied here, and
the test skips when the folder is absent), mostly with a day of the month that some years,
or all, do not have, under a publication date or none, and asserts that ``extract``
returns records.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from functools import lru_cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from flows.extract.article import extract
from flows.extract.dates import find_dates
from flows.extract.records import Extraction

ROOT = Path(__file__).resolve().parent.parent


# ../shared/data beside the checkout (or beside the folder of a git worktree)
def shared_data() -> Path:
    """The folder CASEFILE_DATA names, else ../shared/data beside the checkout (or beside
    the folder of a git worktree)."""
    if os.environ.get("CASEFILE_DATA"):
        return Path(os.environ["CASEFILE_DATA"])
    near = [ROOT.parent / "shared" / "data", ROOT.parent.parent / "shared" / "data"]
    return next((d for d in near if d.is_dir()), near[0])


DATA = shared_data()
SOURCES = [DATA / "meantime" / "timex", DATA / "ecbplus" / "docs"]
MONTHS = ["Feb.", "February", "April", "Nov."]
MONTH_DAY = re.compile(
    r"\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.? \d{1,2}\b(?!,? \d{4})"
)


@lru_cache(maxsize=1)
def paragraphs() -> tuple[str, ...]:
    """Every non-empty line of every article text (each line is a paragraph there)."""
    found = []
    for folder in SOURCES:
        for path in sorted(folder.glob("*.txt")):
            text = path.read_text(encoding="utf-8", errors="replace")
            found += [line.strip() for line in text.splitlines() if line.strip()]
    return tuple(found)


needs_data = pytest.mark.skipif(
    not all(folder.is_dir() for folder in SOURCES), reason=f"no MEANTIME/ECB+ under {DATA}"
)


@st.composite
def articles(draw: st.DrawFn) -> tuple[str, dt.date | None]:
    pool = paragraphs()
    chosen = draw(st.lists(st.integers(0, len(pool) - 1), min_size=1, max_size=6))
    separator = draw(st.sampled_from(["\n\n", "\n", " "]))
    text = separator.join(pool[i] for i in chosen)
    if draw(st.integers(0, 3)) < 3:  # a day of the month that some years, or all, do not have
        day = f"{draw(st.sampled_from(MONTHS))} {draw(st.sampled_from(['29', '30', '31']))}"
        found = list(MONTH_DAY.finditer(text))
        if found:
            m = found[draw(st.integers(0, len(found) - 1))]
            text = text[: m.start()] + day + text[m.end() :]
        else:
            text += f" It happened on {day}."
    published = draw(st.dates(dt.date(1900, 1, 1), dt.date(2100, 12, 31)) | st.none())
    return text, published


@needs_data
@settings(
    max_examples=60,
    deadline=None,
    derandomize=True,  # the same examples every run: a failure is reproducible
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(articles())
def test_extraction_of_recombined_real_paragraphs_never_raises(
    article: tuple[str, dt.date | None],
) -> None:
    text, published = article
    extraction = extract(text, published)
    assert isinstance(extraction, Extraction)
    for expr in extraction.dates:  # offsets index the text
        assert text[expr.start : expr.end] == expr.text


@pytest.mark.parametrize(
    ("text", "published", "value"),
    [
        # 2023 has no Feb. 29: the last one before publication (this crashed in _with_year)
        ("The deal was signed on Feb. 29.", dt.date(2023, 5, 1), "2020-02-29"),
        ("The hearing will be held on Feb. 29.", dt.date(2023, 5, 1), "2024-02-29"),
        # published in January of a leap year: that year's Feb. 29 is still to come
        ("The deal was signed on Feb. 29.", dt.date(2024, 1, 10), "2020-02-29"),
        ("The deal was signed on Feb. 29.", dt.date(2024, 3, 10), "2024-02-29"),
        # 1900 was no leap year: eight years between Feb. 29s
        ("The deal was signed on Feb. 29.", dt.date(1903, 6, 1), "1896-02-29"),
    ],
)
def test_a_day_the_publication_year_lacks_is_dated_in_the_nearest_year_that_has_it(
    text: str, published: dt.date, value: str
) -> None:
    (expr,) = [d for d in find_dates(text, published) if d.kind == "date"]
    assert (expr.text, expr.value, expr.precision) == ("Feb. 29", value, "day")
