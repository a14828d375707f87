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
_NEWLINE = re.compile("\n")


def breaks(plain: str, width: int) -> list[int]:
    """Where lines of at most ``width`` characters start (greedy, at spaces and newlines)."""
    if len(plain) <= width and "\n" not in plain:
        return []  # the common case, in views of many short lines
    out: list[int] = []
    start = 0
    for paragraph_end in [*(m.start() for m in _NEWLINE.finditer(plain)), len(plain)]:
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
        plain = "".join([text for text, _ in spans])
        pad = " " * indent
        if wrap and len(plain) <= width - indent and "\n" not in plain:
            out.append(pad + plain.rstrip())  # fits: the common case, in long views
        elif wrap:
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


#: The style of a claim's kind, wherever a claim is shown with it.
KIND_STYLE = {
    "thesis": "bold magenta", "goal": "green", "recommendation": "cyan",
    "prediction": "yellow", "scenario": "blue", "consequence": "blue",
    "condition": "blue", "question": "bright_black", "fact": "white", "claim": "white",
}


def _short(claim: dict[str, Any]) -> list[Span]:
    return [(claim["id"], "bold"), (f" [{claim['kind']}] ", KIND_STYLE.get(claim["kind"], "")),
            (claim["text"], "")]


def _heading(title: str, count: int) -> Lines:
    return [(0, [], False), (0, [(f"{title} ({count})", "bold underline")], True)]


def whatif(data: dict[str, Any], width: int) -> Lines:
    """Denied claims, what loses its support and why, and the conflicts that go.

    A line view, so that tens of thousands of falling claims print at once."""
    out: Lines = [(0, [("denied: ", "red"), *_short(claim)], True) for claim in data["denied"]]
    out += _heading("Lose their support", len(data["falls"]))
    for item in data["falls"]:
        out += [(2, _short(item["claim"]), True), (4, [(item["why"], "dim")], True)]
    out += _heading("Conflicts that disappear", len(data["conflicts_gone"]))
    out += [(2, [(f"{e['from']['id']} {e['type']} {e['to']['id']}", "")], True)
            for e in data["conflicts_gone"]]
    return out


def path(data: dict[str, Any], width: int) -> Lines:
    """The shortest chains between two claims, a relation a line (chains can be long)."""
    start, end = data["from"]["id"], data["to"]["id"]
    if not data["paths"]:
        return [(0, [(f"No chain of relations links {start} and {end}.", "")], True)]
    out: Lines = [(0, [(f"{len(data['paths'])} shortest chains of {data['length']} relations "
                        f"from {start} to {end}:", "")], True)]
    for n, steps in enumerate(data["paths"], 1):
        out += [(0, [], False), (0, [(f"{n}. {start}", "bold")], True)]
        for step in steps:
            arrow = (f"-{step['type']}->" if step["direction"] == "forward"
                     else f"<-{step['type']}-")
            out.append((3, [(arrow, "yellow"), (f" {step['to']}", "bold")], True))
    return out


#: The views printed from lines, by result kind.
LINE_VIEWS: dict[str, Callable[[dict[str, Any], int], Lines]] = {
    "compare": compare, "whatif": whatif, "path": path}
