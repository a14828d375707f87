#!/usr/bin/env python3
"""How well `argmap suggest` finds the shipped map's cross-paper relations, and at what cost.

    python benchmarks/suggest.py            # recall, polarity, held-out figure, cost
    python benchmarks/suggest.py --quick    # no 10,000-claim cost run
    python benchmarks/suggest.py --fit      # the weights fitted on every pair, for suggest.py

Recall: remove every cross-paper relation of the shipped map, run suggest over
every claim, and count a removed relation as found at K when its pair is among
the first K suggestions of either of its claims. One row per method:

- tfidf + topic: the reference, TF-IDF cosine plus 0.1 for a shared topic;
- bm25 + topic: BM25 (k1 1.2, b 0.75), each claim's text as the query, plus the same bonus;
- embeddings: the static embeddings' cosine alone (needs argmap[embeddings]);
  these three on each claim's own text, without its context within its paper;
- lexical: argmap's model without embeddings (suggest --method lexical);
- combined: argmap's model with them (suggest --method combined, the default when installed).

Fit: the weights in suggest.py are the logistic regression below fitted once on
every cross-paper pair of claims (a removed relation: 1, any other pair: 0), rounded;
--fit prints them.

Held-out: the model's weights are fitted by logistic regression. For each of the
ten pairs of papers, the weights are fitted again on the other nine pairs' claims
only, and recall is counted on the held-out pair's relations; the figure sums
the ten folds. It says how the model does on relations it was not fitted on.

Polarity: each removed relation's guessed polarity against its type's class
(agrees/supports/confirms: agree; conflicts/attacks/refutes: conflict;
depends_on/leads_to/answers: depends), per class.

Cost: wall time, CPU time (user + system) and peak memory of a fresh `argmap
suggest --limit 10 --json` process over every claim of the shipped map and of a
synthetic 10,000-claim store (claims made of the shipped map's words, 25 papers),
median of three runs (the first computes the claim vectors, the others read them
from the cache). The load average is printed: on a busy machine the wall time is
longer than the CPU time.
"""

from __future__ import annotations

import argparse
import math
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np

from argmap import embeddings
from argmap.store import ArgMap, load
from argmap.suggest import WEIGHTS, Index, guess, suggest

KS = (1, 5, 10, 20)
CLASSES = {"agrees": "agree", "supports": "agree", "confirms": "agree",
           "conflicts": "conflict", "attacks": "conflict", "refutes": "conflict",
           "depends_on": "depends", "leads_to": "depends", "answers": "depends"}


def without_cross(amap: ArgMap) -> tuple[ArgMap, list[Any]]:
    cross = [r for r in amap.relations if amap.claims[r.source].paper != amap.claims[r.target].paper]
    kept = [r for r in amap.relations if r not in cross]
    stripped = replace(amap, relations=kept, relation_origins=[], dismissed=[],
                       dismissed_origins=[])
    return stripped, cross


def recall_of(ranked: dict[str, list[str]], cross: list[Any]) -> dict[int, float]:
    out = {}
    for k in KS:
        found = sum(1 for r in cross if r.target in ranked.get(r.source, [])[:k]
                    or r.source in ranked.get(r.target, [])[:k])
        out[k] = found / len(cross)
    return out


def ranked_by_suggest(amap: ArgMap, index: Index, weights: dict[str, float]) -> dict[str, list[str]]:
    data = suggest(amap, limit=max(KS), index=index, weights=weights, method="lexical")
    ranked: dict[str, list[str]] = {}
    for s in data["suggestions"]:
        ranked.setdefault(s["from"], []).append(s["to"])
    return ranked


def ranked_by_matrix(amap: ArgMap, matrix: np.ndarray) -> dict[str, list[str]]:
    ids = list(amap.claims)
    paper = np.array([amap.claims[c].paper for c in ids])
    scored = np.where(paper[:, None] != paper[None, :], matrix, -np.inf)
    out = {}
    for i, cid in enumerate(ids):
        order = sorted(range(len(ids)), key=lambda j: (-scored[i, j], ids[j]))[: max(KS)]
        out[cid] = [ids[j] for j in order]
    return out


def bm25(index: Index, k1: float = 1.2, b: float = 0.75) -> np.ndarray:
    n = len(index.claims)
    df = Counter(s for doc in index.stems for s in set(doc))
    avg = sum(map(len, index.stems)) / n
    vocab = {s: i for i, s in enumerate(df)}
    idf = np.array([math.log(1 + (n - df[s] + 0.5) / (df[s] + 0.5)) for s in vocab])
    tf = np.zeros((n, len(vocab)))
    query = np.zeros((n, len(vocab)))
    for i, doc in enumerate(index.stems):
        for s, c in Counter(doc).items():
            tf[i, vocab[s]] = c * (k1 + 1) / (c + k1 * (1 - b + b * len(doc) / avg))
            query[i, vocab[s]] = 1
    return (query * idf) @ tf.T  # type: ignore[no-any-return]


def fit(features: dict[str, np.ndarray], names: list[str], labels: np.ndarray,
        mask: np.ndarray, l2: float = 1.0) -> dict[str, float]:
    """Logistic regression (Newton steps, L2 penalty) on the pairs in ``mask``."""
    upper = np.triu(mask, 1)
    x = np.stack([features[n][upper] for n in names] + [np.ones(int(upper.sum()))], axis=1)
    y = labels[upper]
    w = np.zeros(x.shape[1])
    penalty = l2 * np.diag([1.0] * len(names) + [0.0])
    for _ in range(30):
        p = 1 / (1 + np.exp(-x @ w))
        grad = x.T @ (p - y) + penalty @ w
        hess = (x * (p * (1 - p))[:, None]).T @ x + penalty
        w -= np.linalg.solve(hess, grad)
    return {**dict(zip(names, w[:-1].tolist(), strict=True)), "bias": float(w[-1])}


def labelled(index: Index, cross: list[Any]) -> tuple[np.ndarray, np.ndarray]:
    """Each pair's label (1: a removed relation) and whether it is across papers."""
    n = len(index.claims)
    pos = index.position
    labels = np.zeros((n, n))
    for r in cross:
        labels[pos[r.source], pos[r.target]] = labels[pos[r.target], pos[r.source]] = 1
    paper = np.array([c.paper for c in index.claims])
    return labels, paper[:, None] != paper[None, :]


def held_out(amap: ArgMap, index: Index, cross: list[Any], names: list[str]) -> dict[int, float]:
    features = index.features(np.arange(len(index.claims)))
    labels, across = labelled(index, cross)
    paper = np.array([c.paper for c in index.claims])
    keys = sorted(amap.papers)
    hits: Counter[int] = Counter()
    for x, key in enumerate(keys):
        for other in keys[x + 1:]:
            fold = ((paper[:, None] == key) & (paper[None, :] == other)) | \
                   ((paper[:, None] == other) & (paper[None, :] == key))
            train = across & ~fold
            weights = fit(features, names, labels, train)
            ranked = ranked_by_suggest(amap, index, weights)
            pair = [r for r in cross if {amap.claims[r.source].paper,
                                         amap.claims[r.target].paper} == {key, other}]
            for k, v in recall_of(ranked, pair).items():
                hits[k] += round(v * len(pair))
    return {k: hits[k] / len(cross) for k in KS}


def polarity(amap: ArgMap, cross: list[Any]) -> dict[str, tuple[int, int]]:
    out: dict[str, list[int]] = {"agree": [0, 0], "conflict": [0, 0], "depends": [0, 0]}
    for r in cross:
        guessed, _ = guess(amap, amap.claims[r.source], amap.claims[r.target])
        cls = CLASSES[r.type]
        out[cls][0] += guessed == cls
        out[cls][1] += 1
    return {k: (v[0], v[1]) for k, v in out.items()}


def synthetic(path: Path, amap: ArgMap, claims: int, papers: int = 25, seed: int = 11) -> None:
    """A store of ``claims`` claims whose texts mix the shipped map's words."""
    rnd = random.Random(seed)
    source = list(amap.claims.values())
    vocab = sorted({w for c in source for w in c.text.split() if w.isalpha()})
    topics = sorted(amap.topics)
    actors = sorted(amap.actors)
    per = claims // papers
    out = ["papers:"]
    for p in range(papers):
        out += [f"  - {{key: s{p}, title: Synthetic paper {p}, authors: [{{name: Author{p} "
                f"Surname{p}}}], date: \"{2000 + p % 20}\", kind: study}}"]
    out.append("actors:")
    out += [f"  - {{key: {a}, name: {a}, kind: state}}" for a in actors]
    out.append("topics:")
    out += [f"  - {{key: {t}, name: {t}}}" for t in topics]
    out.append("claims:")
    for p in range(papers):
        for i in range(per):
            base = rnd.choice(source)
            text = [w if rnd.random() > 0.3 else rnd.choice(vocab) for w in base.text.split()]
            quote = [w if rnd.random() > 0.3 else rnd.choice(vocab) for w in base.quote.split()]
            actor = f", actor: {base.actor}" if base.actor else ""
            valence = ", valence: harm" if base.kind == "consequence" else ""
            out.append(f"  - {{id: s{p}.c.n{i}, paper: s{p}, kind: {base.kind}{actor}{valence}, "
                       f"topics: [{', '.join(base.topics)}], "
                       f"text: {_quoted(' '.join(text))}, quote: {_quoted(' '.join(quote))}}}")
    path.write_text("\n".join(out) + "\n", encoding="utf-8")


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def cost(store: Path | None, runs: int) -> tuple[float, float, float]:
    exe = Path(sys.executable).parent / "argmap"
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "argmap"]
    if store is not None:
        cmd += ["--store", str(store)]
    cmd += ["suggest", "--limit", "10", "--json"]
    with tempfile.TemporaryDirectory() as cache:
        env = {**os.environ, "ARGMAP_CACHE_DIR": cache}
        subprocess.run([*cmd[:-4], "check"], env=env, check=True, stdout=subprocess.DEVNULL)
        walls, peaks, cpus = [], [], []
        for _ in range(runs):
            start = time.perf_counter()
            proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, env=env)
            _, status, usage = os.wait4(proc.pid, 0)
            walls.append(time.perf_counter() - start)
            peaks.append(usage.ru_maxrss / 1024)
            cpus.append(usage.ru_utime + usage.ru_stime)
            if os.waitstatus_to_exitcode(status) != 0:
                raise SystemExit(f"failed: {' '.join(cmd)}")
    return statistics.median(walls), max(peaks), statistics.median(cpus)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="no 10,000-claim cost run")
    parser.add_argument("--fit", action="store_true",
                        help="print the weights fitted on every pair, and stop")
    args = parser.parse_args()
    full = load()
    amap, cross = without_cross(full)
    embedder = embeddings.available()
    index = Index.build(amap, embed=embedder)
    if args.fit:
        labels, across = labelled(index, cross)
        features = index.features(np.arange(len(index.claims)))
        for method in WEIGHTS:
            if method == "combined" and not embedder:
                continue
            names = [n for n in WEIGHTS[method] if n != "bias"]
            fitted = fit(features, names, labels, across)
            print(f'"{method}": ' + "{" + ", ".join(f'"{k}": {round(v, 2)!r}'
                                                     for k, v in fitted.items()) + "},")
        return
    print(f"{len(cross)} cross-paper relations removed; {len(amap.claims)} claims")
    print(f"embeddings: {'installed' if embedder else 'not installed (pip install .[embeddings])'}")
    print()
    rows: list[tuple[str, dict[int, float]]] = []
    own = Index.build(amap, embed=embedder, context=0.0)
    features = own.features(np.arange(len(own.claims)))
    shares = features["shares_topic"]
    rows.append(("tfidf + topic (reference)", recall_of(
        ranked_by_matrix(amap, features["lex"] + 0.1 * shares), cross)))
    rows.append(("bm25 + topic", recall_of(
        ranked_by_matrix(amap, bm25(own) / 10 + 0.1 * shares), cross)))
    if embedder:
        rows.append(("embeddings alone", recall_of(ranked_by_matrix(amap, features["emb"]), cross)))
    rows.append(("lexical model (--method lexical)",
                 recall_of(ranked_by_suggest(amap, index, WEIGHTS["lexical"]), cross)))
    if embedder:
        rows.append(("combined model (--method combined)",
                     recall_of(ranked_by_suggest(amap, index, WEIGHTS["combined"]), cross)))
    lexical_names = [n for n in WEIGHTS["lexical"] if n != "bias"]
    rows.append(("lexical model, held out by paper pair",
                 held_out(amap, index, cross, lexical_names)))
    if embedder:
        combined_names = [n for n in WEIGHTS["combined"] if n != "bias"]
        rows.append(("combined model, held out by paper pair",
                     held_out(amap, index, cross, combined_names)))
    print(f"{'method':42s}" + "".join(f"  recall@{k:<2d}" for k in KS))
    for name, rec in rows:
        print(f"{name:42s}" + "".join(f"  {rec[k]:9.2f}" for k in KS))
    print()
    print("polarity guessed right / relations of the class")
    for cls, (right, total) in polarity(amap, cross).items():
        print(f"  {cls:9s} {right:3d} / {total:3d}  {right / total if total else 0:.2f}")
    print()
    print(f"{'cost (fresh process, suggest --limit 10 over every claim)':56s}"
          "  wall s   CPU s  peak MB")
    print(f"  (on {os.cpu_count()} cores; load average before: "
          f"{', '.join(f'{x:.1f}' for x in os.getloadavg())})")
    wall, peak, cpu = cost(None, 3)
    print(f"{'shipped map, ' + str(len(full.claims)) + ' claims':56s}"
          f"{wall:8.2f}{cpu:8.2f}{peak:9.0f}")
    if not args.quick:
        with tempfile.TemporaryDirectory() as folder:
            store = Path(folder) / "synthetic.yaml"
            synthetic(store, full, 10_000)
            wall, peak, cpu = cost(store, 3)
        print(f"{'synthetic store, 10,000 claims':56s}{wall:8.2f}{cpu:8.2f}{peak:9.0f}")


if __name__ == "__main__":
    main()
