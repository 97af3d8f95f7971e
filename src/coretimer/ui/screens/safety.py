"""The first-run safety notice, acknowledged once."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Footer, Static

from coretimer.ui.screens.common import Question

#: The urgent tier, shared by this notice and the pain-stop screen.
URGENT = (
    "[b]Get urgent care today[/b] for new numbness around the groin or inner thighs, new "
    "trouble with your bladder or bowels, or leg weakness that is getting worse.")
AFTER_SURGERY = ("After back surgery or a recent injury, get a clinician's go-ahead before "
                 "you start.")
BURN_VS_PAIN = "A working muscle burn is fine. Back pain is the signal to stop."

NOTICE = (
    "[b]Before you start[/b]\n\n"
    "coretimer is a training timer, not a medical device.\n\n"
    "Stop straight away if you feel sharp pain, pain that spreads into a leg, "
    "numbness, tingling or weakness. If your back pain persists or keeps coming back, see a "
    "clinician.\n\n"
    f"{URGENT}\n\n"
    f"{AFTER_SURGERY}\n\n"
    f"{BURN_VS_PAIN} Work up to the edge of discomfort and stop before pain starts. "
    "Press [b]p[/b] at any moment in a session to report pain: the clock stops at once.\n\n"
    "[dim]Press Enter to continue. This notice is shown once.[/dim]"
)


class SafetyNotice(Question[bool]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "acknowledge", "I understand", id="acknowledge"),
        Binding("escape", "acknowledge", "I understand", show=False),
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="safety", classes="dialog"):
            yield Static(NOTICE, id="safety-text")
        yield Footer()

    def action_acknowledge(self) -> None:
        self.dismiss(True)
