"""``casefile download``: fetch a release, verify every file, and only then put it in place.

SOURCE is an http(s) URL or a folder: a release itself, or a folder of releases such as
``output/`` (its ``latest``) or ``output/releases`` (its newest version). Every resource of
``datapackage.json`` and every file in ``SHA256SUMS`` is fetched into a temporary folder
beside the target, checked (size against datapackage.json, sha256 against SHA256SUMS and
datapackage.json), and the folder is renamed into place when all of them are right. On
any problem nothing is left behind and a ``DownloadError`` names the file and the problem
in one line. Paths that could leave the target folder are refused before anything is
fetched. Standard library only (urllib.request).

Bounds (a hostile server can neither fill the disk nor hold a download open): each file
is at most its size in datapackage.json, else MAX_FILE_BYTES, checked against its
Content-Length before anything is written and again while it arrives; each request has
an overall deadline (FETCH_DEADLINE_S, however slowly the bytes trickle in) besides
TIMEOUT per read. ``fetch_bytes`` is the same fetch for ``casefile add``. A killed
download leaves a ``.<target>.download-<pid>-*`` folder; the next download of that target
removes the ones whose process is gone.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import http.client
import json
import os
import re
import shutil
import socket
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from flows.ingest import printable, short_line

DESCRIPTOR = "datapackage.json"
CHECKSUMS = "SHA256SUMS"
CHUNK = 1 << 16
TIMEOUT = 60  # seconds without an answer before a request fails
FETCH_DEADLINE_S = 900  # seconds one request may take in all, headers and body
MAX_METADATA = 50_000_000  # bytes: datapackage.json and SHA256SUMS are far smaller
# bytes: a file whose size datapackage.json does not give (Parquet, casefile.db, ...);
# the largest of a release is its SQLite or Parquet copy of the tables, far smaller
MAX_FILE_BYTES = 2_000_000_000
STALE_AFTER_S = 24 * 3600  # a leftover folder without a live owner's pid: stale after this
_VERSION = re.compile(r"\d+\.\d+\.\d+")  # fullmatch: "1.2.0\n" is no version
_PART = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9._+-]*$")
_SUM_LINE = re.compile(r"^([0-9a-f]{64}) [ *](.+)$")

Progress = Callable[[str, int, "int | None"], None]  # file name, bytes so far, expected total


class DownloadError(Exception):
    """A download that cannot be completed; str() is one line naming the file."""


def _show(name: str) -> str:
    """A file name safe to print on one line."""
    return printable(json.dumps(name, ensure_ascii=False)[1:-1])


def redact(url: str) -> str:
    """``url`` without a password (``user:pass@`` becomes ``user:***@``), for messages."""
    try:
        parts = urllib.parse.urlsplit(url)
        if parts.password is None:
            return url
    except ValueError:  # not a URL urllib can split: hide what could be a password
        return re.sub(r"//[^/@]*@", "//***@", url)
    host = parts.netloc.rpartition("@")[2]
    return urllib.parse.urlunsplit(parts._replace(netloc=f"{parts.username}:***@{host}"))


# --- fetching with an overall deadline ---------------------------------------------------------


class _Watch:
    """Shuts the sockets of one request when its deadline passes: a blocked read returns
    or fails at once, however slowly the server sends (a per-read timeout never ends a
    server that sends a byte just before each one runs out)."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.expired = False
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True
        self._timer.start()

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            for sock in self._sockets:
                _shut(sock)

    def add(self, sock: socket.socket) -> None:
        with self._lock:
            self._sockets.append(sock)
            if self.expired:
                _shut(sock)

    def cancel(self) -> None:
        self._timer.cancel()


def _shut(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)


def _watched(base: type[http.client.HTTPConnection], watch: _Watch) -> Any:
    class Watched(base):  # type: ignore[valid-type,misc]
        def connect(self) -> None:
            super().connect()
            watch.add(self.sock)

    return Watched


class _WatchedHTTP(urllib.request.HTTPHandler):
    def __init__(self, watch: _Watch) -> None:
        super().__init__()
        self.watch = watch

    def do_open(self, http_class: Any, req: Any, **kwargs: Any) -> Any:
        return super().do_open(_watched(http_class, self.watch), req, **kwargs)


class _WatchedHTTPS(urllib.request.HTTPSHandler):
    def __init__(self, watch: _Watch) -> None:
        super().__init__()
        self.watch = watch

    def do_open(self, http_class: Any, req: Any, **kwargs: Any) -> Any:
        return super().do_open(_watched(http_class, self.watch), req, **kwargs)


def _open_url(url: str, name: str, deadline: float) -> tuple[_TimedStream, int | None, str]:
    """A stream of ``url`` (http or https only, redirects too), its Content-Length when
    given, and its content type; _NotFound for 404/410, DownloadError for anything else."""
    headers = {"User-Agent": "casefile-download"}
    try:
        parts = urllib.parse.urlsplit(url)
    except ValueError:
        raise DownloadError(f"{name}: {redact(url)} is not a valid URL") from None
    if "@" in parts.netloc:  # user:password@host: sent as a header, never shown
        user = urllib.parse.unquote(parts.username or "")
        password = urllib.parse.unquote(parts.password or "")
        token = base64.b64encode(f"{user}:{password}".encode()).decode("ascii")
        headers["Authorization"] = f"Basic {token}"
        url = urllib.parse.urlunsplit(parts._replace(netloc=parts.netloc.rpartition("@")[2]))
    watch = _Watch(deadline)
    opener = urllib.request.OpenerDirector()
    for handler in (
        _WatchedHTTP(watch),
        _WatchedHTTPS(watch),
        urllib.request.HTTPRedirectHandler(),
        urllib.request.HTTPDefaultErrorHandler(),
        urllib.request.HTTPErrorProcessor(),
    ):
        opener.add_handler(handler)
    request = urllib.request.Request(url, headers=headers)
    shown = redact(url)
    try:
        response = opener.open(request, timeout=min(TIMEOUT, deadline))
    except urllib.error.HTTPError as exc:
        watch.cancel()
        exc.close()
        if exc.code in (404, 410):
            raise _NotFound(name) from None
        raise DownloadError(f"{name}: HTTP {exc.code} {exc.reason} from {shown}") from None
    except (urllib.error.URLError, OSError, ValueError, http.client.HTTPException) as exc:
        watch.cancel()
        if watch.expired:
            raise DownloadError(f"{name}: no answer from {shown} within {deadline:g} s") from None
        reason = getattr(exc, "reason", None) or (
            f"{exc.__class__.__name__}: {exc}" if str(exc) else exc.__class__.__name__
        )
        raise DownloadError(
            f"{name}: cannot fetch {shown} ({short_line(str(reason), 80)})"
        ) from None
    length = response.headers.get("Content-Length")
    kind = response.headers.get_content_type()
    size = int(length) if length and length.strip().isdigit() else None
    return _TimedStream(response, watch, name), size, kind


class _TimedStream:
    """A response whose reads fail with DownloadError once its request's deadline passed."""

    def __init__(self, response: Any, watch: _Watch, name: str) -> None:
        self.response, self.watch, self.name = response, watch, name

    def read(self, size: int = -1) -> bytes:
        try:
            data = bytes(self.response.read(size))
        except (OSError, ValueError, http.client.HTTPException) as exc:
            if self.watch.expired:
                raise self._late() from None
            raise DownloadError(
                f"{self.name}: transfer broke off ({exc.__class__.__name__})"
            ) from None
        if self.watch.expired:
            raise self._late()
        return data

    def _late(self) -> DownloadError:
        return DownloadError(
            f"{self.name}: not complete after {self.watch.seconds:g} s (too slow); refused"
        )

    def close(self) -> None:
        self.watch.cancel()
        with contextlib.suppress(Exception):
            self.response.close()

    def __enter__(self) -> _TimedStream:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def fetch_bytes(url: str, limit: int, deadline: float | None = None) -> tuple[bytes, str]:
    """The body of ``url`` (at most ``limit`` + 1 bytes: more is the caller's to refuse)
    and its content type. DownloadError when it is missing, shorter than its
    Content-Length, broken off, or not complete within ``deadline`` seconds."""
    try:
        name = urllib.parse.urlsplit(url).path.rsplit("/", 1)[-1] or redact(url)
    except ValueError:
        raise DownloadError(f"{redact(url)}: not a valid URL") from None
    try:
        stream, length, kind = _open_url(url, name, deadline or FETCH_DEADLINE_S)
    except _NotFound:
        raise DownloadError(f"{name}: not found (HTTP 404) at {redact(url)}") from None
    with stream:
        parts, count = [], 0
        while count <= limit and (chunk := stream.read(min(CHUNK, limit + 1 - count))):
            parts.append(chunk)
            count += len(chunk)
    if length is not None and count < min(length, limit + 1):
        raise DownloadError(f"{name}: {count} of {length} bytes arrived (truncated)")
    return b"".join(parts), kind


def check_name(name: str) -> str:
    """``name`` when it is a plain relative path that stays inside the folder; else raise."""
    shown = _show(name)
    if not isinstance(name, str) or not name:
        raise DownloadError(f"{shown or '(empty)'}: not a file name")
    if name.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", name):
        raise DownloadError(f"{shown}: absolute path, leaves the target folder")
    if re.match(r"^[A-Za-z][A-Za-z0-9+.-]*://", name):
        raise DownloadError(f"{shown}: remote path, not part of the release folder")
    parts = name.replace("\\", "/").split("/")
    if ".." in parts:
        raise DownloadError(f"{shown}: '..' in the path leaves the target folder")
    if "\\" in name or not all(_PART.match(part) for part in parts):
        raise DownloadError(f"{shown}: not a plain relative file name")
    return name


# --- sources -----------------------------------------------------------------------------------


class _Source:
    where: str  # the release's URL or folder, for messages

    def open(self, name: str) -> tuple[BinaryIO, int | None]:
        """A stream of the file and its length when known."""
        raise NotImplementedError

    def read_small(self, name: str) -> bytes:
        stream, length = self.open(name)
        with stream:
            data = stream.read(MAX_METADATA + 1)
        if len(data) > MAX_METADATA:
            raise DownloadError(f"{name}: larger than {MAX_METADATA} bytes; refused")
        if length is not None and len(data) < length:
            raise DownloadError(f"{name}: {len(data)} of {length} bytes arrived (truncated)")
        return bytes(data)


class _NotFound(Exception):
    pass


@dataclass
class _HttpSource(_Source):
    where: str  # the release's URL, ending with "/"

    def open(self, name: str) -> tuple[BinaryIO, int | None]:
        url = urllib.parse.urljoin(self.where, urllib.parse.quote(name))
        stream, length, _ = _open_url(url, name, FETCH_DEADLINE_S)
        return stream, length  # type: ignore[return-value]


@dataclass
class _FolderSource(_Source):
    root: Path  # resolved

    def __post_init__(self) -> None:
        self.where = str(self.root)

    def open(self, name: str) -> tuple[BinaryIO, int | None]:
        path = self.root / name
        if not path.exists() and not path.is_symlink():
            raise _NotFound(name)
        real = path.resolve()
        if not real.is_relative_to(self.root):
            raise DownloadError(f"{_show(name)}: a link that leaves the release folder; refused")
        if not real.is_file():
            raise DownloadError(f"{_show(name)}: not a regular file")
        handle = real.open("rb")
        return handle, os.fstat(handle.fileno()).st_size


def _is_url(source: str) -> bool:
    return re.match(r"^https?://", source, re.IGNORECASE) is not None


def locate(source: str, version: str | None = None) -> tuple[_Source, bytes]:
    """The release SOURCE names (with ``version``: that release) and its datapackage.json."""
    if version is not None and not _VERSION.fullmatch(version):
        raise DownloadError(f"--version {version!r}: not a version like 1.2.0")
    candidates: list[_Source] = []
    if _is_url(source):
        base = source if source.endswith("/") else source + "/"
        subs = [f"releases/{version}/", f"{version}/", ""] if version else ["", "latest/"]
        try:
            candidates = [_HttpSource(urllib.parse.urljoin(base, sub)) for sub in subs]
        except ValueError:
            raise DownloadError(f"{redact(source)}: not a valid URL") from None
    else:
        folder = Path(source)
        if not folder.is_dir():
            raise DownloadError(f"{source}: no such folder or http(s) URL")
        if version:
            paths = [folder / "releases" / version, folder / version, folder]
        else:
            paths = [folder, folder / "latest", *_newest(folder / "releases"), *_newest(folder)]
        candidates = [_FolderSource(p.resolve()) for p in paths if (p / DESCRIPTOR).is_file()]
    for candidate in candidates:
        try:
            descriptor = candidate.read_small(DESCRIPTOR)
        except _NotFound:
            continue
        if version is not None and _version_of(descriptor) != version:
            continue
        return candidate, descriptor
    wanted = f"release {version}" if version else "a release"
    raise DownloadError(f"{source}: no {DESCRIPTOR} of {wanted} found there")


def _newest(folder: Path) -> list[Path]:
    """The newest version folder in ``folder``, as a list (empty when there is none)."""
    if not folder.is_dir():
        return []
    versions = [p for p in folder.iterdir() if _VERSION.fullmatch(p.name) and p.is_dir()]
    return [max(versions, key=_key)] if versions else []


def _key(path: Path) -> tuple[int, ...]:
    return tuple(int(x) for x in path.name.split("."))


def _version_of(descriptor: bytes) -> str | None:
    try:
        value = json.loads(descriptor).get("version")
    except (ValueError, AttributeError):
        return None
    return str(value) if value is not None else None


# --- what to fetch -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Expected:
    name: str
    sha256: str | None  # from SHA256SUMS
    resource_hash: str | None  # from datapackage.json
    size: int | None  # from datapackage.json


def plan(descriptor: bytes, sums: bytes) -> list[Expected]:
    """Every file to fetch and what it must be; raises on unsafe or inconsistent names."""
    try:
        package = json.loads(descriptor)
        resources = package["resources"]
        assert isinstance(resources, list)
    except (ValueError, KeyError, TypeError, AssertionError):
        raise DownloadError(f"{DESCRIPTOR}: not a data package (no resources list)") from None
    listed: dict[str, str] = {}
    for number, line in enumerate(sums.decode("utf-8", "replace").splitlines(), 1):
        match = _SUM_LINE.match(line)
        if not match:
            raise DownloadError(f"{CHECKSUMS}: line {number} is not 'sha256  name'")
        listed[check_name(match[2])] = match[1]
    files: dict[str, Expected] = {}
    for resource in resources:
        paths = resource.get("path") if isinstance(resource, dict) else None
        if paths is None:
            continue  # inline data: nothing to fetch
        for name in paths if isinstance(paths, list) else [paths]:
            check_name(name)
            digest = str(resource.get("hash", "")).removeprefix("sha256:") or None
            size = resource.get("bytes")
            if size is not None and (type(size) is not int or size < 0):
                shown = short_line(json.dumps(size), 40)
                raise DownloadError(f"{name}: bytes in {DESCRIPTOR} is {shown}, not a size")
            if digest and name in listed and listed[name] != digest:
                raise DownloadError(f"{name}: sha256 in {DESCRIPTOR} differs from {CHECKSUMS}")
            if not digest and name not in listed:
                raise DownloadError(f"{name}: no sha256 in {DESCRIPTOR} or {CHECKSUMS}")
            files[name] = Expected(name, listed.get(name), digest, size)
    for name, digest in sorted(listed.items()):
        if name not in files:
            files[name] = Expected(name, digest, None, None)
    files.pop(CHECKSUMS, None)
    return list(files.values())


# --- downloading -------------------------------------------------------------------------------


def download(
    source: str,
    to: Path | None = None,
    version: str | None = None,
    progress: Progress | None = None,
) -> Path:
    """Fetch the release SOURCE names into ``to`` (default ``casefile-<version>``), verified."""
    origin, descriptor = locate(source, version)
    release_version = _version_of(descriptor)
    if release_version is None or not _VERSION.fullmatch(release_version):
        shown = json.dumps(release_version)[:80]
        raise DownloadError(f"{DESCRIPTOR}: version {shown} is not a version like 1.2.0; refused")
    wanted = Path(os.path.abspath(to if to is not None else f"casefile-{release_version}"))
    target = _target(wanted, to is None)
    if target.is_symlink() or (target.exists() and not (target.is_dir() and _empty(target))):
        raise DownloadError(f"{target}: exists and is not an empty folder; not overwritten")
    try:
        with _parent_folder(target.parent) as parent:
            prefix = f".{target.name}.download-"
            remove_stale(parent, prefix)  # left by a download that was killed
            tmp = Path(tempfile.mkdtemp(prefix=f"{prefix}{os.getpid()}-", dir=parent))
            try:
                _fetch_all(origin, descriptor, tmp, progress)
                tmp.chmod(0o755)
                if target.is_dir():
                    target.rmdir()  # empty, checked above: the verified release takes its place
                os.rename(tmp, target)
            except BaseException:
                shutil.rmtree(tmp, ignore_errors=True)
                raise
    except OSError as exc:  # making the folders or the final rename: a full disk, ...
        name = exc.filename if isinstance(exc.filename, str) else str(target)
        raise DownloadError(f"{_show(name)}: {exc.strerror or exc.__class__.__name__}") from None
    return target


def remove_stale(folder: Path, prefix: str, pid: re.Pattern[str] | None = None) -> list[Path]:
    """Remove what a killed run left in ``folder``: entries named ``<prefix>...`` whose
    process is gone (its id is what follows the prefix up to a '-', or ``pid``'s first
    group), or older than STALE_AFTER_S. A run in progress (its process alive, recently
    started) is never touched. Returns what was removed."""
    removed = []
    try:
        entries = [p for p in folder.iterdir() if p.name.startswith(prefix)]
    except OSError:
        return []
    for entry in entries:
        if pid is None:
            owner = entry.name[len(prefix) :].split("-", 1)[0]
        else:
            found = pid.match(entry.name)
            owner = found[1] if found else ""
        try:
            age = time.time() - entry.lstat().st_mtime
        except OSError:
            continue
        if _alive(owner) and age < STALE_AFTER_S:
            continue
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry, ignore_errors=True)
        else:
            with contextlib.suppress(OSError):
                entry.unlink()
        removed.append(entry)
    return removed


def _alive(pid: str) -> bool:
    """Whether process ``pid`` (text from a folder name) runs; True when unknown."""
    if not pid.isdigit() or int(pid) <= 0:
        return True  # no pid in the name (an older run's): only its age tells
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except OSError:  # e.g. another user's process
        return True
    return True


def _target(path: Path, default: bool) -> Path:
    """``path`` once checked to be where it was meant to be: the default target is a
    folder of the working directory, and no target is a folder's own parent or root."""
    if default and path.parent != Path(os.path.abspath(os.curdir)):
        raise DownloadError(f"{_show(str(path))}: not in the working folder; refused")
    if path.name in ("", ".", "..") or path == path.parent:
        raise DownloadError(f"{_show(str(path))}: not a folder to create; refused")
    return path


def _fetch_all(origin: _Source, descriptor: bytes, tmp: Path, progress: Progress | None) -> None:
    current = [CHECKSUMS]  # the file being fetched, for the message of a failed write
    try:
        _fetch_each(origin, descriptor, tmp, progress, current)
    except OSError as exc:  # writing: a full disk, a read-only folder, ...
        reason = exc.strerror or exc.__class__.__name__
        raise DownloadError(
            f"{_show(current[0])}: cannot be written in {tmp.parent} ({reason})"
        ) from None


def _fetch_each(
    origin: _Source, descriptor: bytes, tmp: Path, progress: Progress | None, current: list[str]
) -> None:
    try:
        sums = origin.read_small(CHECKSUMS)
    except _NotFound:
        raise DownloadError(f"{CHECKSUMS}: missing from {origin.where}") from None
    expected = plan(descriptor, sums)
    _store(tmp, CHECKSUMS, sums)
    for item in expected:
        current[0] = item.name
        if item.name == DESCRIPTOR:
            _verify(item, len(descriptor), hashlib.sha256(descriptor).hexdigest())
            _store(tmp, DESCRIPTOR, descriptor)
            continue
        destination = _inside(tmp, item.name)  # checked, not yet created
        try:
            stream, length = origin.open(item.name)
        except _NotFound:
            raise DownloadError(f"{item.name}: missing from {origin.where}") from None
        limit = item.size if item.size is not None else MAX_FILE_BYTES
        if length is not None and length > limit:
            stream.close()
            raise DownloadError(
                f"{item.name}: {length} bytes offered, over {_bound(item)}; refused"
            )
        with stream, destination.open("xb") as out:
            digest, count = hashlib.sha256(), 0
            if progress:
                progress(item.name, 0, item.size or length)
            while True:
                try:
                    chunk = stream.read(CHUNK)
                except (OSError, ValueError, http.client.HTTPException) as exc:
                    raise DownloadError(
                        f"{item.name}: transfer broke off after {count} bytes "
                        f"({exc.__class__.__name__})"
                    ) from None
                if not chunk:
                    break
                count += len(chunk)
                if count > limit:
                    raise DownloadError(f"{item.name}: more than {_bound(item)}; refused")
                digest.update(chunk)
                out.write(chunk)
                if progress:
                    progress(item.name, count, item.size or length)
            out.flush()
            os.fsync(out.fileno())
        if length is not None and count != length:
            raise DownloadError(f"{item.name}: {count} of {length} bytes arrived (truncated)")
        _verify(item, count, digest.hexdigest())


def _bound(item: Expected) -> str:
    if item.size is not None:
        return f"the {item.size} bytes {DESCRIPTOR} says"
    return f"the {MAX_FILE_BYTES:,} bytes a file without a declared size may have"


def _verify(item: Expected, size: int, digest: str) -> None:
    if item.size is not None and size != item.size:
        raise DownloadError(
            f"{item.name}: {size} bytes, {DESCRIPTOR} says {item.size} (truncated or damaged)"
        )
    if item.sha256 is not None and digest != item.sha256:
        raise DownloadError(f"{item.name}: sha256 differs from {CHECKSUMS} (damaged or tampered)")
    if item.resource_hash is not None and digest != item.resource_hash:
        raise DownloadError(f"{item.name}: sha256 differs from {DESCRIPTOR} (damaged or tampered)")


def _inside(folder: Path, name: str) -> Path:
    """folder/name, its parent folders made, refused if it would resolve outside folder."""
    path = folder / check_name(name)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):
        raise DownloadError(
            f"{_show(name)}: a file and a folder of the release have the same name"
        ) from None
    root = folder.resolve()
    if not path.parent.resolve().is_relative_to(root) or path.is_symlink() or path.exists():
        raise DownloadError(f"{_show(name)}: leaves the target folder or is listed twice")
    return path


def _store(folder: Path, name: str, data: bytes) -> None:
    with _inside(folder, name).open("xb") as out:
        out.write(data)
        out.flush()
        os.fsync(out.fileno())


def _empty(folder: Path) -> bool:
    return not any(folder.iterdir())


@contextlib.contextmanager
def _parent_folder(parent: Path) -> Iterator[Path]:
    """The target's parent, made if missing and removed again if the download fails."""
    made: list[Path] = []
    for folder in [*reversed(parent.parents), parent]:
        if not folder.exists():
            folder.mkdir()
            made.append(folder)
    try:
        yield parent
    except BaseException:
        for folder in reversed(made):
            with contextlib.suppress(OSError):
                folder.rmdir()
        raise
