"""Resolving what a user types (a key, an alias, a surname, a kind) to the map's ids.

Every command resolves names the same way: case and runs of spaces do not
matter, an actor answers to its key, name and aliases, a topic to its key and
name, and an unknown name is one line that lists the close matches.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from .errors import LookupFailed
from .records import Claim
from .store import ArgMap, close_matches, did_you_mean, shipped_hint


def _norm(token: str) -> str:
    return " ".join(token.strip().lower().split())


def _word(token: str) -> str:
    """A vocabulary word as compared: lower case, with ``-``, ``_`` and spaces alike."""
    return re.sub(r"[-_\s]+", "_", token.strip().lower())


def resolve_word(value: str, choices: Iterable[str], what: str) -> str:
    """The one of ``choices`` that ``value`` names, ignoring case and ``-``/``_``/space.

    ``Goal`` is ``goal`` and ``depends-on`` is ``depends_on``; anything else is
    an error naming the close matches, or every choice when none is close.
    """
    pool = list(choices)
    by_word = {_word(c): c for c in pool}
    found = by_word.get(_word(value))
    if found is not None:
        return found
    matches = [by_word[m] for m in close_matches(_word(value), by_word)]
    hint = (f"; did you mean {', '.join(matches)}?" if matches
            else f"; choose one of {', '.join(pool)}")
    raise LookupFailed(f"unknown {what} {value!r}{hint}", what=value)


def paper_names(amap: ArgMap) -> dict[str, set[str]]:
    """Every name a paper answers to (key, aliases, author surnames, organisations' names)
    -> paper keys."""
    names: dict[str, set[str]] = {}
    for paper in amap.papers.values():
        spellings = {paper.key, *paper.aliases, *paper.surnames(), *paper.organizations()}
        for surname in paper.surnames():
            if surname.startswith("al-"):
                spellings.add(surname[3:])
        for spelling in spellings:
            names.setdefault(_norm(spelling), set()).add(paper.key)
    return names


def resolve_papers(amap: ArgMap, token: str) -> list[str]:
    """The papers ``token`` names: a key, an alias or an author's surname.

    A key names its paper alone; an alias or surname shared by several papers
    (one author's several papers) names all of them, in key order.
    """
    if token in amap.papers:
        return [token]
    names = paper_names(amap)
    found = names.get(_norm(token))
    if not found:
        hint = shipped_hint(amap, lambda m: bool(paper_names(m).get(_norm(token))))
        raise LookupFailed(f"unknown paper {token!r}{did_you_mean(_norm(token), names)}{hint}",
                           what=token)
    return sorted(found)


def resolve_paper_key(amap: ArgMap, key: str) -> str:
    """A paper named by its key exactly, as a claim id's first part names it."""
    if key in amap.papers:
        return key
    hint = shipped_hint(amap, lambda m: key in m.papers)
    raise LookupFailed(f"unknown paper {key!r}{did_you_mean(key, amap.papers)}{hint}", what=key)


def _actor_names(amap: ArgMap) -> dict[str, str]:
    names: dict[str, str] = {}
    for actor in amap.actors.values():
        for spelling in (actor.key, actor.name, *actor.aliases):
            names.setdefault(_norm(spelling), actor.key)
    return names


def resolve_actor(amap: ArgMap, token: str) -> str:
    """The actor ``token`` names: its key, name or one of its aliases, in any case."""
    return _resolve_named(amap, token, "actor", lambda m: m.actors, _actor_names)


def _resolve_named(amap: ArgMap, token: str, what: str,
                   keys: Callable[[ArgMap], Mapping[str, Any]],
                   names_of: Callable[[ArgMap], dict[str, str]]) -> str:
    """The key ``token`` names among ``keys(amap)``, by key or by any spelling in
    ``names_of(amap)`` (normalised); else one line with close matches, and a hint
    when the shipped map alone defines the name."""
    if token in keys(amap):
        return token
    names = names_of(amap)
    key = names.get(_norm(token))
    if key is None:
        near = dict.fromkeys(names[m] for m in close_matches(_norm(token), names))
        hint = shipped_hint(amap, lambda m: _norm(token) in names_of(m))
        matches = f"; did you mean {', '.join(near)}?" if near else ""
        raise LookupFailed(f"unknown {what} {token!r}{matches}{hint}", what=token)
    return key


def _topic_names(amap: ArgMap) -> dict[str, str]:
    names: dict[str, str] = {}
    for topic in amap.topics.values():
        for spelling in (topic.key, topic.name):
            names.setdefault(_norm(spelling), topic.key)
    return names


def resolve_topic(amap: ArgMap, token: str) -> str:
    """The topic ``token`` names: its key or its name, in any case."""
    return _resolve_named(amap, token, "topic", lambda m: m.topics, _topic_names)


def resolve_claim(amap: ArgMap, claim_id: str) -> Claim:
    claim = amap.claims.get(claim_id)
    if claim is None:
        hint = shipped_hint(amap, lambda m: claim_id in m.claims)
        raise LookupFailed(f"unknown claim id {claim_id!r}"
                           f"{did_you_mean(claim_id, amap.claims)}{hint}", what=claim_id)
    return claim
