"""The schema contract: the Table Schemas a release publishes, and how a change is versioned.

``schemas/contract.json`` holds the Table Schema of every table (generated from the pandera
models) and the data version's MAJOR number. A test compares it with what ``schemas/``
generates, so a change to a published column cannot go unnoticed: ``make contract``
(``python -m schemas.contract``) records the new schemas and the MAJOR they call for,
counted from the latest release published under ``output/``.

Versions follow the Frictionless data-versioning recipe:
MAJOR when a published table or column is removed, renamed, reordered, retyped or
tightened (a constraint that rejects data the old one accepted); MINOR when records are
added, removed or changed, and when a table or column is added or a constraint loosened;
PATCH for corrections that change no record (descriptions, titles, file encoding).
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

CONTRACT_PATH = Path(__file__).with_name("contract.json")
OUTPUT_DIR = Path(__file__).resolve().parent.parent / "output"
LEVELS = ("patch", "minor", "major")
_COMMENT = (
    "The published schema contract, generated from schemas/ by `make contract`; do not edit. "
    "A change here is a change to every consumer of the data: review it."
)
# Field properties that describe rather than constrain: changing them is a PATCH.
_DESCRIPTIVE = {"description", "title", "example", "rdfType"}


@dataclass(frozen=True)
class SchemaChange:
    level: str  # "major", "minor" or "patch"
    text: str  # e.g. "events.date_precision: enum no longer allows 'week' (tightened)"


def by_level(changes: list[SchemaChange]) -> list[SchemaChange]:
    """Changes, the most serious first."""
    return sorted(changes, key=lambda c: (-LEVELS.index(c.level), c.text))


def max_level(levels: list[str | None]) -> str | None:
    """The highest of some levels ("patch" < "minor" < "major"); None when there is none."""
    present = [level for level in levels if level is not None]
    return max(present, key=LEVELS.index) if present else None


# --- comparing schemas -------------------------------------------------------------------------


def schema_changes(
    old: dict[str, dict[str, Any]], new: dict[str, dict[str, Any]]
) -> list[SchemaChange]:
    """Every difference between two sets of Table Schemas (table -> schema), classified."""
    changes: list[SchemaChange] = []
    for table in old:
        if table not in new:
            changes.append(SchemaChange("major", f"{table}: table removed"))
    for table in new:
        if table not in old:
            changes.append(SchemaChange("minor", f"{table}: table added"))
        else:
            changes += _table_changes(table, old[table], new[table])
    return changes


def _table_changes(table: str, old: dict[str, Any], new: dict[str, Any]) -> list[SchemaChange]:
    out: list[SchemaChange] = []
    old_fields = {f["name"]: f for f in old.get("fields", [])}
    new_fields = {f["name"]: f for f in new.get("fields", [])}
    removed = [name for name in old_fields if name not in new_fields]
    added = [name for name in new_fields if name not in old_fields]
    out += [SchemaChange("major", f"{table}.{name}: column removed or renamed") for name in removed]
    out += [SchemaChange("minor", f"{table}.{name}: column added") for name in added]
    common_old = [name for name in old_fields if name in new_fields]
    common_new = [name for name in new_fields if name in old_fields]
    if common_old != common_new:
        out.append(SchemaChange("major", f"{table}: columns reordered"))
    for name in common_new:
        out += _field_changes(f"{table}.{name}", old_fields[name], new_fields[name])
    if old.get("primaryKey") != new.get("primaryKey"):
        out.append(
            SchemaChange(
                "major",
                f"{table}: primary key {old.get('primaryKey')} -> {new.get('primaryKey')}",
            )
        )
    old_fks = [json.dumps(fk, sort_keys=True) for fk in old.get("foreignKeys", [])]
    new_fks = [json.dumps(fk, sort_keys=True) for fk in new.get("foreignKeys", [])]
    out += [
        SchemaChange("major", f"{table}: foreign key added {fk}")
        for fk in new_fks
        if fk not in old_fks
    ]
    out += [
        SchemaChange("minor", f"{table}: foreign key removed {fk}")
        for fk in old_fks
        if fk not in new_fks
    ]
    for key in sorted((set(old) | set(new)) - {"fields", "primaryKey", "foreignKeys"}):
        if old.get(key) != new.get(key):
            level = "patch" if key in _DESCRIPTIVE else "major"
            out.append(SchemaChange(level, f"{table}: schema property {key} changed"))
    return out


def _field_changes(where: str, old: dict[str, Any], new: dict[str, Any]) -> list[SchemaChange]:
    out: list[SchemaChange] = []
    if (old.get("type"), old.get("format"), old.get("arrayItem")) != (
        new.get("type"),
        new.get("format"),
        new.get("arrayItem"),
    ):
        out.append(SchemaChange("major", f"{where}: retyped {_type(old)} -> {_type(new)}"))
    out += _constraint_changes(where, old.get("constraints", {}), new.get("constraints", {}))
    for key in sorted(
        (set(old) | set(new)) - {"name", "type", "format", "arrayItem", "constraints"}
    ):
        if old.get(key) != new.get(key):
            level = "patch" if key in _DESCRIPTIVE else "major"
            out.append(SchemaChange(level, f"{where}: {key} changed"))
    return out


def _type(field: dict[str, Any]) -> str:
    kind = str(field.get("type", "any"))
    if "arrayItem" in field:
        kind += f"<{field['arrayItem'].get('type', 'any')}>"
    return kind + (f" ({field['format']})" if "format" in field else "")


def _constraint_changes(where: str, old: dict[str, Any], new: dict[str, Any]) -> list[SchemaChange]:
    out: list[SchemaChange] = []

    def tightened(text: str) -> None:
        out.append(SchemaChange("major", f"{where}: {text} (tightened)"))

    def loosened(text: str) -> None:
        out.append(SchemaChange("minor", f"{where}: {text} (loosened)"))

    for flag in ("required", "unique"):
        was, now = bool(old.get(flag)), bool(new.get(flag))
        if now and not was:
            tightened(f"now {flag}")
        elif was and not now:
            loosened(f"no longer {flag}")
    if old.get("enum") != new.get("enum"):
        if "enum" not in new:
            loosened("enum removed")
        elif "enum" not in old:
            tightened(f"enum added {new['enum']}")
        else:
            lost = [v for v in old["enum"] if v not in new["enum"]]
            gained = [v for v in new["enum"] if v not in old["enum"]]
            if lost:
                tightened(f"enum no longer allows {', '.join(map(repr, lost))}")
            if gained:
                loosened(f"enum now allows {', '.join(map(repr, gained))}")
    # Bounds: a higher minimum or a lower maximum rejects data that was valid.
    for key, higher_is_tighter in (
        ("minimum", True),
        ("minLength", True),
        ("maximum", False),
        ("maxLength", False),
        ("exclusiveMinimum", True),
        ("exclusiveMaximum", False),
    ):
        before, after = old.get(key), new.get(key)
        if before == after:
            continue
        if before is None:
            tightened(f"{key} {after} added")
        elif after is None:
            loosened(f"{key} {before} removed")
        elif (after > before) == higher_is_tighter:
            tightened(f"{key} {before} -> {after}")
        else:
            loosened(f"{key} {before} -> {after}")
    if old.get("pattern") != new.get("pattern"):
        if "pattern" not in new:
            loosened("pattern removed")
        elif "pattern" in old and _alternatives(old["pattern"]) <= _alternatives(new["pattern"]):
            # "A|B" accepts all that "A" does: the old alternatives kept, new ones added
            loosened(f"pattern {old['pattern']!r} -> {new['pattern']!r}")
        else:  # whether one regular expression accepts less than another is undecidable here
            tightened(f"pattern {old.get('pattern')!r} -> {new['pattern']!r}")
    known = {"required", "unique", "enum", "pattern", "minimum", "minLength", "maximum"}
    known |= {"maxLength", "exclusiveMinimum", "exclusiveMaximum"}
    for key in sorted((set(old) | set(new)) - known):
        if old.get(key) != new.get(key):
            tightened(f"constraint {key} {old.get(key)!r} -> {new.get(key)!r}")
    return out


def _alternatives(pattern: str) -> set[str]:
    """The top-level alternatives of a Table Schema pattern (anchored at both ends):
    "a|b" and "(?:a|b)" -> {"a", "b"}."""
    if (
        pattern.startswith("(?:")
        and pattern.endswith(")")
        and _closing(pattern) == len(pattern) - 1
    ):
        pattern = pattern[3:-1]
    parts: list[str] = []
    depth, start, i = 0, 0, 0
    while i < len(pattern):
        char = pattern[i]
        if char == "\\":
            i += 2
            continue
        if char in "([":
            depth += 1
        elif char in ")]":
            depth -= 1
        elif char == "|" and depth == 0:
            parts.append(pattern[start:i])
            start = i + 1
        i += 1
    return {*parts, pattern[start:]}


def _closing(pattern: str) -> int:
    """Where the group opened at index 0 closes."""
    depth, i = 0, 0
    while i < len(pattern):
        if pattern[i] == "\\":
            i += 2
            continue
        depth += {"(": 1, ")": -1}.get(pattern[i], 0)
        if depth == 0:
            return i
        i += 1
    return -1


# --- the contract file -------------------------------------------------------------------------


def current_schemas() -> dict[str, dict[str, Any]]:
    """The Table Schema of every published table, as schemas/ generates it now."""
    from schemas.describe import table_schema
    from schemas.tables import TABLES

    return {table: table_schema(table) for table in TABLES}


def published_schemas(descriptor: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """table -> Table Schema, from a release's datapackage.json (its CSV resources)."""
    return {
        r["name"]: r["schema"]
        for r in descriptor.get("resources", [])
        if r.get("format") == "csv" and isinstance(r.get("schema"), dict)
    }


def latest_published(out_dir: Path = OUTPUT_DIR) -> dict[str, Any] | None:
    """The datapackage.json of ``out_dir/latest``, or None when nothing is published there."""
    path = out_dir / "latest" / "datapackage.json"
    if not path.is_file():
        return None
    return dict(json.loads(path.read_text(encoding="utf-8")))


def generate(published: dict[str, Any] | None) -> dict[str, Any]:
    """The contract for the schemas as they are now: the latest release's MAJOR, plus one
    when the schemas changed since that release in a way that breaks its consumers."""
    schemas = current_schemas()
    major = 1
    if published is not None:
        major = int(str(published["version"]).split(".")[0])
        changes = schema_changes(published_schemas(published), schemas)
        if max_level([c.level for c in changes]) == "major":
            major += 1
    return {"$comment": _COMMENT, "major": major, "schemas": schemas}


def contract_text(contract: dict[str, Any]) -> str:
    return json.dumps(contract, indent=2, ensure_ascii=False) + "\n"


def check(
    path: Path = CONTRACT_PATH, published: dict[str, Any] | None = None, *, use_latest: bool = True
) -> list[str]:
    """Why the stored contract no longer matches schemas/, one line each (empty when it does).

    ``published`` is the latest release's datapackage.json (read from output/latest unless
    given or ``use_latest`` is False)."""
    if published is None and use_latest:
        published = latest_published()
    expected = generate(published)
    if not path.is_file():
        return [f"{path.name}: missing; run `make contract` to create it"]
    stored = json.loads(path.read_text(encoding="utf-8"))
    if stored.get("schemas") == expected["schemas"] and stored.get("major") == expected["major"]:
        return []
    changes = by_level(schema_changes(stored.get("schemas", {}), expected["schemas"]))
    level = max_level([c.level for c in changes])
    lines = [
        f"{path.name} does not match schemas/ "
        f"({level.upper() if level else 'no schema'} change; data version MAJOR "
        f"{stored.get('major')} -> {expected['major']}): run `make contract` and commit "
        f"{path.name} with the change"
    ]
    lines += [f"  {c.level.upper()}: {c.text}" for c in changes]
    return lines


def update(path: Path = CONTRACT_PATH, published: dict[str, Any] | None = None) -> dict[str, Any]:
    """Write the contract for the schemas as they are now; returns it."""
    contract = generate(published if published is not None else latest_published())
    path.write_text(contract_text(contract), encoding="utf-8")
    return contract


def main(argv: list[str]) -> int:
    if "--check" in argv:
        problems = check()
        for line in problems:
            print(line, file=sys.stderr)
        return 1 if problems else 0
    before = (
        json.loads(CONTRACT_PATH.read_text(encoding="utf-8")) if CONTRACT_PATH.is_file() else {}
    )
    contract = update()
    changes = schema_changes(before.get("schemas", {}), contract["schemas"]) if before else []
    for change in by_level(changes):
        print(f"{change.level.upper()}: {change.text}")
    print(f"{CONTRACT_PATH}: data version MAJOR {contract['major']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
