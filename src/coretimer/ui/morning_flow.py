"""The next-morning questions, as the App asks and saves them: at most two as coretimer opens
(coretimer.coaching.mornings.to_ask), any answerable one from the history (m). Each answer
is written once (the word at once, the number beside it), and "Saved" is said only after the
write."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on

from coretimer.text.plaintext import clean
from coretimer.ui import messages
from coretimer.ui.session_flow import SessionFlow

if TYPE_CHECKING:
    from coretimer.coaching.mornings import Morning
    from coretimer.ui.screens.next_morning import MorningAnswer

class MorningFlow(SessionFlow):
    def ask_next_mornings(self) -> None:
        """As coretimer opens: the newest unanswered sessions whose morning has come, at most
        two, each asked once on this machine (remembered in the data folder's asked.json)."""
        # (after the first frame: it loads pydantic, the history or the routines)
        from coretimer.coaching.mornings import to_ask
        from coretimer.store.asked import asked_file

        if self.history is None or self.session is not None:
            return
        now = self.clock.wall()
        asked = asked_file(self.store.root)
        sessions = to_ask(self.history.sessions, now, asked.ids())
        if not sessions:
            return
        try:
            with self.store.write_lock():
                asked.add([s.id for s in sessions], now)
        except OSError:  # not remembered: the question may come once more, nothing is lost
            pass
        self._ask_in_turn(list(sessions))

    def _ask_in_turn(self, sessions: list[Morning]) -> None:
        # (a screen's module is read when it first opens, not before the first frame)
        from coretimer.ui.screens.next_morning import NextMorningPrompt

        first, rest = sessions[0], sessions[1:]

        def answered(_: MorningAnswer | None) -> None:
            self._morning_answered()
            if rest:
                self._ask_in_turn(rest)

        self.push_screen(NextMorningPrompt(first, left=len(rest)), answered)

    def _morning_answered(self) -> None:
        """Show the history with the answers just saved (the history screen too, if it is
        open: m there asks only about what is still unanswered)."""
        self.reload()
        self._flush_messages()
        if self._history_screen is not None and self.history is not None:
            self._history_screen.set_sessions(self.history.sessions)

    @on(messages.AskNextMorning)
    def _ask_from_history(self, message: messages.AskNextMorning) -> None:
        # (the question and its screen only when one is asked from the history)
        from coretimer.coaching.mornings import Refused, to_answer
        from coretimer.ui.screens.next_morning import NextMorningPrompt

        try:
            session = to_answer([message.session], self.clock.wall(), message.session.id)
        except Refused as exc:  # it names the routine, from the session file: plain text
            text = str(exc).removeprefix("the ")
            self.notify(clean(f"The {text}."), markup=False)
            return
        self.push_screen(NextMorningPrompt(session), lambda _: self._morning_answered())

    @on(messages.AnswerNextMorning)
    def _answer_next_morning(self, message: messages.AnswerNextMorning) -> None:
        # (after the first frame: it loads pydantic, the history or the routines)
        from coretimer.coaching.mornings import ANSWER_WORDS
        from coretimer.store.sessionfiles import AlreadyAnswered

        try:
            if message.follows and message.pain is not None:
                self.store.add_next_morning_pain(message.session_id, message.answer,
                                                 message.pain)
            else:
                self.store.set_next_morning(message.session_id, message.answer, message.pain,
                                            answered_at=self.clock.wall().isoformat())
        except AlreadyAnswered as exc:
            self.notify(f"Not saved: {exc}", severity="warning", markup=False)
            return
        except (OSError, ValueError) as exc:
            self.notify(f"Could not save the answer: {exc}", severity="warning",
                        markup=False)
            return
        said = (f"{message.pain}/10 that morning" if message.follows
                else ANSWER_WORDS[message.answer])
        self.notify(f"Saved: {said}.", markup=False)
