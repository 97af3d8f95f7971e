"""A notice that stops what was asked for and says why, closed with Enter, Escape or a tap
(e.g. a session cannot start while the computer's clock is wrong)."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Button, Footer, Static

from coretimer.text.plaintext import clean
from coretimer.ui.screens.common import Question
from coretimer.ui.widgets.touch import touch_button


class Notice(Question[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter,escape", "close", "OK", id="notice-ok"),
    ]

    def __init__(self, title: str, text: str) -> None:
        super().__init__()
        self.title_text = title
        self.text = text

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="notice"):
            yield Static(Text(clean(self.title_text), style="bold"), id="notice-title")
            yield Static(Text(clean(self.text, lines=True)), id="notice-text")
            yield touch_button("OK", "notice-close")
        yield Footer()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_close()

    def action_close(self) -> None:
        self.dismiss(None)
