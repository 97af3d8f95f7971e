"""The clinician report: one self-contained HTML page with every section, charts as inline
SVG, user text escaped, the CLI command, and a render in headless chromium (when there)."""

from __future__ import annotations

import os
import re
import struct
import sys
from datetime import UTC, date, datetime, timedelta
from html.parser import HTMLParser
from pathlib import Path

import pytest

from coretimer.model.fields import Kind, Side
from coretimer.model.record import (
    EndedBy,
    NextMorning,
    PainReport,
    SessionRecord,
    SetResult,
    Status,
)
from coretimer.model.routine import Routine
from coretimer.paths import shipped_dir
from coretimer.routine.files import discover
from coretimer.routine.problems import parse_routine
from coretimer.store.history import Store
from coretimer.text.report import SECTIONS, build
from coretimer.text.report_routines import RoutineFile, routine_files
from coretimer.text.svgchart import bars, line
from tests.browser_page import CHROMIUM, NEEDS_A_BROWSER
from tests.conftest import ROOT
from tests.pdf_text import page_texts
from tests.scenarios import QUICK_ROUTINE, seed_months, write_quick_routine
from tests.test_cli import run

TODAY = date(2026, 11, 21)


class Page(HTMLParser):
    """What the tests read from the page: sections and their headings, tags, attributes, and
    each section's table rows (as the cells' text) and words."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []
        self.sections: list[str] = []
        self.text: list[str] = []
        self.svgs = 0
        self.rows: dict[str, list[list[str]]] = {}
        self.section_text: dict[str, list[str]] = {}
        self._cell: list[str] | None = None
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs += attrs
        if tag == "section":
            self.sections.append(dict(attrs)["id"] or "")
        if tag == "svg":
            self.svgs += 1
        if tag == "tr" and self.sections:
            self.rows.setdefault(self.sections[-1], []).append([])
        if tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None and self.sections:
            self.rows[self.sections[-1]][-1].append(" ".join("".join(self._cell).split()))
            self._cell = None

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self._cell is not None:
            self._cell.append(data)
        if self.sections:
            self.section_text.setdefault(self.sections[-1], []).append(data)

    def words_of(self, section: str) -> str:
        return " ".join(" ".join(self.section_text.get(section, [])).split())

    @property
    def words(self) -> str:
        return " ".join(self.text)


def months(tmp_path: Path) -> list[SessionRecord]:
    seed_months(tmp_path / "data")
    return Store(tmp_path / "data").load().sessions


def test_every_section_is_there_in_order_with_its_chart(tmp_path: Path) -> None:
    page = Page(build(months(tmp_path), TODAY, weeks=12, routines=[quick_file()], tz=UTC))
    assert page.sections == [key for key, _ in SECTIONS]
    for _, title in SECTIONS:
        assert title in page.words
    assert page.svgs >= 4  # per week, the trends, check-in pain
    words = page.words
    assert "Bird dog" in words and "3/10" in words  # a pain report and its rating
    assert "better" in words and "worse" in words  # next-morning answers
    assert "Side bridge right/left: 0.95" in words  # the published test's ratios
    assert "quick.toml" in words and "2 × 10 s" in words  # the routine in use, its doses


def test_the_page_is_self_contained_and_fits_any_paper(tmp_path: Path) -> None:
    html = build(months(tmp_path), TODAY, tz=UTC)
    page = Page(html)
    assert "script" not in page.tags and "link" not in page.tags and "img" not in page.tags
    for name, value in page.attrs:
        if name in ("src", "href"):
            raise AssertionError(f"an external reference: {name}={value}")
    page_rule = re.search(r"@page\s*{([^}]*)}", html)
    assert page_rule is not None and "size" not in page_rule.group(1)  # any paper
    assert html.startswith("<!DOCTYPE html>")


def test_user_text_is_escaped(tmp_path: Path) -> None:
    start = datetime(2026, 11, 20, 9, tzinfo=UTC)
    hostile = "<script>alert(1)</script>\x1b[31m"
    record = SessionRecord(
        id="h1", routine="r", routine_name=hostile, started_at=start,
        ended_at=start + timedelta(minutes=5), status="stopped_for_pain",
        sets=[SetResult(exercise=hostile, kind="hold", set=1, target=10, achieved=10,
                        completed=True)],
        pain=[PainReport(at=start, exercise=hostile, level=None, phase="rest")])
    routine = parse_routine(QUICK_ROUTINE.replace('"Quick check"', '"<script>x</script>"')
                            .replace('"Front plank"', '"<b>plank</b>"').encode(), "r.toml")
    assert isinstance(routine, Routine)
    routines = [RoutineFile("r", "<r>.toml", "user", routine)]
    html = build([record], TODAY, routines=routines, tz=UTC)
    page = Page(html)
    assert "script" not in page.tags and "<b>plank</b>" not in html
    assert "<script>x</script>" in page.words and "<b>plank</b>" in page.words
    assert "<r>.toml" in page.words
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


@NEEDS_A_BROWSER[0]
@NEEDS_A_BROWSER[1]
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


# --- The list of sessions, the routines without paths, cut-short sets, empty sessions --------

AT = datetime(2026, 11, 16, 9, tzinfo=UTC)


def quick_file() -> RoutineFile:
    """The quick routine as the report is given it: parsed, with its file's name only."""
    routine = parse_routine(QUICK_ROUTINE.encode(), "quick.toml")
    assert isinstance(routine, Routine)
    return RoutineFile("quick", "quick.toml", "user", routine)


def done(exercise: str, kind: Kind, achieved: float, *, set_: int = 1, side: Side | None = None,
         target: float | None = None, completed: bool = True,
         ended_by: EndedBy | None = None) -> SetResult:
    return SetResult(exercise=exercise, kind=kind, side=side, set=set_,
                     target=achieved if target is None and completed else target,
                     achieved=achieved, completed=completed,
                     ended_by=ended_by or ("time" if kind == "hold" else "done"))


def session(id_: str, start: datetime, minutes: int, status: Status, sets: list[SetResult],
            pain: list[PainReport] | None = None, morning: NextMorning | None = None,
            morning_pain: int | None = None, routine: str = "quick",
            name: str = "Quick check") -> SessionRecord:
    return SessionRecord(id=id_, routine=routine, routine_name=name, started_at=start,
                         ended_at=start + timedelta(minutes=minutes), status=status,
                         sets=sets, pain=pain or [], next_morning=morning,
                         next_morning_pain=morning_pain)


def a_week() -> list[SessionRecord]:
    """The quick routine (6 sets: the plank twice, the bird dog on each side, a bridge and a
    side plank) done in full, ended early, stopped for pain and opened for nothing; and a
    routine whose file is gone."""
    full = [done("Front plank", "hold", 10, set_=1), done("Front plank", "hold", 10, set_=2),
            done("Bird dog", "reps", 4, side="left"), done("Bird dog", "reps", 4, side="right"),
            done("Glute bridge", "reps", 8), done("Side plank", "hold", 35)]
    return [
        session("a", AT, 14, "completed", full, morning="better"),
        session("b", AT + timedelta(days=2), 5, "ended_early",
                [done("Front plank", "hold", 10),
                 done("Front plank", "hold", 6, set_=2, target=10, completed=False,
                      ended_by="end")]),
        session("c", AT + timedelta(days=3, hours=9), 8, "stopped_for_pain",
                [*full[:2], done("Bird dog", "reps", 3, side="left", target=4, completed=False,
                                 ended_by="pain")],
                pain=[PainReport(at=AT + timedelta(days=3, hours=9, minutes=6),
                                 exercise="Bird dog", level=3, phase="work"),
                      PainReport(at=AT + timedelta(days=3, hours=9, minutes=7),
                                 exercise="Bird dog", level=None, phase="rest"),
                      PainReport(at=AT + timedelta(days=3, hours=9, minutes=7),
                                 exercise="Bird dog", level=0, phase="rest")],
                morning="worse", morning_pain=4),
        session("d", AT + timedelta(days=4, hours=-2), 1, "ended_early", []),
        session("e", AT + timedelta(days=4), 6, "ended_early",
                [done("Dead bug", "reps", 8), done("Dead bug", "reps", 2, set_=2, target=8,
                                                    completed=False, ended_by="end")],
                routine="gone", name="Old routine", morning="same", morning_pain=2),
    ]


def test_the_sessions_table_lists_every_session() -> None:
    """A row per session, oldest first, that a physiotherapist can read: when, which routine,
    how it ended, sets done of those planned, the work done, the pain reported and the next
    morning."""
    page = Page(build(a_week(), TODAY, routines=[quick_file()], tz=UTC))
    head, *rows = page.rows["sessions"]
    assert head == ["Date", "Routine", "Status", "Sets done", "Work done", "Pain reports",
                    "Next morning"]
    assert rows == [
        ["16 Nov 2026, 09:00–09:14", "Quick check", "completed", "6 of 6",
         "55 s held · 16 reps", "none", "better"],
        ["18 Nov 2026, 09:00–09:05", "Quick check", "ended early", "1 of 6", "16 s held",
         "none", "not answered"],
        ["19 Nov 2026, 18:00–18:08", "Quick check", "stopped for pain", "2 of 6",
         "20 s held · 3 reps", "2: 3/10, no rating", "worse, pain 4/10"],
        ["20 Nov 2026, 07:00–07:01", "Quick check", "opened, nothing done (ended early)",
         "0 of 6", "—", "none", "not answered"],
        ["20 Nov 2026, 09:00–09:06", "Old routine", "ended early", "1 of at least 2",
         "10 reps", "none", "the same, pain 2/10"],
    ]
    words = page.words_of("sessions")
    assert "the routine's file as it is now" in words  # what "planned" means
    assert "pressed by mistake" in words  # why the third report of session c is not there


def test_each_routine_in_use_is_shown_by_name_source_and_doses() -> None:
    """Not the file's text: the routine's name, where it comes from, each exercise with its
    dose, and the file's own name."""
    page = Page(build(a_week(), TODAY, routines=[quick_file()], tz=UTC))
    words = page.words_of("routines")
    assert "Quick check" in words and "yours" in words and "quick.toml" in words
    assert "3 sessions in these weeks" in words  # a, b and c (d: nothing done)
    assert 'name = "Quick check"' not in words and "[[exercises]]" not in words
    head, *rows = page.rows["routines"]
    assert head == ["Exercise", "Dose", "Rest between sets", "Notes"]
    assert rows == [["Front plank", "2 × 10 s", "4 s", "—"],
                    ["Bird dog", "4 reps @ 2 s + 1 s hold each side", "3 s", "—"],
                    ["Glute bridge", "8 reps", "—", "—"],
                    ["Side plank", "max hold", "—", "—"]]
    assert "Old routine" in words and "Its file is not there any more" in words


ABSOLUTE = re.compile(r"(?:^|[\s(\"'=:])(?:/[^\s/<>\"']+){2,}|~/|[A-Za-z]:\\\\")


def test_no_absolute_path_anywhere_in_the_report(
        capsys: pytest.CaptureFixture[str], data_dir: Path, config_dir: Path,
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Shipped routines live in the install (…/site-packages/… or the checkout), yours in the
    config folder, the history in the data folder: the report names none of these places,
    nor the home folder, only each routine file's own name."""
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    seed_months(data_dir)  # the quick routine and the (shipped) endurance test
    write_quick_routine(config_dir)
    code, html, _ = run(capsys, "report")
    assert code == 0
    page = Page(html)
    places = [str(tmp_path), str(Path.home()), str(shipped_dir()), str(shipped_dir().parent),
              sys.prefix, sys.base_prefix, "site-packages", "/home/", str(ROOT)]
    for place in places:
        assert place not in html, f"{place} is in the report"
    for text in [*page.text, *(value or "" for _, value in page.attrs)]:
        assert ABSOLUTE.search(text) is None, f"a path in the report: {text!r}"
    assert "quick.toml" in page.words and "endurance-test.toml" in page.words
    assert "shipped" in page.words and "yours" in page.words


def test_cut_short_sets_say_what_they_are() -> None:
    """A trend names its last set done in full (and when), not "latest —"; a best from sets
    that were all cut short says so; the chart draws a session with no set done in full as a
    hollow dot, and the section says what the dots mean."""
    def plank(day: int, held: float, completed: bool) -> SessionRecord:
        return session(f"p{day}", AT + timedelta(days=day), 10, "completed" if completed
                       else "ended_early",
                       [done("Front plank", "hold", held, target=held if completed else 30,
                             completed=completed, ended_by="time" if completed else "end"),
                        done("Bird dog", "reps", 4, side="left", target=10, completed=False,
                             ended_by="end")])

    sessions = [plank(0, 20, True), plank(2, 25, True), plank(3, 12, False)]
    page = Page(build(sessions, TODAY, tz=UTC))
    words = page.words_of("exercise-trends")
    assert "latest —" not in words
    assert "Front plank best 25 s · last done in full: 25 s on 18 Nov 2026" in words
    assert "Bird dog best 4 reps (cut short) · no set done in full yet" in words
    assert "hollow dot" in words and "cut short" in words
    drawn = line([20, 25, 12], ["a", "b", "c"], label="t", done=[True, True, False])
    assert drawn.count('fill="#2a6f97"><title>') == 2
    assert drawn.count('fill="#fff" stroke="#2a6f97"') == 1


def test_a_session_with_nothing_done_is_counted_apart() -> None:
    """Opened and left before any work: not one of the sessions, in the count at the top,
    the bars per week or a routine's use; counted apart as "opened, nothing done"."""
    page = Page(build(a_week(), TODAY, routines=[quick_file()], tz=UTC))
    words = " ".join(page.words.split())
    assert "4 sessions, and 1 opened, nothing done." in words
    assert "5 sessions" not in words
    week = page.words_of("sessions-per-week")
    assert "16 Nov: 4" in week and "16 Nov: 5" not in week  # the bar of that week
    assert "Not counted: 1 session opened, nothing done." in week
    assert "3 sessions in these weeks, and 1 opened, nothing done" in page.words_of("routines")
    alone = Page(build(a_week()[3:4], TODAY, tz=UTC)).words
    assert "0 sessions, and 1 opened, nothing done." in " ".join(alone.split())


# --- Print: A4 and US Letter, no heading or chart split from what it belongs to -------------

#: Marks every h2 and h3, what follows each one, and the top and bottom of every chart with a
#: word of its own, so the PDF's page texts say on which page each was printed. Returns, per
#: chart, the heading it comes under (the nearest one before it).
MARK = """() => {
  const heads = [...document.querySelectorAll('h2, h3')];
  // (an exercise's figure in the routines' table is not a chart: each is kept whole, below)
  const charts = [...document.querySelectorAll('svg')].filter((s) => !s.closest('.figure'));
  const figures = [...document.querySelectorAll('.figure svg')];
  const word = (text) => {
    const span = document.createElement('span');
    span.style.fontSize = '4px';
    span.textContent = text;
    return span;
  };
  const marks = (svg, i, prefix) => {
    const height = Number(svg.getAttribute('viewBox').split(' ')[3]);
    for (const [name, y] of [[`${prefix}T`, 4], [`${prefix}B`, height - 1]]) {
      const text = document.createElementNS('http://www.w3.org/2000/svg', 'text');
      text.setAttribute('x', '1');
      text.setAttribute('y', String(y));
      text.setAttribute('font-size', '3');
      text.textContent = `q${name}${i}q`;
      svg.appendChild(text);
    }
  };
  charts.forEach((svg, i) => marks(svg, i, ''));
  figures.forEach((svg, i) => marks(svg, i, 'F'));
  const nodes = [];
  const walker = document.createTreeWalker(document.body,
                                           NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) nodes.push(walker.currentNode);
  heads.forEach((h, i) => {
    const after = nodes.find((n) => (h.compareDocumentPosition(n)
        & Node.DOCUMENT_POSITION_FOLLOWING) && !h.contains(n)
        && (n.nodeName.toLowerCase() === 'svg' || n.nodeName.toLowerCase() === 'h2'
            || n.nodeName.toLowerCase() === 'h3'
            || (n.nodeType === Node.TEXT_NODE && n.textContent.trim()
                && !n.parentNode.closest('svg, style, title'))));
    if (after.nodeName.toLowerCase() === 'svg') {
      after.setAttribute('data-follows', String(i));
    } else if (after.nodeType === Node.TEXT_NODE) {
      after.parentNode.insertBefore(word(`qN${i}q`), after);
    } else {
      after.prepend(word(`qN${i}q`));
    }
  });
  heads.forEach((h, i) => h.prepend(word(`qH${i}q`)));
  return [charts.map((svg) => heads.filter((h) => h.compareDocumentPosition(svg)
      & Node.DOCUMENT_POSITION_FOLLOWING).length - 1), figures.length];
}"""

#: Each paper's size in PDF points, and the width inside the report's margins (CSS px).
PAPERS = {"A4": ((595.3, 841.9), (210 - 28) * 96 / 25.4),
          "Letter": ((612.0, 792.0), (215.9 - 28) * 96 / 25.4)}


def report_with_everything(tmp_path: Path) -> str:
    """Three months, every section full: the shipped endurance tests, the quick routine, pain
    reports, mornings, a session with nothing done."""
    seed_months(tmp_path / "data")
    write_quick_routine(tmp_path / "config")
    store = Store(tmp_path / "data")
    store.save(session("empty", datetime(2026, 11, 19, 7, tzinfo=UTC), 1, "ended_early", []))
    routines = routine_files(discover(tmp_path / "config").offered)
    return build(store.load().sessions, TODAY, routines=routines, tz=UTC)


@pytest.mark.parametrize("paper", [pytest.param(name, marks=NEEDS_A_BROWSER)
                                   for name in PAPERS])
def test_the_report_prints_on_a4_and_letter_keeping_each_chart_by_its_heading(
        tmp_path: Path, paper: str) -> None:
    """Printed as a browser prints it (the page's own @page rules first), on each paper: the
    pages are that paper's size, nothing is wider than the paper, every chart is on the page
    of its heading and whole, and no heading is left at the foot of a page without what
    follows it."""
    from playwright.sync_api import sync_playwright

    html = report_with_everything(tmp_path)
    size, inside = PAPERS[paper]
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True,
                                    args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": int(inside), "height": 1000})
        page.set_content(html)
        page.emulate_media(media="print")
        assert page.evaluate("document.documentElement.scrollWidth") <= int(inside)
        under, figures = page.evaluate(MARK)
        heads = page.locator("h2, h3").count()
        pdf = page.pdf(format=paper, prefer_css_page_size=True)
        browser.close()
    boxes = re.findall(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", pdf)
    assert boxes and all((float(w), float(h)) == pytest.approx(size, abs=1.5)
                         for w, h in boxes), f"pages of {boxes[0]!r}, not {paper}"
    texts = page_texts(pdf)
    assert len(texts) >= 3  # long enough for its page breaks to matter

    def page_of(word: str) -> int:
        """The page `word` is printed on; the first, for a table's head (printed again on
        each page the table goes on to)."""
        found = [n for n, text in enumerate(texts) if word in text]
        assert len(found) == 1 or (found and word.startswith("qN")), f"{word}: pages {found}"
        return found[0]

    for chart, heading in enumerate(under):
        top = page_of(f"qT{chart}q")
        assert page_of(f"qB{chart}q") == top, f"chart {chart} is split over two pages"
        assert page_of(f"qH{heading}q") == top, f"chart {chart} is not with its heading"
    assert figures >= 4  # (the quick routine's exercises each have one)
    for figure in range(figures):
        assert page_of(f"qFT{figure}q") == page_of(f"qFB{figure}q"), (
            f"figure {figure} is split over two pages")
    for heading in range(heads):
        follows = f"qN{heading}q"
        after = (page_of(follows) if any(follows in text for text in texts)
                 else page_of(f"qT{under.index(heading)}q"))
        assert page_of(f"qH{heading}q") == after, f"heading {heading} ends a page alone"


def test_sets_left_out_after_a_low_pain_rating_are_planned_sets() -> None:
    """A session that went on after a pain rated 3 (its plank's second set left out) was to
    have the set it left out: "1 of 2", not "1 of 1" (issue 25)."""
    from datetime import UTC, datetime, timedelta

    from coretimer.model.record import NotDoneSet, SessionRecord, SetResult
    from coretimer.text.report import planned_sets

    start = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
    done = SetResult(exercise="Plank", kind="hold", set=1, target=30.0, achieved=12.0,
                     completed=False, ended_by="pain", exercise_id="plank")
    left = NotDoneSet(exercise="Plank", exercise_id="plank", kind="hold", set=2, target=30.0,
                      after_sets=1)
    for status in ("completed", "ended_early"):
        record = SessionRecord(id=f"s-{status}", routine="r", routine_name="R",
                               started_at=start, ended_at=start + timedelta(minutes=5),
                               status=status, sets=[done], not_done=[left])
        assert planned_sets(record, None if status == "completed" else routine_of_plank()) == 2


def routine_of_plank():  # type: ignore[no-untyped-def]
    from tests.helpers import hold, routine

    return routine(hold("Plank", 30, sets=2, rest=5))


def test_each_exercise_with_a_figure_is_drawn_beside_its_name() -> None:
    """Issue 28: the routine table shows the figure of each exercise that has one, inline
    (nothing fetched), its poses side by side; the words of the row are unchanged."""
    html = build(a_week(), TODAY, routines=[quick_file()], tz=UTC)
    table = html[html.index('<table class="routine">'):]
    table = table[:table.index("</table>")]
    rows = table.split("<tr>")[2:]
    drawn = {row.split("<td>")[1].split("<")[0]: row.count("<svg") for row in rows}
    assert drawn["Front plank"] == 1 and drawn["Bird dog"] == 1
    bird = next(row for row in rows if row.startswith("<td>Bird dog"))
    assert bird.count('<circle') == 3  # start, reach, return: three heads side by side
    assert 'aria-hidden="true"' in bird and "http" not in bird.replace(
        'xmlns="http://www.w3.org/2000/svg"', "")
