"""The page's timeline: marks per year, packed into lanes (flows.release.site.year_marks)."""

from __future__ import annotations

import datetime as dt

from flows.release.site import DOT_PERCENT, TimelineEvent, year_marks


def event(n: int, start: str, end: str | None = None) -> TimelineEvent:
    first = dt.date.fromisoformat(start)
    last = dt.date.fromisoformat(end or start)
    precision = "day" if first == last else "month" if first.month == last.month else "year"
    return TimelineEvent(f"evt-{n:012x}", "arrest", start, precision, first, last, "S", [], [])


def test_events_of_one_date_are_one_mark() -> None:
    [mark] = year_marks([event(i, "2021-10-21") for i in range(30)], 2021)
    assert len(mark.events) == 30 and mark.width == 0 and mark.lane == 0
    assert round(mark.left, 2) == round(293 / 365 * 100, 2)


def test_marks_that_would_overlap_take_the_next_lane() -> None:
    marks = year_marks(
        [
            event(1, "2020-01-01", "2020-12-31"),  # the year: the widest, lane 0
            event(2, "2020-03-01", "2020-03-31"),  # a month
            event(3, "2020-03-10"),  # inside that month: below it
            event(4, "2020-03-12"),  # two days on: closer than a dot, below again
            event(5, "2020-06-01"),  # far from the others: the first lane it fits
        ],
        2020,
    )
    lanes = {m.events[0].event_id[-1]: m.lane for m in marks}
    assert lanes == {"1": 0, "2": 1, "3": 2, "4": 3, "5": 1}
    month = next(m for m in marks if m.events[0].event_id.endswith("2"))
    assert round(month.width, 2) == round(31 / 366 * 100, 2)  # 2020 is a leap year
    assert DOT_PERCENT > 2 / 366 * 100
