"""The rich views: query results as tables and styled text on a terminal.

:func:`argmap.render.render_result` picks a view here by the result's kind. User
text is always put in ``Text`` objects, never interpreted as rich markup.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from typing import Any

from rich.console import Console, ConsoleOptions, Group, RenderResult
from rich.segment import Segment
from rich.text import Text

from .views import KIND_STYLE, Lines, breaks

Renderer = Callable[[Console, Any], None]
RENDERERS: dict[str, Renderer] = {}

def renders(kind: str) -> Callable[[Renderer], Renderer]:
    def register(fn: Renderer) -> Renderer:
        RENDERERS[kind] = fn
        return fn
    return register


def console(stderr: bool = False) -> Console:
    return Console(file=sys.stderr if stderr else sys.stdout, highlight=False,
                   emoji=False, markup=False)


def print_lines(lines: Lines) -> None:
    """Print a view described as lines (:mod:`argmap.views`), styled."""
    out = console()
    items: list[Any] = []
    for indent, spans, wrap in lines:
        text = Text.assemble(*spans)
        if wrap:
            items.append(_indent(text, indent))
        else:
            text.no_wrap, text.overflow = True, "ellipsis"
            items.append(Text(" " * indent) + text if indent else text)
    out.print(Group(*items))


def _authors(paper: dict[str, Any]) -> str:
    return "; ".join(a["name"] for a in paper["authors"])


def _claim_lines(claim: dict[str, Any], label: str | None = None) -> Text:
    text = Text()
    if label:
        text.append(f"{label}: ", style="bold")
    text.append(claim["text"])
    text.append("\n")
    text.append(f"“{' '.join(claim['quote'].split())}”", style="italic")
    text.append(f"  [{claim['kind']}] {claim['id']}", style="dim")
    return text


class _Indented:
    """Text wrapped to the width left after an indent (lighter than rich's Padding)."""

    def __init__(self, text: Text, spaces: int, top: int) -> None:
        self.text, self.spaces, self.top = text, spaces, top

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        pad = Segment(" " * self.spaces)
        for _ in range(self.top):
            yield Segment.line()
        width = max(10, options.max_width - self.spaces)
        for line in self.text.divide(breaks(self.text.plain, width)):
            line.rstrip()
            yield pad
            yield from line.render(console)
            yield Segment.line()


def _indent(text: Text, spaces: int, top: int = 0) -> _Indented:
    return _Indented(text, spaces, top)


def _heading(out: Console, title: str, count: int | None = None) -> None:
    out.print()
    label = f"{title} ({count})" if count is not None else title
    out.print(Text(label, style="bold underline"))


@renders("papers")
def _papers(out: Console, rows: list[dict[str, Any]]) -> None:
    from rich.table import Table

    table = Table("key", "date", "title", "authors", "claims", "goals", box=None,
                  header_style="bold")
    for p in rows:
        table.add_row(p["key"], p["date"], p["title"], _authors(p), str(p["claims"]),
                      str(p["goals"]))
    out.print(table)


@renders("actors")
def _actors(out: Console, rows: list[dict[str, Any]]) -> None:
    from rich.table import Table

    table = Table("key", "name", "kind", "claims", "goals", "goals in", box=None,
                  header_style="bold")
    for a in rows:
        table.add_row(a["key"], a["name"], a["kind"], str(a["claims"]), str(a["goals"]),
                      ", ".join(a["goal_papers"]))
    out.print(table)


@renders("topics")
def _topics(out: Console, rows: list[dict[str, Any]]) -> None:
    from rich.table import Table

    table = Table("key", "name", "claims", "by paper", box=None, header_style="bold")
    for t in rows:
        by = ", ".join(f"{k} {v}" for k, v in t["papers"].items())
        table.add_row(t["key"], t["name"], str(t["claims"]), by)
    out.print(table)


@renders("goals")
def _goals(out: Console, rows: list[dict[str, Any]]) -> None:
    if not rows:
        out.print("No goals match.")
        return
    actor = paper = object()
    for goal in rows:
        if goal["actor"] != actor:
            actor, paper = goal["actor"], object()
            out.print()
            out.print(Text(f"{goal['actor'] or '(no actor)'}", style="bold underline"))
        if goal["paper"] != paper:
            paper = goal["paper"]
            out.print(Text(f"  {paper}", style="bold"))
        out.print(_indent(_claim_lines(goal), 4))
    out.print()
    out.print(Text(f"{len(rows)} goals", style="dim"))


@renders("show")
def _show(out: Console, data: dict[str, Any]) -> None:
    from rich.table import Table

    claim, paper = data["claim"], data["paper"]
    head = Text()
    head.append(claim["id"], style="bold")
    head.append(f"  [{claim['kind']}]", style=KIND_STYLE.get(claim["kind"], ""))
    out.print(head)
    out.print(Text(claim["text"]))
    out.print(Text(f"“{' '.join(claim['quote'].split())}”", style="italic"))
    meta = Table(box=None, show_header=False)
    meta.add_row("paper", f"{paper['key']}: {paper['title']} ({paper['date']})")
    if claim.get("section"):
        meta.add_row("section", claim["section"])
    meta.add_row("actor", claim["actor"] or "-")
    meta.add_row("topics", ", ".join(claim["topics"]) or "-")
    if claim.get("valence"):
        meta.add_row("valence", claim["valence"])
    if data.get("defined_at"):
        meta.add_row("defined at", data["defined_at"])
    located = data.get("source_location")
    if located:
        meta.add_row("in source", f"{located['file']}:{located['line']}")
    out.print(meta)
    if located and located.get("context"):
        ctx = located["context"]
        text = Text()
        text.append(ctx["before"], style="dim")
        text.append(ctx["quote"], style="bold")
        text.append(ctx["after"], style="dim")
        out.print(_indent(text, 2, top=1))
    _heading(out, "Relations", len(data["relations"]))
    for rel in data["relations"]:
        line = Text()
        line.append(f"{rel['reading']} ", style="yellow")
        line.append(rel["other"]["id"], style="bold")
        line.append(f"  {rel['other']['text']}")
        if rel["rationale"]:
            line.append(f"\n    why: {rel['rationale']}", style="cyan")
        out.print(_indent(line, 2))


@renders("check")
def _check(out: Console, data: dict[str, Any]) -> None:
    out.print(Text(f"valid: {', '.join(data['files'])}", style="green"))
    out.print(f"{data['papers']} papers, {data['actors']} actors, {data['topics']} topics, "
              f"{data['claims']} claims, {data['relations']} relations "
              f"({data['cross_paper_relations']} across papers)")
    out.print("claims by kind: " + ", ".join(f"{k} {v}" for k, v in
                                              data["claims_by_kind"].items()))
    out.print("relations by type: " + ", ".join(f"{k} {v}" for k, v in
                                                 data["relations_by_type"].items()))
    out.print("claims by paper: " + ", ".join(f"{k} {v}" for k, v in
                                               data["claims_by_paper"].items()))


@renders("verify")
def _verify(out: Console, data: dict[str, Any]) -> None:
    for entry in data["missing"]:
        line = Text()
        problem = ("quote too short" if entry.get("problem") == "too short"
                   else f"quote not found in {entry['file']}")
        line.append(f"{entry['defined_at']}: {entry['id']}: {problem}", style="red")
        line.append(f"\n  quote:   {' '.join(entry['quote'].split())}")
        if entry.get("closest"):
            c = entry["closest"]
            line.append(f"\n  closest: {entry['file']}:{c['line']} ({c['similarity']:.0%}) "
                        f"{c['passage']}", style="dim")
        elif entry.get("reason"):
            line.append(f"\n  {entry['reason']}", style="dim")
        out.print(line, soft_wrap=True)
    for key in data["papers_without_source"]:
        out.print(Text(f"{key}: no source file named; its quotes were not checked",
                       style="yellow"))
    ok = not data["missing"]
    summary = f"{data['found']} of {data['checked']} quotes found in {data['sources']}"
    if data.get("too_short"):
        summary += f" ({data['too_short']} too short to prove)"
    out.print(Text(summary, style="green" if ok else "red"))
    if data.get("coverage") is not None:
        _coverage(out, data["coverage"])


def _coverage(out: Console, rows: list[dict[str, Any]]) -> None:
    for row in rows:
        _heading(out, f"{row['paper']} ({row['file']})")
        out.print(f"list items quoted: {row['items_covered']} of {row['items']}; "
                  f"paragraphs quoted: {row['paragraphs_covered']} of {row['paragraphs']}")
        for unit in row["uncovered"]:
            line = Text()
            line.append(f"  {row['file']}:{unit['line']} {unit['kind']}: ", style="yellow")
            line.append(unit["text"][:110])
            out.print(line, overflow="ellipsis", no_wrap=True)


@renders("lint")
def _lint(out: Console, data: dict[str, Any]) -> None:
    for w in data["warnings"]:
        line = Text()
        line.append(f"{w['at']}: {w['id']}: ", style="yellow")
        line.append(f"{w['rule']}: {w['why']}")
        out.print(line, soft_wrap=True)
    waived = len(data["waived"])
    summary = f"{len(data['warnings'])} warnings"
    if waived:
        summary += f" ({waived} more waived in the store, each with its reason)"
    out.print(Text(summary, style="green" if not data["warnings"] else "yellow"))


@renders("diff")
def _diff(out: Console, data: dict[str, Any]) -> None:
    claims, rels, papers = data["claims"], data["relations"], data["papers"]
    for key in papers["added"]:
        out.print(Text(f"+ paper {key}", style="green"))
    for key in papers["removed"]:
        out.print(Text(f"- paper {key}", style="red"))
    for cid in claims["added"]:
        out.print(Text(f"+ claim {cid}", style="green"))
    for cid in claims["removed"]:
        out.print(Text(f"- claim {cid}", style="red"))
    for change in claims["changed"]:
        out.print(Text(f"~ claim {change['id']}: {', '.join(change['changes'])}", style="yellow"))
        for name, values in change["fields"].items():
            out.print(Text(f"    {name}: {values['old']!r} -> {values['new']!r}"), soft_wrap=True)
    for rel in rels["added"]:
        out.print(Text(f"+ relation {rel['from']} -{rel['type']}-> {rel['to']}", style="green"))
    for rel in rels["removed"]:
        out.print(Text(f"- relation {rel['from']} -{rel['type']}-> {rel['to']}", style="red"))
    for rel in rels["retyped"]:
        out.print(Text(f"~ relation {rel['from']} -> {rel['to']}: {rel['old_type']} -> "
                       f"{rel['new_type']}", style="yellow"))
    total = (len(claims["added"]) + len(claims["removed"]) + len(claims["changed"])
             + len(rels["added"]) + len(rels["removed"]) + len(rels["retyped"]))
    out.print(Text(f"{total} changes" if total else "no change in meaning", style="dim"))


def _short(claim: dict[str, Any]) -> Text:
    line = Text()
    line.append(claim["id"], style="bold")
    line.append(f" [{claim['kind']}] ", style=KIND_STYLE.get(claim["kind"], ""))
    line.append(claim["text"])
    return line


@renders("relations-by-topic")
def _relations_by_topic(out: Console, data: dict[str, Any]) -> None:
    for group in data["topics"]:
        _heading(out, group["name"], len(group["relations"]))
        for i, entry in enumerate(group["relations"]):
            if i:
                out.print()
            head = Text()
            head.append(f"{entry['from']['id']} ", style="bold")
            head.append(entry["type"].replace("_", " "), style="bold yellow")
            head.append(f" {entry['to']['id']}", style="bold")
            out.print(Group(head, _indent(_claim_lines(entry["from"], entry["from"]["paper"]), 2),
                            _indent(_claim_lines(entry["to"], entry["to"]["paper"]), 2),
                            _indent(Text(f"why: {entry['rationale']}", style="cyan"), 2)))
    out.print()
    out.print(Text(f"{data['count']} relations", style="dim"))


def _tree_lines(out: Console, nodes: list[dict[str, Any]], level: int) -> None:
    for node in nodes:
        line = Text("  " * level + "└ ")
        line.append(node["via"].replace("_", " ") + " ", style="yellow")
        line.append_text(_short(node["claim"]))
        out.print(line)
        _tree_lines(out, node["children"], level + 1)


@renders("deps")
def _deps(out: Console, data: dict[str, Any]) -> None:
    out.print(_short(data["claim"]))
    _heading(out, "Rests on", data["rests_on_count"])
    _tree_lines(out, data["rests_on"], 0) if data["rests_on"] else out.print(
        Text("  nothing in the map", style="dim"))
    _heading(out, "What rests on it", data["carries_count"])
    _tree_lines(out, data["carries"], 0) if data["carries"] else out.print(
        Text("  nothing in the map", style="dim"))


@renders("search")
def _search(out: Console, data: dict[str, Any]) -> None:
    pattern = "|".join(re.escape(w) for w in sorted(data["words"], key=len, reverse=True))
    for hit in data["results"]:
        claim = hit["claim"]
        line = Text()
        line.append(f"{hit['score']:>5}  ", style="dim")
        line.append(claim["id"], style="bold")
        line.append(f" [{claim['kind']}]\n       ")
        body = Text(claim["text"])
        body.highlight_regex(rf"(?i)\b(?:{pattern})\w*", "bold reverse")
        quote = Text(f"\n       “{' '.join(claim['quote'].split())}”", style="italic")
        quote.highlight_regex(rf"(?i)\b(?:{pattern})\w*", "bold reverse")
        out.print(line + body + quote)
    out.print(Text(f"{len(data['results'])} of {data['count']} matches", style="dim"))


@renders("matrix")
def _matrix(out: Console, data: dict[str, Any]) -> None:
    from rich.table import Table

    table = Table("topic", *data["papers"], "agree", "conflict", box=None, header_style="bold")
    for row in data["rows"]:
        table.add_row(row["topic"], *(str(row["papers"][p] or "·") for p in data["papers"]),
                      str(row["agreements"] or "·"), str(row["conflicts"] or "·"))
    out.print(table)


@renders("cruxes")
def _cruxes(out: Console, data: dict[str, Any]) -> None:
    for n, crux in enumerate(data["cruxes"], 1):
        head = Text(f"{n}. ", style="bold")
        head.append(f"{crux['from']['id']} ", style="bold")
        head.append(crux["type"], style="bold yellow")
        head.append(f" {crux['to']['id']}", style="bold")
        out.print(head)
        out.print(_indent(_claim_lines(crux["from"], crux["from"]["paper"]), 3))
        out.print(_indent(_claim_lines(crux["to"], crux["to"]["paper"]), 3))
        out.print(_indent(Text(f"why it matters: {crux['reason']}", style="magenta"), 3))
        if crux["goals"]:
            out.print(_indent(Text("goals at stake: " + ", ".join(crux["goals"]), style="dim"), 3))
        out.print(_indent(Text(f"why they conflict: {crux['rationale']}", style="cyan"), 3))
        out.print()
    out.print(Text(f"{len(data['cruxes'])} of {data['count']} cross-paper conflicts",
                   style="dim"))


@renders("consensus")
def _consensus(out: Console, data: dict[str, Any]) -> None:
    for n, position in enumerate(data["positions"], 1):
        _heading(out, f"{n}. held by {', '.join(position['papers'])} "
                      f"({', '.join(position['topics'])})")
        for claim in position["claims"]:
            out.print(_indent(_claim_lines(claim, claim["paper"]), 2))
    out.print()
    out.print(Text(f"{data['count']} positions held by {data['min_papers']} or more papers",
                   style="dim"))


def _echo_lines(out: Console, echoes: list[dict[str, Any]], indent: int) -> None:
    for echo in echoes:
        line = Text(f"{echo['stance']}: ", style="green" if echo["stance"] == "same" else
                    "red" if echo["stance"] == "opposite" else "dim")
        line.append(f"{echo['claim']['paper']} {echo['type']} ")
        line.append(echo["claim"]["text"])
        out.print(_indent(line, indent))


@renders("scenarios")
def _scenarios(out: Console, data: dict[str, Any]) -> None:
    for item in data["scenarios"]:
        _heading(out, f"{item['scenario']['id']}")
        out.print(_indent(_claim_lines(item["scenario"]), 2))
        _echo_lines(out, item["echoes"], 4)
        for cond in item["conditions"]:
            out.print(_indent(Text("if: ", style="blue") + Text(cond["text"]), 2))
        for cons in item["consequences"]:
            whom = f" for {cons['actor']}" if cons.get("actor") else ""
            line = Text(f"→ {cons['valence']}{whom}: ", style="red" if cons["valence"] == "harm"
                        else "yellow" if cons["valence"] == "cost" else "green")
            line.append(cons["text"])
            out.print(_indent(line, 2))
            _echo_lines(out, cons["echoes"], 6)


@renders("timeline")
def _timeline(out: Console, data: dict[str, Any]) -> None:
    for entry in data["entries"]:
        line = Text(f"{entry['date']:<10} ", style="bold")
        if entry["type"] == "event":
            line.append(f"{entry['kind']}: ", style="blue")
            line.append(entry["name"])
            papers = dict.fromkeys(r["paper"] for r in entry["reported_by"])
            line.append("  (reported by " + ", ".join(papers) + ")", style="dim")
            out.print(line)
            continue
        line.append("paper: ", style="magenta")
        line.append(f"{entry['key']}, {entry['name']}")
        if entry["after"] or entry["before"]:
            bounds = " and ".join(b for b in (entry["after"] and f"after {entry['after']}",
                                              entry["before"] and f"before {entry['before']}") if b)
            line.append(f"  (written {bounds})", style="dim")
        out.print(line)
        for prediction in entry["predictions"]:
            out.print(_indent(Text("predicts: ", style="yellow") +
                              Text(prediction["claim"]["text"]), 11))
            for later in prediction["later"]:
                verdict = later["type"]
                style = "green" if verdict in ("confirms", "agrees") else \
                    "red" if verdict in ("refutes", "conflicts", "attacks") else "dim"
                note = Text(f"{later['claim']['paper']} {verdict}: ", style=style)
                note.append(later["claim"]["text"])
                out.print(_indent(note, 13))
