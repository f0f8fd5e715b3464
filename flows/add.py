"""Put an article into raw/: from a file or an http(s) URL, checked as a build would.

The source goes through the same ingest as a build (encodings, an HTML page reduced to
its main text and its metadata read: flows/page.py; front matter, size limits), so what
is added is known to build. Metadata given on the command line wins over the source's.
It is written as UTF-8 text with front matter, named ``NNN_<hash>.txt`` (the next
number in raw/ and the start of the body's sha256), atomically and readable by all
(0644, less the umask); a file already in raw/ is never edited, and an article already
there (the same text under any name) is not added twice.

A URL is fetched as ``casefile download`` fetches (flows.release.fetch.fetch_bytes): a body
shorter than its Content-Length is refused as truncated, and the whole request has a
deadline (FETCH_DEADLINE_S). A password in a URL is never shown nor stored. A file is
refused by its size before it is read.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import stat
import tempfile
import urllib.parse
from dataclasses import dataclass, replace
from pathlib import Path

import yaml

from flows.ingest import (
    MAX_BYTES,
    Article,
    IngestError,
    list_raw_files,
    parse_article,
    printable,
    read_article,
)
from flows.release.fetch import DownloadError, fetch_bytes, redact, remove_stale

FETCH_DEADLINE_S = 60  # seconds the whole fetch of a page may take
_NUMBERED = re.compile(r"^(\d{3,})_")


@dataclass(frozen=True)
class Added:
    path: Path  # the file in raw/ (the existing one when the article was there already)
    article: Article
    is_new: bool
    # (field, value, where it came from) of each metadata value written, for --verbose
    sources: tuple[tuple[str, str, str], ...] = ()


def add_article(
    source: str,
    raw_dir: Path,
    *,
    title: str | None = None,
    outlet: str | None = None,
    published: dt.date | None = None,
) -> Added:
    """Add the article at ``source`` (a path or an http(s) URL) to ``raw_dir``.

    Metadata given here wins over the source's own; a URL source records its URL. Raises
    IngestError (one line naming the source and the problem) when it cannot be used.
    """
    name, data, url = _read(source)
    article = parse_article(data, name, url)
    where = dict(article.sources)
    given = {"title": title, "outlet": outlet, "published": published}
    where.update((key, "command line") for key, value in given.items() if value)
    if not article.url and url:
        where["url"] = "the address it was fetched from"
    article = replace(
        article,
        title=title or article.title,
        outlet=outlet or article.outlet,
        url=article.url or url,
        published_date=published or article.published_date,
    )
    sources = tuple(
        (key, str(value), where.get(key, "the source")) for key, value in _metadata(article).items()
    )
    raw_dir.mkdir(parents=True, exist_ok=True)
    for path in list_raw_files(raw_dir):
        try:
            if read_article(path).article_id == article.article_id:
                return Added(path, article, is_new=False, sources=sources)
        except IngestError:
            continue  # a bad file already there is the build's to report
    text = _with_front_matter(article)
    target = raw_dir / f"{_next_number(raw_dir):03d}_{_digest(article.body)}.txt"
    try:
        _write_new(target, text.encode("utf-8"))
    except OSError as exc:  # a full disk, a read-only raw/: name the file
        raise IngestError(str(target), f"cannot be written ({exc.strerror or exc})") from None
    return Added(target, read_article(target), is_new=True, sources=sources)


def _read(source: str) -> tuple[str, bytes, str | None]:
    """(a name for messages and type detection, the bytes, the URL if fetched)."""
    if re.match(r"^https?://", source, re.IGNORECASE):
        try:
            url = _without_password(source)
            name = urllib.parse.urlsplit(url).path.rstrip("/").rsplit("/", 1)[-1]
        except ValueError:
            raise IngestError(redact(source), "not a valid URL") from None
        name = name or "index.html"
        try:
            data, kind = fetch_bytes(source, MAX_BYTES, FETCH_DEADLINE_S)
        except DownloadError as exc:
            raise IngestError(redact(source), f"cannot be fetched ({exc})") from None
        if kind == "text/html" and not name.lower().endswith((".html", ".htm")):
            name += ".html"
        return printable(name), data, url
    path = Path(source)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)  # a FIFO never blocks
        with os.fdopen(fd, "rb") as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                raise IngestError(source, "not a regular file")
            size = os.fstat(handle.fileno()).st_size
            if size > MAX_BYTES:  # refused unread
                raise IngestError(
                    path.name, f"file is {size:,} bytes, over the {MAX_BYTES:,} limit"
                )
            data = handle.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise IngestError(source, "no such file") from None
    except OSError as exc:
        raise IngestError(source, f"cannot be read ({exc.strerror or exc})") from None
    return printable(path.name), data, None


def _without_password(url: str) -> str:
    """``url`` without its user and password (they are not the article's address)."""
    parts = urllib.parse.urlsplit(url)
    if "@" not in parts.netloc:
        return url
    return urllib.parse.urlunsplit(parts._replace(netloc=parts.netloc.rpartition("@")[2]))


def _metadata(article: Article) -> dict[str, object]:
    """The article's front-matter values that are set, in front-matter order."""
    return {
        key: value
        for key, value in (
            ("title", article.title),
            ("outlet", article.outlet),
            ("url", article.url),
            ("published", article.published_date),
            ("author", article.author),
        )
        if value is not None
    }


def _with_front_matter(article: Article) -> str:
    meta = _metadata(article)
    if not meta:
        return article.body
    header = yaml.safe_dump(meta, sort_keys=False, allow_unicode=True, width=10_000)
    return f"---\n{header}---\n{article.body}"


def _digest(body: str) -> str:
    return hashlib.sha256(body.encode("utf-8")).hexdigest()[:16]


def _next_number(raw_dir: Path) -> int:
    numbers = [int(m[1]) for p in raw_dir.iterdir() if (m := _NUMBERED.match(p.name))]
    return max(numbers, default=-1) + 1


def _write_new(target: Path, data: bytes) -> None:
    """Write ``target`` whole or not at all, never replacing a file."""
    remove_stale(target.parent, ".add-")  # left by an add that was killed
    fd, tmp = tempfile.mkstemp(prefix=f".add-{os.getpid()}-", dir=target.parent)
    try:
        os.fchmod(fd, 0o644)  # mkstemp makes it private; raw files are for everyone to read
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.link(tmp, target)  # fails if target exists: nothing is overwritten
    finally:
        os.unlink(tmp)
