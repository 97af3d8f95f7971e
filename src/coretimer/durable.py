"""Durable file writes: the one place that knows how to make bytes survive a crash.

Kept free of pydantic and Textual so that anything (settings, exports) can use it cheaply.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from pathlib import Path


def write_error(exc: OSError) -> str:
    """Why a write failed, in plain words that tell the usual causes apart."""
    import errno

    words = {errno.ENOSPC: "the disk is full", errno.EDQUOT: "the disk quota is used up",
             errno.EROFS: "the disk is read-only", errno.EACCES: "permission denied",
             errno.EPERM: "permission denied"}
    return words.get(exc.errno or 0, str(exc.strerror or exc))


def fsync_dir(folder: Path) -> None:
    """Make a rename or a new file in `folder` durable (no-op where folders cannot be opened)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def atomic_write(path: Path, data: bytes) -> None:
    """Temp file in the same folder → write → flush → fsync → os.replace → fsync the folder.

    Either the old file or the complete new one is there afterwards, never a torn mix.
    """
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    try:
        with open(tmp, "xb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    fsync_dir(path.parent)
