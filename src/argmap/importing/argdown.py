"""Argdown: an ``.argdown`` file, or the JSON that ``argdown json`` writes.

Statements (``[Title]: text``) become claims, and so do arguments sketched by a
description (``<Title>: text``). Relations: support (``+>``, ``<+``, ``+``) gives
``supports``, attack (``->``, ``<-``, ``-``) ``attacks``, contradiction (``><``)
``conflicts``; statement-to-statement entailment and contrariety, which
``argdown json`` names apart, count as support and attack. An argument
reconstructed as premises and a conclusion is read as its premises supporting
its conclusion, and a relation to it as a relation to its conclusion. A tag
that names a claim kind (``#goal``, ``#fact``...) gives the claim its kind, with
``#benefit``, ``#cost`` or ``#harm`` for a consequence; a heading is the
claim's section. Undercuts (``_>``) aim at an inference and are dropped.

arguebuf reads only the ``map`` part of Argdown JSON, which ``argdown json``
does not write by default, so both forms are read here: the JSON's model
(``statements``, ``arguments``, ``relations``), and the text by
:mod:`argmap.importing.argdown_text` into the same model.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from ..vocab import CLAIM_KINDS, VALENCES
from .neutral import ImportFailed, Link, Reading, Statement, plural
from .source import json_location, parse_json

WHAT_JSON = "Argdown JSON"
#: relation type (as ``argdown json`` names it) -> argmap relation type
RELATION_TYPES = {
    "support": "supports", "entails": "supports",
    "attack": "attacks", "contrary": "attacks",
    "contradictory": "conflicts",
}
_TAG = re.compile(r"#\([^)]*\)|#[^\s#]+")


@dataclass
class Element:
    """A statement (key ``[title]``) or an argument (key ``<title>``)."""

    key: str
    text: str | None = None
    tags: list[str] = field(default_factory=list)
    section: str | None = None
    #: A reconstructed argument's premise-conclusion structure: (statement key, is a conclusion).
    pcs: list[tuple[str, bool]] = field(default_factory=list)

    @property
    def title(self) -> str:
        return self.key[1:-1]


@dataclass
class Model:
    """An Argdown document as read: its elements, relations and front matter."""

    elements: dict[str, Element] = field(default_factory=dict)
    relations: list[tuple[str, str, str]] = field(default_factory=list)  # from, to, type
    title: str | None = None
    authors: list[str] = field(default_factory=list)
    date: str | None = None
    notes: list[str] = field(default_factory=list)

    def element(self, key: str) -> Element:
        if key not in self.elements:
            self.elements[key] = Element(key)
        return self.elements[key]


def key_of(title: str, argument: bool) -> str:
    return f"<{title}>" if argument else f"[{title}]"


def read_argdown(path: str, text: str) -> Reading:
    """Read Argdown text or Argdown JSON into statements and links."""
    if text.lstrip().startswith("{"):
        return to_reading(_from_json(path, text), "Argdown JSON")
    from .argdown_text import parse_argdown

    return to_reading(parse_argdown(path, text), "Argdown")


def _without_tags(text: str, ranges: Any) -> str:
    starts = sorted({r["start"] for r in ranges if isinstance(r, dict) and r.get("type") == "tag"
                     and isinstance(r.get("start"), int)}, reverse=True) if isinstance(ranges, list) else []
    for start in starts:
        found = _TAG.match(text, start)
        if found:
            text = text[: found.start()] + text[found.end():]
    return " ".join(text.split())


def _canonical(members: Any) -> dict[str, Any] | None:
    """The member Argdown shows for a statement or argument: marked canonical, else the last
    one with text."""
    defined = [m for m in members if isinstance(m, dict) and not m.get("isReference")
               and isinstance(m.get("text"), str) and m["text"].strip()] if isinstance(members, list) else []
    marked = [m for m in defined if isinstance(m.get("data"), dict) and m["data"].get("isCanonical")]
    chosen = marked or defined
    return chosen[-1] if chosen else None


def _sections(data: dict[str, Any]) -> dict[str, str]:
    out: dict[str, str] = {}
    pending = list(data.get("sections") or [])
    while pending:
        section = pending.pop()
        if isinstance(section, dict):
            if isinstance(section.get("id"), str) and isinstance(section.get("title"), str):
                out[section["id"]] = " ".join(_TAG.sub("", section["title"]).split())
            pending += section.get("children") or []
    return out


def _from_json(path: str, text: str) -> Model:
    data = parse_json(path, text, WHAT_JSON)
    if not (isinstance(data, dict) and isinstance(data.get("statements"), dict)
            and isinstance(data.get("arguments"), dict) and isinstance(data.get("relations"), list)):
        raise ImportFailed(f"not {WHAT_JSON}: expected \"statements\", \"arguments\" and "
                           "\"relations\", as `argdown json` writes them", location=path)
    sections = _sections(data)
    model = Model()
    for group, argument in ((data["statements"], False), (data["arguments"], True)):
        for title, item in group.items():
            if not isinstance(item, dict):
                raise ImportFailed(f"{key_of(title, argument)} is not an object",
                                   location=json_location(path, text, "title", title))
            element = model.element(key_of(title, argument))
            member = _canonical(item.get("members"))
            if member is not None:
                element.text = _without_tags(member["text"], member.get("ranges"))
                element.section = sections.get(member.get("section") or "")
            element.tags = [t for t in item.get("tags") or [] if isinstance(t, str)]
            for step in item.get("pcs") or [] if argument else []:
                if isinstance(step, dict) and isinstance(step.get("title"), str):
                    element.pcs.append((key_of(step["title"], False),
                                        step.get("role") != "premise"))
    ends = {"equivalence-class": False, "argument": True}
    for number, rel in enumerate(data["relations"], start=1):
        if not isinstance(rel, dict):
            raise ImportFailed(f"relation {number} is not an object", location=path)
        kind = rel.get("relationType")
        if kind == "undercut" or rel.get("toType") == "inference":
            model.relations.append(("", "", "undercut"))
            continue
        named = []
        for end in ("from", "to"):
            title, end_type = rel.get(end), rel.get(f"{end}Type")
            if not isinstance(title, str) or end_type not in ends:
                raise ImportFailed(f"relation {number} has no \"{end}\" statement or argument",
                                   location=path)
            key = key_of(title, ends[end_type])
            if key not in model.elements:
                raise ImportFailed(f"relation {number} goes {end} {key}, which is not in the file",
                                   location=json_location(path, text, end, title))
            named.append(key)
        if kind not in RELATION_TYPES:
            raise ImportFailed(f"relation {number} has an unknown type {kind!r}", location=path)
        model.relations.append((named[0], named[1], str(kind)))
    return model


def _kind(element: Element, counts: Counter[str]) -> tuple[str, str | None]:
    kinds = [t for t in element.tags if t in CLAIM_KINDS]
    valences = [t for t in element.tags if t in VALENCES]
    if len(kinds) > 1:
        counts["several kinds"] += 1
    kind = kinds[0] if kinds else "claim"
    if kind == "consequence" and not valences:
        counts["consequence without valence"] += 1
        return "claim", None
    return kind, valences[0] if kind == "consequence" else None


def to_reading(model: Model, fmt: str) -> Reading:
    """The statements and links of an Argdown model (shared by the text and JSON forms)."""
    reading = Reading(fmt, title=model.title, authors=model.authors, date=model.date)
    reading.notes += model.notes
    conclusion = {key: e.pcs[-1][0] for key, e in model.elements.items() if e.pcs}
    counts: Counter[str] = Counter()
    dropped: Counter[str] = Counter()
    # statements, then arguments, as `argdown json` lists them
    ordered = sorted(model.elements.items(), key=lambda item: item[0].startswith("<"))
    for key, element in ordered:
        if element.pcs:
            continue
        kind, valence = _kind(element, counts)
        for tag in element.tags:
            if tag not in CLAIM_KINDS and tag not in VALENCES:
                dropped[tag] += 1
        origin = "arguments" if key.startswith("<") else "statements"
        reading.statements.append(Statement(key, element.text or element.title, origin,
                                            kind=kind, valence=valence, section=element.section))
    moved = 0
    for source, target, kind in model.relations:
        if kind == "undercut":
            reading.dropped.append(("undercut relations", "aimed at an inference"))
            continue
        if source in conclusion or target in conclusion:
            moved += 1
        reading.links.append(Link(conclusion.get(source, source), conclusion.get(target, target),
                                  RELATION_TYPES[kind], f"{kind} relations"))
    for element in model.elements.values():
        premises: list[str] = []
        for step, concluded in element.pcs:
            if concluded:
                reading.links += [Link(p, step, "supports", "inferences (premises to conclusion)",
                                       f"argument {element.title}") for p in premises]
                premises = [step]
            else:
                premises.append(step)
    reading.notes += _notes(model, counts, dropped, moved)
    return reading


def _notes(model: Model, counts: Counter[str], dropped: Counter[str], moved: int) -> list[str]:
    notes = []
    if reconstructed := sum(1 for e in model.elements.values() if e.pcs):
        notes.append(f"{plural(reconstructed, 'reconstructed argument')} -> its premises "
                     f"supporting its conclusion; {plural(moved, 'relation')} to one read as "
                     "to its conclusion")
    if counts["consequence without valence"]:
        notes.append(f"{counts['consequence without valence']} #consequence without #benefit, "
                     "#cost or #harm kept as claims")
    if counts["several kinds"]:
        notes.append(f"{plural(counts['several kinds'], 'statement')} with several kind tags: "
                     "the first kept")
    if dropped:
        shown = ", ".join(f"#{t}" if re.fullmatch(r"[\w-]+", t) else f"#({t})"
                          for t, _ in dropped.most_common(4))
        more = ", ..." if len(dropped) > 4 else ""
        notes.append(f"{plural(sum(dropped.values()), 'other tag')} dropped ({shown}{more})")
    return notes
