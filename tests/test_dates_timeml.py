"""TimeML values beyond day, month and year (issue 14): weeks, weekends, quarters, halves,
seasons, decades, centuries and references to the present, past and future; which of them
may date a published event or citation; and how the release checks and shows them.

Each test is a short article of our own (invented names), published on Wednesday
2025-03-12 (ISO week 2025-W11) unless it says otherwise."""

import datetime as dt
from collections.abc import Callable

import pandas as pd
import pytest

from flows.extract.dates import find_dates, publishable, span_of
from flows.extract.records import Extraction
from flows.release.site import TimelineEvent, timeline_html
from schemas.checks import date_matches_precision

PUBLISHED = dt.date(2025, 3, 12)


def found(text: str, published: dt.date | None = PUBLISHED) -> list[tuple]:
    return [
        (e.text, e.kind, e.value, e.precision, e.date_start, e.date_end)
        for e in find_dates(text, published)
    ]


def test_weeks_are_iso_weeks_and_a_weekend_is_its_saturday_and_sunday() -> None:
    text = (
        "Mara Quint resigned last week. The board meets this week and next week. "
        "Two inspectors visited over the weekend. Sales fell in the last week of February."
    )
    assert found(text) == [
        ("last week", "date", "2025-W10", "week", "2025-03-03", "2025-03-09"),
        ("this week", "date", "2025-W11", "week", "2025-03-10", "2025-03-16"),
        ("next week", "date", "2025-W12", "week", "2025-03-17", "2025-03-23"),
        ("over the weekend", "date", "2025-W10-WE", "weekend", "2025-03-08", "2025-03-09"),
        # the week of February's last Thursday (the 27th): Feb 24 - Mar 2
        ("the last week of February", "date", "2025-W09", "week", "2025-02-24", "2025-03-02"),
    ]


def test_a_weekend_still_to_come_is_the_coming_one() -> None:
    assert found("The vigil will be held this weekend.") == [
        ("this weekend", "date", "2025-W11-WE", "weekend", "2025-03-15", "2025-03-16"),
    ]


def test_quarters_and_halves() -> None:
    text = (
        "Orlen Freight lost money in the fourth quarter of 2024 and in the first quarter of "
        "last year. Its third-quarter results were better, and last quarter it hired. "
        "Revenue rose in Q2 2023 and in the first half of 2022."
    )
    assert found(text) == [
        ("the fourth quarter of 2024", "date", "2024-Q4", "quarter", "2024-10-01", "2024-12-31"),
        (
            "the first quarter of last year",
            "date",
            "2024-Q1",
            "quarter",
            "2024-01-01",
            "2024-03-31",
        ),
        # no year given: the latest third quarter begun by publication
        ("third-quarter", "date", "2024-Q3", "quarter", "2024-07-01", "2024-09-30"),
        ("last quarter", "date", "2024-Q4", "quarter", "2024-10-01", "2024-12-31"),
        ("Q2 2023", "date", "2023-Q2", "quarter", "2023-04-01", "2023-06-30"),
        ("the first half of 2022", "date", "2022-H1", "half", "2022-01-01", "2022-06-30"),
    ]


def test_a_fiscal_quarter_and_a_quarter_of_a_game_are_not_calendar_quarters() -> None:
    text = "Its fiscal third quarter was weak. Ivo Brandt scored in the fourth quarter of the game."
    assert found(text) == []


def test_seasons_with_and_without_a_year() -> None:
    text = (
        "The mill closed last summer and will reopen in spring. It flooded in the winter of "
        "2023. A worker was injured in the fall."  # an accident, not autumn
    )
    assert found(text) == [
        ("last summer", "date", "2024-SU", "season", "2024-06-01", "2024-08-31"),
        # the future: the first spring not yet over
        ("in spring", "date", "2025-SP", "season", "2025-03-01", "2025-05-31"),
        ("winter of 2023", "date", "2023-WI", "season", "2023-12-01", "2024-02-29"),
    ]


def test_decades_and_centuries() -> None:
    text = (
        "Petra Lund built cars in the 1990s and the '80s, on a farm settled in the 1800s. "
        "The 20th century ended; the twenty-first century began. She is in her 70s, and "
        "temperatures were in the 70s."  # an age and a temperature, not decades
    )
    assert found(text) == [
        ("1990s", "date", "199", "decade", "1990-01-01", "1999-12-31"),
        ("the '80s", "date", "198", "decade", "1980-01-01", "1989-12-31"),
        ("1800s", "date", "18", "century", "1800-01-01", "1899-12-31"),
        ("The 20th century", "date", "19", "century", "1900-01-01", "1999-12-31"),
        ("the twenty-first century", "date", "20", "century", "2000-01-01", "2099-12-31"),
    ]


def test_references_to_the_present_past_and_future_have_no_calendar_span() -> None:
    text = (
        "The plant is now idle and currently for sale. It recently lost a contract, as it "
        "had in the past. A buyer may come soon, in the near future."
    )
    assert found(text) == [
        ("now", "date", "PRESENT_REF", "reference", None, None),
        ("currently", "date", "PRESENT_REF", "reference", None, None),
        ("recently", "date", "PAST_REF", "reference", None, None),
        ("in the past", "date", "PAST_REF", "reference", None, None),
        ("soon", "date", "FUTURE_REF", "reference", None, None),
        ("in the near future", "date", "FUTURE_REF", "reference", None, None),
    ]


def test_words_that_only_look_like_references() -> None:
    text = "Call as soon as you can. The now-defunct firm closed. It reopens two years from now."
    assert found(text) == [("two years", "duration", None, None, None, None)]


def test_a_market_report_ended_the_day_on_the_day_it_named() -> None:
    text = "Stocks rose on Monday. The index ended the day at 900 and fell later in the day."
    assert [(e.text, e.value) for e in find_dates(text, PUBLISHED)] == [
        ("Monday", "2025-03-10"),
        ("the day", "2025-03-10"),
        ("later in the day", "2025-03-10"),
    ]


def test_a_span_after_a_clause_is_a_duration() -> None:
    text = "Five years after Rolf Ekker founded the firm, it failed."
    assert found(text) == [("Five years after", "duration", None, None, None, None)]


@pytest.mark.parametrize(
    ("value", "first", "last", "precision"),
    [
        ("2025-W01", dt.date(2024, 12, 30), dt.date(2025, 1, 5), "week"),
        ("2020-W53", dt.date(2020, 12, 28), dt.date(2021, 1, 3), "week"),
        ("2024-Q1", dt.date(2024, 1, 1), dt.date(2024, 3, 31), "quarter"),
        ("2024-H2", dt.date(2024, 7, 1), dt.date(2024, 12, 31), "half"),
        ("2024-WI", dt.date(2024, 12, 1), dt.date(2025, 2, 28), "season"),
        ("202", dt.date(2020, 1, 1), dt.date(2029, 12, 31), "decade"),
        ("20", dt.date(2000, 1, 1), dt.date(2099, 12, 31), "century"),
    ],
)
def test_spans_of_the_new_values(value: str, first: dt.date, last: dt.date, precision: str) -> None:
    assert span_of(value) == (first, last, precision)


def test_what_may_date_a_published_record() -> None:
    text = "It fell last week, over the weekend, last summer, in the 1990s, the 20th century, now."
    published = [publishable(e) for e in find_dates(text, PUBLISHED)]
    assert [(p.value, p.precision, p.date_start, p.date_end) if p else None for p in published] == [
        ("2025-W10", "week", "2025-03-03", "2025-03-09"),
        ("2025-W10", "week", "2025-03-03", "2025-03-09"),  # the weekend's week
        ("2024", "year", "2024-01-01", "2024-12-31"),  # a season: its year
        ("199", "decade", "1990-01-01", "1999-12-31"),
        None,  # a century is too coarse to publish
        None,  # "now" is no date
    ]


def event_rows(x: Extraction) -> list[tuple]:
    return [
        (e.event_type, e.event_date, e.date_precision, e.date_start, e.date_end) for e in x.events
    ]


def test_last_week_dates_an_event_as_a_week_never_a_month(run: Callable[..., Extraction]) -> None:
    x = run("Police arrested Dario Fenwick last week.", PUBLISHED)
    assert event_rows(x) == [("arrest", "2025-W10", "week", "2025-03-03", "2025-03-09")]


def test_a_quarter_dates_an_event(run: Callable[..., Extraction]) -> None:
    x = run("Hollis Marren was charged in the first quarter of 2024.", PUBLISHED)
    assert event_rows(x) == [("charge", "2024-Q1", "quarter", "2024-01-01", "2024-03-31")]


def test_recently_or_now_never_dates_an_event(run: Callable[..., Extraction]) -> None:
    x = run("Lena Voss was recently charged with fraud. Now Abel Kord was arrested.", PUBLISHED)
    assert event_rows(x) == [("charge", None, None, None, None), ("arrest", None, None, None, None)]


def test_a_citation_is_dated_by_its_week(run: Callable[..., Extraction]) -> None:
    x = run("According to a report released last week, the bridge was unsafe.", PUBLISHED)
    assert [(c.source, c.cited_date, c.cited_date_precision) for c in x.citations] == [
        ("report", "2025-W10", "week")
    ]


def test_the_release_checks_accept_weeks_quarters_and_decades_at_their_precision() -> None:
    frame = pd.DataFrame(
        {
            "event_date": ["2025-W10", "2020-W53", "2024-Q1", "199", "2025-W53", "2024-Q5", "2024"],
            "date_precision": ["week", "week", "quarter", "decade", "week", "quarter", "decade"],
        }
    )
    # 2025 has no week 53; there is no fifth quarter; a year is not a decade
    assert date_matches_precision(frame).tolist() == [True, True, True, True, False, False, False]


def test_the_release_page_shows_weeks_quarters_and_decades_on_the_timeline() -> None:
    events = [
        TimelineEvent(
            event_id=f"e{i}",
            event_type="arrest",
            event_date=value,
            precision=precision,
            start=span_of(value)[0],
            end=span_of(value)[1],
            summary="arrested",
            people=[],
            outlets=[],
        )
        for i, (value, precision) in enumerate(
            [("2025-W10", "week"), ("2024-Q1", "quarter"), ("199", "decade")]
        )
    ]
    svg = timeline_html(events)
    assert "2025-W10 · arrest · some day that week" in svg
    assert "2024-Q1 · arrest · some day that quarter" in svg
    assert "199 · arrest · some year that decade" in svg
    assert svg.count('class="mark span"') == 3


def test_a_part_of_the_day_a_short_year_and_named_days() -> None:
    text = (
        "Nikkei shares hit their lowest level since '82 this morning. Black Monday and Good "
        "Friday are names of days, not dates."
    )
    assert found(text) == [
        ("'82", "date", "1982", "year", "1982-01-01", "1982-12-31"),
        ("this morning", "date", "2025-03-12TMO", "part of day", "2025-03-12", "2025-03-12"),
    ]
    (morning,) = [publishable(e) for e in find_dates("It fell this morning.", PUBLISHED)]
    assert morning is not None
    assert (morning.value, morning.precision) == ("2025-03-12", "day")


def test_the_year_previous_is_the_year_before_the_date_before_it() -> None:
    (expr,) = find_dates("Costs were $9 billion, $2 billion less than the year previous.", None)
    assert (expr.text, expr.anchor) == ("the year previous", "-1 years|previous")


def test_by_that_time_is_the_date_before_it() -> None:
    exprs = find_dates("The sale closes by June 10. If no price is agreed by that time, it ends.")
    assert [(e.text, e.anchor) for e in exprs] == [
        ("June 10", None),
        ("that time", "0 days|previous"),
    ]


def test_a_quarter_of_a_game_is_no_date() -> None:
    text = "The Hawks rallied in the fourth quarter behind Tomas Reyl's 30 points."
    assert found(text) == []
    text = "The team's late 1980's run ended; its third-quarter profit fell."
    assert [(e.text, e.value) for e in find_dates(text, PUBLISHED)] == [("late 1980", "198")]
