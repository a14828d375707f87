"""The HTML page as a file (the browser tests are in test_html_browser.py), argmap view,
the overview, the map's layout and its palette."""

from __future__ import annotations

import base64
import hashlib
import itertools
import json
import re
import webbrowser
from pathlib import Path
from typing import Any

import pytest

from argmap import queries
from argmap.cache import cache_dir
from argmap.export_html import page_data
from argmap.map_layout import NODE_WIDTH, paper_block, place
from argmap.overview import CATEGORIES
from argmap.records import Claim, Relation
from argmap.selection import everything, select
from argmap.store import load

from .conftest import DATA, ROOT, mini, run
from .test_overview import boxes_overlap

HOSTILE = DATA / "hostile.yaml"
IMG = "<img src=x onerror=alert(1)>"
DATA_BLOCK = re.compile(r'<script type="application/json" id="argmap-data">(.*?)</script>', re.DOTALL)


def page_json(page: str) -> Any:
    blocks = DATA_BLOCK.findall(page)
    assert len(blocks) == 1
    return json.loads(blocks[0])


@pytest.fixture(scope="module")
def shipped_page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("html") / "map.html"
    result = run("export", "html", "-o", out)
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "")
    return out


def test_the_page_is_one_self_contained_file_of_at_most_3_mb(shipped_page: Path) -> None:
    assert [p.name for p in shipped_page.parent.iterdir()] == ["map.html"]
    page = shipped_page.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert shipped_page.stat().st_size <= 3 * 1024 * 1024
    # nothing is fetched: no src or href leaves the file, no external sheet or script
    assert not re.search(r"""(src|href)\s*=\s*["']?\s*(https?:)?//""", page, re.IGNORECASE)
    assert not re.search(r"<script[^>]*\ssrc\s*=", page, re.IGNORECASE)
    assert not re.search(r"<link[^>]*stylesheet", page, re.IGNORECASE)
    assert "@import" not in page and "url(" not in page.split("<script", 1)[0]
    assert re.findall(r"<script[^>]*>", page) == [
        '<script type="application/json" id="argmap-data">', "<script>", "<script>"]
    # the vendored library keeps its licence header, verbatim
    licence = (ROOT / "src/argmap/web/cytoscape.LICENSE").read_text(encoding="utf-8").strip()
    header = "\n".join(" * " + line if line else " *" for line in licence.splitlines())
    assert f"/**\n{header}\n */" in page
    data = page_json(page)
    assert (data["format"], data["version"]) == ("argmap-html", 1)
    shipped = load()
    assert len(data["claims"]) == len(shipped.claims)
    assert len(data["relations"]) == len(shipped.relations)


def test_the_policy_allows_only_the_pages_own_scripts_and_no_request(shipped_page: Path) -> None:
    page = shipped_page.read_text(encoding="utf-8")
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page)
    assert policy is not None
    rules = dict(rule.strip().split(" ", 1) for rule in policy.group(1).split(";"))
    assert rules["default-src"] == "'none'"

    def hashes(pattern: str) -> set[str]:
        return {"'sha256-" + base64.b64encode(hashlib.sha256(code.encode()).digest()).decode() + "'"
                for code in re.findall(pattern, page, re.DOTALL)}

    assert set(rules["script-src"].split()) == hashes(r"<script>(.*?)</script>")
    assert set(rules["style-src"].split()) == hashes(r"<style[^>]*>(.*?)</style>")
    assert len(rules["script-src"].split()) == 2 and "unsafe" not in policy.group(1)


def test_store_strings_cannot_leave_the_embedded_json(tmp_path: Path) -> None:
    out = tmp_path / "hostile.html"
    assert run("--store", HOSTILE, "export", "html", "-o", out).exit_code == 0
    page = out.read_text(encoding="utf-8")
    block = DATA_BLOCK.findall(page)[0]
    assert not set("<>&\u2028\u2029") & set(block)
    assert len(re.findall(r"<script", page)) == 3 and "<img" not in page and "<svg" not in page
    assert "<iframe" not in page and "<i>" not in page and "<!-- x" not in page
    data = page_json(page)
    claim = next(c for c in data["claims"] if c["id"] == "left.claim.img")
    assert claim["text"] == IMG
    assert claim["quote"].startswith("</script><script>alert('quote')</script>")
    assert data["papers"][0]["title"] == "</script><script>alert('title')</script>"
    assert data["papers"][0]["publisher"] == "{{SCRIPT_HASHES}} {{DATA}}"
    assert data["papers"][1]["title"] == "Right \u2028 side & <i>friends</i>"


def reduced(found: dict[str, Any]) -> dict[str, Any]:
    return {cat: [{**e, "left": e["left"]["id"], "right": e["right"]["id"]} for e in found[cat]]
            for cat in CATEGORIES}


def test_the_compare_view_is_compares_own_data() -> None:
    amap = load()
    data = page_data(amap, everything(amap))
    keys = [p["key"] for p in data["papers"]]
    assert keys == [p["key"] for p in queries.papers(amap)]
    assert sorted(data["compare"]) == sorted(f"{a}|{b}" for a, b in itertools.permutations(keys, 2))
    for pair, shown in data["compare"].items():
        left, right = pair.split("|")
        assert shown == reduced(queries.compare(amap, left, right))
    cli = json.loads(run("compare", "bayan", "baidar", "--json").stdout)
    assert data["compare"]["bayan|baidar"] == reduced(cli)


def test_a_filtered_page_compares_what_it_shows() -> None:
    amap = load()
    sel = select(amap, papers=["bayan", "baidar", "idris"], types=["agrees"])
    data = page_data(amap, sel)
    shown = {c["id"] for c in data["claims"]}
    assert data["filtered"] and shown == {c.id for c in sel.claims}
    assert {p["key"] for p in data["papers"]} == {"bayan", "baidar", "idris"}
    full = queries.compare(amap, "bayan", "baidar")
    assert data["compare"]["bayan|baidar"]["agreements"] == [
        {**e, "left": e["left"]["id"], "right": e["right"]["id"]}
        for e in full["agreements"] if e["type"] == "agrees"]
    assert data["compare"]["bayan|baidar"]["conflicts"] == []
    for entries in data["compare"].values():
        for entry in itertools.chain(*entries.values()):
            assert {entry["left"], entry["right"]} <= shown


def test_export_html_takes_the_same_filters_as_every_export(tmp_path: Path) -> None:
    out = tmp_path / "idris.html"
    assert run("export", "html", "--paper", "idris", "-o", out).exit_code == 0
    data = page_json(out.read_text(encoding="utf-8"))
    assert {c["paper"] for c in data["claims"]} == {"idris"} and len(data["claims"]) == 34
    around = json.loads(run("export", "json", "--around", "matar.thesis.ally-with-us").stdout)
    page = run("export", "html", "--around", "matar.thesis.ally-with-us").stdout
    assert [c["id"] for c in page_json(page)["claims"]] == [n["id"] for n in around["nodes"]]
    typed = page_json(mini("export", "html", "--type", "conflicts").stdout)
    assert [r["type"] for r in typed["relations"]] == ["conflicts"]
    bad = mini("export", "html", "--paper", "nope")
    assert bad.exit_code == 2 and bad.stdout == ""


def test_export_html_is_deterministic() -> None:
    first, second = run("export", "html").stdout, run("export", "html").stdout
    assert first == second
    data = page_json(first)
    amap = load()
    assert [c["id"] for c in data["claims"]] == [c.id for c in everything(amap).claims]
    assert json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":")) in (
        DATA_BLOCK.findall(first)[0].replace("\\u003c", "<").replace("\\u003e", ">")
        .replace("\\u0026", "&"))


def test_view_writes_the_page_to_the_cache_and_opens_it(monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[str] = []
    monkeypatch.setattr(webbrowser, "open", lambda url, *a, **k: opened.append(url) or True)
    result = run("view", "--paper", "idris")
    target = cache_dir() / "view" / "map.html"
    assert (result.exit_code, result.stdout, result.stderr) == (0, f"wrote {target}\n", "")
    assert opened == [target.resolve().as_uri()]
    data = page_json(target.read_text(encoding="utf-8"))
    assert {c["paper"] for c in data["claims"]} == {"idris"}
    monkeypatch.setattr(webbrowser, "open", lambda url, *a, **k: False)
    result = mini("view")
    assert result.exit_code == 0 and result.stdout == f"wrote {target}\n"
    assert result.stderr == "could not start a web browser: open that file in one\n"
    assert {c["paper"] for c in page_json(target.read_text(encoding="utf-8"))["claims"]} == {
        "north", "south"}
    assert sorted(p.name for p in target.parent.iterdir()) == ["map.html"]


def test_view_reports_a_cache_folder_it_cannot_write(monkeypatch: pytest.MonkeyPatch,
                                                     tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("ARGMAP_CACHE_DIR", str(blocker))
    monkeypatch.setattr(webbrowser, "open", lambda url, *a, **k: pytest.fail("opened"))
    result = mini("view")
    assert result.exit_code == 3 and result.stdout == ""
    assert result.stderr.startswith(f"{blocker / 'view'}: cannot write: ")


# ---- the map's layout ----------------------------------------------------------------

def test_every_claim_has_a_place_of_its_own() -> None:
    amap = load()
    data = page_data(amap, everything(amap))
    boxes = [(c["x"] - NODE_WIDTH / 2, c["y"] - c["h"] / 2, c["x"] + NODE_WIDTH / 2,
              c["y"] + c["h"] / 2) for c in data["claims"]]
    assert len(boxes) == len(load().claims)
    by_row = sorted(range(len(boxes)), key=lambda i: boxes[i][1])
    for n, i in enumerate(by_row):  # sweep: only boxes that start above this one's bottom
        for j in by_row[n + 1:]:
            if boxes[j][1] >= boxes[i][3]:
                break
            assert not boxes_overlap(boxes[i], boxes[j]), (data["claims"][i]["id"],
                                                           data["claims"][j]["id"])
    blocks = [p["block"] for p in data["papers"]]
    assert [b[0] for b in blocks] == sorted(b[0] for b in blocks)  # left to right by date
    for left, right in itertools.pairwise(blocks):
        assert left[0] + left[2] < right[0]
    for claim in data["claims"]:
        x, y, width, height = next(p["block"] for p in data["papers"] if p["key"] == claim["paper"])
        assert x <= claim["x"] - NODE_WIDTH / 2 and claim["x"] + NODE_WIDTH / 2 <= x + width
        assert y <= claim["y"] - claim["h"] / 2 and claim["y"] + claim["h"] / 2 <= y + height


def test_a_claim_sits_above_what_supports_it() -> None:
    claims = [Claim(f"p.c{i}", "p", "claim", f"claim {i}", "q") for i in range(4)]
    rels = [Relation("p.c1", "p.c0", "supports"), Relation("p.c2", "p.c0", "attacks"),
            Relation("p.c0", "p.c3", "leads_to"), Relation("p.c3", "p.c1", "supports")]
    placed, _, _ = paper_block(claims, rels)
    assert placed["p.c0"].y < placed["p.c1"].y and placed["p.c0"].y < placed["p.c2"].y
    assert placed["p.c0"].y < placed["p.c3"].y  # what it leads to is drawn below it
    assert "claim · p.c0" in placed["p.c0"].label


def test_long_chains_and_many_supporters_are_laid_out() -> None:
    chain = [Claim(f"p.c{i}", "p", "fact", "word " * 40, "q") for i in range(3000)]
    rels = [Relation(f"p.c{i}", f"p.c{i - 1}", "supports") for i in range(1, 3000)]
    placed, _ = place(["p"], {"p": chain}, rels)
    assert len(placed) == 3000 and len({(p.x, p.y) for p in placed.values()}) == 3000
    star = [Claim(f"s.c{i}", "s", "fact", "x", "q") for i in range(41)]
    spokes = [Relation(f"s.c{i}", "s.c0", "supports") for i in range(1, 41)]
    block, width, _ = paper_block(star, spokes)
    assert width < 5 * (NODE_WIDTH + 30)  # a grid of supporters, not one row of forty
    assert len({(p.x, p.y) for p in block.values()}) == 41


def test_the_vendored_library_and_page_are_in_the_wheel(tmp_path: Path) -> None:
    import zipfile

    from hatchling.builders.wheel import WheelBuilder

    built = list(WheelBuilder(str(ROOT)).build(directory=str(tmp_path), versions=["standard"]))
    names = set(zipfile.ZipFile(built[0]).namelist())
    for name in ("cytoscape.min.js", "cytoscape.LICENSE", "page.html", "page.js", "page.css"):
        assert f"argmap/web/{name}" in names
