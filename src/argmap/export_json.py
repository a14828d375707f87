"""The map as networkx node-link JSON (``nodes`` and ``links``)."""

from __future__ import annotations

from typing import Any

import networkx as nx

from .graph import to_networkx
from .selection import Selection
from .store import ArgMap

FORMAT = "argmap-node-link"
VERSION = 1


def to_node_link(amap: ArgMap, sel: Selection) -> dict[str, Any]:
    data: dict[str, Any] = nx.node_link_data(to_networkx(amap, sel), edges="links")
    data["graph"] = {"format": FORMAT, "version": VERSION,
                     "papers": sorted({c.paper for c in sel.claims})}
    return data

