"""After a pain report rated 1-4 the exercise ends and the session moves on (issue 25): the
sets of that exercise that were still to come are kept as "not done because of pain", and
shown so in the summary, the history and the export, never dropped ("0 of 2 sets")."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest
from textual.widgets import DataTable

from coretimer.coaching.summarise import summarise
from coretimer.model.clock import FakeClock
from coretimer.model.record import NotDoneSet, SessionRecord
from coretimer.routine.files import load_routine_file
from coretimer.session.engine import Engine
from coretimer.store.history import Store
from coretimer.store.journal import MemoryJournal, parse, replay
from coretimer.text.export import CSV_COLUMNS, csv_text
from coretimer.text.present import history_row, sets_in_order
from coretimer.ui.screens.history import HistoryScreen
from coretimer.ui.screens.session_detail import SessionDetailScreen
from coretimer.ui.screens.summary import SummaryScreen
from tests.scenarios import (
    GET_READY,
    PLANK,
    START,
    advance,
    build_app,
    ready,
    to_session,
    write_quick_routine,
)

FIXTURE = Path(__file__).parent / "fixtures" / "pain-left-v5.json"

#: The quick routine's timeline (seconds from the start): get ready 3, plank 10, rest 4,
#: plank 10, 5 between, then the bird dog: get ready 3, left 12, switch 3, right 12.
PLANK_SET_1 = GET_READY + 4
PLANK_REST = GET_READY + PLANK + 1
BETWEEN = GET_READY + 2 * PLANK + 4 + 2
BIRD_DOG_GET_READY = GET_READY + 2 * PLANK + 4 + 5 + 1
BIRD_DOG_SWITCH = GET_READY + 2 * PLANK + 4 + 5 + GET_READY + 12 + 1


def quick_engine(tmp_path: Path) -> tuple[Engine, FakeClock, MemoryJournal]:
    routine = load_routine_file(write_quick_routine(tmp_path / "config"), source="user")
    clock = FakeClock(START)
    journal = MemoryJournal()
    engine = Engine(routine.routine, clock, routine_id="quick", baseline_pain=2,
                    recorder=journal)
    engine.start()
    return engine, clock, journal


def run_to(engine: Engine, clock: FakeClock, at: float) -> None:
    while engine.active() < at - 1e-9:
        clock.advance(min(0.5, at - engine.active()))
        engine.update()


def left(engine: Engine) -> list[tuple[str, int, str | None, float | None, int]]:
    return [(n.exercise, n.set, n.side, n.target, n.after_sets) for n in engine.not_done]


@pytest.mark.parametrize(("at", "expected", "sets"), [
    # During the plank's first set: it is cut short, its second set is not done.
    (PLANK_SET_1, [("Front plank", 2, None, 10.0, 1)], [("Front plank", 1, "pain")]),
    # In the rest after the first set: the first was done in full.
    (PLANK_REST, [("Front plank", 2, None, 10.0, 1)], [("Front plank", 1, "time")]),
    # While getting ready for the bird dog: every set of it, both sides.
    (BIRD_DOG_GET_READY, [("Bird dog", 1, "left", 4.0, 2), ("Bird dog", 1, "right", 4.0, 2)],
     [("Front plank", 1, "time"), ("Front plank", 2, "time")]),
    # While switching sides: the right side.
    (BIRD_DOG_SWITCH, [("Bird dog", 1, "right", 4.0, 3)],
     [("Front plank", 1, "time"), ("Front plank", 2, "time"), ("Bird dog", 1, "time")]),
    # In the rest between exercises: the plank was done; the bird dog comes next as planned.
    (BETWEEN, [], [("Front plank", 1, "time"), ("Front plank", 2, "time")]),
])
def test_a_low_rating_keeps_the_sets_it_leaves_out(
        tmp_path: Path, at: float, expected: list[object], sets: list[object]) -> None:
    engine, clock, journal = quick_engine(tmp_path)
    run_to(engine, clock, at)
    engine.report_pain()
    engine.rate_pain(3)  # below the spike rule: the exercise ends, the session goes on
    assert left(engine) == expected
    assert [(s.exercise, s.set, s.ended_by) for s in engine.sets] == sets
    assert all(n.because == "pain" for n in engine.not_done)
    # What the session file will hold: replayed from the journal (a crash keeps it too).
    record = journal.record()
    assert [(n.exercise, n.set, n.side, n.target, n.after_sets)
            for n in record.not_done] == expected
    engine.end_session()
    assert journal.record().not_done == record.not_done


def test_a_zero_rating_leaves_nothing_out(tmp_path: Path) -> None:
    engine, clock, journal = quick_engine(tmp_path)
    run_to(engine, clock, PLANK_SET_1)
    engine.report_pain()
    engine.rate_pain(0)
    assert engine.not_done == [] and journal.record().not_done == []


def test_the_journal_holds_each_set_left_out(tmp_path: Path) -> None:
    """One journal line each, as the sets are: a torn last line loses at most one."""
    engine, clock, journal = quick_engine(tmp_path)
    run_to(engine, clock, BIRD_DOG_GET_READY)
    engine.report_pain()
    engine.rate_pain(3)
    lines = [json.dumps(e) for e in journal.entries]
    entries, problem = parse(("\n".join(lines) + "\n").encode())
    assert problem is None
    assert [e["type"] for e in entries][-2:] == ["not_done", "not_done"]
    assert len(replay(entries).not_done) == 2


def pain_left_record(tmp_path: Path) -> SessionRecord:
    """A session: the plank's first set cut short by pain rated 3, its second not done, the
    bird dog done, then ended."""
    engine, clock, journal = quick_engine(tmp_path)
    run_to(engine, clock, PLANK_SET_1)
    engine.report_pain()
    engine.rate_pain(3)
    engine.resume()
    run_to(engine, clock, engine.active() + GET_READY + 12 + 3 + 12 + 1)
    engine.end_session()
    return journal.record()


def test_the_order_puts_each_set_left_out_in_its_place(tmp_path: Path) -> None:
    record = pain_left_record(tmp_path)
    shown = [(type(s).__name__, s.exercise, s.set, s.side) for s in sets_in_order(record)]
    assert shown == [("SetResult", "Front plank", 1, None),
                     ("NotDoneSet", "Front plank", 2, None),
                     ("SetResult", "Bird dog", 1, "left"),
                     ("SetResult", "Bird dog", 1, "right")]


def test_the_history_counts_them_among_the_sets(tmp_path: Path) -> None:
    record = pain_left_record(tmp_path)
    row = history_row(summarise(record, f"{record.id}.json"))
    assert row.sets == "2/4"  # the bird dog's two done, of the four planned


def test_the_csv_has_a_row_for_each_set_left_out(tmp_path: Path) -> None:
    record = pain_left_record(tmp_path)
    rows = list(csv.DictReader(io.StringIO(csv_text([record]))))
    assert [(r["row"], r["exercise"], r["set"], r["side"]) for r in rows] == [
        ("set", "Front plank", "1", ""), ("not_done", "Front plank", "2", ""),
        ("set", "Bird dog", "1", "left"), ("set", "Bird dog", "1", "right"),
        ("pain", "Front plank", "", "")]
    (not_done,) = [r for r in rows if r["row"] == "not_done"]
    assert (not_done["kind"], not_done["target"], not_done["achieved"], not_done["completed"],
            not_done["skipped"], not_done["ended_by"], not_done["not_done_because"]) == (
        "hold", "10", "", "false", "false", "", "pain")
    assert {r["not_done_because"] for r in rows if r["row"] != "not_done"} == {""}


def test_the_csv_and_json_shapes_are_only_extended() -> None:
    """Every column of before keeps its place; the JSON keeps every key."""
    before = ("session_id", "routine", "routine_name", "started_at", "ended_at", "status",
              "baseline_pain", "exercise", "kind", "side", "set", "target", "achieved",
              "completed", "skipped", "ended_by", "level", "level_name",
              "row", "pain_at", "pain_level", "pain_phase", "next_morning",
              "next_morning_pain")
    assert CSV_COLUMNS[:len(before)] == before
    assert CSV_COLUMNS[len(before):] == ("not_done_because",)
    doc = json.loads(FIXTURE.read_text())
    keys = set(SessionRecord.model_validate(doc).public_json())
    assert keys == {"id", "routine", "routine_name", "started_at", "ended_at", "status",
                    "baseline_pain", "sets", "pain", "next_morning", "next_morning_pain",
                    "not_done"}


def test_the_json_export_lists_them(tmp_path: Path) -> None:
    record = pain_left_record(tmp_path)
    data = record.public_json()
    assert data["not_done"] == [{
        "exercise": "Front plank", "exercise_id": "front-plank", "kind": "hold", "side": None,
        "set": 2, "target": 10.0, "level": None, "level_name": None, "because": "pain",
        "after_sets": 1}]
    assert len(data["sets"]) == 3  # the sets done are as they were


def test_a_session_file_with_sets_left_out_loads(data_dir: Path) -> None:
    """The fixture of this version's field: it must keep loading in every later version."""
    (data_dir / "sessions").mkdir(parents=True)
    shutil.copy(FIXTURE, data_dir / "sessions" / FIXTURE.name)
    result = Store(data_dir).load()
    assert result.problems == []
    (record,) = result.sessions
    assert [(n.exercise, n.set, n.side, n.because) for n in record.not_done] == [
        ("Side bridge", 2, "left", "pain"), ("Side bridge", 2, "right", "pain"),
        ("Side bridge", 3, "left", "pain"), ("Side bridge", 3, "right", "pain")]
    assert (data_dir / "sessions" / FIXTURE.name).read_bytes() == FIXTURE.read_bytes()


def test_an_older_session_file_has_none(data_dir: Path) -> None:
    old = Path(__file__).parent / "fixtures" / "sessions" / "v4.json"
    (data_dir / "sessions").mkdir(parents=True)
    shutil.copy(old, data_dir / "sessions" / old.name)
    (record,) = Store(data_dir).load().sessions
    assert record.not_done == []
    assert NotDoneSet.model_fields.keys() >= {"exercise", "set", "side", "target", "because"}


def table_rows(table: DataTable[object]) -> list[list[str]]:
    return [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]


async def test_the_summary_shows_them_as_not_done_because_of_pain(tmp_path: Path) -> None:
    app, clock = build_app(tmp_path, start="quick")
    async with app.run_test(size=(100, 32)) as pilot:
        await to_session(pilot, baseline="2")
        await advance(pilot, clock, PLANK_SET_1)
        await pilot.press("p", "3", "enter")  # 3: the plank is over for today
        await pilot.pause()
        await pilot.press("e")  # end the session
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SummaryScreen)
        rows = table_rows(screen.query_one("#summary-sets", DataTable))
        assert [row[0:3] + row[5:] for row in rows] == [
            ["Front plank", "", "1", "cut short by pain"],
            ["Front plank", "", "2", "pain"]]
        assert rows[1][3:5] == ["10 s", "not done"]
        title = str(screen.query_one("#summary-title").render())
        assert "0 of 2 sets completed (1 not done because of pain)" in title
        # "Not for me" on that row marks its exercise, as on any row.
        screen.query_one("#summary-sets", DataTable).move_cursor(row=1)
        await pilot.press("n")
        await pilot.pause()
        assert "front-plank" in app.settings.not_for_me


async def test_the_history_shows_them(tmp_path: Path) -> None:
    app, _ = build_app(tmp_path, history=False)
    record = pain_left_record(tmp_path)
    Store(tmp_path / "data").save(record)
    async with app.run_test(size=(100, 32)) as pilot:
        await ready(pilot)
        await pilot.press("h")
        await pilot.pause()
        history = app.screen
        assert isinstance(history, HistoryScreen)
        listed = table_rows(history.query_one(DataTable))
        assert any("2/4" in row for row in listed), listed
        await pilot.press("enter")
        await pilot.pause()
        detail = app.screen
        assert isinstance(detail, SessionDetailScreen)
        rows = table_rows(detail.query_one("#detail-sets", DataTable))
        assert [row[0:3] + row[5:] for row in rows] == [
            ["Front plank", "", "1", "cut short by pain"],
            ["Front plank", "", "2", "pain"],
            ["Bird dog", "left", "1", "✓"], ["Bird dog", "right", "1", "✓"]]
        assert rows[1][3:5] == ["10 s", "not done"]
