"""The one rendering layer: query results to text, or to JSON.

Query functions (:mod:`argmap.queries`, :mod:`argmap.analysis`, ...) return plain
data; :func:`render_result` prints it: stable JSON with ``--json``, otherwise the
view registered for the result's kind in :data:`argmap.views.LINE_VIEWS`.

A view is laid out for the output's width (:func:`argmap.terminal.width`) in
characters the output's encoding can carry. Off a terminal its rows are printed
as plain text, without importing rich (not importing it is most of what a
query costs); on a terminal the same rows go through rich, styled, and through
a pager when they are longer than the screen (:func:`argmap.terminal.emit`).
A kind with no line view falls back to a rich view in
:data:`argmap.render_rich.RENDERERS`.
"""

from __future__ import annotations

import sys
from typing import Any

from . import terminal
from .jsontext import dumps
from .views import LINE_VIEWS, layout, map_text, row_text


def width() -> int:
    """The width views are laid out for (see :func:`argmap.terminal.width`)."""
    return terminal.width()


def render_result(kind: str, data: Any, as_json: bool) -> None:
    encoding = terminal.encoding()
    if as_json:
        text = dumps(data)
        if not terminal.can_carry(text, encoding):  # \u escapes: the same JSON, in ASCII
            text = dumps(data, ascii_only=True)
        terminal.emit(text)
        return
    view = LINE_VIEWS.get(kind)
    if view is None:
        from .render_rich import RENDERERS, console
        RENDERERS[kind](console(), data)
        return
    columns = terminal.width()
    lines = view(data, columns)
    ellipsis = terminal.degrade("…", encoding)
    if not terminal.is_unicode(encoding):
        lines = map_text(lines, lambda text: terminal.degrade(text, encoding))
    rows = layout(lines, columns, ellipsis)
    if terminal.is_terminal(sys.stdout):
        from .render_rich import styled
        terminal.emit(styled(rows, columns), rows=len(rows))
    else:
        terminal.emit("".join(f"{row_text(row)}\n" for row in rows), rows=len(rows))
