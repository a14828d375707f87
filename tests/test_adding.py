"""Adding a paper without friction: quotes checked, names resolved, the shipped map named."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from .conftest import MINI, mini, run


@pytest.fixture
def store(tmp_path: Path) -> Path:
    """A copy of the mini store, to add to."""
    path = tmp_path / "s.yaml"
    path.write_bytes(MINI.read_bytes())
    return path


def added_block(store: Path) -> str:
    """What the last `new` inserted: the file minus the mini store's lines."""
    before = MINI.read_text(encoding="utf-8").splitlines(keepends=True)
    after = store.read_text(encoding="utf-8").splitlines(keepends=True)
    for line in before:
        after.remove(line)
    return "".join(after)


# 2. Say when --store @shipped is needed

HINT = ("; it is in the shipped map: add --store @shipped before --store {file} "
        "(or set ARGMAP_STORE=@shipped:{file})")


def _mine(tmp_path: Path, claims: str = "") -> Path:
    mine = tmp_path / "mine.yaml"
    mine.write_text("papers:\n  - {key: mine, title: Mine, authors: [{name: Ana Lima}], "
                    "date: \"2021\", kind: article}\n" + claims, encoding="utf-8")
    return mine


def test_new_names_the_shipped_map_when_a_name_is_only_there(tmp_path: Path) -> None:
    mine = _mine(tmp_path)
    before = mine.read_bytes()
    topic = run("new", "claim", "mine.goal.talks", "--kind", "goal", "--topic", "dialogue-agenda",
                "--text", "t", "--quote", "four words at the least", "--to", mine)
    assert (topic.exit_code, topic.stderr) == (
        2, "dialogue-agenda: unknown topic 'dialogue-agenda'" + HINT.format(file=mine) + "\n")
    relation = run("new", "relation", "mine.goal.talks", "bayan.thesis.comprehensive-dialogue",
                   "--type", "agrees", "--rationale", "r", "--to", mine)
    assert relation.exit_code == 2
    assert relation.stderr.startswith("mine.goal.talks: unknown claim id 'mine.goal.talks'")
    assert mine.read_bytes() == before
    # as the message says: both loaded, the shipped names resolve (the alias to its key)
    done = run("--store", "@shipped", "--store", mine, "new", "claim", "mine.goal.talks",
               "--kind", "goal", "--actor", "usa", "--topic", "dialogue-agenda", "--text", "t",
               "--quote", "four words at the least", "--to", mine)
    assert (done.exit_code, done.stdout) == (0, f"added claim mine.goal.talks to {mine}\n")
    assert "    actor: us\n    topics: [dialogue-agenda]\n" in mine.read_text(encoding="utf-8")


def test_a_file_loaded_alone_names_the_shipped_map(tmp_path: Path) -> None:
    mine = _mine(tmp_path, "claims:\n  - {id: mine.goal.x, paper: mine, kind: goal, actor: us, "
                           "text: t, quote: q}\n")
    alone = run("--store", mine, "check")
    assert (alone.exit_code, alone.stderr) == (
        2, f"{mine}:4:5: mine.goal.x: unknown actor 'us'" + HINT.format(file=mine) + "\n")
    assert run("--store", "@shipped", "--store", mine, "check").exit_code == 0
    assert run("check", env={"ARGMAP_STORE": f"@shipped:{mine}"}).exit_code == 0
    # a name the shipped map lacks too gets no hint; nor does one when it is loaded
    typo = run("--store", _mine(tmp_path, "claims:\n  - {id: mine.goal.x, paper: mine, kind: "
                                          "goal, actor: uss, text: t, quote: q}\n"), "check")
    assert typo.stderr == f"{mine}:4:5: mine.goal.x: unknown actor 'uss'\n"
    loaded = run("--store", "@shipped", "--store", mine, "check")
    assert loaded.stderr == f"{mine}:4:5: mine.goal.x: unknown actor 'uss'; did you mean us, russia?\n"


def test_command_line_names_only_the_shipped_map_knows_say_so() -> None:
    usa = mini("goals", "--actor", "usa")
    assert (usa.exit_code, usa.stderr) == (2, "usa: unknown actor 'usa'" +
                                           HINT.format(file=MINI) + "\n")
    nobody = mini("goals", "--actor", "nobody")
    assert nobody.stderr == "nobody: unknown actor 'nobody'\n"
    assert mini("compare", "bayan", "north").stderr == (
        "bayan: unknown paper 'bayan'" + HINT.format(file=MINI) + "\n")


# 3. Close matches everywhere

@pytest.mark.parametrize(("args", "message"), [
    (["new", "claim", "south.claim.new", "--kind", "gaol"],
     "gaol: unknown claim kind 'gaol'; did you mean goal?"),
    (["new", "claim", "south.claim.new", "--kind", "claim", "--topic", "wter"],
     "wter: unknown topic 'wter'; did you mean water?"),
    (["new", "claim", "south.claim.new", "--kind", "consequence", "--valence", "harms"],
     "harms: unknown valence 'harms'; did you mean harm?"),
    (["new", "claim", "south.claim.new", "--kind", "claim", "--actor", "farmer"],
     "farmer: unknown actor 'farmer'; did you mean farmers?"),
    (["new", "claim", "sout.claim.new", "--kind", "claim"],
     "sout: unknown paper 'sout'; did you mean south?"),
    (["new", "relation", "south.claim.share", "north.goal.dam", "--type", "agree",
      "--rationale", "r"], "agree: unknown relation type 'agree'; did you mean agrees?"),
    (["new", "paper", "p", "--title", "T", "--author", "A B", "--date", "2020", "--kind",
      "studdy"], "studdy: unknown paper kind 'studdy'; did you mean study?"),
    (["new", "actor", "a", "--name", "A", "--kind", "stat"],
     "stat: unknown actor kind 'stat'; did you mean state, sub-state, non-state?"),
])
def test_new_gives_one_line_with_close_matches(store: Path, args: list[str],
                                               message: str) -> None:
    extra = ["--text", "t", "--quote", "four words at the least"] if args[1] == "claim" else []
    result = run("--store", store, *args, *extra, "--to", store)
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", message + "\n")
    assert store.read_bytes() == MINI.read_bytes()


@pytest.mark.parametrize(("args", "message"), [
    (["export", "dot", "--type", "agree"],
     "agree: unknown relation type 'agree'; did you mean agrees?"),
    (["search", "dam", "--kind", "Goals"], "Goals: unknown kind 'Goals'; did you mean goal?"),
    (["export", "dot", "--topic", "dam"], "dam: unknown topic 'dam'; did you mean dams?"),
    (["export", "Dott"], "Dott: unknown format 'Dott'; did you mean dot?"),
])
def test_queries_give_one_line_with_close_matches(args: list[str], message: str) -> None:
    result = mini(*args)
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", message + "\n")


def test_case_and_aliases_resolve_the_same_in_every_command(store: Path) -> None:
    done = run("--store", store, "new", "claim", "south.consequence.dry", "--kind", "Consequence",
               "--valence", "HARM", "--actor", "North State", "--topic", "Water Sharing",
               "--topic", "DAMS", "--text", "t", "--quote", "four words at the least",
               "--to", store)
    assert done.exit_code == 0
    assert added_block(store) == (
        "  - id: south.consequence.dry\n    paper: south\n    kind: consequence\n"
        "    actor: upstream\n    topics: [water, dams]\n    text: t\n"
        "    quote: \"four words at the least\"\n    valence: harm\n")
    rel = run("--store", store, "new", "relation", "south.consequence.dry", "north.goal.dam",
              "--type", "Depends-On", "--rationale", "r", "--to", store)
    assert (rel.exit_code, rel.stdout) == (
        0, f"added relation south.consequence.dry -depends_on-> north.goal.dam to {store}\n")
    actor = run("new", "actor", "a", "--name", "A", "--kind", "NON-STATE", "--to", store)
    assert actor.exit_code == 0
    assert "  - key: a\n    name: \"A\"\n    kind: non-state\n" in store.read_text(encoding="utf-8")
    # the queries resolve the same way
    assert [g["id"] for g in json.loads(mini("goals", "--actor", "UPSTREAM", "--json").stdout)] \
        == ["north.goal.dam"]
    found = json.loads(mini("search", "dam", "--kind", "GOAL", "--json").stdout)
    assert [r["claim"]["id"] for r in found["results"]] == ["north.goal.dam"]
    types = json.loads(mini("export", "json", "--type", "Agrees", "--topic", "Water sharing")
                       .stdout)
    assert [(link["source"], link["type"]) for link in types["links"]] == [
        ("south.claim.share", "agrees")]
    assert run("goals", "--actor", "USA").exit_code == 0


# 6. check names the shipped map as @shipped

def test_check_names_the_stores_as_given() -> None:
    result = run("--store", "@shipped", "--store", MINI, "check")
    assert result.stdout.splitlines()[0] == f"valid: @shipped, {MINI}"
    data = json.loads(run("check", "--json").stdout)
    assert data["files"] == ["@shipped"]
    assert json.loads(run("check", "--json", env={"ARGMAP_STORE": f"{MINI}:@shipped"}).stdout)[
        "files"] == [str(MINI), "@shipped"]
