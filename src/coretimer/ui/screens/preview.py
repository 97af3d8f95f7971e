"""Before the session: the routine in full, then a quick pain check-in (the spike baseline)."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.reactive import var
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from coretimer.coaching.advice import advise, rest_today
from coretimer.coaching.doses import Suggestion, apply
from coretimer.coaching.offering import Waiting
from coretimer.coaching.pain_weeks import ExercisePain, pain_of
from coretimer.coaching.records_needed import history_for
from coretimer.model.exercise import Exercise
from coretimer.model.figure import step_poses
from coretimer.model.record import SessionRecord
from coretimer.model.routine import Routine
from coretimer.model.summaries import SessionSummary
from coretimer.routine.files import (
    WARM_UP,
    Catalogue,
    LoadedRoutine,
    estimated_minutes,
    leave_out,
)
from coretimer.routine.poses import figure_of
from coretimer.settings import Settings
from coretimer.text.figure_art import braille, rows_for
from coretimer.text.present import SCALE_ANCHORS, plural
from coretimer.ui import messages
from coretimer.ui.screens.common import esc
from coretimer.ui.screens.preview_columns import ExerciseTable
from coretimer.ui.screens.preview_text import (
    exercise_details,
    exercise_rows,
    high_checkin_text,
    suggestions_text,
)
from coretimer.ui.widgets.figure import FigureView
from coretimer.ui.widgets.rating import RatingInput

if TYPE_CHECKING:
    from coretimer.index.sync import Summaries

CHECKIN_QUESTION = "How is your back right now? 0–10"
CHECKIN_HINT = "Type a number and press Enter to start · Enter alone skips · Esc goes back"
#: The figure beside the details: a quarter of the screen's width, within these bounds
#: (none on a screen too narrow for the smallest), and at most this many rows.
PREVIEW_FIGURE_WIDTH = (18, 40)
PREVIEW_FIGURE_ROWS = 8
#: Under this many rows the details have a row or two: they keep them for their words.
PREVIEW_FIGURE_FROM_ROWS = 24


def preview_figure_width(width: int, height: int) -> int:
    """How wide the figure beside the details is on a screen of this size (0: none)."""
    least, most = PREVIEW_FIGURE_WIDTH
    wide = min(most, width // 4)
    return wide if wide >= least and height >= PREVIEW_FIGURE_FROM_ROWS else 0


class PreviewScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        # Not a priority binding: Enter must reach the rating after the digits typed before it.
        Binding("enter", "start", "Start", id="start"),
        Binding("escape", "back", "Back", id="back"),
        Binding("a", "accept", "Use suggestions", id="accept"),
        Binding("w", "warm_up", "Warm-up first", id="warm-up"),
        Binding("n", "not_for_me", "Not for me", id="not-for-me"),
        Binding("l", "choose_level", "Level by choice", id="choose-level"),
        Binding("y", "start_anyway", "Start anyway", id="start-anyway"),
        Binding("up", "move(-1)", "Up", show=False),
        Binding("down", "move(1)", "Down", show=False),
        Binding("pageup", "scroll_details(-1)", "Scroll up", show=False),
        Binding("pagedown", "scroll_details(1)", "Scroll down", show=False),
        Binding("question_mark", "help", "Help", id="help"),
    ]

    # Bound to the App's: the history, the settings ("not for me" marks) and the routines
    # in full (the warm-up). Each may arrive after the screen opens.
    summaries: var[Summaries | None] = var(None, init=False)
    settings: var[Settings | None] = var(None, init=False)
    catalogue: var[Catalogue | None] = var(None, init=False)

    def __init__(self, loaded: LoadedRoutine, *, warm_up: Routine | None = None,
                 not_for_me: Iterable[str] = (),
                 record: Callable[[SessionSummary], SessionRecord | None] | None = None,
                 now: Callable[[], datetime] | None = None) -> None:
        super().__init__()
        self.loaded = loaded
        #: Reads a session's full record (the App keeps those it has read).
        self._record = record
        self._now = now
        self.warm_up = warm_up
        """The warm-up routine offered before this one (w), if there is one."""
        self.warm_up_first = False
        self.not_for_me = frozenset(not_for_me)
        """Ids of the exercises marked "not for me"."""
        self.history: list[SessionRecord] | None = None
        #: Every session's summary, for the weekly pain that reaches back over the whole
        #: history (`history` holds only the full records the suggestions need).
        self.pain_history: Sequence[SessionSummary] | None = None
        self.now: datetime | None = None
        self.suggestions: list[Suggestion] = []
        self.levelled: Routine = loaded.routine
        """The routine at the levels last done: worked out once per history, not per key."""
        self.pain: dict[str, ExercisePain] = {}
        """Pain reported during each exercise in the last 4 weeks, by id."""
        self.held: str | None = None
        """Why nothing steps up now (pain this week, a worse or unanswered morning, pain
        climbing week to week), or None."""
        self.accepted = False
        self.waiting: dict[str, Waiting] = {}
        """The exercises not offered yet (`offered_after`), by id: left out, and why."""
        self.chosen: dict[str, int] = {}
        """Levels the person chose for this session (l), by exercise id: a level that is
        taken only by choice, or the one below it."""
        #: A check-in that says rest today (advice.rest_today), waiting for the second key.
        self.high_checkin: int | None = None
        #: A start asked for before the history came (its check-in), made when it comes.
        self._start_waiting: tuple[int | None] | None = None
        self._figure_size = (0, 0)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "accept":
            return self.changes
        if action == "start_anyway":
            return self.high_checkin is not None
        if action == "warm_up":
            return self.warm_up is not None
        if action == "choose_level":
            if not self.is_mounted:
                return False
            ex, warm_up = self._highlighted()
            return not warm_up and ex.level_by_choice() is not None
        return True

    @property
    def changes(self) -> bool:
        """Some suggestion is a step up, which a takes (a step back is always taken)."""
        return any(s.direction == "up" for s in self.suggestions)

    @property
    def shown(self) -> Routine:
        """The routine as the table shows it: at the levels and doses last done, every step
        back taken (after pain, a worse morning, time away: never left for a key), the steps
        up when a took them, and at the levels chosen here."""

        taken = [s for s in self.suggestions
                 if s.direction == "down" or (s.direction == "up" and self.accepted)]
        routine = apply(self.levelled, taken)
        if not self.chosen:
            return routine
        exercises = [ex.at_level(self.chosen[ex.key])
                     if ex.levels and self.chosen.get(ex.key, ex.level) != ex.level else ex
                     for ex in routine.exercises]
        return routine.model_copy(update={"exercises": exercises})

    @property
    def routine(self) -> Routine | None:
        """The routine as it will run: the exercises marked "not for me" and those not
        offered yet left out, the warm-up first when asked for. None when nothing is left."""

        routine = leave_out(self.shown, self.not_for_me | self.waiting.keys())
        if routine is None or not (self.warm_up_first and self.warm_up is not None):
            return routine
        return routine.model_copy(update={
            "exercises": [*self.warm_up.exercises, *routine.exercises]})

    def watch_settings(self, settings: Settings | None) -> None:
        if settings is None or self.not_for_me == frozenset(settings.not_for_me):
            return
        self.not_for_me = frozenset(settings.not_for_me)
        if self.is_mounted:
            self._fill_table()
            self._show_cues()

    def watch_catalogue(self, catalogue: Catalogue | None) -> None:
        if self.warm_up is None and self.loaded.id != WARM_UP and catalogue is not None:
            found = catalogue.find(WARM_UP)
            self.warm_up = found.routine if found is not None else None
            self.refresh_bindings()

    def watch_summaries(self, summaries: Summaries | None) -> None:
        """The full records the suggestions need (`records_needed.history_for`: not the
        whole history), and every summary for the weekly pain."""
        if summaries is None or self._record is None or self._now is None:
            return
        self.now, self.pain_history = self._now(), summaries.shown()
        self.history = history_for(self.loaded.id, self.loaded.routine, self.pain_history,
                                   self._record, self.now)
        if self.is_mounted:
            self.history_loaded()
            if self._start_waiting is not None:  # (after what comes with the history)
                self.call_after_refresh(self._start_when_history_came)

    def compose(self) -> ComposeResult:
        routine = self.loaded.routine
        title = (f"[b]{esc(routine.name)}[/b] · {plural(len(routine.exercises), 'exercise')} · "
                 f"about {estimated_minutes(routine)} min")
        equipment = (f"[b]Equipment:[/b] {esc(', '.join(routine.equipment))}"
                     if routine.equipment else "")
        # The check-in keeps its full height; the routine takes the rest of the screen.
        with Vertical(id="preview-top"):
            yield Static(title, id="preview-title")
            # On a short terminal the routine's equipment waits at the end of the details.
            yield Static(equipment, id="preview-equipment", classes="equipment")
            yield ExerciseTable(id="exercises", cursor_type="row", zebra_stripes=True)
            # The cues and the suggestions scroll (page up / page down) on a short terminal;
            # the exercise table keeps its rows, so every exercise stays reachable.
            with VerticalScroll(id="preview-details"):
                with Horizontal(id="details-row"):
                    yield Static("", id="exercise-cues")
                    # How it looks from the side, beside the words (a rep's top pose).
                    yield FigureView(braille, id="preview-figure")
                yield Static("", id="suggestions")
                yield Static(equipment, id="details-equipment", classes="equipment")
        with Vertical(id="checkin"):
            yield Static(CHECKIN_QUESTION, id="checkin-question")
            yield Static(SCALE_ANCHORS, id="checkin-anchors")
            yield RatingInput(hint=CHECKIN_HINT, id="checkin-rating", buttons=True)
            yield Static("", id="checkin-warning")
        yield Footer()

    def on_mount(self) -> None:
        for equipment in self.query(".equipment"):
            equipment.set_class(not self.loaded.routine.equipment, "-none")
        self.history_loaded()
        self._show_cues()
        self.query_one(RatingInput).focus()
        self._place_question()

    def on_resize(self) -> None:
        # (after the screen's own handler has set -short, or taken it away)
        self.call_after_refresh(self._place_question)
        self._show_figure()

    def _place_question(self) -> None:
        """On a short terminal the check-in's question is on its top border: a row more for
        the exercises, and the question, the scale, the number and the keys all still show."""
        short = self.has_class("-short")
        self.query_one("#checkin").border_title = CHECKIN_QUESTION if short else None
        self.query_one("#checkin-question").display = not short

    def history_loaded(self) -> None:
        """Take the advice (again) for the history, once it is read."""
        found = advise(self.loaded.id, self.loaded.routine, self.history, self.now,
                       pain_history=self.pain_history)
        if self.history is not None:
            self.levelled, self.suggestions = found.levelled, found.suggestions
            self.pain, self.held = found.pain, found.held
        self.waiting = found.waiting
        self._fill_table()  # the levels last done come with the history
        self._show_suggestions()
        self._show_cues()
        self.refresh_bindings()

    def table_rows(self) -> list[list[str]]:
        """The exercise table as plain text, a row of COLUMNS per exercise (the warm-up's
        first when it goes first)."""
        warm_up = self.warm_up if self.warm_up_first else None
        return exercise_rows(warm_up, self.shown, self.pain, self.not_for_me, self.waiting)

    def _fill_table(self) -> None:
        self.query_one("#exercises", ExerciseTable).show(self.table_rows())

    def _show_suggestions(self) -> None:
        panel = self.query_one("#suggestions", Static)
        text = suggestions_text(self.suggestions, self.held, accepted=self.accepted)
        panel.display = text is not None
        if text is not None:
            panel.update(text)

    def action_accept(self) -> None:
        self.accepted = not self.accepted
        self._fill_table()
        self._show_suggestions()

    def _warm_up_rows(self) -> int:
        return len(self.warm_up.exercises) if self.warm_up_first and self.warm_up else 0

    def _highlighted(self) -> tuple[Exercise, bool]:
        """The exercise under the table's cursor, and whether it is a warm-up row."""
        table = self.query_one("#exercises", DataTable)
        row = table.cursor_row - self._warm_up_rows()
        if row < 0 and self.warm_up is not None:
            return self.warm_up.exercises[row], True
        exercises = self.shown.exercises
        return exercises[max(0, min(row, len(exercises) - 1))], False

    def _show_cues(self) -> None:
        ex, _ = self._highlighted()
        self.query_one("#exercise-cues", Static).update(exercise_details(
            ex, ex.level_by_choice(), pain_of(self.pain, ex.keys), self.not_for_me,
            self.waiting.get(ex.key)))
        self._show_figure()

    def _show_figure(self) -> None:
        """The highlighted exercise's figure beside its details, in its top pose (a hold's
        only one), as wide as the screen can spare; none on a narrow screen."""
        if not self.is_mounted:
            return
        ex, _ = self._highlighted()
        figure = figure_of(ex)
        view = self.query_one("#preview-figure", FigureView)
        width = preview_figure_width(*self.app.size) if figure is not None else 0
        view.display = width > 0
        if figure is None or not width:
            view.show(None)
            return
        rows = min(PREVIEW_FIGURE_ROWS, rows_for(figure, width))
        if self._figure_size != (width, rows):  # (a new size is a layout pass)
            self._figure_size = (width, rows)
            view.styles.width, view.styles.height = width, rows
        top = step_poses(figure, "hold")
        view.show(figure, top)

    def action_choose_level(self) -> None:
        """Take the highlighted exercise's level that is taken only by choice (or go back
        from it) for this session."""
        ex, warm_up = self._highlighted()
        choice = None if warm_up else ex.level_by_choice()
        if choice is None:
            return
        self.chosen[ex.key] = choice
        self._fill_table()
        self._show_cues()
        self.refresh_bindings()

    def action_not_for_me(self) -> None:
        """Mark the highlighted exercise "not for me" (or take the mark back)."""
        ex, warm_up = self._highlighted()
        if warm_up:
            self.notify("The warm-up is your choice each time: w leaves it out.", markup=False)
            return
        self.post_message(messages.ToggleNotForMe(ex.key, ex.name, tuple(ex.aliases)))

    def action_warm_up(self) -> None:
        """Put the warm-up first (or take it away); the same exercise stays highlighted."""
        table = self.query_one("#exercises", DataTable)
        before = self._warm_up_rows()
        self.warm_up_first = not self.warm_up_first
        row = max(0, table.cursor_row - before) + self._warm_up_rows()
        self._fill_table()
        table.move_cursor(row=row)
        self._show_cues()

    def on_data_table_row_highlighted(self, _: DataTable.RowHighlighted) -> None:
        self._show_cues()
        self.refresh_bindings()

    def action_scroll_details(self, step: int) -> None:
        details = self.query_one("#preview-details", VerticalScroll)
        details.scroll_to(y=details.scroll_y + step * max(1, details.size.height - 1),
                          animate=False)

    def action_move(self, step: int) -> None:
        table = self.query_one("#exercises", DataTable)
        table.move_cursor(row=max(0, table.cursor_row + step))

    def _to_run(self) -> LoadedRoutine | None:
        routine = self.routine
        if routine is None:
            self.notify("Every exercise here is marked not for me or not offered yet. Highlight "
                        "one and press n to take a mark back.", severity="warning", markup=False)
            return None
        return dataclasses.replace(self.loaded, routine=routine)

    def on_rating_input_submitted(self, message: RatingInput.Submitted) -> None:
        message.stop()
        self._start(message.value)

    def action_start(self) -> None:
        self._start(self.query_one(RatingInput).value)

    def _start(self, baseline: int | None) -> None:
        """Start, unless the back is bad today: then advise rest and wait for y."""
        warning = self.query_one("#checkin-warning", Static)
        if baseline is not None and rest_today(baseline):
            self.high_checkin = baseline
            warning.update(high_checkin_text(baseline))
            warning.display = True
            self.refresh_bindings()
            return
        self.high_checkin = None
        self._post_start(baseline)

    def action_start_anyway(self) -> None:
        if self.high_checkin is not None:
            self._post_start(self.high_checkin)

    def _start_when_history_came(self) -> None:
        """The start asked for while the history was read, unless a question (the next
        morning's) came up with the history: then Enter starts, once it is answered."""
        waiting, self._start_waiting = self._start_waiting, None
        self.query_one("#checkin-warning", Static).display = False
        if waiting is not None and self.app.screen is self:
            self._post_start(waiting[0])

    def _post_start(self, baseline: int | None) -> None:
        """Start, once the history is here: the doses last done and any step back after
        pain come from it, so a start asked for a moment before waits for it."""
        if self._record is not None and self.history is None:
            self._start_waiting = (baseline,)
            warning = self.query_one("#checkin-warning", Static)
            warning.update("Reading your history first (your last doses, any step back)…")
            warning.display = True
        elif (run := self._to_run()) is not None:
            self.post_message(messages.StartSession(run, baseline))

    def action_back(self) -> None:
        self.dismiss()

    def action_help(self) -> None:
        self.post_message(messages.Open("help"))
