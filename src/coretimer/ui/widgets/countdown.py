"""A clock or counter readable from across the room: block digits that grow with the space
they get (blockfont.py), and a caption underneath."""

from __future__ import annotations

import math

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import Label

from coretimer.ui.widgets.blockfont import fit, render


def clock_text(seconds: float) -> str:
    """Whole seconds as the big clock shows them: "45" under a minute, "1:05" from one."""
    total = max(0, int(seconds))
    if total < 60:
        return str(total)
    return f"{total // 60}:{total % 60:02d}"


def countdown_text(remaining: float) -> str:
    """A countdown shows the second it is in: 30 at the start, 1 in the last second, then 0."""
    return clock_text(math.ceil(remaining - 1e-9))


class BlockDigits(Widget):
    """Digits in a block font, as large as the widget's size allows, centred. Falls back to
    plain text when even the smallest block digits do not fit.

    Drawn line by line (Textual's line API) from lines cached per text and size: a clock that
    changes once a second should cost next to nothing to redraw."""

    DEFAULT_CSS = """
    BlockDigits {
        width: 100%;
        height: 1fr;
        min-height: 1;
        text-style: bold;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._text = ""
        self._cache: tuple[tuple[str, int, int], list[str]] | None = None
        self._style: Style | None = None
        self.rows = 0
        """How many terminal rows the digits take at the current size (0: plain text)."""

    def update(self, text: str) -> None:
        if text != self._text:
            self._text = text
            self.refresh()

    @property
    def text(self) -> str:
        return self._text

    def lines(self) -> list[str]:
        """The rows to draw, each centred and as wide as the widget."""
        width, height = self.size.width, self.size.height
        key = (self._text, width, height)
        if self._cache is not None and self._cache[0] == key:
            return self._cache[1]
        scale = fit(self._text, width, height)
        if scale is None:
            drawn = [self._text[:width]]
            self.rows = 0
        else:
            drawn = render(self._text, scale)
            self.rows = len(drawn)
        top = max(0, (height - len(drawn)) // 2)
        lines = [" " * width] * height
        for i, line in enumerate(drawn[:height]):
            left = max(0, (width - len(line)) // 2)
            lines[top + i] = (" " * left + line).ljust(width)[:width]
        self._cache = (key, lines)
        return lines

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._style = None  # a new phase colour

    def render_line(self, y: int) -> Strip:
        lines = self.lines()
        text = lines[y] if 0 <= y < len(lines) else " " * self.size.width
        if self._style is None:
            self._style = self.rich_style
        return Strip([Segment(text, self._style)], self.size.width)


class BigCountdown(Widget):
    """Block digits with a caption underneath. Only redraws when the text changes."""

    DEFAULT_CSS = """
    BigCountdown {
        height: 1fr;
        width: 100%;
    }
    BigCountdown Label {
        width: 100%;
        height: 1;
        text-align: center;
        color: $text-muted;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._shown: tuple[str, str] = ("", "")

    def compose(self) -> ComposeResult:
        yield BlockDigits()
        yield Label("")

    def show(self, value: str, caption: str) -> None:
        """Redraw what changed: during a hold, the digits once a second and not the
        caption."""
        shown_value, shown_caption = self._shown
        self._shown = (value, caption)
        if value != shown_value:
            self.query_one(BlockDigits).update(value)
        if caption != shown_caption:
            self.query_one(Label).update(Text(caption), layout=False)  # one row, always

    @property
    def value(self) -> str:
        return self._shown[0]

    @property
    def caption(self) -> str:
        return self._shown[1]

    @property
    def digits(self) -> BlockDigits:
        return self.query_one(BlockDigits)

    @property
    def rows(self) -> int:
        return self.digits.rows
