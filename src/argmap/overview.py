"""The papers at a glance: how many claims each has and, between each pair of papers,
its agreements, conflicts and dependencies, counted as ``compare`` groups them.

:func:`overview` is the data; :func:`layout` places it (papers left to right in
date order, circles sized by claims, an arc per pair of papers with its counts);
the HTML page's landing view and :func:`to_dot` (``render --overview``) both draw
that one layout, so the picture and the page agree.
"""

from __future__ import annotations

import math
from collections import Counter
from typing import Any

from .palette import paper_look
from .queries import relation_category
from .selection import Selection
from .store import ArgMap

Data = dict[str, Any]
CATEGORIES = ("agreements", "conflicts", "dependencies")
_SINGULAR = {"agreements": "agreement", "conflicts": "conflict", "dependencies": "dependency",
             "claims": "claim"}

#: Geometry, in pixels (the DOT reads them as points): centre-to-centre spacing of
#: papers, the smallest and largest circle radius, the rise of each arc per paper
#: it spans, the margin, and the line heights of the labels.
SPACING = 270.0
R_MIN, R_MAX = 16.0, 56.0
ARC_STEP = 90.0
MARGIN = 30.0
HALF_TEXT = 105.0
NODE_LINE = 14.0
LABEL_LINE = 13.0
LEGEND_LINE = 15.0

LEGEND = (
    "Papers left to right by date; a circle's area is the paper's number of claims.",
    "An arc joins two papers; its label counts the relations between them as",
    "'argmap compare' does:",
    "  agreements: agrees, supports, confirms",
    "  conflicts: conflicts, attacks, refutes",
    "  dependencies: depends_on, leads_to, answers",
)


def count(n: int, noun: str) -> str:
    return f"{n} {noun if n != 1 else _SINGULAR[noun]}"


def overview(amap: ArgMap, sel: Selection) -> Data:
    """The selection's papers in date order with their claim counts, and each pair of
    papers with the relations between them by compare's categories (pairs with none
    are left out). A paper's ``rank`` is its place in the whole map's date order,
    which gives it its colour."""
    order = amap.paper_order
    per_paper = Counter(c.paper for c in sel.claims)
    keys = sorted(per_paper, key=lambda k: order[k])
    pairs: dict[tuple[str, str], Counter[str]] = {}
    for rel in sel.relations:
        ends = sorted((amap.claims[rel.source].paper, amap.claims[rel.target].paper),
                      key=lambda k: order[k])
        if ends[0] != ends[1]:
            pairs.setdefault((ends[0], ends[1]), Counter())[relation_category(rel.type)] += 1
    return {
        "papers": [{
            "key": k,
            "title": amap.papers[k].title,
            "date": amap.papers[k].date,
            "authors": [a.name for a in amap.papers[k].authors],
            "claims": per_paper[k],
            "rank": order[k],
        } for k in keys],
        "pairs": [{"left": left, "right": right, **{c: found[c] for c in CATEGORIES}}
                  for (left, right), found in sorted(
                      pairs.items(), key=lambda item: (order[item[0][0]], order[item[0][1]]))],
    }


def _wrap(text: str, width: int, lines: int) -> list[str]:
    from .export_dot import wrap

    return wrap(text, width, lines).split("\n") if text.strip() else []


def _r(value: float) -> float:
    return round(value, 1)


def layout(data: Data) -> Data:
    """Where :func:`overview`'s papers, arcs, labels and legend go (y grows downwards)."""
    papers, pairs = data["papers"], data["pairs"]
    index = {p["key"]: i for i, p in enumerate(papers)}
    most = max((p["claims"] for p in papers), default=1) or 1
    radius = {p["key"]: R_MIN + (R_MAX - R_MIN) * math.sqrt(p["claims"] / most) for p in papers}
    spans = [index[p["right"]] - index[p["left"]] for p in pairs]
    widest = max(spans, default=1)
    top = MARGIN + 3 * LABEL_LINE + 5
    baseline = top + (R_MAX + (widest - 1) * ARC_STEP + 20 if widest > 1 else 40.0)
    x0 = MARGIN + HALF_TEXT

    def x(key: str) -> float:
        return x0 + index[key] * SPACING

    text_top = baseline + R_MAX + 18
    nodes = []
    for p in papers:
        look = paper_look(p["rank"])
        lines = [p["key"], p["date"], count(p["claims"], "claims"), *_wrap(p["title"], 30, 3)]
        nodes.append({"key": p["key"], "x": _r(x(p["key"])), "y": _r(baseline),
                      "r": _r(radius[p["key"]]), "colour": look.colour, "fill": look.fill,
                      "border": look.border, "lines": lines, "text_y": _r(text_top)})
    heaviest = max((sum(p[c] for c in CATEGORIES) for p in pairs), default=1) or 1
    arcs = []
    for pair, span in zip(pairs, spans, strict=True):
        left, right = pair["left"], pair["right"]
        xl, xr = x(left), x(right)
        if span == 1:
            start, end = (xl + radius[left], baseline), (xr - radius[right], baseline)
            third = (end[0] - start[0]) / 3
            points = [start, (start[0] + third, baseline), (end[0] - third, baseline), end]
            label = ((start[0] + end[0]) / 2, baseline - 1.5 * LABEL_LINE - 8)
        else:
            apex = baseline - (R_MAX + (span - 1) * ARC_STEP + 20)
            # wider arcs leave their circles nearer the top, so arcs nest without crossing there
            angle = math.radians(max(6.0, 54.0 - 14.0 * (span - 2)))
            start = (xl + radius[left] * math.sin(angle), baseline - radius[left] * math.cos(angle))
            end = (xr - radius[right] * math.sin(angle), baseline - radius[right] * math.cos(angle))
            control = (8 * apex - start[1] - end[1]) / 6  # the curve's middle is at the apex
            points = [start, (start[0], control), (end[0], control), end]
            label = ((xl + xr) / 2, apex - 1.5 * LABEL_LINE - 5)
        total = sum(pair[c] for c in CATEGORIES)
        arcs.append({
            "left": left, "right": right, **{c: pair[c] for c in CATEGORIES},
            "points": [[_r(px), _r(py)] for px, py in points],
            "label": [_r(label[0]), _r(label[1])],
            "lines": [count(pair[c], c) for c in CATEGORIES],
            "width": _r(1 + 5 * math.sqrt(total / heaviest)),
        })
    legend_y = text_top + 7 * NODE_LINE
    width = max(2 * x0 + (len(papers) - 1) * SPACING, 2 * MARGIN + 520)
    height = legend_y + len(LEGEND) * LEGEND_LINE + MARGIN
    return {"width": _r(width), "height": _r(height), "nodes": nodes, "arcs": arcs,
            "legend": {"x": MARGIN, "y": _r(legend_y), "lines": list(LEGEND)}}


def to_dot(amap: ArgMap, sel: Selection) -> str:
    """DOT with every position fixed by :func:`layout`, for ``neato -n2``."""
    from .export_dot import html, quote

    geo = layout(overview(amap, sel))
    height = geo["height"]

    def pos(px: float, py: float) -> str:
        return f"{px:g},{height - py:g}"

    out = [
        "digraph overview {",
        f'  graph [bb="0,0,{geo["width"]:g},{height:g}", fontname="Helvetica", pad=0.2, '
        'outputorder=edgesfirst];',
        '  node [fontname="Helvetica"];',
        '  edge [fontname="Helvetica", fontsize=9, dir=none, color="#666666"];',
    ]
    for n, node in enumerate(geo["nodes"], 1):
        size = 2 * node["r"] / 72
        paper = amap.papers[node["key"]]
        out.append(
            f'  p{n} [id={quote("paper-" + node["key"])}, shape=circle, fixedsize=true, '
            f'width={size:.3f}, height={size:.3f}, pos="{pos(node["x"], node["y"])}!", '
            f'label="", style="filled,{node["border"]}", fillcolor={quote(node["fill"])}, '
            f'color={quote(node["colour"])}, penwidth=2.5, tooltip={quote(paper.title)}];')
        lines = node["lines"]
        rows = [f"<B>{html(lines[0])}</B>", *(html(line) for line in lines[1:])]
        block = len(lines) * NODE_LINE
        out.append(
            f'  t{n} [shape=plaintext, fontsize=10, fixedsize=true, width={2 * HALF_TEXT / 72:.3f}, '
            f'height={block / 72:.3f}, pos="{pos(node["x"], node["text_y"] + block / 2)}!", '
            f'label=<{"<BR/>".join(rows)}>];')
    number = {node["key"]: n for n, node in enumerate(geo["nodes"], 1)}
    for arc in geo["arcs"]:
        points = " ".join(pos(px, py) for px, py in arc["points"])
        out.append(
            f'  p{number[arc["left"]]} -> p{number[arc["right"]]} [pos="{points}", '
            f'label={quote(chr(10).join(arc["lines"]))}, lp="{pos(*arc["label"])}", '
            f'penwidth={arc["width"]:g}];')
    legend = geo["legend"]
    cells = "".join(f'<TR><TD ALIGN="LEFT">{html(line)}</TD></TR>' for line in legend["lines"])
    block = len(legend["lines"]) * LEGEND_LINE
    width = max(len(line) for line in legend["lines"]) * 5.8  # about Helvetica's at 10 points
    out.append(
        f'  legend [shape=plaintext, fontsize=10, fixedsize=true, width={width / 72:.3f}, '
        f'height={(block + 8) / 72:.3f}, pos="{pos(legend["x"] + width / 2, legend["y"] + block / 2)}!", '
        f'label=<<TABLE BORDER="0" CELLSPACING="0" CELLPADDING="1">{cells}</TABLE>>];')
    out.append("}")
    return "\n".join(out) + "\n"
