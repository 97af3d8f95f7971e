"""The guided session: phase, big clock or rep counter, cues, breathing pacer, progress.

Renders the `View` the App hands it; every key becomes a message to the App, which runs the
session.
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass, replace
from typing import ClassVar

from rich.cells import cell_len
from rich.console import Console
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid, Horizontal, Vertical
from textual.reactive import var
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Button, Footer, ProgressBar, Static

from coretimer.model.figure import Figure, step_poses
from coretimer.routine.plan import PhaseKind
from coretimer.routine.poses import figure_of
from coretimer.session.cues import dose
from coretimer.session.view import View
from coretimer.text.figure_art import braille, rows_for
from coretimer.text.plaintext import clean
from coretimer.ui import messages
from coretimer.ui.screens.common import PAIN_BINDING, esc
from coretimer.ui.widgets.blockfont import fit, fit_beside, render, render_beside
from coretimer.ui.widgets.breathing import BreathPacer
from coretimer.ui.widgets.countdown import BigCountdown, clock_text, countdown_text
from coretimer.ui.widgets.figure import FigureView
from coretimer.ui.widgets.touch import touch_button

PHASE_CLASSES = {
    PhaseKind.GET_READY: "-get-ready",
    PhaseKind.WORK: "-work",
    PhaseKind.REST: "-rest",
    PhaseKind.SWITCH_SIDE: "-switch-side",
    PhaseKind.FINISHED: "-finished",
}

MIN_CUE_ROWS = 2
MAX_CUE_ROWS = 5
_MEASURE = Console(width=1000, file=io.StringIO(), color_system=None)

#: How long the phase banner flashes at a phase change.
FLASH_SECONDS = 0.3

#: The session's touch buttons besides Pain: (what it does, its label).
TOUCH_BUTTONS = [("toggle_pause", "Pause"), ("done", "Done"), ("skip", "Skip"), ("end", "End"),
                 ("help", "Help")]

#: What space and the pause button do, as they say it: running, then paused.
PAUSE_WORDS = ("Pause", "Resume")

#: Under this many rows, big touch buttons take the routine's name and two rows of the banner.
TIGHT_ROWS = 30


def big_touch(width: int, height: int) -> bool:
    """Whether the session's buttons are 3 rows high (big enough for a finger) at this size:
    everywhere but on a short terminal (under 24 rows) narrower than a phone on its side (94
    columns), where the clock would lose the rows it needs (60×20)."""
    return height >= 24 or width >= 90


REST_CUE = "Rest. Breathe easily and let your back settle."

#: The phases that show the exercise's figure (not a rest: the body should not be in a pose).
FIGURE_PHASES = (PhaseKind.GET_READY, PhaseKind.WORK, PhaseKind.SWITCH_SIDE)
#: The figure beside the clock: never narrower than this (a smaller one reads as dots)...
MIN_FIGURE_WIDTH = 14
#: ...nor wider than this, nor than this share of the row.
MAX_FIGURE_WIDTH = 48
MAX_FIGURE_SHARE = 0.4
#: Columns kept between the digits and the figure.
FIGURE_GAP = 2


def widest(value: str) -> str:
    """The widest text a clock showing `value` may show in the same phase: every digit an 8,
    at least two of them (so the figure beside it does not move as the seconds go by)."""
    out = "".join("8" if c.isdigit() else c for c in value)
    return out if sum(c.isdigit() for c in out) >= 2 else "8" + out if out else "88"


def _layout(text: str, aside: tuple[str, ...], width: int, rows: int) -> object:
    """How the digits are drawn in `width` × `rows` cells: as `BlockDigits.lines` chooses."""
    pair = fit_beside(text, aside, width, rows) if aside else None
    return pair if pair is not None else fit(text, width, rows)


def figure_width(row_width: int, digits_rows: int, value: str, caption: str,
                 aside: tuple[str, ...]) -> int:
    """How wide the figure beside the clock may be (0: none): only what the digits leave at
    the size they have without it (the clock never shrinks for the figure, nor loses the rep
    count beside it: checked for the value shown and for the widest the phase may show), and
    never so much that the caption has to wrap."""
    text = widest(value)
    wide_aside = tuple(widest(a) if any(c.isdigit() for c in a) else a for a in aside)
    pair = fit_beside(text, wide_aside, row_width, digits_rows) if aside else None
    if pair is not None:
        need = max(map(len, render_beside(text, pair[0], wide_aside, pair[1])), default=0)
    else:
        scale = fit(text, row_width, digits_rows)
        need = len(text) if scale is None else max(map(len, render(text, scale)), default=0)
    width = min(row_width - need - 2 * FIGURE_GAP, MAX_FIGURE_WIDTH,
                int(row_width * MAX_FIGURE_SHARE))
    if cell_len(caption) <= row_width:  # a caption on one row stays on one row
        width = min(width, row_width - cell_len(caption) - 2 * FIGURE_GAP)
    shapes = [(value, aside), (text, wide_aside)]
    alone = [_layout(t, a, row_width, digits_rows) for t, a in shapes]
    while width >= MIN_FIGURE_WIDTH and [
            _layout(t, a, row_width - width - 2 * FIGURE_GAP, digits_rows)
            for t, a in shapes] != alone:
        width -= 1
    return width if width >= MIN_FIGURE_WIDTH else 0


@dataclass(frozen=True)
class SessionNotice:
    """A notice shown on the session screen in a line of its own, never over the clock or the
    pain key (a toast would cover the clock's corner): plain text, shown for `seconds`."""

    text: str
    severity: str = "information"
    seconds: float = 6.0


class SessionScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space", "command('toggle_pause')", "Pause", id="pause"),
        PAIN_BINDING,
        Binding("enter", "command('done')", "Done", id="done"),
        Binding("s", "command('skip')", "Skip", id="skip"),
        Binding("q", "command('end')", "End", id="end"),
        Binding("question_mark", "help", "Help", id="help"),
    ]

    #: What to show, set by the App at every step of the session.
    view: var[View | None] = var(None, init=False)
    #: A notice for the person (set by the App instead of a toast); None: no line at all.
    notice: var[SessionNotice | None] = var(None, init=False)

    def __init__(self, title: str, *, flash_seconds: float = FLASH_SECONDS) -> None:
        super().__init__()
        self.title_text = title
        self.flash_seconds = flash_seconds
        self._texts: dict[str, str] = {}
        self._phase_class = ""
        self._ready = False  # set once every child is mounted; the App may tick before
        self._flash_timer: Timer | None = None
        self._notice_timer: Timer | None = None
        self._cue_key: tuple[object, ...] | None = None
        self._figure_key: tuple[object, ...] | None = None
        self._pause_word = PAUSE_WORDS[0]

    def compose(self) -> ComposeResult:
        yield Static(f"[b]{esc(self.title_text)}[/b]", id="session-title")
        yield Static("", id="phase-banner")
        yield Static("", id="session-notice")
        with Vertical(id="session-body"):
            yield Static("", id="exercise-line")
            with Horizontal(id="clock-row"):
                yield BigCountdown(id="clock")
                yield FigureView(braille, id="figure")
            yield Static("", id="cue")
            yield BreathPacer(id="breath")
        # Touch and mouse: each button does exactly what its key does (a phone on the mat has
        # no keyboard). Pain is the largest, and red.
        with Grid(id="touch"):
            yield touch_button("Pain  p", "touch-pain", variant="error")
            for key, label in TOUCH_BUTTONS:
                yield touch_button(label, f"touch-{key}")
        # Whole percent steps: a finer bar would redraw several times a second on short routines.
        yield ProgressBar(total=100, show_eta=False, id="progress")
        yield Static("", id="next-up")
        yield Footer()

    def on_mount(self) -> None:
        # Keep references: the App's timer may tick while this screen is being torn down,
        # when queries would find nothing.
        self._statics = {w.id: w for w in self.query(Static) if w.id}
        self._clock = self.query_one(BigCountdown)
        self._figure = self.query_one(FigureView)
        self._breath = self.query_one(BreathPacer)
        self._bar = self.query_one(ProgressBar)
        self._pause_button = self.query_one("#touch-toggle_pause", Button)
        self._ready = True
        # The button sizes from the first frame: Pain must not move under a finger once drawn.
        self._fit_buttons(*self.app.size)
        self.render_view()

    def on_unmount(self) -> None:
        self._ready = False

    def watch_notice(self, notice: SessionNotice | None) -> None:
        if not self._ready:
            self.call_after_refresh(self.watch_notice, self.notice)
            return
        line = self._statics["session-notice"]
        if self._notice_timer is not None:
            self._notice_timer.stop()
            self._notice_timer = None
        line.display = notice is not None
        for severity in ("information", "warning", "error"):
            line.set_class(notice is not None and notice.severity == severity, f"-{severity}")
        if notice is None:
            return
        line.update(Text(clean(notice.text)))
        self._notice_timer = self.set_timer(notice.seconds, self._notice_done)

    def _notice_done(self) -> None:
        self._notice_timer = None
        self.notice = None

    def _show_pause_word(self, paused: bool) -> None:
        """The pause button and the footer say what space does now: "Resume" while paused."""
        word = PAUSE_WORDS[paused]
        if word == self._pause_word:
            return
        self._pause_word = word
        self._pause_button.label = word
        # The footer's words for the binding (whatever key a keymap gave it): the binding
        # with its new description, in its place.
        keys = self._bindings.key_to_bindings
        for key, bindings in keys.items():
            keys[key] = [replace(b, description=word) if b.id == "pause" else b
                         for b in bindings]
        self.refresh_bindings()

    def _fit_buttons(self, width: int, height: int) -> None:
        big = big_touch(width, height)
        self.set_class(big, "-big-touch")
        self.set_class(big and height < TIGHT_ROWS, "-tight")

    def on_resize(self, event: events.Resize) -> None:
        self._fit_buttons(*event.size)
        self._cue_key = None  # the App's breakpoints set -short under 24 rows
        self._figure_key = None
        for wrapped in ("exercise-line", "next-up"):  # their rows are fitted again
            self._texts.pop(wrapped, None)
        self.render_view()

    def _fit_cue(self, view: View) -> None:
        """Give the cue as many rows as the exercise's longest cue needs at this width, so
        every cue is shown whole and the clock does not change size from cue to cue."""
        cue = self._statics["cue"]
        width = cue.content_size.width or max(1, self.size.width - 8)
        key = (view.exercise.key if view.exercise else None, view.phase, width)
        if key == self._cue_key:
            return
        self._cue_key = key
        texts = [cue_text(view)]
        if view.exercise is not None and view.phase is PhaseKind.WORK:
            texts += view.exercise.every_cue
        elif view.exercise is not None and view.phase is PhaseKind.GET_READY:
            texts += [view.exercise.setup_cue or ""]
        cue.styles.height = max(MIN_CUE_ROWS, cue_rows(texts, width))

    def _show_figure(self, view: View, value: str, caption: str,
                     aside: tuple[str, ...]) -> None:
        """The exercise's figure beside the clock, in the space the digits leave (sized again
        only when the exercise, the phase, the clock's shape or the size changes), in the
        pose of the moment: the start pose, or the frame of a paced rep's step."""
        figure = (figure_of(view.exercise) if view.exercise is not None
                  and view.phase in FIGURE_PHASES else None)
        digits = self._clock.digits
        key = (id(figure), widest(value), tuple(map(len, aside)), caption,
               self.size, digits.size.height)
        if key != self._figure_key:
            self._figure_key = key
            self._fit_figure(figure, value, caption, aside)
        if not self._figure.display:
            figure = None
        if figure is None:
            self._figure.show(None)
            return
        step = view.rep_step if view.phase is PhaseKind.WORK else None
        self._figure.show(figure, step_poses(figure, step), view.rep_step_frame or 0.0)

    def _fit_figure(self, figure: Figure | None, value: str, caption: str,
                    aside: tuple[str, ...]) -> None:
        row = self.query_one("#clock-row")
        rows = self._clock.digits.size.height
        width = (figure_width(row.size.width, rows, value, caption, aside)
                 if figure is not None and rows else 0)
        if figure is not None and not rows:  # before the first layout: once it is done
            self.call_after_refresh(self._refit_figure)
        self._figure.display = width > 0
        if width and figure is not None:
            self._figure.styles.width = width
            self._figure.styles.height = min(rows_for(figure, width), row.size.height)

    def _refit_figure(self) -> None:
        self._figure_key = None
        self.render_view()

    def flash(self) -> None:
        """Flash the phase banner once: a phase change seen from across the room, on a
        terminal (or browser) that makes no sound."""
        if not self._ready or self.flash_seconds <= 0:
            return
        banner = self._statics["phase-banner"]
        banner.add_class("-flash")
        if self._flash_timer is not None:
            self._flash_timer.stop()
        self._flash_timer = self.set_timer(self.flash_seconds, self._end_flash)

    def _end_flash(self) -> None:
        self._flash_timer = None
        if self._ready:
            self._statics["phase-banner"].remove_class("-flash")

    def action_command(self, name: messages.SessionKey) -> None:
        self.post_message(messages.SessionCommand(name))

    def action_help(self) -> None:
        self.post_message(messages.Open("help"))

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        name = (event.button.id or "").removeprefix("touch-")
        if name == "pain":
            await self.run_action("app.report_pain")  # the same action as the p key
        elif name == "help":
            self.action_help()
        elif name in ("toggle_pause", "done", "skip", "end"):
            self.action_command(name)  # type: ignore[arg-type]

    def watch_view(self) -> None:
        self.render_view()

    # -- rendering --

    def _set(self, widget_id: str, text: str) -> None:
        """Update a Static only when its text changes (redraws cost CPU)."""
        if self._texts.get(widget_id) == text:
            return
        self._texts[widget_id] = text
        # Every session line has a fixed size: redraw it without a layout pass (CPU).
        self._statics[widget_id].update(text, layout=False)

    def _set_wrapped(self, widget_id: str, text: str) -> None:
        """Like _set, for a line that wraps onto a second row when the screen is narrow (the
        exercise line on a phone): its height changes only with the text or the width."""
        if self._texts.get(widget_id) == text:
            return
        widget = self._statics[widget_id]
        width = widget.content_size.width or max(1, self.size.width)
        rows = min(2, cue_rows([Text.from_markup(text).plain], width))
        if widget.styles.height is None or widget.styles.height.value != rows:
            widget.styles.height = rows
        self._texts[widget_id] = text
        widget.update(text, layout=False)

    def render_view(self) -> None:
        view = self.view
        if not self._ready or view is None:
            return
        phase_class = PHASE_CLASSES[view.phase]
        if view.paused:
            phase_class = "-paused"
        if phase_class != self._phase_class:
            # On the two widgets the phase colours, not on the screen (a restyle of every
            # widget costs tens of milliseconds at a boundary).
            for widget in (self._statics["phase-banner"], self._clock.digits):
                if self._phase_class:
                    widget.remove_class(self._phase_class)
                widget.add_class(phase_class)
            self._phase_class = phase_class
        self._show_pause_word(view.paused)
        self._set("phase-banner", banner(view))
        self._set_wrapped("exercise-line", exercise_line(view))
        value, caption, aside = clock_face(view)
        self._clock.show(value, caption, aside)
        self._show_figure(view, value, caption, aside)
        self._fit_cue(view)
        self._set("cue", cue_text(view))
        self._breath.show(
            view.breath if not view.paused else None, view.breath_fraction)
        progress = int(view.progress * 100)
        bar = self._bar
        if bar.progress != progress:
            bar.update(progress=progress)
        if view.phase is PhaseKind.GET_READY:  # what comes next is this exercise: say how to end it
            self._set_wrapped("next-up", FORM_FADES)
        else:
            self._set_wrapped("next-up", f"Next: {esc(view.next_up)}" if view.next_up else
                              "Next: the finish")


def cue_rows(texts: list[str], width: int) -> int:
    """Rows the longest of `texts` takes wrapped at `width` (1 to MAX_CUE_ROWS)."""
    rows = 1
    for text in texts:
        lines = Text(text).wrap(_MEASURE, max(1, width))
        rows = max(rows, len(lines))
    return min(rows, MAX_CUE_ROWS)


def banner(view: View) -> str:
    if view.pain_pending:
        return "PAUSED FOR PAIN"
    label = view.phase.label.upper()
    if view.paused:
        return f"PAUSED · {label} · space to resume"
    if view.rep_word is not None:  # paced reps: the step under way, a hold counted down
        word = esc(view.rep_word.upper())
        if view.hold_countdown is not None:  # the big digits count this hold
            return word
        if view.rep_step == "hold" and view.rep_step_left is not None:
            return f"{word} · {math.ceil(view.rep_step_left - 1e-9)}"
        return word
    return label


def exercise_line(view: View) -> str:
    if view.exercise is None:
        return ""
    parts = [f"[b]{esc(view.exercise.title)}[/b]"]
    if view.sets > 1:
        parts.append(f"set {view.set} of {view.sets}")
    if view.side:
        parts.append(f"{view.side} side")
    parts.append(f"exercise {view.exercise_index + 1} of {view.exercise_count}")
    return " · ".join(parts)


def clock_face(view: View) -> tuple[str, str, tuple[str, ...]]:
    """What the big digits show, the caption under them, and the smaller lines beside them
    (none but during a counted hold)."""
    ex = view.exercise
    if ex is None:
        return "", "", ()
    if view.phase is PhaseKind.WORK:
        if view.counts_up:
            return clock_text(view.elapsed), "seconds held · press Enter when your form slips", ()
        if ex.kind == "reps":
            if view.rep_number is not None:
                rep = f"rep {view.rep_number} of {view.reps_target}"
                if view.hold_countdown is not None:  # a long hold: its seconds, the rep beside
                    return (str(view.hold_countdown), f"{rep} · seconds left in the hold",
                            ("REP", f"{view.rep_number}/{view.reps_target}"))
                return str(view.rep_number), rep, ()
            return str(view.reps_target), "reps at your own pace · press Enter when done", ()
        return countdown_text(view.remaining or 0.0), "seconds left in the hold", ()
    remaining = countdown_text(view.remaining or 0.0)
    if view.phase is PhaseKind.GET_READY:
        # What is coming, in the words the voice says it ("6 reps of 10-second holds, then
        # 4, then 2"); the banner and its colour say the digits are the time to get ready.
        return remaining, dose(view.spec.introduced) if view.spec else "", ()
    if view.phase is PhaseKind.SWITCH_SIDE:
        return remaining, f"seconds to switch to the {view.side} side", ()
    return remaining, "seconds of rest · Enter to skip the rest", ()


#: Said at every setup: ending a set early is Done, not pain.
FORM_FADES = "Stop the set when your form fades: Enter ends it. That is not pain."


def cue_text(view: View) -> str:
    if view.phase is PhaseKind.REST:
        return REST_CUE
    if view.phase is PhaseKind.SWITCH_SIDE:
        return f"Change to your {view.side} side and set your brace."
    return esc(view.cue or "")
