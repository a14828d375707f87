"""Reading the files argmap is given: each read once, bounded, never waited on forever.

A store is read by :func:`read_store`, once: the same bytes are hashed for the
parsed-store cache and parsed, so a file replaced in between cannot make the two
disagree. A store may be a regular file or a pipe (``/dev/stdin``, ``<(...)``, a
FIFO); a pipe is read to its end, waiting at most :data:`PIPE_WAIT_SECONDS` for
each piece (a FIFO nobody writes to is an error, not a hang). Devices
(``/dev/zero``, a terminal, a disk) and directories are refused: a device may
never end, or wait for ever. Whatever the kind, at most :data:`MAX_STORE_BYTES` are read.

Files argmap finds for itself (cache entries, the papers' texts) are read by
:func:`read_regular`: regular files only, opened without blocking, bounded too.
"""

from __future__ import annotations

import os
import select
import stat
from pathlib import Path, PurePosixPath

from .errors import StoreError

#: The largest store argmap reads (a pipe is cut off, and refused, past it).
MAX_STORE_BYTES = 256 * 1024 * 1024
#: The longest a pipe or FIFO may send nothing before argmap gives up on it.
PIPE_WAIT_SECONDS = 30.0
_CHUNK = 1 << 20
_OPEN_FLAGS = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)


class TooLarge(Exception):
    """A file holds more than the bound it is read with."""


class NotRegularFile(Exception):
    """A path names a directory, FIFO, device or socket where a regular file is needed."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        super().__init__(kind)


def kind_of(mode: int) -> str:
    """What a file is, in words: ``a directory``, ``a FIFO``, ``a character device``..."""
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISLNK(mode):
        return "a symlink"
    return "a regular file"


def size_words(limit: int) -> str:
    mb = 1024 * 1024
    return f"{limit // mb} MB" if limit >= mb and limit % mb == 0 else f"{limit} bytes"


def _read_to_end(fd: int, limit: int, first: int) -> bytes:
    """Read a regular file's bytes to its end; :class:`TooLarge` past ``limit``."""
    chunks: list[bytes] = []
    total = 0
    want = max(1, min(first, limit + 1))
    while True:
        chunk = os.read(fd, want)
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
        if total > limit:
            raise TooLarge
        want = min(_CHUNK, limit + 1 - total)
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)


def read_regular(path: str | os.PathLike[str], limit: int, *,
                 follow_symlinks: bool = True) -> bytes:
    """The bytes of the regular file at ``path``, at most ``limit`` of them.

    Raises :class:`NotRegularFile` for anything else (opened without blocking,
    so a FIFO never waits for a writer), :class:`TooLarge` past ``limit``, and
    :class:`OSError` as the system gives it (without ``follow_symlinks``, a
    symlink at ``path`` is an error, ``ELOOP``).
    """
    flags = _OPEN_FLAGS | (0 if follow_symlinks else getattr(os, "O_NOFOLLOW", 0))
    fd = os.open(path, flags)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise NotRegularFile(kind_of(info.st_mode))
        if info.st_size > limit:
            raise TooLarge
        # a size of 0 may be a file whose size is not known in advance (/proc)
        return _read_to_end(fd, limit, info.st_size + 1 if info.st_size else _CHUNK)
    finally:
        os.close(fd)


def _read_stream(fd: int, limit: int, display: str) -> bytes:
    """A pipe's bytes to its end, each wait bounded by :data:`PIPE_WAIT_SECONDS`.

    The pipe is open without blocking: a FIFO with no writer yet reads as empty,
    so each read waits in ``poll`` first, which (on Linux) reports a FIFO's end
    only once a writer has come and gone.
    """
    poller = select.poll()
    poller.register(fd, select.POLLIN)
    chunks: list[bytes] = []
    total = 0
    while True:
        if not poller.poll(max(0, int(PIPE_WAIT_SECONDS * 1000))):
            wait = f"{PIPE_WAIT_SECONDS:g} s"
            why = (f"nothing was written to this pipe in {wait}: start its writer first, "
                   "or name a file" if not chunks else
                   f"the pipe sent nothing for {wait} before its end: is its writer stuck?")
            raise StoreError(why, location=display)
        try:
            chunk = os.read(fd, min(_CHUNK, limit + 1 - total))
        except BlockingIOError:
            continue
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
        total += len(chunk)
        if total > limit:
            raise too_large(display)


def too_large(display: str) -> StoreError:
    return StoreError(f"larger than {size_words(MAX_STORE_BYTES)}, the most argmap reads "
                      "from a store", location=display)


def read_store(path: str | os.PathLike[str], display: str | None = None) -> bytes:
    """Read one store's bytes, once (see the module doc); errors name ``display``."""
    name = display or str(path)
    try:
        fd = os.open(path, _OPEN_FLAGS)
    except FileNotFoundError:
        raise StoreError("no such store file", location=name) from None
    except OSError as exc:
        raise StoreError(f"cannot read store: {exc.strerror}", location=name) from None
    try:
        info = os.fstat(fd)
        mode = info.st_mode
        if stat.S_ISREG(mode):
            if info.st_size > MAX_STORE_BYTES:
                raise too_large(name)
            try:
                return _read_to_end(fd, MAX_STORE_BYTES,
                                    info.st_size + 1 if info.st_size else _CHUNK)
            except TooLarge:
                raise too_large(name) from None
        if stat.S_ISFIFO(mode) or stat.S_ISSOCK(mode):
            return _read_stream(fd, MAX_STORE_BYTES, name)
        if stat.S_ISDIR(mode):
            raise StoreError("is a directory, not a store file", location=name)
        if os.isatty(fd):
            raise StoreError("is a terminal, not a store file: pipe a store in "
                             "(cat s.yaml | argmap --store /dev/stdin ...) or name a file",
                             location=name)
        # a device may never end (/dev/zero) or wait for ever (a tape): none is read
        raise StoreError(f"is {kind_of(mode)}, not a store file: name a file, or pipe the "
                         "store in", location=name)
    except OSError as exc:
        raise StoreError(f"cannot read store: {exc.strerror}", location=name) from None
    finally:
        os.close(fd)


def leaves_folder(relative: str) -> str | None:
    """Why the path ``relative`` could name a file outside its folder, or ``None``.

    Only what the text itself says: an absolute path, or a ``..`` component. A
    symlink inside the folder can still lead out; :func:`inside` checks that.
    """
    pure = PurePosixPath(relative)
    if pure.is_absolute():
        return "is an absolute path"
    if relative.startswith("~"):
        return "starts with '~' (a home folder)"
    if ".." in pure.parts:
        return "climbs out with '..'"
    return None


def inside(folder: Path, relative: str) -> Path | None:
    """``folder / relative`` with every symlink resolved, if it stays inside ``folder``."""
    root = Path(os.path.realpath(folder))
    real = Path(os.path.realpath(root / relative))
    return real if real.is_relative_to(root) else None
