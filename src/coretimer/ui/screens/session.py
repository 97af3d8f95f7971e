"""The guided session: phase, big clock or rep counter, cues, breathing pacer, progress.

Renders the `View` the App hands it; every key becomes a message to the App, which runs the
session.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.reactive import var
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, ProgressBar, Static

from coretimer.plan import PhaseKind
from coretimer.ui import messages
from coretimer.ui.screens.common import PAIN_BINDING, esc
from coretimer.ui.widgets.breathing import BreathPacer
from coretimer.ui.widgets.countdown import BigCountdown, clock_text, countdown_text
from coretimer.view import View

PHASE_CLASSES = {
    PhaseKind.GET_READY: "-get-ready",
    PhaseKind.WORK: "-work",
    PhaseKind.REST: "-rest",
    PhaseKind.SWITCH_SIDE: "-switch-side",
    PhaseKind.FINISHED: "-finished",
}

#: How long the phase banner flashes at a phase change.
FLASH_SECONDS = 0.3

REST_CUE = "Rest. Breathe easily and let your back settle."


class SessionScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space", "command('toggle_pause')", "Pause/resume", id="pause"),
        PAIN_BINDING,
        Binding("enter", "command('done')", "Done", id="done"),
        Binding("s", "command('skip')", "Skip", id="skip"),
        Binding("q", "command('end')", "End session", id="end"),
        Binding("question_mark", "help", "Help", id="help"),
    ]

    #: What to show, set by the App at every step of the session.
    view: var[View | None] = var(None, init=False)

    def __init__(self, title: str) -> None:
        super().__init__()
        self.title_text = title
        self._texts: dict[str, str] = {}
        self._phase_class = ""
        self._ready = False  # set once every child is mounted; the App may tick before
        self._flash_timer: Timer | None = None

    def compose(self) -> ComposeResult:
        yield Static(f"[b]{esc(self.title_text)}[/b]", id="session-title")
        yield Static("", id="phase-banner")
        with Vertical(id="session-body"):
            yield Static("", id="exercise-line")
            yield BigCountdown(id="clock")
            yield Static("", id="cue")
            yield BreathPacer(id="breath")
        # Whole percent steps: a finer bar would redraw several times a second on short routines.
        yield ProgressBar(total=100, show_eta=False, id="progress")
        yield Static("", id="next-up")
        yield Footer()

    def on_mount(self) -> None:
        # Keep references: the App's timer may tick while this screen is being torn down,
        # when queries would find nothing.
        self._statics = {w.id: w for w in self.query(Static) if w.id}
        self._clock = self.query_one(BigCountdown)
        self._breath = self.query_one(BreathPacer)
        self._bar = self.query_one(ProgressBar)
        self._ready = True
        self.render_view()

    def on_unmount(self) -> None:
        self._ready = False

    def flash(self) -> None:
        """Flash the phase banner once: a phase change seen from across the room, on a
        terminal (or browser) that makes no sound."""
        if not self._ready:
            return
        banner = self._statics["phase-banner"]
        banner.add_class("-flash")
        if self._flash_timer is not None:
            self._flash_timer.stop()
        self._flash_timer = self.set_timer(FLASH_SECONDS, self._end_flash)

    def _end_flash(self) -> None:
        self._flash_timer = None
        if self._ready:
            self._statics["phase-banner"].remove_class("-flash")

    def action_command(self, name: messages.SessionKey) -> None:
        self.post_message(messages.SessionCommand(name))

    def action_help(self) -> None:
        self.post_message(messages.Open("help"))

    def watch_view(self) -> None:
        self.render_view()

    # -- rendering --

    def _set(self, widget_id: str, text: str) -> None:
        """Update a Static only when its text changes (redraws cost CPU)."""
        if self._texts.get(widget_id) == text:
            return
        self._texts[widget_id] = text
        self._statics[widget_id].update(text)

    def render_view(self) -> None:
        view = self.view
        if not self._ready or view is None:
            return
        phase_class = PHASE_CLASSES[view.phase]
        if view.paused:
            phase_class = "-paused"
        if phase_class != self._phase_class:
            if self._phase_class:
                self.remove_class(self._phase_class)
            self.add_class(phase_class)
            self._phase_class = phase_class
        self._set("phase-banner", banner(view))
        self._set("exercise-line", exercise_line(view))
        value, caption = clock_face(view)
        self._clock.show(value, caption)
        self._set("cue", cue_text(view))
        self._breath.show(
            view.breath if not view.paused else None, view.breath_fraction)
        progress = int(view.progress * 100)
        bar = self._bar
        if bar.progress != progress:
            bar.update(progress=progress)
        self._set("next-up", f"Next: {esc(view.next_up)}" if view.next_up else "Next: the finish")


def banner(view: View) -> str:
    if view.pain_pending:
        return "PAUSED FOR PAIN"
    label = view.phase.label.upper()
    if view.paused:
        return f"PAUSED · {label} · space to resume"
    return label


def exercise_line(view: View) -> str:
    if view.exercise is None:
        return ""
    parts = [f"[b]{esc(view.exercise.name)}[/b]"]
    if view.sets > 1:
        parts.append(f"set {view.set} of {view.sets}")
    if view.side:
        parts.append(f"{view.side} side")
    parts.append(f"exercise {view.exercise_index + 1} of {view.exercise_count}")
    return " · ".join(parts)


def clock_face(view: View) -> tuple[str, str]:
    """What the big digits show, and the caption under them."""
    ex = view.exercise
    if ex is None:
        return "", ""
    if view.phase is PhaseKind.WORK:
        if view.counts_up:
            return clock_text(view.elapsed), "seconds held · press Enter when your form slips"
        if ex.kind == "reps":
            if view.reps_done is not None:
                return str(view.reps_done), f"of {view.reps_target} reps, paced for you"
            return str(view.reps_target), "reps at your own pace · press Enter when done"
        return countdown_text(view.remaining or 0.0), "hold"
    remaining = countdown_text(view.remaining or 0.0)
    if view.phase is PhaseKind.GET_READY:
        return remaining, "get ready"
    if view.phase is PhaseKind.SWITCH_SIDE:
        return remaining, f"switch to the {view.side} side"
    return remaining, "rest · Enter to skip the rest"


def cue_text(view: View) -> str:
    if view.phase is PhaseKind.REST:
        return REST_CUE
    if view.phase is PhaseKind.SWITCH_SIDE:
        return f"Change to your {view.side} side and set your brace."
    return esc(view.cue or "")
