"""Pain: the rating prompt, the choice after a low rating, and the calm stop screen."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import Footer, Static

from coretimer.models import SessionRecord
from coretimer.widgets.rating import RatingInput

if TYPE_CHECKING:
    from coretimer.screens.summary import SummaryScreen

PAIN_QUESTION = "How bad? 0–10"
PAIN_HINT = "Type the number and press Enter · Esc: no rating (treated as a spike)"


class PainPrompt(ModalScreen[int | None]):
    """Shown after the report is already saved and the clock frozen."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "no_rating", "No rating", id="no-rating"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="pain-prompt"):
            yield Static("[b]Pain noted. The clock is stopped.[/b]", id="pain-noted")
            yield Static(PAIN_QUESTION, id="pain-question")
            yield RatingInput(hint=PAIN_HINT, id="pain-rating")

    def on_mount(self) -> None:
        self.query_one(RatingInput).focus()

    def on_rating_input_submitted(self, message: RatingInput.Submitted) -> None:
        message.stop()
        self.dismiss(message.value)

    def action_no_rating(self) -> None:
        self.dismiss(None)


class PainNextChoice(ModalScreen[bool]):
    """After a rating below the spike rule: that exercise is over; go on or stop."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter,c", "choose(True)", "Continue", id="continue"),
        Binding("e,q,escape", "choose(False)", "End session", id="end"),
    ]

    def __init__(self, level: int | None, next_exercise: str | None) -> None:
        super().__init__()
        self.level = level
        self.next_exercise = next_exercise

    def compose(self) -> ComposeResult:
        following = (f"Continue with [b]{self.next_exercise}[/b]"
                     if self.next_exercise else "Continue")
        with Vertical(classes="dialog", id="pain-next"):
            yield Static(
                f"[b]Pain {self.level}/10 saved.[/b] That exercise is over for today.\n\n"
                "If the next one hurts too, stop: there is always another day.\n\n"
                f"Enter: {following}    e: end the session")

    def action_choose(self, go_on: bool) -> None:
        self.dismiss(go_on)


def stop_message(record: SessionRecord) -> str:
    report = record.pain[-1] if record.pain else None
    level = "no rating" if report is None or report.level is None else f"{report.level}/10"
    done = sum(1 for s in record.sets if s.completed)
    where = f" during {report.exercise}" if report and report.exercise else ""
    if done == 0:
        sets = "No set was completed before it."
    else:
        sets = f"The {done} set{'s' if done != 1 else ''} you completed before it are saved too."
    return (
        "[b]Session stopped for pain.[/b]\n\n"
        f"Saved: pain {level}{where}. {sets}\n\n"
        "[b]For today:[/b] stop here. Move gently and let things settle.\n\n"
        "[b]Next time:[/b] use a smaller range of movement or an easier version, and stop "
        "before pain starts.\n\n"
        "[b]See a clinician[/b] if the pain persists, keeps coming back, spreads into a leg, "
        "or comes with numbness or weakness."
    )


class PainStopScreen(Screen[None]):
    """A calm stop: what was recorded and what to do. Then the summary."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "summary", "See summary", id="summary"),
        Binding("escape,q", "summary", "See summary", show=False),
    ]

    def __init__(self, record: SessionRecord, summary: SummaryScreen) -> None:
        super().__init__()
        self.record = record
        self.summary = summary

    def compose(self) -> ComposeResult:
        with Vertical(id="pain-stop"):
            yield Static(stop_message(self.record), id="pain-stop-text")
        yield Footer()

    def action_summary(self) -> None:
        self.app.switch_screen(self.summary)
