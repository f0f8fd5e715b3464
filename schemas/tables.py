"""One pandera DataFrameModel per published table: the single description of every column.

The data dictionary, ``datapackage.json``'s Table Schemas and the Parquet types are
generated from these models (``schemas.describe``); nothing else describes a column.
"""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from schemas import checks
from schemas.vocabularies import (
    DATE_PRECISIONS,
    DATE_RESOLUTIONS,
    EVENT_TYPES,
    PARTICIPANT_EVIDENCE,
    PARTICIPANT_ROLES,
    SOURCE_TYPES,
)

ID = r"^[a-z]{3}-[0-9a-f]{12}$"
ISO_DAY = r"^\d{4}-\d{2}-\d{2}$"
SHA256 = r"^[0-9a-f]{64}$"
# a day, month or year; or an ISO week, a quarter or a decade (ISO 8601 reduced precision)
PARTIAL_DATE = r"^(?:\d{4}(?:-\d{2}(?:-\d{2})?)?|\d{4}-(?:W\d{2}|Q[1-4])|\d{3})$"


class Table(pa.DataFrameModel):
    class Config:
        strict = True
        coerce = True


class Articles(Table):
    """One row per source article in raw/."""

    article_id: Series[str] = pa.Field(
        unique=True, str_matches=ID, description="Stable id: a hash of the article's body."
    )
    source_file: Series[str] = pa.Field(description="File name of the article in raw/.")
    title: Series[str] = pa.Field(nullable=True, description="Headline, from the front matter.")
    outlet: Series[str] = pa.Field(nullable=True, description="Publisher of the article.")
    url: Series[str] = pa.Field(nullable=True, description="Where the article was published.")
    published_date: Series[str] = pa.Field(
        nullable=True,
        str_matches=ISO_DAY,
        description="Publication date (YYYY-MM-DD); anchors relative dates in the text.",
    )
    sha256: Series[str] = pa.Field(
        str_matches=SHA256, description="SHA-256 of the raw file's bytes."
    )
    word_count: Series[pd.Int64Dtype] = pa.Field(ge=1, description="Words in the article body.")

    class Config:
        title = "Articles"
        description = "The source articles the datasets were extracted from."


class People(Table):
    """One row per real person, however many articles name them."""

    person_id: Series[str] = pa.Field(
        unique=True,
        str_matches=ID,
        description=(
            "Stable id: a hash of the person's fullest name, case-folded, hyphens as spaces"
            " and a nickname as its given name ('Dave Lopez-Grant' -> 'david lopez grant');"
            " a relative named by a given name only: of the name and the relation,"
            " 'maggie (wife of thomas varga)'."
        ),
    )
    name: Series[str] = pa.Field(
        str_length={"min_value": 1}, description="Full name as the articles give it."
    )
    aliases: Series[object] = pa.Field(
        is_list_of_text={"min_items": 0},
        description="Other forms of the name used in the text (list).",
    )
    roles: Series[object] = pa.Field(
        is_list_of_text={"min_items": 0},
        description="Short lower-case roles the text gives the person, e.g. director (list).",
    )
    description: Series[str] = pa.Field(
        nullable=True, description="Descriptors that are not roles, e.g. Ukrainian-born; widower."
    )
    mention_count: Series[pd.Int64Dtype] = pa.Field(ge=1, description="Mentions in all articles.")

    class Config:
        title = "People"
        description = "The people named in the articles, with their roles."


class PersonMentions(Table):
    """One row per mention of a person in an article."""

    person_id: Series[str] = pa.Field(str_matches=ID, description="The person mentioned.")
    article_id: Series[str] = pa.Field(str_matches=ID, description="The article.")
    char_start: Series[pd.Int64Dtype] = pa.Field(
        ge=0, description="Offset of the mention's first character in the body (code points)."
    )
    char_end: Series[pd.Int64Dtype] = pa.Field(
        ge=1, description="Offset just past the mention's last character."
    )
    text: Series[str] = pa.Field(str_length={"min_value": 1}, description="The mention as written.")

    @pa.dataframe_check(name="char_start_before_char_end")
    def _start_before_end(cls, df: pd.DataFrame) -> pd.Series:
        return df["char_start"] < df["char_end"]

    class Config:
        title = "Person mentions"
        description = "Where each person is named, by article and offset."
        unique = ["article_id", "char_start", "char_end"]


class Events(Table):
    """One row per real-world event, however often it is reported."""

    event_id: Series[str] = pa.Field(
        unique=True, str_matches=ID, description="Stable id: a hash of type, date and people."
    )
    event_type: Series[str] = pa.Field(
        isin=list(EVENT_TYPES), description="What happened, from the event-type vocabulary."
    )
    event_date: Series[str] = pa.Field(
        nullable=True,
        str_matches=PARTIAL_DATE,
        description="When, at the precision the text gives (YYYY-MM-DD, YYYY-Www, YYYY-MM, "
        "YYYY-Qn, YYYY, YYY for a decade); null when the text gives no date. Never a report's "
        "date.",
    )
    date_precision: Series[str] = pa.Field(
        nullable=True, isin=list(DATE_PRECISIONS), description="Precision of event_date."
    )
    date_start: Series[str] = pa.Field(
        nullable=True, str_matches=ISO_DAY, description="First day event_date covers."
    )
    date_end: Series[str] = pa.Field(
        nullable=True, str_matches=ISO_DAY, description="Last day event_date covers."
    )
    date_resolution: Series[str] = pa.Field(
        nullable=True, isin=list(DATE_RESOLUTIONS), description="How event_date was found."
    )
    summary: Series[str] = pa.Field(
        str_length={"min_value": 1}, description="One clause from the text that reports it."
    )
    location: Series[str] = pa.Field(nullable=True, description="Where, as the text names it.")
    outlet_count: Series[pd.Int64Dtype] = pa.Field(
        ge=0, description="Distinct outlets behind it: publishers and cited outlets."
    )
    mention_count: Series[pd.Int64Dtype] = pa.Field(ge=1, description="Sentences reporting it.")

    @pa.dataframe_check(name="date_matches_precision")
    def _date_matches_precision(cls, df: pd.DataFrame) -> pd.Series:
        return checks.date_matches_precision(df)

    @pa.dataframe_check(name="date_start_not_after_date_end")
    def _start_not_after_end(cls, df: pd.DataFrame) -> pd.Series:
        return checks.range_is_ordered(df)

    class Config:
        title = "Events"
        description = "What happened and when: one row per real event."


class EventMentions(Table):
    """One row per sentence that reports an event."""

    event_id: Series[str] = pa.Field(str_matches=ID, description="The event reported.")
    article_id: Series[str] = pa.Field(str_matches=ID, description="The article.")
    char_start: Series[pd.Int64Dtype] = pa.Field(ge=0, description="Offset of the sentence.")
    char_end: Series[pd.Int64Dtype] = pa.Field(ge=1, description="Offset just past it.")
    sentence: Series[str] = pa.Field(
        str_length={"min_value": 1}, description="The sentence as written."
    )

    @pa.dataframe_check(name="char_start_before_char_end")
    def _start_before_end(cls, df: pd.DataFrame) -> pd.Series:
        return df["char_start"] < df["char_end"]

    class Config:
        title = "Event mentions"
        description = "The sentences that report each event."
        unique = ["event_id", "article_id", "char_start"]


class EventParticipants(Table):
    """One row per person taking part in an event."""

    event_id: Series[str] = pa.Field(str_matches=ID, description="The event.")
    person_id: Series[str] = pa.Field(str_matches=ID, description="The person.")
    role: Series[str] = pa.Field(
        isin=list(PARTICIPANT_ROLES), description="Their part in it, from the role vocabulary."
    )
    evidence: Series[str] = pa.Field(
        isin=list(PARTICIPANT_EVIDENCE),
        description="How the text links the person to the event, from the evidence vocabulary: "
        "'argument' and 'apposition' are direct, 'role noun' and 'pronoun' resolve a reference "
        "(filter on these two for direct links only).",
    )

    class Config:
        title = "Event participants"
        description = "Who took part in each event, and how."
        unique = ["event_id", "person_id"]


class Citations(Table):
    """One row per attribution of a claim to a source."""

    citation_id: Series[str] = pa.Field(
        unique=True, str_matches=ID, description="Stable id: a hash of article and offsets."
    )
    article_id: Series[str] = pa.Field(str_matches=ID, description="The citing article.")
    source: Series[str] = pa.Field(
        str_length={"min_value": 1},
        description="Who the claim is attributed to: an outlet's canonical name, else as written.",
    )
    source_type: Series[str] = pa.Field(
        isin=list(SOURCE_TYPES), description="Kind of source, from the source-type vocabulary."
    )
    outlet: Series[str] = pa.Field(
        nullable=True, description="The outlet's canonical name when the source is an outlet."
    )
    cited_date: Series[str] = pa.Field(
        nullable=True,
        str_matches=PARTIAL_DATE,
        description="Date the text gives for the source's report, at its precision; else null.",
    )
    cited_date_precision: Series[str] = pa.Field(
        nullable=True, isin=list(DATE_PRECISIONS), description="Precision of cited_date."
    )
    cue: Series[str] = pa.Field(
        str_length={"min_value": 1}, description="The attribution words, e.g. according to."
    )
    claim: Series[str] = pa.Field(str_length={"min_value": 1}, description="The attributed clause.")
    char_start: Series[pd.Int64Dtype] = pa.Field(
        ge=0, description="Offset of the attribution phrase in the body."
    )
    char_end: Series[pd.Int64Dtype] = pa.Field(ge=1, description="Offset just past it.")

    @pa.dataframe_check(name="char_start_before_char_end")
    def _start_before_end(cls, df: pd.DataFrame) -> pd.Series:
        return df["char_start"] < df["char_end"]

    @pa.dataframe_check(name="date_matches_precision")
    def _date_matches_precision(cls, df: pd.DataFrame) -> pd.Series:
        return checks.date_matches_precision(df, "cited_date", "cited_date_precision")

    class Config:
        title = "Citations"
        description = "Which source each claim is attributed to, and when it said so."


class CitationEvents(Table):
    """One row per event a citation supports."""

    citation_id: Series[str] = pa.Field(str_matches=ID, description="The citation.")
    event_id: Series[str] = pa.Field(str_matches=ID, description="An event its claim reports.")

    class Config:
        title = "Citation events"
        description = "The events each citation's claim reports."
        unique = ["citation_id", "event_id"]


# Published tables, in publishing order, with their primary and foreign keys.
TABLES: dict[str, type[Table]] = {
    "articles": Articles,
    "people": People,
    "person_mentions": PersonMentions,
    "events": Events,
    "event_mentions": EventMentions,
    "event_participants": EventParticipants,
    "citations": Citations,
    "citation_events": CitationEvents,
}
PRIMARY_KEYS: dict[str, list[str]] = {
    "articles": ["article_id"],
    "people": ["person_id"],
    "person_mentions": ["article_id", "char_start", "char_end"],
    "events": ["event_id"],
    "event_mentions": ["event_id", "article_id", "char_start"],
    "event_participants": ["event_id", "person_id"],
    "citations": ["citation_id"],
    "citation_events": ["citation_id", "event_id"],
}
# (table, column) -> (referenced table, referenced column)
FOREIGN_KEYS: dict[tuple[str, str], tuple[str, str]] = {
    ("person_mentions", "person_id"): ("people", "person_id"),
    ("person_mentions", "article_id"): ("articles", "article_id"),
    ("event_mentions", "event_id"): ("events", "event_id"),
    ("event_mentions", "article_id"): ("articles", "article_id"),
    ("event_participants", "event_id"): ("events", "event_id"),
    ("event_participants", "person_id"): ("people", "person_id"),
    ("citations", "article_id"): ("articles", "article_id"),
    ("citation_events", "citation_id"): ("citations", "citation_id"),
    ("citation_events", "event_id"): ("events", "event_id"),
}
