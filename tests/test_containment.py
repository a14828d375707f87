"""A paper's source never reaches outside the sources folder, and is never waited on."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from argmap.errors import StoreError
from argmap.sources import Library
from argmap.store import load

from .conftest import MINI, MINI_SOURCES, run

SECRET = "S3CRET-LINE the outside file must never be printed"
#: Where north's ``source: north.txt`` is written in the mini store (line, column).
SOURCE_AT = next((i + 1, line.index("north.txt") + 1) for i, line in
                 enumerate(MINI.read_text(encoding="utf-8").splitlines())
                 if "source: north.txt" in line)
COMMANDS = [("verify",), ("verify", "--coverage"), ("show", "north.thesis.share", "--context", "1"),
            ("show", "north.thesis.share", "--json")]


def _outside_lines() -> list[str]:
    """Lines of the files a hostile source names, as they would appear if printed."""
    lines = [SECRET]
    for name in ("/etc/hostname", "/etc/passwd"):
        path = Path(name)
        if path.is_file():
            lines += [x for x in path.read_text(errors="replace").splitlines() if len(x) >= 6]
    environ = Path("/proc/self/environ")
    if environ.exists():
        lines += [x for x in environ.read_bytes().decode(errors="replace").split("\0")
                  if len(x) >= 12 and "=" in x]
    return lines


def assert_nothing_leaked(*outputs: str) -> None:
    text = "\n".join(outputs)
    for line in _outside_lines():
        assert line not in text, f"leaked: {line[:40]!r}"


@pytest.fixture
def place(tmp_path: Path) -> tuple[Path, Path]:
    """A sources folder (the mini texts) with a secret file beside it, and a store to edit."""
    folder = tmp_path / "work" / "sources"
    folder.mkdir(parents=True)
    for text in MINI_SOURCES.iterdir():
        shutil.copy(text, folder / text.name)
    # it holds north's first quote: printed with its context, it would show the secret
    (tmp_path / "work" / "outside.txt").write_text(
        f"{SECRET}\nthe treaty must share the water season by season\n", encoding="utf-8")
    store = tmp_path / "work" / "s.yaml"
    store.write_bytes(MINI.read_bytes())
    return store, folder


def _with_source(store: Path, source: str) -> None:
    text = MINI.read_text(encoding="utf-8").replace("source: north.txt", f'source: "{source}"')
    store.write_text(text, encoding="utf-8")


def _args(command: tuple[str, ...], folder: Path) -> list[str]:
    return [*command] if command == ("check",) else [*command, "--sources", str(folder)]


HOSTILE_TEXT = [
    ("/etc/hostname", "'/etc/hostname' is an absolute path"),
    ("/proc/self/environ", "'/proc/self/environ' is an absolute path"),
    ("/etc/passwd", "'/etc/passwd' is an absolute path"),
    ("../outside.txt", "'../outside.txt' climbs out with '..'"),
    ("../../../../../../../../etc/passwd", "'../../../../../../../../etc/passwd' climbs out "
     "with '..'"),
    ("sub/../../outside.txt", "'sub/../../outside.txt' climbs out with '..'"),
    ("~/outside.txt", "'~/outside.txt' starts with '~' (a home folder)"),
]


@pytest.mark.parametrize(("source", "why"), HOSTILE_TEXT)
@pytest.mark.parametrize("command", [*COMMANDS, ("check",)])
def test_a_source_that_leads_out_by_its_text_is_a_store_error_at_its_line(
        source: str, why: str, command: tuple[str, ...], place: tuple[Path, Path]) -> None:
    store, folder = place
    _with_source(store, source)
    result = run("--store", store, *_args(command, folder))
    assert_nothing_leaked(result.stdout, result.stderr)
    assert result.exit_code == 2
    line, column = SOURCE_AT
    assert result.stderr == (f"{store}:{line}:{column}: north: papers[0].source: {why}: a source "
                             "names a file inside the sources folder\n")
    assert result.stdout == ""


def _links(folder: Path) -> dict[str, str]:
    """Symlinks inside the folder that lead out of it: name -> the source naming it."""
    outside = folder.parent / "outside.txt"
    (folder / "to-outside.txt").symlink_to("../outside.txt")
    (folder / "to-outside-abs.txt").symlink_to(outside)
    (folder / "to-hostname.txt").symlink_to("/etc/hostname")
    (folder / "to-environ.txt").symlink_to("/proc/self/environ")
    (folder / "to-nowhere.txt").symlink_to("../missing.txt")
    (folder / "to-dev-zero.txt").symlink_to("/dev/zero")
    (folder / "up").symlink_to("..")
    (folder / "deep").mkdir()
    (folder / "deep" / "chain.txt").symlink_to("../to-outside.txt")
    return {"to-outside.txt": "to-outside.txt", "to-outside-abs.txt": "to-outside-abs.txt",
            "to-hostname.txt": "to-hostname.txt", "to-environ.txt": "to-environ.txt",
            "to-nowhere.txt": "to-nowhere.txt", "to-dev-zero.txt": "to-dev-zero.txt",
            "through a linked folder": "up/outside.txt", "a chain of links": "deep/chain.txt"}


LINK_CASES = ["to-outside.txt", "to-outside-abs.txt", "to-hostname.txt", "to-environ.txt",
              "to-nowhere.txt", "to-dev-zero.txt", "through a linked folder", "a chain of links"]


@pytest.mark.parametrize("case", LINK_CASES)
@pytest.mark.parametrize("command", COMMANDS)
def test_a_symlink_leading_out_of_the_folder_is_a_store_error_at_the_paper(
        case: str, command: tuple[str, ...], place: tuple[Path, Path]) -> None:
    store, folder = place
    source = _links(folder)[case]
    _with_source(store, source)
    assert run("--store", store, "check").exit_code == 0  # the text itself is fine
    result = run("--store", store, *_args(command, folder))
    assert_nothing_leaked(result.stdout, result.stderr)
    assert result.exit_code == 2
    assert result.stderr == (f"{store}:3:5: north: source {source!r} leads out of the sources "
                             f"folder {folder} through a symlink\n")
    assert result.stdout == ""


def test_the_environment_of_the_process_is_never_printed(place: tuple[Path, Path],
                                                         tmp_path: Path) -> None:
    # in a process of its own, so that /proc/self/environ holds a token it could leak
    store, folder = place
    (folder / "env.txt").symlink_to("/proc/self/environ")
    _with_source(store, "env.txt")
    token = "TOKEN-9f8e7d6c5b4a-never-print"
    env = {"ARGMAP_CACHE_DIR": str(tmp_path / "cache"), "PATH": "/usr/bin:/bin",
           "ARGMAP_SECRET_TOKEN": token}
    for command in COMMANDS:
        done = subprocess.run([sys.executable, "-m", "argmap", "--store", str(store),
                               *_args(command, folder)], capture_output=True, text=True,
                              env=env, timeout=60)
        assert done.returncode == 2
        assert token not in done.stdout + done.stderr
        assert done.stderr.count("\n") == 1


def test_a_linked_folder_inside_the_sources_folder_is_followed(place: tuple[Path, Path],
                                                               tmp_path: Path) -> None:
    # links that stay inside the folder are fine
    store, folder = place
    (folder / "texts").mkdir()
    shutil.move(folder / "north.txt", folder / "texts" / "north.txt")
    (folder / "linked").symlink_to("texts")
    _with_source(store, "linked/north.txt")
    result = run("--store", store, "verify", "--sources", folder)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[0].startswith("7 of 7 quotes found")


def test_a_fifo_inside_the_folder_is_an_error_not_a_hang(place: tuple[Path, Path],
                                                         tmp_path: Path) -> None:
    store, folder = place
    os.mkfifo(folder / "pipe.txt")
    _with_source(store, "pipe.txt")
    env = {"ARGMAP_CACHE_DIR": str(tmp_path / "cache"), "PATH": "/usr/bin:/bin"}
    for command in COMMANDS:
        started = time.monotonic()
        done = subprocess.run([sys.executable, "-m", "argmap", "--store", str(store),
                               *_args(command, folder)], capture_output=True, text=True,
                              env=env, timeout=60)
        assert time.monotonic() - started < 30
        assert done.returncode == 2
        assert done.stderr == f"{store}:3:5: north: source 'pipe.txt' is a FIFO, not a text file\n"


def test_a_directory_named_as_a_source_is_an_error(place: tuple[Path, Path]) -> None:
    store, folder = place
    (folder / "north.d").mkdir()
    _with_source(store, "north.d")
    result = run("--store", store, "verify", "--sources", folder)
    assert result.exit_code == 2
    assert result.stderr == f"{store}:3:5: north: source 'north.d' is a directory, not a text file\n"


def test_a_missing_source_inside_the_folder_is_still_reported_missing(
        place: tuple[Path, Path]) -> None:
    store, folder = place
    (folder / "north.txt").unlink()
    result = run("--store", store, "verify", "--sources", folder, "--json")
    assert result.exit_code == 1
    assert '"papers_source_absent": [\n    "north"\n  ]' in result.stdout


def test_the_library_refuses_a_map_that_was_not_validated(place: tuple[Path, Path]) -> None:
    # a map built without the loader (by a script, say) is checked all the same
    store, folder = place
    amap = load([store])
    for source in ("/etc/hostname", "../outside.txt"):
        amap.papers["north"] = amap.papers["north"]._replace(source=source)
        with pytest.raises(StoreError) as info:
            Library(amap, folder).text("north")
        assert info.value.message.startswith(f"{store}:3:5: north: source {source!r} ")
        assert SECRET not in info.value.message


def test_a_source_too_large_is_refused(place: tuple[Path, Path],
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    from argmap import sources

    store, folder = place
    monkeypatch.setattr(sources, "MAX_SOURCE_BYTES", 100)
    result = run("--store", store, "verify", "--sources", folder)
    assert result.exit_code == 2
    assert result.stderr == (f"{store}:3:5: north: source 'north.txt' is larger than 100 bytes, "
                             "the most argmap reads from a paper's text\n")
