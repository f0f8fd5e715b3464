"""``index.html``: a release's own page, and the other files a release offers people.

The page is one static file with its styles inline and no script, font or image from
anywhere else (its one script element is schema.org JSON-LD, data no browser runs), so it
works from the file system and over HTTP with no network. It says what the dataset is and
its licence, lists every table with its rows and file sizes (each size a download link),
draws the events on a timeline (HTML and CSS made here, at build time: a strip per year,
each event's full text in the year's list) and holds, each behind a closed <details> whose
summary is its heading, how to load and cite it, the sha256 of every file, the data
dictionary generated from ``schemas/`` and the vocabularies: with 500 events the page is
under three screens as it opens, at 390 px and at 1280 px. It reads at any width from
390 px and by keyboard alone (every mark and table name is a link; following it opens the
<details> it leads into). Every piece of text is escaped.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from html import escape
from typing import Any

import pandas as pd

from flows.release.changelog import CHANGELOG
from flows.release.citation import AUTHOR, CITATION_FILE, KEYWORDS, citation_cff, citation_text
from flows.release.package import CHECKSUMS, DESCRIPTOR
from flows.release.sqlite import (
    DATASETTE_METADATA,
    SQLITE_FILE,
    datasette_metadata_bytes,
    sqlite_bytes,
)
from schemas import vocabularies
from schemas.describe import table_description, table_schema
from schemas.tables import TABLES

INDEX = "index.html"

# The timeline: one strip per year, its marks packed into lanes. A mark (one per distinct
# date, however many events share it) is placed by percent of its year, so the strip keeps
# its shape at any width; a day's dot (.75rem) is given DOT_PERCENT of the year when packing
# (wider than the dot at 390 px), so no two marks in a lane overlap at any width. From
# WIDE_SCREEN on (56rem: the strip is then at least 52rem wide), the page uses a second
# packing that gives a dot WIDE_DOT_PERCENT (fewer lanes: a wide strip holds more marks side
# by side); the stylesheet chooses between the two (--ln and --lw), no script is needed.
DOT_PERCENT = 3.6
WIDE_DOT_PERCENT = 1.5
WIDE_SCREEN = "56rem"
# A year's list of events is open on the page when the release has at most this many
# events; with more, each year's list opens with a click or Enter (or a mark's link).
OPEN_LIMIT = 40
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

# One line each to load a table, run in the release folder (tests/test_load.py runs the
# Python ones; the README shows the same lines).
LOAD_SNIPPETS: tuple[tuple[str, str], ...] = (
    ("pandas", 'import pandas as pd; events = pd.read_parquet("events.parquet")'),
    ("DuckDB", "import duckdb; events = duckdb.sql(\"SELECT * FROM 'events.parquet'\")"),
    ("R (arrow)", 'events <- arrow::read_parquet("events.parquet")'),
    ("casefile", 'from flows.release import load; people = load(".")["people"]'),
)


def extra_files(
    tables: dict[str, pd.DataFrame],
    files: dict[str, bytes],
    descriptor: dict[str, Any],
    changelog: str,
) -> dict[str, bytes]:
    """The files of a release besides the tables, datapackage.json and SHA256SUMS:
    casefile.db, metadata.json (datasette's), CHANGELOG.md, CITATION.cff and index.html."""
    version = str(descriptor["version"])
    extras = {
        SQLITE_FILE: sqlite_bytes(tables),
        DATASETTE_METADATA: datasette_metadata_bytes(descriptor),
        CHANGELOG: changelog.encode("utf-8"),
        CITATION_FILE: citation_cff(version).encode("utf-8"),
    }
    extras[INDEX] = index_html(tables, {**files, **extras}, descriptor).encode("utf-8")
    return extras


# --- the timeline ------------------------------------------------------------------------------


@dataclass(frozen=True)
class TimelineEvent:
    event_id: str
    event_type: str
    event_date: str | None
    precision: str | None
    start: dt.date | None
    end: dt.date | None
    summary: str
    people: list[str]  # "name (role)"
    outlets: list[str]

    @property
    def is_point(self) -> bool:
        return self.start == self.end


def timeline_events(tables: dict[str, pd.DataFrame]) -> list[TimelineEvent]:
    """Every event with its people (event_participants -> people) and the outlets that
    report it (cited outlets via citation_events, and the publishers of the articles that
    mention it), dated ones first in date order, then undated ones."""
    from flows.extract.outlets import load_outlets

    names = {r["person_id"]: r["name"] for r in _rows(tables["people"])}
    people: dict[str, list[str]] = {}
    for r in _rows(tables["event_participants"]):
        name = names.get(r["person_id"], r["person_id"])
        people.setdefault(r["event_id"], []).append(f"{name} ({r['role']})")
    outlets: dict[str, set[str]] = {}
    cited = {r["citation_id"]: r["outlet"] for r in _rows(tables["citations"]) if r["outlet"]}
    for r in _rows(tables["citation_events"]):
        if r["citation_id"] in cited:
            outlets.setdefault(r["event_id"], set()).add(cited[r["citation_id"]])
    index = load_outlets()
    publisher = {
        r["article_id"]: index.lookup(r["outlet"]) or r["outlet"]
        for r in _rows(tables["articles"])
        if r["outlet"]
    }
    for r in _rows(tables["event_mentions"]):
        if r["article_id"] in publisher:
            outlets.setdefault(r["event_id"], set()).add(publisher[r["article_id"]])
    events = [
        TimelineEvent(
            event_id=r["event_id"],
            event_type=r["event_type"],
            event_date=r["event_date"],
            precision=r["date_precision"],
            start=_day(r["date_start"]),
            end=_day(r["date_end"]),
            summary=r["summary"],
            people=sorted(people.get(r["event_id"], [])),
            outlets=sorted(outlets.get(r["event_id"], set())),
        )
        for r in _rows(tables["events"])
    ]
    dated = sorted(
        (e for e in events if e.start and e.end),
        key=lambda e: (e.start, e.end, e.event_type, e.event_id),
    )
    return dated + [e for e in events if not (e.start and e.end)]


@dataclass(frozen=True)
class Mark:
    """One mark on a year's strip: every event of one date (same first and last day)."""

    start: dt.date
    end: dt.date
    events: tuple[TimelineEvent, ...]
    left: float  # percent of the year
    width: float  # percent of the year (0 for a day's dot)
    lane: int


def year_marks(
    events: list[TimelineEvent], year: int, dot_percent: float = DOT_PERCENT
) -> list[Mark]:
    """The marks of one year's dated events, packed first-fit into lanes: the widest
    first (a year, then months), then days in date order; a lane never holds two marks
    that overlap (a day's dot taken as ``dot_percent`` of the year wide)."""
    first = dt.date(year, 1, 1)
    days = (dt.date(year + 1, 1, 1) - first).days
    groups: dict[tuple[dt.date, dt.date], list[TimelineEvent]] = {}
    for event in events:
        assert event.start and event.end
        groups.setdefault((event.start, event.end), []).append(event)

    def span(key: tuple[dt.date, dt.date]) -> tuple[float, float]:
        start, end = max(key[0], first), min(key[1], dt.date(year, 12, 31))
        left = (start - first).days / days * 100
        width = 0.0 if key[0] == key[1] else ((end - start).days + 1) / days * 100
        return left, width

    order = sorted(groups, key=lambda k: (-(k[1] - k[0]).days, k))
    lanes: list[list[tuple[float, float]]] = []
    marks = []
    for key in order:
        left, width = span(key)
        lo, hi = (left, left + width) if width else (left - dot_percent / 2, left + dot_percent / 2)
        lane = next(
            (i for i, taken in enumerate(lanes) if all(hi <= a or lo >= b for a, b in taken)),
            len(lanes),
        )
        if lane == len(lanes):
            lanes.append([])
        lanes[lane].append((lo, hi))
        marks.append(Mark(key[0], key[1], tuple(groups[key]), left, width, lane))
    return sorted(marks, key=lambda m: (m.start, m.end))


def timeline_html(events: list[TimelineEvent], *, open_lists: bool | None = None) -> str:
    """The timeline: per year, a strip of marks over a month axis (a dot for a day, a bar
    for the days a month or year covers; each a link to its events), then the year's
    events in full, as text that wraps at any width (open when the release is small)."""
    dated = [e for e in events if e.start and e.end]
    undated = [e for e in events if not (e.start and e.end)]
    if open_lists is None:
        open_lists = len(events) <= OPEN_LIMIT
    attr = " open" if open_lists else ""
    out = []
    if not dated:
        out.append('<p class="note">No event has a date.</p>')
    years = sorted({e.start.year for e in dated if e.start})
    for year in years:
        in_year = [e for e in dated if e.start and e.start.year == year]
        marks = year_marks(in_year, year)
        wide = {(m.start, m.end): m.lane for m in year_marks(in_year, year, WIDE_DOT_PERCENT)}
        lanes = (max(m.lane for m in marks) + 1, max(wide.values()) + 1)
        noun = "event" if len(in_year) == 1 else "events"
        out.append(
            f'<section class="year" id="year-{year}" aria-labelledby="year-{year}-h">'
            f'<h3 id="year-{year}-h">{year} <span class="count">{len(in_year)} {noun}</span></h3>'
            f'<div class="strip" style="--ln:{lanes[0]};--lw:{lanes[1]}">'
            '<div class="axis" aria-hidden="true">'
            + "".join(
                f'<span style="left:{_month_left(year, m):.2f}%">{name}</span>'
                for m, name in enumerate(MONTHS, 1)
            )
            + "</div>"
            + "".join(_mark_html(mark, wide[mark.start, mark.end]) for mark in marks)
            + "</div>"
            f'<details class="events"{attr}><summary>The {len(in_year)} {noun} of {year}'
            '</summary><ol class="events">'
            + "".join(_event_item(e) for e in in_year)
            + "</ol></details></section>"
        )
    noun = "event" if len(undated) == 1 else "events"
    out.append(
        '<section class="year" id="undated-events"><h3>Undated '
        f'<span class="count">{len(undated)} {noun}</span></h3>'
        f'<details class="events"{attr}><summary>The {len(undated)} undated {noun}</summary>'
        '<ol class="events" id="undated">'
        + ("".join(_event_item(e) for e in undated) or '<li class="none">None.</li>')
        + "</ol></details></section>"
    )
    return "".join(out)


def _month_left(year: int, month: int) -> float:
    first = dt.date(year, 1, 1)
    days = (dt.date(year + 1, 1, 1) - first).days
    return (dt.date(year, month, 1) - first).days / days * 100


def _mark_html(mark: Mark, wide_lane: int) -> str:
    head = mark.events[0]
    date = head.event_date or mark.start.isoformat()
    if len(mark.events) == 1:
        label = f"{date}: {head.event_type}: {head.summary}"
    else:
        label = f"{date}: {len(mark.events)} events: " + "; ".join(
            e.event_type for e in mark.events
        )
    kind = "day" if mark.width == 0 else "span"
    style = f"left:{mark.left:.2f}%;--ln:{mark.lane};--lw:{wide_lane}"
    if mark.width:
        style += f";width:{mark.width:.2f}%"
    count = str(len(mark.events)) if len(mark.events) > 1 else ""
    return (
        f'<a class="mark {kind}" href="#event-{escape(head.event_id)}" style="{style}" '
        f'data-precision="{escape(head.precision or "unknown")}" '
        f'aria-label="{escape(label)}" title="{escape(label)}">{count}</a>'
    )


def _event_item(event: TimelineEvent) -> str:
    date = event.event_date or "undated"
    return (
        f'<li class="event" id="event-{escape(event.event_id)}" '
        f'data-event-id="{escape(event.event_id)}" '
        f'data-precision="{escape(event.precision or "unknown")}">'
        f'<div class="head">{escape(date)} · {escape(event.event_type)}'
        f" · {escape(_precision_words(event.precision))}</div>"
        f'<p class="summary">{escape(event.summary)}</p>'
        f'<p class="who">{escape(_who(event))} · <code>{escape(event.event_id)}</code></p></li>'
    )


def _precision_words(precision: str | None) -> str:
    return {
        "day": "on that day",
        "week": "some day that week",
        "month": "some day that month",
        "quarter": "some day that quarter",
        "year": "some day that year",
        "decade": "some year that decade",
    }.get(precision or "", "precision unknown")


def _who(event: TimelineEvent) -> str:
    people = ", ".join(event.people) or "no one named"
    outlets = ", ".join(event.outlets) or "none named"
    return f"People: {people} · Outlets: {outlets}"


# --- the page ----------------------------------------------------------------------------------


def index_html(
    tables: dict[str, pd.DataFrame], files: dict[str, bytes], descriptor: dict[str, Any]
) -> str:
    """The release's page (files: every other file of the release, by name)."""
    version = str(descriptor["version"])
    title = str(descriptor.get("title", "casefile"))
    licence = descriptor["licenses"][0]
    events = timeline_events(tables)
    undated = [e for e in events if not (e.start and e.end)]
    body = [
        f"<header><h1>{escape(title)}</h1>",
        f'<p class="meta">Release <strong>{escape(version)}</strong> · licence '
        f'<a href="{escape(str(licence.get("path", "")))}" rel="license">'
        f"{escape(str(licence['name']))}</a></p>",
        f"<p>{escape(str(descriptor.get('description', '')))}</p>",
        '<nav><a href="#download">Download</a> · <a href="#load">Load it</a>'
        ' · <a href="#cite">Cite it</a> · <a href="#timeline">Timeline</a>'
        ' · <a href="#dictionary">Data dictionary</a>'
        ' · <a href="#vocabularies">Vocabularies</a></nav></header>',
        _downloads(tables, files),
        _load_it(),
        _cite(version, licence),
        '<section id="timeline"><h2>Timeline</h2>',
        f'<p class="note">{len(events) - len(undated)} dated events by year: a dot for a day, '
        "a bar for a month or a year (a number: that many events on one date). A mark links "
        "to its events' text, people and outlets.</p>",
        timeline_html(events),
        "</section>",
        _dictionary(),
        _vocabularies(),
    ]
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)} {escape(version)}</title>"
        '<link rel="icon" href="data:,">'
        f"<style>{_CSS}</style>"
        f'<script type="application/ld+json">{_script_json(dataset_jsonld(files, descriptor))}'
        "</script></head>\n<body>\n" + "\n".join(body) + "\n</body></html>\n"
    )


# --- schema.org -------------------------------------------------------------------------------

# Media types of the files a release offers (schema.org encodingFormat).
MEDIA_TYPES = {
    ".parquet": "application/vnd.apache.parquet",
    ".csv": "text/csv",
    ".db": "application/vnd.sqlite3",
    ".json": "application/json",
    ".md": "text/markdown",
    ".cff": "application/x-yaml",
}


def dataset_jsonld(files: dict[str, bytes], descriptor: dict[str, Any]) -> dict[str, Any]:
    """schema.org ``Dataset`` of a release, for search engines and data catalogues: name,
    description, version, licence, creator, and a ``DataDownload`` per file (its URL
    relative to the page, media type, size and sha256)."""
    version = str(descriptor["version"])
    licence = descriptor["licenses"][0]
    distribution = [
        {
            "@type": "DataDownload",
            "name": name,
            "contentUrl": name,
            "encodingFormat": MEDIA_TYPES[suffix],
            "contentSize": f"{len(data)} B",
            "sha256": hashlib.sha256(data).hexdigest(),
        }
        for name, data in sorted(files.items())
        if (suffix := "." + name.rsplit(".", 1)[-1]) in MEDIA_TYPES
    ]
    return {
        "@context": "https://schema.org/",
        "@type": "Dataset",
        "name": str(descriptor.get("title", "casefile")),
        "description": str(descriptor.get("description", "")),
        "version": version,
        "license": str(licence.get("path", licence["name"])),
        "creator": {"@type": "Organization", "name": AUTHOR},
        "citation": citation_text(version),
        "keywords": KEYWORDS,
        "isAccessibleForFree": True,
        "variableMeasured": [
            f"{table}.{field['name']}"
            for table in TABLES
            for field in table_schema(table)["fields"]
        ],
        "distribution": distribution,
    }


def _script_json(data: dict[str, Any]) -> str:
    """JSON inside <script>: no '<', '>' or '&' (so no '</script>' can end it early)."""
    text = json.dumps(data, ensure_ascii=False, indent=1)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _fold(section_id: str, heading: str, hint: str, content: str) -> str:
    """A section that opens with a click or Enter: its heading and a line saying what is in
    it stay on the page, the content is one keypress away (closed, so the page stays short;
    a link into the content opens it)."""
    return (
        f'<section id="{section_id}"><details class="fold"><summary><h2>{escape(heading)}</h2> '
        f'<span class="hint">{escape(hint)}</span></summary>{content}</details></section>'
    )


def _downloads(tables: dict[str, pd.DataFrame], files: dict[str, bytes]) -> str:
    rows = []
    for table in TABLES:
        cells = [
            f'<th scope="row"><a href="#table-{escape(table)}">{escape(table)}</a></th>',
            f'<td class="num">{len(tables[table])}</td>',
        ]
        for name in (f"{table}.parquet", f"{table}.csv"):
            cells.append(f'<td class="num">{_size_link(name, files.get(name))}</td>')
        rows.append("<tr>" + "".join(cells) + "</tr>")
    others = [
        (SQLITE_FILE, "SQLite, every table"),
        (DATASETTE_METADATA, "for datasette"),
        (DESCRIPTOR, "Frictionless: Table Schemas"),
        (CHANGELOG, "what changed"),
        (CITATION_FILE, "how to cite"),
    ]
    also = "".join(
        f"<li>{_file_link(name, files.get(name))} ({escape(what)})</li>" for name, what in others
    )
    sums = "".join(
        f"<li><code>{escape(name)}</code> {len(data)} bytes "
        f'<code class="sha">sha256:{hashlib.sha256(data).hexdigest()}</code></li>'
        for name, data in sorted(files.items())
        if name != CHECKSUMS  # SHA256SUMS lists this page: it cannot list SHA256SUMS
    )
    return (
        '<section id="download"><h2>Download</h2>'
        "<p>Parquet (zstd) and CSV (UTF-8, lists as JSON arrays); a table's name leads to "
        "its columns.</p>"
        '<table class="files"><thead><tr><th scope="col">table</th><th scope="col" '
        'class="num">rows</th><th scope="col" class="num">Parquet</th><th scope="col" '
        'class="num">CSV</th></tr></thead><tbody>' + "".join(rows) + "</tbody></table>"
        f'<ul class="also">{also}</ul>'
        '<details class="sums"><summary>Check a download: sha256 of each file'
        "</summary><p><code>sha256sum -c SHA256SUMS</code> checks every file (listed in "
        f'<a class="download" href="{CHECKSUMS}">{CHECKSUMS}</a>); <code>casefile validate '
        "FOLDER</code> also checks every table against its schema.</p>"
        f'<ul class="sums">{sums}</ul></details></section>'
    )


def _load_it() -> str:
    rows = "".join(
        f'<tr><th scope="row">{escape(tool)}</th><td><code>{escape(line)}</code></td></tr>'
        for tool, line in LOAD_SNIPPETS
    )
    tools = ", ".join(tool.split(" (")[0] for tool, _ in LOAD_SNIPPETS if tool != "casefile")
    return _fold(
        "load",
        "Load it",
        f"{tools}, datasette",
        "<p>In the release folder. The casefile line reads the CSV files as the schemas type "
        "them (lists decoded, integers as integers); with plain <code>pandas.read_csv</code>, "
        'decode the list columns with <code>converters={"aliases": json.loads, "roles": '
        "json.loads}</code>.</p>"
        f'<table class="load"><tbody>{rows}</tbody></table>'
        "<p>Browse the database: <code>datasette -i casefile.db --metadata metadata.json</code>"
        " or <code>sqlite3 casefile.db</code>.</p>",
    )


def _cite(version: str, licence: dict[str, Any]) -> str:
    return _fold(
        "cite",
        "Cite it",
        "citation, licence",
        f'<blockquote class="citation">{escape(citation_text(version))}</blockquote>'
        f'<p>Citation metadata: <a class="download" href="{CITATION_FILE}">{CITATION_FILE}</a>'
        " (Citation File Format). The data is published under the "
        f'<a href="{escape(str(licence.get("path", "")))}" rel="license">'
        f"{escape(str(licence.get('title', licence['name'])))}</a> "
        f"({escape(str(licence['name']))}) licence: you may share and adapt it, giving "
        "credit.</p>",
    )


def _file_link(name: str, data: bytes | None) -> str:
    """A link to a file, its name the link's text, and its size."""
    size = f' <span class="size">{_size(len(data))}</span>' if data is not None else ""
    return f'<a class="download" href="{escape(name)}">{escape(name)}</a>{size}'


def _size_link(name: str, data: bytes | None) -> str:
    """A link to a file in a table whose column names its format: the size is the link's
    text, its accessible name the file's name and size."""
    size = _size(len(data)) if data is not None else escape(name)
    return (
        f'<a class="download" href="{escape(name)}" aria-label="{escape(name)}, {size}">{size}</a>'
    )


def _size(n: int) -> str:
    if n < 1000:
        return f"{n} B"
    if n < 1_000_000:
        return f"{n / 1000:.1f} kB"
    return f"{n / 1_000_000:.1f} MB"


def _dictionary() -> str:
    out = []
    for table in TABLES:
        schema = table_schema(table)
        keys = ", ".join(schema["primaryKey"])
        refs = "; ".join(
            f"{', '.join(fk['fields'])} → {fk['reference']['resource']}."
            f"{', '.join(fk['reference']['fields'])}"
            for fk in schema.get("foreignKeys", [])
        )
        fields = schema["fields"]
        out.append(
            f'<details class="table"><summary><h3>{escape(table)}</h3> '
            f'<span class="hint">{len(fields)} columns</span>'
            f'</summary><p id="table-{escape(table)}">{escape(table_description(table))} '
            f"Primary key: <code>{escape(keys)}</code>."
            + (f" Foreign keys: {escape(refs)}." if refs else "")
            + "</p>"
            '<table class="dictionary"><thead><tr><th>column</th><th>type</th>'
            "<th>required</th><th>constraints</th><th>description</th></tr></thead><tbody>"
        )
        for field in fields:
            kind = field["type"] + (
                f" of {field['arrayItem']['type']}" if "arrayItem" in field else ""
            )
            constraints = _constraints(field["constraints"])
            out.append(
                f"<tr><td><code>{escape(field['name'])}</code></td>"
                f'<td data-label="type">{escape(kind)}</td>'
                f'<td data-label="required">'
                f"{'yes' if field['constraints'].get('required') else 'no'}</td>"
                + (
                    f'<td data-label="constraints">{escape(constraints)}</td>'
                    if constraints
                    else '<td class="empty"></td>'
                )
                + f"<td>{escape(str(field.get('description', '')))}</td></tr>"
            )
        out.append("</tbody></table></details>")
    return _fold(
        "dictionary",
        "Data dictionary",
        "every column",
        "".join(out),
    )


def _constraints(constraints: dict[str, Any]) -> str:
    parts = []
    for key, value in constraints.items():
        if key == "required":
            continue
        if key == "unique":
            parts.append("unique")
        elif key == "enum":
            parts.append("one of: " + ", ".join(map(str, value)))
        else:
            parts.append(f"{key}: {json.dumps(value, ensure_ascii=False)}")
    return "; ".join(parts)


def _vocabularies() -> str:
    sections = [
        ("Event types (events.event_type)", vocabularies.EVENT_TYPES),
        ("Participant roles (event_participants.role)", vocabularies.PARTICIPANT_ROLES),
        ("Participant evidence (event_participants.evidence)", vocabularies.PARTICIPANT_EVIDENCE),
        ("Source types (citations.source_type)", vocabularies.SOURCE_TYPES),
        ("Date precisions (date_precision, cited_date_precision)", vocabularies.DATE_PRECISIONS),
        ("Date resolutions (events.date_resolution)", vocabularies.DATE_RESOLUTIONS),
    ]
    out = []
    for heading, terms in sections:
        out.append(f"<h3>{escape(heading)}</h3><dl>")
        out += [f"<dt>{escape(k)}</dt><dd>{escape(v)}</dd>" for k, v in terms.items()]
        out.append("</dl>")
    return _fold(
        "vocabularies",
        "Vocabularies",
        "coded values",
        "".join(out),
    )


def _rows(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """The rows of a table as dicts of plain values: text (or None) and lists."""
    return [
        {str(k): list(v) if _is_list(v) else _text(v) for k, v in r.items()}
        for r in frame.to_dict("records")
    ]


def _is_list(value: Any) -> bool:
    return hasattr(value, "__len__") and not isinstance(value, str | bytes)


def _text(value: Any) -> str | None:
    return None if value is None or pd.isna(value) else str(value)


def _day(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


_CSS = """
*,*::before,*::after{box-sizing:border-box}
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0 auto;
max-width:72rem;padding:.6rem 1.5rem 1.5rem;color:#1d1d1f;line-height:1.45;
overflow-wrap:anywhere}
h1{font-size:1.6rem;line-height:1.25;margin:.4rem 0 .2rem}
header p{margin:.3rem 0}.meta{color:#444;font-size:.92rem}
h2{font-size:1.3rem;border-bottom:1px solid #ddd;margin:1.1rem 0 .4rem}
a{color:#0b57d0}
a:focus-visible,summary:focus-visible{outline:3px solid #b3261e;outline-offset:2px}
code{font-size:.88em}
summary{cursor:pointer}
details.fold>summary{border-bottom:1px solid #ddd;margin:1.1rem 0 .4rem;padding-bottom:.1rem}
details.fold>summary h2{display:inline;border:0;margin:0}
.hint{color:#555;font-size:.9rem}
details.table>summary{padding:.25rem 0}details.table>summary h3{display:inline;font-size:1rem}
details.table p{scroll-margin-top:3rem}
table{border-collapse:collapse;width:100%;margin:.6rem 0;font-size:.92rem}
th,td{border-bottom:1px solid #e3e3e3;padding:.3rem .5rem;text-align:left;vertical-align:top;
overflow-wrap:break-word}
.num{text-align:right}.size{color:#555;font-size:.85rem}
table.files{width:auto;min-width:min(100%,32rem);margin:.4rem 0}
table.files th,table.files td{padding:.25rem .5rem;white-space:nowrap}
ul.also{list-style:none;padding:0;margin:.4rem 0;font-size:.92rem}
ul.also li{display:inline}ul.also li+li::before{content:" · ";color:#555}
details.sums>summary{color:#0b57d0;padding:.2rem 0}
ul.sums{list-style:none;padding:0;font-size:.9rem}ul.sums li{margin:.2rem 0}
code.sha{display:block;color:#555;word-break:break-all}
table.load code{white-space:pre-wrap}
blockquote.citation{border-left:4px solid #0b57d0;margin:.5rem 0;padding:.4rem .8rem;
background:#f4f7fd}
.note{margin:.3rem 0;font-size:.92rem}
.year{position:relative;margin:.3rem 0 .5rem}.year h3{margin:0 0 .15rem;font-size:1.1rem}
.count{color:#555;font-size:.9rem;font-weight:normal}
.strip{--lane:1.05rem;position:relative;margin:0 .4rem;border-bottom:1px solid #d0d0d8;
height:calc(1.4rem + var(--ln) * var(--lane));
background:repeating-linear-gradient(#fff 0 var(--lane),#f7f7f9 var(--lane) calc(2 * var(--lane)));
background-position:0 1.4rem}
.axis{position:absolute;inset:0;font-size:.75rem;line-height:1.4rem;color:#555}
.axis span{position:absolute;top:0;bottom:0;padding-left:2px;border-left:1px solid #d0d0d8}
.mark{position:absolute;top:calc(1.4rem + var(--ln) * var(--lane));display:block;
height:calc(var(--lane) - .2rem);margin-top:.1rem;text-decoration:none;
color:#fff;font-size:.7rem;line-height:1rem;text-align:center;font-weight:600}
.mark.day{width:.75rem;height:.75rem;margin-top:calc(var(--lane) / 2 - .375rem);
margin-left:-.375rem;font-size:.55rem;line-height:.75rem;border-radius:50%;background:#b3261e}
.mark.span{min-width:3px;border-radius:3px;background:rgba(11,87,208,.55);
border:1px solid #0b57d0}
.mark:hover,.mark:focus-visible{z-index:1;box-shadow:0 0 0 3px #fde293}
details.events>summary{color:#0b57d0;padding:0 .2rem;position:absolute;top:0;right:0;
line-height:1.6rem}
details.events[open]>summary{position:static}
ol.events{list-style:none;padding:0;margin:.2rem 0}
ol.events li{padding:.45rem .5rem;border-bottom:1px solid #eee}
ol.events li:target{background:#fff8dc}
ol.events .head{font-weight:600}ol.events p{margin:.15rem 0}
ol.events .who{color:#555;font-size:.85rem}
footer{margin-top:1.2rem;color:#555;font-size:.9rem}
@media (min-width:WIDE_SCREEN){
.strip{--lane:1.2rem;height:calc(1.4rem + var(--lw) * var(--lane))}
.mark{top:calc(1.4rem + var(--lw) * var(--lane))}
}
@media (max-width:640px){
body{padding:.4rem .9rem 1rem}
h1{font-size:1.3rem}
table.dictionary thead{position:absolute;left:-9999px}
table.dictionary,table.dictionary tbody,table.dictionary tr,table.dictionary td,
table.load,table.load tbody,table.load tr,table.load th,table.load td{display:block;
width:100%}
table.dictionary tr,table.load tr{border-bottom:1px solid #ccc;padding:.3rem 0}
table.dictionary td,table.load th,table.load td{border:0;padding:.1rem .3rem;text-align:left}
table.dictionary td.empty{display:none}
table.dictionary td[data-label=type],table.dictionary td[data-label=required]{
display:inline-block;width:auto}
td[data-label]::before{content:attr(data-label) ": ";color:#555;font-size:.85rem}
table.files{font-size:.88rem;line-height:1.3}
table.files th,table.files td{padding:.2rem .3rem}
.strip{--lane:.95rem}
.axis span:nth-child(even){color:transparent}
}
""".replace("WIDE_SCREEN", WIDE_SCREEN)
