"""Counts with their nouns in the right number: "1 claim", "2 claims", "0 claims"."""

from __future__ import annotations

_ES = ("s", "x", "z", "ch", "sh")


def plural(count: int, noun: str, nouns: str | None = None) -> str:
    """``count`` followed by ``noun``, or by its plural (``nouns``, else noun + s/es)."""
    if count == 1:
        return f"{count} {noun}"
    return f"{count} {nouns or noun + ('es' if noun.endswith(_ES) else 's')}"
