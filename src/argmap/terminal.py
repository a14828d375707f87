"""How argmap writes to terminals and pipes: width, encoding, pager, closed pipes.

- :func:`width`: the columns a view is laid out for ($COLUMNS, else the
  terminal's width, else 80), never fewer than :data:`MIN_WIDTH`.
- :func:`degrade`: text an output's encoding can carry. An ASCII locale gets
  ``"`` for typographic quotes, ``...`` for an ellipsis, ``*`` for a bullet,
  ``->`` for an arrow; a letter with an accent loses it; anything else becomes a
  backslash escape (``\\u0648``). Nothing raises :class:`UnicodeEncodeError`.
- :func:`guard_stdout`: installed by the entry point. Whatever writes to stdout
  (a view, click's help, an export, the flush at exit), a reader that has gone
  away (``argmap ... | head -1``) ends the run quietly with exit code 0.
- :func:`emit`: print a result; on a terminal, output longer than the screen
  goes through a pager as git does: ``$PAGER``, else ``less -FRX``. No pager off
  a terminal, with ``--no-pager``, when ``$PAGER`` is empty or ``cat``, or when
  the pager program is not installed.
"""

from __future__ import annotations

import codecs
import io
import os
import shlex
import shutil
import signal
import subprocess
import sys
import unicodedata
from typing import IO, Any, NoReturn

#: Views are laid out for at least this many columns, however narrow the terminal.
MIN_WIDTH = 20
#: The codec error handler that degrades characters an encoding cannot carry.
DEGRADE = "argmap.degrade"

ASCII_FALLBACK = {
    "“": '"', "”": '"', "„": '"', "‟": '"', "«": '"', "»": '"', "″": '"',
    "‘": "'", "’": "'", "‚": "'", "‛": "'", "′": "'",
    "…": "...", "•": "*", "·": "-", "‐": "-", "‑": "-", "‒": "-", "–": "-", "—": "--",
    "−": "-", "└": "`-", "├": "|-", "│": "|", "─": "-", "→": "->", "←": "<-", "↔": "<->",
    "×": "x", "\u00a0": " ", "\u2009": " ", "\u202f": " ",
}


def _fallback(char: str) -> str:
    if char in ASCII_FALLBACK:
        return ASCII_FALLBACK[char]
    base = unicodedata.normalize("NFKD", char).encode("ascii", "ignore").decode("ascii")
    return base or char.encode("ascii", "backslashreplace").decode("ascii")


def _degrade_error(exc: UnicodeError) -> tuple[str, int]:
    if not isinstance(exc, UnicodeEncodeError):
        raise exc
    return "".join(_fallback(char) for char in exc.object[exc.start:exc.end]), exc.end


codecs.register_error(DEGRADE, _degrade_error)


def is_unicode(encoding: str | None) -> bool:
    """Whether ``encoding`` is a Unicode encoding (carries every character)."""
    try:
        return codecs.lookup(encoding or "ascii").name.startswith("utf")
    except LookupError:
        return False


def encoding(stream: IO[Any] | None = None) -> str:
    """The encoding text written to ``stream`` (default: stdout) ends up in."""
    return getattr(stream or sys.stdout, "encoding", None) or "utf-8"


def degrade(text: str, to: str) -> str:
    """``text`` with what encoding ``to`` cannot carry replaced (see the module's notes)."""
    if is_unicode(to):
        return text
    try:
        text.encode(to)
    except UnicodeEncodeError:
        return text.encode(to, DEGRADE).decode(to)
    except LookupError:
        return text.encode("ascii", DEGRADE).decode("ascii")
    return text


def can_carry(text: str, to: str) -> bool:
    """Whether encoding ``to`` carries every character of ``text``."""
    return degrade(text, to) == text


def is_terminal(stream: IO[Any] | None = None) -> bool:
    try:
        return (stream or sys.stdout).isatty()
    except (AttributeError, ValueError, OSError):
        return False


def _env_size(name: str) -> int | None:
    value = os.environ.get(name, "").strip()
    return int(value) if value.isdigit() and int(value) > 0 else None


def _terminal_size(stream: IO[Any]) -> os.terminal_size | None:
    if not is_terminal(stream):
        return None
    try:
        return os.get_terminal_size(stream.fileno())
    except (AttributeError, ValueError, OSError, io.UnsupportedOperation):
        return None


def width(stream: IO[Any] | None = None) -> int:
    """The columns to lay out for: $COLUMNS, else the terminal's, else 80; at least MIN_WIDTH."""
    stream = stream or sys.stdout
    size = _terminal_size(stream)
    columns = _env_size("COLUMNS") or (size.columns if size and size.columns else 80)
    return max(MIN_WIDTH, columns)


def height(stream: IO[Any] | None = None) -> int:
    """The terminal's rows: $LINES, else the terminal's, else 24."""
    size = _terminal_size(stream or sys.stdout)
    return _env_size("LINES") or (size.lines if size and size.lines else 24)


# -- closed pipes ------------------------------------------------------------------------

def reader_gone() -> NoReturn:
    """The reader of stdout has gone (``| head``): stop quietly, with exit code 0.

    Standard output is pointed at /dev/null first, so that nothing written or
    flushed later (click, the interpreter's flush at exit) fails again.
    """
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass
    raise SystemExit(0)


class _PipeGuard(io.FileIO):
    """Stdout's file: a broken pipe anywhere above it ends the run with exit code 0."""

    def write(self, data: Any) -> int:
        try:
            return super().write(data)
        except BrokenPipeError:
            reader_gone()


def guard_stdout() -> None:
    """Give stdout a closed-pipe guard, and degrade what its encoding cannot carry.

    Everything that writes to stdout, text or bytes, buffered or not (as under
    PYTHONUNBUFFERED), ends in the one file object installed here, so one
    mechanism covers every command, click's own output, and the final flush.
    """
    for name in ("stdout", "stderr"):
        stream = getattr(sys, name)
        if isinstance(stream, io.TextIOWrapper) and not is_unicode(stream.encoding):
            stream.reconfigure(errors=DEGRADE)
    out = sys.stdout
    if not isinstance(out, io.TextIOWrapper) or isinstance(out.buffer, _PipeGuard):
        return
    try:
        fd = out.fileno()
        out.flush()
    except (OSError, ValueError):
        return
    # the original stream stays open, unused, as sys.__stdout__; the guard shares its fd
    raw = _PipeGuard(fd, "w", closefd=False)
    buffer: Any = raw if isinstance(out.buffer, io.RawIOBase) else io.BufferedWriter(raw)
    sys.stdout = io.TextIOWrapper(buffer, encoding=out.encoding, errors=out.errors,
                                  line_buffering=out.line_buffering,
                                  write_through=out.write_through)


# -- paging ------------------------------------------------------------------------------

#: Whether long output on a terminal may go through a pager (``--no-pager`` turns it off).
paging = True


def pager_command() -> list[str] | None:
    """The pager to run, as git chooses it: $PAGER, else ``less -FRX``; None if there is none."""
    value = os.environ.get("PAGER")
    try:
        args = ["less", "-FRX"] if value is None else shlex.split(value)
    except ValueError:
        return None
    if not args or args == ["cat"] or shutil.which(args[0]) is None:
        return None
    return args


def _page(args: list[str], text: str, stream: IO[Any]) -> bool:
    """Show ``text`` through the pager ``args``; False if it could not be started."""
    env = dict(os.environ)
    env.setdefault("LESS", "FRX")
    env.setdefault("LV", "-c")
    try:
        proc = subprocess.Popen(args, stdin=subprocess.PIPE, env=env)
    except OSError:
        return False
    data = text.encode(encoding(stream), DEGRADE)
    # Ctrl-C belongs to the pager while it runs, as in git
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        assert proc.stdin is not None
        try:
            proc.stdin.write(data)
            proc.stdin.close()
        except BrokenPipeError:  # the user quit the pager before the end
            pass
        proc.wait()
    finally:
        signal.signal(signal.SIGINT, previous)
    return True


def emit(text: str, rows: int | None = None) -> None:
    """Print ``text`` to stdout: through the pager if it is longer than the terminal."""
    out = sys.stdout
    if paging and is_terminal(out):
        count = text.count("\n") if rows is None else rows
        args = pager_command() if count >= height(out) else None
        if args is not None:
            out.flush()
            if _page(args, text, out):
                return
    out.write(text)
    out.flush()
