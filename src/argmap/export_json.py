"""The map as networkx node-link JSON (``nodes`` and ``links``)."""

from __future__ import annotations

import json
from typing import Any

import networkx as nx

from .graph import Selection, to_networkx
from .store import ArgMap

FORMAT = "argmap-node-link"
VERSION = 1


def to_node_link(amap: ArgMap, sel: Selection) -> dict[str, Any]:
    data: dict[str, Any] = nx.node_link_data(to_networkx(amap, sel), edges="links")
    data["graph"] = {"format": FORMAT, "version": VERSION,
                     "papers": sorted({c.paper for c in sel.claims})}
    return data


def dumps(data: Any) -> str:
    """Stable JSON: sorted keys, two-space indent, UTF-8 text as written."""
    return json.dumps(data, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
