"""Help: the keys, the phases, and the pain rule in force."""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Footer, Static

from coretimer.settings import Settings
from coretimer.ui.screens.common import PAIN_BINDING, Question

#: The keys of a session and what they do (one row each; the text wraps in its column).
SESSION_KEYS = [
    ("space", "pause / resume"),
    ("p", "report pain: the clock stops at once and the report is saved. It works on every "
          "screen of a session, this one too."),
    ("Enter", "done: end a set early when your form fades (that is not pain), finish a rep set "
              "(you are asked how many reps), or cut a rest short"),
    ("s", "skip this set or phase"),
    ("q", "end the session (asks first; what you did is kept). Ctrl+C does the same."),
    ("?", "this help (the clock stops while it is open)"),
]

PHASES_AND_BRACING = """\
[b]Phases[/b]
[b]Get ready[/b] (amber): get into position. [b]Work[/b] (green): hold, or do the reps. \
[b]Rest[/b] (blue): breathe and recover. [b]Switch side[/b] (purple): change sides.
Paced reps show each step in the banner (lift, hold with a countdown, lower), with the rep \
number large. At every change the banner flashes, a tone plays (one for work, another for \
rests, ticks for 3-2-1 and rep steps) and, with a speech engine installed, a voice says what \
comes next. Sound and voice are in settings (o on the home screen).

[b]Bracing[/b]
Stiffen all the way around your middle (belly, sides and lower back together) as if \
someone were about to nudge you, then keep breathing through it. A light brace: about 15% \
of your strongest effort. Follow the breathing bar during holds. Drawing in (the navel \
toward the spine) is a different exercise: routines that use it say so.

[b]Your spine[/b]
Keep it neutral, with the small natural curve of the lower back, in planks, bridges, hinges \
and on all fours. Only the lowering drills on your back (the pelvic tilt, the dead bug, leg \
lowering) press the lower back flat with a small backward tilt of the pelvis.

[b]Done is not pain[/b]
Stop a set the moment your form fades: press Enter (Done). That ends the set early and \
counts what you did. Pain is a different key: p."""


def keys_table() -> Table:
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold", no_wrap=True)
    table.add_column(ratio=1)
    for key, what in SESSION_KEYS:
        table.add_row(key, what)
    return table


def step_up_text() -> str:
    """When a step up is suggested (the rules come from coretimer.coaching.progression)."""
    # (after the first frame: it loads pydantic, the history or the routines)
    from coretimer.coaching.progression import RULES

    lines = ["[b]When a step up is suggested[/b] (before a routine; a to use it)"]
    lines += [f"• {rule} [dim]Why: {why}.[/dim]" for rule, why in RULES]
    return "\n".join(lines)


def pain_rule_text(settings: Settings) -> str:
    """The pain rule as the settings in force make it."""
    return (
        "[b]Pain[/b] (0 = no pain · 10 = worst imaginable)\n"
        f"A rating of {settings.spike_level} or more, {settings.rise_over_baseline} or more "
        "points above how your back felt before you started, or no rating at all, stops the "
        "session. A lower rating ends that exercise only. A 0 means the key was pressed by "
        "mistake: the session goes on and nothing counts as pain.\n\n"
        "A working muscle burn is fine; back pain is the signal to stop. Stop before pain "
        "starts. Sharp or spreading pain, numbness or weakness: stop, and see a clinician if it "
        "persists.")


class HelpScreen(Question[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,question_mark,q", "close", "Close help", id="close-help"),
        PAIN_BINDING,
    ]

    def __init__(self, settings: Settings) -> None:
        super().__init__()
        self.settings = settings

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog", id="help"):
            yield Static("[b]During a session[/b]", classes="help-head")
            yield Static(keys_table(), id="help-keys")
            yield Static(f"{PHASES_AND_BRACING}\n\n{pain_rule_text(self.settings)}\n\n"
                         f"{step_up_text()}", id="help-text")
        yield Footer()

    def action_close(self) -> None:
        self.dismiss()
