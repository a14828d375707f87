"""The parsed-store cache: same answers, no YAML or pydantic on a hit, never trusted blindly."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import get_args

import pytest

from argmap import models, records, vocab

from .conftest import MINI, run

PROBE = ("import sys\nsys.argv = ['argmap', *sys.argv[1:]]\nfrom argmap.cli import main\n"
         "try:\n    main()\nexcept SystemExit:\n    pass\n"
         "heavy = sorted({m.split('.')[0] for m in sys.modules} & {'pydantic', 'yaml', "
         "'networkx'})\nprint('IMPORTED', heavy, file=sys.stderr)\n")


def imported(cache: Path, *args: str) -> list[str]:
    done = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True, text=True,
                          env={"ARGMAP_CACHE_DIR": str(cache), "PATH": "/usr/bin:/bin"},
                          check=True)
    line = [x for x in done.stderr.splitlines() if x.startswith("IMPORTED")][-1]
    return list(json.loads(line.split(" ", 1)[1].replace("'", '"')))


def test_a_cache_hit_imports_neither_yaml_nor_pydantic_nor_networkx(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    assert imported(cache, "compare", "bayan", "baidar") == ["pydantic", "yaml"]  # first run
    assert imported(cache, "compare", "bayan", "baidar") == []
    assert imported(cache, "--no-cache", "compare", "bayan", "baidar") == ["pydantic", "yaml"]


def test_cached_answers_equal_fresh_ones(tmp_path: Path) -> None:
    for args in (["compare", "bayan", "baidar", "--json"], ["lint", "--json"],
                 ["show", "matar.thesis.ally-with-us", "--json"], ["timeline", "--json"]):
        fresh = run("--no-cache", *args).stdout
        run(*args)  # fills the cache
        assert run(*args).stdout == fresh


def _cache_files(cache: Path) -> list[Path]:
    return sorted(cache.glob("*.json"))


def test_corrupt_stale_and_foreign_caches_are_ignored(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    cache = tmp_path / "cache"
    monkeypatch.setenv("ARGMAP_CACHE_DIR", str(cache))
    store = tmp_path / "s.yaml"
    store.write_bytes(MINI.read_bytes())
    expected = run("--store", store, "papers", "--json").stdout
    [entry] = _cache_files(cache)
    # corrupt: a flipped byte fails the payload checksum
    raw = bytearray(entry.read_bytes())
    raw[-10] ^= 0x20
    entry.write_bytes(bytes(raw))
    assert run("--store", store, "papers", "--json").stdout == expected
    # truncated
    entry.write_bytes(entry.read_bytes()[:100])
    assert run("--store", store, "papers", "--json").stdout == expected
    # a valid entry of other files, renamed to this key, is not this key's
    other = tmp_path / "o.yaml"
    other.write_text(MINI.read_text(encoding="utf-8").replace("Upstream Institute",
                                                              "Other Institute"),
                     encoding="utf-8")
    run("--store", other, "papers", "--json")
    foreign = next(p for p in _cache_files(cache) if p != entry)
    entry.write_bytes(foreign.read_bytes())
    assert run("--store", store, "papers", "--json").stdout == expected
    # stale: the store changes, so does the key
    store.write_text(MINI.read_text(encoding="utf-8").replace("The River Treaty",
                                                              "The Lake Treaty"),
                     encoding="utf-8")
    titles = [p["title"] for p in json.loads(run("--store", store, "papers", "--json").stdout)]
    assert titles[0] == "The Lake Treaty: a view from upstream"


def test_no_cache_writes_nothing_and_errors_are_never_cached(tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    cache = tmp_path / "cache"
    monkeypatch.setenv("ARGMAP_CACHE_DIR", str(cache))
    run("--no-cache", "--store", MINI, "papers")
    assert not cache.exists()
    bad = tmp_path / "bad.yaml"
    bad.write_text("papers: []\npapers: []\n", encoding="utf-8")
    assert run("--store", bad, "check").exit_code == 2
    assert run("--store", bad, "check").exit_code == 2
    assert _cache_files(cache) == []


def test_locations_follow_the_names_of_this_run(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ARGMAP_CACHE_DIR", str(tmp_path / "cache"))
    first, second = tmp_path / "a.yaml", tmp_path / "b.yaml"
    first.write_bytes(MINI.read_bytes())
    second.write_bytes(MINI.read_bytes())
    run("--store", first, "check")
    data = json.loads(run("--store", second, "show", "north.goal.dam", "--json").stdout)
    assert data["defined_at"] == f"{second}:37:5"


def test_records_and_vocabulary_match_the_models() -> None:
    pairs = [(models.Paper, records.Paper), (models.Author, records.Author),
             (models.Actor, records.Actor), (models.Topic, records.Topic),
             (models.Claim, records.Claim), (models.Event, records.Event),
             (models.Dismissal, records.Dismissal)]
    for model, record in pairs:
        assert set(model.model_fields) == set(record._fields), model.__name__
    assert set(models.Relation.model_fields) == set(records.Relation._fields)
    assert get_args(models.ClaimKind) == vocab.CLAIM_KINDS
    assert get_args(models.RelationType) == vocab.RELATION_TYPES
    assert get_args(models.Valence) == vocab.VALENCES
