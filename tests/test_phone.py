"""`coretimer serve` on a phone on the mat, as Playwright's device descriptors emulate one (the
system chromium, headless): iPhone 13 and Pixel 7 in portrait (pixel ratio 3, mobile, touch), a
phone on its side (844×390) and a tablet (820×1180). Every tap is a touch.

- the page is laid out at the phone's width, in a font it serves itself, nothing from any other
  host;
- a tap lands on what is drawn under the finger (the third routine opens the third);
- start, Pain, 7: the stop screen, the report on disk;
- every control a finger needs is at least 44×44 CSS px (WCAG 2.5.5);
- the screen is kept awake during the session (the Wake Lock API, or the muted video where it
  is missing) and let go after;
- "Speak cues on this phone" speaks the app's cues through the browser.

Skipped, with the reason, where chromium or Playwright is missing."""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser_page import (
    CHROMIUM,
    NEEDS_A_BROWSER,
    TOKEN,
    Page,
    serve_quick_check,
    sync_playwright,
)

pytestmark = NEEDS_A_BROWSER

#: A finger's target, WCAG 2.5.5 (CSS px).
TARGET = 44

LANDSCAPE = {"viewport": {"width": 844, "height": 390}, "device_scale_factor": 3,
             "is_mobile": True, "has_touch": True}
TABLET = {"viewport": {"width": 820, "height": 1180}, "device_scale_factor": 2,
          "is_mobile": True, "has_touch": True}
DEVICES = ["iPhone 13", "Pixel 7", "landscape", "tablet"]


def sample(names: list[str], keep: set[str]) -> list[Any]:
    """`names`, with those outside `keep` in the slow tier (`-m slow`): the normal suite keeps a
    phone upright and one on its side, and stays near five minutes."""
    return [n if n in keep else pytest.param(n, marks=pytest.mark.slow) for n in names]


#: The narrowest and widest phones upright (CSS px), for the fit alone.
PORTRAITS = {name: {"viewport": {"width": width, "height": 740}, "device_scale_factor": 3,
                    "is_mobile": True, "has_touch": True}
             for name, width in (("360 wide", 360), ("430 wide", 430))}


@pytest.fixture(scope="module")
def playwright() -> Iterator[Any]:
    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="module")
def browser(playwright: Any) -> Iterator[Any]:
    launched = playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                          args=["--no-sandbox"])
    yield launched
    launched.close()


def device(playwright: Any, name: str) -> dict[str, Any]:
    if name == "landscape":
        return dict(LANDSCAPE)
    if name == "tablet":
        return dict(TABLET)
    if name in PORTRAITS:
        return dict(PORTRAITS[name])
    return dict(playwright.devices[name])


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    yield from serve_quick_check(
        tmp_path, '{"safety_notice_acknowledged": true, "voice": false, "sound": false}')


class Phone(Page):
    """A page on an emulated device that records every request it makes."""

    def __init__(self, browser: Any, playwright: Any, name: str, url: str,
                 init_script: str | None = None) -> None:
        self.name = name
        self.device = device(playwright, name)
        self.context = browser.new_context(**self.device)
        self.requests: list[str] = []
        self.sockets: list[str] = []
        self.context.route("**/*", self._route)
        if init_script:
            self.context.add_init_script(init_script)
        super().__init__(self.context.new_page())
        self.page.on("websocket", lambda ws: self.sockets.append(ws.url))
        self.origin = url
        assert self.page.goto(f"{url}/?token={TOKEN}").status == 200

    def _route(self, route: Any) -> None:
        self.requests.append(route.request.url)
        if route.request.url.startswith(self.origin + "/"):
            route.continue_()
        else:
            route.abort()

    def awake(self) -> str:
        return str(self.page.evaluate("document.body.dataset.awake"))

    def wait_awake(self, how: str, timeout: float = 10.0) -> None:
        """Until the page says how it keeps the screen on ('' once it has let go). Polled from
        here: the page's CSP refuses the string functions Playwright's own waits evaluate."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.awake() == how:
                return
            self.page.wait_for_timeout(50)
        raise AssertionError(f"awake is {self.awake()!r}, not {how!r}")

    def close(self) -> None:
        if self.context is not None:
            self.context.close()
            self.context = None


#: A routine every device shows on home without scrolling.
ROUTINE = "Warm-up"


@pytest.fixture
def phones(browser: Any, playwright: Any) -> Iterator[Any]:
    """Opens emulated devices on a served coretimer; closes them all after the test."""
    opened: list[Phone] = []

    def open_phone(name: str, url: str, init_script: str | None = None) -> Phone:
        phone = Phone(browser, playwright, name, url, init_script)
        opened.append(phone)
        return phone

    yield open_phone
    for phone in opened:
        phone.close()


#: The README's pictures: for each device, the name its pictures start with and which it takes.
SHOTS = {"iPhone 13": ("phone", {"home", "session", "pain"}),
         "landscape": ("phone-landscape", {"session"})}


def shoot(phone: Phone, what: str) -> None:
    """With CORETIMER_PHONE_SCREENSHOTS=DIR, keep what the phone shows as
    DIR/<device>-<what>.png (the README's screenshots/phone-*.png); nothing otherwise."""
    folder = os.environ.get("CORETIMER_PHONE_SCREENSHOTS")
    prefix, shots = SHOTS.get(phone.name, ("", set()))
    if folder and what in shots:
        phone.page.wait_for_timeout(600)  # the last frame drawn
        phone.page.screenshot(path=str(Path(folder) / f"{prefix}-{what}.png"))


def start_routine(phone: Phone) -> None:
    phone.wait_for(ROUTINE)
    phone.tap(ROUTINE)
    phone.wait_for("How is your back right now?")
    phone.tap_rating(2)
    phone.wait_for_control("Pause")


@pytest.mark.parametrize("name", sample(DEVICES + list(PORTRAITS), {"iPhone 13", "landscape"}))
def test_the_page_fits_the_phone_and_fetches_only_from_its_server(
        served: tuple[str, Path], phones: Any, name: str) -> None:
    url, _ = served
    phone = phones(name, url)
    phone.wait_for(ROUTINE)
    width = phone.page.evaluate("window.innerWidth")
    expected = phone.device["viewport"]["width"]
    assert width == expected, "the page is laid out at the device's own width"
    assert phone.page.locator('meta[name="viewport"]').count() == 1
    box = phone.page.locator(".xterm-screen").bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= width, "the whole terminal shows"
    assert phone.screen.columns >= 40 and phone.screen.lines >= 20
    # The keys in the bottom bar are buttons too: shown although the page (on a phone) never
    # holds the keyboard focus.
    phone.settle()
    assert "Start" in phone.screen.display[-1], phone.text()
    assert phone.page.evaluate("document.fonts.check(\"16px 'Roboto Mono'\")")
    # Crisp: the browser draws the text (no canvas scaled to the pixel ratio).
    assert phone.page.locator(".xterm-screen canvas").count() == 0
    assert phone.requests and all(u.startswith(url + "/") for u in phone.requests), \
        phone.requests
    assert phone.sockets and all(s.startswith(url.replace("http", "ws", 1) + "/")
                                 for s in phone.sockets)
    # The token left the address bar once the cookie held it.
    assert "token=" not in phone.page.url
    shoot(phone, "home")


@pytest.mark.parametrize("name", sample(DEVICES, {"iPhone 13", "tablet"}))
def test_a_tap_on_the_third_routine_opens_the_third(
        served: tuple[str, Path], phones: Any, name: str) -> None:
    url, _ = served
    phone = phones(name, url)
    phone.wait_for("Hip-flexor fix")  # the third of the list
    rows = [line for line in phone.screen.display if "Hip-flexor fix" in line]
    assert rows
    phone.tap("Hip-flexor fix")
    phone.wait_for("How is your back right now?")
    assert "Hip-flexor fix ·" in phone.text(), phone.text()


@pytest.mark.parametrize("name", DEVICES)
def test_start_pain_seven_stops_saves_and_every_target_fits_a_finger(
        served: tuple[str, Path], phones: Any, name: str) -> None:
    url, root = served
    phone = phones(name, url)
    phone.wait_for(ROUTINE)
    phone.tap(ROUTINE)
    phone.wait_for("How is your back right now?")
    small: list[str] = []

    def check(label: str, where: str) -> None:
        w, h = phone.control_box(label)
        if w < TARGET or h < TARGET:
            small.append(f"{where} {label!r}: {w:.0f}×{h:.0f} px")

    for n in range(11):
        check(str(n), "check-in")
    phone.tap_rating(2)
    phone.wait_for_control("Pause")
    assert phone.awake() in ("wakelock", "video"), "the screen is kept on during a session"
    for label in ("Pain  p", "Pause", "Done", "Skip", "End"):
        check(label, "session")
    shoot(phone, "session")
    pain_w, pain_h = phone.control_box("Pain  p")
    screen_w = phone.cell_box()[2] * phone.screen.columns
    assert pain_w >= 0.8 * screen_w, "Pain spans the screen"
    for label in ("Pause", "Done", "Skip", "End"):
        w, h = phone.control_box(label)
        assert pain_w * pain_h > w * h, "Pain is the largest control"
    phone.press("Pain  p")
    phone.wait_for("How bad? 0–10")
    journal = next((root / "data" / "journal").glob("*.jsonl"))
    entries = [json.loads(line) for line in journal.read_text().splitlines()]
    assert entries[-1]["type"] == "pain", "the report is on disk before the question"
    for n in range(11):
        check(str(n), "pain prompt")
    shoot(phone, "pain")
    phone.tap_rating(7)
    phone.wait_for("See summary")
    check("See summary", "stop screen")
    saved = next((root / "data" / "sessions").glob("*.json"))
    record = json.loads(saved.read_text())
    assert record["status"] == "stopped_for_pain"
    assert [p["level"] for p in record["pain"]] == [7]
    phone.wait_awake("")
    assert not small, "smaller than 44×44 CSS px: " + "; ".join(small)


def test_without_the_wake_lock_api_a_muted_video_keeps_the_screen_on(
        served: tuple[str, Path], phones: Any) -> None:
    """Plain http on a home network has no Wake Lock API: the muted looping video plays
    during the session and stops after."""
    url, _ = served
    phone = phones("Pixel 7", url, init_script="delete Navigator.prototype.wakeLock;")
    assert phone.page.evaluate("'wakeLock' in navigator") is False
    start_routine(phone)
    phone.wait_awake("video")
    assert phone.page.evaluate("!document.getElementById('awake').paused")
    assert phone.page.evaluate("document.getElementById('awake').muted")
    phone.press("End")
    phone.wait_for("End the session now?")
    phone.press("End it  y")
    phone.wait_awake("")
    assert phone.page.evaluate("document.getElementById('awake').paused")


def test_with_the_wake_lock_api_the_lock_is_held_and_released(
        served: tuple[str, Path], phones: Any) -> None:
    """A secure context (loopback counts) with the API: the lock itself, released after."""
    url, _ = served
    fake = """
      window.__locks = [];
      Object.defineProperty(Navigator.prototype, 'wakeLock', {configurable: true, get() {
        return {request: async (type) => {
          const lock = new EventTarget();
          lock.type = type; lock.released = false;
          lock.release = async () => { lock.released = true;
                                       lock.dispatchEvent(new Event('release')); };
          window.__locks.push(lock);
          return lock;
        }};
      }});
    """
    phone = phones("iPhone 13", url, init_script=fake)
    start_routine(phone)
    phone.wait_awake("wakelock")
    assert phone.page.evaluate("window.__locks.map(l => [l.type, l.released])") == [
        ["screen", False]]
    phone.press("End")
    phone.wait_for("End the session now?")
    phone.press("End it  y")
    phone.wait_awake("")
    assert phone.page.evaluate("window.__locks.map(l => l.released)") == [True]


SPOKEN = """
  window.__spoken = [];
  window.speechSynthesis.speak = (u) => window.__spoken.push(u.text);
"""


@pytest.mark.parametrize("ticked", [True, False], ids=["ticked", "not-ticked"])
def test_speak_cues_on_this_phone(served: tuple[str, Path], phones: Any,
                                  ticked: bool) -> None:
    url, _ = served
    phone = phones("iPhone 13", url, init_script=SPOKEN)
    phone.wait_for(ROUTINE)
    box = phone.page.get_by_label("Speak cues on this phone")
    bounds = box.bounding_box()
    label = phone.page.locator("#speak-label").bounding_box()
    assert label["height"] >= TARGET and label["width"] >= TARGET and bounds is not None
    if ticked:
        phone.page.locator("#speak-label").tap()
        assert box.is_checked()
    start_routine(phone)
    phone.page.wait_for_timeout(5000)  # the get-ready count and the first cue
    spoken = phone.page.evaluate("window.__spoken")
    if ticked:
        assert spoken[0] == "Cues will be spoken here."
        assert any("cat-camel" in s.lower() for s in spoken[1:]), spoken
        # Remembered for the next visit on this phone.
        assert phone.page.evaluate("localStorage.getItem('coretimer.speak')") == "1"
    else:
        assert spoken == []


def test_the_exercise_figure_reaches_the_phone_and_is_drawn(
        served: tuple[str, Path], phones: Any) -> None:
    """Issue 28: in `serve`, the figure is part of the app: on a phone on its side, the
    figure's braille reaches the page at get-ready, and the browser draws it a cell a
    character (the page's font has no braille: the fallback's glyphs are wider, 10.2 px
    against 8.4 here, and a row of them must not run past the screen)."""
    url, _ = served
    phone = phones("landscape", url)
    start_routine(phone)
    phone.settle()
    braille = [line for line in phone.screen.display
               if any("\u2801" <= c <= "\u28ff" for c in line)]
    assert len(braille) >= 3, phone.text()
    # Each row the figure is on is as wide as the terminal's rows of plain text: the braille
    # does not push the line out (a fallback glyph wider than a cell would).
    widths = phone.page.evaluate("""() => {
      const rows = [...document.querySelectorAll('.xterm-rows > div')];
      const width = (row) => [...row.childNodes].reduce((w, n) => w + (n.getBoundingClientRect
          ? n.getBoundingClientRect().width : 0), 0);
      const braille = rows.filter((r) => /[\u2801-\u28ff]/.test(r.textContent));
      const cell = document.querySelector('.xterm-screen').getBoundingClientRect().width
          / rows[0].textContent.length;
      return [braille.length, Math.max(...braille.map(width)), cell * rows[0].textContent.length];
    }""")
    assert widths[0] >= 3 and widths[1] <= widths[2] + 1, widths
