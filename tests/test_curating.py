"""For curators: new entries, lint, diff, schema, and the README's walk-through."""

from __future__ import annotations

import json
import shlex
import subprocess
from pathlib import Path

import pytest

from .conftest import MINI, ROOT, run

README = (ROOT / "README.md").read_text(encoding="utf-8")


def walkthrough() -> list[tuple[str, list[str]]]:
    """(command, expected output lines) for each step of "Map your own papers", every
    console block of it in order."""
    section = README.split("## Map your own papers", 1)[1].split("\n## ", 1)[0]
    steps: list[tuple[str, list[str]]] = []
    for block in section.split("```console\n")[1:]:
        for line in block.split("\n```", 1)[0].splitlines():
            if line.startswith("$ "):
                steps.append((line[2:], []))
            else:
                steps[-1][1].append(line)
    return steps


def play_walkthrough(monkeypatch: pytest.MonkeyPatch) -> None:
    """Run every step of "Map your own papers" in the current folder, checking its output."""
    steps = walkthrough()
    assert len(steps) > 20
    assert ("export ARGMAP_STORE=@shipped:mine.yaml", []) in steps
    for command, expected in steps:
        if command.startswith("export "):  # as the shell would: for the steps after it
            name, _, value = command.removeprefix("export ").partition("=")
            monkeypatch.setenv(name, value)
            got = []
        elif command.startswith("argmap "):
            result = run(*shlex.split(command)[1:])
            assert result.exit_code == 0, (command, result.stderr)
            got = [line.rstrip() for line in result.stdout.splitlines()]
        else:
            subprocess.run(["bash", "-c", command], check=True)
            got = []
        assert got == expected, command


def test_readme_walkthrough_runs_as_written(tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    play_walkthrough(monkeypatch)
    # the errors the section quotes are the real ones
    refused = run("new", "claim", "south.claim.fairer", "--kind", "claim", "--text", "t",
                  "--quote", "Sharing by season is the fairest rule", "--to", "river.yaml")
    alone = run("--store", "mine.yaml", "check")
    for result in (refused, alone):
        assert result.exit_code == 2
        assert f"`{result.stderr.strip()}`" in " ".join(README.split())


def test_new_keeps_the_rest_of_the_file_byte_for_byte(tmp_path: Path) -> None:
    store = tmp_path / "s.yaml"
    original = MINI.read_text(encoding="utf-8")
    store.write_text(original, encoding="utf-8")
    result = run("--store", store, "new", "claim", "south.claim.new", "--kind", "claim",
                 "--text", "A new claim: with a colon.", "--quote", 'He said "no" to the dam.',
                 "--topic", "water", "--to", store)
    assert (result.exit_code, result.stdout) == (0, f"added claim south.claim.new to {store}\n")
    text = store.read_text(encoding="utf-8")
    added = ('  - id: south.claim.new\n    paper: south\n    kind: claim\n    topics: [water]\n'
             '    text: "A new claim: with a colon."\n    quote: "He said \\"no\\" to the dam."\n')
    cut = original.index("\n\nrelations:")
    assert text == original[:cut + 1] + added + original[cut + 1:]
    data = json.loads(run("--store", store, "show", "south.claim.new", "--json").stdout)
    assert data["claim"]["quote"] == 'He said "no" to the dam.'


def test_new_refuses_an_invalid_entry_and_leaves_the_file(tmp_path: Path) -> None:
    store = tmp_path / "s.yaml"
    store.write_bytes(MINI.read_bytes())
    result = run("--store", store, "new", "relation", "north.goal.dam", "south.claim.nope",
                 "--type", "attacks", "--rationale", "r", "--to", store)
    assert (result.exit_code, result.stderr) == (
        2, "south.claim.nope: unknown claim id 'south.claim.nope'; did you mean south.claim.share, "
        "south.claim.dam-harm?\n")
    assert store.read_bytes() == MINI.read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["s.yaml"]
    missing_to = run("new", "topic", "t", "--name", "T")
    assert (missing_to.exit_code, missing_to.stderr) == (
        2, "new: say which store file to add to: --to FILE\n")


def test_shipped_map_is_lint_clean_with_justified_waivers() -> None:
    result = run("lint", "--strict")
    assert result.exit_code == 0
    data = json.loads(run("lint", "--json").stdout)
    assert data["warnings"] == []
    assert all(w["reason"].strip() for w in data["waived"])
    assert {w["rule"] for w in data["waived"]} == {"no-relation", "paper-no-scenarios"}


def test_lint_warnings_name_id_and_line(tmp_path: Path) -> None:
    store = tmp_path / "s.yaml"
    text = MINI.read_text(encoding="utf-8").replace(
        "    actor: upstream\n    topics: [dams]\n", "    topics: [dams]\n")
    text += ("  - {from: north.thesis.share, to: north.scenario.no-deal, type: depends_on}\n"
             "  - {from: north.scenario.no-deal, to: north.thesis.share, type: depends_on}\n"
             "  - {from: south.claim.share, to: north.thesis.share, type: conflicts, "
             "rationale: r}\n")
    store.write_text(text, encoding="utf-8")
    # wide enough for each warning to be one line (wrapping is tested in test_terminal.py)
    result = run("--store", store, "lint", env={"COLUMNS": "300"})
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert f"{store}:31:5: north.thesis.share: cycle: depends_on cycle: north.thesis.share -> " \
        "north.scenario.no-deal -> north.thesis.share" in lines
    assert f"{store}:31:5: north.thesis.share: agree-and-conflict: agrees and conflicts with " \
        "south.claim.share" in lines
    assert f"{store}:37:5: north.goal.dam: goal-no-actor: whose goal is it? set actor" in lines
    assert f"{store}:12:5: south: paper-no-scenarios: no claim of kind scenario" in lines
    assert lines[-1] == "4 warnings"
    assert run("--store", store, "lint", "--strict").exit_code == 1


def test_diff_reports_changes_in_meaning(tmp_path: Path) -> None:
    new = tmp_path / "new.yaml"
    text = MINI.read_text(encoding="utf-8")
    text = text.replace("Seasonal sharing is fair.", "Seasonal sharing is just.")
    text = text.replace("type: conflicts", "type: attacks")
    text = text.replace("  - {from: north.scenario.no-deal, to: north.consequence.drought, "
                        "type: leads_to}\n", "")
    new.write_text(text, encoding="utf-8")
    data = json.loads(run("diff", MINI, new, "--json").stdout)
    assert data["claims"]["changed"] == [{
        "id": "south.claim.share", "changes": ["reworded"],
        "fields": {"text": {"old": "Seasonal sharing is fair.",
                            "new": "Seasonal sharing is just."}}}]
    assert data["relations"]["retyped"] == [{
        "from": "south.claim.dam-harm", "to": "north.goal.dam", "old_type": "conflicts",
        "new_type": "attacks", "rationale": 'North wants the dam; south says it ruins farms: "no dam".'}]
    assert [(r["from"], r["type"]) for r in data["relations"]["removed"]] == [
        ("north.scenario.no-deal", "leads_to")]
    human = run("diff", MINI, new)
    assert human.exit_code == 0
    assert human.stdout.splitlines()[-1] == "3 changes"
    assert run("diff", MINI, MINI).stdout == "no change in meaning\n"


def test_shipped_schema_is_current_and_the_store_points_at_it() -> None:
    shipped = (ROOT / "schema" / "argmap-store.schema.json").read_text(encoding="utf-8")
    assert run("schema").stdout == shipped
    first = (ROOT / "data" / "claims.yaml").read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=../schema/argmap-store.schema.json"
    schema = json.loads(shipped)
    claim = schema["$defs"]["Claim"]
    assert claim["additionalProperties"] is False
    assert set(claim["required"]) == {"id", "paper", "kind", "text", "quote"}
    assert set(schema["$defs"]["Relation"]["properties"]) == {"from", "to", "type", "rationale"}


def test_lint_near_duplicates_and_long_quotes(tmp_path: Path) -> None:
    store = tmp_path / "s.yaml"
    long_quote = " ".join(["word"] * 61)
    text = MINI.read_text(encoding="utf-8").replace(
        "    text: Seasonal sharing is fair.\n",
        "    text: The treaty should share the river's water by season!\n").replace(
        'quote: "If the talks fail, each side will act alone"', f'quote: "{long_quote}"')
    store.write_text(text, encoding="utf-8")
    data = json.loads(run("--store", store, "lint", "--json").stdout)
    found = {(w["rule"], w["id"], w["why"]) for w in data["warnings"]}
    assert ("long-quote", "north.scenario.no-deal",
            "the quote has 61 words; quote the point, not the paragraph") in found
    assert not any(rule == "near-duplicate" for rule, _, _ in found)  # different papers
    same_paper = text.replace("  - id: south.claim.share\n    paper: south\n",
                              "  - id: north.claim.share\n    paper: north\n").replace(
        "from: south.claim.share", "from: north.claim.share")
    store.write_text(same_paper, encoding="utf-8")
    data = json.loads(run("--store", store, "lint", "--json").stdout)
    assert [(w["id"], w["why"]) for w in data["warnings"] if w["rule"] == "near-duplicate"] == [
        ("north.claim.share", "nearly the same text as north.thesis.share")]
