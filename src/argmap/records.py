"""The validated map's records: plain named tuples.

The pydantic models (:mod:`argmap.models`) check a store once; what the rest of
argmap works with are these records, which the parsed-store cache can rebuild
without pydantic or YAML. A test keeps their fields equal to the models'.
"""

from __future__ import annotations

import re
from typing import Any, NamedTuple

from .vocab import SYMMETRIC, period_end


class Author(NamedTuple):
    name: str
    affiliation: str | None = None
    kind: str = "person"


class Paper(NamedTuple):
    key: str
    title: str
    authors: list[Author]
    date: str
    kind: str
    aliases: list[str] = []
    publisher: str | None = None
    date_note: str | None = None
    after: str | None = None
    before: str | None = None
    source: str | None = None
    waive: dict[str, str] = {}

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
        """Each person's surname, lower-cased (``al-faisal``, ``hamid``); organisations have none."""
        return [re.split(r"\s+", a.name.strip())[-1].lower() for a in self.authors
                if a.kind == "person"]

    def organizations(self) -> list[str]:
        """The names of the authors that are organisations."""
        return [a.name for a in self.authors if a.kind == "organization"]


class Actor(NamedTuple):
    key: str
    name: str
    kind: str
    aliases: list[str] = []


class Topic(NamedTuple):
    key: str
    name: str


class Claim(NamedTuple):
    id: str
    paper: str
    kind: str
    text: str
    quote: str
    actor: str | None = None
    topics: list[str] = []
    section: str | None = None
    valence: str | None = None
    waive: dict[str, str] = {}


class Relation(NamedTuple):
    source: str
    target: str
    type: str
    rationale: str | None = None

    @property
    def symmetric(self) -> bool:
        return self.type in SYMMETRIC


class Event(NamedTuple):
    key: str
    date: str
    name: str
    kind: str
    reported_by: list[str] = []


class Dismissal(NamedTuple):
    a: str
    b: str
    reason: str


def paper_from(data: dict[str, Any]) -> Paper:
    return Paper(**{**data, "authors": [Author(**a) for a in data["authors"]]})


# Named tuples are cheap to define and to build, which matters to a command that
# answers in a few tens of milliseconds; their list and dict defaults are never
# mutated (records are read-only once built).
