"""The data folder itself: where each kind of file lives in it, the check that it can be the
store, its locks (the write lock around every write, the app lock), its quarantine and the temp
files a crashed write left. What it holds, the sessions, is history.py's."""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from coretimer.durable import atomic_write, fsync_dir
from coretimer.paths import DATA_LOOP_FIX, link_loop, loop_text
from coretimer.store.sessionfiles import StoreError, StoreProblem

if TYPE_CHECKING:
    from filelock import FileLock

SESSIONS = "sessions"
JOURNAL = "journal"
QUARANTINE = "quarantine"
LOCK_NAME = "store.lock"
APP_LOCK_NAME = "app.lock"
WRITE_LOCK_TIMEOUT = 10.0
#: A temp file older than this was left by a write that crashed before its rename.
STALE_TEMP_SECONDS = 60.0


class DataFolder:
    """The data folder at `root`, as a place: its folders, locks and quarantine."""

    def __init__(self, root: Path) -> None:
        self.root = root

    @property
    def sessions_dir(self) -> Path:
        return self.root / SESSIONS

    @property
    def journal_dir(self) -> Path:
        return self.root / JOURNAL

    @property
    def quarantine_dir(self) -> Path:
        return self.root / QUARANTINE

    def check_root(self) -> None:
        """Raise StoreError when the data folder cannot be the store: a file, or a link to
        somewhere that is not there (an unmounted sync folder), or a link loop. Never build a
        fresh store behind such a link."""
        root = self.root
        if (blamed := link_loop(root)) is not None:
            raise StoreError(loop_text(root, blamed, DATA_LOOP_FIX))
        if root.is_symlink() and not root.exists():
            raise StoreError(f"{root} is a link to {os.readlink(root)}, which does not exist "
                             "(is a drive or sync folder not mounted?)")
        if root.exists() and not root.is_dir():
            raise StoreError(f"{root} is a file, not a folder: move it away or point "
                             "--data-dir somewhere else")

    @contextlib.contextmanager
    def write_lock(self) -> Iterator[None]:
        # (filelock only to write: reading the history through its index takes no lock)
        from filelock import FileLock, Timeout

        self.check_root()  # (else mkdir says "File exists" of a link loop)
        self.root.mkdir(parents=True, exist_ok=True)
        lock = FileLock(self.root / LOCK_NAME, timeout=WRITE_LOCK_TIMEOUT)
        try:
            lock.acquire()
        except Timeout:
            raise StoreError(
                f"{self.root / LOCK_NAME}: another coretimer has held the store lock for "
                f"{WRITE_LOCK_TIMEOUT:g} s; try again in a moment"
            ) from None
        try:
            yield
        finally:
            lock.release()

    def hold_app_lock(self) -> FileLock | None:
        """Mark this coretimer app as running; None when another one already is.

        Two apps may still both run sessions (each session is its own file); the lock only lets
        the second one say so clearly. The lock dies with its process.
        """
        # (filelock only to write: reading the history through its index takes no lock)
        from filelock import FileLock, Timeout

        self.check_root()
        self.root.mkdir(parents=True, exist_ok=True)
        lock = FileLock(self.root / APP_LOCK_NAME, timeout=0)
        try:
            lock.acquire()
        except Timeout:
            return None
        return lock

    def quarantine(self, path: Path, reason: str) -> Path:
        """Move a file aside, bytes intact, with a note saying why. Returns its new path."""
        folder = self.quarantine_dir
        folder.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
        target = folder / f"{path.name}.{stamp}"
        n = 1
        while target.exists():
            n += 1
            target = folder / f"{path.name}.{stamp}-{n}"
        os.replace(path, target)
        atomic_write(target.with_name(target.name + ".why.txt"),
                     # (a file name's undecodable bytes written back as they were)
                     f"{path}\n{reason}\n".encode("utf-8", "surrogateescape"))
        fsync_dir(folder)
        fsync_dir(path.parent)
        return target

    def quarantined(self) -> list[Path]:
        try:
            return sorted(p for p in self.quarantine_dir.iterdir()
                          if not p.name.endswith(".why.txt"))
        except FileNotFoundError:
            return []

    def stale_temp_files(self, now: float | None = None) -> list[Path]:
        """Temp files left by an atomic write that crashed before its rename."""

        now = time.time() if now is None else now
        found = []
        for folder in (self.sessions_dir, self.root):
            try:
                for p in folder.iterdir():
                    if p.name.startswith(".") and p.name.endswith(".tmp") and (
                            now - p.stat().st_mtime > STALE_TEMP_SECONDS):
                        found.append(p)
            except OSError:
                continue
        return sorted(found)

    def _problem(self, problems: list[StoreProblem], path: Path, reason: str, *,
                 quarantine: bool) -> None:
        """Report an unreadable file, and quarantine it when the caller asked for that."""
        action = "left in place"
        if quarantine:
            try:
                moved = self.quarantine(path, reason)
                action = f"moved to {moved.relative_to(self.root)}"
            except OSError as exc:
                action = f"left in place: could not move it ({exc.strerror or exc})"
        problems.append(StoreProblem(path, reason, action))


def files(folder: Path, suffix: str) -> list[Path]:
    """The files of `folder` ending in `suffix` (no hidden ones); a missing folder has none, an
    unreadable one raises StoreError."""
    try:
        return sorted(p for p in folder.iterdir()
                      if p.suffix == suffix and not p.name.startswith("."))
    except FileNotFoundError:
        return []
    except OSError as exc:  # unreadable is not empty: say so
        raise StoreError(f"cannot list the folder ({exc.strerror or exc})") from None
