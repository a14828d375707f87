"""AIF JSON, as AIFdb serves it and as OVA saves it: I-nodes become claims.

Three shapes of the same graph are read:

* AIFdb: ``{"nodes": [{"nodeID", "text", "type"}], "edges": [{"fromID", "toID"}],
  "locutions": [{"nodeID", "personID"}], "participants": [...]}``;
* OVA 3 (and xAIF): that graph under ``"AIF"``, beside OVA's layout under ``"OVA"``;
* OVA 2: ``{"nodes": [{"id", "type", "text"}], "edges": [{"from": {"id"}, "to": {"id"}}],
  "participants": [...]}``.

The file is checked here (every node has an id, a type and a text, every edge
joins two nodes of the file) and arguebuf builds the argument graph: I-nodes
and the RA, CA, MA and PA scheme nodes between them. Each RA gives a
``supports`` from each premise to its conclusion, each CA an ``attacks``, each
MA an ``agrees``; a named scheme (not a default one) is kept as the relation's
rationale. arguebuf leaves out the dialogue (L, YA and TA nodes), so it is read
here: an I-node's speaker is the speaker of the locution (L-node) anchored to
it by a YA-node, named by the file's participants or, as AIFdb writes its
L-nodes, by the text before ``" : "``. A YA of pure or assertive questioning
makes its I-node a question.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

from ..errors import Location
from .backend import arguebuf_load, parsed, scheme_links
from .neutral import ImportFailed, Link, Reading, Statement, plural
from .source import json_location, parse_json

#: The node types of AIF and its dialogue extension (AIF+).
SCHEME_TYPES = ("RA", "CA", "MA", "PA")
DIALOGUE_TYPES = ("L", "YA", "TA")
#: Scheme names that say no more than the node's type.
DEFAULT_SCHEMES = frozenset({
    "", "ra", "ca", "ma", "pa", "inference", "conflict", "rephrase", "preference",
    "default inference", "default conflict", "default rephrase", "default preference",
})
#: Illocutions (YA schemes) whose content is a question.
QUESTIONING = frozenset({"purequestioning", "assertivequestioning"})
_LINK_TYPES = {"RA": "supports", "CA": "attacks", "MA": "agrees"}
_SPEAKER = re.compile(r"^\s*([^:\n]{1,80}?)\s*:\s+\S")
WHAT = "AIF JSON"


@dataclass(frozen=True)
class _Node:
    id: str
    type: str
    text: str
    scheme: str | None
    person: str | None  # OVA 2: the participant an L-node belongs to


@dataclass
class _Graph:
    shape: str
    nodes: dict[str, _Node]
    edges: list[tuple[str, str]]
    locutions: dict[str, str]  # L-node id -> person id
    people: dict[str, str]  # person id -> name
    title: str | None = None
    date: str | None = None


def _ident(value: Any) -> str | None:
    if isinstance(value, bool) or not isinstance(value, str | int):
        return None
    return str(value)


def _name(person: dict[str, Any]) -> str:
    parts = [person.get("firstname"), person.get("surname")]
    return " ".join(p.strip() for p in parts if isinstance(p, str) and p.strip())


class _Checker:
    """Turns one of the three shapes into a :class:`_Graph`, refusing what is malformed."""

    def __init__(self, path: str, text: str) -> None:
        self.path = path
        self.text = text

    def where(self, field: str, value: object) -> Location:
        return json_location(self.path, self.text, field, value)

    def fail(self, why: str, location: Location | str | None = None) -> ImportFailed:
        return ImportFailed(why, location=location or self.path)

    def graph(self, data: Any) -> _Graph:
        if isinstance(data, dict) and isinstance(data.get("AIF"), dict):
            return self.aifdb(data["AIF"], "OVA 3")
        if isinstance(data, dict) and isinstance(data.get("nodes"), list):
            nodes = data["nodes"]
            if nodes and isinstance(nodes[0], dict) and "nodeID" not in nodes[0] and "id" in nodes[0]:
                return self.ova2(data)
            return self.aifdb(data, "AIFdb")
        raise self.fail(f"not {WHAT}: expected an object with \"nodes\" and \"edges\" lists "
                        "(AIFdb) or an \"AIF\" object (OVA)")

    def node(self, raw: Any, index: int, id_field: str) -> _Node:
        if not isinstance(raw, dict):
            raise self.fail(f"node {index + 1} of the \"nodes\" list is not an object")
        ident = _ident(raw.get(id_field))
        if ident is None:
            raise self.fail(f"node {index + 1} of the \"nodes\" list has no \"{id_field}\"")
        here = self.where(id_field, ident)
        kind = raw.get("type")
        if not isinstance(kind, str):
            raise self.fail(f"node {ident} has no \"type\"", here)
        text = raw.get("text")
        if not isinstance(text, str):
            raise self.fail(f"node {ident} has no text", here)
        kind = kind.strip().upper()
        if kind == "I" and not text.strip():
            raise self.fail(f"I-node {ident} has no text", here)
        scheme = raw.get("scheme")
        if isinstance(scheme, str) and scheme.strip().isdigit():  # OVA 2: a scheme's number
            scheme = None
        person = _ident(raw.get("participantID"))
        return _Node(ident, kind, text, scheme if isinstance(scheme, str) else None,
                     person if person not in (None, "0") else None)

    def nodes(self, raws: list[Any], id_field: str) -> dict[str, _Node]:
        out: dict[str, _Node] = {}
        for index, raw in enumerate(raws):
            node = self.node(raw, index, id_field)
            if node.id in out:
                raise self.fail(f"node {node.id} is defined twice", self.where(id_field, node.id))
            out[node.id] = node
        return out

    def edge_ends(self, nodes: dict[str, _Node], number: int, ends: tuple[str | None, ...],
                  edge_id: str | None) -> tuple[str, str]:
        name = f"edge {edge_id}" if edge_id is not None else f"edge {number + 1}"
        here = self.where("edgeID", edge_id) if edge_id is not None else None
        source, target = ends
        for end, word in ((source, "from"), (target, "to")):
            if end is None:
                raise self.fail(f"{name} has no \"{word}\" node", here)
            if end not in nodes:
                raise self.fail(f"{name} goes {word} node {end}, which is not in the file", here)
        assert source is not None and target is not None
        return source, target

    def aifdb(self, data: dict[str, Any], shape: str) -> _Graph:
        raw_nodes, raw_edges = data.get("nodes"), data.get("edges")
        if not isinstance(raw_nodes, list) or not isinstance(raw_edges, list):
            raise self.fail(f"not {WHAT}: expected \"nodes\" and \"edges\" lists")
        nodes = self.nodes(raw_nodes, "nodeID")
        edges = []
        for number, raw in enumerate(raw_edges):
            if not isinstance(raw, dict):
                raise self.fail(f"edge {number + 1} of the \"edges\" list is not an object")
            ends = (_ident(raw.get("fromID")), _ident(raw.get("toID")))
            edges.append(self.edge_ends(nodes, number, ends, _ident(raw.get("edgeID"))))
        locutions: dict[str, str] = {}
        for raw in data.get("locutions") or []:
            if isinstance(raw, dict) and (node := _ident(raw.get("nodeID"))) is not None:
                person = _ident(raw.get("personID"))
                if person is not None:
                    locutions.setdefault(node, person)
        people: dict[str, str] = {}
        for raw in data.get("participants") or []:
            ident = _ident(raw.get("participantID")) if isinstance(raw, dict) else None
            if ident is not None and (name := _name(raw)):
                people[ident] = name
        return _Graph(shape, nodes, edges, locutions, people)

    def ova2(self, data: dict[str, Any]) -> _Graph:
        raw_edges = data.get("edges")
        if not isinstance(raw_edges, list):
            raise self.fail(f"not {WHAT}: expected an \"edges\" list")
        nodes = self.nodes(data["nodes"], "id")
        edges = []
        for number, raw in enumerate(raw_edges):
            if not isinstance(raw, dict):
                raise self.fail(f"edge {number + 1} of the \"edges\" list is not an object")
            ends = tuple(_ident(end.get("id")) if isinstance(end, dict) else None
                         for end in (raw.get("from"), raw.get("to")))
            edges.append(self.edge_ends(nodes, number, ends, None))
        people: dict[str, str] = {}
        for raw in data.get("participants") or []:
            ident = _ident(raw.get("id")) if isinstance(raw, dict) else None
            if ident is not None and (name := _name(raw)):
                people[ident] = name
        locutions = {n.id: n.person for n in nodes.values() if n.type == "L" and n.person}
        graph = _Graph("OVA 2", nodes, edges, locutions, people)
        analysis = data.get("analysis")
        if isinstance(analysis, dict):
            title = analysis.get("documentTitle")
            graph.title = title.strip() if isinstance(title, str) and title.strip() else None
            date = analysis.get("documentDate")
            if isinstance(date, str) and (m := re.fullmatch(r"(\d\d)/(\d\d)/(\d{4})", date.strip())):
                graph.date = f"{m[3]}-{m[2]}-{m[1]}"
        return graph


def _scheme_name(node: _Node) -> str | None:
    name = " ".join((node.scheme or node.text).split())
    return None if name.lower() in DEFAULT_SCHEMES else name


def _speaker(graph: _Graph, lnode: _Node) -> str | None:
    person = graph.locutions.get(lnode.id)
    if person is not None and person in graph.people:
        return graph.people[person]
    found = _SPEAKER.match(lnode.text)
    return found[1] if found else None


def read_aif(path: str, text: str) -> Reading:
    """Read AIF JSON (AIFdb, OVA 3 or OVA 2) into statements and links."""
    graph = _Checker(path, text).graph(parse_json(path, text, WHAT))
    load = arguebuf_load("AIF")
    kept = {i: n for i, n in graph.nodes.items() if n.type == "I" or n.type in SCHEME_TYPES}
    order = {ident: place for place, ident in enumerate(graph.nodes)}
    argument = parsed("AIF", path, lambda: load.aif({
        "nodes": [{"nodeID": n.id, "text": n.text, "type": n.type,
                   **({"scheme": n.scheme} if n.scheme else {})} for n in kept.values()],
        "edges": [{"edgeID": f"e{i}", "fromID": a, "toID": b, "formEdgeID": None}
                  for i, (a, b) in enumerate(graph.edges) if a in kept and b in kept],
        "locutions": [],
    }))

    outgoing: dict[str, list[str]] = {}
    incoming: dict[str, list[str]] = {}
    for a, b in graph.edges:
        outgoing.setdefault(a, []).append(b)
        incoming.setdefault(b, []).append(a)
    speakers: dict[str, list[str]] = {}
    questions: set[str] = set()
    for ya in (n for n in graph.nodes.values() if n.type == "YA"):
        contents = [i for i in outgoing.get(ya.id, []) if graph.nodes[i].type == "I"]
        if re.sub(r"[\s_-]", "", (ya.scheme or ya.text)).lower() in QUESTIONING:
            questions.update(contents)
        for lnode in (graph.nodes[i] for i in incoming.get(ya.id, [])):
            if lnode.type == "L" and (who := _speaker(graph, lnode)) is not None:
                for content in contents:
                    if who not in speakers.setdefault(content, []):
                        speakers[content].append(who)

    reading = Reading(f"AIF JSON ({graph.shape})", title=graph.title, date=graph.date)
    for ident in sorted(argument.atom_nodes, key=order.__getitem__):
        node = graph.nodes[ident]
        reading.statements.append(Statement(
            ident, node.text.strip(), "I-nodes", kind="question" if ident in questions else "claim",
            speakers=tuple(speakers.get(ident, ()))))
    for scheme, premises, conclusions in scheme_links(argument, order):
        node = graph.nodes[scheme.id]
        if node.type not in _LINK_TYPES:
            continue
        if not premises or not conclusions:
            reading.dropped.append((node.type, "not between two I-nodes"))
            continue
        for premise in premises:
            for conclusion in conclusions:
                reading.links.append(Link(premise, conclusion, _LINK_TYPES[node.type], node.type,
                                          _rationale(node)))
    reading.notes += _notes(graph, len(speakers), len(questions))
    spoken = [s for ident in sorted(speakers, key=order.__getitem__) for s in speakers[ident]]
    reading.authors = list(dict.fromkeys([*graph.people.values(), *spoken]))
    return reading


def _rationale(node: _Node) -> str | None:
    name = _scheme_name(node)
    return f"AIF scheme: {name}" if name else None


def _notes(graph: _Graph, spoken: int, questions: int) -> list[str]:
    types = Counter(n.type for n in graph.nodes.values())
    notes = []
    if types["PA"]:
        notes.append(f"{types['PA']} PA dropped: argmap has no preference relation")
    if types["L"]:
        notes.append(f"{plural(types['L'], 'L-node')} (locutions) -> the speakers of "
                     f"{plural(spoken, 'claim')}; their text dropped")
    if types["YA"] or types["TA"]:
        asked = f"; {plural(questions, 'claim')} of kind question by its YA" if questions else ""
        counted = ", ".join(f"{types[t]} {t}" for t in ("YA", "TA") if types[t])
        notes.append(f"{counted} dropped (illocutions and transitions of the dialogue{asked})")
    known = {"I", *SCHEME_TYPES, *DIALOGUE_TYPES}
    for kind, count in sorted(types.items()):
        if kind not in known:
            notes.append(f"{plural(count, 'node')} of type {kind or '(none)'!r} dropped: not an "
                         "AIF node type")
    return notes
