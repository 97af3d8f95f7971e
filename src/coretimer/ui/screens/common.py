"""What several screens share: the pain key as their footers list it, and the one way user
text (names, cues, file names, anything read from a file) reaches the screen: as text, never
as markup, with no control characters."""

from __future__ import annotations

from rich.text import Text
from textual.binding import Binding

from coretimer.plaintext import clean

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
