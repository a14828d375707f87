"""Markdown briefs: one paper's or one actor's positions, with their quotes and citations.

The default brief is one or two pages (at most :data:`BRIEF_WORDS` words). It keeps
the claims that carry the most weight in the map -- see :func:`claim_weights` -- not
the first ones, lists them in the paper's own order, and cites each claim once, as a
numbered note at the end. The ``full`` briefs give every claim with its quote and
citation.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from .analysis import RESTS_ON
from .plural import plural
from .queries import AGREEMENT_TYPES, CONFLICT_TYPES
from .records import Claim, Paper, Relation
from .store import ArgMap
from .vocab import RELATION_WORDING

#: The most words a default brief has (words as ``wc -w`` counts them).
BRIEF_WORDS = 1500
#: How far along the map's "rests on" relations a claim's weight counts.
WEIGHT_DEPTH = 8
#: What one relation to another paper adds to a claim's weight.
CROSS_WEIGHT = 3
#: A paper brief's sections: (at most, at least if the words allow) how many entries.
PAPER_SECTIONS = {"thesis": (3, 1), "arguments": (4, 2), "goal": (8, 3),
                  "recommendation": (5, 2), "prediction": (4, 2), "scenario": (8, 8),
                  "conditions": (2, 1), "each other paper": (4, 2)}

KIND_HEADINGS = [
    ("thesis", "Thesis"), ("goal", "Goals"), ("recommendation", "Recommendations"),
    ("prediction", "Predictions"), ("claim", "Positions"), ("fact", "Facts it relies on"),
    ("question", "Questions it asks"),
]

_FOOTNOTE = re.compile(r"\^\{[^{}]{0,12}\}|\^\d{1,3}\.?(?=[\s,.;:)]|$)")
#: A footnote number glued to the end of a word or sentence: "countries1," "conflict.2 "
_GLUED_NOTE = re.compile(r"(?<=[a-z]{2})\d{1,2}(?=[\s,.;:!?)]|$)|(?<=[a-z][.,;:”\"’)])\d{1,2}(?=\s|$)")
_ESCAPE = re.compile(r"\\([^\w\s])")


def clean_quote(text: str) -> str:
    """A quote as it should read: without the artefacts that text extraction leaves.

    Footnote markers (``^{2.}``, a number glued to a word: ``countries1,``), ``**``
    emphasis, backslash escapes (``\\$``) and line breaks go; no word changes.
    """
    text = _FOOTNOTE.sub("", text).replace("**", "")
    text = _ESCAPE.sub(r"\1", text)
    return " ".join(_GLUED_NOTE.sub("", text).split())


def _md(text: str) -> str:
    """Text safe inside Markdown prose: no stray emphasis, links or HTML."""
    text = " ".join(text.split())
    for ch in "\\`*_[]<>#|":
        text = text.replace(ch, "\\" + ch)
    return text


def word_count(text: str) -> int:
    """Words as ``wc -w`` counts them: runs of non-space characters."""
    return len(text.split())


# -- weights -----------------------------------------------------------------------------

def claim_weights(amap: ArgMap, ids: Iterable[str]) -> dict[str, int]:
    """How much of the map runs through each claim: its weight in a brief.

    A claim's weight is the number of claims resting on it (that depend on it or that
    it supports, confirms or leads to, transitively, up to :data:`WEIGHT_DEPTH`
    relations away), plus the number it rests on (its reasons, conditions and causes,
    counted the same way), plus :data:`CROSS_WEIGHT` for each relation to a claim of
    another paper. A thesis resting on fifty claims, a fact that three papers
    dispute, a goal that a whole scenario serves are heavy; an aside is light.
    """
    up: dict[str, list[str]] = defaultdict(list)     # claim -> claims resting on it
    down: dict[str, list[str]] = defaultdict(list)   # claim -> claims it rests on
    cross: dict[str, int] = defaultdict(int)
    for rel in amap.relations:
        if amap.claims[rel.source].paper != amap.claims[rel.target].paper:
            cross[rel.source] += 1
            cross[rel.target] += 1
        if rel.type in RESTS_ON:
            upper, ground = ((rel.source, rel.target) if RESTS_ON[rel.type]
                             else (rel.target, rel.source))
            up[ground].append(upper)
            down[upper].append(ground)

    def reach(start: str, edges: dict[str, list[str]]) -> int:
        seen = {start}
        frontier = [start]
        for _ in range(WEIGHT_DEPTH):
            frontier = [n for node in frontier for n in edges.get(node, ()) if n not in seen]
            seen.update(frontier)
            if not frontier:
                break
        return len(seen) - 1

    return {c: reach(c, up) + reach(c, down) + CROSS_WEIGHT * cross[c] for c in ids}


# -- the short brief -----------------------------------------------------------------------

class Notes:
    """Numbered notes: each cited claim gets one number, the first time it is cited."""

    def __init__(self, amap: ArgMap, home: str | None) -> None:
        self.amap = amap
        self.home = home
        self.numbers: dict[str, int] = {}

    def cite(self, *claims: Claim) -> str:
        refs = []
        for claim in claims:
            if claim.id not in self.numbers:
                self.numbers[claim.id] = len(self.numbers) + 1
            refs.append(str(self.numbers[claim.id]))
        return f"[{', '.join(refs)}]"

    def lines(self) -> list[str]:
        if not self.numbers:
            return []
        amap = self.amap
        cited = sorted({amap.claims[c].paper for c in self.numbers},
                       key=lambda k: (k != self.home, amap.paper_order[k]))
        out = ["## Notes", ""]
        if self.home is not None:
            out += [_citation(amap.papers[self.home]) + ".", ""]
            cited = [k for k in cited if k != self.home]
        if cited:
            out += ["Other papers cited:" if self.home else "Papers cited:", ""]
            out += [f"- {_md(key)}: {_citation(amap.papers[key])}." for key in cited]
            out.append("")
        for claim_id, number in self.numbers.items():
            claim = amap.claims[claim_id]
            where = [] if claim.paper == self.home else [_md(claim.paper)]
            if claim.section and _letters(claim.section) != _letters(
                    amap.papers[claim.paper].title):
                where.append(f"“{_md(_short(claim.section))}”")
            where.append(f"`{claim.id}`")
            out.append(f"{number}. {', '.join(where)}.")
        return out


def _short(section: str, most: int = 8) -> str:
    """A section heading of at most ``most`` words (long ones end in "…")."""
    words = section.split()
    return section if len(words) <= most else " ".join(words[:most]).rstrip(",;:") + "…"


def _letters(text: str) -> str:
    return "".join(ch for ch in text.lower() if ch.isalnum())


def _citation(paper: Paper) -> str:
    authors = "; ".join(_md(a.name) for a in paper.authors)
    publisher = f", {_md(paper.publisher)}" if paper.publisher else ""
    return f"{authors}, *{_md(paper.title)}*{publisher} ({paper.date})"


def _simple(text: str) -> str:
    text = re.sub(r"\([^)]*\)", " ", text.lower())
    return " ".join(re.sub(r"^the\s+", "", text.split(",")[0].strip()).split())


def _publisher_is_author(paper: Paper) -> bool:
    """Whether the publisher is an author, or an author's organisation (then the header
    names it once, with the author)."""
    if not paper.publisher:
        return False
    name = _simple(paper.publisher)
    if not name:
        return False
    for author in paper.authors:
        parts = [author.name, *re.split(r"[;,]", author.affiliation or "")]
        if any(_simple(part) and (_simple(part) == name or name in _simple(part))
               for part in parts):
            return True
    return False


def _byline(paper: Paper, unstated: str | None = None) -> str:
    """Authors, publisher (unless it is an author or their organisation), date.

    ``unstated`` stands for a publisher the paper does not state (else it is left out).
    """
    authors = "; ".join(a.name + (f" ({a.affiliation})" if a.affiliation else "")
                        for a in paper.authors)
    parts = [f"**{_md(authors)}**"]
    if not paper.publisher:
        parts += [unstated] if unstated else []
    elif not _publisher_is_author(paper):
        parts.append(_md(paper.publisher))
    parts.append(_md(_when(paper)))
    return " · ".join(parts)


def _when(paper: Paper) -> str:
    """The date, with its note: the note alone when it already gives the date."""
    if not paper.date_note:
        return paper.date
    if paper.date[:4] in paper.date_note:
        return paper.date_note
    return f"{paper.date} ({paper.date_note})"


@dataclass
class Section:
    """Part of a brief: its candidates, heaviest first, and how to write the chosen ones."""

    candidates: Sequence[Any]
    limit: int
    #: How many candidates go in (words allowing) before any section gets more.
    floor: int
    write: Callable[[list[Any], Notes], list[str]]
    chosen: list[Any] = field(default_factory=list)


def _fill(head: list[str], sections: list[Section], amap: ArgMap, home: str | None,
          words: int) -> str:
    """Add the sections' candidates while the brief stays within ``words``: first each
    section's floor, then in rounds (each section's next heaviest); return the brief."""

    def write() -> str:
        notes = Notes(amap, home)
        out = list(head)
        for section in sections:
            if section.chosen:
                out += section.write(section.chosen, notes)
        out += notes.lines()
        return "\n".join(out).rstrip("\n") + "\n"

    text = write()
    tried = {id(section): 0 for section in sections}

    def attempt(section: Section) -> None:
        nonlocal text
        rank = tried[id(section)]
        if rank >= min(section.limit, len(section.candidates)):
            return
        tried[id(section)] += 1
        section.chosen.append(section.candidates[rank])
        longer = write()
        if word_count(longer) <= words:
            text = longer
        else:
            section.chosen.pop()

    for section in sections:
        for _ in range(section.floor):
            attempt(section)
    for _ in range(max((s.limit for s in sections), default=0)):
        for section in sections:
            attempt(section)
    return text


def _by_weight(amap: ArgMap, claims: Iterable[Claim], weights: dict[str, int]) -> list[Claim]:
    return sorted(claims, key=lambda c: (-weights[c.id], amap.claim_order[c.id]))


def _in_order(amap: ArgMap, claims: Iterable[Claim]) -> list[Claim]:
    return sorted(claims, key=lambda c: amap.claim_order[c.id])


def _claim_list(amap: ArgMap, title: str, note: Callable[[Claim], str] = lambda c: ""
                ) -> Callable[[list[Any], Notes], list[str]]:
    def write(chosen: list[Any], notes: Notes) -> list[str]:
        out = [f"## {title}", ""]
        for claim in _in_order(amap, chosen):
            out.append(f"- {_md(claim.text)}{note(claim)} {notes.cite(claim)}")
        return [*out, ""]
    return write


def _grouped(amap: ArgMap, title: str, group: Callable[[Claim], str],
             note: Callable[[Claim], str] = lambda c: "",
             ) -> Callable[[list[Any], Notes], list[str]]:
    """Claims under a bold line per group; groups in the order their heaviest was chosen."""
    def write(chosen: list[Any], notes: Notes) -> list[str]:
        groups: dict[str, list[Claim]] = {}
        for claim in chosen:
            groups.setdefault(group(claim), []).append(claim)
        out = [f"## {title}", ""]
        for name, claims in groups.items():
            out.append(f"**{_md(name)}**")
            out.append("")
            out += [f"- {_md(c.text)}{note(c)} {notes.cite(c)}" for c in _in_order(amap, claims)]
            out.append("")
        return out
    return write


def _round_robin(groups: Iterable[list[Claim]]) -> list[Claim]:
    """The first of each group, then the second of each... (groups heaviest first)."""
    lists = list(groups)
    out: list[Claim] = []
    for rank in range(max((len(g) for g in lists), default=0)):
        out += [g[rank] for g in lists if rank < len(g)]
    return out


def _groups_by(amap: ArgMap, claims: list[Claim], weights: dict[str, int],
               key: Callable[[Claim], str]) -> list[list[Claim]]:
    groups: dict[str, list[Claim]] = defaultdict(list)
    for claim in _by_weight(amap, claims, weights):
        groups[key(claim)].append(claim)
    return list(groups.values())  # heaviest group first: dicts keep insertion order


def _theses(amap: ArgMap) -> Callable[[list[Any], Notes], list[str]]:
    def write(chosen: list[Any], notes: Notes) -> list[str]:
        out = ["## Thesis", ""]
        for claim in _in_order(amap, chosen):
            out += [f"{_md(claim.text)} {notes.cite(claim)}", "",
                    f"> “{_md(clean_quote(claim.quote))}”", ""]
        return out
    return write


def _scenarios(amap: ArgMap) -> Callable[[list[Any], Notes], list[str]]:
    def write(chosen: list[Any], notes: Notes) -> list[str]:
        out = ["## Scenarios", ""]
        for claim in _in_order(amap, chosen):
            out.append(f"- {_md(claim.text)}{_outcomes(amap, claim)} {notes.cite(claim)}")
        return [*out, ""]
    return write


def _conditions_of(amap: ArgMap, claim: Claim) -> list[Claim]:
    return _in_order(amap, (amap.claims[r.target] for r in amap.relations_of.get(claim.id, [])
                            if r.type == "depends_on" and r.source == claim.id
                            and amap.claims[r.target].kind == "condition"
                            and amap.claims[r.target].paper == claim.paper))


def _conditional(amap: ArgMap, claims: list[Claim], weights: dict[str, int],
                 shown: set[str]) -> list[Claim]:
    """Claims other than scenarios (which have a section) that the paper makes depend on
    conditions, unless each of those is ``shown`` elsewhere; those with the most
    conditions, then the heaviest, first."""
    found = [(len(_conditions_of(amap, c)), c) for c in claims if c.kind != "scenario"
             and any(x.id not in shown for x in _conditions_of(amap, c))]
    found = [(n, c) for n, c in found if n]
    found.sort(key=lambda nc: (-nc[0], -weights[nc[1].id], amap.claim_order[nc[1].id]))
    return [c for _, c in found]


def _conditions(amap: ArgMap) -> Callable[[list[Any], Notes], list[str]]:
    def write(chosen: list[Any], notes: Notes) -> list[str]:
        out = ["## Conditions", ""]
        for claim in _in_order(amap, chosen):
            out.append(f"- {_md(claim.text)} {notes.cite(claim)} It depends on:")
            out += [f"  - {_md(c.text)} {notes.cite(c)}" for c in _conditions_of(amap, claim)]
        return [*out, ""]
    return write


def _outcomes(amap: ArgMap, scenario: Claim) -> str:
    """" (3 consequences in the map: 2 harms, 1 benefit)"": what the paper sees it lead to."""
    led = [amap.claims[r.target] for r in amap.relations_of.get(scenario.id, [])
           if r.type == "leads_to" and r.source == scenario.id]
    if not led:
        return ""
    counts: dict[str, int] = defaultdict(int)
    for claim in led:
        counts[claim.valence or "unrated"] += 1
    parts = [plural(n, name, "unrated" if name == "unrated" else None) for name, n in sorted(
        counts.items(), key=lambda kv: ("benefit", "cost", "harm", "unrated").index(kv[0]))]
    return f" *({plural(len(led), 'consequence')} in the map: {', '.join(parts)})*"


def _cross(amap: ArgMap, own: set[str], weights: dict[str, int]
           ) -> dict[str, dict[bool, list[tuple[str, str, Relation]]]]:
    """Cross-paper agreements (True) and conflicts (False) of the ``own`` claims, by the
    other paper, strongest first (the heavier the two claims, the stronger)."""
    found: dict[str, dict[bool, list[tuple[str, str, Relation]]]] = defaultdict(
        lambda: {True: [], False: []})
    for rel in amap.relations:
        agree = rel.type in AGREEMENT_TYPES
        if not agree and rel.type not in CONFLICT_TYPES:
            continue
        a, b = amap.claims[rel.source], amap.claims[rel.target]
        if a.paper == b.paper:
            continue
        for mine, other in ((a, b), (b, a)):
            if mine.id in own and other.id not in own:
                found[other.paper][agree].append((mine.id, other.id, rel))
                break
    for sides in found.values():
        for entries in sides.values():
            _rank(amap, entries, weights)
    return found


#: Relations that state a shared or opposed position, rather than a reason for or
#: against one: they come first among a brief's agreements and conflicts.
DIRECT = frozenset({"agrees", "conflicts", "confirms", "refutes"})


def _rank(amap: ArgMap, entries: list[tuple[str, str, Relation]],
          weights: dict[str, int]) -> None:
    """Strongest first: direct relations (:data:`DIRECT`) before reasons, then the
    heavier the two claims, the stronger."""
    order = amap.claim_order
    entries.sort(key=lambda e: (e[2].type not in DIRECT, -(weights[e[0]] + weights[e[1]]),
                                order[e[0]], order[e[1]], e[2].type))


def _spread(lists: Iterable[list[tuple[str, str, Relation]]], top: int = 2) -> None:
    """Within each list (one per other paper, in order), move the entries whose own
    claim already leads an earlier list to the end, so one claim does not fill the
    brief's every section."""
    shown: set[str] = set()
    for entries in lists:
        entries.sort(key=lambda e: e[0] in shown)
        shown.update(e[0] for e in entries[:top])


def _agreements_and_conflicts(amap: ArgMap, chosen: list[Any], sides: dict[bool, list[Any]],
                              notes: Notes) -> list[str]:
    """The chosen relations, agreements then conflicts, each list in reading order and
    headed by how many of the side's relations it shows."""
    order = amap.claim_order
    out: list[str] = []
    for agree, label in ((True, "Agreements"), (False, "Conflicts")):
        picked = sorted((e for e in chosen if e in sides[agree]),
                        key=lambda e: (order[e[0]], order[e[1]]))
        if picked:
            out += [f"{label} ({len(picked)} of {len(sides[agree])}):", ""]
            out += [_relation_line(amap, mine, other, rel, notes) for mine, other, rel in picked]
            out.append("")
    return out


def _relation_line(amap: ArgMap, mine: str, other: str, rel: Relation, notes: Notes) -> str:
    a, b = amap.claims[mine], amap.claims[other]
    source, target = amap.claims[rel.source], amap.claims[rel.target]
    verb = RELATION_WORDING[rel.type][0]
    body = (_md(rel.rationale) if rel.rationale else
            f"{_md(source.paper)}: {_md(source.text)} {_md(target.paper)}: {_md(target.text)}")
    return f"- *{_md(source.paper)} {verb} {_md(target.paper)}*: {body} {notes.cite(a, b)}"


def _with_paper(amap: ArgMap, key: str, sides: dict[bool, list[tuple[str, str, Relation]]],
                first: bool, title: str) -> Callable[[list[Any], Notes], list[str]]:
    paper = amap.papers[key]
    authors = " and ".join(a.name for a in paper.authors)

    def write(chosen: list[Any], notes: Notes) -> list[str]:
        out = [f"## {title}", ""] if first else []
        out += [f"### {_md(key)} ({_md(authors)}, {paper.date[:4]})", ""]
        return out + _agreements_and_conflicts(amap, chosen, sides, notes)
    return write


def _interleave(sides: dict[bool, list[tuple[str, str, Relation]]]
                ) -> list[tuple[str, str, Relation]]:
    """Strongest conflict, strongest agreement, next conflict... (conflicts first: they
    are rarer and tell an analyst more)."""
    out = []
    for rank in range(max(len(sides[True]), len(sides[False]))):
        out += [side[rank] for side in (sides[False], sides[True]) if rank < len(side)]
    return out


#: The kinds a brief's "main arguments" come from (the others have sections of their own).
ARGUMENT_KINDS = ("claim", "fact", "condition", "consequence")


def _grounds_of(amap: ArgMap, claims: Iterable[Claim]) -> set[str]:
    """What the claims rest on directly (their reasons, conditions and causes)."""
    grounds = set()
    for claim in claims:
        for rel in amap.relations_of.get(claim.id, []):
            if rel.type in RESTS_ON and claim.id == (rel.source if RESTS_ON[rel.type]
                                                     else rel.target):
                grounds.add(rel.target if RESTS_ON[rel.type] else rel.source)
    return grounds


def _arguments(amap: ArgMap, of_kind: dict[str, list[Claim]], weights: dict[str, int]
               ) -> list[Claim]:
    """The paper's main arguments: the direct grounds of its thesis, heaviest first, then
    its other heaviest positions."""
    grounds = _grounds_of(amap, of_kind["thesis"])
    pool = _by_weight(amap, (c for k in ARGUMENT_KINDS for c in of_kind[k]), weights)
    return ([c for c in pool if c.id in grounds]
            + [c for c in pool if c.id not in grounds and c.kind == "claim"])


def paper_brief(amap: ArgMap, key: str, words: int = BRIEF_WORDS) -> str:
    """A brief of one paper in at most ``words`` words: what the map rests on most."""
    paper = amap.papers[key]
    claims = amap.claims_by_paper[key]
    own = {c.id for c in claims}
    cross_ids = {c for rel in amap.relations for c in (rel.source, rel.target)
                 if (rel.source in own) != (rel.target in own)}
    weights = claim_weights(amap, own | cross_ids)
    of_kind: dict[str, list[Claim]] = defaultdict(list)
    for claim in _by_weight(amap, claims, weights):
        of_kind[claim.kind].append(claim)
    actors = amap.actors

    def actor_name(claim: Claim) -> str:
        return actors[claim.actor].name if claim.actor else "Not tied to one actor"

    size = PAPER_SECTIONS

    def addressee(claim: Claim) -> str:
        return f"To: {actors[claim.actor].name}" if claim.actor else "To: no one actor"

    sections = [
        Section(of_kind["thesis"], *size["thesis"], _theses(amap)),
        Section(_arguments(amap, of_kind, weights), *size["arguments"],
                _claim_list(amap, "Main arguments")),
        Section(_round_robin(_groups_by(amap, of_kind["goal"], weights,
                                        lambda c: c.actor or "")),
                *size["goal"], _grouped(amap, "Goals by actor", actor_name)),
        Section(of_kind["recommendation"], *size["recommendation"],
                _grouped(amap, "Main recommendations", addressee)),
        Section(of_kind["prediction"], *size["prediction"],
                _claim_list(amap, "Main predictions")),
        Section(of_kind["scenario"], *size["scenario"], _scenarios(amap)),
        Section(_conditional(amap, claims, weights, _grounds_of(amap, of_kind["thesis"])),
                *size["conditions"], _conditions(amap)),
    ]
    cross = _cross(amap, own, weights)
    others = sorted(cross, key=lambda k: amap.paper_order[k])
    for agree in (True, False):
        _spread(cross[other][agree] for other in others)
    title = "Where the other papers agree and disagree"
    for n, other in enumerate(others):
        sections.append(Section(_interleave(cross[other]), *size["each other paper"],
                                _with_paper(amap, other, cross[other], n == 0, title)))
    head = [f"# Brief: {_md(paper.title)}", "", _byline(paper), "",
            f"{plural(len(claims), 'claim')} in the map. This brief keeps those that most of the map "
            "rests on or that other papers take up, in the paper's order; `--full` gives "
            "every claim with its quote.", ""]
    return _fill(head, sections, amap, key, words)


def actor_brief(amap: ArgMap, key: str, words: int = BRIEF_WORDS) -> str:
    """A brief of what the papers say of one actor, in at most ``words`` words."""
    actor = amap.actors[key]
    claims = [c for c in amap.claims.values() if c.actor == key]
    own = {c.id for c in claims}
    related = {c for rel in amap.relations for c in (rel.source, rel.target)
               if rel.source in own or rel.target in own}
    weights = claim_weights(amap, own | related)

    def paper_of(claim: Claim) -> str:
        return claim.paper

    def by_paper(kind: str) -> list[Claim]:
        chosen = [c for c in claims if c.kind == kind]
        return _round_robin(_groups_by(amap, chosen, weights, paper_of))

    def paper_name(claim: Claim) -> str:
        paper = amap.papers[claim.paper]
        authors = " and ".join(a.name for a in paper.authors)
        return f"{paper.key} ({authors}, {paper.date[:4]})"  # _grouped escapes it

    def valence(claim: Claim) -> str:
        return f" *({claim.valence})*" if claim.valence else ""

    relations = []
    for rel in amap.relations:
        a, b = amap.claims[rel.source], amap.claims[rel.target]
        if (a.paper != b.paper and (a.id in own or b.id in own)
                and (rel.type in AGREEMENT_TYPES or rel.type in CONFLICT_TYPES)):
            mine, other = (a.id, b.id) if a.id in own else (b.id, a.id)
            relations.append((mine, other, rel))
    _rank(amap, relations, weights)
    sides = {True: [e for e in relations if e[2].type in AGREEMENT_TYPES],
             False: [e for e in relations if e[2].type in CONFLICT_TYPES]}

    def between(chosen: list[Any], notes: Notes) -> list[str]:
        return ["## Where the papers agree and disagree about it", "",
                *_agreements_and_conflicts(amap, chosen, sides, notes)]

    sections = [
        Section(by_paper("goal"), 10, 1, _grouped(amap, "Goals, by paper", paper_name)),
        Section(by_paper("recommendation"), 6, 1,
                _grouped(amap, "Recommendations addressed to it", paper_name)),
        Section(by_paper("consequence"), 6, 1,
                _grouped(amap, "What it stands to gain or lose", paper_name, valence)),
        Section(by_paper("prediction"), 4, 1,
                _grouped(amap, "Predictions about it", paper_name)),
        Section(_interleave(sides), 8, 2, between),
    ]
    head = [f"# Brief: {_md(actor.name)}", "",
            f"{plural(len(claims), 'claim')} in the map {'is' if len(claims) == 1 else 'are'} about "
            f"{_md(actor.name)}. This brief keeps "
            "what the papers say it wants, is advised to do, and stands to gain or lose, "
            "choosing the claims most of the map rests on; `--full` gives every claim with "
            "its quote.", ""]
    return _fill(head, sections, amap, None, words)


# -- the full brief ------------------------------------------------------------------------

def _cite(amap: ArgMap, claim: Claim) -> str:
    paper = amap.papers[claim.paper]
    authors = "; ".join(a.name for a in paper.authors)
    where = f", “{_md(claim.section)}”" if claim.section else ""
    return f"{authors}, *{_md(paper.title)}* ({paper.date}){where}; `{claim.id}`"


def _item(amap: ArgMap, claim: Claim, note: str = "") -> list[str]:
    return [f"- {_md(claim.text)}{note}",
            f"  > “{_md(clean_quote(claim.quote))}”",
            f"  > — {_cite(amap, claim)}"]


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
        for c in _in_order(amap, conditions):
            out += _item(amap, c)
        out.append("")
    if consequences:
        out += ["It leads to:", ""]
        for c in _in_order(amap, consequences):
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
                f"  - “{_md(clean_quote(a.quote))}” — `{a.id}`",
                f"  - “{_md(clean_quote(b.quote))}” — {_cite(amap, b)}", ""]
    return out


def paper_brief_full(amap: ArgMap, key: str) -> str:
    """Every claim of one paper in its own structure, each with its quote and citation."""
    paper = amap.papers[key]
    claims = amap.claims_by_paper[key]
    out = [f"# Brief: {_md(paper.title)}", "",
           _byline(paper, unstated="publisher not stated"), "",
           f"{plural(len(claims), 'claim')} in the map; this brief gives the paper's positions in its "
           "own structure, each with its quote, then where the other papers agree or "
           "disagree.", ""]
    for kind, heading in KIND_HEADINGS:
        chosen = _in_order(amap, (c for c in claims if c.kind == kind))
        if not chosen:
            continue
        out += [f"## {heading}", ""]
        for claim in chosen:
            note = f" *({amap.actors[claim.actor].name})*" if claim.actor and kind in (
                "goal", "recommendation") else ""
            out += _item(amap, claim, note)
        out.append("")
    scenario_claims = _in_order(amap, (c for c in claims if c.kind == "scenario"))
    if scenario_claims:
        out += ["## Scenarios", ""]
        for scenario in scenario_claims:
            out += _scenario_lines(amap, scenario)
    # conditions and consequences that no scenario names directly
    named = {r.target for s in scenario_claims for r in amap.relations_of.get(s.id, [])
             if r.source == s.id and r.type in ("depends_on", "leads_to")}
    rest = [c for c in claims if c.kind in ("condition", "consequence") and c.id not in named]
    if rest:
        out += ["## Other conditions and consequences", ""]
        for claim in _in_order(amap, rest):
            whom = f" for {amap.actors[claim.actor].name}" if claim.actor else ""
            note = f" *({claim.valence}{whom})*" if claim.valence else ""
            out += _item(amap, claim, note)
        out.append("")
    own = {c.id for c in claims}
    out += _relations_section(amap, own, AGREEMENT_TYPES, "Where other papers agree")
    out += _relations_section(amap, own, CONFLICT_TYPES, "Where other papers disagree")
    return "\n".join(out).rstrip("\n") + "\n"


def actor_brief_full(amap: ArgMap, key: str) -> str:
    """Everything the papers say of one actor, each claim with its quote and citation."""
    actor = amap.actors[key]
    claims = [c for c in amap.claims.values() if c.actor == key]
    out = [f"# Brief: {_md(actor.name)}", "",
           f"What the papers in the map say {_md(actor.name)} wants, is advised to do, and "
           "stands to gain or lose, each with its quote and citation.", ""]
    sections = [("goal", "Goals, by paper"), ("recommendation", "Recommendations addressed to it"),
                ("consequence", "What it stands to gain or lose"),
                ("prediction", "Predictions about it"), ("claim", "Positions attributed to it")]
    for kind, heading in sections:
        chosen = _in_order(amap, (c for c in claims if c.kind == kind))
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
