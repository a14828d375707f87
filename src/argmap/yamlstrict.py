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


def _events(text: str, file: str) -> Iterator[Any]:
    loader = _Loader(text)
    try:
        while loader.check_event():
            yield loader.get_event()
    except yaml.YAMLError as exc:
        raise _yaml_error(exc, file) from None
    finally:
        loader.dispose()


def _scalar(event: Any, file: str) -> str | None:
    if event.tag is not None and event.tag not in _STR_TAGS:
        raise StoreError(f"tag {event.tag!r} is not allowed: write plain values",
                         location=Location(file, *_pos(event.start_mark)))
    if event.implicit[0] and event.value in _NULLS:
        return None
    return str(event.value)


def parse(text: str, file: str) -> Document:
    """Parse one store file's text into a :class:`Document` (see module doc)."""
    # Building many small containers makes the cyclic garbage collector rescan them
    # over and over; none of them can form a cycle, so pause it while building.
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _parse(text, file)
    finally:
        if enabled:
            gc.enable()


def _parse(text: str, file: str) -> Document:
    positions: dict[Path, tuple[int, int]] = {}
    key_positions: dict[Path, tuple[int, int]] = {}
    # Each frame: [container, path, pending key (mappings), key line/col]
    stack: list[list[Any]] = []
    root: Any = None
    documents = 0

    def where(event: Any) -> Location:
        return Location(file, *_pos(event.start_mark))

    def attach(value: Any, event: Any) -> Path:
        nonlocal root
        if not stack:
            root = value
            positions[()] = _pos(event.start_mark)
            return ()
        frame = stack[-1]
        container, path = frame[0], frame[1]
        if isinstance(container, list):
            child = (*path, len(container))
            container.append(value)
            positions[child] = _pos(event.start_mark)
            return child
        key = frame[2]
        if key is _NO_KEY:  # this value is a key
            if not isinstance(value, str):
                raise StoreError("a mapping key must be a plain string", location=where(event))
            if value in container:
                first = key_positions[(*path, value)]
                raise StoreError(
                    f"duplicate key {value!r} (first at line {first[0]}): "
                    "a key may appear once in a mapping",
                    location=where(event))
            frame[2] = value
            frame[3] = _pos(event.start_mark)
            return tuple(path)
        child = (*path, key)
        container[key] = value
        # a scalar value is located where it is written; a block value at its key
        key_positions[child] = frame[3]
        positions[child] = frame[3] if isinstance(value, dict | list) else _pos(event.start_mark)
        frame[2] = _NO_KEY
        return child

    try:
        for event in _events(text, file):
            if isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    raise StoreError("several YAML documents: a store is one document",
                                     location=where(event))
                continue
            if isinstance(event, yaml.AliasEvent):
                raise StoreError(f"alias *{event.anchor} is not allowed: write the value out",
                                 location=where(event))
            anchor = getattr(event, "anchor", None)
            if anchor is not None:
                raise StoreError(f"anchor &{anchor} is not allowed: write the value out",
                                 location=where(event))
            if isinstance(event, yaml.ScalarEvent):
                value = _scalar(event, file)
                if (stack and isinstance(stack[-1][0], dict) and stack[-1][2] is _NO_KEY
                        and event.implicit[0] and value == "<<"):
                    raise StoreError("merge key '<<' is not allowed: write the fields out",
                                     location=where(event))
                if stack and isinstance(stack[-1][0], dict) and stack[-1][2] is _NO_KEY \
                        and value is None:
                    raise StoreError("empty mapping key", location=where(event))
                attach(value, event)
            elif isinstance(event, yaml.MappingStartEvent | yaml.SequenceStartEvent):
                if event.tag is not None and not event.implicit:
                    raise StoreError(f"tag {event.tag!r} is not allowed: write plain values",
                                     location=where(event))
                is_map = isinstance(event, yaml.MappingStartEvent)
                container: Any = {} if is_map else []
                if stack and isinstance(stack[-1][0], dict) and stack[-1][2] is _NO_KEY:
                    raise StoreError("a mapping key must be a plain string",
                                     location=where(event))
                path = attach(container, event)
                stack.append([container, path, _NO_KEY, None])
            elif isinstance(event, yaml.MappingEndEvent | yaml.SequenceEndEvent):
                stack.pop()
    except RecursionError:  # pragma: no cover - the builder is iterative
        raise StoreError("nesting too deep", location=Location(file, 1, 1)) from None

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


def read(path: str, display: str | None = None) -> Document:
    """Read and parse the store file at ``path``; errors name ``display`` (or ``path``)."""
    name = display or path
    try:
        with open(path, "rb") as fh:
            raw = fh.read()
    except IsADirectoryError:
        raise StoreError("is a directory, not a store file", location=name) from None
    except FileNotFoundError:
        raise StoreError("no such store file", location=name) from None
    except OSError as exc:
        raise StoreError(f"cannot read store: {exc.strerror}", location=name) from None
    return parse(_decode(raw, name), name)
