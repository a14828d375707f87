"""Counts say "1 claim" and "2 claims", never "1 claims"."""

from __future__ import annotations

from pathlib import Path

from argmap.plural import plural

from .conftest import MINI, run


def test_plural() -> None:
    assert [plural(n, "claim") for n in (0, 1, 2)] == ["0 claims", "1 claim", "2 claims"]
    assert plural(1, "match") == "1 match" and plural(3, "match") == "3 matches"
    assert plural(1, "thesis", "theses") == "1 thesis"
    assert plural(2, "thesis", "theses") == "2 theses"
    assert plural(2, "shortest chain") == "2 shortest chains"


def test_render_counts_in_the_right_number(tmp_path: Path) -> None:
    out = tmp_path / "one.svg"
    result = run("--store", MINI, "render", "-o", out, "--around", "north.thesis.share",
                 "--depth", "0")
    assert (result.exit_code, result.stdout) == (0, f"wrote {out}: 1 claim, 0 relations\n")


def test_a_brief_of_a_one_claim_paper_says_1_claim(tmp_path: Path) -> None:
    store = tmp_path / "one.yaml"
    store.write_text(
        "papers:\n  - {key: solo, title: Solo, authors: [{name: Ana Lone}], date: '2021', "
        "kind: article}\nclaims:\n  - {id: solo.thesis.one, paper: solo, kind: thesis, "
        "text: One claim., quote: a quote of several words here}\n", encoding="utf-8")
    result = run("--store", store, "brief", "solo")
    assert result.exit_code == 0, result.stderr
    assert "\n1 claim in the map." in result.stdout
