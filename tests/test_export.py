"""Exports: golden files for the small store, and the real readers accept them."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import networkx as nx
import pytest

from .conftest import MINI, mini, run

GOLDEN = Path(__file__).resolve().parent / "golden"
needs_dot = pytest.mark.skipif(shutil.which("dot") is None and not os.environ.get("CI"),
                               reason="Graphviz 'dot' is not installed (apt-get install graphviz)")


def test_dot_matches_golden_file() -> None:
    result = mini("export", "dot")
    assert result.exit_code == 0
    assert result.stdout == (GOLDEN / "mini.dot").read_text(encoding="utf-8")


def test_json_matches_golden_file_and_loads_in_networkx(tmp_path: Path) -> None:
    out = tmp_path / "map.json"
    result = mini("export", "json", "-o", out)
    assert (result.exit_code, result.stdout) == (0, "")
    assert out.read_text(encoding="utf-8") == (GOLDEN / "mini.json").read_text(encoding="utf-8")
    data = json.loads(out.read_text(encoding="utf-8"))
    graph = nx.node_link_graph(data, edges="links")
    assert graph.number_of_nodes() == 7
    assert graph.number_of_edges() == 4
    node = graph.nodes["south.goal.flow"]
    assert (node["paper"], node["kind"], node["actor"]) == ("south", "goal", "downstream")
    assert node["quote"] == "a guaranteed minimum flow … every summer"
    link = next(link for link in data["links"] if link["type"] == "conflicts")
    assert (link["source"], link["target"]) == ("south.claim.dam-harm", "north.goal.dam")


def test_dot_filters_keep_matching_claims_and_their_relations() -> None:
    text = mini("export", "dot", "--type", "conflicts").stdout
    assert text.count(" [id=") == 2
    assert 'id="north.goal.dam"' in text and 'id="south.claim.dam-harm"' in text
    assert "n1 -> n2" not in text and "n2 -> n1 [label=\"conflicts\"" in text
    by_actor = mini("export", "json", "--actor", "downstream").stdout
    assert [n["id"] for n in json.loads(by_actor)["nodes"]] == [
        "north.consequence.drought", "south.goal.flow"]
    by_topic = json.loads(mini("export", "json", "--topic", "dams", "--paper", "south").stdout)
    assert [n["id"] for n in by_topic["nodes"]] == ["south.claim.dam-harm"]
    bad = mini("export", "dot", "--type", "agree")
    assert (bad.exit_code, bad.stderr) == (2, "agree: unknown relation type 'agree'; did you mean "
                                              "agrees?\n")


def test_exports_are_deterministic() -> None:
    assert mini("export", "dot").stdout == mini("export", "dot").stdout
    assert run("export", "json").stdout == run("export", "json").stdout


@needs_dot
def test_graphviz_accepts_the_dot_of_hostile_labels(tmp_path: Path) -> None:
    dot = mini("export", "dot").stdout
    svg = subprocess.run(["dot", "-Tsvg"], input=dot.encode("utf-8"), capture_output=True,
                         check=True).stdout.decode("utf-8")
    assert svg.count('class="node"') == 7
    assert "C:\\river\\" in svg and "وادي" in svg
    assert "Downstream &lt;b&gt;answers&lt;/b&gt; &quot;upstream&quot;" in svg


@needs_dot
def test_graphviz_accepts_the_whole_shipped_map() -> None:
    dot = run("export", "dot").stdout
    out = subprocess.run(["dot", "-Tsvg"], input=dot.encode("utf-8"), capture_output=True,
                         check=True, timeout=600)
    assert out.stdout.count(b'class="node"') == dot.count(" [id=")


def test_export_writes_atomically_and_keeps_old_file_on_error(tmp_path: Path) -> None:
    out = tmp_path / "map.dot"
    out.write_text("old", encoding="utf-8")
    out.chmod(0o640)
    result = mini("export", "dot", "--paper", "nope", "-o", out)
    assert result.exit_code == 2
    assert out.read_text(encoding="utf-8") == "old"
    assert mini("export", "dot", "-o", out).exit_code == 0
    assert out.read_text(encoding="utf-8").startswith("digraph argmap {")
    assert out.stat().st_mode & 0o777 == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["map.dot"]


def test_unwritable_output_is_a_clean_error(tmp_path: Path) -> None:
    target = tmp_path / "missing-dir" / "map.dot"
    result = run("--store", MINI, "export", "dot", "-o", target)
    assert result.exit_code == 3
    assert result.stderr == f"{target}: cannot write: No such file or directory\n"
