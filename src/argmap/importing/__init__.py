"""Importing maps from other argument tools: AIF (AIFdb, OVA), Argdown and Kialo.

Each format has a reader (:mod:`.aif`, :mod:`.argdown`, :mod:`.kialo`) that
turns a file into statements and typed links (:mod:`.neutral`); one mapping
step (:mod:`.mapping`) turns those into a store of one paper, which
:func:`store_text` writes as YAML that argmap's strict loader reads back. A new
format is one more reader in :data:`READERS`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from ..editing import render_entry
from ..store import ArgMap
from .mapping import Imported, Options, build
from .neutral import ImportFailed, Reading
from .source import read_text

__all__ = ["FORMATS", "ImportFailed", "Imported", "Options", "import_file", "store_text"]


def _aif(path: str, text: str) -> Reading:
    from .aif import read_aif

    return read_aif(path, text)


def _argdown(path: str, text: str) -> Reading:
    from .argdown import read_argdown

    return read_argdown(path, text)


def _kialo(path: str, text: str) -> Reading:
    from .kialo import read_kialo

    return read_kialo(path, text)


#: format name -> reader of (path, text)
READERS: dict[str, Callable[[str, str], Reading]] = {
    "aif": _aif, "argdown": _argdown, "kialo": _kialo}
FORMATS: tuple[str, ...] = tuple(READERS)
_SECTIONS = ("papers", "actors", "claims", "relations")


def import_file(fmt: str, opts: Options, loaded: ArgMap) -> Imported:
    """Read ``opts.file`` as ``fmt`` and build the store of paper ``opts.paper``.

    The paper's key must be new to the ``loaded`` map, and so must the actors
    made for speakers, so that the store can be merged with it.
    """
    if opts.paper in loaded.papers:
        where = loaded.origin("papers", opts.paper)
        raise ImportFailed(f"paper {opts.paper!r} is already in the loaded map"
                           f"{f' ({where})' if where else ''}: choose another --paper",
                           what="import")
    reading = READERS[fmt](opts.file, read_text(opts.file))
    return build(reading, opts, set(loaded.actors))


def store_text(store: dict[str, list[dict[str, object]]], header: Iterable[str] = ()) -> str:
    """The store as YAML: block lists of flow-free entries, every string quoted safely."""
    lines = [f"# {line}\n" for line in header]
    for section in _SECTIONS:
        entries = store.get(section) or []
        if not entries:
            continue
        lines.append(f"{section}:\n")
        lines += [render_entry(entry) for entry in entries]
    return "".join(lines)
