"""The next-morning check: asked once, 12-48 h after a session. Better, the same or worse,
then the back's pain this morning on the 0-10 scale (optional)."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, Static

from coretimer.present import SCALE_ANCHORS
from coretimer.sessionfiles import Listed
from coretimer.ui import messages
from coretimer.ui.screens.common import esc
from coretimer.ui.widgets.rating import RatingInput

if TYPE_CHECKING:  # the question may open as the app starts: no pydantic for it
    from coretimer.models import NextMorning

#: The answer, and the 0-10 rating (None: not given).
MorningAnswer = tuple["NextMorning", int | None]

PAIN_QUESTION = "[b]And your back this morning, from 0 to 10?[/b]"


class NextMorningPrompt(ModalScreen[MorningAnswer]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("b", "answer('better')", "Better", id="better"),
        Binding("s", "answer('same')", "Same", id="same"),
        Binding("w", "answer('worse')", "Worse", id="worse"),
        Binding("escape", "skip", "Skip", id="skip"),
    ]

    def __init__(self, session: Listed) -> None:
        super().__init__()
        self.session = session
        self.answer: NextMorning | None = None

    def compose(self) -> ComposeResult:
        when = self.session.started_at.astimezone()
        with Vertical(classes="dialog", id="next-morning"):
            yield Static(
                f"[b]How did your back feel the next morning?[/b]\n\n"
                f"After {esc(self.session.routine_name)} on {when:%A} {when.day} {when:%B}, "
                "compared with before it:\n\n"
                "[b]b[/b] better    [b]s[/b] the same    [b]w[/b] worse    [dim]Esc: skip[/dim]"
                "\n\n[dim]This is asked once. It decides whether coretimer suggests a small "
                "step up next time, or a step back.[/dim]", id="next-morning-question")
            with Vertical(id="next-morning-pain"):
                yield Static(f"{PAIN_QUESTION}\n{SCALE_ANCHORS}")
                yield RatingInput(hint="type 0-10, then Enter · Enter alone or Esc: skip this",
                                  id="morning-rating", buttons=True)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#next-morning-pain").display = False

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "answer":
            return self.answer is None  # once answered, the keys are for the number
        return True

    def action_answer(self, answer: NextMorning) -> None:
        self.answer = answer
        self.post_message(messages.AnswerNextMorning(self.session.id, answer, None))
        self.query_one("#next-morning-question").display = False
        self.query_one("#next-morning-pain").display = True
        self.query_one(RatingInput).focus()
        self.refresh_bindings()

    def action_skip(self) -> None:
        if self.answer is None:  # skipping the question; after an answer, only the number
            self.post_message(messages.AnswerNextMorning(self.session.id, "skipped", None))
        self.dismiss((self.answer or "skipped", None))

    def on_rating_input_submitted(self, message: RatingInput.Submitted) -> None:
        message.stop()
        if message.value is not None:
            self.post_message(messages.AnswerNextMorning(self.session.id,
                                                         self.answer or "skipped",
                                                         message.value))
        self.dismiss((self.answer or "skipped", message.value))
