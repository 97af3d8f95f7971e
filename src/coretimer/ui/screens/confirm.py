"""Asks before ending a session early."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Footer, Static

from coretimer.ui.screens.common import PAIN_BINDING, Question


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
        yield Footer()

    def action_answer(self, end: bool) -> None:
        self.dismiss(end)
