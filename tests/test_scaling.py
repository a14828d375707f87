"""search, whatif and path give the answers of their plain definitions, on maps of any
shape and size: a straightforward (and slow) reading of each definition is kept here,
and hypothesis compares the two on generated maps. Long chains and cycles, where the
plain readings were quadratic, have exact expectations of their own."""

from __future__ import annotations

import heapq
import os
import re
from collections import defaultdict, deque
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from argmap import analysis
from argmap.queries import claim_brief
from argmap.records import Author, Claim, Paper, Relation
from argmap.store import ArgMap

from .conftest import run

SETTINGS = settings(max_examples=1000 if os.environ.get("CI") else 200, deadline=None)


# -- the plain definitions --------------------------------------------------------------

def _terms(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def _starts_word(text: str, word: str) -> bool:
    at = text.find(word)
    while at >= 0:
        if at == 0 or not text[at - 1].isalnum():
            return True
        at = text.find(word, at + 1)
    return False


def plain_search(amap: ArgMap, text: str, limit: int = 20) -> dict[str, Any]:
    """Every query word tried against every field of every claim."""
    words = [w for w in _terms(text) if len(w) > 1] or _terms(text)
    phrase = " ".join(_terms(text))
    weights = (("text", 2.0), ("quote", 1.5), ("topics", 1.0), ("id", 0.5))
    hits = []
    for claim in amap.claims.values():
        values = (claim.text.lower(), claim.quote.lower(), " ".join(claim.topics).lower(),
                  claim.id.replace(".", " ").lower())
        score, matched = 0.0, []
        for (name, weight), value in zip(weights, values, strict=True):
            found = sum(1 for w in words if _starts_word(value, w))
            if found:
                score += weight * found
                matched.append(name)
        if not score:
            continue
        prose = values[0] + " " + values[1]
        if all(_starts_word(prose, w) for w in words):
            score += 3.0
            if phrase and phrase in " ".join(_terms(prose)):
                score += 4.0
        hits.append((score, claim, matched))
    order = amap.claim_order
    best = heapq.nsmallest(limit, hits, key=lambda h: (-h[0], order[h[1].id]))
    return {"query": text, "words": words, "count": len(hits),
            "results": [{"score": round(s, 2), "matched": m, "claim": claim_brief(c)}
                        for s, c, m in best]}


def plain_whatif(amap: ArgMap, denied: Iterable[str]) -> list[tuple[str, str]]:
    """Each visit checks the dependency list and every backer again."""
    start = list(denied)
    needs: dict[str, list[str]] = defaultdict(list)
    backed_by: dict[str, list[str]] = defaultdict(list)
    dependants: dict[str, list[str]] = defaultdict(list)
    for rel in amap.relations:
        if rel.type == "depends_on":
            needs[rel.source].append(rel.target)
            dependants[rel.target].append(rel.source)
        elif rel.type in ("supports", "confirms", "leads_to"):
            backed_by[rel.target].append(rel.source)
            dependants[rel.source].append(rel.target)
    fallen = set(start)
    why: dict[str, str] = {}
    queue = deque(start)
    while queue:
        node = queue.popleft()
        for upper in dependants[node]:
            if upper in fallen:
                continue
            if node in needs[upper]:
                why[upper] = f"depends on {node}"
            elif backed_by[upper] and all(b in fallen for b in backed_by[upper]):
                why[upper] = "all its support has fallen: " + ", ".join(
                    sorted(backed_by[upper], key=lambda c: amap.claim_order[c]))
            else:
                continue
            fallen.add(upper)
            queue.append(upper)
    return [(c, why[c]) for c in sorted(why, key=lambda c: amap.claim_order[c])]


def plain_path(amap: ArgMap, a: str, b: str, limit: int = 5) -> list[list[tuple[str, ...]]]:
    """Every shortest chain, as lists copied at each step."""
    adjacent: dict[str, list[tuple[str, Relation]]] = defaultdict(list)
    for rel in amap.relations:
        adjacent[rel.source].append((rel.target, rel))
        adjacent[rel.target].append((rel.source, rel))
    dist = {a: 0}
    queue = deque([a])
    while queue:
        node = queue.popleft()
        if node == b:
            break
        for nxt, _ in adjacent[node]:
            if nxt not in dist:
                dist[nxt] = dist[node] + 1
                queue.append(nxt)
    if b not in dist:
        return []
    order = amap.claim_order
    paths: list[list[tuple[str, ...]]] = []
    stack: list[tuple[str, list[tuple[str, ...]]]] = [(b, [])]
    while stack and len(paths) < limit:
        node, tail = stack.pop()
        if node == a:
            paths.append(tail)
            continue
        options = sorted(((prev, rel) for prev, rel in adjacent[node]
                          if dist.get(prev) == dist[node] - 1),
                         key=lambda pr: (order[pr[0]], pr[1].type), reverse=True)
        for prev, rel in options:
            step = (prev, node, rel.type, "forward" if rel.source == prev else "backward")
            stack.append((prev, [step, *tail]))
    return paths


# -- generated maps ---------------------------------------------------------------------

def build(claims: list[tuple[str, str, str, list[str]]],
          relations: list[tuple[int, int, str]]) -> ArgMap:
    paper = Paper(key="p", title="T", authors=[Author(name="A B")], date="2020", kind="study")
    made = [Claim(id=f"p.c{i}", paper="p", kind="claim", text=text, quote=quote, topics=topics)
            for i, (_, text, quote, topics) in enumerate(claims)]
    # ids from the generated words too, so the id field is searched as well
    made = [c._replace(id=f"{c.id}.{claims[i][0]}") if claims[i][0] else c
            for i, c in enumerate(made)]
    ids = [c.id for c in made]
    rels = [Relation(source=ids[s % len(ids)], target=ids[t % len(ids)], type=kind)
            for s, t, kind in relations if s % len(ids) != t % len(ids)]
    return ArgMap(papers={"p": paper}, claims={c.id: c for c in made}, relations=rels)


#: Letters that stress the word rules: underscores, digits, case that lower() changes
#: in length or by context (İ, final sigma), punctuation and spaces.
LETTERS = st.sampled_from([*"aab_bc1 -.'", "İ", "Σ", "ς", "é", "\u00a0", "\n"])
phrases = st.text(alphabet=LETTERS, max_size=30)
id_words = st.text(alphabet=st.sampled_from([*"abc1_-"]), max_size=6)
claim_rows = st.lists(st.tuples(id_words, phrases, phrases,
                                st.lists(st.sampled_from(["ab", "b_c", "c-1"]), max_size=2)),
                      min_size=1, max_size=12)
relation_rows = st.lists(st.tuples(st.integers(0, 11), st.integers(0, 11), st.sampled_from(
    ["depends_on", "supports", "confirms", "leads_to", "conflicts", "agrees"])), max_size=30)


@SETTINGS
@given(claim_rows, st.text(alphabet=LETTERS, min_size=1, max_size=20))
def test_search_answers_as_its_definition(claims: list[Any], query: str) -> None:
    amap = build(claims, [])
    if not _terms(query):
        return
    assert analysis.search(amap, query) == plain_search(amap, query)


@SETTINGS
@given(claim_rows, relation_rows, st.lists(st.integers(0, 11), min_size=1, max_size=3))
def test_whatif_answers_as_its_definition(claims: list[Any], relations: list[Any],
                                          denied: list[int]) -> None:
    amap = build(claims, relations)
    ids = list(amap.claims)
    deny = [ids[d % len(ids)] for d in denied]
    got = analysis.whatif(amap, deny)
    assert [(f["claim"]["id"], f["why"]) for f in got["falls"]] == plain_whatif(amap, deny)


@SETTINGS
@given(claim_rows, relation_rows, st.integers(0, 11), st.integers(0, 11))
def test_path_answers_as_its_definition(claims: list[Any], relations: list[Any], a: int,
                                        b: int) -> None:
    amap = build(claims, relations)
    ids = list(amap.claims)
    start, end = ids[a % len(ids)], ids[b % len(ids)]
    got = analysis.path(amap, start, end)
    assert [[(s["from"], s["to"], s["type"], s["direction"]) for s in p]
            for p in got["paths"]] == plain_path(amap, start, end)


# -- long chains and cycles -------------------------------------------------------------

def cycle(n: int, kind: str) -> ArgMap:
    """Claims n0 .. n(n-1), each related by ``kind`` to the next, the last to the first."""
    return build([("", f"Claim {i}.", f"quote {i}", []) for i in range(n)],
                 [(i, (i + 1) % n, kind) for i in range(n)])


def test_whatif_on_a_long_depends_on_cycle() -> None:
    amap = cycle(3000, "depends_on")  # p.c0 depends on p.c1 ... p.c2999 on p.c0
    falls = analysis.whatif(amap, ["p.c0"])["falls"]
    assert len(falls) == 2999
    assert (falls[0]["claim"]["id"], falls[0]["why"]) == ("p.c1", "depends on p.c2")
    assert (falls[-1]["claim"]["id"], falls[-1]["why"]) == ("p.c2999", "depends on p.c0")


def test_whatif_on_a_long_supports_cycle() -> None:
    amap = cycle(3000, "supports")  # p.c0 supports p.c1 ... p.c2999 supports p.c0
    falls = analysis.whatif(amap, ["p.c0"])["falls"]
    assert len(falls) == 2999
    assert falls[0] == {"claim": claim_brief(amap.claims["p.c1"]),
                        "why": "all its support has fallen: p.c0"}


def test_whatif_with_many_backers_falls_only_when_the_last_one_does() -> None:
    backers = 2000
    amap = build([("", "Top.", "top", []), *[("", f"B{i}.", f"b {i}", [])
                                            for i in range(backers)]],
                 [(i, 0, "supports") for i in range(1, backers + 1)]
                 + [(1, 0, "confirms")])  # one backer twice: named twice, counted once
    ids = list(amap.claims)
    assert analysis.whatif(amap, ids[2:])["falls"] == []
    falls = analysis.whatif(amap, ids[1:])["falls"]
    assert [f["claim"]["id"] for f in falls] == ["p.c0"]
    assert falls[0]["why"].startswith("all its support has fallen: p.c1, p.c1, p.c2, p.c3")


def test_path_along_a_long_cycle_goes_both_ways() -> None:
    amap = cycle(4000, "supports")
    data = analysis.path(amap, "p.c0", "p.c2000")
    assert data["length"] == 2000
    forward, backward = data["paths"]
    assert [s["from"] for s in forward] == [f"p.c{i}" for i in range(2000)]
    assert {s["direction"] for s in forward} == {"forward"}
    assert [s["to"] for s in backward] == [f"p.c{i}" for i in range(3999, 1999, -1)]
    assert {s["direction"] for s in backward} == {"backward"}


def test_whatif_and_path_print_a_line_a_claim(tmp_path: Path) -> None:
    n = 500
    lines = ["papers:", "  - {key: p, title: T, authors: [{name: A B}], date: '2020', "
             "kind: study}", "claims:"]
    lines += [f"  - {{id: p.c{i}, paper: p, kind: claim, text: Claim {i}., quote: q{i}}}"
              for i in range(n)]
    lines += ["relations:"] + [f"  - {{from: p.c{i}, to: p.c{(i + 1) % n}, type: supports}}"
                               for i in range(n)]
    store = tmp_path / "cycle.yaml"
    store.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run("--store", store, "whatif", "--deny", "p.c0")
    assert result.exit_code == 0
    out = result.stdout.splitlines()
    assert out[:5] == ["denied: p.c0 [claim] Claim 0.", "", f"Lose their support ({n - 1})",
                       "  p.c1 [claim] Claim 1.", "    all its support has fallen: p.c0"]
    assert out[-2:] == ["", "Conflicts that disappear (0)"]
    assert len(out) == 1 + 2 + 2 * (n - 1) + 2  # denied, heading, two lines a fall, heading
    result = run("--store", store, "path", "p.c0", "p.c3")
    assert result.exit_code == 0
    out = result.stdout.splitlines()
    assert out[-4:] == ["1. p.c0", "   -supports-> p.c1", "   -supports-> p.c2",
                        "   -supports-> p.c3"]
    long = run("--store", store, "path", "p.c0", "p.c250")
    assert long.exit_code == 0
    steps = [line for line in long.stdout.splitlines() if line.startswith("   ")]
    assert len(steps) == 2 * 250  # two chains, one either way round the cycle
