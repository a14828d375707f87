"""Reading ``.argdown`` text: the part of the syntax that argument maps are drawn with.

Read: front matter between ``===`` lines (``title``, ``author``, ``date``);
headings (``#``, ``##``...); statements ``[Title]: text`` and references
``[Title]``; arguments ``<Title>: description`` and ``<Title>``; untitled
statements; relation trees, each relation on its own indented line under the
element it relates to (``+>``, ``->``, ``_>`` outgoing; ``<+``, ``<-``, ``<_``,
``+``, ``-``, ``_`` incoming; ``><`` contradiction), nested by indentation;
tags ``#tag`` and ``#(tag with spaces)``; backslash escapes; ``//``, ``/* */``
and ``<!-- -->`` comments. A statement's text may continue on the next lines.

Premise-conclusion structures (``(1) ...``, ``----``) are refused with their
line: Argdown's own parser reads them, so export such a file with
``argdown json`` and import the JSON.
"""

from __future__ import annotations

import re

from ..errors import Location
from ..models import DATE_PATTERN
from .argdown import Element, Model, key_of
from .neutral import ImportFailed

_COMMENT = re.compile(r"/\*.*?\*/|<!--.*?-->", re.DOTALL)
_HEADING = re.compile(r"^(#{1,6})\s+(.*)$")
_RELATION = re.compile(r"^(?P<indent>[ \t]+)(?P<op><\+|<-|<_|\+>|->|_>|><|\+|-|_)\s+(?P<rest>\S.*)$")
_ELEMENT = re.compile(r"^(?:\[(?P<statement>[^\]]+)\]|<(?P<argument>[^>]+)>)(?:\s*:\s*(?P<text>.*)|\s*)$")
_PCS = re.compile(r"^\s*(?:\(\d+\)|--+)")
_FRONT = re.compile(r"^(\w+)\s*:\s*(.*)$")
#: operator -> (relation type as Argdown names it, does it point from the parent?)
_OPERATORS = {
    "+>": ("support", True), "->": ("attack", True), "_>": ("undercut", True),
    "<+": ("support", False), "<-": ("attack", False), "<_": ("undercut", False),
    "+": ("support", False), "-": ("attack", False), "_": ("undercut", False),
    "><": ("contradictory", True),
}
_TAG = re.compile(r"#\(([^)]*)\)|#([^\s#()\[\]<>]+)")


def _indent_width(text: str) -> int:
    return len(text.expandtabs(4))


def inline(raw: str) -> tuple[str, list[str]]:
    """Text as Argdown shows it, and its tags: escapes resolved, tags taken out."""
    out: list[str] = []
    tags: list[str] = []
    i = 0
    while i < len(raw):
        char = raw[i]
        if char == "\\" and i + 1 < len(raw):
            out.append(raw[i + 1])
            i += 2
            continue
        if char == "#" and (i == 0 or raw[i - 1].isspace()) and (tag := _TAG.match(raw, i)):
            tags.append(" ".join((tag[1] if tag[1] is not None else tag[2]).split()))
            i = tag.end()
            continue
        out.append(char)
        i += 1
    return " ".join("".join(out).split()), tags


def _unquote(value: str) -> str:
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
        return value[1:-1]
    return value


class _Parser:
    def __init__(self, path: str, text: str) -> None:
        self.path = path
        self.model = Model()
        self.section: str | None = None
        self.untitled = 0
        #: the open relation tree: (indentation, element key) from the top-level element down
        self.stack: list[tuple[int, str]] = []
        self.last: Element | None = None  # the element that continuation lines extend
        self.lines = _COMMENT.sub(lambda m: "\n" * m.group().count("\n"), text).splitlines()

    def fail(self, why: str, line: int, column: int = 1) -> ImportFailed:
        return ImportFailed(why, location=Location(self.path, line, column))

    def define(self, raw: str, line: int) -> str:
        """The key of the element ``raw`` names or defines (``[T]: text``, ``<T>``, plain text)."""
        found = _ELEMENT.match(raw)
        if found is None:
            self.untitled += 1
            key = key_of(f"Untitled {self.untitled}", False)
            text: str | None = raw
        else:
            argument = found["argument"] is not None
            title = " ".join((found["argument"] if argument else found["statement"]).split())
            if not title:
                raise self.fail("a statement or argument with an empty title", line)
            key = key_of(title, argument)
            text = found["text"]
        element = self.model.element(key)
        if text is not None and text.strip():
            element.text, tags = inline(text)
            element.tags += [t for t in tags if t not in element.tags]
            element.section = self.section
            self.last = element
        else:
            self.last = None
        return key

    def front_matter(self) -> int:
        """Read the ``===`` front matter, if the document opens with it; the next line's index."""
        start = next((i for i, line in enumerate(self.lines) if line.strip()), None)
        if start is None or self.lines[start].strip() != "===":
            return 0
        end = next((i for i in range(start + 1, len(self.lines)) if self.lines[i].strip() == "==="),
                   None)
        if end is None:
            raise self.fail("the front matter opened here with '===' is never closed", start + 1)
        key = None
        for raw in self.lines[start + 1:end]:
            if (item := re.match(r"^\s*-\s+(.*)$", raw)) and key == "author":
                self.model.authors.append(_unquote(item[1]))
            elif found := _FRONT.match(raw):
                key, value = found[1].lower(), _unquote(found[2])
                if key == "title" and value:
                    self.model.title = value
                elif key == "author" and value:
                    self.model.authors += [a.strip() for a in value.split(",") if a.strip()]
                elif key == "date" and value:
                    if re.match(DATE_PATTERN, value):
                        self.model.date = value
                    else:
                        self.model.notes.append(f"front matter date {value!r} not read: "
                                                "not YYYY, YYYY-MM or YYYY-MM-DD")
        return end + 1

    def relation(self, number: int, indent: int, op: str, rest: str, column: int) -> None:
        while self.stack and self.stack[-1][0] >= indent:
            self.stack.pop()
        if not self.stack:
            raise self.fail(f"relation '{op}' is not under a statement or argument", number, column)
        parent = self.stack[-1][1]
        child = self.define(rest, number)
        kind, outgoing = _OPERATORS[op]
        source, target = (parent, child) if outgoing else (child, parent)
        self.model.relations.append((source, target, kind))
        self.stack.append((indent, child))

    def parse(self) -> Model:
        for index in range(self.front_matter(), len(self.lines)):
            number, line = index + 1, self.lines[index]
            if line.lstrip().startswith("//"):
                continue
            if not line.strip():
                self.stack, self.last = [], None
                continue
            if _PCS.match(line):
                raise self.fail("a premise-conclusion structure: export this file with `argdown "
                                "json` and import the JSON, which keeps it", number)
            if heading := _HEADING.match(line):
                self.section = inline(heading[2])[0] or None
                self.stack, self.last = [], None
                continue
            if relation := _RELATION.match(line):
                if not self.stack:
                    raise self.fail(f"relation '{relation['op']}' is not under a statement or "
                                    "argument", number, len(relation["indent"]) + 1)
                self.relation(number, _indent_width(relation["indent"]), relation["op"],
                              relation["rest"], len(relation["indent"]) + 1)
                continue
            if line[0].isspace() or (self.stack and not _ELEMENT.match(line.strip())):
                if self.last is None:
                    raise self.fail("this line continues no statement's text: is it a relation "
                                    "without its operator?", number)
                more, tags = inline(line)
                self.last.text = f"{self.last.text} {more}".strip()
                self.last.tags += [t for t in tags if t not in self.last.tags]
                continue
            self.stack = [(0, self.define(line.strip(), number))]
        if not any(k.startswith(("[", "<")) and not k.startswith("[Untitled ")
                   for k in self.model.elements) and not self.model.relations:
            raise ImportFailed("not Argdown: no statement [Title] or argument <Title>, and no "
                               "relation", location=self.path)
        return self.model


def parse_argdown(path: str, text: str) -> Model:
    """Read Argdown text into a :class:`~argmap.importing.argdown.Model`."""
    return _Parser(path, text).parse()
