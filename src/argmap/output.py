"""Writing outputs safely: UTF-8 whatever the locale, atomically, never over a store.

A regular file (or a new one) is written to a temporary file beside it and
renamed into place, so a failure leaves the previous file as it was and no
partial file behind; :func:`staged` does that for every writer, store edits
included. Anything else is written into directly, never replaced: standard
output (``-``, ``/dev/stdout``, ``/dev/fd/N``), so that ``>> file`` appends and a
pipe works, and a device or FIFO, which stays the node it was.
"""

from __future__ import annotations

import errno
import os
import re
import secrets
import stat
import sys
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import BinaryIO

from .errors import OutputError

#: How long to wait for a process to open a FIFO for reading before giving up.
FIFO_WAIT = 10.0
#: Names of a descriptor this process already has open: written into directly.
_STREAM = re.compile(r"^/(?:dev/(?P<name>stdout|stderr)|dev/fd/(?P<fd>\d+)|proc/self/fd/(?P<pfd>\d+))$")


def write_text(text: str, path: str | None, stores: Iterable[Path] = ()) -> None:
    """Write ``text`` to ``path`` (``None`` or ``-``: stdout), as UTF-8; see :func:`write_bytes`."""
    write_bytes(text.encode("utf-8"), path, stores)


def write_bytes(data: bytes, path: str | None, stores: Iterable[Path] = ()) -> None:
    """Write ``data`` to ``path`` (``None`` or ``-``: stdout).

    A regular file is replaced atomically (see :func:`staged`): a symlinked
    target is written through (the link stays), its permissions and owner are
    kept, and a new file gets the mode the umask gives. Standard output, a
    device or a FIFO is written into directly. Writing over one of the loaded
    store files is refused.
    """
    if path is None or path == "-":
        _write_stream(sys.stdout, data, "stdout")
        return
    if (match := _STREAM.match(path)) is not None:
        number = int(match["fd"] or match["pfd"] or (1 if match["name"] == "stdout" else 2))
        if number in (1, 2):
            _write_stream(sys.stdout if number == 1 else sys.stderr, data, path)
        else:
            _write_fd(number, data, path)
        return
    try:
        info: os.stat_result | None = os.stat(path)
    except FileNotFoundError:
        info = None
    except OSError as exc:
        raise OutputError(f"cannot write: {exc.strerror}", location=path) from None
    if info is not None and _is_store(info, path, stores):
        raise OutputError("refusing to write over a store file that is being read", location=path)
    if info is not None and stat.S_ISDIR(info.st_mode):
        raise OutputError("is a directory", location=path)
    if info is not None and not stat.S_ISREG(info.st_mode):
        if _write_node(path, data):
            return
        info = os.stat(path)  # it became a regular file meanwhile: replace it as one
    target = Path(os.path.realpath(path))
    if info is None and any(target == Path(os.path.realpath(s)) for s in stores):
        raise OutputError("refusing to write over a store file that is being read", location=path)
    with staged(target, data, path, info):
        pass


def _is_store(info: os.stat_result, path: str, stores: Iterable[Path]) -> bool:
    real = Path(os.path.realpath(path))
    for store in stores:
        if real == Path(os.path.realpath(store)):
            return True
        with suppress(OSError):
            other = os.stat(store)
            if (other.st_dev, other.st_ino) == (info.st_dev, info.st_ino):
                return True
    return False


def _discard_stdout(stream: object) -> None:
    """Point a failed stream at /dev/null, so that the flush at exit cannot fail again."""
    try:
        fileno = stream.fileno()  # type: ignore[attr-defined]
    except (AttributeError, OSError, ValueError):
        return
    null = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(null, fileno)
    finally:
        os.close(null)


def _write_stream(stream: object, data: bytes, name: str) -> None:
    buffer: BinaryIO = stream.buffer  # type: ignore[attr-defined]
    try:
        stream.flush()  # type: ignore[attr-defined]
        buffer.write(data)
        buffer.flush()
    except BrokenPipeError:
        _discard_stdout(stream)
        raise
    except OSError as exc:
        _discard_stdout(stream)
        raise OutputError(f"cannot write: {exc.strerror}", location=name) from None


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def _write_fd(fd: int, data: bytes, name: str) -> None:
    try:
        _write_all(fd, data)
    except BrokenPipeError:
        raise
    except OSError as exc:
        raise OutputError(f"cannot write: {exc.strerror}", location=name) from None


def _write_node(path: str, data: bytes) -> bool:
    """Write into a device or FIFO in place; False if ``path`` turned out a regular file.

    A FIFO is waited on for :data:`FIFO_WAIT` seconds at most for a reader.
    """
    deadline = time.monotonic() + FIFO_WAIT
    flags = os.O_WRONLY | os.O_NONBLOCK | os.O_CLOEXEC | os.O_NOCTTY
    while True:
        try:
            fd = os.open(path, flags)
            break
        except OSError as exc:
            fifo = exc.errno == errno.ENXIO and stat.S_ISFIFO(_mode(path))
            if not fifo:
                raise OutputError(f"cannot write: {exc.strerror}", location=path) from None
            if time.monotonic() >= deadline:
                raise OutputError(f"no process is reading this FIFO (waited {FIFO_WAIT:g} s)",
                                  location=path) from None
            time.sleep(0.02)
    try:
        if stat.S_ISREG(os.fstat(fd).st_mode):
            return False
        os.set_blocking(fd, True)
        _write_fd(fd, data, path)
        return True
    finally:
        os.close(fd)


def _mode(path: str) -> int:
    try:
        return os.stat(path).st_mode
    except OSError:
        return 0


def _fsync_dir(directory: Path) -> None:
    with suppress(OSError):
        fd = os.open(directory, os.O_RDONLY | os.O_DIRECTORY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


@contextmanager
def staged(target: Path, data: bytes, display: str,
           like: os.stat_result | None = None) -> Iterator[Path]:
    """Write ``data`` to a temporary file beside ``target``; yield its path; then rename it over ``target``.

    The body of the ``with`` may check the temporary file and raise: then, as on
    any failure, the temporary file is removed and ``target`` is left as it was.
    The new file takes the permissions and (when allowed) the owner of ``like``,
    the file it replaces; a new file gets the mode the umask gives. Data and
    rename are flushed to disk. Errors name ``display``.
    """
    tmp = None
    for _ in range(100):
        candidate = target.parent / f".{target.name}.{secrets.token_hex(4)}.tmp"
        try:
            fd = os.open(candidate, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o666)
        except FileExistsError:
            continue
        except OSError as exc:
            raise OutputError(f"cannot write: {exc.strerror}", location=display) from None
        tmp = candidate
        break
    if tmp is None:  # pragma: no cover - 100 collisions of 32 random bits
        raise OutputError("cannot write: no free temporary name", location=display)
    try:
        try:
            if like is not None:
                with suppress(OSError):
                    os.fchown(fd, like.st_uid, like.st_gid)
                os.fchmod(fd, stat.S_IMODE(like.st_mode))
            _write_all(fd, data)
            os.fsync(fd)
        finally:
            os.close(fd)
        yield tmp
        os.replace(tmp, target)
        tmp = None
        _fsync_dir(target.parent)
    except OSError as exc:
        raise OutputError(f"cannot write: {exc.strerror}", location=display) from None
    finally:
        if tmp is not None:
            with suppress(OSError):
                tmp.unlink()
