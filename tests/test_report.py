"""The clinician report: one self-contained HTML page with every section, charts as inline
SVG, user text escaped, the CLI command, and a render in headless chromium (when there)."""

from __future__ import annotations

import os
import shutil
import struct
from datetime import UTC, date, datetime, timedelta
from html.parser import HTMLParser
from pathlib import Path

import pytest

from coretimer.models import PainReport, SessionRecord, SetResult
from coretimer.report import SECTIONS, RoutineFile, build
from coretimer.store import Store
from coretimer.svgchart import bars, line
from tests.scenarios import seed_months
from tests.test_cli import run

TODAY = date(2026, 11, 21)


class Page(HTMLParser):
    """What the tests read from the page: sections and their headings, tags, attributes."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []
        self.sections: list[str] = []
        self.text: list[str] = []
        self.svgs = 0
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs += attrs
        if tag == "section":
            self.sections.append(dict(attrs)["id"] or "")
        if tag == "svg":
            self.svgs += 1

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    @property
    def words(self) -> str:
        return " ".join(self.text)


def months(tmp_path: Path) -> list[SessionRecord]:
    seed_months(tmp_path / "data")
    return Store(tmp_path / "data").load().sessions


def test_every_section_is_there_in_order_with_its_chart(tmp_path: Path) -> None:
    routines = [RoutineFile("quick", "Quick check", "/x/quick.toml", 'name = "Quick check"\n')]
    page = Page(build(months(tmp_path), TODAY, weeks=12, routines=routines, tz=UTC))
    assert page.sections == [key for key, _ in SECTIONS]
    for _, title in SECTIONS:
        assert title in page.words
    assert page.svgs >= 4  # per week, the trends, check-in pain
    words = page.words
    assert "Bird dog" in words and "3/10" in words  # a pain report and its rating
    assert "better" in words and "worse" in words  # next-morning answers
    assert "Side bridge right/left: 0.95" in words  # the published test's ratios
    assert 'name = "Quick check"' in words  # the routine file in use


def test_the_page_is_self_contained_and_prints_on_a4(tmp_path: Path) -> None:
    html = build(months(tmp_path), TODAY, tz=UTC)
    page = Page(html)
    assert "script" not in page.tags and "link" not in page.tags and "img" not in page.tags
    for name, value in page.attrs:
        if name in ("src", "href"):
            raise AssertionError(f"an external reference: {name}={value}")
    assert "@page { size: A4" in html and html.startswith("<!DOCTYPE html>")


def test_user_text_is_escaped(tmp_path: Path) -> None:
    start = datetime(2026, 11, 20, 9, tzinfo=UTC)
    hostile = "<script>alert(1)</script>\x1b[31m"
    record = SessionRecord(
        id="h1", routine="r", routine_name=hostile, started_at=start,
        ended_at=start + timedelta(minutes=5), status="stopped_for_pain",
        sets=[SetResult(exercise=hostile, kind="hold", set=1, target=10, achieved=10,
                        completed=True)],
        pain=[PainReport(at=start, exercise=hostile, level=None, phase="rest")])
    routines = [RoutineFile("r", hostile, "/x/<r>.toml", f'name = "{hostile}"\n')]
    html = build([record], TODAY, routines=routines, tz=UTC)
    page = Page(html)
    assert "script" not in page.tags
    assert "\x1b" not in html
    assert "no rating (treated as a spike)" in page.words and "rest" in page.words


def test_weeks_limit_what_is_shown(tmp_path: Path) -> None:
    sessions = months(tmp_path)
    two = Page(build(sessions, TODAY, weeks=2, tz=UTC)).words
    assert "the last 2 weeks" in two
    twelve = Page(build(sessions, TODAY, weeks=12, tz=UTC)).words
    assert twelve.count("Quick check") > two.count("Quick check")


def test_an_empty_history_still_makes_a_page() -> None:
    page = Page(build([], TODAY))
    assert page.sections == [key for key, _ in SECTIONS]
    assert "No pain reported in these weeks." in page.words


def test_charts_scale_and_escape() -> None:
    svg = bars([0, 2, 4], ["a<b", "b", "c"], label="x & y")
    assert svg.count("<rect") == 3 and "a&lt;b" in svg and "x &amp; y" in svg
    heights = [float(h) for h in __import__("re").findall(r'<rect[^>]*height="([\d.]+)"', svg)]
    assert heights[0] == 0 and heights[2] == pytest.approx(2 * heights[1])
    drawn = line([1, 3], ["d1", "d2"], label="t", top=10)
    assert drawn.count("<circle") == 2 and "10" in drawn
    assert "no data" in line([], [], label="t") and "no data" in bars([], [], label="t")


def test_report_command(capsys: pytest.CaptureFixture[str], data_dir: Path,
                        tmp_path: Path) -> None:
    seed_months(data_dir)
    code, out, _ = run(capsys, "report", "--weeks", "4")
    assert code == 0 and out.startswith("<!DOCTYPE html>") and "the last 4 weeks" in out
    target = tmp_path / "report.html"
    code, out, err = run(capsys, "report", "-o", str(target))
    assert code == 0 and out.strip() == str(target) and "open it in a browser" in err
    assert Page(target.read_text()).sections == [key for key, _ in SECTIONS]
    code, _, err = run(capsys, "report", "-o", str(target))  # exists, nobody to ask
    assert code == 1 and "not written" in err
    assert run(capsys, "report", "-o", str(target), "--force")[0] == 0
    code, _, err = run(capsys, "report", "--weeks", "0")
    assert code == 2


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (apt install chromium; "
                    ".ci/run does it as root on Debian)")
def test_the_report_renders_in_a_browser(tmp_path: Path) -> None:
    """Rendered on an A4-wide page in headless chromium. With CORETIMER_REPORT_SCREENSHOT set
    to a path, the picture is kept there (the README's screenshots/report.png)."""
    from playwright.sync_api import sync_playwright

    html = build(months(tmp_path), TODAY, tz=UTC)
    out = Path(os.environ.get("CORETIMER_REPORT_SCREENSHOT") or tmp_path / "report.png")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True,
                                    args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 794, "height": 1123})
        page.set_content(html)
        assert page.locator("section").count() == len(SECTIONS)
        assert page.locator("svg").count() >= 4
        widest = page.evaluate("Math.max(...[...document.querySelectorAll('section')]"
                               ".map(s => s.scrollWidth))")
        assert widest <= 794  # nothing wider than an A4 page
        page.screenshot(path=str(out), full_page=False)
        browser.close()
    data = out.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    assert (width, height) == (794, 1123)
