"""Questions asked of a map. Each returns plain, JSON-ready data and prints nothing.

The rendering layer (:mod:`argmap.render`) turns these results into tables or
JSON. Lists are always in a stable order (paper date, file order, id), so that
output people diff does not move.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

from .errors import LookupFailed
from .lookup import resolve_actor, resolve_claim, resolve_papers
from .records import Claim, Paper
from .store import ArgMap
from .vocab import CLAIM_KINDS, RELATION_TYPES, RELATION_WORDING, SYMMETRIC

#: How compare groups cross-paper relation types.
AGREEMENT_TYPES = frozenset({"agrees", "supports", "confirms"})
CONFLICT_TYPES = frozenset({"conflicts", "attacks", "refutes"})
DEPENDENCY_TYPES = frozenset({"depends_on", "leads_to", "answers"})

Data = dict[str, Any]


def claim_brief(claim: Claim) -> Data:
    """A claim as JSON-ready data: every field, with ``None`` fields left out."""
    data: Data = {
        "id": claim.id,
        "paper": claim.paper,
        "kind": claim.kind,
        "actor": claim.actor,
        "topics": list(claim.topics),
        "text": claim.text,
        "quote": claim.quote,
    }
    if claim.section is not None:
        data["section"] = claim.section
    if claim.valence is not None:
        data["valence"] = claim.valence
    return data


def paper_info(amap: ArgMap, paper: Paper) -> Data:
    claims = amap.claims_by_paper.get(paper.key, [])
    return {
        "key": paper.key,
        "title": paper.title,
        "authors": [{"name": a.name, "affiliation": a.affiliation, "kind": a.kind}
                    for a in paper.authors],
        "aliases": list(paper.aliases),
        "publisher": paper.publisher,
        "date": paper.date,
        "date_precision": paper.date_precision,
        "date_note": paper.date_note,
        "kind": paper.kind,
        "source": paper.source,
        "claims": len(claims),
        "goals": sum(1 for c in claims if c.kind == "goal"),
    }


def sort_claims(amap: ArgMap, claims: Iterable[Claim]) -> list[Claim]:
    """Claims in reading order: papers by date, then each paper's own order."""
    order = amap.claim_order
    return sorted(claims, key=lambda c: order[c.id])


def papers(amap: ArgMap) -> list[Data]:
    order = amap.paper_order
    return [paper_info(amap, p) for p in sorted(amap.papers.values(), key=lambda p: order[p.key])]


def actors(amap: ArgMap) -> list[Data]:
    out = []
    for actor in sorted(amap.actors.values(), key=lambda a: a.key):
        own = [c for c in amap.claims.values() if c.actor == actor.key]
        goal_papers = sorted({c.paper for c in own if c.kind == "goal"})
        out.append({
            "key": actor.key, "name": actor.name, "kind": actor.kind,
            "aliases": list(actor.aliases), "claims": len(own),
            "goals": sum(1 for c in own if c.kind == "goal"), "goal_papers": goal_papers,
        })
    return out


def topics(amap: ArgMap) -> list[Data]:
    out = []
    for topic in sorted(amap.topics.values(), key=lambda t: t.key):
        per_paper = Counter(c.paper for c in amap.claims.values() if topic.key in c.topics)
        out.append({"key": topic.key, "name": topic.name, "claims": sum(per_paper.values()),
                    "papers": dict(sorted(per_paper.items()))})
    return out


def goals(amap: ArgMap, actor: str | None = None, paper: str | None = None) -> list[Data]:
    """Goals, by actor (key order; goals with no actor last), then paper date, then file order."""
    actor_key = resolve_actor(amap, actor) if actor else None
    paper_keys = set(resolve_papers(amap, paper)) if paper else None
    chosen = [c for c in amap.claims.values() if c.kind == "goal"
              and (actor_key is None or c.actor == actor_key)
              and (paper_keys is None or c.paper in paper_keys)]
    order = amap.claim_order
    chosen.sort(key=lambda c: (c.actor is None, c.actor or "", order[c.id]))
    return [claim_brief(c) for c in chosen]


def relation_category(rel_type: str) -> str:
    """How compare groups a cross-paper relation: agreements, conflicts or dependencies."""
    if rel_type in AGREEMENT_TYPES:
        return "agreements"
    if rel_type in CONFLICT_TYPES:
        return "conflicts"
    return "dependencies"


def compare(amap: ArgMap, left_token: str, right_token: str) -> Data:
    """Where two papers (or two authors' papers) agree, conflict and depend on each other.

    ``left`` and ``right`` are each the paper a token names (its fields and the
    ``query``), or a list of such papers when the token (a surname, an alias)
    names several.
    """
    left = resolve_papers(amap, left_token)
    right = resolve_papers(amap, right_token)
    shared = sorted(set(left) & set(right))
    if shared:
        raise LookupFailed(f"{left_token!r} and {right_token!r} both name {', '.join(shared)}: "
                           "compare two different papers", what="compare")
    left_set, right_set = set(left), set(right)
    order = amap.claim_order
    found: dict[str, list[Data]] = {"agreements": [], "conflicts": [], "dependencies": []}
    for rel in amap.relations:
        src, dst = amap.claims[rel.source], amap.claims[rel.target]
        if src.paper in left_set and dst.paper in right_set:
            lc, rc = src, dst
        elif src.paper in right_set and dst.paper in left_set:
            lc, rc = dst, src
        else:
            continue
        found[relation_category(rel.type)].append({
            "type": rel.type,
            "from": rel.source,
            "to": rel.target,
            "symmetric": rel.type in SYMMETRIC,
            "left": claim_brief(lc),
            "right": claim_brief(rc),
            "rationale": rel.rationale,
        })
    for entries in found.values():
        entries.sort(key=lambda e: (order[e["left"]["id"]], order[e["right"]["id"]], e["type"]))

    def topic_counts(keys: set[str]) -> Counter[str]:
        return Counter(t for p in keys for c in amap.claims_by_paper[p] for t in c.topics)

    lt, rt = topic_counts(left_set), topic_counts(right_set)

    def topic_rows(keys: Iterable[str]) -> list[Data]:
        return [{"topic": k, "name": amap.topics[k].name, "left": lt[k], "right": rt[k]}
                for k in sorted(keys)]

    actor_rows = []
    goal_actors = {c.actor for p in left_set | right_set for c in amap.claims_by_paper[p]
                   if c.kind == "goal" and c.actor}
    for key in sorted(goal_actors):
        sides = {}
        for side, keys in (("left", left_set), ("right", right_set)):
            sides[side] = [claim_brief(c) for c in sort_claims(amap, (
                c for p in keys for c in amap.claims_by_paper[p]
                if c.kind == "goal" and c.actor == key))]
        actor_rows.append({"actor": key, "name": amap.actors[key].name, **sides})
    actor_rows.sort(key=lambda r: (not (r["left"] and r["right"]), r["actor"]))

    def papers_of(token: str, keys: list[str]) -> Data | list[Data]:
        found = [{**paper_info(amap, amap.papers[k]), "query": token} for k in keys]
        return found[0] if len(found) == 1 else found

    return {
        "left": papers_of(left_token, left),
        "right": papers_of(right_token, right),
        **found,
        "topics": {
            "both": topic_rows(set(lt) & set(rt)),
            "left_only": topic_rows(set(lt) - set(rt)),
            "right_only": topic_rows(set(rt) - set(lt)),
        },
        "actors": actor_rows,
    }


def show(amap: ArgMap, claim_id: str) -> Data:
    """One claim with its paper, origin and every relation in and out."""
    claim = resolve_claim(amap, claim_id)
    order = amap.claim_order
    rels: list[Data] = []
    for rel in amap.relations_of.get(claim.id, []):
        outgoing = rel.source == claim.id
        other = amap.claims[rel.target if outgoing else rel.source]
        direction = "both" if rel.type in SYMMETRIC else ("out" if outgoing else "in")
        rels.append({
            "direction": direction,
            "type": rel.type,
            "reading": RELATION_WORDING[rel.type][0 if outgoing else 1],
            "other": claim_brief(other),
            "rationale": rel.rationale,
        })
    rels.sort(key=lambda r: (RELATION_TYPES.index(r["type"]), order[r["other"]["id"]]))
    paper = amap.papers[claim.paper]
    origin = amap.origin("claims", claim.id)
    return {
        "claim": claim_brief(claim),
        "paper": {"key": paper.key, "title": paper.title, "date": paper.date,
                  "authors": [a.name for a in paper.authors], "source": paper.source},
        "defined_at": str(origin) if origin else None,
        "relations": rels,
    }


def check(amap: ArgMap, files: Sequence[str] | None = None) -> Data:
    """Counts of a valid map (loading it already validated it).

    ``files`` names the store files as the user did (``@shipped`` for the
    shipped map); by default, as messages name them.
    """
    kinds = Counter(c.kind for c in amap.claims.values())
    types = Counter(r.type for r in amap.relations)
    cross = sum(1 for r in amap.relations
                if amap.claims[r.source].paper != amap.claims[r.target].paper)
    return {
        "valid": True,
        "files": list(amap.files if files is None else files),
        "papers": len(amap.papers),
        "actors": len(amap.actors),
        "topics": len(amap.topics),
        "claims": len(amap.claims),
        "relations": len(amap.relations),
        "cross_paper_relations": cross,
        "dismissed": len(amap.dismissed),
        "claims_by_kind": {k: kinds[k] for k in CLAIM_KINDS if kinds[k]},
        "relations_by_type": {t: types[t] for t in RELATION_TYPES if types[t]},
        "claims_by_paper": {k: len(v) for k, v in sorted(amap.claims_by_paper.items())},
    }
