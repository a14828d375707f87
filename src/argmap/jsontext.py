"""Stable JSON text for everything argmap prints or writes as JSON."""

from __future__ import annotations

import json
from typing import Any


def dumps(data: Any) -> str:
    """Stable JSON: sorted keys, two-space indent, UTF-8 text as written."""
    return json.dumps(data, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
