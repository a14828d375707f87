"""Quotes are found despite extraction artefacts, and only then."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from argmap.sources import SourceText

from .conftest import MINI, MINI_SOURCES, mini, run

TEXT = ('The **Iraqi** side \\$12 billion \\(approx.\\) said “we want\n'
        "real help” – not a nice\nwording on a joint statement. Then more words follow here.\n")


@pytest.fixture
def source(tmp_path: Path) -> SourceText:
    path = tmp_path / "s.txt"
    path.write_text(TEXT, encoding="utf-8")
    return SourceText(path)


@pytest.mark.parametrize("quote", [
    "The Iraqi side $12 billion (approx.) said",
    'said "we want real help" - not a nice wording',
    "said \u201cwe want real help\u201d \u2014 not a nice wording",
    "The Iraqi side ... not a nice wording on a joint statement",
    "we want real help … joint statement.",
    "Then  more\twords follow",
])
def test_tolerated_artefacts(source: SourceText, quote: str) -> None:
    assert source.find(quote) is not None


@pytest.mark.parametrize("quote", [
    "The Iraqi side $13 billion",
    "said we want real help",  # the quotation marks are part of the text
    "not a good wording",
    "Then more words follow here ... The Iraqi side",  # parts out of order
])
def test_changed_words_are_not_found(source: SourceText, quote: str) -> None:
    assert source.find(quote) is None


def test_found_quote_has_its_line(source: SourceText) -> None:
    found = source.find("wording on a joint statement")
    assert found is not None and found.line == 3


def test_verify_reports_missing_quote_with_store_line_and_closest_passage(tmp_path: Path) -> None:
    store = tmp_path / "s.yaml"
    store.write_text(MINI.read_text(encoding="utf-8").replace(
        "Sharing by season is the only fair rule", "Sharing by season is the only just rule"),
        encoding="utf-8")
    # wide enough for each message to be one line (wrapping is tested in test_terminal.py)
    result = run("--store", store, "verify", "--sources", MINI_SOURCES, env={"COLUMNS": "300"})
    assert result.exit_code == 1
    out = [line.rstrip() for line in result.stdout.splitlines()]
    assert out[0] == f"{store}:66:5: south.claim.share: quote not found in south.txt"
    assert out[1] == "  quote:   Sharing by season is the only just rule"
    assert out[2].startswith("  closest: south.txt:3 (")
    assert "Sharing by season is the only fair rule" in out[2]
    assert out[-1] == f"6 of 7 quotes found in {MINI_SOURCES}"


def test_verify_passes_and_locates_every_quote() -> None:
    result = mini("verify", "--sources", MINI_SOURCES, "--json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert (data["checked"], data["found"], data["missing"]) == (7, 7, [])
    assert {e["id"]: (e["file"], e["line"]) for e in data["located"]}["north.thesis.share"] == (
        "north.txt", 3)


def test_sources_from_environment_and_missing_folder(tmp_path: Path) -> None:
    result = run("--store", MINI, "verify", env={"ARGMAP_SOURCES": str(MINI_SOURCES)})
    assert result.exit_code == 0
    missing = run("--store", MINI, "verify", "--sources", tmp_path / "nope")
    assert (missing.exit_code, missing.stderr) == (2, f"{tmp_path / 'nope'}: no such sources "
                                                      "folder\n")
    assert run("--store", MINI, "verify").stderr == (
        "verify: no sources folder: pass --sources DIR or set ARGMAP_SOURCES\n")


def test_coverage_lists_unquoted_list_items() -> None:
    data = json.loads(mini("verify", "--sources", MINI_SOURCES, "--coverage", "--json").stdout)
    north = data["coverage"][0]
    assert (north["paper"], north["items"], north["items_covered"]) == ("north", 2, 1)
    assert north["uncovered"] == [{
        "kind": "item", "line": 7,
        "text": "- A second item that no claim quotes, about fishing rights on the river."}]


def test_shipped_map_quotes_are_all_in_the_papers(shared_sources: Path) -> None:
    result = run("verify", "--sources", shared_sources, "--json")
    data = json.loads(result.stdout)
    assert [m["id"] for m in data["missing"]] == []
    assert result.exit_code == 0
    assert data["checked"] == data["found"] > 400


def test_shipped_map_leaves_no_list_item_unquoted(shared_sources: Path) -> None:
    data = json.loads(run("verify", "--sources", shared_sources, "--coverage", "--json").stdout)
    uncovered = [(row["paper"], unit["line"], unit["text"][:60]) for row in data["coverage"]
                 for unit in row["uncovered"] if unit["kind"] == "item"]
    assert uncovered == []
