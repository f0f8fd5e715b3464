"""The ``casefile`` command."""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import textwrap
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from flows.workers import EXTRACT_TIMEOUT_S

if TYPE_CHECKING:
    from flows.extract.records import Extraction
    from flows.head_start import HeadStart

app = typer.Typer(
    help="casefile: news articles about a case -> open datasets of events, people and citations.",
    no_args_is_help=True,
    add_completion=False,
)
console = Console(soft_wrap=True)  # a message is one line, whatever the width
err = Console(stderr=True, soft_wrap=True)


@app.command()
def build(
    raw: Annotated[Path, typer.Option(help="Folder of source articles.")] = Path("raw"),
    out: Annotated[Path, typer.Option(help="Output folder (releases/ and latest).")] = Path(
        "output"
    ),
    strict: Annotated[
        bool,
        typer.Option(help="Fail (exit 1, nothing published) if any file is rejected."),
    ] = False,
    timeout: Annotated[
        float,
        typer.Option(help="Seconds extraction may take per article; slower ones are rejected."),
    ] = EXTRACT_TIMEOUT_S,
    runner: Annotated[
        str,
        typer.Option(
            help="Task runner: 'default' (this machine) or 'dask' (prefect-dask: a local "
            "Dask cluster, or the one at --address)."
        ),
    ] = "default",
    address: Annotated[
        str | None,
        typer.Option(help="Scheduler of a running Dask cluster, tcp://HOST:PORT (--runner dask)."),
    ] = None,
) -> None:
    """Build the datasets from RAW and publish a release under OUT (one Prefect flow run, on
    the server PREFECT_API_URL names, else on a local server started for it).

    A file that cannot be used is rejected with a one-line reason; the others still build.
    Rejected files are listed after the row counts and in OUT/rejected.csv.
    """
    if not raw.is_dir():
        _say(err, f"error: {raw}: no such folder", "red")
        raise typer.Exit(2)
    from flows.head_start import head_start
    from flows.server import ServerError

    # the server and the extraction workers start while the flow's modules are imported
    try:
        early = head_start(raw, out, timeout, warm=runner == "default")
    except (ServerError, OSError) as exc:
        _say(err, f"error: {exc}")
        raise typer.Exit(1) from None
    try:
        _build(raw, out, strict, timeout, runner, address, early)
    finally:
        if early.server is not None:
            early.server.stop()  # stopped already, unless the build ended before using it
        if early.warming is not None:  # workers the flow did not use
            early.warming.join()
            from flows.workers import close_pools

            close_pools()


def _build(
    raw: Path,
    out: Path,
    strict: bool,
    timeout: float,
    runner: str,
    address: str | None,
    early: HeadStart,
) -> None:
    from rich.progress import BarColumn, Progress, TaskID, TextColumn

    from flows.build import (
        BuildFailed,
        add_notice_listener,
        add_progress_listener,
        build_flow,
        prefect_server,
        remove_notice_listener,
    )
    from flows.server import ServerError
    from flows.workers import WorkerStartupError
    from schemas import ValidationFailed

    try:
        run_flow = build_flow(runner, address)
    except ValueError as exc:
        _say(err, f"error: {exc}", "red")
        raise typer.Exit(2) from None
    notices: dict[str, list[str]] = {"rejected": [], "warning": []}

    def notice(kind: str, message: str) -> None:
        notices[kind].append(message)

    failed: list[str] = []

    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total}"),
        console=err,
        transient=True,
    ) as bar:
        tasks: dict[str, TaskID] = {}

        def listener(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task(stage, total=total)
            bar.update(tasks[stage], completed=done, total=total)

        add_progress_listener(listener)
        add_notice_listener(notice)
        try:
            with prefect_server(launched=early.server):
                release = run_flow(raw, out, strict=strict, extract_timeout=timeout)
        except ValidationFailed as exc:
            failed = ["validation failed; nothing published:", *(f"  {f}" for f in exc.failures)]
        except (BuildFailed, WorkerStartupError, ServerError, OSError) as exc:
            failed = [f"error: {exc}"]
        finally:
            remove_notice_listener(notice)
    if failed:
        _print_notices(err, notices, out)
        for line in failed:
            err.print(line, markup=False, highlight=False, soft_wrap=True)
        raise typer.Exit(1)
    status = "published" if release.is_new else "unchanged, nothing published; latest is"
    console.print(f"release {release.version} {status}: {release.path}")
    table = Table("table", "rows")
    for name, count in release.row_counts.items():
        table.add_row(name, str(count))
    console.print(table)
    _print_notices(console, notices, out)


def _say(to: Console, line: str, style: str | None = None) -> None:
    """Print one line of untrusted text (file names, URLs, reasons): control characters
    escaped (no fake lines, no terminal escapes), no rich markup or highlighting."""
    from flows.ingest import printable

    to.print(printable(line), style=style, markup=False, highlight=False, soft_wrap=True)


def _print_notices(to: Console, notices: dict[str, list[str]], out: Path) -> None:
    """The run's rejected files and warnings, one line each (never wrapped)."""
    lines = []
    if notices["rejected"]:
        lines.append(f"rejected {len(notices['rejected'])} file(s) (see {out / 'rejected.csv'}):")
        lines += [f"  {line}" for line in notices["rejected"]]
    if notices["warning"]:
        lines.append("warnings:")
        lines += [f"  {line}" for line in notices["warning"]]
    for line in lines:
        to.print(line, markup=False, highlight=False, soft_wrap=True)


@app.command()
def extract(
    file: Annotated[Path, typer.Argument(help="An article file (text or Markdown).")],
    published: Annotated[
        str | None,
        typer.Option(help="Publication date YYYY-MM-DD (default: the file's front matter)."),
    ] = None,
    format: Annotated[str, typer.Option("--format", help="json or table.")] = "json",
) -> None:
    """Show what one article yields, without publishing anything."""
    from flows.extract.article import extract as run_extract
    from flows.ingest import IngestError, read_article

    if format not in ("json", "table"):
        _say(err, f"error: --format must be json or table, not {format!r}", "red")
        raise typer.Exit(2)
    try:
        article = read_article(file)
        when = dt.date.fromisoformat(published) if published else article.published_date
    except (IngestError, OSError) as exc:
        _say(err, f"error: {exc}", "red")
        raise typer.Exit(2) from None
    except ValueError:
        _say(err, f"error: --published {published!r} is not a date (YYYY-MM-DD)", "red")
        raise typer.Exit(2) from None
    for warning in article.warnings:  # e.g. decoded as Windows-1252
        err.print(f"warning: {warning}", markup=False, highlight=False, soft_wrap=True)
    result = extraction_view(run_extract(article.body, when))
    if format == "json":
        typer.echo(json.dumps(result, indent=2, ensure_ascii=False))
        return
    print_extraction(result, Console(highlight=False))


def print_extraction(result: dict[str, list[dict[str, object]]], to: Console) -> None:
    """`casefile extract --format table`: what one article yields, readable at the
    terminal's width (80 columns and up): people and dates as tables, events and citations
    as one short block each, their text wrapped, never cut."""
    width = max(40, to.width)

    def block(head: str, lines: list[tuple[str, str]]) -> None:
        to.print(Text(head, style="bold"), soft_wrap=True)
        for label, text in lines:
            if text:
                wrapped = textwrap.fill(
                    text,
                    width=width,
                    initial_indent=f"  {label}: " if label else "  ",
                    subsequent_indent="    ",
                    break_long_words=True,
                    break_on_hyphens=False,
                )
                to.print(Text(wrapped), soft_wrap=True)

    def spans(pairs: object) -> str:
        return ", ".join(f"{p[0]}-{p[1]}" for p in pairs) if isinstance(pairs, list) else ""

    people = Table(title="people", title_justify="left", expand=False)
    for name, options in (
        ("name", {"ratio": 3}),
        ("roles", {"ratio": 2}),
        ("aliases", {"ratio": 2}),
        ("mentions", {"ratio": 2}),
    ):
        people.add_column(name, overflow="fold", **options)  # type: ignore[arg-type]
    for p in result["people"]:
        people.add_row(
            str(p["name"]) + (f" ({p['description']})" if p.get("description") else ""),
            ", ".join(map(str, p["roles"])),  # type: ignore[call-overload]
            ", ".join(map(str, p["aliases"])),  # type: ignore[call-overload]
            _mention_count(p["mentions"]),
        )
    to.print(people)
    to.print(Text(f"events ({len(result['events'])})", style="italic"))
    for n, e in enumerate(result["events"], 1):
        when = f"{e['event_date']} ({e['date_precision']})" if e["event_date"] else "undated"
        where = f" · {e['location']}" if e.get("location") else ""
        who = e["participants"] if isinstance(e["participants"], list) else []
        block(
            f"{n}. {e['event_type']} · {when}{where}",
            [
                ("", str(e["summary"])),
                ("who", ", ".join(f"{name} ({role})" for name, role in who)),
                ("mentions", spans(e["mentions"])),
            ],
        )
    to.print(Text(f"citations ({len(result['citations'])})", style="italic"))
    for n, c in enumerate(result["citations"], 1):
        cited = f" · cited {c['cited_date']}" if c.get("cited_date") else ""
        block(
            f"{n}. {c['outlet']} ({c['source_type']}) · {c['cue']}{cited}"
            f" · {c['start']}-{c['end']}",
            [("claim", str(c["claim"]))],
        )
    dates = Table(title="dates", title_justify="left")
    dates.add_column("text", overflow="fold", ratio=1)
    dates.add_column("value", no_wrap=True)
    dates.add_column("precision", overflow="fold")
    dates.add_column("resolution", no_wrap=True)
    dates.add_column("at", no_wrap=True)
    for d in result["dates"]:
        dates.add_row(
            str(d["text"]),
            str(d["value"] or "-"),
            str(d["precision"] or d["kind"]),  # a duration has no precision
            str(d["resolution"] or "-"),
            f"{d['start']}-{d['end']}",
        )
    to.print(dates)


def _mention_count(mentions: object) -> str:
    """'3, first at 18-31': how often, and where first (the JSON format has them all)."""
    if not isinstance(mentions, list) or not mentions:
        return "0"
    first = mentions[0]
    return f"{len(mentions)}, first at {first[0]}-{first[1]}"


def extraction_view(x: Extraction) -> dict[str, list[dict[str, object]]]:
    """The JSON object `casefile extract` prints (see DESIGN.md)."""
    return {
        "people": [
            {
                "name": p.name,
                "roles": p.roles,
                "description": p.description,
                "aliases": p.aliases,
                "mentions": [[m.start, m.end] for m in p.mentions],
            }
            for p in x.people
        ],
        "events": [
            {
                "event_type": e.event_type,
                "event_date": e.event_date,
                "date_precision": e.date_precision,
                "summary": e.summary,
                "location": e.location,
                "mentions": [[m.start, m.end, m.sentence] for m in e.mentions],
                "participants": [[p.name, p.role] for p in e.participants],
            }
            for e in x.events
        ],
        "citations": [
            {
                "outlet": c.source,
                "source_type": c.source_type,
                "cited_date": c.cited_date,
                "cue": c.cue,
                "claim": c.claim,
                "start": c.start,
                "end": c.end,
            }
            for c in x.citations
        ],
        "dates": [
            {
                "text": d.text,
                "start": d.start,
                "end": d.end,
                "type": "DATE" if d.kind == "date" else "DURATION",  # TimeML type
                "value": d.value,
                "precision": d.precision,
                "date_start": d.date_start,
                "date_end": d.date_end,
                "kind": d.kind,
                "resolution": d.resolution,
            }
            for d in x.dates
        ],
    }


@app.command()
def validate(
    release: Annotated[
        Path, typer.Argument(help="A release folder (default: output/latest).")
    ] = Path("output/latest"),
    major: Annotated[
        int | None,
        typer.Option(
            help="Also require this MAJOR data version: the schema your code was written for."
        ),
    ] = None,
) -> None:
    """Check a release: checksums, sizes, every table against the schemas. Exit 1 if not."""
    from flows.release.folder import release_major, verify_release

    problems = verify_release(release)
    found = release_major(release) if major is not None else None
    if major is not None and found != major:
        problems.append(
            f"data version MAJOR is {found}, not {major}: the published schema changed in a way "
            "that can break code written for it (see CHANGELOG.md)"
        )
    if problems:
        _say(err, f"{release}: {len(problems)} problem(s)", style="red")
        for problem in problems:
            _say(err, f"  {problem}")
        raise typer.Exit(1)
    _say(console, f"{release}: valid")


@app.command()
def download(
    source: Annotated[
        str,
        typer.Argument(
            help="An http(s) URL or a folder: a release, or a folder of releases "
            "(e.g. output/ or output/releases)."
        ),
    ],
    version: Annotated[
        str | None, typer.Option(help="The release to fetch, e.g. 1.2.0 (default: the latest).")
    ] = None,
    to: Annotated[
        Path | None,
        typer.Option(help="Folder to create (default: casefile-<version>); must not exist."),
    ] = None,
) -> None:
    """Fetch a release and verify every file's size and sha256 before putting it in place.

    Nothing is left behind when a file is missing, damaged or tampered with, or names a
    path outside the release folder.
    """
    from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn

    from flows.release.fetch import DownloadError
    from flows.release.fetch import download as fetch

    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        DownloadColumn(),
        console=err,
        transient=True,
        disable=not err.is_terminal,
    ) as bar:
        task = bar.add_task("datapackage.json", total=None)

        def progress(name: str, done: int, total: int | None) -> None:
            bar.update(task, description=name, completed=done, total=total)

        problem: str | None = None
        try:
            target = fetch(source, to=to, version=version, progress=progress)
        except DownloadError as exc:
            problem = str(exc)
        except OSError as exc:  # a backstop: download names the file where it can
            problem = f"{exc.filename or source}: {exc.strerror or exc.__class__.__name__}"
    if problem is not None:
        _say(err, f"error: {problem}")
        raise typer.Exit(1)
    count = sum(1 for p in target.rglob("*") if p.is_file())
    _say(console, f"{target}: {count} files downloaded and verified")


@app.command()
def add(
    source: Annotated[str, typer.Argument(help="An article file, or an http(s) URL of one.")],
    raw: Annotated[Path, typer.Option(help="Folder of source articles.")] = Path("raw"),
    title: Annotated[str | None, typer.Option(help="Headline (default: the source's).")] = None,
    outlet: Annotated[
        str | None, typer.Option(help="Publisher (default: the source's front matter).")
    ] = None,
    published: Annotated[
        str | None, typer.Option(help="Publication date YYYY-MM-DD (default: the source's).")
    ] = None,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="Say where each metadata value came from.")
    ] = False,
) -> None:
    """Put an article into RAW, checked as a build would read it (text, Markdown or HTML).

    Of a web page, the main text is kept, and its headline, outlet, canonical URL,
    publication date and author are read; options given here win over the page's.

    It is written as UTF-8 text with front matter, named NNN_<hash>.txt; the same article
    already in RAW, under any name, is not added again.
    """
    from flows.add import add_article
    from flows.ingest import IngestError

    try:
        when = dt.date.fromisoformat(published) if published else None
    except ValueError:
        _say(err, f"error: --published {published!r} is not a date (YYYY-MM-DD)", "red")
        raise typer.Exit(2) from None
    try:
        added = add_article(source, raw, title=title, outlet=outlet, published=when)
    except (IngestError, OSError) as exc:
        _say(err, f"error: {exc}")
        raise typer.Exit(1) from None
    words = added.article.word_count
    if added.is_new:
        _say(console, f"added {added.path} ({words:,} words)")
    else:
        _say(console, f"already in {raw} as {added.path.name}; nothing added")
    if verbose:
        for key, value, where in added.sources:
            _say(console, f"  {key}: {value} (from {where})")


@app.command()
def serve(
    cron: Annotated[str, typer.Option(help="When to build, as cron: '0 6 * * *' is 06:00 daily.")],
    timezone: Annotated[
        str | None,
        typer.Option(help="IANA time zone of the schedule (default: this machine's)."),
    ] = None,
    raw: Annotated[Path, typer.Option(help="Folder of source articles.")] = Path("raw"),
    out: Annotated[Path, typer.Option(help="Output folder (releases/ and latest).")] = Path(
        "output"
    ),
    strict: Annotated[bool, typer.Option(help="Fail a run if any file is rejected.")] = False,
    timeout: Annotated[
        float, typer.Option(help="Seconds extraction may take per article.")
    ] = EXTRACT_TIMEOUT_S,
    port: Annotated[
        int, typer.Option(help="Port of the local Prefect server (without PREFECT_API_URL).")
    ] = 4200,
) -> None:
    """Build on a schedule until stopped (Ctrl-C or SIGTERM), as the Prefect deployment
    build-datasets/casefile: its schedule, runs, logs and results are in the Prefect UI.

    Uses the server PREFECT_API_URL names, else starts a local one (its database under
    PREFECT_HOME) and stops it at the end. One run at a time; a failed run is reported
    there and the schedule goes on.
    """
    import tzlocal

    from flows.build import cron_schedule
    from flows.build import serve as serve_deployment
    from flows.server import ServerError

    zone = timezone or tzlocal.get_localzone_name()
    try:
        cron_schedule(cron, zone)
    except ValueError as exc:
        _say(err, f"error: {exc}")
        raise typer.Exit(2) from None
    if not raw.is_dir():
        _say(err, f"error: {raw}: no such folder", "red")
        raise typer.Exit(2)

    def terminate(signum: int, frame: object) -> None:
        raise SystemExit(0)  # unwinds: the local server stops (Prefect's runner does the same)

    signal.signal(signal.SIGTERM, terminate)

    def ready(address: str) -> None:
        _say(console, f"serving build-datasets/casefile: {raw} into {out} at {cron!r} ({zone})")
        _say(console, f"Prefect UI: {address} (Ctrl-C to stop)")

    try:
        serve_deployment(
            raw, out, cron=cron, timezone=zone, strict=strict, extract_timeout=timeout,
            port=port, ready=ready,
        )  # fmt: skip
    except ServerError as exc:
        _say(err, f"error: {exc}")
        raise typer.Exit(1) from None
    except SystemExit:  # SIGTERM: Prefect's runner stops, then exits 0
        console.print("stopped")
        raise
    console.print("stopped")


def main() -> None:
    # No usage data from the casefile command, wherever it runs (a project folder's
    # [tool.prefect] also turns the server's analytics off, which stops the SDK's).
    os.environ.setdefault("DO_NOT_TRACK", "1")
    app()
