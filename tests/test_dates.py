import datetime as dt

import pytest

from flows.extract.dates import find_dates, span_of

PUBLISHED = dt.date(2025, 3, 12)  # a Wednesday


def one(text: str, published: dt.date | None = PUBLISHED) -> tuple:
    (expr,) = find_dates(text, published)
    return expr.text, expr.kind, expr.value, expr.precision, expr.resolution


@pytest.mark.parametrize(
    ("text", "value", "precision"),
    [
        ("It happened on October 21, 2021.", "2021-10-21", "day"),
        ("It happened on Oct. 21, 2021.", "2021-10-21", "day"),
        ("It happened on 21 October 2021.", "2021-10-21", "day"),
        ("It happened on 10/21/2021.", "2021-10-21", "day"),
        ("It happened on 2021-10-21.", "2021-10-21", "day"),
        ("She was convicted in March 2024.", "2024-03", "month"),
        ("Filming resumed in 2023.", "2023", "year"),
        ("It opened in the summer of 2019.", "2019-SU", "season"),
    ],
)
def test_absolute_dates_get_iso_values_at_the_precision_given(
    text: str, value: str, precision: str
) -> None:
    _, kind, got_value, got_precision, resolution = one(text)
    assert (kind, got_value, got_precision, resolution) == ("date", value, precision, "explicit")


@pytest.mark.parametrize(
    ("text", "value", "precision"),
    [
        ("Police said on Tuesday that", "2025-03-11", "day"),
        ("The car was found yesterday.", "2025-03-11", "day"),
        ("The firm settled last week.", "2025-W10", "week"),  # Mar 3-9
        ("It was sued earlier this month.", "2025-03", "month"),
        ("He retired last year.", "2024", "year"),
        ("He will appear next Friday.", "2025-03-14", "day"),
        ("It closed three weeks ago.", "2025-W08", "week"),  # Feb 17-23
        ("The board met in November.", "2024-11", "month"),  # the last November before
        ("It was sold last May.", "2024-05", "month"),
        ("A vigil is planned for Saturday.", "2025-03-15", "day"),  # the future: the next one
        ("She was found on Jan. 9.", "2025-01-09", "day"),  # the past: the latest Jan. 9
        ("The hearing is set for April 30.", "2025-04-30", "day"),
    ],
)
def test_relative_dates_resolve_against_the_publication_date(
    text: str, value: str, precision: str
) -> None:
    _, _, got_value, got_precision, resolution = one(text)
    assert (got_value, got_precision, resolution) == (value, precision, "publication-relative")


def test_publication_relative_dates_have_no_value_without_a_publication_date() -> None:
    assert one("The car was found yesterday.", None) == (
        "yesterday",
        "date",
        None,
        None,
        "publication-relative",
    )


@pytest.mark.parametrize(
    "text", ["sentenced to 18 months in prison", "served three years", "a six-week trial"]
)
def test_durations_are_recognised_and_never_dates(text: str) -> None:
    (expr,) = find_dates(text, PUBLISHED)
    assert (expr.kind, expr.value) == ("duration", None)


def test_ages_and_counts_are_not_dates() -> None:
    assert find_dates("A 34-year-old nurse and 2023 people attended.", PUBLISHED) == []


def test_event_relative_expressions_carry_their_anchor() -> None:
    exprs = find_dates("Crew walked off the day before the crash. Two days later, he died.", None)
    assert [(e.text, e.anchor, e.resolution) for e in exprs] == [
        ("the day before the crash", "-1 days|the crash", "event-relative"),
        ("Two days later", "2 days|previous", "event-relative"),
    ]


def test_spans_give_first_and_last_day() -> None:
    assert span_of("2024-02") == (dt.date(2024, 2, 1), dt.date(2024, 2, 29), "month")
    assert span_of("2023") == (dt.date(2023, 1, 1), dt.date(2023, 12, 31), "year")


def test_a_week_across_two_months_is_its_iso_week_never_a_month() -> None:
    # published Tuesday 2025-03-04: last week is Feb 24 - Mar 2
    (expr,) = find_dates("The firm settled last week.", dt.date(2025, 3, 4))
    assert (expr.value, expr.precision, expr.date_start, expr.date_end) == (
        "2025-W09",
        "week",
        "2025-02-24",
        "2025-03-02",
    )


def test_a_day_without_a_year_takes_the_year_the_text_gave_it() -> None:
    exprs = find_dates("He was shot on May 2, 2019. On May 2, friends gathered.", PUBLISHED)
    assert [(e.text, e.value, e.resolution) for e in exprs] == [
        ("May 2, 2019", "2019-05-02", "explicit"),
        ("May 2", "2019-05-02", "explicit"),
    ]


def test_same_day_expressions_are_relative_to_the_previous_date() -> None:
    exprs = find_dates("He fell ill on June 4. Later that night he died; the next morning", None)
    assert [(e.text, e.anchor) for e in exprs] == [
        ("June 4", None),
        ("Later that night", "0 days|previous"),
        ("the next morning", "1 days|previous"),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the weekday belongs to the date that follows it
        ("It happened Thursday, Oct. 21, 2021, on set.", [("Oct. 21, 2021", "2021-10-21")]),
        ("Sales fell in mid-2022 and early 2023.", [("mid-2022", "2022"), ("early 2023", "2023")]),
        (
            "It closed last summer and reopens next fall.",
            [("last summer", "2024-SU"), ("next fall", "2025-FA")],
        ),
        ("She lives at 2050 Main Street.", []),  # an address, not a year
    ],
)
def test_news_forms_of_dates(text: str, expected: list[tuple[str, str]]) -> None:
    assert [(e.text, e.value) for e in find_dates(text, PUBLISHED)] == expected


@pytest.mark.parametrize(
    ("text", "value"),
    [
        # the clause's future cue is read past the abbreviation "a.m."
        ("Sentencing is set for 9:30 a.m. Friday.", "2025-03-14"),
        ("A hearing is slated for Thursday.", "2025-03-13"),
        ("The jury, expected to resume deliberations Monday, went home.", "2025-03-17"),
        ("He'll appear in court Tuesday.", "2025-03-18"),
        ("The mill closed on Tuesday.", "2025-03-11"),  # no future cue: the past one
        ("The diver is due to be sentenced Friday.", "2025-03-14"),
        # "due to" a noun is a cause, not a schedule
        ("Ana Brill died due to her fall on Monday night.", "2025-03-10"),
        ("The road closed due to flooding on Tuesday.", "2025-03-11"),
        ("The delay is due to a storm on Tuesday.", "2025-03-11"),
        ("The report is due Friday.", "2025-03-14"),
    ],
)
def test_a_weekday_with_a_future_cue_is_the_coming_one(text: str, value: str) -> None:
    assert one(text)[2] == value


@pytest.mark.parametrize(
    "text",
    [
        "She told TODAY that the crew was tired.",
        "In an interview with Today, she said the crew was tired.",
        "He appeared on the Today show.",
        "USA Today reported that the crew was tired.",
    ],
)
def test_a_show_or_paper_called_today_is_not_a_date(text: str) -> None:
    assert find_dates(text, PUBLISHED) == []


def test_today_opening_a_sentence_is_still_the_day() -> None:
    assert one("The crew rested. Today, filming resumed.")[:3] == ("Today", "date", "2025-03-12")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (  # each clause its own tense
            "He was arrested Friday and will appear in court Monday.",
            [("Friday", "2025-03-07"), ("Monday", "2025-03-17")],
        ),
        ("On Monday, the judge will rule on the motion.", [("Monday", "2025-03-17")]),
        ("On Monday, the judge ruled on the motion.", [("Monday", "2025-03-10")]),
        # the day something was said is past, whatever the tense of what was said
        ("Police said Tuesday the suspect will be charged.", [("Tuesday", "2025-03-11")]),
        ("Police said Tuesday that the suspect will be charged.", [("Tuesday", "2025-03-11")]),
    ],
)
def test_the_tense_of_a_weekday_is_its_own_clause(text: str, expected: list[tuple]) -> None:
    assert [(e.text, e.value) for e in find_dates(text, PUBLISHED)] == expected


def test_without_a_publication_date_a_month_takes_a_year_of_its_own_paragraph_only() -> None:
    text = (
        "Filming restarted in April 2023 after the crash. In July, the crew walked out.\n\n"
        "The trial goes on. Charges against Rachel Dunn were dropped in July."
    )
    assert [(e.text, e.value) for e in find_dates(text, None)] == [
        ("April 2023", "2023-04"),
        ("In July", "2023-07"),  # the same paragraph's year
        ("in July", None),  # paragraphs later: which July is not said
    ]
