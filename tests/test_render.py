"""A view printed from lines reads the same through rich (a terminal) and without it."""

from __future__ import annotations

import io
import re

import pytest
from rich.console import Console

from argmap import queries, render_rich
from argmap.store import load
from argmap.views import compare, plain_lines

from .conftest import MINI, run


@pytest.mark.parametrize(("stores", "left", "right"), [
    (None, "bayan", "baidar"), ([MINI], "north", "south")])
def test_compare_is_the_same_text_on_a_terminal_and_in_a_pipe(
        monkeypatch: pytest.MonkeyPatch, stores: list | None, left: str, right: str) -> None:
    data = queries.compare(load(stores), left, right)
    buffer = io.StringIO()
    monkeypatch.setattr(render_rich, "console", lambda stderr=False: Console(
        file=buffer, width=100, force_terminal=True, highlight=False, emoji=False, markup=False))
    render_rich.print_lines(compare(data, 100))
    styled = buffer.getvalue()
    assert "\x1b[" in styled  # styled on a terminal
    on_terminal = [line.rstrip() for line in re.sub(r"\x1b\[[0-9;]*m", "", styled).splitlines()]
    assert on_terminal == plain_lines(compare(data, 100), 100)
    args = ["--store", str(MINI)] if stores else []
    assert run(*args, "compare", left, right).stdout.splitlines() == on_terminal


def test_lines_that_do_not_wrap_are_cut_with_an_ellipsis() -> None:
    assert plain_lines([(2, [("x" * 30, "")], False)], 20) == [" " * 2 + "x" * 17 + "…"]
    assert plain_lines([(2, [("aa bb cc dd", "")], True)], 12) == ["  aa bb cc", "  dd"]
