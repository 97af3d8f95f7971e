"""After done on a rep set at your own pace: how many reps were done."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Footer, Static

from coretimer.model.fields import MAX_REPS
from coretimer.text.present import plural
from coretimer.ui.screens.common import PAIN_BINDING, Question
from coretimer.ui.widgets.rating import RatingInput


class RepCountPrompt(Question[int | None]):
    """Digits then Enter; Enter alone means the target. Esc goes back to the set."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back to the set", id="back-to-set"),
        PAIN_BINDING,
    ]

    def __init__(self, target: int) -> None:
        super().__init__()
        self.target = target

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="rep-count"):
            yield Static("How many reps did you do?", id="rep-question")
            yield RatingInput(hint=f"Type the number and press Enter · Enter alone: all "
                              f"{plural(self.target, 'rep')}", most=MAX_REPS, id="rep-input")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(RatingInput).focus()

    def on_rating_input_submitted(self, message: RatingInput.Submitted) -> None:
        message.stop()
        self.dismiss(self.target if message.value is None else message.value)

    def action_back(self) -> None:
        self.dismiss(None)
