"""search gives the answers of its plain definition, on maps of any shape and size: a
straightforward (and slow) reading of the definition is kept here, and hypothesis
compares the two on generated maps."""

from __future__ import annotations

import heapq
import os
import re
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from argmap import analysis
from argmap.queries import claim_brief
from argmap.records import Author, Claim, Paper, Relation
from argmap.store import ArgMap

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
