"""The ``casefile`` command."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.table import Table

if TYPE_CHECKING:
    from flows.extract.records import Extraction

app = typer.Typer(
    help="casefile: news articles about a case -> open datasets of events, people and citations.",
    no_args_is_help=True,
    add_completion=False,
)
console = Console()
err = Console(stderr=True)


@app.command()
def build(
    raw: Annotated[Path, typer.Option(help="Folder of source articles.")] = Path("raw"),
    out: Annotated[Path, typer.Option(help="Output folder (releases/ and latest).")] = Path(
        "output"
    ),
) -> None:
    """Build the datasets from RAW and publish a release under OUT (embedded Prefect server)."""
    if not raw.is_dir():
        err.print(f"[red]error:[/] {raw}: no such folder")
        raise typer.Exit(2)
    from rich.progress import BarColumn, Progress, TextColumn

    from flows.build import add_progress_listener, build_datasets
    from schemas import ValidationFailed

    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total}"),
        console=err,
        transient=True,
    ) as bar:
        tasks: dict[str, int] = {}

        def listener(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task(stage, total=total)
            bar.update(tasks[stage], completed=done, total=total)

        add_progress_listener(listener)
        try:
            release = build_datasets(raw, out)
        except ValidationFailed as exc:
            err.print("[red]validation failed; nothing published:[/]")
            for failure in exc.failures:
                err.print(f"  {failure}")
            raise typer.Exit(1) from None
    status = "published" if release.is_new else "unchanged, nothing published; latest is"
    console.print(f"release {release.version} {status}: {release.path}")
    table = Table("table", "rows")
    for name, count in release.row_counts.items():
        table.add_row(name, str(count))
    console.print(table)


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
        err.print(f"[red]error:[/] --format must be json or table, not {format!r}")
        raise typer.Exit(2)
    try:
        article = read_article(file)
        when = dt.date.fromisoformat(published) if published else article.published_date
    except (IngestError, OSError) as exc:
        err.print(f"[red]error:[/] {exc}")
        raise typer.Exit(2) from None
    except ValueError:
        err.print(f"[red]error:[/] --published {published!r} is not a date (YYYY-MM-DD)")
        raise typer.Exit(2) from None
    result = extraction_view(run_extract(article.body, when))
    if format == "json":
        typer.echo(json.dumps(result, indent=2, ensure_ascii=False))
        return
    for section, rows in result.items():
        table = Table(title=section)
        if rows:
            for key in rows[0]:
                table.add_column(key)
            for row in rows:
                table.add_row(
                    *(
                        json.dumps(v, ensure_ascii=False) if not isinstance(v, str) else v
                        for v in row.values()
                    )
                )
        console.print(table)


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
                "value": d.value,
                "precision": d.precision,
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
) -> None:
    """Check a release: checksums, sizes, every table against the schemas. Exit 1 if not."""
    from flows.publish import verify_release

    problems = verify_release(release)
    if problems:
        err.print(f"[red]{release}: {len(problems)} problem(s)[/]")
        for problem in problems:
            err.print(f"  {problem}")
        raise typer.Exit(1)
    console.print(f"{release}: valid")


def main() -> None:
    app()
