"""The map as a Mermaid flowchart, which GitHub renders inside Markdown.

A subgraph per paper, node ids synthetic (``n1``...), labels quoted with
Mermaid's entity codes for the characters its parser would read (``"`` becomes
``#quot;``), edge style per relation type (symmetric ones undirected).
"""

from __future__ import annotations

from .export_dot import paper_colours, wrap
from .selection import Selection
from .store import ArgMap

ARROWS = {
    "supports": "-->", "attacks": "--x", "agrees": "---", "conflicts": "x--x",
    "depends_on": "-.->", "leads_to": "==>", "answers": "-.->", "confirms": "-->",
    "refutes": "--x",
}
_ENTITIES = {"&": "#amp;", '"': "#quot;", "<": "#lt;", ">": "#gt;", "#": "#35;",
             "|": "#124;", "`": "#96;", "\\": "#92;"}


def label(text: str) -> str:
    escaped = "".join(_ENTITIES.get(ch, ch) for ch in text)
    return escaped.replace("\n", "<br/>")


def to_mermaid(amap: ArgMap, sel: Selection) -> str:
    colours = paper_colours(amap)
    ids = {c.id: f"n{i}" for i, c in enumerate(sel.claims, 1)}
    out = ["flowchart LR"]
    papers: dict[str, list[str]] = {}
    for claim in sel.claims:
        papers.setdefault(claim.paper, []).append(claim.id)
    for n, key in enumerate(sorted(papers, key=lambda k: amap.paper_order[k]), 1):
        out.append(f'  subgraph p{n}["{label(key + ": " + amap.papers[key].title)}"]')
        for claim_id in papers[key]:
            claim = amap.claims[claim_id]
            text = label(f"{wrap(claim.text)}\n[{claim.kind}] {claim.id}")
            out.append(f'    {ids[claim_id]}["{text}"]')
        out.append("  end")
    for rel in sel.relations:
        out.append(f"  {ids[rel.source]} {ARROWS[rel.type]}|{rel.type}| {ids[rel.target]}")
    for n, key in enumerate(sorted(papers, key=lambda k: amap.paper_order[k]), 1):
        out.append(f"  classDef paper{n} fill:{colours[key]},stroke:#666666,color:#000000")
        out.append(f"  class {','.join(ids[c] for c in papers[key])} paper{n}")
    return "\n".join(out) + "\n"
