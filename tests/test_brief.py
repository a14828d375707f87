"""`argmap brief`: short by default, chosen by weight, cited once; `--full` as it was."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from argmap.brief import PAPER_SECTIONS, clean_quote
from argmap.store import load, store_paths

from .conftest import mini, run

GOLDEN = Path(__file__).resolve().parent / "golden"
SHIPPED_PAPERS = ("bayan", "baidar", "matar", "alaaldin", "idris")
NOTE = re.compile(r"^(\d+)\. ", re.M)


def _body_and_notes(text: str) -> tuple[str, str]:
    body, notes = text.split("\n## Notes\n", 1)
    return body, notes


def _cited(body: str) -> list[int]:
    return [int(n) for group in re.findall(r"\[(\d+(?:, \d+)*)\]", body)
            for n in group.split(", ")]


@pytest.mark.parametrize("paper", SHIPPED_PAPERS)
def test_shipped_briefs_are_short_and_cite_each_note_once(paper: str) -> None:
    text = run("brief", paper).stdout
    assert len(text.split()) <= 1500
    assert len(text.split()) >= 1000  # it uses its room, not a stub
    body, notes = _body_and_notes(text)
    numbers = [int(n) for n in NOTE.findall(notes)]
    assert numbers == list(range(1, len(numbers) + 1))      # each note given once, in order
    assert sorted(set(_cited(body))) == numbers              # every note cited, none missing
    # the paper's full citation once, in the notes; never repeated under an item
    amap = load(store_paths([]))
    title = amap.papers[paper].title
    assert text.count(f"*{title}*") == 1
    assert body.count("## Thesis") == 1 and "## Goals by actor" in body
    assert "## Where the other papers agree and disagree" in body
    # each numbered note names a claim of the map once
    ids = re.findall(r"^\d+\. .*`([^`]+)`\.$", notes, re.M)
    assert len(ids) == len(numbers) == len(set(ids)) and set(ids) <= set(amap.claims)


def test_brief_reads_in_the_papers_order_with_scenarios_in_one_line() -> None:
    text = run("brief", "bayan").stdout
    body, _ = _body_and_notes(text)
    scenarios = body.split("## Scenarios\n\n", 1)[1].split("\n\n", 1)[0].splitlines()
    amap = load(store_paths([]))
    assert len(scenarios) == sum(c.kind == "scenario" for c in amap.claims_by_paper["bayan"])
    assert scenarios[-1].startswith("- Third track: Iraq takes part in the dialogue while")
    assert re.search(r"\*\(22 consequences in the map: 17 benefits, 5 harms\)\* \[\d+\]$",
                     scenarios[-1])
    # chosen by weight, shown in the paper's order
    goals = run("brief", "matar").stdout.split("## Goals by actor", 1)[1].split("\n## ", 1)[0]
    aims = re.findall(r"^- (Iraq's first|Second|Third|Fourth) aim", goals, re.M)
    assert aims == ["Iraq's first", "Second", "Third", "Fourth"]
    thesis = "> “It is necessary to define the Iraqi goals in a clear manner”"
    assert thesis in body
    assert "- *bayan conflicts with matar*: Bayan's conclusion 2 says" in body


def test_full_brief_is_the_complete_version(tmp_path: Path) -> None:
    for paper in ("north", "south"):
        assert mini("brief", paper, "--full").stdout == (
            GOLDEN / f"brief-{paper}-full.md").read_text(encoding="utf-8")
    assert mini("brief", "--actor", "downstream", "--full").stdout == (
        GOLDEN / "brief-actor-downstream-full.md").read_text(encoding="utf-8")
    amap = load(store_paths([]))
    for paper in SHIPPED_PAPERS:  # every claim, with its quote
        full = run("brief", paper, "--full").stdout
        for claim in amap.claims_by_paper[paper]:
            assert f"`{claim.id}`" in full, claim.id
    full = run("brief", "matar", "--full").stdout
    headings = [line for line in full.splitlines() if line.startswith("## ")]
    assert headings == ["## Thesis", "## Goals", "## Recommendations", "## Predictions",
                        "## Positions", "## Facts it relies on", "## Questions it asks",
                        "## Scenarios", "## Other conditions and consequences",
                        "## Where other papers agree", "## Where other papers disagree"]
    assert len(full.split()) > 10_000
    bad = run("brief", "matar", "--full", "--words", "900")
    assert (bad.exit_code, bad.stderr) == (2, "brief: --full gives every claim: it takes no "
                                              "--words\n")


def test_default_brief_of_the_mini_store_is_stable() -> None:
    assert mini("brief", "north").stdout == (GOLDEN / "brief-north.md").read_text(
        encoding="utf-8")


def test_brief_writes_a_file_and_says_so(tmp_path: Path) -> None:
    out = tmp_path / "matar.md"
    result = run("brief", "matar", "-o", out)
    text = out.read_text(encoding="utf-8")
    assert (result.exit_code, result.stdout) == (0, f"wrote {out}: {len(text.split())} words\n")
    assert text == run("brief", "matar").stdout
    actor = tmp_path / "us.md"
    result = run("brief", "--actor", "us", "--full", "-o", actor)
    assert result.stdout.startswith(f"wrote {actor}: ")
    assert actor.read_text(encoding="utf-8").startswith("# Brief: United States\n")


def test_header_names_the_publisher_once() -> None:
    # north's publisher is its author's organisation: the header names it once
    assert mini("brief", "north").stdout.splitlines()[2] == (
        "**Jana Novak (Upstream Institute)** · 2019-05")
    # a publisher that is not the author's stays; an unstated one is left out
    assert run("brief", "alaaldin").stdout.splitlines()[2] == (
        "**Farhad Alaaldin (Head of the Iraqi Advisory Council)** · The Washington Institute "
        "for Near East Policy (Fikra Forum) · 2020-08-18")
    assert run("brief", "idris").stdout.splitlines()[2] == (
        "**Muhammad Al-Saeed Idris** · 2021-07-09 (opinion column; outlet not stated in the "
        "text)")
    # ... and bayan's publisher is its authors' centre
    assert "· Al-Bayan Center" not in run("brief", "bayan").stdout.splitlines()[2]


def _store(tmp_path: Path, data: dict[str, object]) -> Path:
    path = tmp_path / "store.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def test_organisation_as_author_is_not_repeated_as_publisher(tmp_path: Path) -> None:
    store = _store(tmp_path, {
        "papers": [{"key": "org", "title": "A view", "date": "2021", "kind": "study",
                    "authors": [{"name": "Al-Bayan Center for Planning and Studies"}],
                    "publisher": "The Al-Bayan Center for Planning and Studies, Baghdad"}],
        "claims": [{"id": "org.thesis", "paper": "org", "kind": "thesis", "text": "A thesis.",
                    "quote": "a thesis"}]})
    for args in ((), ("--full",)):
        header = run("--store", store, "brief", "org", *args).stdout.splitlines()[2]
        assert header.startswith("**Al-Bayan Center for Planning and Studies** · 2021")


def test_shown_quotes_lose_extraction_artefacts(tmp_path: Path) -> None:
    assert clean_quote("between the two countries1, which caused") == (
        "between the two countries, which caused")
    assert clean_quote("the **American** conflict^{2.} and \\$12 billion.3 Then") == (
        "the American conflict and $12 billion. Then")
    assert clean_quote("the 5+1 group, COVID-19, G20 and $ 45 per\nbarrel") == (
        "the 5+1 group, COVID-19, G20 and $ 45 per barrel")
    store = _store(tmp_path, {
        "papers": [{"key": "p", "title": "T", "date": "2020", "kind": "study",
                    "authors": [{"name": "A B"}]}],
        "claims": [{"id": "p.thesis", "paper": "p", "kind": "thesis", "text": "The thesis.",
                    "quote": "the **American** Iranian conflict^{2.} is the obstacle3."}]})
    for args in ((), ("--full",)):
        text = run("--store", store, "brief", "p", *args).stdout
        assert "“the American Iranian conflict is the obstacle.”" in text


def test_shipped_quotes_carry_no_extraction_artefacts() -> None:
    amap = load(store_paths([]))
    for claim in amap.claims.values():
        assert clean_quote(claim.quote) == " ".join(claim.quote.split()), claim.id
        assert not re.search(r"(?<![\d.,$])\b0\b(?![.,]\d)", claim.quote), claim.id


def test_the_heavier_claim_is_chosen_over_an_earlier_one(tmp_path: Path) -> None:
    most = PAPER_SECTIONS["recommendation"][0]
    recs = [{"id": f"p.rec{n}", "paper": "p", "kind": "recommendation",
             "text": f"Recommendation {n}.", "quote": f"rec {n}"} for n in range(most + 1)]
    reasons = [{"id": f"p.why{n}", "paper": "p", "kind": "claim", "text": f"Reason {n}.",
                "quote": f"why {n}"} for n in range(most + 1)]
    # every recommendation but the first has a reason; the last has three, via a chain
    relations = [{"from": f"p.why{n}", "to": f"p.rec{n}", "type": "supports"}
                 for n in range(1, most + 1)]
    relations += [{"from": "p.why0", "to": f"p.why{most}", "type": "supports"}]
    store = _store(tmp_path, {
        "papers": [{"key": "p", "title": "T", "date": "2020", "kind": "study",
                    "authors": [{"name": "A B"}]}],
        "claims": recs + reasons, "relations": relations})
    text = run("--store", store, "brief", "p").stdout
    shown = re.findall(r"^- (Recommendation \d)\.", text, re.M)
    assert shown == [f"Recommendation {n}" for n in range(1, most + 1)]  # not rec0, in order
    assert "p.rec0" in run("--store", store, "brief", "p", "--full").stdout
    # with room for only some, the heaviest go first
    tight = run("--store", store, "brief", "p", "--words", "200").stdout
    assert f"Recommendation {most}." in tight and len(tight.split()) <= 200


def test_actor_briefs_are_short_and_chosen_by_weight() -> None:
    for actor in ("us", "iraq", "iran"):
        text = run("brief", "--actor", actor).stdout
        assert len(text.split()) <= 1500
        body, notes = _body_and_notes(text)
        numbers = [int(n) for n in NOTE.findall(notes)]
        assert sorted(set(_cited(body))) == numbers == list(range(1, len(numbers) + 1))
        assert "Papers cited:" in notes
    us = run("brief", "--actor", "us").stdout
    assert us.startswith("# Brief: United States\n")
    assert "## Goals, by paper" in us and "**alaaldin (Farhad Alaaldin, 2020)**" in us
    assert mini("brief", "--actor", "farmers").stdout == (
        GOLDEN / "brief-actor-farmers.md").read_text(encoding="utf-8")


def test_words_option_bounds_the_brief() -> None:
    text = run("brief", "matar", "--words", "600").stdout
    assert len(text.split()) <= 600
    assert "## Thesis" in text and "[1]" in text
    bad = run("brief", "matar", "--words", "10")
    assert bad.exit_code == 2


def test_readme_brief_excerpt_is_current(tmp_path: Path) -> None:
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    command = "$ argmap brief matar -o matar.md && cat matar.md\n"
    block = readme.split(command, 1)[1].split("\n```", 1)[0]
    wrote, excerpt = block.split("\n", 1)
    out = tmp_path / "matar.md"
    result = run("brief", "matar", "-o", out)
    assert result.stdout == wrote.replace("matar.md", str(out)) + "\n"
    text = out.read_text(encoding="utf-8")
    assert excerpt.startswith("# Brief: ")  # the excerpt starts where the brief does
    at = 0
    for chunk in excerpt.split("\n[...]"):
        chunk = chunk.strip("\n")
        if chunk:
            found = text.find(chunk + "\n", at)
            assert found >= 0, chunk
            at = found + len(chunk)


def test_a_paper_without_scenarios_shows_what_its_outlook_depends_on() -> None:
    body, _ = _body_and_notes(run("brief", "baidar").stdout)
    assert "## Scenarios" not in body  # baidar sketches none
    conditions = body.split("## Conditions\n\n", 1)[1].split("\n\n", 1)[0].splitlines()
    assert conditions[0].startswith("- The future of the dialogue with Washington depends on")
    assert conditions[0].endswith("It depends on:")
    assert conditions[1].startswith("  - The results of the Iraqi elections. [")
    assert sum(line.startswith("  - ") for line in conditions) >= 6
