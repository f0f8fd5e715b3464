"""Named checks used by the table models (registered, so they survive export)."""

from __future__ import annotations

import calendar
import datetime as dt
import re

import pandas as pd
from pandera.extensions import register_check_method

_PATTERNS = {
    "decade": re.compile(r"\d{3}"),
    "year": re.compile(r"\d{4}"),
    "quarter": re.compile(r"\d{4}-Q[1-4]"),
    "week": re.compile(r"\d{4}-W(0[1-9]|[1-4]\d|5[0-3])"),
    "month": re.compile(r"\d{4}-(0[1-9]|1[0-2])"),
    "day": re.compile(r"\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])"),
}


@register_check_method(statistics=["min_items"], check_type="element_wise")
def is_list_of_text(value: object, *, min_items: int) -> bool:
    """A list (or array) of at least ``min_items`` non-empty strings."""
    if isinstance(value, str) or not hasattr(value, "__iter__"):
        return False
    items = list(value)  # type: ignore[call-overload]
    return len(items) >= min_items and all(isinstance(i, str) and i.strip() for i in items)


def _is_valid(value: str, precision: str) -> bool:
    pattern = _PATTERNS.get(precision)
    if pattern is None or not pattern.fullmatch(value):
        return False
    if precision == "day":
        year, month, day = (int(part) for part in value.split("-"))
        return day <= calendar.monthrange(year, month)[1]
    if precision == "week":  # week 53 only in the years that have one
        year, week = int(value[:4]), int(value[6:])
        return week <= dt.date(year, 12, 28).isocalendar()[1]
    return True


def date_matches_precision(
    df: pd.DataFrame, value: str = "event_date", precision: str = "date_precision"
) -> pd.Series:
    """A date is null with a null precision, or a real date written at its precision."""
    both_null = df[value].isna() & df[precision].isna()
    valid = [
        isinstance(v, str) and isinstance(p, str) and _is_valid(v, p)
        for v, p in zip(df[value], df[precision], strict=True)
    ]
    return both_null | pd.Series(valid, index=df.index)


def range_is_ordered(
    df: pd.DataFrame, first: str = "date_start", last: str = "date_end"
) -> pd.Series:
    """date_start and date_end are both null, or date_start <= date_end."""
    both_null = df[first].isna() & df[last].isna()
    ordered = df[first].notna() & df[last].notna() & (df[first].astype(str) <= df[last].astype(str))
    return both_null | ordered
