"""The map in the Argument Interchange Format (AIF JSON), as AIFdb and OVA read it.

Claims are I-nodes. Each relation becomes a scheme node between two I-nodes, so
no edge joins two I-nodes: an RA-node (inference) for ``supports``, ``confirms``,
``leads_to``, ``answers`` and ``depends_on`` (whose premise is the claim depended
on), a CA-node (conflict) for ``attacks`` and ``refutes``, two CA-nodes (one each
way) for the symmetric ``conflicts``, and an MA-node (rephrase) for ``agrees``.
Edges run premise -> scheme -> conclusion, as in the AIF specification.
"""

from __future__ import annotations

from typing import Any

from .selection import Selection
from .store import ArgMap

#: relation type -> (AIF scheme node type, scheme name, premise is the target?)
SCHEMES: dict[str, tuple[str, str, bool]] = {
    "supports": ("RA", "Default Inference", False),
    "confirms": ("RA", "Default Inference", False),
    "leads_to": ("RA", "Default Inference", False),
    "answers": ("RA", "Default Inference", False),
    "depends_on": ("RA", "Default Inference", True),
    "attacks": ("CA", "Default Conflict", False),
    "refutes": ("CA", "Default Conflict", False),
    "conflicts": ("CA", "Default Conflict", False),
    "agrees": ("MA", "Default Rephrase", False),
}


def _timestamp(date: str) -> str:
    parts = [*date.split("-"), "01", "01"][:3]
    return f"{parts[0]}-{parts[1]}-{parts[2]} 00:00:00"


def to_aif(amap: ArgMap, sel: Selection) -> dict[str, Any]:
    nodes: list[dict[str, Any]] = []
    edges: list[dict[str, Any]] = []
    ids: dict[str, str] = {}

    def node(text: str, kind: str, timestamp: str) -> str:
        node_id = str(len(nodes) + 1)
        nodes.append({"nodeID": node_id, "text": text, "type": kind, "timestamp": timestamp})
        return node_id

    def edge(source: str, target: str) -> None:
        edges.append({"edgeID": str(len(edges) + 1), "fromID": source, "toID": target,
                      "formEdgeID": None})

    for claim in sel.claims:
        ids[claim.id] = node(claim.text, "I", _timestamp(amap.papers[claim.paper].date))
    for rel in sel.relations:
        kind, name, reverse = SCHEMES[rel.type]
        premise, conclusion = (rel.target, rel.source) if reverse else (rel.source, rel.target)
        later = max((amap.claims[rel.source], amap.claims[rel.target]),
                    key=lambda c: amap.papers[c.paper].date)
        stamp = _timestamp(amap.papers[later.paper].date)
        pairs = [(premise, conclusion)]
        if rel.type == "conflicts":
            pairs.append((conclusion, premise))
        for a, b in pairs:
            scheme = node(name, kind, stamp)
            edge(ids[a], scheme)
            edge(scheme, ids[b])
    return {"nodes": nodes, "edges": edges, "locutions": [], "participants": []}
