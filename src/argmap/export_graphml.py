"""The map as GraphML, for yEd, Gephi and networkx.

GraphML attribute values must be strings or numbers: lists are joined with
``"; "``, ``None`` values are left out, and control characters (which XML 1.0
cannot carry) are removed, so the document always parses.
"""

from __future__ import annotations

import re
from typing import Any

import networkx as nx

from .graph import to_networkx
from .selection import Selection
from .store import ArgMap

_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def clean(value: Any) -> str | int | float | bool | None:
    """A value GraphML can hold, or ``None`` to leave the attribute out."""
    if value is None:
        return None
    if isinstance(value, bool | int | float):
        return value
    if isinstance(value, list | tuple | set):
        value = "; ".join(str(v) for v in value)
    return _XML_ILLEGAL.sub("", str(value))


def to_graphml(amap: ArgMap, sel: Selection) -> str:
    source = to_networkx(amap, sel)
    graph = nx.MultiDiGraph()
    for node, attrs in source.nodes(data=True):
        graph.add_node(node, **{k: c for k, v in attrs.items() if (c := clean(v)) is not None})
    for u, v, key, attrs in source.edges(keys=True, data=True):
        graph.add_edge(u, v, key=key,
                       **{k: c for k, v2 in attrs.items() if (c := clean(v2)) is not None})
    return "\n".join(nx.generate_graphml(graph, encoding="utf-8", prettyprint=True)) + "\n"
