"""Curation warnings: things that are valid but probably not what the curator meant.

Each rule has a code. A paper or claim can waive a rule in the store with the
reason (``waive: {no-relation: "..."}``), so a map can be lint-clean while
keeping a deliberate exception visible where it is made.
"""

from __future__ import annotations

import difflib
import re
from collections import defaultdict
from typing import Any

import networkx as nx

from .sources import short_quote
from .store import ArgMap
from .vocab import SYMMETRIC

RULES: dict[str, str] = {
    "no-relation": "a claim with no relation to any other claim",
    "goal-no-actor": "a goal that names no actor",
    "paper-no-goals": "a paper with no goals",
    "paper-no-scenarios": "a paper with no scenarios",
    "cycle": "a cycle of depends_on or supports relations",
    "agree-and-conflict": "two claims that both agree and conflict",
    "related-and-dismissed": "two claims both related and dismissed as unrelated",
    "near-duplicate": "two claims of one paper with nearly the same text",
    "long-quote": "a quote of more than 60 words",
    "short-quote": "a quote of fewer than 4 words or 20 characters: too short to prove anything",
}
LONG_QUOTE_WORDS = 60
NEAR_DUPLICATE_RATIO = 0.9
BUCKET_LIMIT = 50


def _warning(amap: ArgMap, rule: str, section: str, ident: str, why: str) -> dict[str, Any]:
    origin = amap.origin(section, ident)
    return {"rule": rule, "id": ident, "at": str(origin) if origin else None, "why": why}


def _waived(amap: ArgMap, rule: str, section: str, ident: str) -> bool:
    item = amap.papers.get(ident) if section == "papers" else amap.claims.get(ident)
    return item is not None and rule in item.waive


def lint(amap: ArgMap) -> dict[str, Any]:
    """All warnings, sorted by location, and the waivers that silenced others."""
    found: list[tuple[str, str, str, str]] = []  # rule, section, id, why
    related = {end for r in amap.relations for end in (r.source, r.target)}
    for claim in amap.claims.values():
        if claim.id not in related:
            found.append(("no-relation", "claims", claim.id, "no relation in or out"))
        if claim.kind == "goal" and claim.actor is None:
            found.append(("goal-no-actor", "claims", claim.id, "whose goal is it? set actor"))
        words = len(claim.quote.split())
        if words > LONG_QUOTE_WORDS:
            found.append(("long-quote", "claims", claim.id,
                          f"the quote has {words} words; quote the point, not the paragraph"))
        too_short = short_quote(claim.quote)
        if too_short:
            found.append(("short-quote", "claims", claim.id,
                          f"the quote is {too_short}; quote the whole phrase"))
    for key, claims in amap.claims_by_paper.items():
        kinds = {c.kind for c in claims}
        if "goal" not in kinds:
            found.append(("paper-no-goals", "papers", key, "no claim of kind goal"))
        if "scenario" not in kinds:
            found.append(("paper-no-scenarios", "papers", key, "no claim of kind scenario"))
        found += _near_duplicates(claims)
    found += _cycles(amap)
    found += _agree_and_conflict(amap)
    found += _related_and_dismissed(amap)

    warnings, waived = [], []
    for rule, section, ident, why in found:
        entry = _warning(amap, rule, section, ident, why)
        if _waived(amap, rule, section, ident):
            item = amap.papers[ident] if section == "papers" else amap.claims[ident]
            waived.append({**entry, "reason": item.waive[rule]})
        else:
            warnings.append(entry)
    key = _sort_key(amap)
    warnings.sort(key=key)
    waived.sort(key=key)
    return {"warnings": warnings, "waived": waived}


def _sort_key(amap: ArgMap) -> Any:
    files = {name: i for i, name in enumerate(amap.files)}

    def key(w: dict[str, Any]) -> tuple[int, int, str, str]:
        match = re.match(r"^(.*):(\d+):\d+$", w["at"] or "")
        if not match:
            return (len(files), 0, w["id"], w["rule"])
        return (files.get(match.group(1), len(files)), int(match.group(2)), w["id"], w["rule"])
    return key


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def _near_duplicates(claims: list[Any]) -> list[tuple[str, str, str, str]]:
    """Pairs of one paper's claims with nearly the same text.

    Comparing every pair is quadratic, so candidates are only the claims that
    share one of their three rarest words (within the paper); words shared by
    more than :data:`BUCKET_LIMIT` claims do not make candidates.
    """
    texts = {c.id: " ".join(_words(c.text)) for c in claims}
    frequency: dict[str, int] = defaultdict(int)
    for text in texts.values():
        for word in set(text.split()):
            frequency[word] += 1
    buckets: dict[str, list[Any]] = defaultdict(list)
    for claim in claims:
        rare = sorted(set(texts[claim.id].split()), key=lambda w: (frequency[w], w))[:3]
        for word in rare:
            if frequency[word] <= BUCKET_LIMIT:
                buckets[word].append(claim)
    seen: set[tuple[str, str]] = set()
    out = []
    matcher = difflib.SequenceMatcher(autojunk=False)
    for members in buckets.values():
        for i, a in enumerate(members):
            ta = texts[a.id]
            # texts whose lengths differ too much cannot reach the ratio: max <= min (2-R)/R
            pairs = [b for b in members[i + 1:] if (a.id, b.id) not in seen
                     and max(len(ta), len(texts[b.id])) <= min(len(ta), len(texts[b.id]))
                     * (2 - NEAR_DUPLICATE_RATIO) / NEAR_DUPLICATE_RATIO]
            if not pairs:
                continue
            matcher.set_seq2(ta)
            for b in pairs:
                seen.add((a.id, b.id))
                matcher.set_seq1(texts[b.id])
                if (matcher.real_quick_ratio() >= NEAR_DUPLICATE_RATIO
                        and matcher.quick_ratio() >= NEAR_DUPLICATE_RATIO
                        and matcher.ratio() >= NEAR_DUPLICATE_RATIO):
                    out.append(("near-duplicate", "claims", b.id,
                                f"nearly the same text as {a.id}"))
    return out


def _cycles(amap: ArgMap) -> list[tuple[str, str, str, str]]:
    out = []
    for rel_type in ("depends_on", "supports"):
        graph = nx.DiGraph()
        graph.add_edges_from((r.source, r.target) for r in amap.relations if r.type == rel_type)
        for component in nx.strongly_connected_components(graph):
            if len(component) < 2:
                continue
            cycle = nx.find_cycle(graph.subgraph(component))
            members = [edge[0] for edge in cycle]
            first = min(members, key=lambda c: amap.claim_order[c])
            at = members.index(first)
            members = members[at:] + members[:at]  # start where the reader meets it first
            out.append(("cycle", "claims", first,
                        f"{rel_type} cycle: {' -> '.join([*members, members[0]])}"))
    return out


def _agree_and_conflict(amap: ArgMap) -> list[tuple[str, str, str, str]]:
    kinds: dict[frozenset[str], set[str]] = defaultdict(set)
    for rel in amap.relations:
        if rel.type in SYMMETRIC:
            kinds[frozenset((rel.source, rel.target))].add(rel.type)
    out = []
    for pair, types in kinds.items():
        if types >= SYMMETRIC:
            a, b = sorted(pair, key=lambda c: amap.claim_order[c])
            out.append(("agree-and-conflict", "claims", a, f"agrees and conflicts with {b}"))
    return out


def _related_and_dismissed(amap: ArgMap) -> list[tuple[str, str, str, str]]:
    related = {frozenset((r.source, r.target)) for r in amap.relations}
    out = []
    for pair, here in zip(amap.dismissed, amap.dismissed_origins, strict=True):
        if frozenset((pair.a, pair.b)) in related:
            a, b = sorted((pair.a, pair.b), key=lambda c: amap.claim_order[c])
            out.append(("related-and-dismissed", "claims", a,
                        f"related to {b}, and the pair is dismissed at {here}: "
                        "remove the dismissal or the relation"))
    return out
