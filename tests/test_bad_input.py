"""Bad input: every file is either used (with the right text) or rejected with one line
naming the file and the reason; rejections are listed in the run's summary and in
rejected.csv; --strict fails the run; extraction is time-limited and never raises."""

from __future__ import annotations

import datetime as dt
import json
import os
import time
from datetime import timedelta
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from flows.cli import app
from flows.extract.article import extract
from flows.extract.dates import find_dates
from flows.extract.records import Extraction
from flows.ingest import MAX_BYTES, MAX_CHARS, IngestError, parse_article, read_article
from flows.release.folder import verify_release
from flows.release.report import Rejection, read_rejected
from flows.workers import EXTRACT_TIMEOUT_S, ExtractionPool
from tests.conftest import ARTICLES, write_raw

STORY = "Jane Roe was charged on 3 March 2024, police said.\n"


def accepted(data: bytes, name: str = "story.txt") -> tuple[str, tuple[str, ...]]:
    article = parse_article(data, name)
    return article.body, article.warnings


def rejection(data: bytes, name: str = "story.txt") -> str:
    with pytest.raises(IngestError) as info:
        parse_article(data, name)
    message = str(info.value)
    assert "\n" not in message and message.startswith(f"{name}: ")
    return message


# --- decoding ----------------------------------------------------------------------------------


def test_utf8_with_bom_is_read_without_the_bom() -> None:
    assert accepted(b"\xef\xbb\xbf" + STORY.encode()) == (STORY, ())


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_with_bom_is_decoded(codec: str) -> None:
    bom = b"\xff\xfe" if codec.endswith("le") else b"\xfe\xff"
    data = bom + "---\r\ntitle: Roe charged\r\n---\r\nJane Roe, 52, was charged.\r\n".encode(codec)
    article = parse_article(data, "utf16.txt")
    assert (article.title, article.body, article.warnings) == (
        "Roe charged",
        "Jane Roe, 52, was charged.\n",
        (),
    )


def test_windows_1252_is_decoded_with_a_warning_naming_the_encoding() -> None:
    data = b"The caf\xe9 owner said \x93we are closed\x94 \x96 for now\x85\n"
    assert accepted(data, "cafe.txt") == (
        "The café owner said “we are closed” – for now…\n",
        ("cafe.txt: decoded as Windows-1252, not UTF-8 (first non-UTF-8 byte 0xE9 at offset 7)",),
    )


def test_utf8_with_one_damaged_byte_is_not_mistaken_for_windows_1252() -> None:
    data = "Jane Roe’s café – the “Blue Door” –".encode() + b" closed \xe9t\xc3"
    assert (
        rejection(data)
        == "story.txt: not valid UTF-8: invalid byte 0xE9 at offset 54 in UTF-8 text"
    )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "no article text (empty body)"),
        (b" \n\t\r\n  \r", "no article text (empty body)"),
        (b"\xe2\x80\x8b\n\xef\xbb\xbf\n", "no article text (empty body)"),  # zero-width only
        (b"---\ntitle: Only a title\n---\n\n", "no article text (empty body)"),
        (b"%PDF-1.4\n\x00\x01\x02binary", "binary file (contains NUL bytes), not text"),
        (
            b"\xff\xfe" + "Jane\x00".encode("utf-16-le"),
            "binary file (contains NUL characters), not text",
        ),
        (b"\xff\xfeJ\x00a\x00n", "not valid UTF-16 (truncated data at byte offset 6)"),
        (
            "Jane Roe was charged.".encode("utf-16-le"),
            "UTF-16 without a byte-order mark (every other byte is NUL): save as UTF-8",
        ),
        (
            b"caf\x81 au lait",
            "neither UTF-8 nor Windows-1252: byte 0x81 at offset 3 is invalid in both",
        ),
        (
            b"\xe9t\xe9 \x8d",
            "neither UTF-8 nor Windows-1252: invalid byte 0xE9 at offset 0; "
            "undefined in Windows-1252: byte 0x8D at offset 4",
        ),
        (
            b"\xef\xbb\xbfcaf\xe9",
            "not valid UTF-8: invalid byte 0xE9 at offset 6 in UTF-8 text",
        ),
        (b"---\ntitle: [unclosed\n---\nBody", "front matter is not valid YAML at line 3"),
        (
            b"---\npublished: 2024-02-30\n---\nBody",
            "front-matter 'published' is not an ISO date (YYYY-MM-DD): '2024-02-30'",
        ),
    ],
)
def test_unusable_files_are_rejected_with_the_exact_reason(data: bytes, message: str) -> None:
    assert rejection(data) == f"story.txt: {message}"


def test_a_timestamp_in_front_matter_gives_the_day() -> None:
    article = parse_article(b"---\npublished: 2024-06-14T09:30:00Z\n---\nBody.\n", "t.md")
    assert article.published_date == dt.date(2024, 6, 14)


def test_extract_command_prints_the_encoding_warning_on_stderr(tmp_path: Path) -> None:
    path = tmp_path / "cafe.txt"
    path.write_bytes(b"Jane Roe, the caf\xe9 owner, was charged on Monday.\n")
    result = CliRunner().invoke(app, ["extract", str(path)])
    assert result.exit_code == 0, result.output
    assert result.stderr == (
        "warning: cafe.txt: decoded as Windows-1252, not UTF-8 "
        "(first non-UTF-8 byte 0xE9 at offset 17)\n"
    )
    assert [p["name"] for p in json.loads(result.stdout)["people"]] == ["Jane Roe"]


# --- size limits -------------------------------------------------------------------------------


def test_a_file_over_max_bytes_is_refused_unread(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    path.write_bytes(b"a" * (MAX_BYTES + 1))
    with pytest.raises(IngestError) as info:
        read_article(path)
    assert str(info.value) == "huge.txt: file is 2,000,001 bytes, over the 2,000,000 limit"


def test_text_over_max_chars_is_refused_before_extraction() -> None:
    assert rejection(b"a" * (MAX_CHARS + 1)) == (
        "story.txt: article text is 200,001 characters, over the 200,000 limit"
    )


def test_one_enormous_line_under_the_limit_is_accepted_and_extracted() -> None:
    line = ("x" * 49 + " ") * (MAX_CHARS // 50)  # 200,000 characters, no newline
    body, warnings = accepted(line.encode())
    assert (len(body), body.count("\n"), warnings) == (MAX_CHARS, 0, ())
    result = extract(body)  # one spaCy block of 200,000 characters: under nlp.max_length
    assert (result.people, result.events, result.citations) == ([], [], [])


# --- normalisation -----------------------------------------------------------------------------


def test_crlf_and_lone_cr_become_lf() -> None:
    assert accepted(b"One line.\r\nTwo line.\rThree.\r") == ("One line.\nTwo line.\nThree.\n", ())


def test_control_characters_become_spaces_with_a_warning() -> None:
    assert accepted(b"Jane\x07Roe\x0cwas\tcharged\x1b.\x7f\n") == (
        "Jane Roe was\tcharged . \n",
        ("story.txt: replaced 4 control character(s) with spaces",),
    )


def test_zero_width_characters_are_removed_and_offsets_index_the_clean_body() -> None:
    raw = "\ufeffJa\u200bne Roe\u200d was charged on\u200c 3 March\ufeff 2024.\n"
    body, warnings = accepted(raw.encode())
    assert (body, warnings) == ("Jane Roe was charged on 3 March 2024.\n", ())
    dates = find_dates(body)
    assert [(d.value, body[d.start : d.end]) for d in dates] == [("2024-03-03", "3 March 2024")]


# --- HTML --------------------------------------------------------------------------------------

PAGE = """<!DOCTYPE html>
<html><head><title>Roe charged | Example Daily</title>
<style>p { color: red }</style><script>var tracking = "<p>not prose</p>";</script></head>
<body><nav><a href="/">Home</a> <a href="/news">News</a></nav>
<article><h1>Jane Roe charged</h1>
<p>Jane Roe was   charged on <b>3&nbsp;March 2024</b>,
police said.</p><p>Her lawyer said &ldquo;she is innocent&rdquo; &amp; would appeal.<br>
More soon.</p>
<aside>Related: other stories</aside></article>
<footer>&copy; Example Daily</footer></body></html>
"""


def test_html_page_gives_its_paragraphs_and_headline_never_its_tags() -> None:
    article = parse_article(PAGE.encode(), "roe.html")
    assert article.title == "Jane Roe charged"  # the page's one <h1>, not its <title>
    assert article.body == (
        "Jane Roe charged\n\n"
        "Jane Roe was charged on 3 March 2024, police said.\n\n"
        "Her lawyer said “she is innocent” & would appeal.\nMore soon.\n"
    )


def test_html_in_a_text_file_is_recognised_and_h1_is_the_title_without_a_title_tag() -> None:
    page = "<html><body><h1>Roe  charged</h1><p>Jane Roe was charged.</p></body></html>"
    article = parse_article(page.encode(), "roe.txt")
    assert (article.title, article.body) == ("Roe charged", "Jane Roe was charged.\n")


def test_front_matter_title_wins_over_the_html_title() -> None:
    page = "---\ntitle: From front matter\n---\n<p>Jane Roe was charged.</p>"
    article = parse_article(page.encode(), "roe.md")
    assert (article.title, article.body) == ("From front matter", "Jane Roe was charged.\n")


def test_html_page_without_text_is_rejected() -> None:
    page = b"<html><head><script>app()</script></head><body><nav>Home</nav></body></html>"
    assert rejection(page, "app.html") == "app.html: HTML page with no article text"


# --- extraction: never hangs, never raises -----------------------------------------------------

TOKENS = [
    *("On", "Tuesday", "last year", "3 March 2024", "2021-10-21", "Dec.", "31", "1999", "W42"),
    *("three weeks ago", "the day before", "Jane Roe", "Mr. Roe", "Judge", "was charged", "shot"),
    *("according to", "CNN", "reported", "said", ",", ".", '"', "’s", "(", ")", ":", "—"),
    *(" ", " ", "\n", "\n\n", "\t"),
]
TEXTS = st.one_of(
    st.text(max_size=300), st.lists(st.sampled_from(TOKENS), max_size=60).map("".join)
)
LIMIT = settings(
    max_examples=40,
    deadline=timedelta(seconds=EXTRACT_TIMEOUT_S),  # the documented per-article limit
    suppress_health_check=[HealthCheck.too_slow],
)


@LIMIT
@given(text=TEXTS, published=st.none() | st.dates(dt.date(1900, 1, 1), dt.date(2100, 12, 31)))
def test_find_dates_returns_spans_of_the_text_for_any_text(
    text: str, published: dt.date | None
) -> None:
    for date in find_dates(text, published):
        assert 0 <= date.start < date.end <= len(text)
        assert text[date.start : date.end] == date.text


@LIMIT
@given(text=TEXTS, published=st.none() | st.dates(dt.date(1900, 1, 1), dt.date(2100, 12, 31)))
def test_extract_returns_records_with_offsets_in_the_text_for_any_text(
    text: str, published: dt.date | None
) -> None:
    result = extract(text, published)
    for person in result.people:
        assert all(text[m.start : m.end] == m.text for m in person.mentions)
    for event in result.events:
        assert all(text[m.start : m.end] == m.sentence for m in event.mentions)
    assert all(0 <= c.start < c.end <= len(text) for c in result.citations)


def misbehaving_extract(body: str, published: dt.date | None) -> Extraction:
    """A stand-in extractor for the workers (imported by name in a worker process)."""
    if "HANG" in body:
        time.sleep(600)
    if "CRASH" in body:
        os._exit(3)
    if "RAISE" in body:
        raise ValueError("cannot read this\nsecond line")
    return extract(body, published)


def test_pool_rejects_an_overrun_a_crash_and_an_error_and_extracts_the_rest() -> None:
    jobs: list[tuple[str, dt.date | None]] = [
        ("HANG here.", None),
        ("Jane Roe was charged.", None),
        ("CRASH here.", None),
        ("RAISE here.", None),
        ("Jane Roe was convicted.", None),
    ]
    with ExtractionPool(timeout=5, processes=2, work=misbehaving_extract) as pool:
        results = pool.run(jobs)
        again = pool.run([("Jane Roe appealed.", None)])  # the pool works on after them
    assert results[0] == "extraction took longer than 5 s (not retried)"
    assert results[2] == "extraction crashed (worker process exited with code 3)"
    assert results[3] == "extraction failed: ValueError: cannot read this"
    assert [e.event_type for r in (results[1], results[4], again[0]) for e in r.events] == [
        "charge",
        "conviction",
        "appeal",
    ]


# --- the run: summary, rejected.csv, --strict ------------------------------------------------

GOOD = ("velasquez.txt", "okafor.txt")


def raw_folder(root: Path) -> Path:
    raw = root / "raw"
    for name in GOOD:
        write_raw(raw, name, (ARTICLES / name).read_text(encoding="utf-8"))
    write_raw(raw, "okafor-copy.md", (ARTICLES / "okafor.txt").read_text(encoding="utf-8"))
    (raw / "binary.txt").write_bytes(b"GIF89a\x00\x01")
    (raw / "empty.md").write_bytes(b"  \n")
    (raw / "latin.txt").write_bytes(b"The caf\xe9 on Main Street closed on Monday.\n")
    return raw


REJECTED = [
    Rejection("binary.txt", "binary file (contains NUL bytes), not text"),
    Rejection("empty.md", "no article text (empty body)"),
]
WARNINGS = [
    "latin.txt: decoded as Windows-1252, not UTF-8 (first non-UTF-8 byte 0xE9 at offset 7)",
    "okafor.txt: same article as okafor-copy.md; kept once, as okafor-copy.md",
]


def summary(output: str) -> list[str]:
    """The lines after the row counts."""
    lines = output.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("rejected "))
    return lines[start:]


@pytest.mark.usefixtures("prefect_harness")
def test_build_lists_rejected_files_and_warnings_and_still_publishes(tmp_path: Path) -> None:
    raw, out = raw_folder(tmp_path), tmp_path / "out"
    result = CliRunner().invoke(app, ["build", "--raw", str(raw), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "release 1.0.0 published" in result.output
    assert summary(result.output) == [
        f"rejected 2 file(s) (see {out / 'rejected.csv'}):",
        *(f"  {r}" for r in REJECTED),
        "warnings:",
        *(f"  {w}" for w in WARNINGS),
    ]
    release = out / "releases" / "1.0.0"
    expected = (
        b"source_file,reason\r\n"
        b'binary.txt,"binary file (contains NUL bytes), not text"\r\n'
        b"empty.md,no article text (empty body)\r\n"
    )
    assert (out / "rejected.csv").read_bytes() == expected
    assert (release / "rejected.csv").read_bytes() == expected
    assert "rejected.csv" in (release / "SHA256SUMS").read_text(encoding="utf-8")
    assert verify_release(release) == []
    articles = pd.read_csv(release / "articles.csv")
    assert sorted(articles["source_file"]) == ["latin.txt", "okafor-copy.md", "velasquez.txt"]
    validated = CliRunner().invoke(app, ["validate", str(release)])
    assert validated.exit_code == 0, validated.output

    # an unchanged build publishes nothing; out/rejected.csv is this run's, the release's stays
    (raw / "notes.md").write_bytes(b"\xff\xfe")
    again = CliRunner().invoke(app, ["build", "--raw", str(raw), "--out", str(out)])
    assert again.exit_code == 0, again.output
    assert "release 1.0.0 unchanged, nothing published" in again.output
    assert read_rejected(out / "rejected.csv") == sorted(
        [*REJECTED, Rejection("notes.md", "no article text (empty body)")]
    )
    assert (release / "rejected.csv").read_bytes() == expected


@pytest.mark.usefixtures("prefect_harness")
def test_strict_build_fails_on_any_rejection_and_publishes_nothing(tmp_path: Path) -> None:
    raw, out = raw_folder(tmp_path), tmp_path / "out"
    args = ["build", "--raw", str(raw), "--out", str(out), "--strict"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 1
    assert summary(result.output)[-1] == (
        f"error: 2 file(s) rejected in strict mode: nothing published (see {out / 'rejected.csv'})"
    )
    assert not (out / "latest").exists() and not (out / "releases").exists()
    assert read_rejected(out / "rejected.csv") == REJECTED

    for bad in ("binary.txt", "empty.md"):
        (raw / bad).unlink()
    fixed = CliRunner().invoke(app, args)
    assert fixed.exit_code == 0, fixed.output
    assert "release 1.0.0 published" in fixed.output
    assert (out / "rejected.csv").read_bytes() == b"source_file,reason\r\n"


@pytest.mark.usefixtures("prefect_harness")
def test_an_article_whose_extraction_overruns_or_crashes_is_rejected_like_a_bad_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from flows import workers
    from flows.build import build_datasets

    monkeypatch.setattr(workers, "extract_article", misbehaving_extract)
    raw = tmp_path / "raw"
    write_raw(raw, "good.txt", "Jane Roe was charged on Monday.\n")
    write_raw(raw, "hang.txt", "HANG: Jane Roe was charged.\n")
    write_raw(raw, "crash.txt", "CRASH: Jane Roe was charged.\n")
    release = build_datasets(raw, tmp_path / "out", extract_timeout=5)
    assert release.row_counts["articles"] == 1
    assert read_rejected(release.path / "rejected.csv") == [
        Rejection("crash.txt", "extraction crashed (worker process exited with code 3)"),
        Rejection("hang.txt", "extraction took longer than 5 s (not retried)"),
    ]
    cached = list((tmp_path / "out" / ".cache" / "extract").glob("*.json"))
    assert len(cached) == 1  # a rejected article is not cached: the next run tries it afresh


@pytest.mark.usefixtures("prefect_harness")
def test_a_folder_with_no_usable_article_fails_with_every_reason(tmp_path: Path) -> None:
    raw, out = tmp_path / "raw", tmp_path / "out"
    raw.mkdir()
    (raw / "a.txt").write_bytes(b"")
    (raw / "b.htm").write_bytes(b"<html><body><script>x()</script></body></html>")
    result = CliRunner().invoke(app, ["build", "--raw", str(raw), "--out", str(out)])
    assert result.exit_code == 1
    assert summary(result.output) == [
        f"rejected 2 file(s) (see {out / 'rejected.csv'}):",
        "  a.txt: no article text (empty body)",
        "  b.htm: HTML page with no article text",
        f"error: {raw}: no usable articles to build from; nothing published",
    ]
    assert not (out / "releases").exists()
