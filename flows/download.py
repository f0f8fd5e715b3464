"""``casefile download``: fetch a release, verify every file, and only then put it in place.

SOURCE is an http(s) URL or a folder: a release itself, or a folder of releases such as
``output/`` (its ``latest``) or ``output/releases`` (its newest version). Every resource of
``datapackage.json`` and every file in ``SHA256SUMS`` is fetched into a temporary folder
beside the target, checked (size against datapackage.json, sha256 against SHA256SUMS and
datapackage.json), and the folder is renamed into place when all of them are right. On
any problem nothing is left behind and a ``DownloadError`` names the file and the problem
in one line. Paths that could leave the target folder are refused before anything is
fetched. Standard library only (urllib.request).
"""

from __future__ import annotations

import contextlib
import hashlib
import http.client
import json
import os
import re
import shutil
import tempfile
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

DESCRIPTOR = "datapackage.json"
CHECKSUMS = "SHA256SUMS"
CHUNK = 1 << 16
TIMEOUT = 60  # seconds without an answer before a request fails
MAX_METADATA = 50_000_000  # bytes: datapackage.json and SHA256SUMS are far smaller
_VERSION = re.compile(r"\d+\.\d+\.\d+")  # fullmatch: "1.2.0\n" is no version
_PART = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9._+-]*$")
_SUM_LINE = re.compile(r"^([0-9a-f]{64}) [ *](.+)$")

Progress = Callable[[str, int, "int | None"], None]  # file name, bytes so far, expected total


class DownloadError(Exception):
    """A download that cannot be completed; str() is one line naming the file."""


def _show(name: str) -> str:
    """A file name safe to print on one line."""
    return json.dumps(name, ensure_ascii=False)[1:-1]


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
        stream, _ = self.open(name)
        with stream:
            data = stream.read(MAX_METADATA + 1)
        if len(data) > MAX_METADATA:
            raise DownloadError(f"{name}: larger than {MAX_METADATA} bytes; refused")
        return bytes(data)


class _NotFound(Exception):
    pass


@dataclass
class _HttpSource(_Source):
    where: str  # the release's URL, ending with "/"

    def open(self, name: str) -> tuple[BinaryIO, int | None]:
        url = urllib.parse.urljoin(self.where, urllib.parse.quote(name))
        request = urllib.request.Request(url, headers={"User-Agent": "casefile-download"})
        try:
            response = urllib.request.urlopen(request, timeout=TIMEOUT)
        except urllib.error.HTTPError as exc:
            if exc.code in (404, 410):
                raise _NotFound(name) from None
            raise DownloadError(f"{name}: HTTP {exc.code} {exc.reason} from {url}") from None
        except (urllib.error.URLError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise DownloadError(f"{name}: cannot fetch {url} ({reason})") from None
        length = response.headers.get("Content-Length")
        return response, int(length) if length and length.isdigit() else None


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
        candidates = [_HttpSource(urllib.parse.urljoin(base, sub)) for sub in subs]
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
    with _parent_folder(target.parent) as parent:
        tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.download-", dir=parent))
        try:
            _fetch_all(origin, descriptor, tmp, progress)
            tmp.chmod(0o755)
            if target.is_dir():
                target.rmdir()  # empty, checked above: the verified release takes its place
            os.rename(tmp, target)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
    return target


def _target(path: Path, default: bool) -> Path:
    """``path`` once checked to be where it was meant to be: the default target is a
    folder of the working directory, and no target is a folder's own parent or root."""
    if default and path.parent != Path(os.path.abspath(os.curdir)):
        raise DownloadError(f"{_show(str(path))}: not in the working folder; refused")
    if path.name in ("", ".", "..") or path == path.parent:
        raise DownloadError(f"{_show(str(path))}: not a folder to create; refused")
    return path


def _fetch_all(origin: _Source, descriptor: bytes, tmp: Path, progress: Progress | None) -> None:
    try:
        sums = origin.read_small(CHECKSUMS)
    except _NotFound:
        raise DownloadError(f"{CHECKSUMS}: missing from {origin.where}") from None
    expected = plan(descriptor, sums)
    _store(tmp, CHECKSUMS, sums)
    for item in expected:
        if item.name == DESCRIPTOR:
            _verify(item, len(descriptor), hashlib.sha256(descriptor).hexdigest())
            _store(tmp, DESCRIPTOR, descriptor)
            continue
        destination = _inside(tmp, item.name)
        try:
            stream, length = origin.open(item.name)
        except _NotFound:
            raise DownloadError(f"{item.name}: missing from {origin.where}") from None
        with stream, destination.open("xb") as out:
            digest, count = hashlib.sha256(), 0
            limit = item.size if item.size is not None else None
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
                if limit is not None and count > limit:
                    raise DownloadError(
                        f"{item.name}: more than the {limit} bytes {DESCRIPTOR} says; refused"
                    )
                digest.update(chunk)
                out.write(chunk)
                if progress:
                    progress(item.name, count, item.size or length)
            out.flush()
            os.fsync(out.fileno())
        if length is not None and count != length:
            raise DownloadError(f"{item.name}: {count} of {length} bytes arrived (truncated)")
        _verify(item, count, digest.hexdigest())


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
    path.parent.mkdir(parents=True, exist_ok=True)
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
