"""Issue 27: `coretimer remind` (systemd, launchd, crontab) and `coretimer notify`, with fake
systemctl, crontab and notify-send on a PATH of their own: no real timer is ever touched."""

from __future__ import annotations

import configparser
import json
import os
import plistlib
import shutil
import subprocess
import sys
from datetime import datetime, time, timedelta
from pathlib import Path

import pytest

from coretimer.cli import main
from coretimer.cli import reminder_files as rf
from coretimer.cli.notify_commands import CHECK_IN
from coretimer.cli.remind_commands import refresh_if_installed
from coretimer.coaching.plan import Due, Plan
from coretimer.settings import Settings, load_settings, save_settings

SYSTEMD_ANALYZE = shutil.which("systemd-analyze")
MON_WED_FRI = Plan((0, 2, 4), time(18, 0), "foundations")
FAKE = """#!{python}
import json, os, sys
log = os.environ["FAKE_LOG"]
with open(log, "a") as f:
    f.write(json.dumps([os.path.basename(sys.argv[0]), *sys.argv[1:]]) + "\\n")
"""
FAKE_CRONTAB = FAKE + """
table = os.environ["FAKE_CRONTAB"]
if sys.argv[1:] == ["-l"]:
    if not os.path.exists(table):
        sys.stderr.write("no crontab for tester\\n")
        sys.exit(1)
    sys.stdout.write(open(table).read())
elif sys.argv[1:] == ["-"]:
    open(table, "w").write(sys.stdin.read())
elif sys.argv[1:] == ["-r"]:
    os.remove(table)
else:
    sys.exit(2)
"""
FAKE_SYSTEMCTL = FAKE + """
sys.exit(int(os.environ.get("FAKE_SYSTEMCTL_EXIT", "0")))
"""


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A HOME and XDG_CONFIG_HOME of their own, and a PATH of fakes only."""
    home = tmp_path / "home"
    home.mkdir()
    (tmp_path / "bin").mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    monkeypatch.setenv("FAKE_LOG", str(tmp_path / "calls.log"))
    monkeypatch.setenv("FAKE_CRONTAB", str(tmp_path / "crontab.txt"))
    monkeypatch.delenv("CORETIMER_REMIND_BACKEND", raising=False)
    monkeypatch.delenv("DBUS_SESSION_BUS_ADDRESS", raising=False)
    return home


def fake(tmp_path: Path, name: str, text: str = FAKE) -> None:
    path = tmp_path / "bin" / name
    path.write_text(text.format(python=sys.executable))
    path.chmod(0o755)


def calls(tmp_path: Path) -> list[list[str]]:
    log = tmp_path / "calls.log"
    return [json.loads(line) for line in log.read_text().splitlines()] if log.exists() else []


def set_plan(config_dir: Path, plan: Plan | None) -> None:
    save_settings(config_dir, Settings(plan=plan))


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def listing(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file()}


def units(home: Path) -> Path:
    return home / ".config" / "systemd" / "user"


def read_unit(path: Path) -> configparser.RawConfigParser:
    parser = configparser.RawConfigParser(strict=False)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read_string(path.read_text())
    return parser


def verify(*paths: Path) -> None:
    """systemd's own reading of the units (it checks the ExecStart program exists)."""
    if SYSTEMD_ANALYZE is None:
        pytest.skip("systemd-analyze is not installed here")
    done = subprocess.run([SYSTEMD_ANALYZE, "verify", *map(str, paths)],
                          capture_output=True, text=True, check=False,
                          env={**os.environ, "PATH": "/usr/bin:/bin"})
    assert done.returncode == 0, done.stderr


# systemd ----------------------------------------------------------------------------------


def test_systemd_units_follow_the_plan_and_systemd_reads_them(
        home: Path, tmp_path: Path, config_dir: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CORETIMER_REMIND_BACKEND", "systemd")
    fake(tmp_path, "systemctl", FAKE_SYSTEMCTL)
    set_plan(config_dir, MON_WED_FRI)
    code, out, err = run(capsys, "remind", "--install")
    assert (code, err) == (0, "")
    assert "systemd user timers" in out and "Monday, Wednesday and Friday at 18:00" in out
    folder = units(home)
    timer = read_unit(folder / "coretimer-reminder.timer")
    assert timer["Timer"]["OnCalendar"] == "Mon,Wed,Fri *-*-* 18:00:00"
    assert timer["Timer"]["Persistent"] == "false"
    assert timer["Install"]["WantedBy"] == "timers.target"
    service = read_unit(folder / "coretimer-reminder.service")
    assert service["Service"]["ExecStart"] == f'"{sys.executable}" "-m" "coretimer" "notify"'
    assert service["Service"]["Environment"] == f'"CORETIMER_DATA_DIR={tmp_path / "data"}"'
    morning = read_unit(folder / "coretimer-morning.timer")
    assert morning["Timer"]["OnCalendar"] == "*-*-* 08:30:00"
    assert read_unit(folder / "coretimer-morning.service")["Service"]["ExecStart"].endswith(
        '"notify" "--morning"')
    verify(*sorted(folder.iterdir()))
    assert calls(tmp_path)[:2] == [
        ["systemctl", "--user", "daemon-reload"],
        ["systemctl", "--user", "enable", "--now", "coretimer-reminder.timer",
         "coretimer-morning.timer"]]


def test_exec_start_survives_a_path_systemd_would_otherwise_rewrite(
        home: Path, tmp_path: Path, config_dir: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    """"%" is a specifier to systemd and "$" a variable in the arguments (not in the
    program's path): the program is still found where it is (systemd-analyze checks that it
    exists), and so is a --data-dir with quotes in it."""
    odd = tmp_path / "we%ird $HOME dir"
    odd.mkdir()
    script = odd / "coretimer"
    script.write_text("#!/bin/sh\n")
    script.chmod(0o755)
    monkeypatch.setattr(sys, "argv", [str(script), "remind", "--install"])
    monkeypatch.setenv("CORETIMER_REMIND_BACKEND", "systemd")
    fake(tmp_path, "systemctl", FAKE_SYSTEMCTL)
    set_plan(config_dir, MON_WED_FRI)
    data = tmp_path / 'my "data" 100% $HOME \\ here'
    assert run(capsys, "--data-dir", str(data), "remind", "--install")[0] == 0
    text = (units(home) / "coretimer-reminder.service").read_text()
    assert (f'ExecStart="{tmp_path}/we%%ird $HOME dir/coretimer" "--data-dir" '
            f'"{tmp_path}/my \\"data\\" 100%% $$HOME \\\\ here" "notify"\n') in text
    verify(*sorted(units(home).iterdir()))


def test_a_program_path_systemd_refuses_is_one_line_saying_what_to_do(
        home: Path, tmp_path: Path, config_dir: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    odd = tmp_path / 'it"s'
    odd.mkdir()
    (odd / "coretimer").write_text("#!/bin/sh\n")
    monkeypatch.setattr(sys, "argv", [str(odd / "coretimer")])
    monkeypatch.setenv("CORETIMER_REMIND_BACKEND", "systemd")
    set_plan(config_dir, MON_WED_FRI)
    code, _out, err = run(capsys, "remind", "--install")
    assert code == 1 and err.count("\n") == 1 and "CORETIMER_REMIND_BACKEND=cron" in err
    assert str(odd / "coretimer") in err and not units(home).exists()


def test_systemctl_failing_leaves_the_units_and_says_how_to_enable_them(
        home: Path, tmp_path: Path, config_dir: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CORETIMER_REMIND_BACKEND", "systemd")
    monkeypatch.setenv("FAKE_SYSTEMCTL_EXIT", "1")
    fake(tmp_path, "systemctl", FAKE_SYSTEMCTL)
    set_plan(config_dir, MON_WED_FRI)
    code, _out, err = run(capsys, "remind", "--install")
    assert code == 1
    assert err.count("\n") == 1 and str(units(home)) in err
    assert "systemctl --user enable --now coretimer-reminder.timer" in err
    assert (units(home) / "coretimer-reminder.timer").exists()


# crontab ----------------------------------------------------------------------------------

OTHER_CRONTAB = ("MAILTO=me@example.org\n# my backups\n"
                 "0 5 * * * /usr/local/bin/backup --all  # 100% kept\n\n@reboot echo hi\n")


@pytest.mark.parametrize("before", [OTHER_CRONTAB, None])
def test_crontab_block_keeps_every_other_line_exactly(
        home: Path, tmp_path: Path, config_dir: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch, before: str | None) -> None:
    fake(tmp_path, "crontab", FAKE_CRONTAB)  # (cron: no systemd here)
    table = tmp_path / "crontab.txt"
    if before is not None:
        table.write_text(before)
    set_plan(config_dir, MON_WED_FRI)
    assert run(capsys, "remind", "--install")[0] == 0
    once = table.read_text()
    assert once.startswith(before or "")
    assert run(capsys, "remind", "--install")[0] == 0
    assert table.read_text() == once
    assert once.count(rf.CRON_BEGIN) == 1 and once.count(rf.CRON_END) == 1
    lines = once.splitlines()
    planned = next(line for line in lines if line.endswith(" notify"))
    assert planned.startswith("0 18 * * 1,3,5 ")
    assert f"CORETIMER_DATA_DIR={tmp_path / 'data'} " in planned
    assert any(line.startswith("30 8 * * * ") and line.endswith(" notify --morning")
               for line in lines)
    code, out, _ = run(capsys, "remind", "--status")
    assert code == 0 and "crontab" in out and "next reminder:" in out
    assert run(capsys, "remind", "--uninstall")[0] == 0
    if before is None:
        assert not table.exists()
    else:
        assert table.read_text() == before


def test_a_crontab_block_without_its_end_is_left_alone(
        home: Path, tmp_path: Path, config_dir: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    fake(tmp_path, "crontab", FAKE_CRONTAB)
    table = tmp_path / "crontab.txt"
    table.write_text(f"{rf.CRON_BEGIN}\n0 5 * * * mine\n")
    set_plan(config_dir, MON_WED_FRI)
    code, _out, err = run(capsys, "remind", "--install")
    assert code == 1 and err.count("\n") == 1 and "crontab -e" in err
    assert table.read_text() == f"{rf.CRON_BEGIN}\n0 5 * * * mine\n"


def test_cron_escapes_percent_and_quotes_for_the_shell(tmp_path: Path) -> None:
    command = rf.Command(("/opt/it's 100%/coretimer",), (("CORETIMER_DATA_DIR", "/a b"),))
    block = rf.cron_block(command, rf.Schedule((6,), time(7, 5)))
    assert block[1] == ("5 7 * * 0 CORETIMER_DATA_DIR='/a b' "
                        "'/opt/it'\"'\"'s 100\\%/coretimer' notify")
    with pytest.raises(ValueError, match="control character"):
        rf.cron_block(rf.Command(("/a\nb",)), rf.MORNING)


# launchd ----------------------------------------------------------------------------------


def test_launchd_agents_start_on_the_planned_weekdays(
        home: Path, config_dir: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CORETIMER_REMIND_BACKEND", "launchd")
    set_plan(config_dir, Plan((0, 6), time(7, 45)))
    code, out, _ = run(capsys, "remind", "--install")
    assert code == 0 and "launchd agents" in out
    agents = home / "Library" / "LaunchAgents"
    planned = plistlib.loads((agents / "org.coretimer.reminder.plist").read_bytes())
    assert planned["Label"] == "org.coretimer.reminder"
    assert planned["ProgramArguments"] == [sys.executable, "-m", "coretimer", "notify"]
    assert planned["StartCalendarInterval"] == [  # launchd: Sunday is 0, Monday 1
        {"Weekday": 1, "Hour": 7, "Minute": 45}, {"Weekday": 0, "Hour": 7, "Minute": 45}]
    assert planned["EnvironmentVariables"]["CORETIMER_CONFIG_DIR"] == str(config_dir)
    morning = plistlib.loads((agents / "org.coretimer.morning.plist").read_bytes())
    assert morning["ProgramArguments"][-2:] == ["notify", "--morning"]
    assert morning["StartCalendarInterval"] == [{"Hour": 8, "Minute": 30}]


# every backend ------------------------------------------------------------------------------


@pytest.mark.parametrize("backend", ["systemd", "launchd", "cron"])
def test_install_twice_then_uninstall_leaves_nothing_behind(
        home: Path, tmp_path: Path, config_dir: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch, backend: str) -> None:
    monkeypatch.setenv("CORETIMER_REMIND_BACKEND", backend)
    fake(tmp_path, "systemctl", FAKE_SYSTEMCTL)
    fake(tmp_path, "crontab", FAKE_CRONTAB)
    (tmp_path / "crontab.txt").write_text(OTHER_CRONTAB)
    for folder, other in ((units(home), "backup.timer"),
                          (home / "Library" / "LaunchAgents", "com.example.other.plist")):
        folder.mkdir(parents=True)
        (folder / other).write_text("someone else's\n")
    set_plan(config_dir, MON_WED_FRI)
    before = listing(tmp_path / "home"), (tmp_path / "crontab.txt").read_text()
    assert run(capsys, "remind", "--install")[0] == 0
    installed = listing(tmp_path / "home"), (tmp_path / "crontab.txt").read_text()
    assert installed != before
    assert run(capsys, "remind", "--install")[0] == 0
    assert (listing(tmp_path / "home"), (tmp_path / "crontab.txt").read_text()) == installed
    code, out, _ = run(capsys, "remind", "--uninstall")
    assert code == 0 and "removed" in out
    assert (listing(tmp_path / "home"), (tmp_path / "crontab.txt").read_text()) == before
    if backend == "systemd":
        assert ["systemctl", "--user", "disable", "--now", "coretimer-reminder.timer",
                "coretimer-morning.timer"] in calls(tmp_path)
    code, out, _ = run(capsys, "remind", "--uninstall")
    assert (code, out) == (0, "no reminders are installed: nothing to remove\n")


@pytest.mark.parametrize("backend", ["systemd", "launchd", "cron"])
def test_install_without_a_plan_is_refused_and_writes_nothing(
        home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch, backend: str) -> None:
    monkeypatch.setenv("CORETIMER_REMIND_BACKEND", backend)
    fake(tmp_path, "systemctl", FAKE_SYSTEMCTL)
    fake(tmp_path, "crontab", FAKE_CRONTAB)
    before = listing(tmp_path)
    code, out, err = run(capsys, "remind", "--install")
    assert (code, out) == (2, "")
    assert err == "coretimer: no plan yet: set one with `coretimer plan mon,wed,fri 18:00`\n"
    assert listing(tmp_path) == before and calls(tmp_path) == []


def expected_next(days: tuple[int, ...], at: time) -> datetime:
    """Worked out here the long way: minute by minute is too slow, so day by day."""
    now = datetime.now()
    day = now.date()
    while day.weekday() not in days or datetime.combine(day, at) <= now:
        day += timedelta(days=1)
    return datetime.combine(day, at)


def test_status_before_after_and_once_the_plan_changed(
        home: Path, tmp_path: Path, config_dir: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CORETIMER_REMIND_BACKEND", "systemd")
    fake(tmp_path, "systemctl", FAKE_SYSTEMCTL)
    code, out, _ = run(capsys, "remind", "--status")
    assert code == 0 and "not installed" in out and "systemd" in out and "no plan yet" in out
    set_plan(config_dir, MON_WED_FRI)
    code, out, _ = run(capsys, "remind", "--status")
    assert "not installed" in out and "coretimer remind --install" in out
    run(capsys, "remind", "--install")
    code, out, err = run(capsys, "remind", "--status")
    assert (code, err) == (0, "")
    assert "installed as a systemd user timer" in out
    assert str(units(home) / "coretimer-reminder.timer") in out
    nxt = expected_next(MON_WED_FRI.days, time(18, 0))
    assert f"{nxt:%H:%M} (Monday, Wednesday and Friday at 18:00)" in out
    assert (f"{nxt.day} {nxt:%B}" in out or "today" in out or "tomorrow" in out)
    set_plan(config_dir, Plan((1,)))
    code, out, err = run(capsys, "remind", "--status")
    assert code == 0 and "Monday, Wednesday and Friday at 18:00" in out
    assert "the plan changed" in err and "`coretimer remind --install` again" in err
    assert "Tuesday at 09:00" in err
    run(capsys, "remind", "--install")
    code, out, err = run(capsys, "remind", "--status")
    assert err == "" and "Tuesday at 09:00) (the plan has no time: 09:00, the default)" in out
    timer = read_unit(units(home) / "coretimer-reminder.timer")
    assert timer["Timer"]["OnCalendar"] == "Tue *-*-* 09:00:00"


def test_refresh_follows_a_new_plan_only_when_installed(
        home: Path, tmp_path: Path, config_dir: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CORETIMER_REMIND_BACKEND", "launchd")
    agents = home / "Library" / "LaunchAgents"
    assert refresh_if_installed(Settings(plan=MON_WED_FRI)) is None
    assert not agents.exists()
    set_plan(config_dir, MON_WED_FRI)
    run(capsys, "remind", "--install")
    assert refresh_if_installed(load_settings(config_dir)[0]) is None  # (nothing changed)
    message = refresh_if_installed(Settings(plan=Plan((3,), time(6, 0))))
    assert message == "the reminders follow the new plan: Thursday at 06:00"
    planned = plistlib.loads((agents / "org.coretimer.reminder.plist").read_bytes())
    assert planned["StartCalendarInterval"] == [{"Weekday": 4, "Hour": 6, "Minute": 0}]
    assert refresh_if_installed(Settings(plan=None)) is not None
    assert sorted(agents.iterdir()) == []


def test_an_unknown_backend_and_an_unwritable_folder_are_one_line_each(
        home: Path, config_dir: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    set_plan(config_dir, MON_WED_FRI)
    monkeypatch.setenv("CORETIMER_REMIND_BACKEND", "upstart")
    code, _out, err = run(capsys, "remind", "--install")
    assert code == 2 and err.count("\n") == 1 and "systemd, launchd or cron" in err
    monkeypatch.setenv("CORETIMER_REMIND_BACKEND", "launchd")
    (home / "Library").write_text("a file where a folder should be")
    code, _out, err = run(capsys, "remind", "--install")
    assert code == 1 and err.count("\n") == 1 and "Traceback" not in err
    assert str(home / "Library") in err and "coretimer remind --install" in err


def test_next_fire_is_worked_out_from_the_schedule() -> None:
    wednesday_5pm = datetime(2026, 12, 2, 17, 0).astimezone()
    plan = rf.Schedule((0, 2, 4), time(18, 0))
    assert rf.next_fire(plan, wednesday_5pm) == datetime(2026, 12, 2, 18, 0).astimezone()
    six = datetime(2026, 12, 2, 18, 0).astimezone()
    assert rf.next_fire(plan, six) == datetime(2026, 12, 4, 18, 0).astimezone()
    saturday = datetime(2026, 12, 5, 12, 0).astimezone()
    assert rf.next_fire(plan, saturday) == datetime(2026, 12, 7, 18, 0).astimezone()
    once_a_week = rf.Schedule((2,), time(18, 0))
    assert rf.next_fire(once_a_week, six) == datetime(2026, 12, 9, 18, 0).astimezone()
    assert rf.when_text(six, wednesday_5pm) == "today at 18:00"


# notify -----------------------------------------------------------------------------------


def fake_due(monkeypatch: pytest.MonkeyPatch, dues: list[Due]) -> None:
    """`plan_commands.due_now`, saying `dues` (the real one: see the tests further down)."""
    monkeypatch.setattr("coretimer.cli.plan_commands.due_now",
                        lambda data_dir, now: dues)


PLANNED = Due("planned", "Core session due now (planned 18:00): Foun\x1b[31mdations",
              {"routine": "Foun\x1b[31mdations", "time": "18:00"})
MORNING = Due("morning", "How was your back the morning after Tuesday? coretimer morning "
              "better|same|worse", {"day": "Tuesday"})


def test_notify_shows_the_planned_session_and_the_check_in(
        home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    fake(tmp_path, "notify-send")
    fake_due(monkeypatch, [MORNING, PLANNED])
    assert run(capsys, "notify") == (0, "", "")
    [call] = calls(tmp_path)
    assert call[:4] == ["notify-send", "--app-name=coretimer", "--", "Core session"]
    assert "Foun\N{REPLACEMENT CHARACTER}[31mdations" in call[4] and "\x1b" not in call[4]
    assert call[4].endswith(CHECK_IN) and "check-in" in CHECK_IN
    assert run(capsys, "notify", "--morning") == (0, "", "")
    assert calls(tmp_path)[1][3:] == ["The morning after", MORNING.text]


def test_notify_prints_when_there_is_nothing_to_show_it_with(
        home: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    fake_due(monkeypatch, [PLANNED])
    code, out, err = run(capsys, "notify")
    assert (code, err) == (0, "")
    assert out.startswith("Core session: Core session due now (planned 18:00): Foun\ufffd")
    assert CHECK_IN in out


def test_notify_morning_with_nothing_waiting_is_quiet(
        home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    fake(tmp_path, "notify-send")
    fake_due(monkeypatch, [PLANNED])
    assert run(capsys, "notify", "--morning") == (1, "", "")
    fake_due(monkeypatch, [MORNING])
    assert run(capsys, "notify") == (1, "", "")
    assert calls(tmp_path) == []


def test_osascript_gets_a_quoted_applescript_string(
        home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    fake(tmp_path, "osascript")
    fake_due(monkeypatch, [Due("planned", 'Core session planned today: "Back\\side"', {})])
    assert run(capsys, "notify") == (0, "", "")
    [call] = calls(tmp_path)
    assert call[:2] == ["osascript", "-e"]
    assert call[2] == ('display notification "Core session planned today: \\"Back\\\\side\\". '
                       f'{CHECK_IN}" with title "Core session"')


# with the real plan and history --------------------------------------------------------------


def test_notify_reads_the_plan_for_today(
        home: Path, tmp_path: Path, config_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    fake(tmp_path, "notify-send")
    set_plan(config_dir, Plan((datetime.now().astimezone().weekday(),)))
    assert run(capsys, "notify") == (0, "", "")
    [call] = calls(tmp_path)
    assert call[3:] == ["Core session",
                        f"Core session planned today: your routine. {CHECK_IN}"]
    assert run(capsys, "notify", "--morning") == (1, "", "")  # (no session yet to ask about)
    set_plan(config_dir, Plan(((datetime.now().astimezone().weekday() + 1) % 7,)))
    assert run(capsys, "notify") == (1, "", "")
    assert len(calls(tmp_path)) == 1


def test_the_plan_command_brings_installed_reminders_along(
        home: Path, tmp_path: Path, config_dir: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CORETIMER_REMIND_BACKEND", "systemd")
    fake(tmp_path, "systemctl", FAKE_SYSTEMCTL)
    code, out, _ = run(capsys, "plan", "mon,wed,fri", "18:00")
    assert code == 0 and "reminders" not in out  # (none installed: none touched)
    assert not units(home).exists()
    assert run(capsys, "remind", "--install")[0] == 0
    code, out, _ = run(capsys, "plan", "tue,thu", "07:15")
    assert code == 0 and "the reminders follow the new plan: Tuesday and Thursday at 07:15" in out
    timer = read_unit(units(home) / "coretimer-reminder.timer")
    assert timer["Timer"]["OnCalendar"] == "Tue,Thu *-*-* 07:15:00"
    assert ["systemctl", "--user", "restart", "coretimer-reminder.timer",
            "coretimer-morning.timer"] in calls(tmp_path)
    code, out, err = run(capsys, "remind", "--status")
    assert code == 0 and err == ""
    code, out, _ = run(capsys, "plan", "--clear")
    assert code == 0 and "the reminders are removed too" in out
    assert sorted(units(home).iterdir()) == []


def test_the_plan_command_keeps_the_data_folder_the_reminders_were_installed_with(
        home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    """`coretimer --data-dir D plan …` brings the reminders along still reading D: the
    status has nothing to warn of afterwards."""
    monkeypatch.setenv("CORETIMER_REMIND_BACKEND", "systemd")
    fake(tmp_path, "systemctl", FAKE_SYSTEMCTL)
    other = str(tmp_path / "elsewhere")
    assert run(capsys, "--data-dir", other, "plan", "mon", "18:00")[0] == 0
    assert run(capsys, "--data-dir", other, "remind", "--install")[0] == 0
    code, out, _ = run(capsys, "--data-dir", other, "plan", "tue", "07:15")
    assert code == 0 and "the reminders follow the new plan" in out
    service = (units(home) / "coretimer-reminder.service").read_text()
    assert other in service
    code, _, err = run(capsys, "--data-dir", other, "remind", "--status")
    assert (code, err) == (0, "")
