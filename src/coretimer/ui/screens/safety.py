"""The first-run safety notice, acknowledged once.

It fits on one screen at 60×20 and up: its paragraphs sit closer together on a short
terminal. Smaller still, it scrolls, and Enter reads on until the pain key's line has been on
screen; only then does it go on."""

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

TITLE = "Before you start"
#: The notice, a paragraph at a time.
PARAGRAPHS = (
    "coretimer is a training timer, not a medical device.",
    "[b]Stop straight away[/b] if you feel sharp pain, pain that spreads into a leg, "
    "numbness, tingling or weakness. If your back pain persists or keeps coming back, see a "
    f"clinician. {AFTER_SURGERY}",
    URGENT,
    f"{BURN_VS_PAIN} Work up to the edge of discomfort and stop before pain starts.",
)
PAIN_KEY = ("[b]Press p[/b] at any moment in a session to report pain: the clock stops at "
            "once.")
GO_ON = "[b]Press Enter to continue.[/b] This notice is shown once."


class SafetyNotice(Question[bool]):
    BINDINGS: ClassVar[list[BindingType]] = [
        # Enter goes on once the pain key's line has been on screen (shown, dimmed, until
        # then); before that it reads on, a page at a time.
        Binding("enter", "acknowledge", "I understand", id="acknowledge"),
        Binding("enter", "read_on", "Read on", show=False),
        Binding("escape", "acknowledge", "I understand", show=False),
    ]

    read = False
    """The pain key's line has been on screen (at once, unless the terminal is very small)."""

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="safety", classes="dialog") as notice:
            notice.border_title = TITLE
            for text in PARAGRAPHS:
                yield Static(text, classes="safety-part")
            yield Static(PAIN_KEY, id="safety-pain", classes="safety-part")
            yield Static(GO_ON, id="safety-go-on")
        yield Footer()

    def on_mount(self) -> None:
        notice = self.query_one("#safety", VerticalScroll)
        self.watch(notice, "scroll_y", self._look, init=False)
        self.call_after_refresh(self._look)

    def on_resize(self) -> None:
        self.call_after_refresh(self._look)

    @property
    def text(self) -> str:
        """All that the notice says, as plain text."""
        return "\n\n".join(str(part.render()) for part in self.query(Static))

    def _look(self) -> None:
        """Note when the pain key's line is wholly on screen."""
        if self.read:
            return
        notice = self.query_one("#safety", VerticalScroll)
        line = self.query_one("#safety-pain", Static).virtual_region
        seen = notice.scrollable_content_region.height
        if seen and notice.scroll_y <= line.y and line.bottom <= notice.scroll_y + seen:
            self.read = True
            self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "read_on":
            return not self.read
        if action == "acknowledge":
            return True if self.read else None
        return True

    def action_read_on(self) -> None:
        self._look()  # (a key pressed before the first look: it may all be on screen)
        if self.read:
            self.action_acknowledge()
            return
        notice = self.query_one("#safety", VerticalScroll)
        notice.scroll_page_down(animate=False)

    def action_acknowledge(self) -> None:
        self.dismiss(True)
