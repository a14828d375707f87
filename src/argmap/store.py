"""Loading store files into one validated :class:`ArgMap`.

A map is one or more store files merged: the shipped map, a user's own papers,
or both. Each file is parsed strictly (:mod:`argmap.yamlstrict`), validated
against :mod:`argmap.models`, and then the merged whole is checked: ids unique
across files, every reference resolved, relations well-formed. Every problem
becomes a :class:`~argmap.errors.StoreError` naming ``FILE:LINE:COL``.
"""

from __future__ import annotations

import difflib
import functools
import gc
import os
import shlex
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import Location, StoreError
from .records import Actor, Claim, Dismissal, Event, Paper, Relation, Topic, paper_from
from .vocab import SYMMETRIC

if TYPE_CHECKING:
    from pydantic import ValidationError

    from . import yamlstrict
    from .models import StoreFile

#: The name that stands for the shipped map in ``--store`` and ``ARGMAP_STORE``.
SHIPPED = "@shipped"
STORE_ENV = "ARGMAP_STORE"


def shipped_store() -> Path:
    """The path of the shipped map, installed as package data or in a source checkout."""
    here = Path(__file__).resolve().parent
    packaged = here / "data" / "claims.yaml"  # the wheel puts it inside the package
    return packaged if packaged.is_file() else here.parents[1] / "data" / "claims.yaml"


def store_names(given: Sequence[str] | None) -> list[str]:
    """The store files to load, as the user named them (``@shipped`` for the shipped map):
    ``--store`` values, else ``ARGMAP_STORE``, else the shipped map.

    ``ARGMAP_STORE`` holds one path or several separated by ``os.pathsep``. The
    value ``@shipped`` stands for the shipped map, so a user's papers can be
    loaded beside it: ``--store @shipped --store mine.yaml``.
    """
    names = list(given or [])
    if not names:
        env = os.environ.get(STORE_ENV, "")
        names = [p for p in env.split(os.pathsep) if p]
    return names or [SHIPPED]


def store_paths(given: Sequence[str] | None) -> list[Path]:
    """The paths of the store files :func:`store_names` names."""
    return [shipped_store() if n == SHIPPED else Path(n) for n in store_names(given)]


@dataclass
class ArgMap:
    """A validated map: papers, actors, topics, claims and relations, with their origins."""

    papers: dict[str, Paper] = field(default_factory=dict)
    actors: dict[str, Actor] = field(default_factory=dict)
    topics: dict[str, Topic] = field(default_factory=dict)
    claims: dict[str, Claim] = field(default_factory=dict)
    relations: list[Relation] = field(default_factory=list)
    events: dict[str, Event] = field(default_factory=dict)
    files: list[str] = field(default_factory=list)
    #: Where each paper, actor, topic and claim is defined: (section, key) -> location.
    origins: dict[tuple[str, str], Location] = field(default_factory=dict)
    #: Where each relation is defined, by position in :attr:`relations`.
    relation_origins: list[Location] = field(default_factory=list)
    #: Pairs of claims judged unrelated, and where each is defined (by position).
    dismissed: list[Dismissal] = field(default_factory=list)
    dismissed_origins: list[Location] = field(default_factory=list)
    #: Origins as the cache stores them (columns: section, id, file index, line, column),
    #: turned into :attr:`origins` on first use.
    pending_origins: list[list[Any]] | None = None

    @cached_property
    def claims_by_paper(self) -> dict[str, list[Claim]]:
        out: dict[str, list[Claim]] = {key: [] for key in self.papers}
        for claim in self.claims.values():
            out[claim.paper].append(claim)
        return out

    @cached_property
    def relations_of(self) -> dict[str, list[Relation]]:
        """Every relation touching a claim, in or out; a symmetric one is listed at both ends once."""
        out: dict[str, list[Relation]] = defaultdict(list)
        for rel in self.relations:
            out[rel.source].append(rel)
            out[rel.target].append(rel)
        return out

    @cached_property
    def paper_order(self) -> dict[str, int]:
        """Papers in date order (imprecise dates placed by their bounds; then key): key -> rank."""
        ordered = sorted(self.papers.values(), key=lambda p: (p.timeline_key(), p.key))
        return {p.key: i for i, p in enumerate(ordered)}

    @cached_property
    def claim_order(self) -> dict[str, int]:
        """Reading order: papers by date, then each paper's claims as written."""
        rank = self.paper_order
        ordered = sorted(enumerate(self.claims.values()), key=lambda ic: (rank[ic[1].paper], ic[0]))
        return {claim.id: i for i, (_, claim) in enumerate(ordered)}

    def origin(self, section: str, key: str) -> Location | None:
        if self.pending_origins is not None:
            sections, idents, files, lines, columns = self.pending_origins
            self.origins = dict(zip(zip(sections, idents, strict=True),
                                    map(Location, map(self.files.__getitem__, files), lines,
                                        columns), strict=True))
            self.pending_origins = None
        return self.origins.get((section, key))


def close_matches(word: str, candidates: Iterable[str], n: int = 3) -> list[str]:
    """Up to ``n`` candidates that look like ``word``, best first."""
    pool = sorted(set(candidates))
    found = difflib.get_close_matches(word, pool, n=n, cutoff=0.6)
    if len(found) < n:
        low = word.lower()
        found += [c for c in pool if low and low in c.lower() and c not in found][: n - len(found)]
    return found


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    matches = close_matches(word, candidates)
    return f"; did you mean {', '.join(matches)}?" if matches else ""


@functools.cache
def _shipped_map() -> ArgMap | None:
    try:
        return load([shipped_store()])
    except StoreError:
        return None


def in_section(section: str, key: str) -> Callable[[ArgMap], bool]:
    """Whether a map defines ``key`` in ``section`` (papers, actors, topics or claims)."""
    return lambda amap: key in getattr(amap, section)


def shipped_hint(amap: ArgMap, defines: Callable[[ArgMap], bool]) -> str:
    """How to load the shipped map too, when a name ``amap`` lacks is defined there (else "").

    A user's own file may refer to the shipped map's papers, actors, topics and
    claims only when both are loaded; the usual slip is loading the file alone.
    """
    if _display(shipped_store()) in amap.files:
        return ""
    shipped = _shipped_map()
    if shipped is None or not defines(shipped):
        return ""
    mine = [shlex.quote(name) for name in amap.files]
    before = "".join(f" before --store {name}" if i == 0 else f" --store {name}"
                     for i, name in enumerate(mine))
    env = os.pathsep.join([SHIPPED, *mine])
    return f"; it is in the shipped map: add --store {SHIPPED}{before} (or set {STORE_ENV}={env})"


def _validation_error(exc: ValidationError, doc: yamlstrict.Document) -> StoreError:
    errors = exc.errors(include_url=False)
    # a misspelt field also makes the right one "missing": name the misspelling first
    err = min(errors, key=lambda e: e["type"] != "extra_forbidden")
    loc = tuple(err["loc"])
    data: Any = doc.data
    what_parts: list[str] = []
    ident: str | None = None
    for part in loc:
        if isinstance(part, int):
            what_parts[-1] += f"[{part}]"
        else:
            what_parts.append(str(part))
        if isinstance(data, dict | list):
            try:
                data = data[part]  # type: ignore[index]
            except (KeyError, IndexError, TypeError):
                data = None
            if isinstance(data, dict):
                for id_field in ("id", "key"):
                    if isinstance(data.get(id_field), str):
                        ident = data[id_field]
    kind = err["type"]
    if kind == "extra_forbidden":
        why = f"unknown field {loc[-1]!r}"
        loc_for_position: tuple[Any, ...] = loc
    elif kind == "missing":
        why = f"missing required field {loc[-1]!r}"
        loc_for_position = loc[:-1]
    else:
        # with an id to name, say which field; without one, the path is the name
        why = f"{'.'.join(what_parts)}: {err['msg']}" if ident else err["msg"]
        loc_for_position = loc
    location = doc.locate(loc_for_position, key=kind == "extra_forbidden")
    return StoreError(why, location=location, what=ident or ".".join(what_parts))


def load_file(path: Path, display: str | None = None) -> tuple[StoreFile, yamlstrict.Document]:
    """Read, parse and validate one store file on its own (no cross-file checks)."""
    from .reading import read_store

    name = display or str(path)
    return parse_store(read_store(path, name), name)


def parse_store(raw: bytes, name: str) -> tuple[StoreFile, yamlstrict.Document]:
    """Parse and validate one store file's bytes, as read once by :func:`~argmap.reading.read_store`."""
    from pydantic import ValidationError

    from . import yamlstrict
    from .models import StoreFile

    doc = yamlstrict.parse_bytes(raw, name)
    enabled = gc.isenabled()
    gc.disable()  # as in the parser: many small acyclic objects
    try:
        return StoreFile.model_validate(doc.data), doc
    except ValidationError as exc:
        # name the exact place: parse the same bytes again, this time keeping every position
        full = yamlstrict.parse_bytes(raw, name, full_positions=True)
        raise _validation_error(exc, full) from None
    finally:
        if enabled:
            gc.enable()


def _display(path: Path) -> str:
    """How errors name a store: as given, or the shipped map relative to here if below it."""
    if path == shipped_store() and path.is_relative_to(Path.cwd()):
        return os.path.relpath(path)
    return str(path)


def load(paths: Sequence[Path] | None = None, *, use_cache: bool = False) -> ArgMap:
    """Load, merge and validate the given store files (default: see :func:`store_paths`).

    With ``use_cache``, a map already validated from files with exactly these
    contents is read back from the parsed-store cache (:mod:`argmap.cache`)
    instead, without YAML parsing or validation; a new one is cached.
    """
    from .reading import read_store

    chosen = list(paths) if paths is not None else store_paths(None)
    named = [(path, _display(path)) for path in chosen]
    # each store is read once: these bytes are both hashed for the cache and parsed
    contents = [read_store(path, name) for path, name in named]
    names = [name for _, name in named]
    if use_cache:
        from . import cache

        key = cache.key_for(contents)
        cached = cache.read(key, names, sum(map(len, contents)))
        if cached is not None:
            return cached
    enabled = gc.isenabled()
    gc.disable()  # building the map allocates hundreds of thousands of acyclic objects
    try:
        amap = ArgMap()
        for name, raw in zip(names, contents, strict=True):
            store, doc = parse_store(raw, name)
            amap.files.append(name)
            _merge(amap, store, doc)
        _check_references(amap)
        if use_cache:
            cache.write(key, amap)
        return amap
    finally:
        if enabled:
            gc.enable()


def _merge(amap: ArgMap, store: StoreFile, doc: yamlstrict.Document) -> None:
    sections: list[tuple[str, str, list[Any], dict[str, Any], Any]] = [
        ("papers", "key", store.papers, amap.papers, lambda m: paper_from(m.model_dump())),
        ("actors", "key", store.actors, amap.actors, lambda m: Actor(**m.model_dump())),
        ("topics", "key", store.topics, amap.topics, lambda m: Topic(**m.model_dump())),
        ("claims", "id", store.claims, amap.claims, lambda m: Claim(**m.model_dump())),
        ("events", "key", store.events, amap.events, lambda m: Event(**m.model_dump())),
    ]
    for section, id_field, items, target, record in sections:
        for index, model in enumerate(items):
            item = record(model)
            ident = getattr(item, id_field)
            here = doc.locate((section, index))
            if ident in target:
                first = amap.origins[(section, ident)]
                raise StoreError(f"duplicate {id_field}: first defined at {first}",
                                 location=here, what=ident)
            target[ident] = item
            amap.origins[(section, ident)] = here
    for index, rel in enumerate(store.relations):
        amap.relations.append(Relation(rel.source, rel.target, rel.type, rel.rationale))
        amap.relation_origins.append(doc.locate(("relations", index)))
    for index, pair in enumerate(store.dismissed):
        amap.dismissed.append(Dismissal(pair.a, pair.b, pair.reason))
        amap.dismissed_origins.append(doc.locate(("dismissed", index)))



def _relation_name(rel: Relation) -> str:
    return f"{rel.source} -{rel.type}-> {rel.target}"


def _check_references(amap: ArgMap) -> None:
    for claim in amap.claims.values():
        here = amap.origins[("claims", claim.id)]
        if claim.paper not in amap.papers:
            raise StoreError(f"unknown paper {claim.paper!r}{did_you_mean(claim.paper, amap.papers)}"
                             f"{shipped_hint(amap, in_section('papers', claim.paper))}",
                             location=here, what=claim.id)
        if not claim.id.startswith(claim.paper + "."):
            raise StoreError(f"a claim id starts with its paper's key: {claim.paper}.…",
                             location=here, what=claim.id)
        if claim.actor is not None and claim.actor not in amap.actors:
            raise StoreError(f"unknown actor {claim.actor!r}{did_you_mean(claim.actor, amap.actors)}"
                             f"{shipped_hint(amap, in_section('actors', claim.actor))}",
                             location=here, what=claim.id)
        for topic in claim.topics:
            if topic not in amap.topics:
                raise StoreError(f"unknown topic {topic!r}{did_you_mean(topic, amap.topics)}"
                                 f"{shipped_hint(amap, in_section('topics', topic))}",
                                 location=here, what=claim.id)
        if len(set(claim.topics)) != len(claim.topics):
            raise StoreError("a topic is listed twice", location=here, what=claim.id)
        if (claim.kind == "consequence") != (claim.valence is not None):
            why = ("a consequence needs a valence (benefit, cost or harm)"
                   if claim.kind == "consequence" else
                   f"only a consequence has a valence, and this is a {claim.kind}")
            raise StoreError(why, location=here, what=claim.id)

    for event in amap.events.values():
        for claim_id in event.reported_by:
            if claim_id not in amap.claims:
                raise StoreError(f"unknown claim {claim_id!r}{did_you_mean(claim_id, amap.claims)}"
                                 f"{shipped_hint(amap, in_section('claims', claim_id))}",
                                 location=amap.origins[("events", event.key)], what=event.key)

    seen: dict[tuple[str, str, str], tuple[Location, str]] = {}
    for rel, here in zip(amap.relations, amap.relation_origins, strict=True):
        name = _relation_name(rel)
        for end in (rel.source, rel.target):
            if end not in amap.claims:
                raise StoreError(f"unknown claim {end!r}{did_you_mean(end, amap.claims)}"
                                 f"{shipped_hint(amap, in_section('claims', end))}",
                                 location=here, what=name)
        if rel.source == rel.target:
            raise StoreError("a relation joins two different claims", location=here, what=name)
        ends = sorted((rel.source, rel.target)) if rel.type in SYMMETRIC else [rel.source,
                                                                                 rel.target]
        key = (ends[0], ends[1], rel.type)
        if key in seen:
            first, first_source = seen[key]
            how = "in the other direction " if first_source != rel.source else ""
            raise StoreError(f"the same relation is given twice {how}(first at {first})",
                             location=here, what=name)
        seen[key] = (here, rel.source)
        cross = amap.claims[rel.source].paper != amap.claims[rel.target].paper
        if cross and not (rel.rationale and rel.rationale.strip()):
            raise StoreError("a relation between two papers needs a rationale",
                             location=here, what=name)
    _check_dismissed(amap)


def dismissal_name(pair: Dismissal) -> str:
    return f"dismissed {pair.a} / {pair.b}"


def _check_dismissed(amap: ArgMap) -> None:
    """Dismissals name two different known claims, once per unordered pair, with a reason.

    A pair both related and dismissed is valid (a relation found later outranks an
    earlier dismissal, and a user's file cannot edit the shipped one): ``argmap
    lint`` warns about it.
    """
    seen: dict[frozenset[str], Location] = {}
    for pair, here in zip(amap.dismissed, amap.dismissed_origins, strict=True):
        name = dismissal_name(pair)
        for end in (pair.a, pair.b):
            if end not in amap.claims:
                raise StoreError(f"unknown claim {end!r}{did_you_mean(end, amap.claims)}",
                                 location=here, what=name)
        if pair.a == pair.b:
            raise StoreError("a dismissal joins two different claims", location=here, what=name)
        if not pair.reason.strip():
            raise StoreError("a dismissal needs a reason", location=here, what=name)
        key = frozenset((pair.a, pair.b))
        if key in seen:
            raise StoreError(f"the same pair is dismissed twice (first at {seen[key]})",
                             location=here, what=name)
        seen[key] = here


def check_contents(named: Sequence[tuple[str, bytes]]) -> ArgMap:
    """Merge and validate store files already in memory, (name, bytes) each, as :func:`load`
    does with files (no cache): e.g. a store about to be written."""
    amap = ArgMap()
    for name, raw in named:
        store, doc = parse_store(raw, name)
        amap.files.append(name)
        _merge(amap, store, doc)
    _check_references(amap)
    return amap
