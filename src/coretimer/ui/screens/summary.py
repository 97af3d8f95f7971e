"""After a session, however it ended: every set, work time, pain, and how today compares."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.reactive import var
from textual.screen import Screen
from textual.widgets import Button, DataTable, Footer, Static

from coretimer.coaching.comparison import Comparison
from coretimer.model.record import NotDoneSet, SetResult
from coretimer.session.controller import Finished
from coretimer.text.present import (
    NOT_DONE,
    NOT_DONE_WHY,
    STATUS_TEXT,
    amount,
    pain_line,
    plural,
    seconds_text,
    sets_done_text,
    sets_in_order,
)
from coretimer.ui import messages
from coretimer.ui.screens.common import cell, esc
from coretimer.ui.widgets.touch import touch_button


class SummaryScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "close", "Home", id="home", priority=True),
        Binding("escape,q", "close", "Home", show=False),
        Binding("w", "save_again", "Save again", id="save-again"),
        Binding("x", "export", "Export a copy", id="export"),
        Binding("n", "not_for_me", "Not for me", id="not-for-me"),
    ]

    #: The session file is written; set by the App when saving again succeeds.
    saved: var[bool] = var(True, init=False)

    def __init__(self, finished: Finished, comparisons: Callable[[], Sequence[Comparison]], *,
                 in_browser: bool = False) -> None:
        super().__init__()
        self.in_browser = in_browser
        """Under `coretimer serve`: export is a download, offered always."""
        self.finished = finished
        self.record = finished.record
        self.rows = sets_in_order(finished.record)
        """The table's rows: the sets, and those left out because of pain in their places."""
        self.set_reactive(SummaryScreen.saved, finished.saved)
        self._compare = comparisons
        """Today against before, worked out when the summary is first shown (after the
        pain stop's screen, never before it)."""

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "export" and self.in_browser:
            return True  # a copy for the phone or tablet, saved or not
        if action in ("save_again", "export"):
            return not self.saved  # only offered while the session is not on disk
        return True

    def action_save_again(self) -> None:
        self.post_message(messages.SummaryCommand("save_again"))

    def action_export(self) -> None:
        self.post_message(messages.SummaryCommand("export"))

    def watch_saved(self) -> None:
        self.query_one("#summary-title", Static).update(self._title())
        self.refresh_bindings()

    def _title(self) -> str:
        record = self.record
        head = (f"[b]{esc(record.routine_name)}[/b] · {STATUS_TEXT[record.status]} · "
                f"{sets_done_text(record)} · "
                f"work time {seconds_text(self.finished.work_seconds)}")
        if not self.saved:
            head += ("\n[b]Not saved to disk[/b] (" + esc(self.finished.error or "?") +
                     "). It is kept here until you leave this screen: free some space and press "
                     "w to save it again, or x to export a copy to your home folder.")
        return head

    def compose(self) -> ComposeResult:
        yield Static(self._title(), id="summary-title")
        yield DataTable(id="summary-sets", zebra_stripes=True, cursor_type="row")
        # On a narrow screen the comparisons and pain reports scroll rather than being cut.
        with VerticalScroll(id="summary-notes", can_focus=False):
            yield Static(self._comparison_text(), id="summary-compare")
            yield Static(self._pain_text(), id="summary-pain")
        yield touch_button("Home", "summary-home")
        yield Footer()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "summary-home":
            self.action_close()

    def on_mount(self) -> None:
        table = self.query_one("#summary-sets", DataTable)
        table.add_columns("Exercise", "Side", "Set", "Target", "Achieved", "")
        for item in self.rows:
            table.add_row(*set_row(item))

    def _comparison_text(self) -> str:
        lines = [esc(describe(c)) for c in self._compare()]
        return "[b]Compared with before[/b]\n" + "\n".join(lines) if lines else ""

    def _pain_text(self) -> str:
        if not self.record.pain:
            return "No pain reported."
        parts = [f"{p.at.astimezone():%H:%M} {esc(pain_line(p))}" for p in self.record.pain]
        return "[b]Pain reports[/b]\n" + "\n".join(parts)

    def action_not_for_me(self) -> None:
        """Mark the highlighted set's exercise "not for me" (or take the mark back)."""
        rows = self.rows
        if not rows:
            return
        row = self.query_one("#summary-sets", DataTable).cursor_row
        chosen = rows[max(0, min(row, len(rows) - 1))]
        self.post_message(messages.ToggleNotForMe(chosen.key, chosen.exercise))

    def action_close(self) -> None:
        self.post_message(messages.SummaryCommand("close"))


def set_row(s: SetResult | NotDoneSet) -> tuple[Text, str, str, str, str, str]:
    """A row of a sets table: exercise, side, set, target, achieved, how it ended."""
    if isinstance(s, NotDoneSet):
        return (cell(s.title), s.side or "", str(s.set), amount(s.target, s.kind), NOT_DONE,
                NOT_DONE_WHY[s.because])
    return (cell(s.title), s.side or "", str(s.set), amount(s.target, s.kind),
            achieved_text(s), outcome_text(s))


def achieved_text(s: SetResult) -> str:
    if s.skipped:
        return "—"
    if s.achieved is None:
        return "not counted"
    return amount(s.achieved, s.kind)


def outcome_text(s: SetResult) -> str:
    if s.completed:
        return "✓"
    if s.skipped:
        return "skipped"
    return "cut short by pain" if s.ended_by == "pain" else "cut short"


def describe(c: Comparison) -> str:
    """'Front plank: best hold 45 s today · last time 40 s · best so far 40 s (new best)'.
    Like with like: a set cut short is said to be, and not compared."""
    what = "best hold" if c.kind == "hold" else "most reps"
    if c.today is None:
        if c.short_amount is not None:
            return (f"{c.exercise}: {amount(c.short_amount, c.kind)} today, {fell_short(c)}, "
                    "so not compared")
        if c.cut_short:
            return f"{c.exercise}: {fell_short(c)}, not counted"
        if c.skipped:
            return f"{c.exercise}: skipped today"
        return f"{c.exercise}: done today, how much not known"
    text = f"{c.exercise}: {what} {amount(c.today, c.kind)} today"
    if c.cut_short:
        text += f" ({plural(c.cut_short, 'set')} cut short)"
    if c.last_time is not None:
        text += f" · last time {amount(c.last_time, c.kind)}"
    if c.best_before is not None:
        text += f" · best so far {amount(c.best_before, c.kind)}"
        if c.is_record:
            text += " (new best)"
    else:
        text += " · first time in full"
    return text


def fell_short(c: Comparison) -> str:
    """How today's set of it that fell short ended, in words."""
    if c.short_by == "end":
        return "cut short when the session was ended"
    if c.short_by == "pain":
        return "cut short by pain"
    if c.short_by == "done" and c.kind == "reps" and c.short_of is not None:
        return f"short of the {c.short_of:g} planned"
    if c.short_by == "done":
        return "ended before its time"
    return "cut short"
