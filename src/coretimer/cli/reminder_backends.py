"""Where and how `coretimer remind` installs the reminders: choosing the backend, writing
and removing its files or crontab block, and reading back what is installed.

`CORETIMER_REMIND_BACKEND=systemd`, `launchd` or `cron` chooses the backend instead of the
guess (macOS: launchd; a running systemd: systemd; else cron).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from coretimer.cli import reminder_files as rf
from coretimer.cli.common import Fail, Usage
from coretimer.durable import atomic_write
from coretimer.text.plaintext import clean

BACKEND_VARIABLE = "CORETIMER_REMIND_BACKEND"
BACKENDS = {"systemd": "a systemd user timer", "launchd": "a launchd agent",
            "cron": "a crontab block"}
#: The folders a reminder must see as this coretimer does.
FOLDER_VARIABLES = ("CORETIMER_CACHE_DIR", "CORETIMER_CONFIG_DIR", "CORETIMER_DATA_DIR")
NO_PLAN = "no plan yet: set one with `coretimer plan mon,wed,fri 18:00`"

_TIMERS = (f"{rf.REMINDER_UNIT}.timer", f"{rf.MORNING_UNIT}.timer")
_ENABLE = ("systemctl --user daemon-reload && systemctl --user enable --now "
           + " ".join(_TIMERS))
WAIT = 60  # seconds a helper (systemctl, crontab, notify-send) may take


@dataclass
class Found:
    """What one backend has installed: where (files or crontab lines), the planned
    reminder's schedule, and whether it is what --install would write now."""

    backend: str
    where: list[str] = field(default_factory=list)
    schedule: rf.Schedule | None = None
    current: bool = False


def choose_backend() -> str:
    forced = os.environ.get(BACKEND_VARIABLE, "").strip()
    if forced:
        if forced not in BACKENDS:
            raise Usage(f"{BACKEND_VARIABLE} is {clean(forced)!r}: set it to systemd, launchd "
                        f"or cron, or unset it to let coretimer choose")
        return forced
    if sys.platform == "darwin":
        return "launchd"
    if shutil.which("systemctl") and Path("/run/systemd/system").is_dir():
        return "systemd"
    if shutil.which("crontab"):
        return "cron"
    raise Fail("no way to schedule reminders here: neither systemd (systemctl) nor cron "
               f"(crontab) was found. Install cron, or set {BACKEND_VARIABLE}")


def running_command(data_dir: str | None) -> rf.Command:
    """This coretimer, as a reminder is to run it: the installed script by its absolute
    path, else this Python with `-m coretimer`; the same folders as now."""
    script = Path(sys.argv[0]) if sys.argv and sys.argv[0] else None
    if script is not None and script.name == "coretimer" and script.is_file():
        argv: tuple[str, ...] = (str(script.resolve()),)
    elif sys.executable:
        argv = (sys.executable, "-m", "coretimer")
    else:
        raise Fail("cannot tell which Python runs coretimer: run `coretimer remind` from "
                   "the installed `coretimer` command")
    if data_dir:
        argv += ("--data-dir", str(Path(data_dir).expanduser().absolute()))
    env = tuple((name, str(Path(value).expanduser().absolute()))
                for name in FOLDER_VARIABLES if (value := os.environ.get(name, "").strip()))
    return rf.Command(argv, env)


def systemd_dir() -> Path:
    base = os.environ.get("XDG_CONFIG_HOME", "")
    root = Path(base) if base and Path(base).is_absolute() else Path.home() / ".config"
    return root / "systemd" / "user"


def launchd_dir() -> Path:
    return Path.home() / "Library" / "LaunchAgents"


def run(argv: list[str], stdin: bytes | None = None) -> tuple[int, str]:
    """Run a helper: its exit code and the first line it said (stderr, else stdout)."""
    try:
        done = subprocess.run(argv, input=stdin, capture_output=True, timeout=WAIT,
                              check=False)
    except (OSError, subprocess.SubprocessError) as exc:
        return 127, str(exc)
    said = (done.stderr or done.stdout).decode(errors="replace").strip().splitlines()
    return done.returncode, clean(said[0]) if said else f"exit {done.returncode}"


def _write(files: dict[str, bytes], folder: Path) -> bool:
    """Write the files into `folder`; True when any was new or changed."""
    changed = False
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for name, data in files.items():
            path = folder / name
            try:
                same = path.read_bytes() == data
            except FileNotFoundError:
                same = False
            if not same:
                atomic_write(path, data)
                changed = True
    except OSError as exc:
        where = exc.filename or folder
        raise Fail(f"{clean(str(where))}: cannot write the reminder ({exc.strerror or exc}): "
                   "make that folder writable, then run `coretimer remind --install` "
                   "again") from None
    return changed


def _expected(backend: str, command: rf.Command, plan_at: rf.Schedule) -> dict[str, bytes]:
    if backend == "systemd":
        try:
            return {k: v.encode("utf-8", "surrogateescape")
                    for k, v in rf.systemd_units(command, plan_at).items()}
        except ValueError:
            raise Fail(f"{clean(command.argv[0])}: systemd cannot run a program from a path "
                       "with a quote or a backslash in it: install coretimer in another "
                       f"folder, or set {BACKEND_VARIABLE}=cron") from None
    try:
        return rf.launchd_plists(command, plan_at)
    except (ValueError, TypeError):
        raise Fail("a folder's path holds a character a launchd agent cannot: name another "
                   "folder (--data-dir, CORETIMER_*_DIR)") from None


# crontab ----------------------------------------------------------------------------------


def _crontab() -> str:
    if not shutil.which("crontab"):
        raise Fail("the `crontab` command was not found: install cron, or set "
                   f"{BACKEND_VARIABLE} to another backend")
    try:
        done = subprocess.run(["crontab", "-l"], capture_output=True, timeout=WAIT,
                              check=False)
    except (OSError, subprocess.SubprocessError) as exc:
        raise Fail(f"`crontab -l` could not run ({exc}): check cron, then try again") from None
    if done.returncode != 0:
        said = done.stderr.decode(errors="replace").strip()
        if "no crontab" in said.lower():
            return ""
        raise Fail(f"`crontab -l` failed ({clean(said) or done.returncode}): check cron, "
                   "then try again")
    return done.stdout.decode("utf-8", "surrogateescape")


def _split(table: str) -> list[str]:
    try:
        return rf.split_crontab(table)[1]
    except ValueError as exc:
        raise Fail(f"your crontab {exc}: correct it with `crontab -e`, then try "
                   "again") from None


def _set_crontab(table: str) -> None:
    argv = ["crontab", "-r"] if not table.strip() else ["crontab", "-"]
    code, said = run(argv, None if not table.strip() else
                      table.encode("utf-8", "surrogateescape"))
    if code != 0:
        raise Fail(f"`{' '.join(argv)}` failed ({said}): your crontab is as it was; check "
                   "cron, then try again")


# what is installed -------------------------------------------------------------------------


def _found(backend: str, command: rf.Command, plan_at: rf.Schedule | None) -> Found | None:
    found = Found(backend)
    if backend == "cron":
        block = _split(_crontab())
        if not block:
            return None
        found.where, found.schedule = block, rf.cron_schedule(block)
        try:
            found.current = plan_at is not None and block == rf.cron_block(command, plan_at)
        except ValueError:
            found.current = False  # (--install says why)
        return found
    folder = systemd_dir() if backend == "systemd" else launchd_dir()
    names = rf.SYSTEMD_FILES if backend == "systemd" else rf.LAUNCHD_FILES
    contents = {}
    for name in names:
        try:
            contents[name] = (folder / name).read_bytes()
        except FileNotFoundError:
            continue
        except OSError as exc:
            raise Fail(f"{clean(str(folder / name))}: cannot be read "
                       f"({exc.strerror or exc})") from None
        found.where.append(str(folder / name))
    if not found.where:
        return None
    main = contents.get(names[1] if backend == "systemd" else names[0], b"")
    found.schedule = (rf.timer_schedule(main.decode(errors="replace")) if backend == "systemd"
                      else rf.plist_schedule(main))
    try:
        found.current = plan_at is not None and contents == _expected(backend, command,
                                                                      plan_at)
    except Fail:
        found.current = False  # (--install says why)
    return found


def installed(command: rf.Command, plan_at: rf.Schedule | None) -> list[Found]:
    """What is installed: by the backend in use, and any agent or units from another
    (only the one chosen when CORETIMER_REMIND_BACKEND names it)."""
    try:
        chosen: str | None = choose_backend()
    except Fail:
        chosen = None
    forced = chosen is not None and os.environ.get(BACKEND_VARIABLE, "").strip() == chosen
    order = [b for b in (chosen, *(() if forced else ("systemd", "launchd"))) if b]
    out = []
    for backend in dict.fromkeys(order):
        if (found := _found(backend, command, plan_at)) is not None:
            out.append(found)
    return out


# install and uninstall ---------------------------------------------------------------------


def install(plan_at: rf.Schedule, command: rf.Command) -> list[str]:
    """Install (or bring up to date) the reminders; what was done, as lines."""
    backend = choose_backend()
    if backend == "cron":
        table = _crontab()
        _split(table)
        try:
            new = rf.crontab_with(table, rf.cron_block(command, plan_at))
        except ValueError:
            raise Fail("a folder's path holds a control character a crontab line cannot: "
                       "name another folder (--data-dir, CORETIMER_*_DIR)") from None
        if new != table:
            _set_crontab(new)
        return ["reminders installed: a crontab block (see `crontab -l`)"]
    folder = systemd_dir() if backend == "systemd" else launchd_dir()
    changed = _write(_expected(backend, command, plan_at), folder)
    if backend == "launchd":
        return _load_agents(folder)
    if not shutil.which("systemctl"):
        raise Fail(f"the timers are written in {clean(str(folder))}, but systemctl was not "
                   f"found: enable them with `{_ENABLE}`")
    steps = [["daemon-reload"], ["enable", "--now", *_TIMERS]]
    if changed:
        steps.append(["restart", *_TIMERS])  # a running timer keeps its old times until then
    for step in steps:
        code, said = run(["systemctl", "--user", *step])
        if code != 0:
            raise Fail(f"the timers are written in {clean(str(folder))}, but `systemctl "
                       f"--user {step[0]}` failed ({said}): enable them with `{_ENABLE}`")
    return [f"reminders installed: systemd user timers in {clean(str(folder))}"]


def _load_agents(folder: Path) -> list[str]:
    paths = [str(folder / f"{label}.plist") for label in (rf.REMINDER_LABEL, rf.MORNING_LABEL)]
    shown = clean(str(folder))
    if not shutil.which("launchctl"):
        return [f"reminders installed: launchd agents in {shown} (launchctl was not found: "
                "they are loaded at your next login)"]
    for path in paths:
        run(["launchctl", "unload", path])  # (not loaded yet: fine)
        code, said = run(["launchctl", "load", "-w", path])
        if code != 0:
            raise Fail(f"{clean(path)} is written, but `launchctl load` failed ({said}): it "
                       "is loaded at your next login, or run `launchctl load -w` on it")
    return [f"reminders installed: launchd agents in {shown}"]


def uninstall(found: Found) -> list[str]:
    """Remove what `found` says is installed (and stop it); what was done, as lines."""
    notes = []
    if found.backend == "cron":
        table = _crontab()
        _set_crontab(rf.crontab_with(table, []))
        return ["reminders removed from your crontab"]
    systemctl = found.backend == "systemd" and shutil.which("systemctl")
    if systemctl:
        code, said = run(["systemctl", "--user", "disable", "--now", *_TIMERS])
        if code != 0:
            notes.append(f"`systemctl --user disable --now` failed ({said}): the timers stop "
                         "at the next login")
        wants = systemd_dir() / "timers.target.wants"
        for name in _TIMERS:
            link = wants / name
            if link.is_symlink():
                link.unlink()
    if found.backend == "launchd" and shutil.which("launchctl"):
        for path in found.where:
            run(["launchctl", "unload", path])
    for path in found.where:
        try:
            Path(path).unlink(missing_ok=True)
        except OSError as exc:
            raise Fail(f"{path}: cannot be removed ({exc.strerror or exc}): remove it by "
                       "hand") from None
    if systemctl:
        run(["systemctl", "--user", "daemon-reload"])
    return [*notes, f"reminders removed: {', '.join(map(clean, found.where))}"]
