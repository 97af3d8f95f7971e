"""Pain: the rating prompt, the choice after a low rating, and the calm stop screen."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Footer, Static

from coretimer.model.record import PainReport, SessionRecord
from coretimer.text.present import SCALE_ANCHORS, pain_line, plural
from coretimer.ui.screens.common import PAIN_BINDING, Question, esc
from coretimer.ui.screens.safety import AFTER_SURGERY, BURN_VS_PAIN, URGENT
from coretimer.ui.widgets.rating import RatingInput
from coretimer.ui.widgets.touch import touch_button

if TYPE_CHECKING:
    from coretimer.ui.screens.summary import SummaryScreen

PAIN_QUESTION = "How bad? 0–10"
PAIN_HINT = ("Type the number and press Enter · 0: pressed by mistake, carry on · "
             "Esc: no rating (treated as a spike)")


class PainPrompt(Question[int | None]):
    """Shown after the report is already saved (or its write failed) and the clock frozen."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "no_rating", "No rating", id="no-rating"),
    ]

    def __init__(self, *, saved: bool = True) -> None:
        super().__init__()
        self.saved = saved

    def compose(self) -> ComposeResult:
        noted = ("[b]Pain saved. The clock is stopped.[/b]" if self.saved else
                 "[b]The clock is stopped.[/b] The report could not be saved to disk; it is "
                 "kept in memory.")
        with Vertical(classes="dialog", id="pain-prompt"):
            yield Static(noted, id="pain-noted")
            yield Static(PAIN_QUESTION, id="pain-question")
            yield Static(SCALE_ANCHORS, id="pain-anchors")
            yield RatingInput(hint=PAIN_HINT, id="pain-rating", buttons=True)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(RatingInput).focus()

    def on_rating_input_submitted(self, message: RatingInput.Submitted) -> None:
        message.stop()
        self.dismiss(message.value)

    def action_no_rating(self) -> None:
        self.dismiss(None)


class PainNextChoice(Question[bool]):
    """After a rating below the spike rule: that exercise is over; go on or stop."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter,c", "choose(True)", "Continue", id="continue"),
        Binding("e,q,escape", "choose(False)", "End session", id="end"),
        PAIN_BINDING,
    ]

    def __init__(self, report: PainReport, next_exercise: str | None, *,
                 saved: bool = True) -> None:
        super().__init__()
        self.report = report
        self.next_exercise = next_exercise
        self.saved = saved

    def compose(self) -> ComposeResult:
        following = (f"Continue with [b]{esc(self.next_exercise)}[/b]"
                     if self.next_exercise else "Continue")
        head = (f"[b]Pain {self.report.level}/10 saved.[/b]" if self.saved else
                f"[b]Pain {self.report.level}/10 noted[/b], but not saved to disk (it is kept "
                "in memory).")
        with Vertical(classes="dialog", id="pain-next"):
            yield Static(
                f"{head} That exercise is over for today.\n\n"
                "If the next one hurts too, stop: there is always another day.\n\n"
                f"Enter: {following}    e: end the session    p: report pain again")
            with Grid(id="pain-next-answers", classes="answer-buttons"):
                yield touch_button("Continue", "pain-next-continue")
                yield touch_button("End session", "pain-next-end")
        yield Footer()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id in ("pain-next-continue", "pain-next-end"):
            self.action_choose(event.button.id == "pain-next-continue")

    def action_choose(self, go_on: bool) -> None:
        self.dismiss(go_on)


def stop_message(record: SessionRecord, *, saved: bool = True) -> str:
    report = record.pain[-1] if record.pain else None
    done = sum(1 for s in record.sets if s.completed)
    what = esc(pain_line(report)) if report is not None else "Pain reported"
    if done == 0:
        sets = "No set was completed before it."
    elif done == 1:
        sets = "The set you completed before it is saved too." if saved else (
            "The set you completed before it is kept too.")
    else:
        sets = (f"The {plural(done, 'set')} you completed before it are "
                f"{'saved' if saved else 'kept'} too.")
    head = (f"Saved: {what[0].lower()}{what[1:]}." if saved else
            f"{what}. [b]Not saved to disk yet[/b]: the summary lets you save it again or "
            "export it.")
    return (
        "[b]Session stopped for pain.[/b]\n\n"
        f"{head} {sets}\n\n"
        "[b]For today:[/b] stop here. Move gently and let things settle.\n\n"
        "[b]Next time:[/b] use a smaller range of movement or an easier version, and stop "
        "before pain starts.\n\n"
        "[b]See a clinician[/b] if the pain persists, keeps coming back, spreads into a leg, "
        "or comes with numbness or weakness.\n\n"
        f"{URGENT}\n\n"
        f"{BURN_VS_PAIN} {AFTER_SURGERY}"
    )


class PainStopScreen(Screen[None]):
    """A calm stop: what was recorded and what to do. Then the summary."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "summary", "See summary", id="summary"),
        Binding("escape,q", "summary", "See summary", show=False),
    ]

    def __init__(self, record: SessionRecord, summary: SummaryScreen, *,
                 saved: bool = True) -> None:
        super().__init__()
        self.record = record
        self.summary = summary
        self.saved = saved

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="pain-stop"):
            yield Static(stop_message(self.record, saved=self.saved), id="pain-stop-text")
        # Below the text, never scrolled away: the way on, for a finger.
        yield touch_button("See summary", "pain-stop-summary")
        yield Footer()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "pain-stop-summary":
            self.action_summary()

    def action_summary(self) -> None:
        self.app.switch_screen(self.summary)
