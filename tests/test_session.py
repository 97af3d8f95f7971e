"""The session controller without any UI: the pain flow, the end, a failed save and saving
again, as typed outcomes. (The import rules keep Textual out of
coretimer.session.controller; the first test shows it running with Textual never imported.)"""

from __future__ import annotations

import errno
import json
import subprocess
import sys
from pathlib import Path

import pytest

from coretimer.model.clock import FakeClock
from coretimer.session.controller import PainNoted, Rated, Session
from coretimer.store.history import Store
from tests.conftest import ROOT
from tests.helpers import finish, hold, reps, routine, session_of

R = routine(hold("Plank", 10, sets=2, rest=5), reps("Curl", 6), get_ready=3,
            rest_between_exercises=5)


def started(store: Store, clock: FakeClock, **kw: object) -> Session:
    session = session_of(store, R, clock, **kw)  # type: ignore[arg-type]
    session.start()
    return session


def test_a_whole_session_runs_with_textual_never_imported(tmp_path: Path) -> None:
    script = f"""
import sys
sys.path.insert(0, {str(ROOT)!r})
from coretimer.model.clock import FakeClock
from coretimer.store.history import Store
from tests.helpers import finish, hold, routine, session_of
clock = FakeClock()
session = session_of(Store(__import__("pathlib").Path({str(tmp_path)!r})), routine(hold()), clock)
session.start()
session.report_pain()
session.rate_pain(2)  # the only exercise ends: so does the session
print(session.finished is not None and session.finished.saved,
      any(m.split(".")[0] in ("textual", "rich") for m in sys.modules))
"""
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         check=True).stdout.split()
    assert out == ["True", "False"]


def test_pain_is_on_disk_when_report_pain_returns(tmp_path: Path) -> None:
    store, clock = Store(tmp_path), FakeClock()
    session = started(store, clock)
    clock.advance(5)
    session.tick()
    noted = session.report_pain()
    assert isinstance(noted, PainNoted) and noted.saved and noted.report is not None
    assert noted.report.exercise == "Plank" and noted.report.level is None
    assert session.journal.path is not None
    lines = [json.loads(x) for x in session.journal.path.read_text().splitlines()]
    assert lines[-1]["type"] == "pain"
    assert session.report_pain().report is None  # one report at a time
    assert session.act("skip").events == []  # nothing moves until it is rated


@pytest.mark.parametrize(("level", "spike", "resumed", "next_exercise"), [
    (None, True, False, None), (5, True, False, None), (3, False, False, "Curl"),
    (0, False, True, "Plank")])
def test_rating_a_report(tmp_path: Path, level: int | None, spike: bool, resumed: bool,
                         next_exercise: str | None) -> None:
    store, clock = Store(tmp_path), FakeClock()
    session = started(store, clock)
    clock.advance(5)
    session.tick()
    session.report_pain()
    rated = session.rate_pain(level)
    assert isinstance(rated, Rated)
    assert (rated.spike, rated.resumed, rated.next_exercise) == (spike, resumed, next_exercise)
    assert (rated.finished is not None) is spike
    if spike:
        finished = rated.finished
        assert finished is not None and finished.saved
        assert finished.record.status == "stopped_for_pain"
        # The one record: what was saved is the object the summary shows.
        (on_disk,) = Store(tmp_path).load().sessions
        assert on_disk == finished.record and session.finished is finished


def test_ending_keeps_what_was_done(tmp_path: Path) -> None:
    store, clock = Store(tmp_path), FakeClock()
    session = started(store, clock)
    clock.advance(3 + 10 + 2)
    session.tick()
    step = session.act("end")
    assert step.finished is not None and step.finished.saved
    assert step.finished.record.status == "ended_early"
    assert [x.completed for x in step.finished.record.sets] == [True]
    assert session.act("end").finished is None  # ended once


def test_a_failed_save_is_kept_and_saving_again_works(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store, clock = Store(tmp_path), FakeClock()
    session = session_of(store, routine(hold(seconds=5)), clock)
    session.start()
    real_save = store.save

    def full(record: object) -> Path:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(store, "save", full)
    finished = finish(session, clock)
    assert not finished.saved and finished.error == "the disk is full"
    assert session.journal.path is not None and session.journal.path.exists()  # kept
    again = session.save_again()
    assert not again.saved and again.error == "the disk is full"
    monkeypatch.setattr(store, "save", real_save)
    assert session.save_again().saved
    assert session.finished is not None and session.finished.saved
    assert not session.journal.path.exists()  # the session file holds everything now
    (on_disk,) = Store(tmp_path).load().sessions
    assert on_disk == session.finished.record


def test_export_writes_a_copy(tmp_path: Path) -> None:
    store, clock = Store(tmp_path / "data"), FakeClock()
    session = session_of(store, routine(hold(seconds=5)), clock)
    session.start()
    finished = finish(session, clock)
    result = session.export(tmp_path)
    assert result.error is None
    assert json.loads(result.path.read_text())["id"] == finished.record.id
    blocked = session.export(tmp_path / "no" / "such" / "folder")
    assert blocked.error is not None
