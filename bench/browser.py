"""`coretimer serve` on an emulated phone (the system chromium, headless, Playwright's
`devices["iPhone 13"]`: 390x664 CSS px at pixel ratio 3, mobile, touch), over loopback:

1. The page's first frame: from navigation until the home screen is drawn (read back from the
   websocket bytes with pyte, as the browser tests do). Target: within 1.5 s. The baseline,
   measured in the same run on the same emulated phone: textual-serve's own server and page
   running the same app (what `coretimer serve` was before it had a page of its own).
2. Tap Pain to the report fsynced: a touch on the Pain button, until the report's line is in
   the session journal on disk. Each report is rated 0 (pressed by mistake) so the exercise
   goes on. Target: p99 <= 100 ms.

    .venv/bin/python bench/browser.py [--taps 30] [--loads 5]
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from common import percentile  # noqa: E402 (bench/ is on sys.path)

from tests.browser_page import TOKEN, Page  # noqa: E402
from tests.helpers import free_port, start_serve, wait_for_port  # noqa: E402

DEVICE = "iPhone 13"
#: On home at the phone's size, and a short routine to tap Pain in.
ROUTINE = "Warm-up"

STOCK = """
import sys
from textual_serve.server import Server
Server(sys.argv[1], host="127.0.0.1", port=int(sys.argv[2])).serve()
"""


def first_frame(browser: Any, device: dict[str, Any], url: str) -> float:
    context = browser.new_context(**device)
    page = Page(context.new_page())
    start = time.monotonic()
    page.page.goto(url)
    page.wait_for(ROUTINE, timeout=30)
    took = time.monotonic() - start
    context.close()
    return took


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--taps", type=int, default=30)
    parser.add_argument("--loads", type=int, default=5, help="page loads of each server")
    args = parser.parse_args()
    chromium = shutil.which("chromium")
    if chromium is None:
        sys.exit("chromium is not installed (apt install chromium)")
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        config = tmp / "config"
        config.mkdir(parents=True)
        (config / "settings.json").write_text(
            '{"safety_notice_acknowledged": true, "voice": false, "sound": false}')
        port, stock_port = free_port(), free_port()
        server = start_serve(tmp, "--port", str(port), "--token", TOKEN)
        command = (f"{sys.executable} -m coretimer --data-dir {tmp / 'stock-data'}")
        stock = subprocess.Popen(
            [sys.executable, "-c", STOCK, command, str(stock_port)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            env={"CORETIMER_CONFIG_DIR": str(config), "PATH": "/usr/bin:/bin",
                 "HOME": str(tmp)})
        try:
            wait_for_port(port)
            wait_for_port(stock_port)
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=chromium, headless=True,
                                            args=["--no-sandbox"])
                device = dict(p.devices[DEVICE])
                ours: list[float] = []
                theirs: list[float] = []
                for _ in range(args.loads):  # alternated, so both meet the same machine
                    theirs.append(first_frame(browser, device,
                                              f"http://127.0.0.1:{stock_port}/"))
                    ours.append(first_frame(browser, device,
                                            f"http://127.0.0.1:{port}/?token={TOKEN}"))
                context = browser.new_context(**device)
                page = Page(context.new_page())
                page.page.goto(f"http://127.0.0.1:{port}/?token={TOKEN}")
                page.wait_for(ROUTINE, timeout=30)
                page.tap(ROUTINE)
                page.wait_for("How is your back right now?")
                page.tap_rating(1)
                pain = page.wait_for_control_like("Pain")
                journal = next((tmp / "data" / "journal").glob("*.jsonl"))
                latencies = []
                for _ in range(args.taps):
                    page.page.wait_for_timeout(400)
                    page.settle()
                    top, left, rows, cols = page.wait_for_control(pain)
                    size = journal.stat().st_size
                    start = time.perf_counter()  # from the touch itself
                    page.tap_cell(top + rows // 2, left + cols // 2)
                    while True:
                        if journal.stat().st_size > size:
                            lines = journal.read_bytes()[size:].splitlines()
                            if lines and json.loads(lines[0]).get("type") == "pain":
                                break
                        time.sleep(0.0005)
                    latencies.append(1000 * (time.perf_counter() - start))
                    page.wait_for("How bad? 0–10")
                    page.tap_rating(0)  # pressed by mistake: the exercise goes on
                    page.wait_for_control(pain)
                browser.close()
        finally:
            for proc in (server, stock):
                proc.terminate()
                proc.wait(timeout=15)
    ours_ms, theirs_ms = statistics.median(ours) * 1000, statistics.median(theirs) * 1000
    print(f"coretimer serve on an emulated {DEVICE} (chromium headless, pixel ratio 3, "
          "touch, loopback)")
    print(f"  first frame of the home screen, median of {args.loads}: {ours_ms:.0f} ms   "
          f"textual-serve's own page: {theirs_ms:.0f} ms   ratio {ours_ms / theirs_ms:.2f}   "
          "target <= 1500 ms")
    print(f"  tap Pain -> report in the journal ({len(latencies)} taps): "
          f"median {statistics.median(latencies):.1f} ms   "
          f"p99 {percentile(latencies, 0.99):.1f} ms   max {max(latencies):.1f} ms   "
          "target p99 <= 100 ms")


if __name__ == "__main__":
    main()
