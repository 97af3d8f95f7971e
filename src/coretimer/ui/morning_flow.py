"""The next-morning questions, as the App asks and saves them: at most two as coretimer opens
(coretimer.coaching.mornings.to_ask), any answerable one from the history (m). Each answer
is written once (the word at once, the number beside it), and "Saved" is said only after the
write."""

from __future__ import annotations

from typing import TYPE_CHECKING

from coretimer.text.plaintext import clean
from coretimer.ui import messages
from coretimer.ui.host import Host

if TYPE_CHECKING:
    from coretimer.coaching.mornings import Morning
    from coretimer.ui.screens.next_morning import MorningAnswer


class MorningFlow:
    """Asking and saving next-morning answers. Owned by the App (`app.mornings`)."""

    def __init__(self, host: Host) -> None:
        self.host = host

    def ask_as_it_opens(self) -> None:
        """As coretimer opens: the newest unanswered sessions whose morning has come, at most
        two, each asked once on this machine (remembered in the data folder's asked.json)."""
        # (after the first frame: it loads pydantic, the history or the routines)
        from coretimer.coaching.mornings import ASK_WITHIN, to_ask
        from coretimer.store.asked import asked_file

        if self.host.history is None or self.host.under_way:
            return  # (a first load that ends after a session began: asked next time)
        now = self.host.state.clock.wall()
        asked = asked_file(self.host.state.store.root)
        # (only the last weeks are read: what is asked about ended within ASK_WITHIN)
        sessions = to_ask(self.host.history.shown(since=now - 2 * ASK_WITHIN), now,
                          asked.ids())
        if not sessions:
            return
        try:
            with self.host.state.store.write_lock():
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

        self.host.push_screen(NextMorningPrompt(first, left=len(rest)), answered)

    def _morning_answered(self) -> None:
        """Show the history with the answers just saved (the history screen too, if it is
        open: m there asks only about what is still unanswered)."""
        self.host.load()

    def ask_from_history(self, message: messages.AskNextMorning) -> None:
        # (the question and its screen only when one is asked from the history)
        from coretimer.coaching.mornings import Refused, to_answer
        from coretimer.ui.screens.next_morning import NextMorningPrompt

        try:
            session = to_answer([message.session], self.host.state.clock.wall(),
                                message.session.id)
        except Refused as exc:  # it names the routine, from the session file: plain text
            text = str(exc).removeprefix("the ")
            self.host.notify(clean(f"The {text}."), markup=False)
            return
        self.host.push_screen(NextMorningPrompt(session), lambda _: self._morning_answered())

    def answer(self, message: messages.AnswerNextMorning) -> None:
        # (after the first frame: it loads pydantic, the history or the routines)
        from coretimer.coaching.mornings import ANSWER_WORDS
        from coretimer.store.sessionfiles import AlreadyAnswered

        host, store = self.host, self.host.state.store
        try:
            if message.follows and message.pain is not None:
                store.add_next_morning_pain(message.session_id, message.answer, message.pain)
            else:
                store.set_next_morning(message.session_id, message.answer, message.pain,
                                       answered_at=host.state.clock.wall().isoformat())
        except AlreadyAnswered as exc:
            host.notify(f"Not saved: {exc}", severity="warning", markup=False)
            return
        except (OSError, ValueError) as exc:
            host.notify(f"Could not save the answer: {exc}", severity="warning", markup=False)
            return
        # Written: shown at once (the load that follows reads it from the file).
        host.history = host.state.with_answer(host.history, message.session_id,
                                              message.answer, message.pain)
        said = (f"{message.pain}/10 that morning" if message.follows
                else ANSWER_WORDS[message.answer])
        self.host.notify(f"Saved: {said}.", markup=False)
