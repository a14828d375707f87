"""Views: query results as styled lines, printable with or without rich.

A view is a function ``(data, width) -> Lines`` registered in :data:`LINE_VIEWS`
under the kind of result it shows. Each :data:`Line` is ``(indent, spans, wrap)``
or ``(indent, spans, wrap, hang)``:

- ``spans``: the text as ``(text, style)`` pairs (rich style names, ``""`` for
  none); a ``"\\n"`` inside starts a new row;
- ``wrap``: a wrapped line becomes as many rows as the width needs, broken at
  spaces (a word longer than the row stays whole); one that does not wrap is cut
  with an ellipsis at the width;
- ``hang``: rows after the first (wrapped, or after a ``"\\n"``) are indented by
  ``hang`` more columns than the first, so continuations stay under their item.

:func:`layout` turns lines into rows; :mod:`argmap.render` prints the rows plainly
off a terminal and through rich, styled, on one: the text is the same. Tables
(:func:`table`) wrap their text columns and never cut a key or a number.

Widths are counted in characters (a wide character, such as an emoji, may take
two columns on a terminal).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterable
from typing import Any

from .plural import plural

Span = tuple[str, str]
Line = tuple[int, list[Span], bool] | tuple[int, list[Span], bool, int]
Lines = list[Line]
#: A laid-out row: its spans, indent included.
Row = list[Span]

BLANK: Line = (0, [], True)

_WORD = re.compile(r"\S+")

KIND_STYLE = {
    "thesis": "bold magenta", "goal": "green", "recommendation": "cyan",
    "prediction": "yellow", "scenario": "blue", "consequence": "blue",
    "condition": "blue", "question": "bright_black", "fact": "white", "claim": "white",
}


# -- layout ------------------------------------------------------------------------------

def breaks(plain: str, width: int, rest: int | None = None) -> list[int]:
    """Where rows start: greedily at spaces, and after each newline.

    The first row holds ``width`` characters, later rows ``rest`` (default:
    ``width``). A word longer than its row is kept whole.
    """
    limit, later = width, width if rest is None else rest
    out: list[int] = []
    start = 0
    for paragraph_end in [*_newlines(plain), len(plain)]:
        row_start, has_word = start, False
        for word in _WORD.finditer(plain, start, paragraph_end):
            if has_word and word.end() - row_start > limit:
                out.append(word.start())
                row_start, limit = word.start(), later
            has_word = True
        if paragraph_end < len(plain):
            out.append(paragraph_end + 1)
            limit = later
        start = paragraph_end + 1
    return out


def _newlines(plain: str) -> list[int]:
    """The offsets of the line breaks in ``plain``."""
    out: list[int] = []
    at = plain.find("\n")
    while at >= 0:
        out.append(at)
        at = plain.find("\n", at + 1)
    return out


def _divide(spans: list[Span], cuts: Iterable[int]) -> list[Row]:
    """The spans split at character offsets ``cuts`` (ascending), styles kept."""
    rows: list[Row] = [[]]
    todo = iter(cuts)
    cut = next(todo, None)
    pos = 0
    for text, style in spans:
        start = 0
        while cut is not None and cut - pos <= len(text):
            if cut - pos > start:
                rows[-1].append((text[start:cut - pos], style))
            rows.append([])
            start = cut - pos
            cut = next(todo, None)
        if start < len(text):
            rows[-1].append((text[start:], style))
        pos += len(text)
    return rows


def _rstrip(row: Row) -> Row:
    row = list(row)
    while row:
        text, style = row[-1]
        stripped = text.rstrip()
        if stripped:
            row[-1] = (stripped, style)
            break
        row.pop()
    return row


def _parts(line: Line) -> tuple[int, list[Span], bool, int]:
    indent, spans, wrap, *hang = line
    return indent, spans, wrap, hang[0] if hang else 0


def _pad(row: Row, spaces: int) -> Row:
    return [(" " * spaces, ""), *row] if spaces and row else row


def _cut(row: Row, room: int, ellipsis: str) -> Row:
    if sum(len(text) for text, _ in row) <= room:
        return row
    keep = max(0, room - len(ellipsis))
    out: Row = []
    for text, style in row:
        if keep <= 0:
            break
        out.append((text[:keep], style))
        keep -= len(text[:keep])
    last_style = out[-1][1] if out else ""
    return [*out, (ellipsis, last_style)]


def layout(lines: Lines, width: int, ellipsis: str = "…") -> list[Row]:
    """The rows ``lines`` print as at ``width`` columns (see the module's notes)."""
    rows: list[Row] = []
    for line in lines:
        indent, spans, wrap, hang = _parts(line)
        plain = "".join(text for text, _ in spans)
        if wrap:
            first, later = max(10, width - indent), max(10, width - indent - hang)
            # a line of one row that fits (most lines) is not searched for breaks
            fits = len(plain) <= first and "\n" not in plain
            parts = _divide(spans, () if fits else breaks(plain, first, later))
            rows += [_pad(_rstrip(part), indent if i == 0 else indent + hang)
                     for i, part in enumerate(parts)]
        else:
            parts = _divide(spans, [i + 1 for i in _newlines(plain)])
            for i, part in enumerate(parts):
                spaces = indent if i == 0 else indent + hang
                rows.append(_pad(_cut(_rstrip(part), width - spaces, ellipsis), spaces))
    return rows


def row_text(row: Row) -> str:
    return "".join(text for text, _ in row)


def plain_lines(lines: Lines, width: int, ellipsis: str = "…") -> list[str]:
    """The lines as plain text rows at ``width`` columns."""
    return [row_text(row) for row in layout(lines, width, ellipsis)]


def map_text(lines: Lines, change: Callable[[str], str]) -> Lines:
    """``lines`` with ``change`` applied to the text of every span (e.g. for an ASCII output)."""
    out: Lines = []
    for line in lines:
        indent, spans, wrap, hang = _parts(line)
        out.append((indent, [(change(text), style) for text, style in spans], wrap, hang))
    return out


# -- tables ------------------------------------------------------------------------------

#: Column kinds: a key (never cut, left-aligned), a number (never cut, right-aligned),
#: and text (wrapped to the room left).
KEY, NUM, TEXT = "key", "num", "text"
Column = tuple[str, str]
GAP = 2
#: A text column is never made narrower than this, its header or its longest word
#: (up to :data:`LONG_WORD`: a longer one is split).
MIN_TEXT = 10
LONG_WORD = 20


def _natural(columns: list[Column], rows: list[list[str]]) -> list[int]:
    return [max([len(header), *(len(row[i]) for row in rows)])
            for i, (header, _) in enumerate(columns)]


def _floors(columns: list[Column], rows: list[list[str]], natural: list[int]) -> list[int]:
    floors = []
    for i, (header, kind) in enumerate(columns):
        if kind != TEXT:
            floors.append(natural[i])
            continue
        word = max([0, *(len(w) for row in rows for w in row[i].split())])
        floors.append(min(natural[i], max(MIN_TEXT, len(header), min(word, LONG_WORD))))
    return floors


def _fits(widths: list[int], width: int) -> bool:
    return sum(widths) + GAP * (len(widths) - 1) <= width


def _fit(natural: list[int], floors: list[int], width: int) -> list[int] | None:
    """Column widths that fit ``width``, narrowing the widest text columns; None if none do."""
    widths = list(natural)
    if _fits(widths, width):
        return widths
    excess = sum(widths) + GAP * (len(widths) - 1) - width
    if sum(n - f for n, f in zip(natural, floors, strict=True)) < excess:
        return None
    for _ in range(excess):
        widest = max((i for i, w in enumerate(widths) if w > floors[i]), key=lambda i: widths[i])
        widths[widest] -= 1
    return widths


def _cell(text: str, width: int, hang: int = 2) -> list[str]:
    """A text cell in rows of at most ``width`` characters, later rows indented by ``hang``.

    A word longer than its row is split.
    """
    rest = max(1, width - hang)
    cuts = [0, *breaks(text, width, rest), len(text)]
    out: list[str] = []
    for a, b in itertools.pairwise(cuts):
        row = text[a:b].strip()
        room = width if not out else rest
        while len(row) > room:
            out.append(row[:room])
            row, room = row[room:], rest
        out.append(row)
    return [row if i == 0 else " " * hang + row for i, row in enumerate(out)] or [""]


def _grid_row(cells: list[str], widths: list[int], columns: list[Column], style: str) -> Lines:
    # wrapped text hangs in the first column only, where it tells the rows apart
    stacked = [_cell(cell, w, 0 if n else 2) if kind == TEXT else [cell]
               for n, (cell, w, (_, kind)) in enumerate(zip(cells, widths, columns, strict=True))]
    out: Lines = []
    for k in range(max(len(s) for s in stacked)):
        parts = [(s[k] if k < len(s) else "").rjust(w) if kind == NUM else
                 (s[k] if k < len(s) else "").ljust(w)
                 for s, w, (_, kind) in zip(stacked, widths, columns, strict=True)]
        out.append((0, [((" " * GAP).join(parts).rstrip(), style)], False))
    return out


def _grid(columns: list[Column], widths: list[int], rows: list[list[str]]) -> Lines:
    out = _grid_row([h for h, _ in columns], widths, columns, "bold")
    for row in rows:
        out += _grid_row(row, widths, columns, "")
    return out


def _stacked(columns: list[Column], widths: list[int], rows: list[list[str]]) -> Lines:
    """The keys and numbers as a grid, each row's text under it (the first text unlabelled)."""
    fixed = [i for i, (_, kind) in enumerate(columns) if kind != TEXT]
    text = [i for i, (_, kind) in enumerate(columns) if kind == TEXT]
    sub = [columns[i] for i in fixed]
    out = _grid_row([h for h, _ in sub], [widths[i] for i in fixed], sub, "bold")
    for row in rows:
        out += _grid_row([row[i] for i in fixed], [widths[i] for i in fixed], sub, "")
        out += [(2, [(f"{columns[i][0]}: ", "dim") if n else ("", ""), (row[i], "")], True, 2)
                for n, i in enumerate(text) if row[i]]
    return out


def _records(columns: list[Column], rows: list[list[str]]) -> Lines:
    out: Lines = []
    for row in rows:
        out.append((0, [(row[0], "bold")], True, 2))
        out += [(2, [(f"{header}: ", "dim"), (cell or "-", "")], True, 2)
                for (header, _), cell in zip(columns[1:], row[1:], strict=True)]
    return out


def table(columns: list[Column], rows: list[list[str]], width: int) -> Lines:
    """A table fitted to ``width`` that never cuts a key or a number.

    In order of preference: one grid, its text columns wrapped; the keys and
    numbers as a grid with each row's text under it; for a table of numbers,
    several grids one under the other, each repeating the first column; one
    record per row, a field a line.
    """
    natural = _natural(columns, rows)
    floors = _floors(columns, rows, natural)
    widths = _fit(natural, floors, width)
    if widths is not None:
        return _grid(columns, widths, rows)
    fixed = [i for i, (_, kind) in enumerate(columns) if kind != TEXT]
    if 0 in fixed and len(fixed) < len(columns):
        if _fits([natural[i] for i in fixed], width):
            return _stacked(columns, natural, rows)
        return _records(columns, rows)
    if len(fixed) < len(columns):
        return _records(columns, rows)
    groups: list[list[int]] = []
    for i in range(1, len(columns)):
        if groups and _fits([natural[j] for j in [*groups[-1], i]], width):
            groups[-1].append(i)
        elif _fits([natural[0], natural[i]], width):
            groups.append([0, i])
        else:
            return _records(columns, rows)
    out: Lines = []
    for n, group in enumerate(groups):
        if n:
            out.append(BLANK)
        out += _grid([columns[j] for j in group], [natural[j] for j in group],
                     [[row[j] for j in group] for row in rows])
    return out


# -- pieces ------------------------------------------------------------------------------

def heading(title: str, count: int | None = None) -> Lines:
    label = f"{title} ({count})" if count is not None else title
    return [BLANK, (0, [(label, "bold underline")], True, 2)]


def _quote(claim: dict[str, Any]) -> str:
    return f"“{' '.join(claim['quote'].split())}”"


def _claim(claim: dict[str, Any], label: str | None = None) -> list[Span]:
    spans: list[Span] = [(f"{label}: ", "bold")] if label else []
    return [*spans, (claim["text"], ""), ("\n", ""), (_quote(claim), "italic"),
            (f"  [{claim['kind']}] {claim['id']}", "dim")]


def _short(claim: dict[str, Any]) -> list[Span]:
    return [(claim["id"], "bold"), (f" [{claim['kind']}] ", KIND_STYLE.get(claim["kind"], "")),
            (claim["text"], "")]


def _authors(paper: dict[str, Any]) -> str:
    return "; ".join(a["name"] for a in paper["authors"])


def _summary(text: str, style: str = "dim") -> Line:
    return (0, [(text, style)], True, 2)


# -- the views ---------------------------------------------------------------------------

def _relation(entry: dict[str, Any]) -> Lines:
    out: Lines = [(0, [(f"{entry['from']} ", "bold"),
                       (entry["type"].replace("_", " "), "bold yellow"),
                       (f" {entry['to']}", "bold")], True, 2),
                  (2, _claim(entry["left"], entry["left"]["paper"]), True),
                  (2, _claim(entry["right"], entry["right"]["paper"]), True)]
    if entry["rationale"]:
        out.append((2, [(f"why: {entry['rationale']}", "cyan")], True))
    return out


def _goals_side_by_side(data: dict[str, Any], left: str, right: str, width: int) -> Lines:
    column = (width - 4) // 2
    out: Lines = [(0, [(f"{left:<{column}}    {right}", "bold")], False)]
    for row in data["actors"]:
        sides = [[line for goal in row[side] for line in
                  _bullet(goal["text"], column)] or ["-"] for side in ("left", "right")]
        out += [BLANK, (0, [(row["name"], "bold underline")], True, 2)]
        out += [(0, [(f"{a:<{column}}    {b}".rstrip(), "")], False)
                for a, b in itertools.zip_longest(*sides, fillvalue="")]
    return out


def _bullet(text: str, width: int) -> list[str]:
    rows = _cell(text, width - 2, 0)
    return [f"• {rows[0]}", *(f"  {row}" for row in rows[1:])]


def _goals_one_after_another(data: dict[str, Any], left: str, right: str) -> Lines:
    out: Lines = []
    for row in data["actors"]:
        out += [BLANK, (0, [(row["name"], "bold underline")], True, 2)]
        for side, name in (("left", left), ("right", right)):
            out.append((2, [(f"{name}:", "bold")], True, 2))
            out += [(2, [("• ", ""), (goal["text"], "")], True, 2) for goal in row[side]] or [
                (2, [("-", "")], True)]
    return out


def _papers(side: dict[str, Any] | list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A compare side's papers: one paper, or a list when a surname names several."""
    return side if isinstance(side, list) else [side]


def compare(data: dict[str, Any], width: int) -> Lines:
    left = "+".join(p["key"] for p in _papers(data["left"]))
    right = "+".join(p["key"] for p in _papers(data["right"]))
    out: Lines = []
    for side in ("left", "right"):
        for p in _papers(data[side]):
            out.append((0, [(p["key"], "bold"), (f"  {p['title']}", "")], True, 2))
            out.append((2, [(f"{_authors(p)} · {p['publisher'] or 'publisher not stated'} · "
                             f"{p['date_note'] or p['date']} · {plural(p['claims'], 'claim')}",
                             "dim")], True))
    for key, title in (("agreements", "Agreements"), ("conflicts", "Conflicts"),
                       ("dependencies", "Dependencies")):
        out += heading(title, len(data[key]))
        if not data[key]:
            out.append((2, [("none recorded", "dim")], True))
        for i, entry in enumerate(data[key]):
            if i:
                out.append(BLANK)
            out += _relation(entry)
    rows = [[f"{row['name']} ({label})", str(row["left"] or "-"), str(row["right"] or "-")]
            for group, label in (("both", "both"), ("left_only", f"{left} only"),
                                 ("right_only", f"{right} only"))
            for row in data["topics"][group]]
    out += heading("Topics")
    out += table([("topic", TEXT), (left, NUM), (right, NUM)], rows, width)
    out += heading("What each says each actor wants")
    if (width - 4) // 2 >= 2 * MIN_TEXT:
        out += _goals_side_by_side(data, left, right, width)
    else:
        out += _goals_one_after_another(data, left, right)
    return out


def papers(rows: list[dict[str, Any]], width: int) -> Lines:
    return table([("key", KEY), ("date", KEY), ("title", TEXT), ("authors", TEXT),
                  ("claims", NUM), ("goals", NUM)],
                 [[p["key"], p["date"], p["title"], _authors(p), str(p["claims"]),
                   str(p["goals"])] for p in rows], width)


def actors(rows: list[dict[str, Any]], width: int) -> Lines:
    return table([("key", KEY), ("name", TEXT), ("kind", KEY), ("claims", NUM), ("goals", NUM),
                  ("goals in", TEXT)],
                 [[a["key"], a["name"], a["kind"], str(a["claims"]), str(a["goals"]),
                   ", ".join(a["goal_papers"])] for a in rows], width)


def topics(rows: list[dict[str, Any]], width: int) -> Lines:
    return table([("key", KEY), ("name", TEXT), ("claims", NUM), ("by paper", TEXT)],
                 [[t["key"], t["name"], str(t["claims"]),
                   ", ".join(f"{k} {v}" for k, v in t["papers"].items())] for t in rows], width)


def matrix(data: dict[str, Any], width: int) -> Lines:
    return table([("topic", KEY), *((p, NUM) for p in data["papers"]), ("agree", NUM),
                  ("conflict", NUM)],
                 [[row["topic"], *(str(row["papers"][p] or "·") for p in data["papers"]),
                   str(row["agreements"] or "·"), str(row["conflicts"] or "·")]
                  for row in data["rows"]], width)


def goals(rows: list[dict[str, Any]], width: int) -> Lines:
    if not rows:
        return [(0, [("No goals match.", "")], True)]
    out: Lines = []
    actor: object = object()
    paper: object = object()
    for goal in rows:
        if goal["actor"] != actor:
            actor, paper = goal["actor"], object()
            out += heading(goal["actor"] or "(no actor)")
        if goal["paper"] != paper:
            paper = goal["paper"]
            out.append((2, [(goal["paper"], "bold")], True))
        out.append((4, _claim(goal), True))
    return [*out, BLANK, _summary(plural(len(rows), "goal"))]


def show(data: dict[str, Any], width: int) -> Lines:
    claim, paper = data["claim"], data["paper"]
    out: Lines = [(0, [(claim["id"], "bold"),
                       (f"  [{claim['kind']}]", KIND_STYLE.get(claim["kind"], ""))], True, 2),
                  (0, [(claim["text"], "")], True),
                  (0, [(_quote(claim), "italic")], True)]
    meta = [("paper", f"{paper['key']}: {paper['title']} ({paper['date']})")]
    if claim.get("section"):
        meta.append(("section", claim["section"]))
    meta += [("actor", claim["actor"] or "-"), ("topics", ", ".join(claim["topics"]) or "-")]
    if claim.get("valence"):
        meta.append(("valence", claim["valence"]))
    if data.get("defined_at"):
        meta.append(("defined at", data["defined_at"]))
    located = data.get("source_location")
    if located:
        meta.append(("in source", f"{located['file']}:{located['line']}"))
    label = max(len(name) for name, _ in meta) + GAP
    out += [(1, [(f"{name:<{label}}", ""), (value, "")], True, label) for name, value in meta]
    if located and located.get("context"):
        ctx = located["context"]
        out += [BLANK, (2, [(ctx["before"], "dim"), (ctx["quote"], "bold"),
                            (ctx["after"], "dim")], True)]
    out += heading("Relations", len(data["relations"]))
    for rel in data["relations"]:
        out.append((2, [(f"{rel['reading']} ", "yellow"), (rel["other"]["id"], "bold"),
                        (f"  {rel['other']['text']}", "")], True, 2))
        if rel["rationale"]:
            out.append((4, [("why: ", "cyan"), (rel["rationale"], "cyan")], True, 5))
    return out


def _counts(counts: dict[str, int]) -> str:
    return ", ".join(f"{k} {v}" for k, v in counts.items())


def check(data: dict[str, Any], width: int) -> Lines:
    totals = ", ".join(plural(data[key], noun) for key, noun in (
        ("papers", "paper"), ("actors", "actor"), ("topics", "topic"), ("claims", "claim"),
        ("relations", "relation")))
    return [(0, [(f"valid: {', '.join(data['files'])}", "green")], True, 2),
            (0, [(f"{totals} ({data['cross_paper_relations']} across papers)", "")], True, 2),
            (0, [("claims by kind: " + _counts(data["claims_by_kind"]), "")], True, 2),
            (0, [("relations by type: " + _counts(data["relations_by_type"]), "")], True, 2),
            (0, [("claims by paper: " + _counts(data["claims_by_paper"]), "")], True, 2),
            *([(0, [(f"dismissed pairs: {data['dismissed']}", "")], True, 2)]
              if data.get("dismissed") else [])]


def verify(data: dict[str, Any], width: int) -> Lines:
    out: Lines = []
    for entry in data["missing"]:
        problem = ("quote too short" if entry.get("problem") == "too short"
                   else f"quote not found in {entry['file']}")
        out.append((0, [(f"{entry['defined_at']}: {entry['id']}: {problem}", "red")], True, 4))
        out.append((2, [("quote:   ", ""), (" ".join(entry["quote"].split()), "")], True, 9))
        if entry.get("closest"):
            c = entry["closest"]
            out.append((2, [(f"closest: {entry['file']}:{c['line']} ({c['similarity']:.0%}) "
                             f"{c['passage']}", "dim")], True, 9))
        elif entry.get("reason"):
            out.append((2, [(entry["reason"], "dim")], True, 2))
    out += [(0, [(f"{key}: no source file named; its quotes were not checked", "yellow")],
              True, 2) for key in data["papers_without_source"]]
    summary = f"{data['found']} of {plural(data['checked'], 'quote')} found in {data['sources']}"
    if data.get("too_short"):
        summary += f" ({data['too_short']} too short to prove)"
    out.append(_summary(summary, "red" if data["missing"] else "green"))
    for row in data.get("coverage") or []:
        out += heading(f"{row['paper']} ({row['file']})")
        out.append((0, [(f"list items quoted: {row['items_covered']} of {row['items']}; "
                         f"paragraphs quoted: {row['paragraphs_covered']} of "
                         f"{row['paragraphs']}", "")], True, 2))
        out += [(2, [(f"{row['file']}:{unit['line']} {unit['kind']}: ", "yellow"),
                     (unit["text"][:110], "")], False) for unit in row["uncovered"]]
    return out


def lint(data: dict[str, Any], width: int) -> Lines:
    out: Lines = [(0, [(f"{w['at']}: {w['id']}: ", "yellow"), (f"{w['rule']}: {w['why']}", "")],
                   True, 4) for w in data["warnings"]]
    summary = plural(len(data["warnings"]), "warning")
    if data["waived"]:
        summary += f" ({len(data['waived'])} more waived in the store, each with its reason)"
    return [*out, _summary(summary, "yellow" if data["warnings"] else "green")]


def diff(data: dict[str, Any], width: int) -> Lines:
    claims, rels, papers = data["claims"], data["relations"], data["papers"]
    out: Lines = []

    def add(text: str, style: str, indent: int = 0) -> None:
        out.append((indent, [(text, style)], True, 2))

    for key in papers["added"]:
        add(f"+ paper {key}", "green")
    for key in papers["removed"]:
        add(f"- paper {key}", "red")
    for cid in claims["added"]:
        add(f"+ claim {cid}", "green")
    for cid in claims["removed"]:
        add(f"- claim {cid}", "red")
    for change in claims["changed"]:
        add(f"~ claim {change['id']}: {', '.join(change['changes'])}", "yellow")
        for name, values in change["fields"].items():
            add(f"{name}: {values['old']!r} -> {values['new']!r}", "", 4)
    for rel in rels["added"]:
        add(f"+ relation {rel['from']} -{rel['type']}-> {rel['to']}", "green")
    for rel in rels["removed"]:
        add(f"- relation {rel['from']} -{rel['type']}-> {rel['to']}", "red")
    for rel in rels["retyped"]:
        add(f"~ relation {rel['from']} -> {rel['to']}: {rel['old_type']} -> "
            f"{rel['new_type']}", "yellow")
    dismissed = data.get("dismissed", {"added": [], "removed": []})
    for pair in dismissed["added"]:
        add(f"+ dismissed {pair['a']} / {pair['b']}", "green")
    for pair in dismissed["removed"]:
        add(f"- dismissed {pair['a']} / {pair['b']}", "red")
    total = (len(claims["added"]) + len(claims["removed"]) + len(claims["changed"])
             + len(rels["added"]) + len(rels["removed"]) + len(rels["retyped"])
             + len(dismissed["added"]) + len(dismissed["removed"]))
    return [*out, _summary(plural(total, "change") if total else "no change in meaning")]


def relations_by_topic(data: dict[str, Any], width: int) -> Lines:
    out: Lines = []
    for group in data["topics"]:
        out += heading(group["name"], len(group["relations"]))
        for i, entry in enumerate(group["relations"]):
            if i:
                out.append(BLANK)
            out += [(0, [(f"{entry['from']['id']} ", "bold"),
                         (entry["type"].replace("_", " "), "bold yellow"),
                         (f" {entry['to']['id']}", "bold")], True, 2),
                    (2, _claim(entry["from"], entry["from"]["paper"]), True),
                    (2, _claim(entry["to"], entry["to"]["paper"]), True),
                    (2, [(f"why: {entry['rationale']}", "cyan")], True)]
    return [*out, BLANK, _summary(plural(data["count"], "relation"))]


def _tree(nodes: list[dict[str, Any]], level: int) -> Lines:
    out: Lines = []
    for node in nodes:
        out.append((2 + 2 * level, [("└ ", ""), (node["via"].replace("_", " ") + " ", "yellow"),
                                    *_short(node["claim"])], True, 2))
        out += _tree(node["children"], level + 1)
    return out


def deps(data: dict[str, Any], width: int) -> Lines:
    nothing: Lines = [(2, [("nothing in the map", "dim")], True)]
    return [(0, _short(data["claim"]), True, 2),
            *heading("Rests on", data["rests_on_count"]),
            *(_tree(data["rests_on"], 0) or nothing),
            *heading("What rests on it", data["carries_count"]),
            *(_tree(data["carries"], 0) or nothing)]


def path(data: dict[str, Any], width: int) -> Lines:
    start, end = data["from"]["id"], data["to"]["id"]
    if not data["paths"]:
        return [(0, [("No chain of relations links ", ""), (start, "bold"), (" and ", ""),
                     (end, "bold"), (".", "")], True, 2)]
    if not data["length"]:
        return [(0, [(start, "bold"), (" and ", ""), (end, "bold"),
                     (" are the same claim: no relation is needed to link them.", "")], True, 2)]
    out: Lines = [(0, [(f"{plural(len(data['paths']), 'shortest chain')} of "
                        f"{plural(data['length'], 'relation')} from {start} to {end}:", "")],
                   True, 2)]
    for n, steps in enumerate(data["paths"], 1):
        out += [BLANK, (0, [(f"{n}. {steps[0]['from']}", "bold")], True, 3)]
        for step in steps:
            arrow = f"-{step['type']}->" if step["direction"] == "forward" else \
                f"<-{step['type']}-"
            out.append((3, [(arrow, "yellow"), (f" {step['to']}", "bold")], True, 2))
    return out


def _highlight(text: str, words: re.Pattern[str] | None, style: str) -> list[Span]:
    if words is None:
        return [(text, style)]
    out: list[Span] = []
    at = 0
    for match in words.finditer(text):
        out += [(text[at:match.start()], style),
                (match.group(), f"{style} bold reverse".strip())]
        at = match.end()
    return [*out, (text[at:], style)]


def search(data: dict[str, Any], width: int) -> Lines:
    words = sorted((w for w in data["words"] if w), key=len, reverse=True)
    found = re.compile(rf"(?i)\b(?:{'|'.join(map(re.escape, words))})\w*") if words else None
    out: Lines = []
    for hit in data["results"]:
        claim = hit["claim"]
        score = f"{hit['score']:>5}  "
        out.append((0, [(score, "dim"), (claim["id"], "bold"), (f" [{claim['kind']}]", ""),
                        ("\n", ""), *_highlight(claim["text"], found, ""), ("\n", ""),
                        *_highlight(_quote(claim), found, "italic")], True, len(score)))
    return [*out, _summary(f"{len(data['results'])} of "
                           f"{plural(data['count'], 'match')}")]


def cruxes(data: dict[str, Any], width: int) -> Lines:
    out: Lines = []
    for n, crux in enumerate(data["cruxes"], 1):
        out += [(0, [(f"{n}. ", "bold"), (f"{crux['from']['id']} ", "bold"),
                     (crux["type"], "bold yellow"), (f" {crux['to']['id']}", "bold")], True, 3),
                (3, _claim(crux["from"], crux["from"]["paper"]), True),
                (3, _claim(crux["to"], crux["to"]["paper"]), True),
                (3, [(f"why it matters: {crux['reason']}", "magenta")], True)]
        if crux["goals"]:
            out.append((3, [("goals at stake: " + ", ".join(crux["goals"]), "dim")], True))
        out += [(3, [(f"why they conflict: {crux['rationale']}", "cyan")], True), BLANK]
    return [*out, _summary(f"{len(data['cruxes'])} of "
                           f"{plural(data['count'], 'cross-paper conflict')}")]


def consensus(data: dict[str, Any], width: int) -> Lines:
    out: Lines = []
    for n, position in enumerate(data["positions"], 1):
        out += heading(f"{n}. held by {', '.join(position['papers'])} "
                       f"({', '.join(position['topics'])})")
        out += [(2, _claim(claim, claim["paper"]), True) for claim in position["claims"]]
    return [*out, BLANK, _summary(f"{plural(data['count'], 'position')} held by "
                                  f"{data['min_papers']} or more papers")]


def _echoes(echoes: list[dict[str, Any]], indent: int) -> Lines:
    return [(indent, [(f"{e['stance']}: ", "green" if e["stance"] == "same" else
                       "red" if e["stance"] == "opposite" else "dim"),
                      (f"{e['claim']['paper']} {e['type']} ", ""), (e["claim"]["text"], "")],
             True, 2) for e in echoes]


def scenarios(data: dict[str, Any], width: int) -> Lines:
    out: Lines = []
    for item in data["scenarios"]:
        out += heading(item["scenario"]["id"])
        out.append((2, _claim(item["scenario"]), True))
        out += _echoes(item["echoes"], 4)
        out += [(2, [("if: ", "blue"), (cond["text"], "")], True, 4)
                for cond in item["conditions"]]
        for cons in item["consequences"]:
            whom = f" for {cons['actor']}" if cons.get("actor") else ""
            style = "red" if cons["valence"] == "harm" else \
                "yellow" if cons["valence"] == "cost" else "green"
            out.append((2, [(f"→ {cons['valence']}{whom}: ", style), (cons["text"], "")],
                        True, 2))
            out += _echoes(cons["echoes"], 6)
    return out


def timeline(data: dict[str, Any], width: int) -> Lines:
    out: Lines = []
    for entry in data["entries"]:
        date: Span = (f"{entry['date']:<10} ", "bold")
        hang = len(date[0])
        if entry["type"] == "event":
            papers = dict.fromkeys(r["paper"] for r in entry["reported_by"])
            out.append((0, [date, (f"{entry['kind']}: ", "blue"), (entry["name"], ""),
                            ("  (reported by " + ", ".join(papers) + ")", "dim")], True, hang))
            continue
        spans: list[Span] = [date, ("paper: ", "magenta"), (f"{entry['key']}, {entry['name']}", "")]
        if entry["after"] or entry["before"]:
            bounds = " and ".join(b for b in (entry["after"] and f"after {entry['after']}",
                                              entry["before"] and f"before {entry['before']}") if b)
            spans.append((f"  (written {bounds})", "dim"))
        out.append((0, spans, True, hang))
        for prediction in entry["predictions"]:
            out.append((hang, [("predicts: ", "yellow"), (prediction["claim"]["text"], "")],
                        True, 2))
            for later in prediction["later"]:
                verdict = later["type"]
                style = "green" if verdict in ("confirms", "agrees") else \
                    "red" if verdict in ("refutes", "conflicts", "attacks") else "dim"
                out.append((hang + 2, [(f"{later['claim']['paper']} {verdict}: ", style),
                                       (later["claim"]["text"], "")], True, 2))
    return out


def whatif(data: dict[str, Any], width: int) -> Lines:
    out: Lines = [(0, [("denied: ", "red"), *_short(claim)], True, 2) for claim in data["denied"]]
    out += heading("Lose their support", len(data["falls"]))
    for item in data["falls"]:
        out += [(2, _short(item["claim"]), True, 2), (4, [(item["why"], "dim")], True, 2)]
    out += heading("Conflicts that disappear", len(data["conflicts_gone"]))
    out += [(2, [(f"{e['from']['id']} {e['type']} {e['to']['id']}", "")], True, 2)
            for e in data["conflicts_gone"]]
    return out


#: The views printed from lines, by result kind.
LINE_VIEWS: dict[str, Callable[[Any, int], Lines]] = {
    "compare": compare, "papers": papers, "actors": actors, "topics": topics,
    "goals": goals, "show": show, "check": check, "verify": verify, "lint": lint,
    "diff": diff, "relations-by-topic": relations_by_topic, "deps": deps, "path": path,
    "search": search, "matrix": matrix, "cruxes": cruxes, "consensus": consensus,
    "scenarios": scenarios, "timeline": timeline, "whatif": whatif,
}


def _suggested_claim(claim: dict[str, Any], label: str) -> Lines:
    return [(2, [(f"{label} {claim['paper']}: ", "bold"), (claim["text"], "")], True),
            (4, [(f"“{' '.join(claim['quote'].split())}”", "italic"),
                 (f"  [{claim['kind']}] {claim['id']}", "dim")], True)]


def suggestion(entry: dict[str, Any], claims: dict[str, Any], number: str = "") -> Lines:
    """One suggested pair: both claims with their quotes, the score, the guess, the evidence."""
    guess = entry["polarity"] if entry["type"] is None else f"{entry['polarity']}, {entry['type']}"
    out: Lines = [(0, [(number, "bold"), (f"{entry['score']:.3f}", "bold yellow"),
                       (f"  {guess}", "bold")], True)]
    out += _suggested_claim(claims[entry["from"]], "A")
    out += _suggested_claim(claims[entry["to"]], "B")
    if entry["why"]:
        out.append((2, [(f"why: {'; '.join(entry['why'])}", "cyan")], True))
    return out


def suggest(data: dict[str, Any], width: int) -> Lines:
    out: Lines = []
    blank: Line = (0, [], True)
    for i, entry in enumerate(data["suggestions"]):
        if i:
            out.append(blank)
        out += suggestion(entry, data["claims"])
    if not data["suggestions"]:
        out.append((0, [("no suggestions: every candidate is related, dismissed or filtered "
                         "out", "dim")], True))
    count = len(data["suggestions"])
    out += [blank, (0, [(f"{plural(count, 'suggestion')} · method {data['method']}", "dim")],
                     True)]
    return out


LINE_VIEWS["suggest"] = suggest
