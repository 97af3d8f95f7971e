"""A number typed with the number keys (a 0–10 rating, or a count of reps); Enter submits,
Enter alone submits "no answer"."""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Button, Digits, Label

from coretimer.ui.widgets.touch import touch_button


class RatingInput(Widget, can_focus=True):
    """Type a number up to `most` (e.g. 1 then 0 for 10), Backspace to correct, Enter to
    submit. A digit that would go past `most` starts a new number."""

    DEFAULT_CSS = """
    RatingInput {
        height: auto;
        width: 100%;
        align-horizontal: center;
    }
    RatingInput Digits {
        width: 100%;
        text-align: center;
    }
    RatingInput Label {
        width: 100%;
        text-align: center;
        color: $text-muted;
    }
    RatingInput .rating-buttons {
        height: auto;
        margin-top: 1;
    }
    RatingInput .rating-buttons Button { width: 1fr; min-width: 3; margin: 0 1 0 0; }
    """

    class Submitted(Message):
        def __init__(self, rating: RatingInput, value: int | None) -> None:
            super().__init__()
            self.rating = rating
            self.value = value

        @property
        def control(self) -> RatingInput:
            return self.rating

    def __init__(self, *, hint: str = "", most: int = 10, id: str | None = None,
                 buttons: bool = False) -> None:
        super().__init__(id=id)
        self.text = ""
        self.hint = hint
        self.most = most
        self.buttons = buttons
        """A row of 0..most buttons: a tap (or a click) answers with that number."""

    def compose(self) -> ComposeResult:
        yield Digits("--")
        yield Label(self.hint)
        if self.buttons:
            with Horizontal(classes="rating-buttons"):
                for n in range(self.most + 1):
                    yield touch_button(str(n), f"rate-{n}")  # digits and Enter stay keys

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        number = (event.button.id or "").removeprefix("rate-")
        if number.isdigit():
            self.text = number
            self._show()
            self.post_message(self.Submitted(self, int(number)))

    @property
    def value(self) -> int | None:
        return int(self.text) if self.text else None

    def type_digit(self, digit: str) -> None:
        candidate = self.text + digit
        self.text = candidate if int(candidate) <= self.most and self.text != "0" else digit
        self._show()

    def backspace(self) -> None:
        self.text = self.text[:-1]
        self._show()

    def _show(self) -> None:
        self.query_one(Digits).update(self.text or "--")

    def on_key(self, event: events.Key) -> None:
        if event.character is not None and event.character.isdigit() and len(event.key) == 1:
            self.type_digit(event.character)
        elif event.key == "backspace":
            self.backspace()
        elif event.key == "enter":
            self.post_message(self.Submitted(self, self.value))
        else:
            return
        event.stop()
        event.prevent_default()
