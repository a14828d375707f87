"""A view reads the same on a terminal (through rich, styled) and in a pipe (plain)."""

from __future__ import annotations

import io
import re
import sys
from pathlib import Path

import pytest
import typer.main

from argmap.cli import app
from argmap.views import layout, plain_lines

from .conftest import run
from .viewcases import SHIPPED, mini_cases

ANSI = re.compile(r"\x1b\[[0-9;]*m")


class FakeTerminal(io.StringIO):
    """A terminal as rich and argmap see one: a tty, with an encoding."""

    def __init__(self, encoding: str = "utf-8") -> None:
        super().__init__()
        self._encoding = encoding

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return self._encoding

    def isatty(self) -> bool:
        return True


def on_terminal(monkeypatch: pytest.MonkeyPatch, width: int, *args: str,
                encoding: str = "utf-8") -> tuple[int, str]:
    """Run argmap in-process with a terminal as stdout: (exit code, what it printed)."""
    screen = FakeTerminal(encoding)
    monkeypatch.setattr(sys, "stdout", screen)
    monkeypatch.setenv("COLUMNS", str(width))
    monkeypatch.setenv("TERM", "xterm-256color")
    for name in ("NO_COLOR", "FORCE_COLOR", "COLORTERM"):
        monkeypatch.delenv(name, raising=False)
    command = typer.main.get_command(app)
    code = command.main(args=["--no-pager", *args], prog_name="argmap", standalone_mode=False)
    return code or 0, screen.getvalue()


def pipe_and_terminal(monkeypatch: pytest.MonkeyPatch, width: int, args: tuple[str, ...]
                      ) -> tuple[str, str]:
    piped = run(*args, env={"COLUMNS": str(width)})
    code, styled = on_terminal(monkeypatch, width, *args)
    assert code == piped.exit_code
    return piped.stdout, styled


@pytest.mark.parametrize("width", [60, 80])
@pytest.mark.parametrize("args", SHIPPED, ids=" ".join)
def test_every_view_is_the_same_text_on_a_terminal(monkeypatch: pytest.MonkeyPatch,
                                                   args: tuple[str, ...], width: int) -> None:
    piped, styled = pipe_and_terminal(monkeypatch, width, args)
    assert "\x1b[" in styled  # styled on a terminal
    assert "\x1b[" not in piped  # plain in a pipe
    assert ANSI.sub("", styled) == piped


@pytest.mark.parametrize("width", [60, 80])
def test_test_store_views_are_the_same_text_on_a_terminal(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path, width: int) -> None:
    for args in mini_cases(tmp_path):
        piped, styled = pipe_and_terminal(monkeypatch, width, args)
        assert ANSI.sub("", styled) == piped, args


def test_user_text_is_never_markup_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    code, styled = on_terminal(monkeypatch, 100, "--store", str(Path(__file__).parent / "data" /
                                                                  "mini.yaml"), "papers")
    assert code == 0
    assert "Downstream <b>answers</b>" in ANSI.sub("", styled)


def test_an_ascii_terminal_gets_ascii(monkeypatch: pytest.MonkeyPatch) -> None:
    code, styled = on_terminal(monkeypatch, 80, "--store", str(Path(__file__).parent / "data" /
                                                                 "mini.yaml"), "goals",
                               encoding="ascii")
    assert code == 0
    styled.encode("ascii")
    text = ANSI.sub("", styled)
    assert '    "a guaranteed minimum flow ... every summer"  [goal] south.goal.flow' in \
        text.splitlines()
    assert "\\u0648" in text


def test_lines_that_do_not_wrap_are_cut_with_an_ellipsis() -> None:
    assert plain_lines([(2, [("x" * 30, "")], False)], 20) == [" " * 2 + "x" * 17 + "…"]
    assert plain_lines([(2, [("x" * 30, "")], False)], 20, "...") == [" " * 2 + "x" * 15 + "..."]
    assert plain_lines([(2, [("aa bb cc dd", "")], True)], 12) == ["  aa bb cc", "  dd"]


def test_wrapped_lines_hang_and_keep_their_styles() -> None:
    line = (2, [("one two ", "bold"), ("three four five six", "dim")], True, 3)
    assert layout([line], 14) == [
        [("  ", ""), ("one two", "bold")],
        [("     ", ""), ("three four", "dim")],
        [("     ", ""), ("five six", "dim")]]
    # after a newline the row hangs too; a word longer than the row stays whole
    assert plain_lines([(0, [("head\nbody " + "x" * 30, "")], True, 4)], 20) == [
        "head", "    body", "    " + "x" * 30]
