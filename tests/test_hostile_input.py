"""Hostile input (issue 11): nothing escapes its folder, nothing hangs, nothing is half-read.

Each test feeds one hostile input and checks the one-line error; tests that write check
that nothing was written outside the intended folder and that what was there is intact."""

from __future__ import annotations

import pytest

from flows.ingest import MAX_REASON, IngestError, parse_article


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
