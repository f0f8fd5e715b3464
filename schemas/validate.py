"""Validate a whole set of tables: every model's checks and every foreign key, lazily."""

from __future__ import annotations

from dataclasses import dataclass

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

    def __str__(self) -> str:
        where = f"{self.table}.{self.column}" if self.column else self.table
        shown = ", ".join(self.examples)
        more = (
            f" (+{self.count - len(self.examples)} more)" if self.count > len(self.examples) else ""
        )
        return f"{where}: {self.check} failed for {self.count} row(s): {shown}{more}"


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
            failures.extend(_failures(name, exc.failure_cases))
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
                )
            )
    if failures:
        raise ValidationFailed(failures)
    return validated


def _failures(table: str, cases: pd.DataFrame) -> list[Failure]:
    """One Failure per (column, check); a check on whole rows is one Failure listing rows."""
    out = []
    row_checks = cases["schema_context"] == "DataFrameSchema"
    for check, group in cases[row_checks].groupby("check", sort=True):
        rows = list(dict.fromkeys(f"row {i}" for i in group["index"]))
        out.append(Failure(table, None, str(check), tuple(rows[:MAX_EXAMPLES]), len(rows)))
    columns = cases[~row_checks]
    for (column, check), group in columns.groupby(["column", "check"], dropna=False, sort=True):
        examples = tuple(dict.fromkeys(str(v) for v in group["failure_case"]))[:MAX_EXAMPLES]
        name = None if pd.isna(column) else str(column)
        out.append(Failure(table, name, str(check), examples, len(group)))
    return out
