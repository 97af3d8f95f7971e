"""The command palette's own commands (Ctrl+P, anywhere but in a session): start any routine,
export the history, write the clinician report, open settings, change the theme. Each posts
a message; the App carries it out, as it does for the screens."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.message import Message
from textual.style import Style

from coretimer.text.plaintext import clean
from coretimer.ui import messages
from coretimer.ui.themes import THEMES, theme_label

if TYPE_CHECKING:
    from coretimer.routine.files import Catalogue


@runtime_checkable
class Offers(Protocol):
    """What the palette needs to know of the App."""

    @property
    def running(self) -> bool:
        """A session runs: no palette then."""
        ...

    def routines(self) -> Catalogue | None:
        """The routines in full."""
        ...


class CoretimerCommands(Provider):
    def commands(self) -> list[tuple[str, str, Message]]:
        """(name, help, the message it posts), in the order the palette lists them; none
        while a session runs."""
        app = self.app
        if not isinstance(app, Offers) or app.running:
            return []
        catalogue = app.routines()
        routines = catalogue.offered if catalogue is not None else []
        found: list[tuple[str, str, Message]] = [
            (f"Start: {clean(loaded.name)}", f"Preview {loaded.id} and check in",
             messages.OpenPreview(loaded)) for loaded in routines]
        found += [
            ("Export history", "Write every session to a CSV file in your home folder",
             messages.ExportHistory()),
            ("Write a clinician report", "The last 12 weeks on one printable HTML page, in "
             "your home folder", messages.WriteReport()),
            ("Settings", "Sound, voice, theme, weekly target", messages.Open("settings")),
        ]
        found += [(f"Theme: {theme_label(name)}", "Change the colours (kept in settings)",
                   messages.ChangeSettings(theme=name)) for name in THEMES]
        return found

    def _post(self, message: Message) -> None:
        self.app.post_message(message)

    async def discover(self) -> Hits:
        for name, help_text, message in self.commands():
            # Content, not a str: a str would be read as markup ("[b]" in a routine's name)
            yield DiscoveryHit(Content(name), lambda m=message: self._post(m), help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help_text, message in self.commands():
            score, offsets = matcher.fuzzy_search.match(matcher.query, name)
            if score > 0:
                yield Hit(score, highlight(name, offsets, matcher.match_style),
                          lambda m=message: self._post(m), help=help_text)


def highlight(name: str, offsets: Iterable[int], style: Style) -> Content:
    """`name` with the letters a search matched in `style`, as plain text (Textual's own
    `Matcher.highlight` reads its text as markup: "[b]" in a routine's name would vanish)."""
    content = Content(name)
    for offset in offsets:
        if not name[offset].isspace():
            content = content.stylize(style, offset, offset + 1)
    return content
