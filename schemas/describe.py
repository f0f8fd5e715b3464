"""Frictionless Table Schemas, Arrow schemas and the data dictionary, generated from the
pandera models (the only place a column is described)."""

from __future__ import annotations

from typing import Any

import pyarrow as pa

from schemas.tables import FOREIGN_KEYS, PRIMARY_KEYS, TABLES

# Columns holding ISO calendar days are published as Table Schema dates.
DATE_COLUMNS = {"published_date", "date_start", "date_end"}


def _kind(table: str, column: str) -> str:
    """'string', 'integer', 'array' or 'date'."""
    dtype = str(TABLES[table].to_schema().columns[column].dtype).lower()
    if "int" in dtype:
        return "integer"
    if column in DATE_COLUMNS:
        return "date"
    if dtype == "object":
        return "array"
    return "string"


def columns(table: str) -> list[str]:
    return list(TABLES[table].to_schema().columns)


def description(table: str, column: str) -> str:
    return str(TABLES[table].to_schema().columns[column].description)


def table_schema(table: str) -> dict[str, Any]:
    """A Frictionless Table Schema for one published table."""
    schema = TABLES[table].to_schema()
    fields = []
    for name, column in schema.columns.items():
        kind = _kind(table, name)
        field: dict[str, Any] = {"name": name, "type": kind, "description": column.description}
        if kind == "array":
            field["arrayItem"] = {"type": "string"}
        constraints: dict[str, Any] = {"required": not column.nullable}
        if column.unique:
            constraints["unique"] = True
        for check in column.checks:
            stats = check.statistics or {}
            if check.name == "isin":
                constraints["enum"] = list(stats["allowed_values"])
            elif check.name == "str_matches" and kind == "string":
                constraints["pattern"] = stats["pattern"].removeprefix("^").removesuffix("$")
            elif check.name == "greater_than_or_equal_to":
                constraints["minimum"] = stats["min_value"]
            elif check.name == "str_length" and stats.get("min_value"):
                constraints["minLength"] = stats["min_value"]
        field["constraints"] = constraints
        fields.append(field)
    out: dict[str, Any] = {"fields": fields, "primaryKey": PRIMARY_KEYS[table]}
    foreign = [
        {"fields": [column], "reference": {"resource": ref_table, "fields": [ref_column]}}
        for (t, column), (ref_table, ref_column) in FOREIGN_KEYS.items()
        if t == table
    ]
    if foreign:
        out["foreignKeys"] = foreign
    return out


def arrow_schema(table: str) -> pa.Schema:
    """The Parquet column types of one table."""
    schema = TABLES[table].to_schema()
    types = {
        "integer": pa.int64(),
        "array": pa.list_(pa.string()),
        "string": pa.string(),
        "date": pa.string(),
    }
    return pa.schema(
        [
            pa.field(name, types[_kind(table, name)], nullable=column.nullable)
            for name, column in schema.columns.items()
        ]
    )


def table_title(table: str) -> str:
    return str(TABLES[table].Config.title)  # type: ignore[attr-defined]


def table_description(table: str) -> str:
    return str(TABLES[table].Config.description)  # type: ignore[attr-defined]


def data_dictionary() -> str:
    """The data dictionary as Markdown."""
    lines = ["# Data dictionary", ""]
    for table in TABLES:
        lines += [f"## {table}", "", table_description(table), ""]
        lines += ["| column | type | required | description |", "|---|---|---|---|"]
        for field in table_schema(table)["fields"]:
            lines.append(
                f"| {field['name']} | {field['type']} | "
                f"{'yes' if field['constraints']['required'] else 'no'} | {field['description']} |"
            )
        lines.append("")
    return "\n".join(lines)
