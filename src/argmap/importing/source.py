"""Reading the file to import: a regular file, bounded, decoded as UTF-8 text once."""

from __future__ import annotations

import json
import re
from typing import Any

from ..errors import Location
from ..reading import NotRegularFile, TooLarge, read_regular, size_words
from .neutral import ImportFailed

#: The largest file argmap imports. Real maps are far smaller (an AIFdb nodeset is
#: kilobytes, a large Kialo discussion a few megabytes); past this the file is
#: refused before it is read.
MAX_IMPORT_BYTES = 32 * 1024 * 1024


def read_text(path: str) -> str:
    """The text of the file at ``path``: regular, at most :data:`MAX_IMPORT_BYTES`, UTF-8."""
    try:
        raw = read_regular(path, MAX_IMPORT_BYTES)
    except FileNotFoundError:
        raise ImportFailed("no such file", location=path) from None
    except NotRegularFile as exc:
        raise ImportFailed(f"is {exc.kind}, not a file to import: name a regular file",
                           location=path) from None
    except TooLarge:
        raise ImportFailed(f"larger than {size_words(MAX_IMPORT_BYTES)}, the most argmap "
                           "imports", location=path) from None
    except OSError as exc:
        raise ImportFailed(f"cannot read: {exc.strerror}", location=path) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportFailed(f"invalid UTF-8 byte 0x{raw[exc.start]:02x}: not a text file",
                           location=_byte_location(path, raw, exc.start)) from None
    if (nul := text.find("\x00")) >= 0:
        raise ImportFailed("NUL byte: not a text file", location=text_location(path, text, nul))
    return text


def _byte_location(path: str, raw: bytes, index: int) -> Location:
    line = raw.count(b"\n", 0, index) + 1
    return Location(path, line, index - (raw.rfind(b"\n", 0, index) + 1) + 1)


def text_location(path: str, text: str, index: int) -> Location:
    """The 1-based line and column of ``text[index]``."""
    line = text.count("\n", 0, index) + 1
    return Location(path, line, index - (text.rfind("\n", 0, index) + 1) + 1)


def parse_json(path: str, text: str, what: str) -> Any:
    """``text`` parsed as JSON; an error names the line and column, and the format expected."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise ImportFailed(f"not {what}: not JSON ({exc.msg})",
                           location=Location(path, exc.lineno, exc.colno)) from None
    except RecursionError:
        raise ImportFailed(f"not {what}: JSON nested too deeply", location=path) from None


def json_location(path: str, text: str, field: str, value: object) -> Location:
    """Where ``"field": value`` is written in a JSON text (the file's start if not found).

    JSON parsers keep no positions; ids are unique within a file, so the first
    place that names this one is where the object it identifies is written.
    """
    shown = re.escape(str(value))
    found = re.search(rf'"{re.escape(field)}"\s*:\s*(?:"{shown}"|{shown}(?=[\s,}}]))', text)
    return text_location(path, text, found.start()) if found else Location(path, 1, 1)
