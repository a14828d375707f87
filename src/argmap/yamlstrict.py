"""A strict YAML reader for store files.

PyYAML's loaders resolve YAML 1.1 types (``no`` becomes ``False``, ``2020-06-10``
a date, ``0001`` an int), expand aliases (the "billion laughs" bomb), accept
duplicate keys (the last one silently wins) and, with the wrong loader, build
arbitrary Python objects from tags. A store is hand-edited data, so this reader
takes none of that: it builds plain dicts, lists and strings straight from
PyYAML's event stream (libyaml's C parser when present) and rejects

* anchors, aliases and merge keys (``&a``, ``*a``, ``<<``),
* every explicit tag except ``!!str``,
* duplicate keys in a mapping (naming both lines),
* non-scalar keys, several documents, an empty document, a top level that is
  not a mapping, NUL bytes and invalid UTF-8.

Every scalar stays the text that was written, except an empty plain scalar or
``null``/``~``, which is ``None``. Alongside the data it records where each
value starts, keyed by its path (``("claims", 3, "quote")``), so that later
validation errors can name a line and column.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import yaml

from .errors import Location, StoreError

try:  # libyaml's parser: an order of magnitude faster than the pure-Python one
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

Path = tuple[str | int, ...]
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_STR_TAGS = frozenset({"tag:yaml.org,2002:str", "!!str"})


@dataclass
class Document:
    """A parsed store file: its data and where each value came from."""

    file: str
    data: dict[str, Any]
    positions: dict[Path, tuple[int, int]] = field(default_factory=dict)
    key_positions: dict[Path, tuple[int, int]] = field(default_factory=dict)

    def locate(self, path: Path, *, key: bool = False) -> Location:
        """Where the value at ``path`` starts (with ``key``: where its key is written).

        A path that does not exist falls back to its nearest ancestor.
        """
        if key and path in self.key_positions:
            return Location(self.file, *self.key_positions[path])
        while path not in self.positions and path:
            path = path[:-1]
        line, column = self.positions.get(path, (1, 1))
        return Location(self.file, line, column)


def _pos(mark: Any) -> tuple[int, int]:
    return (mark.line + 1, mark.column + 1)


def _decode(raw: bytes, file: str) -> str:
    nul = raw.find(b"\x00")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        bad = exc.start
        if 0 <= nul < bad:
            bad = nul
        line = raw.count(b"\n", 0, bad) + 1
        column = bad - (raw.rfind(b"\n", 0, bad) + 1) + 1
        what = "NUL byte" if bad == nul else f"invalid UTF-8 byte 0x{raw[bad]:02x}"
        raise StoreError(f"{what}: a store must be UTF-8 text",
                         location=Location(file, line, column)) from None
    if nul >= 0:
        idx = text.index("\x00")
        line = text.count("\n", 0, idx) + 1
        column = idx - (text.rfind("\n", 0, idx) + 1) + 1
        raise StoreError("NUL byte: a store must be text", location=Location(file, line, column))
    return text


def _yaml_error(exc: yaml.YAMLError, file: str) -> StoreError:
    mark = getattr(exc, "problem_mark", None)
    problem = getattr(exc, "problem", None)
    context = getattr(exc, "context", None)
    if mark is None and isinstance(exc, yaml.reader.ReaderError):
        return StoreError(f"invalid character {exc.character!r}: {exc.reason}",
                          location=Location(file, 1, exc.position + 1))
    why = problem or str(exc).splitlines()[0]
    if context:
        why = f"{why} ({context})"
    line, column = _pos(mark) if mark is not None else (1, 1)
    return StoreError(f"YAML syntax error: {why}", location=Location(file, line, column))


def parse(text: str, file: str, *, full_positions: bool = False) -> Document:
    """Parse one store file's text into a :class:`Document` (see module doc).

    Positions are recorded for the top-level keys and the items of each section
    (where claims, papers and relations are defined); with ``full_positions``,
    for every key and value, which a validation error needs to name its place
    (the loader parses again with it only then: most runs meet no error).
    """
    # Building many small containers makes the cyclic garbage collector rescan them
    # over and over; none of them can form a cycle, so pause it while building.
    enabled = gc.isenabled()
    gc.disable()
    loader = _Loader(text)
    try:
        return _parse(loader, file, full_positions)
    except yaml.YAMLError as exc:
        raise _yaml_error(exc, file) from None
    except RecursionError:  # pragma: no cover - the builder is iterative
        raise StoreError("nesting too deep", location=Location(file, 1, 1)) from None
    finally:
        loader.dispose()
        if enabled:
            gc.enable()


def _at(file: str, event: Any) -> Location:
    return Location(file, event.start_mark.line + 1, event.start_mark.column + 1)


def _check_node(event: Any, file: str) -> None:
    if event.anchor is not None:
        raise StoreError(f"anchor &{event.anchor} is not allowed: write the value out",
                         location=_at(file, event))


def _parse(loader: Any, file: str, full: bool) -> Document:
    positions: dict[Path, tuple[int, int]] = {}
    key_positions: dict[Path, tuple[int, int]] = {}
    # a frame: [container, path, is_mapping, pending key, key position, {key: line}]
    stack: list[list[Any]] = []
    root: Any = None
    documents = 0
    scalar, mapping_start, sequence_start = (yaml.ScalarEvent, yaml.MappingStartEvent,
                                             yaml.SequenceStartEvent)
    mapping_end, sequence_end = yaml.MappingEndEvent, yaml.SequenceEndEvent
    no_key, nulls, str_tags = _NO_KEY, _NULLS, _STR_TAGS
    get_event = loader.get_event

    while (event := get_event()) is not None:
        kind = type(event)
        if kind is scalar or kind is mapping_start or kind is sequence_start:
            if event.anchor is not None:
                _check_node(event, file)
            if kind is scalar:
                tag = event.tag
                if tag is not None and tag not in str_tags:
                    raise StoreError(f"tag {tag!r} is not allowed: write plain values",
                                     location=_at(file, event))
                value: Any = event.value
                plain = event.implicit[0]
                if plain and value in nulls:
                    value = None
            else:
                if event.tag is not None and not event.implicit:
                    raise StoreError(f"tag {event.tag!r} is not allowed: write plain values",
                                     location=_at(file, event))
                value = {} if kind is mapping_start else []
                plain = False
            if not stack:
                root = value
                positions[()] = (event.start_mark.line + 1, event.start_mark.column + 1)
                if kind is not scalar:
                    stack.append([value, (), kind is mapping_start, no_key, None, {}])
                continue
            frame = stack[-1]
            container, path = frame[0], frame[1]
            if frame[2]:
                key = frame[3]
                if key is no_key:  # this node is a key
                    if kind is not scalar:
                        raise StoreError("a mapping key must be a plain string",
                                         location=_at(file, event))
                    if value is None:
                        raise StoreError("empty mapping key", location=_at(file, event))
                    if plain and value == "<<":
                        raise StoreError("merge key '<<' is not allowed: write the fields out",
                                         location=_at(file, event))
                    seen = frame[5]
                    if value in seen:
                        raise StoreError(
                            f"duplicate key {value!r} (first at line {seen[value]}): "
                            "a key may appear once in a mapping", location=_at(file, event))
                    mark = event.start_mark
                    seen[value] = mark.line + 1
                    frame[3] = value
                    frame[4] = (mark.line + 1, mark.column + 1)
                    continue
                container[key] = value
                frame[3] = no_key
                if full or len(path) < 2:
                    child: Path = (*path, key)
                    key_positions[child] = frame[4]
                    # a scalar value is located where it is written; a block value at its key
                    positions[child] = frame[4] if kind is not scalar else (
                        event.start_mark.line + 1, event.start_mark.column + 1)
                else:
                    child = ()
            else:
                if full or len(path) < 2:
                    child = (*path, len(container))
                    positions[child] = (event.start_mark.line + 1, event.start_mark.column + 1)
                else:
                    child = ()
                container.append(value)
            if kind is not scalar:
                stack.append([value, child, kind is mapping_start, no_key, None, {}])
        elif kind is mapping_end or kind is sequence_end:
            stack.pop()
        elif kind is yaml.DocumentStartEvent:
            documents += 1
            if documents > 1:
                raise StoreError("several YAML documents: a store is one document",
                                 location=_at(file, event))
        elif kind is yaml.AliasEvent:
            raise StoreError(f"alias *{event.anchor} is not allowed: write the value out",
                             location=_at(file, event))

    if documents == 0 or root is None:
        raise StoreError("the store is empty: expected a mapping with papers, actors, "
                         "topics, claims and relations", location=Location(file, 1, 1))
    if not isinstance(root, dict):
        raise StoreError("the top level must be a mapping (papers:, claims:, ...), "
                         f"not a {'list' if isinstance(root, list) else 'scalar'}",
                         location=Location(file, *positions[()]))
    return Document(file, root, positions, key_positions)


class _NoKey:
    pass


_NO_KEY = _NoKey()


def parse_bytes(raw: bytes, file: str, *, full_positions: bool = False) -> Document:
    """Parse one store file's bytes (UTF-8, a BOM allowed); errors name ``file``."""
    return parse(_decode(raw, file), file, full_positions=full_positions)


def events(text: str, file: str) -> Iterator[Any]:
    """The YAML events of ``text`` with their start and end marks, for writers that
    need to know where each node begins and ends (``mark.index`` counts characters).

    Syntax errors are :class:`StoreError` naming ``file``, as in :func:`parse`.
    """
    loader = _Loader(text)
    try:
        while (event := loader.get_event()) is not None:
            yield event
    except yaml.YAMLError as exc:
        raise _yaml_error(exc, file) from None
    finally:
        loader.dispose()


def decode(raw: bytes, file: str) -> str:
    """A store file's bytes as text (a leading BOM dropped); invalid UTF-8 or NUL is a StoreError."""
    return _decode(raw, file)
