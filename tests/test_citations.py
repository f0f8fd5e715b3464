"""Citations: attributions to a source, with canonical outlet, cited date and claim."""

import datetime as dt
from collections.abc import Callable

import pytest

from flows.extract.records import Extraction
from flows.ingest import read_article
from tests.conftest import ARTICLES


def rows(x: Extraction) -> list[tuple[str, str, str | None, str]]:
    return [(c.source, c.source_type, c.cited_date, c.cue) for c in x.citations]


def test_seed_yields_the_eleven_outlet_citations(seed_extraction: Extraction) -> None:
    assert rows(seed_extraction) == [
        ("CBS News", "outlet", "2024-12-23", "according to"),
        ("People", "outlet", "2025-03-11", "as reported by"),
        ("People", "outlet", "2025-03-11", "as per"),
        ("CBS News", "outlet", "2024-12-23", "according to"),
        ("People", "outlet", "2025-03-11", "as reported in"),
        ("The Guardian", "outlet", "2025-03-11", "according to"),
        ("CBS News", "outlet", None, "as per"),
        ("The Guardian", "outlet", "2025-03-11", "according to"),
        ("CBS News", "outlet", "2024-12-23", "reported"),
        ("Decider", "outlet", "2025-03-11", "confirmed"),
        ("People", "outlet", None, "as per"),
    ]


def test_citation_span_and_claim(seed_body: str, seed_extraction: Extraction) -> None:
    first = seed_extraction.citations[0]
    assert seed_body[first.start : first.end] == (
        "According to a CBS News report from December 23, 2024"
    )
    assert first.claim == (
        "Baldwin and Rust armorer Hannah Gutierrez-Reed were charged with involuntary manslaughter."
    )


def test_other_outlets_aliases_cues_and_date_positions(run: Callable[..., Extraction]) -> None:
    article = read_article(ARTICLES / "velasquez.txt")
    x = run(article.body, article.published_date)
    # "Producer Owen Tribble said ..." is a quote, not a citation
    assert rows(x) == [
        ("Reuters", "outlet", "2023-05-02", "according to"),
        ("Variety", "outlet", None, "as per"),
        ("The Guardian", "outlet", None, "reported"),  # "the Guardian" -> canonical
    ]
    assert x.citations[0].claim == "Tribble was charged with negligent homicide."


def test_told_a_paper_and_a_parenthesised_date(run: Callable[..., Extraction]) -> None:
    article = read_article(ARTICLES / "okafor.txt")
    x = run(article.body, article.published_date)
    assert rows(x) == [
        ("The Boston Globe", "outlet", None, "told"),
        ("Deadline", "outlet", "2024-01-05", "reported"),
    ]
    assert [c.claim for c in x.citations] == [
        "her client was innocent.",
        "production on the series halted for six weeks.",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Reports suggest the crew was tired.", []),
        ("Sources said the crew was tired.", []),
        ("The crew was tired, per AP.", [("Associated Press", "outlet", None, "per")]),
        (
            "The crew was tired, as reported by the Tri-County Ledger on May 4, 2023.",
            [("Tri-County Ledger", "outlet", "2023-05-04", "as reported by")],
        ),
        (
            "According to Sheriff Ana Pruitt, the crew was tired.",
            [("Ana Pruitt", "person", None, "according to")],
        ),
        ("Sheriff Ana Pruitt said the crew was tired.", []),  # a quote, not a citation
        (
            "According to a criminal complaint filed Monday, the crew was tired.",
            [("criminal complaint", "document", None, "according to")],
        ),
        (
            "The crew was tired, per a Bloomberg report from November 2024.",
            [("Bloomberg News", "outlet", "2024-11", "per")],
        ),
        (
            "According to court documents, the crew was tired.",
            [("court documents", "document", None, "according to")],
        ),
        (
            "In an interview with CBS, the driver said he was tired.",
            [("CBS News", "outlet", None, "in an interview with")],
        ),
        (
            "People, on March 11, 2025, reported that the crew was tired.",
            [("People", "outlet", "2025-03-11", "reported")],
        ),
    ],
)
def test_cue_forms(run: Callable[..., Extraction], text: str, expected: list[tuple]) -> None:
    assert rows(run(text)) == expected


def test_a_relative_date_right_after_the_source_is_its_date(
    run: Callable[..., Extraction],
) -> None:
    text = "In an interview with CBS News last year, the driver said he was tired."
    assert rows(run(text, dt.date(2025, 3, 12))) == [
        ("CBS News", "outlet", "2024", "in an interview with")
    ]


@pytest.mark.parametrize(
    ("text", "expected", "phrase"),
    [
        (
            "In a March 3, 2024 report, Reuters said the mill had closed.",
            ("Reuters", "outlet", "2024-03-03", "said"),
            "In a March 3, 2024 report, Reuters said",
        ),
        (
            "On March 3, 2024, the Associated Press reported that the mill had closed.",
            ("Associated Press", "outlet", "2024-03-03", "reported"),
            "On March 3, 2024, the Associated Press reported",
        ),
        (  # the date is the closing's, not the report's
            "The mill closed on March 3, 2024, the Associated Press reported.",
            ("Associated Press", "outlet", None, "reported"),
            "the Associated Press reported",
        ),
        (
            "The mill had closed, TMZ first reported.",
            ("TMZ", "outlet", None, "first reported"),
            "TMZ first reported",
        ),
    ],
)
def test_date_before_the_source_and_first_reported(
    run: Callable[..., Extraction], text: str, expected: tuple, phrase: str
) -> None:
    x = run(text, dt.date(2024, 5, 1))
    assert rows(x) == [expected]
    assert text[x.citations[0].start : x.citations[0].end] == phrase


@pytest.mark.parametrize(
    ("text", "expected", "claim"),
    [
        (
            "The mill had closed, as The Washington Post reported.",
            ("The Washington Post", "outlet", None, "reported"),
            "The mill had closed.",
        ),
        (
            "NBC News, citing two sources, said the mill had closed.",
            ("NBC News", "outlet", None, "said"),
            "the mill had closed.",
        ),
        (
            "A Politico analysis found the mill had closed.",
            ("Politico", "outlet", None, "found"),
            "the mill had closed.",
        ),
        (
            "A Reuters report from May 2, 2024 said the mill had closed.",
            ("Reuters", "outlet", "2024-05-02", "said"),
            "the mill had closed.",
        ),
        (
            "The mill had closed, according to reporting by ProPublica.",
            ("ProPublica", "outlet", None, "reporting by"),
            "The mill had closed.",
        ),
        (
            "Speaking to the BBC, the owner said the mill had closed.",
            ("BBC News", "outlet", None, "speaking to"),
            "the owner said the mill had closed.",
        ),
        (
            "The Wall Street Journal has reported that the mill closed.",
            ("The Wall Street Journal", "outlet", None, "reported"),
            "the mill closed.",
        ),
        ("Speaking to Maria Lopez, the owner said the mill had closed.", None, None),
    ],
)
def test_more_outlet_cue_forms(
    run: Callable[..., Extraction], text: str, expected: tuple | None, claim: str | None
) -> None:
    x = run(text, dt.date(2024, 6, 1))
    assert rows(x) == ([expected] if expected else [])
    assert [c.claim for c in x.citations] == ([claim] if claim else [])


def test_outlets_cited_together_are_each_a_citation(run: Callable[..., Extraction]) -> None:
    text = "The mill closed, as reported by People and Variety on May 2, 2024."
    x = run(text)
    assert rows(x) == [
        ("People", "outlet", "2024-05-02", "as reported by"),
        ("Variety", "outlet", "2024-05-02", "as reported by"),
    ]
    assert [text[c.start : c.end] for c in x.citations] == [
        "as reported by People and Variety on May 2, 2024",
        "Variety",
    ]
    assert {c.claim for c in x.citations} == {"The mill closed."}


def test_call_letters_are_an_outlet_and_the_claim_follows_the_verb(
    run: Callable[..., Extraction],
) -> None:
    x = run("CBS affiliate KRQE reported that the mill had closed.")
    assert rows(x) == [("KRQE", "outlet", None, "reported")]
    assert x.citations[0].claim == "the mill had closed."
