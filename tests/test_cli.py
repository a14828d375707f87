"""Every command through the CLI, on the small test store: exit codes and output."""

from __future__ import annotations

import json
from pathlib import Path

from .conftest import MINI, MINI_SOURCES, mini, run


def lines(text: str) -> list[str]:
    return [line.rstrip() for line in text.splitlines()]


def test_papers_table_and_json() -> None:
    result = mini("papers")
    assert result.exit_code == 0
    assert lines(result.stdout)[0].split() == ["key", "date", "title", "authors", "claims",
                                               "goals"]
    assert "north  2019-05" in result.stdout
    data = json.loads(mini("papers", "--json").stdout)
    assert [(p["key"], p["claims"], p["goals"], p["date_precision"]) for p in data] == [
        ("north", 4, 1, "month"), ("south", 3, 1, "day")]


def test_actors_and_topics_count_claims() -> None:
    actors = json.loads(mini("actors", "--json").stdout)
    assert [(a["key"], a["claims"], a["goals"], a["goal_papers"]) for a in actors] == [
        ("downstream", 2, 1, ["south"]), ("farmers", 1, 0, []), ("upstream", 1, 1, ["north"])]
    topics = json.loads(mini("topics", "--json").stdout)
    assert [(t["key"], t["claims"], t["papers"]) for t in topics] == [
        ("dams", 2, {"north": 1, "south": 1}), ("water", 6, {"north": 3, "south": 3})]
    assert "Water sharing" in mini("topics").stdout


def test_goals_grouped_by_actor_then_paper() -> None:
    result = mini("goals")
    assert result.exit_code == 0
    assert lines(result.stdout) == [
        "",
        "downstream",
        "  south",
        "    The downstream state wants a guaranteed minimum flow: C:\\river\\ وادي 🌊",
        "    “a guaranteed minimum flow … every summer”  [goal] south.goal.flow",
        "",
        "upstream",
        "  north",
        "    The upstream state wants to finish its dam.",
        "    “Upstream wants its dam finished before the next flood”  [goal] north.goal.dam",
        "",
        "2 goals",
    ]
    data = json.loads(mini("goals", "--actor", "north state", "--json").stdout)
    assert [(g["id"], g["paper"], g["actor"]) for g in data] == [
        ("north.goal.dam", "north", "upstream")]
    assert set(data[0]) >= {"id", "paper", "actor", "text", "quote"}


def test_compare_by_key_alias_and_surname() -> None:
    data = json.loads(mini("compare", "upstream institute", "al-rashid", "--json").stdout)
    # each side is the paper itself, with the name it was asked by
    assert (data["left"]["key"], data["left"]["title"], data["left"]["query"]) == (
        "north", "The River Treaty: a view from upstream", "upstream institute")
    assert (data["right"]["key"], data["right"]["query"], data["right"]["claims"]) == (
        "south", "al-rashid", 3)
    assert [(a["left"]["id"], a["right"]["id"], a["type"]) for a in data["agreements"]] == [
        ("north.thesis.share", "south.claim.share", "agrees")]
    assert [(c["left"]["id"], c["right"]["id"], c["rationale"]) for c in data["conflicts"]] == [
        ("north.goal.dam", "south.claim.dam-harm",
         'North wants the dam; south says it ruins farms: "no dam".')]
    assert [(d["from"], d["to"], d["type"]) for d in data["dependencies"]] == [
        ("south.goal.flow", "north.scenario.no-deal", "depends_on")]
    assert data["topics"]["both"] == [
        {"topic": "dams", "name": "Dams: building and control", "left": 1, "right": 1},
        {"topic": "water", "name": "Water sharing", "left": 3, "right": 3}]
    assert [(r["actor"], [g["id"] for g in r["left"]], [g["id"] for g in r["right"]])
            for r in data["actors"]] == [
        ("downstream", [], ["south.goal.flow"]), ("upstream", ["north.goal.dam"], [])]


def test_compare_human_view_reads_as_a_comparison() -> None:
    result = mini("compare", "north", "south")
    assert result.exit_code == 0
    out = lines(result.stdout)
    assert out[:2] == ["north  The River Treaty: a view from upstream",
                       "  Jana Novak · Upstream Institute · 2019-05 · 4 claims"]
    assert "Agreements (1)" in out and "Conflicts (1)" in out and "Dependencies (1)" in out
    assert "south.claim.dam-harm conflicts north.goal.dam" in out
    assert '  why: North wants the dam; south says it ruins farms: "no dam".' in out


def test_an_author_with_several_papers_means_all_of_them(tmp_path: Path) -> None:
    extra = tmp_path / "more.yaml"
    paper = ("  - key: {key}\n    title: {key}\n    authors: [{{name: Ivo Petrov}}]\n"
             "    date: '2021'\n    kind: article\n")
    extra.write_text("papers:\n" + paper.format(key="east1") + paper.format(key="east2"),
                     encoding="utf-8")
    data = json.loads(run("--store", MINI, "--store", extra, "compare", "petrov", "north",
                          "--json").stdout)
    # a surname naming several papers: a list of them, each with the query
    assert [(p["key"], p["query"]) for p in data["left"]] == [("east1", "petrov"),
                                                              ("east2", "petrov")]
    assert data["right"]["key"] == "north"
    view = run("--store", MINI, "--store", extra, "compare", "petrov", "north")
    assert view.stdout.splitlines()[:4] == [
        "east1  east1", "  Ivo Petrov · publisher not stated · 2021 · 0 claims",
        "east2  east2", "  Ivo Petrov · publisher not stated · 2021 · 0 claims"]
    assert "\ntopic                                    east1+east2  north\n" in view.stdout
    # "novak" names north (Jana Novak) and south (Lea Novak): both sides overlap
    result = mini("compare", "novak", "al-rashid")
    assert result.exit_code == 2
    assert result.stderr == ("compare: 'novak' and 'al-rashid' both name south: compare two "
                             "different papers\n")


def test_unknown_names_list_close_matches() -> None:
    result = mini("compare", "nort", "south")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == "nort: unknown paper 'nort'; did you mean north?\n"
    result = mini("goals", "--actor", "downstrem")
    assert result.stderr == "downstrem: unknown actor 'downstrem'; did you mean downstream?\n"
    result = mini("show", "north.goal.dan")
    assert result.exit_code == 2
    assert result.stderr == ("north.goal.dan: unknown claim id 'north.goal.dan'; did you mean "
                             "north.goal.dam, south.goal.flow?\n")


def test_show_prints_claim_relations_and_source_context() -> None:
    result = mini("show", "north.scenario.no-deal", "--sources", MINI_SOURCES, "-C", "1")
    assert result.exit_code == 0
    out = lines(result.stdout)
    assert out[0] == "north.scenario.no-deal  [scenario]"
    assert " in source   north.txt:9" in out
    assert out[9:11] == [
        "  - A second item that no claim quotes, about fishing rights on the river. If the talks "
        "fail, each",
        '  side will act alone. In the end, acting alone brings drought to the "lower valley" for '
        "years."]
    assert "  leads to north.consequence.drought  Acting alone brings drought downstream." in out
    assert any(line.startswith("  required by south.goal.flow  The downstream state wants a "
                               "guaranteed minimum flow: C:\\river\\ وادي") for line in out)
    data = json.loads(mini("show", "south.claim.share", "--json").stdout)
    assert data["relations"] == [{
        "direction": "both", "type": "agrees", "reading": "agrees with",
        "other": data["relations"][0]["other"],
        "rationale": "Both call for sharing the water by season."}]
    assert data["relations"][0]["other"]["id"] == "north.thesis.share"
    # the symmetric relation is found from its other end too, once
    other = json.loads(mini("show", "north.thesis.share", "--json").stdout)
    assert [(r["type"], r["other"]["id"]) for r in other["relations"]] == [
        ("agrees", "south.claim.share")]


def test_check_counts() -> None:
    result = mini("check")
    assert result.exit_code == 0
    assert lines(result.stdout)[1] == ("2 papers, 3 actors, 2 topics, 7 claims, 4 relations "
                                       "(3 across papers)")
    data = json.loads(mini("check", "--json").stdout)
    assert data["relations_by_type"] == {"agrees": 1, "conflicts": 1, "depends_on": 1,
                                         "leads_to": 1}


def test_store_from_environment_and_shipped_alias() -> None:
    result = run("papers", "--json", env={"ARGMAP_STORE": str(MINI)})
    assert [p["key"] for p in json.loads(result.stdout)] == ["north", "south"]
    both = json.loads(run("--store", "@shipped", "--store", MINI, "papers", "--json").stdout)
    assert {"bayan", "north", "south"} <= {p["key"] for p in both}


def test_version_and_no_args() -> None:
    assert run("--version").stdout.startswith("argmap ")
    result = run()
    assert "Usage" in result.stdout + result.stderr


def test_export_refuses_to_overwrite_a_store(tmp_path: Path) -> None:
    store = tmp_path / "s.yaml"
    store.write_bytes(MINI.read_bytes())
    result = run("--store", store, "export", "dot", "-o", store)
    assert result.exit_code == 3
    assert result.stderr == f"{store}: refusing to write over a store file that is being read\n"
    assert store.read_bytes() == MINI.read_bytes()


def test_python_dash_m_runs() -> None:
    import subprocess
    import sys
    out = subprocess.run([sys.executable, "-m", "argmap", "--store", str(MINI), "papers",
                          "--json"], capture_output=True, text=True, check=True)
    assert json.loads(out.stdout)[0]["key"] == "north"
