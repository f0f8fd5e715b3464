"""datapackage.json: every resource says what it holds and how it links to the others,
generated from schemas/ (descriptions, FOREIGN_KEYS), and frictionless still validates it."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq

from schemas.describe import table_description
from schemas.tables import FOREIGN_KEYS, TABLES
from tests.conftest import frictionless_validate


def descriptor(out_dir: Path) -> dict[str, Any]:
    return json.loads((out_dir / "latest" / "datapackage.json").read_text(encoding="utf-8"))


def test_every_resource_has_its_tables_description(out_dir: Path) -> None:
    resources = descriptor(out_dir)["resources"]
    assert [r["name"] for r in resources] == [
        name for table in TABLES for name in (table, f"{table}-parquet")
    ]
    for resource in resources:
        table = resource["name"].removesuffix("-parquet")
        if resource["format"] == "csv":
            assert resource["description"] == table_description(table)
        else:
            assert resource["description"] == (
                f"{table_description(table)} The same rows as {table}.csv."
            )
    assert descriptor(out_dir)["resources"][3]["description"] == (
        "The people named in the articles, with their roles. The same rows as people.csv."
    )


def test_every_resource_has_the_foreign_keys_of_schemas(out_dir: Path) -> None:
    for resource in descriptor(out_dir)["resources"]:
        table = resource["name"].removesuffix("-parquet")
        suffix = "-parquet" if resource["format"] == "parquet" else ""
        expected = [
            {"fields": [column], "reference": {"resource": ref + suffix, "fields": [ref_column]}}
            for (t, column), (ref, ref_column) in FOREIGN_KEYS.items()
            if t == table
        ]
        assert resource["schema"].get("foreignKeys", []) == expected, resource["name"]
    by_name = {r["name"]: r for r in descriptor(out_dir)["resources"]}
    assert by_name["citation_events-parquet"]["schema"]["foreignKeys"] == [
        {
            "fields": ["citation_id"],
            "reference": {"resource": "citations-parquet", "fields": ["citation_id"]},
        },
        {
            "fields": ["event_id"],
            "reference": {"resource": "events-parquet", "fields": ["event_id"]},
        },
    ]
    assert "foreignKeys" not in by_name["people"]["schema"]


def test_frictionless_checks_the_parquet_foreign_keys(out_dir: Path, tmp_path: Path) -> None:
    release = out_dir / "latest"
    assert frictionless_validate(release).returncode == 0
    # the same package with events-parquet holding no rows: every Parquet row that names an
    # event is now a broken foreign key (the CSV resources are untouched)
    copy = tmp_path / "release"
    shutil.copytree(release, copy)
    events = pq.read_table(copy / "events.parquet")
    pq.write_table(events.slice(0, 0), copy / "events.parquet")
    package = json.loads((copy / "datapackage.json").read_text(encoding="utf-8"))
    for resource in package["resources"]:
        resource.pop("hash", None)
        resource.pop("bytes", None)
    (copy / "datapackage.json").write_text(json.dumps(package), encoding="utf-8")
    result = frictionless_validate(copy)
    assert result.returncode == 1
    assert "foreign-key" in result.stdout
    invalid = sorted(
        line.split("│")[1].strip()
        for line in result.stdout.splitlines()
        if line.count("│") > 3 and "INVALID" in line
    )
    assert invalid == [
        "citation_events-parquet",
        "event_mentions-parquet",
        "event_participants-parquet",
    ]
