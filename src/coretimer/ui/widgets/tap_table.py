"""A DataTable where one tap (or click) on a row selects it.

Textual's DataTable selects a row on the second click (the first only moves the cursor); on a
phone lying on the mat one tap should open what it touched.
"""

from __future__ import annotations

from typing import Any

from textual import events
from textual.widgets import DataTable


class TapTable(DataTable[Any]):
    def on_click(self, event: events.Click) -> None:
        row = event.style.meta.get("row", -1)
        if not isinstance(row, int) or row < 0 or self.cursor_type != "row":
            return
        if row != self.cursor_row:
            # DataTable's own handler runs next and only moves the cursor there: select it
            # once it has.
            self.call_later(self.action_select_cursor)
