"""The map as a networkx graph.

Claims are nodes carrying their fields; relations are typed edges of a
``MultiDiGraph`` keyed by type, so two claims may be joined by more than one
type. A symmetric relation (``agrees``, ``conflicts``) is one edge, in the
direction it was written, marked ``symmetric=True``: it is neither counted twice
nor lost when read from the other end.
"""

from __future__ import annotations

from typing import Any

import networkx as nx

from .queries import claim_brief
from .selection import Selection, everything
from .store import ArgMap
from .vocab import SYMMETRIC


def to_networkx(amap: ArgMap, selection: Selection | None = None) -> Any:
    """A ``networkx.MultiDiGraph`` of the selection (default: the whole map)."""
    sel = selection or everything(amap)
    graph = nx.MultiDiGraph()
    for claim in sel.claims:
        graph.add_node(claim.id, **{k: v for k, v in claim_brief(claim).items() if k != "id"})
    for rel in sel.relations:
        graph.add_edge(rel.source, rel.target, key=rel.type, type=rel.type,
                       rationale=rel.rationale, symmetric=rel.type in SYMMETRIC)
    return graph
