"""Tables -> a release folder: Parquet and CSV per table, datapackage.json, SHA256SUMS,
and casefile.db with datasette's metadata.json, index.html, CHANGELOG.md and CITATION.cff
(flows/release/: sqlite.py, site.py, changelog.py, citation.py). The version is the previous
release's with its MAJOR, MINOR or PATCH raised as changelog.py's comparison with
that release says.

A release is written into a temporary folder beside the releases
(``releases/.tmp-<version>-<pid>-*``), then renamed into place and ``latest`` is switched
to it; an earlier release is never touched. A temporary folder a killed run left is
removed by the next publish, once its process is gone (flows.release.fetch.remove_stale). Data
files are byte-identical for identical tables (no timestamps anywhere).
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import io
import json
import os
import re
import shutil
import stat
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from flows.release.changelog import CHANGELOG, compare, render
from flows.release.citation import CITATION_FILE
from flows.release.fetch import remove_stale
from flows.release.package import CHECKSUMS, DESCRIPTOR, LICENSE, PACKAGE_NAME, PACKAGE_TITLE
from flows.release.site import INDEX, extra_files
from flows.release.sqlite import DATASETTE_METADATA, SQLITE_FILE
from schemas.describe import (
    arrow_schema,
    columns,
    table_description,
    table_schema,
    table_title,
)
from schemas.tables import TABLES

FIRST_VERSION = "1.0.0"
_VERSION = re.compile(r"^(\d+)\.(\d+)\.(\d+)$")
MAX_METADATA = 50_000_000  # bytes of datapackage.json or SHA256SUMS that validate reads
# The process that made releases/.tmp-<version>-<pid>-* or .tmp-withdrawn-<version>-<pid>
_TMP_OWNER = re.compile(r"^\.tmp-(?:withdrawn-)?\d+\.\d+\.\d+-(\d+)(?:-|$)")
_SUM_LINE = re.compile(r"^([0-9a-f]{64}) [ *](.+)$")
# What every release holds (rejected.csv only when a build published it).
REQUIRED_FILES = (
    DESCRIPTOR,
    CHECKSUMS,
    *(f"{table}.{kind}" for table in TABLES for kind in ("csv", "parquet")),
    SQLITE_FILE,
    DATASETTE_METADATA,
    INDEX,
    CHANGELOG,
    CITATION_FILE,
)


@dataclass(frozen=True)
class Release:
    version: str
    path: Path
    row_counts: dict[str, int]
    is_new: bool  # False when the tables equal the latest release's: nothing was published


# --- writing -----------------------------------------------------------------------------------


def csv_bytes(df: pd.DataFrame, table: str) -> bytes:
    """RFC 4180 CSV (UTF-8, CRLF, header row); lists as JSON arrays, nulls as empty fields."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    names = columns(table)
    writer.writerow(names)
    kinds = {f["name"]: f["type"] for f in table_schema(table)["fields"]}
    for row in df[names].itertuples(index=False):
        writer.writerow(
            [_csv_cell(value, kinds[name]) for name, value in zip(names, row, strict=True)]
        )
    return out.getvalue().encode("utf-8")


def _csv_cell(value: Any, kind: str) -> str:
    if kind == "array":
        return json.dumps(list(value), ensure_ascii=False)
    if value is None or (not isinstance(value, list | tuple) and pd.isna(value)):
        return ""
    return str(value)


def parquet_bytes(df: pd.DataFrame, table: str) -> bytes:
    """Parquet with zstd compression and the table's Arrow schema."""
    schema = arrow_schema(table)
    data = {
        name: [
            None if _is_null(v) else (list(v) if isinstance(v, list | tuple) else v)
            for v in df[name].tolist()
        ]
        for name in schema.names
    }
    arrow = pa.Table.from_pydict(data, schema=schema)
    sink = pa.BufferOutputStream()
    pq.write_table(arrow, sink, compression="zstd", write_statistics=False)
    return bytes(sink.getvalue().to_pybytes())


def _is_null(value: Any) -> bool:
    return value is None or (not hasattr(value, "__len__") and pd.isna(value))


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def release_files(
    tables: dict[str, pd.DataFrame],
    version: str,
    *,
    changelog: str | None = None,
    extras: bool = True,
) -> dict[str, bytes]:
    """Every file of a release, by name. With ``extras`` (the default) also casefile.db,
    metadata.json, index.html, CITATION.cff and CHANGELOG.md (``changelog``, else a first
    release's); they are in SHA256SUMS but not datapackage.json resources."""
    files: dict[str, bytes] = {}
    resources = []
    for table in TABLES:
        csv_data = csv_bytes(tables[table], table)
        parquet_data = parquet_bytes(tables[table], table)
        files[f"{table}.csv"] = csv_data
        files[f"{table}.parquet"] = parquet_data
        schema = table_schema(table)
        resources.append(
            {
                "name": table,
                "title": table_title(table),
                "description": table_description(table),
                "path": f"{table}.csv",
                "type": "table",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "bytes": len(csv_data),
                "hash": f"sha256:{sha256(csv_data)}",
                "schema": schema,
            }
        )
        resources.append(
            {
                # frictionless cannot count a Parquet file's bytes: SHA256SUMS covers them
                "name": f"{table}-parquet",
                "title": f"{table_title(table)} (Parquet)",
                "description": f"{table_description(table)} The same rows as {table}.csv.",
                "path": f"{table}.parquet",
                "type": "table",
                "format": "parquet",
                "mediatype": "application/vnd.apache.parquet",
                "hash": f"sha256:{sha256(parquet_data)}",
                "schema": _parquet_schema(schema),
            }
        )
    descriptor = {
        "$schema": "https://datapackage.org/profiles/2.0/datapackage.json",
        "name": PACKAGE_NAME,
        "title": PACKAGE_TITLE,
        "description": (
            "Events (what happened, when, to whom), people (who, in which role) and "
            "citations (which outlet reported a claim, and when), extracted from news "
            "articles by casefile."
        ),
        "version": version,
        "licenses": [LICENSE],
        "sources": [{"title": "News articles in the casefile repository's raw/ folder"}],
        "resources": resources,
    }
    files[DESCRIPTOR] = (json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n").encode()
    if extras:
        if changelog is None:
            changelog = render(version, compare(files, None), None)
        files.update(extra_files(tables, files, descriptor, changelog))
    files[CHECKSUMS] = "".join(
        f"{sha256(data)}  {name}\n" for name, data in sorted(files.items())
    ).encode()
    return files


def _parquet_schema(schema: dict[str, Any]) -> dict[str, Any]:
    """The Table Schema of a Parquet copy: the CSV resource's, with foreign keys naming the
    other Parquet resources, and list columns typed ``any``: frictionless reads Parquet
    lists as arrays its ``array`` type rejects, while the CSV resource checks them."""
    fields = [
        {k: v for k, v in f.items() if k != "arrayItem"} | {"type": "any"}
        if f["type"] == "array"
        else f
        for f in schema["fields"]
    ]
    out = {k: v for k, v in schema.items() if k != "foreignKeys"} | {"fields": fields}
    foreign = [
        fk | {"reference": fk["reference"] | {"resource": f"{fk['reference']['resource']}-parquet"}}
        for fk in schema.get("foreignKeys", [])
    ]
    if foreign:
        out["foreignKeys"] = foreign
    return out


def publish(
    tables: dict[str, pd.DataFrame], out_dir: Path, reports: dict[str, bytes] | None = None
) -> Release:
    """Write a new release under ``out_dir/releases`` unless the tables are unchanged.

    ``reports`` (e.g. rejected.csv) go into a new release beside the tables, in SHA256SUMS
    but not in datapackage.json, and do not count as a change. All or nothing: until
    ``latest`` is switched (the last step) a failure leaves no trace, and ``latest`` is
    the previous release; a release folder is only ever renamed into place complete.
    """
    releases = out_dir / "releases"
    releases.mkdir(parents=True, exist_ok=True)
    remove_stale(releases, ".tmp-", _TMP_OWNER)  # left by a publish that was killed
    for prefix in (".latest-", f".{CHANGELOG}-"):  # and its atomic replacements
        remove_stale(out_dir, prefix)
    counts = {name: len(df) for name, df in tables.items()}
    previous = latest_version(out_dir)
    before = releases / previous if previous is not None else None
    comparison = compare(release_files(tables, previous or FIRST_VERSION, extras=False), before)
    if previous is not None and comparison.level is None:
        _repair_latest(out_dir, releases / previous)
        return Release(previous, releases / previous, counts, is_new=False)
    version = next_version(previous, comparison.level or "minor")
    earlier = before / CHANGELOG if before is not None else None
    log = render(
        version, comparison, earlier.read_text("utf-8") if earlier and earlier.is_file() else None
    )
    files = release_files(tables, version, changelog=log)
    if reports:
        files = _with_reports(files, reports)
    final = releases / version
    if final.exists():
        raise FileExistsError(f"{final}: release {version} exists already; not overwritten")
    tmp = Path(tempfile.mkdtemp(prefix=f".tmp-{version}-{os.getpid()}-", dir=releases))
    try:
        tmp.chmod(0o755)  # mkdtemp makes it private; a release is for everyone to read
        for name, data in files.items():
            _write(tmp / name, data)
        _fsync_dir(tmp)
        os.rename(tmp, final)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    changelog = out_dir / CHANGELOG
    old_log = changelog.read_bytes() if changelog.is_file() else None
    try:
        _fsync_dir(releases)
        replace_file(changelog, files[CHANGELOG])  # the newest release's, beside latest
        _point_latest(out_dir, final)  # the commit point: the last step that can fail
    except BaseException:
        _withdraw(final, changelog, old_log)
        raise
    return Release(version, final, counts, is_new=True)


def _with_reports(files: dict[str, bytes], reports: dict[str, bytes]) -> dict[str, bytes]:
    """A release's files plus run reports, with SHA256SUMS covering them all."""
    clash = sorted(set(reports) & set(files))
    if clash:
        raise ValueError(f"report {clash[0]!r} has the name of a release file")
    merged = {name: data for name, data in files.items() if name != CHECKSUMS} | reports
    merged[CHECKSUMS] = "".join(
        f"{sha256(data)}  {name}\n" for name, data in sorted(merged.items())
    ).encode()
    return merged


def _withdraw(release: Path, changelog: Path, old_log: bytes | None) -> None:
    """Undo a release ``latest`` never pointed at: out of releases/ (renamed aside first,
    so no half-deleted release is ever seen), and the previous CHANGELOG.md back. Best
    effort: a release left in place is complete, and the next run points latest at it."""
    aside = release.with_name(f".tmp-withdrawn-{release.name}-{os.getpid()}")
    with contextlib.suppress(OSError):
        os.rename(release, aside)
        shutil.rmtree(aside, ignore_errors=True)
    with contextlib.suppress(OSError):
        if old_log is None:
            changelog.unlink(missing_ok=True)
        else:
            replace_file(changelog, old_log)


def _repair_latest(out_dir: Path, release: Path) -> None:
    """Point ``latest`` (and CHANGELOG.md beside it) at ``release``, the newest, if a run
    was killed between renaming it into place and switching latest."""
    link = out_dir / "latest"
    if link.exists() and not link.is_symlink():
        return  # a real folder, e.g. a copy: not ours to replace
    if link.is_symlink() and link.resolve() == release.resolve():
        return
    if (release / CHANGELOG).is_file():
        replace_file(out_dir / CHANGELOG, (release / CHANGELOG).read_bytes())
    _point_latest(out_dir, release)


def replace_file(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` atomically: a reader sees the old or the new bytes."""
    tmp = path.with_name(f".{path.name}-{os.getpid()}")
    try:
        _write(tmp, data)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _write(path: Path, data: bytes) -> None:
    with path.open("wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _point_latest(out_dir: Path, release: Path) -> None:
    """Switch ``out_dir/latest`` to ``release`` atomically (a relative symlink)."""
    link = out_dir / "latest"
    tmp = out_dir / f".latest-{os.getpid()}"
    if tmp.is_symlink() or tmp.exists():
        tmp.unlink()
    try:
        tmp.symlink_to(os.path.relpath(release, out_dir), target_is_directory=True)
        os.replace(tmp, link)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
        raise
    with contextlib.suppress(OSError):  # switched already: durability is best effort now
        _fsync_dir(out_dir)


def latest_version(out_dir: Path) -> str | None:
    versions = [
        p.name for p in (out_dir / "releases").glob("*") if p.is_dir() and _VERSION.match(p.name)
    ]
    return max(versions, key=_version_key) if versions else None


def _version_key(version: str) -> tuple[int, int, int]:
    match = _VERSION.match(version)
    assert match, version
    return int(match[1]), int(match[2]), int(match[3])


def next_version(previous: str | None, level: str = "minor") -> str:
    """The version after ``previous`` for a change of ``level`` (major, minor or patch; the
    rules are in schemas/contract.py and flows/release/changelog.py)."""
    if previous is None:
        return FIRST_VERSION
    major, minor, patch = _version_key(previous)
    if level == "major":
        return f"{major + 1}.0.0"
    if level == "patch":
        return f"{major}.{minor}.{patch + 1}"
    return f"{major}.{minor + 1}.0"


# --- reading -----------------------------------------------------------------------------------


def read_parquet(path: Path, table: str) -> pd.DataFrame:
    arrow = pq.read_table(path)
    data = {name: arrow.column(name).to_pylist() for name in arrow.column_names}
    return _frame(data, table)


def read_csv(path: Path, table: str) -> pd.DataFrame:
    kinds = {f["name"]: f["type"] for f in table_schema(table)["fields"]}
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    header, body = rows[0], rows[1:]
    data: dict[str, list[Any]] = {name: [] for name in header}
    for row in body:
        for name, cell in zip(header, row, strict=True):
            data[name].append(_parse_cell(cell, kinds.get(name, "string")))
    return _frame(data, table)


def _parse_cell(cell: str, kind: str) -> Any:
    if kind == "array":
        return json.loads(cell)
    if cell == "":
        return None
    if kind == "integer":
        return int(cell)
    return cell


def _frame(data: dict[str, list[Any]], table: str) -> pd.DataFrame:
    kinds = {f["name"]: f["type"] for f in table_schema(table)["fields"]}
    frame = pd.DataFrame(
        {
            name: pd.array(values, dtype="Int64")
            if kinds.get(name) == "integer"
            else pd.Series(values, dtype=object)
            for name, values in data.items()
        }
    )
    return frame


# --- verifying ---------------------------------------------------------------------------------


def verify_release(release: Path) -> list[str]:
    """Every problem with a release folder, one line each (empty when it is whole and valid):
    every file a release must have (REQUIRED_FILES) present and in SHA256SUMS; checksums and
    sizes against SHA256SUMS and datapackage.json; every table against the schemas
    (Parquet), and each CSV equal to its Parquet twin.

    Nothing outside the folder is read: a name that would leave it ('..', an absolute path,
    a link) is a problem, and only regular files are opened. Files are hashed in pieces, so
    a large one is never read whole into memory."""
    from schemas import ValidationFailed, validate_tables

    if not release.is_dir():
        return [f"{release}: not a release folder"]
    root = release.resolve()
    descriptor_path = release / DESCRIPTOR
    try:
        member = _member(root, DESCRIPTOR)
        if member is None:
            raise FileNotFoundError
        descriptor = json.loads(_small_text(member))
    except (OSError, ValueError) as exc:
        return [f"{descriptor_path}: unreadable ({exc.__class__.__name__})"]
    except _Refused as exc:
        return [str(exc)]
    resources = descriptor.get("resources") if isinstance(descriptor, dict) else None
    if not isinstance(resources, list):
        return [f"{descriptor_path}: not a data package (an object with a resources list)"]
    digests: dict[str, tuple[int, str] | None] = {}  # name -> (size, sha256); None: unusable
    problems: list[str] = []

    def digest(name: str) -> tuple[int, str] | None:
        if name not in digests:
            digests[name] = None
            try:
                path = _member(root, name)
                if path is None:
                    problems.append(f"{name}: missing")
                else:
                    digests[name] = _hash_file(path)
            except _Refused as exc:
                problems.append(str(exc))
            except OSError as exc:
                problems.append(f"{name}: cannot be read ({exc.strerror or exc})")
        return digests[name]

    for name in REQUIRED_FILES:  # reported missing first, once
        digest(name)
    problems += _check_sums(root, digest)
    for number, resource in enumerate(resources, 1):
        problems += _check_resource(number, resource, digest)
    tables: dict[str, pd.DataFrame] = {}
    for table in TABLES:
        parquet_name, csv_name = f"{table}.parquet", f"{table}.csv"
        if digests.get(parquet_name) is None or digests.get(csv_name) is None:
            continue  # reported above
        try:
            tables[table] = read_parquet(root / parquet_name, table)
            from_csv = read_csv(root / csv_name, table)
        except Exception as exc:  # a broken file of any kind is a finding, not a crash
            problems.append(f"{table}: cannot be read ({exc.__class__.__name__}: {exc})")
            continue
        if not _frames_equal(tables[table], from_csv):
            problems.append(f"{table}.csv: content differs from {table}.parquet")
    if len(tables) == len(TABLES):
        try:
            validate_tables(tables)
        except ValidationFailed as exc:
            problems += [str(f) for f in exc.failures]
    return problems


class _Refused(Exception):
    """A name in a release that would read something outside it; str() is one line."""


def _member(root: Path, name: str) -> Path | None:
    """root/name if it is a regular file inside ``root``, None if there is nothing there;
    _Refused for a name that leaves root, a link or anything but a regular file."""
    from flows.release.fetch import DownloadError, check_name

    try:
        check_name(name)
    except DownloadError as exc:
        raise _Refused(f"{exc}; not read") from None
    path = root / name
    if path.is_symlink():
        raise _Refused(f"{name}: a link, not a file of the release; not read")
    if not path.exists():
        return None
    if not path.resolve().is_relative_to(root):
        raise _Refused(f"{name}: leaves the release folder (through a link); not read")
    if not path.is_file():
        raise _Refused(f"{name}: not a regular file; not read")
    return path


def _small_text(path: Path) -> str:
    """The text of datapackage.json or SHA256SUMS (far below MAX_METADATA bytes)."""
    with path.open("rb") as handle:
        data = handle.read(MAX_METADATA + 1)
    if len(data) > MAX_METADATA:
        raise _Refused(f"{path.name}: larger than {MAX_METADATA:,} bytes; not read")
    return data.decode("utf-8", errors="replace")


def _hash_file(path: Path) -> tuple[int, str]:
    """Size and sha256 of a regular file, read in pieces (never a FIFO: it is not opened)."""
    fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            raise _Refused(f"{path.name}: not a regular file; not read")
        digest, size = hashlib.sha256(), 0
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
            size += len(chunk)
    return size, digest.hexdigest()


def _check_resource(
    number: int, resource: object, digest: Callable[[str], tuple[int, str] | None]
) -> list[str]:
    """The problems of one datapackage.json resource: a release's resources are each one
    file of the release, with its sha256 (and size, when given)."""
    if not isinstance(resource, dict):
        return [f"{DESCRIPTOR}: resource {number} is not an object"]
    name = resource.get("path")
    if "data" in resource or name is None:
        return [f"{DESCRIPTOR}: resource {number} has no path (inline data is no release file)"]
    if not isinstance(name, str):
        return [f"{DESCRIPTOR}: resource {number}: path must be one file name, not {_kind(name)}"]
    found = digest(name)
    if found is None:
        return []  # missing or refused: reported by digest
    size, sha = found
    problems = []
    declared = resource.get("bytes")
    if declared is not None and (not isinstance(declared, int) or isinstance(declared, bool)):
        problems.append(f"{name}: bytes in {DESCRIPTOR} is {_kind(declared)}, not a number")
    elif declared is not None and declared != size:
        problems.append(f"{name}: {size} bytes, {DESCRIPTOR} says {declared}")
    claimed = resource.get("hash")
    if not isinstance(claimed, str) or claimed.removeprefix("sha256:") != sha:
        problems.append(f"{name}: sha256 differs from {DESCRIPTOR}")
    return problems


def _kind(value: object) -> str:
    return "a list" if isinstance(value, list) else f"a {type(value).__name__}"


def release_major(release: Path) -> int | None:
    """The MAJOR number of a release's data version (None when unreadable)."""
    try:
        version = json.loads((release / DESCRIPTOR).read_text(encoding="utf-8"))["version"]
        return _version_key(str(version))[0] if _VERSION.match(str(version)) else None
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _check_sums(root: Path, digest: Callable[[str], tuple[int, str] | None]) -> list[str]:
    """SHA256SUMS: well-formed, listing every required file, each file's sha256 right."""
    try:
        path = _member(root, CHECKSUMS)
    except _Refused as exc:
        return [str(exc)]
    if path is None:
        return []  # reported missing with the required files
    problems: list[str] = []
    listed: set[str] = set()
    try:
        lines = _small_text(path).splitlines()
    except _Refused as exc:
        return [str(exc)]
    for number, line in enumerate(lines, 1):
        match = _SUM_LINE.match(line)
        if not match:
            problems.append(f"{CHECKSUMS}: line {number} is not 'sha256  name'")
            continue
        expected, name = match[1], match[2]
        listed.add(name)
        found = digest(name)
        if found is not None and found[1] != expected:
            problems.append(f"{name}: sha256 differs from {CHECKSUMS} (file changed or damaged)")
    for name in REQUIRED_FILES:
        if name != CHECKSUMS and name not in listed:
            problems.append(f"{name}: not listed in {CHECKSUMS}")
    return problems


def _frames_equal(a: pd.DataFrame, b: pd.DataFrame) -> bool:
    if list(a.columns) != list(b.columns) or len(a) != len(b):
        return False
    for name in a.columns:
        left = [None if _is_null(v) else v for v in a[name].tolist()]
        right = [None if _is_null(v) else v for v in b[name].tolist()]
        if left != right:
            return False
    return True
