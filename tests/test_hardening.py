"""Hostile and broken input: clean errors, valid exports, nothing lost or half-written."""

from __future__ import annotations

import itertools
import json
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
import pytest

from argmap import output
from argmap.errors import StoreError
from argmap.store import load

from .conftest import MINI, run
from .test_loader import CLAIM, PAPER, error_of

HOSTILE_TEXTS = {
    "p.c.colon": 'a: "quoted" and C:\\path\\ ends in \\',
    "p.c.html": "<b>bold</b> &amp; <i>not html</i> \\N \\G \\l",
    "p.c.lines": "first line\nsecond\tline with a tab",
    "p.c.arabic": "العراق والولايات المتحدة 🇮🇶 🤝",
    "p.c.control": "bell\x07 and escape\x1b here",
}


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    lines = [PAPER, "claims:"]
    for claim_id, text in HOSTILE_TEXTS.items():
        lines.append(CLAIM.replace("p.c.one", claim_id).replace(
            "text: t", f"text: {json.dumps(text, ensure_ascii=False)}").rstrip("\n"))
    ids = list(HOSTILE_TEXTS)
    lines.append("relations:")
    lines += [f"  - {{from: {a}, to: {b}, type: supports}}" for a, b in itertools.pairwise(ids)]
    path = tmp_path / "hostile.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(("text", "expected"), [
    ("topics: [{key: a, name: 'open}]\n",
     "s.yaml:2:1: YAML syntax error: found unexpected end of stream "
     "(while scanning a quoted scalar)"),
    ("topics:\n  - key: a\n   name: b\n",
     "s.yaml:3:4: YAML syntax error: did not find expected '-' indicator "
     "(while parsing a block collection)"),
    ("topics: [{key: a, name: 0x_}, {key: b, name: !!bool x}]\n",
     "s.yaml:1:46: tag 'tag:yaml.org,2002:bool' is not allowed: write plain values"),
    ("topics: [{key: a, name: !!int abc}]\n",
     "s.yaml:1:25: tag 'tag:yaml.org,2002:int' is not allowed: write plain values"),
    (PAPER + "claims:\n" + CLAIM + CLAIM.replace("one", "two")
     + "relations:\n  - {from: p.c.one, to: p.c.two, type: supports}\n"
       "  - {from: p.c.one, to: p.c.two, type: supports}\n",
     "s.yaml:20:5: p.c.one -supports-> p.c.two: the same relation is given twice "
     "(first at s.yaml:19:5)"),
])
def test_more_rejections(tmp_path: Path, text: str, expected: str) -> None:
    assert error_of(tmp_path, text) == expected


def test_hostile_labels_survive_every_export(hostile: Path, tmp_path: Path) -> None:
    data = json.loads(run("--store", hostile, "export", "json").stdout)
    assert {n["id"]: n["text"] for n in data["nodes"]} == HOSTILE_TEXTS
    graphml = run("--store", hostile, "export", "graphml").stdout
    ET.fromstring(graphml)  # always well-formed XML
    path = tmp_path / "m.graphml"
    path.write_text(graphml, encoding="utf-8")
    graph = nx.read_graphml(path)
    texts = {n: graph.nodes[n]["text"] for n in graph}
    assert texts["p.c.control"] == "bell and escape here"
    assert texts["p.c.arabic"] == HOSTILE_TEXTS["p.c.arabic"]
    assert texts["p.c.colon"] == HOSTILE_TEXTS["p.c.colon"]
    assert graph.number_of_edges() == 4
    dot = run("--store", hostile, "export", "dot").stdout
    if shutil.which("dot") or os.environ.get("CI"):
        svg = subprocess.run(["dot", "-Tsvg"], input=dot.encode("utf-8"), capture_output=True,
                             check=True).stdout.decode("utf-8")
        assert svg.count('class="node"') == 5
        assert "C:\\path\\ ends in \\" in svg
        assert "&lt;b&gt;bold&lt;/b&gt; &amp;amp; &lt;i&gt;not html&lt;/i&gt;" in svg
        assert "\\N \\G \\l" in svg
        assert "العراق" in svg


def test_graphml_values_are_strings_or_numbers() -> None:
    graphml = run("--store", MINI, "export", "graphml").stdout
    root = ET.fromstring(graphml)
    ns = "{http://graphml.graphdrawing.org/xmlns}"
    types = {k.get("attr.name"): k.get("attr.type") for k in root.iter(f"{ns}key")}
    assert types["topics"] == "string" and types["symmetric"] == "boolean"
    node = root.find(f".//{ns}node[@id='south.claim.dam-harm']")
    assert node is not None
    keys = {k.get("id"): k.get("attr.name") for k in root.iter(f"{ns}key")}
    values = {keys[d.get("key")]: d.text for d in node.iter(f"{ns}data")}
    assert values["topics"] == "dams; water"
    assert "section" not in values  # None is left out, never written as "None"


def test_exports_are_utf8_under_an_ascii_locale(hostile: Path, tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LC_", "LANG", "PYTHONIO"))}
    env.update(LC_ALL="C", LANG="C", PYTHONUTF8="0")
    out = tmp_path / "m.dot"
    for args in (["export", "dot", "-o", str(out)], ["export", "json"]):
        proc = subprocess.run([sys.executable, "-m", "argmap", "--store", str(hostile), *args],
                              capture_output=True, env=env, check=True)
        text = (out.read_bytes() if "-o" in args else proc.stdout).decode("utf-8")
        assert "العراق" in text
    assert out.stat().st_size > 0


def test_failure_while_writing_keeps_the_old_file(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "map.dot"
    out.write_text("old", encoding="utf-8")

    def broken_replace(src: str, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(output.os, "replace", broken_replace)
    result = run("--store", MINI, "export", "dot", "-o", out)
    assert result.exit_code == 3
    assert result.stderr == f"{out}: cannot write: No space left on device\n"
    assert out.read_text(encoding="utf-8") == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["map.dot"]


def test_writing_through_a_symlink_keeps_the_link(tmp_path: Path) -> None:
    target = tmp_path / "real.json"
    target.write_text("old", encoding="utf-8")
    link = tmp_path / "link.json"
    link.symlink_to(target)
    assert run("--store", MINI, "export", "json", "-o", link).exit_code == 0
    assert link.is_symlink()
    assert json.loads(target.read_text(encoding="utf-8"))["graph"]["format"] == "argmap-node-link"


def test_output_over_a_store_through_a_symlink_is_refused(tmp_path: Path) -> None:
    store = tmp_path / "s.yaml"
    store.write_bytes(MINI.read_bytes())
    link = tmp_path / "alias.dot"
    link.symlink_to(store)
    result = run("--store", store, "export", "json", "-o", link)
    assert result.exit_code == 3
    assert store.read_bytes() == MINI.read_bytes()


def test_unreadable_store_is_a_clean_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = tmp_path / "s.yaml"
    store.write_bytes(MINI.read_bytes())

    real_open = os.open

    def denied(path: str, flags: int, *args: int) -> int:
        if Path(path) == store:
            raise PermissionError(13, "Permission denied")
        return real_open(path, flags, *args)

    monkeypatch.setattr(os, "open", denied)  # chmod 000 does not stop root
    with pytest.raises(StoreError) as info:
        load([store])
    assert info.value.message == f"{store}: cannot read store: Permission denied"


def test_a_huge_valid_store_loads(tmp_path: Path) -> None:
    count = 100_000
    parts = [PAPER, "claims:\n"]
    parts += [f"  - {{id: p.c.n{i}, paper: p, kind: claim, text: claim {i}, quote: q {i}}}\n"
              for i in range(count)]
    parts.append("relations:\n")
    parts += [f"  - {{from: p.c.n{i}, to: p.c.n{i - 1}, type: supports}}\n"
              for i in range(1, count)]
    path = tmp_path / "big.yaml"
    path.write_text("".join(parts), encoding="utf-8")
    amap = load([path])
    assert (len(amap.claims), len(amap.relations)) == (count, count - 1)
