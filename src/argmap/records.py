"""The validated map's records: plain, slotted dataclasses.

The pydantic models (:mod:`argmap.models`) check a store once; what the rest of
argmap works with are these records, which the parsed-store cache can rebuild
without pydantic or YAML. A test keeps their fields equal to the models'.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from .vocab import SYMMETRIC, period_end


@dataclass(frozen=True, slots=True)
class Author:
    name: str
    affiliation: str | None = None


@dataclass(frozen=True, slots=True)
class Paper:
    key: str
    title: str
    authors: list[Author]
    date: str
    kind: str
    aliases: list[str] = field(default_factory=list)
    publisher: str | None = None
    date_note: str | None = None
    after: str | None = None
    before: str | None = None
    source: str | None = None
    waive: dict[str, str] = field(default_factory=dict)

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


@dataclass(frozen=True, slots=True)
class Actor:
    key: str
    name: str
    kind: str
    aliases: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Topic:
    key: str
    name: str


@dataclass(frozen=True, slots=True)
class Claim:
    id: str
    paper: str
    kind: str
    text: str
    quote: str
    actor: str | None = None
    topics: list[str] = field(default_factory=list)
    section: str | None = None
    valence: str | None = None
    waive: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Relation:
    source: str
    target: str
    type: str
    rationale: str | None = None

    @property
    def symmetric(self) -> bool:
        return self.type in SYMMETRIC


@dataclass(frozen=True, slots=True)
class Event:
    key: str
    date: str
    name: str
    kind: str
    reported_by: list[str] = field(default_factory=list)


def paper_from(data: dict[str, Any]) -> Paper:
    return Paper(**{**data, "authors": [Author(**a) for a in data["authors"]]})
