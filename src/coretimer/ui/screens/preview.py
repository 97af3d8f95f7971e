"""Before the session: the routine in full, then a quick pain check-in (the spike baseline)."""

from __future__ import annotations

import dataclasses
from datetime import datetime
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from coretimer.models import Routine, SessionRecord
from coretimer.present import SCALE_ANCHORS, plural
from coretimer.progression import Suggestion
from coretimer.routines import LoadedRoutine, estimated_minutes
from coretimer.ui import messages
from coretimer.ui.screens.common import cell, esc
from coretimer.ui.widgets.rating import RatingInput

CHECKIN_QUESTION = "How is your back right now? 0–10"
CHECKIN_HINT = "Type a number and press Enter to start · Enter alone skips · Esc goes back"
#: A check-in at or above this makes the preview advise rest, and starting takes a second key.
HIGH_CHECKIN = 7


def high_checkin_text(level: int) -> str:
    return (f"[b]Your back is at {level}/10 right now.[/b] That is a lot: today is a day to rest, "
            "or to do only the gentlest routine, in a small range, stopping well before pain. "
            "Press [b]y[/b] to start anyway, or Esc to go back.")


class PreviewScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        # Not a priority binding: Enter must reach the rating after the digits typed before it.
        Binding("enter", "start", "Start", id="start"),
        Binding("escape", "back", "Back", id="back"),
        Binding("a", "accept", "Use suggestions", id="accept"),
        Binding("y", "start_anyway", "Start anyway", id="start-anyway"),
        Binding("up", "move(-1)", "Up", show=False),
        Binding("down", "move(1)", "Down", show=False),
        Binding("pageup", "scroll_details(-1)", "Scroll up", show=False),
        Binding("pagedown", "scroll_details(1)", "Scroll down", show=False),
        Binding("question_mark", "help", "Help", id="help"),
    ]

    def __init__(self, loaded: LoadedRoutine) -> None:
        super().__init__()
        self.loaded = loaded
        self.history: list[SessionRecord] | None = None
        self.now: datetime | None = None
        self.suggestions: list[Suggestion] = []
        self.accepted = False
        #: A check-in of HIGH_CHECKIN or more, waiting for the deliberate second key.
        self.high_checkin: int | None = None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "accept":
            return bool(self.suggestions)
        if action == "start_anyway":
            return self.high_checkin is not None
        return True

    @property
    def routine(self) -> Routine:
        """The routine as it will run: with the suggestions when they were accepted."""
        from coretimer.progression import apply, at_levels_done

        routine = at_levels_done(self.loaded.routine, self.history or [])
        return apply(routine, self.suggestions) if self.accepted else routine

    def compose(self) -> ComposeResult:
        routine = self.loaded.routine
        title = (f"[b]{esc(routine.name)}[/b] · {plural(len(routine.exercises), 'exercise')} · "
                 f"about {estimated_minutes(routine)} min")
        if routine.equipment:
            title += f"\n[b]Equipment:[/b] {esc(', '.join(routine.equipment))}"
        yield Static(title, id="preview-title")
        yield DataTable(id="exercises", cursor_type="row", zebra_stripes=True)
        # The cues and the suggestions scroll (page up / page down) on a short terminal; the
        # exercise table keeps its rows, so every exercise stays reachable.
        with VerticalScroll(id="preview-details"):
            yield Static("", id="exercise-cues")
            yield Static("", id="suggestions")
        with Vertical(id="checkin"):
            yield Static(CHECKIN_QUESTION, id="checkin-question")
            yield Static(SCALE_ANCHORS, id="checkin-anchors")
            yield RatingInput(hint=CHECKIN_HINT, id="checkin-rating", buttons=True)
            yield Static("", id="checkin-warning")
        yield Footer()

    def on_mount(self) -> None:
        self.history_loaded()
        self._show_cues()
        self.query_one(RatingInput).focus()

    def set_history(self, sessions: list[SessionRecord], now: datetime) -> None:
        """The history, handed down by the App (it may arrive after this screen opens)."""
        self.history, self.now = sessions, now
        if self.is_mounted:
            self.history_loaded()

    def history_loaded(self) -> None:
        """Work out the suggestions (again) from the history, when there is one."""
        from coretimer.progression import suggest

        if self.history is not None:
            self.suggestions = suggest(self.loaded.id, self.loaded.routine, self.history,
                                       self.now)
        self._fill_table()  # the levels last done come with the history
        self._show_suggestions()
        self.refresh_bindings()

    def _fill_table(self) -> None:
        table = self.query_one("#exercises", DataTable)
        row = table.cursor_row
        table.clear(columns=True)
        table.add_columns("#", "Exercise", "Dose", "Rest", "Equipment")
        for i, ex in enumerate(self.routine.exercises, start=1):
            table.add_row(str(i), cell(ex.title), ex.dose(), f"{ex.rest} s" if ex.sets > 1 or
                          ex.sides == "both" else "—", cell(", ".join(ex.equipment) or "—"))
        table.move_cursor(row=max(0, row))

    def _show_suggestions(self) -> None:
        panel = self.query_one("#suggestions", Static)
        panel.display = bool(self.suggestions)
        if not self.suggestions:
            return
        lines = [esc(s.text()) for s in self.suggestions]
        if self.accepted:
            lines.append("[b]Using these for this session[/b] (press a to go back to the "
                         "routine's own doses).")
        else:
            lines.append("Press [b]a[/b] to use these for this session; the routine file stays "
                         "as it is.")
        panel.update("\n".join(lines))

    def action_accept(self) -> None:
        self.accepted = not self.accepted
        self._fill_table()
        self._show_suggestions()

    def _show_cues(self) -> None:
        table = self.query_one("#exercises", DataTable)
        exercises = self.routine.exercises
        ex = exercises[max(0, min(table.cursor_row, len(exercises) - 1))]
        cues = "\n".join(f"• {esc(cue)}" for cue in ex.cues)
        self.query_one("#exercise-cues", Static).update(
            f"[b]{esc(ex.title)}[/b]: {esc(ex.setup_cue)}\n{cues}")

    def on_data_table_row_highlighted(self, _: DataTable.RowHighlighted) -> None:
        self._show_cues()

    def action_scroll_details(self, step: int) -> None:
        details = self.query_one("#preview-details", VerticalScroll)
        details.scroll_to(y=details.scroll_y + step * max(1, details.size.height - 1),
                          animate=False)

    def action_move(self, step: int) -> None:
        table = self.query_one("#exercises", DataTable)
        table.move_cursor(row=max(0, table.cursor_row + step))

    def _to_run(self) -> LoadedRoutine:
        return dataclasses.replace(self.loaded, routine=self.routine)

    def on_rating_input_submitted(self, message: RatingInput.Submitted) -> None:
        message.stop()
        self._start(message.value)

    def action_start(self) -> None:
        self._start(self.query_one(RatingInput).value)

    def _start(self, baseline: int | None) -> None:
        """Start, unless the back is bad today: then advise rest and wait for y."""
        warning = self.query_one("#checkin-warning", Static)
        if baseline is not None and baseline >= HIGH_CHECKIN:
            self.high_checkin = baseline
            warning.update(high_checkin_text(baseline))
            warning.display = True
            self.refresh_bindings()
            return
        self.high_checkin = None
        self.post_message(messages.StartSession(self._to_run(), baseline))

    def action_start_anyway(self) -> None:
        if self.high_checkin is not None:
            self.post_message(messages.StartSession(self._to_run(), self.high_checkin))

    def action_back(self) -> None:
        self.dismiss()

    def action_help(self) -> None:
        self.post_message(messages.Open("help"))
