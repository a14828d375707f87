"""The map as an Argdown document: a section per paper, statements with tags, relations.

Each claim is a statement titled by its id, with its paraphrase as text and tags
for its paper, kind and actor. Relations are written under the statement they
leave: ``+>`` support (``supports``, ``confirms``, ``leads_to``, ``answers``, and
``depends_on`` read the other way, as ``<+``), ``->`` attack (``attacks``,
``refutes``), ``><`` contradiction (``conflicts``). Argdown has no relation for
agreement, so ``agrees`` is written as support both ways (``+>`` and ``<+``).
Argdown's special characters are escaped, so any text arrives as written.
"""

from __future__ import annotations

import re

from .selection import Selection
from .store import ArgMap

_SPECIAL = re.compile(r"([\\\[\]<>#@{}*_])")
#: relation type -> (operator written under the ``from`` claim)
OPERATORS = {
    "supports": "+>", "confirms": "+>", "leads_to": "+>", "answers": "+>",
    "depends_on": "<+", "attacks": "->", "refutes": "->", "conflicts": "><", "agrees": "+>",
}


def escape(text: str) -> str:
    return _SPECIAL.sub(r"\\\1", " ".join(text.split()))


def _tag(value: str) -> str:
    return f"#({value})" if re.search(r"[^A-Za-z0-9_-]", value) else f"#{value}"


def to_argdown(amap: ArgMap, sel: Selection) -> str:
    out: list[str] = []
    outgoing: dict[str, list[str]] = {}
    for rel in sel.relations:
        line = f"  {OPERATORS[rel.type]} [{rel.target}]"
        if rel.type == "agrees":  # agreement: support in both directions
            outgoing.setdefault(rel.source, []).append(f"  +> [{rel.target}]")
            line = f"  <+ [{rel.target}]"
        outgoing.setdefault(rel.source, []).append(line)
    paper = None
    for claim in sel.claims:
        if claim.paper != paper:
            paper = claim.paper
            info = amap.papers[paper]
            out += [f"# {escape(f'{info.key}: {info.title}')}", ""]
        tags = [_tag(claim.paper), _tag(claim.kind)]
        if claim.actor:
            tags.append(_tag(f"actor {claim.actor}"))
        out.append(f"[{claim.id}]: {escape(claim.text)} {' '.join(tags)}")
        out += outgoing.get(claim.id, [])
        out.append("")
    return "\n".join(out).rstrip("\n") + "\n"
