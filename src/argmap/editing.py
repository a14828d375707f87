"""Adding entries to a store file without disturbing the rest of it.

A new paper, actor, topic, claim or relation is rendered as a YAML block and
inserted at the end of its section (the section is created at the end of the
file if it is missing). Every other byte of the file stays as it was: comments,
order, quoting. The result is validated as a whole map (with the other store
files given) before it replaces the file, atomically; an invalid entry leaves
the file untouched.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from . import yamlstrict
from .errors import OutputError, StoreError
from .store import load

SECTIONS = ("papers", "actors", "topics", "claims", "relations", "dismissed")


_PLAIN = re.compile(r"^[a-z][a-z0-9._-]*$")
_YAML11_WORDS = frozenset({"y", "n", "yes", "no", "on", "off", "true", "false", "null"})


def scalar(value: Any) -> str:
    """A key-like word as written; anything else double-quoted (JSON strings are valid YAML)."""
    text = str(value)
    if _PLAIN.match(text) and text not in _YAML11_WORDS:
        return text
    return json.dumps(text, ensure_ascii=False)


def render_entry(entry: dict[str, Any]) -> str:
    """One list item of a section, indented like the shipped map."""
    lines = []
    for key, value in entry.items():
        if value is None or value == [] or value == {}:
            continue
        if isinstance(value, list):
            if value and isinstance(value[0], dict):
                items = ", ".join(
                    "{" + ", ".join(f"{k}: {scalar(v)}" for k, v in item.items() if v is not None)
                    + "}" for item in value)
                text = f"[{items}]"
            else:
                text = "[" + ", ".join(scalar(v) for v in value) + "]"
        else:
            text = scalar(value)
        lines.append(f"{key}: {text}")
    return "  - " + "\n    ".join(lines) + "\n"


def _insert(text: str, doc: yamlstrict.Document | None, section: str, block: str) -> str:
    if doc is None or section not in doc.data:
        body = text if not text or text.endswith("\n") else text + "\n"
        gap = "\n" if body.strip() else ""
        return f"{body}{gap}{section}:\n{block}"
    value = doc.data[section]
    if value is not None and not isinstance(value, list):
        raise StoreError(f"'{section}' is not a list", location=doc.locate((section,)))
    lines = text.splitlines(keepends=True)
    key_line = doc.key_positions[(section,)][0]
    if not value:
        # `section:` or `section: []`: make it a block list holding the new entry
        lines[key_line - 1] = f"{section}:\n"
        return "".join(lines[:key_line]) + block + "".join(lines[key_line:])
    later = sorted(line for path, (line, _) in doc.key_positions.items()
                   if len(path) == 1 and line > key_line)
    end = (later[0] - 1) if later else len(lines)
    # leave the blank lines and comments that lead into the next section with it
    while end > key_line and (not lines[end - 1].strip() or lines[end - 1].startswith("#")):
        end -= 1
    if lines[end - 1].strip() and not lines[end - 1].endswith("\n"):
        lines[end - 1] += "\n"
    column = doc.positions[(section, 0)][1]  # where the first item's content starts
    if column != 5:  # not the shipped map's "  - key:" layout: match the file's own
        block = "".join(
            " " * (column - 3) + "- " + line[4:] if line.startswith("  - ") else
            " " * (column - 1) + line[4:] for line in block.splitlines(keepends=True))
    return "".join(lines[:end]) + block + "".join(lines[end:])


def add_entry(path: Path, section: str, entry: dict[str, Any],
              context: Sequence[Path] = ()) -> None:
    """Insert ``entry`` at the end of ``section`` in the store file ``path`` (created if absent).

    ``context`` lists the other store files the map is read with (for references
    to their papers, actors, topics and claims).
    """
    exists = path.exists()
    text = path.read_text(encoding="utf-8") if exists else ""
    doc = yamlstrict.parse(text, str(path)) if text.strip() else None
    new_text = _insert(text, doc, section, render_entry(entry))
    target = Path(os.path.realpath(path))
    try:
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as exc:
        raise OutputError(f"cannot write: {exc.strerror}", location=str(path)) from None
    tmp_path = Path(tmp)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(new_text)
        others = [p for p in context if Path(os.path.realpath(p)) != target]
        try:
            load([*others, tmp_path])
        except StoreError as exc:
            raise StoreError(exc.message.replace(str(tmp_path), str(path))) from None
        if exists:
            os.chmod(tmp_path, target.stat().st_mode & 0o7777)
        os.replace(tmp_path, target)
    finally:
        tmp_path.unlink(missing_ok=True)
