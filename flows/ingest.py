"""raw/ file -> Article: decode, read the front matter, normalise line ends.

Offsets everywhere in casefile index ``Article.body`` in Unicode code points.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

RAW_SUFFIXES = (".txt", ".md", ".markdown")
MAX_BYTES = 2_000_000  # a news article is far smaller; larger files are refused
FRONT_MATTER_KEYS = ("title", "outlet", "url", "published")
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?---[ \t]*(?:\n|\Z)", re.DOTALL)


class IngestError(ValueError):
    """A raw file that cannot be used; str() is one line naming the file and the reason."""

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason


@dataclass(frozen=True)
class Article:
    article_id: str  # derived from the body, so a renamed file keeps its id
    source_file: str
    body: str
    sha256: str  # of the raw file's bytes
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    published_date: dt.date | None = None

    @property
    def word_count(self) -> int:
        return len(self.body.split())


def article_id_for(body: str) -> str:
    """Stable id of an article: a short hash of its normalised body."""
    normalised = " ".join(body.split())
    return "art-" + hashlib.sha256(normalised.encode("utf-8")).hexdigest()[:12]


def list_raw_files(raw_dir: Path) -> list[Path]:
    """The article files in raw_dir, in name order (hidden files and README skipped)."""
    return sorted(
        p
        for p in raw_dir.iterdir()
        if p.is_file()
        and p.suffix.lower() in RAW_SUFFIXES
        and not p.name.startswith(".")
        and p.stem.upper() != "README"
    )


def read_article(path: Path) -> Article:
    """Read one raw file; raise IngestError with a one-line reason if it cannot be used."""
    data = path.read_bytes()
    return parse_article(data, path.name)


def parse_article(data: bytes, source: str) -> Article:
    """Parse the bytes of one raw file named ``source``."""
    if len(data) > MAX_BYTES:
        raise IngestError(source, f"file is {len(data):,} bytes, over the {MAX_BYTES:,} limit")
    if b"\x00" in data:
        raise IngestError(source, "binary file (contains NUL bytes), not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise IngestError(source, f"not valid UTF-8 (byte {exc.start})") from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    meta, body = split_front_matter(text, source)
    if not body.strip():
        raise IngestError(source, "no article text (empty body)")
    return Article(
        article_id=article_id_for(body),
        source_file=source,
        body=body,
        sha256=hashlib.sha256(data).hexdigest(),
        title=_text_field(meta, "title", source),
        outlet=_text_field(meta, "outlet", source),
        url=_text_field(meta, "url", source),
        published_date=_date_field(meta, "published", source),
    )


def split_front_matter(text: str, source: str) -> tuple[dict[str, object], str]:
    """Split an optional YAML front-matter block from the body."""
    match = _FRONT_MATTER.match(text)
    if not match:
        return {}, text
    try:
        meta = yaml.safe_load(match.group(1) or "") or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 2}" if mark is not None else ""
        raise IngestError(source, f"front matter is not valid YAML{where}") from None
    if not isinstance(meta, dict):
        raise IngestError(source, "front matter must be a mapping of key: value lines")
    unknown = sorted(set(map(str, meta)) - set(FRONT_MATTER_KEYS))
    if unknown:
        raise IngestError(
            source,
            f"unknown front-matter key {unknown[0]!r} (allowed: {', '.join(FRONT_MATTER_KEYS)})",
        )
    return meta, text[match.end() :]


def _text_field(meta: dict[str, object], key: str, source: str) -> str | None:
    value = meta.get(key)
    if value is None:
        return None
    if not isinstance(value, str | int | float):
        raise IngestError(source, f"front-matter {key!r} must be text")
    return " ".join(str(value).split()) or None


def _date_field(meta: dict[str, object], key: str, source: str) -> dt.date | None:
    value = meta.get(key)
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise IngestError(
            source, f"front-matter {key!r} is not an ISO date (YYYY-MM-DD): {value!r}"
        ) from None
