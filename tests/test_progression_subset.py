"""The preview's suggestions read only the full records they need (issue 15): for varied
histories, what `records_needed.history_for` picks gives exactly what every record gives."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from coretimer.coaching.pain_weeks import exercise_pain, pain_climbing
from coretimer.coaching.progression import (
    as_last_done,
    at_levels_done,
    suggest,
    why_held,
)
from coretimer.coaching.records_needed import history_for
from coretimer.coaching.summarise import summarise
from coretimer.model.record import PainReport, SessionRecord, SetResult
from coretimer.model.summaries import SessionSummary
from coretimer.routine.files import LoadedRoutine, discover

NOW = datetime(2026, 11, 20, 18, tzinfo=UTC)
ROUTINES = [r for r in discover(Path("/nonexistent")).offered]


def a_history(rng: random.Random, loaded: LoadedRoutine, n: int,
              gaps: tuple[float, ...] = (0.5, 1, 2, 2, 3, 7, 20)) -> list[SessionRecord]:
    """n sessions over about a year, some of this routine and some of others, with levels,
    doses, skipped and unfinished sets, pain reports, stops, answers and gaps."""
    others = [r for r in ROUTINES if r.id != loaded.id]
    out = []
    when = NOW - timedelta(days=rng.randrange(200, 400))
    for i in range(n):
        when += timedelta(days=rng.choice(gaps))
        if when > NOW:
            break
        source = loaded if rng.random() < 0.6 else rng.choice(others)
        sets = []
        for ex in source.routine.exercises:
            if rng.random() < 0.3:
                continue
            level = rng.randrange(1, len(ex.levels) + 1) if ex.levels and rng.random() < .8 \
                else None
            for k in range(rng.randrange(1, 4)):
                skipped = rng.random() < 0.05
                sets.append(SetResult(
                    exercise=ex.name, exercise_id=ex.key if rng.random() < .9 else None,
                    kind=ex.kind, set=k + 1,
                    target=None if rng.random() < 0.1 else float(rng.randrange(5, 60)),
                    achieved=None if skipped else float(rng.randrange(0, 60)),
                    completed=not skipped and rng.random() < 0.8, skipped=skipped,
                    ended_by=None if rng.random() < 0.3 else rng.choice(
                        ["time", "done", "skip", "pain", "end"]) if not skipped else "skip",
                    level=level, level_name=ex.levels[level - 1].name if level else None))
        pain = []
        if sets and rng.random() < 0.15:
            pain.append(PainReport(at=when + timedelta(minutes=3), exercise=sets[0].exercise,
                                   exercise_id=sets[0].exercise_id,
                                   level=rng.choice([None, 0, 2, 5, 8])))
        status = "stopped_for_pain" if pain and rng.random() < 0.5 else rng.choice(
            ["completed", "completed", "ended_early", "interrupted"])
        out.append(SessionRecord(
            id=f"s{i:04d}", routine=source.id, routine_name=source.name, started_at=when,
            ended_at=when + timedelta(minutes=20), status=status,
            baseline_pain=rng.choice([None, 0, 1, 2, 4, 6]), sets=sets, pain=pain,
            next_morning=rng.choice([None, "better", "same", "worse", "skipped"]),
            next_morning_pain=rng.choice([None, None, 1, 3, 5])))
    return out


@pytest.mark.parametrize("loaded", ROUTINES, ids=[r.id for r in ROUTINES])
@pytest.mark.parametrize("seed", range(4))
def test_the_records_picked_give_what_every_record_gives(loaded: LoadedRoutine,
                                                          seed: int) -> None:
    rng = random.Random(f"{loaded.id}-{seed}")
    records = a_history(rng, loaded, rng.choice([5, 40, 150]))
    by_id = {r.id: r for r in records}
    summaries = [summarise(r, f"{r.id}.json") for r in records]
    reads: list[str] = []

    def read(s: SessionSummary) -> SessionRecord:
        reads.append(s.id)
        return by_id[s.id]

    for now in (NOW, NOW + timedelta(days=rng.choice([1, 10, 40]))):
        reads.clear()
        picked = history_for(loaded.id, loaded.routine, summaries, read, now)
        assert suggest(loaded.id, loaded.routine, picked, now, pain_history=summaries) == \
            suggest(loaded.id, loaded.routine, records, now)
        assert at_levels_done(loaded.routine, picked, now) == \
            at_levels_done(loaded.routine, records, now)
        assert as_last_done(loaded.routine, picked, now) == \
            as_last_done(loaded.routine, records, now)
        assert why_held(loaded.id, loaded.routine, picked, now, pain_history=summaries) == \
            why_held(loaded.id, loaded.routine, records, now)
        assert exercise_pain(picked, now) == exercise_pain(records, now)
        assert pain_climbing(summaries, now) == pain_climbing(records, now)
        assert len(reads) == len(set(reads)) <= len(records)


def test_a_long_history_is_not_read_whole() -> None:
    """What it is for: a year of the same routine reads the last weeks and little more."""
    loaded = next(r for r in ROUTINES if r.id == "foundations")
    rng = random.Random(7)
    records = a_history(rng, loaded, 400, gaps=(0.5, 1))
    summaries = [summarise(r, f"{r.id}.json") for r in records]
    by_id = {r.id: r for r in records}
    picked = history_for(loaded.id, loaded.routine, summaries, lambda s: by_id[s.id], NOW)
    assert len(records) > 100
    assert len(picked) < len(records) / 3
