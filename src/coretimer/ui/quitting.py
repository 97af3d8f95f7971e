"""Ending the app: asking what to do with a session that could not be saved, and making
sure a process told to stop (SIGTERM, SIGHUP) really ends once its session is on disk."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual.app import App

if TYPE_CHECKING:
    from coretimer.session.controller import Session


def ask_about_unsaved(app: App[Any], unsaved: list[Session]) -> None:
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
