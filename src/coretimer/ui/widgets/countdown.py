"""A large clock or counter, readable from across the room: Textual `Digits` plus a caption."""

from __future__ import annotations

import math

from textual.app import ComposeResult
from textual.widget import Widget
from textual.widgets import Digits, Label


def clock_text(seconds: float) -> str:
    """Whole seconds as m:ss."""
    total = max(0, int(seconds))
    return f"{total // 60}:{total % 60:02d}"


def countdown_text(remaining: float) -> str:
    """A countdown shows the second it is in: 30 at the start, 1 in the last second, then 0."""
    return clock_text(math.ceil(remaining - 1e-9))


class BigCountdown(Widget):
    """Big digits with a caption underneath. Only redraws when the text changes."""

    DEFAULT_CSS = """
    BigCountdown {
        height: auto;
        width: 100%;
        align-horizontal: center;
    }
    BigCountdown Digits {
        width: 100%;
        text-align: center;
        text-style: bold;
    }
    BigCountdown Label {
        width: 100%;
        text-align: center;
        color: $text-muted;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._shown: tuple[str, str] = ("", "")

    def compose(self) -> ComposeResult:
        yield Digits("")
        yield Label("")

    def show(self, value: str, caption: str) -> None:
        if (value, caption) == self._shown:
            return
        self._shown = (value, caption)
        self.query_one(Digits).update(value)
        self.query_one(Label).update(caption)

    @property
    def value(self) -> str:
        return self._shown[0]

    @property
    def caption(self) -> str:
        return self._shown[1]
