"""The tables as one SQLite database (``casefile.db``), for datasette or any SQLite client,
and ``metadata.json``, what datasette shows with it (``datasette -i casefile.db --metadata
metadata.json``).

Primary and foreign keys come from ``schemas.tables``; list columns are JSON text. The file
is built in memory and serialised, so identical tables give identical bytes (with the same
SQLite library: its version number is part of the file header).
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any

import pandas as pd

from schemas.describe import columns, description, table_description, table_schema, table_title
from schemas.tables import FOREIGN_KEYS, PRIMARY_KEYS, TABLES

SQLITE_FILE = "casefile.db"
DATASETTE_METADATA = "metadata.json"
DATABASE = SQLITE_FILE.removesuffix(".db")  # datasette names a database after its file
# What datasette shows for a row that another table links to (instead of its bare id).
LABEL_COLUMNS = {
    "articles": "title",
    "people": "name",
    "events": "summary",
    "citations": "claim",
}
# Columns worth counting on a table's page ({"array": c}: the items of a JSON list).
FACETS: dict[str, list[str | dict[str, str]]] = {
    "articles": ["outlet"],
    "people": [{"array": "roles"}],
    "events": ["event_type", "date_precision", "date_resolution"],
    "event_participants": ["role", "evidence"],
    "citations": ["source_type", "outlet", "cited_date_precision"],
}
_TYPES = {"integer": "INTEGER", "string": "TEXT", "date": "TEXT", "array": "TEXT"}


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def create_statements(table: str) -> list[str]:
    """CREATE TABLE (with its keys) and CREATE INDEX for each foreign-key column."""
    schema = table_schema(table)
    lines = []
    for field in schema["fields"]:
        required = " NOT NULL" if field["constraints"].get("required") else ""
        check = f" CHECK (json_valid({_quote(field['name'])}))" if field["type"] == "array" else ""
        lines.append(f"  {_quote(field['name'])} {_TYPES[field['type']]}{required}{check}")
    lines.append(f"  PRIMARY KEY ({', '.join(map(_quote, PRIMARY_KEYS[table]))})")
    foreign = [(c, ref) for (t, c), ref in FOREIGN_KEYS.items() if t == table]
    lines += [
        f"  FOREIGN KEY ({_quote(column)}) REFERENCES {_quote(ref_table)} ({_quote(ref_column)})"
        for column, (ref_table, ref_column) in foreign
    ]
    statements = [f"CREATE TABLE {_quote(table)} (\n" + ",\n".join(lines) + "\n)"]
    statements += [
        f"CREATE INDEX {_quote(f'{table}_{column}')} ON {_quote(table)} ({_quote(column)})"
        for column, _ in foreign
    ]
    return statements


def sqlite_bytes(tables: dict[str, pd.DataFrame]) -> bytes:
    """Every table in one SQLite database file, foreign keys enforced while loading."""
    con = sqlite3.connect(":memory:")
    try:
        con.execute("PRAGMA page_size = 4096")
        con.execute("PRAGMA foreign_keys = ON")
        for table in TABLES:  # referenced tables come first
            for statement in create_statements(table):
                con.execute(statement)
            names = columns(table)
            kinds = {f["name"]: f["type"] for f in table_schema(table)["fields"]}
            rows = [
                tuple(_value(v, kinds[n]) for n, v in zip(names, row, strict=True))
                for row in tables[table][names].itertuples(index=False)
            ]
            placeholders = ", ".join("?" for _ in names)
            con.executemany(
                f"INSERT INTO {_quote(table)} VALUES ({placeholders})",
                rows,
            )
        con.commit()
        problems = con.execute("PRAGMA foreign_key_check").fetchall()
        if problems:
            raise ValueError(f"{SQLITE_FILE}: foreign keys broken: {problems[:5]}")
        con.execute("VACUUM")
        return bytes(con.serialize())
    finally:
        con.close()


def datasette_metadata(descriptor: dict[str, Any]) -> dict[str, Any]:
    """datasette's metadata for casefile.db: the title, licence and source of the release
    (from ``datapackage.json``), a description of each table and column (``schemas/``),
    label columns and facets."""
    licence = descriptor["licenses"][0]
    source = (descriptor.get("sources") or [{}])[0]
    tables: dict[str, Any] = {}
    for table in TABLES:
        entry: dict[str, Any] = {
            "title": table_title(table),
            "description": table_description(table),
            "columns": {column: description(table, column) for column in columns(table)},
        }
        if table in LABEL_COLUMNS:
            entry["label_column"] = LABEL_COLUMNS[table]
        if table in FACETS:
            entry["facets"] = FACETS[table]
        tables[table] = entry
    return {
        "title": f"{descriptor['title']} {descriptor['version']}",
        "description": str(descriptor.get("description", "")),
        "license": str(licence.get("title", licence["name"])),
        "license_url": str(licence.get("path", "")),
        "source": str(source.get("title", "")),
        "databases": {DATABASE: {"tables": tables}},
    }


def datasette_metadata_bytes(descriptor: dict[str, Any]) -> bytes:
    text = json.dumps(datasette_metadata(descriptor), indent=2, ensure_ascii=False)
    return (text + "\n").encode("utf-8")


def _value(value: Any, kind: str) -> Any:
    if kind == "array":
        return json.dumps(list(value), ensure_ascii=False)
    if value is None or pd.isna(value):
        return None
    if kind == "integer":
        return int(value)
    return str(value)
