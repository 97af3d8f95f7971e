"""A session's summary made from its full record, and the endurance test a summary holds:
the model keeps the summary as plain data; what a test was is the coaching's to say."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import tzinfo
from typing import TYPE_CHECKING, TypeAlias

from coretimer.coaching.endurance import result_fields, result_from_fields
from coretimer.model.summaries import SessionSummary, Stamp, packed_of

if TYPE_CHECKING:
    from coretimer.coaching.endurance import EnduranceResult
    from coretimer.model.record import SessionRecord


def summarise(record: SessionRecord, file: str, stamp: Stamp = (-1, -1)) -> SessionSummary:
    """The summary of `record`, kept in the file `file` of `stamp`."""
    sets_done, bests, keys, done = packed_of(record)
    pain = record.pain
    return SessionSummary(
        record.id, file, stamp, record.routine, record.routine_name, record.started_at,
        record.ended_at, record.status, record.baseline_pain, sets_done,
        len(record.sets) + len(record.not_done),  # left out for pain: planned
        tuple([p.level for p in pain if p.is_pain]) if pain else (), len(pain),
        record.next_morning, record.next_morning_pain, result_fields(record),
        bests, keys, done)


def endurance_of(summary: SessionSummary, tz: tzinfo | None = None) -> EnduranceResult | None:
    """The endurance test the session was (None when it was not one)."""
    return None if summary.test is None else result_from_fields(summary.started_at,
                                                                summary.test, tz)


Session: TypeAlias = "SessionRecord | SessionSummary"
"""A session as the statistics take it: a full record, or its summary from the index (which
carries each exercise's best set, so the statistics never need the full records)."""


def summaries(sessions: Iterable[Session]) -> list[SessionSummary]:
    return [s if isinstance(s, SessionSummary) else summarise(s, f"{s.id}.json")
            for s in sessions]
