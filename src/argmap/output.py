"""Writing outputs safely: UTF-8 whatever the locale, atomically, never over a store."""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path

from .errors import OutputError


def write_text(text: str, path: str | None, stores: Iterable[Path] = ()) -> None:
    """Write ``text`` to ``path`` (``None`` or ``-``: stdout), as UTF-8; see :func:`write_bytes`."""
    write_bytes(text.encode("utf-8"), path, stores)


def write_bytes(data: bytes, path: str | None, stores: Iterable[Path] = ()) -> None:
    """Write ``data`` to ``path`` (``None`` or ``-``: stdout).

    A file is written to a temporary file beside it and renamed into place, so a
    failure leaves the previous file as it was and no partial file behind. A
    symlinked target is written through (the link stays); the target's
    permissions are kept. Writing over one of the loaded store files is refused.
    """
    if path is None or path == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    target = Path(os.path.realpath(path))
    for store in stores:
        if target == Path(os.path.realpath(store)):
            raise OutputError("refusing to write over a store file that is being read",
                              location=path)
    if target.is_dir():
        raise OutputError("is a directory", location=path)
    mode = target.stat().st_mode & 0o7777 if target.exists() else None
    try:
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as exc:
        raise OutputError(f"cannot write: {exc.strerror}", location=path) from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        if mode is None:
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise OutputError(f"cannot write: {exc.strerror}", location=path) from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
