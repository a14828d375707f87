"""The store's ``dismissed:`` section: pairs judged unrelated, validated like relations."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from .conftest import MINI, run

#: The mini store ends at this line; a ``dismissed:`` section appended starts after it.
MINI_LINES = len(MINI.read_text(encoding="utf-8").splitlines())


def store_with(tmp_path: Path, *entries: str, name: str = "river.yaml") -> Path:
    path = tmp_path / name
    body = "".join(f"  - {entry}\n" for entry in entries)
    path.write_text(MINI.read_text(encoding="utf-8") + f"\ndismissed:\n{body}", encoding="utf-8")
    return path


def line(n: int) -> int:
    """The file line of the n-th (1-based) entry of the appended section."""
    return MINI_LINES + 2 + n


GOOD = "{a: north.goal.dam, b: south.goal.flow, reason: A dam and a flow are not one topic.}"


def test_a_valid_dismissal_is_counted_by_check(tmp_path: Path) -> None:
    path = store_with(tmp_path, GOOD)
    result = run("--store", path, "check")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "dismissed pairs: 1"
    data = json.loads(run("--store", path, "check", "--json").stdout)
    assert data["dismissed"] == 1
    assert json.loads(run("--store", MINI, "check", "--json").stdout)["dismissed"] == 0
    assert "dismissed" not in run("--store", MINI, "check").stdout


@pytest.mark.parametrize(("entries", "n", "message"), [
    (["{a: north.goal.dam, b: south.goal.flw, reason: r}"], 1,
     "dismissed north.goal.dam / south.goal.flw: unknown claim 'south.goal.flw'; "
     "did you mean south.goal.flow, north.goal.dam?"),
    (["{a: north.goal.dam, b: north.goal.dam, reason: r}"], 1,
     "dismissed north.goal.dam / north.goal.dam: a dismissal joins two different claims"),
    ([GOOD, "{a: south.goal.flow, b: north.goal.dam, reason: again}"], 2,
     "dismissed south.goal.flow / north.goal.dam: the same pair is dismissed twice "
     "(first at {file}:{first}:5)"),
    ([GOOD, "{a: north.goal.dam, b: south.goal.flow, reason: again}"], 2,
     "dismissed north.goal.dam / south.goal.flow: the same pair is dismissed twice "
     "(first at {file}:{first}:5)"),
    (["{a: north.goal.dam, b: south.goal.flow, reason: \"  \"}"], 1,
     "dismissed north.goal.dam / south.goal.flow: a dismissal needs a reason"),
    (["{a: north.goal.dam, b: south.goal.flow}"], 1,
     "dismissed[0].reason: missing required field 'reason'"),
])
def test_bad_dismissals_name_file_line_and_column(tmp_path: Path, entries: list[str], n: int,
                                                   message: str) -> None:
    path = store_with(tmp_path, *entries)
    result = run("--store", path, "check")
    assert result.exit_code == 2
    expected = message.format(file=path, first=line(1))
    assert result.stderr == f"{path}:{line(n)}:5: {expected}\n"
    assert result.stdout == ""


def test_an_unknown_field_in_a_dismissal_is_named(tmp_path: Path) -> None:
    path = store_with(tmp_path, "{a: north.goal.dam, b: south.goal.flow, reasn: r}")
    result = run("--store", path, "check")
    assert result.exit_code == 2
    assert result.stderr == f"{path}:{line(1)}:45: dismissed[0].reasn: unknown field 'reasn'\n"


def test_a_pair_both_related_and_dismissed_is_a_lint_warning(tmp_path: Path) -> None:
    path = store_with(tmp_path, "{a: north.goal.dam, b: south.claim.dam-harm, reason: r}")
    assert run("--store", path, "check").exit_code == 0
    data = json.loads(run("--store", path, "lint", "--json").stdout)
    found = [w for w in data["warnings"] if w["rule"] == "related-and-dismissed"]
    assert found == [{
        "rule": "related-and-dismissed", "id": "north.goal.dam", "at": f"{path}:37:5",
        "why": f"related to south.claim.dam-harm, and the pair is dismissed at {path}:"
               f"{line(1)}:5: remove the dismissal or the relation"}]
    assert run("--store", path, "lint", "--strict").exit_code == 1


def test_dismissals_survive_the_parsed_store_cache(tmp_path: Path) -> None:
    path = store_with(tmp_path, GOOD)
    first = json.loads(run("--store", path, "check", "--json").stdout)
    second = json.loads(run("--store", path, "check", "--json").stdout)
    assert first["dismissed"] == second["dismissed"] == 1
    # the cached map still names where the dismissal is (lint reads it back)
    twin = store_with(tmp_path, GOOD, "{a: north.goal.dam, b: south.claim.dam-harm, reason: r}",
                      name="twin.yaml")
    for _ in range(2):
        data = json.loads(run("--store", twin, "lint", "--json").stdout)
        assert [w["why"].split(" dismissed at ")[1] for w in data["warnings"]
                if w["rule"] == "related-and-dismissed"] == \
            [f"{twin}:{line(2)}:5: remove the dismissal or the relation"]


def test_diff_shows_dismissals_added_and_removed(tmp_path: Path) -> None:
    old = store_with(tmp_path, GOOD, name="old.yaml")
    new = store_with(tmp_path, "{a: north.thesis.share, b: south.goal.flow, reason: r}",
                     name="new.yaml")
    result = run("diff", old, new)
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        "+ dismissed north.thesis.share / south.goal.flow",
        "- dismissed north.goal.dam / south.goal.flow",
        "2 changes"]
    data = json.loads(run("diff", old, new, "--json").stdout)
    assert data["dismissed"] == {
        "added": [{"a": "north.thesis.share", "b": "south.goal.flow", "reason": "r"}],
        "removed": [{"a": "north.goal.dam", "b": "south.goal.flow",
                     "reason": "A dam and a flow are not one topic."}]}


def test_the_schema_describes_the_section() -> None:
    schema = json.loads(run("schema").stdout)
    assert schema["properties"]["dismissed"]["items"] == {"$ref": "#/$defs/Dismissal"}
    dismissal = schema["$defs"]["Dismissal"]
    assert dismissal["required"] == ["a", "b", "reason"]
    assert dismissal["additionalProperties"] is False
