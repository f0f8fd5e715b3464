"""The whole Prefect flow, on the session-wide Prefect server (tests/conftest.py)."""

from pathlib import Path

import pandas as pd
import pytest

from flows.release.folder import verify_release
from tests.conftest import ARTICLES, write_raw


@pytest.mark.usefixtures("prefect_harness")
def test_flow_builds_a_valid_release_and_skips_bad_and_duplicate_files(tmp_path: Path) -> None:
    from flows.build import build_datasets

    raw = tmp_path / "raw"
    for name in ("velasquez.txt", "okafor.txt"):
        write_raw(raw, name, (ARTICLES / name).read_text(encoding="utf-8"))
    write_raw(raw, "copy-of-okafor.md", (ARTICLES / "okafor.txt").read_text(encoding="utf-8"))
    (raw / "broken.txt").write_bytes(b"\x00binary")

    release = build_datasets(raw, tmp_path / "out")

    assert (release.version, release.is_new) == ("1.0.0", True)
    assert release.row_counts["articles"] == 2
    assert release.row_counts["people"] == 5
    assert verify_release(release.path) == []
    articles = pd.read_csv(release.path / "articles.csv")
    assert sorted(articles["source_file"]) == ["copy-of-okafor.md", "velasquez.txt"]

    again = build_datasets(raw, tmp_path / "out")  # from the extraction cache this time
    assert (again.version, again.is_new) == ("1.0.0", False)
    assert len(list((tmp_path / "out" / ".cache" / "extract").glob("*.json"))) == 2
