"""The history store: local JSON files laid out so that damage stays confined.

    DATA_DIR/
      sessions/<id>.json    one finished session each, written atomically, never rewritten
      journal/<id>.jsonl    the session in progress: one entry a line, fsynced per entry
      journal/<id>.lock     held while that session runs (a live journal is never recovered)
      quarantine/           files that could not be read, moved aside with their bytes intact
      store.lock            taken around every write

Nothing ever rewrites the whole history. An unreadable file is never treated as "no history":
it is reported (and, by `doctor --repair`, quarantined), and everything else still loads.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from filelock import FileLock, Timeout
from pydantic import ValidationError

from coretimer import journal
from coretimer.durable import atomic_write, fsync_dir
from coretimer.journal import Entry, JournalError
from coretimer.models import SESSION_SCHEMA_VERSION, SessionRecord

SESSIONS = "sessions"
JOURNAL = "journal"
QUARANTINE = "quarantine"
LOCK_NAME = "store.lock"
WRITE_LOCK_TIMEOUT = 10.0


class StoreError(OSError):
    """A store operation failed; the message says which file and why, in plain words.

    An OSError, so that the engine treats it like any other failed write: it keeps the session
    in memory and tells the user.
    """


@dataclass(frozen=True)
class StoreProblem:
    path: Path
    reason: str
    action: str = "left in place"

    def __str__(self) -> str:
        return f"{self.path}: {self.reason} ({self.action})"


@dataclass
class LoadResult:
    sessions: list[SessionRecord] = field(default_factory=list)
    problems: list[StoreProblem] = field(default_factory=list)
    recovered: list[SessionRecord] = field(default_factory=list)

    def newest_first(self) -> list[SessionRecord]:
        return sorted(self.sessions, key=lambda s: (s.started_at, s.id), reverse=True)


def session_bytes(record: SessionRecord) -> bytes:
    return (record.model_dump_json(indent=2) + "\n").encode("utf-8")


# --- The journal of a session in progress --------------------------------------------------------


class JournalWriter:
    """The engine's recorder: appends each entry as one fsynced line.

    On the end entry it writes the finished session file and removes the journal. If a write
    fails (full disk, read-only folder) the file is cut back to its last whole line, the entry
    is kept in memory, and the next append tries again, so no torn line is left behind.
    """

    def __init__(self, store: Store) -> None:
        self.store = store
        self.entries: list[Entry] = []
        self._written = 0
        self._good_size = 0
        self._fh: IO[bytes] | None = None
        self._lock: FileLock | None = None
        self.path: Path | None = None
        self.saved: SessionRecord | None = None

    def _open(self, session_id: str) -> IO[bytes]:
        folder = self.store.journal_dir
        folder.mkdir(parents=True, exist_ok=True)
        self._lock = FileLock(folder / f"{session_id}.lock", timeout=0)
        self._lock.acquire()
        self.path = folder / f"{session_id}.jsonl"
        fh = open(self.path, "ab")  # noqa: SIM115 - kept open for the session
        fsync_dir(folder)
        return fh

    def append(self, entry: Entry) -> None:
        self.entries.append(entry)
        if self._fh is None:
            start = self.entries[0]
            if start.get("type") != "start":
                raise StoreError("a journal must begin with a start entry")
            self._fh = self._open(str(start["id"]))
        fh = self._fh
        try:
            while self._written < len(self.entries):
                line = json.dumps(self.entries[self._written], ensure_ascii=False) + "\n"
                fh.write(line.encode("utf-8"))
                fh.flush()
                os.fsync(fh.fileno())
                self._good_size = fh.tell()
                self._written += 1
        except OSError:
            with contextlib.suppress(OSError):
                os.ftruncate(fh.fileno(), self._good_size)
                fh.seek(self._good_size)
            raise
        if entry.get("type") == "end":
            self.finish()

    def finish(self) -> SessionRecord:
        """Write the finished session file, then drop the journal."""
        record = journal.replay(self.entries)
        self.store.save(record)
        self.saved = record
        self.close(remove=True)
        return record

    def close(self, *, remove: bool = False) -> None:
        if self._fh is not None:
            self._fh.close()
            self._fh = None
        if remove and self.path is not None:
            with contextlib.suppress(FileNotFoundError):
                self.path.unlink()
            fsync_dir(self.path.parent)
        if self._lock is not None:
            self._lock.release()
            if remove:
                with contextlib.suppress(OSError):
                    Path(self._lock.lock_file).unlink()
            self._lock = None


# --- The store -----------------------------------------------------------------------------------


class Store:
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

    @contextlib.contextmanager
    def write_lock(self) -> Iterator[None]:
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

    def journal(self) -> JournalWriter:
        """A recorder for a new session."""
        return JournalWriter(self)

    def save(self, record: SessionRecord) -> Path:
        """Write one finished session as its own file, atomically, under the store lock."""
        path = self.sessions_dir / f"{record.id}.json"
        with self.write_lock():
            self.sessions_dir.mkdir(parents=True, exist_ok=True)
            existing = _schema_version_of(path)
            if existing is not None and existing > SESSION_SCHEMA_VERSION:
                raise StoreError(f"{path}: written by a newer coretimer; not overwriting it")
            atomic_write(path, session_bytes(record))
        return path

    # -- reading --

    def load(self, *, recover: bool = True) -> LoadResult:
        """Every readable session; every unreadable file as a problem, never as "empty".

        With `recover`, journals left by a crashed session are first turned into
        `interrupted` sessions (live journals, locked by a running coretimer, are left alone).
        """
        result = LoadResult()
        if recover:
            self._recover_journals(result)
        try:
            paths = _files(self.sessions_dir, ".json")
        except StoreError as exc:
            result.problems.append(StoreProblem(self.sessions_dir, str(exc)))
            return result
        for path in paths:
            record = self._read_session(path, result)
            if record is not None:
                result.sessions.append(record)
        return result

    def _read_session(self, path: Path, result: LoadResult) -> SessionRecord | None:
        try:
            data = path.read_bytes()
        except OSError as exc:
            result.problems.append(StoreProblem(path, f"cannot be read ({exc.strerror})"))
            return None
        try:
            doc = json.loads(data)
        except (ValueError, RecursionError):
            reason = "is empty" if not data.strip() else "is not valid JSON (truncated or damaged)"
            result.problems.append(StoreProblem(path, reason))
            return None
        version = doc.get("schema_version") if isinstance(doc, dict) else None
        if isinstance(version, int) and version > SESSION_SCHEMA_VERSION:
            result.problems.append(StoreProblem(
                path, f"uses schema version {version}, newer than this coretimer understands "
                f"({SESSION_SCHEMA_VERSION})", "left untouched"))
            return None
        try:
            return SessionRecord.model_validate(doc)
        except ValidationError as exc:
            first = exc.errors(include_url=False)[0]
            where = ".".join(str(p) for p in first["loc"]) or "(top level)"
            result.problems.append(StoreProblem(
                path, f"is not a valid session: {where}: {first['msg']}"))
            return None

    def _recover_journals(self, result: LoadResult) -> None:
        try:
            journals = _files(self.journal_dir, ".jsonl")
            if not journals:
                return
            with self.write_lock():
                for path in journals:
                    self._recover_one(path, result)
        except (StoreError, OSError) as exc:
            result.problems.append(StoreProblem(self.journal_dir, f"recovery failed: {exc}"))

    def _recover_one(self, path: Path, result: LoadResult) -> None:
        lock = FileLock(path.with_suffix(".lock"), timeout=0)
        try:
            lock.acquire()
        except Timeout:
            return  # a running coretimer owns it
        try:
            try:
                data = path.read_bytes()
                mtime = datetime.fromtimestamp(path.stat().st_mtime, UTC)
            except FileNotFoundError:
                return
            entries, bad = parse_journal(data)
            if bad:
                result.problems.append(StoreProblem(path, bad))
                return
            if not entries:  # created but nothing durable written: nothing to keep
                path.unlink()
                return
            try:
                record = journal.replay(entries, interrupted_at=mtime)
            except (JournalError, ValidationError) as exc:
                result.problems.append(StoreProblem(path, f"does not replay: {exc}"))
                return
            target = self.sessions_dir / f"{record.id}.json"
            self.sessions_dir.mkdir(parents=True, exist_ok=True)
            atomic_write(target, session_bytes(record))
            path.unlink()
            fsync_dir(path.parent)
            result.recovered.append(record)
        finally:
            lock.release()
            with contextlib.suppress(OSError):
                path.with_suffix(".lock").unlink()


def parse_journal(data: bytes) -> tuple[list[Entry], str | None]:
    """Entries of a journal, dropping a torn last line. Returns (entries, problem or None)."""
    lines = data.split(b"\n")
    entries: list[Entry] = []
    for number, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        is_last = number == len(lines) or all(not rest.strip() for rest in lines[number:])
        try:
            entry = json.loads(raw)
            if not isinstance(entry, dict):
                raise ValueError("not an object")
        except (ValueError, RecursionError):
            if is_last:
                break  # a write cut short by a crash: the entry never became durable
            return entries, f"line {number} is not a journal entry"
        entries.append(entry)
    return entries, None


def _files(folder: Path, suffix: str) -> list[Path]:
    try:
        return sorted(p for p in folder.iterdir()
                      if p.suffix == suffix and not p.name.startswith("."))
    except FileNotFoundError:
        return []
    except OSError as exc:  # unreadable is not empty: say so
        raise StoreError(f"cannot list the folder ({exc.strerror or exc})") from None


def _schema_version_of(path: Path) -> int | None:
    try:
        doc: Any = json.loads(path.read_bytes())
    except (OSError, ValueError):
        return None
    version = doc.get("schema_version") if isinstance(doc, dict) else None
    return version if isinstance(version, int) else None
