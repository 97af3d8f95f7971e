"""A clock or counter readable from across the room: block digits that grow with the space
they get (blockfont.py), optionally smaller lines beside them (the rep during a counted
hold), and a caption underneath."""

from __future__ import annotations

import math

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import Label

from coretimer.ui.widgets.blockfont import fit, fit_beside, render, render_beside


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
    """Digits in a block font, as large as the widget's size allows, centred, with an
    optional stack of smaller lines (the aside) to their right. Without room for the aside, the
    digits alone; falls back to plain text when even the smallest block digits do not fit.

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
        self._aside: tuple[str, ...] = ()
        self._cache: tuple[tuple[str, tuple[str, ...], int, int], list[str]] | None = None
        self._style: Style | None = None
        self.rows = 0
        """How many terminal rows the digits take at the current size (0: plain text)."""
        self.aside_rows = 0
        """How many rows the aside takes (0: not drawn)."""

    def update(self, text: str, aside: tuple[str, ...] = ()) -> None:
        if text != self._text or aside != self._aside:
            self._text = text
            self._aside = aside
            self.refresh()

    @property
    def text(self) -> str:
        return self._text

    @property
    def aside(self) -> tuple[str, ...]:
        return self._aside

    def lines(self) -> list[str]:
        """The rows to draw, each centred and as wide as the widget."""
        width, height = self.size.width, self.size.height
        key = (self._text, self._aside, width, height)
        if self._cache is not None and self._cache[0] == key:
            return self._cache[1]
        pair = fit_beside(self._text, self._aside, width, height) if self._aside else None
        scale = fit(self._text, width, height) if pair is None else pair[0]
        self.aside_rows = 0
        if pair is not None:
            drawn = render_beside(self._text, pair[0], self._aside, pair[1])
            self.rows = pair[0].height()
            self.aside_rows = pair[1].height()
        elif scale is None:
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
    """Block digits (and the aside beside them) with a caption underneath. Only redraws what
    changed. The caption takes one row, or two when it is too long for one."""

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
        self._shown: tuple[str, str, tuple[str, ...]] = ("", "", ())
        self._caption_rows = 1

    def compose(self) -> ComposeResult:
        yield BlockDigits()
        yield Label("")

    def show(self, value: str, caption: str, aside: tuple[str, ...] = ()) -> None:
        """Redraw what changed: during a hold, the digits once a second and not the
        caption."""
        shown_value, shown_caption, shown_aside = self._shown
        self._shown = (value, caption, aside)
        if value != shown_value or aside != shown_aside:
            self.query_one(BlockDigits).update(value, aside)
        if caption != shown_caption:
            self._fit_caption()
            self.query_one(Label).update(Text(caption), layout=False)

    def _fit_caption(self) -> None:
        """Give the caption the rows it needs at this width: one, or two for a long one (a
        new height is a layout pass: only when it changes, never once a second)."""
        width = self.size.width
        rows = 2 if width and cell_len(self.caption) > width else 1
        if rows != self._caption_rows:
            self._caption_rows = rows
            self.query_one(Label).styles.height = rows

    def on_resize(self) -> None:
        self._fit_caption()

    @property
    def value(self) -> str:
        return self._shown[0]

    @property
    def caption(self) -> str:
        return self._shown[1]

    @property
    def aside(self) -> tuple[str, ...]:
        """The smaller lines beside the digits (("REP", "3/6"): rep 3 of 6), or ()."""
        return self._shown[2]

    @property
    def digits(self) -> BlockDigits:
        return self.query_one(BlockDigits)

    @property
    def rows(self) -> int:
        return self.digits.rows
