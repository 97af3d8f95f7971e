"""Quitting with a session that could not be saved: save again, export, or keep it for the
next start. Never dropped without asking."""

from __future__ import annotations

from typing import ClassVar, Literal

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Footer, Static

from coretimer.text.present import plural
from coretimer.ui.screens.common import Question

QuitChoice = Literal["save", "export", "keep"]


class QuitUnsaved(Question[QuitChoice | None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("w", "choose('save')", "Save again", id="save-again"),
        Binding("x", "choose('export')", "Export a copy", id="export"),
        Binding("k", "choose('keep')", "Quit, keep it for next time", id="keep"),
        Binding("escape", "choose(None)", "Stay", id="stay"),
    ]

    def __init__(self, count: int, reason: str) -> None:
        super().__init__()
        self.count = count
        self.reason = reason

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="quit-unsaved"):
            yield Static(
                f"[b]{plural(self.count, 'session')} could not be saved[/b] "
                f"({self.reason}).\n\n"
                "[b]w[/b] save again (after freeing some space)\n"
                "[b]x[/b] export a copy to your home folder\n"
                "[b]k[/b] quit and keep it: the next start saves it\n"
                "[b]Esc[/b] stay", id="quit-text")
        yield Footer()

    def action_choose(self, choice: QuitChoice | None) -> None:
        self.dismiss(choice)
