"""The breathing pacer: "Breathe in" with a filling bar, "Breathe out" with an emptying one.

Bracing while holding the breath is the classic mistake; this keeps the breath moving.
"""

from __future__ import annotations

from typing import Literal

from rich.text import Text
from textual.widgets import Static

BAR_WIDTH = 24
#: The bar moves in this many steps per breath in (or out): one a second at the default 4 s
#: pace, on the same beat as the clock, so a hold wakes the app once a second. Each redraw
#: costs CPU; a smoother bar is not worth a warm laptop.
STEPS = 4  # the same as rules.Pacing.breath_steps (a test keeps them equal)


def breath_bar(direction: Literal["in", "out"], fraction: float, width: int = BAR_WIDTH) -> str:
    fraction = min(1.0, max(0.0, fraction))
    step = int(fraction * STEPS) + 1 if direction == "in" else STEPS - int(fraction * STEPS)
    filled = round(min(STEPS, step) * width / STEPS)
    return "█" * filled + "░" * (width - filled)


class BreathPacer(Static):
    DEFAULT_CSS = """
    BreathPacer {
        width: 100%;
        height: 1;
        text-align: center;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", id=id)
        self._shown = ""

    def show(self, direction: Literal["in", "out"] | None, fraction: float) -> None:
        if direction is None:
            text = ""
        else:
            label = "Breathe in " if direction == "in" else "Breathe out"
            text = f"{label}  {breath_bar(direction, fraction)}"
        if text == self._shown:
            return
        self._shown = text
        self.update(Text(text), layout=False)  # one row, always: no layout pass

    @property
    def text(self) -> str:
        return self._shown
