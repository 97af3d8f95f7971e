"""Past sessions, newest first."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from coretimer.ui.screens.common import STATUS_TEXT, coretimer_app


class HistoryScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,h", "back", "Back", id="back"),
    ]

    def compose(self) -> ComposeResult:
        yield Static("[b]History[/b]", id="history-title")
        yield DataTable(id="history", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        app = coretimer_app(self)
        if app.history is None:
            app.reload()
        assert app.history is not None
        table = self.query_one(DataTable)
        table.add_columns("Date", "Routine", "Status", "Sets done", "Pain", "Before")
        for s in app.history.newest_first():
            done = sum(1 for x in s.sets if x.completed)
            pain = ", ".join("?" if p.level is None else str(p.level)
                             for p in s.real_pain) or "—"
            table.add_row(f"{s.started_at.astimezone():%a %d %b %Y %H:%M}", s.routine_name,
                          STATUS_TEXT[s.status], f"{done}/{len(s.sets)}", pain,
                          "—" if s.baseline_pain is None else str(s.baseline_pain))
        if not app.history.sessions:
            self.query_one("#history-title", Static).update(
                "[b]History[/b]\nNo sessions yet. Your first one will show up here.")
        table.focus()

    def action_back(self) -> None:
        self.dismiss()
