"""Every command has help text, and the README's tour shows every command."""

from __future__ import annotations

from pathlib import Path

import pytest
import typer.main

from argmap.cli import app
from argmap.lint import RULES

from .conftest import run

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def commands() -> list[tuple[str, ...]]:
    root = typer.main.get_command(app)
    found: list[tuple[str, ...]] = []
    for name, cmd in root.commands.items():  # type: ignore[attr-defined]
        if hasattr(cmd, "commands"):
            found += [(name, sub) for sub in cmd.commands]
        else:
            found.append((name,))
    return sorted(found)


def test_the_command_set() -> None:
    assert commands() == [
        ("actors",), ("agreements",), ("brief",), ("check",), ("compare",), ("conflicts",),
        ("consensus",), ("cruxes",), ("deps",), ("diff",), ("export",), ("goals",), ("import",),
        ("lint",),
        ("matrix",), ("new", "actor"), ("new", "claim"), ("new", "paper"), ("new", "relation"),
        ("new", "topic"), ("papers",), ("path",), ("render",), ("scenarios",), ("schema",),
        ("search",), ("show",), ("suggest",), ("timeline",), ("topics",), ("verify",), ("view",),
        ("whatif",)]


@pytest.mark.parametrize("path", commands(), ids=" ".join)
def test_every_command_has_help(path: tuple[str, ...]) -> None:
    result = run(*path, "--help")
    assert result.exit_code == 0
    usage, _, rest = result.stdout.partition("\n\n")
    assert usage.startswith("Usage: argmap")
    assert len(rest.strip().splitlines()[0]) > 20


@pytest.mark.parametrize("path", commands(), ids=" ".join)
def test_readme_tour_shows_every_command(path: tuple[str, ...]) -> None:
    assert f"argmap {' '.join(path)}" in README


def test_readme_documents_exit_codes() -> None:
    for line in ("| 0 |", "| 1 |", "| 2 |", "| 3 |", "| 4 |"):
        assert line in README


def test_readme_check_output_is_current() -> None:
    block = README.split("$ argmap check\n", 1)[1].split("\n```", 1)[0]
    result = run("check")
    assert block == "\n".join(line.rstrip() for line in result.stdout.splitlines())


def test_readme_papers_output_is_current() -> None:
    block = README.split("$ argmap papers\n", 1)[1].split("\n```", 1)[0]
    assert block == "\n".join(line.rstrip() for line in run("papers").stdout.splitlines())


@pytest.mark.parametrize("rule", sorted(RULES))
def test_readme_names_every_lint_rule(rule: str) -> None:
    assert f"`{rule}`" in README  # so that a curator knows what to waive


def _tour_examples() -> list[tuple[str, list[list[str]]]]:
    """(command, shown chunks) for each tour example that shows a query's output; the
    chunks are the parts between ``[...]`` elisions."""
    tour = README.split("## A tour of the commands", 1)[1].split("\n## ", 1)[0]
    examples = []
    for block in tour.split("```console\n")[1:]:
        lines = block.split("\n```", 1)[0].splitlines()
        command = lines[0].removeprefix("$ ")
        if any(word in command for word in (" -o ", "|", " check", " papers", " brief ",
                                            " view", " export ", " verify ", " render ")):
            continue  # writes files, or is checked by its own test
        chunks: list[list[str]] = [[]]
        for line in lines[1:]:
            if line == "[...]":
                chunks.append([])
            else:
                chunks[-1].append(line)
        examples.append((command, [c for c in chunks if c]))
    return examples


@pytest.mark.parametrize(("command", "chunks"), _tour_examples(), ids=lambda v: str(v)[:40])
def test_readme_tour_shows_real_output(command: str, chunks: list[list[str]],
                                       shared_sources: Path, monkeypatch: pytest.MonkeyPatch
                                       ) -> None:
    # each example as shown: the parts between elisions appear, whole and in order
    monkeypatch.chdir(Path(__file__).resolve().parents[1])  # paths as the README writes them
    args = [a.replace("../shared/sources", str(shared_sources)) for a in command.split()[1:]]
    got = [line.rstrip() for line in run(*args).stdout.splitlines()]
    at = 0
    for chunk in chunks:
        chunk = [line.rstrip() for line in chunk]
        starts = [i for i in range(at, len(got) - len(chunk) + 1)
                  if got[i:i + len(chunk)] == chunk]
        assert starts, (command, chunk[0])
        at = starts[0] + len(chunk)


def test_the_readme_tour_examples_are_checked() -> None:
    assert {command.split()[1] for command, _ in _tour_examples()} == {
        "compare", "goals", "show", "conflicts", "path", "matrix", "cruxes", "timeline",
        "whatif"}
