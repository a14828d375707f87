"""Kialo's text export: a numbered tree of Pro and Con claims under a thesis.

The export reads::

    Discussion Title: Should ...?

    1. The thesis.
    1.1. Pro: A reason for it.
    1.1.1. Con: An objection to the reason.
    1.2. Con: -> See 1.1.1.

Each numbered claim becomes a claim; ``Pro`` a ``supports`` and ``Con`` an
``attacks`` towards the claim it is listed under; ``-> See N.`` draws the
relation from claim N, written elsewhere in the tree. The thesis (``1.``) is
of kind ``thesis``; in a discussion with several theses, those are listed under
``1.`` without a stance: they are theses that ``answer`` it, and ``1.`` is a
question. A claim's text may run over several lines. The file is checked here,
line by line, and arguebuf parses it (removing Markdown links and Kialo's
escapes from the text).
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

from ..errors import Location
from .backend import arguebuf_load, parsed, scheme_links
from .neutral import ImportFailed, Link, Reading, Statement, plural

_TITLE = re.compile(r"^Discussion Title: (.*\S)")
_ROOT = re.compile(r"^((?:\d+\.)+) (.*)")
_CLAIM = re.compile(r"^(1\.(?:\d+\.)+) (?:(Con|Pro): )?(.*)")
_SEE = re.compile(r"^-> See ((?:\d+\.)+)")
WHAT = "a Kialo text export"


@dataclass
class _Entry:
    number: str
    stance: str | None
    text: str
    line: int
    see: str | None = None


def _parent(number: str) -> str:
    return number[: number.rstrip(".").rfind(".") + 1]


def _entries(path: str, lines: list[str]) -> tuple[str, list[_Entry]]:
    def fail(why: str, line: int) -> ImportFailed:
        return ImportFailed(why, location=Location(path, line, 1))

    title = _TITLE.match(lines[0]) if lines else None
    if title is None:
        raise fail(f"not {WHAT}: line 1 should read 'Discussion Title: ...'", 1)
    if len(lines) < 3 or lines[1].strip():
        raise fail(f"not {WHAT}: line 2 should be empty, and the thesis ('1. ...') on line 3", 2)
    root = _ROOT.match(lines[2])
    if root is None or root[1] != "1.":
        raise fail(f"not {WHAT}: line 3 should hold the thesis, as '1. ...'", 3)
    entries = [_Entry("1.", None, root[2], 3)]
    for number, line in enumerate(lines[3:], start=4):
        found = _CLAIM.match(line)
        if found is None:
            entries[-1].text += "\n" + line.strip()
            continue
        entries.append(_Entry(found[1], found[2], found[3], number))
    seen: dict[str, _Entry] = {}
    for entry in entries:
        entry.text = entry.text.strip()
        if entry.number in seen:
            raise fail(f"claim {entry.number} is listed twice (first on line "
                       f"{seen[entry.number].line})", entry.line)
        parent = seen.get(_parent(entry.number)) if entry.number != "1." else None
        if entry.number != "1." and parent is None:
            raise fail(f"claim {entry.number} is not under a claim listed before it "
                       f"({_parent(entry.number)})", entry.line)
        if parent is not None and parent.see is not None:
            raise fail(f"claim {entry.number} is listed under {parent.number}, a link "
                       f"('-> See {parent.see}'), which has no claims of its own", entry.line)
        if not entry.text:
            raise fail(f"claim {entry.number} has no text", entry.line)
        if (see := _SEE.match(entry.text)) is not None:
            entry.see = see[1]
        seen[entry.number] = entry
    for entry in entries:
        if entry.see is not None and (entry.see not in seen or seen[entry.see].see is not None):
            what = "is not in the file" if entry.see not in seen else "is itself a link"
            raise fail(f"claim {entry.number} points to {entry.see}, which {what}", entry.line)
    return title[1], entries


def _for_arguebuf(lines: list[str], entries: list[_Entry]) -> str:
    """The text for arguebuf's parser, which needs a link's target before the link.

    A link that points further down is moved to the end; nothing is listed
    under a link (checked above), so every claim still follows its parent.
    """
    position = {e.number: i for i, e in enumerate(entries)}
    late = [e for e in entries if e.see is not None and position[e.see] > position[e.number]]
    if not late:
        return "\n".join(lines)
    moved = {e.line for e in late}
    kept = [line for number, line in enumerate(lines, start=1) if number not in moved]
    return "\n".join(kept + [lines[e.line - 1] for e in late])


def read_kialo(path: str, text: str) -> Reading:
    """Read a Kialo text export into statements and links."""
    lines = text.splitlines()
    title, entries = _entries(path, lines)
    load = arguebuf_load("Kialo")
    from arguebuf.model.scheme import Attack, Support

    graph = parsed("Kialo", path, lambda: load.kialo(io.StringIO(_for_arguebuf(lines, entries))))
    numbers = [e.number for e in entries if e.see is None]
    order = {number: i for i, number in enumerate(numbers)}
    order.update({f"{e.number}scheme": len(entries) + i for i, e in enumerate(entries)})
    stances = {e.number: e for e in entries}
    answered = {_parent(e.number) for e in entries if e.number != "1." and e.stance is None}

    reading = Reading("Kialo text export", title=title)
    for number in numbers:
        if number in answered:
            kind = "question"
        elif number == "1." or (_parent(number) in answered and stances[number].stance is None):
            kind = "thesis"
        else:
            kind = "claim"
        text_of = graph.atom_nodes[number].plain_text.strip()
        reading.statements.append(Statement(number, text_of, "Kialo claims", kind=kind))
    for scheme, premises, conclusions in scheme_links(graph, order):
        if isinstance(scheme.scheme, Support):
            kind, origin = "supports", "Pro"
        elif isinstance(scheme.scheme, Attack):
            kind, origin = "attacks", "Con"
        else:
            kind, origin = "answers", "theses (no stance)"
        for premise in premises:
            for conclusion in conclusions:
                reading.links.append(Link(premise, conclusion, kind, origin))
    if links := sum(1 for e in entries if e.see is not None):
        reading.notes.append(f"{plural(links, 'link')} ('-> See N.') -> relations from the "
                             "claim each names")
    return reading
