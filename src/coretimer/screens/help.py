"""Help: the keys, the phases, and the pain rule."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

HELP = """\
[b]During a session[/b]
  space   pause / resume
  p       report pain: the clock stops at once and the report is saved
  Enter   done: end a hold early, finish a rep set, or cut a rest short
  s       skip this set or phase
  q       end the session (asks first; what you did is kept). Ctrl+C does the same.
  ?       this help

[b]Phases[/b]
  [b]Get ready[/b] (amber): get into position.   [b]Work[/b] (green): hold or do the reps.
  [b]Rest[/b] (blue): breathe and recover.       [b]Switch side[/b] (purple): change sides.
  A bell rings at each phase change and counts 3-2-1 before the end of work.

[b]Bracing[/b]
  Tighten belly, sides and lower back as if a corset were closing, then keep breathing.
  Follow the breathing bar during holds. Keep the lower back flat.

[b]Pain[/b]
  A rating of 5 or more, 2 or more points above how your back felt before you started,
  or no rating at all, stops the session. A lower rating ends that exercise only.
  Stop before pain starts. Sharp or spreading pain, numbness or weakness: stop, and see a
  clinician if it persists.

[dim]Esc closes this help.[/dim]"""


class HelpScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,question_mark,q", "close", "Close", id="close-help"),
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog", id="help"):
            yield Static(HELP)

    def action_close(self) -> None:
        self.dismiss()
