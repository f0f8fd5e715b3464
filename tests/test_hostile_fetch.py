"""Hostile servers and leftovers (issue 11): `casefile download` and `casefile add` against
servers that lie, trickle, send garbage or never stop; stale temporary folders of killed
runs. Every refusal is one line, nothing is written outside the intended folder, and what
was there before is intact."""

from __future__ import annotations

import errno
import os
import shutil
import socket
import socketserver
import stat
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from flows import add as add_module
from flows.cli import app
from flows.ingest import MAX_BYTES, list_raw_files, read_article
from flows.release import fetch as download_module
from flows.release import folder as publish_module
from flows.release.fetch import download
from flows.release.folder import publish, verify_release
from tests.conftest import ARTICLES
from tests.servers import serve
from tests.test_hostile_input import snapshot

Reply = Callable[[socket.socket], None]

PAGE = (
    b"<!DOCTYPE html><html><head><title>Ferry captain charged</title></head><body>"
    b"<p>Harbor police arrested captain Ilse Varga on May 2, 2024.</p></body></html>"
)


def ok(data: bytes, content_type: str = "text/html") -> Reply:
    def reply(conn: socket.socket) -> None:
        head = f"HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\n"
        conn.sendall(f"{head}Content-Length: {len(data)}\r\n\r\n".encode() + data)

    return reply


def raw_reply(data: bytes) -> Reply:
    return lambda conn: conn.sendall(data)


def trickle(head: bytes, byte: bytes = b"x", every: float = 0.2) -> Reply:
    """Send ``head``, then one byte at a time, each well within a per-read timeout."""

    def reply(conn: socket.socket) -> None:
        conn.sendall(head)
        while True:
            time.sleep(every)
            conn.sendall(byte)

    return reply


def endless(head: bytes) -> Reply:
    def reply(conn: socket.socket) -> None:
        conn.sendall(head)
        block = b"x" * 65536
        while True:
            conn.sendall(block)

    return reply


@contextmanager
def hostile(folder: Path | None, replies: dict[str, Reply]) -> Iterator[str]:
    """An HTTP server on 127.0.0.1: the paths in ``replies`` answered by them, anything else
    from ``folder`` (404 when absent). Yields its base URL."""

    class Handler(socketserver.BaseRequestHandler):
        def handle(self) -> None:
            conn = self.request
            data = b""
            while b"\r\n\r\n" not in data:
                chunk = conn.recv(4096)
                if not chunk:
                    return
                data += chunk
            path = data.split(b" ", 2)[1].decode().lstrip("/")
            try:
                if path in replies:
                    replies[path](conn)
                elif folder is not None and (folder / path).is_file():
                    ok((folder / path).read_bytes(), "application/octet-stream")(conn)
                else:
                    conn.sendall(b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n")
            except OSError:  # the client gave up: what these tests want
                pass

    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def one_line(args: list[str]) -> str:
    """The one error line of a failed command (exit 1), without its 'error: '."""
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 1, result.output
    lines = result.output.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.output
    return lines[0].removeprefix("error: ")


@pytest.fixture
def release(out_dir: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "served"
    shutil.copytree(out_dir / "releases" / "1.0.0", copy)
    return copy


@pytest.fixture
def dest(tmp_path: Path) -> Iterator[Path]:
    """An empty folder to download into; at the end nothing else under tmp_path changed
    (but the served release, which the tests spoil)."""
    folder = tmp_path / "dest"
    folder.mkdir()

    def outside() -> dict[str, object]:
        return {k: v for k, v in snapshot(tmp_path).items() if k.split("/")[0] != "dest"}

    before = {k: v for k, v in outside().items() if k.split("/")[0] != "served"}
    yield folder
    assert {k: v for k, v in outside().items() if k.split("/")[0] != "served"} == before


def get(url: str, dest: Path) -> str:
    return one_line(["download", url, "--to", str(dest / "casefile")])


# --- 6: download bounds every file before writing it -------------------------------------------


def test_a_file_without_a_declared_size_offering_too_much_is_refused_unwritten(
    release: Path, dest: Path
) -> None:
    huge = b"HTTP/1.1 200 OK\r\nContent-Length: 1000000000000\r\n\r\n"
    with hostile(release, {"casefile.db": endless(huge)}) as url:
        message = get(url, dest)
    assert message == (
        "casefile.db: 1000000000000 bytes offered, over the 2,000,000,000 bytes a file "
        "without a declared size may have; refused"
    )
    assert list(dest.iterdir()) == []


def test_a_file_without_a_declared_size_that_never_ends_stops_at_the_ceiling(
    release: Path, dest: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(download_module, "MAX_FILE_BYTES", 1_000_000)
    with hostile(release, {"events.parquet": endless(b"HTTP/1.1 200 OK\r\n\r\n")}) as url:
        message = get(url, dest)
    assert message == (
        "events.parquet: more than the 1,000,000 bytes a file without a declared size may "
        "have; refused"
    )
    assert list(dest.iterdir()) == []


def test_a_declared_size_bounds_a_file_before_it_is_written(release: Path, dest: Path) -> None:
    size = (release / "events.csv").stat().st_size
    head = f"HTTP/1.1 200 OK\r\nContent-Length: {size + 1}\r\n\r\n".encode()
    with hostile(release, {"events.csv": endless(head)}) as url:
        message = get(url, dest)
    assert message == (
        f"events.csv: {size + 1} bytes offered, over the {size} bytes datapackage.json says; "
        "refused"
    )
    assert list(dest.iterdir()) == []


# --- 2: a deadline on every fetch; add checks the length ---------------------------------------


def test_a_download_that_trickles_ends_at_its_deadline(
    release: Path, dest: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(download_module, "FETCH_DEADLINE_S", 1.0)
    head = b"HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n"
    start = time.monotonic()
    with hostile(release, {"events.parquet": trickle(head)}) as url:
        message = get(url, dest)
    assert message == "events.parquet: not complete after 1 s (too slow); refused"
    assert time.monotonic() - start < 60  # a ceiling, not a benchmark
    assert list(dest.iterdir()) == []


def test_headers_that_trickle_end_at_the_deadline(
    release: Path, dest: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(download_module, "FETCH_DEADLINE_S", 1.0)
    with hostile(release, {"SHA256SUMS": trickle(b"HTTP/1.1 200 OK\r\nX: ")}) as url:
        message = get(url, dest)
    # which of the two watchers notices first (the deadline timer while the headers are
    # still coming, or the read after it) depends on the machine's load; both refuse
    assert message in (
        "SHA256SUMS: not complete after 1 s (too slow); refused",
        f"SHA256SUMS: no answer from {url}SHA256SUMS within 1 s",
    )
    assert list(dest.iterdir()) == []


@pytest.fixture
def raw(tmp_path: Path) -> Iterator[Path]:
    """raw/ with one article; at the end it, and everything else, is as it was."""
    folder = tmp_path / "raw"
    folder.mkdir()
    shutil.copy(ARTICLES / "okafor.txt", folder / "000_okafor.txt")
    before = snapshot(tmp_path)
    yield folder
    assert snapshot(tmp_path) == before


def test_add_refuses_a_page_shorter_than_its_content_length(raw: Path) -> None:
    cut = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 1000\r\n\r\n"
    with hostile(None, {"story.html": raw_reply(cut + PAGE[:50])}) as url:
        message = one_line(["add", url + "story.html", "--raw", str(raw)])
    assert message == (
        f"{url}story.html: cannot be fetched (story.html: 50 of 1000 bytes arrived (truncated))"
    )


def test_add_ends_a_page_that_trickles_at_its_deadline(
    raw: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(add_module, "FETCH_DEADLINE_S", 1.0)
    head = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 100000\r\n\r\n"
    with hostile(None, {"story.html": trickle(head + PAGE[:60])}) as url:
        message = one_line(["add", url + "story.html", "--raw", str(raw)])
    assert message == (
        f"{url}story.html: cannot be fetched (story.html: not complete after 1 s (too slow); "
        "refused)"
    )


# --- 10: one line, never a traceback -----------------------------------------------------------


@pytest.mark.parametrize(
    ("reply", "problem"),
    [
        (raw_reply(b"garbage\r\n\r\n"), "BadStatusLine: garbage\\r\\n"),
        (
            raw_reply(b"HTTP/1.1 200 OK\r\n" + b"X-A: b\r\n" * 101 + b"\r\n"),
            "HTTPException: got more than 100 headers",
        ),
    ],
)
def test_a_broken_http_answer_is_one_line(
    release: Path, dest: Path, reply: Reply, problem: str
) -> None:
    with hostile(release, {"SHA256SUMS": reply}) as url:
        message = get(url, dest)
    assert message == f"SHA256SUMS: cannot fetch {url}SHA256SUMS ({problem})"
    assert list(dest.iterdir()) == []


def test_a_size_that_is_no_number_is_one_line(release: Path, dest: Path) -> None:
    from tests.test_download import edit_descriptor

    edit_descriptor(release, lambda d: d["resources"][0].update(bytes="abc"))
    with hostile(release, {}) as url:
        message = get(url, dest)
    assert message == 'articles.csv: bytes in datapackage.json is "abc", not a size'
    assert list(dest.iterdir()) == []


def test_a_file_and_a_folder_of_the_same_name_are_one_line(release: Path, dest: Path) -> None:
    with (release / "SHA256SUMS").open("a", encoding="utf-8") as sums:
        sums.write(f"{'0' * 64}  articles.csv/x.csv\n")
    with hostile(release, {}) as url:
        message = get(url, dest)
    assert message == "articles.csv/x.csv: a file and a folder of the release have the same name"
    assert list(dest.iterdir()) == []


def test_a_full_disk_during_download_names_the_file(
    release: Path, dest: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = []
    real_fsync = os.fsync

    def fsync(fd: int) -> None:
        calls.append(fd)
        if len(calls) == 3:
            raise OSError(errno.ENOSPC, "No space left on device")
        real_fsync(fd)

    monkeypatch.setattr(download_module.os, "fsync", fsync)
    with hostile(release, {}) as url:
        message = get(url, dest)
    assert message == f"articles.parquet: cannot be written in {dest} (No space left on device)"
    assert list(dest.iterdir()) == []


@pytest.mark.parametrize(
    ("reply", "problem"),
    [
        (
            raw_reply(
                b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"
                b"Transfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n"
            ),
            "story.html: transfer broke off (IncompleteRead)",
        ),
    ],
)
def test_add_on_bad_chunked_encoding_is_one_line(raw: Path, reply: Reply, problem: str) -> None:
    with hostile(None, {"story.html": reply}) as url:
        message = one_line(["add", url + "story.html", "--raw", str(raw)])
    assert message == f"{url}story.html: cannot be fetched ({problem})"


def test_add_of_an_invalid_url_is_one_line(raw: Path) -> None:
    message = one_line(["add", "http://127.0.0.1:port/story.html", "--raw", str(raw)])
    assert message == (
        "http://127.0.0.1:port/story.html: cannot be fetched (story.html: cannot fetch "
        "http://127.0.0.1:port/story.html (InvalidURL: nonnumeric port: 'port'))"
    )


def test_a_full_disk_during_add_names_the_file(
    raw: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fsync(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(add_module.os, "fsync", fsync)
    message = one_line(["add", str(ARTICLES / "velasquez.txt"), "--raw", str(raw)])
    name = message.split(":", 1)[0]
    assert name.startswith(str(raw / "001_")) and name.endswith(".txt")
    assert message == f"{name}: cannot be written (No space left on device)"


# --- 11: names printed escaped, markup as text -------------------------------------------------


def test_add_prints_a_name_with_markup_and_escapes_as_text(raw: Path, tmp_path: Path) -> None:
    odd = tmp_path / "odd[/x][red]\x1b[2J\nrelease 9.9.9 published.txt"
    odd.parent.mkdir()  # odd[ holds x][red]...
    odd.write_bytes(b"\x89PNG\x00")
    message = one_line(["add", str(odd), "--raw", str(raw)])
    assert message == (
        "x][red]\\x1b[2J\\nrelease 9.9.9 published.txt: binary file (contains NUL bytes), not text"
    )
    odd.unlink()
    odd.parent.rmdir()


def test_a_download_error_with_a_control_character_is_escaped(dest: Path) -> None:
    message = get(str(dest / "no\x1b[2Jsuch"), dest)
    assert message == f"{dest}/no\\x1b[2Jsuch: no such folder or http(s) URL"


# --- 12: the smaller ones ----------------------------------------------------------------------


def test_add_never_shows_nor_stores_a_password(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    with hostile(None, {"story.html": ok(PAGE)}) as url:
        secret = url.replace("http://", "http://jane:s3cret@")
        result = CliRunner().invoke(app, ["add", secret + "story.html", "--raw", str(raw)])
        missing = CliRunner().invoke(app, ["add", secret + "gone.html", "--raw", str(raw)])
    assert result.exit_code == 0, result.output
    (path,) = list_raw_files(raw)
    assert read_article(path).url == url + "story.html"
    assert b"s3cret" not in path.read_bytes() and "s3cret" not in result.output
    assert missing.exit_code == 1 and "s3cret" not in missing.output
    assert "jane:***@" in missing.output


def test_add_refuses_a_huge_file_unread(raw: Path, tmp_path: Path) -> None:
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as handle:
        handle.truncate(3_000_000_000)  # sparse: no disk, but 3 GB to read
    assert one_line(["add", str(huge), "--raw", str(raw)]) == (
        f"huge.txt: file is 3,000,000,000 bytes, over the {MAX_BYTES:,} limit"
    )
    huge.unlink()


def test_add_refuses_a_fifo_unopened(raw: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)  # read, it would block for ever
    assert one_line(["add", str(fifo), "--raw", str(raw)]) == f"{fifo}: not a regular file"
    fifo.unlink()


def test_added_files_are_readable_by_everyone_like_the_rest(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    result = CliRunner().invoke(app, ["add", str(ARTICLES / "okafor.txt"), "--raw", str(raw)])
    assert result.exit_code == 0, result.output
    (path,) = list_raw_files(raw)
    assert stat.S_IMODE(path.stat().st_mode) == 0o644


# --- 8: leftovers of killed runs are removed by the next run that owns them --------------------


def killed(run: Callable[[], object], owner: object, name: str, at: int = 3) -> None:
    """Run ``run`` in a child process that is killed (os._exit) at the ``at``-th call of
    owner.name, as a kill -9 would leave it."""
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        calls = []
        real = getattr(owner, name)

        def dying(*args: object, **kwargs: object) -> object:
            calls.append(1)
            if len(calls) == at:
                os._exit(9)
            return real(*args, **kwargs)

        setattr(owner, name, dying)
        try:
            run()
        finally:
            os._exit(0)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 9


def test_a_killed_publish_leaves_a_folder_the_next_publish_removes(
    tables: dict[str, pd.DataFrame], tmp_path: Path
) -> None:
    out = tmp_path / "out"
    first = publish(tables, out)
    fewer = {**tables, "citation_events": tables["citation_events"].iloc[:1]}
    before = snapshot(first.path)
    killed(lambda: publish(fewer, out), publish_module, "_write")
    (left,) = [p.name for p in (out / "releases").iterdir() if p.name.startswith(".tmp-")]
    assert left.startswith(".tmp-1.1.0-")
    busy = out / "releases" / f".tmp-1.1.0-{os.getpid()}-running"  # a live run's: kept
    busy.mkdir()
    old = out / "releases" / ".tmp-1.1.0-abcdefgh"  # an older version's, without a pid
    old.mkdir()
    os.utime(old, (time.time() - 2 * 86400,) * 2)
    (out / ".latest-999999999").symlink_to("releases")  # a switch of latest, killed
    second = publish(fewer, out)
    assert second.version == "1.1.0" and verify_release(second.path) == []
    hidden = sorted(p.name for p in (out / "releases").iterdir() if p.name.startswith("."))
    assert hidden == [busy.name]
    assert not (out / ".latest-999999999").is_symlink()
    assert snapshot(first.path) == before


def test_a_killed_download_leaves_a_folder_the_next_download_removes(
    out_dir: Path, dest: Path
) -> None:
    target = dest / "casefile"
    with serve(out_dir) as url:
        killed(lambda: download(url, to=target), download_module.os, "fsync")
        (left,) = [p.name for p in dest.iterdir()]
        assert left.startswith(".casefile.download-")
        other = dest / ".other.download-1-x"  # another target's: not this download's
        other.mkdir()
        download(url, to=target)
    assert sorted(p.name for p in dest.iterdir()) == [".other.download-1-x", "casefile"]
    assert verify_release(target) == []
    other.rmdir()


def test_a_killed_add_leaves_a_file_the_next_add_removes(tmp_path: Path) -> None:
    from flows.add import add_article

    raw = tmp_path / "raw"
    killed(lambda: add_article(str(ARTICLES / "okafor.txt"), raw), add_module.os, "fsync", 1)
    (left,) = [p.name for p in raw.iterdir()]
    assert left.startswith(".add-")
    added = add_article(str(ARTICLES / "okafor.txt"), raw)
    assert [p.name for p in raw.iterdir()] == [added.path.name]


BAD_URL = "http://jane:s3cret@[::1/story.html"


def test_add_of_a_url_urllib_cannot_split_is_one_line_without_its_password(raw: Path) -> None:
    assert one_line(["add", BAD_URL, "--raw", str(raw)]) == (
        "http://***@[::1/story.html: not a valid URL"
    )


def test_download_of_a_url_urllib_cannot_split_is_one_line_without_its_password(
    dest: Path,
) -> None:
    assert get(BAD_URL, dest) == "http://***@[::1/story.html: not a valid URL"
    assert list(dest.iterdir()) == []


def test_a_truncated_checksum_list_is_refused(release: Path, dest: Path) -> None:
    sums = (release / "SHA256SUMS").read_bytes()
    head = f"HTTP/1.1 200 OK\r\nContent-Length: {len(sums)}\r\n\r\n".encode()
    with hostile(release, {"SHA256SUMS": raw_reply(head + sums[:100])}) as url:
        message = get(url, dest)
    assert message == f"SHA256SUMS: 100 of {len(sums)} bytes arrived (truncated)"
    assert list(dest.iterdir()) == []
