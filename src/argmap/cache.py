"""The parsed-store cache: a validated map, kept as JSON, keyed by its files' contents.

Loading the shipped map means parsing YAML and validating it with pydantic, and
importing both costs more than answering most queries. A map once validated is
written here, under a key made of argmap's version and the SHA-256 of each store
file's bytes (the very bytes that are then parsed: see :func:`argmap.store.load`);
the next run with the same files reads it back as records, with neither YAML nor
pydantic imported.

Nothing here is trusted blindly. The file carries the SHA-256 of its payload and
its own key, so a corrupt, truncated, stale or foreign file is ignored (and
rebuilt); it is plain JSON, never pickle. Only a regular file is read, never
through a symlink and never waiting on a FIFO, and no more of it than a bound
set by its stores' size. A checksum proves no author, so the types and
references every command relies on are checked before the map is used. Any
failure while reading an entry, of whatever kind, is a miss. Files are written
atomically. Location: ``$ARGMAP_CACHE_DIR``, else ``$XDG_CACHE_HOME/argmap``, else
``~/.cache/argmap``."""

from __future__ import annotations

import gc
import hashlib
import json
import os
import re
from collections.abc import Sequence
from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import __version__
from .errors import Location
from .reading import leaves_folder
from .records import Actor, Claim, Dismissal, Event, Relation, Topic, paper_from
from .vocab import AUTHOR_KINDS, CLAIM_KINDS, RELATION_TYPES, VALENCES

if TYPE_CHECKING:
    from .store import ArgMap

#: Entries of another format are misses. 2: claims, relations and locations as columns;
#: 3: authors carry their kind (person or organization); 4: dismissed pairs.
FORMAT = 4
#: An entry may be at most this many times its stores' size (plus 1 MB): see :func:`entry_limit`.
ENTRY_FACTOR = 8


def cache_dir() -> Path:
    explicit = os.environ.get("ARGMAP_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "argmap"


def key_for(contents: Sequence[bytes]) -> str:
    """The cache key of store files with these bytes (the very bytes that are then parsed)."""
    digest = hashlib.sha256(f"argmap {__version__} cache {FORMAT}".encode())
    for data in contents:
        digest.update(hashlib.sha256(data).digest())
    return digest.hexdigest()


def write(key: str, amap: ArgMap) -> None:
    """Cache ``amap`` under ``key``; any failure is silent (the cache is an optimisation).

    Claims, relations and locations are kept as columns, one list per field:
    smaller, faster to read back, and cheap to check (a set per column, see
    :func:`_well_formed`). A relation names its claims by position in the
    claims' columns. Locations are kept by file position, not name, so that the
    same files read from another folder (and so named differently in messages)
    share the entry.
    """
    index = {name: i for i, name in enumerate(amap.files)}
    claims = list(amap.claims.values())
    position = {claim.id: i for i, claim in enumerate(claims)}
    origins = list(amap.origins.items())
    payload = json.dumps({
        "format": FORMAT, "key": key, "files": len(amap.files),
        "papers": [{**p._asdict(), "authors": [a._asdict() for a in p.authors]}
                   for p in amap.papers.values()],
        "actors": [a._asdict() for a in amap.actors.values()],
        "topics": [t._asdict() for t in amap.topics.values()],
        "claims": {name: [getattr(c, name) for c in claims] for name in Claim._fields},
        "relations": {
            "from": [position[r.source] for r in amap.relations],
            "to": [position[r.target] for r in amap.relations],
            "type": [r.type for r in amap.relations],
            "rationale": [r.rationale for r in amap.relations],
        },
        "events": [e._asdict() for e in amap.events.values()],
        "origins": {
            "section": [section for (section, _), _ in origins],
            "id": [ident for (_, ident), _ in origins],
            "file": [index[loc.file] for _, loc in origins],
            "line": [loc.line for _, loc in origins],
            "column": [loc.column for _, loc in origins],
        },
        "dismissed": {
            "a": [position[d.a] for d in amap.dismissed],
            "b": [position[d.b] for d in amap.dismissed],
            "reason": [d.reason for d in amap.dismissed],
            "file": [index[loc.file] for loc in amap.dismissed_origins],
            "line": [loc.line for loc in amap.dismissed_origins],
            "column": [loc.column for loc in amap.dismissed_origins],
        },
    }, ensure_ascii=False, separators=(",", ":"))
    body = payload.encode("utf-8")
    header = hashlib.sha256(body).hexdigest().encode() + b"\n"
    import tempfile

    folder = cache_dir()
    tmp = None
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".tmp-", suffix=".json")
        with os.fdopen(fd, "wb") as fh:
            fh.write(header + body)
        os.replace(tmp, folder / f"{key}.json")
        tmp = None
    except OSError:
        pass
    finally:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)


def entry_limit(store_bytes: int) -> int:
    """The most bytes read from an entry of stores totalling ``store_bytes``.

    An entry is about the size of its stores (measured: 0.93 to 0.99 times); the
    bound leaves room for escapes and many tiny entries, and keeps a planted
    huge file from being read at all.
    """
    return ENTRY_FACTOR * store_bytes + (1 << 20)


def read(key: str, names: Sequence[str], store_bytes: int) -> ArgMap | None:
    """The map cached under ``key`` (its files named ``names``, totalling ``store_bytes``),
    or ``None`` if absent, unreadable, corrupt, malformed or not this key's."""
    enabled = gc.isenabled()
    gc.disable()  # hundreds of thousands of small acyclic objects: no collector passes
    try:
        return _read(key, names, entry_limit(store_bytes))
    except Exception:  # whatever is wrong with an entry (even RecursionError), it is a miss
        return None
    finally:
        if enabled:
            gc.enable()


def _read(key: str, names: Sequence[str], limit: int) -> ArgMap | None:
    from .reading import read_regular
    from .store import ArgMap

    # a regular file only: never a symlink (to /dev/zero, say), never waiting on a FIFO
    raw = read_regular(cache_dir() / f"{key}.json", limit, follow_symlinks=False)
    header, _, body = raw.partition(b"\n")
    if hashlib.sha256(body).hexdigest().encode() != header:
        return None
    data = json.loads(body)
    if (type(data) is not dict or data.get("format") != FORMAT or data.get("key") != key
            or data.get("files") != len(names)):
        return None
    amap = ArgMap(files=list(names))
    amap.papers = {p["key"]: paper_from(p) for p in data["papers"]}
    amap.actors = {a["key"]: Actor(**a) for a in data["actors"]}
    amap.topics = {t["key"]: Topic(**t) for t in data["topics"]}
    amap.events = {e["key"]: Event(**e) for e in data["events"]}
    claims = _columns(data["claims"], Claim._fields)
    relations = _columns(data["relations"], ("from", "to", "type", "rationale"))
    origins = _columns(data["origins"], ("section", "id", "file", "line", "column"))
    dismissed = _columns(data["dismissed"], ("a", "b", "reason", "file", "line", "column"))
    if not (_well_formed(amap, claims, relations, origins, len(names))
            and _dismissals_well_formed(dismissed, len(claims[0]), len(names))):
        return None
    ids = claims[0]
    amap.claims = dict(zip(ids, map(Claim, *claims), strict=True))
    get = ids.__getitem__  # the ends share the claims' id strings
    amap.relations = list(map(Relation, map(get, relations[0]), map(get, relations[1]),
                              relations[2], relations[3]))
    a, b, reasons, files, lines, columns = dismissed
    amap.dismissed = list(map(Dismissal, map(get, a), map(get, b), reasons))
    amap.dismissed_origins = [Location(names[f], line, column)
                              for f, line, column in zip(files, lines, columns, strict=True)]
    # locations are needed by few commands: built on first use (ArgMap.origin)
    amap.pending_origins = origins
    return amap


def _columns(table: Any, fields: tuple[str, ...]) -> list[list[Any]]:
    """A table's columns, in the order of ``fields``: lists, all of one length."""
    if type(table) is not dict or list(table) != list(fields):
        raise ValueError("not this table")
    columns = list(table.values())
    if set(map(type, columns)) != {list} or len(set(map(len, columns))) != 1:
        raise ValueError("ragged columns")
    return columns


_STR = frozenset({str})
_OPT_STR = frozenset({str, type(None)})
_INT = frozenset({int})
_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")
_SECTIONS = frozenset({"papers", "actors", "topics", "claims", "events"})


def _strs(values: Any) -> bool:
    return type(values) is list and set(map(type, values)) <= _STR


def _waive(value: Any) -> bool:
    return type(value) is dict and set(map(type, value)) <= _STR and set(
        map(type, value.values())) <= _STR


def _date(value: Any, optional: bool = False) -> bool:
    return (optional and value is None) or (type(value) is str and bool(_DATE.fullmatch(value)))


def _indices(values: list[Any], size: int) -> bool:
    """Whether ``values`` are all ints (not bools) in ``range(size)``."""
    return not values or (set(map(type, values)) <= _INT and min(values) >= 0
                          and max(values) < size)


def _well_formed(amap: ArgMap, claims: list[list[Any]], relations: list[list[Any]],
                 origins: list[list[Any]], files: int) -> bool:
    """Whether a cached map has the types and references every command relies on.

    A checksum proves an entry was not damaged, not that argmap wrote it: an entry
    whose claim names an unknown paper, or whose id is a number, must not reach a
    command. Claims, relations and locations are checked a column at a time (a
    set or a min and max per column, not a loop in Python), so this costs little
    beside reading the entry.
    """
    papers, actors, topics = amap.papers, amap.actors, amap.topics
    for p in papers.values():
        if not (set(map(type, (p.key, p.title, p.kind))) <= _STR
                and set(map(type, (p.publisher, p.date_note, p.source))) <= _OPT_STR
                and _date(p.date) and _date(p.after, True) and _date(p.before, True)
                and _strs(p.aliases) and _waive(p.waive) and type(p.authors) is list and p.authors
                and all(type(a.name) is str and type(a.affiliation) in _OPT_STR
                        and a.kind in AUTHOR_KINDS
                        for a in p.authors)
                and (p.source is None or leaves_folder(p.source) is None)):
            return False
    for record in (*actors.values(), *topics.values()):
        if not set(map(type, record[:2])) <= _STR:
            return False
    if not all(type(a.kind) is str and _strs(a.aliases) for a in actors.values()):
        return False
    ids, paper_keys, kinds, texts, quotes, actor_keys, topic_lists, sections, valences, waivers = (
        claims)
    known = set(ids) if set(map(type, ids)) <= _STR else set()
    if not (len(known) == len(ids) and set(map(type, texts)) | set(map(type, quotes)) <= _STR
            and set(paper_keys) <= papers.keys() and set(kinds) <= set(CLAIM_KINDS)
            and set(actor_keys) - {None} <= actors.keys()
            and set(map(type, topic_lists)) <= {list}
            and set(chain.from_iterable(topic_lists)) <= topics.keys()
            and set(map(type, sections)) <= _OPT_STR
            and set(valences) - {None} <= set(VALENCES)
            and set(map(type, waivers)) <= {dict}
            and all(_waive(w) for w in waivers if w)):
        return False
    for e in amap.events.values():
        if not (set(map(type, (e.key, e.name, e.kind))) <= _STR and _date(e.date)
                and _strs(e.reported_by) and set(e.reported_by) <= known):
            return False
    sources, targets, types, rationales = relations
    if not (_indices(sources, len(ids)) and _indices(targets, len(ids))
            and set(types) <= set(RELATION_TYPES) and set(map(type, rationales)) <= _OPT_STR):
        return False
    sections_of, idents, file_index, lines, columns = origins
    return (set(sections_of) <= _SECTIONS and set(map(type, idents)) <= _STR
            and _indices(file_index, files)
            and set(map(type, lines)) | set(map(type, columns)) <= _INT)


def _dismissals_well_formed(dismissed: list[list[Any]], claims: int, files: int) -> bool:
    """Whether cached dismissals name known claims, with text reasons and locations."""
    a, b, reasons, file_index, lines, columns = dismissed
    return (_indices(a, claims) and _indices(b, claims) and set(map(type, reasons)) <= _STR
            and _indices(file_index, files)
            and set(map(type, lines)) | set(map(type, columns)) <= _INT)
