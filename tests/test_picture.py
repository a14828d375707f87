"""`argmap render`: a legend that holds in every layout, and no unreadable whole-map picture."""

from __future__ import annotations

import os
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

from argmap.export_dot import EDGE_STYLE, LEGEND_ID
from argmap.exports import LAYOUTS, RENDER_LIMIT
from argmap.selection import select
from argmap.store import load, store_paths

from .conftest import mini, run

SVG = "{http://www.w3.org/2000/svg}"
#: A part of the shipped map with all five papers and seven relation types.
SHIPPED_PART = ("--around", "alaaldin.iraq-demand.implement-decision", "--depth", "2")


def _needs_graphviz() -> None:
    if shutil.which("dot") is None and not os.environ.get("CI"):
        pytest.skip("Graphviz is not installed")


def _texts(element: ET.Element) -> list[str]:
    return [t.text or "" for t in element.iter(f"{SVG}text")]


def _legend_check(svg: Path, papers: set[str], types: set[str]) -> None:
    root = ET.parse(svg).getroot()
    nodes = [g for g in root.iter(f"{SVG}g") if g.get("class") == "node"]
    legends = [g for g in nodes if g.get("id") == LEGEND_ID]
    assert len(legends) == 1  # one node holds the whole legend
    legend = " ".join(_texts(legends[0]))
    assert legend.startswith("Legend ")
    for key in papers:
        assert f"{key}: " in legend
    for rel_type in types:
        assert f" {rel_type} " in f" {legend} "
    # ... and nothing of it is scattered elsewhere
    for node in nodes:
        if node is not legends[0]:
            assert "Legend" not in _texts(node)
    assert not [g for g in root.iter(f"{SVG}g") if "legend" in (g.get("id") or "")
                and g.get("class") == "cluster"]


@pytest.mark.parametrize("layout", LAYOUTS)
def test_the_legend_holds_together_in_every_layout(layout: str, tmp_path: Path) -> None:
    _needs_graphviz()
    out = tmp_path / f"mini-{layout}.svg"
    result = mini("render", "-o", out, "--layout", layout)
    assert result.exit_code == 0, result.stderr
    _legend_check(out, {"north", "south"}, {"leads_to", "agrees", "conflicts", "depends_on"})
    part = tmp_path / f"part-{layout}.svg"
    assert run("render", "-o", part, "--layout", layout, *SHIPPED_PART).exit_code == 0
    sel = select(load(store_paths([])), around=SHIPPED_PART[1], depth=2)
    papers = {c.paper for c in sel.claims}
    types = {r.type for r in sel.relations}
    assert len(papers) >= 4 and len(types) >= 5  # a picture with much to tell apart
    _legend_check(part, papers, types)
    # the legend lists only what the picture shows
    legend = " ".join(_texts(next(g for g in ET.parse(part).getroot().iter(f"{SVG}g")
                                  if g.get("id") == LEGEND_ID)))
    for rel_type in set(EDGE_STYLE) - types:
        assert f" {rel_type} " not in f" {legend} "


def test_papers_are_boxes_only_where_the_layout_draws_clusters() -> None:
    assert "subgraph cluster_0" in run("export", "dot", *SHIPPED_PART).stdout
    assert "subgraph cluster_0" in run("export", "dot", "--layout", "fdp", *SHIPPED_PART).stdout
    for layout in ("sfdp", "neato", "circo", "twopi"):
        assert "subgraph" not in run("export", "dot", "--layout", layout,
                                     *SHIPPED_PART).stdout


def _no_graphviz(*args: Any, **kwargs: Any) -> Any:
    raise AssertionError("Graphviz must not be called")


def test_the_whole_map_is_refused_and_points_elsewhere(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(subprocess, "run", _no_graphviz)
    out = tmp_path / "map.png"
    result = run("render", "-o", out)
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    claims = len(load(store_paths([])).claims)
    assert result.stderr.startswith(
        f"render: {claims} claims are too many for one readable picture (more than "
        f"{RENDER_LIMIT}): ")
    for pointer in ("--overview", "--around ID --depth N", "--paper KEY", "'argmap view'",
                    "--force"):
        assert pointer in result.stderr
    assert not out.exists()


def test_force_draws_beyond_the_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _needs_graphviz()
    monkeypatch.setattr("argmap.exports.RENDER_LIMIT", 3)
    out = tmp_path / "mini.svg"
    refused = mini("render", "-o", out)
    assert refused.exit_code == 2 and "7 claims are too many" in refused.stderr
    assert not out.exists()
    drawn = mini("render", "-o", out, "--force")
    assert (drawn.exit_code, drawn.stdout) == (0, f"wrote {out}: 7 claims, 4 relations\n")
    assert out.read_text(encoding="utf-8").lstrip().startswith("<?xml")


def test_readme_shows_the_refusal_as_it_is(tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    shown = readme.split("$ argmap render -o map.png\n", 1)[1].split("\n```", 1)[0]
    monkeypatch.chdir(tmp_path)
    assert run("render", "-o", "map.png").stderr == shown + "\n"
    assert not (tmp_path / "map.png").exists()
