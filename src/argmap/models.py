"""The store's data model: pydantic v2 models, strict and closed.

Every model forbids unknown fields (a misspelt ``qoute:`` fails loudly) and takes
strings as strings: the YAML reader hands over text only, so nothing is coerced.
"""

from __future__ import annotations

import re
from typing import Annotated, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

KEY_PATTERN = r"^[a-z0-9][a-z0-9_-]*$"
ID_PATTERN = r"^[a-z0-9][a-z0-9_-]*(\.[a-z0-9][a-z0-9_-]*)+$"
DATE_PATTERN = r"^\d{4}(-\d{2}(-\d{2})?)?$"

Key = Annotated[str, StringConstraints(pattern=KEY_PATTERN)]
ClaimId = Annotated[str, StringConstraints(pattern=ID_PATTERN)]
Text = Annotated[str, StringConstraints(min_length=1)]

ClaimKind = Literal[
    "thesis", "claim", "fact", "goal", "scenario", "condition",
    "consequence", "recommendation", "prediction", "question",
]
Valence = Literal["benefit", "cost", "harm"]
RelationType = Literal[
    "supports", "attacks", "agrees", "conflicts", "depends_on", "leads_to",
    "answers", "confirms", "refutes",
]
PaperKind = Literal["study", "analysis", "article", "opinion", "report", "book", "other"]
ActorKind = Literal[
    "state", "sub-state", "non-state", "institution", "organization",
    "alliance", "group", "person",
]

CLAIM_KINDS: tuple[str, ...] = get_args(ClaimKind)
RELATION_TYPES: tuple[str, ...] = get_args(RelationType)
VALENCES: tuple[str, ...] = get_args(Valence)
#: Relations that read the same in both directions; stored and counted once.
SYMMETRIC: frozenset[str] = frozenset({"agrees", "conflicts"})

#: How each relation type reads, from the ``from`` claim's side and the ``to`` claim's side.
RELATION_WORDING: dict[str, tuple[str, str]] = {
    "supports": ("supports", "supported by"),
    "attacks": ("attacks", "attacked by"),
    "agrees": ("agrees with", "agrees with"),
    "conflicts": ("conflicts with", "conflicts with"),
    "depends_on": ("depends on", "required by"),
    "leads_to": ("leads to", "follows from"),
    "answers": ("answers", "answered by"),
    "confirms": ("confirms", "confirmed by"),
    "refutes": ("refutes", "refuted by"),
}


def period_end(date: str) -> str:
    """A sortable stand-in for the end of the period a date names ("2021-07" -> "2021-07-99")."""
    return date + "-99" * (2 - date.count("-"))


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


#: Lint rules a paper or claim may waive, each with the reason (see ``argmap lint``).
Waivers = dict[str, Text]


class Author(Strict):
    name: Text
    affiliation: Text | None = None


class Paper(Strict):
    key: Key
    title: Text
    authors: list[Author] = Field(min_length=1)
    aliases: list[Text] = []
    publisher: Text | None = None
    date: Annotated[str, StringConstraints(pattern=DATE_PATTERN)]
    date_note: Text | None = None
    after: Annotated[str, StringConstraints(pattern=DATE_PATTERN)] | None = Field(
        default=None, description="for an imprecise date: written after this date")
    before: Annotated[str, StringConstraints(pattern=DATE_PATTERN)] | None = Field(
        default=None, description="for an imprecise date: written before this date")
    kind: PaperKind
    source: Text | None = Field(default=None, description="file name of the paper's text")
    waive: Waivers = Field(default={}, description="lint rule -> why it does not apply")

    @property
    def date_precision(self) -> str:
        """``year``, ``month`` or ``day``: how much of the date is known."""
        return ("year", "month", "day")[self.date.count("-")]

    def timeline_key(self) -> tuple[str, int]:
        """Where the paper sits among dated events: after ``after``, else before ``before``."""
        if self.after:
            return (period_end(self.after), 2)
        if self.before:
            return (period_end(self.before), 0)
        return (period_end(self.date), 2)

    def surnames(self) -> list[str]:
        """Each author's surname, lower-cased (``al-faisal``, ``hamid``)."""
        return [re.split(r"\s+", a.name.strip())[-1].lower() for a in self.authors]


class Actor(Strict):
    key: Key
    name: Text
    kind: ActorKind
    aliases: list[Text] = []


class Topic(Strict):
    key: Key
    name: Text


class Claim(Strict):
    id: ClaimId
    paper: Key
    kind: ClaimKind
    text: Text = Field(description="a paraphrase, in the curator's words")
    quote: Text = Field(description="a short verbatim quote from the paper")
    actor: Key | None = Field(
        default=None,
        description="whose goal, position or scenario; to whom a recommendation is "
        "addressed; for whom a consequence is a benefit, cost or harm",
    )
    topics: list[Key] = []
    section: Text | None = Field(default=None, description="the paper's section heading")
    valence: Valence | None = Field(default=None, description="consequences only")
    waive: Waivers = Field(default={}, description="lint rule -> why it does not apply")


class Relation(Strict):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, populate_by_name=True)

    source: ClaimId = Field(alias="from")
    target: ClaimId = Field(alias="to")
    type: RelationType
    rationale: Text | None = None

    @property
    def symmetric(self) -> bool:
        return self.type in SYMMETRIC


EventKind = Literal["round", "event", "election"]


class Event(Strict):
    """A dated event the papers discuss (a round of the dialogue, a vote, a strike)."""

    key: Key
    date: Annotated[str, StringConstraints(pattern=DATE_PATTERN)]
    name: Text
    kind: EventKind
    reported_by: list[ClaimId] = Field(
        default=[], description="claims (with their quotes) that report the event")


class StoreFile(Strict):
    """One store file; a map is one or more of these merged."""

    papers: list[Paper] = []
    actors: list[Actor] = []
    topics: list[Topic] = []
    claims: list[Claim] = []
    relations: list[Relation] = []
    events: list[Event] = []
