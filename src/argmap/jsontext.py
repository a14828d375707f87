"""Stable JSON text for everything argmap prints or writes as JSON."""

from __future__ import annotations

import json
from typing import Any


def dumps(data: Any, ascii_only: bool = False) -> str:
    """Stable JSON: sorted keys, two-space indent, UTF-8 text as written (or \\u escapes)."""
    return json.dumps(data, indent=2, ensure_ascii=ascii_only, sort_keys=True) + "\n"
