"""The first-run safety notice, acknowledged once."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

NOTICE = (
    "[b]Before you start[/b]\n\n"
    "coretimer is a training timer, not a medical device.\n\n"
    "Stop straight away if you feel sharp pain, pain that spreads into a leg, "
    "numbness, tingling or weakness.\n\n"
    "If your back pain persists or keeps coming back, see a clinician.\n\n"
    "Work up to the edge of discomfort and stop before pain starts. "
    "Press [b]p[/b] at any moment in a session to report pain: the clock stops at once.\n\n"
    "[dim]Press Enter to continue. This notice is shown once.[/dim]"
)


class SafetyNotice(ModalScreen[bool]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "acknowledge", "I understand", id="acknowledge"),
        Binding("escape", "acknowledge", "I understand", show=False),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(id="safety", classes="dialog"):
            yield Static(NOTICE, id="safety-text")

    def action_acknowledge(self) -> None:
        self.dismiss(True)
