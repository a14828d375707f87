"""Every view at 60 and 80 columns, in a pipe: it fits, keeps keys and numbers whole,
and its continuation lines keep their hanging indent. And plurals."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from argmap.views import GAP, KEY, NUM, TEXT, plain_lines, table

from .conftest import MINI, mini, run
from .viewcases import SHIPPED, changed_store, mini_cases

WIDTHS = (60, 80)
#: "1 claims", "1 shortest chains": a count of one with a plural noun.
BAD_PLURAL = re.compile(r"(?<![\d.])\b1 (?:shortest )?(?:claims|papers|actors|topics|goals|"
                        r"relations|chains|matches|warnings|changes|positions|quotes|"
                        r"conflicts|theses|recommendations)\b")


def at(width: int, *args: str) -> list[str]:
    result = run(*args, env={"COLUMNS": str(width)})
    assert result.exit_code in (0, 1), (args, result.stderr)
    assert result.stderr == ""
    return result.stdout.splitlines()


def assert_fits(lines: list[str], width: int) -> None:
    for line in lines:
        assert len(line) <= width or len(line.split()) == 1, (width, line)
        assert line == line.rstrip()


def section(lines: list[str], title: str) -> list[str]:
    start = lines.index(title) + 1
    end = next((i for i in range(start, len(lines)) if lines[i] == ""), len(lines))
    return lines[start:end]


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("args", SHIPPED, ids=" ".join)
def test_every_view_fits_the_width_on_the_shipped_map(args: tuple[str, ...], width: int) -> None:
    lines = at(width, *args)
    assert any(line.strip() for line in lines)
    assert_fits(lines, width)
    assert not BAD_PLURAL.search("\n".join(lines))


@pytest.mark.parametrize("width", WIDTHS)
def test_every_view_fits_the_width_on_the_test_store(tmp_path: Path, width: int) -> None:
    for args in mini_cases(tmp_path):
        lines = at(width, *args)
        assert any(line.strip() for line in lines), args
        assert_fits(lines, width)
        assert not BAD_PLURAL.search("\n".join(lines)), args


def rows_of(lines: list[str], key: str) -> list[list[str]]:
    return [line.split() for line in lines if line == key or line.startswith(f"{key} ")]


@pytest.mark.parametrize("width", WIDTHS)
def test_tables_keep_every_key_and_number(width: int) -> None:
    for what, numbers in (("actors", ("claims", "goals")), ("papers", ("claims", "goals")),
                          ("topics", ("claims",))):
        lines = at(width, what)
        assert "…" not in "\n".join(lines)
        for entry in json.loads(run(what, "--json").stdout):
            [row] = rows_of(lines, entry["key"])  # the key, whole, starts exactly one row
            counts = [str(entry[n]) for n in numbers]
            assert any(row[i:i + len(counts)] == counts for i in range(len(row))), (what, row)
    data = json.loads(run("matrix", "--json").stdout)
    lines = at(width, "matrix")
    for entry in data["rows"]:
        tokens = [t for row in rows_of(lines, entry["topic"]) for t in row[1:]]
        expected = [str(entry["papers"][p] or "·") for p in data["papers"]] + [
            str(entry["agreements"] or "·"), str(entry["conflicts"] or "·")]
        assert tokens == expected, entry["topic"]


@pytest.mark.parametrize("width", WIDTHS)
def test_compare_topics_keep_their_counts(width: int) -> None:
    data = json.loads(run("compare", "bayan", "baidar", "--json").stdout)
    lines = section(at(width, "compare", "bayan", "baidar"), "Topics")
    assert lines[0].split() == ["topic", "bayan", "baidar"]
    assert "…" not in "\n".join(lines)
    counts = [tuple(line.split()[-2:]) for line in lines[1:]
              if re.search(r"\s(\d+|-)\s+(\d+|-)$", line)]
    assert counts == [(str(t["left"] or "-"), str(t["right"] or "-"))
                      for group in ("both", "left_only", "right_only")
                      for t in data["topics"][group]]
    # a wrapped topic name hangs under its first line
    for line in lines[1:]:
        assert re.search(r"\s(\d+|-)\s+(\d+|-)$", line) or line.startswith("  "), line


def test_actors_keys_are_never_cut_at_60_or_80_columns() -> None:
    for width in WIDTHS:
        text = "\n".join(at(width, "actors"))
        assert re.search(r"^regional-neighbours\s", text, re.M)
        assert "regional-neigh…" not in text


@pytest.mark.parametrize("width", WIDTHS)
def test_search_results_hang_under_their_score(width: int) -> None:
    lines = at(width, "search", "alliance friendship")
    assert lines[-1] == "20 of 30 matches"
    hits = 0
    for line in lines[:-1]:
        if re.match(r"^ *\d+(\.\d+)?  \S", line):
            hits += 1
        else:
            assert line.startswith(" " * 7) and line[7] != " ", line
    assert hits == 20


@pytest.mark.parametrize("width", WIDTHS)
def test_deps_stays_a_tree_when_wrapped(width: int) -> None:
    lines = at(width, "deps", "bayan.thesis.comprehensive-dialogue")
    tree = section(lines, next(line for line in lines if line.startswith("Rests on")))
    assert len(tree) > 10
    depth = None
    wrapped = 0
    for line in tree:
        marker = re.match(r"^( *)└ ", line)
        if marker:
            level = len(marker.group(1))
            assert level >= 2 and level % 2 == 0
            assert depth is None or level <= depth + 2  # a child is one level deeper, at most
            depth = level
        else:  # a continuation: under its own node's text, never left of it
            wrapped += 1
            assert depth is not None and line.startswith(" " * (depth + 2)), line
            assert line[depth + 2] not in " └", line
    assert wrapped > 0


@pytest.mark.parametrize("width", WIDTHS)
def test_timeline_continuations_hang_under_the_date(width: int) -> None:
    lines = at(width, "timeline")
    for line in lines:
        assert re.match(r"^\d{4}", line) or line.startswith(" " * 11), line
    assert sum(1 for line in lines if line.startswith(" " * 11) and
               not line.strip().startswith(("predicts:", "idris", "matar", "baidar",
                                            "alaaldin", "bayan"))) > 5


@pytest.mark.parametrize("width", WIDTHS)
def test_path_header_hangs(width: int) -> None:
    lines = at(width, "path", "bayan.conclusion.friendship-not-alliance",
               "matar.alliance.must-choose")
    header = lines[:lines.index("")]
    assert header[0].startswith("1 shortest chain of 2 relations from")
    assert len(header) > 1 and all(line.startswith("  ") for line in header[1:])
    assert " ".join(line.strip() for line in header) == (
        "1 shortest chain of 2 relations from bayan.conclusion.friendship-not-alliance to "
        "matar.alliance.must-choose:")


def test_path_from_a_claim_to_itself() -> None:
    claim = "bayan.conclusion.friendship-not-alliance"
    result = run("path", claim, claim, env={"COLUMNS": "200"})
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == (f"{claim} and {claim} are the same claim: no relation is needed "
                             "to link them.\n")
    data = json.loads(run("path", claim, claim, "--json").stdout)
    assert (data["length"], data["paths"]) == (0, [[]])


def test_show_relations_hang_and_rationales_align() -> None:
    lines = at(60, "show", "bayan.conclusion.friendship-not-alliance")
    relations = lines[lines.index("Relations (4)") + 1:]
    assert relations[0].startswith("  supports bayan.thesis.comprehensive-dialogue")
    for line in relations:
        assert line.startswith(("  supports", "  conflicts with", "  answers", "    ")), line
    why = [i for i, line in enumerate(relations) if line.startswith("    why: ")]
    assert len(why) == 4
    assert relations[why[0] + 1].startswith(" " * 9)


def test_narrow_tables_stack_their_text_then_become_records() -> None:
    columns = [("key", KEY), ("name", TEXT), ("n", NUM)]
    rows = [["alpha-key", "A name that is long enough to wrap", "12"], ["b", "Short", "3"]]
    assert plain_lines(table(columns, rows, 30), 30) == [
        "key        name              n",
        "alpha-key  A name that is   12",
        "           long enough to",
        "           wrap",
        "b          Short             3"]
    many = [("key", KEY), ("kind", KEY), ("name", TEXT), ("n", NUM)]
    rows4 = [["alpha-key", "institution", "A long name here", "12"]]
    assert plain_lines(table(many, rows4, 30), 30) == [
        "key        kind          n", "alpha-key  institution  12", "  A long name here"]
    assert plain_lines(table(many, rows4, 20), 20) == [
        "alpha-key", "  kind: institution", "  name: A long name", "    here", "  n: 12"]
    numbers = [("topic", KEY), ("aaaa", NUM), ("bbbb", NUM), ("cccc", NUM)]
    assert plain_lines(table(numbers, [["water", "1", "22", "333"]], 20), 20) == [
        "topic  aaaa  bbbb", "water     1    22", "", "topic  cccc", "water   333"]
    assert GAP == 2


def test_counts_of_one_are_singular(tmp_path: Path) -> None:
    assert mini("goals", "--actor", "upstream").stdout.splitlines()[-1] == "1 goal"
    assert mini("path", "north.thesis.share", "south.claim.share").stdout.splitlines()[0] == (
        "1 shortest chain of 1 relation from north.thesis.share to south.claim.share:")
    assert mini("search", "drought").stdout.splitlines()[-1] == "1 of 1 match"
    assert mini("lint").stdout.splitlines()[-1] == "1 warning"
    assert mini("check").stdout.splitlines()[1].startswith("2 papers, 3 actors, 2 topics")
    one = tmp_path / "one.yaml"
    one.write_text(MINI.read_text(encoding="utf-8").replace(
        "Seasonal sharing is fair.", "Seasonal sharing is just."), encoding="utf-8")
    assert run("diff", MINI, one).stdout.splitlines()[-1] == "1 change"
    lines = mini("cruxes").stdout.splitlines()
    assert any("why it matters:" in line for line in lines)
    assert not BAD_PLURAL.search(" ".join(lines))
    assert "1 of 1 cross-paper conflict" in lines
    assert mini("compare", "north", "south").stdout.splitlines()[1].endswith("· 4 claims")
    changed = changed_store(tmp_path)
    verify = run("--store", changed, "verify", "--sources", MINI.parent / "mini-sources")
    assert verify.stdout.splitlines()[-1].startswith("6 of 7 quotes found in ")
