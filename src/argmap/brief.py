"""Markdown briefs: one paper's or one actor's positions, each with its quote and citation."""

from __future__ import annotations

from collections.abc import Iterable

from .plural import plural
from .queries import AGREEMENT_TYPES, CONFLICT_TYPES
from .records import Claim
from .store import ArgMap
from .vocab import RELATION_WORDING

KIND_HEADINGS = [
    ("thesis", "Thesis"), ("goal", "Goals"), ("recommendation", "Recommendations"),
    ("prediction", "Predictions"), ("claim", "Positions"), ("fact", "Facts it relies on"),
    ("question", "Questions it asks"),
]


def _md(text: str) -> str:
    """Text safe inside Markdown prose: no stray emphasis, links or HTML."""
    text = " ".join(text.split())
    for ch in "\\`*_[]<>#|":
        text = text.replace(ch, "\\" + ch)
    return text


def _cite(amap: ArgMap, claim: Claim) -> str:
    paper = amap.papers[claim.paper]
    authors = "; ".join(a.name for a in paper.authors)
    where = f", “{_md(claim.section)}”" if claim.section else ""
    return f"{authors}, *{_md(paper.title)}* ({paper.date}){where}; `{claim.id}`"


def _item(amap: ArgMap, claim: Claim, note: str = "") -> list[str]:
    lines = [f"- {_md(claim.text)}{note}",
             f"  > “{_md(claim.quote)}”",
             f"  > — {_cite(amap, claim)}"]
    return lines


def _sorted(amap: ArgMap, claims: Iterable[Claim]) -> list[Claim]:
    return sorted(claims, key=lambda c: amap.claim_order[c.id])


def _scenario_lines(amap: ArgMap, scenario: Claim) -> list[str]:
    out = [f"### {_md(scenario.text)}", "", *_item(amap, scenario), ""]
    conditions, consequences = [], []
    for rel in amap.relations_of.get(scenario.id, []):
        if rel.source != scenario.id:
            continue
        if rel.type == "depends_on":
            conditions.append(amap.claims[rel.target])
        elif rel.type == "leads_to":
            consequences.append(amap.claims[rel.target])
    if conditions:
        out += ["It holds only if:", ""]
        for c in _sorted(amap, conditions):
            out += _item(amap, c)
        out.append("")
    if consequences:
        out += ["It leads to:", ""]
        for c in _sorted(amap, consequences):
            whom = f" for {amap.actors[c.actor].name}" if c.actor else ""
            out += _item(amap, c, f" *({c.valence}{whom})*")
        out.append("")
    return out


def _relations_section(amap: ArgMap, own: set[str], types: frozenset[str],
                       title: str) -> list[str]:
    entries = []
    for rel in amap.relations:
        if rel.type not in types:
            continue
        if amap.claims[rel.source].paper == amap.claims[rel.target].paper:
            continue
        if rel.source in own:
            entries.append((rel.source, rel.target, rel))
        elif rel.target in own:
            entries.append((rel.target, rel.source, rel))
    if not entries:
        return []
    out = [f"## {title}", ""]
    order = amap.claim_order
    for mine, other, rel in sorted(entries, key=lambda e: (order[e[0]], order[e[1]])):
        a, b = amap.claims[mine], amap.claims[other]
        reading = RELATION_WORDING[rel.type][0 if rel.source == mine else 1]
        out += [f"- **{_md(a.text)}** ({reading}) "
                f"**{amap.papers[b.paper].key}**: {_md(b.text)}",
                f"  - Why: {_md(rel.rationale or '')}",
                f"  - “{_md(a.quote)}” — `{a.id}`",
                f"  - “{_md(b.quote)}” — {_cite(amap, b)}", ""]
    return out


def paper_brief(amap: ArgMap, key: str) -> str:
    paper = amap.papers[key]
    claims = amap.claims_by_paper[key]
    authors = "; ".join(a.name + (f" ({a.affiliation})" if a.affiliation else "")
                        for a in paper.authors)
    out = [f"# Brief: {_md(paper.title)}", "",
           f"**{authors}** · {_md(paper.publisher or 'publisher not stated')} · "
           f"{_md(paper.date_note or paper.date)}", "",
           f"{plural(len(claims), 'claim')} in the map; this brief gives the paper's positions in its "
           "own structure, each with its quote, then where the other papers agree or "
           "disagree.", ""]
    for kind, heading in KIND_HEADINGS:
        chosen = _sorted(amap, (c for c in claims if c.kind == kind))
        if not chosen:
            continue
        out += [f"## {heading}", ""]
        for claim in chosen:
            note = f" *({amap.actors[claim.actor].name})*" if claim.actor and kind in (
                "goal", "recommendation") else ""
            out += _item(amap, claim, note)
        out.append("")
    scenario_claims = _sorted(amap, (c for c in claims if c.kind == "scenario"))
    if scenario_claims:
        out += ["## Scenarios", ""]
        for scenario in scenario_claims:
            out += _scenario_lines(amap, scenario)
    own = {c.id for c in claims}
    out += _relations_section(amap, own, AGREEMENT_TYPES, "Where other papers agree")
    out += _relations_section(amap, own, CONFLICT_TYPES, "Where other papers disagree")
    return "\n".join(out).rstrip("\n") + "\n"


def actor_brief(amap: ArgMap, key: str) -> str:
    actor = amap.actors[key]
    claims = [c for c in amap.claims.values() if c.actor == key]
    out = [f"# Brief: {_md(actor.name)}", "",
           f"What the papers in the map say {_md(actor.name)} wants, is advised to do, and "
           "stands to gain or lose, each with its quote and citation.", ""]
    sections = [("goal", "Goals, by paper"), ("recommendation", "Recommendations addressed to it"),
                ("consequence", "What it stands to gain or lose"),
                ("prediction", "Predictions about it"), ("claim", "Positions attributed to it")]
    for kind, heading in sections:
        chosen = _sorted(amap, (c for c in claims if c.kind == kind))
        if not chosen:
            continue
        out += [f"## {heading}", ""]
        paper = None
        for claim in chosen:
            if claim.paper != paper:
                paper = claim.paper
                out += [f"### {amap.papers[paper].key}: {_md(amap.papers[paper].title)}", ""]
            note = f" *({claim.valence})*" if claim.valence else ""
            out += _item(amap, claim, note)
        out.append("")
    own = {c.id for c in claims}
    out += _relations_section(amap, own, AGREEMENT_TYPES, "Where papers agree about it")
    out += _relations_section(amap, own, CONFLICT_TYPES, "Where papers disagree about it")
    return "\n".join(out).rstrip("\n") + "\n"
