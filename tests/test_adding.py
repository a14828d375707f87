"""Adding a paper without friction: quotes checked, names resolved, the shipped map named."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from .conftest import MINI, MINI_SOURCES, ROOT, mini, run

NOT_CHECKED = ("warning: {id}: quote not checked against the paper's text: pass --sources DIR "
               "or set ARGMAP_SOURCES to check it\n")


@pytest.fixture
def store(tmp_path: Path) -> Path:
    """A copy of the mini store, to add to."""
    path = tmp_path / "s.yaml"
    path.write_bytes(MINI.read_bytes())
    return path


def new_claim(store: Path, claim_id: str, *options: str, quote: str,
              env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = run("--store", store, "new", "claim", claim_id, "--text", "A new claim.",
                 "--quote", quote, *options, "--to", store, env=env)
    return result.exit_code, result.stdout, result.stderr


def added_block(store: Path) -> str:
    """What the last `new` inserted: the file minus the mini store's lines."""
    before = MINI.read_text(encoding="utf-8").splitlines(keepends=True)
    after = store.read_text(encoding="utf-8").splitlines(keepends=True)
    for line in before:
        after.remove(line)
    return "".join(after)


# 1. Quote checks when adding

def test_a_quote_not_in_the_source_is_refused_naming_the_closest_passage(store: Path) -> None:
    want = (2, "", "south.claim.new: the quote is not in the text of paper 'south'; the closest "
            f"passage is at {MINI_SOURCES / 'south.txt'}:3: \"Sharing by season is the only "
            "fair rule.\"\n")
    got = new_claim(store, "south.claim.new", "--kind", "claim", "--sources", str(MINI_SOURCES),
                    quote="Sharing by season is the fairest rule")
    assert got == want
    assert store.read_bytes() == MINI.read_bytes()
    assert sorted(p.name for p in store.parent.iterdir()) == ["s.yaml"]
    # the same from ARGMAP_SOURCES
    got = new_claim(store, "south.claim.new", "--kind", "claim",
                    quote="Sharing by season is the fairest rule",
                    env={"ARGMAP_SOURCES": str(MINI_SOURCES)})
    assert got == want
    assert store.read_bytes() == MINI.read_bytes()


def test_a_quote_found_in_the_source_is_written_without_a_warning(store: Path) -> None:
    # line breaks, ** emphasis and escapes in the text are forgiven, as by verify
    got = new_claim(store, "north.claim.share", "--kind", "claim", "--sources",
                    str(MINI_SOURCES), quote="the treaty must share the water season by season")
    assert got == (0, f"added claim north.claim.share to {store}\n", "")
    assert added_block(store) == (
        "  - id: north.claim.share\n    paper: north\n    kind: claim\n"
        "    text: \"A new claim.\"\n    quote: \"the treaty must share the water season by "
        "season\"\n")


@pytest.mark.parametrize(("quote", "words", "chars"), [
    ("a fair rule", 3, 11),                    # under 4 words
    ("by a vote", 3, 9),
    ("We ask for a", 4, 12),                   # 4 words, under 20 characters
    ("The dam … will", 3, 12),                 # an ellipsis is not a word
])
def test_a_short_quote_is_refused_with_or_without_sources(store: Path, quote: str, words: int,
                                                          chars: int) -> None:
    why = (f"south.claim.new: the quote is too short to prove ({words} words, {chars} "
           "characters): quote at least 4 words and 20 characters\n")
    for sources in ([], ["--sources", str(MINI_SOURCES)]):
        got = new_claim(store, "south.claim.new", "--kind", "claim", *sources, quote=quote)
        assert got == (2, "", why)
        assert store.read_bytes() == MINI.read_bytes()


def test_without_sources_the_claim_is_written_with_a_warning(store: Path) -> None:
    got = new_claim(store, "south.claim.new", "--kind", "claim",
                    quote="a quote nobody has checked yet")
    assert got == (0, f"added claim south.claim.new to {store}\n",
                   NOT_CHECKED.format(id="south.claim.new"))
    assert "    quote: \"a quote nobody has checked yet\"\n" in added_block(store)


def test_a_paper_without_source_warns_and_a_missing_text_is_refused(store: Path,
                                                                   tmp_path: Path) -> None:
    text = MINI.read_text(encoding="utf-8")
    store.write_text(text.replace("    source: south.txt\n", ""), encoding="utf-8")
    got = new_claim(store, "south.claim.new", "--kind", "claim", "--sources", str(MINI_SOURCES),
                    quote="a quote with no text to check")
    assert got == (0, f"added claim south.claim.new to {store}\n",
                   "warning: south.claim.new: quote not checked against the paper's text: "
                   "paper 'south' names no source file\n")
    empty = tmp_path / "texts"
    empty.mkdir()
    before = store.read_bytes()
    got = new_claim(store, "north.claim.new", "--kind", "claim", "--sources", str(empty),
                    quote="Upstream wants its dam finished")
    assert got == (2, "", f"{empty / 'north.txt'}: no text of paper 'north' in the sources "
                   "folder\n")
    store.write_text(text.replace("source: north.txt", "source: ../s.yaml"), encoding="utf-8")
    before = store.read_bytes()
    got = new_claim(store, "north.claim.new", "--kind", "claim", "--sources", str(empty),
                    quote="Upstream wants its dam finished")
    assert got == (2, "", f"{store}:11:13: north: papers[0].source: '../s.yaml' climbs out "
                   "with '..': a source names a file inside the sources folder\n")
    assert store.read_bytes() == before
    # a text reached through a symlink that leads out of the folder is never read
    (empty / "north.txt").symlink_to(MINI_SOURCES / "north.txt")
    linked = tmp_path / "s2.yaml"
    linked.write_text(text, encoding="utf-8")
    got = new_claim(linked, "north.claim.new", "--kind", "claim", "--sources", str(empty),
                    quote="Upstream wants its dam finished")
    assert got[0] == 2 and "leads out of the sources folder" in got[2]
    assert linked.read_bytes() == text.encode()


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
    assert '  - {key: a, name: "A", kind: non-state}\n' in store.read_text(encoding="utf-8")
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


# 4. Missing options on `new`

def test_new_paper_writes_date_note_affiliations_and_waivers(store: Path) -> None:
    result = run("--store", store, "new", "paper", "east", "--title", "East", "--date", "2021",
                 "--date-note", "spring 2021, before the vote", "--author", "Ivo Petrov",
                 "--affiliation", "East Institute", "--author", "Mia Berg", "--affiliation", "",
                 "--author", "Ola Sand", "--waive", "paper-no-scenarios=A short note.",
                 "--waive", "Paper-No-Goals=It argues, it wants nothing.", "--to", store)
    assert (result.exit_code, result.stdout) == (0, f"added paper east to {store}\n")
    assert added_block(store) == (
        "  - key: east\n    title: \"East\"\n"
        "    authors: [{name: \"Ivo Petrov\", affiliation: \"East Institute\"}, "
        "{name: \"Mia Berg\"}, {name: \"Ola Sand\"}]\n"
        "    date: \"2021\"\n    date_note: \"spring 2021, before the vote\"\n"
        "    kind: article\n"
        "    waive: {paper-no-scenarios: \"A short note.\", paper-no-goals: \"It argues, it "
        "wants nothing.\"}\n")
    paper = {p["key"]: p for p in json.loads(run("--store", store, "papers", "--json").stdout)}[
        "east"]
    assert paper["authors"] == [
        {"name": "Ivo Petrov", "affiliation": "East Institute", "kind": "person"},
        {"name": "Mia Berg", "affiliation": None, "kind": "person"},
        {"name": "Ola Sand", "affiliation": None, "kind": "person"}]
    assert paper["date_note"] == "spring 2021, before the vote"
    waived = json.loads(run("--store", store, "lint", "--json").stdout)["waived"]
    assert [(w["id"], w["rule"], w["reason"]) for w in waived] == [
        ("east", "paper-no-goals", "It argues, it wants nothing."),
        ("east", "paper-no-scenarios", "A short note.")]


def test_new_claim_writes_a_waiver(store: Path) -> None:
    got = new_claim(store, "south.claim.alone", "--kind", "claim", "--waive",
                    "no-relation=Context only.", quote="four words at the least")
    assert got[0] == 0
    assert added_block(store).endswith("    waive: {no-relation: \"Context only.\"}\n")
    waived = json.loads(run("--store", store, "lint", "--json").stdout)["waived"]
    assert ("south.claim.alone", "no-relation") in [(w["id"], w["rule"]) for w in waived]


@pytest.mark.parametrize(("args", "message"), [
    (["--author", "A B", "--affiliation", "X", "--affiliation", "Y"],
     "p: 2 --affiliation for 1 --author: each affiliation belongs to the --author in the same "
     "position"),
    ([], "p: a paper needs an author: --author NAME or --org-author NAME"),
    (["--author", "A B", "--waive", "paper-no-scenario=r"],
     "paper-no-scenario: unknown lint rule for papers 'paper-no-scenario'; did you mean "
     "paper-no-scenarios, paper-no-goals?"),
    (["--author", "A B", "--waive", "no-relation=r"],
     "no-relation: unknown lint rule for papers 'no-relation'; choose one of paper-no-goals, "
     "paper-no-scenarios"),
    (["--author", "A B", "--waive", "paper-no-goals"],
     "paper-no-goals: write --waive RULE=REASON: a waived rule needs its reason"),
    (["--author", "A B", "--waive", "paper-no-goals=a", "--waive", "paper-no-goals=b"],
     "paper-no-goals=b: rule 'paper-no-goals' is waived twice"),
])
def test_new_paper_refuses_unpaired_affiliations_and_unknown_rules(store: Path, args: list[str],
                                                                   message: str) -> None:
    result = run("new", "paper", "p", "--title", "T", "--date", "2020", *args, "--to", store)
    assert (result.exit_code, result.stderr) == (2, message + "\n")
    assert store.read_bytes() == MINI.read_bytes()


def test_a_claim_cannot_waive_a_paper_rule(store: Path) -> None:
    got = new_claim(store, "south.claim.new", "--kind", "claim", "--waive", "long-quot=r",
                    quote="four words at the least")
    assert got == (2, "", "long-quot: unknown lint rule for claims 'long-quot'; did you mean "
                   "long-quote, short-quote?\n")


# 5. Organisations as authors

def test_an_organisation_author_has_no_surname(store: Path) -> None:
    result = run("--store", store, "new", "paper", "wi", "--title", "Policy note",
                 "--date", "2020", "--org-author", "Washington Policy Institute DC",
                 "--author", "Jo Park", "--to", store)
    assert result.exit_code == 0
    assert ("    authors: [{name: \"Jo Park\"}, {name: \"Washington Policy Institute DC\", "
            "kind: organization}]\n") in added_block(store)
    found = json.loads(run("--store", store, "compare", "washington policy institute dc",
                           "north", "--json").stdout)
    assert (found["left"]["key"], found["left"]["authors"][1]["kind"]) == ("wi", "organization")
    assert run("--store", store, "compare", "park", "north").exit_code == 0
    dc = run("--store", store, "compare", "dc", "north")
    assert (dc.exit_code, dc.stderr) == (
        2, "dc: unknown paper 'dc'; did you mean washington policy institute dc?\n")
    # read back from the parsed-store cache, the kind is the same
    assert json.loads(run("--store", store, "papers", "--json").stdout) == json.loads(
        run("--no-cache", "--store", store, "papers", "--json").stdout)


def test_the_author_kind_is_checked(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("papers:\n  - key: p\n    title: T\n    authors:\n"
                   "      - {name: X, kind: company}\n    date: \"2020\"\n    kind: study\n",
                   encoding="utf-8")
    result = run("--store", bad, "check")
    assert result.exit_code == 2
    assert result.stderr.startswith(f"{bad}:5:25: p: papers[0].authors[0].kind: ")
    # editors see it too: the shipped schema (kept current by test_curating) has the field
    schema = json.loads((ROOT / "schema" / "argmap-store.schema.json").read_text(encoding="utf-8"))
    assert schema["$defs"]["Author"]["properties"]["kind"]["enum"] == ["person", "organization"]


# 6. check names the shipped map as @shipped

def test_check_names_the_stores_as_given() -> None:
    result = run("--store", "@shipped", "--store", MINI, "check")
    assert result.stdout.splitlines()[0] == f"valid: @shipped, {MINI}"
    data = json.loads(run("check", "--json").stdout)
    assert data["files"] == ["@shipped"]
    assert json.loads(run("check", "--json", env={"ARGMAP_STORE": f"{MINI}:@shipped"}).stdout)[
        "files"] == [str(MINI), "@shipped"]
