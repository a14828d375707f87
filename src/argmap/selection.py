"""Selections: the claims and relations an export or picture shows, from the filters."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .lookup import resolve_actor, resolve_claim, resolve_papers, resolve_topic, resolve_word
from .records import Claim, Relation
from .store import ArgMap
from .vocab import RELATION_TYPES


@dataclass(frozen=True)
class Selection:
    """The claims and relations an export or picture shows, in a stable order."""

    claims: list[Claim]
    relations: list[Relation]


def select(
    amap: ArgMap,
    papers: Sequence[str] = (),
    actors: Sequence[str] = (),
    topics: Sequence[str] = (),
    types: Sequence[str] = (),
    around: str | None = None,
    depth: int = 1,
) -> Selection:
    """Claims matching every given filter, and the relations among them.

    Each filter takes several values (any of them matches). With ``types``, only
    relations of those types are kept, and so only the claims they join. With
    ``around``, only claims within ``depth`` relations of that claim (in either
    direction, through relations of the kept types) are kept.
    """
    paper_keys = {k for p in papers for k in resolve_papers(amap, p)}
    actor_keys = {resolve_actor(amap, a) for a in actors}
    topic_keys = {resolve_topic(amap, t) for t in topics}
    types = [resolve_word(t, RELATION_TYPES, "relation type") for t in types]
    kept = {
        c.id for c in amap.claims.values()
        if (not paper_keys or c.paper in paper_keys)
        and (not actor_keys or c.actor in actor_keys)
        and (not topic_keys or topic_keys.intersection(c.topics))
    }
    rels = [r for r in amap.relations
            if r.source in kept and r.target in kept and (not types or r.type in types)]
    if types:
        kept = {end for r in rels for end in (r.source, r.target)}
    if around is not None:
        resolve_claim(amap, around)
        kept = _neighbourhood(around, rels, depth) & (kept | {around})
        rels = [r for r in rels if r.source in kept and r.target in kept]
    order = amap.claim_order
    claims = sorted((amap.claims[i] for i in kept), key=lambda c: order[c.id])
    rels.sort(key=lambda r: (order[r.source], order[r.target], RELATION_TYPES.index(r.type)))
    return Selection(claims, rels)


def _neighbourhood(start: str, rels: Sequence[Relation], depth: int) -> set[str]:
    """Claims within ``depth`` relations of ``start``, following relations either way."""
    adjacent: dict[str, set[str]] = {}
    for r in rels:
        adjacent.setdefault(r.source, set()).add(r.target)
        adjacent.setdefault(r.target, set()).add(r.source)
    seen, frontier = {start}, {start}
    for _ in range(depth):
        frontier = {n for c in frontier for n in adjacent.get(c, ())} - seen
        seen |= frontier
    return seen


def everything(amap: ArgMap) -> Selection:
    return select(amap)
