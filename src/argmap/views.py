"""Views described as styled lines, printable with or without rich.

A view is a list of :data:`Line`: an indent, the text as (text, style) spans,
and whether it wraps (a wrapped line becomes as many lines as the width needs,
each indented; one that does not wrap is cut with an ellipsis at the width).
"""

from __future__ import annotations

import itertools
import re
import textwrap
from collections.abc import Callable
from typing import Any

Span = tuple[str, str]
Line = tuple[int, list[Span], bool]
Lines = list[Line]

_WORD = re.compile(r"\S+")


def breaks(plain: str, width: int) -> list[int]:
    """Where lines of at most ``width`` characters start (greedy, at spaces and newlines)."""
    out: list[int] = []
    start = 0
    for paragraph_end in [*(i for i, ch in enumerate(plain) if ch == "\n"), len(plain)]:
        line_start = start
        for word in _WORD.finditer(plain, start, paragraph_end):
            if word.end() - line_start > width and word.start() > line_start:
                out.append(word.start())
                line_start = word.start()
        if paragraph_end < len(plain):
            out.append(paragraph_end + 1)
        start = paragraph_end + 1
    return out


def plain_lines(lines: Lines, width: int) -> list[str]:
    """The lines as plain text, wrapped or cut at ``width`` as rich would."""
    out: list[str] = []
    for indent, spans, wrap in lines:
        plain = "".join(text for text, _ in spans)
        pad = " " * indent
        if wrap:
            cuts = [0, *breaks(plain, max(10, width - indent)), len(plain)]
            out += [pad + plain[a:b].rstrip() for a, b in itertools.pairwise(cuts)]
        else:
            for row in plain.split("\n"):
                row = (pad + row).rstrip()
                out.append(row if len(row) <= width else row[: width - 1] + "…")
    return out


def _claim(claim: dict[str, Any], label: str | None = None) -> list[Span]:
    spans: list[Span] = [(f"{label}: ", "bold")] if label else []
    return [*spans, (claim["text"], ""), ("\n", ""),
            (f"“{' '.join(claim['quote'].split())}”", "italic"),
            (f"  [{claim['kind']}] {claim['id']}", "dim")]


def _relation(entry: dict[str, Any]) -> Lines:
    out: Lines = [(0, [(f"{entry['from']} ", "bold"),
                       (entry["type"].replace("_", " "), "bold yellow"),
                       (f" {entry['to']}", "bold")], True),
                  (2, _claim(entry["left"], entry["left"]["paper"]), True),
                  (2, _claim(entry["right"], entry["right"]["paper"]), True)]
    if entry["rationale"]:
        out.append((2, [(f"why: {entry['rationale']}", "cyan")], True))
    return out


def _authors(paper: dict[str, Any]) -> str:
    return "; ".join(a["name"] for a in paper["authors"])


def compare(data: dict[str, Any], width: int) -> Lines:
    left = "+".join(p["key"] for p in data["left"]["papers"])
    right = "+".join(p["key"] for p in data["right"]["papers"])
    out: Lines = []
    blank: Line = (0, [], True)
    for side in ("left", "right"):
        for p in data[side]["papers"]:
            out.append((0, [(p["key"], "bold"), (f"  {p['title']}", "")], True))
            out.append((2, [(f"{_authors(p)} · {p['publisher'] or 'publisher not stated'} · "
                             f"{p['date_note'] or p['date']} · {p['claims']} claims", "dim")],
                        True))
    for key, title in (("agreements", "Agreements"), ("conflicts", "Conflicts"),
                       ("dependencies", "Dependencies")):
        out += [blank, (0, [(f"{title} ({len(data[key])})", "bold underline")], True)]
        if not data[key]:
            out.append((2, [("none recorded", "dim")], True))
        for i, entry in enumerate(data[key]):
            if i:
                out.append(blank)
            out += _relation(entry)
    rows = [(f"{row['name']} ({label})", str(row["left"] or "-"), str(row["right"] or "-"))
            for group, label in (("both", "both"), ("left_only", f"{left} only"),
                                 ("right_only", f"{right} only"))
            for row in data["topics"][group]]
    name_width = max([len("topic"), *(len(r[0]) for r in rows)])
    side_width = max(len(left), 5)
    out += [blank, (0, [("Topics", "bold underline")], True),
            (0, [(f"{'topic':<{name_width}}  {left:<{side_width}}  {right}", "bold")], False)]
    out += [(0, [(f"{name:<{name_width}}  {a:<{side_width}}  {b}", "")], False)
            for name, a, b in rows]
    column = max(20, (width - 4) // 2)
    out += [blank, (0, [("What each says each actor wants", "bold underline")], True),
            (0, [(f"{left:<{column}}    {right}", "bold")], False)]
    for row in data["actors"]:
        sides = [[line for goal in row[side] for line in
                  textwrap.wrap(goal["text"], column, initial_indent="• ",
                                subsequent_indent="  ")] or ["-"]
                 for side in ("left", "right")]
        out += [blank, (0, [(row["name"], "bold underline")], True)]
        out += [(0, [(f"{a:<{column}}    {b}", "")], False)
                for a, b in itertools.zip_longest(*sides, fillvalue="")]
    return out


#: The views printed from lines, by result kind.
LINE_VIEWS: dict[str, Callable[[dict[str, Any], int], Lines]] = {"compare": compare}


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
    out += [blank, (0, [(f"{count} suggestion{'' if count == 1 else 's'} · method "
                         f"{data['method']}", "dim")], True)]
    return out


LINE_VIEWS["suggest"] = suggest
