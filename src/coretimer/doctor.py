"""`coretimer doctor`: check the history store as a whole, report what is wrong, and repair what
can be repaired (recover crashed sessions, quarantine unreadable files, remove temp files left
by an interrupted write)."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from pathlib import Path

from filelock import FileLock, Timeout

from coretimer.store import APP_LOCK_NAME, LoadResult, Store, StoreError, StoreProblem, files


@dataclass
class Health:
    """What `coretimer doctor` reports."""

    root: Path
    sessions: int = 0
    problems: list[StoreProblem] = field(default_factory=list)
    """Unreadable files still in place (quarantine them with --repair)."""
    newer: list[StoreProblem] = field(default_factory=list)
    """Files from a newer coretimer: fine, left untouched."""
    crashed_journals: list[Path] = field(default_factory=list)
    live_journals: list[Path] = field(default_factory=list)
    temp_files: list[Path] = field(default_factory=list)
    quarantined: list[Path] = field(default_factory=list)
    other_app_running: bool = False

    @property
    def needs_repair(self) -> bool:
        return bool(self.problems or self.crashed_journals or self.temp_files)


def check(store: Store) -> Health:
    """Inspect the store without changing anything."""
    health = Health(store.root)
    result = store.load(recover=False)
    health.sessions = len(result.sessions)
    for problem in result.problems:
        (health.newer if problem.action == "left untouched" else health.problems).append(problem)
    try:
        journals = files(store.journal_dir, ".jsonl")
    except StoreError as exc:
        health.problems.append(StoreProblem(store.journal_dir, str(exc)))
        journals = []
    for path in journals:
        lock = FileLock(path.with_suffix(".lock"), timeout=0)
        try:
            lock.acquire()
        except Timeout:
            health.live_journals.append(path)
            continue
        lock.release()
        health.crashed_journals.append(path)
    health.temp_files = store.stale_tempfiles()
    health.quarantined = store.quarantined()
    if store.root.exists():
        app_lock = FileLock(store.root / APP_LOCK_NAME, timeout=0)
        try:
            app_lock.acquire()
            app_lock.release()
        except Timeout:
            health.other_app_running = True
    return health


def repair(store: Store) -> LoadResult:
    """Recover crashed journals, quarantine unreadable files, remove stale temp files."""
    result = store.load(recover=True, quarantine=True)
    for path in store.stale_tempfiles():
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
    return result


def report(store: Store, health: Health) -> tuple[list[str], bool]:
    """The lines `coretimer doctor` prints, and whether the store is fine."""
    lines = [f"store: {health.root}", f"sessions: {health.sessions} readable"]
    lines += [f"problem: {problem}" for problem in health.problems]
    lines += [f"newer: {problem}" for problem in health.newer]
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
    if health.needs_repair:
        lines.append("Run `coretimer doctor --repair` to fix what can be fixed.")
        return lines, False
    lines.append("OK")
    return lines, True
