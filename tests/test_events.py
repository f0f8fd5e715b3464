"""Events: typed, dated from their own clause, one row per real event."""

import datetime as dt
from collections.abc import Callable

import pytest

from flows.extract.records import Extraction
from flows.ingest import read_article
from tests.conftest import ARTICLES


def rows(x: Extraction) -> list[tuple[str, str | None, list[tuple[str, str]]]]:
    return [
        (e.event_type, e.event_date, sorted((p.name, p.role) for p in e.participants))
        for e in x.events
    ]


def test_seed_shooting_is_one_event_dated_2021_10_21(seed_extraction: Extraction) -> None:
    shootings = [e for e in seed_extraction.events if e.event_type == "shooting"]
    assert len(shootings) == 1
    (shooting,) = shootings
    assert (shooting.event_date, shooting.date_precision) == ("2021-10-21", "day")
    assert sorted((p.name, p.role) for p in shooting.participants) == [
        ("Alec Baldwin", "shooter"),
        ("Halyna Hutchins", "victim"),
        ("Joel Souza", "injured"),
    ]
    assert shooting.location == "New Mexico"


def test_seed_events_and_their_dates(seed_extraction: Extraction) -> None:
    assert [(e.event_type, e.event_date) for e in seed_extraction.events] == [
        ("shooting", "2021-10-21"),
        ("charge", None),  # the CBS News report's date is not the charge's
        ("conviction", "2024-03"),
        ("sentencing", None),  # "convicted in March 2024 and sentenced": March is the conviction's
        ("dismissal", "2024-07"),
        ("production resumed", "2023"),
        ("lawsuit", None),
        ("walkout", "2021-10-20"),  # the day before the incident
        ("safety failure", "2021-10-21"),  # on the day of the shooting
        ("safety failure", None),
        ("premiere", "2024-11"),
    ]
    dates = {e.event_date for e in seed_extraction.events}
    assert not dates & {"2024-12-23", "2025-03-11"}  # dates of cited reports


def test_seed_legal_events_name_their_defendants(seed_extraction: Extraction) -> None:
    legal = {"charge", "conviction", "sentencing", "dismissal"}
    assert [r for r in rows(seed_extraction) if r[0] in legal] == [
        ("charge", None, [("Alec Baldwin", "defendant"), ("Hannah Gutierrez-Reed", "defendant")]),
        ("conviction", "2024-03", [("Hannah Gutierrez-Reed", "defendant")]),
        ("sentencing", None, [("Hannah Gutierrez-Reed", "defendant")]),
        ("dismissal", "2024-07", [("Alec Baldwin", "defendant")]),  # "Baldwin's case"
    ]


def test_cited_report_date_is_not_the_event_date(run: Callable[..., Extraction]) -> None:
    article = read_article(ARTICLES / "velasquez.txt")
    x = run(article.body, article.published_date)
    assert rows(x) == [
        ("death", "2022-03-03", [("Marta Velasquez", "victim")]),
        ("lawsuit", None, [("Luis Velasquez", "plaintiff")]),
        ("charge", None, [("Owen Tribble", "defendant")]),  # not 2023-05-02, Reuters' date
        ("conviction", "2024-06", [("Owen Tribble", "defendant")]),
        ("sentencing", None, [("Owen Tribble", "defendant")]),  # June is the conviction's
        ("premiere", "2025", []),
    ]


def test_publication_relative_date_dates_the_event(run: Callable[..., Extraction]) -> None:
    article = read_article(ARTICLES / "okafor.txt")
    x = run(article.body, article.published_date)
    assert rows(x) == [
        ("arrest", "2024-01-09", [("Daniel Okafor", "defendant")]),  # Tuesday before Jan 12
        ("production halted", None, []),
        ("walkout", None, []),  # "the day before the crash": the crash has no date
    ]
    assert x.events[0].date_resolution == "publication-relative"


def test_event_relative_date_resolves_against_the_named_event(
    run: Callable[..., Extraction],
) -> None:
    text = (
        "A gunman shot Ray Dunmore on June 3, 2019, outside a bar in Tulsa.\n\n"
        "Two bartenders walked out the day before the shooting over unpaid wages."
    )
    x = run(text)
    assert [(e.event_type, e.event_date, e.date_resolution) for e in x.events] == [
        ("shooting", "2019-06-03", "explicit"),
        ("walkout", "2019-06-02", "event-relative"),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Rhys Tolland has not been charged with any crime.", []),
        ("If convicted, Rhys Tolland faces ten years in prison.", []),
        ("His lawyer said Rhys Tolland would appeal.", []),
        ("Rhys Tolland plans to sue the city.", []),
        ("A jury convicted Rhys Tolland on May 3, 2022.", [("conviction", "2022-05-03")]),
        ("Tolland's firm collapsed in 2022.", []),  # a business, not an accident
        ("The stage collapsed on June 2, 2022.", [("accident", "2022-06-02")]),
        ("Her blood sugar crash was caused by diabetes.", []),
        ("Prosecutors argued the bullet was loaded by accident.", []),
        ("He was poisoned by carbon monoxide.", [("injury", None)]),
        ("She filed a notice of appeal on January 17, 2025.", [("appeal", "2025-01-17")]),
        ("The settlement was reached on March 10, 2025.", [("settlement", "2025-03-10")]),
        (
            "The studio said in a statement on May 3, 2024 that it was cooperating.",
            [("statement", "2024-05-03")],
        ),
        ("Chief Ana Ruiz stepped down in June 2023.", [("resignation", "2023-06")]),
        ("The documentary was released in May 2024.", [("release", "2024-05")]),
        ("Dario Velez was released from prison in 2020.", []),  # set free, not a release
        ("Hundreds marched through downtown on March 3, 2024.", [("protest", "2024-03-03")]),
        ("He has always protested his innocence.", []),
    ],
)
def test_only_events_the_text_says_happened(
    run: Callable[..., Extraction], text: str, expected: list[tuple[str, str | None]]
) -> None:
    assert [(e.event_type, e.event_date) for e in run(text).events] == expected


def test_a_noun_event_does_not_borrow_the_date_of_the_verb_governing_it(
    run: Callable[..., Extraction],
) -> None:
    text = (
        "Students walked out on Tuesday to protest the shooting of Dario Velez.\n\n"
        "Officer Kay Brandt shot Dario Velez on December 21, 2024."
    )
    x = run(text, dt.date(2025, 3, 12))
    assert {e.event_type: e.event_date for e in x.events} == {
        "walkout": "2025-03-11",  # walking out to protest is one walkout, not two events
        "shooting": "2024-12-21",
    }


def test_that_night_takes_the_date_before_it_over_a_later_one(
    run: Callable[..., Extraction],
) -> None:
    text = (
        "The crash happened on August 4, 2023. Nell Avery was arrested that night, but "
        "prosecutors declined to file charges in October 2023."
    )
    arrest = next(e for e in run(text).events if e.event_type == "arrest")
    assert (arrest.event_date, arrest.date_resolution) == ("2023-08-04", "event-relative")
