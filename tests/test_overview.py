"""The overview: papers by date, sized by claims, and each pair's relations as compare
counts them; its layout, shared by `render --overview` and the HTML page."""

from __future__ import annotations

import itertools
import os
import re
import shutil
from pathlib import Path

import pytest

from argmap import queries
from argmap.overview import CATEGORIES, layout, overview
from argmap.selection import everything, select
from argmap.store import load

from .conftest import mini, run


def test_the_overview_counts_what_compare_counts() -> None:
    amap = load()
    data = overview(amap, everything(amap))
    assert [(p["key"], p["claims"]) for p in data["papers"]] == [
        (p["key"], p["claims"]) for p in queries.papers(amap)]
    found = {(p["left"], p["right"]): p for p in data["pairs"]}
    keys = [p["key"] for p in data["papers"]]
    for left, right in itertools.combinations(keys, 2):
        counts = {cat: len(queries.compare(amap, left, right)[cat]) for cat in CATEGORIES}
        if any(counts.values()):
            assert {cat: found[(left, right)][cat] for cat in CATEGORIES} == counts
        else:
            assert (left, right) not in found
    assert found[("bayan", "matar")] == {"left": "bayan", "right": "matar", "agreements": 23,
                                         "conflicts": 6, "dependencies": 0}


def test_an_overview_of_a_filter_counts_only_what_it_keeps() -> None:
    amap = load(None)
    data = overview(amap, select(amap, papers=["bayan", "matar"], types=["conflicts"]))
    conflicts = [e for e in queries.compare(amap, "bayan", "matar")["conflicts"]
                 if e["type"] == "conflicts"]
    assert conflicts
    assert data["pairs"] == [{"left": "bayan", "right": "matar", "agreements": 0,
                              "conflicts": len(conflicts), "dependencies": 0}]


def boxes_overlap(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


@pytest.mark.parametrize("count", [1, 2, 3, 5, 8, 12])
def test_overview_labels_stay_clear_of_each_other_and_of_the_papers(count: int) -> None:
    papers = [{"key": f"p{i}", "title": f"Paper {i} " * 6, "date": "2020", "authors": ["A"],
               "claims": 10 * (i + 1), "rank": i} for i in range(count)]
    pairs = [{"left": f"p{a}", "right": f"p{b}", "agreements": a + 1, "conflicts": b,
              "dependencies": 1} for a, b in itertools.combinations(range(count), 2)]
    geo = layout({"papers": papers, "pairs": pairs})
    assert len(geo["arcs"]) == len(pairs) and [n["key"] for n in geo["nodes"]] == [
        p["key"] for p in papers]
    xs = [n["x"] for n in geo["nodes"]]
    assert xs == sorted(xs)  # date order, left to right
    labels = [(a["label"][0] - 55, a["label"][1] - 22, a["label"][0] + 55, a["label"][1] + 22)
              for a in geo["arcs"]]
    circles = [(n["x"] - n["r"], n["y"] - n["r"], n["x"] + n["r"], n["y"] + n["r"])
               for n in geo["nodes"]]
    for a, b in itertools.combinations(labels, 2):
        assert not boxes_overlap(a, b)
    for label, circle in itertools.product(labels, circles):
        assert not boxes_overlap(label, circle)
    for box in labels + circles:
        assert min(box[0], box[1]) >= 0 and box[2] <= geo["width"] and box[3] <= geo["height"]
    legend_top = geo["legend"]["y"]
    assert all(n["text_y"] + 7 * 14 <= legend_top for n in geo["nodes"])


def test_render_overview_rejects_a_layout() -> None:
    result = run("render", "--overview", "--layout", "sfdp", "-o", "x.svg")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == "render: --layout does not apply to --overview, whose layout is fixed\n"


@pytest.mark.skipif(shutil.which("neato") is None and not os.environ.get("CI"),
                    reason="Graphviz is not installed (apt-get install graphviz)")
def test_render_overview_draws_papers_pairs_and_legend(tmp_path: Path) -> None:
    out = tmp_path / "papers.svg"
    result = run("render", "--overview", "-o", out)
    assert (result.exit_code, result.stdout) == (
        0, f"wrote {out}: 5 papers, {len(load().claims)} claims\n")
    svg = out.read_text(encoding="utf-8")
    assert re.findall(r'<g id="paper&#45;(\w+)" class="node"', svg) == [
        "bayan", "matar", "alaaldin", "idris", "baidar"]
    assert svg.count('class="edge"') == 10
    for line in ("23 agreements", "6 conflicts", "1 dependency", "173 claims"):
        assert f">{line}</text>" in svg
    assert "agreements: agrees, supports, confirms</text>" in svg  # the legend
    png = tmp_path / "papers.png"
    assert run("render", "--overview", "-p", "idris", "-o", png).stdout == (
        f"wrote {png}: 1 paper, 34 claims\n")
    assert png.read_bytes().startswith(b"\x89PNG")
    assert mini("render", "--overview", "-o", tmp_path / "mini.svg").exit_code == 0
    assert "Downstream &lt;b&gt;answers&lt;/b&gt;" in (tmp_path / "mini.svg").read_text(
        encoding="utf-8")


def test_render_overview_without_graphviz_says_how_to_get_it(monkeypatch: pytest.MonkeyPatch,
                                                             tmp_path: Path) -> None:
    monkeypatch.setattr(shutil, "which", lambda name: None)
    out = tmp_path / "papers.svg"
    result = run("render", "--overview", "-o", out)
    assert (result.exit_code, result.stdout) == (4, "")
    assert result.stderr.startswith("render: Graphviz is not installed, and render --overview "
                                    "needs its 'neato' program: install it")
    assert not out.exists()
