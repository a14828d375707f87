"""The export formats, by name, and pictures rendered through Graphviz."""

from __future__ import annotations

import shutil
import subprocess

from .errors import ArgmapError, MissingTool
from .selection import Selection
from .store import ArgMap

FORMATS = ("dot", "graphml", "json", "aif", "argdown", "mermaid", "html")
LAYOUTS = ("dot", "sfdp", "fdp", "neato", "circo", "twopi")
PICTURES = ("svg", "png", "pdf")
#: The most claims ``render`` draws without ``--force``: beyond a few hundred, one
#: picture is too big to read and slow to lay out.
RENDER_LIMIT = 300


def export(fmt: str, amap: ArgMap, sel: Selection, layout: str | None = None) -> str:
    """The selection as text in ``fmt`` (one of :data:`FORMATS`)."""
    if layout is not None and fmt != "dot":
        raise ArgmapError(f"--layout applies to dot, not {fmt}", what="export")
    if fmt == "dot":
        from .export_dot import to_dot
        return to_dot(amap, sel, layout=layout)
    if fmt == "graphml":
        from .export_graphml import to_graphml
        return to_graphml(amap, sel)
    if fmt == "argdown":
        from .export_argdown import to_argdown
        return to_argdown(amap, sel)
    if fmt == "mermaid":
        from .export_mermaid import to_mermaid
        return to_mermaid(amap, sel)
    if fmt == "html":
        from .export_html import to_html
        return to_html(amap, sel)
    from .jsontext import dumps
    if fmt == "aif":
        from .export_aif import to_aif
        return dumps(to_aif(amap, sel))
    from .export_json import to_node_link
    return dumps(to_node_link(amap, sel))


def too_big(sel: Selection) -> bool:
    """Whether a selection has more claims than one readable picture (:data:`RENDER_LIMIT`)."""
    return len(sel.claims) > RENDER_LIMIT


def _graphviz(program: str, args: list[str], source: str, missing: str) -> bytes:
    """Run a Graphviz ``program`` on DOT ``source``; ``missing`` says what to do without it."""
    binary = shutil.which(program)
    if binary is None:
        raise MissingTool(f"Graphviz is not installed, and {missing}", what="render")
    done = subprocess.run([binary, *args], input=source.encode("utf-8"), capture_output=True,
                          check=False, timeout=600)
    if done.returncode != 0 or not done.stdout:
        first = (done.stderr.decode("utf-8", "replace").strip().splitlines() or ["no output"])[0]
        raise ArgmapError(f"Graphviz failed: {first}", what="render")
    return done.stdout


def picture(amap: ArgMap, sel: Selection, kind: str, layout: str | None = None) -> bytes:
    """An SVG, PNG or PDF of the selection, laid out by Graphviz, with a legend."""
    from .export_dot import to_dot

    return _graphviz(
        "dot", [f"-T{kind}"] + ([f"-K{layout}"] if layout else []),
        to_dot(amap, sel, layout=layout, html_labels=True, legend=True),
        "render needs its 'dot' program: install it (Debian/Ubuntu: apt-get install "
        "graphviz; macOS: brew install graphviz), or write DOT with 'argmap export dot'")


def overview_picture(amap: ArgMap, sel: Selection, kind: str) -> bytes:
    """The papers and the relations between each pair of them (:mod:`argmap.overview`):
    positions are fixed in Python, and Graphviz (``neato -n2``) only draws them."""
    from .overview import to_dot

    return _graphviz(
        "neato", ["-n2", f"-T{kind}"], to_dot(amap, sel),
        "render --overview needs its 'neato' program: install it (Debian/Ubuntu: apt-get "
        "install graphviz; macOS: brew install graphviz), or open the overview in 'argmap view'")
