"""From a :class:`~argmap.importing.neutral.Reading` to a store: ids, relations, the paper.

The same for every format:

* each statement becomes a claim ``KEY.<slug>``, the slug made of its first
  words (ASCII, without the commonest small words), ``-2``, ``-3``... on a clash,
  ``KEY.node-<the format's id>`` when the text has no ASCII word; its ``text``
  and ``quote`` are the statement's text;
* each speaker becomes an actor ``KEY-<slug>`` (a person), the ``actor`` of the
  claims only they stated; a claim stated by several speakers names none;
* links become relations; a pair of ``attacks`` each way between two claims is
  one ``conflicts``, a pair of ``supports`` each way one ``agrees``; a repeated
  relation, and one from a claim to itself, is dropped and counted;
* the report says, for each kind of thing read, what it became.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from ..vocab import SYMMETRIC
from .neutral import ImportFailed, Reading, plural

_SMALL_WORDS = frozenset({
    "a", "an", "the", "of", "to", "and", "or", "in", "on", "at", "by", "for", "from", "with",
    "as", "is", "are", "was", "were", "be", "been", "it", "its", "this", "that", "these", "those"})
SLUG_WORDS = 6
SLUG_CHARS = 40
_PAIRED = {"attacks": "conflicts", "supports": "agrees"}


def slug(text: str) -> str:
    """The first words of ``text`` as an id part: ``"The US must leave."`` -> ``us-must-leave``."""
    folded = unicodedata.normalize("NFKD", text.replace("'", "").replace("\u2019", ""))
    words = re.findall(r"[a-z0-9]+", folded.encode("ascii", "ignore").decode().lower())
    words = [w for w in words if w not in _SMALL_WORDS] or words
    out = ""
    for word in words[:SLUG_WORDS]:
        longer = f"{out}-{word}" if out else word
        if len(longer) > SLUG_CHARS:
            break
        out = longer
    return out or (words[0][:SLUG_CHARS] if words else "")


@dataclass
class Options:
    """What the command line says of the paper the import becomes."""

    paper: str
    file: str
    title: str | None = None
    authors: list[str] = field(default_factory=list)
    date: str | None = None
    source: str | None = None
    kind: str = "other"


@dataclass
class Imported:
    """The store an import writes, and the report of what became of what."""

    store: dict[str, list[dict[str, Any]]]
    report: list[str]


def _unique(base: str, taken: set[str]) -> str:
    candidate, number = base, 1
    while candidate in taken:
        number += 1
        candidate = f"{base}-{number}"
    taken.add(candidate)
    return candidate


def _paper(reading: Reading, opts: Options) -> dict[str, Any]:
    from pathlib import Path

    authors = opts.authors or reading.authors
    date = opts.date or reading.date
    missing = []
    if not authors:
        missing.append("--author NAME (the file names no author)")
    if not date:
        missing.append("--date YYYY[-MM[-DD]] (the file gives no date for its text)")
    if missing:
        raise ImportFailed(f"give {' and '.join(missing)}", what=opts.paper)
    title = opts.title or reading.title or Path(opts.file).stem
    return {"key": opts.paper, "title": title, "authors": [{"name": a} for a in authors],
            "date": date, "kind": opts.kind, "source": opts.source}


def _relations(reading: Reading, ids: dict[str, str]) -> tuple[list[dict[str, Any]], list[str]]:
    for link in reading.links:
        for end in (link.source, link.target):
            if end not in ids:
                raise ImportFailed(f"a {link.origin} link names {end}, which is not a statement "
                                   "of the file")
    directed = {(ids[lk.source], ids[lk.target], lk.type) for lk in reading.links}
    relations: list[dict[str, Any]] = []
    index: dict[tuple[str, ...], int] = {}
    consumed: set[tuple[str, str, str]] = set()
    outcomes: dict[str, list[int | str]] = {}
    for link in reading.links:
        source, target, kind = ids[link.source], ids[link.target], link.type
        outcome: int | str
        if source == target:
            outcome = "from a claim to itself"
        elif (source, target, kind) in consumed:
            outcome = "a repeat"
        else:
            if kind in _PAIRED and (target, source, kind) in directed:
                consumed.add((source, target, kind))
                kind = _PAIRED[kind]
            elif kind not in SYMMETRIC:
                consumed.add((source, target, kind))
            key = (kind, *sorted((source, target))) if kind in SYMMETRIC else (kind, source, target)
            if key in index and kind in SYMMETRIC and link.type == kind:
                outcome = "a repeat"
            elif key in index:
                outcome = index[key]
            else:
                index[key] = outcome = len(relations)
                relations.append({"from": source, "to": target, "type": kind,
                                  "rationale": link.rationale})
        outcomes.setdefault(link.origin, []).append(outcome)
    for origin, why in reading.dropped:
        outcomes.setdefault(origin, []).append(why)
    lines = [_outcome_line(origin, results, relations) for origin, results in outcomes.items()]
    place = {claim: i for i, claim in enumerate(ids.values())}
    relations.sort(key=lambda r: (place[r["from"]], place[r["to"]], r["type"]))
    return relations, lines


def _outcome_line(origin: str, results: list[int | str], relations: list[dict[str, Any]]) -> str:
    made: dict[str, set[int]] = {}
    drops: Counter[str] = Counter()
    for result in results:
        if isinstance(result, int):
            made.setdefault(relations[result]["type"], set()).add(result)
        else:
            drops[result] += 1
    parts = [f"{len(found)} {kind}" for kind, found in made.items()]
    parts += [f"{count} dropped ({why})" for why, count in drops.items()]
    return f"{len(results)} {origin} -> {', '.join(parts)}"


def build(reading: Reading, opts: Options, taken_actors: set[str]) -> Imported:
    """The store ``reading`` becomes as paper ``opts.paper``, and the report of it."""
    paper = _paper(reading, opts)
    taken_ids: set[str] = set()
    ids: dict[str, str] = {}
    for statement in reading.statements:
        if statement.key in ids:
            raise ImportFailed(f"{statement.key} is read twice")
        part = slug(statement.text) or f"node-{slug(statement.key) or len(ids) + 1}"
        ids[statement.key] = _unique(f"{opts.paper}.{part}", taken_ids)

    speakers = list(dict.fromkeys(s for st in reading.statements for s in st.speakers))
    taken = set(taken_actors)
    actor_keys = {s: _unique(f"{opts.paper}-{slug(s) or 'speaker'}", taken) for s in speakers}
    claims = []
    several = 0
    for statement in reading.statements:
        actor = actor_keys[statement.speakers[0]] if len(statement.speakers) == 1 else None
        several += len(statement.speakers) > 1
        claims.append({"id": ids[statement.key], "paper": opts.paper, "kind": statement.kind,
                       "actor": actor, "section": statement.section, "text": statement.text,
                       "quote": statement.text, "valence": statement.valence})
    relations, link_lines = _relations(reading, ids)

    report = [f"read {reading.fmt} from {opts.file}"]
    for origin, count in Counter(st.origin for st in reading.statements).items():
        kinds = Counter(st.kind for st in reading.statements
                        if st.origin == origin and st.kind != "claim")
        shown = ", ".join(f"{n} {k}" for k, n in sorted(kinds.items(), key=lambda kn: (-kn[1], kn[0])))
        report.append(f"{count} {origin} -> {plural(count, 'claim')}"
                      + (f" (of kinds: {shown})" if shown else ""))
    report += link_lines
    report += reading.notes
    if speakers:
        line = f"{plural(len(speakers), 'speaker')} -> {plural(len(speakers), 'actor')} " \
               f"({', '.join(actor_keys.values())})"
        if several:
            line += f"; {plural(several, 'claim')} stated by several name no actor"
        report.append(line)
    store: dict[str, list[dict[str, Any]]] = {
        "papers": [paper],
        "actors": [{"key": key, "name": name, "kind": "person"} for name, key in actor_keys.items()],
        "claims": claims,
        "relations": relations,
    }
    return Imported(store, report)
