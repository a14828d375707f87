"""Analyst queries beyond compare: what rests on what, cruxes, consensus, scenarios,
the timeline, what falls if a claim falls, search, the topic matrix, and briefs.

Like :mod:`argmap.queries`, every function returns plain, JSON-ready data in a
stable order and prints nothing. All of them are linear or near-linear in the
size of the map (breadth-first walks over adjacency lists), so they answer on
large user maps too.
"""

from __future__ import annotations

import gc
import heapq
import re
from collections import Counter, defaultdict, deque
from collections.abc import Callable, Iterable, Sequence
from functools import reduce, wraps
from operator import or_
from typing import Any, ParamSpec, TypeAlias, TypeVar

from .errors import LookupFailed
from .lookup import resolve_actor, resolve_claim, resolve_papers
from .plural import plural
from .queries import AGREEMENT_TYPES, CONFLICT_TYPES, claim_brief
from .records import Claim, Relation
from .store import ArgMap
from .vocab import period_end

Data = dict[str, Any]

_P = ParamSpec("_P")
_R = TypeVar("_R")


def _without_collector(query: Callable[_P, _R]) -> Callable[_P, _R]:
    """Run ``query`` with the cyclic garbage collector paused.

    A query over a large map allocates hundreds of thousands of short-lived lists and
    records; each of them counts towards a collection, and each full collection walks
    every object of the loaded map again (a second or more on 100,000 claims). The
    loader pauses it likewise (store.py); the collector resumes when the query returns.
    """
    @wraps(query)
    def paused(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        enabled = gc.isenabled()
        gc.disable()
        try:
            return query(*args, **kwargs)
        finally:
            if enabled:
                gc.enable()
    return paused


#: "A rests on B": B is a reason, condition or cause of A. (relation type, A is its
#: source?) -- A depends_on B; B supports, confirms or leads_to A.
RESTS_ON = {"depends_on": True, "supports": False, "confirms": False, "leads_to": False}
#: How far down ``cruxes`` counts what rests on a claim.
CRUX_DEPTH = 8


def _grounds(amap: ArgMap) -> tuple[dict[str, list[tuple[str, str]]],
                                    dict[str, list[tuple[str, str]]]]:
    """(what each claim rests on, what rests on each claim), as (claim, relation type) lists."""
    rests_on: dict[str, list[tuple[str, str]]] = defaultdict(list)
    carries: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for rel in amap.relations:
        if rel.type not in RESTS_ON:
            continue
        upper, ground = ((rel.source, rel.target) if RESTS_ON[rel.type]
                         else (rel.target, rel.source))
        rests_on[upper].append((ground, rel.type))
        carries[ground].append((upper, rel.type))
    for lists in (rests_on, carries):
        for key in lists:
            lists[key].sort(key=lambda pair: amap.claim_order[pair[0]])
    return rests_on, carries


def _tree(amap: ArgMap, start: str, edges: dict[str, list[tuple[str, str]]],
          depth: int) -> list[Data]:
    """Children of ``start`` along ``edges``, ``depth`` levels down; each claim once."""
    seen = {start}

    def grow(node: str, level: int) -> list[Data]:
        out = []
        for child, via in edges.get(node, []):
            if child in seen:
                continue
            seen.add(child)
            below = grow(child, level + 1) if level < depth else []
            out.append({"via": via, "claim": claim_brief(amap.claims[child]),
                        "children": below})
        return out

    return grow(start, 1)


def _count(tree: list[Data]) -> int:
    return sum(1 + _count(node["children"]) for node in tree)


def deps(amap: ArgMap, claim_id: str, depth: int = 10) -> Data:
    """What a claim rests on (transitively) and what rests on it, as two trees."""
    claim = resolve_claim(amap, claim_id)
    rests_on, carries = _grounds(amap)
    down = _tree(amap, claim.id, rests_on, depth)
    up = _tree(amap, claim.id, carries, depth)
    return {"claim": claim_brief(claim), "depth": depth,
            "rests_on": down, "rests_on_count": _count(down),
            "carries": up, "carries_count": _count(up)}


def _relation_entry(amap: ArgMap, rel: Relation) -> Data:
    return {"type": rel.type, "from": claim_brief(amap.claims[rel.source]),
            "to": claim_brief(amap.claims[rel.target]), "rationale": rel.rationale}


def _primary_topic(amap: ArgMap, a: Claim, b: Claim) -> str | None:
    shared = [t for t in a.topics if t in b.topics]
    pool = shared or [*a.topics, *b.topics]
    return min(pool, key=lambda t: (t not in shared, t)) if pool else None


def cross_relations(amap: ArgMap, types: frozenset[str], papers: Sequence[str] = ()) -> Data:
    """Cross-paper relations of ``types`` (among ``papers`` if given), grouped by topic."""
    keys = {k for p in papers for k in resolve_papers(amap, p)}
    groups: dict[str | None, list[Data]] = defaultdict(list)
    order = amap.claim_order
    chosen = []
    for rel in amap.relations:
        a, b = amap.claims[rel.source], amap.claims[rel.target]
        if rel.type not in types or a.paper == b.paper:
            continue
        if keys and not (a.paper in keys and b.paper in keys):
            continue
        chosen.append(rel)
    chosen.sort(key=lambda r: (order[r.source], order[r.target], r.type))
    for rel in chosen:
        a, b = amap.claims[rel.source], amap.claims[rel.target]
        groups[_primary_topic(amap, a, b)].append(_relation_entry(amap, rel))
    topics = [{"topic": key, "name": amap.topics[key].name if key else "(no topic)",
               "relations": groups[key]}
              for key in sorted(groups, key=lambda k: (k is None, k or ""))]
    return {"papers": sorted(keys, key=lambda k: amap.paper_order[k]), "count": len(chosen),
            "topics": topics}


def agreements(amap: ArgMap, papers: Sequence[str] = ()) -> Data:
    return cross_relations(amap, AGREEMENT_TYPES, papers)


def conflicts(amap: ArgMap, papers: Sequence[str] = ()) -> Data:
    return cross_relations(amap, CONFLICT_TYPES, papers)


#: The steps of a chain as a linked list: (first step, the rest), or None.
_Steps: TypeAlias = tuple[Data, "_Steps"] | None


@_without_collector
def path(amap: ArgMap, start: str, end: str, limit: int = 5) -> Data:
    """The shortest chains of relations (either direction) linking two claims."""
    a, b = resolve_claim(amap, start), resolve_claim(amap, end)
    adjacent: dict[str, list[tuple[str, Relation]]] = defaultdict(list)
    for rel in amap.relations:
        adjacent[rel.source].append((rel.target, rel))
        adjacent[rel.target].append((rel.source, rel))
    # breadth-first distances from the start, then every shortest way back from the end
    dist = {a.id: 0}
    queue = deque([a.id])
    while queue:
        node = queue.popleft()
        if node == b.id:
            break
        for nxt, _ in adjacent[node]:
            if nxt not in dist:
                dist[nxt] = dist[node] + 1
                queue.append(nxt)
    if b.id not in dist:
        return {"from": claim_brief(a), "to": claim_brief(b), "length": None, "paths": []}
    order = amap.claim_order
    paths: list[list[Data]] = []
    # walk back from the end along strictly decreasing distances (iteratively: chains can be
    # long); a chain's steps so far are a linked list (step, rest), shared by the chains that
    # branch from it, so that each step costs the same however long the chain
    stack: list[tuple[str, _Steps]] = [(b.id, None)]
    while stack and len(paths) < limit:
        node, tail = stack.pop()
        if node == a.id:
            steps = []
            while tail is not None:
                step, tail = tail
                steps.append(step)
            paths.append(steps)
            continue
        options = sorted(((prev, rel) for prev, rel in adjacent[node]
                          if dist.get(prev) == dist[node] - 1),
                         key=lambda pr: (order[pr[0]], pr[1].type), reverse=True)
        for prev, rel in options:
            step = {"from": prev, "to": node, "type": rel.type,
                    "direction": "forward" if rel.source == prev else "backward",
                    "rationale": rel.rationale}
            stack.append((prev, (step, tail)))
    return {"from": claim_brief(a), "to": claim_brief(b), "length": dist[b.id],
            "paths": paths}


def _terms(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


_RUN = re.compile(r"\w+")


class _WordStarts(dict[str, int]):
    """For each whitespace-separated token of the searched text, the query words
    that start one of its words, as a bit mask of their positions in the query.

    A query word *starts a word* where it occurs at the text's start or after a
    character that is not a letter or digit ("sanction" finds "sanctions"). Query
    words are made of word characters, so such an occurrence lies inside one token
    and is a prefix of a run of word characters in it: of a whole run, or of what
    follows an underscore inside one. Each distinct token is worked out once per
    search (lower-cased alone, it is lower-cased as in its text), so a search is
    linear in the size of the map plus the number of words. A word given twice has
    two bits, so a field's count is the bit count of its tokens' masks OR-ed together.
    """

    def __init__(self, words: Sequence[str]) -> None:
        super().__init__()
        self.words: dict[str, int] = defaultdict(int)
        for position, word in enumerate(words):
            self.words[word] |= 1 << position
        self.lengths = sorted({len(w) for w in self.words})

    def __missing__(self, token: str) -> int:
        runs = _RUN.findall(token.lower())
        # a word also starts after an underscore inside a run
        runs += [run[i + 1:] for run in runs if "_" in run for i, ch in enumerate(run[:-1])
                 if ch == "_"]
        mask = 0
        for run in runs:
            for length in self.lengths:
                if length > len(run):
                    break
                mask |= self.words.get(run[:length], 0)
        self[token] = mask
        return mask


@_without_collector
def search(amap: ArgMap, text: str, paper: str | None = None, kind: str | None = None,
           actor: str | None = None, limit: int = 20) -> Data:
    """Claims matching the words of ``text``, ranked: text and quote hits, whole phrase first.

    A field scores its weight for each query word that starts one of its words; a
    claim whose text and quote hold every query word scores 3 more, and 4 more again
    when they hold the whole phrase. Each field is split once, and each distinct
    token is matched against the query words once (:class:`_WordStarts`), so a
    search is linear in the size of the map plus the number of words.
    """
    words = [w for w in _terms(text) if len(w) > 1] or _terms(text)
    if not words:
        raise LookupFailed("search needs at least one word", what="search")
    keys = set(resolve_papers(amap, paper)) if paper else None
    actor_key = resolve_actor(amap, actor) if actor else None
    phrase = " ".join(_terms(text))
    starts_of = _WordStarts(words).__getitem__

    def mask(value: str) -> int:
        return reduce(or_, filter(None, map(starts_of, value.split())), 0)

    chosen = [c for c in amap.claims.values()
              if (keys is None or c.paper in keys) and not (kind and c.kind != kind)
              and not (actor_key and c.actor != actor_key)]
    by_topics: dict[str, int] = {}  # many claims share their topics
    topic_masks = [by_topics[t] if t in by_topics else by_topics.setdefault(t, mask(t))
                   for t in (" ".join(c.topics) for c in chosen)]
    every = (1 << len(words)) - 1
    rank = amap.claim_order
    hits = []  # (-score, reading order, claim, fields matched): ranked as they sort
    for claim, text_mask, quote_mask, topics_mask, id_mask in zip(
            chosen, map(mask, [c.text for c in chosen]), map(mask, [c.quote for c in chosen]),
            topic_masks, map(mask, [c.id.replace(".", " ") for c in chosen]), strict=True):
        if not (text_mask or quote_mask or topics_mask or id_mask):
            continue
        score, matched = 0.0, []  # each field's weight per word, added in this order
        if text_mask:
            score += 2.0 * text_mask.bit_count()
            matched.append("text")
        if quote_mask:
            score += 1.5 * quote_mask.bit_count()
            matched.append("quote")
        if topics_mask:
            score += 1.0 * topics_mask.bit_count()
            matched.append("topics")
        if id_mask:
            score += 0.5 * id_mask.bit_count()
            matched.append("id")
        if text_mask | quote_mask == every:
            score += 3.0
            if phrase and phrase in " ".join(_terms(claim.text + " " + claim.quote)):
                score += 4.0
        hits.append((-score, rank[claim.id], claim, matched))
    best = heapq.nsmallest(limit, hits)  # reading orders differ: claims are never compared
    return {"query": text, "words": words, "count": len(hits),
            "results": [{"score": round(-s, 2), "matched": m, "claim": claim_brief(c)}
                        for s, _, c, m in best]}


def matrix(amap: ArgMap) -> Data:
    """Topics x papers: claim counts, and the cross-paper agreements and conflicts per topic."""
    papers = sorted(amap.papers, key=lambda k: amap.paper_order[k])
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for claim in amap.claims.values():
        for topic in claim.topics:
            counts[topic][claim.paper] += 1
    agree, conflict = Counter[str](), Counter[str]()
    for rel in amap.relations:
        a, b = amap.claims[rel.source], amap.claims[rel.target]
        if a.paper == b.paper:
            continue
        primary = _primary_topic(amap, a, b)
        if primary is None:
            continue
        if rel.type in AGREEMENT_TYPES:
            agree[primary] += 1
        elif rel.type in CONFLICT_TYPES:
            conflict[primary] += 1
    rows = [{"topic": key, "name": amap.topics[key].name,
             "papers": {p: counts[key][p] for p in papers},
             "agreements": agree[key], "conflicts": conflict[key]}
            for key in sorted(amap.topics)]
    return {"papers": papers, "rows": rows}


def matrix_csv(data: Data) -> str:
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["topic", "name", *data["papers"], "agreements", "conflicts"])
    for row in data["rows"]:
        writer.writerow([row["topic"], row["name"], *(row["papers"][p] for p in data["papers"]),
                         row["agreements"], row["conflicts"]])
    return buffer.getvalue()


def cruxes(amap: ArgMap, limit: int = 10) -> Data:
    """Cross-paper conflicts ranked by how much rests on the claims in conflict.

    What rests on a claim is counted up to :data:`CRUX_DEPTH` relations away, which
    keeps the ranking linear in the size of the map however long its chains are.
    """
    _, carries = _grounds(amap)

    def downstream(start: str) -> set[str]:
        """Claims resting on ``start``, up to :data:`CRUX_DEPTH` relations away."""
        seen: set[str] = set()
        frontier = [start]
        for _ in range(CRUX_DEPTH):
            frontier = [upper for node in frontier for upper, _ in carries.get(node, [])
                        if upper not in seen and upper != start]
            seen.update(frontier)
            if not frontier:
                break
        return seen

    memo: dict[str, set[str]] = {}
    ranked = []
    for rel in amap.relations:
        a, b = amap.claims[rel.source], amap.claims[rel.target]
        if rel.type not in CONFLICT_TYPES or a.paper == b.paper:
            continue
        below = {c for x in (a.id, b.id) for c in memo.setdefault(x, downstream(x))}
        below -= {a.id, b.id}
        goals = sorted((c for c in below if amap.claims[c].kind == "goal"),
                       key=lambda c: amap.claim_order[c])
        theses = sorted((c for c in below if amap.claims[c].kind in ("thesis",
                                                                     "recommendation")),
                        key=lambda c: amap.claim_order[c])
        reason = (f"{plural(len(below), 'claim')} {'rests' if len(below) == 1 else 'rest'} on "
                  f"the two sides ({plural(len(goals), 'goal')}, "
                  f"{plural(len(theses), 'thesis or recommendation', 'theses or recommendations')})")
        ranked.append({
            "score": len(below) + 2 * len(goals) + len(theses),
            "reason": reason, "downstream": len(below), "goals": goals,
            "theses_and_recommendations": theses, **_relation_entry(amap, rel)})
    ranked.sort(key=lambda r: (-r["score"], amap.claim_order[r["from"]["id"]],
                               amap.claim_order[r["to"]["id"]]))
    return {"count": len(ranked), "cruxes": ranked[:limit]}


def consensus(amap: ArgMap, min_papers: int = 3) -> Data:
    """Positions held by ``min_papers`` or more papers: groups of claims joined by agreements."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.get(x, x) != x:
            parent[x] = parent.get(parent[x], parent[x])
            x = parent[x]
        return x

    for rel in amap.relations:
        if rel.type in ("agrees", "confirms"):
            ra, rb = find(rel.source), find(rel.target)
            if ra != rb:
                parent[max(ra, rb)] = min(ra, rb)
    groups: dict[str, list[str]] = defaultdict(list)
    for claim_id in parent:
        groups[find(claim_id)].append(claim_id)
    out: list[Data] = []
    for members in groups.values():
        papers = {amap.claims[c].paper for c in members}
        if len(papers) < min_papers:
            continue
        members.sort(key=lambda c: amap.claim_order[c])
        topics = Counter(t for c in members for t in amap.claims[c].topics)
        out.append({"papers": sorted(papers, key=lambda k: amap.paper_order[k]),
                    "topics": [t for t, _ in topics.most_common(3)],
                    "claims": [claim_brief(amap.claims[c]) for c in members]})
    out.sort(key=lambda g: (-len(g["papers"]), -len(g["claims"]),
                            amap.claim_order[g["claims"][0]["id"]]))
    return {"min_papers": min_papers, "count": len(out), "positions": out}


def _echoes(amap: ArgMap, claim_id: str) -> list[Data]:
    """Other papers' relations to a claim: where they predict the same or the opposite."""
    paper = amap.claims[claim_id].paper
    out: list[Data] = []
    for rel in amap.relations_of.get(claim_id, []):
        other = rel.target if rel.source == claim_id else rel.source
        if amap.claims[other].paper == paper:
            continue
        stance = ("same" if rel.type in AGREEMENT_TYPES else
                  "opposite" if rel.type in CONFLICT_TYPES else "related")
        out.append({"stance": stance, "type": rel.type, "claim": claim_brief(amap.claims[other]),
                    "rationale": rel.rationale})
    out.sort(key=lambda e: amap.claim_order[e["claim"]["id"]])
    return out


def scenarios(amap: ArgMap, paper: str | None = None) -> Data:
    """Each scenario with its conditions, its consequences (valence, for whom), and echoes."""
    keys = set(resolve_papers(amap, paper)) if paper else None
    out = []
    for claim in sorted(amap.claims.values(), key=lambda c: amap.claim_order[c.id]):
        if claim.kind != "scenario" or (keys is not None and claim.paper not in keys):
            continue
        conditions, consequences = [], []
        for rel in amap.relations_of.get(claim.id, []):
            if rel.type == "depends_on" and rel.source == claim.id:
                conditions.append(amap.claims[rel.target])
            elif rel.type == "leads_to" and rel.source == claim.id:
                consequences.append(amap.claims[rel.target])
        order = amap.claim_order
        out.append({
            "scenario": claim_brief(claim),
            "conditions": [claim_brief(c) for c in sorted(conditions, key=lambda c: order[c.id])],
            "consequences": [{**claim_brief(c), "echoes": _echoes(amap, c.id)}
                             for c in sorted(consequences, key=lambda c: order[c.id])],
            "echoes": _echoes(amap, claim.id),
        })
    return {"count": len(out), "scenarios": out}


def timeline(amap: ArgMap) -> Data:
    """Papers and events in date order; each paper's predictions and what later papers say."""
    entries: list[Data] = []
    for event in amap.events.values():
        entries.append({"date": event.date, "sort": (period_end(event.date), 1), "type": "event",
                        "kind": event.kind,
                        "key": event.key, "name": event.name,
                        "reported_by": [{"id": c, "paper": amap.claims[c].paper}
                                        for c in event.reported_by]})
    for paper in amap.papers.values():
        predictions: list[Data] = []
        for claim in amap.claims_by_paper[paper.key]:
            if claim.kind != "prediction":
                continue
            later = [e for e in _echoes(amap, claim.id)
                     if amap.papers[e["claim"]["paper"]].date > paper.date
                     or e["type"] in ("confirms", "refutes")]
            predictions.append({"claim": claim_brief(claim), "later": later})
        predictions.sort(key=lambda p: amap.claim_order[p["claim"]["id"]])
        entries.append({"date": paper.date, "sort": paper.timeline_key(), "type": "paper",
                        "after": paper.after, "before": paper.before, "key": paper.key,
                        "name": paper.title, "date_note": paper.date_note,
                        "predictions": predictions})
    entries.sort(key=lambda e: (*e["sort"], e["key"]))
    for entry in entries:
        del entry["sort"]
    return {"entries": entries}


@_without_collector
def whatif(amap: ArgMap, denied: Iterable[str]) -> Data:
    """Deny claims: which claims and goals lose their support, which conflicts disappear.

    A claim falls when a claim it ``depends_on`` falls, or when every claim that
    supports, confirms or leads to it has fallen (it had some, and none is left).
    """
    start = [resolve_claim(amap, c).id for c in denied]
    needs: dict[str, set[str]] = defaultdict(set)        # A depends_on B
    backed_by: dict[str, list[str]] = defaultdict(list)  # B supports/confirms/leads_to A
    dependants: dict[str, list[str]] = defaultdict(list)
    for rel in amap.relations:
        if rel.type == "depends_on":
            needs[rel.source].add(rel.target)
            dependants[rel.target].append(rel.source)
        elif rel.type in ("supports", "confirms", "leads_to"):
            backed_by[rel.target].append(rel.source)
            dependants[rel.source].append(rel.target)
    # how many of each claim's (distinct) backers still stand, kept as claims fall, so
    # that "has all its support fallen?" costs the same however many backers it has
    standing = {upper: len(set(backers)) for upper, backers in backed_by.items()}
    backs: dict[str, set[str]] = defaultdict(set)
    for upper, backers in backed_by.items():
        for backer in backers:
            backs[backer].add(upper)

    def fall(node: str) -> None:
        fallen.add(node)
        for upper in backs.get(node, ()):
            standing[upper] -= 1

    fallen: set[str] = set()
    for node in dict.fromkeys(start):
        fall(node)
    why: dict[str, str] = {}
    rank = amap.claim_order.__getitem__
    queue = deque(start)
    while queue:
        node = queue.popleft()
        for upper in dependants.get(node, ()):
            if upper in fallen:
                continue
            if node in needs.get(upper, ()):
                why[upper] = f"depends on {node}"
            elif upper in standing and not standing[upper]:
                why[upper] = "all its support has fallen: " + ", ".join(
                    sorted(backed_by[upper], key=rank))
            else:
                continue
            fall(upper)
            queue.append(upper)
    lost = sorted(why, key=rank)
    gone = [_relation_entry(amap, r) for r in amap.relations
            if r.type in CONFLICT_TYPES and (r.source in fallen or r.target in fallen)]
    return {
        "denied": [claim_brief(amap.claims[c]) for c in start],
        "falls": [{"claim": claim_brief(amap.claims[c]), "why": why[c]} for c in lost],
        "goals_falling": [c for c in lost if amap.claims[c].kind == "goal"],
        "conflicts_gone": gone,
    }


def brief(amap: ArgMap, paper: str | None = None, actor: str | None = None, *,
          full: bool = False, words: int | None = None) -> str:
    """A Markdown brief of one paper's, or one actor's, positions, with quotes and citations.

    By default it keeps, within ``words`` words (:data:`argmap.brief.BRIEF_WORDS`), the
    claims most of the map rests on; ``full`` gives every claim.
    """
    from . import brief as briefs

    if (paper is None) == (actor is None):
        raise LookupFailed("brief takes a paper or --actor, one of them", what="brief")
    if full and words is not None:
        raise LookupFailed("--full gives every claim: it takes no --words", what="brief")
    limit = briefs.BRIEF_WORDS if words is None else words
    if paper is not None:
        keys = resolve_papers(amap, paper)
        if len(keys) != 1:
            raise LookupFailed(f"{paper!r} names several papers ({', '.join(keys)}): "
                               "give one key", what=paper)
        if full:
            return briefs.paper_brief_full(amap, keys[0])
        return briefs.paper_brief(amap, keys[0], limit)
    key = resolve_actor(amap, actor or "")
    return briefs.actor_brief_full(amap, key) if full else briefs.actor_brief(amap, key, limit)
