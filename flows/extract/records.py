"""The records extraction yields for one article (offsets index the article body)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

# The precisions a published date (event_date, cited_date) can have: ISO 8601 values
# 2024-03-12, 2024-W11, 2024-03, 2024-Q1, 2024 and 202 (the 2020s, reduced precision).
Precision = Literal["day", "week", "month", "quarter", "year", "decade"]
# What a temporal expression's TimeML value can be: a published precision, or a part of a
# day (2024-03-12TMO), a weekend (2024-W11-WE), a season (2024-SU), a half year (2024-H1), a
# century (20: 2000-2099) or a reference (PRESENT_REF, PAST_REF, FUTURE_REF).
Granularity = Literal[
    "part of day",
    "day",
    "weekend",
    "week",
    "month",
    "quarter",
    "season",
    "half",
    "year",
    "decade",
    "century",
    "reference",
]
Resolution = Literal["explicit", "publication-relative", "event-relative"]


@dataclass(frozen=True)
class TemporalExpression:
    """A date-like expression, or a duration (which is never a date)."""

    text: str
    start: int
    end: int
    kind: Literal["date", "duration"]
    value: str | None = None  # TimeML value at `precision`, None where it cannot be resolved
    precision: Granularity | None = None
    date_start: str | None = None  # first day the value covers (None for a reference)
    date_end: str | None = None  # last day the value covers
    resolution: Resolution | None = None
    anchor: str | None = None  # for event-relative expressions: what they are relative to


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    text: str


@dataclass
class Person:
    name: str
    roles: list[str] = field(default_factory=list)
    description: str | None = None
    aliases: list[str] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)


Evidence = Literal["argument", "apposition", "role noun", "pronoun"]


@dataclass(frozen=True)
class Participant:
    name: str
    role: str
    evidence: Evidence = "argument"  # how the person was linked to the event's trigger


@dataclass(frozen=True)
class EventMention:
    start: int
    end: int
    sentence: str
    article_id: str | None = None  # set when articles are merged


@dataclass
class Event:
    event_type: str
    summary: str
    event_date: str | None = None
    date_precision: Precision | None = None
    date_start: str | None = None
    date_end: str | None = None
    date_resolution: Resolution | None = None
    location: str | None = None
    participants: list[Participant] = field(default_factory=list)
    mentions: list[EventMention] = field(default_factory=list)
    triggers: list[tuple[int, int]] = field(default_factory=list)  # the words that report it
    amount: float | None = None  # the sum the trigger names ("a $20 million settlement")
    earlier: bool = False  # "was initially charged": an earlier one than the article's own
    indictment: bool = False  # a grand jury's indictment, not a charge brought otherwise
    later: bool = False  # "died the next day": a death after the harm that caused it


@dataclass
class Citation:
    source: str  # canonical outlet name, or the source's name as written
    source_type: Literal["outlet", "person", "organisation", "document"]
    cue: str
    claim: str
    start: int  # span of the attribution phrase
    end: int
    cited_date: str | None = None
    cited_date_precision: Precision | None = None
    event_indexes: list[int] = field(default_factory=list)  # into Extraction.events


@dataclass
class Extraction:
    people: list[Person] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    citations: list[Citation] = field(default_factory=list)
    dates: list[TemporalExpression] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Extraction:
        return cls(
            people=[
                Person(**{**p, "mentions": [Mention(**m) for m in p["mentions"]]})
                for p in data["people"]
            ],
            events=[
                Event(
                    **{
                        **e,
                        "participants": [Participant(**p) for p in e["participants"]],
                        "mentions": [EventMention(**m) for m in e["mentions"]],
                        "triggers": [(start, end) for start, end in e.get("triggers", [])],
                    }
                )
                for e in data["events"]
            ],
            citations=[Citation(**c) for c in data["citations"]],
            dates=[TemporalExpression(**d) for d in data["dates"]],
        )
