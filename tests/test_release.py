"""The release committed under output/ is valid and is exactly what the code builds from raw/."""

from flows.extract.article import extract
from flows.ingest import list_raw_files, read_article
from flows.merge import build_tables
from flows.release.folder import release_files, verify_release
from schemas import validate_tables
from schemas.tables import TABLES
from tests.conftest import ROOT, frictionless_validate

LATEST = ROOT / "output" / "latest"


def test_committed_release_validates() -> None:
    assert verify_release(LATEST) == []


def test_committed_release_is_what_the_code_builds_from_raw() -> None:
    articles = [read_article(p) for p in list_raw_files(ROOT / "raw")]
    records = [(a, extract(a.body, a.published_date)) for a in articles]
    files = release_files(validate_tables(build_tables(records)), "0.0.0")
    for table in TABLES:
        for suffix in ("csv", "parquet"):
            name = f"{table}.{suffix}"
            assert (LATEST / name).read_bytes() == files[name], (
                f"{name} differs: rebuild the release with `make run` and commit it"
            )


def test_frictionless_validates_the_committed_release() -> None:
    result = frictionless_validate(LATEST)
    assert result.returncode == 0, result.stdout[-3000:]
