import datetime as dt
from pathlib import Path

import pytest

from flows.ingest import IngestError, article_id_for, list_raw_files, parse_article, read_article
from tests.conftest import SEED


def test_front_matter_gives_metadata_and_body_offsets_start_after_it() -> None:
    raw = (
        "---\ntitle: Jury convicts nurse\noutlet: Example Daily\npublished: 2024-06-14\n---\n"
        "Body here.\n"
    )
    article = parse_article(raw.encode(), "a.txt")
    assert (article.title, article.outlet, article.url) == (
        "Jury convicts nurse",
        "Example Daily",
        None,
    )
    assert article.published_date == dt.date(2024, 6, 14)
    assert article.body == "Body here.\n"
    assert article.word_count == 2


def test_without_front_matter_the_whole_file_is_the_body() -> None:
    article = parse_article(b"Plain text article.\n", "plain.txt")
    assert article.body == "Plain text article.\n"
    assert (article.title, article.outlet, article.published_date) == (None, None, None)


def test_seed_article_keeps_its_body_exactly() -> None:
    article = read_article(SEED)
    seed = SEED.parent.parent.parent / "shared" / "seed" / SEED.name
    if seed.exists():
        assert article.body == seed.read_text(encoding="utf-8")
    assert article.title == "5 key insights about Halyna Hutchins’ murder explored"
    assert article.outlet is None and article.published_date is None


def test_article_id_depends_on_the_body_not_the_file_name() -> None:
    a = parse_article(b"Same words here.", "one.txt")
    b = parse_article(b"---\ntitle: T\n---\nSame words here.", "two.md")
    assert a.article_id == b.article_id == article_id_for("Same words here.")
    assert a.sha256 != b.sha256


def test_crlf_and_bom_are_normalised() -> None:
    article = parse_article(
        "\ufeff---\r\ntitle: T\r\n---\r\nLine one.\r\nLine two.\r".encode(), "w.txt"
    )
    assert article.title == "T"
    assert article.body == "Line one.\nLine two.\n"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "bad.txt: no article text (empty body)"),
        (b"---\ntitle: T\n---\n  \n", "bad.txt: no article text (empty body)"),
        (b"abc\x00def", "bad.txt: binary file (contains NUL bytes), not text"),
        (
            b"caf\x81 au lait",
            "bad.txt: neither UTF-8 nor Windows-1252: byte 0x81 at offset 3 is invalid in both",
        ),
        (b"---\ntitle: [unclosed\n---\nBody", "bad.txt: front matter is not valid YAML at line 3"),
        (
            b"---\npublished: 12 March\n---\nBody",
            "bad.txt: front-matter 'published' is not an ISO date (YYYY-MM-DD): '12 March'",
        ),
        (
            b"---\ntags: courts\n---\nBody",
            "bad.txt: unknown front-matter key 'tags' (allowed: title, outlet, url, published, "
            "author)",
        ),
    ],
)
def test_unusable_files_are_rejected_with_one_line_naming_file_and_reason(
    data: bytes, message: str
) -> None:
    with pytest.raises(IngestError) as info:
        parse_article(data, "bad.txt")
    assert str(info.value) == message
    assert "\n" not in str(info.value)


def test_raw_listing_skips_hidden_files_and_readme(tmp_path: Path) -> None:
    for name in ("b.txt", "a.md", ".hidden.txt", "README.md", "notes.json"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    assert [p.name for p in list_raw_files(tmp_path)] == ["a.md", "b.txt"]
