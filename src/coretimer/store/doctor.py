"""`coretimer doctor`: check the history store as a whole, report what is wrong, and repair what
can be repaired (recover crashed sessions, quarantine unreadable files, remove temp files left
by an interrupted write)."""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass, field
from pathlib import Path

from filelock import FileLock, Timeout

from coretimer.model.clock import clock_problem
from coretimer.store import history as store_module
from coretimer.store.folder import APP_LOCK_NAME, files
from coretimer.store.history import Duplicate, LoadResult, Store, StoreError, StoreProblem

#: How to set a wrong clock, as doctor says it.
SET_THE_CLOCK = (
    "On Linux, `sudo timedatectl set-ntp true` lets the computer take the time from a time "
    "server (a Raspberry Pi with no clock battery does so once it is online), and `sudo date "
    "-s 'YYYY-MM-DD HH:MM'` sets it by hand. On macOS: System Settings, General, Date & Time. "
    "Then run `coretimer doctor` again: a session kept while the clock was wrong is recovered.")


@dataclass
class Health:
    """What `coretimer doctor` reports."""

    root: Path
    sessions: int = 0
    fatal: str | None = None
    """The store cannot be used at all (a file, a dangling link, an unreadable folder)."""
    problems: list[StoreProblem] = field(default_factory=list)
    """Files still in place that cannot be read."""
    newer: list[StoreProblem] = field(default_factory=list)
    """Files from a newer coretimer: fine, left untouched."""
    duplicates: list[Duplicate] = field(default_factory=list)
    """Other copies of sessions (sync conflict copies): counted once; --repair sets them aside."""
    crashed_journals: list[Path] = field(default_factory=list)
    live_journals: list[Path] = field(default_factory=list)
    temp_files: list[Path] = field(default_factory=list)
    quarantined: list[Path] = field(default_factory=list)
    other_app_running: bool = False
    read_only: bool = False
    """New sessions cannot be written here (a read-only disk or folder)."""
    clock: str | None = None
    """What is wrong with the computer's clock (sessions are dated by it); None when right."""

    @property
    def repairable(self) -> bool:
        return bool([p for p in self.problems if p.repairable] or self.crashed_journals
                    or self.temp_files or self.duplicates)

    @property
    def only_the_person_can_fix(self) -> list[StoreProblem]:
        return [p for p in self.problems if not p.repairable]

    @property
    def needs_repair(self) -> bool:
        return self.repairable


def check(store: Store) -> Health:
    """Inspect the store without changing anything. Never raises for what it finds."""
    health = Health(store.root)
    health.clock = clock_problem(store_module.wall_now())
    result = store.load(recover=False)
    if result.unreadable is not None:
        health.fatal = result.unreadable
        return health
    health.sessions = len(result.sessions)
    health.duplicates = result.duplicates
    for problem in result.problems:
        (health.newer if problem.action == "left untouched" else health.problems).append(problem)
    try:
        journals = files(store.journal_dir, ".jsonl")
    except StoreError as exc:
        health.problems.append(StoreProblem(store.journal_dir, str(exc), repairable=False))
        journals = []
    for path in journals:
        if _locked(path.with_suffix(".lock")):
            health.live_journals.append(path)
        else:
            health.crashed_journals.append(path)
    health.temp_files = store.stale_temp_files()
    health.quarantined = store.quarantined()
    writable = store.sessions_dir if store.sessions_dir.is_dir() else store.root
    health.read_only = writable.exists() and not os.access(writable, os.W_OK)
    if store.root.exists():
        health.other_app_running = _locked(store.root / APP_LOCK_NAME)
    return health


def _locked(path: Path) -> bool:
    """Another running coretimer holds this lock. A lock file that cannot even be opened (a
    read-only folder) is no sign of one."""
    lock = FileLock(path, timeout=0)
    try:
        lock.acquire()
    except Timeout:
        return True
    except OSError:
        return False
    lock.release()
    return False


def repair(store: Store) -> LoadResult:
    """Recover crashed journals, quarantine unreadable files and the lesser copies of sessions,
    remove stale temp files."""
    result = store.load(recover=True, quarantine=True)
    for duplicate in result.duplicates:
        try:
            moved = store.quarantine(duplicate.path, f"another copy of session "
                                     f"{duplicate.session_id}; {duplicate.kept.name} has more")
        except OSError as exc:
            result.problems.append(StoreProblem(duplicate.path, "another copy of a session",
                                                f"left in place: {exc.strerror or exc}"))
            continue
        result.problems.append(StoreProblem(
            duplicate.path, f"another copy of session {duplicate.session_id}",
            f"moved to {moved.relative_to(store.root)}"))
    for path in store.stale_temp_files():
        with contextlib.suppress(OSError):
            path.unlink()
    return result


def report(store: Store, health: Health) -> tuple[list[str], bool]:
    """The lines `coretimer doctor` prints, and whether the store is fine."""
    clock = [f"problem: {health.clock} {SET_THE_CLOCK}"
             ] if health.clock is not None else []
    if health.fatal is not None:
        return [*clock, f"problem: {health.fatal}"], False
    lines = [f"store: {health.root}", f"sessions: {health.sessions} readable", *clock]
    lines += [f"problem: {problem}" for problem in health.problems]
    lines += [f"newer: {problem}" for problem in health.newer]
    lines += [f"problem: {d.path}: another copy of session {d.session_id} (a sync conflict "
              f"copy?); {d.kept.name} is the one counted" for d in health.duplicates]
    lines += [f"problem: {path}: a crashed session waiting to be recovered"
              for path in health.crashed_journals]
    lines += [f"problem: {path}: a temp file left by an interrupted write"
              for path in health.temp_files]
    lines += [f"running: {path}: a session in progress in another coretimer"
              for path in health.live_journals]
    if health.other_app_running:
        lines.append("running: another coretimer app is open")
    if health.quarantined:
        lines.append(f"quarantine: {len(health.quarantined)} file(s) set aside in "
                     f"{store.quarantine_dir} (their bytes are kept; a .why.txt says why)")
    if health.read_only:
        lines.append(f"problem: {store.root} is read-only: new sessions cannot be saved there "
                     "(is the disk mounted read-only, or the folder not yours?)")
    if health.only_the_person_can_fix:
        lines.append("--repair cannot fix what cannot be read: check the permissions of the "
                     "files named above (and that their drive is there), then run doctor "
                     "again.")
    if health.repairable:
        lines.append("Run `coretimer doctor --repair` to fix what can be fixed.")
    if (health.repairable or health.only_the_person_can_fix or health.read_only
            or health.clock is not None):
        return lines, False
    lines.append("OK")
    return lines, True
