"""Small helpers shared by screens."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, cast

from textual.binding import Binding
from textual.widget import Widget

from coretimer.present import plural

if TYPE_CHECKING:
    from coretimer.ui.app import CoretimerApp


#: `p` on every screen that can be shown while a session runs, so that its footer lists it.
#: The App's own priority binding does the work; this one is hidden when no session runs.
PAIN_BINDING = Binding("p", "app.report_pain", "Report pain", id="pain")


def coretimer_app(node: Widget) -> CoretimerApp:
    return cast("CoretimerApp", node.app)


def when(moment: datetime | None, today: date) -> str:
    """'today', 'yesterday', '3 days ago', 'Mon 2 Nov' (local time)."""
    if moment is None:
        return "—"
    day = moment.astimezone().date()
    delta = (today - day).days
    if delta == 0:
        return "today"
    if delta == 1:
        return "yesterday"
    if 1 < delta < 7:
        return f"{delta} days ago"
    return f"{day:%a} {day.day} {day:%b}"


def seconds_text(value: float) -> str:
    return f"{value:.0f} s" if value < 100 else f"{int(value) // 60}:{int(value) % 60:02d} min"


def amount(value: float | None, kind: str) -> str:
    """A target or an amount done: '30 s', '1 rep', '8 reps'; None is a max hold's target."""
    if value is None:
        return "max"
    return seconds_text(value) if kind == "hold" else plural(value, "rep")


STATUS_TEXT = {
    "completed": "completed",
    "stopped_for_pain": "stopped for pain",
    "ended_early": "ended early",
    "interrupted": "interrupted",
}
