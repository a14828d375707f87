"""Suggested links between papers: which claims of other papers a claim may relate to.

For each claim asked about, every claim of another paper that is not yet related
to it (by a relation in either direction, or by a dismissal) is scored, and the
best are returned with the evidence for them, a guessed polarity and a relation
type. Nothing is downloaded and nothing is learnt at run time.

The score is a logistic model over a few features of the pair, each of which a
curator can read back in the evidence:

- ``lex``: cosine of the two claims' TF-IDF vectors (text and quote, stop words
  dropped, light suffix stemming; IDF over the claims of the map);
- ``emb``: cosine of their static-embedding vectors (:mod:`argmap.embeddings`),
  when the optional extra is installed;
- ``topic``: cosine of their topic sets, each topic weighted by its rarity, and
  ``shares_topic``: whether they share one at all;
- ``same_kind``, ``same_actor``, ``goals_of_actor`` (two goals of one actor);
- ``later_report``: a fact or claim of a later paper against a prediction,
  scenario, consequence, goal or recommendation of an earlier one.

Both cosines are of a claim in its context: to each claim's unit vector is added
``CONTEXT`` times the mean of the unit vectors of the claims it is related to within
its own paper (either direction), and the sum is normalised again. A consequence
that names little of its scenario still carries the scenario's words, so it can be
found by a claim of another paper that speaks of the scenario. Relations across
papers are not used: they are what is being suggested.

The weights were fitted once, by logistic regression, on the shipped map's
cross-paper relations, and are fixed here; ``benchmarks/suggest.py`` measures
them, including on paper pairs held out of the fit. The score is the model's
output in 0..1, rounded to three places; ties are broken by claim id, so the
order is stable.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise
from typing import TYPE_CHECKING, Any

from .errors import ArgmapError, ExitCode
from .lookup import resolve_claim, resolve_papers
from .records import Claim
from .store import ArgMap, did_you_mean

if TYPE_CHECKING:
    import numpy as np

METHODS = ("auto", "lexical", "combined")

#: Feature weights (log-odds) and intercept, per method; see the module's docstring.
WEIGHTS: dict[str, dict[str, float]] = {
    "lexical": {"lex": 8.05, "topic": 2.52, "shares_topic": 1.69, "same_kind": 1.1,
                "same_actor": 0.7, "goals_of_actor": 1.51, "later_report": 0.4,
                "bias": -9.22},
    "combined": {"lex": 4.6, "emb": 5.71, "topic": 1.71, "shares_topic": 1.68,
                 "same_kind": 1.06, "same_actor": 0.7, "goals_of_actor": 1.32,
                 "later_report": 0.39, "bias": -9.12},
}
BLOCK = 128
#: How much a claim's relations within its paper add to its vectors (see above).
CONTEXT = 0.35


def _set(text: str) -> frozenset[str]:
    return frozenset(text.split())


STOPWORDS = _set("""
no not nor a about above after again against all also am an and any are as at be because been before
being below between both but by can could did do does doing down during each either even
ever every few for from further had has have having he her here hers herself him himself
his how i if in into is it its itself just may me might more most must my myself now of off
on once one only or other our ours ourselves out over own same shall she should so some such
than that the their theirs them themselves then there these they this those through to too
two under until up upon very was we were what when where which while who whom whose why will
with would yet you your yours yourself yourselves
""")
_WORD = re.compile(r"[a-z0-9]+")
_POSSESSIVE = re.compile(r"'s\b")
_SUFFIXES = ("ations", "ation", "ings", "ing", "ments", "ment", "ies", "ed", "es", "s", "ly")
#: Words that mark a claim as denying or opposing something (a hint of conflict).
#: Weaker hints: a denial, which suggests a conflict only between claims about different actors.
DENIALS = _set("""
not no never cannot lacks lack doubt doubts unlikely fail fails failed without
""")
NEGATIONS = _set("""
reject rejects rejected rejecting rejection refuse refuses refused refusing refusal oppose
opposes opposed opposing opposition deny denies denied unacceptable impossible infeasible
""")
EXPECTATIONS = frozenset({"prediction", "scenario", "consequence", "goal", "recommendation"})
REPORTS = frozenset({"fact", "claim"})
DEPENDENT = frozenset({"scenario", "goal", "recommendation", "consequence", "prediction"})


@lru_cache(maxsize=1 << 16)
def stem(word: str) -> str:
    """A crude English stem: enough to join "withdraw", "withdrawing" and "withdraws"."""
    for suffix in _SUFFIXES:
        if len(word) - len(suffix) >= 3 and word.endswith(suffix):
            return word[: -len(suffix)] + ("y" if suffix == "ies" else "")
    return word


def words(text: str) -> list[tuple[str, str]]:
    """The content words of a text, as (stem, word as written, lower-cased)."""
    found = _WORD.findall(_POSSESSIVE.sub("", text.lower().replace("’", "'")).replace("'", ""))
    return [(stem(w), w) for w in found if w not in STOPWORDS and len(w) > 1]


def claim_text(claim: Claim) -> str:
    return f"{claim.text} {claim.quote}"


@dataclass
class Index:
    """The claims being compared, as arrays: TF-IDF vectors, topics, kinds, actors, dates."""

    claims: list[Claim]
    position: dict[str, int]
    stems: list[list[str]]
    surface: list[dict[str, str]]
    idf: dict[str, float]
    indptr: np.ndarray
    terms: np.ndarray
    weights: np.ndarray
    post_start: np.ndarray
    post_claims: np.ndarray
    post_weights: np.ndarray
    dense: np.ndarray
    topics: np.ndarray
    kind: np.ndarray
    actor: np.ndarray
    paper: np.ndarray
    paper_rank: np.ndarray
    id_rank: np.ndarray
    kind_count: int
    paper_count: int
    expect_kinds: np.ndarray
    report_kinds: np.ndarray
    column_class: np.ndarray
    is_goal: np.ndarray
    actor_columns: list[np.ndarray]
    actor_goal_columns: list[np.ndarray]
    paper_columns: list[np.ndarray]
    stem_sets: list[frozenset[str]]
    by_weight: list[list[str]]
    bigrams: list[frozenset[tuple[str, str]]]
    vectors: np.ndarray | None
    own_vectors: np.ndarray | None

    @classmethod
    def build(cls, amap: ArgMap, embed: bool = False, context: float = CONTEXT) -> Index:
        """The index of every claim of ``amap``; with ``embed``, their static-embedding vectors.

        ``context`` is the weight of a claim's relations within its paper in its
        vectors (0: its own text alone).
        """
        import numpy as np

        from .embeddings import claim_vectors

        claims = sorted(amap.claims.values(), key=lambda c: amap.claim_order[c.id])
        n = len(claims)
        position = {c.id: i for i, c in enumerate(claims)}
        related: list[set[int]] = [set() for _ in claims]
        for r in amap.relations:
            x, y = position.get(r.source), position.get(r.target)
            if x is not None and y is not None and x != y and claims[x].paper == claims[y].paper:
                related[x].add(y)
                related[y].add(x)
        neighbours = [sorted(found) for found in related] if context else [[] for _ in claims]
        stems: list[list[str]] = []
        surface: list[dict[str, str]] = []
        for claim in claims:
            pairs = words(claim_text(claim))
            stems.append([s for s, _ in pairs])
            first: dict[str, str] = {}
            for s, w in pairs:
                first.setdefault(s, w)
            surface.append(first)
        df = Counter(s for doc in stems for s in set(doc))
        idf = {s: math.log((1 + n) / (1 + d)) + 1 for s, d in df.items()}
        vocab = {term: i for i, term in enumerate(sorted(df))}
        # words in many claims go in a dense matrix (one matrix product), the rest in
        # postings lists (a sparse product): the same cosine, at a fraction of the cost
        common_df = max(32, n // 64)
        common = {term: i for i, term in enumerate(sorted(t for t, d in df.items()
                                                          if d >= common_df))}
        dense = np.zeros((n, len(common)), dtype=np.float32)
        indptr = [0]
        terms: list[int] = []
        weights: list[float] = []
        own: list[dict[str, float]] = []
        for doc in stems:
            row = {term: (1 + math.log(c)) * idf[term] for term, c in Counter(doc).items()}
            norm = math.sqrt(sum(v * v for v in row.values())) or 1.0
            own.append({term: v / norm for term, v in row.items()})
        for x in range(n):
            row = own[x]
            if neighbours[x]:
                row = dict(row)
                share = context / len(neighbours[x])
                for y in neighbours[x]:
                    for term, v in own[y].items():
                        row[term] = row.get(term, 0.0) + share * v
            norm = math.sqrt(sum(v * v for v in row.values())) or 1.0
            for term in sorted(row, key=vocab.__getitem__):
                if term in common:
                    dense[x, common[term]] = row[term] / norm
                else:
                    terms.append(vocab[term])
                    weights.append(row[term] / norm)
            indptr.append(len(terms))
        term_arr = np.asarray(terms, dtype=np.int64)
        weight_arr = np.asarray(weights, dtype=np.float64)
        owner = np.repeat(np.arange(n, dtype=np.int64), np.diff(np.asarray(indptr)))
        order = np.argsort(term_arr, kind="stable")
        counts = np.bincount(term_arr, minlength=len(vocab))
        post_start = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)

        topic_keys = sorted({key for c in claims for key in c.topics})
        topic_pos = {key: i for i, key in enumerate(topic_keys)}
        topics = np.zeros((n, len(topic_keys)), dtype=np.float32)
        for i, claim in enumerate(claims):
            for key in claim.topics:
                topics[i, topic_pos[key]] = 1.0
        if topic_keys:
            tidf = (np.log(n / (topics.sum(axis=0) + 1)) + 1).astype(np.float32)
            topics = topics * tidf
            norms = np.linalg.norm(topics, axis=1, keepdims=True)
            topics = topics / np.where(norms > 0, norms, 1)

        def codes(values: list[str | None]) -> np.ndarray:
            names = {v: i for i, v in enumerate(sorted({v for v in values if v}))}
            return np.asarray([names[v] if v else -1 for v in values], dtype=np.int64)

        ranks = amap.paper_order
        kind_names = sorted({c.kind for c in claims})
        kind = codes([c.kind for c in claims])
        actor = codes([c.actor for c in claims])
        paper_rank = np.asarray([ranks[c.paper] for c in claims], dtype=np.int64)
        paper = codes([c.paper for c in claims])
        is_goal = np.asarray([c.kind == "goal" for c in claims])
        actors = int(actor.max()) + 1 if n else 0
        actor_columns = [np.flatnonzero(actor == a) for a in range(actors)]
        actor_goal_columns = [np.flatnonzero((actor == a) & is_goal) for a in range(actors)]
        own_vectors = claim_vectors([claim_text(c) for c in claims]) if embed else None
        vectors = own_vectors
        if own_vectors is not None and any(neighbours):
            vectors = own_vectors.copy()
            for x, found in enumerate(neighbours):
                if found:
                    vectors[x] += np.float32(context) * own_vectors[found].mean(axis=0)
            norms = np.linalg.norm(vectors, axis=1, keepdims=True)
            vectors /= np.where(norms > 0, norms, 1)
        return cls(
            claims=claims, position=position, stems=stems,
            surface=surface, idf=idf, indptr=np.asarray(indptr, dtype=np.int64), terms=term_arr,
            weights=weight_arr, post_start=post_start, post_claims=owner[order],
            post_weights=weight_arr[order], dense=dense, topics=topics,
            kind=kind, actor=actor, paper=paper,
            paper_rank=paper_rank,
            kind_count=len(kind_names), paper_count=len(ranks),
            expect_kinds=np.asarray([k in EXPECTATIONS for k in kind_names]),
            report_kinds=np.asarray([k in REPORTS for k in kind_names]),
            column_class=kind * len(ranks) + paper_rank, is_goal=is_goal,
            actor_columns=actor_columns, actor_goal_columns=actor_goal_columns,
            paper_columns=[np.flatnonzero(paper == p) for p in range(int(paper.max()) + 1)]
            if n else [],
            id_rank=np.argsort(np.argsort(np.asarray([c.id for c in claims]), kind="stable")),
            stem_sets=[frozenset(doc) for doc in stems],
            by_weight=[sorted(set(doc), key=lambda term: (-idf[term], term)) for doc in stems],
            bigrams=[frozenset(pairwise(doc)) for doc in stems],
            vectors=vectors, own_vectors=own_vectors)

    def lexical(self, rows: np.ndarray) -> np.ndarray:
        """TF-IDF cosine (float32) of each of ``rows`` with every claim: common words'
        dense product plus the other words' sparse product, by postings."""
        import numpy as np

        n = len(self.claims)
        common: np.ndarray = self.dense[rows] @ self.dense.T
        starts, ends = self.indptr[rows], self.indptr[rows + 1]
        lengths = ends - starts
        entry = np.concatenate([np.arange(a, b) for a, b in zip(starts, ends, strict=True)]
                               ) if len(rows) else np.zeros(0, dtype=np.int64)
        entry_row = np.repeat(np.arange(len(rows)), lengths)
        terms = self.terms[entry]
        first, last = self.post_start[terms], self.post_start[terms + 1]
        spans = last - first
        total = int(spans.sum())
        if total == 0:
            return common
        rep = np.repeat(np.arange(len(entry)), spans)
        offsets = np.arange(total) - np.repeat(np.cumsum(spans) - spans, spans) + first[rep]
        cells = entry_row[rep] * n + self.post_claims[offsets]
        values = self.weights[entry][rep] * self.post_weights[offsets]
        rare = np.bincount(cells, weights=values, minlength=len(rows) * n).reshape(len(rows), n)
        common += rare.astype(np.float32)
        return common

    def features(self, rows: np.ndarray) -> dict[str, np.ndarray]:
        """Each feature of ``rows`` against every claim: float arrays, or boolean masks."""
        import numpy as np

        kind_names = sorted({c.kind for c in self.claims})
        goal = kind_names.index("goal") if "goal" in kind_names else -2
        expect = np.isin(self.kind, [kind_names.index(k) for k in EXPECTATIONS if k in kind_names])
        report = np.isin(self.kind, [kind_names.index(k) for k in REPORTS if k in kind_names])
        topic = (self.topics[rows] @ self.topics.T).astype(np.float32)
        actor = self.actor[rows][:, None]
        same_actor = (actor == self.actor[None, :]) & (actor >= 0)
        both_goals = (self.kind[rows][:, None] == goal) & (self.kind[None, :] == goal)
        rank = self.paper_rank[rows][:, None]
        later_report = (((rank > self.paper_rank[None, :]) & report[rows][:, None] & expect[None, :])
                        | ((rank < self.paper_rank[None, :]) & expect[rows][:, None]
                           & report[None, :]))
        out = {
            "lex": self.lexical(rows).astype(np.float32),
            "topic": topic,
            "shares_topic": topic > 0,
            "same_kind": self.kind[rows][:, None] == self.kind[None, :],
            "same_actor": same_actor,
            "goals_of_actor": same_actor & both_goals,
            "later_report": later_report,
        }
        if self.vectors is not None:
            out["emb"] = self.vectors[rows] @ self.vectors.T
        return out


def scores(index: Index, rows: np.ndarray, weights: dict[str, float]) -> np.ndarray:
    """The model's logit for each of ``rows`` against every claim (float32).

    The same sum as the weighted :meth:`Index.features`, in fewer passes over the
    block: the kind and date features through a small table per row (they depend
    only on the two claims' kinds and papers), the actor features on the columns
    of the row's actor only.
    """
    import numpy as np

    f32 = np.float32
    total = np.full((len(rows), len(index.claims)), weights["bias"], dtype=f32)
    total += f32(weights["lex"]) * index.lexical(rows)
    if "emb" in weights and index.vectors is not None:
        total += f32(weights["emb"]) * (index.vectors[rows] @ index.vectors.T)
    topic = (index.topics[rows] @ index.topics.T).astype(f32)
    total += f32(weights["topic"]) * topic
    np.add(total, f32(weights["shares_topic"]), out=total, where=topic > 0)
    del topic
    # kind and date: a (kind, paper) table per row, gathered by each column's class
    kinds, papers = index.kind_count, index.paper_count
    expect, report = index.expect_kinds, index.report_kinds
    row_kind, row_rank = index.kind[rows], index.paper_rank[rows]
    col_kind = np.arange(kinds)[None, :, None]
    col_rank = np.arange(papers)[None, None, :]
    rk, rr = row_kind[:, None, None], row_rank[:, None, None]
    later = (((rr > col_rank) & report[rk] & expect[col_kind])
             | ((rr < col_rank) & expect[rk] & report[col_kind]))
    table = (weights["same_kind"] * (rk == col_kind) + weights["later_report"] * later
             ).astype(f32).reshape(len(rows), kinds * papers)
    total += table[:, index.column_class]
    # actor: the columns of the row's own actor, and among them its goals
    for r, i in enumerate(rows.tolist()):
        actor = int(index.actor[i])
        if actor >= 0:
            total[r, index.actor_columns[actor]] += f32(weights["same_actor"])
            if index.is_goal[i]:
                total[r, index.actor_goal_columns[actor]] += f32(weights["goals_of_actor"])
    return total


def excluded_pairs(amap: ArgMap) -> set[frozenset[str]]:
    """Pairs already related (either way) or dismissed: never suggested."""
    pairs = {frozenset((r.source, r.target)) for r in amap.relations}
    pairs |= {frozenset((d.a, d.b)) for d in amap.dismissed}
    return pairs


@lru_cache(maxsize=1 << 14)
def _plain_words(text: str) -> frozenset[str]:
    return frozenset(_WORD.findall(text.lower()))


def _negated(claim: Claim, cues: frozenset[str] = NEGATIONS) -> bool:
    return not _plain_words(claim.text).isdisjoint(cues)


def _opposed(a: Claim, b: Claim) -> bool:
    """One claim opposes or denies what the other does not: a hint of conflict."""
    if _negated(a) != _negated(b):
        return True
    apart = bool(a.actor and b.actor and a.actor != b.actor)
    return apart and _negated(a, DENIALS) != _negated(b, DENIALS)


@lru_cache(maxsize=1 << 14)
def _stems(text: str) -> frozenset[str]:
    return frozenset(s for s, _ in words(text))


def linked(a: Claim, b: Claim) -> bool:
    """Whether two claims share anything a guess can rest on: a content word, a topic, an actor."""
    if set(a.topics) & set(b.topics) or (a.actor and a.actor == b.actor):
        return True
    return not _stems(claim_text(a)).isdisjoint(_stems(claim_text(b)))


def guess(amap: ArgMap, a: Claim, b: Claim) -> tuple[str, str | None]:
    """A guessed polarity (agree, conflict, depends or none) and a relation type, read a -> b.

    The cues: a condition and what rests on it (depends); a later paper's fact or
    claim on an earlier expectation (confirms, or refutes when one side opposes or
    denies what the other does not); two goals of one actor (agrees); otherwise
    agree, or conflict on opposing wording. None when the claims share no word,
    topic or actor.
    """
    if not linked(a, b):
        return "none", None
    later = amap.paper_order[a.paper] > amap.paper_order[b.paper]
    opposed = _opposed(a, b)
    if a.kind == "condition" or b.kind == "condition":
        if b.kind == "condition" and a.kind in DEPENDENT:
            return "depends", "depends_on"
        if a.kind == "condition" and b.kind in DEPENDENT:
            return "depends", None  # b depends on a: written from b
    if a.kind in REPORTS and b.kind in EXPECTATIONS and later:
        return ("conflict", "refutes") if opposed else ("agree", "confirms")
    if b.kind in REPORTS and a.kind in EXPECTATIONS and not later and \
            amap.paper_order[a.paper] != amap.paper_order[b.paper]:
        return ("conflict", "conflicts") if opposed else ("agree", "agrees")
    if a.kind == b.kind == "goal" and a.actor and a.actor == b.actor:
        return "agree", "agrees"
    if opposed:
        return "conflict", "conflicts"
    return "agree", "agrees"


def evidence(amap: ArgMap, index: Index, i: int, j: int, emb: float | None) -> list[str]:
    """Why a pair is suggested, in words a curator can check."""
    a, b = index.claims[i], index.claims[j]
    why: list[str] = []
    shared = index.stem_sets[i] & index.stem_sets[j]
    phrases = sorted(index.bigrams[i] & index.bigrams[j],
                     key=lambda p: (-(index.idf[p[0]] + index.idf[p[1]]), p))
    if phrases:
        shown = [f"{index.surface[i][x]} {index.surface[i][y]}" for x, y in phrases
                 if min(len(index.surface[i][x]), len(index.surface[i][y])) > 2][:2]
        if shown:
            why.append("phrases: " + ", ".join(f'"{p}"' for p in shown))
    if shared:
        top = [s for s in index.by_weight[i] if s in shared][:5]
        why.append("words: " + ", ".join(index.surface[i][s] for s in top))
    common = sorted(set(a.topics) & set(b.topics))
    if common:
        why.append("topics: " + ", ".join(common))
    if a.kind == b.kind == "goal" and a.actor and a.actor == b.actor:
        why.append(f"two goals of {a.actor}")
    elif a.actor and a.actor == b.actor:
        why.append(f"same actor: {a.actor}")
    order = amap.paper_order
    if order[a.paper] != order[b.paper]:
        early, late = (a, b) if order[a.paper] < order[b.paper] else (b, a)
        if early.kind in EXPECTATIONS and late.kind in REPORTS:
            why.append(f"a later paper's {late.kind} ({late.paper}) on an earlier "
                       f"{early.kind} ({early.paper})")
    if a.kind == b.kind and a.kind != "goal":
        why.append(f"both {a.kind}s" if not a.kind.endswith("s") else f"both {a.kind}")
    if emb is not None and emb >= 0.3:
        why.append(f"close in meaning ({emb:.2f})")
    return why


def _rows(amap: ArgMap, ids: Sequence[str], papers: Sequence[str]) -> list[str]:
    chosen: list[str] = []
    for ident in ids:
        chosen.append(resolve_claim(amap, ident).id)
    for token in papers:
        for key in resolve_papers(amap, token):
            chosen += [c.id for c in amap.claims_by_paper[key]]
    if not ids and not papers:
        chosen = list(amap.claims)
    seen: set[str] = set()
    return [c for c in sorted(chosen, key=amap.claim_order.__getitem__)
            if not (c in seen or seen.add(c))]  # type: ignore[func-returns-value]


def resolve_method(method: str) -> str:
    """The method to use: ``auto`` is combined when the embeddings extra is installed."""
    from . import embeddings

    if method not in METHODS:
        raise ArgmapError(f"unknown method {method!r}; choose one of {', '.join(METHODS)}"
                          f"{did_you_mean(method, METHODS)}", what="--method")
    if method == "lexical":
        return "lexical"
    if not embeddings.available():
        if method == "combined":
            raise ArgmapError("the combined method needs the embeddings: "
                              "pip install 'argmap[embeddings]'", what="--method",
                              exit_code=ExitCode.MISSING_TOOL)
        return "lexical"
    return "combined"


def suggest(amap: ArgMap, ids: Sequence[str] = (), papers: Sequence[str] = (),
            with_papers: Sequence[str] = (), limit: int = 5, min_score: float | None = None,
            method: str = "auto", index: Index | None = None,
            weights: dict[str, float] | None = None) -> dict[str, Any]:
    """Ranked suggestions for the claims named (by id or paper; default all), best first.

    Returns ``{"method", "suggestions": [{from, to, score, polarity, type, why}],
    "claims": {id: claim fields}}``; suggestions are grouped by their ``from``
    claim in reading order, each group best first (ties by ``to``). ``index`` and
    ``weights`` let the benchmark reuse one index and try other weights.
    """
    import numpy as np

    used = resolve_method(method)
    if limit < 1:
        raise ArgmapError("--limit must be at least 1", what=str(limit))
    rows_ids = _rows(amap, ids, papers)
    allowed: set[str] | None = None
    if with_papers:
        allowed = {k for token in with_papers for k in resolve_papers(amap, token)}
    if index is None:
        index = Index.build(amap, embed=used == "combined")
    weights = weights or WEIGHTS[used]
    skip = excluded_pairs(amap)
    partners: dict[int, list[int]] = {}
    for pair in skip:
        if len(pair) == 2:
            x, y = (index.position.get(c) for c in pair)
            if x is not None and y is not None:
                partners.setdefault(x, []).append(y)
                partners.setdefault(y, []).append(x)
    column_ok = np.ones(len(index.claims), dtype=bool)
    if allowed is not None:
        column_ok = np.asarray([c.paper in allowed for c in index.claims])
    out: list[dict[str, Any]] = []
    row_positions = np.asarray([index.position[c] for c in rows_ids], dtype=np.int64)
    for start in range(0, len(row_positions), BLOCK):
        rows = row_positions[start:start + BLOCK]
        logits = scores(index, rows, weights)
        logits[:, ~column_ok] = -np.inf
        for r, i in enumerate(rows.tolist()):
            logits[r, index.paper_columns[int(index.paper[i])]] = -np.inf
            logits[r, partners.get(i, [])] = -np.inf
        width = logits.shape[1]
        k_all = min(limit, width)
        # every candidate at least as good as the k-th best of its row (ties included),
        # then in order: best first, ties by id
        kth = np.partition(logits, width - k_all, axis=1)[:, width - k_all]
        keep_r, keep_c = np.nonzero((logits >= kth[:, None]) & (logits > -np.inf))
        bounds = np.searchsorted(keep_r, np.arange(len(rows) + 1))
        for r, i in enumerate(rows.tolist()):
            candidates = keep_c[bounds[r]:bounds[r + 1]]
            order = np.lexsort((index.id_rank[candidates], -logits[r, candidates]))[:limit]
            for j in candidates[order].tolist():
                score = round(1.0 / (1.0 + math.exp(-max(-50.0, float(logits[r, j])))), 3)
                if min_score is not None and score < min_score:
                    continue
                a, b = index.claims[i], index.claims[j]
                emb = float(index.own_vectors[i] @ index.own_vectors[j]) \
                    if index.own_vectors is not None else None
                polarity, rel_type = guess(amap, a, b)
                out.append({"from": a.id, "to": b.id, "score": score, "polarity": polarity,
                            "type": rel_type, "why": evidence(amap, index, i, j, emb)})
    shown = sorted({s["from"] for s in out} | {s["to"] for s in out},
                   key=amap.claim_order.__getitem__)
    return {"method": used, "suggestions": out,
            "claims": {cid: _claim_data(amap.claims[cid]) for cid in shown}}


def _claim_data(claim: Claim) -> dict[str, Any]:
    return {"id": claim.id, "paper": claim.paper, "kind": claim.kind, "actor": claim.actor,
            "text": claim.text, "quote": claim.quote}


def unique_pairs(suggestions: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Suggestions with each unordered pair once (its first, best-placed, occurrence)."""
    seen: set[frozenset[str]] = set()
    out = []
    for s in suggestions:
        pair = frozenset((s["from"], s["to"]))
        if pair not in seen:
            seen.add(pair)
            out.append(s)
    return out


def json_text(suggestions: list[dict[str, Any]]) -> str:
    """The suggestions as :func:`argmap.jsontext.dumps` writes them, built much faster.

    A list of 100,000 suggestions takes seconds through the json module's indenting
    encoder; each value here is encoded by its C encoder instead. A test keeps the
    text equal to ``dumps``.
    """
    from json.encoder import encode_basestring  # the C encoder of strings, as written

    def text(value: Any) -> str:
        if isinstance(value, str):
            return encode_basestring(value)
        return "null" if value is None else repr(value)

    if not suggestions:
        return "[]\n"
    parts = []
    for s in suggestions:
        why = ("[\n" + ",\n".join(f"      {text(w)}" for w in s["why"]) + "\n    ]"
               if s["why"] else "[]")
        parts.append(
            f'  {{\n    "from": {text(s["from"])},\n    "polarity": {text(s["polarity"])},\n'
            f'    "score": {text(s["score"])},\n    "to": {text(s["to"])},\n'
            f'    "type": {text(s["type"])},\n    "why": {why}\n  }}')
    return "[\n" + ",\n".join(parts) + "\n]\n"
