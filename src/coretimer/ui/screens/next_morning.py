"""The next-morning check, for one session: better, the same or worse, then the back's pain
that morning on the 0-10 scale (optional). Asked as coretimer opens (mornings.to_ask), or
from the history (m). The word is saved as soon as it is given, the number after it."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid, Vertical
from textual.widgets import Button, Footer, Static

from coretimer.coaching.mornings import Morning, question, why_worse
from coretimer.text.present import SCALE_ANCHORS
from coretimer.ui import messages
from coretimer.ui.screens.common import Question, esc
from coretimer.ui.widgets.rating import RatingInput
from coretimer.ui.widgets.touch import touch_button

if TYPE_CHECKING:  # the question may open as the app starts: no pydantic for it
    from coretimer.model.record import NextMorning

#: The answer, and the 0-10 rating (None: not given); None when put away unanswered.
MorningAnswer = tuple["NextMorning", int | None]

PAIN_QUESTION = "[b]And your back this morning, from 0 to 10?[/b]"


class NextMorningPrompt(Question[MorningAnswer | None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("b", "answer('better')", "Better", id="better"),
        Binding("s", "answer('same')", "Same", id="same"),
        Binding("w", "answer('worse')", "Worse", id="worse"),
        Binding("escape", "skip", "Not now", id="skip"),
        Binding("enter", "close", "OK", id="close"),
    ]

    def __init__(self, session: Morning, *, left: int = 0) -> None:
        super().__init__()
        self.session = session
        self.left = left
        """How many more questions follow this one."""
        self.answer: NextMorning | None = None
        self.pain: int | None = None
        self.verdict: str | None = None

    def compose(self) -> ComposeResult:
        more = (f"\n[dim]Then {self.left} more.[/dim]" if self.left else "")
        with Vertical(classes="dialog", id="next-morning"):
            yield Static(
                f"[b]{esc(question(self.session))}[/b]\n\n"
                "Compared with before it:\n\n"
                "[b]b[/b] better    [b]s[/b] the same    [b]w[/b] worse    "
                "[dim]Esc: not now[/dim]\n\n"
                "[dim]It decides whether coretimer suggests a small step up next time, or a "
                "step back. Not now: answer later from the history (h, then m).[/dim]" + more,
                id="next-morning-question")
            # The same answers for a finger (the keys stay): big buttons under the question.
            with Grid(id="morning-answers", classes="answer-buttons"):
                yield touch_button("Better  b", "morning-better")
                yield touch_button("Same  s", "morning-same")
                yield touch_button("Worse  w", "morning-worse")
                yield touch_button("Not now", "morning-skip")
            with Vertical(id="next-morning-pain"):
                yield Static(f"{PAIN_QUESTION}\n{SCALE_ANCHORS}")
                yield RatingInput(hint="type 0-10, then Enter · Enter alone or Esc: skip this",
                                  id="morning-rating", buttons=True)
            yield Static("", id="next-morning-verdict")
            yield touch_button("OK", "morning-ok")
        yield Footer()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        name = (event.button.id or "").removeprefix("morning-")
        if name in ("better", "same", "worse") and self.answer is None:
            self.action_answer(name)  # type: ignore[arg-type]
        elif name == "skip":
            self.action_skip()
        elif name == "ok":
            self.action_close()

    def on_mount(self) -> None:
        self.query_one("#next-morning-pain").display = False
        self.query_one("#next-morning-verdict").display = False
        self.query_one("#morning-ok").display = False

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "answer":
            return self.answer is None  # once answered, the keys are for the number
        if action == "close":
            return self.verdict is not None
        return True

    def action_answer(self, answer: NextMorning) -> None:
        self.answer = answer
        self.post_message(messages.AnswerNextMorning(self.session.id, answer, None))
        self.query_one("#next-morning-question").display = False
        self.query_one("#morning-answers").display = False
        self.query_one("#next-morning-pain").display = True
        self.query_one(RatingInput).focus()
        self.refresh_bindings()

    def action_skip(self) -> None:
        if self.verdict is not None:
            self.action_close()
            return
        self.dismiss(None if self.answer is None else (self.answer, None))

    def action_close(self) -> None:
        if self.answer is not None:
            self.dismiss((self.answer, self.pain))

    def on_rating_input_submitted(self, message: RatingInput.Submitted) -> None:
        message.stop()
        if self.answer is None:
            return
        self.pain = message.value
        if message.value is not None:
            self.post_message(messages.AnswerNextMorning(self.session.id, self.answer,
                                                         message.value, follows=True))
        self.verdict = why_worse(self.answer, self.pain, self.session.baseline_pain)
        if self.verdict is None:
            self.dismiss((self.answer, self.pain))
            return
        # "The same" with a number well above the check-in: say why it counts as worse.
        self.query_one("#next-morning-pain").display = False
        verdict = self.query_one("#next-morning-verdict", Static)
        verdict.update(f"[b]Counted as a worse morning.[/b]\n\n{esc(self.verdict)}.\n\n"
                       "[dim]Enter: OK[/dim]")
        verdict.display = True
        self.query_one("#morning-ok").display = True
        self.refresh_bindings()
