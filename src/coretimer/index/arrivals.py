"""Home at start when sessions have arrived by sync since it was last shown.

When the sessions folder changed since home's facts were kept, home cannot be drawn from them
as they are. In the common case (a sync tool brought a few new session files and changed
nothing else) the saved facts plus the new sessions are what a full load would give: this
module finds that case and adds the new sessions, read with the json module alone (a quick
read, not a validation: no pydantic, which would hold the first frame for as long as the app takes
to start). In every other case (a file removed, changed, damaged or of another version, an
answer file new or changed, a copy of a known session, an endurance test, many arrivals)
it gives up and the history is loaded as usual before home is shown.

What it gives is never kept: the full load of every file follows right after the first
frame (validating the new files properly), and home is drawn again from that.
"""

from __future__ import annotations

import json
import os
import re
import stat
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from coretimer.coaching.endurance import TEST_ROUTINES
from coretimer.index.load import (
    HomeFacts,
    SavedHomeFacts,
    Stamps,
    index_path,
    listing_unless_recovering,
    saved_home_facts,
)
from coretimer.model.clock import aware_moment, plausible
from coretimer.model.summaries import ANSWERS, STATUSES, SessionSummary
from coretimer.model.timeline import local_day
from coretimer.model.versions import SESSION_SCHEMA_VERSION
from coretimer.store.sessionfiles import MAX_SESSION_BYTES

if TYPE_CHECKING:
    from coretimer.store.history import Store

#: More new files than this and the history is loaded as usual (a first sync, say).
MAX_ARRIVALS = 20
#: What a session file may hold (`models.SessionRecord`'s fields; a test holds them equal).
FIELDS = frozenset({"schema_version", "id", "routine", "routine_name", "started_at",
                    "ended_at", "status", "baseline_pain", "sets", "pain", "next_morning",
                    "next_morning_pain", "not_done"})
#: A session id (as `models.SessionRecord` has it).
_ID = re.compile(r"[A-Za-z0-9_.-]{1,80}")


def home_facts_with_arrivals(store: Store, kept: SavedHomeFacts | None = None) -> HomeFacts | None:
    """Home's facts as kept (`kept`, when the caller has read them), with the sessions that
    have arrived since added; None unless new session files are the only change to the
    folder (see the module's docstring)."""

    kept = saved_home_facts(store) if kept is None else kept
    if kept is None or kept.digest is None:
        return None
    index = Stamps.read(index_path(store.root, store.cache_dir))
    if index is None or index.digest != kept.digest:  # the facts are not of this index
        return None
    listed = listing_unless_recovering(store)  # (a crashed session is recovered first)
    if listed is None:
        return None
    on_disk = listed[0]
    found = index.new_files(*listed)
    if found is None:
        return None
    new, ids, copies = found
    if (not new or len(new) > MAX_ARRIVALS or copies
            or any(on_disk[name][0] < 0 for name in new)):
        return None  # nothing new after all, many new files, a session in two files, or
        # something that is not a file
    arrived = []
    for name in sorted(new):
        summary = summary_read_with_json(store.sessions_dir / name)
        if summary is None or summary.id in ids or summary.routine in TEST_ROUTINES:
            return None
        ids.add(summary.id)
        arrived.append(summary)
    return plus(kept.facts, arrived)


def plus(facts: HomeFacts, arrived: list[SessionSummary]) -> HomeFacts:
    """`facts` with the sessions of `arrived` added (none of them an endurance test)."""
    per_day = dict(facts.per_day)
    done = dict(facts.last_done)
    last = facts.last
    for s in arrived:  # as HomeFacts.of
        day = local_day(s.started_at)
        per_day[day] = per_day.get(day, 0) + 1
        if s.routine not in done or s.started_at > done[s.routine]:
            done[s.routine] = s.started_at
        if last is None or (s.started_at, last.file) > (last.started_at, s.file):
            last = s  # (at the same start, the file first by name: as a full load keeps)
    return HomeFacts(per_day, last, done, facts.latest_test, facts.count + len(arrived))


def _moment(value: object) -> datetime | None:
    moment = aware_moment(value) if type(value) is str else None
    return moment if moment is not None and plausible(moment) else None


def _no_constant(name: str) -> object:
    raise ValueError(f"{name} is not a number a session holds")


def _pain(value: object) -> bool:
    """A 0-10 rating, or none."""
    return value is None or (type(value) is int and 0 <= value <= 10)


def summary_read_with_json(path: Path) -> SessionSummary | None:
    """What home shows of a session file (its id, routine, times and status), read without
    pydantic; None when anything about it is unusual (the full load then decides). Only the
    current schema version is read here."""

    try:  # (not blocking: a pipe named like a session must not hold the start)
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
        try:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                return None
            with os.fdopen(fd, "rb", closefd=False) as fh:
                raw = fh.read(MAX_SESSION_BYTES + 1)
        finally:
            os.close(fd)
        if len(raw) > MAX_SESSION_BYTES:
            return None
        doc: Any = json.loads(raw, parse_constant=_no_constant)
    except (OSError, ValueError, RecursionError):
        return None
    if (type(doc) is not dict or doc.get("schema_version") != SESSION_SCHEMA_VERSION
            or not doc.keys() <= FIELDS or type(doc.get("sets", [])) is not list
            or type(doc.get("pain", [])) is not list or not _pain(doc.get("baseline_pain"))
            or not _pain(doc.get("next_morning_pain"))
            or doc.get("next_morning") not in ANSWERS):
        return None
    id_, routine, name, status = (doc.get(k) for k in ("id", "routine", "routine_name",
                                                        "status"))
    started, ended = _moment(doc.get("started_at")), doc.get("ended_at")
    if (type(id_) is not str or not _ID.fullmatch(id_) or type(routine) is not str
            or type(name) is not str or status not in STATUSES or started is None):
        return None
    if ended is not None:
        ended = _moment(ended)
        if ended is None or ended < started:
            return None
    return SessionSummary(id_, path.name, (-1, -1), routine, name, started, ended, status,
                          None, 0, 0, (), 0, None, None)

