"""The one rendering layer: query results to text, or to JSON.

Query functions (:mod:`argmap.queries`, :mod:`argmap.analysis`, ...) return plain
data; :func:`render_result` prints it: stable JSON with ``--json``, otherwise the
view registered for the result's kind in :mod:`argmap.render_rich`.

Views that are described as *lines* (:mod:`argmap.views`) print without rich
when the output is not a terminal: rich would strip their styles there anyway,
and not importing it is most of what a query costs. On a terminal the same
lines go through rich, styled; the text is the same either way.
"""

from __future__ import annotations

import os
import sys
from typing import Any

from .jsontext import dumps
from .views import LINE_VIEWS, Lines, plain_lines


def width() -> int:
    """The width rich uses off a terminal: $COLUMNS, else 80."""
    try:
        return max(20, int(os.environ.get("COLUMNS", "80")))
    except ValueError:
        return 80


def render_result(kind: str, data: Any, as_json: bool) -> None:
    if as_json:
        sys.stdout.write(dumps(data))
        sys.stdout.flush()
        return
    if kind in LINE_VIEWS:
        lines: Lines = LINE_VIEWS[kind](data, width())
        if not sys.stdout.isatty():
            sys.stdout.write("".join(f"{line}\n" for line in plain_lines(lines, width())))
            sys.stdout.flush()
            return
        from .render_rich import print_lines
        print_lines(lines)
        return
    from .render_rich import RENDERERS, console
    RENDERERS[kind](console(), data)
