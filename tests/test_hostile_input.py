"""Hostile input (issue 11): nothing escapes its folder, nothing hangs, nothing is half-read.

Each test feeds one hostile input and checks the one-line error; tests that write check
that nothing was written outside the intended folder and that what was there is intact."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import stat
import sys
import time
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from flows import ingest
from flows.cli import app
from flows.ingest import (
    MAX_BYTES,
    MAX_REASON,
    IngestError,
    list_raw_files,
    parse_article,
    read_article,
)
from flows.release.folder import verify_release
from flows.release.report import Rejection, read_rejected
from tests.conftest import ARTICLES, write_raw


def snapshot(folder: Path) -> dict[str, object]:
    """Every entry under ``folder`` (hidden ones too, links not followed, FIFOs unopened):
    file bytes, link targets, folders and special files."""
    state: dict[str, object] = {}
    for root, dirs, files in os.walk(folder):
        for name in dirs + files:
            path = Path(root) / name
            mode = path.lstat().st_mode
            key = str(path.relative_to(folder))
            if stat.S_ISLNK(mode):
                state[key] = ("link", os.readlink(path))
            elif stat.S_ISREG(mode):
                state[key] = path.read_bytes()
            else:
                state[key] = ("folder" if stat.S_ISDIR(mode) else "special", stat.S_IFMT(mode))
    return state


def rejection(data: bytes, name: str = "story.txt") -> str:
    """The one-line reason parse_article gives for ``data``."""
    with pytest.raises(IngestError) as info:
        parse_article(data, name)
    message = str(info.value)
    assert "\n" not in message and len(message) <= len(name) + 2 + MAX_REASON
    return message.removeprefix(f"{name}: ")


# --- 3: deeply nested YAML is one rejected file ------------------------------------------------


@pytest.mark.parametrize(
    "nested",
    [b"title: " + b"[" * 500, b"title: " + b"{a: " * 600, b"- " * 600 + b"x"],
)
def test_deeply_nested_front_matter_is_rejected_not_a_recursion_error(nested: bytes) -> None:
    data = b"---\n" + nested + b"\n---\nJane Roe was charged.\n"
    assert rejection(data) == "front matter is nested deeper than 20 levels at line 2"


# --- 5: YAML aliases are refused; every reason is one short line -------------------------------

LAUGHS = b"""---
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
published: [*f,*f,*f,*f,*f,*f,*f,*f,*f]
---
Jane Roe was charged.
"""


def test_yaml_aliases_are_refused_before_they_expand() -> None:
    assert rejection(LAUGHS) == "front matter uses a YAML anchor or alias (& or *) at line 2"


def test_a_plain_anchor_is_refused_too() -> None:
    data = b"---\ntitle: &t Roe charged\n---\nJane Roe was charged.\n"
    assert rejection(data) == "front matter uses a YAML anchor or alias (& or *) at line 2"


def test_a_long_reason_is_cut_to_one_short_line() -> None:
    data = b"---\npublished: " + b"x" * 100_000 + b"\n---\nJane Roe was charged.\n"
    reason = rejection(data)
    assert len(reason) == MAX_REASON and reason.endswith("x…")
    assert reason.startswith("front-matter 'published' is not an ISO date (YYYY-MM-DD): 'xxx")


def test_control_characters_in_a_name_are_escaped() -> None:
    with pytest.raises(IngestError) as info:
        parse_article(b"", "a\nrelease 9.9.9 published\x1b[2J\u2028.txt")
    assert str(info.value) == (
        "a\\nrelease 9.9.9 published\\x1b[2J\\u2028.txt: no article text (empty body)"
    )


# --- 4: ingest is linear in the input, with a time limit of its own ----------------------------


def timed(data: bytes, name: str = "story.txt") -> tuple[float, str]:
    """(seconds, the body or the rejection) of parse_article."""
    start = time.monotonic()
    try:
        outcome = parse_article(data, name).body
    except IngestError as exc:
        outcome = str(exc)
    return time.monotonic() - start, outcome


def test_comments_before_the_text_are_skipped_in_one_pass() -> None:
    seconds, body = timed(b"<!--a-->" * 27 + b"Jane Roe was charged.")  # was 80 s
    assert body == "<!--a-->" * 27 + "Jane Roe was charged."  # not HTML: text as it is
    seconds, body = timed(b"<!--a-->" * 200_000 + b"<p>Jane Roe was charged.")
    assert body == "Jane Roe was charged.\n"
    assert seconds < 30  # a ceiling against a blow-up, not a benchmark


def test_deeply_nested_dropped_elements_are_closed_in_one_pass() -> None:
    page = b"<p>Jane Roe was charged." + b"<svg>" * 180_000 + b"</svg>" * 180_000  # was 190 s
    seconds, body = timed(page, "page.html")
    assert body == "Jane Roe was charged.\n"
    assert seconds < 30


def test_markup_the_html_parser_is_slow_on_is_rejected_at_the_time_limit(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(ingest, "INGEST_TIMEOUT_S", 1.0)
    seconds, outcome = timed(b"<p>" + b"<a" * 900_000, "page.html")  # quadratic in html.parser
    assert outcome == "page.html: reading it took longer than 1 s (malformed markup?)"
    assert seconds < 30
    assert parse_article(b"<p>Jane Roe was charged.", "ok.html").body == (
        "Jane Roe was charged.\n"  # the limit is withdrawn: the next file reads as usual
    )


def test_markup_the_html_parser_cannot_parse_is_one_rejected_file() -> None:
    assert timed(b"<p>Jane Roe" + b"<![" * 10, "page.html")[1] == (
        "page.html: HTML cannot be parsed (AssertionError)"
    )


HTML_PIECES = [
    *("<p>", "</p>", "<div>", "<h1>", "</h1>", "<title>", "</title>", "<br>", "<br/>"),
    *("<svg>", "</svg>", "<script>", "</script>", "<style>", "<nav>", "</nav>"),
    *("<!--", "-->", "<!", "<![", "<![CDATA[", "]]>", "<?", "</", "<a", "<a ", '="', "'"),
    *("&", "&amp;", "&#", "&#x", ";", ">", "<", "Jane Roe was charged.", " ", "\n", "x"),
]
YAML_PIECES = [
    *("title: ", "outlet: ", "published: ", "2024-06-14", "[", "]", "{", "}", ", ", ": "),
    *("- ", "&a ", "*a", "!!str ", "!!timestamp ", '"', "'", "\\", "\n", "  ", "#", "?"),
    *("|", ">", "x", "---", "...", "%YAML 1.1", "\t", "\u2028"),
]


def repeated(pieces: list[str]) -> st.SearchStrategy[str]:
    """Text of the pieces, some repeated many times (where slow parsers blow up)."""
    run = st.tuples(st.sampled_from(pieces), st.integers(1, 2_000)).map(lambda p: p[0] * p[1])
    return st.lists(st.sampled_from(pieces) | run, max_size=40).map("".join)


@settings(
    max_examples=60,
    deadline=timedelta(seconds=ingest.INGEST_TIMEOUT_S + 20),  # the limit, and a margin
    suppress_health_check=[HealthCheck.too_slow],
)
@given(
    html=repeated(HTML_PIECES),
    yaml=repeated(YAML_PIECES),
    name=st.sampled_from(["page.html", "story.md"]),
)
def test_ingest_of_any_html_and_yaml_ends_in_bounded_time(html: str, yaml: str, name: str) -> None:
    data = f"---\n{yaml}\n---\n{html}".encode("utf-8", "surrogatepass")
    assert len(data) <= MAX_BYTES
    try:
        article = parse_article(data, name)
    except IngestError as exc:
        assert "\n" not in str(exc) and len(exc.reason) <= MAX_REASON
    else:
        assert article.body.strip()


# --- 9: links, FIFOs and folders in raw/ are rejected, never followed or opened ----------------


@pytest.fixture
def secret(tmp_path: Path) -> Path:
    path = tmp_path / "elsewhere" / "passwd"
    path.parent.mkdir()
    path.write_text("root:x:0:0:root:/root:/bin/bash\n", encoding="utf-8")
    return path


def hostile_raw(raw: Path, secret: Path) -> None:
    """raw/ with a link out of it, a FIFO, and folders (one with an article suffix)."""
    (raw / "passwd.txt").symlink_to(secret)
    (raw / "inside.txt").symlink_to("okafor.txt")  # even a link within raw/
    os.mkfifo(raw / "pipe.txt")
    (raw / "2024").mkdir()
    write_raw(raw / "2024", "story.txt", "Jane Roe was charged.\n")
    (raw / "folder.md").mkdir()


SPECIAL = [
    Rejection("2024", "a folder, not a file: articles in sub-folders are not read"),
    Rejection("folder.md", "a folder, not a file: articles in sub-folders are not read"),
    Rejection("inside.txt", "a symbolic link, not a file: links in raw/ are not followed"),
    Rejection("passwd.txt", "a symbolic link, not a file: links in raw/ are not followed"),
    Rejection("pipe.txt", "a FIFO, not a regular file: refused unopened"),
]


def test_links_fifos_and_folders_in_raw_are_rejected_unopened(tmp_path: Path, secret: Path) -> None:
    raw = tmp_path / "raw"
    write_raw(raw, "okafor.txt", (ARTICLES / "okafor.txt").read_text(encoding="utf-8"))
    hostile_raw(raw, secret)
    reasons = []
    for path in list_raw_files(raw):
        try:
            read_article(path)  # a FIFO opened for reading would block here
        except IngestError as exc:
            reasons.append(Rejection(exc.source, exc.reason))
    assert reasons == SPECIAL


# --- the build: one line per hostile file; the release, raw/ and the rest untouched -----------

HOSTILE_FILES = {
    "nested.md": b"---\ntitle: " + b"[" * 500 + b"\n---\nJane Roe was charged.\n",
    "laughs.md": LAUGHS,
    "comments.txt": b"<!--a-->" * 27 + b"<p>Jane Roe was charged.</p>",  # accepted now
    "slow.html": b"<p>" + b"<a" * 900_000,
    "name\n\x1b[2Jrelease 9.9.9 published.txt": b"",
}


@pytest.mark.usefixtures("prefect_harness")
def test_a_build_rejects_each_hostile_file_in_one_line_and_touches_nothing_else(
    tmp_path: Path, secret: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ingest, "INGEST_TIMEOUT_S", 1.0)
    raw, out = tmp_path / "raw", tmp_path / "out"
    write_raw(raw, "okafor.txt", (ARTICLES / "okafor.txt").read_text(encoding="utf-8"))
    args = ["build", "--raw", str(raw), "--out", str(out)]
    first = CliRunner().invoke(app, args)
    assert first.exit_code == 0, first.output
    release = snapshot(out / "releases")
    for name, data in HOSTILE_FILES.items():
        (raw / name).write_bytes(data)
    hostile_raw(raw, secret)
    before = snapshot(tmp_path)

    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "release 1.1.0 published" in result.output  # comments.txt is a new article
    expected = sorted(
        [
            *SPECIAL,
            Rejection("laughs.md", "front matter uses a YAML anchor or alias (& or *) at line 2"),
            Rejection("name\\n\\x1b[2Jrelease 9.9.9 published.txt", "no article text (empty body)"),
            Rejection("nested.md", "front matter is nested deeper than 20 levels at line 2"),
            Rejection("slow.html", "reading it took longer than 1 s (malformed markup?)"),
        ]
    )
    assert read_rejected(out / "rejected.csv") == expected
    lines = result.output.splitlines()
    start = lines.index(f"rejected {len(expected)} file(s) (see {out / 'rejected.csv'}):")
    assert lines[start + 1 : start + 1 + len(expected)] == [f"  {r}" for r in expected]
    assert not any(line.startswith("release 9.9.9") for line in lines)
    after = snapshot(tmp_path)
    changed = {k for k in before.keys() | after.keys() if before.get(k) != after.get(k)}
    assert all(k.startswith("out/") for k in changed), changed  # raw/ and the rest as they were
    assert {k: v for k, v in snapshot(out / "releases").items() if k.startswith("1.0.0")} == (
        release
    )


# --- 7: validate reads nothing outside the release and misses no file --------------------------

OPENED: list[str] = []  # paths opened while an audit is on (see audited)
_AUDITING: list[bool] = []


def _audit(event: str, args: tuple[object, ...]) -> None:
    if _AUDITING and event == "open" and isinstance(args[0], str | bytes | os.PathLike):
        OPENED.append(os.path.abspath(os.fsdecode(args[0])))


sys.addaudithook(_audit)  # cannot be removed: it records only while _AUDITING


@pytest.fixture
def audited() -> Iterator[list[str]]:
    """Every file opened during the test."""
    OPENED.clear()
    _AUDITING.append(True)
    try:
        yield OPENED
    finally:
        _AUDITING.clear()


@pytest.fixture
def release(out_dir: Path, tmp_path: Path) -> Path:
    """A copy of a good release to spoil."""
    copy = tmp_path / "release"
    shutil.copytree(out_dir / "releases" / "1.0.0", copy)
    return copy


def resign(release: Path, change: Callable[[dict[str, object]], object] | None = None) -> None:
    """Change datapackage.json (or not) and rewrite SHA256SUMS to match every file listed,
    as whoever made the release would."""
    if change is not None:
        path = release / "datapackage.json"
        descriptor = json.loads(path.read_text(encoding="utf-8"))
        change(descriptor)
        path.write_text(json.dumps(descriptor), encoding="utf-8")
    names = [line[66:] for line in (release / "SHA256SUMS").read_text("utf-8").splitlines()]
    lines = []
    for name in names:
        target = release / name
        digest = hashlib.sha256(target.read_bytes()).hexdigest() if target.is_file() else "0" * 64
        lines.append(f"{digest}  {name}\n")
    (release / "SHA256SUMS").write_text("".join(lines), encoding="utf-8")


def validate(release: Path) -> tuple[int, list[str]]:
    """Exit code and stderr lines of `casefile validate`."""
    result = CliRunner().invoke(app, ["validate", str(release)])
    return result.exit_code, result.stderr.splitlines()


def test_validate_reads_no_path_that_leaves_the_release(
    release: Path, secret: Path, audited: list[str]
) -> None:
    outside = os.path.relpath(secret, release)  # ../elsewhere/passwd
    with (release / "SHA256SUMS").open("a", encoding="utf-8") as sums:
        sums.write(f"{'0' * 64}  {outside}\n{'0' * 64}  /etc/passwd\n")
    (release / "link.csv").symlink_to(secret)
    resign(release, lambda d: d["resources"].append({"path": "link.csv", "hash": "sha256:0"}))
    before = snapshot(release.parent)
    audited.clear()
    code, lines = validate(release)
    assert code == 1
    assert lines[1:] == [
        f"  {outside}: '..' in the path leaves the target folder; not read",
        "  /etc/passwd: absolute path, leaves the target folder; not read",
        "  link.csv: a link, not a file of the release; not read",
    ]
    assert str(secret) not in audited and "/etc/passwd" not in audited
    data = [p for p in audited if not p.endswith((".py", ".pyc", ".so")) and "-packages" not in p]
    assert all(p.startswith(str(release)) for p in data), data
    assert snapshot(release.parent) == before  # validate writes nothing


def test_files_a_release_must_have_are_required(release: Path) -> None:
    for name in ("casefile.db", "index.html"):
        (release / name).unlink()
    sums = (release / "SHA256SUMS").read_text(encoding="utf-8").splitlines()
    kept = [line for line in sums if not line.endswith(("casefile.db", "index.html"))]
    (release / "SHA256SUMS").write_text("\n".join(kept) + "\n", encoding="utf-8")
    assert verify_release(release) == [
        "casefile.db: missing",
        "index.html: missing",
        "casefile.db: not listed in SHA256SUMS",
        "index.html: not listed in SHA256SUMS",
    ]


def test_an_empty_checksum_list_does_not_switch_off_the_descriptor_check(release: Path) -> None:
    (release / "SHA256SUMS").write_bytes(b"")
    descriptor = release / "datapackage.json"
    descriptor.write_bytes(descriptor.read_bytes().replace(b"Creative Commons", b"No rights"))
    problems = verify_release(release)
    assert problems[0] == "datapackage.json: not listed in SHA256SUMS"
    assert len(problems) == 1 + len(ingest_required()) - 2  # every file but the two lists


def ingest_required() -> tuple[str, ...]:
    from flows.release.folder import REQUIRED_FILES

    return REQUIRED_FILES


def test_a_fifo_in_a_release_is_refused_unopened(release: Path) -> None:
    (release / "index.html").unlink()
    os.mkfifo(release / "index.html")  # opened for reading, it would block validate
    assert verify_release(release) == ["index.html: not a regular file; not read"]


def test_files_are_hashed_in_pieces_not_read_whole(
    release: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from flows.release import folder as publish

    reads: list[int] = []
    fdopen = os.fdopen

    class Spy:
        def __init__(self, fd: int, mode: str) -> None:
            self.handle = fdopen(fd, mode)

        def __enter__(self) -> Spy:
            return self

        def __exit__(self, *exc: object) -> None:
            self.handle.close()

        def fileno(self) -> int:
            return self.handle.fileno()

        def read(self, size: int = -1) -> bytes:
            reads.append(size)
            return self.handle.read(size)  # type: ignore[no-any-return]

    monkeypatch.setattr(publish.os, "fdopen", Spy)
    data = b"x" * (3 << 20)
    (release / "big.bin").write_bytes(data)
    assert publish._hash_file(release / "big.bin") == (len(data), hashlib.sha256(data).hexdigest())
    assert reads and all(0 < size <= 1 << 20 for size in reads)


# --- 10: validate: one line, never a traceback, for descriptors it cannot use ------------------


@pytest.mark.parametrize(
    ("change", "line"),
    [
        (
            lambda d: d["resources"].append({"name": "x", "data": [{"a": 1}]}),
            "datapackage.json: resource 17 has no path (inline data is no release file)",
        ),
        (
            lambda d: d["resources"][0].update(path=["articles.csv", "people.csv"]),
            "datapackage.json: resource 1: path must be one file name, not a list",
        ),
        (
            lambda d: d["resources"][0].update(bytes="abc"),
            "articles.csv: bytes in datapackage.json is a str, not a number",
        ),
        (lambda d: d["resources"].append(7), "datapackage.json: resource 17 is not an object"),
    ],
)
def test_validate_reports_a_descriptor_it_cannot_use_in_one_line(
    release: Path, change: Callable[[dict[str, object]], object], line: str
) -> None:
    resign(release, change)
    code, lines = validate(release)
    assert (code, lines) == (1, [f"{release}: 1 problem(s)", f"  {line}"])


def test_a_descriptor_that_is_a_list_is_one_line(release: Path) -> None:
    (release / "datapackage.json").write_text("[1, 2]", encoding="utf-8")
    resign(release)
    code, lines = validate(release)
    assert (code, lines) == (
        1,
        [
            f"{release}: 1 problem(s)",
            f"  {release / 'datapackage.json'}: not a data package (an object with a "
            "resources list)",
        ],
    )


# --- 11: untrusted names are printed escaped, rich markup is text ------------------------------


def test_validate_prints_names_escaped_and_markup_as_text(tmp_path: Path, release: Path) -> None:
    odd = tmp_path / "rel[/x][red]\x1b[2J\nrelease 9.9.9 published"
    odd.parent.mkdir()  # rel[ holds the release, named x][red]...
    release.rename(odd)
    (odd / "index.html").write_bytes(b"changed")
    code, lines = validate(odd)
    shown = str(odd).replace("\x1b", "\\x1b").replace("\n", "\\n")
    assert (code, lines) == (
        1,
        [
            f"{shown}: 1 problem(s)",
            "  index.html: sha256 differs from SHA256SUMS (file changed or damaged)",
        ],
    )
