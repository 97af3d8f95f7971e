"""A served coretimer in a browser page, read the way the page draws it: the bytes the page
receives over its websocket go to a terminal emulator (pyte), which says where each label is
and with what background, so a test can find a control, tap its middle and measure its box."""

from __future__ import annotations

import json
import re
import shutil
import time
from typing import Any

import pytest

try:
    import pyte
    from playwright.sync_api import sync_playwright
except ImportError:  # pragma: no cover - the test extra installs both
    pyte = None
    sync_playwright = None

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
#: The browser tests' marks: skipped, with the reason, where chromium or Playwright is missing.
NEEDS_A_BROWSER = [
    pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (apt install "
                       "chromium; .ci/run does it as root on Debian)"),
    pytest.mark.skipif(sync_playwright is None or pyte is None,
                       reason="playwright or pyte is not installed"),
]
TOKEN = "browser-test-token-0123"


class Page:
    """A served coretimer in a browser page, and the screen it shows (read with pyte)."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self.screen: Any = None
        self.stream: Any = None
        self.pending: list[bytes] = []
        page.on("websocket", self._websocket)

    def _websocket(self, ws: Any) -> None:
        ws.on("framesent", self._sent)
        ws.on("framereceived", self._received)

    def _sent(self, payload: str | bytes) -> None:
        if isinstance(payload, str) and payload.startswith('["resize"'):
            size = json.loads(payload)[1]
            self.screen = pyte.Screen(size["width"], size["height"])
            self.stream = pyte.ByteStream(self.screen)
            for data in self.pending:
                self.stream.feed(data)

    def _received(self, payload: str | bytes) -> None:
        self.last_frame = time.monotonic()
        if isinstance(payload, bytes):
            if self.stream is None:
                self.pending.append(payload)
            else:
                self.stream.feed(payload)

    def settle(self, quiet: float = 0.25, timeout: float = 10.0) -> None:
        """Until the page has received nothing for `quiet` seconds: a whole frame is drawn
        (a screen arrives in pieces; a session's clock redraws every second)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if time.monotonic() - getattr(self, "last_frame", 0.0) >= quiet:
                return
            self.page.wait_for_timeout(20)

    def text(self) -> str:
        return "\n".join(self.screen.display) if self.screen is not None else ""

    def wait_for(self, text: str, timeout: float = 20.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if text in self.text():
                return
            self.page.wait_for_timeout(50)
        raise AssertionError(f"{text!r} never appeared:\n{self.text()}")

    def cell_box(self) -> tuple[float, float, float, float]:
        """Where the terminal is drawn (x, y) and one cell's size (width, height), CSS px."""
        box = self.page.locator(".xterm-screen").bounding_box()
        return (box["x"], box["y"], box["width"] / self.screen.columns,
                box["height"] / self.screen.lines)

    def tap_cell(self, row: int, col: int) -> None:
        """A tap on a touch screen (a click where the page has no touch), mid-cell."""
        x0, y0, cell_w, cell_h = self.cell_box()
        x, y = x0 + (col + 0.5) * cell_w, y0 + (row + 0.5) * cell_h
        if self.page.context.browser and self.touch:
            self.page.touchscreen.tap(x, y)
        else:
            self.page.mouse.click(x, y)

    @property
    def touch(self) -> bool:
        return bool(self.page.evaluate("navigator.maxTouchPoints > 0"))

    def find(self, label: str) -> tuple[int, int]:
        """(row, column) of the first place `label` is drawn."""
        for row, line in enumerate(self.screen.display):
            col = line.find(label)
            if col >= 0:
                return row, col
        raise AssertionError(f"{label!r} is not on screen:\n{self.text()}")

    def _block(self, row: int, col: int, length: int) -> tuple[int, int, int, int]:
        """The block of cells around cells (row, col..col+length) that share their
        background: (top, left, rows, cols)."""
        buffer = self.screen.buffer
        bg = buffer[row][col + length // 2].bg

        def same(r: int, c: int) -> bool:
            return (0 <= r < self.screen.lines and 0 <= c < self.screen.columns
                    and buffer[r][c].bg == bg)

        left, right = col, col + length - 1
        while same(row, left - 1):
            left -= 1
        while same(row, right + 1):
            right += 1
        top = bottom = row
        while all(same(top - 1, c) for c in range(left, right + 1)):
            top -= 1
        while all(same(bottom + 1, c) for c in range(left, right + 1)):
            bottom += 1
        return top, left, bottom - top + 1, right - left + 1

    def control(self, label: str) -> tuple[int, int, int, int] | None:
        """The control showing `label` and nothing else, as drawn: a block of cells of one
        background colour, (top, left, rows, cols); None when no such block is on screen."""
        edge = r"[\s│▊▎▌▐▔▁]"
        pattern = re.compile(rf"(?:(?<={edge})|^){re.escape(label)}(?={edge}|$)")
        wanted = " ".join(label.split())
        for row, line in enumerate(self.screen.display):
            for match in pattern.finditer(line):
                top, left, rows, cols = self._block(row, match.start(), len(label))
                words = " ".join(
                    "".join(self.screen.display[r][left:left + cols]) for r in
                    range(top, top + rows))
                words = re.sub(edge, " ", words)
                if " ".join(words.split()) == wanted:
                    return top, left, rows, cols
        return None

    def wait_for_control(self, label: str, timeout: float = 20.0) -> tuple[int, int, int, int]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.screen is not None and (block := self.control(label)) is not None:
                return block
            self.page.wait_for_timeout(50)
        raise AssertionError(f"no control {label!r} on screen:\n{self.text()}")

    def wait_for_control_like(self, word: str, timeout: float = 20.0) -> str:
        """The label, as drawn, of a control whose text starts with `word` (e.g. "Pain  p"),
        once one is on screen."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for row, line in enumerate(self.screen.display if self.screen else []):
                col = line.find(word)
                if col < 0:
                    continue
                _, left, _, cols = self._block(row, col, len(word))
                label = re.sub(r"[│▊▎▌▐▔▁]", " ", line[left:left + cols]).strip()
                if label.startswith(word) and self.control(label) is not None:
                    return label
            self.page.wait_for_timeout(50)
        raise AssertionError(f"no control with {word!r} on screen:\n{self.text()}")

    def control_box(self, label: str) -> tuple[float, float]:
        """The size (width, height) in CSS px of the control showing `label`, as drawn once
        the frame is whole."""
        self.wait_for_control(label)
        self.settle()
        _, _, rows, cols = self.wait_for_control(label)
        _, _, cell_w, cell_h = self.cell_box()
        return cols * cell_w, rows * cell_h

    def press(self, label: str) -> None:
        """Tap the middle of the control showing `label` (in a whole frame)."""
        self.wait_for_control(label)
        self.settle()
        top, left, rows, cols = self.wait_for_control(label)
        self.tap_cell(top + rows // 2, left + cols // 2)

    def tap(self, label: str) -> None:
        """Tap the middle of the first place `label` is drawn (in a whole frame)."""
        self.settle()
        row, col = self.find(label)
        self.tap_cell(row, col + len(label) // 2)

    def tap_rating(self, number: int, timeout: float = 20.0) -> None:
        """Tap the button `number` of the 0-10 buttons (once they are drawn)."""
        top, left, rows, cols = self.wait_for_control(str(number), timeout)
        self.tap_cell(top + rows // 2, left + cols // 2)


def serve_quick_check(tmp_path: Any, settings: str) -> Any:
    """`coretimer serve` on tmp_path with the quick routine and `settings` (settings.json's
    text): yields (its URL, tmp_path), then stops it. The browser tests' `served` fixture."""
    from tests.helpers import free_port, start_serve, wait_for_port
    from tests.scenarios import write_quick_routine

    config = tmp_path / "config"
    config.mkdir()
    (config / "settings.json").write_text(settings)
    write_quick_routine(config)
    port = free_port()
    proc = start_serve(tmp_path, "--port", str(port), "--token", TOKEN)
    wait_for_port(port)
    yield f"http://127.0.0.1:{port}", tmp_path
    proc.terminate()
    proc.wait(timeout=15)
