"""The extractors' hand-written matchers give exactly what the patterns they replace give.

People extraction finds names with ``str.find`` instead of compiling a pattern per name, and
the outlet pattern groups its forms by first character; both must match as the plain
patterns do, on texts built from the characters that decide a match (letters, hyphens,
underscores, spaces, newlines, "’", accented and non-Latin letters).
"""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from flows.extract.outlets import OutletIndex, load_outlets
from flows.extract.people import (
    _after_article,
    _role_before,
    _words_after,
    _words_before,
    name_spans,
)

PIECES = ["Ann", "Ann Lee", "Lee", "a", "an", "An", "firm", "Corp", " ", "  ", "\n", "-", "_",
          "’s", "é", "Ω", "x", "Ny", "B", "1", ",", "."]  # fmt: skip
texts = st.lists(st.sampled_from(PIECES), max_size=14).map("".join)
names = st.sampled_from(["Ann", "Ann Lee", "Lee", "Ann Ann", "é", "-Lee", "Lee-"])


@settings(max_examples=400)
@given(texts, names)
def test_name_spans_are_the_whole_name_pattern_matches(text: str, name: str) -> None:
    whole = rf"(?<![\w-]){re.escape(name)}(?![\w-])"
    assert name_spans(name, text) == [m.span() for m in re.finditer(whole, text)]
    assert name_spans(name, text, before_capital=False) == [
        m.span() for m in re.finditer(whole + r"(?!\s+[A-Z][a-z])", text)
    ]


@settings(max_examples=400)
@given(texts, names)
def test_words_around_a_name_are_the_patterns_groups(text: str, name: str) -> None:
    escaped = re.escape(name)
    after = re.finditer(rf"(?<![\w-]){escaped}\s+([A-Z][\w&]*)", text)
    before = re.finditer(rf"(?<![\w-])([\w-]+)\s+{escaped}(?![\w-])", text)
    assert _words_after(name, text) == [m.group(1) for m in after]
    assert _words_before(name, text) == [m.group(1) for m in before]
    article = re.search(rf"\b(?:[Aa]n?)\s+{escaped}\s+[a-z]", text) is not None
    assert _after_article(name, text) == article


def test_overlapping_occurrences_are_taken_left_to_right() -> None:
    assert name_spans("Ann Ann", "Ann Ann Ann") == [(0, 7)]
    assert _words_after("Ann", "Ann Ann Corp") == ["Ann"]  # "Ann Corp" overlaps that match
    assert _words_before("Ann", "firm Ann Ann") == ["firm"]


def test_a_role_is_found_before_a_name_however_far_back_the_text_starts() -> None:
    text = "x" * 80 + " said first assistant director Dave Halls"
    assert _role_before(text, text.index("Dave")) == "first assistant director"
    assert _role_before("the director’s son Dave", 19) is None


def test_grouped_outlet_pattern_matches_as_one_alternation_of_all_forms() -> None:
    index = load_outlets()
    alternatives = []
    for form in sorted(index.forms, key=len, reverse=True):  # the plain pattern
        words = [re.escape(w) for w in form.split()]
        if words[0] in ("The", "the"):
            words[0] = "[Tt]he"
        alternatives.append(r"\s+".join(words))
    plain = re.compile(rf"(?<![\w@-])(?:{'|'.join(alternatives)})(?![\w-]|\.\w)")
    text = " ".join(f"{f}, the {f}-x {f}.com @{f} {f}s" for f in sorted(index.forms))
    assert index.pattern.pattern != plain.pattern
    assert [m.span() for m in index.pattern.finditer(text)] == [
        m.span() for m in plain.finditer(text)
    ]


def test_outlet_forms_sharing_a_start_prefer_the_longest() -> None:
    index = OutletIndex(
        {"The Times": "The Times", "The Times Herald": "Times Herald", "Tom": "Tom"}
    )
    assert index.spans("in the Times Herald and The Times, Tom said") == [
        (3, 19, "Times Herald"),
        (24, 33, "The Times"),
        (35, 38, "Tom"),
    ]
