"""Home: the routines, the streak and the last session; start, preview, history, quit."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from coretimer.present import plural
from coretimer.ui.screens.common import STATUS_TEXT, coretimer_app, when


def held(seconds: float | None) -> str:
    return "—" if seconds is None else f"{seconds:g} s"

if TYPE_CHECKING:
    from coretimer.routines import LoadedRoutine


class HomeScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "start", "Start", id="start", priority=True),
        Binding("v", "preview", "Preview", id="preview"),
        Binding("h", "history", "History", id="history"),
        Binding("t", "stats", "Stats", id="stats"),
        Binding("o", "settings", "Settings", id="settings"),
        Binding("question_mark", "help", "Help", id="help"),
        Binding("q", "quit", "Quit", id="quit"),
    ]

    def compose(self) -> ComposeResult:
        with Horizontal(id="home-top"):
            yield Static("[b]coretimer[/b]\nBack-safe core training: brace, keep breathing, "
                         "stop before pain.", id="brand")
            yield Static("", id="streak-box")
        yield DataTable(id="routines", cursor_type="row", zebra_stripes=True)
        yield Static("", id="routine-detail")
        yield Footer()

    def on_mount(self) -> None:
        self.refresh_content()

    def refresh_content(self) -> None:
        app = coretimer_app(self)
        table = self.query_one("#routines", DataTable)
        table.focus()
        if app.history is None:  # the first frame: routines and history load right after it
            self.query_one("#streak-box", Static).update("Streak: …\nLoading your history…")
            return
        from coretimer.routines import estimated_minutes
        from coretimer.stats import Calendar, endurance_results, last_done, last_session

        sessions = app.history.sessions
        today = app.clock.wall().astimezone().date()
        target = app.settings.weekly_target
        calendar = Calendar.of(sessions)
        weeks = calendar.weekly_streak(today, target)
        streak = calendar.day_streak(today, target)
        last = last_session(sessions)
        box = (f"Streak: [b]{plural(weeks, 'week')}[/b] of {target}+ · "
               f"[b]{plural(streak, 'day')}[/b]")
        if last is not None:
            box += (f"\nLast: {when(last.started_at, today)} · {last.routine_name}"
                    f" ({STATUS_TEXT[last.status]})")
        else:
            box += "\nNo sessions yet"
        tests = endurance_results(sessions)
        if tests:
            t = tests[-1]
            side = ("—" if t.side_left is None or t.side_right is None
                    else f"{t.side_left:g}/{t.side_right:g} s")
            state = "" if t.complete else " (incomplete)"
            box += (f"\nEndurance test {t.day.day} {t.day:%b}{state}: plank "
                    f"{held(t.front)} · side {side} · back {held(t.extensor)}")
        self.query_one("#streak-box", Static).update(box)
        table.clear(columns=True)
        table.add_columns("Routine", "Exercises", "Minutes", "Last done", "")
        done = last_done(sessions)
        for loaded in self.routines:
            table.add_row(loaded.name, str(len(loaded.routine.exercises)),
                          f"~{estimated_minutes(loaded.routine)}",
                          when(done.get(loaded.id), today),
                          "yours" if loaded.source == "user" else "", key=loaded.id)
        self._show_detail()

    @property
    def routines(self) -> list[LoadedRoutine]:
        catalogue = coretimer_app(self).catalogue
        return catalogue.offered if catalogue else []

    def selected(self) -> LoadedRoutine | None:
        table = self.query_one("#routines", DataTable)
        routines = self.routines
        if not routines or table.cursor_row < 0:
            return None
        return routines[min(table.cursor_row, len(routines) - 1)]

    def _show_detail(self) -> None:
        loaded = self.selected()
        detail = self.query_one("#routine-detail", Static)
        if loaded is None:
            detail.update("No routines found.")
            return
        text = loaded.routine.description or ""
        if loaded.routine.equipment:
            text += f"\n[b]Equipment:[/b] {', '.join(loaded.routine.equipment)}"
        detail.update(text)

    def on_data_table_row_highlighted(self, _: DataTable.RowHighlighted) -> None:
        self._show_detail()

    def on_data_table_row_selected(self, _: DataTable.RowSelected) -> None:
        self.action_start()

    def action_start(self) -> None:
        loaded = self.selected()
        if loaded is not None:
            coretimer_app(self).open_preview(loaded)

    def action_preview(self) -> None:
        self.action_start()

    def action_history(self) -> None:
        from coretimer.ui.screens.history import HistoryScreen

        self.app.push_screen(HistoryScreen())

    def action_stats(self) -> None:
        from coretimer.ui.screens.stats import StatsScreen

        self.app.push_screen(StatsScreen())

    def action_settings(self) -> None:
        from coretimer.ui.screens.settings import SettingsScreen

        self.app.push_screen(SettingsScreen())

    def action_help(self) -> None:
        coretimer_app(self).open_help()

    def action_quit(self) -> None:
        self.app.exit()
