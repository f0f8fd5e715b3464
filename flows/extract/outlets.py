"""Known news outlets, from the shared data file ``flows/data/outlets.csv``.

People extraction uses it to keep outlets out of the people table; citations use
it to give an outlet its canonical name ("the Guardian" -> "The Guardian").
"""

from __future__ import annotations

import csv
import re
from functools import lru_cache
from pathlib import Path

OUTLETS_CSV = Path(__file__).resolve().parent.parent / "data" / "outlets.csv"


def _key(name: str) -> str:
    return " ".join(name.replace("’", "'").split()).casefold()


class OutletIndex:
    """Every styled name and alias of the known outlets, mapped to its canonical name."""

    def __init__(self, forms: dict[str, str]) -> None:
        self.forms = forms  # styled form as written ("the Guardian") -> canonical name
        self._by_key = {_key(form): name for form, name in forms.items()}
        # As styled (so "people" the noun is not People), but a leading "The" may be lower-case.
        # Longest form first; each form as (the characters it may start with, the rest).
        alternatives: list[tuple[str, str]] = []
        for form in sorted(forms, key=len, reverse=True):
            first, *others = form.split()
            rest = "".join(rf"\s+{re.escape(w)}" for w in others)
            if first in ("The", "the"):
                alternatives.append(("Tt", "he" + rest))
            else:
                alternatives.append((first[0], re.escape(first[1:]) + rest))
        # The forms grouped by their first character, keeping their order within a group:
        # the same matches as one alternation of all forms (at a position only the group of
        # its character can match, and it tries its forms in the same order), but the engine
        # tries a few forms at each capital letter instead of hundreds.
        starts = list(dict.fromkeys(c for chars, _ in alternatives for c in chars))
        groups = [
            re.escape(c)
            + "(?:"
            + "|".join(rest for chars, rest in alternatives if c in chars)
            + ")"
            for c in starts
        ]
        self.pattern = re.compile(rf"(?<![\w@-])(?:{'|'.join(groups)})(?![\w-]|\.\w)")

    def lookup(self, name: str) -> str | None:
        """The canonical name of an outlet named as written, or None if unknown."""
        key = _key(name)
        return self._by_key.get(key) or self._by_key.get(re.sub(r"^the\s+", "", key))

    def spans(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, canonical) of every known outlet named in ``text``."""
        return [
            (m.start(), m.end(), self._by_key[_key(m.group(0))])
            for m in self.pattern.finditer(text)
        ]


@lru_cache(maxsize=2)
def load_outlets(path: Path = OUTLETS_CSV) -> OutletIndex:
    """Read the outlets file once per process."""
    forms: dict[str, str] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            name = " ".join(row["outlet"].split())
            for form in [name, *(" ".join(a.split()) for a in row["aliases"].split("|"))]:
                if form:
                    forms.setdefault(form, name)
    return OutletIndex(forms=forms)
