"""Before the session: the routine in full, then a quick pain check-in (the spike baseline)."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

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
        Binding("up", "move(-1)", "Up", show=False),
        Binding("down", "move(1)", "Down", show=False),
        Binding("question_mark", "help", "Help", id="help"),
    ]

    def __init__(self, loaded: LoadedRoutine) -> None:
        super().__init__()
        self.loaded = loaded

    def compose(self) -> ComposeResult:
        routine = self.loaded.routine
        title = (f"[b]{routine.name}[/b] · {len(routine.exercises)} exercises · "
                 f"about {estimated_minutes(routine)} min")
        if routine.equipment:
            title += f"\n[b]Equipment:[/b] {', '.join(routine.equipment)}"
        yield Static(title, id="preview-title")
        yield DataTable(id="exercises", cursor_type="row", zebra_stripes=True)
        yield Static("", id="exercise-cues")
        with Vertical(id="checkin"):
            yield Static(CHECKIN_QUESTION, id="checkin-question")
            yield RatingInput(hint=CHECKIN_HINT, id="checkin-rating")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#exercises", DataTable)
        table.add_columns("#", "Exercise", "Dose", "Rest", "Equipment")
        for i, ex in enumerate(self.loaded.routine.exercises, start=1):
            table.add_row(str(i), ex.name, ex.dose(), f"{ex.rest} s" if ex.sets > 1 or
                          ex.sides == "both" else "—", ", ".join(ex.equipment) or "—")
        self._show_cues()
        self.query_one(RatingInput).focus()

    def _show_cues(self) -> None:
        table = self.query_one("#exercises", DataTable)
        exercises = self.loaded.routine.exercises
        ex = exercises[max(0, min(table.cursor_row, len(exercises) - 1))]
        cues = "\n".join(f"• {cue}" for cue in ex.cues)
        self.query_one("#exercise-cues", Static).update(
            f"[b]{ex.name}[/b]: {ex.setup_cue}\n{cues}")

    def on_data_table_row_highlighted(self, _: DataTable.RowHighlighted) -> None:
        self._show_cues()

    def action_move(self, step: int) -> None:
        table = self.query_one("#exercises", DataTable)
        table.move_cursor(row=max(0, table.cursor_row + step))

    def on_rating_input_submitted(self, message: RatingInput.Submitted) -> None:
        message.stop()
        coretimer_app(self).start_session(self.loaded, message.value)

    def action_start(self) -> None:
        coretimer_app(self).start_session(self.loaded, self.query_one(RatingInput).value)

    def action_back(self) -> None:
        self.dismiss()

    def action_help(self) -> None:
        from coretimer.screens.help import HelpScreen

        self.app.push_screen(HelpScreen())
