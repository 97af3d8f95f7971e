"""A number typed with the number keys (a 0–10 rating, or a count of reps); Enter submits,
Enter alone submits "no answer". Optionally 0..most as buttons big enough for a finger."""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.containers import Grid
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Button, Digits, Label, Static

from coretimer.ui.widgets.touch import MIN_COLUMNS, touch_button


def buttons_per_row(count: int, width: int) -> int:
    """How many of `count` buttons go on a row `width` cells wide: all of them, 6 (0–5 then
    6–10), 4 or fewer, each at least MIN_COLUMNS wide with a column between two."""
    for per_row in (count, 6, 4, 3, 2):
        if per_row <= count and per_row * MIN_COLUMNS + per_row - 1 <= width:
            return per_row
    return 1


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
    /* The number typed on one row, instead of the digits, where three rows of digits would
       leave no room (app.tcss says where). */
    RatingInput .rating-typed {
        display: none;
        width: 100%;
        text-align: center;
        text-style: bold;
    }
    /* Big enough for a finger: each at least 6 columns by 3 rows, in as few rows as fit. */
    RatingInput .rating-buttons {
        layout: grid;
        grid-size: 4;  /* until its width is known (fit_buttons) */
        grid-columns: 1fr;
        grid-rows: 3;
        grid-gutter: 0 1;
        height: auto;
        margin-top: 1;
    }
    RatingInput .rating-buttons Button {
        background: $panel;  /* apart from a dialog's $surface as well as the screen */
    }
    RatingInput .rating-buttons Button.-alt-row {
        background: $panel-lighten-2;
    }
    RatingInput .rating-buttons Button {
        width: 100%;
        height: 3;
        min-width: 6;
        content-align: center middle;
        text-style: bold;
        text-wrap: nowrap;
    }
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
        yield Static("--", classes="rating-typed", markup=False)
        yield Label(self.hint)
        if self.buttons:
            with Grid(classes="rating-buttons"):
                for n in range(self.most + 1):
                    yield touch_button(str(n), f"rate-{n}")  # digits and Enter stay keys

    def on_resize(self) -> None:
        self.fit_buttons()

    def fit_buttons(self) -> None:
        """As many buttons on a row as fit at this width, each at least 6 columns wide."""
        if not self.buttons or not self.content_size.width:
            return
        grid = self.query_one(".rating-buttons", Grid)
        per_row = buttons_per_row(self.most + 1, self.content_size.width)
        if grid.styles.grid_size_columns != per_row:
            grid.styles.grid_size_columns = per_row
        # Rows of buttons touch (no room for a gap on a phone): every other row has another
        # shade, so each button still reads as one, and a finger sees where it ends.
        for n, button in enumerate(grid.query(Button)):
            button.set_class((n // per_row) % 2 == 1, "-alt-row")

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
        self.query_one(".rating-typed", Static).update(self.text or "--")

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
