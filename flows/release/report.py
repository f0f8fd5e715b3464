"""What a run could not use: ``rejected.csv``, one row per rejected raw file.

A build writes ``<out>/rejected.csv`` for every run that reads raw/ (header only when
nothing was rejected), and a copy into the release folder when it publishes one. It is a
report about the run, not data: it is in the release's SHA256SUMS but not in
datapackage.json, and a run whose tables are unchanged publishes nothing.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from flows.release.folder import replace_file

REJECTED_CSV = "rejected.csv"
COLUMNS = ("source_file", "reason")


@dataclass(frozen=True, order=True)
class Rejection:
    """A raw file the run could not use, and why (one line)."""

    source_file: str
    reason: str

    def __str__(self) -> str:
        return f"{self.source_file}: {self.reason}"


def rejected_csv(rejections: list[Rejection]) -> bytes:
    """RFC 4180 CSV (UTF-8, CRLF, header row) of ``rejections``, by file name."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(COLUMNS)
    for rejection in sorted(rejections):
        writer.writerow([rejection.source_file, rejection.reason])
    return out.getvalue().encode("utf-8")


def read_rejected(path: Path) -> list[Rejection]:
    """The rows of a rejected.csv."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    return [Rejection(source, reason) for source, reason in rows[1:]]


def write_rejected(out_dir: Path, data: bytes) -> Path:
    """Replace ``out_dir/rejected.csv`` atomically (a reader sees the old or the new one)."""
    path = out_dir / REJECTED_CSV
    replace_file(path, data)
    return path
