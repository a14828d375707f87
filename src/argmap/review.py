"""``argmap suggest --review``: walk suggested pairs one at a time, relate or dismiss them.

Each pair is shown once, best first, with both claims and their quotes. The curator answers with a
relation type (then a one-line rationale), ``d`` to dismiss the pair (then the
reason), ``s`` (or Enter) to skip it, or ``q`` to quit. A relation is written
from the first claim shown (A) to the second (B); ``<type`` writes it from B to A.
Relations and dismissals go to the store file through :func:`argmap.editing.add_entry`,
the same code as ``argmap new relation``: each is validated with the whole map
and written atomically before the next pair is shown, so quitting (or the end
of the input) loses nothing already answered.

It reads lines from standard input and writes plain text, so it works the same
in a terminal and when fed from a file or a pipe.
"""

from __future__ import annotations

import shutil
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .errors import ArgmapError
from .store import ArgMap, did_you_mean
from .suggest import unique_pairs
from .views import plain_lines, suggestion
from .vocab import RELATION_TYPES

SKIP = ("s", "skip", "")
QUIT = ("q", "quit")
DISMISS = ("d", "dismiss")
PROMPT = "relation type (<type: from B to A), d dismiss, s skip, q quit: "


def _width() -> int:
    if sys.stdout.isatty():
        return shutil.get_terminal_size((80, 24)).columns
    from .render import width

    return width()


def _say(text: str = "") -> None:
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def _note(text: str) -> None:
    import textwrap

    _say(textwrap.fill(text, _width(), break_long_words=False, break_on_hyphens=False))


def _ask(prompt: str) -> str | None:
    """One answer, stripped; ``None`` at the end of the input."""
    sys.stdout.write(prompt)
    sys.stdout.flush()
    line = sys.stdin.readline()
    if not line:
        _say()
        return None
    return line.strip()


def _ask_text(prompt: str, what: str) -> str | None:
    while True:
        answer = _ask(prompt)
        if answer is None or answer:
            return answer
        _say(f"a {what} is needed (or end the input to stop)")


def review(amap: ArgMap, data: dict[str, Any], to: Path, context: Sequence[Path]) -> dict[str, int]:
    """Ask about each suggested pair in turn; return how many were related, dismissed, skipped."""
    from .editing import add_entry

    # best first across all the claims, so that stopping early leaves the weakest out
    pairs = sorted(unique_pairs(data["suggestions"]), key=lambda e: -e["score"])
    counts = {"related": 0, "dismissed": 0, "skipped": 0}
    if not Path(to).exists():
        _note(f"note: {to} is new; read it with the map next time (--store {to}) so that what "
             "you answer now is not proposed again")
    elif Path(to).resolve() not in {Path(p).resolve() for p in context}:
        _note(f"note: {to} is not among the stores read, so its dismissals are not honoured "
             f"here; add --store {to}")
    if not pairs:
        _say("no suggestions to review")
    seen = 0
    for number, entry in enumerate(pairs, 1):
        a, b = entry["from"], entry["to"]
        lines = suggestion(entry, data["claims"], f"[{number}/{len(pairs)}] ")
        _say("\n".join(plain_lines(lines, _width())))
        done = False
        while not done:
            answer = _ask(PROMPT)
            if answer is None or answer.lower() in QUIT:
                _summary(counts, seen, len(pairs))
                return counts
            word = answer.lower()
            if word in SKIP:
                counts["skipped"] += 1
                done = True
            elif word in DISMISS:
                reason = _ask_text("reason (one line): ", "reason")
                if reason is None:
                    _summary(counts, seen, len(pairs))
                    return counts
                done = _write(add_entry, to, "dismissed",
                              {"a": a, "b": b, "reason": reason}, context,
                              f"dismissed {a} / {b} in {to}")
                counts["dismissed"] += done
            else:
                reverse = word.startswith("<")
                rel_type = word.lstrip("<").strip()
                if rel_type not in RELATION_TYPES:
                    _say(f"unknown answer {answer!r}{did_you_mean(rel_type, RELATION_TYPES)} "
                         f"(types: {', '.join(RELATION_TYPES)})")
                    continue
                rationale = _ask_text("rationale (one line): ", "rationale")
                if rationale is None:
                    _summary(counts, seen, len(pairs))
                    return counts
                source, target = (b, a) if reverse else (a, b)
                done = _write(add_entry, to, "relations",
                              {"from": source, "to": target, "type": rel_type,
                               "rationale": rationale}, context,
                              f"added relation {source} -{rel_type}-> {target} to {to}")
                counts["related"] += done
        seen += 1
        _say()
    _summary(counts, seen, len(pairs))
    return counts


def _write(add_entry: Any, to: Path, section: str, entry: dict[str, Any],
           context: Sequence[Path], done: str) -> bool:
    try:
        add_entry(to, section, entry, context)
    except ArgmapError as exc:
        _say(f"not written: {exc.message}")
        return False
    _say(done)
    return True


def _summary(counts: dict[str, int], seen: int, total: int) -> None:
    _say(f"reviewed {seen} of {total}: {counts['related']} related, "
         f"{counts['dismissed']} dismissed, {counts['skipped']} skipped")
