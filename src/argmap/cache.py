"""The parsed-store cache: a validated map, kept as JSON, keyed by its files' contents.

Loading the shipped map means parsing YAML and validating it with pydantic, and
importing both costs more than answering most queries. A map once validated is
written here, under a key made of argmap's version and, for each store file, its
name (as messages show it) and the SHA-256 of its bytes; the next run with the
same files reads it back as records, with neither YAML nor pydantic imported.

Nothing here is trusted blindly: the file carries the SHA-256 of its payload and
its own key, so a corrupt, truncated, stale or foreign file is ignored (and
rebuilt); it is plain JSON, never pickle. Files are written atomically.
Location: ``$ARGMAP_CACHE_DIR``, else ``$XDG_CACHE_HOME/argmap``, else
``~/.cache/argmap``.
"""

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
from .records import Actor, Claim, Dismissal, Event, Relation, Topic, paper_from

if TYPE_CHECKING:
    from .store import ArgMap

FORMAT = 2


def cache_dir() -> Path:
    explicit = os.environ.get("ARGMAP_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "argmap"


def key_for(paths: Sequence[Path]) -> str | None:
    """The cache key of these store files' contents, or ``None`` if one cannot be read."""
    digest = hashlib.sha256(f"argmap {__version__} cache {FORMAT}".encode())
    for path in paths:
        try:
            data = Path(path).read_bytes()
        except OSError:
            return None  # the loader reports the problem
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
        "dismissed": [list(d) for d in amap.dismissed],
        "dismissed_origins": [where(loc) for loc in amap.dismissed_origins],
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


def read(key: str, names: Sequence[str]) -> ArgMap | None:
    """The map cached under ``key`` (its files named ``names``), or ``None`` if absent,
    corrupt or not this key's."""
    enabled = gc.isenabled()
    gc.disable()  # hundreds of thousands of small acyclic objects: no collector passes
    try:
        return _read(key, names)
    finally:
        if enabled:
            gc.enable()


def _read(key: str, names: Sequence[str]) -> ArgMap | None:
    from .store import ArgMap

    try:
        raw = (cache_dir() / f"{key}.json").read_bytes()
        header, _, body = raw.partition(b"\n")
        if hashlib.sha256(body).hexdigest().encode() != header:
            return None
        data = json.loads(body)
        if data["format"] != FORMAT or data["key"] != key or data["files"] != len(names):
            return None
        amap = ArgMap(files=list(names))
        amap.papers = {p["key"]: paper_from(p) for p in data["papers"]}
        amap.actors = {a["key"]: Actor(**a) for a in data["actors"]}
        amap.topics = {t["key"]: Topic(**t) for t in data["topics"]}
        if data["claim_fields"] != list(Claim._fields):
            return None
        amap.claims = {row[0]: Claim(*row) for row in data["claims"]}
        amap.relations = [Relation(*r) for r in data["relations"]]
        amap.events = {e["key"]: Event(**e) for e in data["events"]}
        # locations are needed by few commands: built on first use (ArgMap.origin)
        amap.pending_origins = data["origins"]
        if len(data["relation_origins"]) != len(amap.relations):
            return None
        amap.dismissed = [Dismissal(*d) for d in data["dismissed"]]
        amap.dismissed_origins = [Location(names[f], line, col)
                                  for f, line, col in data["dismissed_origins"]]
        if len(amap.dismissed_origins) != len(amap.dismissed):
            return None
        return amap
    except (OSError, ValueError, KeyError, TypeError):
        return None
