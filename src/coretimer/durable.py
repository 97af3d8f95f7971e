"""Durable file writes: the one place that knows how to make bytes survive a crash.

Kept free of pydantic and Textual so that anything (settings, exports) can use it cheaply.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
from pathlib import Path


def write_error(exc: OSError) -> str:
    """Why a write failed, in plain words that tell the usual causes apart."""

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


def _on_disk_beside(path: Path, data: bytes) -> Path:
    """`data` in a new temp file in `path`'s folder, flushed and fsynced."""
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    with open(tmp, "xb") as fh:
        try:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        except BaseException:
            with contextlib.suppress(OSError):
                tmp.unlink()
            raise
    return tmp


def atomic_write(path: Path, data: bytes) -> None:
    """Temp file in the same folder → write → flush → fsync → os.replace → fsync the folder.

    Either the old file or the complete new one is there afterwards, never a torn mix.
    """
    tmp = _on_disk_beside(path, data)
    try:
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    fsync_dir(path.parent)


def create_once(path: Path, data: bytes) -> None:
    """Write a new file that must never replace another: as `atomic_write`, but the complete
    temp file is linked into place (which fails with FileExistsError when `path` exists,
    even when two writers race) rather than renamed over it. For files that are synced and
    never edited."""
    tmp = _on_disk_beside(path, data)
    try:
        try:
            os.link(tmp, path)
        except FileExistsError:
            raise
        except OSError as exc:  # no hard links here (FAT, some network or phone folders)

            if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EMLINK,
                                 errno.ENOSYS):
                raise
            if os.path.lexists(path):  # the callers hold the store's write lock
                raise FileExistsError(errno.EEXIST, "File exists", str(path)) from None
            os.replace(tmp, path)
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink()
    fsync_dir(path.parent)
