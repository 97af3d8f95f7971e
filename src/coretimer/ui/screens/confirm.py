"""Asks before ending a session early."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid, Vertical
from textual.widgets import Button, Footer, Static

from coretimer.ui.screens.common import PAIN_BINDING, Question
from coretimer.ui.widgets.touch import touch_button


class ConfirmEnd(Question[bool]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y,enter", "answer(True)", "End session", id="confirm-end"),
        Binding("n,escape", "answer(False)", "Keep going", id="keep-going"),
        PAIN_BINDING,
        Binding("q,ctrl+c", "answer(True)", "End", show=False, priority=True),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="confirm"):
            yield Static("[b]End the session now?[/b]\n\nEverything you have done so far is "
                         "saved.\n\n[b]y[/b] / Enter: end it    [b]n[/b] / Esc: keep going")
            # A phone on the mat has no keys: both answers are big enough for a finger.
            with Grid(id="confirm-answers", classes="answer-buttons"):
                yield touch_button("End it  y", "confirm-yes")
                yield touch_button("Keep going  n", "confirm-no")
        yield Footer()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id in ("confirm-yes", "confirm-no"):
            self.action_answer(event.button.id == "confirm-yes")

    def action_answer(self, end: bool) -> None:
        self.dismiss(end)
