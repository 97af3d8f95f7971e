"""The next-morning check: asked once, 12-48 h after a session."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, Static

from coretimer.models import NextMorning, SessionRecord
from coretimer.ui.screens.common import esc


class NextMorningPrompt(ModalScreen[NextMorning]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("b", "answer('better')", "Better", id="better"),
        Binding("s", "answer('same')", "Same", id="same"),
        Binding("w", "answer('worse')", "Worse", id="worse"),
        Binding("escape", "answer('skipped')", "Skip", id="skip"),
    ]

    def __init__(self, session: SessionRecord) -> None:
        super().__init__()
        self.session = session

    def compose(self) -> ComposeResult:
        when = self.session.started_at.astimezone()
        with Vertical(classes="dialog", id="next-morning"):
            yield Static(
                f"[b]How did your back feel the next morning?[/b]\n\n"
                f"After {esc(self.session.routine_name)} on {when:%A} {when.day} {when:%B}, "
                "compared with before it:\n\n"
                "[b]b[/b] better    [b]s[/b] the same    [b]w[/b] worse    [dim]Esc: skip[/dim]"
                "\n\n[dim]This is asked once. It decides whether coretimer suggests a small "
                "step up next time, or a step back.[/dim]")
        yield Footer()

    def action_answer(self, answer: NextMorning) -> None:
        self.dismiss(answer)
