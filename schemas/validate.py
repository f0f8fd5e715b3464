"""Validate a whole set of tables: every model's checks and every foreign key, lazily."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, cast

import pandas as pd
import pandera.pandas as pa

from schemas.tables import FOREIGN_KEYS, TABLES

MAX_EXAMPLES = 5


@dataclass(frozen=True)
class Failure:
    table: str
    column: str | None
    check: str
    examples: tuple[str, ...]  # a few failing values
    count: int
    # the articles the failing rows come from: source_file (article_id when unknown)
    sources: tuple[str, ...] = ()

    def __str__(self) -> str:
        where = f"{self.table}.{self.column}" if self.column else self.table
        shown = ", ".join(self.examples)
        more = (
            f" (+{self.count - len(self.examples)} more)" if self.count > len(self.examples) else ""
        )
        line = f"{where}: {self.check} failed for {self.count} row(s): {shown}{more}"
        if self.sources:
            extra = len(self.sources) - MAX_EXAMPLES
            line += f" (from {', '.join(self.sources[:MAX_EXAMPLES])}"
            line += f" +{extra} more)" if extra > 0 else ")"
        return line


class ValidationFailed(Exception):
    """Every failing check of a set of tables; str() lists them one per line."""

    def __init__(self, failures: list[Failure]) -> None:
        self.failures = failures
        super().__init__("\n".join(str(f) for f in failures))


def validate_tables(tables: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Validated (and type-coerced) copies of ``tables``; raise ValidationFailed listing all
    failures of all tables at once."""
    failures: list[Failure] = []
    validated: dict[str, pd.DataFrame] = {}
    for name, model in TABLES.items():
        if name not in tables:
            failures.append(Failure(name, None, "table_present", ("missing",), 1))
            continue
        try:
            validated[name] = model.validate(tables[name], lazy=True)
        except pa.errors.SchemaErrors as exc:
            failures.extend(_failures(name, exc.failure_cases, tables))
            validated[name] = tables[name]
    for (table, column), (ref_table, ref_column) in FOREIGN_KEYS.items():
        if table not in validated or ref_table not in validated:
            continue
        values = validated[table][column]
        dangling = values[~values.isin(set(validated[ref_table][ref_column]))]
        if len(dangling):
            failures.append(
                Failure(
                    table,
                    column,
                    f"foreign_key({ref_table}.{ref_column})",
                    tuple(map(str, dangling.unique()[:MAX_EXAMPLES])),
                    len(dangling),
                    _sources(tables, table, dangling.index),
                )
            )
    if failures:
        raise ValidationFailed(failures)
    return validated


def _failures(table: str, cases: pd.DataFrame, tables: dict[str, pd.DataFrame]) -> list[Failure]:
    """One Failure per (column, check); a check on whole rows is one Failure listing rows."""
    out = []
    row_checks = cases["schema_context"] == "DataFrameSchema"
    for check, group in cases[row_checks].groupby("check", sort=True):
        rows = list(dict.fromkeys(f"row {i}" for i in group["index"]))
        out.append(
            Failure(
                table,
                None,
                str(check),
                tuple(rows[:MAX_EXAMPLES]),
                len(rows),
                _sources(tables, table, group["index"]),
            )
        )
    columns = cases[~row_checks]
    groups = columns.groupby(["column", "check"], dropna=False, sort=True)
    for (column, check), group in groups:  # type: ignore[assignment]
        examples = tuple(dict.fromkeys(str(v) for v in group["failure_case"]))[:MAX_EXAMPLES]
        name = None if _is_null(column) else str(column)
        sources = _sources(tables, table, group["index"])
        out.append(Failure(table, name, str(check), examples, len(group), sources))
    return out


def _sources(
    tables: dict[str, pd.DataFrame], table: str, index: Iterable[object]
) -> tuple[str, ...]:
    """The articles that rows ``index`` of ``table`` come from, by source_file (article_id
    when the articles table does not name it): through the row's own article_id, else
    through an id column it shares with a table that has one (a person's mentions, an
    event's mentions, a citation)."""
    frame = tables.get(table)
    labels = [i for i in index if not _is_null(i)]
    if frame is None or not labels:
        return ()
    rows = frame[frame.index.isin(labels)]
    article_ids: set[object] = set()
    if "article_id" in rows.columns:
        article_ids = set(rows["article_id"])
    else:
        for column in (c for c in rows.columns if str(c).endswith("_id")):
            linked = [
                other
                for name, other in tables.items()
                if name != table and {"article_id", column} <= set(other.columns)
            ]
            if linked:
                other = linked[0]
                article_ids = set(other.loc[other[column].isin(rows[column]), "article_id"])
                break
    articles = tables.get("articles")
    names: dict[object, object] = {}
    if articles is not None and {"article_id", "source_file"} <= set(articles.columns):
        names = dict(zip(articles["article_id"], articles["source_file"], strict=True))
    found = {str(names.get(a) or a) for a in article_ids if not _is_null(a)}
    return tuple(sorted(found))


def _is_null(value: object) -> bool:
    try:
        return bool(pd.isna(cast(Any, value)))
    except (TypeError, ValueError):
        return False
