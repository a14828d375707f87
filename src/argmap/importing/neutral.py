"""What every format's reader produces: statements and typed links, before argmap's ids.

A reader turns one file into a :class:`Reading`: its statements (each with the
format's own key for it, its text and, where the format says so, a kind and a
speaker) and the links between them, each already named with argmap's relation
type. :mod:`argmap.importing.mapping` then gives the statements ids and writes
the store. Everything a reader sees and does not turn into a statement or a
link is named in :attr:`Reading.notes`, so nothing is dropped silently.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..errors import ArgmapError


class ImportFailed(ArgmapError):
    """A file that cannot be imported: not the format, or not a well-formed one."""


@dataclass(frozen=True)
class Statement:
    """One claim to be: a node, statement or Kialo claim of the file."""

    key: str  # the format's own name for it: a node id, an Argdown title, a Kialo number
    text: str
    origin: str  # what it was read as, in the plural: "I-nodes", "statements"
    kind: str = "claim"
    valence: str | None = None
    speakers: tuple[str, ...] = ()
    section: str | None = None


@dataclass(frozen=True)
class Link:
    """One relation to be, between two statements' keys."""

    source: str
    target: str
    type: str  # supports, attacks, agrees, conflicts or answers
    origin: str  # what it was read as: "RA", "CA", "Pro", "+>"...
    rationale: str | None = None  # e.g. the AIF scheme the link was drawn with


@dataclass
class Reading:
    """A file as read: statements, links, what else it holds, and what it says of itself."""

    fmt: str  # how the report names the format: "AIF JSON (AIFdb)", "Kialo text export"
    statements: list[Statement] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    #: Links read and not kept: (origin, why), counted with the links of that origin.
    dropped: list[tuple[str, str]] = field(default_factory=list)
    #: Lines for the report: what was read besides statements and links, and its fate.
    notes: list[str] = field(default_factory=list)
    title: str | None = None
    authors: list[str] = field(default_factory=list)
    date: str | None = None


def plural(count: int, noun: str, many: str | None = None) -> str:
    """``1 claim``, ``2 claims`` (``many`` for an irregular plural)."""
    return f"{count} {noun if count == 1 else (many or noun + 's')}"
