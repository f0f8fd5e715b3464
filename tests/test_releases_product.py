"""What a release offers people: semantic versions, CHANGELOG.md, casefile.db, index.html,
CITATION.cff, and the schema contract kept in the repository."""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
import yaml
from typer.testing import CliRunner

from flows.cli import app
from flows.extract.records import Extraction
from flows.ingest import Article, read_article
from flows.merge import build_tables
from flows.release.changelog import compare
from flows.release.citation import citation_cff
from flows.release.folder import next_version, publish, release_files, verify_release
from flows.release.site import index_html
from flows.release.sqlite import sqlite_bytes
from schemas import validate_tables
from schemas.contract import SchemaChange, check, generate, schema_changes, update
from schemas.describe import table_schema
from schemas.tables import FOREIGN_KEYS, PRIMARY_KEYS, TABLES
from tests.conftest import ROOT, frictionless_validate, write_raw

BRIDGE = """---
title: Bridge inspector charged after collapse
outlet: Harbour Courier
published: 2023-05-10
---
The Mill Street bridge collapsed on March 14, 2023, injuring Tomas Reyna, a delivery driver. \
City inspector Alma Kovac was charged with negligence in April 2023, according to the \
Riverside Herald.
"""
CHEF = """---
title: Chef sues restaurant group
outlet: Valley Times
published: 2024-09-02
---
Head chef Ingrid Salo filed a lawsuit against the Copper Pot group on August 12, 2024. Salo \
was fired in 2023, the Evening Standard reported.
"""
EXTRAS = ["CHANGELOG.md", "CITATION.cff", "casefile.db", "index.html", "metadata.json"]


@pytest.fixture(scope="module")
def articles(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Article]:
    raw = tmp_path_factory.mktemp("raw")
    return {
        name: read_article(write_raw(raw, f"{name}.txt", text))
        for name, text in (("bridge", BRIDGE), ("chef", CHEF))
    }


@pytest.fixture(scope="module")
def extractions(
    articles: dict[str, Article], run: Callable[..., Extraction]
) -> dict[str, Extraction]:
    return {name: run(a.body, a.published_date) for name, a in articles.items()}


@pytest.fixture(scope="module")
def one(
    articles: dict[str, Article], extractions: dict[str, Extraction]
) -> dict[str, pd.DataFrame]:
    return validate_tables(build_tables([(articles["bridge"], extractions["bridge"])]))


@pytest.fixture(scope="module")
def two(
    articles: dict[str, Article], extractions: dict[str, Extraction]
) -> dict[str, pd.DataFrame]:
    return validate_tables(
        build_tables([(articles[n], extractions[n]) for n in ("bridge", "chef")])
    )


def ids(frame: pd.DataFrame, table: str) -> set[str]:
    """Row ids as the changelog writes them: primary-key values joined by '/'."""
    key = PRIMARY_KEYS[table]
    return {"/".join(str(v) for v in row) for row in frame[key].itertuples(index=False)}


def new_ids(old: pd.DataFrame, new: pd.DataFrame, table: str) -> list[str]:
    """Ids of rows in ``new`` only, in key order (offsets as numbers)."""
    key = PRIMARY_KEYS[table]
    rows = sorted(tuple(row) for row in new[key].itertuples(index=False))
    seen = ids(old, table)
    return [i for i in ("/".join(map(str, row)) for row in rows) if i not in seen]


def section(changelog: str, version: str) -> str:
    """One release's section of a CHANGELOG.md."""
    return changelog.split(f"\n## {version}\n", 1)[1].split("\n## ", 1)[0]


def edit_descriptor(release: Path, change: Callable[[dict[str, Any]], None]) -> None:
    """Rewrite a published release's datapackage.json (to stand for an older schema)."""
    path = release / "datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    change(descriptor)
    path.write_text(json.dumps(descriptor, indent=2), encoding="utf-8")


def set_field(descriptor: dict[str, Any], table: str, column: str, **values: Any) -> None:
    resource = next(r for r in descriptor["resources"] if r["name"] == table)
    for f in resource["schema"]["fields"]:
        if f["name"] == column:
            for key, value in values.items():
                target = f["constraints"] if key in ("enum", "required", "minimum") else f
                target[key] = value


# --- versions and changelog --------------------------------------------------------------------


def test_adding_an_article_gives_a_minor_release_naming_the_new_rows(
    one: dict[str, pd.DataFrame],
    two: dict[str, pd.DataFrame],
    articles: dict[str, Article],
    tmp_path: Path,
) -> None:
    first = publish(one, tmp_path)
    second = publish(two, tmp_path)
    assert (first.version, first.is_new, second.version, second.is_new) == (
        "1.0.0",
        True,
        "1.1.0",
        True,
    )
    log = (second.path / "CHANGELOG.md").read_text(encoding="utf-8")
    assert (tmp_path / "CHANGELOG.md").read_text(encoding="utf-8") == log  # output/CHANGELOG.md
    assert log.startswith("# Changelog\n")
    new = section(log, "1.1.0")
    assert new.startswith("\nMINOR release: records added, removed or changed since 1.0.0.\n")
    for table in TABLES:
        added = new_ids(one[table], two[table], table)
        assert ids(one[table], table) <= ids(two[table], table), table  # nothing removed
        assert f"| {table} | {len(two[table])} | {len(added)} | 0 | 0 |" in new, table
        listed = re.findall(r"^- added `([^`]+)`$", _table_part(new, table), re.MULTILINE)
        assert listed == added, table
    assert sorted(ids(two["articles"], "articles") - ids(one["articles"], "articles")) == [
        articles["chef"].article_id
    ]
    chef = [p for p in two["people"].itertuples() if p.name == "Ingrid Salo"]
    assert f"- added `{chef[0].person_id}`" in new
    assert "- removed" not in new and "- changed" not in new
    # the first release's section follows, unchanged
    first_log = (first.path / "CHANGELOG.md").read_text(encoding="utf-8")
    assert log.endswith(first_log[first_log.index("\n## 1.0.0\n") + 1 :])
    assert section(first_log, "1.0.0").startswith("\nFirst release.\n")
    assert verify_release(second.path) == []


def _table_part(section_text: str, table: str) -> str:
    if f"\n### {table}\n" not in section_text:
        return ""
    return section_text.split(f"\n### {table}\n", 1)[1].split("\n### ", 1)[0]


def test_an_unchanged_build_publishes_nothing(two: dict[str, pd.DataFrame], tmp_path: Path) -> None:
    first = publish(two, tmp_path)
    log = (tmp_path / "CHANGELOG.md").read_bytes()
    again = publish(two, tmp_path)
    assert (again.version, again.is_new, again.path) == ("1.0.0", False, first.path)
    assert sorted(p.name for p in (tmp_path / "releases").iterdir()) == ["1.0.0"]
    assert (tmp_path / "CHANGELOG.md").read_bytes() == log


def test_a_tightened_column_gives_a_major_release(
    one: dict[str, pd.DataFrame], tmp_path: Path
) -> None:
    """The previous release allowed a precision this code no longer allows."""
    first = publish(one, tmp_path)
    edit_descriptor(
        first.path,
        lambda d: set_field(
            d, "events", "date_precision", enum=["day", "hour", "week", "month", "year"]
        ),
    )
    second = publish(one, tmp_path)
    assert second.version == "2.0.0"
    new = section((second.path / "CHANGELOG.md").read_text(encoding="utf-8"), "2.0.0")
    assert "MAJOR release: the schemas changed since 1.0.0" in new
    assert "- MAJOR: events.date_precision: enum no longer allows 'hour' (tightened)" in new.split(
        "\n"
    )


def test_a_loosened_constraint_gives_a_minor_release(
    one: dict[str, pd.DataFrame], tmp_path: Path
) -> None:
    first = publish(one, tmp_path)
    edit_descriptor(first.path, lambda d: set_field(d, "events", "location", required=True))
    second = publish(one, tmp_path)
    assert second.version == "1.1.0"
    new = section((second.path / "CHANGELOG.md").read_text(encoding="utf-8"), "1.1.0")
    assert new.splitlines()[1] == (
        "MINOR release: tables or columns added, or constraints loosened (see Schema "
        "changes) since 1.0.0."
    )
    assert "- MINOR: events.location: no longer required (loosened)" in new.splitlines()


def test_a_corrected_description_gives_a_patch_release(
    one: dict[str, pd.DataFrame], tmp_path: Path
) -> None:
    first = publish(one, tmp_path)
    edit_descriptor(first.path, lambda d: set_field(d, "events", "summary", description="Old."))
    second = publish(one, tmp_path)
    assert second.version == "1.0.1"
    new = section((second.path / "CHANGELOG.md").read_text(encoding="utf-8"), "1.0.1")
    assert new.splitlines()[1] == "PATCH release: corrections since 1.0.0 that change no record."
    assert "- PATCH: events.summary: description changed" in new.splitlines()


def test_a_rewritten_file_with_the_same_records_gives_a_patch_release(
    one: dict[str, pd.DataFrame], tmp_path: Path
) -> None:
    first = publish(one, tmp_path)
    csv = first.path / "events.csv"
    csv.write_bytes(csv.read_bytes().replace(b"\r\n", b"\n"))  # as an older writer did
    second = publish(one, tmp_path)
    assert second.version == "1.0.1"
    new = section((second.path / "CHANGELOG.md").read_text(encoding="utf-8"), "1.0.1")
    assert "- events.csv: rewritten, records unchanged" in new.splitlines()


def test_a_previous_release_without_a_changelog_gets_a_stub_section(
    one: dict[str, pd.DataFrame], two: dict[str, pd.DataFrame], tmp_path: Path
) -> None:
    first = publish(one, tmp_path)
    (first.path / "CHANGELOG.md").unlink()  # as releases made before changelogs
    log = (publish(two, tmp_path).path / "CHANGELOG.md").read_text(encoding="utf-8")
    assert log.endswith(
        "\n## 1.0.0\n\nNo changelog was published with this release or earlier ones.\n"
    )


def test_changed_rows_are_named_with_their_changed_columns(
    one: dict[str, pd.DataFrame], tmp_path: Path
) -> None:
    publish(one, tmp_path)
    people = one["people"].copy()
    people["mention_count"] = people["mention_count"] + 1
    fewer = one["citation_events"].iloc[:0]
    files = release_files({**one, "people": people, "citation_events": fewer}, "0.0.0")
    comparison = compare(files, tmp_path / "latest")
    assert comparison.level == "minor"
    assert comparison.diffs["people"].changed == [
        (person_id, ["mention_count"]) for person_id in sorted(one["people"]["person_id"])
    ]
    assert comparison.diffs["citation_events"].removed == sorted(
        ids(one["citation_events"], "citation_events")
    )
    assert comparison.diffs["events"].is_empty


@pytest.mark.parametrize(
    ("previous", "level", "expected"),
    [
        (None, "major", "1.0.0"),
        ("1.2.3", "major", "2.0.0"),
        ("1.2.3", "minor", "1.3.0"),
        ("1.2.3", "patch", "1.2.4"),
    ],
)
def test_next_version(previous: str | None, level: str, expected: str) -> None:
    assert next_version(previous, level) == expected


def _schemas() -> dict[str, dict[str, Any]]:
    return {"events": json.loads(json.dumps(table_schema("events")))}


def _edit(schemas: dict[str, dict[str, Any]], column: str, **values: Any) -> None:
    for f in schemas["events"]["fields"]:
        if f["name"] == column:
            for key, value in values.items():
                if value is None:
                    f.pop(key, None)
                    f["constraints"].pop(key, None)
                elif key in ("type", "description"):
                    f[key] = value
                else:
                    f["constraints"][key] = value


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            lambda s: s["events"]["fields"].pop(),
            [SchemaChange("major", "events.mention_count: column removed or renamed")],
        ),
        (
            lambda s: s["events"]["fields"][-1].update(name="mentions"),
            [
                SchemaChange("major", "events.mention_count: column removed or renamed"),
                SchemaChange("minor", "events.mentions: column added"),
            ],
        ),
        (
            lambda s: _edit(s, "outlet_count", type="string"),
            [SchemaChange("major", "events.outlet_count: retyped integer -> string")],
        ),
        (
            lambda s: _edit(s, "location", required=True),
            [SchemaChange("major", "events.location: now required (tightened)")],
        ),
        (
            lambda s: _edit(s, "outlet_count", minimum=1),
            [SchemaChange("major", "events.outlet_count: minimum 0 -> 1 (tightened)")],
        ),
        (
            lambda s: _edit(s, "outlet_count", minimum=None),
            [SchemaChange("minor", "events.outlet_count: minimum 0 removed (loosened)")],
        ),
        (
            lambda s: _edit(
                s,
                "date_precision",
                enum=["day", "week", "month", "quarter", "year", "decade", "century"],
            ),
            [SchemaChange("minor", "events.date_precision: enum now allows 'century' (loosened)")],
        ),
        (
            lambda s: _edit(s, "summary", description="What happened."),
            [SchemaChange("patch", "events.summary: description changed")],
        ),
        (
            lambda s: s["events"]["fields"].insert(0, s["events"]["fields"].pop(1)),
            [SchemaChange("major", "events: columns reordered")],
        ),
        (
            lambda s: s["events"].update(primaryKey=["event_id", "event_type"]),
            [
                SchemaChange(
                    "major",
                    "events: primary key ['event_id'] -> ['event_id', 'event_type']",
                )
            ],
        ),
        (lambda s: s.pop("events"), [SchemaChange("major", "events: table removed")]),
    ],
)
def test_schema_changes_are_classified_by_the_versioning_recipe(
    change: Callable[[dict[str, Any]], object], expected: list[SchemaChange]
) -> None:
    old, new = _schemas(), _schemas()
    change(new)
    assert schema_changes(old, new) == expected


def test_a_pattern_that_keeps_the_old_one_as_an_alternative_is_loosened() -> None:
    """ "(?:A|B)" accepts everything "A" did: a widened vocabulary of values (issue 14)."""
    old, new = _schemas(), _schemas()
    _edit(old, "event_date", pattern=r"\d{4}(?:-\d{2})?")
    _edit(new, "event_date", pattern=r"(?:\d{4}(?:-\d{2})?|\d{4}-Q[1-4])")
    assert schema_changes(old, new) == [
        SchemaChange(
            "minor",
            "events.event_date: pattern "
            + repr(r"\d{4}(?:-\d{2})?")
            + " -> "
            + repr(r"(?:\d{4}(?:-\d{2})?|\d{4}-Q[1-4])")
            + " (loosened)",
        )
    ]
    # and the other way round it is tightened
    assert [c.level for c in schema_changes(new, old)] == ["major"]
    # an alternative inside a group is no top-level alternative: "\d{4}(?:-\d{2}|-Q[1-4])"
    _edit(new, "event_date", pattern=r"\d{4}(?:-\d{2}|-Q[1-4])")
    assert [c.level for c in schema_changes(old, new)] == ["major"]


def test_a_changed_pattern_counts_as_tightened() -> None:
    """Whether one regular expression accepts less than another is not decided: any new
    pattern may reject published values."""
    old, new = _schemas(), _schemas()
    _edit(new, "event_date", pattern=r"\d{4}")
    before = next(f for f in old["events"]["fields"] if f["name"] == "event_date")
    assert schema_changes(old, new) == [
        SchemaChange(
            "major",
            f"events.event_date: pattern {before['constraints']['pattern']!r} -> "
            + repr(r"\d{4}")
            + " (tightened)",
        )
    ]


# --- SQLite ------------------------------------------------------------------------------------


def test_sqlite_database_has_the_tables_with_their_keys_and_foreign_keys_hold(
    two: dict[str, pd.DataFrame], tmp_path: Path
) -> None:
    release = publish(two, tmp_path).path
    database = release / "casefile.db"
    assert database.read_bytes() == sqlite_bytes(two)  # byte-deterministic
    con = sqlite3.connect(database)
    try:
        con.execute("PRAGMA foreign_keys = ON")
        assert con.execute("PRAGMA foreign_key_check").fetchall() == []
        assert con.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        names = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        assert names == list(TABLES)
        for table in TABLES:
            (count,) = con.execute(f'SELECT count(*) FROM "{table}"').fetchone()
            assert count == len(two[table]), table
            info = con.execute(f'PRAGMA table_info("{table}")').fetchall()
            assert [r[1] for r in info] == list(two[table].columns)
            assert [r[1] for r in sorted((r for r in info if r[5]), key=lambda r: r[5])] == (
                PRIMARY_KEYS[table]
            )
            foreign = {
                (table, r[3]): (r[2], r[4])
                for r in con.execute(f'PRAGMA foreign_key_list("{table}")')
            }
            assert foreign == {k: v for k, v in FOREIGN_KEYS.items() if k[0] == table}
        rows = con.execute("SELECT person_id, aliases, roles FROM people ORDER BY person_id")
        for (person_id, aliases, roles), expected in zip(
            rows, two["people"].sort_values("person_id").itertuples(), strict=True
        ):
            assert person_id == expected.person_id
            assert json.loads(aliases) == list(expected.aliases)
            assert json.loads(roles) == list(expected.roles)
        # the keys are enforced: a participant of an unknown event is refused
        with pytest.raises(sqlite3.IntegrityError):
            con.execute(
                "INSERT INTO event_participants "
                "VALUES ('evt-000000000000', ?, 'victim', 'argument')",
                (two["people"]["person_id"].iloc[0],),
            )
    finally:
        con.close()


# --- what a release holds ----------------------------------------------------------------------


def test_new_files_are_checksummed_but_not_data_package_resources(
    two: dict[str, pd.DataFrame], tmp_path: Path
) -> None:
    release = publish(two, tmp_path).path
    names = sorted(p.name for p in release.iterdir())
    tables = sorted(f"{t}.{suffix}" for t in TABLES for suffix in ("csv", "parquet"))
    assert names == sorted([*tables, *EXTRAS, "datapackage.json", "SHA256SUMS"])
    listed = [line.split("  ", 1)[1] for line in (release / "SHA256SUMS").read_text().splitlines()]
    assert listed == sorted(set(names) - {"SHA256SUMS"})
    descriptor = json.loads((release / "datapackage.json").read_text(encoding="utf-8"))
    assert sorted(r["path"] for r in descriptor["resources"]) == tables
    (release / "index.html").write_bytes(b"<p>replaced</p>")
    assert verify_release(release) == [
        "index.html: sha256 differs from SHA256SUMS (file changed or damaged)"
    ]


def test_frictionless_validates_a_release_with_the_new_files(
    two: dict[str, pd.DataFrame], tmp_path: Path
) -> None:
    release = publish(two, tmp_path).path
    result = frictionless_validate(release)
    assert result.returncode == 0, result.stdout[-3000:]


class _Elements(HTMLParser):
    """Every start tag with its attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def test_page_escapes_text_and_refers_to_nothing_outside_the_release(
    two: dict[str, pd.DataFrame],
) -> None:
    events = two["events"].copy()
    events.loc[0, "summary"] = '<script>alert("x")</script> & <b>bold</b>'
    people = two["people"].copy()
    participant = two["event_participants"]["person_id"].iloc[0]
    people.loc[people["person_id"] == participant, "name"] = "<img src=x onerror=alert(1)>"
    tables = {**two, "events": events, "people": people}
    files = release_files(tables, "1.0.0", extras=False)
    descriptor = json.loads(files["datapackage.json"])
    page = index_html(tables, files, descriptor)
    assert "<script>" not in page and "<img" not in page and "<b>" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;" in page
    parser = _Elements()
    parser.feed(page)
    assert not [a for _, a in parser.tags if "src" in a]  # no image, script or frame
    # the one script element is data (schema.org JSON-LD), which no browser runs
    assert [a for tag, a in parser.tags if tag == "script"] == [{"type": "application/ld+json"}]
    hrefs = {a["href"] for tag, a in parser.tags if tag in ("a", "link") and a.get("href")}
    outside = {h for h in hrefs if not h.startswith("#") and "/" in h and h != "data:,"}
    assert outside == {"https://creativecommons.org/licenses/by/4.0/"}  # a link, not a fetch
    items = [a for _, a in parser.tags if a.get("class") == "event"]
    assert sorted(a["data-event-id"] for a in items) == sorted(two["events"]["event_id"])


def test_timeline_marks_each_event_by_its_date_precision(two: dict[str, pd.DataFrame]) -> None:
    files = release_files(two, "1.0.0", extras=False)
    page = index_html(two, files, json.loads(files["datapackage.json"]))
    parser = _Elements()
    parser.feed(page)
    marks = {
        str(attrs["href"]).removeprefix("#event-"): str(attrs["class"])
        for tag, attrs in parser.tags
        if tag == "a" and str(attrs.get("class")).startswith("mark ")
    }
    dated = two["events"][two["events"]["date_start"].notna()]
    assert len(set(zip(dated["date_start"], dated["date_end"], strict=True))) == len(dated)
    assert marks == {  # one mark per date: here every event has its own
        row.event_id: "mark day" if row.date_start == row.date_end else "mark span"
        for row in dated.itertuples()
    }
    assert {"mark day", "mark span"} <= set(marks.values())  # a day and a month are both here
    items = {
        str(attrs["data-event-id"]): attrs["data-precision"]
        for tag, attrs in parser.tags
        if tag == "li" and attrs.get("class") == "event"
    }
    assert items == {
        row.event_id: row.date_precision if isinstance(row.date_precision, str) else "unknown"
        for row in two["events"].itertuples()
    }


def test_validate_can_require_the_major_version_a_consumer_expects(
    two: dict[str, pd.DataFrame], tmp_path: Path
) -> None:
    release = str(publish(two, tmp_path).path)
    ok = CliRunner().invoke(app, ["validate", release, "--major", "1"])
    assert ok.exit_code == 0, ok.output
    newer = CliRunner().invoke(app, ["validate", release, "--major", "2"])
    assert newer.exit_code == 1
    assert "data version MAJOR is 1, not 2: the published schema changed" in " ".join(
        newer.output.split()
    )


# --- citation and contract ---------------------------------------------------------------------


def test_citation_file_is_generated_and_each_release_names_its_version(
    two: dict[str, pd.DataFrame], tmp_path: Path
) -> None:
    top = (ROOT / "CITATION.cff").read_text(encoding="utf-8")
    assert top == citation_cff(), "CITATION.cff is stale: run `make citation`"
    release = publish(two, tmp_path).path
    copy = yaml.safe_load((release / "CITATION.cff").read_text(encoding="utf-8"))
    assert {k: copy[k] for k in ("cff-version", "type", "license", "version")} == {
        "cff-version": "1.2.0",
        "type": "dataset",
        "license": "CC-BY-4.0",
        "version": "1.0.0",
    }
    assert copy["title"] == json.loads((release / "datapackage.json").read_text())["title"]


def test_schema_contract_matches_the_schemas() -> None:
    problems = check()
    assert problems == [], "\n".join(problems)


def test_schema_contract_says_what_to_do_when_the_schemas_change(tmp_path: Path) -> None:
    """A published release whose schema allowed more than schemas/ now does: the stored
    contract (major 1) is stale, and `make contract` records MAJOR 2."""
    published = {
        "version": "1.4.0",
        "resources": [{"name": t, "format": "csv", "schema": table_schema(t)} for t in TABLES],
    }
    precisions = ["day", "hour", "week", "month", "quarter", "year", "decade"]
    set_field(published, "events", "date_precision", enum=precisions)
    path = tmp_path / "contract.json"
    stale = generate(published)
    stale["major"] = 1
    stale["schemas"]["events"] = next(
        r["schema"] for r in published["resources"] if r["name"] == "events"
    )
    path.write_text(json.dumps(stale), encoding="utf-8")
    problems = check(path, published)
    assert problems == [
        "contract.json does not match schemas/ (MAJOR change; data version MAJOR 1 -> 2): "
        "run `make contract` and commit contract.json with the change",
        "  MAJOR: events.date_precision: enum no longer allows 'hour' (tightened)",
    ]
    assert update(path, published)["major"] == 2
    assert check(path, published) == []
