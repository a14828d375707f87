"""argmap suggest: ranked links between papers, with the evidence, on the mini store."""

from __future__ import annotations

import json
import struct
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from argmap import embeddings
from argmap.cli import app
from argmap.jsontext import dumps
from argmap.store import load
from argmap.suggest import WEIGHTS, Index, json_text, scores, stem, suggest, words

from .conftest import MINI, mini, run
from .test_curating import play_walkthrough

LEXICAL = ("--method", "lexical")


def suggestions(*args: str | Path) -> list[dict[str, object]]:
    result = mini("suggest", *LEXICAL, "--json", *args)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def test_exact_suggestions_for_two_claims() -> None:
    assert suggestions("north.goal.dam", "south.goal.flow", "--limit", "2") == [
        {"from": "north.goal.dam", "to": "south.goal.flow", "score": 0.001,
         "polarity": "agree", "type": "agrees",
         "why": ['phrases: "state wants"', "words: state, wants"]},
        {"from": "north.goal.dam", "to": "south.claim.share", "score": 0.0,
         "polarity": "none", "type": None,
         "why": ["a later paper's claim (south) on an earlier goal (north)"]},
        {"from": "south.goal.flow", "to": "north.consequence.drought", "score": 0.018,
         "polarity": "agree", "type": "agrees",
         "why": ["words: downstream", "topics: water", "same actor: downstream"]},
        {"from": "south.goal.flow", "to": "north.thesis.share", "score": 0.01,
         "polarity": "agree", "type": "agrees", "why": ["words: river", "topics: water"]},
    ]


def test_json_text_is_the_projects_json() -> None:
    data = suggest(load(), limit=3, method="lexical")["suggestions"]
    assert json_text(data) == dumps(data)
    assert json_text([]) == dumps([])
    odd = [{"from": "a.b", "to": "c.d", "score": 0.5, "polarity": "none", "type": None,
            "why": ['quote "x" \\ y', "ü"]}, {**data[0], "why": []}]
    assert json_text(odd) == dumps(odd)


def test_json_shape_and_order_are_stable() -> None:
    data = suggestions()
    assert data == suggestions()
    claims = list(load([MINI]).claim_order)
    for entry in data:
        assert set(entry) == {"from", "to", "score", "polarity", "type", "why"}
        assert entry["polarity"] in ("agree", "conflict", "depends", "none")
    # grouped by the claim suggested for, in reading order; best first, ties by id
    froms = [claims.index(str(e["from"])) for e in data]
    assert froms == sorted(froms)
    for source in {e["from"] for e in data}:
        group = [float(e["score"]) for e in data if e["from"] == source]  # type: ignore[arg-type]
        assert group == sorted(group, reverse=True)
        assert len(group) <= 5
    # every claim of the mini map is in one of two papers: suggestions cross them
    assert all(str(e["from"]).split(".")[0] != str(e["to"]).split(".")[0] for e in data)


def test_related_and_dismissed_pairs_are_never_suggested(tmp_path: Path) -> None:
    related = {frozenset(p) for p in [
        ("south.claim.share", "north.thesis.share"), ("south.claim.dam-harm", "north.goal.dam"),
        ("south.goal.flow", "north.scenario.no-deal")]}
    pairs = {frozenset((str(e["from"]), str(e["to"]))) for e in suggestions("--limit", "20")}
    assert pairs and not pairs & related
    assert frozenset(("north.thesis.share", "south.goal.flow")) in pairs
    store = tmp_path / "river.yaml"
    store.write_text(MINI.read_text(encoding="utf-8") + "\ndismissed:\n  - {a: south.goal.flow, "
                     "b: north.thesis.share, reason: Not the same question.}\n", encoding="utf-8")
    result = run("--store", store, "suggest", *LEXICAL, "--json", "--limit", "20")
    after = {frozenset((e["from"], e["to"])) for e in json.loads(result.stdout)}
    assert after == pairs - {frozenset(("north.thesis.share", "south.goal.flow"))}


def test_paper_with_and_id_filters() -> None:
    data = suggestions("--paper", "north", "--with", "south", "--limit", "1")
    assert [(e["from"], e["to"]) for e in data] == [
        ("north.thesis.share", "south.goal.flow"), ("north.goal.dam", "south.goal.flow"),
        ("north.scenario.no-deal", "south.claim.share"),
        ("north.consequence.drought", "south.goal.flow")]
    # a paper by an author's surname; --with by alias
    assert suggestions("--paper", "al-rashid", "--with", "upstream institute", "--limit", "1") \
        == suggestions("--paper", "south", "--with", "north", "--limit", "1")
    only = suggestions("north.thesis.share")
    assert {e["from"] for e in only} == {"north.thesis.share"}
    assert [e["to"] for e in only] == ["south.goal.flow", "south.claim.dam-harm"]
    # --with a claim's own paper leaves nothing to suggest for it
    assert suggestions("north.thesis.share", "--with", "north") == []


def test_min_score_and_limit() -> None:
    data = suggestions("--min-score", "0.014")
    assert data and all(float(e["score"]) >= 0.014 for e in data)  # type: ignore[arg-type]
    assert len(suggestions("--min-score", "0.014")) < len(suggestions())
    assert max(per_claim(suggestions("--limit", "1")).values()) == 1
    assert mini("suggest", "--limit", "0").exit_code == 2


def per_claim(data: list[dict[str, object]]) -> dict[object, int]:
    out: dict[object, int] = {}
    for e in data:
        out[e["from"]] = out.get(e["from"], 0) + 1
    return out


def test_line_view_fits_80_columns() -> None:
    result = run("--store", MINI, "suggest", *LEXICAL, "--paper", "north", "--with", "south",
                 "--limit", "1", "--min-score", "0.01", env={"COLUMNS": "80"})
    assert result.exit_code == 0
    assert result.stdout == (
        "0.010  agree, agrees\n"
        "  A north: The treaty should share the river's water by season.\n"
        "    “the treaty must share the water season by season”  [thesis]\n"
        "    north.thesis.share\n"
        "  B south: The downstream state wants a guaranteed minimum flow: C:\\river\\ وادي\n"
        "  🌊\n"
        "    “a guaranteed minimum flow … every summer”  [goal] south.goal.flow\n"
        "  why: words: river; topics: water\n"
        "\n"
        "0.010  agree, agrees\n"
        "  A north: If talks fail, each side acts alone.\n"
        "    “If the talks fail, each side will act alone”  [scenario]\n"
        "    north.scenario.no-deal\n"
        "  B south: Seasonal sharing is fair.\n"
        "    “Sharing by season is the only fair rule”  [claim] south.claim.share\n"
        "  why: topics: water; a later paper's claim (south) on an earlier scenario\n"
        "  (north)\n"
        "\n"
        "0.018  agree, agrees\n"
        "  A north: Acting alone brings drought downstream.\n"
        "    “acting alone brings drought to the \"lower valley\"”  [consequence]\n"
        "    north.consequence.drought\n"
        "  B south: The downstream state wants a guaranteed minimum flow: C:\\river\\ وادي\n"
        "  🌊\n"
        "    “a guaranteed minimum flow … every summer”  [goal] south.goal.flow\n"
        "  why: words: downstream; topics: water; same actor: downstream\n"
        "\n"
        "3 suggestions · method lexical\n")
    wide = run("--store", MINI, "suggest", *LEXICAL, env={"COLUMNS": "60"})
    assert all(len(line) <= 60 for line in wide.stdout.splitlines())


def test_nothing_to_suggest_says_so() -> None:
    result = mini("suggest", *LEXICAL, "--min-score", "0.9")
    assert result.exit_code == 0
    assert result.stdout == ("no suggestions: every candidate is related, dismissed or filtered "
                             "out\n\n0 suggestions · method lexical\n")


@pytest.mark.parametrize(("args", "message"), [
    (["north.goal.dm"], "north.goal.dm: unknown claim id 'north.goal.dm'; "
                        "did you mean north.goal.dam, south.goal.flow?"),
    (["--paper", "nort"], "nort: unknown paper 'nort'; did you mean north?"),
    (["--with", "sout"], "sout: unknown paper 'sout'; did you mean south?"),
    (["--method", "lexcal"], "--method: unknown method 'lexcal'; choose one of auto, lexical, "
                             "combined; did you mean lexical?"),
    (["--to", "x.yaml"], "--to: --to is for --review"),
    (["--review"], "--review: say which store file to write to: --review --to FILE"),
])
def test_bad_input_is_one_line_with_close_matches(args: list[str], message: str) -> None:
    result = mini("suggest", *args)
    assert result.exit_code == 2
    assert result.stderr == message + "\n"
    assert result.stdout == ""


def test_words_and_stems() -> None:
    assert [s for s, _ in words("The river's dams: withdrawing, withdraws")] == \
        ["river", "dam", "withdraw", "withdraw"]
    assert stem("negotiations") == "negoti" and stem("talks") == "talk"


def test_fast_scores_equal_the_weighted_features() -> None:
    for amap in (load([MINI]), load()):
        index = Index.build(amap)
        rows = np.arange(len(index.claims))
        features = index.features(rows)
        for weights in (WEIGHTS["lexical"], {**WEIGHTS["lexical"], "later_report": 2.0}):
            expected = weights["bias"] + sum(
                w * features[name].astype(np.float64) for name, w in weights.items()
                if name != "bias")
            assert np.allclose(scores(index, rows, weights), expected, atol=1e-5)


def test_the_lexical_index_is_a_cosine() -> None:
    amap = load([MINI])
    index = Index.build(amap)
    full = index.lexical(np.arange(len(index.claims)))
    assert np.allclose(np.diag(full), 1.0)
    assert np.allclose(full, full.T)
    assert np.allclose(index.lexical(np.array([2, 0])), full[[2, 0]])


def test_safetensors_table_is_read_without_the_library(tmp_path: Path) -> None:
    table = np.arange(12, dtype=np.float16).reshape(4, 3)
    header = json.dumps({"embedding.weight": {"dtype": "F16", "shape": [4, 3],
                                              "data_offsets": [0, table.nbytes]}}).encode()
    path = tmp_path / "t.safetensors"
    path.write_bytes(struct.pack("<Q", len(header)) + header + table.tobytes())
    read = embeddings.read_table(path)
    assert read.dtype == np.float32
    assert np.array_equal(read, table.astype(np.float32))


needs_embeddings = pytest.mark.skipif(not embeddings.available(),
                                      reason="argmap[embeddings] is not installed")


@needs_embeddings
def test_combined_method_uses_the_installed_embeddings_offline(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ARGMAP_CACHE_DIR", str(tmp_path))
    data = suggest(load([MINI]), method="combined")
    assert data["method"] == "combined"
    assert data == suggest(load([MINI]), method="auto")
    # the vectors are cached: a second run needs neither the tokenizer nor the table
    assert list(tmp_path.glob("vectors-*.npy"))

    def refuse(*args: object) -> None:
        raise AssertionError("the embedder was loaded again")

    vectors = embeddings.claim_vectors(["one text", "another"])
    assert vectors is not None and vectors.shape == (2, 256)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0)
    monkeypatch.setattr(embeddings.Embedder, "__init__", refuse)
    assert suggest(load([MINI]), method="combined") == data


def test_without_the_embeddings_auto_is_lexical(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(embeddings, "package_folder", lambda: None)
    assert suggest(load([MINI]))["method"] == "lexical"
    result = mini("suggest", "--method", "combined")
    assert result.exit_code == 4
    assert result.stderr == ("--method: the combined method needs the embeddings: "
                             "pip install 'argmap[embeddings]'\n")


@needs_embeddings
def test_readme_suggest_output_is_current(tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Find the links", 1)[1]
    monkeypatch.chdir(tmp_path)
    play_walkthrough(monkeypatch)  # the institute's note beside the shipped map, as there
    monkeypatch.setenv("COLUMNS", "80")
    command = "$ argmap suggest --paper institute --limit 2\n"
    block = section.split(command, 1)[1].split("\n```", 1)[0]
    assert run("suggest", "--paper", "institute", "--limit", "2").stdout.rstrip("\n") == block
    # the review shown: dismiss the first pair, then it is not proposed again
    review = section.split("$ argmap suggest --paper institute --limit 1 --review", 1)[1]
    answer = review.split("q quit: d\nreason (one line): ", 1)[1].split("\n", 1)[0]
    result = CliRunner().invoke(app, ["suggest", "--paper", "institute", "--limit", "1",
                                      "--review", "--to", "mine.yaml"], input=f"d\n{answer}\nq\n")
    assert result.exit_code == 0
    done = review.split(f"{answer}\n", 1)[1].split("\n$ ", 1)[0].strip("\n")
    assert result.stdout.rstrip("\n").endswith(done)
    after = review.split("$ argmap suggest --paper institute --limit 1\n", 1)[1].split("\n", 1)[0]
    assert run("suggest", "--paper", "institute", "--limit", "1").stdout.startswith(after + "\n")


def test_a_claim_carries_its_context_within_its_paper() -> None:
    amap = load([MINI])
    own, with_context = Index.build(amap, context=0.0), Index.build(amap)
    every = np.arange(len(own.claims))
    before, after = own.lexical(every), with_context.lexical(every)
    assert np.allclose(np.diag(after), 1.0)
    # related within north: each now carries some of the other's words
    consequence = own.position["north.consequence.drought"]
    scenario = own.position["north.scenario.no-deal"]
    assert after[consequence, scenario] > before[consequence, scenario]
    # claims related within their paper to nothing (relations across papers are not
    # context: they are what suggest looks for) keep their own vectors
    inside = {c for r in amap.relations if amap.claims[r.source].paper == amap.claims[r.target].paper
              for c in (r.source, r.target)}
    alone = [i for i, c in enumerate(own.claims) if c.id not in inside]
    assert alone and np.allclose(after[np.ix_(alone, alone)], before[np.ix_(alone, alone)])
