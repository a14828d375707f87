"""Resolving what a user types (a key, an alias, a surname) to the map's ids."""

from __future__ import annotations

from .errors import LookupFailed
from .records import Claim
from .store import ArgMap, did_you_mean


def _norm(token: str) -> str:
    return " ".join(token.strip().lower().split())


def paper_names(amap: ArgMap) -> dict[str, set[str]]:
    """Every name a paper answers to (key, aliases, author surnames) -> paper keys."""
    names: dict[str, set[str]] = {}
    for paper in amap.papers.values():
        spellings = {paper.key, *paper.aliases, *paper.surnames()}
        for surname in paper.surnames():
            if surname.startswith("al-"):
                spellings.add(surname[3:])
        for spelling in spellings:
            names.setdefault(_norm(spelling), set()).add(paper.key)
    return names


def resolve_papers(amap: ArgMap, token: str) -> list[str]:
    """The papers ``token`` names: a key, an alias or an author's surname.

    A key names its paper alone; an alias or surname shared by several papers
    (one author's several papers) names all of them, in key order.
    """
    if token in amap.papers:
        return [token]
    names = paper_names(amap)
    found = names.get(_norm(token))
    if not found:
        raise LookupFailed(f"unknown paper {token!r}{did_you_mean(_norm(token), names)}",
                           what=token)
    return sorted(found)


def resolve_actor(amap: ArgMap, token: str) -> str:
    """The actor ``token`` names: its key, or one of its aliases."""
    if token in amap.actors:
        return token
    names: dict[str, str] = {}
    for actor in amap.actors.values():
        for spelling in (actor.key, actor.name, *actor.aliases):
            names.setdefault(_norm(spelling), actor.key)
    key = names.get(_norm(token))
    if key is None:
        raise LookupFailed(f"unknown actor {token!r}{did_you_mean(_norm(token), amap.actors)}",
                           what=token)
    return key


def resolve_topic(amap: ArgMap, token: str) -> str:
    if token in amap.topics:
        return token
    raise LookupFailed(f"unknown topic {token!r}{did_you_mean(token, amap.topics)}", what=token)


def resolve_claim(amap: ArgMap, claim_id: str) -> Claim:
    claim = amap.claims.get(claim_id)
    if claim is None:
        raise LookupFailed(f"unknown claim id {claim_id!r}{did_you_mean(claim_id, amap.claims)}",
                           what=claim_id)
    return claim
