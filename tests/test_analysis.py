"""Analyst queries on the shipped map, against ids checked by hand in the papers."""

from __future__ import annotations

import json
from typing import Any

import pytest

from .conftest import MINI, run


def js(*args: str) -> Any:
    result = run(*args, "--json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_conflicts_among_two_papers_grouped_by_topic() -> None:
    data = js("conflicts", "bayan", "matar")
    assert data["papers"] == ["bayan", "matar"]
    groups = {g["topic"]: [(r["from"]["id"], r["type"], r["to"]["id"]) for r in g["relations"]]
              for g in data["topics"]}
    assert groups["relationship-form"] == [
        ("bayan.conclusion.friendship-not-alliance", "conflicts", "matar.thesis.ally-with-us"),
        ("bayan.conclusion.friendship-not-alliance", "conflicts", "matar.ally.send-clear-signals")]
    assert data["count"] == 6
    rel = data["topics"][-1]["relations"][0]
    assert rel["rationale"] and rel["from"]["quote"] and rel["to"]["quote"]


def test_agreements_cover_every_paper() -> None:
    data = js("agreements")
    papers = {r[side]["paper"] for g in data["topics"] for r in g["relations"]
              for side in ("from", "to")}
    assert papers == {"bayan", "matar", "alaaldin", "idris", "baidar"}
    assert data["count"] == sum(len(g["relations"]) for g in data["topics"])


def test_deps_trees() -> None:
    data = js("deps", "matar.dark.scenario")
    assert [n["claim"]["id"] for n in data["rests_on"]] == [
        "matar.brainstorm.self-sufficiency-condition"]
    carried = [(n["via"], n["claim"]["id"]) for n in data["carries"]]
    assert ("supports", "matar.thesis.ally-with-us") in carried
    assert ("leads_to", "matar.dark.sanctions") in carried
    assert data["carries_count"] == 11


def test_path_between_bayan_and_matar() -> None:
    data = js("path", "bayan.conclusion.friendship-not-alliance", "matar.alliance.must-choose")
    assert data["length"] == 2
    assert [[(s["from"], s["type"], s["direction"]) for s in p] for p in data["paths"]] == [[
        ("bayan.conclusion.friendship-not-alliance", "conflicts", "forward"),
        ("matar.thesis.ally-with-us", "supports", "backward")]]
    human = run("path", "bayan.conclusion.friendship-not-alliance", "matar.alliance.must-choose")
    assert "   <-supports- matar.alliance.must-choose" in human.stdout


def test_path_without_a_chain() -> None:
    data = json.loads(run("--store", MINI, "path", "north.thesis.share", "north.goal.dam",
                          "--json").stdout)
    assert (data["length"], data["paths"]) == (None, [])


def test_search_ranks_and_filters() -> None:
    data = js("search", "debt trap")
    assert data["results"][0]["claim"]["id"] == "matar.alt.china-debt-trap"
    only_goals = js("search", "sanctions", "--kind", "goal", "--actor", "us")
    assert {r["claim"]["kind"] for r in only_goals["results"]} == {"goal"}
    assert "bayan.us-goal.tighten-iran-sanctions" in [r["claim"]["id"]
                                                      for r in only_goals["results"]]
    human = run("search", "debt trap")
    assert human.stdout.splitlines()[0].split() == ["12.0", "matar.alt.china-debt-trap",
                                                    "[consequence]"]


def test_matrix_json_and_csv() -> None:
    data = js("matrix")
    assert data["papers"] == ["bayan", "matar", "alaaldin", "idris", "baidar"]
    row = next(r for r in data["rows"] if r["topic"] == "relationship-form")
    assert row["papers"] == {"bayan": 14, "matar": 31, "alaaldin": 6, "idris": 0, "baidar": 9}
    assert (row["agreements"], row["conflicts"]) == (5, 2)
    csv = run("matrix", "--csv").stdout.splitlines()
    assert csv[0] == "topic,name,bayan,matar,alaaldin,idris,baidar,agreements,conflicts"
    assert ("relationship-form,\"The form of the relationship: alliance, partnership or "
            "friendship\",14,31,6,0,9,5,2") in csv


def test_cruxes_ranked_with_reasons() -> None:
    data = js("cruxes", "--limit", "3")
    assert data["count"] == 16
    top = data["cruxes"][0]
    assert (top["from"]["id"], top["to"]["id"]) == ("baidar.consensus.parliamentary-cover",
                                                    "bayan.us-goal.sfa-or-new-agreement")
    assert top["reason"] == "9 claims rest on the two sides (1 goal, 2 theses or recommendations)"
    assert [c["score"] for c in data["cruxes"]] == sorted(
        (c["score"] for c in data["cruxes"]), reverse=True)


def test_consensus_positions_of_three_papers_or_more() -> None:
    data = js("consensus")
    assert data["count"] == 9
    first = data["positions"][0]
    assert first["papers"] == ["bayan", "matar", "alaaldin", "idris", "baidar"]
    assert "matar.dark.parliament-vote" in [c["id"] for c in first["claims"]]
    assert all(len(p["papers"]) >= 3 for p in data["positions"])


def test_scenarios_with_conditions_consequences_and_echoes() -> None:
    data = js("scenarios", "--paper", "matar")
    dark = data["scenarios"][0]
    assert dark["scenario"]["id"] == "matar.dark.scenario"
    assert [c["id"] for c in dark["conditions"]] == ["matar.brainstorm.self-sufficiency-condition"]
    lose = dark["consequences"][0]
    assert (lose["id"], lose["valence"], lose["actor"]) == ("matar.dark.lose-us-support",
                                                            "cost", "iraq")
    assert ("same", "bayan.track2.cost.lost-support") in [
        (e["stance"], e["claim"]["id"]) for e in lose["echoes"]]
    assert [s["scenario"]["id"] for s in js("scenarios")["scenarios"]][:3] == [
        "bayan.time.trump-loses", "bayan.time.trump-wins", "bayan.nature.bases-only"]


def test_timeline_orders_papers_among_rounds_and_checks_predictions() -> None:
    entries = js("timeline")["entries"]
    order = [e["key"] for e in entries]
    assert order.index("bayan") < order.index("round-june-2020") < order.index("matar")
    assert order.index("alaaldin") < order.index("round-august-2020")
    assert order.index("idris") < order.index("round-july-2021") < order.index("baidar")
    bayan = entries[order.index("bayan")]
    trump = next(p for p in bayan["predictions"]
                 if p["claim"]["id"] == "bayan.time.trump-likely-wins")
    assert [(later["type"], later["claim"]["id"]) for later in trump["later"]] == [
        ("refutes", "idris.context.visit-washington")]
    assert entries[0] == {
        "date": "2019-10", "type": "event", "kind": "event", "key": "protests-2019",
        "name": "Popular protests against corruption, poor services and unemployment",
        "reported_by": [{"id": "baidar.context.strikes-protests", "paper": "baidar"}]}


def test_whatif_denying_a_condition_drops_its_scenario_and_consequences() -> None:
    data = js("whatif", "--deny", "bayan.track2.condition.trump-wins")
    falls = [f["claim"]["id"] for f in data["falls"]]
    assert falls[0] == "bayan.track2.scenario"
    assert data["falls"][0]["why"] == "depends on bayan.track2.condition.trump-wins"
    assert "bayan.track2.result.iran-fills-void" in falls
    assert len(falls) == 11
    mini = json.loads(run("--store", MINI, "whatif", "--deny", "north.goal.dam",
                          "--json").stdout)
    assert [(c["from"]["id"], c["to"]["id"]) for c in mini["conflicts_gone"]] == [
        ("south.claim.dam-harm", "north.goal.dam")]


def test_brief_reads_as_a_document(tmp_path: Any) -> None:
    out = tmp_path / "matar.md"
    assert run("brief", "matar", "-o", out).exit_code == 0
    text = out.read_text(encoding="utf-8")
    headings = [line for line in text.splitlines() if line.startswith("## ")]
    assert headings == ["## Thesis", "## Main arguments", "## Goals by actor",
                        "## Main recommendations", "## Main predictions", "## Scenarios",
                        "## Where the other papers agree and disagree", "## Notes"]
    assert text.startswith("# Brief: The Strategic Dialogue between Iraq and the US: "
                           "Inevitable Questions\n")
    assert "- *idris refutes matar*: Matar expected the dialogue to 'end in August" in text
    assert "> “The last chance and the must-have alliance.”" in text
    actor = run("brief", "--actor", "us").stdout
    assert actor.startswith("# Brief: United States\n")
    assert "## Goals, by paper" in actor


@pytest.mark.parametrize(("args", "message"), [
    (["deps", "bayan.nope"], "bayan.nope: unknown claim id 'bayan.nope'"),
    (["path", "bayan.thesis.comprehensive-dialogue", "matar.nope"], "matar.nope: unknown claim"),
    (["whatif", "--deny", "idris.x"], "idris.x: unknown claim id 'idris.x'"),
    (["brief"], "brief: brief takes a paper or --actor, one of them"),
    (["brief", "nobody"], "nobody: unknown paper 'nobody'"),
    (["scenarios", "--paper", "matr"], "matr: unknown paper 'matr'; did you mean matar?"),
    (["search", "x", "--kind", "goals"], "goals: unknown kind 'goals'"),
])
def test_unknown_names_are_clean_errors(args: list[str], message: str) -> None:
    result = run(*args)
    assert result.exit_code == 2
    assert result.stderr.startswith(message)
    assert result.stderr.count("\n") == 1
