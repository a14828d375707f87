"""The project's one error type and its exit codes.

Every problem a user can cause (a bad store, an unknown id on the command line,
a missing sources folder) becomes an :class:`ArgmapError`. The CLI prints its
one-line message on stderr and exits with its code; nothing else prints a
traceback.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum


class ExitCode(IntEnum):
    """Exit codes argmap documents and keeps stable."""

    OK = 0
    #: The command ran, and its check did not pass (``verify`` found a missing quote).
    CHECK_FAILED = 1
    #: The input is invalid: a store that does not load or validate, an unknown
    #: paper, actor or id, a bad option value, an unreadable file.
    INVALID_INPUT = 2
    #: An output could not be written (the previous file, if any, is unchanged).
    OUTPUT_FAILED = 3
    #: A program the command needs is not installed (``render`` needs Graphviz).
    MISSING_TOOL = 4


@dataclass(frozen=True)
class Location:
    """A place in a file: 1-based line and column."""

    file: str
    line: int
    column: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


class ArgmapError(Exception):
    """An error the user can act on, rendered as ``FILE:LINE:COL: what: why``."""

    exit_code: ExitCode = ExitCode.INVALID_INPUT

    def __init__(
        self,
        why: str,
        *,
        location: Location | str | None = None,
        what: str | None = None,
        exit_code: ExitCode | None = None,
    ) -> None:
        self.why = why
        self.location = location
        self.what = what
        if exit_code is not None:
            self.exit_code = exit_code
        super().__init__(self.message)

    @property
    def message(self) -> str:
        parts = [str(p) for p in (self.location, self.what) if p]
        parts.append(" ".join(self.why.split()))
        return ": ".join(parts)


class StoreError(ArgmapError):
    """A store file that cannot be read, parsed or validated."""


class LookupFailed(ArgmapError):
    """An unknown paper, actor, topic or claim id given on the command line."""


class OutputError(ArgmapError):
    """An output file that could not be written."""

    exit_code = ExitCode.OUTPUT_FAILED


class MissingTool(ArgmapError):
    """A program a command needs is not installed."""

    exit_code = ExitCode.MISSING_TOOL
