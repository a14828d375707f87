"""Where each claim goes on the interactive map: a block per paper, in date order.

Inside a paper's block its claims form trees, drawn top-down: a claim sits above
the claims that support, attack, answer, confirm or refute it, and above what it
leads to or depends on, so each tree reads like an outline of one argument. The
trees stand in rows in the paper's own order, the first claim top left. A claim
with many supporters that have none of their own gets them in a grid of
:data:`GRID_COLUMNS`, not one very wide row. Everything is computed here, once and
deterministically, so the page opens without laying anything out, and the same
map always looks the same.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import NamedTuple

from .export_dot import wrap
from .records import Claim, Relation

NODE_WIDTH = 230
LINE_HEIGHT = 15
PADDING = 18
GAP_X = 26
GAP_Y = 38
ROW_GAP = 56
BLOCK_GAP = 260
BLOCKS_PER_ROW = 6
ASPECT = 1.6
GRID_COLUMNS = 4
TEXT_WIDTH, TEXT_LINES, ID_WIDTH = 32, 6, 34
#: Relation types whose target is drawn above the source (the rest: the source above).
SOURCE_BELOW = frozenset({"supports", "attacks", "answers", "confirms", "refutes"})
TREE_TYPES = SOURCE_BELOW | {"depends_on", "leads_to"}


class Placed(NamedTuple):
    x: float
    y: float
    height: float
    label: str


def label(claim: Claim) -> str:
    """The text on a claim's box: its text wrapped, then its kind and id."""
    tail = f"{claim.kind} · {claim.id}"
    tail_lines = [tail[i:i + ID_WIDTH] for i in range(0, len(tail), ID_WIDTH)]
    return "\n".join([wrap(claim.text, TEXT_WIDTH, TEXT_LINES), *tail_lines])


def _height(text: str) -> float:
    return (text.count("\n") + 1) * LINE_HEIGHT + PADDING


class Block(NamedTuple):
    """A paper's block on the map: its top-left corner and its size."""

    x: float
    y: float
    width: float
    height: float


class _Box(NamedTuple):
    width: float
    height: float


def _tree_parents(claims: Sequence[Claim], relations: Sequence[Relation]) -> dict[str, str]:
    """Each claim's parent in its paper's forest: the first tree relation that makes no cycle.

    A claim still without a parent is the root of its tree, so a new parent makes a
    cycle exactly when it is in the claim's own tree; trees are tracked with a
    union-find (path halving), so long chains cost no more than short ones.
    """
    here = {c.id for c in claims}
    parent: dict[str, str] = {}
    tree: dict[str, str] = {}  # union-find: towards the root of each claim's tree

    def root(node: str) -> str:
        while tree.get(node, node) != node:
            up = tree[node]
            tree[node] = tree.get(up, up)
            node = up
        return node

    for rel in relations:
        if rel.type not in TREE_TYPES or rel.source not in here or rel.target not in here:
            continue
        child, up = ((rel.source, rel.target) if rel.type in SOURCE_BELOW
                     else (rel.target, rel.source))
        if child in parent:
            continue
        top = root(up)
        if top != child:
            parent[child] = up
            tree[child] = top
    return parent


class _Forest(NamedTuple):
    """A paper's claims as trees: each claim's label, box height, children and subtree box."""

    roots: list[str]
    post: list[str]  # children before their parents
    labels: dict[str, str]
    heights: dict[str, float]
    #: each claim's children: their top-left corners below it, and the area they take
    below: dict[str, tuple[list[tuple[float, float, str]], float, float]]
    box: dict[str, _Box]

    def area(self) -> float:
        return sum((self.box[r].width + 2 * GAP_X) * (self.box[r].height + ROW_GAP)
                   for r in self.roots)


def _forest(claims: Sequence[Claim], relations: Sequence[Relation]) -> _Forest:
    labels = {c.id: label(c) for c in claims}
    heights = {cid: _height(text) for cid, text in labels.items()}
    parent = _tree_parents(claims, relations)
    children: dict[str, list[str]] = {c.id: [] for c in claims}
    for c in claims:  # in the paper's order
        if c.id in parent:
            children[parent[c.id]].append(c.id)
    roots = [c.id for c in claims if c.id not in parent]
    # sizes, children before parents (no recursion: chains can be thousands long)
    post: list[str] = []
    stack = list(reversed(roots))
    while stack:
        node = stack.pop()
        post.append(node)
        stack.extend(reversed(children[node]))
    post.reverse()
    box: dict[str, _Box] = {}
    below: dict[str, tuple[list[tuple[float, float, str]], float, float]] = {}
    for node in post:
        kids = children[node]
        below[node] = _children_layout(kids, children, box, heights)
        _, width, height = below[node]
        box[node] = _Box(max(NODE_WIDTH, width), heights[node] + (GAP_Y + height if kids else 0))
    return _Forest(roots, post, labels, heights, below, box)


def _arrange(forest: _Forest, limit: float | None) -> tuple[dict[str, Placed], float, float]:
    roots, box, heights = forest.roots, forest.box, forest.heights
    top_left: dict[str, tuple[float, float]] = {}
    for i, (x, y) in enumerate(_shelves([box[r] for r in roots], limit)):
        top_left[roots[i]] = (x, y)
    placed: dict[str, Placed] = {}
    for node in reversed(forest.post):  # parents before children
        x, y = top_left[node]
        outer = box[node]
        placed[node] = Placed(x + outer.width / 2, y + heights[node] / 2, heights[node],
                              forest.labels[node])
        offsets, width, _ = forest.below[node]
        cx, cy = x + (outer.width - width) / 2, y + heights[node] + GAP_Y
        for dx, dy, kid in offsets:
            top_left[kid] = (cx + dx, cy + dy)
    width = max((top_left[r][0] + box[r].width for r in roots), default=0.0)
    height = max((top_left[r][1] + box[r].height for r in roots), default=0.0)
    return placed, width, height


def paper_block(claims: Sequence[Claim], relations: Sequence[Relation], limit: float | None = None,
                ) -> tuple[dict[str, Placed], float, float]:
    """One paper's claims placed from (0, 0): their centres, and the block's width and height.

    The trees stand in rows at most ``limit`` wide (or their widest), by default about
    as wide as the block is tall.
    """
    return _arrange(_forest(claims, relations), limit)


def _children_layout(kids: list[str], children: dict[str, list[str]], box: dict[str, _Box],
                     heights: dict[str, float]) -> tuple[list[tuple[float, float, str]], float, float]:
    """Where a claim's children go, relative to the top left of the area below it: with
    more than :data:`GRID_COLUMNS` children, those with none of their own in a grid, then
    the others in rows no wider than the grid (or the widest of them)."""
    leaves = [k for k in kids if not children[k]] if len(kids) > GRID_COLUMNS else []
    in_grid = set(leaves)
    subtrees = [k for k in kids if k not in in_grid]
    out: list[tuple[float, float, str]] = []
    width = height = 0.0
    for i in range(0, len(leaves), GRID_COLUMNS):
        line = leaves[i:i + GRID_COLUMNS]
        for n, kid in enumerate(line):
            out.append((n * (NODE_WIDTH + GAP_X), height, kid))
        width = max(width, len(line) * (NODE_WIDTH + GAP_X) - GAP_X)
        height += max(heights[k] for k in line) + GAP_Y
    limit = max([GRID_COLUMNS * (NODE_WIDTH + GAP_X)] + [box[k].width for k in subtrees])
    x = row_height = 0.0
    for kid in subtrees:
        if x > 0 and x + box[kid].width > limit:
            height, x, row_height = height + row_height + GAP_Y, 0.0, 0.0
        out.append((x, height, kid))
        width = max(width, x + box[kid].width)
        x += box[kid].width + GAP_X
        row_height = max(row_height, box[kid].height)
    height = height + row_height if subtrees else max(height - GAP_Y, 0.0)
    return out, width, height


def _shelves(boxes: list[_Box], limit: float | None) -> list[tuple[float, float]]:
    """Top-left corners for boxes in rows, in order, each row at most ``limit`` wide (but
    at least as wide as the widest box; without a limit, about as wide as all are tall)."""
    if not boxes:
        return []
    if limit is None:
        limit = math.sqrt(sum((b.width + 2 * GAP_X) * (b.height + ROW_GAP) for b in boxes) / 1.3)
    limit = max(limit, max(b.width for b in boxes))
    out: list[tuple[float, float]] = []
    x = y = row_height = 0.0
    for b in boxes:
        if x > 0 and x + b.width > limit:
            x, y, row_height = 0.0, y + row_height + ROW_GAP, 0.0
        out.append((x, y))
        x += b.width + GAP_X * 2
        row_height = max(row_height, b.height)
    return out


def _choices(forest: _Forest, steps: int = 12) -> list[tuple[float, float, float]]:
    """(row limit, width, height) of a paper's block at widths from its widest tree to
    one row of all its trees, in geometric steps."""
    widths = [forest.box[r].width for r in forest.roots]
    if not widths:
        return [(0.0, 0.0, 0.0)]
    low, high = max(widths), sum(widths) + 2 * GAP_X * len(widths)
    out = []
    for i in range(steps):
        limit = low * (high / low) ** (i / (steps - 1))
        _, width, height = _arrange(forest, limit)
        out.append((limit, width, height))
    return out


def place(papers: Sequence[str], claims_by_paper: dict[str, list[Claim]],
          relations: Sequence[Relation]) -> tuple[dict[str, Placed], dict[str, Block]]:
    """Every claim's centre on the map, and each paper block's top-left corner and size.

    ``papers`` are in date order; their blocks stand left to right in rows of
    :data:`BLOCKS_PER_ROW`. Each block's width is chosen so that the whole map is as
    near :data:`ASPECT` times as wide as it is tall as the trees allow, and so fits a
    screen at the largest zoom.
    """
    paper_of = {c.id: p for p in papers for c in claims_by_paper[p]}
    within: dict[str, list[Relation]] = {p: [] for p in papers}
    for rel in relations:
        here = paper_of.get(rel.source)
        if here is not None and here == paper_of.get(rel.target):
            within[here].append(rel)
    forests = {p: _forest(claims_by_paper[p], within[p]) for p in papers}
    choices = {p: _choices(forests[p]) for p in papers}
    rows = [list(papers[i:i + BLOCKS_PER_ROW]) for i in range(0, len(papers), BLOCKS_PER_ROW)]

    def pick(cap: float) -> dict[str, tuple[float, float, float]]:
        """Each block at its narrowest no taller than ``cap`` (else its shortest)."""
        return {p: next((c for c in choices[p] if c[2] <= cap), min(choices[p], key=lambda c: c[2]))
                for p in papers}

    def zoom(chosen: dict[str, tuple[float, float, float]]) -> float:
        width = max(sum(chosen[p][1] for p in row) + BLOCK_GAP * (len(row) - 1) for row in rows)
        height = sum(max(chosen[p][2] for p in row) for row in rows) + BLOCK_GAP * (len(rows) - 1)
        return min(ASPECT / max(width, 1.0), 1 / max(height, 1.0))

    caps = sorted({c[2] for p in papers for c in choices[p]})
    best = max((pick(cap) for cap in caps), key=zoom, default={})
    placed: dict[str, Placed] = {}
    corners: dict[str, Block] = {}
    y = 0.0
    for row in rows:
        x = row_height = 0.0
        for paper in row:
            block, width, block_height = _arrange(forests[paper], best[paper][0] or None)
            corners[paper] = Block(x, y, round(width, 1), round(block_height, 1))
            for cid, spot in block.items():
                placed[cid] = spot._replace(x=round(spot.x + x, 1), y=round(spot.y + y, 1))
            x += width + BLOCK_GAP
            row_height = max(row_height, block_height)
        y += row_height + BLOCK_GAP
    return placed, corners
