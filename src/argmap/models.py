"""The store's schema: pydantic v2 models, strict and closed.

Every model forbids unknown fields (a misspelt ``qoute:`` fails loudly) and takes
strings as strings: the YAML reader hands over text only, so nothing is coerced.
"""

from __future__ import annotations

from typing import Annotated, Literal, get_args

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints
from pydantic_core import PydanticCustomError

from .reading import leaves_folder

KEY_PATTERN = r"^[a-z0-9][a-z0-9_-]*$"
ID_PATTERN = r"^[a-z0-9][a-z0-9_-]*(\.[a-z0-9][a-z0-9_-]*)+$"
DATE_PATTERN = r"^\d{4}(-\d{2}(-\d{2})?)?$"

Key = Annotated[str, StringConstraints(pattern=KEY_PATTERN)]
ClaimId = Annotated[str, StringConstraints(pattern=ID_PATTERN)]
Text = Annotated[str, StringConstraints(min_length=1)]


def _inside_sources(value: str) -> str:
    why = leaves_folder(value)
    if why is not None:
        raise PydanticCustomError(
            "source_outside", "{source} {why}: a source names a file inside the sources folder",
            {"source": repr(value), "why": why})
    return value


#: A paper's text: a path relative to the sources folder, never leading out of it.
SourcePath = Annotated[str, StringConstraints(min_length=1), AfterValidator(_inside_sources)]

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


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


#: Lint rules a paper or claim may waive, each with the reason (see ``argmap lint``).
Waivers = dict[str, Text]


AuthorKind = Literal["person", "organization"]


class Author(Strict):
    name: Text
    affiliation: Text | None = None
    kind: AuthorKind = Field(
        default="person",
        description="organization: the author is an institution, named by its whole name "
        "rather than a surname")


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
    source: SourcePath | None = Field(default=None, description="file name of the paper's text")
    waive: Waivers = Field(default={}, description="lint rule -> why it does not apply")


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


EventKind = Literal["round", "event", "election"]


class Event(Strict):
    """A dated event the papers discuss (a round of the dialogue, a vote, a strike)."""

    key: Key
    date: Annotated[str, StringConstraints(pattern=DATE_PATTERN)]
    name: Text
    kind: EventKind
    reported_by: list[ClaimId] = Field(
        default=[], description="claims (with their quotes) that report the event")


class Dismissal(Strict):
    """A pair of claims a curator judged unrelated (``argmap suggest`` leaves it out)."""

    a: ClaimId
    b: ClaimId
    reason: Text = Field(description="why the two claims are not related, in one line")


class StoreFile(Strict):
    """One store file; a map is one or more of these merged."""

    papers: list[Paper] = []
    actors: list[Actor] = []
    topics: list[Topic] = []
    claims: list[Claim] = []
    relations: list[Relation] = []
    events: list[Event] = []
    dismissed: list[Dismissal] = Field(
        default=[], description="pairs of claims judged unrelated, each with the reason")
