"""Rebuilds: nothing changed -> no parsing, no merge; one article added -> only it is parsed."""

import datetime as dt
from pathlib import Path

import pytest

from flows.extract.article import extract
from flows.extract.records import Extraction
from tests.conftest import ARTICLES, write_raw

ADDED = "Police arrested Nora Quill on Monday. Quill was charged with arson.\n"


def only_the_added_article(body: str, published: dt.date | None) -> Extraction:
    """A stand-in extractor (imported by name in a worker) that refuses unchanged articles."""
    if "Nora Quill" not in body and body != "Warm-up.":
        raise RuntimeError("an unchanged article was parsed again")
    return extract(body, published)


@pytest.mark.usefixtures("prefect_harness")
def test_a_rebuild_parses_and_merges_only_what_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from flows import build, merge, workers
    from flows.build import build_datasets

    raw, out = tmp_path / "raw", tmp_path / "out"
    for name in ("velasquez.txt", "okafor.txt"):
        write_raw(raw, name, (ARTICLES / name).read_text(encoding="utf-8"))
    first = build_datasets(raw, out)

    def no_merge(*args: object) -> None:
        raise AssertionError("merged again with nothing changed")

    monkeypatch.setattr(workers, "extract_article", only_the_added_article)
    with monkeypatch.context() as m:
        m.setattr(merge, "build_tables", no_merge)
        m.setattr(build, "validate_tables", no_merge)
        again = build_datasets(raw, out)
    assert (again.version, again.is_new, again.row_counts) == ("1.0.0", False, first.row_counts)

    write_raw(raw, "added.txt", ADDED)
    added = build_datasets(raw, out)
    assert (added.version, added.is_new) == ("1.1.0", True)
    assert added.row_counts["articles"] == 3  # none rejected: only the added one was parsed
    assert (out / "rejected.csv").read_bytes() == b"source_file,reason\r\n"
    assert len(list((out / ".cache" / "tables").glob("*.pickle"))) == 1  # the newest only
