"""Past sessions, newest first."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from coretimer.models import SessionRecord
from coretimer.present import history_row
from coretimer.ui.screens.common import cell


class HistoryScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,h", "back", "Back", id="back"),
    ]

    def __init__(self, sessions: Sequence[SessionRecord]) -> None:
        super().__init__()
        self.sessions = sorted(sessions, key=lambda s: (s.started_at, s.id), reverse=True)

    def compose(self) -> ComposeResult:
        yield Static("[b]History[/b]", id="history-title")
        yield DataTable(id="history", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("Date", "Routine", "Status", "Sets done", "Pain", "Before")
        for s in self.sessions:
            row = history_row(s)
            table.add_row(f"{row.started:%a %d %b %Y %H:%M}", cell(row.routine), row.status,
                          row.sets, row.pain or "—", row.before or "—")
        if not self.sessions:
            self.query_one("#history-title", Static).update(
                "[b]History[/b]\nNo sessions yet. Your first one will show up here.")
        table.focus()

    def action_back(self) -> None:
        self.dismiss()
