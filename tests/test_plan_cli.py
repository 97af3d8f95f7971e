"""Issue 27: `coretimer plan` and `coretimer due` from the command line. `due` runs under
faketime (Debian's package) as a shell prompt would run it: before, at and after a planned
time, across midnight, across a daylight-saving change, and after a session done earlier
that day."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from coretimer import cli
from coretimer.model.record import SessionRecord, SetResult
from tests.history_files import put, zone_kept

FAKETIME = shutil.which("faketime")
needs_faketime = pytest.mark.skipif(
    FAKETIME is None, reason="faketime is not installed (Debian: apt install faketime)")


def plan(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli.main(["plan", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_a_plan_is_set_shown_and_cleared(config_dir: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = plan(capsys)
    assert code == 0 and "No plan yet" in out and "coretimer plan mon,wed,fri 18:00" in out
    code, out, _ = plan(capsys, "mon,wed,fri", "18:00", "--routine", "foundations")
    assert code == 0, out
    assert "Plan saved: Monday, Wednesday and Friday at 18:00." in out
    saved = json.loads((config_dir / "settings.json").read_text())
    assert saved["plan"] == {"days": ["mon", "wed", "fri"], "time": "18:00",
                             "routine": "foundations"}
    code, out, _ = plan(capsys)
    assert "Plan: Monday, Wednesday and Friday at 18:00 · Back-safe foundations" in out
    assert "Weekly target: 3 (the plan's days)" in out
    code, out, _ = plan(capsys, "--routine", "big-three")
    assert code == 0 and "Big Three" in out
    assert json.loads((config_dir / "settings.json").read_text())["plan"]["days"] == [
        "mon", "wed", "fri"]
    code, out, _ = plan(capsys, "--clear")
    assert code == 0 and "Plan removed." in out
    assert json.loads((config_dir / "settings.json").read_text())["plan"] is None


def test_the_weekly_target_follows_the_plan_unless_set_on_its_own(
        config_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    plan(capsys, "mon-thu")
    cli.main(["stats", "--json"])
    assert json.loads(capsys.readouterr().out)["weekly_target"] == 4
    settings = json.loads((config_dir / "settings.json").read_text())
    (config_dir / "settings.json").write_text(json.dumps({**settings, "weekly_target": 2}))
    cli.main(["stats", "--json"])
    assert json.loads(capsys.readouterr().out)["weekly_target"] == 2


@pytest.mark.parametrize(("argv", "words"), [
    (["mun,wed"], '"mun" is not a day'),
    (["mon,wed", "6pm"], '"6pm" is not a time of day'),
    ([","], "no days given"),
    (["mon", "--routine", "no-such-routine"], "no routine with the id 'no-such-routine'"),
    (["--routine", "foundations"], "no plan yet"),
    (["mon", "--clear"], "--clear takes nothing else"),
    (["-o", "x.ics"], "-o goes with --ics"),
    (["--ics"], "no plan yet"),
])
def test_bad_input_is_one_line_and_exit_2_and_keeps_the_plan(
        config_dir: Path, capsys: pytest.CaptureFixture[str], argv: list[str],
        words: str) -> None:
    code, _, err = plan(capsys, *argv)
    assert code == 2 and words in err and err.count("\n") == 1, err
    assert not (config_dir / "settings.json").exists()


def test_due_refuses_an_unknown_field(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["due", "--format", "{when}"]) == 2
    assert "{when} is not a field" in capsys.readouterr().err


# --- due, under faketime ------------------------------------------------------------------


def session(start: datetime, minutes: int = 20, **extra: object) -> SessionRecord:
    return SessionRecord(
        id=f"{start:%Y%m%dT%H%M%S}-plan", routine="foundations",
        routine_name="Back-safe foundations", started_at=start,
        ended_at=start + timedelta(minutes=minutes), status="completed", baseline_pain=1,
        sets=[SetResult(exercise="Front plank", kind="hold", set=1, target=10.0,
                        achieved=10.0, completed=True)], **extra)  # type: ignore[arg-type]


def due(tmp_path: Path, when: str, *argv: str, tz: str = "UTC") -> tuple[int, str]:
    """`coretimer due` with the clock faked to `when` (local time in `tz`)."""
    assert FAKETIME is not None
    env = {**os.environ, "TZ": tz}
    run = subprocess.run([FAKETIME, when, sys.executable, "-m", "coretimer", "--data-dir",
                          str(tmp_path / "data"), "due", *argv],
                         capture_output=True, text=True, env=env, timeout=60)
    assert run.stderr == "", run.stderr
    return run.returncode, run.stdout


def set_plan(config_dir: Path, days: list[str], at: str | None = "18:00") -> None:
    config_dir.mkdir(parents=True, exist_ok=True)
    doc: dict[str, object] = {"days": days, "routine": "foundations"}
    if at is not None:
        doc["time"] = at
    (config_dir / "settings.json").write_text(json.dumps({"plan": doc}))


@needs_faketime
@pytest.mark.parametrize(("when", "code", "words"), [
    ("2026-12-02 09:00:00", 0, "Core session planned today at 18:00: Back-safe foundations"),
    ("2026-12-02 18:00:00", 0, "Core session due now (planned 18:00): Back-safe foundations"),
    ("2026-12-02 23:59:00", 0, "Core session due now (planned 18:00): Back-safe foundations"),
    ("2026-12-03 00:01:00", 1, ""),  # across midnight: Thursday is not planned
    ("2026-12-01 18:30:00", 1, ""),  # Tuesday
])
def test_due_before_at_and_after_the_planned_time(
        tmp_path: Path, config_dir: Path, when: str, code: int, words: str) -> None:
    set_plan(config_dir, ["mon", "wed", "fri"])
    got, out = due(tmp_path, when)
    assert (got, out.strip()) == (code, words)


@needs_faketime
def test_a_session_done_earlier_that_day_means_nothing_is_due(
        tmp_path: Path, config_dir: Path) -> None:
    set_plan(config_dir, ["wed"])
    put(tmp_path / "data", session(datetime(2026, 12, 2, 7, 0, tzinfo=UTC)))
    assert due(tmp_path, "2026-12-02 18:30:00") == (1, "")
    # The same session seen from a zone where it fell on Tuesday evening: Wednesday is due
    assert due(tmp_path, "2026-12-02 18:30:00", tz="America/Los_Angeles")[0] == 0


@needs_faketime
def test_the_planned_time_follows_the_wall_clock_across_a_daylight_saving_change(
        tmp_path: Path, config_dir: Path) -> None:
    """Berlin's clocks go back on Sunday 25 October 2026: 17:30 local is before 18:00 on
    both sides of the change, and 18:00 local is due on both."""
    set_plan(config_dir, ["sat", "sun"])
    for day in ("2026-10-24", "2026-10-25"):
        assert due(tmp_path, f"{day} 17:30:00", tz="Europe/Berlin") == (
            0, "Core session planned today at 18:00: Back-safe foundations\n")
        assert due(tmp_path, f"{day} 18:00:00", tz="Europe/Berlin") == (
            0, "Core session due now (planned 18:00): Back-safe foundations\n")


@needs_faketime
def test_the_morning_question_and_a_long_gap_are_due(tmp_path: Path) -> None:
    put(tmp_path / "data", session(datetime(2026, 12, 1, 18, 0, tzinfo=UTC)))
    code, out = due(tmp_path, "2026-12-02 08:00:00")
    assert code == 0
    assert out == ("How was your back the morning after Tuesday? "
                   "coretimer morning better|same|worse\n")
    assert due(tmp_path, "2026-12-02 08:00:00", "--format", "{kind}:{day}") == (
        0, "morning:Tuesday\n")
    code, out = due(tmp_path, "2026-12-20 08:00:00")
    assert code == 0 and out.startswith("18 days since your last session"), out
    assert due(tmp_path, "2026-12-10 08:00:00") == (1, "")


@pytest.mark.parametrize("zone", ["Europe/Berlin", "America/New_York"])
def test_the_calendar_file_reads_back_with_a_weekly_rule_in_the_local_zone(
        tmp_path: Path, config_dir: Path, capsys: pytest.CaptureFixture[str],
        zone: str) -> None:
    import time as time_module
    from datetime import date, time
    from zoneinfo import ZoneInfo

    from icalendar import Calendar

    with zone_kept():
        os.environ["TZ"] = zone
        time_module.tzset()
        set_plan(config_dir, ["mon", "wed", "fri"])
        target = tmp_path / "plan.ics"
        assert cli.main(["plan", "--ics", "-o", str(target)]) == 0
        assert "Wrote" in capsys.readouterr().out
        calendar = Calendar.from_ical(target.read_bytes())
        [event] = calendar.walk("VEVENT")
        rule = event["RRULE"]
        assert rule["FREQ"] == ["WEEKLY"] and rule["BYDAY"] == ["MO", "WE", "FR"]
        start = event.decoded("DTSTART")
        assert start.time() == time(18, 0) and start.tzinfo == ZoneInfo(zone)
        assert start.date() >= date.today() and start.weekday() in (0, 2, 4)
        assert "Back-safe foundations" in str(event["SUMMARY"])
        assert "check-in" in str(event["DESCRIPTION"])
        assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == [zone]
        # Replacing the file asks first (no terminal here: refused, the file kept)
        before = target.read_bytes()
        assert cli.main(["plan", "--ics", "-o", str(target)]) == 1
        assert target.read_bytes() == before


def test_a_plan_without_a_time_is_a_whole_day_in_the_calendar(
        config_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from datetime import date

    from icalendar import Calendar

    set_plan(config_dir, ["sat"], at=None)
    assert cli.main(["plan", "--ics"]) == 0
    [event] = Calendar.from_ical(capsys.readouterr().out).walk("VEVENT")
    start = event.decoded("DTSTART")
    assert type(start) is date and start.weekday() == 5
    assert event["RRULE"]["BYDAY"] == ["SA"]
