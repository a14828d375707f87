"""Adding entries to a store file without disturbing the rest of it.

A new paper, actor, topic, claim or relation is rendered as YAML and inserted at
the end of its section (the section is created at the end of the document if it
is missing). Where the section ends is taken from the parser's marks, not
guessed from the text, so a multi-line quoted or block scalar, a flow list, a
comment after the section's value or a ``...`` document end are all handled.
Every other byte of the file stays as it was: comments, order, quoting, line
endings, a byte-order mark.

Writing is safe against other writers and against our own mistakes:

* the store is locked for the whole read-modify-write (``flock`` on a lock file
  beside it, removed afterwards), and read again under the lock;
* the edited text must parse to exactly the entries it held before plus the new
  one, in every section and field; anything else is refused and the file is left
  byte for byte as it was;
* the result is validated as a whole map (with the other store files given);
* only then is it written to a temporary file beside the store, flushed to disk
  and renamed over it, keeping its mode and owner (a symlinked store stays a
  symlink: the file it points to is replaced).
"""

from __future__ import annotations

import errno
import fcntl
import json
import os
import random
import re
import stat
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from . import reading, yamlstrict
from .errors import ArgmapError, Location, OutputError, StoreError
from .output import staged

#: The sections ``add_entry`` writes to, each with the name of one of its entries.
SECTIONS: dict[str, str] = {
    "papers": "paper",
    "actors": "actor",
    "topics": "topic",
    "claims": "claim",
    "relations": "relation",
    "dismissed": "dismissal",
}

#: How long a writer waits for another one to finish with the same store.
LOCK_TIMEOUT = 60.0

_PLAIN = re.compile(r"^[a-z][a-z0-9._-]*$")
_YAML11_WORDS = frozenset({"y", "n", "yes", "no", "on", "off", "true", "false", "null"})
#: What a YAML double-quoted scalar would not keep as written: NEL, LS and PS are line
#: breaks there (folded into a space), other C1 controls, DEL and U+FFFE/FFFF are not
#: allowed, and a BOM is best spelled out. JSON already escapes C0 controls.
_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]")
#: Line breaks as YAML counts them.
_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
_NEWLINE = re.compile("\r\n|\r|\n")
_NULLS = frozenset({"~", "null", "Null", "NULL"})


def entry_name(section: str, entry: dict[str, Any]) -> str:
    """How messages name an entry: ``claim p.c.one``, ``relation a -supports-> b``."""
    noun = SECTIONS.get(section, section)
    ident = entry.get("id") or entry.get("key")
    if ident is None and {"from", "to", "type"} <= entry.keys():
        ident = f"{entry['from']} -{entry['type']}-> {entry['to']}"
    return _printable(f"{noun} {ident}" if ident is not None else noun)


def _printable(text: str) -> str:
    """Text as a message may show it: bytes that were not UTF-8 as ``\\xff``."""
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def scalar(value: Any) -> str:
    """A key-like word as written; anything else double-quoted, escaped so that it reads back exactly."""
    text = str(value)
    if _PLAIN.match(text) and text not in _YAML11_WORDS:
        return text
    quoted = json.dumps(text, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar
    return _UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", quoted)


def _fields(entry: dict[str, Any]) -> list[tuple[str, str]]:
    out = []
    for key, value in entry.items():
        if value is None or value == [] or value == {}:
            continue
        if isinstance(value, list):
            if value and isinstance(value[0], dict):
                text = "[" + ", ".join(_flow_mapping(item) for item in value) + "]"
            else:
                text = "[" + ", ".join(scalar(v) for v in value) + "]"
        elif isinstance(value, dict):  # e.g. waive: {rule: "reason"}
            text = "{" + ", ".join(f"{scalar(k)}: {scalar(v)}" for k, v in value.items()) + "}"
        else:
            text = scalar(value)
        out.append((key, text))
    return out


def _flow_mapping(item: dict[str, Any]) -> str:
    return "{" + ", ".join(f"{k}: {scalar(v)}" for k, v in item.items() if v is not None) + "}"


def render_entry(entry: dict[str, Any], dash: int = 2, column: int = 4, newline: str = "\n") -> str:
    """One block-style list item: ``-`` at column ``dash``, the fields at ``column`` (0-based)."""
    lines = [f"{key}: {text}" for key, text in _fields(entry)]
    first = " " * dash + "-" + " " * (column - dash - 1) + lines[0]
    return newline.join([first, *(" " * column + line for line in lines[1:])]) + newline


def render_flow(entry: dict[str, Any]) -> str:
    """One entry as a ``{key: value, ...}`` flow mapping."""
    return "{" + ", ".join(f"{key}: {text}" for key, text in _fields(entry)) + "}"


def expected_value(entry: dict[str, Any]) -> dict[str, Any]:
    """What the store file must read back for ``entry``: its given fields, as text."""
    def value(v: Any) -> Any:
        if isinstance(v, list):
            return [value(x) for x in v]
        if isinstance(v, dict):
            return {k: value(x) for k, x in v.items() if x is not None}
        return str(v)
    return {k: value(v) for k, v in entry.items() if not (v is None or v == [] or v == {})}


# --- where things are in the file -----------------------------------------------------------

@dataclass
class _Section:
    """Where one top-level key and its value are written (indexes count characters)."""

    key_end: int
    key_line: int
    key_column: int
    kind: str = "other"  # null, empty (nothing written), block, flow (a list) or other
    start: int = 0  # the value's first character
    end: int = 0  # just past the value (a null scalar, a flow list)
    close: int = 0  # a flow list's closing bracket
    line: int = 0  # the line the value starts on
    items: int = 0
    item_start: int = 0  # the last item's first character, line and column
    item_line: int = 0
    item_column: int = 0
    item_flow: bool = False  # the last item is a {...} mapping
    item_end: int = 0  # just past the last item
    item_end_line: int = 0
    content_end: int = 0  # just past the last character of content in the value


@dataclass
class _Layout:
    root: str | None = None  # mapping, empty (an empty document) or other; None: no document
    root_flow: bool = False
    root_line: int = 0
    key_column: int | None = None  # where the top-level keys start
    doc_end: int | None = None  # where an explicit ``...`` starts
    #: the document ends in a block scalar (``|``, ``>``): a blank line after it may be its text
    ends_in_block: bool = False
    sections: dict[str, _Section] = field(default_factory=dict)


def _layout(text: str, file: str, wanted: str) -> _Layout:
    """Walk the YAML events of ``text``: where the document ends, and where the top-level
    value ``wanted`` is written (the other sections are only stepped over)."""
    layout = _Layout()
    depth = 0
    flows: list[bool] = []  # for each open collection: is it a flow collection?
    current: _Section | None = None  # the wanted section, while inside its value
    want_key = True
    scalar_event, seq_start, map_start = yaml.ScalarEvent, yaml.SequenceStartEvent, yaml.MappingStartEvent
    seq_end, map_end = yaml.SequenceEndEvent, yaml.MappingEndEvent
    last: Any = None
    for event in yamlstrict.events(text, file):
        kind = type(event)
        if kind is scalar_event:
            last = event
        if depth >= 2 and current is None:  # inside another section: just keep count
            if kind is seq_start or kind is map_start:
                depth += 1
            elif kind is seq_end or kind is map_end:
                depth -= 1
                if depth == 1:
                    flows.pop()
                    want_key = True
            continue
        if kind is seq_end or kind is map_end:
            flow = flows.pop()
            depth -= 1
            if depth == 0:
                layout.ends_in_block = last is not None and last.style in ("|", ">")
            if depth == 1:
                if current is not None:  # the wanted section's value ends
                    current.end = event.end_mark.index
                    current.close = event.start_mark.index
                    current = None
                want_key = True
            elif current is not None and depth >= 2 and flow:
                current.content_end = event.end_mark.index
                if depth == 2:
                    current.item_end = event.end_mark.index
                    current.item_end_line = event.end_mark.line
            continue
        is_start = kind is seq_start or kind is map_start
        if not (is_start or kind is scalar_event):
            if kind is yaml.DocumentEndEvent and event.explicit:
                layout.doc_end = event.start_mark.index
            continue
        mark = event.start_mark
        empty = kind is scalar_event and event.implicit[0] and event.value == ""
        if depth == 0:
            layout.root_line = mark.line
            if kind is map_start:
                layout.root, layout.root_flow = "mapping", bool(event.flow_style)
            else:
                layout.root = "empty" if empty else "other"
        elif depth == 1 and layout.root == "mapping":
            if want_key:
                want_key = False
                if layout.key_column is None:
                    layout.key_column = mark.column
                if kind is scalar_event and event.value == wanted and wanted not in layout.sections:
                    current = _Section(event.end_mark.index, mark.line, mark.column)
                    current.content_end = current.key_end
                    layout.sections[wanted] = current
            else:
                want_key = kind is scalar_event  # after a collection: when it ends
                if current is not None:  # the wanted section's value
                    current.start, current.line = mark.index, mark.line
                    if kind is scalar_event:
                        current.end = event.end_mark.index
                        plain = event.implicit[0]
                        current.kind = "empty" if empty else (
                            "null" if plain and event.value in _NULLS else "other")
                        current = None
                    elif kind is seq_start:
                        current.kind = "flow" if event.flow_style else "block"
        elif current is not None:
            if depth == 2:
                current.items += 1
                current.item_start, current.item_line = mark.index, mark.line
                current.item_column = mark.column
                current.item_flow = kind is map_start and bool(event.flow_style)
            if kind is scalar_event and not empty:
                current.content_end = event.end_mark.index
                if depth == 2:
                    current.item_end = event.end_mark.index
                    current.item_end_line = event.end_mark.line
        if is_start:
            depth += 1
            flows.append(bool(event.flow_style))
    return layout


# --- planning the edit -----------------------------------------------------------------------

@dataclass(frozen=True)
class Splice:
    """An edit: the characters ``start:end`` of the old text become ``text``."""

    start: int
    end: int
    text: str

    def apply(self, old: str) -> str:
        return old[:self.start] + self.text + old[self.end:]


def _line_end(text: str, pos: int) -> tuple[int, str]:
    """Where the line holding ``pos`` ends, and its line break ('' at the end of the text)."""
    found = _BREAK.search(text, pos)
    return (found.start(), found.group()) if found else (len(text), "")


def _at_line_start(text: str, pos: int) -> bool:
    return pos == 0 or text[pos - 1] in "\r\n\x85\u2028\u2029"


def _plan(text: str, layout: _Layout, file: str, section: str, entry: dict[str, Any],
          newline: str) -> Splice:
    sec = layout.sections.get(section)
    if layout.root_flow:
        if sec is not None and sec.kind == "flow":
            return _into_flow(text, sec, entry, newline)
        raise StoreError(
            "the file is written as one {...} mapping; new can add only to a [...] list in it: "
            "add the entry by hand", location=Location(file, layout.root_line + 1, 1))
    if sec is None:
        pos = layout.doc_end if layout.doc_end is not None else len(text)
        return _new_section(text, pos, layout.key_column or 0, section, entry, newline,
                            gap=not layout.ends_in_block)
    here = Location(file, sec.key_line + 1, sec.key_column + 1)
    if sec.kind in ("null", "empty") or (sec.kind == "flow" and sec.items == 0):
        # `claims:`, `claims: ~` or `claims: [ ]`: drop the value, keep the rest of the line
        # (a comment), and start a block list below it
        start, end = (sec.key_end, sec.key_end) if sec.kind == "empty" else (sec.start, sec.end)
        if sec.kind != "empty" and sec.line != sec.key_line:
            raise StoreError(f"'{section}' is written on the line below its key; write it as "
                             f"'{section}:' and try again", location=here)
        line_end, brk = _line_end(text, end)
        rest = text[end:line_end]
        if not rest.strip():
            rest = ""
            while start > sec.key_end and text[start - 1] in " \t":
                start -= 1
        dash = sec.key_column + 2
        block = render_entry(entry, dash, dash + 2, newline)
        return Splice(start, line_end + len(brk), rest + (brk or newline) + block)
    if sec.kind == "flow":
        return _into_flow(text, sec, entry, newline)
    if sec.kind != "block":
        raise StoreError(f"'{section}' is not a list", location=here)
    pos, prefix = sec.content_end, ""
    if not _at_line_start(text, pos):
        line_end, brk = _line_end(text, pos)
        pos, prefix = line_end + len(brk), "" if brk else newline
    column = sec.item_column
    line_start = max(text.rfind(c, 0, sec.item_start) for c in "\r\n\x85\u2028\u2029") + 1
    dash_at = text.rfind("-", line_start, sec.item_start)
    dash = dash_at - line_start if dash_at >= 0 else max(column - 2, 0)
    if sec.item_flow and sec.item_line == sec.item_end_line:  # match `- {key: a, name: b}`
        block = " " * dash + "-" + " " * (column - dash - 1) + render_flow(entry) + newline
    else:
        block = render_entry(entry, dash, column, newline)
    return Splice(pos, pos, prefix + block)


def _into_flow(text: str, sec: _Section, entry: dict[str, Any], newline: str) -> Splice:
    item = render_flow(entry)
    if sec.items == 0:
        return Splice(sec.close, sec.close, item)
    if sec.item_line != sec.line:  # one item a line: put the new one on a line of its own
        return Splice(sec.item_end, sec.item_end, "," + newline + " " * sec.item_column + item)
    return Splice(sec.item_end, sec.item_end, ", " + item)


def _new_section(text: str, pos: int, column: int, section: str, entry: dict[str, Any],
                 newline: str, gap: bool = True) -> Splice:
    before = text[:pos]
    prefix = "" if not before or _at_line_start(text, pos) else newline
    lines = (before + prefix).rstrip("\r\n\x85\u2028\u2029 \t")
    ends_blank = bool(re.search("(\r\n|[\r\n])[ \t]*(\r\n|[\r\n])$", before + prefix))
    blank = newline if gap and lines.strip() and not ends_blank else ""
    head = " " * column + f"{section}:" + newline
    return Splice(pos, pos, prefix + blank + head + render_entry(entry, column + 2, column + 4, newline))


# --- checking the edit -----------------------------------------------------------------------

def _difference(old: Any, new: Any, path: str) -> str | None:
    """The first place where ``old`` and ``new`` differ (key order counts), or None."""
    if isinstance(old, dict) and isinstance(new, dict):
        if list(old) != list(new):
            missing = [k for k in old if k not in new] + [k for k in new if k not in old]
            return f"{path}.{missing[0]}".lstrip(".") if missing else (path or "the key order")
        for key in old:
            found = _difference(old[key], new[key], f"{path}.{key}")
            if found:
                return found
        return None
    if isinstance(old, list) and isinstance(new, list):
        for index, (a, b) in enumerate(zip(old, new, strict=False)):
            found = _difference(a, b, f"{path}[{index}]")
            if found:
                return found
        return None if len(old) == len(new) else f"{path}[{min(len(old), len(new))}]"
    return None if old == new and type(old) is type(new) else path.lstrip(".")


def _offset(text: str, line: int, column: int) -> int:
    """The index of 1-based ``line`` and ``column`` in ``text``, lines counted as YAML does."""
    pos = 0
    for _ in range(line - 1):
        found = _BREAK.search(text, pos)
        if found is None:
            return len(text)
        pos = found.end()
    return pos + column - 1


def _position(text: str, index: int) -> tuple[int, int]:
    breaks = list(_BREAK.finditer(text, 0, index))
    start = breaks[-1].end() if breaks else 0
    return len(breaks) + 1, index - start + 1


class _Where:
    """Turns a place in the edited text back into one in the user's file."""

    def __init__(self, old: str, new: str, splice: Splice, file: str) -> None:
        self.old, self.new, self.splice, self.file = old, new, splice, file

    def __call__(self, line: int, column: int) -> Location | None:
        """The same place in the user's file, or None if it lies in the new entry."""
        index = _offset(self.new, line, column)
        start, added = self.splice.start, len(self.splice.text)
        if index < start:
            return Location(self.file, line, column)
        if index < start + added:
            return None
        return Location(self.file, *_position(self.old, index - added + self.splice.end - start))


def _translate(exc: StoreError, names: Sequence[str], where: _Where, what_new: str,
               section: str, index: int) -> StoreError:
    """A validation error of the edited file, told in terms of the user's file and new entry."""
    pattern = re.compile("(" + "|".join(re.escape(n) for n in names) + r"):(\d+):(\d+)")

    def place(match: re.Match[str]) -> str:
        found = where(int(match[2]), int(match[3]))
        return "the new entry" if found is None else str(found)

    why = pattern.sub(place, exc.why)
    what = exc.what
    location = exc.location
    if isinstance(location, Location) and location.file in names:
        location = where(location.line, location.column)
    elif isinstance(location, str) and location in names:
        location = where.file
    if location is None:  # the problem is in the new entry: name it, not a line it does not have
        own = re.compile(rf"^{re.escape(section)}\[{index}\]\.?")
        if what and own.match(what):
            field_name = own.sub("", what)
            why = f"{field_name}: {why}" if field_name else why
        why = own.sub("", why)
        return StoreError(why, location=where.file, what=f"new {what_new}")
    return StoreError(why, location=location, what=what)


# --- locking and reading ---------------------------------------------------------------------

def lock_path(target: Path) -> Path:
    """The lock file writers of ``target`` take turns on (it exists only while one writes)."""
    return target.parent / f".{target.name}.lock"


@contextmanager
def locked(target: Path, display: str) -> Iterator[None]:
    """Hold the write lock of the store file ``target`` (waiting up to :data:`LOCK_TIMEOUT`).

    The lock file is removed on release. A writer that waited on a lock file
    which was removed meanwhile finds it is no longer the lock file and tries
    again, so two writers never hold the lock at once.
    """
    path = lock_path(target)
    deadline = time.monotonic() + LOCK_TIMEOUT
    while True:
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC | os.O_NOFOLLOW, 0o666)
        except OSError as exc:
            raise OutputError(f"cannot write: {exc.strerror}", location=display) from None
        try:
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except OSError as exc:
                    if exc.errno not in (errno.EAGAIN, errno.EWOULDBLOCK, errno.EACCES):
                        raise OutputError(f"cannot lock: {exc.strerror}", location=display) from None
                    if time.monotonic() >= deadline:
                        raise OutputError(
                            f"another process has been writing this store for {LOCK_TIMEOUT:g} s "
                            f"(it holds {path.name}); try again later", location=display) from None
                    time.sleep(random.uniform(0.005, 0.03))
            try:
                now = os.stat(path, follow_symlinks=False)
            except FileNotFoundError:
                now = None
            mine = os.fstat(fd)
        except BaseException:
            os.close(fd)
            raise
        if now is not None and (now.st_dev, now.st_ino) == (mine.st_dev, mine.st_ino):
            break
        os.close(fd)  # the file was removed by the writer before us: lock the new one
    try:
        yield
    finally:
        with suppress(OSError):
            os.unlink(path)
        os.close(fd)


def _check_node(path: Path, display: str) -> os.stat_result | None:
    """The store file's status (None if it does not exist yet); refuses anything but a file."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise StoreError(f"cannot read store: {exc.strerror}", location=display) from None
    if stat.S_ISDIR(info.st_mode):
        raise StoreError("is a directory, not a store file", location=display)
    if not stat.S_ISREG(info.st_mode):
        raise StoreError("not a regular file (a device, FIFO or socket): new writes only to "
                         "a store file", location=display)
    return info


def _read(target: Path, display: str) -> tuple[bytes, os.stat_result] | None:
    try:
        fd = os.open(target, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise StoreError(f"cannot read store: {exc.strerror}", location=display) from None
    with os.fdopen(fd, "rb") as fh:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise StoreError("not a regular file (a device, FIFO or socket): new writes only "
                             "to a store file", location=display)
        if info.st_size > reading.MAX_STORE_BYTES:
            raise reading.too_large(display)
        return fh.read(), info


def _check_text(section: str, entry: dict[str, Any]) -> None:
    """Refuse text that was not valid UTF-8 on the command line (it cannot be stored)."""
    def bad(value: Any) -> str | None:
        if isinstance(value, str):
            found = re.search("[\ud800-\udfff]", value)
            if found:
                code = ord(found.group())
                return f"byte 0x{code - 0xDC00:02x}" if 0xDC80 <= code <= 0xDCFF else "a surrogate"
        elif isinstance(value, list | tuple):
            for item in value:
                if (hit := bad(item)) is not None:
                    return hit
        elif isinstance(value, dict):
            return bad(list(value.values()))
        return None

    for key, value in entry.items():
        if (hit := bad(value)) is not None:
            raise ArgmapError(f"{key}: not UTF-8 text ({hit}); a store holds UTF-8 text only",
                              what=f"new {entry_name(section, entry)}")


def add_entry(path: Path, section: str, entry: dict[str, Any],
              context: Sequence[Path] = ()) -> None:
    """Insert ``entry`` at the end of ``section`` in the store file ``path`` (created if absent).

    ``context`` lists the other store files the map is read with (for references
    to their papers, actors, topics and claims). See the module doc for what is
    guaranteed; every refusal is an :class:`~argmap.errors.ArgmapError` and leaves
    the file as it was.
    """
    if section not in SECTIONS:
        raise ValueError(f"unknown section {section!r}")
    display = str(path)
    name = entry_name(section, entry)
    _check_text(section, entry)
    _check_node(path, display)  # before the lock file: never beside a device
    target = Path(os.path.realpath(path))
    with locked(target, display):
        found = _read(target, display)
        raw, info = found if found is not None else (b"", None)
        bom = "\ufeff" if raw.startswith(b"\xef\xbb\xbf") else ""
        old = yamlstrict.decode(raw, display)
        new, splice, before = edit(old, display, section, entry)
        others = [p for p in context if not _same_file(p, target)]
        with staged(target, (bom + new).encode("utf-8"), display, info) as tmp:
            try:
                _validate([*others, tmp])
            except StoreError as exc:
                names = sorted({str(tmp), os.path.relpath(tmp), tmp.name}, key=len, reverse=True)
                where = _Where(old, new, splice, display)
                index = len(before.get(section) or [])
                raise _translate(exc, names, where, name, section, index) from None


def edit(old: str, file: str, section: str, entry: dict[str, Any]
         ) -> tuple[str, Splice, dict[str, Any]]:
    """The text ``old`` of the store ``file`` with ``entry`` added to ``section``.

    Returns the new text, the edit, and what ``old`` held. The new text is
    checked to hold exactly what ``old`` did plus the entry, in every section
    and field; if it does not, nothing is returned but a :class:`StoreError`.
    """
    layout = _layout(old, file, section)
    before: dict[str, Any] = {}
    if layout.root not in (None, "empty"):
        before = yamlstrict.parse(old, file).data
    newline = m.group() if (m := _NEWLINE.search(old)) else "\n"
    splice = _plan(old, layout, file, section, entry, newline)
    new = splice.apply(old)
    expected = dict(before)
    expected[section] = [*(before.get(section) or []), expected_value(entry)]
    try:
        changed = _difference(expected, yamlstrict.parse(new, file).data, "")
    except StoreError as exc:
        changed = f"the file's syntax ({exc.why})"
    if changed is not None:
        raise StoreError(f"not written: adding it here would also change {changed}; the file "
                         "is unchanged, add the entry by hand", location=file,
                         what=f"new {entry_name(section, entry)}")
    return new, splice, before


def _validate(paths: Sequence[Path]) -> None:
    from .store import load

    load(paths)


def _same_file(path: Path, target: Path) -> bool:
    if Path(os.path.realpath(path)) == target:
        return True
    try:
        return os.path.samefile(path, target)
    except OSError:
        return False
