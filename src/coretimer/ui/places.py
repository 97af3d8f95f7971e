"""The screens a person opens from home, the history and the palette, and what they change
there: the preview, a past session, history, stats, settings and help; deleting a session
and marking an exercise "not for me". Each screen is bound to the App's state it shows."""

from __future__ import annotations

from typing import TYPE_CHECKING

from coretimer.ui import deliver, messages
from coretimer.ui.host import Host

if TYPE_CHECKING:
    from coretimer.routine.files import LoadedRoutine

# Each screen's module is read when it first opens, not before the first frame.


class Places:
    """Owned by the App (`app.places`)."""

    def __init__(self, host: Host) -> None:
        self.host = host

    def first(self, start_routine: LoadedRoutine | None) -> None:
        """What opens over home at start: the safety notice until it is acknowledged, then
        the preview of the routine given on the command line, if one was."""
        if not self.host.settings.safety_notice_acknowledged:
            # (a screen's module is read when it first opens, not before the first frame)
            from coretimer.ui.screens.safety import SafetyNotice

            def acknowledged(_: bool | None) -> None:
                self.host.update_settings(safety_notice_acknowledged=True)
                if start_routine is not None:
                    self.preview(start_routine)

            self.host.push_screen(SafetyNotice(), acknowledged)
        elif start_routine is not None:
            self.preview(start_routine)

    def preview(self, loaded: LoadedRoutine) -> None:
        # (a screen's module is read when it first opens, not before the first frame)
        from coretimer.routine.files import WARM_UP
        from coretimer.ui.screens.preview import PreviewScreen

        host = self.host
        catalogue = host.routines()
        warm_up = catalogue.find(WARM_UP) if catalogue is not None else None
        preview = PreviewScreen(
            loaded, warm_up=warm_up.routine if warm_up and loaded.id != WARM_UP else None,
            not_for_me=host.settings.not_for_me, record=host.state.record,
            now=host.state.clock.wall)
        host.bind_screen(preview, summaries="history", settings="settings", catalogue="catalogue")
        host.push_screen(preview)
        # A session may start from here: find the speech engine and the player, and write the
        # tones, after the preview is drawn, so that the first cue is on time.
        host.call_after_refresh(host.announcer.prepare)

    def routine(self, routine_id: str) -> None:
        catalogue = self.host.routines()
        found = catalogue.find(routine_id) if catalogue is not None else None
        if found is None:  # its file went away (or broke) since home listed it
            self.host.notify(f"The routine {routine_id!r} can no longer be read; the list is "
                             "read again.", severity="warning", markup=False)
            self.host.load()
            return
        self.preview(found)

    def session(self, message: messages.OpenSession) -> None:
        # (a screen's module is read when it first opens, not before the first frame)
        from coretimer.ui.screens.session_detail import SessionDetailScreen

        record = self.host.state.record(message.summary)
        if record is None:
            self.host.notify(f"That session's file ({message.summary.file}) can no longer be "
                             "read; the history is read again.", severity="warning",
                             markup=False)
            self.host.load()
            return
        self.host.push_screen(SessionDetailScreen(record))

    def open(self, place: messages.Place) -> None:
        """History, stats, settings or help (the history has been read: see app._open)."""
        host = self.host
        if place == "help":
            # (a screen's module is read when it first opens, not before the first frame)
            from coretimer.ui.screens.help import HelpScreen

            host.cover_session(HelpScreen(host.settings))
        elif place == "history":
            # (a screen's module is read when it first opens, not before the first frame)
            from coretimer.ui.screens.history import HistoryScreen

            history = HistoryScreen()
            host.bind_screen(history, summaries="history")
            host.push_screen(history)
        elif place == "stats":
            # (the statistics and their screen only when they are opened)
            from coretimer.coaching.stats import all_stats
            from coretimer.ui.screens.stats import StatsScreen

            sessions = host.history.shown() if host.history is not None else []
            host.push_screen(StatsScreen(all_stats(sessions, host.state.today,
                                                   host.settings.week_target),
                                         reference=host.settings.endurance_reference))
        else:
            # (a screen's module is read when it first opens, not before the first frame)
            from coretimer.ui.screens.settings import SettingsScreen

            announcer = host.announcer
            settings = SettingsScreen(
                host.settings, quiet=host.page.quiet, voice_override=host.page.voice_override,
                speech_engine=announcer.speaker.name, player=announcer.player.name)
            host.bind_screen(settings, settings="settings")
            host.push_screen(settings)

    def delete(self, session_id: str) -> None:
        """Move a session to the trash; the history shows it gone at once."""
        # (the trash only when a session is deleted)
        from coretimer.store.trash import TrashError, delete

        host = self.host
        try:
            moved = delete(host.state.store, session_id)
        except (TrashError, OSError) as exc:
            host.notify(f"Not deleted: {exc}", severity="warning", markup=False)
            return
        host.history = host.state.without(host.history, moved.session_id)
        host.load()
        host.notify(f"Moved to the trash. `coretimer restore {moved.session_id}` puts it "
                    "back.", markup=False)

    def toggle_not_for_me(self, message: messages.ToggleNotForMe) -> None:
        host = self.host
        marks = set(host.settings.not_for_me)
        ids = {message.key, *message.aliases}
        marks = marks - ids if marks & ids else marks | {message.key}
        try:
            host.update_settings(not_for_me=tuple(sorted(marks)))
        except ValueError as exc:  # never a traceback: say it, and keep the marks as they were
            host.notify(f"Could not mark {message.name}: {exc}", severity="warning",
                        markup=False)
            return
        if ids & set(host.settings.not_for_me):
            text = (f"{message.name}: not for me. It is left out of every routine until you "
                    "take the mark back (n in a preview).")
        else:
            text = f"{message.name}: back in your routines."
        host.notify(text, markup=False)

    def export_history(self) -> None:
        host = self.host
        deliver.export_history(host, host.state.records(host.history), host.state.today)

    def write_report(self) -> None:
        host = self.host
        catalogue = host.routines()
        deliver.write_report(host, host.state.records(host.history), host.state.today,
                             catalogue.offered if catalogue is not None else [])
