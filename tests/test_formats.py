"""Every export format, for the whole map and a filtered one, read back by its peer."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import arguebuf
import networkx as nx
import pytest

from argmap.store import load

from .conftest import MINI, run

AROUND = ["--around", "bayan.question.alliance-partnership-friendship", "--depth", "2"]
VIEWS = {"whole": [], "filtered": ["--paper", "bayan", "--paper", "matar", "--type", "conflicts",
                                   "--type", "supports"], "around": AROUND}


def expected(view: str) -> tuple[set[str], list[tuple[str, str, str]]]:
    """The claim ids and (from, to, type) relations a view selects, from the library."""
    from argmap.selection import select
    amap = load()
    args = VIEWS[view]
    if view == "whole":
        sel = select(amap)
    elif view == "filtered":
        sel = select(amap, papers=["bayan", "matar"], types=["conflicts", "supports"])
    else:
        sel = select(amap, around=args[1], depth=2)
    return {c.id for c in sel.claims}, [(r.source, r.target, r.type) for r in sel.relations]


def argdown_cli() -> str | None:
    found = os.environ.get("ARGDOWN_CLI") or shutil.which("argdown")
    if found is None and os.environ.get("CI"):
        pytest.fail("the Argdown CLI is required in CI (.ci/run installs @argdown/cli)")
    return found


@pytest.mark.parametrize("view", VIEWS)
def test_graphml_and_json_read_back_in_networkx(view: str, tmp_path: Path) -> None:
    claims, rels = expected(view)
    assert claims and rels
    out = tmp_path / "m.graphml"
    assert run("export", "graphml", "-o", out, *VIEWS[view]).exit_code == 0
    graph = nx.read_graphml(out, force_multigraph=True)
    assert (set(graph.nodes), graph.number_of_edges()) == (claims, len(rels))
    data = json.loads(run("export", "json", *VIEWS[view]).stdout)
    graph = nx.node_link_graph(data, edges="links")
    assert set(graph.nodes) == claims
    assert sorted((u, v, k) for u, v, k in graph.edges(keys=True)) == sorted(rels)


@pytest.mark.parametrize("view", VIEWS)
def test_dot_reads_back_in_graphviz(view: str) -> None:
    if shutil.which("dot") is None and not os.environ.get("CI"):
        pytest.skip("Graphviz is not installed")
    claims, rels = expected(view)
    dot = run("export", "dot", *VIEWS[view]).stdout
    svg = subprocess.run(["dot", "-Tsvg"], input=dot.encode("utf-8"), capture_output=True,
                         check=True).stdout.decode("utf-8")
    assert svg.count('class="node"') == len(claims)
    assert svg.count('class="edge"') == len(rels)


@pytest.mark.parametrize("view", VIEWS)
def test_aif_reads_back_in_arguebuf(view: str) -> None:
    claims, rels = expected(view)
    data = json.loads(run("export", "aif", *VIEWS[view]).stdout)
    kinds = {n["nodeID"]: n["type"] for n in data["nodes"]}
    assert all(not (kinds[e["fromID"]] == "I" and kinds[e["toID"]] == "I") for e in data["edges"])
    graph = arguebuf.load.aif(data)
    assert len(graph.atom_nodes) == len(claims)
    schemes = [type(node.scheme).__name__ for node in graph.scheme_nodes.values()]
    types = [t for _, _, t in rels]
    supportive = sum(t in {"supports", "confirms", "leads_to", "answers", "depends_on"}
                     for t in types)
    attacking = sum(t in {"attacks", "refutes"} for t in types) + 2 * types.count("conflicts")
    assert schemes.count("Support") == supportive
    assert schemes.count("Attack") == attacking
    assert schemes.count("Rephrase") == types.count("agrees")
    assert len(graph.edges) == 2 * len(schemes)


@pytest.mark.parametrize("view", VIEWS)
def test_argdown_reads_back_in_the_argdown_cli(view: str, tmp_path: Path) -> None:
    cli = argdown_cli()
    if cli is None:
        pytest.skip("the Argdown CLI is not installed (npm install @argdown/cli)")
    claims, rels = expected(view)
    source = tmp_path / "map.argdown"
    assert run("export", "argdown", "-o", source, *VIEWS[view]).exit_code == 0
    done = subprocess.run([cli, "json", str(source), str(tmp_path)], capture_output=True,
                          text=True, timeout=300)
    assert "Successfully" in done.stdout, done.stdout + done.stderr
    data = json.loads((tmp_path / "map.json").read_text(encoding="utf-8"))
    assert set(data["statements"]) == claims
    want: set[tuple[str, str, str]] = set()
    for src, dst, kind in rels:
        if kind == "depends_on":
            want.add((dst, "support", src))
        elif kind in {"attacks", "refutes"}:
            want.add((src, "attack", dst))
        elif kind == "conflicts":
            want.add((src, "contradictory", dst))
        else:
            want.add((src, "support", dst))
            if kind == "agrees":
                want.add((dst, "support", src))
    got = {(r["from"], r["relationType"], r["to"]) for r in data["relations"]}
    assert got == want
    assert sorted(s for s in {sec["title"].split(":")[0] for sec in data["sections"]}) == \
        sorted({c.split(".")[0] for c in claims})


@pytest.mark.parametrize("view", VIEWS)
def test_mermaid_is_a_well_formed_flowchart(view: str) -> None:
    claims, rels = expected(view)
    text = run("export", "mermaid", *VIEWS[view]).stdout
    lines = text.splitlines()
    assert lines[0] == "flowchart LR"
    nodes = [line for line in lines if re.match(r'^    n\d+\["[^"]*"\]$', line)]
    edges = [line for line in lines if re.match(r"^  n\d+ \S+\|\w+\| n\d+$", line)]
    assert (len(nodes), len(edges)) == (len(claims), len(rels))
    assert text.count("  subgraph ") == text.count("\n  end\n")


def test_hostile_text_in_argdown_and_mermaid(tmp_path: Path) -> None:
    from .test_hardening import HOSTILE_TEXTS  # the same texts every export must carry
    store = tmp_path / "h.yaml"
    lines = ["papers:", "  - {key: p, title: 'A <b>title</b> #1', authors: [{name: A B}], "
             "date: '2020', kind: study}", "claims:"]
    for claim_id, text in HOSTILE_TEXTS.items():
        lines.append(f"  - {{id: {claim_id}, paper: p, kind: claim, quote: q, "
                     f"text: {json.dumps(text, ensure_ascii=False)}}}")
    store.write_text("\n".join(lines) + "\n", encoding="utf-8")
    mermaid = run("--store", store, "export", "mermaid").stdout
    assert '"' not in mermaid.replace('["', "").replace('"]', "")
    cli = argdown_cli()
    if cli is None:
        return
    source = tmp_path / "h.argdown"
    run("--store", store, "export", "argdown", "-o", source)
    subprocess.run([cli, "json", str(source), str(tmp_path)], capture_output=True, timeout=300)
    data = json.loads((tmp_path / "h.json").read_text(encoding="utf-8"))
    texts = {k: re.sub(r"\s*#\S+(?: #\S+)*$", "", v["members"][0]["text"])
             for k, v in data["statements"].items()}
    assert texts["p.c.arabic"] == HOSTILE_TEXTS["p.c.arabic"]
    assert texts["p.c.html"] == HOSTILE_TEXTS["p.c.html"]
    assert data["sections"][0]["title"] == "p: A <b>title</b> #1"


def test_exports_are_deterministic() -> None:
    for fmt in ("aif", "argdown", "mermaid", "graphml"):
        assert run("export", fmt).stdout == run("export", fmt).stdout


def test_layout_hint_and_bad_choices() -> None:
    assert "graph [layout=sfdp, " in run("export", "dot", "--layout", "sfdp").stdout
    bad = run("export", "json", "--layout", "sfdp")
    assert (bad.exit_code, bad.stderr) == (2, "export: --layout applies to dot, not json\n")
    fmt = run("export", "pdf")
    assert (fmt.exit_code, fmt.stderr) == (
        2, "pdf: unknown format 'pdf'; choose one of dot, graphml, json, aif, argdown, mermaid, html\n")
    around = run("export", "dot", "--around", "bayan.nope")
    assert around.exit_code == 2 and around.stderr.startswith("bayan.nope: unknown claim id")


def test_render_svg_and_png_of_a_focused_view(tmp_path: Path) -> None:
    if shutil.which("dot") is None and not os.environ.get("CI"):
        pytest.skip("Graphviz is not installed")
    svg, png = tmp_path / "a.svg", tmp_path / "a.png"
    result = run("render", "-o", svg, *AROUND)
    assert (result.exit_code, result.stdout) == (0, f"wrote {svg}: 5 claims, 4 relations\n")
    text = svg.read_text(encoding="utf-8")
    assert text.count('class="node"') == 5 + 1  # the claims and the legend
    assert "Legend" in text
    assert "bayan.question.alliance&#45;partnership&#45;friendship" in text
    assert run("render", "-o", png, *AROUND).exit_code == 0
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_render_without_graphviz_says_how_to_install(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("argmap.exports.shutil.which", lambda name: None)
    out = tmp_path / "a.svg"
    result = run("--store", MINI, "render", "-o", out)
    assert result.exit_code == 4
    assert result.stderr.startswith("render: Graphviz is not installed")
    assert "apt-get install graphviz" in result.stderr
    assert not out.exists()
    bad = run("--store", MINI, "render", "-o", tmp_path / "a.gif")
    assert (bad.exit_code, bad.stderr) == (2, "gif: unknown picture type 'gif'; choose one of "
                                              "svg, png, pdf\n")
