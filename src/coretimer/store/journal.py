"""The journal of a session in progress: its format (one JSON object per line), its writer (one
fsynced line per entry), its parser (which drops a torn last line) and its replay (entries back
into a `SessionRecord`).

The engine hands each entry to a writer as things happen. The writer only appends: it never
saves sessions. Whoever runs the session (the session controller) replays the entries once,
saves that record and shows the same object. A crash leaves a journal that replays into an
`interrupted` session holding every set and pain report written.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from pathlib import Path
from typing import IO, Any, Literal, Protocol, TypedDict

from filelock import FileLock

from coretimer.durable import fsync_dir
from coretimer.model.clock import aware_moment, plausible
from coretimer.model.fields import Kind, Side
from coretimer.model.record import (
    SESSION_SCHEMA_VERSION,
    EndedBy,
    NotDoneBecause,
    NotDoneSet,
    PainReport,
    PhaseName,
    SessionRecord,
    SetResult,
    Status,
)

# --- The format ---------------------------------------------------------------------------------


class StartEntry(TypedDict):
    type: Literal["start"]
    schema_version: int
    id: str
    routine: str
    routine_name: str
    started_at: str
    baseline_pain: int | None


class SetEntry(TypedDict):
    type: Literal["set"]
    exercise: str
    exercise_id: str | None
    kind: Kind
    side: Side | None
    set: int
    target: float | None
    achieved: float | None
    completed: bool
    skipped: bool
    ended_by: EndedBy | None


class PainEntry(TypedDict):
    type: Literal["pain"]
    at: str
    exercise: str | None
    exercise_id: str | None
    level: int | None
    phase: PhaseName | None
    counts_against: list[str]


class PainLevelEntry(TypedDict):
    type: Literal["pain_level"]
    index: int
    level: int | None


class EndEntry(TypedDict):
    type: Literal["end"]
    status: Status
    ended_at: str


class NotDoneEntry(TypedDict):
    """A planned set left out because of pain (schema version 5)."""

    type: Literal["not_done"]
    exercise: str
    exercise_id: str
    kind: Kind
    side: Side | None
    set: int
    target: float | None
    level: int | None
    level_name: str | None
    because: NotDoneBecause
    after_sets: int


Entry = StartEntry | SetEntry | PainEntry | PainLevelEntry | EndEntry | NotDoneEntry


class JournalError(ValueError):
    """A journal's entries do not make a session (e.g. no start entry)."""


class UndatedJournal(JournalError):
    """The journal was started on a clock that was wrong, and there is no plausible time to
    date it by yet (the clock is still wrong): it waits, untouched, until the clock is right."""


def new_session_id(started: datetime) -> str:
    """Unique across machines (random suffix) and sortable by start time."""
    return f"{started.strftime('%Y%m%dT%H%M%S')}-{secrets.token_hex(4)}"


def start_entry(
    *, session_id: str, routine: str, routine_name: str, started_at: datetime,
    baseline_pain: int | None,
) -> StartEntry:
    return {"type": "start", "schema_version": SESSION_SCHEMA_VERSION, "id": session_id,
            "routine": routine, "routine_name": routine_name,
            "started_at": started_at.isoformat(), "baseline_pain": baseline_pain}


def set_entry(result: SetResult) -> SetEntry:
    return {"type": "set", **result.model_dump(mode="json")}  # type: ignore[typeddict-item]


def pain_entry(report: PainReport) -> PainEntry:
    return {"type": "pain", **report.model_dump(mode="json")}  # type: ignore[typeddict-item]


def pain_level_entry(index: int, level: int | None) -> PainLevelEntry:
    return {"type": "pain_level", "index": index, "level": level}


def not_done_entry(left: NotDoneSet) -> NotDoneEntry:
    return {"type": "not_done", **left.model_dump(mode="json")}  # type: ignore[typeddict-item]


def end_entry(status: Status, ended_at: datetime) -> EndEntry:
    return {"type": "end", "status": status, "ended_at": ended_at.isoformat()}


# --- Replay -------------------------------------------------------------------------------------


def replay(entries: Iterable[Entry | dict[str, Any]], *,
           interrupted_at: datetime | None = None,
           now: datetime | None = None) -> SessionRecord:
    """Build the session document from journal entries.

    Without an end entry the session is `interrupted`, ending at `interrupted_at` (the time the
    last entry was written, when known). Raises JournalError or pydantic's ValidationError when
    the entries are not a session.

    Times a wrong clock wrote (before 2000 or after 2200) are repaired rather than refused, so
    that a journal always replays: a start is dated by `interrupted_at`, else by `now` (the
    recovery), and UndatedJournal is raised when neither is plausible; other times are held
    between the start and the end.
    """
    start: dict[str, Any] | None = None
    sets: list[dict[str, Any]] = []
    pain: list[dict[str, Any]] = []
    not_done: list[dict[str, Any]] = []
    end: dict[str, Any] | None = None
    for entry in entries:
        kind = entry.get("type") if isinstance(entry, dict) else None
        body = {k: v for k, v in entry.items() if k != "type"} if isinstance(entry, dict) else {}
        if kind == "start":
            start = body
        elif kind == "set":
            sets.append(body)
        elif kind == "pain":
            pain.append(body)
        elif kind == "pain_level":
            index = body.get("index")
            if not isinstance(index, int) or not 0 <= index < len(pain):
                raise JournalError(f"pain_level entry points at no pain report ({index!r})")
            pain[index]["level"] = body.get("level")
        elif kind == "not_done":
            not_done.append(body)
        elif kind == "end":
            end = body
        else:
            raise JournalError(f"unknown journal entry type {kind!r}")
    if start is None:
        raise JournalError("the journal has no start entry")
    doc: dict[str, Any] = dict(start)
    doc["sets"] = sets
    doc["pain"] = pain
    if not_done:  # (a journal of an older version has none, and no such field)
        doc["not_done"] = not_done
    if end is not None:
        doc["status"] = end.get("status")
        doc["ended_at"] = end.get("ended_at")
    else:
        doc["status"] = "interrupted"
        doc["ended_at"] = interrupted_at.isoformat() if interrupted_at else None
    doc["ended_at"] = _not_before(doc.get("ended_at"), doc.get("started_at"))
    _repair_dates(doc, interrupted_at, now)
    from coretimer.store.migrations import migrate  # a journal from an older version still replays

    return SessionRecord.model_validate(migrate(doc))


def _not_before(ended: object, started: object) -> object:
    """A journal's end is never before its start. A file's mtime can be a few milliseconds
    behind the clock read just before it was written, and the wall clock can be set back
    during a session: the session then ends when it started, rather than being lost."""
    if not isinstance(ended, str) or not isinstance(started, str):
        return ended
    try:
        return started if datetime.fromisoformat(ended) < datetime.fromisoformat(started) else ended
    except (ValueError, TypeError, OverflowError):
        return ended  # validation will say what is wrong


def _repair_dates(doc: dict[str, Any], interrupted_at: datetime | None,
                  now: datetime | None) -> None:
    """Put the times a wrong clock wrote back in the plausible years (see `replay`)."""
    started = aware_moment(doc.get("started_at"))
    if started is None:
        return  # missing or not a time: validation says what is wrong
    ended = aware_moment(doc.get("ended_at"))
    if not plausible(started):
        dated = next((t for t in (interrupted_at, now) if t is not None and plausible(t)), None)
        if dated is None:
            raise UndatedJournal(
                f"it was started when the clock said {started.date().isoformat()}, and the "
                "clock still looks wrong; it is kept until the clock is set")
        length = ended - started if ended is not None else timedelta(0)
        started = dated - length if plausible(dated - length) else dated
        doc["started_at"] = started.isoformat()
        if ended is not None:
            ended = started + length
            doc["ended_at"] = ended.isoformat()
    if ended is not None and (not plausible(ended) or ended < started):
        ended = started
        doc["ended_at"] = ended.isoformat()
    latest = ended or (interrupted_at if interrupted_at is not None and plausible(interrupted_at)
                       and interrupted_at >= started else None)
    for report in doc.get("pain") or []:
        at = aware_moment(report.get("at")) if isinstance(report, dict) else None
        if at is None:
            continue
        if not plausible(at) or at < started:
            report["at"] = started.isoformat()
        elif latest is not None and at > latest:
            report["at"] = latest.isoformat()


def parse(data: bytes) -> tuple[list[dict[str, Any]], str | None]:
    """The entries of a journal file, dropping a torn last line (a write a crash cut short
    never became durable). Returns (entries, problem or None)."""
    lines = data.split(b"\n")
    entries: list[dict[str, Any]] = []
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
                break
            return entries, f"line {number} is not a journal entry"
        entries.append(entry)
    return entries, None


# --- Writers ------------------------------------------------------------------------------------


class Recorder(Protocol):
    """Where the engine's entries go: `append` makes an entry durable (or raises OSError)."""

    @property
    def entries(self) -> Sequence[Entry]: ...

    def append(self, entry: Entry) -> None: ...


class MemoryJournal:
    """Keeps entries in memory only (tests, simulations)."""

    def __init__(self) -> None:
        self.entries: list[Entry] = []

    def append(self, entry: Entry) -> None:
        self.entries.append(entry)

    def record(self, interrupted_at: datetime | None = None) -> SessionRecord:
        return replay(self.entries, interrupted_at=interrupted_at)


class JournalWriter:
    """Appends each entry as one fsynced line to `folder/<session id>.jsonl`, holding
    `<session id>.lock` while the session runs (a live journal is never recovered).

    If a write fails (full disk, read-only folder) the file is cut back to its last whole line,
    the entry is kept in memory, and the next append tries again, so no torn line is left.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.entries: list[Entry] = []
        self._written = 0
        self._good_size = 0
        self._fh: IO[bytes] | None = None
        self._lock: FileLock | None = None
        self.path: Path | None = None

    @property
    def all_written(self) -> bool:
        return self._written == len(self.entries)

    def _open(self, session_id: str) -> IO[bytes]:
        self.folder.mkdir(parents=True, exist_ok=True)
        self._lock = FileLock(self.folder / f"{session_id}.lock", timeout=0)
        self._lock.acquire()
        self.path = self.folder / f"{session_id}.jsonl"
        fh = open(self.path, "ab")  # noqa: SIM115 - kept open for the session
        fsync_dir(self.folder)
        return fh

    def append(self, entry: Entry) -> None:
        self.entries.append(entry)
        if self._fh is None:
            start = self.entries[0]
            if start["type"] != "start":
                raise OSError("a journal must begin with a start entry")
            self._fh = self._open(start["id"])
        self._write_pending()

    def flush(self) -> int:
        """Try once more to write the entries a failed write left in memory; returns how many
        are still not on disk."""
        if self._fh is not None and not self.all_written:
            with contextlib.suppress(OSError):
                self._write_pending()
        return len(self.entries) - self._written

    def _write_pending(self) -> None:
        fh = self._fh
        assert fh is not None
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

    def record(self, interrupted_at: datetime | None = None) -> SessionRecord:
        """The session as its entries tell it (every entry, written or still in memory)."""
        return replay(self.entries, interrupted_at=interrupted_at)

    def close(self, *, remove: bool = False) -> None:
        """Stop writing. With `remove` (the session file holds everything now) the journal and
        its lock file are deleted; without it, the journal stays for the next start to
        recover."""
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
