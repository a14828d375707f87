"""Quotes are found despite extraction artefacts, and only then."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from argmap.sources import SourceText, short_quote

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


# -- a quote matches whole words only, and must be long enough to prove anything --

@pytest.fixture
def north() -> SourceText:
    return SourceText(MINI_SOURCES / "north.txt")


@pytest.mark.parametrize("quote", [
    "a",
    "hare the water season by sea",  # cut inside "share" and inside "season"
    "he treaty must share the water",  # cut at the start only
    "the treaty must share the wat",  # cut at the end only
    "We hold that the treaty ... water seas",  # a part after an ellipsis cut inside a word
    "We hold that the tre ... the water season",  # a part before an ellipsis cut likewise
])
def test_fragments_cut_inside_words_are_not_found(north: SourceText, quote: str) -> None:
    assert north.find(quote) is None


@pytest.mark.parametrize(("quote", "start", "end"), [
    ("the treaty must share the water season by season", 30, 80),
    ("share the water season by season", 46, 80),
    ("We hold that the treaty ... the water season by season", 15, 80),
    ("We hold that **the treaty must share** the water", 15, 63),
])
def test_whole_words_are_found_with_their_offsets(north: SourceText, quote: str, start: int,
                                                  end: int) -> None:
    found = north.find(quote)
    assert found is not None and (found.start, found.end, found.line) == (start, end, 3)


def test_boundaries_are_checked_in_the_text_not_the_quote(source: SourceText) -> None:
    # punctuation at either end of a quote is a boundary of its own
    assert source.find('"we want real help" - not a nice') is not None
    assert source.find("$12 billion (approx.) said") is not None
    # a later occurrence on word boundaries is found when the first is inside a word
    path = source.path.with_name("later.txt")
    path.write_text("The seasonal rule came first. Then the season rule came second.\n",
                    encoding="utf-8")
    found = SourceText(path).find("season rule came second")
    assert found is not None and found.start == 39


def test_a_footnote_number_glued_to_the_last_word_ends_it(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("the American Iranian conflict2. Thus, it interfered in Syria6 or\n"
                    "bought arms. The G7 summit and the COVID19 pandemic came later.\n",
                    encoding="utf-8")
    text = SourceText(path)
    assert text.find("the American Iranian conflict") is not None
    assert text.find("it interfered in Syria ... bought arms") is not None
    assert text.find("the American Iranian conflict2.") is not None  # verbatim, too
    # only after a lower-case letter: an upper-case word with digits is one word
    assert text.find("summit and the COVID") is None
    assert text.find("came later. The G") is None
    assert text.find("the American Iranian confli") is None


@pytest.mark.parametrize(("quote", "reason"), [
    ("a", "too short to prove: 1 word, 1 character (a quote needs at least 4 words and 20 "
          "characters)"),
    ("Sharing by season", "too short to prove: 3 words, 17 characters (a quote needs at least "
                          "4 words and 20 characters)"),
    ("we ask for a", "too short to prove: 4 words, 12 characters (a quote needs at least 4 "
                     "words and 20 characters)"),
    # ellipses and lone punctuation are not words
    ("Sharing … by - season …", "too short to prove: 3 words, 19 characters (a quote needs "
                                "at least 4 words and 20 characters)"),
    ("...", "too short to prove: 0 words, 0 characters (a quote needs at least 4 words and 20 "
            "characters)"),
    ("Sharing by season is", None),  # 4 words, 20 characters: just enough
    ("the treaty must … share", None),
])
def test_short_quotes(quote: str, reason: str | None) -> None:
    assert short_quote(quote) == reason


def _mini_with(tmp_path: Path, old: str, new: str) -> Path:
    store = tmp_path / "s.yaml"
    text = MINI.read_text(encoding="utf-8")
    assert old in text
    store.write_text(text.replace(old, new), encoding="utf-8")
    return store


def test_verify_refuses_a_short_quote_even_where_it_occurs(tmp_path: Path) -> None:
    store = _mini_with(tmp_path, '"the treaty must share the water season by season"', '"a"')
    result = run("--store", store, "verify", "--sources", MINI_SOURCES, env={"COLUMNS": "300"})
    assert result.exit_code == 1
    assert [line.rstrip() for line in result.stdout.splitlines()] == [
        f"{store}:31:5: north.thesis.share: quote too short",
        "  quote:   a",
        "  too short to prove: 1 word, 1 character (a quote needs at least 4 words and 20 "
        "characters)",
        f"6 of 7 quotes found in {MINI_SOURCES} (1 too short to prove)",
    ]
    data = json.loads(run("--store", store, "verify", "--sources", MINI_SOURCES,
                          "--json").stdout)
    assert (data["checked"], data["found"], data["too_short"]) == (7, 6, 1)
    assert data["missing"] == [{
        "id": "north.thesis.share", "paper": "north", "defined_at": f"{store}:31:5",
        "quote": "a", "file": "north.txt", "problem": "too short", "closest": None,
        "reason": "too short to prove: 1 word, 1 character (a quote needs at least 4 words "
                  "and 20 characters)"}]
    assert "north.thesis.share" not in {e["id"] for e in data["located"]}


def test_verify_reports_a_fragment_cut_inside_words_as_missing(tmp_path: Path) -> None:
    store = _mini_with(tmp_path, '"the treaty must share the water season by season"',
                       '"hare the water season by sea"')
    result = run("--store", store, "verify", "--sources", MINI_SOURCES, env={"COLUMNS": "300"})
    assert result.exit_code == 1
    assert [line.rstrip() for line in result.stdout.splitlines()] == [
        f"{store}:31:5: north.thesis.share: quote not found in north.txt",
        "  quote:   hare the water season by sea",
        "  closest: north.txt:3 (92%) share the water season by season,",
        f"6 of 7 quotes found in {MINI_SOURCES}",
    ]


def test_lint_warns_of_short_quotes_and_takes_a_waiver(tmp_path: Path) -> None:
    store = _mini_with(tmp_path, '"Sharing by season is the only fair rule"',
                       '"the only fair rule"')
    result = run("--store", store, "lint", "--strict", env={"COLUMNS": "300"})
    assert result.exit_code == 1
    assert (f"{store}:66:5: south.claim.share: short-quote: the quote is too short to prove: "
            "4 words, 18 characters (a quote needs at least 4 words and 20 characters); quote "
            "the whole phrase") in [line.rstrip() for line in result.stdout.splitlines()]
    waived = _mini_with(tmp_path, '"Sharing by season is the only fair rule"',
                        '"the only fair rule"\n    waive: {short-quote: "The paper says no more."}')
    data = json.loads(run("--store", waived, "lint", "--json").stdout)
    assert "short-quote" not in {w["rule"] for w in data["warnings"]}
    assert [(w["rule"], w["id"], w["reason"]) for w in data["waived"]] == [
        ("short-quote", "south.claim.share", "The paper says no more.")]


# -- the closest passage to a missing quote: the one it came from, found fast --

def _hand_made(path: Path, copies: int = 1) -> SourceText:
    """Filler that shares the quote's vocabulary, a decoy, and the passage at a known line."""
    lines = [f"Note {i}: the committee met on day {i} and spoke of the river, the dam and the "
             "season." for i in range(1, 151)]
    lines[39] = "The treaty must share the water of the river by season, said the minister."
    block = "".join(f"{line}\n" for line in lines)
    path.write_text(block * copies + "We hold that the treaty must share the water season by\n"
                    "season, and nothing less. The farmers agree with us.\n" + block * copies,
                    encoding="utf-8")
    return SourceText(path)


def test_closest_passage_is_the_one_the_quote_came_from(tmp_path: Path) -> None:
    text = _hand_made(tmp_path / "h.txt")
    assert text.closest("the treaty must divide the water season by season, and nothing less") == (
        151, "the treaty must share the water season by season, and nothing less.", 0.93)
    assert text.closest("the committee met on day 77 and spoke of the river, the dams and the "
                        "season") == (
        77, "the committee met on day 77 and spoke of the river, the dam and the season.", 0.99)


def test_closest_passage_in_a_megabyte_of_text(tmp_path: Path) -> None:
    text = _hand_made(tmp_path / "big.txt", copies=40)
    assert len(text.text) > 1_000_000
    assert text.closest("the treaty must divide the water season by season, and nothing less") == (
        6001, "the treaty must share the water season by season, and nothing less.", 0.93)


def test_closest_passage_of_a_quote_longer_than_the_text(tmp_path: Path) -> None:
    path = tmp_path / "tiny.txt"
    path.write_text("\n\nWe ask for water.\n", encoding="utf-8")
    assert SourceText(path).closest("We ask for water, in full, every summer") == (
        3, "We ask for water.", 0.57)
    path.write_text(" \n", encoding="utf-8")
    assert SourceText(path).closest("We ask for water, in full, every summer") == (1, "", 0.0)


def test_closest_passage_is_the_first_of_identical_ones(tmp_path: Path) -> None:
    # rapidfuzz may align with any of several identical passages (here, with the last)
    words = ["the", "a", "of", "to", "and", "in", "that", "is", "for", "on", "with", "as",
             "by", "at", "from", "dam", "river", "water", "farms", "season", "treaty",
             "upstream", "downstream", "state", "talks", "fail", "flow", "summer"]
    rnd = random.Random(5)
    said = "We hold that the treaty must share the water season by season, and nothing less."
    block = "\n".join(" ".join(rnd.choice(words) for _ in range(10)) for _ in range(100))
    path = tmp_path / "repeated.txt"
    path.write_text(f"{block}\n{said}\n" * 5, encoding="utf-8")
    assert SourceText(path).closest(
        "the treaty must divide the water season by season, and nothing less") == (
        101, "the treaty must share the water season by season, and nothing less.", 0.93)
