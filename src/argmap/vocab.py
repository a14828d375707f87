"""The store's vocabulary: kinds, relation types, valences and their wording.

Kept apart from the pydantic models so that code answering queries from the
cache never imports pydantic (a test keeps these equal to the models' types).
"""

from __future__ import annotations

CLAIM_KINDS: tuple[str, ...] = (
    "thesis", "claim", "fact", "goal", "scenario", "condition",
    "consequence", "recommendation", "prediction", "question",
)
VALENCES: tuple[str, ...] = ("benefit", "cost", "harm")
RELATION_TYPES: tuple[str, ...] = (
    "supports", "attacks", "agrees", "conflicts", "depends_on", "leads_to",
    "answers", "confirms", "refutes",
)
PAPER_KINDS: tuple[str, ...] = ("study", "analysis", "article", "opinion", "report", "book", "other")
ACTOR_KINDS: tuple[str, ...] = (
    "state", "sub-state", "non-state", "institution", "organization",
    "alliance", "group", "person",
)
#: What an author is: a person (named by surname) or an organisation (by its name).
AUTHOR_KINDS: tuple[str, ...] = ("person", "organization")
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
