"""Score casefile against real annotated news: MEANTIME and ECB+ (in ../shared/data).

Called by tests/evaluate.py (``--corpus meantime|ecbplus|all``). The corpora are read at
run time from ``<repo>/../shared/data`` (or the folder ``CASEFILE_DATA`` names, e.g. from a
git worktree elsewhere) and never copied into the repository; a corpus
whose folder is absent is skipped with a one-line note. Nothing is cached.

Scoring definitions
-------------------
Spans overlap when they share at least one character. A *greedy one-to-one* match takes
each prediction in text order and pairs it with the first unused gold item it fits.

MEANTIME (120 Wikinews articles, the annotated window only; published date = the
document creation time ``dct``, day first in the one ``DD-MM-YYYY`` value):
- people (entities): casefile's person names against ``persons[].name`` of the persons
  that have a proper-name mention; names are compared case-folded, whitespace collapsed,
  a parenthesised note ("(CEO of Ryanair)") dropped. Set comparison per document.
- people (mentions): gold = the mentions of those persons that contain the person's
  surname (``syntactic_type`` cannot be trusted: often empty on names, NAM on some
  titles); of nested name mentions of one person only the innermost counts. A casefile
  mention is a true positive when it overlaps an unused gold mention (greedy one-to-one).
  A casefile mention that overlaps only an unnamed gold person mention (a pronoun, "the
  chief executive") is neither right nor wrong: it is left out of both counts. Gold
  extents include titles ("Prime Minister Gordon Brown"), hence overlap, not exact spans.
- dates: gold = the DATE time expressions, except the creation-time date line (line 2),
  which casefile takes from metadata: predictions on line 2 are ignored too. Predictions
  are casefile's date expressions (durations excluded). A prediction that overlaps a gold
  TIME expression ("Tuesday evening") and no gold DATE is ignored; one that overlaps a
  DURATION or SET is a false positive.
  - extent: greedy one-to-one overlap;
  - value: overlap and the same normalised value (string equality of casefile's TimeML
    value with the gold one: 2013-W11, 2009-Q3, 199, PRESENT_REF...);
  - value accuracy: share of extent matches that have the gold value;
  - value, gold a day/month/year only: the value score over the gold expressions whose
    value is a day, month or year (YYYY, YYYY-MM, YYYY-MM-DD; not PRESENT_REF, weeks,
    quarters, seasons); predictions overlapping the other gold expressions are left out.

ECB+ (502 articles in 43 topics; only each document's ``coref_sentences``, as the corpus
README advises; a casefile trigger is "in" the ECB+ sentence holding its first character):
- events: precision = casefile triggers in listed sentences that overlap a gold
  ``ACTION_*`` mention (not ``NEG_ACTION_*``: casefile must not report what did not
  happen) / all casefile triggers there. Recall = gold ``ACTION_OCCURRENCE`` mentions there
  that some casefile trigger overlaps / all of them. Recall is bounded by casefile's fixed
  vocabulary of event types: ECB+ annotates every occurrence (patrolling, spotted, ...).
- participant support: ECB+ has no event-argument links. For each casefile event, each
  of its triggers in a listed sentence and each participant of that event with a mention
  in that sentence, the (event, sentence, person) triple is *supported* when a gold
  ``HUMAN_PART_PER`` mention in the sentence overlaps one of the person's mentions there.
  The support rate is a precision-like figure of who casefile links, not a link score;
  participants with no mention in the sentence are counted apart, unscored.
- cross-document event grouping, per topic: every document of the topic is extracted
  (``published`` as the date when given) and the events are merged across the topic's
  documents by the pipeline's own code (``flows.merge._people`` and ``_events``). The
  mentions scored are the gold ``ACTION_*`` mentions in listed sentences that casefile
  reports (a trigger overlaps them; the first such trigger decides); their predicted
  cluster is the merged event of that trigger, their gold cluster the ``chain`` (a null
  chain is a singleton). Key and response hold the same mentions, so this scores the
  grouping, not the detection. Baseline on the same mentions: one cluster per (casefile
  event type, trigger lemma) within the topic. Printed with singletons, and without the
  gold singletons (mentions whose chain is null), and over the usual test topics 36-45
  (with singletons).
  - MUC (Vilain et al. 1995): recall = sum over key clusters K of |K| - p(K), over
    sum |K| - 1, where p(K) is the number of response clusters (a missing mention counts
    as its own) that K's mentions fall into; precision swaps key and response.
  - B-cubed: recall = sum over K, R of |K & R|^2 / |K|, over the number of key mentions;
    precision the same with / |R| over the response mentions.
  - CEAF-e (Luo 2005): phi(K, R) = 2 |K & R| / (|K| + |R|); the best one-to-one alignment
    of key and response clusters (Kuhn-Munkres) maximises the sum of phi; recall = that
    sum / number of key clusters, precision = / number of response clusters.
  - CoNLL F1 = mean of the MUC, B-cubed and CEAF-e F1.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from spacy.tokens import Doc

from flows.extract.article import extract_doc
from flows.extract.nlp import load_nlp, parse_many
from flows.extract.outlets import load_outlets
from flows.extract.records import Extraction, TemporalExpression
from flows.ingest import Article
from flows.merge import _events, _people

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(os.environ.get("CASEFILE_DATA") or ROOT.parent / "shared" / "data")
MEANTIME = DATA / "meantime"
ECBPLUS = DATA / "ecbplus" / "docs"

Span = tuple[int, int]
SUPPORT = "participant support (HUMAN_PART_PER overlap)"
PRECISION_ONLY = {SUPPORT}  # rows with no gold to recall
CALENDAR_VALUE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")  # what casefile's values can be
Cluster = frozenset[Hashable]


# --- counting ----------------------------------------------------------------------------------


@dataclass
class Counts:
    """Precision and recall with their own numerators (right predictions, found gold)."""

    predicted: int = 0
    predicted_right: int = 0
    gold: int = 0
    gold_found: int = 0
    ignored: int = 0  # predictions left out of both counts
    values_right: int = 0  # among one-to-one matches, for value accuracy
    errors: list[str] = field(default_factory=list)

    def add_matches(self, n: int) -> None:
        self.predicted_right += n
        self.gold_found += n

    @property
    def precision(self) -> float:
        return self.predicted_right / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.gold_found / self.gold if self.gold else 1.0

    @property
    def f1(self) -> float:
        return f1(self.precision, self.recall)

    @property
    def value_accuracy(self) -> float:
        return self.values_right / self.predicted_right if self.predicted_right else 0.0


def f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def overlaps(a: Span, b: Span) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def greedy_match(predicted: Sequence[Span], gold: Sequence[Span]) -> list[tuple[int, int]]:
    """Pairs (prediction index, gold index): each prediction, in order, takes the first
    unused gold span it overlaps."""
    used: set[int] = set()
    pairs = []
    for i, p in enumerate(predicted):
        j = next((j for j, g in enumerate(gold) if j not in used and overlaps(p, g)), None)
        if j is not None:
            used.add(j)
            pairs.append((i, j))
    return pairs


def print_table(title: str, rows: Sequence[tuple[str, Counts]], value: bool = False) -> None:
    print(title)
    header = f"{'':44} {'gold':>5} {'found':>5} {'P':>6} {'R':>6} {'F1':>6}"
    print(header + (f" {'value':>6}" if value else ""))
    for label, c in rows:
        if c.gold == 0 and c.gold_found == 0 and label in PRECISION_ONLY:
            print(f"{label:44} {'-':>5} {c.predicted:5d} {c.precision:6.3f} {'-':>6} {'-':>6}")
            continue
        line = (
            f"{label:44} {c.gold:5d} {c.predicted:5d} {c.precision:6.3f} {c.recall:6.3f} "
            f"{c.f1:6.3f}"
        )
        if value and c.values_right:
            line += f" {c.value_accuracy:6.3f}"
        print(line)


def print_errors(rows: Sequence[tuple[str, Counts]]) -> None:
    for label, c in rows:
        for error in c.errors:
            print(f"[{label}] {error}")


# --- coreference metrics -----------------------------------------------------------------------


@dataclass(frozen=True)
class PRF:
    precision: float
    recall: float

    @property
    def f1(self) -> float:
        return f1(self.precision, self.recall)


def _muc_side(a: Sequence[Cluster], b: Sequence[Cluster]) -> tuple[int, int]:
    where = {m: i for i, cluster in enumerate(b) for m in cluster}
    num = den = 0
    for cluster in a:
        parts = {where.get(m, ("missing", m)) for m in cluster}
        num += len(cluster) - len(parts)
        den += len(cluster) - 1
    return num, den


def muc(key: Sequence[Cluster], response: Sequence[Cluster]) -> PRF:
    """MUC: links kept. Singletons carry no link, so they count for nothing."""
    r_num, r_den = _muc_side(key, response)
    p_num, p_den = _muc_side(response, key)
    return PRF(p_num / p_den if p_den else 0.0, r_num / r_den if r_den else 0.0)


def _b_cubed_side(a: Sequence[Cluster], b: Sequence[Cluster]) -> float:
    where = {m: i for i, cluster in enumerate(b) for m in cluster}
    total = sum(len(c) for c in a)
    score = 0.0
    for cluster in a:
        shared: dict[int, int] = defaultdict(int)
        for m in cluster:
            if m in where:
                shared[where[m]] += 1
        score += sum(n * n for n in shared.values()) / len(cluster)
    return score / total if total else 0.0


def b_cubed(key: Sequence[Cluster], response: Sequence[Cluster]) -> PRF:
    return PRF(_b_cubed_side(response, key), _b_cubed_side(key, response))


def max_assignment(weights: Sequence[Sequence[float]]) -> float:
    """The largest total weight of a one-to-one assignment of rows to columns
    (Kuhn-Munkres, O(n^2 m); weights must be non-negative)."""
    if not weights or not weights[0]:
        return 0.0
    matrix = [list(row) for row in weights]
    if len(matrix) > len(matrix[0]):
        matrix = [list(col) for col in zip(*matrix, strict=True)]
    n, m = len(matrix), len(matrix[0])
    inf = float("inf")
    u = [0.0] * (n + 1)
    v = [0.0] * (m + 1)
    owner = [0] * (m + 1)  # column -> row (1-based), 0 = free
    way = [0] * (m + 1)
    for i in range(1, n + 1):
        owner[0] = i
        j0 = 0
        minv = [inf] * (m + 1)
        used = [False] * (m + 1)
        while True:
            used[j0] = True
            i0, delta, j1 = owner[j0], inf, 0
            for j in range(1, m + 1):
                if not used[j]:
                    cur = -matrix[i0 - 1][j - 1] - u[i0] - v[j]
                    if cur < minv[j]:
                        minv[j], way[j] = cur, j0
                    if minv[j] < delta:
                        delta, j1 = minv[j], j
            for j in range(m + 1):
                if used[j]:
                    u[owner[j]] += delta
                    v[j] -= delta
                else:
                    minv[j] -= delta
            j0 = j1
            if owner[j0] == 0:
                break
        while j0:
            j1 = way[j0]
            owner[j0] = owner[j1]
            j0 = j1
    return sum(matrix[owner[j] - 1][j - 1] for j in range(1, m + 1) if owner[j])


def _components(
    key: Sequence[Cluster], response: Sequence[Cluster]
) -> list[tuple[list[int], list[int]]]:
    """Groups of key and response clusters linked by shared mentions (the alignment of
    one group never helps another, so each is solved alone)."""
    parent = list(range(len(key) + len(response)))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    where = {m: i for i, cluster in enumerate(key) for m in cluster}
    for j, cluster in enumerate(response):
        for m in cluster:
            if m in where:
                parent[find(len(key) + j)] = find(where[m])
    groups: dict[int, tuple[list[int], list[int]]] = defaultdict(lambda: ([], []))
    for i in range(len(key)):
        groups[find(i)][0].append(i)
    for j in range(len(response)):
        groups[find(len(key) + j)][1].append(j)
    return [g for g in groups.values() if g[0] and g[1]]


def ceaf_e(key: Sequence[Cluster], response: Sequence[Cluster]) -> PRF:
    """Entity-based CEAF with phi4 similarity."""
    total = 0.0
    for ks, rs in _components(key, response):
        weights = [
            [2 * len(key[i] & response[j]) / (len(key[i]) + len(response[j])) for j in rs]
            for i in ks
        ]
        total += max_assignment(weights)
    return PRF(total / len(response) if response else 0.0, total / len(key) if key else 0.0)


def clusters(assignment: dict[Hashable, Hashable]) -> list[Cluster]:
    """mention -> cluster label, as a list of clusters."""
    grouped: dict[Hashable, set[Hashable]] = defaultdict(set)
    for mention, label in assignment.items():
        grouped[label].add(mention)
    return [frozenset(c) for c in grouped.values()]


@dataclass(frozen=True)
class CorefScores:
    muc: PRF
    b_cubed: PRF
    ceaf_e: PRF

    @property
    def conll_f1(self) -> float:
        return (self.muc.f1 + self.b_cubed.f1 + self.ceaf_e.f1) / 3


def coref_scores(key: Sequence[Cluster], response: Sequence[Cluster]) -> CorefScores:
    return CorefScores(muc(key, response), b_cubed(key, response), ceaf_e(key, response))


# --- MEANTIME ----------------------------------------------------------------------------------


@dataclass
class MeantimeScores:
    documents: int = 0
    entities: Counts = field(default_factory=Counts)
    mentions: Counts = field(default_factory=Counts)
    dates: Counts = field(default_factory=Counts)
    date_values: Counts = field(default_factory=Counts)
    date_calendar: Counts = field(default_factory=Counts)

    def rows(self) -> list[tuple[str, Counts]]:
        return [
            ("people (entities, by name)", self.entities),
            ("people (mentions, overlap)", self.mentions),
            ("dates (extent, overlap)", self.dates),
            ("dates (value: overlap and same value)", self.date_values),
            ("dates (value, gold a day/month/year only)", self.date_calendar),
        ]


def person_name_key(name: str) -> str:
    """A gold or casefile person name for comparison: no parenthesised note, case-folded,
    whitespace collapsed."""
    name = re.sub(r"\s*\([^)]*\)", "", name.replace("_", " "))
    return " ".join(name.split()).casefold()


def meantime_published(dct: str | None) -> dt.date | None:
    """The document creation time: ISO, or day first in ``DD-MM-YYYY``."""
    if not dct:
        return None
    if re.fullmatch(r"\d{2}-\d{2}-\d{4}", dct):
        day, month, year = dct.split("-")
        return dt.date(int(year), int(month), int(day))
    return dt.date.fromisoformat(dct)


def date_line(text: str) -> Span:
    """Line 2 of a MEANTIME text, the Wikinews date line."""
    first = text.find("\n")
    if first < 0:
        return (len(text), len(text))
    second = text.find("\n", first + 1)
    return (first + 1, second if second >= 0 else len(text))


NAME_SUFFIXES = {"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"}


def surname(name: str) -> str | None:
    words = [w for w in person_name_key(name).split() if w not in NAME_SUFFIXES]
    return words[-1] if words else None


def named_gold_mentions(entities: dict[str, Any]) -> tuple[list[dict[str, Any]], list[Span]]:
    """The gold name mentions of persons with a proper name, and every other person
    mention's span. A name mention holds the person's surname (the NAM tag is unreliable:
    "the White House Press Secretary" has it, "Chris Weafer" has none); of nested
    name mentions of one person ("Steve Jobs" inside "Steve Jobs, founder of Apple") only
    the innermost counts."""
    surnames = {
        p["entity_id"]: surname(p["name"])
        for p in entities["persons"]
        if p["has_proper_name_mention"]
    }
    named: list[dict[str, Any]] = []
    other: list[dict[str, Any]] = []
    for m in entities["mentions"]:
        last = surnames.get(m["entity_id"])
        is_name = last is not None and re.search(rf"\b{re.escape(last)}\b", m["text"].casefold())
        (named if is_name else other).append(m)
    innermost = [
        m
        for m in named
        if not any(
            n is not m
            and n["entity_id"] == m["entity_id"]
            and m["start"] <= n["start"]
            and n["end"] <= m["end"]
            and (n["start"], n["end"]) != (m["start"], m["end"])
            for n in named
        )
    ]
    outer = [(m["start"], m["end"]) for m in named if m not in innermost]
    return innermost, [(m["start"], m["end"]) for m in other] + outer


def score_meantime_people(
    x: Extraction, entities: dict[str, Any], scores: MeantimeScores, name: str
) -> None:
    wanted = {
        person_name_key(p["name"]) for p in entities["persons"] if p["has_proper_name_mention"]
    }
    wanted.discard("")
    got = {person_name_key(p.name) for p in x.people}
    c = scores.entities
    c.predicted += len(got)
    c.gold += len(wanted)
    c.add_matches(len(got & wanted))
    c.errors += [f"{name}: extra person {n!r}" for n in sorted(got - wanted)]
    c.errors += [f"{name}: missed person {n!r}" for n in sorted(wanted - got)]

    named, other = named_gold_mentions(entities)
    gold_spans = [(m["start"], m["end"]) for m in named]
    predicted = sorted({(m.start, m.end): m.text for p in x.people for m in p.mentions}.items())
    matched = {i: j for i, j in greedy_match([s for s, _ in predicted], gold_spans)}
    c = scores.mentions
    c.gold += len(gold_spans)
    for i, (span, text) in enumerate(predicted):
        if i in matched:
            c.predicted += 1
            c.add_matches(1)
        elif any(overlaps(span, o) for o in other) or any(overlaps(span, g) for g in gold_spans):
            c.ignored += 1  # an unnamed person mention, or a second piece of a named one
        else:
            c.predicted += 1
            c.errors.append(f"{name}: extra mention {text!r} at {span[0]}")
    found = set(matched.values())
    c.errors += [
        f"{name}: missed mention {m['text']!r} at {m['start']}"
        for j, m in enumerate(named)
        if j not in found
    ]


def score_meantime_dates(
    x: Extraction, timex: dict[str, Any], scores: MeantimeScores, name: str, text: str
) -> None:
    line = date_line(text)
    timexes = [
        t
        for t in timex["timexes"]
        if t.get("functionInDocument") != "CREATION_TIME"
        and not overlaps(line, (t["start"], t["end"]))
    ]
    gold = [t for t in timexes if t["type"] == "DATE"]
    times = [(t["start"], t["end"]) for t in timexes if t["type"] == "TIME"]
    gold_spans = [(t["start"], t["end"]) for t in gold]
    predicted = []
    for d in x.dates:
        span = (d.start, d.end)
        if d.kind != "date" or overlaps(span, line):
            continue
        if any(overlaps(span, t) for t in times) and not any(overlaps(span, g) for g in gold_spans):
            scores.dates.ignored += 1
            scores.date_values.ignored += 1
            continue
        predicted.append(d)
    spans = [(d.start, d.end) for d in predicted]
    c = scores.dates
    c.predicted += len(predicted)
    c.gold += len(gold)
    pairs = greedy_match(spans, gold_spans)
    c.add_matches(len(pairs))
    for i, j in pairs:
        d, g = predicted[i], gold[j]
        if d.value == g["value"]:
            c.values_right += 1
        else:
            c.errors.append(f"{name}: {d.text!r} -> {d.value}, gold {g['text']!r} -> {g['value']}")
    matched_p = {i for i, _ in pairs}
    matched_g = {j for _, j in pairs}
    c.errors += [
        f"{name}: extra date {d.text!r}" for i, d in enumerate(predicted) if i not in matched_p
    ]
    c.errors += [
        f"{name}: missed date {g['text']!r} ({g['value']})"
        for j, g in enumerate(gold)
        if j not in matched_g
    ]
    # value: overlap and the same value, its own one-to-one matching
    v = scores.date_values
    v.predicted += len(predicted)
    v.gold += len(gold)
    v.add_matches(value_matches(predicted, gold))
    # the same over the gold values casefile can express (a day, a month or a year)
    expressible = [g for g in gold if CALENDAR_VALUE.fullmatch(g["value"])]
    other = [(g["start"], g["end"]) for g in gold if not CALENDAR_VALUE.fullmatch(g["value"])]
    kept = [d for d in predicted if not any(overlaps((d.start, d.end), o) for o in other)]
    e = scores.date_calendar
    e.predicted += len(kept)
    e.ignored += len(predicted) - len(kept)
    e.gold += len(expressible)
    e.add_matches(value_matches(kept, expressible))


def value_matches(predicted: Sequence[TemporalExpression], gold: Sequence[dict[str, Any]]) -> int:
    """How many predictions pair one-to-one (greedy) with an overlapping gold expression of
    the same value."""
    used: set[int] = set()
    for d in predicted:
        hit = next(
            (
                j
                for j, g in enumerate(gold)
                if j not in used
                and d.value == g["value"]
                and overlaps((d.start, d.end), (g["start"], g["end"]))
            ),
            None,
        )
        if hit is not None:
            used.add(hit)
    return len(used)


def meantime_documents(limit: int | None) -> list[Path]:
    return sorted((MEANTIME / "timex").glob("*.txt"))[:limit]


def score_meantime(limit: int | None = None) -> MeantimeScores | None:
    """Scores over MEANTIME, or None when the corpus is absent."""
    if not (MEANTIME / "timex").is_dir():
        return None
    paths = meantime_documents(limit)
    texts = [p.read_text(encoding="utf-8") for p in paths]
    docs = parse_many(load_nlp(), texts)
    outlets = load_outlets()
    scores = MeantimeScores(documents=len(paths))
    for path, text, doc in zip(paths, texts, docs, strict=True):
        timex = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
        entities_path = MEANTIME / "entities" / path.with_suffix(".json").name
        entities = json.loads(entities_path.read_text(encoding="utf-8"))
        x = extract_doc(doc, meantime_published(timex["dct"]), outlets)
        score_meantime_people(x, entities, scores, path.stem)
        score_meantime_dates(x, timex, scores, path.stem, text)
    return scores


def report_meantime(limit: int | None = None, verbose: bool = False) -> None:
    scores = score_meantime(limit)
    if scores is None:
        print(f"MEANTIME: skipped, {MEANTIME} not found")
        return
    print()
    print_table(
        f"MEANTIME: {scores.documents} Wikinews articles (annotated window; dct as published)",
        scores.rows(),
        value=True,
    )
    ignored = scores.mentions.ignored
    print(
        f"people: named gold persons and their name mentions; {ignored} casefile mentions "
        "overlapping only unnamed gold person mentions left out"
    )
    print(
        "dates: DATE timexes without the date line, the document date as anchor; value = same "
        f"TimeML value; {scores.dates.ignored} predictions on TIME left out; "
        "value column: share of extent matches with the gold value"
    )
    if verbose:
        print_errors(scores.rows())


# --- ECB+ --------------------------------------------------------------------------------------


@dataclass
class EcbDocument:
    doc_id: str
    topic: str
    text: str
    gold: dict[str, Any]
    published: dt.date | None

    def sentence_of(self, offset: int) -> int | None:
        for number, start, end in self.gold["sentences"]:
            if start <= offset < end:
                return int(number)
        return None

    def sentence_span(self, number: int) -> Span:
        for n, start, end in self.gold["sentences"]:
            if n == number:
                return (start, end)
        raise KeyError(number)

    def listed(self, number: int | None) -> bool:
        return number is not None and number in self.gold["coref_sentences"]


def mention_pieces(m: dict[str, Any]) -> list[Span]:
    """The contiguous pieces of a gold mention (discontinuous ones list them)."""
    return [(s, e) for s, e in m.get("spans") or [(m["start"], m["end"])]]


def mention_overlaps(m: dict[str, Any], span: Span) -> bool:
    return any(overlaps(piece, span) for piece in mention_pieces(m))


def is_action(m: dict[str, Any]) -> bool:
    return str(m["type"]).startswith("ACTION_")


def _doc_key(path: Path) -> tuple[int, int]:
    topic, number = path.stem.removesuffix("ecbplus").split("_")
    return int(topic), int(number)


def ecb_documents(limit: int | None) -> list[EcbDocument]:
    docs = []
    for path in sorted(ECBPLUS.glob("*.json"), key=_doc_key)[:limit]:
        gold = json.loads(path.read_text(encoding="utf-8"))
        published = dt.date.fromisoformat(gold["published"]) if gold.get("published") else None
        text = path.with_suffix(".txt").read_text(encoding="utf-8")
        docs.append(EcbDocument(gold["doc"], str(gold["topic"]), text, gold, published))
    return docs


@dataclass
class EcbScores:
    documents: int = 0
    topics: int = 0
    events: Counts = field(default_factory=Counts)
    by_type: dict[str, Counts] = field(default_factory=lambda: defaultdict(Counts))
    support: Counts = field(default_factory=Counts)
    unscored_participants: int = 0
    grouping: dict[str, CorefScores] = field(default_factory=dict)
    grouping_counts: dict[str, tuple[int, int, int]] = field(default_factory=dict)
    grouping_errors: list[str] = field(default_factory=list)


def trigger_lemma(doc: Doc, span: Span) -> str:
    words = doc.char_span(span[0], span[1], alignment_mode="expand")
    if words is None:
        return doc.text[span[0] : span[1]].casefold()
    return " ".join(t.lemma_.casefold() for t in words)


def score_ecb_events(d: EcbDocument, x: Extraction, scores: EcbScores) -> None:
    actions = [m for m in d.gold["actions"] if d.listed(m["sentence"])]
    gold_events = [m for m in actions if is_action(m)]
    triggers = [
        (t, e.event_type) for e in x.events for t in e.triggers if d.listed(d.sentence_of(t[0]))
    ]
    c = scores.events
    for span, event_type in triggers:
        right = any(mention_overlaps(m, span) for m in gold_events)
        c.predicted += 1
        t = scores.by_type[event_type]
        t.predicted += 1
        if right:
            c.predicted_right += 1
            t.predicted_right += 1
        else:
            negated = any(mention_overlaps(m, span) for m in actions if not is_action(m))
            why = " (a negated action)" if negated else ""
            c.errors.append(
                f"{d.doc_id}: extra {event_type} trigger {d.text[span[0] : span[1]]!r}{why}"
            )
    all_triggers = [t for e in x.events for t in e.triggers]
    for m in gold_events:
        if m["type"] != "ACTION_OCCURRENCE":
            continue
        c.gold += 1
        if any(mention_overlaps(m, t) for t in all_triggers):
            c.gold_found += 1
        else:
            c.errors.append(f"{d.doc_id}: missed {m['text']!r}")


def score_ecb_participants(d: EcbDocument, x: Extraction, scores: EcbScores) -> None:
    people = {p.name: p for p in x.people}
    persons = [m for m in d.gold["participants"] if m["type"] == "HUMAN_PART_PER"]
    seen: set[tuple[int, int, str]] = set()
    for index, event in enumerate(x.events):
        for trigger in event.triggers:
            number = d.sentence_of(trigger[0])
            if number is None or not d.listed(number):
                continue
            sentence = d.sentence_span(number)
            for participant in event.participants:
                key = (index, number, participant.name)
                if key in seen:
                    continue
                seen.add(key)
                person = people.get(participant.name)
                spans = [
                    (m.start, m.end)
                    for m in (person.mentions if person else [])
                    if sentence[0] <= m.start < sentence[1]
                ]
                if not spans:
                    scores.unscored_participants += 1
                    continue
                c = scores.support
                c.predicted += 1
                if any(
                    m["sentence"] == number and mention_overlaps(m, s)
                    for m in persons
                    for s in spans
                ):
                    c.predicted_right += 1
                else:
                    c.errors.append(
                        f"{d.doc_id}: {participant.name!r} ({participant.role}) of "
                        f"{event.event_type} {d.text[trigger[0] : trigger[1]]!r}: no gold person"
                    )


def group_topic(
    docs: Sequence[EcbDocument], extractions: Sequence[Extraction], parsed: Sequence[Doc]
) -> tuple[dict[Hashable, Hashable], dict[Hashable, Hashable], dict[Hashable, Hashable], list[str]]:
    """For one topic: gold mention -> gold chain, -> casefile's merged event, -> baseline
    cluster, over the gold action mentions casefile reports; and notes for --verbose."""
    records = [
        (
            Article(
                article_id=d.doc_id,
                source_file=f"{d.doc_id}.txt",
                body=d.text,
                sha256="",
                published_date=d.published,
            ),
            x,
        )
        for d, x in zip(docs, extractions, strict=True)
    ]
    person_ids, _ = _people(records)
    _, where = _events(records, person_ids)
    key: dict[Hashable, Hashable] = {}
    merged: dict[Hashable, Hashable] = {}
    baseline: dict[Hashable, Hashable] = {}
    notes = []
    for d, x, doc in zip(docs, extractions, parsed, strict=True):
        triggers = sorted((t, i, e.event_type) for i, e in enumerate(x.events) for t in e.triggers)
        for m in d.gold["actions"]:
            if not (is_action(m) and d.listed(m["sentence"])):
                continue
            hit = next(((t, i, kind) for t, i, kind in triggers if mention_overlaps(m, t)), None)
            if hit is None:
                continue
            span, index, event_type = hit
            mention = (d.doc_id, m["m_id"])
            key[mention] = m["chain"] or ("singleton", d.doc_id, m["m_id"])
            event = where.get((d.doc_id, index), (d.doc_id, index))
            merged[mention] = ("event", d.topic, event)
            baseline[mention] = ("lemma", d.topic, event_type, trigger_lemma(doc, span))
            notes.append(
                f"{d.doc_id}: {m['text']!r} gold {m['chain_name'] or 'singleton'} -> "
                f"{event_type} event {event}"
            )
    return key, merged, baseline, notes


TEST_TOPICS = {str(t) for t in range(36, 46)}  # the usual test split (Cybulska & Vossen 2015)


def topic_of(mention: Hashable) -> str:
    """The topic of a mention key (doc id, m_id)."""
    return str(mention[0]).split("_")[0] if isinstance(mention, tuple) else ""


def is_singleton(chain: Hashable) -> bool:
    return isinstance(chain, tuple) and chain[:1] == ("singleton",)


def score_ecbplus(limit: int | None = None) -> EcbScores | None:
    """Scores over ECB+, or None when the corpus is absent."""
    if not ECBPLUS.is_dir():
        return None
    documents = ecb_documents(limit)
    by_topic: dict[str, list[EcbDocument]] = defaultdict(list)
    for d in documents:
        by_topic[d.topic].append(d)
    scores = EcbScores(documents=len(documents), topics=len(by_topic))
    nlp = load_nlp()
    outlets = load_outlets()
    key: dict[Hashable, Hashable] = {}
    merged: dict[Hashable, Hashable] = {}
    baseline: dict[Hashable, Hashable] = {}
    for docs in by_topic.values():
        parsed = parse_many(nlp, [d.text for d in docs])
        extractions = [
            extract_doc(p, d.published, outlets) for d, p in zip(docs, parsed, strict=True)
        ]
        for d, x in zip(docs, extractions, strict=True):
            score_ecb_events(d, x, scores)
            score_ecb_participants(d, x, scores)
        k, m, b, notes = group_topic(docs, extractions, parsed)
        key |= k
        merged |= m
        baseline |= b
        scores.grouping_errors += notes
    settings: dict[str, Callable[[Hashable], bool]] = {
        "with singletons": lambda m: True,
        "without singletons": lambda m: not is_singleton(key[m]),
        "test topics 36-45": lambda m: topic_of(m) in TEST_TOPICS,
    }
    for setting, keep in settings.items():
        mentions = [m for m in key if keep(m)]
        if not mentions:
            continue
        gold = clusters({m: key[m] for m in mentions})
        for name, response in (("casefile merge", merged), ("baseline (type, lemma)", baseline)):
            predicted = clusters({m: response[m] for m in mentions})
            label = f"{name}, {setting}"
            scores.grouping[label] = coref_scores(gold, predicted)
            scores.grouping_counts[label] = (len(mentions), len(gold), len(predicted))
    return scores


def report_ecbplus(limit: int | None = None, verbose: bool = False) -> None:
    scores = score_ecbplus(limit)
    if scores is None:
        print(f"ECB+: skipped, {ECBPLUS} not found")
        return
    print()
    rows = [
        ("events (triggers vs gold actions)", scores.events),
        (SUPPORT, scores.support),
    ]
    print_table(
        f"ECB+: {scores.documents} articles in {scores.topics} topics (coref_sentences only)",
        rows,
    )
    print(
        "events: P over casefile triggers (right = overlaps an ACTION_* mention); R over "
        "ACTION_OCCURRENCE mentions, bounded by casefile's fixed set of event types"
    )
    print(
        "participant support: share of casefile (event, sentence, person) links whose person "
        "overlaps a gold HUMAN_PART_PER in that sentence (ECB+ has no argument links, so "
        f"no recall); {scores.unscored_participants} participants without a mention in the "
        "sentence not scored"
    )
    kinds = ", ".join(
        f"{t} {c.predicted_right}/{c.predicted}" for t, c in sorted(scores.by_type.items())
    )
    print(f"event precision by type (right/triggers): {kinds}")
    print()
    print(
        "ECB+ cross-document event grouping within topics (gold action mentions casefile reports)"
    )
    print(
        f"{'':44} {'ments':>5} {'gold':>5} {'pred':>5}  {'MUC P/R/F1':>17}  {'B3 P/R/F1':>17}  "
        f"{'CEAF-e P/R/F1':>17}  {'CoNLL':>5}"
    )
    for label, s in scores.grouping.items():
        n, gold, predicted = scores.grouping_counts[label]
        parts = "  ".join(
            f"{prf.precision:5.3f}/{prf.recall:5.3f}/{prf.f1:5.3f}"
            for prf in (s.muc, s.b_cubed, s.ceaf_e)
        )
        print(f"{label:44} {n:5d} {gold:5d} {predicted:5d}  {parts}  {s.conll_f1:5.3f}")
    print(
        "ments: mentions scored; gold/pred: clusters; 'without singletons' drops mentions whose "
        "gold chain is null; test topics 36-45 (the usual test split) keep singletons"
    )
    if verbose:
        print_errors(rows)
        for note in scores.grouping_errors:
            print(f"[grouping] {note}")


def run(corpora: Iterable[str], limit: int | None, verbose: bool) -> None:
    for corpus in corpora:
        if corpus == "meantime":
            report_meantime(limit, verbose)
        elif corpus == "ecbplus":
            report_ecbplus(limit, verbose)
