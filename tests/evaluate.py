"""Score the extractors against the hand-labelled fixtures in tests/fixtures/eval/.

    python tests/evaluate.py [--verbose] [--corpus fixtures|meantime|ecbplus|all] [--limit N]
                             [FIXTURE_DIR]

Prints precision, recall and F1 for people (entities and mentions, with the
out-of-the-box spaCy PERSON entities as a baseline), dates (spans and values),
citations and events. Scoring rules:
- people: a predicted person matches a gold one with the same name (case-folded);
  a mention matches a gold mention with the same span.
- dates: a predicted date expression matches a gold date whose span it overlaps;
  value accuracy is the share of matched expressions with the gold ISO value.
  A predicted date overlapping a gold duration is a false positive. The fixtures label
  calendar dates only, so TimeML references ("now": PRESENT_REF, "soon", "recently")
  are left out of this score (MEANTIME scores them).
- citations: same source (outlets by canonical name, no leading "the") and overlapping spans;
  date accuracy is over matched citations.
- events: same type and a shared mention sentence; date accuracy over matched events.

Then the real annotated news in ../shared/data (MEANTIME, ECB+), scored by
tests/evaluate_real.py, whose docstring defines those scores.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from flows.extract.article import extract  # noqa: E402
from flows.extract.nlp import load_nlp, parse  # noqa: E402
from flows.extract.outlets import load_outlets  # noqa: E402
from flows.extract.records import Extraction  # noqa: E402
from flows.ingest import read_article  # noqa: E402
from tests.evaluate_real import run as run_real  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures" / "eval"
T = TypeVar("T")


@dataclass
class Score:
    true_positives: int = 0
    predicted: int = 0
    gold: int = 0
    values_right: int = 0  # among true positives, for value accuracy
    errors: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.true_positives / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.true_positives / self.gold if self.gold else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def value_accuracy(self) -> float:
        return self.values_right / self.true_positives if self.true_positives else 0.0


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def score_people(x: Extraction, gold: dict, s_ent: Score, s_men: Score, name: str) -> None:
    predicted = {p.name.casefold() for p in x.people}
    wanted = {p["name"].casefold() for p in gold["people"]}
    s_ent.predicted += len(predicted)
    s_ent.gold += len(wanted)
    s_ent.true_positives += len(predicted & wanted)
    s_ent.errors += [f"{name}: extra person {n!r}" for n in sorted(predicted - wanted)]
    s_ent.errors += [f"{name}: missed person {n!r}" for n in sorted(wanted - predicted)]
    got = {(m.start, m.end) for p in x.people for m in p.mentions}
    want = {(m["start"], m["end"]) for p in gold["people"] for m in p["mentions"]}
    score_spans(got, want, s_men)


def score_spans(got: set[tuple[int, int]], want: set[tuple[int, int]], score: Score) -> None:
    score.predicted += len(got)
    score.gold += len(want)
    score.true_positives += len(got & want)


def baseline_people(body: str, gold: dict, score: Score) -> None:
    """spaCy's PERSON entities as they come, possessive stripped."""
    doc = parse(load_nlp(), body)
    got = set()
    for ent in doc.ents:
        if ent.label_ == "PERSON":
            end = ent.end_char
            for suffix in ("'s", "’s", "'", "’"):
                if ent.text.endswith(suffix):
                    end -= len(suffix)
                    break
            got.add((ent.start_char, end))
    want = {(m["start"], m["end"]) for p in gold["people"] for m in p["mentions"]}
    score_spans(got, want, score)


def score_matches(
    score: Score,
    name: str,
    predicted: Sequence[T],
    gold: list[dict[str, Any]],
    *,
    same: Callable[[T, dict[str, Any]], bool],
    value: Callable[[T], object],
    gold_value: str,
    label: Callable[[T], str],
    gold_label: Callable[[dict[str, Any]], str],
) -> None:
    """Match each prediction to the first unused gold item it fits (greedy, in order);
    count the matches and how many of them have the gold value."""
    score.predicted += len(predicted)
    score.gold += len(gold)
    used: set[int] = set()
    for item in predicted:
        match = next((i for i, g in enumerate(gold) if i not in used and same(item, g)), None)
        if match is None:
            score.errors.append(f"{name}: extra {label(item)}")
            continue
        used.add(match)
        score.true_positives += 1
        if value(item) == gold[match][gold_value]:
            score.values_right += 1
        else:
            score.errors.append(
                f"{name}: {label(item)} -> {value(item)}, gold {gold_label(gold[match])} -> "
                f"{gold[match][gold_value]}"
            )
    score.errors += [f"{name}: missed {gold_label(g)}" for i, g in enumerate(gold) if i not in used]


def score_dates(x: Extraction, gold: dict[str, Any], score: Score, name: str) -> None:
    score_matches(
        score,
        name,
        [d for d in x.dates if d.kind == "date" and not (d.value or "").endswith("_REF")],
        gold["dates"],
        same=lambda d, g: overlaps((d.start, d.end), (g["start"], g["end"])),
        value=lambda d: d.value,
        gold_value="value",
        label=lambda d: f"date {d.text!r}",
        gold_label=lambda g: f"date {g['text']!r}",
    )


def same_source(a: str, b: str) -> bool:
    """One source however it is named: canonical outlet names, no leading article."""
    outlets = load_outlets()

    def key(name: str) -> str:
        return (outlets.lookup(name) or name).casefold().removeprefix("the ")

    return key(a) == key(b)


def score_citations(x: Extraction, gold: dict[str, Any], score: Score, name: str) -> None:
    score_matches(
        score,
        name,
        x.citations,
        gold["citations"],
        same=lambda c, g: (
            same_source(g["source"], c.source)
            and overlaps((c.start, c.end), (g["start"], g["end"]))
        ),
        value=lambda c: c.cited_date,
        gold_value="cited_date",
        label=lambda c: f"citation {c.source!r} ({c.cue})",
        gold_label=lambda g: f"citation {g['source']!r} ({g['text']!r})",
    )


def score_events(x: Extraction, gold: dict[str, Any], score: Score, name: str) -> None:
    score_matches(
        score,
        name,
        x.events,
        gold["events"],
        same=lambda e, g: (
            g["event_type"] == e.event_type
            and any(
                overlaps((m.start, m.end), (gm["start"], gm["end"]))
                for m in e.mentions
                for gm in g["mentions"]
            )
        ),
        value=lambda e: e.event_date,
        gold_value="event_date",
        label=lambda e: f"event {e.event_type} {e.summary!r}",
        gold_label=lambda g: f"event {g['event_type']}",
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("fixtures", nargs="?", type=Path, default=FIXTURES)
    parser.add_argument("--verbose", action="store_true", help="list every error")
    parser.add_argument(
        "--corpus",
        choices=("fixtures", "meantime", "ecbplus", "all"),
        default="all",
        help="what to score (default: all)",
    )
    parser.add_argument(
        "--limit",
        type=int,
        default=None,
        help="score only the first N documents of each real corpus",
    )
    args = parser.parse_args(argv)
    if args.corpus in ("fixtures", "all"):
        score_fixtures(args.fixtures, args.verbose)
    real = ("meantime", "ecbplus") if args.corpus == "all" else (args.corpus,)
    run_real([c for c in real if c != "fixtures"], args.limit, args.verbose)


def score_fixtures(fixtures: Path, verbose: bool) -> None:
    scores = {
        k: Score()
        for k in (
            "people (entities)",
            "people (mentions)",
            "people (mentions, spaCy baseline)",
            "dates",
            "citations",
            "events",
        )
    }
    files = sorted(fixtures.glob("*.txt"))
    for path in files:
        article = read_article(path)
        gold = json.loads(path.with_suffix(".gold.json").read_text(encoding="utf-8"))
        x = extract(article.body, article.published_date)
        score_people(x, gold, scores["people (entities)"], scores["people (mentions)"], path.stem)
        baseline_people(article.body, gold, scores["people (mentions, spaCy baseline)"])
        score_dates(x, gold, scores["dates"], path.stem)
        score_citations(x, gold, scores["citations"], path.stem)
        score_events(x, gold, scores["events"], path.stem)
    print(f"{len(files)} hand-labelled articles in {fixtures}")
    print(f"{'':36} {'gold':>5} {'found':>5} {'P':>6} {'R':>6} {'F1':>6} {'value':>6}")
    for label, s in scores.items():
        value = f"{s.value_accuracy:6.3f}" if label in ("dates", "citations", "events") else ""
        print(
            f"{label:36} {s.gold:5d} {s.predicted:5d} {s.precision:6.3f} {s.recall:6.3f} "
            f"{s.f1:6.3f} {value}"
        )
    print("value: share of matched dates / citation dates / event dates with the gold value")
    if verbose:
        for label, s in scores.items():
            for error in s.errors:
                print(f"[{label}] {error}")


if __name__ == "__main__":
    main()
