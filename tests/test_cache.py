"""The parsed-store cache: same answers, no YAML or pydantic on a hit, never trusted blindly."""

from __future__ import annotations

import hashlib
import json
import os
import stat
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, get_args

import pytest

import argmap.store
from argmap import cache as cache_module
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
    assert get_args(models.PaperKind) == vocab.PAPER_KINDS
    assert get_args(models.ActorKind) == vocab.ACTOR_KINDS
    assert get_args(models.AuthorKind) == vocab.AUTHOR_KINDS


def _plant(entry: Path, body: bytes) -> None:
    """An entry with a valid checksum over ``body``: damaged on purpose, not by accident."""
    entry.write_bytes(hashlib.sha256(body).hexdigest().encode() + b"\n" + body)


def _edit(data: dict[str, Any], change: str) -> None:
    claims, relations, papers = data["claims"], data["relations"], data["papers"]
    edits: dict[str, Callable[[], object]] = {
        "relation to an unknown claim": lambda: relations["to"].__setitem__(0, 10_000),
        "relation to a negative position": lambda: relations["to"].__setitem__(0, -1),
        "relation end a boolean": lambda: relations["from"].__setitem__(0, True),
        "relation end a string": lambda: relations["from"].__setitem__(0, "north.thesis.share"),
        "relation of an unknown type": lambda: relations["type"].__setitem__(0, "loves"),
        "integer id": lambda: claims["id"].__setitem__(0, 7),
        "duplicate claim id": lambda: claims["id"].__setitem__(1, claims["id"][0]),
        "claim of an unknown paper": lambda: claims["paper"].__setitem__(0, "west"),
        "claim of an unknown kind": lambda: claims["kind"].__setitem__(0, "rumour"),
        "claim of an unknown actor": lambda: claims["actor"].__setitem__(0, "pirates"),
        "topics not a list": lambda: claims["topics"].__setitem__(0, "water"),
        "unknown topic": lambda: claims["topics"].__setitem__(0, ["fishing"]),
        "text not a string": lambda: claims["text"].__setitem__(0, {"a": 1}),
        "waiver not text": lambda: claims["waive"].__setitem__(0, {"rule": 3}),
        "ragged claim columns": lambda: claims["text"].pop(),
        "claim column missing": lambda: claims.pop("waive"),
        "claims not columns": lambda: data.__setitem__("claims", [["north.c.x"]]),
        "title not a string": lambda: papers[0].__setitem__("title", ["t"]),
        "bad date": lambda: papers[0].__setitem__("date", "soon"),
        "paper missing a field": lambda: papers[0].pop("kind"),
        "paper with an unknown field": lambda: papers[0].__setitem__("colour", "red"),
        "paper without authors": lambda: papers[0].__setitem__("authors", []),
        "source outside the folder": lambda: papers[0].__setitem__("source", "/etc/hostname"),
        "event reporting an unknown claim": lambda: data.__setitem__("events", [
            {"key": "e", "date": "2020", "name": "E", "kind": "event",
             "reported_by": ["north.c.gone"]}]),
        "missing section": lambda: data.pop("events"),
        "origin in a file that is not loaded": lambda: data["origins"]["file"].__setitem__(0, 3),
        "origin line not a number": lambda: data["origins"]["line"].__setitem__(0, "3"),
        "origin of an unknown section": lambda: data["origins"]["section"].__setitem__(0, "x"),
        "origins not columns": lambda: data.__setitem__("origins", {"a": 1}),
        "top level a list": data.clear,
        "dismissal of an unknown claim": lambda: data.__setitem__("dismissed", {
            "a": [10_000], "b": [0], "reason": ["r"], "file": [0], "line": [1], "column": [1]}),
        "dismissal reason not text": lambda: data.__setitem__("dismissed", {
            "a": [1], "b": [0], "reason": [None], "file": [0], "line": [1], "column": [1]}),
        "author of an unknown kind": lambda: papers[0]["authors"][0].__setitem__("kind", "robot"),
    }
    edits[change]()


STRUCTURE_DAMAGE = ["relation to an unknown claim", "relation to a negative position",
                    "relation end a boolean", "relation end a string",
                    "relation of an unknown type", "integer id", "duplicate claim id",
                    "claim of an unknown paper", "claim of an unknown kind",
                    "claim of an unknown actor", "topics not a list", "unknown topic",
                    "text not a string", "waiver not text", "ragged claim columns",
                    "claim column missing", "claims not columns", "title not a string",
                    "bad date", "paper missing a field", "paper with an unknown field",
                    "paper without authors", "source outside the folder",
                    "event reporting an unknown claim",
                    "missing section", "origin in a file that is not loaded",
                    "origin line not a number", "origin of an unknown section",
                    "origins not columns", "top level a list", "dismissal of an unknown claim",
                    "dismissal reason not text", "author of an unknown kind"]


@pytest.mark.parametrize("change", STRUCTURE_DAMAGE)
def test_an_entry_with_a_valid_checksum_and_a_bad_structure_is_a_miss(
        change: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache = tmp_path / "cache"
    monkeypatch.setenv("ARGMAP_CACHE_DIR", str(cache))
    store = tmp_path / "s.yaml"
    store.write_bytes(MINI.read_bytes())
    args = ("--store", store, "show", "north.thesis.share", "--json")
    expected = run(*args)
    [entry] = _cache_files(cache)
    data = json.loads(entry.read_bytes().partition(b"\n")[2])
    _edit(data, change)
    planted = json.dumps(data or []).encode()
    _plant(entry, planted)
    again = run(*args)
    assert (again.exit_code, again.stdout, again.stderr) == (0, expected.stdout, "")
    # rebuilt: the entry is argmap's own again
    assert entry.read_bytes().partition(b"\n")[2] != planted
    assert run(*args).stdout == expected.stdout


@pytest.mark.parametrize("body", [b"[" * 100_000 + b"]" * 100_000,
                                  b'{"format": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
                                  b"", b"null", b"not json", b"\xff\xfe"])
def test_an_entry_that_is_not_a_map_is_a_miss(body: bytes, tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    cache = tmp_path / "cache"
    monkeypatch.setenv("ARGMAP_CACHE_DIR", str(cache))
    expected = run("--store", MINI, "papers", "--json")
    [entry] = _cache_files(cache)
    _plant(entry, body)
    again = run("--store", MINI, "papers", "--json")
    assert (again.exit_code, again.stdout, again.stderr) == (0, expected.stdout, "")


def _entry_path(tmp_path: Path) -> tuple[Path, Path]:
    """A cache folder and the path of the shipped map's entry in it (filled, then removed)."""
    cache = tmp_path / "cache"
    subprocess.run([sys.executable, "-m", "argmap", "check"], check=True, capture_output=True,
                   env={"ARGMAP_CACHE_DIR": str(cache), "PATH": "/usr/bin:/bin"})
    [entry] = _cache_files(cache)
    entry.unlink()
    return cache, entry


def _answers_promptly(cache: Path) -> None:
    fresh = subprocess.run([sys.executable, "-m", "argmap", "--no-cache", "papers", "--json"],
                           capture_output=True, text=True, check=True)
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "argmap", "papers", "--json"],
                          capture_output=True, text=True, timeout=60,
                          env={"ARGMAP_CACHE_DIR": str(cache), "PATH": "/usr/bin:/bin"})
    assert time.monotonic() - started < 30
    assert (done.returncode, done.stdout, done.stderr) == (0, fresh.stdout, "")


def test_a_fifo_at_an_entry_path_is_not_waited_on(tmp_path: Path) -> None:
    cache, entry = _entry_path(tmp_path)
    os.mkfifo(entry)
    _answers_promptly(cache)
    assert entry.is_file()  # the FIFO, in argmap's own folder, is replaced by the entry


def test_a_symlink_to_dev_zero_at_an_entry_path_is_not_followed(tmp_path: Path) -> None:
    cache, entry = _entry_path(tmp_path)
    entry.symlink_to("/dev/zero")
    _answers_promptly(cache)
    assert stat.S_ISCHR(os.stat("/dev/zero").st_mode)
    assert entry.is_file() and not entry.is_symlink()


def test_a_symlink_to_a_valid_entry_is_not_followed(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    # even a link to argmap's own entry is not read: only regular files in the folder are
    cache, entry = _entry_path(tmp_path)
    _answers_promptly(cache)  # writes the entry again
    monkeypatch.setenv("ARGMAP_CACHE_DIR", str(cache))
    shipped = Path(argmap.store.shipped_store())
    size = shipped.stat().st_size
    assert cache_module.read(entry.stem, ["x"], size) is not None
    elsewhere = tmp_path / "elsewhere.json"
    entry.rename(elsewhere)
    entry.symlink_to(elsewhere)
    assert cache_module.read(entry.stem, ["x"], size) is None


def test_an_entry_over_its_size_bound_is_not_read(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    cache = tmp_path / "cache"
    monkeypatch.setenv("ARGMAP_CACHE_DIR", str(cache))
    run("--store", MINI, "check")
    [entry] = _cache_files(cache)
    size = len(MINI.read_bytes())
    assert entry.stat().st_size <= cache_module.entry_limit(size)
    with entry.open("r+b") as fh:  # a sparse file of 4 GB: it would take seconds to read
        fh.truncate(4 << 30)
    reads: list[int] = []
    real_read = os.read

    def counting(fd: int, n: int) -> bytes:
        reads.append(n)
        return real_read(fd, n)

    monkeypatch.setattr(os, "read", counting)
    assert cache_module.read(entry.stem, [str(MINI)], size) is None
    assert reads == []
    monkeypatch.setattr(os, "read", real_read)
    result = run("--store", MINI, "check")
    assert (result.exit_code, result.stderr) == (0, "")
    assert entry.stat().st_size < 1 << 20
