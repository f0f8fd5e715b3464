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
        alternatives = []
        for form in sorted(forms, key=len, reverse=True):
            words = [re.escape(w) for w in form.split()]
            if words[0] in ("The", "the"):
                words[0] = "[Tt]he"
            alternatives.append(r"\s+".join(words))
        self.pattern = re.compile(rf"(?<![\w@-])(?:{'|'.join(alternatives)})(?![\w-]|\.\w)")

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
