"""`coretimer serve` in a real browser: Debian's chromium, driven headless by Playwright with the
system executable (never `playwright install`). The page draws the terminal on a canvas, so the
test reads the screen the way the page does: it feeds the bytes the page receives over its
websocket to a terminal emulator (pyte), finds a label there, and taps its cell.

Skipped, with the reason, where chromium or Playwright is missing (.ci/run installs chromium
when it runs as root on Debian)."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from coretimer.ui.web.guard import base_path
from tests.browser_page import (
    CHROMIUM,
    NEEDS_A_BROWSER,
    TOKEN,
    Page,
    serve_quick_check,
    sync_playwright,
)
from tests.helpers import free_port

pytestmark = NEEDS_A_BROWSER

PHONE = {"width": 390, "height": 844}

@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    yield from serve_quick_check(tmp_path, '{"safety_notice_acknowledged": true, "voice": false}')


@pytest.fixture
def browser() -> Iterator[Any]:
    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=CHROMIUM, headless=True,
                                     args=["--no-sandbox"])
        yield launched
        launched.close()


def test_the_page_loads_with_the_token_and_is_403_without(served: tuple[str, Path],
                                                          browser: Any) -> None:
    url, _ = served
    page = browser.new_page()
    assert page.goto(f"{url}/?token={TOKEN}").status == 200
    stranger = browser.new_context().new_page()  # no cookie, no token
    response = stranger.goto(f"{url}/")
    assert response.status == 403
    assert "coretimer needs its token" in stranger.content()


def test_start_by_taps_then_pain_then_seven(served: tuple[str, Path], browser: Any) -> None:
    """On a phone-sized page: tap a routine, tap 2 at the check-in, tap Pain, tap 7. The stop
    screen shows and the report is in the journal on disk the moment the prompt asks."""
    url, root = served
    page = Page(browser.new_page(viewport=PHONE))
    assert page.page.goto(f"{url}/?token={TOKEN}").status == 200
    page.wait_for("Quick check")
    page.tap("Quick check")
    page.wait_for("How is your back right now?")
    page.tap_rating(2)
    page.wait_for_control("Pain  p")
    page.press("Pain  p")
    page.wait_for("How bad? 0–10")
    journal = next((root / "data" / "journal").glob("*.jsonl"))
    entries = [json.loads(line) for line in journal.read_text().splitlines()]
    assert entries[0]["baseline_pain"] == 2
    assert entries[-1]["type"] == "pain"
    page.tap_rating(7)
    page.wait_for("See summary")  # the stop screen's only key
    saved = next((root / "data" / "sessions").glob("*.json"))
    record = json.loads(saved.read_text())
    assert record["status"] == "stopped_for_pain"
    assert [p["level"] for p in record["pain"]] == [7]


def test_two_pages_at_once_share_one_history_and_the_second_is_told(
        served: tuple[str, Path], browser: Any) -> None:
    """Each page runs its own app on the same data folder: the second says another is open
    (both can train; every session has a file of its own)."""
    url, root = served
    first = Page(browser.new_page(viewport=PHONE))
    first.page.goto(f"{url}/?token={TOKEN}")
    first.wait_for("Quick check")
    second = Page(browser.new_page(viewport={"width": 1000, "height": 800}))
    second.page.goto(f"{url}/?token={TOKEN}")
    second.wait_for("Another coretimer is already open")
    assert (root / "data").is_dir()


ATTACK = """<!DOCTYPE html><title>waiting</title><script>
const ws = new WebSocket("ws://127.0.0.1:%(port)d/ws");
ws.onopen = () => { document.title = "open"; };
ws.onclose = () => { if (document.title !== "open") document.title = "refused"; };
</script>"""


def test_a_page_on_another_port_cannot_open_the_websocket(served: tuple[str, Path],
                                                          browser: Any) -> None:
    """The real page set its cookie; a page served from another port of 127.0.0.1 (the same
    site, so the cookie goes with its requests) opens /ws in the same browser: refused. The
    same script from the real page opens it, so the test would see an open."""
    import http.server
    import threading

    url, _ = served
    port = int(url.rsplit(":", 1)[1])
    evil_port = free_port()

    class Evil(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = (ATTACK % {"port": port}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:
            return None

    evil = http.server.ThreadingHTTPServer(("127.0.0.1", evil_port), Evil)
    threading.Thread(target=evil.serve_forever, daemon=True).start()
    try:
        context = browser.new_context()
        real = context.new_page()
        assert real.goto(f"{url}/?token={TOKEN}").status == 200
        assert any(c["name"] == "coretimer_token" for c in context.cookies())
        stranger = context.new_page()
        stranger.goto(f"http://127.0.0.1:{evil_port}/")
        deadline = time.monotonic() + 10
        while stranger.title() == "waiting" and time.monotonic() < deadline:
            stranger.wait_for_timeout(50)
        assert stranger.title() == "refused"
        real.evaluate("""() => new Promise((done) => {
            const ws = new WebSocket(document.getElementById('terminal')
                                     .dataset.sessionWebsocketUrl);
            ws.onopen = () => { document.title = 'open'; ws.close(); done(); };
            ws.onclose = () => done(); })""")
        assert real.title() == "open"
        context.close()
    finally:
        evil.shutdown()


def in_process_server(**options: Any) -> Iterator[str]:
    """A CoretimerServer in a thread of this process (for options the command line does not
    have); its URL with the token."""
    import asyncio
    import shlex
    import sys
    import threading

    from aiohttp import web

    from coretimer.ui.web.server import CoretimerServer

    port = free_port()
    server = CoretimerServer(shlex.join([sys.executable, "-c", "pass"]), host="127.0.0.1",
                             port=port, token=TOKEN, public_url="", **options)
    loop = asyncio.new_event_loop()
    runner: list[web.AppRunner] = []

    async def start() -> None:
        runner.append(web.AppRunner(await server._make_app()))
        await runner[0].setup()
        await web.TCPSite(runner[0], "127.0.0.1", port).start()

    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    asyncio.run_coroutine_threadsafe(start(), loop).result(timeout=10)
    try:
        yield f"http://127.0.0.1:{port}/?token={TOKEN}"
    finally:
        asyncio.run_coroutine_threadsafe(runner[0].cleanup(), loop).result(timeout=10)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(timeout=10)


def test_a_page_past_the_cap_says_why_it_closed(browser: Any) -> None:
    """With no room left the page's closed notice says, in words, why; no app starts."""
    for url in in_process_server(max_pages=0):
        page = browser.new_page()
        assert page.goto(url).status == 200
        notice = page.locator("#closed")
        notice.wait_for(state="visible", timeout=10_000)
        assert "already has 0 pages open" in notice.inner_text()
        assert "close one of them" in notice.inner_text()


def recording_server() -> tuple[Any, int, list[dict[str, str]]]:
    """A plain HTTP server on another port of 127.0.0.1 that keeps every request's headers
    (with the path under "path"); started, to be shut down by the caller."""
    import http.server
    import threading

    seen: list[dict[str, str]] = []

    class Recorder(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            seen.append({"path": self.path, **dict(self.headers)})
            body = b"<!DOCTYPE html><title>elsewhere</title>"
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Access-Control-Allow-Origin", "*")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:
            return None

    port = free_port()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), Recorder)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, port, seen


def test_a_url_in_the_query_is_not_fetched(served: tuple[str, Path], browser: Any) -> None:
    """textual-serve's client fetches the page URL's `?ping=` address before it connects:
    the page's Content-Security-Policy (connect-src 'self') stops a link that names another
    host there, and the page still opens."""
    url, _ = served
    recorder, port, seen = recording_server()
    try:
        page = Page(browser.new_page(viewport=PHONE))
        blocked: list[str] = []
        page.page.on("console", lambda m: blocked.append(m.text)
                     if "Content Security Policy" in m.text else None)
        ping = f"ping=http://127.0.0.1:{port}/ping"
        # The entry URL passes no such thing on; the app's own folder is given it directly.
        assert page.page.goto(f"{url}/?token={TOKEN}&{ping}").status == 200
        assert "ping" not in page.page.url
        assert page.page.goto(f"{url}{base_path(TOKEN)}/?{ping}").status == 200
        page.page.wait_for_timeout(1500)
        assert seen == [] and any(f"127.0.0.1:{port}" in text for text in blocked), blocked
    finally:
        recorder.shutdown()


def test_the_token_cookie_does_not_reach_another_port(served: tuple[str, Path],
                                                      browser: Any) -> None:
    """After the real page set its cookie, the same browser opens a page on another port of
    127.0.0.1, which fetches its own address: that server must not receive the token."""
    url, _ = served
    recorder, port, seen = recording_server()
    try:
        context = browser.new_context()
        assert context.new_page().goto(f"{url}/?token={TOKEN}").status == 200
        other = context.new_page()
        other.goto(f"http://127.0.0.1:{port}/")
        other.evaluate("() => fetch('/again')")
        assert any(headers["path"] == "/again" for headers in seen)
        assert not any(TOKEN in " ".join(headers.values()) for headers in seen), seen
        context.close()
    finally:
        recorder.shutdown()
