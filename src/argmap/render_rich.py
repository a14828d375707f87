"""Styled output on a terminal, through rich.

:func:`argmap.render.render_result` lays a view out as rows of ``(text, style)``
spans (:mod:`argmap.views`) and, on a terminal only, asks :func:`styled` for the
same text with its styles. User text is always put in ``Text`` objects, never
interpreted as rich markup.

A kind of result with no line view may register a rich view here with
:func:`renders`; :func:`argmap.render.render_result` then prints it on a
terminal and in a pipe alike.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

from rich.console import Console
from rich.text import Text

from .views import Row

Renderer = Callable[[Console, Any], None]
RENDERERS: dict[str, Renderer] = {}


def renders(kind: str) -> Callable[[Renderer], Renderer]:
    def register(fn: Renderer) -> Renderer:
        RENDERERS[kind] = fn
        return fn
    return register


def console(stderr: bool = False, width: int | None = None) -> Console:
    return Console(file=sys.stderr if stderr else sys.stdout, width=width, highlight=False,
                   emoji=False, markup=False)


def styled(rows: list[Row], width: int, out: Console | None = None) -> str:
    """The rows as text with the terminal's escape codes for their styles.

    The rows are already laid out, so rich neither wraps nor cuts them.
    """
    out = out or console(width=width)
    text = Text("\n").join(Text.assemble(*row) for row in rows)
    with out.capture() as capture:
        out.print(text, soft_wrap=True)
    return capture.get()
