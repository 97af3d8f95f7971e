"""What several screens share: the pain key as their footers list it, questions answered once,
and the one way user text (names, cues, file names, anything read from a file) reaches the
screen: as text, never as markup, with no control characters."""

from __future__ import annotations

from typing import TypeVar

from rich.text import Text
from textual.await_complete import AwaitComplete
from textual.binding import Binding
from textual.screen import ModalScreen

from coretimer.text.plaintext import clean

#: `p` on every screen that can be shown while a session runs, so that its footer lists it.
#: The App's own priority binding does the work; this one is hidden when no session runs.
PAIN_BINDING = Binding("p", "app.report_pain", "Report pain", id="pain")


def esc(text: str, *, lines: bool = False) -> str:
    """User text to put inside a markup string: control characters made visible and every
    "[" escaped, so that no part of it can open or close a tag, alone or next to the markup
    around it ("x[/" then "[/b]" must not make "[/[/b]"). A trailing backslash would escape
    the tag that follows it: a zero-width space keeps them apart. "Close [/b] tag" shows as
    itself; "Morning core [easy]" keeps its "[easy]"."""
    safe = clean(text, lines=lines).replace("[", "\\[")
    return safe + "\u200b" if safe.endswith("\\") else safe


def cell(text: str) -> Text:
    """User text for a DataTable cell (a plain string there would be parsed as markup)."""
    return Text(clean(text))


R = TypeVar("R")


async def _nothing() -> None:
    return None


class Question(ModalScreen[R]):
    """A modal question that is answered once. Two answers can arrive before the screen is
    gone (a key that repeats, two keys in one read from a terminal, a double tap on a phone):
    the second is ignored. Dismissing twice would call back twice and pop the screen below
    it too (Textual then fails on the next screen switch)."""

    _answered = False

    def dismiss(self, result: R | None = None) -> AwaitComplete:
        if self._answered:
            return AwaitComplete(_nothing())
        self._answered = True
        return super().dismiss(result)
