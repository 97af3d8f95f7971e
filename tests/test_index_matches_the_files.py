"""The SQLite index always shows what a full load of the session files shows.

A random small history, then a random run of what happens to a sessions folder: sessions
added, removed, edited in place (a same-size edit in the same second as the index's listing
included), sync conflict copies, next-morning answers given and withdrawn, garbage files, the
folder left alone long enough to be trusted, and the time zone changed. After every step the
index (`load_summaries`, its home facts, `newest_summaries`, `home_facts_if_unchanged`) is
compared with `Store.load`, which reads every file.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
import time
from datetime import timedelta, timezone
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from coretimer.coaching.endurance import result_fields
from coretimer.coaching.endurance_protocols import MCGILL
from coretimer.coaching.streaks import HomeFacts
from coretimer.coaching.summarise import summarise
from coretimer.index.home import home_facts_if_unchanged
from coretimer.index.queries import load_summaries, newest_summaries
from coretimer.index.sync import Summaries
from coretimer.model.record import NotDoneSet, PainReport, SessionRecord, SetResult
from coretimer.model.summaries import SessionSummary
from coretimer.store.folder import files
from coretimer.store.history import Store, session_bytes
from coretimer.store.sessionfiles import ANSWER_NAMES
from tests.history_files import T0, zone_kept

SECOND = 1_000_000_000
#: File times an hour before these tests: long settled, never within the index's 2 s.
OLD_NS = (time.time_ns() // SECOND - 3600) * SECOND
ZONES = ["UTC", "America/Los_Angeles", "Asia/Kolkata", "Pacific/Kiritimati",
         "Pacific/Pago_Pago"]

# --- what a full load shows -----------------------------------------------------------------

View = tuple[list[SessionSummary], list[str], list[tuple[str, str, str]]]


def full_load(store: Store) -> View:
    """Every file read and validated (`Store.load`), each session kept made into the summary
    the index should have of it: its own file (the copy kept) and that file's stamp."""
    loaded = store.load(recover=False)
    assert loaded.unreadable is None
    folder = store.sessions_dir
    file_of: dict[str, str] = {}
    for path in files(folder, ".json"):
        record = store.read_file(path, [], quarantine=False)
        if record is not None:
            file_of.setdefault(record.id, path.name)
    for dup in loaded.duplicates:  # (in the order met: the last one says who was kept)
        file_of[dup.session_id] = dup.kept.name
    sessions = []
    for record in loaded.sessions:
        name = file_of[record.id]
        st_ = (folder / name).stat()
        sessions.append(summarise(record, name, (st_.st_size, st_.st_mtime_ns)))
    return (sorted(sessions, key=lambda s: s.id), sorted(str(p) for p in loaded.problems),
            sorted((d.path.name, d.kept.name, d.session_id) for d in loaded.duplicates))


def seen(result: Summaries) -> View:
    assert result.unreadable is None
    return (sorted(result.sessions, key=lambda s: s.id),
            sorted(str(p) for p in result.problems),
            sorted((d.path.name, d.kept.name, d.session_id) for d in result.duplicates))


def by_file(sessions: list[SessionSummary]) -> list[SessionSummary]:
    """In the order the index reads them (of sessions starting at the same moment, home's
    "last" is the first by file name)."""
    return sorted(sessions, key=lambda s: s.file)


def newest_three(sessions: list[SessionSummary]) -> list[SessionSummary]:
    return sorted(sessions, key=lambda s: (s.started_at, s.id), reverse=True)[:3]


def check(store: Store, where: str) -> None:
    full = full_load(store)
    got = load_summaries(store, recover=False, home=True)
    assert seen(got)[0] == full[0], f"{where}: the sessions"
    assert seen(got)[1] == full[1], f"{where}: the problems"
    assert seen(got)[2] == full[2], f"{where}: the duplicates"
    facts = HomeFacts.of(by_file(full[0]))
    assert got.facts is not None
    assert got.facts.per_day == facts.per_day, f"{where}: the days, in {os.environ['TZ']}"
    assert got.facts == facts, f"{where}: home's facts"
    newest = newest_summaries(store, 3)
    assert seen(newest[0])[1:] == full[1:], f"{where}: newest's problems and duplicates"
    assert newest[1] == newest_three(full[0]), f"{where}: the newest three"
    quick = home_facts_if_unchanged(store)  # (None unless the folder is old enough)
    assert quick is None or quick == facts, f"{where}: home's facts before any listing"


# --- sessions, answers and garbage ----------------------------------------------------------


def endurance_holds(i: int) -> list[SetResult]:
    """The sets of an endurance test (the published one)."""
    flexor, side, extensor = MCGILL.holds
    rows = [(flexor, MCGILL.flexor, None, 2, "at 60°"), (side, MCGILL.side, "left", None, None),
            (side, MCGILL.side, "right", None, None),
            (extensor, MCGILL.extensor, None, 2, "over a bench edge")]
    return [SetResult(exercise=name, exercise_id=key, kind="hold", side=side_,  # type: ignore[arg-type]
                      set=1, target=None, achieved=float(60 + i + n), completed=True,
                      ended_by="done", level=level, level_name=level_name)
            for n, (key, name, side_, level, level_name) in enumerate(rows)]



def session(i: int, *, sets: int = 3, pain: int | None = None, hours: int = 0,
            offset: int = 0, not_done: int = 0, status: str = "completed",
            test: bool = False) -> SessionRecord:
    """Session `s000ii`. Four ids share a day (i // 4), so the same `hours` makes sessions
    that start at the same moment; `offset` is the zone its times are written in."""
    start = (T0 + timedelta(days=i // 4, hours=hours)).astimezone(
        timezone(timedelta(hours=offset)))
    done = (endurance_holds(i) if test else
            [SetResult(exercise="Plank", exercise_id="plank", kind="hold", set=k + 1,
                       target=30.0, achieved=float(20 + (i + k) % 11), completed=k % 2 == 0)
             for k in range(sets)])
    record = SessionRecord(
        id=f"s{i:05d}", routine="endurance-test" if test else (
            "foundations" if i % 3 else "big-three"),
        routine_name="Endurance test" if test else "Foundations",
        started_at=start, ended_at=start + timedelta(minutes=20),
        status=status, baseline_pain=i % 4, sets=done,  # type: ignore[arg-type]
        pain=[] if pain is None else [PainReport(at=start + timedelta(minutes=3),
                                                 exercise="Plank", level=pain)],
        not_done=[NotDoneSet(exercise="Plank", exercise_id="plank", kind="hold", set=k + 1,
                             target=30.0, after_sets=len(done)) for k in range(not_done)])
    assert test is (result_fields(record) is not None)
    return record


def write(path: Path, data: bytes, mtime_ns: int | None) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    if mtime_ns is not None:
        os.utime(path, ns=(mtime_ns, mtime_ns))


def same_size_edit(data: bytes) -> bytes | None:
    """A digit changed: the baseline pain (None for a file that has none)."""
    found = re.search(rb'"baseline_pain": (\d)[,\n]', data)
    if found is None:
        return None
    digit = str((int(found[1]) + 1) % 10).encode()
    return data[:found.start(1)] + digit + data[found.end(1):]


def json_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.glob("*.json")) if folder.is_dir() else []


def answer_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.next-morning")) if folder.is_dir() else []


# --- the steps ------------------------------------------------------------------------------

sessions_ = st.fixed_dictionaries({
    "i": st.integers(0, 11),
    "sets": st.integers(0, 5),
    "pain": st.sampled_from([None, 0, 4]),
    "hours": st.sampled_from([-9, 0, 0, 6, 17]),
    "offset": st.sampled_from([0, -5, 9]),
    "not_done": st.sampled_from([0, 0, 1, 2]),
    "status": st.sampled_from(["completed", "completed", "interrupted", "stopped_for_pain"]),
    "test": st.sampled_from([False, False, False, True]),
})
times = st.sampled_from(["old", "now"])
picks = st.integers(0, 30)
GARBAGE = [b"", b"{", b"[1, 2]", b'{"id": "s00001"}', b"\x00\xff", b'{"schema_version": 99}',
           "folder"]
COPY_NAMES = ["{id} (conflict {n}).json", "a-copy-{n}.json", "z-copy-{n}.json",
              "{id}.sync-conflict-{n}.json", "Z-{n}.json", "é-{n}.json"]

steps = st.one_of(
    st.tuples(st.just("add"), sessions_, times),
    st.tuples(st.just("remove"), picks),
    st.tuples(st.just("overwrite"), picks, sessions_, times),  # (a file another id's now)
    st.tuples(st.just("edit"), picks, st.sampled_from(["same size", "bigger", "racy"])),
    st.tuples(st.just("copy"), picks, st.integers(0, 6), st.sampled_from([None, 0, 4]),
              st.sampled_from([0, 1, 3]), st.sampled_from(["completed", "interrupted"]),
              st.sampled_from(COPY_NAMES), times),
    st.tuples(st.just("answer"), st.integers(0, 11),
              st.sampled_from([*ANSWER_NAMES, " (conflict).next-morning"]),
              st.sampled_from(["better", "same", "worse", "skipped", "{"]),
              st.sampled_from([None, 0, 3, 7, 11]), times),
    st.tuples(st.just("unanswer"), picks),
    st.tuples(st.just("garbage"), st.sampled_from(GARBAGE),
              st.sampled_from(["new", "hidden", "existing"]), picks),
    st.tuples(st.just("zone"), st.sampled_from(ZONES)),
    st.tuples(st.just("age folder")),
    st.tuples(st.just("no folder")),
)


class History:
    """A sessions folder and the moves on it."""

    def __init__(self, root: Path, cache: Path) -> None:
        self.store = Store(root, cache)
        self.folder = self.store.sessions_dir
        self.made: dict[int, dict[str, Any]] = {}  # id -> how its session was last written
        self.n = 0  # (each step's files get times and names of their own)

    def mtime(self, kind: str) -> int | None:
        self.n += 1
        return OLD_NS - self.n * SECOND if kind == "old" else None

    def add(self, how: dict[str, Any], when: str) -> None:
        self.made[how["i"]] = how
        write(self.folder / f"s{how['i']:05d}.json", session_bytes(session(**how)),
              self.mtime(when))

    def pick(self, found: list[Path], n: int) -> Path | None:
        return found[n % len(found)] if found else None

    def do(self, step: tuple[Any, ...]) -> None:
        move = step[0]
        if move == "add":
            self.add(step[1], step[2])
        elif move == "remove" and (path := self.pick(json_files(self.folder), step[1])):
            if path.is_dir():
                path.rmdir()
            else:
                path.unlink()
        elif move == "overwrite" and (path := self.pick(json_files(self.folder), step[1])):
            if path.is_file():
                self.made[step[2]["i"]] = step[2]
                write(path, session_bytes(session(**step[2])), self.mtime(step[3]))
        elif move == "edit" and (path := self.pick(json_files(self.folder), step[1])):
            self.edit(path, step[2])
        elif move == "copy" and self.made:
            _, n, sets, pain, not_done, status, name, when = step
            how = self.made[sorted(self.made)[n % len(self.made)]]
            changed = {**how, "sets": sets, "pain": pain, "not_done": not_done,
                       "status": status}
            self.n += 1
            write(self.folder / name.format(id=f"s{how['i']:05d}", n=self.n),
                  session_bytes(session(**changed)), self.mtime(when))
        elif move == "answer":
            _, i, suffix, word, pain, when = step
            doc = b"{" if word == "{" else json.dumps(
                {"session": f"s{i:05d}", "next_morning": word, "pain": pain}).encode()
            write(self.folder / f"s{i:05d}{suffix}", doc, self.mtime(when))
        elif move == "unanswer" and (path := self.pick(answer_files(self.folder), step[1])):
            path.unlink()
        elif move == "garbage":
            _, data, where, n = step
            path = self.pick(json_files(self.folder), n)
            if where != "existing" or path is None:
                self.n += 1
                path = self.folder / f"{'.' if where == 'hidden' else ''}junk-{self.n}.json"
            if path.is_dir():
                return
            if data == "folder":
                if path.exists():
                    path.unlink()
                path.mkdir(parents=True)
            else:
                write(path, data, None)
        elif move == "zone":
            os.environ["TZ"] = step[1]
            time.tzset()
        elif move == "age folder" and self.folder.is_dir():
            os.utime(self.folder, ns=(OLD_NS, OLD_NS))
        elif move == "no folder" and self.folder.is_dir():
            shutil.rmtree(self.folder)

    def edit(self, path: Path, how: str) -> None:
        if not path.is_file():
            return
        data = path.read_bytes()
        st_ = path.stat()
        if how == "bigger":  # another size, the same time
            bigger = data.replace(b'"routine_name": "', b'"routine_name": "!', 1)
            write(path, bigger if bigger != data else data + b" ", st_.st_mtime_ns)
            return
        edited = same_size_edit(data)
        if edited is None:
            return
        if how == "same size":  # the same size, another (settled) time
            write(path, edited, self.mtime("old"))
            return
        # "racy": the index lists the file in the very second it was written (a coarse
        # clock's time, rounded down), then it is edited again in that same second: the same
        # size and the same time as the index saw. Only re-reading files that new finds it.
        now = time.time_ns() // SECOND * SECOND
        os.utime(path, ns=(now, now))
        check(self.store, "before a same-second edit")
        write(path, edited, now)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(start=st.lists(sessions_, max_size=8), moves=st.lists(steps, max_size=12))
# A conflict copy with as many sets but one more left out for pain (`not_done`): the full
# load once counted the sets done (`len(record.sets)`), the index the sets planned
# (`sets_total`), and they kept different copies; both count the sets planned now.
@example(start=[{"i": 0, "sets": 2, "pain": None, "hours": 0, "offset": 0, "not_done": 0,
                 "status": "completed", "test": False}],
         moves=[("copy", 0, 2, None, 1, "completed", "a-copy-{n}.json", "old")])
def test_the_index_always_shows_what_a_full_load_shows(
        start: list[dict[str, Any]], moves: list[tuple[Any, ...]]) -> None:
    with zone_kept(), tempfile.TemporaryDirectory() as tmp:
        history = History(Path(tmp) / "data", Path(tmp) / "cache")
        for how in start:
            history.add(how, "old")
        check(history.store, "the first load")
        for n, step in enumerate(moves):
            history.do(step)
            check(history.store, f"after step {n}: {step}")
