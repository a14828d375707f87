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
set by its stores' size. Any failure while reading an entry, of whatever
kind, is a miss. Files are written
atomically. Location: ``$ARGMAP_CACHE_DIR``, else ``$XDG_CACHE_HOME/argmap``, else
``~/.cache/argmap``."""

from __future__ import annotations

import gc
import hashlib
import json
import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import __version__
from .errors import Location
from .records import Actor, Claim, Event, Relation, Topic, paper_from

if TYPE_CHECKING:
    from .store import ArgMap

FORMAT = 1
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

    Locations are kept by file position, not name, so that the same files read
    from another folder (and so named differently in messages) share the entry.
    """
    index = {name: i for i, name in enumerate(amap.files)}

    def where(loc: Location) -> list[Any]:
        return [index[loc.file], loc.line, loc.column]

    payload = json.dumps({
        "format": FORMAT, "key": key, "files": len(amap.files),
        "papers": [{**p._asdict(), "authors": [a._asdict() for a in p.authors]}
                   for p in amap.papers.values()],
        "actors": [a._asdict() for a in amap.actors.values()],
        "topics": [t._asdict() for t in amap.topics.values()],
        # claims as rows (field order below): smaller, and faster to read back
        "claim_fields": list(Claim._fields),
        "claims": list(amap.claims.values()),
        "relations": [[r.source, r.target, r.type, r.rationale] for r in amap.relations],
        "events": [e._asdict() for e in amap.events.values()],
        "origins": [[section, ident, *where(loc)]
                    for (section, ident), loc in amap.origins.items()],
        "relation_origins": [where(loc) for loc in amap.relation_origins],
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
            or data.get("files") != len(names) or data.get("claim_fields") != list(Claim._fields)):
        return None
    amap = ArgMap(files=list(names))
    amap.papers = {p["key"]: paper_from(p) for p in data["papers"]}
    amap.actors = {a["key"]: Actor(**a) for a in data["actors"]}
    amap.topics = {t["key"]: Topic(**t) for t in data["topics"]}
    amap.claims = {row[0]: Claim(*row) for row in data["claims"]}
    amap.relations = [Relation(*r) for r in data["relations"]]
    amap.events = {e["key"]: Event(**e) for e in data["events"]}
    # locations are needed by few commands: built on first use (ArgMap.origin)
    amap.pending_origins = data["origins"]
    if len(data["relation_origins"]) != len(amap.relations):
        return None
    return amap

