"""A new release compared with the previous one: the version bump and CHANGELOG.md.

Records are compared by primary key (``schemas.tables.PRIMARY_KEYS``) as the Parquet files
hold them; schemas as the releases' ``datapackage.json`` publish them (the rules are in
``schemas.contract``). Everything here is deterministic: the same two releases give the
same text, with no dates or timestamps.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from schemas.contract import (
    SchemaChange,
    by_level,
    max_level,
    published_schemas,
    schema_changes,
)
from schemas.tables import PRIMARY_KEYS

CHANGELOG = "CHANGELOG.md"
HEADER = """# Changelog

Releases of the casefile data, newest first. Versions follow the Frictionless
data-versioning recipe: **MAJOR** when a published table or column is removed, renamed,
reordered, retyped or tightened; **MINOR** when records are added, removed or changed
(or a column is added, a constraint loosened); **PATCH** for corrections that change no
record. Rows are named by their primary key.
"""


@dataclass(frozen=True)
class TableDiff:
    table: str
    key: list[str]  # the columns that name a row
    rows: int  # in the new release
    added: list[str] = field(default_factory=list)  # row ids
    removed: list[str] = field(default_factory=list)
    changed: list[tuple[str, list[str]]] = field(default_factory=list)  # id, changed columns

    @property
    def is_empty(self) -> bool:
        return not (self.added or self.removed or self.changed)


@dataclass(frozen=True)
class Comparison:
    previous: str | None  # the previous release's version, None for a first release
    diffs: dict[str, TableDiff]
    schema_changes: list[SchemaChange]
    notes: list[str]  # corrections that change no record (PATCH)

    @property
    def level(self) -> str | None:
        """'major', 'minor' or 'patch'; None when nothing changed (nothing to publish)."""
        levels: list[str | None] = [c.level for c in self.schema_changes]
        levels.append("minor" if any(not d.is_empty for d in self.diffs.values()) else None)
        levels.append("patch" if self.notes else None)
        return max_level(levels)


def compare(files: dict[str, bytes], previous: Path | None) -> Comparison:
    """Compare a release's files (name -> bytes, as ``release_files`` makes them) with the
    release folder ``previous`` (None: there is none, everything is new)."""
    descriptor = json.loads(files["datapackage.json"])
    new_schemas = published_schemas(descriptor)
    if previous is None:
        diffs = {
            table: TableDiff(table, _key(table, []), len(_rows(files[f"{table}.parquet"])))
            for table in new_schemas
        }
        return Comparison(None, diffs, [], [])
    try:
        old_descriptor = json.loads((previous / "datapackage.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):  # a damaged release: compare with nothing rather than fail
        old_descriptor = {}
    old_schemas = published_schemas(old_descriptor)
    diffs = {}
    for table in sorted(set(old_schemas) | set(new_schemas), key=_table_order(new_schemas)):
        new_rows = _rows(files[f"{table}.parquet"]) if table in new_schemas else []
        old_rows = _read_rows(previous / f"{table}.parquet")
        diffs[table] = diff_rows(table, old_rows, new_rows)
    changes = by_level(schema_changes(old_schemas, new_schemas))
    notes = []
    if not changes and all(d.is_empty for d in diffs.values()):
        notes += [
            f"{name}: rewritten, records unchanged"
            for name in sorted(files)
            if name.endswith((".csv", ".parquet"))
            and (previous / name).is_file()
            and (previous / name).read_bytes() != files[name]
        ]
        if _metadata(descriptor) != _metadata(old_descriptor):
            notes.append("datapackage.json: package or resource metadata corrected")
    return Comparison(previous.resolve().name, diffs, changes, notes)


def diff_rows(table: str, old: list[dict[str, Any]], new: list[dict[str, Any]]) -> TableDiff:
    """Rows added, removed and changed, by primary key (by whole row when the key columns
    are not in both versions)."""
    columns = set(new[0]) if new else set()
    key = _key(table, [*(old[:1]), *(new[:1])])
    old_by_id = {_row_key(row, key): row for row in old}
    new_by_id = {_row_key(row, key): row for row in new}
    changed = []
    for row_key in sorted(set(old_by_id) & set(new_by_id)):
        before, after = old_by_id[row_key], new_by_id[row_key]
        names = sorted(set(before) | set(after), key=lambda c: (c not in columns, c))
        differ = [
            c for c in names if before.get(c) != after.get(c) or (c in before) != (c in after)
        ]
        if differ:
            changed.append((row_id(row_key), differ))
    return TableDiff(
        table,
        key,
        len(new),
        added=[row_id(k) for k in sorted(set(new_by_id) - set(old_by_id))],
        removed=[row_id(k) for k in sorted(set(old_by_id) - set(new_by_id))],
        changed=changed,
    )


def render(version: str, comparison: Comparison, previous_changelog: str | None) -> str:
    """CHANGELOG.md of a release: its own section, then every earlier one."""
    lines = [HEADER, f"## {version}", ""]
    previous = comparison.previous
    if previous is None:
        lines += ["First release.", "", "| table | rows |", "|---|---:|"]
        lines += [f"| {d.table} | {d.rows} |" for d in comparison.diffs.values()]
        lines.append("")
    else:
        lines += [_summary(comparison), ""]
        lines += ["| table | rows | added | removed | changed |", "|---|---:|---:|---:|---:|"]
        lines += [
            f"| {d.table} | {d.rows} | {len(d.added)} | {len(d.removed)} | {len(d.changed)} |"
            for d in comparison.diffs.values()
        ]
        lines.append("")
        if comparison.schema_changes:
            lines += ["### Schema changes", ""]
            lines += [f"- {c.level.upper()}: {c.text}" for c in comparison.schema_changes]
            lines.append("")
        if comparison.notes:
            lines += ["### Corrections", ""]
            lines += [f"- {note}" for note in comparison.notes]
            lines.append("")
        for diff in comparison.diffs.values():
            if diff.is_empty:
                continue
            lines += [f"### {diff.table}", "", f"Rows are named by `{'/'.join(diff.key)}`.", ""]
            lines += [f"- added `{row_id}`" for row_id in diff.added]
            lines += [f"- removed `{row_id}`" for row_id in diff.removed]
            lines += [
                f"- changed `{row_id}`: {', '.join(columns)}" for row_id, columns in diff.changed
            ]
            lines.append("")
    text = "\n".join(lines)
    if previous is not None:
        text += "\n" + earlier_sections(previous, previous_changelog)
    return text.rstrip("\n") + "\n"


def earlier_sections(previous: str, changelog: str | None) -> str:
    """The release sections of an earlier CHANGELOG.md (a stub when it had none)."""
    if changelog is None or "\n## " not in changelog:
        return f"## {previous}\n\nNo changelog was published with this release or earlier ones.\n"
    return changelog[changelog.index("\n## ") + 1 :]


def _summary(comparison: Comparison) -> str:
    previous, level = comparison.previous, comparison.level
    if level == "major":
        return (
            f"MAJOR release: the schemas changed since {previous} in a way that can break "
            "code written for it (see Schema changes)."
        )
    if level == "patch":
        return f"PATCH release: corrections since {previous} that change no record."
    what = []
    if any(not d.is_empty for d in comparison.diffs.values()):
        what.append("records added, removed or changed")
    if comparison.schema_changes:
        what.append("tables or columns added, or constraints loosened (see Schema changes)")
    return f"MINOR release: {'; '.join(what)} since {previous}."


def _rows(parquet: bytes) -> list[dict[str, Any]]:
    return list(pq.read_table(pa.BufferReader(parquet)).to_pylist())


def _read_rows(path: Path) -> list[dict[str, Any]]:
    """A previous release's rows; none when the file is missing or unreadable."""
    try:
        return _rows(path.read_bytes())
    except (OSError, ValueError):  # pyarrow's ArrowInvalid is a ValueError
        return []


def _key(table: str, samples: list[dict[str, Any]]) -> list[str]:
    """The primary key, unless a sample row lacks one of its columns (schema changed)."""
    key = PRIMARY_KEYS.get(table, [])
    if key and all(all(c in row for c in key) for row in samples):
        return list(key)
    return sorted({c for row in samples for c in row}) or list(key)


RowKey = tuple[tuple[bool, Any], ...]


def _row_key(row: dict[str, Any], key: list[str]) -> RowKey:
    """A row's key values, in an order that sorts (nulls last, numbers as numbers)."""
    values = [row.get(c) for c in key]
    return tuple(
        (v is None, "" if v is None else v if isinstance(v, int | float | str) else _text(v))
        for v in values
    )


def row_id(key: RowKey) -> str:
    """How the changelog names a row: its key values joined by '/'."""
    return "/".join("" if null else _text(value) for null, value in key)


def _text(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def _table_order(schemas: dict[str, Any]) -> Any:
    order = list(schemas)
    return lambda table: (table not in order, order.index(table) if table in order else 0, table)


def _metadata(descriptor: dict[str, Any]) -> dict[str, Any]:
    """A descriptor without what changes with every release or is compared elsewhere."""
    out = {k: v for k, v in descriptor.items() if k not in ("version", "resources")}
    out["resources"] = [
        {k: v for k, v in r.items() if k not in ("bytes", "hash", "schema")}
        for r in descriptor.get("resources", [])
    ]
    return out
