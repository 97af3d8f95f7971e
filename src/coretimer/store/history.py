"""The history store: local JSON files laid out so that damage stays confined.

    DATA_DIR/
      sessions/<id>.json    one finished session each, written once, atomically
      sessions/<id>.next-morning   that session's next-morning answer, a file of its own (so
                            that two synced machines never edit the same file)
      journal/<id>.jsonl    the session in progress (see journal.py): one entry a line
      journal/<id>.lock     held while that session runs (a live journal is never recovered)
      quarantine/           files that could not be read, moved aside with their bytes intact
      store.lock            taken around every write

The folder as a place (its layout, locks and quarantine) is folder.py's DataFolder, which the
Store builds on. The index derived from sessions/ lives in the cache folder, never here (see
index/database.py).

Nothing ever rewrites the whole history. `load` reads every file (doctor, export, the report,
and the index's tests as the reference); the app, `history` and `stats` go through
`index.queries.load_summaries`, which reads only what changed. An unreadable file is never
treated as "no history": it is reported (and, when the caller asks for it, quarantined),
and everything else still loads. Checking and repairing the store as a whole is doctor.py's.
"""

from __future__ import annotations

import contextlib
import json
import stat
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from coretimer.durable import atomic_write, create_once, fsync_dir
from coretimer.gcpause import gc_paused
from coretimer.model.versions import SESSION_SCHEMA_VERSION
from coretimer.store.folder import DataFolder, files
from coretimer.store.sessionfiles import (
    ANSWER_SUFFIX,
    LATE_ANSWER_SUFFIX,
    MAX_SESSION_BYTES,
    PAIN_ANSWER_SUFFIX,
    REAL_ANSWERS,
    AlreadyAnswered,
    Answer,
    Duplicate,
    Loaded,
    StoreError,
    StoreProblem,
    keep_answer,
    read_answer,
)

__all__ = ["ANSWER_SUFFIX", "Duplicate", "LoadResult", "Store", "StoreError", "StoreProblem",
           "session_bytes"]

if TYPE_CHECKING:  # pydantic is imported when a session file is read, not with the store
    from coretimer.model.record import NextMorning, SessionRecord
    from coretimer.store.journal import JournalWriter


class LoadResult(Loaded["SessionRecord"]):
    """Every session file read and validated (see `Loaded`)."""


def wall_now() -> datetime:
    """The computer's date and time (a test sets it wrong here)."""
    return datetime.now(UTC)


def read_at_most(path: Path, most: int, size: int) -> bytes:
    """The first `most` bytes of the file at `path` (all of it when shorter), `size` long
    when it was looked at: unbuffered, into a buffer of that size (for a file of a few
    kilobytes, a buffered reader and a buffer of `most` cost more than the read itself,
    once per session file at every full load)."""
    with path.open("rb", buffering=0) as fh:
        parts, got, ask = [], 0, min(size + 1, most)
        while got < most and (part := fh.read(ask)):
            parts.append(part)
            got += len(part)
            ask = min(most - got, 1 << 16)  # (it grew since: on, up to `most`)
        return b"".join(parts)


def session_bytes(record: SessionRecord) -> bytes:
    return (record.model_dump_json(indent=2) + "\n").encode("utf-8")


# --- The store -----------------------------------------------------------------------------------


class Store(DataFolder):
    """The history kept in the data folder at `root`: its sessions and their next-morning
    answers, saved, loaded, and recovered from the journals of crashed sessions."""

    def __init__(self, root: Path, cache_dir: Path | None = None) -> None:
        super().__init__(root)
        self.cache_dir = cache_dir
        """The cache folder the history's index is kept in (None: the platform's)."""

    def journal(self) -> JournalWriter:
        """A writer for a new session's journal."""
        # (the journal's module loads pydantic: only a running session writes one)
        from coretimer.store.journal import JournalWriter

        return JournalWriter(self.journal_dir)

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

    def set_next_morning(self, session_id: str, answer: NextMorning,
                         pain: int | None = None, *, answered_at: str | None = None) -> Path:
        """Record how the back felt the next morning (and its 0-10 pain, when given), in a
        small file of its own beside the session (the session file is never edited). Readers
        merge the two. Written once: an answer already there is never replaced
        (AlreadyAnswered); a "skipped" left by an older coretimer, or a file that cannot be
        read (which no reader takes as an answer), stays, and the answer goes beside it
        (`<id>.answered.next-morning`)."""
        if pain is not None and not 0 <= pain <= 10:
            raise ValueError("the next morning's pain is 0-10")
        doc: dict[str, object] = {"session": session_id, "next_morning": answer, "pain": pain}
        if answered_at is not None:
            doc["answered_at"] = answered_at
        data = (json.dumps(doc) + "\n").encode()
        with self.write_lock():
            self.sessions_dir.mkdir(parents=True, exist_ok=True)
            for suffix in (ANSWER_SUFFIX, LATE_ANSWER_SUFFIX):
                path = self.sessions_dir / f"{session_id}{suffix}"
                try:
                    create_once(path, data)
                    return path
                except FileExistsError:
                    found = read_answer(path)
                    if suffix == ANSWER_SUFFIX and (found is None or found[1] == "skipped"):
                        continue  # an old "skipped", or a file no reader can read: no answer
                    raise AlreadyAnswered(path, found) from None
            raise AssertionError("unreachable")

    def add_next_morning_pain(self, session_id: str, answer: NextMorning, pain: int) -> Path:
        """The morning's 0-10, given a moment after the answer's word (already written, and
        never edited): in a file of its own, written once (AlreadyAnswered when one is
        there, or when the word saved is another: answered elsewhere meanwhile; ValueError
        when no word was saved)."""
        if not 0 <= pain <= 10:
            raise ValueError("the next morning's pain is 0-10")
        path = self.sessions_dir / f"{session_id}{PAIN_ANSWER_SUFFIX}"
        data = (json.dumps({"session": session_id, "next_morning": answer, "pain": pain})
                + "\n").encode()
        with self.write_lock():
            words = [(p, found) for suffix in (ANSWER_SUFFIX, LATE_ANSWER_SUFFIX)
                     if (found := read_answer(p := self.sessions_dir / f"{session_id}{suffix}"))
                     is not None and found[1] in REAL_ANSWERS]
            if not words:
                raise ValueError("the answer itself was not saved, so its 0-10 cannot be")
            if all(found[1] != answer for _, found in words):  # answered otherwise meanwhile
                raise AlreadyAnswered(*words[0])
            try:
                create_once(path, data)
            except FileExistsError:
                raise AlreadyAnswered(path, read_answer(path)) from None
        return path

    # -- reading --

    def load(self, *, recover: bool = True, quarantine: bool = False) -> LoadResult:
        """Every readable session; every unreadable file as a problem, never as "empty".

        With `recover`, journals left by a crashed session are first turned into
        `interrupted` sessions (live journals, locked by a running coretimer, are left alone).
        With `quarantine`, unreadable files are moved to quarantine/ (bytes kept) so they are
        reported once; without it (read-only commands) they are reported and left in place.
        Files from a newer coretimer are always left untouched.
        """
        result = LoadResult()
        try:
            self.check_root()
        except StoreError as exc:
            result.unreadable = str(exc)
            return result
        if recover:
            recovered = self.recover(quarantine=quarantine)
            result.problems += recovered.problems
            result.recovered += recovered.recovered
        if self.sessions_dir.exists() and not self.sessions_dir.is_dir():
            result.unreadable = f"{self.sessions_dir} is a file, not a folder"
            return result
        try:
            paths = files(self.sessions_dir, ".json")
            answers = self._answers()
        except StoreError as exc:
            result.unreadable = f"{self.sessions_dir}: {exc}"
            result.problems.append(StoreProblem(self.sessions_dir, str(exc), repairable=False))
            return result
        by_id: dict[str, tuple[SessionRecord, Path]] = {}
        with gc_paused():
            for path in paths:
                record = self.read_file(path, result.problems, quarantine=quarantine)
                if record is None:
                    continue
                answer = answers.get(record.id)
                if answer is not None and answer != (record.next_morning,
                                                     record.next_morning_pain):
                    record = record.model_copy(update={"next_morning": answer[0],
                                                       "next_morning_pain": answer[1]})
                seen = by_id.get(record.id)
                if seen is None:
                    by_id[record.id] = (record, path)
                    continue
                keep, drop = _more_complete((record, path), seen)
                by_id[record.id] = keep
                result.duplicates.append(Duplicate(drop[1], keep[1], record.id))
        result.sessions = [record for record, _ in by_id.values()]
        return result

    def _answers(self) -> dict[str, tuple[NextMorning, int | None]]:
        """The next-morning answers kept beside the sessions, with their 0-10 pain (see
        `index.read_answer`)."""
        chosen: dict[str, Answer] = {}
        for path in files(self.sessions_dir, ANSWER_SUFFIX):
            found = read_answer(path)
            if found is not None:
                keep_answer(chosen, found)
        return {session: (answer[1], answer[2]) for session, answer in chosen.items()}

    def read_file(self, path: Path, problems: list[StoreProblem], *,
                  quarantine: bool) -> SessionRecord | None:
        """One session file, validated (and migrated); None, with the reason added to
        `problems` (and the file quarantined when asked), when it cannot be."""
        # (pydantic only when a file is read: the index lists the folders without it;
        # pydantic_core's error is pydantic's, without pydantic's lazy look-up at each file)
        from pydantic_core import ValidationError

        from coretimer.model.record import SessionRecord

        try:
            st = path.stat()
            if not stat.S_ISREG(st.st_mode):  # a FIFO would block the read forever
                problems.append(StoreProblem(
                    path, "is not a regular file (a folder, pipe or device)",
                    repairable=False))
                return None
            data = read_at_most(path, MAX_SESSION_BYTES + 1, st.st_size)
        except OSError as exc:
            problems.append(StoreProblem(path, f"cannot be read ({exc.strerror})",
                                                repairable=False))
            return None
        if len(data) > MAX_SESSION_BYTES:
            self._problem(problems, path, "is larger than 1 MB: not a session file",
                          quarantine=quarantine)
            return None
        try:  # the fast path: a current, valid document
            return SessionRecord.model_validate_json(data)
        except ValidationError:
            pass  # anything else is looked at closely below
        # (migrations only for a file that is not a current, valid document)
        from coretimer.store.migrations import MigrationError, migrate

        try:
            doc = json.loads(data)
        except (ValueError, RecursionError):
            reason = "is empty" if not data.strip() else "is not valid JSON (truncated or damaged)"
            self._problem(problems, path, reason, quarantine=quarantine)
            return None
        version = doc.get("schema_version") if isinstance(doc, dict) else None
        if isinstance(version, int) and version > SESSION_SCHEMA_VERSION:
            problems.append(StoreProblem(
                path, f"uses schema version {version}, newer than this coretimer understands "
                f"({SESSION_SCHEMA_VERSION})", "left untouched"))
            return None
        if not isinstance(doc, dict):
            self._problem(problems, path, "is not a valid session: not a JSON object",
                          quarantine=quarantine)
            return None
        try:
            doc = migrate(doc)
        except MigrationError as exc:
            self._problem(problems, path, f"is not a valid session: {exc}", quarantine=quarantine)
            return None
        try:
            return SessionRecord.model_validate(doc)
        except ValidationError as exc:
            first = exc.errors(include_url=False)[0]
            where = ".".join(str(p) for p in first["loc"]) or "(top level)"
            self._problem(problems, path, f"is not a valid session: {where}: {first['msg']}",
                          quarantine=quarantine)
            return None

    def recover(self, *, quarantine: bool) -> LoadResult:
        """Turn the journals of crashed sessions into session files (see `load`); what was
        recovered and what could not be are in the result."""
        result = LoadResult()
        self._recover_journals(result, quarantine=quarantine)
        return result

    def _recover_journals(self, result: LoadResult, *, quarantine: bool) -> None:
        try:
            journals = files(self.journal_dir, ".jsonl")
            if not journals:
                return
            with self.write_lock():
                for path in journals:
                    self._recover_one(path, result, quarantine=quarantine)
        except (StoreError, OSError) as exc:
            result.problems.append(StoreProblem(self.journal_dir, f"recovery failed: {exc}"))

    def _recover_one(self, path: Path, result: LoadResult, *, quarantine: bool) -> None:
        # (pydantic only when a file is read: the index lists the folders without it;
        # filelock only when there is a journal to recover)
        from filelock import FileLock, Timeout
        from pydantic import ValidationError

        from coretimer.store import journal
        from coretimer.store.journal import JournalError, UndatedJournal
        from coretimer.store.migrations import MigrationError

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
            entries, bad = journal.parse(data)
            if not entries and not bad:  # created but nothing durable written: nothing to keep
                path.unlink()
                return
            record: SessionRecord | None = None
            kept = "nothing was readable"
            try:
                record = journal.replay(entries, interrupted_at=mtime, now=wall_now())
            except UndatedJournal as exc:  # kept as it is until the clock is right
                result.problems.append(StoreProblem(path, str(exc), "left in place",
                                                    repairable=False))
                return
            except (JournalError, MigrationError, ValidationError) as exc:
                bad = bad or f"does not replay: {exc}"
            if bad and not quarantine:
                result.problems.append(StoreProblem(path, bad))
                return  # reported; recovered (what can be) and moved aside by the app/doctor
            if record is not None:  # everything readable, up to any damaged line
                target = self.sessions_dir / f"{record.id}.json"
                if target.exists():
                    # The finished session was saved (e.g. on a retry after a failed write);
                    # a leftover journal must never overwrite it.
                    kept = "the session file was already saved"
                else:
                    kept = "what came before it was recovered"
                    self.sessions_dir.mkdir(parents=True, exist_ok=True)
                    atomic_write(target, session_bytes(record))
                    result.recovered.append(record)
            if bad:
                self._problem(result.problems, path, f"{bad}; {kept}", quarantine=quarantine)
            else:
                path.unlink()
                fsync_dir(path.parent)
        finally:
            lock.release()
            with contextlib.suppress(OSError):
                path.with_suffix(".lock").unlink()


def _more_complete(a: tuple[SessionRecord, Path],
                   b: tuple[SessionRecord, Path]) -> tuple[tuple[SessionRecord, Path],
                                                        tuple[SessionRecord, Path]]:
    """(kept, dropped) of two copies of one session: the one with more in it (sets, those
    left out for pain counted; pain reports; an end; an answer), then the one whose file
    name is the plain `<id>.json`. The order of `SessionSummary.completeness`, which the
    index keeps copies by."""
    def score(item: tuple[SessionRecord, Path]) -> tuple[int, int, int, int, bool]:
        record, path = item
        return (len(record.sets) + len(record.not_done), len(record.pain),
                record.status != "interrupted", record.next_morning is not None,
                path.name == f"{record.id}.json")
    return (a, b) if score(a) > score(b) else (b, a)


def _schema_version_of(path: Path) -> int | None:
    try:
        doc: Any = json.loads(path.read_bytes())
    except (OSError, ValueError):
        return None
    version = doc.get("schema_version") if isinstance(doc, dict) else None
    return version if isinstance(version, int) else None
