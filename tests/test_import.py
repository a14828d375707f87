"""argmap import: AIF (AIFdb, OVA 3, OVA 2), Argdown (text and JSON) and Kialo."""

from __future__ import annotations

import json
import os
import shlex
import shutil
import sys
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from argmap.importing import store_text
from argmap.importing.mapping import Options, build, slug
from argmap.importing.neutral import Reading, Statement
from argmap.store import check_contents, load

from .conftest import DATA, ROOT, run

FIXTURES = DATA / "import"
SHIPPED_POLARITY = {
    "supports": "supports", "confirms": "supports", "leads_to": "supports",
    "answers": "supports", "depends_on": "supports", "attacks": "attacks",
    "refutes": "attacks", "conflicts": "conflicts", "agrees": "agrees",
}


def imported(*args: str | os.PathLike[str], out: Path) -> tuple[list[str], dict[str, list[dict[str, str]]]]:
    result = run("import", *args, "-o", out)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    assert run("--store", out, "check").exit_code == 0
    amap = load([out])
    store = {"claims": [c._asdict() for c in amap.claims.values()],
             "relations": [r._asdict() for r in amap.relations],
             "actors": [a._asdict() for a in amap.actors.values()],
             "papers": [{**p._asdict(), "authors": [a.name for a in p.authors]}
                        for p in amap.papers.values()]}
    return result.stdout.splitlines(), store


def triples(store: dict[str, list[dict[str, str]]]) -> list[tuple[str, str, str]]:
    return [(r["source"], r["type"], r["target"]) for r in store["relations"]]


# --- AIF -------------------------------------------------------------------------------

def test_aifdb_dialogue(tmp_path: Path) -> None:
    report, store = imported("aif", FIXTURES / "aifdb-dialogue.json", "--paper", "dlg",
                             "--date", "2021-04-07", out=tmp_path / "dlg.yaml")
    assert report == [
        f"read AIF JSON (AIFdb) from {FIXTURES / 'aifdb-dialogue.json'}",
        "7 I-nodes -> 7 claims (of kinds: 1 question)",
        "2 RA -> 2 supports",
        "4 CA -> 1 attacks, 1 conflicts, 1 dropped (not between two I-nodes)",
        "1 MA -> 1 agrees",
        "1 PA dropped: argmap has no preference relation",
        "4 L-nodes (locutions) -> the speakers of 4 claims; their text dropped",
        "5 YA, 2 TA dropped (illocutions and transitions of the dialogue; 1 claim of",
        "    kind question by its YA)",
        "2 speakers -> 2 actors (dlg-alice-smith, dlg-bob)",
        f"wrote {tmp_path / 'dlg.yaml'}: paper dlg, 7 claims, 5 relations, 2 actors",
    ]
    claims = {c["id"]: c for c in store["claims"]}
    assert list(claims) == [
        "dlg.us-troops-should-stay-iraq", "dlg.troops-deter-return-isis",
        "dlg.iraqi-forces-can-hold-ground-alone", "dlg.us-troops-should-leave-iraq",
        "dlg.american-troops-ought-remain-iraq", "dlg.general-who-led-campaign-says-so",
        "dlg.who-pays-bases"]
    stay = claims["dlg.us-troops-should-stay-iraq"]
    assert (stay["text"], stay["quote"], stay["kind"], stay["actor"]) == (
        "US troops should stay in Iraq", "US troops should stay in Iraq", "claim",
        "dlg-alice-smith")
    assert claims["dlg.iraqi-forces-can-hold-ground-alone"]["actor"] == "dlg-bob"
    assert claims["dlg.who-pays-bases"]["kind"] == "question"
    assert claims["dlg.us-troops-should-leave-iraq"]["actor"] is None
    assert triples(store) == [
        ("dlg.troops-deter-return-isis", "supports", "dlg.us-troops-should-stay-iraq"),
        ("dlg.iraqi-forces-can-hold-ground-alone", "attacks", "dlg.troops-deter-return-isis"),
        ("dlg.us-troops-should-leave-iraq", "conflicts", "dlg.us-troops-should-stay-iraq"),
        ("dlg.american-troops-ought-remain-iraq", "agrees", "dlg.us-troops-should-stay-iraq"),
        ("dlg.general-who-led-campaign-says-so", "supports", "dlg.us-troops-should-stay-iraq"),
    ]
    rationales = {r["source"]: r["rationale"] for r in store["relations"]}
    assert rationales["dlg.general-who-led-campaign-says-so"] == "AIF scheme: Argument From Expert Opinion"
    assert rationales["dlg.troops-deter-return-isis"] is None
    assert [(a["key"], a["name"], a["kind"]) for a in store["actors"]] == [
        ("dlg-alice-smith", "Alice Smith", "person"), ("dlg-bob", "Bob", "person")]
    paper = store["papers"][0]
    assert (paper["key"], paper["title"], paper["date"], paper["kind"]) == (
        "dlg", "aifdb-dialogue", "2021-04-07", "other")
    assert paper["authors"] == ["Alice Smith", "Bob"]


def test_aif_fixtures_are_what_arguebufs_own_loader_reads() -> None:
    import arguebuf.load

    data = json.loads((FIXTURES / "aifdb-dialogue.json").read_text(encoding="utf-8"))
    graph = arguebuf.load.aif(data)
    assert len(graph.atom_nodes) == 7
    assert len(graph.scheme_nodes) == 8  # 2 RA, 4 CA, 1 MA, 1 PA; dialogue nodes left out
    ova3 = arguebuf.load.xaif(json.loads((FIXTURES / "ova3.json").read_text(encoding="utf-8")))
    assert sorted(n.plain_text for n in ova3.atom_nodes.values()) == [
        "Upstream dams cut the flow of the Tigris", "Water rights belong to the basin states"]
    ova2 = arguebuf.load.ova(json.loads((FIXTURES / "ova2.json").read_text(encoding="utf-8")))
    assert len(ova2.atom_nodes) == 3 and len(ova2.scheme_nodes) == 2


def test_ova3(tmp_path: Path) -> None:
    report, store = imported("aif", FIXTURES / "ova3.json", "--paper", "water", "--date", "2021",
                             out=tmp_path / "w.yaml")
    assert report[0].startswith("read AIF JSON (OVA 3) from ")
    assert report[1:4] == ["2 I-nodes -> 2 claims", "1 RA -> 1 supports",
                           "1 L-node (locutions) -> the speakers of 1 claim; their text dropped"]
    assert triples(store) == [("water.upstream-dams-cut-flow-tigris", "supports",
                               "water.water-rights-belong-basin-states")]
    assert store["relations"][0]["rationale"] == "AIF scheme: Argument From Consequences"
    assert store["claims"][0]["actor"] == "water-jane-roe"


def test_ova2_takes_title_and_date_from_its_analysis(tmp_path: Path) -> None:
    _, store = imported("aif", FIXTURES / "ova2.json", "--paper", "tigris", out=tmp_path / "t.yaml")
    paper = store["papers"][0]
    assert (paper["title"], paper["date"], paper["authors"]) == (
        "Sharing the Tigris", "2021-04-07", ["Omar Ali"])
    assert triples(store) == [
        ("tigris.treaty-would-fix-minimum-flows", "supports", "tigris.iraq-should-sign-water-treaty-turkey"),
        ("tigris.turkey-has-never-signed-such-treaty", "attacks",
         "tigris.iraq-should-sign-water-treaty-turkey"),
    ]
    assert store["relations"][0]["rationale"] is None  # a default scheme says nothing


# --- Argdown ---------------------------------------------------------------------------

def test_argdown_text(tmp_path: Path) -> None:
    report, store = imported("argdown", FIXTURES / "dialogue.argdown", "--paper", "dia",
                             out=tmp_path / "d.yaml")
    assert report[1:] == [
        "9 statements -> 9 claims (of kinds: 2 fact, 1 consequence, 1 goal)",
        "1 arguments -> 1 claim",
        "6 support relations -> 4 supports, 1 dropped (a repeat), 1 dropped (from a",
        "    claim to itself)",
        "3 attack relations -> 3 attacks",
        "1 contradictory relations -> 1 conflicts",
        "1 undercut relations -> 1 dropped (aimed at an inference)",
        "1 #consequence without #benefit, #cost or #harm kept as claims",
        "2 other tags dropped (#(actor us), #fact2)",
        f"wrote {tmp_path / 'd.yaml'}: paper dia, 10 claims, 8 relations, 0 actors",
    ]
    paper = store["papers"][0]  # from the front matter
    assert (paper["title"], paper["date"], paper["authors"]) == (
        "Troops and sovereignty", "2021-04", ["Jane Roe", "Omar Ali"])
    claims = {c["id"]: c for c in store["claims"]}
    assert claims["dia.us-combat-troops-should-leave-iraq"]["kind"] == "goal"
    assert claims["dia.isis-would-exploit-security-gap-did"]["text"] == (
        "ISIS would exploit a security gap, as it did in 2014.")
    assert claims["dia.isis-would-exploit-security-gap-did"]["valence"] == "harm"
    assert claims["dia.parliament-voted-foreign-forces-leave"]["text"] == (
        "Parliament voted for foreign forces to leave [January 2020].")
    assert claims["dia.bases-cost-more-each-year"]["kind"] == "claim"
    assert claims["dia.bases-cost-more-each-year"]["section"] == "Costs"
    assert claims["dia.foreign-bases-limit-iraqs-sovereignty"]["section"] == "Withdrawal"
    assert Counter(r["type"] for r in store["relations"]) == {
        "supports": 4, "attacks": 3, "conflicts": 1}


def test_argdown_json_gives_the_same_store_as_the_text(tmp_path: Path) -> None:
    """dialogue-argdown.json is what `argdown json` (the Argdown CLI) wrote for dialogue.argdown."""
    run("import", "argdown", FIXTURES / "dialogue.argdown", "--paper", "dia", "-o", tmp_path / "a.yaml")
    result = run("import", "argdown", FIXTURES / "dialogue-argdown.json", "--paper", "dia",
                 "--title", "Troops and sovereignty", "--author", "Jane Roe", "--author", "Omar Ali",
                 "--date", "2021-04", "-o", tmp_path / "b.yaml")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[0].startswith("read Argdown JSON from ")
    text = (tmp_path / "a.yaml").read_text(encoding="utf-8").split("\n", 1)[1]
    assert (tmp_path / "b.yaml").read_text(encoding="utf-8").split("\n", 1)[1] == text


def test_argdown_json_reads_reconstructed_arguments(tmp_path: Path) -> None:
    data = {
        "statements": {t: {"type": "equivalence-class", "title": t, "tags": [],
                           "members": [{"type": "statement", "title": t, "text": f"{t} holds."}]}
                       for t in ("P1", "P2", "C", "Other")},
        "arguments": {"Arg": {"type": "argument", "title": "Arg", "members": [], "pcs": [
            {"title": "P1", "role": "premise"}, {"title": "P2", "role": "premise"},
            {"title": "C", "role": "main-conclusion"}]}},
        "relations": [{"type": "relation", "relationType": "attack", "from": "Other",
                       "fromType": "equivalence-class", "to": "Arg", "toType": "argument"}],
    }
    path = tmp_path / "arg.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    report, store = imported("argdown", path, "--paper", "r", "--author", "X", "--date", "2020",
                             out=tmp_path / "r.yaml")
    assert triples(store) == [("r.p1-holds", "supports", "r.c-holds"),
                              ("r.p2-holds", "supports", "r.c-holds"),
                              ("r.other-holds", "attacks", "r.c-holds")]
    assert store["relations"][0]["rationale"] == "argument Arg"
    assert "1 reconstructed argument -> its premises supporting its conclusion; 1 relation to " \
           "one read as to its conclusion" in " ".join(report).replace("     ", " ")


# --- Kialo -----------------------------------------------------------------------------

def test_kialo(tmp_path: Path) -> None:
    report, store = imported("kialo", ROOT / "docs" / "troops-kialo.txt", "--paper", "troops",
                             "--author", "Example Debate Club", "--date", "2021-07",
                             out=tmp_path / "k.yaml")
    assert report[1:] == [
        "7 Kialo claims -> 7 claims (of kinds: 1 thesis)",
        "3 Pro -> 3 supports",
        "4 Con -> 4 attacks",
        "1 link ('-> See N.') -> relations from the claim each names",
        f"wrote {tmp_path / 'k.yaml'}: paper troops, 7 claims, 7 relations, 0 actors",
    ]
    assert store["papers"][0]["title"] == "Should US combat troops leave Iraq?"
    claims = {c["id"]: c for c in store["claims"]}
    assert claims["troops.us-combat-troops-should-leave-iraq"]["kind"] == "thesis"
    assert claims["troops.foreign-military-presence-fuels-attacks"]["text"] == (
        "A foreign military presence fuels attacks by armed factions (rockets on bases and "
        "convoys).")
    # 1.3.1.1. Con: -> See 1.3.2. : claim 1.3.2 attacks 1.3.1 too
    assert ("troops.iraqi-forces-still-rely-us-air", "attacks",
            "troops.iraqi-forces-now-lead-operations-against") in triples(store)


def test_kialo_several_theses_a_forward_link_and_markdown(tmp_path: Path) -> None:
    path = tmp_path / "k.txt"
    path.write_text(
        "Discussion Title: What should Iraq do about US forces?\n\n"
        "1. What should Iraq do about US forces?\n"
        "1.1. Ask them to leave by 2021.\n"
        "1.1.1. Pro: -> See 1.2.1.\n"
        "1.2. Keep them as [advisers](https://example.org/a) only.\n"
        "1.2.1. Pro: Iraqi units now plan\n"
        "their own operations.\n", encoding="utf-8")
    _, store = imported("kialo", path, "--paper", "q", "--author", "X", "--date", "2021",
                        out=tmp_path / "q.yaml")
    claims = {c["id"]: c for c in store["claims"]}
    assert [c["kind"] for c in claims.values()] == ["question", "thesis", "thesis", "claim"]
    assert claims["q.keep-them-advisers-only"]["text"] == "Keep them as advisers only."
    assert claims["q.iraqi-units-now-plan-their-own"]["text"] == (
        "Iraqi units now plan\ntheir own operations.")
    assert triples(store) == [
        ("q.ask-them-leave-2021", "answers", "q.what-should-iraq-do-about-us"),
        ("q.keep-them-advisers-only", "answers", "q.what-should-iraq-do-about-us"),
        ("q.iraqi-units-now-plan-their-own", "supports", "q.ask-them-leave-2021"),
        ("q.iraqi-units-now-plan-their-own", "supports", "q.keep-them-advisers-only"),
    ]


# --- ids, the store, the paper ---------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("The US must leave Iraq.", "us-must-leave-iraq"),
    ("Iraq's sovereignty is not negotiable, says the government today",
     "iraqs-sovereignty-not-negotiable-says"),
    ("Émigrés’ remittances matter", "emigres-remittances-matter"),
    ("The of a", "the-of-a"),
    ("السيادة العراقية", ""),
    ("x" * 60, "x" * 40),
])
def test_slug(text: str, expected: str) -> None:
    assert slug(text) == expected


def test_ids_are_unique_and_readable_and_stable() -> None:
    reading = Reading("test", statements=[
        Statement("1", "The US must leave.", "nodes"), Statement("2", "The US must leave!", "nodes"),
        Statement("3", "US must leave", "nodes"), Statement("n 4", "السيادة العراقية", "nodes")])
    opts = Options(paper="p", file="f", authors=["A"], date="2020")
    first = build(reading, opts, set())
    assert [c["id"] for c in first.store["claims"]] == [
        "p.us-must-leave", "p.us-must-leave-2", "p.us-must-leave-3", "p.node-n-4"]
    assert build(reading, opts, set()).store == first.store


def test_actor_keys_avoid_the_loaded_maps_actors() -> None:
    reading = Reading("test", statements=[Statement("1", "Some text here", "nodes", speakers=("Us",))])
    built = build(reading, Options(paper="p", file="f", authors=["A"], date="2020"), {"p-us"})
    assert built.store["actors"] == [{"key": "p-us-2", "name": "Us", "kind": "person"}]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(min_size=1).filter(lambda t: t.strip()), min_size=1, max_size=5))
def test_any_text_reads_back_exactly(texts: list[str]) -> None:
    reading = Reading("test", statements=[Statement(str(i), t.strip(), "nodes")
                                          for i, t in enumerate(texts)])
    built = build(reading, Options(paper="p", file="f", authors=["A: \"b\""], date="2020",
                                   title="yes"), set())
    text = store_text(built.store, ["a header"])
    amap = check_contents([("out.yaml", text.encode("utf-8"))])
    assert [c.text for c in amap.claims.values()] == [t.strip() for t in texts]
    assert [c.quote for c in amap.claims.values()] == [t.strip() for t in texts]
    assert amap.papers["p"].title == "yes"


def test_the_import_merges_with_the_shipped_map(tmp_path: Path) -> None:
    out = tmp_path / "troops.yaml"
    imported("kialo", ROOT / "docs" / "troops-kialo.txt", "--paper", "troops", "--author", "X",
             "--date", "2021", out=out)
    result = run("--store", "@shipped", "--store", out, "check")
    assert result.exit_code == 0
    assert "claims by paper: alaaldin 59, baidar 66, bayan 173, idris 34, matar 104, troops 7" \
        in result.stdout


def test_a_key_of_a_loaded_paper_is_refused(tmp_path: Path) -> None:
    result = run("import", "kialo", ROOT / "docs" / "troops-kialo.txt", "--paper", "bayan",
                 "--author", "X", "--date", "2021", "-o", tmp_path / "o.yaml")
    assert result.exit_code == 2
    where = load().origin("papers", "bayan")
    assert result.stderr == (f"import: paper 'bayan' is already in the loaded map ({where}): "
                             "choose another --paper\n")
    assert not (tmp_path / "o.yaml").exists()


def test_without_author_or_date_the_command_asks(tmp_path: Path) -> None:
    result = run("import", "kialo", ROOT / "docs" / "troops-kialo.txt", "--paper", "t",
                 "-o", tmp_path / "o.yaml")
    assert result.exit_code == 2
    assert result.stderr == ("t: give --author NAME (the file names no author) and --date "
                             "YYYY[-MM[-DD]] (the file gives no date for its text)\n")
    assert not (tmp_path / "o.yaml").exists()


def test_to_stdout_the_report_goes_to_stderr() -> None:
    result = run("import", "kialo", ROOT / "docs" / "troops-kialo.txt", "--paper", "t",
                 "--author", "X", "--date", "2021")
    assert result.exit_code == 0
    assert result.stdout.startswith("# Imported with `argmap import kialo` from ")
    assert "\npapers:\n  - key: t\n" in result.stdout
    assert result.stderr.splitlines()[-1] == "wrote <stdout>: paper t, 7 claims, 7 relations, 0 actors"


def test_the_output_is_never_a_loaded_store(tmp_path: Path) -> None:
    store = tmp_path / "mine.yaml"
    shutil.copy(DATA / "mini.yaml", store)
    before = store.read_bytes()
    result = run("--store", store, "import", "kialo", ROOT / "docs" / "troops-kialo.txt",
                 "--paper", "t", "--author", "X", "--date", "2021", "-o", store)
    assert result.exit_code == 3
    assert store.read_bytes() == before


# --- round trips on the shipped map ----------------------------------------------------

def _expected_by_text() -> tuple[Counter[str], Counter[tuple[str, str, str]]]:
    amap = load()
    text = {c.id: c.text for c in amap.claims.values()}
    expected: Counter[tuple[str, str, str]] = Counter()
    for rel in amap.relations:
        kind = SHIPPED_POLARITY[rel.type]
        source, target = (rel.target, rel.source) if rel.type == "depends_on" else (rel.source, rel.target)
        if kind in ("conflicts", "agrees"):
            source, target = sorted((text[source], text[target]))
            expected[(source, kind, target)] += 1
        else:
            expected[(text[source], kind, text[target])] += 1
    return Counter(text.values()), expected


def _got_by_text(path: Path) -> tuple[Counter[str], Counter[tuple[str, str, str]], dict[str, str]]:
    amap = load([path])
    text = {c.id: c.text for c in amap.claims.values()}
    got: Counter[tuple[str, str, str]] = Counter()
    for rel in amap.relations:
        source, target = text[rel.source], text[rel.target]
        if rel.type in ("conflicts", "agrees"):
            source, target = sorted((source, target))
        got[(source, rel.type, target)] += 1
    return Counter(text.values()), got, {c.text: c.kind for c in amap.claims.values()}


@pytest.mark.parametrize("fmt", ["aif", "argdown"])
def test_round_trip_on_the_shipped_map(fmt: str, tmp_path: Path) -> None:
    exported = tmp_path / f"map.{fmt}"
    assert run("export", fmt, "-o", exported).exit_code == 0
    out = tmp_path / "back.yaml"
    report, _ = imported(fmt, exported, "--paper", "back", "--author", "X", "--date", "2021",
                         out=out)
    claims, relations = _expected_by_text()
    got_claims, got_relations, kinds = _got_by_text(out)
    assert got_claims == claims  # every claim, by text
    assert got_relations == relations  # every relation, as its polarity class
    types = Counter(rel.type for rel in load().relations)
    assert sum(relations.values()) == sum(types.values())
    ra = sum(types[t] for t in ("supports", "confirms", "leads_to", "answers", "depends_on"))
    attacks = types["attacks"] + types["refutes"]
    assert Counter(k for _, k, _ in relations.elements()) == {
        "supports": ra, "agrees": types["agrees"], "attacks": attacks,
        "conflicts": types["conflicts"]}
    shipped = {c.text: c.kind for c in load().claims.values()}
    if fmt == "aif":
        assert report[1:5] == [
            f"{len(shipped)} I-nodes -> {len(shipped)} claims", f"{ra} RA -> {ra} supports",
            f"{types['agrees']} MA -> {types['agrees']} agrees",
            f"{attacks + 2 * types['conflicts']} CA -> {attacks} attacks, "
            f"{types['conflicts']} conflicts"]
        assert set(kinds.values()) == {"claim"}  # AIF carries no kinds
    else:
        assert report[3:6] == [
            f"{ra + 2 * types['agrees']} support relations -> {ra} supports, "
            f"{types['agrees']} agrees",
            f"{attacks} attack relations -> {attacks} attacks",
            f"{types['conflicts']} contradictory relations -> {types['conflicts']} conflicts"]
        changed = {t: (shipped[t], kinds[t]) for t in shipped if shipped[t] != kinds[t]}
        assert set(changed.values()) == {("consequence", "claim")}  # no valence tag is exported
        assert len(changed) == sum(1 for kind in shipped.values() if kind == "consequence")


# --- bad input -------------------------------------------------------------------------

BAD_AIF_EDGE = {"nodes": [{"nodeID": "1", "text": "A claim", "type": "I"}],
                "edges": [{"edgeID": "9", "fromID": "1", "toID": "2"}]}
BAD_AIF_TEXT = {"nodes": [{"nodeID": "1", "text": "  ", "type": "I"}], "edges": []}
BAD_ARGDOWN_REL = {"statements": {"A": {"members": [{"text": "a"}]}}, "arguments": {},
                   "relations": [{"relationType": "support", "from": "A", "fromType": "equivalence-class",
                                  "to": "B", "toType": "equivalence-class"}]}


@pytest.mark.parametrize(("fmt", "name", "content", "message"), [
    ("aif", "k.txt", "Discussion Title: x\n", "{f}:1:1: not AIF JSON: not JSON (Expecting value)"),
    ("aif", "a.json", '{"statements": {}}', '{f}: not AIF JSON: expected an object with "nodes" and '
     '"edges" lists (AIFdb) or an "AIF" object (OVA)'),
    ("aif", "e.json", json.dumps(BAD_AIF_EDGE), "{f}:1:73: edge 9 goes to node 2, which is not in the file"),
    ("aif", "t.json", json.dumps(BAD_AIF_TEXT), "{f}:1:13: I-node 1 has no text"),
    ("kialo", "a.json", "{}", "{f}:1:1: not a Kialo text export: line 1 should read 'Discussion Title: ...'"),
    ("kialo", "n.txt", "Discussion Title: x\n\n1. Thesis\n1.1. Pro: \n", "{f}:4:1: claim 1.1. has no text"),
    ("kialo", "m.txt", "Discussion Title: x\n\n1. Thesis\n1.1. Pro: -> See 1.7.\n",
     "{f}:4:1: claim 1.1. points to 1.7., which is not in the file"),
    ("kialo", "o.txt", "Discussion Title: x\n\n1. Thesis\n1.2.1. Pro: orphan\n",
     "{f}:4:1: claim 1.2.1. is not under a claim listed before it (1.2.)"),
    ("argdown", "p.txt", "Just some prose.\n\nMore prose.\n",
     "{f}: not Argdown: no statement [Title] or argument <Title>, and no relation"),
    ("argdown", "r.json", json.dumps(BAD_ARGDOWN_REL),
     "{f}:1:158: relation 1 goes to [B], which is not in the file"),
    ("argdown", "s.json", '{"map": {"nodes": [], "edges": []}}', '{f}: not Argdown JSON: expected '
     '"statements", "arguments" and "relations", as `argdown json` writes them'),
    ("argdown", "c.argdown", "[A]: a\n\n(1) premise\n", "{f}:3:1: a premise-conclusion structure: "
     "export this file with `argdown json` and import the JSON, which keeps it"),
    ("argdown", "b.argdown", b"[A]: caf\xe9\n", "{f}:1:9: invalid UTF-8 byte 0xe9: not a text file"),
])
def test_bad_input_is_one_line_exit_2_and_nothing_written(
        fmt: str, name: str, content: str | bytes, message: str, tmp_path: Path) -> None:
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    out = tmp_path / "out.yaml"
    result = run("import", fmt, path, "--paper", "p", "--author", "X", "--date", "2020", "-o", out)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == message.format(f=path) + "\n"
    assert not out.exists()


@pytest.mark.parametrize("fmt", ["aif", "argdown", "kialo"])
def test_a_100_mb_file_is_refused_unread(fmt: str, tmp_path: Path) -> None:
    path = tmp_path / "huge"
    with path.open("wb") as handle:
        handle.truncate(100 * 1024 * 1024)
    out = tmp_path / "out.yaml"
    result = run("import", fmt, path, "--paper", "p", "--author", "X", "--date", "2020", "-o", out)
    assert result.exit_code == 2
    assert result.stderr == f"{path}: larger than 32 MB, the most argmap imports\n"
    assert not out.exists()


@pytest.mark.parametrize(("args", "message"), [
    (["--paper", "Bad Key"], "Bad Key: a paper key is lowercase letters, digits, '-' and '_', "
     "starting with a letter or digit"),
    (["--paper", "p", "--date", "April"], "April: --date is YYYY, YYYY-MM or YYYY-MM-DD"),
])
def test_bad_options(args: list[str], message: str, tmp_path: Path) -> None:
    result = run("import", "kialo", ROOT / "docs" / "troops-kialo.txt", *args, "-o", tmp_path / "o")
    assert (result.exit_code, result.stderr) == (2, message + "\n")


def test_a_missing_file_and_a_directory(tmp_path: Path) -> None:
    result = run("import", "kialo", tmp_path / "nope.txt", "--paper", "p")
    assert (result.exit_code, result.stderr) == (2, f"{tmp_path / 'nope.txt'}: no such file\n")
    result = run("import", "kialo", tmp_path, "--paper", "p")
    assert (result.exit_code, result.stderr) == (
        2, f"{tmp_path}: is a directory, not a file to import: name a regular file\n")


# --- without the optional extra --------------------------------------------------------

@pytest.mark.parametrize(("fmt", "fixture", "name"), [
    ("aif", FIXTURES / "aifdb-dialogue.json", "AIF"),
    ("kialo", ROOT / "docs" / "troops-kialo.txt", "Kialo"),
])
def test_without_arguebuf_aif_and_kialo_say_how_to_install_it(
        fmt: str, fixture: Path, name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for module in [m for m in sys.modules if m == "arguebuf" or m.startswith("arguebuf.")]:
        monkeypatch.delitem(sys.modules, module)
    monkeypatch.setitem(sys.modules, "arguebuf", None)  # `import arguebuf` now fails
    out = tmp_path / "o.yaml"
    result = run("import", fmt, fixture, "--paper", "p", "--author", "X", "--date", "2020", "-o", out)
    assert result.exit_code == 4
    assert result.stderr == (f"import: importing {name} needs the optional arguebuf library: "
                             "pip install 'argmap[import]'\n")
    assert not out.exists()
    # Argdown is read by argmap itself
    result = run("import", "argdown", FIXTURES / "dialogue.argdown", "--paper", "p", "-o", out)
    assert result.exit_code == 0


# --- the README's example ----------------------------------------------------------------

def test_readme_import_example_is_current(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("## Import maps from other tools", 1)[1].split("```console\n", 1)[1]
    block = block.split("\n```", 1)[0]
    (tmp_path / "docs").mkdir()
    shutil.copy(ROOT / "docs" / "troops-kialo.txt", tmp_path / "docs")
    monkeypatch.chdir(tmp_path)
    commands = block.split("$ ")[1:3]  # the import and the check, shown in full
    for command in commands:
        line, _, shown = command.partition("\n")
        args = shlex.split(line)[1:]
        result = run(*args)
        assert result.exit_code == 0, result.stderr
        assert result.stdout == shown


def test_a_failure_inside_arguebuf_is_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import arguebuf.load

    def broken(*args: object, **kwargs: object) -> None:
        raise KeyError("1.9.")

    monkeypatch.setattr(arguebuf.load, "kialo", broken)
    path = ROOT / "docs" / "troops-kialo.txt"
    result = run("import", "kialo", path, "--paper", "p", "--author", "X", "--date", "2020",
                 "-o", tmp_path / "o.yaml")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (f"{path}: arguebuf could not read this Kialo file "
                             "(KeyError: '1.9.')\n")
    assert not (tmp_path / "o.yaml").exists()
