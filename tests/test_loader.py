"""The strict loader: each rejection names file, line and column; nothing is guessed."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from argmap.errors import StoreError
from argmap.store import load

from .conftest import MINI, run

PAPER = """\
papers:
  - key: p
    title: T
    authors: [{name: A B}]
    date: "2020"
    kind: study
"""
CLAIM = """\
  - id: p.c.one
    paper: p
    kind: claim
    text: t
    quote: q
"""


def write(tmp_path: Path, text: str, name: str = "s.yaml") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    return path


def error_of(tmp_path: Path, text: str | bytes) -> str:
    path = tmp_path / "s.yaml"
    path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    with pytest.raises(StoreError) as info:
        load([path])
    return info.value.message.replace(str(path), "s.yaml")


@pytest.mark.parametrize(("text", "expected"), [
    (PAPER + "    title: U\n",
     "s.yaml:7:5: duplicate key 'title' (first at line 3): a key may appear once in a mapping"),
    ("papers: []\npapers: []\n",
     "s.yaml:2:1: duplicate key 'papers' (first at line 1): a key may appear once in a mapping"),
    ('papers: []\n"papers": []\n',
     "s.yaml:2:1: duplicate key 'papers' (first at line 1): a key may appear once in a mapping"),
    ("papers: &x []\nactors: *x\n", "s.yaml:1:9: anchor &x is not allowed: write the value out"),
    ("topics:\n  - <<: {key: a}\n    name: b\n",
     "s.yaml:2:5: merge key '<<' is not allowed: write the fields out"),
    ("topics: !!python/object/apply:os.system [echo hi]\n",
     "s.yaml:1:9: tag 'tag:yaml.org,2002:python/object/apply:os.system' is not allowed: "
     "write plain values"),
    ("topics: [{key: a, name: !!binary aGk=}]\n",
     "s.yaml:1:25: tag 'tag:yaml.org,2002:binary' is not allowed: write plain values"),
    ("topics: [{key: a, name: !mine x}]\n",
     "s.yaml:1:25: tag '!mine' is not allowed: write plain values"),
    ("topics: [{key: a, name: !!int \"\"}]\n",
     "s.yaml:1:25: tag 'tag:yaml.org,2002:int' is not allowed: write plain values"),
    ("", "s.yaml:1:1: the store is empty: expected a mapping with papers, actors, topics, "
         "claims and relations"),
    ("# only a comment\n", "s.yaml:1:1: the store is empty: expected a mapping with papers, "
                           "actors, topics, claims and relations"),
    ("- papers\n", "s.yaml:1:1: the top level must be a mapping (papers:, claims:, ...), "
                   "not a list"),
    ("papers: []\n---\nactors: []\n", "s.yaml:2:1: several YAML documents: a store is one document"),
    ('topics: [{key: a, name: "open}]\n',
     "s.yaml:2:1: YAML syntax error: found unexpected end of stream "
     "(while scanning a quoted scalar)"),
    ("topics:\n\t- key: a\n",
     "s.yaml:2:1: YAML syntax error: found character that cannot start any token "
     "(while scanning for the next token)"),
    (PAPER.replace("    title: T\n", "    titel: T\n"), "s.yaml:3:5: p: unknown field 'titel'"),
    (PAPER.replace("    kind: study\n", ""), "s.yaml:2:5: p: missing required field 'kind'"),
    (PAPER.replace("kind: study", "kind: novel"),
     "s.yaml:6:11: p: papers[0].kind: Input should be 'study', 'analysis', 'article', "
     "'opinion', 'report', 'book' or 'other'"),
    (PAPER + "claims:\n" + CLAIM.replace("paper: p", "paper: pp"),
     "s.yaml:8:5: p.c.one: unknown paper 'pp'; did you mean p?"),
    (PAPER + "claims:\n" + CLAIM + CLAIM,
     "s.yaml:13:5: p.c.one: duplicate id: first defined at s.yaml:8:5"),
    (PAPER + "claims:\n" + CLAIM + "relations:\n  - {from: p.c.one, to: p.c.onw, type: supports}\n",
     "s.yaml:14:5: p.c.one -supports-> p.c.onw: unknown claim 'p.c.onw'; did you mean p.c.one?"),
    (PAPER + "claims:\n" + CLAIM + "relations:\n  - {from: p.c.one, to: p.c.one, type: agrees}\n",
     "s.yaml:14:5: p.c.one -agrees-> p.c.one: a relation joins two different claims"),
    (PAPER + "claims:\n" + CLAIM + CLAIM.replace("one", "two") +
     "relations:\n  - {from: p.c.one, to: p.c.two, type: agrees}\n"
     "  - {from: p.c.two, to: p.c.one, type: agrees}\n",
     "s.yaml:20:5: p.c.two -agrees-> p.c.one: the same relation is given twice in the other "
     "direction (first at s.yaml:19:5)"),
    (PAPER + "claims:\n" + CLAIM.replace("kind: claim", "kind: consequence"),
     "s.yaml:8:5: p.c.one: a consequence needs a valence (benefit, cost or harm)"),
    (PAPER + "claims:\n" + CLAIM.replace("id: p.c.one", "id: x.c.one"),
     "s.yaml:8:5: x.c.one: a claim id starts with its paper's key: p.…"),
    (PAPER + "claims:\n" + CLAIM + "    actor: nobody\n",
     "s.yaml:8:5: p.c.one: unknown actor 'nobody'"),
])
def test_rejections_name_line_and_column(tmp_path: Path, text: str, expected: str) -> None:
    assert error_of(tmp_path, text) == expected


def test_cross_paper_relation_needs_rationale(tmp_path: Path) -> None:
    text = (PAPER + PAPER.replace("papers:\n", "").replace("key: p", "key: r")
            + "claims:\n" + CLAIM + CLAIM.replace("p.c.one", "r.c.one").replace("paper: p",
                                                                                  "paper: r")
            + "relations:\n  - {from: p.c.one, to: r.c.one, type: conflicts}\n")
    assert error_of(tmp_path, text) == (
        "s.yaml:24:5: p.c.one -conflicts-> r.c.one: a relation between two papers needs "
        "a rationale")


def test_nul_byte_and_invalid_utf8_have_positions(tmp_path: Path) -> None:
    assert error_of(tmp_path, b"papers: []\nactors: [\x00]\n") == (
        "s.yaml:2:10: NUL byte: a store must be text")
    assert error_of(tmp_path, b"papers: []\ntopics: [\xff]\n") == (
        "s.yaml:2:10: invalid UTF-8 byte 0xff: a store must be UTF-8 text")


def test_yaml_11_surprises_stay_text(tmp_path: Path) -> None:
    text = (PAPER.replace('"2020"', "2020") + "topics:\n  - {key: no, name: no}\n"
            "  - {key: '0001', name: 0001}\n  - {key: off, name: 2024-01-01}\n"
            "  - {key: t, name: 12:30}\n  - {key: f, name: 3.10}\n  - {key: y, name: yes}\n")
    path = write(tmp_path, text)
    amap = load([path])
    assert amap.papers["p"].date == "2020"
    assert {k: t.name for k, t in amap.topics.items()} == {
        "no": "no", "0001": "0001", "off": "2024-01-01", "t": "12:30", "f": "3.10", "y": "yes"}


def test_alias_bomb_is_rejected_at_once(tmp_path: Path) -> None:
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"a{i}: &a{i} [" + ",".join([f"*a{i-1}"] * 9) + "]" for i in range(1, 10)]
    # rejected at the first anchor, before any alias is expanded
    message = error_of(tmp_path, "\n".join(lines) + "\n")
    assert message == "s.yaml:1:5: anchor &a0 is not allowed: write the value out"


@pytest.mark.parametrize("text", [
    "papers: " + "[" * 5000 + "]" * 5000 + "\n",
    "claims:\n  - id: p.c\n    topics: " + "{a: " * 3000 + "1" + "}" * 3000 + "\n",
], ids=["flow-lists", "flow-mappings"])
def test_deep_nesting_is_a_clean_error(tmp_path: Path, text: str) -> None:
    # What we promise, whichever layer stops it (libyaml's own depth limit in newer
    # PyYAML, or validation): one line naming file:line:col, exit 2, no traceback.
    # The reason is another library's wording, so it is not asserted.
    path = tmp_path / "s.yaml"
    path.write_text(text, encoding="utf-8")
    result = run("--store", path, "check")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert re.fullmatch(rf"{re.escape(str(path))}:\d+:\d+: \S[^\n]*\n", result.stderr)
    assert "Traceback" not in result.stderr


def test_ids_stay_unique_across_store_files(tmp_path: Path) -> None:
    first = write(tmp_path, PAPER + "claims:\n" + CLAIM, "a.yaml")
    second = write(tmp_path, "claims:\n" + CLAIM, "b.yaml")
    with pytest.raises(StoreError) as info:
        load([first, second])
    assert info.value.message == (
        f"{second}:2:5: p.c.one: duplicate id: first defined at {first}:8:5")


def test_cli_reports_store_error_on_stderr_with_exit_2(tmp_path: Path) -> None:
    bad = write(tmp_path, "papers: []\npapers: []\n")
    before = bad.read_bytes()
    result = run("--store", bad, "check")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (f"{bad}:2:1: duplicate key 'papers' (first at line 1): "
                             "a key may appear once in a mapping\n")
    assert bad.read_bytes() == before


def test_missing_and_directory_stores(tmp_path: Path) -> None:
    assert run("--store", tmp_path / "nope.yaml", "check").stderr == (
        f"{tmp_path / 'nope.yaml'}: no such store file\n")
    result = run("--store", tmp_path, "check")
    assert (result.exit_code, result.stderr) == (2, f"{tmp_path}: is a directory, not a store file\n")


def test_mini_store_loads_with_origins() -> None:
    amap = load([MINI])
    assert list(amap.papers) == ["north", "south"]
    assert str(amap.origin("claims", "south.goal.flow")).endswith("mini.yaml:58:5")
    assert amap.claims["south.goal.flow"].section == "What we want: \\N <b>now</b>"
