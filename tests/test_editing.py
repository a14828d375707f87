"""`argmap new`: concurrent writers, the nothing-else-changes invariant, modes, error lines."""

from __future__ import annotations

import fcntl
import json
import os
import stat
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from argmap import editing, yamlstrict

from .conftest import MINI, ROOT, run

PAPER = 'papers:\n  - {key: p, title: T, authors: [{name: A B}], date: "2020", kind: study}\n'
NEW = ("  - id: p.c.new\n    paper: p\n    kind: claim\n    text: \"New claim.\"\n"
       "    quote: \"a new quote of five words\"\n")
NEW_FLOW = '{id: p.c.new, paper: p, kind: claim, text: "New claim.", quote: "a new quote of five words"}'
NEW_CLAIM = {"id": "p.c.new", "paper": "p", "kind": "claim", "text": "New claim.",
             "quote": "a new quote of five words"}


def unchecked(claim_id: str) -> str:
    """The warning ``new claim`` gives when no sources folder is known to prove the quote."""
    return (f"warning: {claim_id}: quote not checked against the paper's text: pass --sources "
            "DIR or set ARGMAP_SOURCES to check it\n")


def add_claim(store: Path, *extra: str, claim_id: str = "p.c.new") -> Any:
    return run("new", "claim", claim_id, "--kind", "claim", "--text", "New claim.",
               "--quote", "a new quote of five words", *extra, "--to", store)


def data(path: Path) -> dict[str, Any]:
    return yamlstrict.parse(yamlstrict.decode(path.read_bytes(), str(path)), str(path)).data


def files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def subprocess_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT / "src")
    return env


# --- 1. concurrent writers ---------------------------------------------------------------------

def _spawn(store: Path, claim_id: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "argmap", "new", "claim", claim_id, "--kind", "claim",
         "--text", f"Claim {claim_id}.", "--quote", f"the quote of {claim_id} here", "--to", str(store)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=subprocess_env())


def test_twenty_concurrent_writers_lose_nothing(tmp_path: Path) -> None:
    store = tmp_path / "same.yaml"
    store.write_text(PAPER + "claims:\n", encoding="utf-8")
    ids = [f"p.c.n{i}" for i in range(20)]
    procs = [_spawn(store, claim_id) for claim_id in ids]
    results = [(p.wait(timeout=240), p.stdout.read(), p.stderr.read())  # type: ignore[union-attr]
               for p in procs]
    assert [(code, err) for code, _, err in results] == [
        (0, unchecked(claim_id).encode()) for claim_id in ids]
    claims = data(store)["claims"]
    assert sorted(c["id"] for c in claims) == sorted(ids)
    assert all(c == {"id": c["id"], "paper": "p", "kind": "claim", "text": f"Claim {c['id']}.",
                     "quote": f"the quote of {c['id']} here"} for c in claims)
    assert run("--store", store, "check").exit_code == 0
    assert files(tmp_path) == ["same.yaml"]  # no lock file, no temporary file left


def test_writers_through_a_symlink_and_the_real_path_share_one_lock(tmp_path: Path) -> None:
    real = tmp_path / "real" / "s.yaml"
    real.parent.mkdir()
    real.write_text(PAPER + "claims:\n", encoding="utf-8")
    link = tmp_path / "link.yaml"
    link.symlink_to(real)
    ids = [f"p.c.n{i}" for i in range(10)]
    procs = [_spawn(real if i % 2 else link, claim_id) for i, claim_id in enumerate(ids)]
    assert [p.wait(timeout=240) for p in procs] == [0] * 10
    assert sorted(c["id"] for c in data(real)["claims"]) == sorted(ids)
    assert link.is_symlink() and link.resolve() == real.resolve()
    assert files(real.parent) == ["s.yaml"]


def test_a_writer_waits_for_the_lock_then_gives_up_cleanly(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = tmp_path / "s.yaml"
    store.write_text(PAPER + "claims:\n", encoding="utf-8")
    before = store.read_bytes()
    monkeypatch.setattr(editing, "LOCK_TIMEOUT", 0.3)
    with open(editing.lock_path(store), "w") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        result = add_claim(store)
    assert result.exit_code == 3
    assert result.stderr == (f"{store}: another process has been writing this store for 0.3 s "
                             "(it holds .s.yaml.lock); try again later\n")
    assert store.read_bytes() == before


# --- 2. nothing but the new entry changes ------------------------------------------------------

INSERTIONS = {
    "crlf": (
        (PAPER + "claims:\n  - id: p.c.a\n    paper: p\n    kind: claim\n    text: t\n"
         "    quote: q\n").replace("\n", "\r\n"),
        (PAPER + "claims:\n  - id: p.c.a\n    paper: p\n    kind: claim\n    text: t\n"
         "    quote: q\n" + NEW).replace("\n", "\r\n")),
    "empty flow list with a comment": (
        PAPER + "claims: [ ]   # none yet\nrelations: []\n",
        PAPER + "claims:    # none yet\n" + NEW + "relations: []\n"),
    "null with a comment": (
        PAPER + "claims: ~  # later\n",
        PAPER + "claims:   # later\n" + NEW),
    "nothing but a comment": (
        PAPER + "claims:  # later\n",
        PAPER + "claims:  # later\n" + NEW),
    "last quote double-quoted over two lines": (
        PAPER + 'claims:\n  - id: p.c.a\n    paper: p\n    kind: claim\n    text: t\n'
        '    quote: "first line\n      second line"  # checked\n# about relations\n\nrelations: []\n',
        PAPER + 'claims:\n  - id: p.c.a\n    paper: p\n    kind: claim\n    text: t\n'
        '    quote: "first line\n      second line"  # checked\n' + NEW
        + "# about relations\n\nrelations: []\n"),
    "last quote single-quoted over two lines": (
        PAPER + "claims:\n  - {id: p.c.a, paper: p, kind: claim, text: t, quote: 'it''s\n"
        "      two lines'}\n",
        PAPER + "claims:\n  - {id: p.c.a, paper: p, kind: claim, text: t, quote: 'it''s\n"
        "      two lines'}\n" + NEW),
    "keep block with trailing blank lines": (
        PAPER + "claims:\n  - id: p.c.a\n    paper: p\n    kind: claim\n    text: t\n"
        "    quote: |+\n      kept\n\n\nrelations: []\n",
        PAPER + "claims:\n  - id: p.c.a\n    paper: p\n    kind: claim\n    text: t\n"
        "    quote: |+\n      kept\n\n\n" + NEW + "relations: []\n"),
    "strip folded block": (
        PAPER + "claims:\n- id: p.c.a\n  paper: p\n  kind: claim\n  text: t\n"
        "  quote: >-\n    folded\n    text\n\n",
        PAPER + "claims:\n- id: p.c.a\n  paper: p\n  kind: claim\n  text: t\n"
        "  quote: >-\n    folded\n    text\n\n" + NEW.replace("\n  ", "\n").removeprefix("  ")),
    "clip block at the end": (
        PAPER + "claims:\n  - id: p.c.a\n    paper: p\n    kind: claim\n    text: t\n"
        "    quote: |\n      literal\n",
        PAPER + "claims:\n  - id: p.c.a\n    paper: p\n    kind: claim\n    text: t\n"
        "    quote: |\n      literal\n" + NEW),
    "document end marker": (
        PAPER + "...\n",
        PAPER + "\nclaims:\n" + NEW + "...\n"),
    "document start and end markers": (
        "---\n" + PAPER + "claims:\n  - {id: p.c.a, paper: p, kind: claim, text: t, quote: q}\n"
        "...\n# after the end\n",
        "---\n" + PAPER + "claims:\n  - {id: p.c.a, paper: p, kind: claim, text: t, quote: q}\n"
        f"  - {NEW_FLOW}\n...\n# after the end\n"),
    "no line break at the end": (
        PAPER + "claims:\n  - id: p.c.a\n    paper: p\n    kind: claim\n    text: t\n    quote: q",
        PAPER + "claims:\n  - id: p.c.a\n    paper: p\n    kind: claim\n    text: t\n    quote: q\n"
        + NEW),
    "flow list on one line": (
        PAPER + "claims: [{id: p.c.a, paper: p, kind: claim, text: t, quote: q}]  # one\n",
        PAPER + "claims: [{id: p.c.a, paper: p, kind: claim, text: t, quote: q}, "
        f"{NEW_FLOW}]  # one\n"),
    "flow list over several lines": (
        PAPER + "claims: [\n    {id: p.c.a, paper: p, kind: claim, text: t, quote: q},\n"
        "    {id: p.c.b, paper: p, kind: claim, text: t,\n      quote: q},\n  ]\nrelations: []\n",
        PAPER + "claims: [\n    {id: p.c.a, paper: p, kind: claim, text: t, quote: q},\n"
        "    {id: p.c.b, paper: p, kind: claim, text: t,\n      quote: q},\n"
        f"    {NEW_FLOW},\n  ]\nrelations: []\n"),
    "one flow mapping": (
        '{papers: [{key: p, title: T, authors: [{name: A B}], date: "2020", kind: study}], '
        "claims: []}\n",
        '{papers: [{key: p, title: T, authors: [{name: A B}], date: "2020", kind: study}], '
        f"claims: [{NEW_FLOW}]}}\n"),
    "byte-order mark": (
        "\ufeff" + PAPER + "claims:\n",
        "\ufeff" + PAPER + "claims:\n" + NEW),
    "comment-only file": ("# my papers\n", None),
}


@pytest.mark.parametrize("case", INSERTIONS)
def test_insertion_changes_nothing_else(tmp_path: Path, case: str) -> None:
    old, expected = INSERTIONS[case]
    store = tmp_path / "s.yaml"
    if expected is None:  # add the paper first, then the claim
        store.write_bytes(old.encode("utf-8"))
        assert run("new", "paper", "p", "--title", "T", "--author", "A B", "--date", "2020",
                   "--kind", "study", "--to", store).exit_code == 0
        old = store.read_text(encoding="utf-8")
        assert old == ("# my papers\n\npapers:\n  - key: p\n    title: \"T\"\n"
                       "    authors: [{name: \"A B\"}]\n    date: \"2020\"\n    kind: study\n")
        expected = old + "\nclaims:\n" + NEW
    store.write_bytes(old.encode("utf-8"))
    result = add_claim(store)
    assert (result.exit_code, result.stderr) == (0, unchecked("p.c.new"))
    assert store.read_bytes() == expected.encode("utf-8")
    assert data(store)["claims"][-1] == NEW_CLAIM


def test_an_edit_that_would_change_another_entry_is_refused(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # the safety net: an insertion planned inside the last quote (as a text-based guess would
    # place it) must be caught before anything is written
    old = (PAPER + 'claims:\n  - id: p.c.a\n    paper: p\n    kind: claim\n    text: t\n'
           '    quote: "first line\n      second line"\n').encode("utf-8")
    store = tmp_path / "s.yaml"
    store.write_bytes(old)
    inside = old.decode().index("      second")
    unquoted = NEW.replace('"', "")
    monkeypatch.setattr(editing, "_plan", lambda *args: editing.Splice(inside, inside, unquoted))
    result = add_claim(store)
    assert result.exit_code == 2
    assert result.stderr == (f"{store}: new claim p.c.new: not written: adding it here would also "
                             "change claims[0].quote; the file is unchanged, add the entry by "
                             "hand\n")
    assert store.read_bytes() == old
    assert files(tmp_path) == ["s.yaml"]


def test_a_block_scalar_ending_the_file_without_a_line_break_is_refused(tmp_path: Path) -> None:
    old = (PAPER + "claims:\n  - id: p.c.a\n    paper: p\n    kind: claim\n    text: t\n"
           "    quote: |\n      no break").encode("utf-8")
    store = tmp_path / "s.yaml"
    store.write_bytes(old)
    result = add_claim(store)
    assert result.exit_code == 2
    assert "would also change claims[0].quote" in result.stderr
    assert store.read_bytes() == old


@pytest.mark.parametrize(("text", "line"), [
    ('{papers: [{key: p, title: T, authors: [{name: A B}], date: "2020", kind: study}]}\n', 1),
    (PAPER + "claims:\n  ~\n", 3),
    (PAPER + "claims: {id: p.c.a}\n", 3),
])
def test_refusals_point_at_a_line_the_file_has(tmp_path: Path, text: str, line: int) -> None:
    store = tmp_path / "s.yaml"
    store.write_text(text, encoding="utf-8")
    result = add_claim(store)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"{store}:{line}:1: ")
    assert result.stderr.count("\n") == 1
    assert line <= len(text.splitlines())
    assert store.read_text(encoding="utf-8") == text


# --- what `new` writes: every character kept, or a clean refusal -------------------------------

@pytest.mark.parametrize("text", [
    "a\u0085b", "line\u2028separator", "para\u2029graph", "\ufeffbom", "del\x7f", "c1\x9b\x80",
    "bell\x07 tab\t nul\x00", "cr\r lf\n", "\ufffe", "🌊 وادي",
])
def test_new_keeps_every_character(tmp_path: Path, text: str) -> None:
    store = tmp_path / "s.yaml"
    store.write_text(PAPER, encoding="utf-8")
    result = run("new", "claim", "p.c.x", "--kind", "claim", "--text", text,
                 "--quote", "a quote of five words", "--to", store)
    assert result.exit_code == 0, result.stderr
    assert data(store)["claims"] == [{"id": "p.c.x", "paper": "p", "kind": "claim", "text": text,
                                      "quote": "a quote of five words"}]
    shown = json.loads(run("--store", store, "show", "p.c.x", "--json").stdout)
    assert shown["claim"]["text"] == text
    raw = store.read_bytes()
    for char in "\x85\u2028\u2029\ufeff\x7f\x9b\x80":
        assert char.encode("utf-8") not in raw  # spelt as escapes, never raw


def test_new_refuses_text_that_is_not_utf8(tmp_path: Path) -> None:
    store = tmp_path / "s.yaml"
    store.write_text(PAPER, encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "argmap", "new", "claim", "p.c.x", "--kind", "claim",
         "--text", b"bad \xff", "--quote", "a quote of five words", "--to", str(store)],
        capture_output=True, env={**subprocess_env(), "LC_ALL": "C.UTF-8"})
    assert proc.returncode == 2
    assert proc.stderr == (b"new claim p.c.x: text: not UTF-8 text (byte 0xff); a store holds "
                           b"UTF-8 text only\n")
    assert store.read_text(encoding="utf-8") == PAPER



@st.composite
def layouts(draw: st.DrawFn) -> str:
    """A valid store file laid out in one of the many ways YAML allows."""
    dash = draw(st.sampled_from([0, 2]))
    col = " " * (dash + 2)
    parts = ["---\n" if draw(st.booleans()) else "", "# my map\n" if draw(st.booleans()) else "",
             PAPER]
    style = draw(st.sampled_from(["absent", "key", "null", "empty-flow", "block", "flow",
                                  "flow-lines"]))
    comment = draw(st.sampled_from(["", "  # note"]))
    count = draw(st.integers(1, 3))
    quotes = {
        "plain": "plain words" + comment,
        "double": '"two\n      lines"' + comment,
        "single": "'it''s\n      two'" + comment,
    }
    ends_in_block = False
    if style == "absent":
        pass
    elif style == "key":
        parts.append("claims:" + comment + "\n")
    elif style == "null":
        parts.append("claims: " + draw(st.sampled_from(["~", "null"])) + comment + "\n")
    elif style == "empty-flow":
        parts.append("claims: " + draw(st.sampled_from(["[]", "[ ]"])) + comment + "\n")
    elif style == "block":
        parts.append("claims:\n")
        for i in range(count):
            if draw(st.booleans()):
                quote = quotes[draw(st.sampled_from(sorted(quotes)))]
                parts.append(" " * dash + f"- {{id: p.c.i{i}, paper: p, kind: claim, text: t, "
                             f"quote: {quote.replace(comment, '') if comment else quote}}}"
                             + comment + "\n")
                continue
            kind = draw(st.sampled_from([*sorted(quotes), "|", ">"]))
            head = " " * dash + f"- id: p.c.i{i}\n{col}paper: p\n{col}kind: claim\n{col}text: t\n"
            if kind in quotes:
                parts.append(head + f"{col}quote: {quotes[kind]}\n")
                ends_in_block = False
            else:
                chomp = draw(st.sampled_from(["", "-", "+"]))
                blanks = draw(st.lists(st.sampled_from(["", "  "]), max_size=2))
                parts.append(head + f"{col}quote: {kind}{chomp}\n{col}  one\n{col}  two\n"
                             + "".join(b + "\n" for b in blanks))
                ends_in_block = True
    else:
        items = [f"{{id: p.c.i{i}, paper: p, kind: claim, text: t, quote: q}}" for i in range(count)]
        if style == "flow":
            parts.append("claims: [" + ", ".join(items) + "]" + comment + "\n")
        else:
            trailing = draw(st.sampled_from(["", ","]))
            parts.append("claims: [\n" + ",\n".join("    " + i for i in items) + trailing
                         + "\n  ]" + comment + "\n")
    tail = draw(st.sampled_from(["", "# the end\n", "\n", "relations: []\n",
                                 "\n# relations next\nrelations:\n  - {from: p.c.i0, to: p.c.i1, "
                                 "type: supports}\n"]))
    if "p.c.i1" in tail and (style not in ("block", "flow", "flow-lines") or count < 2):
        tail = "relations: []\n"
    if tail.strip():
        ends_in_block = False
    parts.append(tail)
    if draw(st.booleans()):
        parts.append("...\n")
        ends_in_block = False
    text = "".join(parts)
    if not ends_in_block and draw(st.booleans()):
        text = text[:-1]  # no line break at the end (a block scalar would read differently)
    return text.replace("\n", draw(st.sampled_from(["\n", "\r\n"])))


@settings(max_examples=300 if os.environ.get("CI") else 120, deadline=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(layouts(), st.sampled_from(["claims", "actors"]))
def test_any_layout_takes_a_new_entry_and_keeps_the_rest(old: str, section: str) -> None:
    entry = (dict(NEW_CLAIM) if section == "claims" else
             {"key": "a", "name": "An actor", "kind": "state", "aliases": []})
    with tempfile.TemporaryDirectory() as folder:
        store = Path(folder) / "s.yaml"
        store.write_bytes(old.encode("utf-8"))
        before = data(store)
        assume(section == "claims" or before.get("claims", []) is not None)  # else invalid
        editing.add_entry(store, section, entry)
        new = store.read_bytes().decode("utf-8")
        after = data(store)
    expected = dict(before)
    expected[section] = [*(before.get(section) or []), editing.expected_value(entry)]
    assert after == expected
    assert list(after) == list(expected)
    if "\r\n" in old:
        assert "\n" not in new.replace("\r\n", "")
    for line in old.splitlines():
        if line.lstrip().startswith("#") or line.strip() in ("---", "..."):
            assert line in new.splitlines()


# --- 3. modes, owners, links --------------------------------------------------------------------

@pytest.fixture
def umask() -> Iterator[Any]:
    old = os.umask(0o022)
    try:
        yield os.umask
    finally:
        os.umask(old)


@pytest.mark.parametrize(("mask", "mode"), [(0o022, 0o644), (0o027, 0o640), (0o077, 0o600)])
def test_a_new_store_gets_the_mode_the_umask_gives(tmp_path: Path, umask: Any, mask: int,
                                                  mode: int) -> None:
    umask(mask)
    store = tmp_path / "s.yaml"
    assert run("new", "topic", "t", "--name", "T", "--to", store).exit_code == 0
    assert stat.S_IMODE(store.stat().st_mode) == mode


def test_an_existing_store_keeps_its_mode_and_owner(tmp_path: Path) -> None:
    store = tmp_path / "s.yaml"
    store.write_text(PAPER, encoding="utf-8")
    store.chmod(0o640)
    owner = (4242, 4243) if os.geteuid() == 0 else (os.getuid(), os.getgid())
    os.chown(store, *owner)
    assert add_claim(store).exit_code == 0
    info = store.stat()
    assert stat.S_IMODE(info.st_mode) == 0o640
    assert (info.st_uid, info.st_gid) == owner


def test_a_symlinked_store_stays_a_symlink(tmp_path: Path) -> None:
    real = tmp_path / "data" / "s.yaml"
    real.parent.mkdir()
    real.write_text(PAPER, encoding="utf-8")
    link = tmp_path / "s.yaml"
    link.symlink_to(Path("data") / "s.yaml")
    assert add_claim(link).exit_code == 0
    assert link.is_symlink() and os.readlink(link) == str(Path("data") / "s.yaml")
    assert data(real)["claims"] == [NEW_CLAIM]


# --- 4. error lines the user's file has ---------------------------------------------------------

def test_an_error_in_the_new_entry_names_the_entry_not_a_line(tmp_path: Path) -> None:
    store = tmp_path / "s.yaml"
    store.write_bytes(MINI.read_bytes())
    result = run("--store", store, "new", "claim", "north.claim.x", "--kind", "claim",
                 "--text", "t", "--quote", "a quote of five words", "--kind", "claim",
                 "--actor", "upstream", "--valence", "harm", "--to", store)
    assert (result.exit_code, result.stderr) == (
        2, f"{store}: new claim north.claim.x: only a consequence has a valence, and this is a "
        "claim\n")
    duplicate = add_claim(store, claim_id="north.thesis.share")
    assert (duplicate.exit_code, duplicate.stderr) == (
        2, f"{store}: new claim north.thesis.share: duplicate id: first defined at {store}:31:5\n")
    self_relation = run("new", "relation", "north.goal.dam", "north.goal.dam", "--type",
                        "supports", "--to", store)
    assert (self_relation.exit_code, self_relation.stderr) == (
        2, f"{store}: new relation north.goal.dam -supports-> north.goal.dam: a relation joins "
        "two different claims\n")
    assert store.read_bytes() == MINI.read_bytes()


def test_an_error_after_the_new_entry_names_its_line_in_the_users_file(tmp_path: Path) -> None:
    # the store is already broken below where the claim goes: the error must name the line
    # the user sees, not the line it would have in the edited file
    text = MINI.read_text(encoding="utf-8") + (
        "  - {from: north.goal.dam, to: south.claim.nope, type: attacks, rationale: r}\n")
    store = tmp_path / "s.yaml"
    store.write_text(text, encoding="utf-8")
    line = len(text.splitlines())
    result = run("new", "claim", "north.claim.x", "--kind", "claim", "--text", "t",
                 "--quote", "a quote of five words", "--to", store)
    assert result.exit_code == 2
    where = f"{store}:{line}:5: north.goal.dam -attacks-> south.claim.nope: unknown claim "
    assert result.stderr.startswith(where)
    assert result.stderr.count("\n") == 1
    assert run("--store", store, "check").stderr.startswith(where)
    assert store.read_text(encoding="utf-8") == text
