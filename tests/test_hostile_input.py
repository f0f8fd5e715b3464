"""Hostile input (issue 11): nothing escapes its folder, nothing hangs, nothing is half-read.

Each test feeds one hostile input and checks the one-line error; tests that write check
that nothing was written outside the intended folder and that what was there is intact."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from flows import ingest
from flows.ingest import MAX_BYTES, MAX_REASON, IngestError, parse_article


def rejection(data: bytes, name: str = "story.txt") -> str:
    """The one-line reason parse_article gives for ``data``."""
    with pytest.raises(IngestError) as info:
        parse_article(data, name)
    message = str(info.value)
    assert "\n" not in message and len(message) <= len(name) + 2 + MAX_REASON
    return message.removeprefix(f"{name}: ")


# --- 3: deeply nested YAML is one rejected file ------------------------------------------------


@pytest.mark.parametrize(
    "nested",
    [b"title: " + b"[" * 500, b"title: " + b"{a: " * 600, b"- " * 600 + b"x"],
)
def test_deeply_nested_front_matter_is_rejected_not_a_recursion_error(nested: bytes) -> None:
    data = b"---\n" + nested + b"\n---\nJane Roe was charged.\n"
    assert rejection(data) == "front matter is nested deeper than 20 levels at line 2"


# --- 5: YAML aliases are refused; every reason is one short line -------------------------------

LAUGHS = b"""---
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
published: [*f,*f,*f,*f,*f,*f,*f,*f,*f]
---
Jane Roe was charged.
"""


def test_yaml_aliases_are_refused_before_they_expand() -> None:
    assert rejection(LAUGHS) == "front matter uses a YAML anchor or alias (& or *) at line 2"


def test_a_plain_anchor_is_refused_too() -> None:
    data = b"---\ntitle: &t Roe charged\n---\nJane Roe was charged.\n"
    assert rejection(data) == "front matter uses a YAML anchor or alias (& or *) at line 2"


def test_a_long_reason_is_cut_to_one_short_line() -> None:
    data = b"---\npublished: " + b"x" * 100_000 + b"\n---\nJane Roe was charged.\n"
    reason = rejection(data)
    assert len(reason) == MAX_REASON and reason.endswith("x…")
    assert reason.startswith("front-matter 'published' is not an ISO date (YYYY-MM-DD): 'xxx")


def test_control_characters_in_a_name_are_escaped() -> None:
    with pytest.raises(IngestError) as info:
        parse_article(b"", "a\nrelease 9.9.9 published\x1b[2J\u2028.txt")
    assert str(info.value) == (
        "a\\nrelease 9.9.9 published\\x1b[2J\\u2028.txt: no article text (empty body)"
    )


# --- 4: ingest is linear in the input, with a time limit of its own ----------------------------


def timed(data: bytes, name: str = "story.txt") -> tuple[float, str]:
    """(seconds, the body or the rejection) of parse_article."""
    start = time.monotonic()
    try:
        outcome = parse_article(data, name).body
    except IngestError as exc:
        outcome = str(exc)
    return time.monotonic() - start, outcome


def test_comments_before_the_text_are_skipped_in_one_pass() -> None:
    seconds, body = timed(b"<!--a-->" * 27 + b"Jane Roe was charged.")  # was 80 s
    assert body == "<!--a-->" * 27 + "Jane Roe was charged."  # not HTML: text as it is
    seconds, body = timed(b"<!--a-->" * 200_000 + b"<p>Jane Roe was charged.")
    assert body == "Jane Roe was charged.\n"
    assert seconds < 30  # a ceiling against a blow-up, not a benchmark


def test_deeply_nested_dropped_elements_are_closed_in_one_pass() -> None:
    page = b"<p>Jane Roe was charged." + b"<svg>" * 180_000 + b"</svg>" * 180_000  # was 190 s
    seconds, body = timed(page, "page.html")
    assert body == "Jane Roe was charged.\n"
    assert seconds < 30


def test_markup_the_html_parser_is_slow_on_is_rejected_at_the_time_limit(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(ingest, "INGEST_TIMEOUT_S", 1.0)
    seconds, outcome = timed(b"<p>" + b"<a" * 900_000, "page.html")  # quadratic in html.parser
    assert outcome == "page.html: reading it took longer than 1 s (malformed markup?)"
    assert seconds < 30
    assert parse_article(b"<p>Jane Roe was charged.", "ok.html").body == (
        "Jane Roe was charged.\n"  # the limit is withdrawn: the next file reads as usual
    )


def test_markup_the_html_parser_cannot_parse_is_one_rejected_file() -> None:
    assert timed(b"<p>Jane Roe" + b"<![" * 10, "page.html")[1] == (
        "page.html: HTML cannot be parsed (AssertionError)"
    )


HTML_PIECES = [
    *("<p>", "</p>", "<div>", "<h1>", "</h1>", "<title>", "</title>", "<br>", "<br/>"),
    *("<svg>", "</svg>", "<script>", "</script>", "<style>", "<nav>", "</nav>"),
    *("<!--", "-->", "<!", "<![", "<![CDATA[", "]]>", "<?", "</", "<a", "<a ", '="', "'"),
    *("&", "&amp;", "&#", "&#x", ";", ">", "<", "Jane Roe was charged.", " ", "\n", "x"),
]
YAML_PIECES = [
    *("title: ", "outlet: ", "published: ", "2024-06-14", "[", "]", "{", "}", ", ", ": "),
    *("- ", "&a ", "*a", "!!str ", "!!timestamp ", '"', "'", "\\", "\n", "  ", "#", "?"),
    *("|", ">", "x", "---", "...", "%YAML 1.1", "\t", "\u2028"),
]


def repeated(pieces: list[str]) -> st.SearchStrategy[str]:
    """Text of the pieces, some repeated many times (where slow parsers blow up)."""
    run = st.tuples(st.sampled_from(pieces), st.integers(1, 2_000)).map(lambda p: p[0] * p[1])
    return st.lists(st.sampled_from(pieces) | run, max_size=40).map("".join)


@settings(
    max_examples=60,
    deadline=timedelta(seconds=ingest.INGEST_TIMEOUT_S + 20),  # the limit, and a margin
    suppress_health_check=[HealthCheck.too_slow],
)
@given(html=repeated(HTML_PIECES), yaml=repeated(YAML_PIECES))
def test_ingest_of_any_html_and_yaml_ends_in_bounded_time(html: str, yaml: str) -> None:
    data = f"---\n{yaml}\n---\n{html}".encode("utf-8", "surrogatepass")
    assert len(data) <= MAX_BYTES
    for name in ("page.html", "story.md"):
        try:
            article = parse_article(data, name)
        except IngestError as exc:
            assert "\n" not in str(exc) and len(exc.reason) <= MAX_REASON
        else:
            assert article.body.strip()
