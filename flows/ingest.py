"""raw/ file -> Article: decode, read the front matter, normalise the text.

Offsets everywhere in casefile index ``Article.body`` in Unicode code points, after the
normalisation below, so every extractor sees the same text the offsets count in.

What a raw file may be (see README "Bad input"):
- UTF-8, with or without a byte-order mark; UTF-16 with a byte-order mark; Windows-1252
  (decoded, with a warning naming the encoding). Anything else is rejected, naming the
  first byte that is not text.
- Text or Markdown, or an HTML page (``.html``/``.htm``, or text that begins with an HTML
  tag): the page's main text is extracted, paragraph by paragraph, and its title, outlet,
  canonical URL, publication date and author are read (flows/page.py, trafilatura); front
  matter wins over the page's values. A page trafilatura finds no text in (a fragment, a
  page it cannot parse) is read by a plain walk of its blocks (``html_text``). Tags are
  never prose.
- At most MAX_BYTES bytes, and at most MAX_CHARS characters of article text.

Normalisation: CRLF, lone CR, U+0085, U+2028 and U+2029 become LF; zero-width
characters (U+200B, U+200C, U+200D, U+FEFF) are removed; other control characters
(C0 except tab and LF, DEL, C1) are replaced by a space, with a warning.
"""

from __future__ import annotations

import codecs
import contextlib
import ctypes
import datetime as dt
import errno
import hashlib
import os
import re
import stat
import threading
from collections.abc import Iterator
from dataclasses import dataclass, replace
from html.parser import HTMLParser
from pathlib import Path

import yaml
from lxml import etree

from flows.page import Page, read_page

RAW_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm")
HTML_SUFFIXES = (".html", ".htm")
# A saved news page with its scripts can be 1-2 MB; larger files are refused unread.
MAX_BYTES = 2_000_000
# A news article is 2,000-20,000 characters. Extraction time grows faster than the text
# (about 40 s for 200,000 characters on one line), so longer texts are refused before it.
MAX_CHARS = 200_000
FRONT_MATTER_KEYS = ("title", "outlet", "url", "published", "author")
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?---[ \t]*(?:\n|\Z)", re.DOTALL)
_LINE_END = re.compile("\r\n?|[\x85\u2028\u2029]")
_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\ufeff]")
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# A multi-byte UTF-8 character (RFC 3629): counted to tell damaged UTF-8 from Windows-1252.
_UTF8_MULTIBYTE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}"
    rb"|\xed[\x80-\x9f][\x80-\xbf]|\xf0[\x90-\xbf][\x80-\xbf]{2}"
    rb"|[\xf1-\xf3][\x80-\xbf]{3}|\xf4[\x80-\x8f][\x80-\xbf]{2}"
)
# A page starts with one of these tags, after white space and comments (_looks_like_html).
_HTML_TAG = re.compile(
    r"<(?:!doctype\s+html|html|head|body|article|main|div|p|h[1-6])(?=[\s>/])", re.IGNORECASE
)
_SPACE = re.compile(r"\s*")
# Reading one file (decoding, front matter, HTML) takes well under a second; this bounds
# what the standard library's parsers take on hostile input (html.parser is quadratic on
# some malformed markup). It holds in any thread, unlike signal.alarm (see _time_limit).
INGEST_TIMEOUT_S = 10.0


class IngestError(ValueError):
    """A raw file that cannot be used; str() is one line naming the file and the reason.

    The reason is made one short line (control characters escaped, at most MAX_REASON
    characters): it comes partly from the file, and goes to rejected.csv and the log."""

    def __init__(self, source: str, reason: str) -> None:
        self.source = source
        self.reason = short_line(reason)
        super().__init__(f"{printable(source)}: {self.reason}")


# Untrusted text shown on one line: control characters (C0, DEL, C1), line and paragraph
# separators, invisible format characters (bidi overrides, zero-width) and lone surrogates
# (an undecodable file name) are written as escapes: a name can neither start a new line,
# move the cursor, nor hide what it is.
_UNPRINTABLE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e"
    "\u2060-\u206f\ufeff\ufff9-\ufffb\ud800-\udfff]"
)
_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
MAX_REASON = 200  # characters of a rejection reason


def printable(text: str) -> str:
    """``text`` with every character that is not plainly visible escaped (\\n, \\x1b, ...)."""
    return _UNPRINTABLE.sub(lambda m: _escape(m.group()), text)


def _escape(char: str) -> str:
    code = ord(char)
    return _ESCAPES.get(char) or (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")


def short_line(text: str, limit: int = MAX_REASON) -> str:
    """``text`` printable and cut to ``limit`` characters (an ellipsis marks the cut)."""
    shown = printable(text[: limit + 1])
    return shown if len(shown) <= limit else shown[: limit - 1] + "…"


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
    author: str | None = None  # read and kept in front matter; not a published column
    # one line each, "file: what was done", e.g. decoded as Windows-1252
    warnings: tuple[str, ...] = ()
    # (field, where its value came from: "front matter", "og:site_name", ...), for
    # `casefile add --verbose`; never published
    sources: tuple[tuple[str, str], ...] = ()

    @property
    def word_count(self) -> int:
        return len(self.body.split())


def article_id_for(body: str) -> str:
    """Stable id of an article: a short hash of its normalised body."""
    normalised = " ".join(body.split())
    return "art-" + hashlib.sha256(normalised.encode("utf-8")).hexdigest()[:12]


def list_raw_files(raw_dir: Path) -> list[Path]:
    """What a build reads in raw_dir, in name order: every entry with an article suffix,
    and every folder (hidden entries and README skipped). read_article rejects all but
    regular files: a link, a FIFO or a folder is never followed, opened or walked."""
    return sorted(
        p
        for p in raw_dir.iterdir()
        if not p.name.startswith(".")
        and p.stem.upper() != "README"
        and (p.suffix.lower() in RAW_SUFFIXES or (p.is_dir() and not p.is_symlink()))
    )


def read_article(path: Path) -> Article:
    """Read one raw file; raise IngestError with a one-line reason if it cannot be used.

    Only a regular file is read: a symbolic link is not followed (it could publish any
    file of the machine as an article), and a FIFO, device, socket or folder is refused
    unopened. The file's name is used escaped (``printable``) from here on."""
    name = printable(path.name)
    try:
        kind = _not_regular(os.lstat(path).st_mode)
        if kind:
            raise IngestError(name, kind)
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
        with os.fdopen(fd, "rb") as handle:
            info = os.fstat(handle.fileno())
            kind = _not_regular(info.st_mode)  # replaced since the check above
            if kind:
                raise IngestError(name, kind)
            if info.st_size > MAX_BYTES:  # refused before reading it
                raise IngestError(name, _too_big(info.st_size))
            data = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        if exc.errno == errno.ELOOP:  # O_NOFOLLOW: a link put there since the check
            raise IngestError(name, _not_regular(stat.S_IFLNK)) from None
        raise IngestError(name, f"cannot be read ({exc.strerror or exc})") from None
    return parse_article(data, name)


def _not_regular(mode: int) -> str:
    """Why an entry of this mode is not read ('' for a regular file)."""
    if stat.S_ISREG(mode):
        return ""
    if stat.S_ISLNK(mode):
        return "a symbolic link, not a file: links in raw/ are not followed"
    if stat.S_ISDIR(mode):
        return "a folder, not a file: articles in sub-folders are not read"
    kind = "a FIFO" if stat.S_ISFIFO(mode) else "a socket" if stat.S_ISSOCK(mode) else "a device"
    return f"{kind}, not a regular file: refused unopened"


def parse_article(data: bytes, source: str, url: str | None = None) -> Article:
    """Parse the bytes of one raw file named ``source``, in at most INGEST_TIMEOUT_S.

    ``url``: where the bytes were fetched from, for an HTML page (its relative canonical
    link, a date in its path, its address when it names none)."""
    if len(data) > MAX_BYTES:
        raise IngestError(source, _too_big(len(data)))
    try:
        with _time_limit(INGEST_TIMEOUT_S):
            return _parse(data, source, url)
    except _Overrun:
        raise IngestError(
            source, f"reading it took longer than {INGEST_TIMEOUT_S:g} s (malformed markup?)"
        ) from None
    except RecursionError:
        raise IngestError(source, "nested too deeply to read") from None
    except IngestError:
        raise
    except Exception as exc:  # a backstop: one file the code cannot read is one rejection
        raise IngestError(source, f"cannot be read ({exc.__class__.__name__})") from None


def _parse(data: bytes, source: str, url: str | None = None) -> Article:
    warnings: list[str] = []
    text = normalise(decode(data, source, warnings), source, warnings)
    meta, body = split_front_matter(text, source)
    page = Page(text="")
    if source.lower().endswith(HTML_SUFFIXES) or _looks_like_html(body):
        try:
            page = read_page(body, url)
        except (RecursionError, ValueError, TypeError, LookupError, etree.LxmlError):
            page = Page(text="")  # what lxml or trafilatura cannot read: the walk below
        text = page.text
        if not text.strip():  # trafilatura found no article: the plain walk, if any text
            try:
                walked = html_text(body)
            except (AssertionError, ValueError, IndexError) as exc:  # html.parser's failures
                reason = f"HTML cannot be parsed ({exc.__class__.__name__})"
                raise IngestError(source, reason) from None
            text = walked.text
            page = replace(page, title=page.title or walked.title)
        body = normalise(text, source, warnings)
        if not body.strip():
            raise IngestError(source, "HTML page with no article text")
    if not body.strip():
        raise IngestError(source, "no article text (empty body)")
    if len(body) > MAX_CHARS:
        raise IngestError(
            source, f"article text is {len(body):,} characters, over the {MAX_CHARS:,} limit"
        )
    return Article(
        article_id=article_id_for(body),
        source_file=source,
        body=body,
        sha256=hashlib.sha256(data).hexdigest(),
        title=_text_field(meta, "title", source) or page.title,
        outlet=_text_field(meta, "outlet", source) or page.outlet,
        url=_text_field(meta, "url", source) or page.url,
        published_date=_date_field(meta, "published", source) or page.published,
        author=_text_field(meta, "author", source) or page.author,
        warnings=tuple(warnings),
        sources=tuple(
            {**page.sources, **{str(k): "front matter" for k, v in meta.items() if v}}.items()
        ),
    )


def _too_big(size: int) -> str:
    return f"file is {size:,} bytes, over the {MAX_BYTES:,} limit"


class _Overrun(BaseException):
    """Raised inside a thread whose _time_limit is over (not an Exception: no library
    code that catches Exception swallows it)."""


@contextlib.contextmanager
def _time_limit(seconds: float) -> Iterator[None]:
    """Raise _Overrun in this thread when the block takes longer than ``seconds``.

    A timer thread raises it asynchronously (PyThreadState_SetAsyncExc), so it arrives
    between two bytecodes of whatever pure-Python code runs (html.parser, YAML), in any
    thread, Prefect's task threads included; one C call (a regex over at most MAX_BYTES)
    is short. One that is raised but not yet delivered when the block ends is withdrawn."""
    ident = threading.get_ident()
    lock = threading.Lock()
    state = {"done": False, "fired": False}

    def fire() -> None:
        with lock:
            if not state["done"]:
                state["fired"] = True
                _set_async_exc(ident, _Overrun)

    timer = threading.Timer(seconds, fire)
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        timer.cancel()
        with lock:
            state["done"] = True
            if state["fired"]:
                _set_async_exc(ident, None)  # not delivered yet: withdrawn


def _set_async_exc(ident: int, exc: type[BaseException] | None) -> None:
    ctypes.pythonapi.PyThreadState_SetAsyncExc(
        ctypes.c_ulong(ident), ctypes.py_object(exc) if exc is not None else None
    )


def _looks_like_html(text: str) -> bool:
    """Whether ``text`` begins with an HTML tag (_HTML_TAG), after white space and comments;
    one pass over the text (each comment's end is found once)."""
    at = _SPACE.match(text).end()  # type: ignore[union-attr]
    while text.startswith("<!--", at):
        end = text.find("-->", at + 4)
        if end < 0:
            return False
        at = _SPACE.match(text, end + 3).end()  # type: ignore[union-attr]
    return _HTML_TAG.match(text, at) is not None


# --- decoding ----------------------------------------------------------------------------------


def decode(data: bytes, source: str, warnings: list[str]) -> str:
    """The text of a raw file: UTF-8 (a BOM is dropped), UTF-16 with a BOM, or Windows-1252
    (with a warning); IngestError for anything else."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise IngestError(
                source, f"not valid UTF-16 ({exc.reason} at byte offset {exc.start})"
            ) from None
        if "\x00" in text:
            raise IngestError(source, "binary file (contains NUL characters), not text")
        return text
    if b"\x00" in data:
        half = len(data) // 2
        if half >= 2 and max(data[0::2].count(0), data[1::2].count(0)) >= 0.9 * half:
            raise IngestError(
                source, "UTF-16 without a byte-order mark (every other byte is NUL): save as UTF-8"
            )
        raise IngestError(source, "binary file (contains NUL bytes), not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        bad = exc.start + (3 if data.startswith(codecs.BOM_UTF8) else 0)
    where = f"byte 0x{data[bad]:02X} at offset {bad}"
    characters = _UTF8_MULTIBYTE.findall(data)
    stray = sum(1 for b in data if b > 0x7F) - sum(map(len, characters))
    if data.startswith(codecs.BOM_UTF8) or len(characters) >= stray:
        # at least as many UTF-8 characters as stray bytes: damaged UTF-8, not Windows-1252
        raise IngestError(source, f"not valid UTF-8: invalid {where} in UTF-8 text")
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError as exc:
        undefined = f"byte 0x{data[exc.start]:02X} at offset {exc.start}"
        reason = (
            f"{where} is invalid in both"
            if exc.start == bad
            else f"invalid {where}; undefined in Windows-1252: {undefined}"
        )
        raise IngestError(source, f"neither UTF-8 nor Windows-1252: {reason}") from None
    warnings.append(f"{source}: decoded as Windows-1252, not UTF-8 (first non-UTF-8 {where})")
    return text


def normalise(text: str, source: str, warnings: list[str]) -> str:
    """LF line ends, no zero-width characters, control characters replaced by spaces."""
    text = _ZERO_WIDTH.sub("", _LINE_END.sub("\n", text))
    text, replaced = _CONTROL.subn(" ", text)
    if replaced:
        warnings.append(f"{source}: replaced {replaced} control character(s) with spaces")
    return text


# --- HTML --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PageText:
    text: str  # paragraphs separated by blank lines
    title: str | None


def html_text(html: str) -> PageText:
    """The readable text of an HTML page (standard library html.parser): one paragraph per
    block element, separated by blank lines (a <br> starts a new line); the content of
    script, style, nav, aside, footer, noscript, template, svg and iframe is dropped. The
    title is the page's <title>, else its first <h1>."""
    parser = _PageParser()
    parser.feed(html)
    parser.close()
    parser.flush()
    title = " ".join("".join(parser.title).split()) or " ".join("".join(parser.h1).split())
    text = "\n\n".join(parser.paragraphs)
    return PageText(text=text + "\n" if text else "", title=title or None)


class _PageParser(HTMLParser):
    """Collects text in lists of pieces, joined once per paragraph (adding to a str held in
    a list copies it: quadratic in a long paragraph of many small pieces)."""

    DROP = frozenset(
        {"script", "style", "nav", "noscript", "template", "svg", "iframe", "aside", "footer"}
    )
    BLOCK = frozenset(
        {
            "address", "article", "blockquote", "body", "dd", "details", "div", "dl", "dt",
            "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li",
            "main", "ol", "p", "pre", "section", "summary", "table", "td", "th", "tr", "ul",
        }
    )  # fmt: skip

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.paragraphs: list[str] = []
        self.lines: list[list[str]] = [[]]
        self.dropping: list[str] = []  # open elements whose content is dropped
        self.dropping_count: dict[str, int] = {}  # how often each is in self.dropping
        self.in_title = False
        self.in_h1 = False
        self.title: list[str] = []
        self.h1: list[str] = []
        self.seen_h1 = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.DROP:
            self.dropping.append(tag)
            self.dropping_count[tag] = self.dropping_count.get(tag, 0) + 1
        elif tag == "title":
            self.in_title = True
        elif tag == "br":
            self.lines.append([])
        elif tag in self.BLOCK:
            self.flush()
            if tag == "h1" and not self.seen_h1:
                self.in_h1 = self.seen_h1 = True

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":
            self.lines.append([])
        elif tag in self.BLOCK:
            self.flush()

    def handle_endtag(self, tag: str) -> None:
        if tag in self.DROP:
            if self.dropping_count.get(tag):  # close it and anything left open inside it
                while True:  # each element is popped once: linear over the page
                    closed = self.dropping.pop()
                    self.dropping_count[closed] -= 1
                    if closed == tag:
                        break
        elif tag == "title":
            self.in_title = False
        elif tag in self.BLOCK:
            self.flush()
            if tag == "h1":
                self.in_h1 = False

    def handle_data(self, data: str) -> None:
        if self.dropping:
            return
        if self.in_title:
            self.title.append(data)
            return
        if self.in_h1:
            self.h1.append(data)
        self.lines[-1].append(data)

    def flush(self) -> None:
        lines = [" ".join("".join(line).split()) for line in self.lines]
        paragraph = "\n".join(line for line in lines if line)
        if paragraph:
            self.paragraphs.append(paragraph)
        self.lines = [[]]


# --- front matter ------------------------------------------------------------------------------


class _Refused(Exception):
    """Front matter YAML that ingest does not read (an alias, deep nesting)."""

    def __init__(self, reason: str, mark: yaml.Mark | None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.mark = mark


class _FrontMatterLoader(yaml.SafeLoader):
    """YAML's safe loader, leaving dates as text: ``published: 2024-02-30`` is then
    reported as a bad date rather than crashing YAML's own date constructor. Anchors and
    aliases are refused (an alias of an alias of ... expands a few bytes into gigabytes),
    and so is nesting deeper than MAX_DEPTH (YAML's composer recurses once per level)."""

    MAX_DEPTH = 20  # front matter is flat: key: value

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.depth = 0

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
            raise _Refused("front matter uses a YAML anchor or alias (& or *)", event.start_mark)
        if self.depth >= self.MAX_DEPTH:
            raise _Refused(
                f"front matter is nested deeper than {self.MAX_DEPTH} levels", event.start_mark
            )
        self.depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


_FrontMatterLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def split_front_matter(text: str, source: str) -> tuple[dict[str, object], str]:
    """Split an optional YAML front-matter block from the body."""
    match = _FRONT_MATTER.match(text)
    if not match:
        return {}, text
    try:
        meta = yaml.load(match.group(1) or "", Loader=_FrontMatterLoader) or {}
    except _Refused as exc:
        where = f" at line {exc.mark.line + 2}" if exc.mark is not None else ""
        raise IngestError(source, f"{exc.reason}{where}") from None
    except RecursionError:  # a backstop: MAX_DEPTH refuses deep nesting before this
        raise IngestError(source, "front matter is nested too deeply") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 2}" if mark is not None else ""
        raise IngestError(source, f"front matter is not valid YAML{where}") from None
    except ValueError as exc:  # a value YAML itself cannot construct, e.g. !!timestamp
        raise IngestError(source, f"front matter is not valid YAML ({exc})") from None
    except (TypeError, AttributeError, LookupError) as exc:  # YAML's constructors, e.g.
        # an empty !!timestamp, fail with these
        name = exc.__class__.__name__
        raise IngestError(source, f"front matter is not valid YAML ({name})") from None
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
    text = str(value).strip()
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        pass
    try:
        return dt.datetime.fromisoformat(text).date()  # 2024-06-14T09:30:00Z
    except ValueError:
        raise IngestError(
            source, f"front-matter {key!r} is not an ISO date (YYYY-MM-DD): {value!r}"
        ) from None
