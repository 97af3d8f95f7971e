"""The history index: derived data that lets the app start without reading every session.

    CACHE_DIR/index/<the data folder's name>/sessions.json (and home.json, stats.json)

Kept in the cache folder, never in the data folder, which may be synced between machines.

For each session file it keeps the file's size and modification time and a `SessionSummary`
(the fields home, the history list and the next-morning question need); for each
next-morning answer file, its size, time and answer. At start the sessions folder is listed
(names, sizes, times: no file is opened) and only files that are new or changed since the
index was written are read; files gone from the folder leave the index. So sessions that
arrive by sync are picked up at the next start, or at the next refresh while the app runs,
without reading the rest again.

The session files stay the only source of truth. The index is rebuilt, whole or in part,
whenever it is missing, damaged, written by another version of it, or stale; deleting it is
always safe. A file whose time is too close to when the index was written to tell a later
same-size change apart (coarse file-system clocks) is read again rather than trusted.

Light on purpose: it imports no pydantic unless a file has to be read, so a start with an
up-to-date index paints the filled home screen without building a single model class.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, TypeGuard

from coretimer.coaching.streaks import Calendar, last_done, last_session
from coretimer.coaching.summarise import summarise
from coretimer.durable import atomic_write
from coretimer.gcpause import gc_paused
from coretimer.model.summaries import SessionSummary, Stamp
from coretimer.model.versions import SESSION_SCHEMA_VERSION
from coretimer.paths import cache_dir
from coretimer.store.sessionfiles import (
    ANSWER_SUFFIX,
    Answer,
    Duplicate,
    Loaded,
    StoreError,
    StoreProblem,
    keep_answer,
    read_answer,
)

if TYPE_CHECKING:
    from coretimer.model.record import NextMorning, SessionRecord
    from coretimer.store.history import Store

INDEX_DIR = "index"
INDEX_NAME = "sessions.json"
#: What reading a damaged derived file can raise (json takes `Infinity`, which int() cannot).
DAMAGE = (OSError, ValueError, TypeError, KeyError, AttributeError, RecursionError,
          OverflowError)
#: Bumped whenever what a summary holds changes: an index of another format is rebuilt.
FORMAT = 12
#: A file modified this close to (or after) the index's own writing is read again: a
#: same-size change in the same tick of a coarse file-system clock would look unchanged.
RACY_NS = 2_000_000_000

@dataclass
class Summaries(Loaded[SessionSummary]):
    """The history as summaries, with what a full load would report beside it."""

    read: int = 0
    """How many files had to be read (0 when the index was up to date)."""
    listing: tuple[dict[str, Stamp], dict[str, Stamp]] | None = None
    """The folder as it was listed for this load."""
    folder_ns: int | None = None
    """The sessions folder's time when it was listed."""
    facts: HomeFacts | None = None
    """Home's facts of these sessions, when the load worked them out (to keep them)."""
    unwritten: list[Callable[[], None]] = field(default_factory=list)
    """Writes of the index and home's facts that the caller asked to hold back (`write`)."""

    def write(self) -> None:
        """Write what was held back (the app does it once the screen shows the result)."""
        while self.unwritten:
            self.unwritten.pop(0)()
    trusted: bool = False
    """Nothing in it was read for being too new or unreadable: a later look that lists the
    folder the same can keep it as it is."""
    digest: str | None = None
    """The SHA-256 of the index rows these summaries were made from (once the index is
    written, when it had to be): the same digest means the same summaries, so what is worked
    out from them can be kept by it (`stats_cache`). None until then."""


def index_dir(root: Path, cache: Path | None = None) -> Path:
    """Where the index of the data folder `root` is kept: in the cache folder (`cache`, else
    the platform's), one folder per data folder, named by the data folder's real path. Never
    in the data folder: that one may be synced between machines, and the index is derived
    on each of them from the session files it has."""
    if cache is None:
        cache = cache_dir()
    name = hashlib.sha256(os.fsencode(os.path.realpath(root))).hexdigest()[:24]
    return cache / INDEX_DIR / name


def index_path(root: Path, cache: Path | None = None) -> Path:
    return index_dir(root, cache) / INDEX_NAME


def _checked(path: Path, line: int) -> tuple[dict[str, Any] | None, bytes]:
    """The index file's header and its `line`-th line (1: the stamps, 2: the entries), when
    its format and checksum hold; (None, b"") otherwise. The stamps line has a checksum of
    its own (`stamps_sha256`), so that reading it alone reads and hashes no more of the
    file. Raises OSError and ValueError."""

    with path.open("rb") as fh:
        head = json.loads(fh.readline())
        if (type(head) is not dict or head.get("format") != FORMAT
                or head.get("schema") != SESSION_SCHEMA_VERSION
                or type(head.get("written_ns")) is not int):
            return None, b""
        if line == 1:
            stamps = fh.readline().removesuffix(b"\n")
            ok = head.get("stamps_sha256") == _digest(head["written_ns"], stamps)
            return (head, stamps) if ok else (None, b"")
        body = fh.read()
    if head.get("sha256") != _digest(head["written_ns"], body):
        return None, b""
    stamps_end = body.find(b"\n")
    return (head, body[stamps_end + 1:]) if stamps_end >= 0 else (None, b"")


def _digest(written_ns: int, body: bytes | memoryview) -> str:
    """The index's checksum: of its rows, and of the time its header says they are of (a
    damaged time would have every file trusted, or none)."""

    sha = hashlib.sha256(f"{FORMAT} {SESSION_SCHEMA_VERSION} {written_ns}\n".encode())
    sha.update(body)
    return sha.hexdigest()


class Stamps(NamedTuple):
    """The index's stamps line: enough to tell which files changed since it was written."""

    sessions: dict[str, list[Any]]
    """Per session file: [size, mtime, id]."""
    answers: dict[str, list[Any]]
    """Per answer file: [size, mtime]."""
    written_ns: int
    digest: str

    @classmethod
    def read(cls, path: Path) -> Stamps | None:
        """None when the index is missing, damaged or of another format."""
        try:
            head, line = _checked(path, 1)
            if head is None:
                return None
            doc = json.loads(line)
            sessions, answers = doc["sessions"], doc["answers"]
            if type(sessions) is not dict or type(answers) is not dict:
                return None
            return cls(sessions, answers, int(head["written_ns"]), str(head["sha256"]))
        except DAMAGE:
            return None

    def fresh(self, table: dict[str, list[Any]], name: str, stamp: Stamp) -> bool:
        """The file `name` of `table` (sessions or answers) still has the `stamp` the index
        knew, long enough before the index was written to be sure of it."""
        return _holds(table.get(name), stamp, self.written_ns)

    def new_files(self, on_disk: dict[str, Stamp], answer_files: dict[str, Stamp]
                  ) -> tuple[list[str], set[str], bool] | None:
        """What the folder, listed as `on_disk` and `answer_files`, has that the index does
        not: the session files new since, the ids of the sessions it knew, and whether two
        of its files hold one session. None when anything else changed: a session file
        gone or changed, an answer file new, gone or changed."""
        if (len(answer_files) != len(self.answers)
                or not all(self.fresh(self.answers, name, stamp)
                           for name, stamp in answer_files.items())):
            return None
        ids: set[str] = set()
        new: list[str] = []
        known_files = 0
        sessions, written = self.sessions, self.written_ns
        for name, stamp in on_disk.items():
            known = sessions.get(name)
            if known is None:
                new.append(name)
                continue
            if (not _holds(known, stamp, written) or len(known) != 3
                    or type(known[2]) is not str):
                return None  # changed, or too close to the index's writing
            ids.add(known[2])
            known_files += 1
        if known_files != len(self.sessions):  # some are gone
            return None
        return new, ids, len(ids) != known_files


def listing_unless_recovering(store: Store) -> tuple[dict[str, Stamp], dict[str, Stamp]] | None:
    """The sessions folder's `listing`, for the shortcuts that answer from the index alone:
    None when it cannot be listed, or when a crashed session waits to be recovered (the
    full load does that first)."""
    if has_journals(store.journal_dir):
        return None
    try:
        return listing(store.sessions_dir)
    except OSError:
        return None


def up_to_date(store: Store) -> str | None:
    """The digest of the index (`Summaries.digest`) when it holds every session file and
    answer as the folder has them now, with no crashed session to recover and no two files
    of one session: then it says all a load would (no problem to report, nothing to read).
    None otherwise. Decodes the stamps alone."""
    listed = listing_unless_recovering(store)
    if listed is None:
        return None
    stamps = Stamps.read(index_path(store.root, store.cache_dir))
    found = None if stamps is None else stamps.new_files(*listed)
    if stamps is None or found is None or found[0] or found[2]:
        return None
    return stamps.digest


def _holds(known: object, stamp: Stamp, written_ns: int) -> TypeGuard[list[Any]]:
    """`known` ([size, mtime, ...], from an index written at `written_ns`) still holds for a
    file of `stamp`: the same, and old enough to be sure of it."""
    return (type(known) is list and len(known) >= 2 and known[0] == stamp[0]
            and known[1] == stamp[1] and stamp[0] >= 0 and stamp[1] < written_ns - RACY_NS)


#: The stamp of an entry that is not a regular file, or cannot be looked at: never fresh, so
#: it is looked at (and reported) at every load, as a full load does.
ODD: Stamp = (-1, -1)


def listing(folder: Path) -> tuple[dict[str, Stamp], dict[str, Stamp]]:
    """The session files and answer files of `folder` with their stamps. Raises OSError
    when the folder cannot be listed (FileNotFoundError: there is none yet)."""
    sessions: dict[str, Stamp] = {}
    answers: dict[str, Stamp] = {}
    with os.scandir(folder) as entries:
        for entry in entries:
            name = entry.name
            if name.startswith("."):
                continue
            is_session = name.endswith(".json")
            if not is_session and not name.endswith(ANSWER_SUFFIX):
                continue
            try:
                st = entry.stat()
                found = ((st.st_size, st.st_mtime_ns) if stat.S_ISREG(st.st_mode) else ODD)
            except OSError:
                found = ODD
            (sessions if is_session else answers)[name] = found
    return sessions, answers


class Index:
    """The index as read from disk: what it knew, and when it was written.

    The file is three lines: a header (format, schema, when it was written, and the SHA-256
    of the other two lines); the stamps alone (per session file [size, mtime, id], per answer
    file [size, mtime]: what `Stamps` reads, to tell what changed without decoding the rest);
    and the entries (per file [size, mtime, row or answer]: what the load reads)."""

    def __init__(self, sessions: dict[str, list[Any]], answers: dict[str, list[Any]],
                 written_ns: int, digest: str | None = None) -> None:
        """`sessions` and `answers` by file name: [size, mtime, row or answer], as the file
        holds them (taken as they are: entries are looked at one by one in `fresh`).
        `digest`: the SHA-256 of the rows as written (see `Summaries.digest`)."""
        self.sessions = sessions
        self.answers = answers
        self.written_ns = written_ns
        self.digest = digest

    @classmethod
    def empty(cls) -> Index:
        return cls({}, {}, 0)

    @classmethod
    def read(cls, path: Path) -> Index:
        """The index at `path`; an empty one when it is missing, damaged or of another
        format (then everything is read again and it is written afresh)."""
        try:
            head, lines = _checked(path, 2)
            if head is None:
                return cls.empty()  # damaged, or edited by hand: rebuilt from the files
            doc = json.loads(lines)
            sessions, answers = doc["sessions"], doc["answers"]
            written = int(head["written_ns"])
            if type(sessions) is not dict or type(answers) is not dict:
                return cls.empty()
        except DAMAGE:
            return cls.empty()
        return cls(sessions, answers, written, head["sha256"])

    def fresh(self, table: dict[str, list[Any]], name: str, stamp: Stamp) -> list[Any] | None:
        """What `table` (the index's sessions or answers) has for the file `name`, when it
        still holds for the file's `stamp`: [size, mtime, row]."""
        known = table.get(name)
        return known if _holds(known, stamp, self.written_ns) and len(known) == 3 else None

    def write(self, path: Path, as_of_ns: int) -> str:
        """Write it (atomically); a failure is ignored: the index is only ever a shortcut.
        `as_of_ns`: when the folder was listed for it (a file changed after that, in the same
        tick of a coarse clock, must not look unchanged). Returns the digest (whether or
        not it could be written)."""

        sessions, answers = dict(sorted(self.sessions.items())), dict(sorted(
            self.answers.items()))
        stamps = {"sessions": {name: [*entry[:2], entry[2][0]] for name, entry in
                               sessions.items()},
                  "answers": {name: entry[:2] for name, entry in answers.items()}}
        stamps_line, entries = (json.dumps(doc, separators=(",", ":")).encode() for doc in (
            stamps, {"sessions": sessions, "answers": answers}))
        body = stamps_line + b"\n" + entries
        # A checksum of the rows: a damaged or hand-edited index is rebuilt, so its rows can
        # be taken as they were written, without checking every field at every start.
        self.digest = _digest(as_of_ns, body)
        header = json.dumps({"format": FORMAT, "schema": SESSION_SCHEMA_VERSION,
                             "written_ns": as_of_ns, "sha256": self.digest,
                             "stamps_sha256": _digest(as_of_ns, stamps_line)}).encode()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            atomic_write(path, header + b"\n" + body)
        except OSError:
            pass
        return self.digest


@gc_paused()  # (tens of thousands of objects made at once: collections would only walk them)
def load_summaries(store: Store, *, recover: bool = True, quarantine: bool = False,
                   since: Summaries | None = None, hold_writes: bool = False,
                   home: bool = False) -> Summaries:
    """The history as summaries: what `Store.load` would show, reading only the files that
    changed since the index was written (and updating the index). With `since` (an earlier
    result), when the folder lists exactly as it did then, that result is returned as it is
    (the index is not even read). With `home`, `facts` holds home's facts whenever the files
    can be trusted (else only when the index changed: they are kept afresh then)."""
    result = Summaries()
    try:
        store.check_root()
    except StoreError as exc:
        result.unreadable = str(exc)
        return result
    if recover and has_journals(store.journal_dir):
        full = store.recover(quarantine=quarantine)
        result.problems += full.problems
        result.recovered += full.recovered
    folder = store.sessions_dir
    if folder.exists() and not folder.is_dir():
        result.unreadable = f"{folder} is a file, not a folder"
        return result
    folder_ns = folder_time(store)
    listed_ns = time.time_ns()  # what the index and home's facts are true as of
    try:
        on_disk, answer_files = listing(folder)
    except FileNotFoundError:
        return result
    except OSError as exc:
        message = f"cannot list the folder ({exc.strerror or exc})"
        result.unreadable = f"{folder}: {message}"
        result.problems.append(StoreProblem(folder, message, repairable=False))
        return result
    if (since is not None and since.trusted and not result.recovered
            and since.listing == (on_disk, answer_files)):
        return since
    result.listing = (on_disk, answer_files)
    result.folder_ns = folder_ns
    path = index_path(store.root, store.cache_dir)
    old = Index.read(path)
    new = Index({}, {}, 0)
    changed = len(old.sessions) != len(on_disk) or len(old.answers) != len(answer_files)
    chosen: dict[str, Answer] = {}
    for name, stamp in sorted(answer_files.items()):
        known_answer = old.fresh(old.answers, name, stamp)
        if known_answer is not None:
            ans = known_answer[2]
        else:
            changed = True
            result.read += 1
            found = read_answer(folder / name)
            ans = None if found is None else list(found)
        new.answers[name] = [*stamp, ans]
        if ans is not None:
            keep_answer(chosen, (ans[0], ans[1], ans[2]))
    answers: dict[str, tuple[NextMorning, int | None]] = {
        session: (answer[1], answer[2]) for session, answer in chosen.items()}
    by_id: dict[str, SessionSummary] = {}
    # In file-name order (which copy of a session is met first). The index is written in
    # that order: when it knows exactly the files listed, its order is used as it is.
    names = (old.sessions.keys() if old.sessions.keys() == on_disk.keys()
             else sorted(on_disk))
    for name in names:
        stamp = on_disk[name]
        known = old.fresh(old.sessions, name, stamp)
        summary_: SessionSummary | None = None
        if known is not None:
            try:
                summary_ = SessionSummary.from_row(name, stamp, known[2])
                new.sessions[name] = known
            except (ValueError, TypeError):  # a damaged row: the file is read instead
                summary_ = None
        if summary_ is not None:
            summary = summary_
        else:
            changed = True
            result.read += 1
            record = store.read_file(folder / name, result.problems, quarantine=quarantine)
            if record is None:
                continue  # reported (as a full load does), and read again next time
            summary = summarise(record, name, stamp)
            new.sessions[name] = [*stamp, summary.row()]
        if answers:
            answer = answers.get(summary.id)
            if answer is not None and answer != (summary.next_morning,
                                                 summary.next_morning_pain):
                summary = summary.with_answer(*answer)
        if summary.id in by_id:
            _keep(by_id, summary, folder, result)
        else:
            by_id[summary.id] = summary
    result.sessions = list(by_id.values())
    if changed or old.written_ns == 0:
        def write_index() -> None:
            result.digest = new.write(path, listed_ns)

        result.unwritten.append(write_index)
    else:
        result.digest = old.digest
    soon = listed_ns - RACY_NS
    times = [stamp[1] for stamp in on_disk.values()] + [
        stamp[1] for stamp in answer_files.values()]
    result.trusted = (not result.problems and not result.recovered
                      and (not times or (min(times) >= 0 and max(times) < soon)))
    if result.trusted and folder_ns is not None and (home or changed):
        # (kept afresh whenever the index changes; looked up only for a caller that shows
        # them: the app)
        kept = None if changed else home_facts_if_unchanged(store)  # nothing changed: still true
        if kept is None:
            facts = kept = HomeFacts.of(result.sessions)
            result.unwritten.append(lambda: write_home_facts(
                index_dir(store.root, store.cache_dir), facts, folder_ns, result.digest,
                listed_ns))
        result.facts = kept
    if not hold_writes:
        result.write()
    return result


def _keep(by_id: dict[str, SessionSummary], summary: SessionSummary, folder: Path,
          result: Summaries) -> None:
    seen = by_id.get(summary.id)
    if seen is None:
        by_id[summary.id] = summary
        return
    keep, drop = ((summary, seen) if summary.completeness() > seen.completeness()
                  else (seen, summary))
    by_id[summary.id] = keep
    result.duplicates.append(Duplicate(folder / drop.file, folder / keep.file, summary.id))


def has_journals(folder: Path) -> bool:
    try:
        with os.scandir(folder) as entries:
            return any(e.name.endswith(".jsonl") and not e.name.startswith(".")
                       for e in entries)
    except OSError:
        return False


def read_record(store: Store, summary: SessionSummary) -> SessionRecord | None:
    """The full record of a session in the index (with its next-morning answer); None when
    its file is gone or no longer reads (it is reported at the next load)."""
    record = store.read_file(store.sessions_dir / summary.file, [], quarantine=False)
    if record is None or record.id != summary.id:
        return None
    if (record.next_morning, record.next_morning_pain) != (summary.next_morning,
                                                           summary.next_morning_pain):
        record = record.model_copy(update={"next_morning": summary.next_morning,
                                           "next_morning_pain": summary.next_morning_pain})
    return record


# --- home's facts ---------------------------------------------------------------------------------

HOME_NAME = "home.json"


@dataclass(frozen=True)
class HomeFacts:
    """What home shows of the history, small whatever its size: sessions per local day (the
    streaks), the last session (and its next-morning question), when each routine was last
    done, and the newest endurance test. Saved in home.json beside the index with the
    sessions folder's time: while the folder has not changed (no file added, removed or
    renamed into it, which is how sessions and answers are written), home is filled from it
    without listing the folder; the full look at every file follows right after."""

    per_day: dict[date, int]
    last: SessionSummary | None
    last_done: dict[str, datetime]
    latest_test: SessionSummary | None
    count: int

    @classmethod
    def of(cls, sessions: list[SessionSummary], tz: tzinfo | None = None) -> HomeFacts:
        return cls(dict(Calendar.of(sessions, tz).per_day), last_session(sessions),
                   last_done(sessions),
                   last_session(s for s in sessions if s.test is not None), len(sessions))


#: The local time zone's rules, when TZ does not name them.
LOCALTIME = Path("/etc/localtime")


def tz_key() -> list[Any]:
    """What the local days depend on: facts of another time zone are not used. Zones can
    share names and offsets and still differ in their past rules, so the zone file itself
    counts too (where it lives, its size and time)."""
    try:
        st = LOCALTIME.stat()
        zone: list[Any] = [os.path.realpath(LOCALTIME), st.st_size, st.st_mtime_ns]
    except OSError:
        zone = []
    return [list(time.tzname), time.timezone, time.altzone, os.environ.get("TZ"), zone]


def with_checksum(doc: dict[str, Any]) -> bytes:
    """`doc` as JSON after a line with its checksum: a kept file damaged into other valid
    JSON (a digit changed) is not believed (`checked_doc`)."""
    body = json.dumps(doc).encode()
    return hashlib.sha256(body).hexdigest().encode() + b"\n" + body


def checked_doc(data: bytes) -> dict[str, Any] | None:
    """The document `with_checksum` wrote; None when it does not match its checksum (or is
    not an object).
    Raises what json.loads does."""
    checksum, _, body = data.partition(b"\n")
    if checksum != hashlib.sha256(body).hexdigest().encode():
        return None
    doc = json.loads(body)
    return doc if type(doc) is dict else None


def summary_json(s: SessionSummary | None) -> list[Any] | None:
    return None if s is None else [s.file, *s.stamp, s.row()]


def summary_of_json(doc: list[Any] | None) -> SessionSummary | None:
    if doc is None:
        return None
    file, size, mtime, row = doc
    return SessionSummary.from_row(str(file), (int(size), int(mtime)), row)


def write_home_facts(folder: Path, facts: HomeFacts, folder_ns: int,
                     digest: str | None = None, as_of_ns: int | None = None) -> None:
    """Keep `facts`, true of the sessions folder as it was at `folder_ns` (its time when it
    was listed) and of the index rows of `digest` (`Summaries.digest`). A failure is
    ignored: they are only a shortcut."""

    doc = {"format": FORMAT, "schema": SESSION_SCHEMA_VERSION, "tz": tz_key(),
           "folder_ns": folder_ns, "digest": digest,
           "written_ns": time.time_ns() if as_of_ns is None else as_of_ns,
           "per_day": [[d.isoformat(), n] for d, n in sorted(facts.per_day.items())],
           "last": summary_json(facts.last),
           "last_done": {k: v.isoformat() for k, v in sorted(facts.last_done.items())},
           "latest_test": summary_json(facts.latest_test), "count": facts.count}
    try:
        folder.mkdir(parents=True, exist_ok=True)
        atomic_write(folder / HOME_NAME, with_checksum(doc))
    except OSError:
        pass


def folder_time(store: Store) -> int | None:
    """The sessions folder's modification time (ns); None when it cannot be looked at."""
    try:
        return store.sessions_dir.stat().st_mtime_ns
    except OSError:
        return None


class SavedHomeFacts(NamedTuple):
    """Home's facts as kept, with what they were true of."""

    facts: HomeFacts
    folder_ns: int
    """The sessions folder's time when it was listed for them."""
    written_ns: int
    digest: str | None
    """The index rows they were worked out from (`Summaries.digest`)."""


def saved_home_facts(store: Store) -> SavedHomeFacts | None:
    """Home's facts as saved in home.json beside the index, when they are of this version and
    time zone (whatever the folder holds now: see `home_facts_if_unchanged`)."""

    try:
        doc = checked_doc((index_dir(store.root, store.cache_dir) / HOME_NAME).read_bytes())
        if (doc is None or doc["format"] != FORMAT or doc["schema"] != SESSION_SCHEMA_VERSION
                or doc["tz"] != tz_key()):
            return None
        digest = doc.get("digest")
        return SavedHomeFacts(HomeFacts(
            {date.fromisoformat(d): int(n) for d, n in doc["per_day"]},
            summary_of_json(doc["last"]),
            {str(k): datetime.fromisoformat(v) for k, v in doc["last_done"].items()},
            summary_of_json(doc["latest_test"]), int(doc["count"])),
            int(doc["folder_ns"]), int(doc["written_ns"]),
            digest if type(digest) is str else None)
    except DAMAGE:
        return None


def home_facts_if_unchanged(store: Store, kept: SavedHomeFacts | None = None) -> HomeFacts | None:
    """Home's facts without listing the sessions folder, when they can be trusted: kept for
    the folder as it is now (and long enough after its last change that a change in the same
    tick of a coarse clock cannot hide), in this time zone, with no crashed session waiting
    to be recovered. None otherwise: then the index is loaded as usual (or, when sessions
    have only arrived since, `arrivals.home_facts_with_arrivals`)."""
    if has_journals(store.journal_dir):
        return None
    now_ns = folder_time(store)
    if now_ns is None:
        if store.root.is_dir() and not store.sessions_dir.exists():  # no history yet
            return HomeFacts({}, None, {}, None, 0)
        return None
    kept = saved_home_facts(store) if kept is None else kept  # (the caller may have them)
    if kept is None or kept.folder_ns != now_ns or now_ns >= kept.written_ns - RACY_NS:
        return None
    return kept.facts
