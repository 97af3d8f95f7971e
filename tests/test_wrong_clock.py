"""A wrong clock (issue 24, item 3). A computer with no battery-backed clock (a Raspberry Pi)
says 1970 until it reaches a time server. A session started then was accepted, its record was
refused at the end (a crash log), and its journal never replayed: `history` said "No sessions
yet" for ever. Now the clock is checked before a session starts, a jump mid-session never
costs the session, recovery always replays (or waits, untouched, for the clock to be set), and
doctor says how to set it."""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from coretimer.model.clock import ClockLooksWrong, FakeClock
from coretimer.model.record import PainReport, SetResult
from coretimer.store import doctor, journal
from coretimer.store import history as store_module
from coretimer.store.folder import files
from coretimer.store.history import Store
from tests.helpers import finish, hold, routine, session_of
from tests.scenarios import build_app, ready

R = routine(hold("Plank", 10, sets=2, rest=5), get_ready=3)
RIGHT = datetime(2026, 11, 21, 10, 0, tzinfo=UTC)
WRONG = [
    pytest.param(datetime(1970, 1, 1, 0, 5, tzinfo=UTC), id="1970-no-clock-battery"),
    pytest.param(datetime(1999, 12, 31, 23, 59, tzinfo=UTC), id="a-minute-before-2000"),
    pytest.param(datetime(2300, 1, 1, tzinfo=UTC), id="far-future"),
]


@pytest.mark.parametrize("wrong", WRONG)
def test_a_session_never_starts_on_a_clock_that_looks_wrong(tmp_path: Path,
                                                            wrong: datetime) -> None:
    store, clock = Store(tmp_path), FakeClock(wrong)
    session = session_of(store, R, clock)
    with pytest.raises(ClockLooksWrong, match=r"clock says .*Set the date and time"):
        session.start()
    assert not session.running
    assert files(store.journal_dir, ".jsonl") == []  # nothing written that could never replay


@pytest.mark.parametrize("jump", [
    pytest.param(datetime(1970, 1, 1, tzinfo=UTC), id="back-to-1970"),
    pytest.param(datetime(2300, 1, 1, tzinfo=UTC), id="on-to-2300"),
    pytest.param(RIGHT - timedelta(days=1), id="back-a-day"),
])
def test_a_clock_jump_mid_session_still_keeps_the_session(tmp_path: Path,
                                                          jump: datetime) -> None:
    store, clock = Store(tmp_path), FakeClock(RIGHT)
    session = session_of(store, R, clock)
    session.start()
    clock.advance(5)
    session.tick()
    clock.set_wall(jump)
    clock.advance(2)
    session.tick()
    noted = session.report_pain()
    assert noted.saved
    session.rate_pain(1)
    finished = finish(session, clock)
    assert finished.saved
    assert files(store.journal_dir, ".jsonl") == []
    [record] = store.load().sessions
    assert record.started_at == RIGHT
    assert record.ended_at is not None and RIGHT < record.ended_at < RIGHT + timedelta(hours=1)
    assert [p.at for p in record.pain] == [RIGHT + timedelta(seconds=7)]


def _crashed_journal(root: Path, started: datetime, *, written: datetime) -> Path:
    """A journal as a crash left it: started on a clock reading `started`, last written at
    `written` (its mtime), with one set and one pain report and no end."""
    folder = root / "journal"
    folder.mkdir(parents=True)
    path = folder / "19700101T000500-abcd1234.jsonl"
    entries = [
        journal.start_entry(session_id="19700101T000500-abcd1234", routine="test",
                            routine_name="Test", started_at=started, baseline_pain=2),
        journal.set_entry(SetResult.model_construct(
            exercise="Plank", kind="hold", side=None, set=1, target=10.0, achieved=10.0,
            completed=True, skipped=False, ended_by="time", exercise_id="plank", level=None,
            level_name=None)),
        journal.pain_entry(PainReport.model_construct(
            at=started + timedelta(seconds=20), exercise="Plank", level=3, phase="work",
            counts_against=["plank"], exercise_id="plank")),
    ]
    path.write_text("".join(json.dumps(e, default=str) + "\n" for e in entries))
    os.utime(path, (written.timestamp(), written.timestamp()))
    return path


def test_a_journal_from_a_wrong_clock_is_recovered_dated_by_its_last_write(
        tmp_path: Path) -> None:
    path = _crashed_journal(tmp_path, datetime(1970, 1, 1, 0, 5, tzinfo=UTC), written=RIGHT)
    result = Store(tmp_path).load(quarantine=True)
    assert result.problems == [] and not path.exists()
    [record] = result.sessions
    assert record.status == "interrupted" and len(record.sets) == 1
    assert record.started_at == RIGHT  # the clock was set before the crash: its last write
    assert [p.at for p in record.pain] == [RIGHT] and record.pain[0].level == 3


def test_a_journal_written_wholly_on_a_wrong_clock_is_dated_when_recovered(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    wrong = datetime(1970, 1, 1, 0, 5, tzinfo=UTC)
    path = _crashed_journal(tmp_path, wrong, written=wrong + timedelta(seconds=30))
    monkeypatch.setattr(store_module, "wall_now", lambda: RIGHT)
    result = Store(tmp_path).load(quarantine=True)
    assert result.problems == [] and not path.exists()
    [record] = result.sessions  # it lasted 30 s and, as far as can be known, ended just now
    assert record.started_at == RIGHT - timedelta(seconds=30) and record.ended_at == RIGHT
    assert record.baseline_pain == 2 and len(record.sets) == 1


def test_a_journal_waits_untouched_while_the_clock_is_still_wrong(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    wrong = datetime(1970, 1, 1, 0, 5, tzinfo=UTC)
    path = _crashed_journal(tmp_path, wrong, written=wrong + timedelta(seconds=30))
    before = path.read_bytes()
    monkeypatch.setattr(store_module, "wall_now", lambda: wrong + timedelta(days=1))
    store = Store(tmp_path)
    result = store.load(quarantine=True)  # as the app and `doctor --repair` load
    assert result.sessions == []
    [problem] = result.problems
    assert problem.path == path and "clock" in problem.reason and not problem.repairable
    assert path.read_bytes() == before and store.quarantined() == []
    lines, fine = doctor.report(store, doctor.check(store))
    text = "\n".join(lines)
    assert not fine and "clock says 2 January 1970" in text and "timedatectl" in text
    monkeypatch.setattr(store_module, "wall_now", lambda: RIGHT)  # the clock is set
    assert len(store.load(quarantine=True).sessions) == 1 and not path.exists()


def test_doctor_is_quiet_about_a_clock_that_is_right(tmp_path: Path) -> None:
    store = Store(tmp_path)
    lines, fine = doctor.report(store, doctor.check(store))
    assert fine and not any("clock" in line for line in lines)


async def test_the_app_says_the_clock_looks_wrong_instead_of_starting(tmp_path: Path) -> None:
    from coretimer.ui.screens.notice import Notice
    from coretimer.ui.screens.preview import PreviewScreen

    app, clock = build_app(tmp_path, start="quick")
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        assert isinstance(app.screen, PreviewScreen)
        clock.set_wall(datetime(1970, 1, 1, 0, 5, tzinfo=UTC))
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, Notice), app.screen
        said = " ".join(str(w.render()) for w in app.screen.query("Static"))
        assert "clock says 1 January 1970" in said and "Set the date and time" in said
        assert app.session is None
        assert files(Store(tmp_path / "data").journal_dir, ".jsonl") == []
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, PreviewScreen)  # back where they were; nothing lost
