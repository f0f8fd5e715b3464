"""`casefile add`: an article from a file or a URL into raw/, checked as a build reads it."""

from pathlib import Path

from typer.testing import CliRunner

from flows.cli import app
from flows.ingest import list_raw_files, read_article
from tests.conftest import ARTICLES
from tests.servers import serve

PAGE = """<!DOCTYPE html><html><head><title>Ferry captain charged</title>
<script>var tracking = 1;</script></head><body><nav>Home | News</nav>
<article><h1>Ferry captain charged</h1>
<p>Harbor police arrested captain Ilse Varga on May 2, 2024.</p>
<p>She was charged with manslaughter, according to Reuters.</p></article>
<footer>Copyright Example</footer></body></html>"""


def add(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["add", *args])
    return result.exit_code, result.output


def test_a_file_is_added_with_its_front_matter_and_body(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    code, output = add(str(ARTICLES / "okafor.txt"), "--raw", str(raw))
    assert code == 0, output
    (path,) = list_raw_files(raw)
    assert path.name.startswith("000_") and path.suffix == ".txt"
    original, added = read_article(ARTICLES / "okafor.txt"), read_article(path)
    assert output.strip() == f"added {path} ({original.word_count} words)"
    assert added.body == original.body
    assert added.article_id == original.article_id
    assert (added.title, added.outlet, added.published_date) == (
        original.title,
        original.outlet,
        original.published_date,
    )


def test_an_html_page_is_added_as_its_text_with_title_and_url(tmp_path: Path) -> None:
    site, raw = tmp_path / "site", tmp_path / "raw"
    site.mkdir()
    (site / "story.html").write_text(PAGE, encoding="utf-8")
    with serve(site) as url:
        code, output = add(url + "story.html", "--raw", str(raw), "--outlet", "Harbor Times")
    assert code == 0, output
    (path,) = list_raw_files(raw)
    article = read_article(path)
    assert (article.title, article.outlet, article.url) == (
        "Ferry captain charged",
        "Harbor Times",
        url + "story.html",
    )
    assert "tracking" not in article.body and "<p>" not in article.body
    assert "Harbor police arrested captain Ilse Varga on May 2, 2024." in article.body


def test_the_same_article_is_not_added_twice(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    add(str(ARTICLES / "okafor.txt"), "--raw", str(raw))
    copy = tmp_path / "renamed.md"
    copy.write_bytes((ARTICLES / "okafor.txt").read_bytes())
    code, output = add(str(copy), "--raw", str(raw))
    assert code == 0
    (path,) = list_raw_files(raw)
    assert output.strip() == f"already in {raw} as {path.name}; nothing added"


def test_numbers_follow_the_files_already_there(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    add(str(ARTICLES / "okafor.txt"), "--raw", str(raw))
    add(str(ARTICLES / "velasquez.txt"), "--raw", str(raw), "--published", "2025-06-02")
    names = [p.name[:4] for p in list_raw_files(raw)]
    assert names == ["000_", "001_"]
    assert read_article(list_raw_files(raw)[1]).published_date.isoformat() == "2025-06-02"


def test_a_bad_source_is_refused_in_one_line_and_leaves_nothing(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    binary = tmp_path / "photo.txt"
    binary.write_bytes(b"\x89PNG\x00\x00")
    code, output = add(str(binary), "--raw", str(raw))
    assert code == 1
    assert output.strip() == "error: photo.txt: binary file (contains NUL bytes), not text"
    code, output = add(str(tmp_path / "missing.txt"), "--raw", str(raw))
    assert (code, output.strip()) == (1, f"error: {tmp_path / 'missing.txt'}: no such file")
    assert not raw.exists()  # not even the folder
