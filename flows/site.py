"""``index.html``: a release's own page, and the other files a release offers people.

The page is one static file with its styles inline and no script, font or image from
anywhere else (its one script element is schema.org JSON-LD, data no browser runs), so it
works from the file system and over HTTP with no network. It says what the dataset is,
its licence and how to cite it, lists every file with its size and sha256, draws the
events on a timeline (an SVG made here, at build time) and holds the data dictionary
generated from ``schemas/``. Every piece of text is escaped.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from html import escape
from typing import Any

import pandas as pd

from flows.changelog import CHANGELOG
from flows.citation import AUTHOR, CITATION_FILE, KEYWORDS, citation_cff, citation_text
from flows.sqlite import DATASETTE_METADATA, SQLITE_FILE, datasette_metadata_bytes, sqlite_bytes
from schemas import vocabularies
from schemas.describe import table_description, table_schema, table_title
from schemas.tables import TABLES

INDEX = "index.html"
CHECKSUMS = "SHA256SUMS"
DESCRIPTOR = "datapackage.json"

# Timeline geometry (SVG user units).
WIDTH = 1000
TRACK_LEFT, TRACK_RIGHT = 16, 380
LABEL_LEFT = 400
AXIS_HEIGHT = 36
LANE = 58
LABEL_CHARS = 92

# One line each to load a table, run in the release folder (tests/test_load.py runs the
# Python ones; the README shows the same lines).
LOAD_SNIPPETS: tuple[tuple[str, str], ...] = (
    ("pandas", 'import pandas as pd; events = pd.read_parquet("events.parquet")'),
    ("DuckDB", "import duckdb; events = duckdb.sql(\"SELECT * FROM 'events.parquet'\")"),
    ("R (arrow)", 'events <- arrow::read_parquet("events.parquet")'),
    ("casefile", 'from flows.load import load; people = load(".")["people"]'),
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


def timeline_svg(events: list[TimelineEvent]) -> str:
    """One lane per dated event: a point for a day, a bar over the days a month or
    year covers, and its date, type, summary, people and outlets beside it."""
    dated = [e for e in events if e.start and e.end]
    if not dated:
        return '<p class="note">No event has a date.</p>'
    first = min(e.start for e in dated if e.start)
    last = max(e.end for e in dated if e.end) + dt.timedelta(days=1)
    if (last - first).days < 30:
        middle = first + (last - first) / 2
        first, last = middle - dt.timedelta(days=15), middle + dt.timedelta(days=15)
    span = (last - first).days

    def x(day: dt.date) -> float:
        return TRACK_LEFT + (day - first).days / span * (TRACK_RIGHT - TRACK_LEFT)

    height = AXIS_HEIGHT + LANE * len(dated) + 8
    out = [
        f'<svg class="timeline" viewBox="0 0 {WIDTH} {height}" width="100%" role="img" '
        f'aria-label="Timeline of {len(dated)} dated events" xmlns="http://www.w3.org/2000/svg">'
    ]
    bottom = height - 8
    out += [
        f'<rect class="lane" x="0" y="{AXIS_HEIGHT + lane * LANE}" width="{WIDTH}" '
        f'height="{LANE}"/>'
        for lane in range(0, len(dated), 2)
    ]
    for tick, label in _ticks(first, last):
        tx = f"{x(tick):.1f}"
        out.append(
            f'<line class="tick" x1="{tx}" y1="{AXIS_HEIGHT - 6}" x2="{tx}" y2="{bottom}"/>'
            f'<text class="tick-label" x="{tx}" y="{AXIS_HEIGHT - 12}" text-anchor="middle">'
            f"{escape(label)}</text>"
        )
    for lane, event in enumerate(dated):
        assert event.start and event.end
        top = AXIS_HEIGHT + lane * LANE
        mid = top + 16
        x0 = x(event.start)
        x1 = x(event.end + dt.timedelta(days=1))
        precision = event.precision or "unknown"
        out.append(
            f'<g class="event" data-event-id="{escape(event.event_id)}" '
            f'data-precision="{escape(precision)}">'
            f"<title>{escape(_tooltip(event))}</title>"
        )
        if event.is_point:
            cx = (x0 + x1) / 2
            out.append(f'<circle class="mark day" cx="{cx:.1f}" cy="{mid}" r="5"/>')
            end_x = cx + 5
        else:
            width = max(x1 - x0, 3.0)
            out.append(
                f'<rect class="mark span" x="{x0:.1f}" y="{mid - 5}" width="{width:.1f}" '
                f'height="10" rx="3"/>'
            )
            end_x = x0 + width
        out.append(
            f'<line class="leader" x1="{end_x + 3:.1f}" y1="{mid}" x2="{LABEL_LEFT - 6}" '
            f'y2="{mid}"/>'
        )
        lines = [
            (
                "head",
                f"{event.event_date} · {event.event_type} · {_precision_words(event.precision)}",
            ),
            ("summary", event.summary),
            ("who", _who(event)),
        ]
        for i, (cls, text) in enumerate(lines):
            out.append(
                f'<text class="{cls}" x="{LABEL_LEFT}" y="{mid + 4 + i * 15}">'
                f"{escape(_clip(text))}</text>"
            )
        out.append("</g>")
    out.append("</svg>")
    return "".join(out)


def _ticks(first: dt.date, last: dt.date) -> list[tuple[dt.date, str]]:
    """Year starts when the range covers several years, else month starts (at most ~8)."""
    years = [dt.date(y, 1, 1) for y in range(first.year + 1, last.year + 1)]
    if len(years) >= 2:
        step = max(1, -(-len(years) // 8))
        return [(d, str(d.year)) for d in years[::step]]
    months = []
    day = dt.date(first.year, first.month, 1)
    while day < last:
        if day > first:
            months.append(day)
        day = dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)
    step = max(1, -(-len(months) // 8))
    return [(d, d.strftime("%Y-%m")) for d in months[::step]]


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


def _tooltip(event: TimelineEvent) -> str:
    date = event.event_date or "undated"
    head = f"{date} ({event.precision or 'no date'}) {event.event_type}"
    return f"{head}: {event.summary}\n{_who(event)}"


def _clip(text: str, limit: int = LABEL_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


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
        f'<p class="version">Release <strong>{escape(version)}</strong></p>',
        f"<p>{escape(str(descriptor.get('description', '')))}</p>",
        '<nav><a href="#download">Download</a> · <a href="#load">Load it</a>'
        ' · <a href="#cite">Licence and citation</a>'
        ' · <a href="#timeline">Timeline</a> · <a href="#dictionary">Data dictionary</a>'
        ' · <a href="#vocabularies">Vocabularies</a></nav></header>',
        '<section id="cite"><h2>Licence and citation</h2>',
        f"<p>The data is published under the "
        f'<a href="{escape(str(licence.get("path", "")))}" rel="license">'
        f"{escape(str(licence.get('title', licence['name'])))}</a> "
        f"({escape(str(licence['name']))}) licence: you may share and adapt it, giving "
        "credit. Please cite it as:</p>",
        f'<blockquote class="citation">{escape(citation_text(version))}</blockquote>',
        f'<p>Citation metadata: <a class="download" href="{CITATION_FILE}">{CITATION_FILE}</a>'
        f' (Citation File Format). What changed since the previous release: <a class="download"'
        f' href="{CHANGELOG}">{CHANGELOG}</a>.</p></section>',
        _downloads(tables, files, descriptor),
        _load_it(),
        '<section id="timeline"><h2>Timeline</h2>',
        f"<p>{len(events) - len(undated)} dated events, each at its date: a dot for a day, a "
        "bar for the days a month or year covers when the text gives no more. Hover "
        "over an event for its full text.</p>",
        timeline_svg(events),
        '<h3>Undated events</h3><ul id="undated">',
        *[
            f'<li class="event" data-event-id="{escape(e.event_id)}"><strong>'
            f"{escape(e.event_type)}</strong>: {escape(e.summary)} "
            f'<span class="who">{escape(_who(e))}</span></li>'
            for e in undated
        ],
        "</ul>" if undated else '<li class="none">None.</li></ul>',
        _event_table(events),
        "</section>",
        _dictionary(),
        _vocabularies(),
        f"<footer>casefile release {escape(version)}: the tables, with their Table Schemas, "
        f'in <a class="download" href="{DESCRIPTOR}">{DESCRIPTOR}</a>; checksums in '
        f'<a class="download" href="{CHECKSUMS}">{CHECKSUMS}</a>.</footer>',
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


def _event_table(events: list[TimelineEvent]) -> str:
    rows = "".join(
        f'<tr id="event-{escape(e.event_id)}"><td><code>{escape(e.event_id)}</code></td>'
        f"<td>{escape(e.event_date or 'undated')}</td><td>{escape(e.precision or '')}</td>"
        f"<td>{escape(e.event_type)}</td><td>{escape(e.summary)}</td>"
        f"<td>{escape(', '.join(e.people))}</td><td>{escape(', '.join(e.outlets))}</td></tr>"
        for e in events
    )
    return (
        "<details><summary>Every event in full</summary>"
        '<table class="events"><thead><tr><th>event_id</th><th>date</th><th>precision</th>'
        "<th>type</th><th>summary</th><th>people</th><th>outlets</th></tr></thead>"
        f"<tbody>{rows}</tbody></table></details>"
    )


def _downloads(
    tables: dict[str, pd.DataFrame], files: dict[str, bytes], descriptor: dict[str, Any]
) -> str:
    rows = []
    for table in TABLES:
        cells = [
            f'<th scope="row">{escape(table)}'
            f'<div class="sub">{escape(table_title(table))}</div></th>',
            f'<td class="num">{len(tables[table])}</td>',
        ]
        for name in (f"{table}.parquet", f"{table}.csv"):
            cells.append(f"<td>{_file_cell(name, files.get(name))}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    others = [
        (SQLITE_FILE, "every table in one SQLite database, with primary and foreign keys"),
        (DATASETTE_METADATA, "datasette's titles, licence, descriptions, labels and facets"),
        (DESCRIPTOR, "Frictionless Data Package: Table Schemas, sizes, hashes, licence"),
        (CHANGELOG, "rows added, removed and changed in each release"),
        (CITATION_FILE, "how to cite the dataset"),
        (CHECKSUMS, "sha256 of every file (covers this page too)"),
    ]
    other_rows = [
        f'<tr><th scope="row">{_file_cell(name, files.get(name), hashed=name != CHECKSUMS)}</th>'
        f"<td>{escape(what)}</td></tr>"
        for name, what in others
    ]
    return (
        '<section id="download"><h2>Download</h2>'
        "<p>Each table as Parquet (zstd) and as CSV (UTF-8, RFC 4180, lists as JSON arrays).</p>"
        '<table class="files"><thead><tr><th>table</th><th>rows</th><th>Parquet</th>'
        "<th>CSV</th></tr></thead><tbody>" + "".join(rows) + "</tbody></table>"
        '<table class="files"><thead><tr><th>file</th><th>what</th></tr></thead><tbody>'
        + "".join(other_rows)
        + "</tbody></table>"
        "<p>Check a download: <code>sha256sum -c SHA256SUMS</code>, or "
        "<code>casefile validate FOLDER</code> (checksums, sizes and every table against its "
        "schema). Browse the database: <code>datasette -i casefile.db --metadata metadata.json"
        "</code> or "
        "<code>sqlite3 casefile.db</code>.</p></section>"
    )


def _load_it() -> str:
    rows = "".join(
        f'<tr><th scope="row">{escape(tool)}</th><td><code>{escape(line)}</code></td></tr>'
        for tool, line in LOAD_SNIPPETS
    )
    return (
        '<section id="load"><h2>Load it</h2><p>In the release folder, one line each. The '
        "casefile line reads the CSV files as the schemas type them (lists decoded, "
        "integers as integers); with plain <code>pandas.read_csv</code>, decode the list "
        'columns with <code>converters={"aliases": json.loads, "roles": json.loads}</code>.'
        f'</p><table class="load"><tbody>{rows}</tbody></table></section>'
    )


def _file_cell(name: str, data: bytes | None, *, hashed: bool = True) -> str:
    link = f'<a class="download" href="{escape(name)}">{escape(name)}</a>'
    if data is None or not hashed:  # SHA256SUMS lists this page: it cannot list SHA256SUMS
        return link
    digest = hashlib.sha256(data).hexdigest()
    return (
        f'{link} <span class="size" title="{len(data)} bytes">{_size(len(data))}</span>'
        f'<div class="sha"><code>sha256:{digest}</code></div>'
    )


def _size(n: int) -> str:
    if n < 1000:
        return f"{n} B"
    if n < 1_000_000:
        return f"{n / 1000:.1f} kB"
    return f"{n / 1_000_000:.1f} MB"


def _dictionary() -> str:
    out = ['<section id="dictionary"><h2>Data dictionary</h2>']
    for table in TABLES:
        schema = table_schema(table)
        keys = ", ".join(schema["primaryKey"])
        refs = "; ".join(
            f"{', '.join(fk['fields'])} → {fk['reference']['resource']}."
            f"{', '.join(fk['reference']['fields'])}"
            for fk in schema.get("foreignKeys", [])
        )
        out.append(
            f'<h3 id="table-{escape(table)}">{escape(table)}</h3>'
            f"<p>{escape(table_description(table))} Primary key: <code>{escape(keys)}</code>."
            + (f" Foreign keys: {escape(refs)}." if refs else "")
            + "</p>"
            '<table class="dictionary"><thead><tr><th>column</th><th>type</th>'
            "<th>required</th><th>constraints</th><th>description</th></tr></thead><tbody>"
        )
        for field in schema["fields"]:
            kind = field["type"] + (
                f" of {field['arrayItem']['type']}" if "arrayItem" in field else ""
            )
            out.append(
                f"<tr><td><code>{escape(field['name'])}</code></td><td>{escape(kind)}</td>"
                f"<td>{'yes' if field['constraints'].get('required') else 'no'}</td>"
                f"<td>{escape(_constraints(field['constraints']))}</td>"
                f"<td>{escape(str(field.get('description', '')))}</td></tr>"
            )
        out.append("</tbody></table>")
    out.append("</section>")
    return "".join(out)


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
    out = ['<section id="vocabularies"><h2>Vocabularies</h2>']
    for heading, terms in sections:
        out.append(f"<h3>{escape(heading)}</h3><dl>")
        out += [f"<dt>{escape(k)}</dt><dd>{escape(v)}</dd>" for k, v in terms.items()]
        out.append("</dl>")
    out.append("</section>")
    return "".join(out)


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
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0 auto;
max-width:72rem;padding:1rem 1.5rem 3rem;color:#1d1d1f;line-height:1.45}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{border-bottom:1px solid #ddd;margin-top:2.2rem}
nav a,footer a{color:#0b57d0}a{color:#0b57d0}.version{color:#555;margin-top:0}
table{border-collapse:collapse;width:100%;margin:.8rem 0;font-size:.92rem}
th,td{border-bottom:1px solid #e3e3e3;padding:.35rem .5rem;text-align:left;vertical-align:top}
td.num{text-align:right}.sub{color:#666;font-size:.8rem;font-weight:normal}
.sha code{font-size:.72rem;color:#555;word-break:break-all}.size{color:#555}
blockquote.citation{border-left:4px solid #0b57d0;margin:.5rem 0;padding:.4rem .8rem;
background:#f4f7fd}
svg.timeline{font-size:12px;border:1px solid #e3e3e3;background:#fff}
svg .lane{fill:#f7f7f9}svg .tick{stroke:#d0d0d8;stroke-width:1}
svg .tick-label{fill:#555;font-size:11px}svg .mark.day{fill:#b3261e}
svg .mark.span{fill:#0b57d0;fill-opacity:.55;stroke:#0b57d0}
svg .leader{stroke:#bbb;stroke-dasharray:2 3}svg .head{font-weight:600;fill:#1d1d1f}
svg .summary{fill:#333}svg .who{fill:#666;font-size:11px}
#undated .who{color:#666;font-size:.85rem}
footer{margin-top:3rem;color:#555;font-size:.9rem}
"""
