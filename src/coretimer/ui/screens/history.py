"""Past sessions, newest first."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.reactive import var
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from coretimer.model.summaries import SessionSummary
from coretimer.text.present import history_row
from coretimer.ui import messages
from coretimer.ui.screens.common import cell

if TYPE_CHECKING:
    from coretimer.index.sync import Summaries

COLUMNS = ("Date", "Routine", "Status", "Sets", "Pain", "Before")
MIN_ROUTINE_WIDTH = 10


class HistoryScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,h", "back", "Back", id="back"),
        Binding("enter", "open", "Open", id="open"),
        Binding("d", "delete", "Delete", id="delete"),
        Binding("m", "morning", "Morning after", id="morning"),
    ]

    #: The history as the App has read it (bound to the App's own).
    summaries: var[Summaries | None] = var(None, init=False)

    def __init__(self) -> None:
        super().__init__()
        self.sessions: list[SessionSummary] = []

    def compose(self) -> ComposeResult:
        yield Static("[b]History[/b]", id="history-title")
        yield DataTable(id="history", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(DataTable).focus()

    def on_resize(self) -> None:
        self._fill()

    def _fill(self) -> None:
        """Lay the table out for the width it has: every column whole, the routine name
        wrapped onto a second line when it is long, never cut off."""
        self.query_one("#history-title", Static).update(
            "[b]History[/b]" if self.sessions else
            "[b]History[/b]\nNo sessions yet. Your first one will show up here.")
        table = self.query_one(DataTable)
        rows = [history_row(s) for s in self.sessions]
        cells = [[f"{r.started:%d %b %Y %H:%M}", r.routine, r.status, r.sets, r.pain or "—",
                  r.before or "—"] for r in rows]
        widths = [max([len(h)] + [len(c[i]) for c in cells]) for i, h in enumerate(COLUMNS)]
        # Each column has one cell of padding either side; the scrollbar may take 2.
        room = max(1, table.size.width or self.size.width - 4) - 2 * len(COLUMNS) - 2
        others = sum(widths) - widths[1]
        widths[1] = max(MIN_ROUTINE_WIDTH, min(widths[1], room - others))
        row = table.cursor_row
        table.clear(columns=True)
        for name, width in zip(COLUMNS, widths, strict=True):
            table.add_column(name, width=width)
        for c in cells:
            table.add_row(*(cell(v) for v in c), height=None)
        if cells:
            table.move_cursor(row=max(0, min(row, len(cells) - 1)))

    def watch_summaries(self, summaries: Summaries | None) -> None:
        sessions = summaries.shown() if summaries is not None else []
        self.sessions = sorted(sessions, key=lambda s: (s.started_at, s.id), reverse=True)
        if self.is_mounted:
            self._fill()

    def _highlighted(self) -> SessionSummary | None:
        if not self.sessions:
            return None
        row = self.query_one(DataTable).cursor_row
        return self.sessions[max(0, min(row, len(self.sessions) - 1))]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("open", "delete", "morning"):
            return bool(self.sessions)
        return True

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open()

    def action_open(self) -> None:
        chosen = self._highlighted()
        if chosen is not None:  # the App reads its full record
            self.post_message(messages.OpenSession(chosen))

    def action_morning(self) -> None:
        """Answer how the back felt the morning after the highlighted session (the App says
        when it cannot be answered)."""
        chosen = self._highlighted()
        if chosen is not None:
            self.post_message(messages.AskNextMorning(chosen))

    def action_delete(self) -> None:
        # (a screen's module is read when it first opens, not before the first frame)
        from coretimer.ui.screens.session_detail import ConfirmDelete

        chosen = self._highlighted()
        if chosen is None:
            return

        def answered(delete: bool | None) -> None:
            if delete:
                self.post_message(messages.DeleteSession(chosen.id))

        self.app.push_screen(ConfirmDelete(chosen), answered)

    def action_back(self) -> None:
        self.dismiss()
