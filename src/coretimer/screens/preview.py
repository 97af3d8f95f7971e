"""Before the session: the routine in full, then a quick pain check-in (the spike baseline)."""

from __future__ import annotations

import dataclasses
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from coretimer.models import Routine
from coretimer.progression import Suggestion
from coretimer.routines import LoadedRoutine, estimated_minutes
from coretimer.screens.common import coretimer_app
from coretimer.widgets.rating import RatingInput

CHECKIN_QUESTION = "How is your back right now? 0–10"
CHECKIN_HINT = "Type a number and press Enter to start · Enter alone skips · Esc goes back"


class PreviewScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        # Not a priority binding: Enter must reach the rating after the digits typed before it.
        Binding("enter", "start", "Start", id="start"),
        Binding("escape", "back", "Back", id="back"),
        Binding("a", "accept", "Use suggestions", id="accept"),
        Binding("up", "move(-1)", "Up", show=False),
        Binding("down", "move(1)", "Down", show=False),
        Binding("question_mark", "help", "Help", id="help"),
    ]

    def __init__(self, loaded: LoadedRoutine) -> None:
        super().__init__()
        self.loaded = loaded
        self.suggestions: list[Suggestion] = []
        self.accepted = False

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "accept":
            return bool(self.suggestions)
        return True

    @property
    def routine(self) -> Routine:
        """The routine as it will run: with the suggestions when they were accepted."""
        from coretimer.progression import apply

        routine = self.loaded.routine
        return apply(routine, self.suggestions) if self.accepted else routine
    def compose(self) -> ComposeResult:
        routine = self.loaded.routine
        title = (f"[b]{routine.name}[/b] · {len(routine.exercises)} exercises · "
                 f"about {estimated_minutes(routine)} min")
        if routine.equipment:
            title += f"\n[b]Equipment:[/b] {', '.join(routine.equipment)}"
        yield Static(title, id="preview-title")
        yield DataTable(id="exercises", cursor_type="row", zebra_stripes=True)
        yield Static("", id="exercise-cues")
        yield Static("", id="suggestions")
        with Vertical(id="checkin"):
            yield Static(CHECKIN_QUESTION, id="checkin-question")
            yield RatingInput(hint=CHECKIN_HINT, id="checkin-rating")
        yield Footer()

    def on_mount(self) -> None:
        self._fill_table()
        self.history_loaded()
        self._show_cues()
        self.query_one(RatingInput).focus()

    def history_loaded(self) -> None:
        """Work out the suggestions (again): the history may load after this screen opens."""
        from coretimer.progression import suggest

        app = coretimer_app(self)
        if app.history is not None:
            self.suggestions = suggest(self.loaded.id, self.loaded.routine, app.history.sessions)
        self._show_suggestions()
        self.refresh_bindings()

    def _fill_table(self) -> None:
        table = self.query_one("#exercises", DataTable)
        row = table.cursor_row
        table.clear(columns=True)
        table.add_columns("#", "Exercise", "Dose", "Rest", "Equipment")
        for i, ex in enumerate(self.routine.exercises, start=1):
            table.add_row(str(i), ex.name, ex.dose(), f"{ex.rest} s" if ex.sets > 1 or
                          ex.sides == "both" else "—", ", ".join(ex.equipment) or "—")
        table.move_cursor(row=max(0, row))

    def _show_suggestions(self) -> None:
        panel = self.query_one("#suggestions", Static)
        panel.display = bool(self.suggestions)
        if not self.suggestions:
            return
        lines = [s.text() for s in self.suggestions]
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
        cues = "\n".join(f"• {cue}" for cue in ex.cues)
        self.query_one("#exercise-cues", Static).update(
            f"[b]{ex.name}[/b]: {ex.setup_cue}\n{cues}")

    def on_data_table_row_highlighted(self, _: DataTable.RowHighlighted) -> None:
        self._show_cues()

    def action_move(self, step: int) -> None:
        table = self.query_one("#exercises", DataTable)
        table.move_cursor(row=max(0, table.cursor_row + step))

    def _to_run(self) -> LoadedRoutine:
        return dataclasses.replace(self.loaded, routine=self.routine)

    def on_rating_input_submitted(self, message: RatingInput.Submitted) -> None:
        message.stop()
        coretimer_app(self).start_session(self._to_run(), message.value)

    def action_start(self) -> None:
        coretimer_app(self).start_session(self._to_run(), self.query_one(RatingInput).value)

    def action_back(self) -> None:
        self.dismiss()

    def action_help(self) -> None:
        from coretimer.screens.help import HelpScreen

        self.app.push_screen(HelpScreen())
