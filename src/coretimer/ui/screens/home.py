"""Home: the routines, the streak and the last session; start, preview, history, quit."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, ClassVar

from rich.cells import cell_len
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.reactive import var
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from coretimer.coaching.streaks import Calendar
from coretimer.coaching.summarise import endurance_of
from coretimer.text.present import STATUS_TEXT, endurance_short, plural, when
from coretimer.ui import messages
from coretimer.ui.screens.common import cell, esc
from coretimer.ui.widgets.tap_table import TapTable

if TYPE_CHECKING:
    from coretimer.coaching.streaks import HomeFacts
    from coretimer.routine.cards import RoutineCard


#: Narrower than this, home is laid out for a phone held upright.
PHONE_COLUMNS = 60


#: The routine list's columns, all of them from 72 columns; fewer on a narrower screen, so
#: that none is cut at the right edge.
ALL_COLUMNS = ("Routine", "Exercises", "Minutes", "Last done", "")


def table_columns(width: int) -> tuple[str, ...]:
    if width >= 72:
        return ALL_COLUMNS
    if width >= 52:
        return ("Routine", "Minutes", "Last done")
    return ("Routine", "Minutes")


@dataclass(frozen=True)
class HomeData:
    """What home shows, handed down by the App once routines and history are read."""

    routines: list[RoutineCard]
    facts: HomeFacts
    today: date
    weekly_target: int
    plan: str | None = None
    """What the plan says next ("Today: planned · 18:00 · …"); None: no plan."""


class HomeScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "start", "Start", id="start", priority=True),
        Binding("v", "preview", "Preview", id="preview"),
        Binding("h", "open('history')", "History", id="history"),
        Binding("t", "open('stats')", "Stats", id="stats"),
        Binding("o", "open('settings')", "Settings", id="settings"),
        Binding("question_mark", "open('help')", "Help", id="help"),
        Binding("q", "app.quit", "Quit", id="quit"),
    ]

    #: None until the App has read routines and history (just after the first frame).
    data: var[HomeData | None] = var(None, init=False)

    _columns: tuple[str, ...] = ALL_COLUMNS

    def compose(self) -> ComposeResult:
        with Horizontal(id="home-top"):
            with Vertical(id="brand"):
                yield Static("[b]coretimer[/b]", id="brand-name")
                yield Static("Back-safe core training: brace, keep breathing, stop before "
                             "pain.", id="brand-tagline")
            yield Static("", id="streak-box")
        yield TapTable(id="routines", cursor_type="row", zebra_stripes=True)
        # A long description scrolls rather than being cut.
        with VerticalScroll(id="routine-about", can_focus=False):
            yield Static("", id="routine-detail")
        yield Footer()

    def on_resize(self, event: events.Resize) -> None:
        """A phone held upright: the name above the streak box (beside it, the name was
        squeezed to one letter a line), and the routine list in fewer columns."""
        self.set_class(event.size.width < PHONE_COLUMNS, "-phone")
        columns = table_columns(event.size.width)
        if columns != self._columns:
            self._columns = columns
            self._show(self.data)

    def on_mount(self) -> None:
        self.query_one("#routines", DataTable).focus()
        # The data may have come before the screen was mounted (filled from the caches):
        # `is_mounted` is not yet true here.
        self._show(self.data)

    def watch_data(self, data: HomeData | None) -> None:
        if self.is_mounted:
            self._show(data)

    def _show(self, data: HomeData | None) -> None:
        table = self.query_one("#routines", DataTable)
        if data is None:  # the first frame: routines and history load right after it
            self.query_one("#streak-box", Static).update("Streak: …\nLoading your history…")
            return
        facts, today, target = data.facts, data.today, data.weekly_target
        calendar = Calendar.of_days(Counter(facts.per_day))
        weeks = calendar.weekly_streak(today, target)
        streak = calendar.day_streak(today, target)
        last = facts.last
        if weeks:
            box = (f"Streak: [b]{plural(weeks, 'week')}[/b] of {target}+ · "
                   f"[b]{plural(streak, 'day')}[/b]")
        else:  # no weekly streak yet: what this week needs, rather than "0 weeks"
            box = f"This week: [b]{calendar.this_week(today)} of {plural(target, 'session')}[/b]"
            if streak:
                box += f" · streak [b]{plural(streak, 'day')}[/b]"
        if data.plan is not None:
            today_planned = data.plan.startswith("Today")
            box += "\n" + (f"[b]{esc(data.plan)}[/b]" if today_planned else esc(data.plan))
        if last is not None:
            box += (f"\nLast: {when(last.started_at, today)} · {esc(last.routine_name)}"
                    f" ({STATUS_TEXT[last.status]})")
        else:
            box += "\nNo sessions yet"
        test = endurance_of(facts.latest_test) if facts.latest_test is not None else None
        if test is not None:
            box += "\n" + endurance_short(test)
        self.query_one("#streak-box", Static).update(box)
        row = table.cursor_row
        table.clear(columns=True)
        done = facts.last_done
        rows = [(card.id, {"Routine": cell(card.name), "Exercises": Text(str(card.exercises)),
                           "Minutes": Text(f"~{card.minutes}"),
                           "Last done": Text(when(done.get(card.id), today)),
                           "": Text("yours" if card.source == "user" else "")})
                for card in data.routines]
        # Each column as wide as its widest cell, worked out here: the table's own measure
        # waits for a moment it is idle, and a screen drawn before it had cut names short.
        for column in self._columns:
            table.add_column(column, width=max([cell_len(column)] + [
                values[column].cell_len for _, values in rows]))
        for key, values in rows:
            table.add_row(*(values[c] for c in self._columns), key=key)
        table.move_cursor(row=max(0, row))
        self._show_detail()

    @property
    def routines(self) -> list[RoutineCard]:
        return self.data.routines if self.data else []

    def selected(self) -> RoutineCard | None:
        table = self.query_one("#routines", DataTable)
        routines = self.routines
        if not routines or table.cursor_row < 0:
            return None
        return routines[min(table.cursor_row, len(routines) - 1)]

    def _show_detail(self) -> None:
        card = self.selected()
        detail = self.query_one("#routine-detail", Static)
        if card is None:
            detail.update("No routines found.")
            return
        text = esc(card.description, lines=True)
        if card.equipment:
            text += f"\n[b]Equipment:[/b] {esc(', '.join(card.equipment))}"
        detail.update(text)

    def on_data_table_row_highlighted(self, _: DataTable.RowHighlighted) -> None:
        if self.data is not None:
            self._show_detail()

    def on_data_table_row_selected(self, _: DataTable.RowSelected) -> None:
        """One tap (or click) on a routine opens it (TapTable selects on the first tap)."""
        self.action_start()

    def action_start(self) -> None:
        card = self.selected()
        if card is not None:  # the App reads the routine in full
            self.post_message(messages.OpenRoutine(card.id))

    def action_preview(self) -> None:
        self.action_start()

    def action_open(self, place: messages.Place) -> None:
        self.post_message(messages.Open(place))
