"""Journal entries: one JSON object per line for a session in progress, and the replay that
turns a list of them back into a `SessionRecord`.

The engine writes these entries as things happen; the store appends them to disk (fsync per
line) and replays the same entries to build the finished session document. A crash leaves a
journal that replays into an `interrupted` session holding every set and pain report written.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from coretimer.models import (
    SESSION_SCHEMA_VERSION,
    PainReport,
    SessionRecord,
    SetResult,
    Status,
)

Entry = dict[str, Any]


class JournalError(ValueError):
    """A journal's entries do not make a session (e.g. no start entry)."""


def new_session_id(started: datetime) -> str:
    """Unique across machines (random suffix) and sortable by start time."""
    return f"{started.strftime('%Y%m%dT%H%M%S')}-{secrets.token_hex(4)}"


def start_entry(
    *, session_id: str, routine: str, routine_name: str, started_at: datetime,
    baseline_pain: int | None,
) -> Entry:
    return {
        "type": "start",
        "schema_version": SESSION_SCHEMA_VERSION,
        "id": session_id,
        "routine": routine,
        "routine_name": routine_name,
        "started_at": started_at.isoformat(),
        "baseline_pain": baseline_pain,
    }


def set_entry(result: SetResult) -> Entry:
    return {"type": "set", **result.model_dump(mode="json")}


def pain_entry(report: PainReport) -> Entry:
    return {"type": "pain", **report.model_dump(mode="json")}


def pain_level_entry(index: int, level: int | None) -> Entry:
    return {"type": "pain_level", "index": index, "level": level}


def end_entry(status: Status, ended_at: datetime) -> Entry:
    return {"type": "end", "status": status, "ended_at": ended_at.isoformat()}


def replay(entries: Iterable[Entry], *, interrupted_at: datetime | None = None) -> SessionRecord:
    """Build the session document from journal entries.

    Without an end entry the session is `interrupted`, ending at `interrupted_at` (the time the
    last entry was written, when known). Raises JournalError or pydantic's ValidationError when
    the entries are not a session.
    """
    start: Entry | None = None
    sets: list[Entry] = []
    pain: list[Entry] = []
    end: Entry | None = None
    for entry in entries:
        kind = entry.get("type") if isinstance(entry, dict) else None
        if kind == "start":
            start = entry
        elif kind == "set":
            sets.append({k: v for k, v in entry.items() if k != "type"})
        elif kind == "pain":
            pain.append({k: v for k, v in entry.items() if k != "type"})
        elif kind == "pain_level":
            index = entry.get("index")
            if not isinstance(index, int) or not 0 <= index < len(pain):
                raise JournalError(f"pain_level entry points at no pain report ({index!r})")
            pain[index]["level"] = entry.get("level")
        elif kind == "end":
            end = entry
        else:
            raise JournalError(f"unknown journal entry type {kind!r}")
    if start is None:
        raise JournalError("the journal has no start entry")
    doc: dict[str, Any] = {k: v for k, v in start.items() if k != "type"}
    doc["sets"] = sets
    doc["pain"] = pain
    if end is not None:
        doc["status"] = end.get("status")
        doc["ended_at"] = end.get("ended_at")
    else:
        doc["status"] = "interrupted"
        doc["ended_at"] = interrupted_at.isoformat() if interrupted_at else None
    from coretimer.migrations import migrate  # a journal from an older version still replays

    return SessionRecord.model_validate(migrate(doc))
