"""Write screenshots/*.svg from the same app factory and fake-clock scenarios the snapshot
tests use, so the README shows exactly what the tests check.

    .venv/bin/python scripts/screenshots.py
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["TEXTUAL_ANIMATIONS"] = "none"
os.environ["TZ"] = "UTC"
time.tzset()

from tests.scenarios import SCREENS, build_app  # noqa: E402

#: The screens the README shows, in order.
README_SCREENS = ["home", "home-plan", "preview", "hold", "reps", "big-three-hold", "rest",
                  "pain-prompt", "pain-stop", "summary", "stats", "next-morning",
                  "preview-levels", "stats-end"]


async def shoot(name: str, out: Path) -> Path:
    options, scenario = SCREENS[name]
    with tempfile.TemporaryDirectory() as tmp:
        app, clock = build_app(Path(tmp), **options)  # type: ignore[arg-type]
        async with app.run_test(size=(100, 32)) as pilot:
            await scenario(pilot, clock)
            await pilot.pause()
            return Path(app.save_screenshot(filename=f"{name}.svg", path=str(out)))


def main() -> None:
    out = ROOT / "screenshots"
    out.mkdir(exist_ok=True)
    for name in README_SCREENS:
        print(asyncio.run(shoot(name, out)).relative_to(ROOT))


if __name__ == "__main__":
    main()
