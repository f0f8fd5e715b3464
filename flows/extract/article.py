"""One article's text -> every record casefile extracts from it (pure)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from flows.extract.citations import find_citations
from flows.extract.dates import find_dates
from flows.extract.events import find_events, undate_after
from flows.extract.nlp import load_nlp, parse
from flows.extract.outlets import OutletIndex, load_outlets
from flows.extract.people import find_people
from flows.extract.records import Extraction

if TYPE_CHECKING:  # spaCy is imported where the pipeline is loaded
    from spacy.language import Language
    from spacy.tokens import Doc


def extract(
    text: str,
    published: dt.date | None = None,
    nlp: Language | None = None,
    outlets: OutletIndex | None = None,
) -> Extraction:
    """People, events, citations and dates of one article body."""
    nlp = nlp or load_nlp()
    return extract_doc(parse(nlp, text), published, outlets)


def extract_doc(
    doc: Doc, published: dt.date | None = None, outlets: OutletIndex | None = None
) -> Extraction:
    """The same, from an already parsed body (for ``nlp.pipe`` over a batch)."""
    outlets = outlets or load_outlets()
    text = doc.text
    sentences = [(s.start_char, s.end_char) for s in doc.sents]
    dates = find_dates(text, published)
    people = find_people(doc, outlets)
    citations = find_citations(text, sentences, dates, people, outlets)
    events, dates = find_events(doc, people, dates, [(c.start, c.end) for c in citations])
    events = undate_after(events, published)
    for citation in citations:
        citation.event_indexes = [
            i
            for i, event in enumerate(events)
            if any(m.start <= citation.start < m.end for m in event.mentions)
        ]
    return Extraction(people=people, events=events, citations=citations, dates=dates)
