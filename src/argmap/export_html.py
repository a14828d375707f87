"""The map as one self-contained HTML page: pan and zoom, search, filters, a claim
panel, the overview and compare, all offline.

Everything the page needs is inside the file: the style sheet, cytoscape.js (MIT,
vendored in ``argmap/web`` with its licence header), the page's script, and the
map as JSON in a ``<script type="application/json">`` element, escaped so that no
string from the store can end that element. A Content-Security-Policy allows only
those inline scripts and styles (by their SHA-256) and no request of any kind.
The data is computed here, in a stable order: positions (:mod:`argmap.map_layout`),
the overview (:mod:`argmap.overview`) and, for every ordered pair of papers,
:func:`argmap.queries.compare` itself.
"""

from __future__ import annotations

import base64
import hashlib
import itertools
import json
import re
from collections import Counter
from functools import cache
from importlib import resources
from typing import Any

from . import __version__
from .errors import ArgmapError
from .map_layout import NODE_WIDTH, place
from .overview import layout, overview
from .palette import RELATION_LOOKS, paper_look
from .queries import claim_brief, compare
from .records import Relation
from .selection import Selection
from .store import ArgMap
from .vocab import CLAIM_KINDS, RELATION_TYPES, RELATION_WORDING

Data = dict[str, Any]
#: Above this many claims the page opens one paper at a time.
LARGE = 1500
_MARKER = re.compile(r"\{\{([A-Z]+)\}\}")
_SCRIPT = re.compile(r"<script>(.*?)</script>", re.DOTALL)
_STYLE = re.compile(r"<style[^>]*>(.*?)</style>", re.DOTALL)


@cache
def asset(name: str) -> str:
    """A file of ``argmap/web`` (installed with the package) as text."""
    return (resources.files("argmap") / "web" / name).read_text(encoding="utf-8")


def _submap(amap: ArgMap, sel: Selection) -> ArgMap:
    """The selection as a map of its own, so that queries see only what the page shows."""
    if len(sel.claims) == len(amap.claims) and len(sel.relations) == len(amap.relations):
        return amap
    kept = {c.id for c in sel.claims}
    present = {c.paper for c in sel.claims}
    order = {id(r): i for i, r in enumerate(amap.relations)}
    return ArgMap(
        papers={k: p for k, p in amap.papers.items() if k in present},
        actors=amap.actors, topics=amap.topics,
        claims={cid: c for cid, c in amap.claims.items() if cid in kept},
        relations=sorted(sel.relations, key=lambda r: order.get(id(r), 0)),
        events=amap.events, files=amap.files)


def _pair_map(sub: ArgMap, left: str, right: str, between: list[Relation]) -> ArgMap:
    """Two papers of ``sub`` with all their claims and the relations between them: all
    that :func:`~argmap.queries.compare` of the two reads, so it answers as on ``sub``."""
    both = {left, right}
    return ArgMap(papers={k: p for k, p in sub.papers.items() if k in both},
                  actors=sub.actors, topics=sub.topics,
                  claims={c.id: c for key in (left, right) for c in sub.claims_by_paper[key]},
                  relations=between, events=sub.events, files=sub.files)


def _compare_pairs(sub: ArgMap, keys: list[str]) -> Data:
    """``compare`` for every ordered pair of papers, each claim given by its id.

    Each pair is asked of a map of just those two papers (:func:`_pair_map`), so a
    map of many papers does not pay for all its relations once per pair.
    """
    between: dict[frozenset[str], list[Relation]] = {}
    for rel in sub.relations:
        ends = frozenset((sub.claims[rel.source].paper, sub.claims[rel.target].paper))
        if len(ends) == 2:
            between.setdefault(ends, []).append(rel)
    out: Data = {}
    for left, right in itertools.permutations(keys, 2):
        pair = _pair_map(sub, left, right, between.get(frozenset((left, right)), []))
        found = compare(pair, left, right)
        out[f"{left}|{right}"] = {
            category: [{**entry, "left": entry["left"]["id"], "right": entry["right"]["id"]}
                       for entry in found[category]]
            for category in ("agreements", "conflicts", "dependencies")
        }
    return out


def page_data(amap: ArgMap, sel: Selection) -> Data:
    """Everything the page shows, as JSON-ready data in a stable order."""
    order = amap.paper_order
    keys = sorted({c.paper for c in sel.claims}, key=lambda k: order[k])
    by_paper: dict[str, list[Any]] = {k: [] for k in keys}
    for claim in sel.claims:
        by_paper[claim.paper].append(claim)
    placed, corners = place(keys, by_paper, sel.relations)
    claims = []
    for claim in sel.claims:
        spot = placed[claim.id]
        claims.append({**claim_brief(claim), "x": spot.x, "y": spot.y, "h": spot.height,
                       "label": spot.label})
    papers = []
    for key in keys:
        paper, look = amap.papers[key], paper_look(order[key])
        papers.append({
            "key": key, "title": paper.title, "date": paper.date, "kind": paper.kind,
            "publisher": paper.publisher,
            "authors": [{"name": a.name, "affiliation": a.affiliation} for a in paper.authors],
            "claims": len(by_paper[key]), "colour": look.colour, "fill": look.fill,
            "border": look.border, "block": list(corners[key]),
        })
    actor_counts = Counter(c.actor for c in sel.claims if c.actor)
    topic_counts = Counter(t for c in sel.claims for t in c.topics)
    kind_counts = Counter(c.kind for c in sel.claims)
    type_counts = Counter(r.type for r in sel.relations)
    sub = _submap(amap, sel)
    return {
        "format": "argmap-html",
        "version": 1,
        "filtered": sub is not amap,
        "large": len(sel.claims) > LARGE,
        "node_width": NODE_WIDTH,
        "papers": papers,
        "claims": claims,
        "relations": [{"from": r.source, "to": r.target, "type": r.type, "rationale": r.rationale}
                      for r in sel.relations],
        "actors": [{"key": k, "name": amap.actors[k].name, "claims": actor_counts[k]}
                   for k in sorted(actor_counts)],
        "topics": [{"key": k, "name": amap.topics[k].name, "claims": topic_counts[k]}
                   for k in sorted(topic_counts)],
        "no_actor": sum(1 for c in sel.claims if not c.actor),
        "no_topic": sum(1 for c in sel.claims if not c.topics),
        "kinds": [{"key": k, "claims": kind_counts[k]} for k in CLAIM_KINDS if kind_counts[k]],
        "types": [{"key": t, "relations": type_counts[t]} for t in RELATION_TYPES if type_counts[t]],
        "looks": {t: {"dash": list(look.dash), "target_arrow": look.target_arrow,
                      "source_arrow": look.source_arrow, "width": look.width, "colour": look.colour}
                  for t, look in RELATION_LOOKS.items()},
        "wording": {t: list(RELATION_WORDING[t]) for t in RELATION_TYPES},
        "overview": layout(overview(amap, sel)),
        "compare": _compare_pairs(sub, keys),
    }


def script_json(data: Any) -> str:
    """JSON that is safe inside ``<script type="application/json">``: no ``<``, ``>`` or
    ``&`` (so neither ``</script>`` nor ``<!--`` can appear), no line separators."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    for char, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                          ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(char, escaped)
    return text


def _csp_hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


def _inline(code: str, what: str) -> str:
    if re.search(r"</(script|style)|<!--", code, re.IGNORECASE):
        raise ArgmapError(f"the page's {what} cannot be inlined: it contains an end tag",
                          what="export")
    return code


def to_html(amap: ArgMap, sel: Selection) -> str:
    """The selection as one HTML page that works offline, from ``file://``."""
    data = page_data(amap, sel)
    style = _inline(asset("page.css"), "style sheet")
    library = _inline(asset("cytoscape.min.js"), "library")
    script = _inline(asset("page.js"), "script")
    keys = [p["key"] for p in data["papers"]]
    title = "argmap: " + (", ".join(keys) if len(keys) <= 6 else f"{len(keys)} papers")
    from html import escape

    values = {
        "TITLE": escape(title),
        "VERSION": escape(__version__),
        "STYLE": style,
        "LIBRARY": library,
        "SCRIPT": script,
        "DATA": script_json(data),
    }
    page = _MARKER.sub(lambda m: values.get(m.group(1), m.group(0)), asset("page.html"))
    # the policy names every inline script and style sheet of the finished page by its hash
    scripts = " ".join(_csp_hash(code) for code in _SCRIPT.findall(page))
    styles = " ".join(_csp_hash(code) for code in _STYLE.findall(page))
    return page.replace("{{SCRIPT_HASHES}}", scripts, 1).replace("{{STYLE_HASHES}}", styles, 1)
