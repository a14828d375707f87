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
