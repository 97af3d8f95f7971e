"""Ending the app: Ctrl+C and q (asking what to do with a session that could not be saved),
a stop signal (SIGTERM, SIGHUP: the process really ends once its session is on disk), and an
unexpected error (the session kept as far as it went, a crash log)."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from coretimer.ui.host import Host

if TYPE_CHECKING:
    from coretimer.session.controller import Session
    from coretimer.ui.session_flow import SessionFlow

#: After SIGTERM or SIGHUP, how long Textual's own shutdown may take before the process ends
#: anyway (it can block writing to a terminal that is gone, holding the app lock).
SHUTDOWN_GRACE = 2.0


class Quitting:
    """What happens to the session when the app is asked to end. Owned by the App
    (`app.quitting`)."""

    def __init__(self, host: Host, flow: SessionFlow, *, handle_signals: bool) -> None:
        self.host = host
        self.flow = flow
        self.handle_signals = handle_signals
        """A real process, not a test's app: after a stop signal it surely ends."""

    def ctrl_c(self) -> None:
        """Ctrl+C behaves like q: in a session it asks to end it; elsewhere it quits."""
        # (a screen's module is read when it first opens, not before the first frame)
        from coretimer.ui.screens.confirm import ConfirmEnd

        session = self.flow.session
        if session is None:
            self.quit()
        elif not session.engine.pain_pending and not isinstance(self.host.screen, ConfirmEnd):
            self.flow.confirm_end()

    def quit(self) -> None:
        """Quit; with a session that could not be saved, ask first what to do with it."""
        unsaved = [s for s in [*self.host.state.unsaved, self.flow.finished]
                   if s is not None and s.finished is not None and not s.finished.saved]
        if unsaved:
            ask_about_unsaved(self.host, unsaved)
        else:
            self.host.exit()

    def interrupt(self) -> None:
        """Terminal closed or asked to stop: save the session as interrupted, then exit, and
        make sure the process really ends (a watchdog thread) once the session is saved."""
        session, self.flow.session = self.flow.session, None
        if session is not None:
            session.act("interrupt")
        if self.handle_signals:
            exit_after(SHUTDOWN_GRACE)
        self.host.exit()

    def crashed(self, error: Exception) -> Path | None:
        """An unexpected error: the session is saved as far as it went, and a crash log
        written (crash.py); where it is, or None when it could not be written."""
        # (only when something went wrong)
        from coretimer.crash import write_crash_log

        session, self.flow.session = self.flow.session, None
        if session is not None:
            with contextlib.suppress(Exception):
                session.abandon()
        return write_crash_log(self.host.state.data_dir, error)


def ask_about_unsaved(app: Host, unsaved: list[Session]) -> None:
    """Before quitting with sessions not saved: save them now, export a copy, or keep them
    to be saved at the next start (the choices of `QuitUnsaved`)."""
    # (a screen's module is read when it first opens, not before the first frame)
    from coretimer.ui.screens.quit import QuitUnsaved

    reason = unsaved[0].finished.error if unsaved[0].finished else None

    def chosen(choice: str | None) -> None:
        if choice == "save":
            saved = [s for s in unsaved if s.save_again().saved]
            if len(saved) == len(unsaved):
                app.notify("Saved.", markup=False)
                app.exit()
            else:
                app.notify("Still cannot save. Export a copy, or keep it for next time.",
                           severity="error", markup=False)
        elif choice == "export":
            for session in unsaved:
                result = session.export(Path.home())
                app.notify(f"Exported to {result.path}" if result.error is None else
                           f"Cannot write {result.path}: {result.error}", markup=False,
                           severity="information" if result.error is None else "error")
        elif choice == "keep":
            lost = sum(s.keep_for_next_start() for s in unsaved)
            app.exit(message=None if not lost else (
                f"{lost} event(s) of the unsaved session could not be written anywhere."))

    app.push_screen(QuitUnsaved(len(unsaved), reason or "the write failed"), chosen)


def on_stop_signals(stop: Callable[[], None]) -> None:
    """Run `stop` when the terminal closes (SIGHUP) or the process is asked to end
    (SIGTERM), where the platform allows it."""
    loop = asyncio.get_running_loop()
    for name in ("SIGTERM", "SIGHUP"):  # SIGHUP does not exist on Windows
        sig = getattr(signal, name, None)
        if sig is None:
            continue
        with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
            loop.add_signal_handler(sig, stop)  # not on every platform


def exit_after(seconds: float) -> None:
    """End the process after `seconds` whatever the main thread is doing. Everything that must
    be on disk is on disk before this is called; the locks die with the process."""

    def watchdog() -> None:
        time.sleep(seconds)
        os._exit(0)

    threading.Thread(target=watchdog, name="coretimer-exit-watchdog", daemon=True).start()
