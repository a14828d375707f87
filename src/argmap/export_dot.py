"""The map as Graphviz DOT.

Node ids are synthetic (``n1``, ``n2``... in reading order) so any claim id is
safe; every label, tooltip and attribute is a quoted, escaped DOT string, so
quotes, backslashes, colons, HTML-looking text and Arabic come out as written.
"""

from __future__ import annotations

import re
from html import escape

from .records import Claim
from .selection import Selection
from .store import ArgMap
from .vocab import SYMMETRIC

#: Fill colours for papers, assigned in date order (ColorBrewer Pastel1 + Set3).
PALETTE = (
    "#fbb4ae", "#b3cde3", "#ccebc5", "#decbe4", "#fed9a6",
    "#ffffcc", "#e5d8bd", "#fddaec", "#8dd3c7", "#bebada",
)
#: Edge look per relation type: (style, colour).
EDGE_STYLE: dict[str, tuple[str, str]] = {
    "supports": ("solid", "#1b7837"),
    "attacks": ("solid", "#b2182b"),
    "agrees": ("dashed", "#1b7837"),
    "conflicts": ("bold", "#b2182b"),
    "depends_on": ("dotted", "#2166ac"),
    "leads_to": ("solid", "#2166ac"),
    "answers": ("dotted", "#555555"),
    "confirms": ("dashed", "#5aae61"),
    "refutes": ("dashed", "#d6604d"),
}
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def quote(text: str) -> str:
    """``text`` as a DOT double-quoted string that Graphviz shows as written.

    Backslashes, quotes and newlines are escaped (so ``\\N`` stays two characters),
    ``&`` becomes ``&amp;`` (Graphviz reads entities such as ``&amp;`` in labels),
    and control characters become spaces.
    """
    text = _CONTROL.sub(" ", text.replace("\r\n", "\n").replace("\t", " "))
    text = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    text = text.replace("&", "&amp;")  # Graphviz decodes HTML entities in every string
    return f'"{text}"'


def wrap(text: str, width: int = 34, lines: int = 6) -> str:
    """``text`` in lines of about ``width`` characters, at most ``lines`` of them.

    A greedy word wrap (textwrap is several times slower, and labels are many).
    """
    out: list[str] = []
    current = ""
    for word in text.split():
        if current and len(current) + 1 + len(word) > width:
            out.append(current)
            if len(out) == lines:
                break
            current = word
        else:
            current = f"{current} {word}" if current else word
    else:
        out.append(current)
    if len(out) == lines and " ".join(out) != " ".join(text.split()):
        out[-1] = out[-1][: width - 1] + "…"
    return "\n".join(out)


def paper_colours(amap: ArgMap) -> dict[str, str]:
    return {key: PALETTE[rank % len(PALETTE)] for key, rank in amap.paper_order.items()}


def html(text: str) -> str:
    """``text`` for a Graphviz HTML-like label: entities escaped, control characters dropped."""
    return escape(_CONTROL.sub(" ", text), quote=True)


def _label(claim: Claim, html_labels: bool) -> str:
    if not html_labels:
        return quote(f"{wrap(claim.text)}\n[{claim.kind}] {claim.id}")
    lines = '<BR ALIGN="LEFT"/>'.join(html(line) for line in wrap(claim.text).split("\n"))
    return (f'<{lines}<BR ALIGN="LEFT"/><FONT POINT-SIZE="7" COLOR="#555555">'
            f"{html(claim.kind)} · {html(claim.id)}</FONT>>")


#: The Graphviz engines that lay out clusters (the others draw no box, or a box that
#: overlaps its neighbours' labels).
CLUSTER_LAYOUTS = (None, "dot", "fdp")
#: How a legend row draws each edge style: the bottom border of an empty table cell.
_LEGEND_LINE = {"solid": ("1", ""), "bold": ("3", ""), "dashed": ("2", ' STYLE="dashed"'),
                "dotted": ("2", ' STYLE="dotted"')}
#: The legend node's name and SVG id (claims' nodes are n1, n2...).
LEGEND_ID = "argmap-legend"


def _legend(amap: ArgMap, sel: Selection, colours: dict[str, str]) -> list[str]:
    """The key to papers' colours and relation types' lines, as one HTML-like table node.

    One node holds together in every layout engine (clusters are a ``dot`` feature:
    ``sfdp``, ``neato`` and the others scatter a cluster's nodes).
    """
    rows = ['<TR><TD COLSPAN="2" ALIGN="LEFT"><B>Legend</B></TD></TR>']
    papers = sorted({c.paper for c in sel.claims}, key=lambda k: amap.paper_order[k])
    for key in papers:
        title = "<BR ALIGN=\"LEFT\"/>".join(
            html(line) for line in wrap(f"{key}: {amap.papers[key].title}", 40, 3).split("\n"))
        rows.append(f'<TR><TD BGCOLOR="{html(colours[key])}" BORDER="1" COLOR="#999999" '
                    f'WIDTH="28"> </TD><TD ALIGN="LEFT">{title}<BR ALIGN="LEFT"/></TD></TR>')
    types = [t for t in EDGE_STYLE if any(r.type == t for r in sel.relations)]
    for rel_type in types:
        style, colour = EDGE_STYLE[rel_type]
        border, dash = _LEGEND_LINE[style]
        both = " (both ways)" if rel_type in SYMMETRIC else " →"
        # the line is the bottom border of a small cell, centred in the row by a table
        line = (f'<TABLE BORDER="0" CELLSPACING="0" CELLPADDING="0"><TR><TD WIDTH="28" '
                f'HEIGHT="6" SIDES="B" BORDER="{border}"{dash} COLOR="{html(colour)}"></TD>'
                "</TR></TABLE>")
        rows.append(f'<TR><TD>{line}</TD><TD ALIGN="LEFT">{html(rel_type)}{both}</TD></TR>')
    table = ('<TABLE BORDER="1" STYLE="rounded" COLOR="#999999" CELLBORDER="0" '
             'CELLSPACING="2" CELLPADDING="3">' + "".join(rows) + "</TABLE>")
    return [f"  {quote(LEGEND_ID)} [id={quote(LEGEND_ID)}, shape=plain, style=\"\", "
            f"fontsize=9, tooltip=\"Legend\", label=<{table}>];"]


def to_dot(amap: ArgMap, sel: Selection, *, layout: str | None = None,
           html_labels: bool = False, legend: bool = False) -> str:
    """DOT for the selection; ``layout`` names a Graphviz engine (``sfdp`` for large maps),
    ``html_labels`` shows ids small under the text, ``legend`` adds a key to papers and types."""
    colours = paper_colours(amap)
    ids = {c.id: f"n{i}" for i, c in enumerate(sel.claims, 1)}
    engine = f"layout={layout}, " if layout else ""
    out = [
        "digraph argmap {",
        f'  graph [{engine}rankdir=LR, newrank=true, fontname="Helvetica", fontsize=11, '
        'overlap=false, splines=true, nodesep=0.3, ranksep=0.6];',
        '  node [shape=box, style="rounded,filled", fontname="Helvetica", fontsize=10, '
        'margin="0.12,0.06"];',
        '  edge [fontname="Helvetica", fontsize=8];',
    ]
    by_paper: dict[str, list[str]] = {}
    for claim in sel.claims:
        by_paper.setdefault(claim.paper, []).append(claim.id)
    # a box per paper where the engine lays clusters out; elsewhere colours say the paper
    clusters = layout in CLUSTER_LAYOUTS
    for n, paper_key in enumerate(sorted(by_paper, key=lambda k: amap.paper_order[k])):
        paper = amap.papers[paper_key]
        indent = "    " if clusters else "  "
        if clusters:
            out.append(f"  subgraph cluster_{n} {{")
            out.append(f"    label={quote(paper.key + ': ' + paper.title)};")
            out.append(f'    style="rounded"; color="#999999"; '
                       f'bgcolor={quote(colours[paper_key] + "33")};')
        for claim_id in by_paper[paper_key]:
            claim = amap.claims[claim_id]
            out.append(
                f"{indent}{ids[claim_id]} [id={quote(claim.id)}, "
                f"label={_label(claim, html_labels)}, "
                f"tooltip={quote(claim.quote)}, fillcolor={quote(colours[paper_key])}];"
            )
        if clusters:
            out.append("  }")
    if legend:
        out += _legend(amap, sel, colours)
    for rel in sel.relations:
        style, colour = EDGE_STYLE[rel.type]
        attrs = [f"label={quote(rel.type)}", f"style={style}", f"color={quote(colour)}"]
        if rel.type in SYMMETRIC:
            attrs.append("dir=none")
        if rel.rationale:
            attrs.append(f"tooltip={quote(rel.rationale)}")
        out.append(f"  {ids[rel.source]} -> {ids[rel.target]} [{', '.join(attrs)}];")
    out.append("}")
    return "\n".join(out) + "\n"
