"""A clock or counter readable from across the room: block digits that grow with the space
they get (blockfont.py), and a caption underneath."""

from __future__ import annotations

import math

from rich.text import Text
from textual.app import ComposeResult, RenderResult
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
    plain text when even the smallest block digits do not fit."""

    DEFAULT_CSS = """
    BlockDigits {
        width: 100%;
        height: 1fr;
        min-height: 1;
        content-align: center middle;
        text-style: bold;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._text = ""
        self.rows = 0
        """How many terminal rows the digits took at the last draw (0: plain text)."""

    def update(self, text: str) -> None:
        if text != self._text:
            self._text = text
            self.refresh()

    @property
    def text(self) -> str:
        return self._text

    def render(self) -> RenderResult:
        size = self.content_size
        scale = fit(self._text, size.width, size.height)
        if scale is None:
            self.rows = 0
            return Text(self._text, justify="center", no_wrap=True, overflow="ellipsis")
        lines = render(self._text, scale)
        self.rows = len(lines)
        return Text("\n".join(lines), justify="center", no_wrap=True)


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
        if (value, caption) == self._shown:
            return
        self._shown = (value, caption)
        self.query_one(BlockDigits).update(value)
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
