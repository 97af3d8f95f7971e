"""Session counts add up wherever they are split (issue 25): every session is without pain,
with pain reported but not stopped, or stopped for pain, and `stats`, `stats --json`, the
kept facts and the progress screen say all three, over any history."""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.text import Text

from coretimer.coaching.stats import all_stats, summary
from coretimer.coaching.summarise import summarise
from coretimer.model.record import PainReport, SessionRecord, SetResult
from coretimer.store.history import Store
from coretimer.ui.screens.stats import StatsScreen
from tests.history_files import stats_printed

TODAY = date(2026, 11, 21)
STATUSES = ["completed", "stopped_for_pain", "ended_early", "interrupted"]

#: One session: its status, the ratings of its pain reports (None: no rating; 0: pressed by
#: mistake, not pain) and how many hours before today it started.
history = st.lists(st.tuples(st.sampled_from(STATUSES),
                             st.lists(st.sampled_from([None, 0, 1, 3, 6, 9]), max_size=3),
                             st.integers(1, 24 * 60)), max_size=12)


def records(raw: list[tuple[str, list[int | None], int]]) -> list[SessionRecord]:
    out = []
    for i, (status, levels, hours) in enumerate(raw):
        start = datetime(2026, 11, 21, 12, tzinfo=UTC) - timedelta(hours=hours, seconds=i)
        out.append(SessionRecord(
            id=f"s{i:03d}", routine="quick", routine_name="Quick check", started_at=start,
            ended_at=start + timedelta(minutes=5), status=status,  # type: ignore[arg-type]
            baseline_pain=1,
            sets=[SetResult(exercise="Plank", kind="hold", set=1, target=10.0, achieved=10.0,
                            completed=True)],
            pain=[PainReport(at=start + timedelta(minutes=1), exercise="Plank", level=level)
                  for level in levels]))
    return out


def expected(sessions: list[SessionRecord]) -> tuple[int, int, int]:
    """(without pain, pain reported but not stopped, stopped for pain), by the rules."""
    stopped = sum(1 for s in sessions if s.status == "stopped_for_pain")
    reported = sum(1 for s in sessions if s.status != "stopped_for_pain" and s.real_pain)
    return len(sessions) - stopped - reported, reported, stopped


def split_of(line: str) -> tuple[int, list[int]]:
    """The total and the parts of a count line: "sessions: 7 (3 …, 1 …, 3 …)" or
    "7 sessions: 3 …, 1 …, 3 …"."""
    found = (re.search(r"sessions: (\d+) \(([^)]*)\)", line)
             or re.search(r"(\d+) sessions?[:,] ([^\n]*)", line))
    assert found is not None, line
    return int(found[1]), [int(n) for n in re.findall(r"\d+", found[2])]


@settings(max_examples=80, deadline=None)
@given(history)
def test_the_summary_and_its_json_add_up_over_any_history(
        raw: list[tuple[str, list[int | None], int]]) -> None:
    sessions = records(raw)
    data = summary(sessions, TODAY, 3, tz=UTC).to_json()
    without, reported, stopped = expected(sessions)
    assert data["sessions"] == len(sessions)
    assert (data["pain_free_sessions"], data.get("pain_reported_not_stopped"),
            data["stopped_for_pain"]) == (without, reported, stopped)
    # The progress screen's head says the same three, and they add up.
    head = Text.from_markup(StatsScreen._head(all_stats(sessions, TODAY, 3, tz=UTC))).plain
    total, parts = split_of(head)
    assert total == len(sessions) and parts == [without, reported, stopped], head


def _summary(record: SessionRecord) -> object:

    return summarise(record, f"{record.id}.json")


def test_stats_names_the_seventh_kind(tmp_path: Path) -> None:
    """The issue's history: 7 sessions, 3 without pain, 3 stopped for pain, and one with
    pain reported (a 3/10) that went on."""
    raw: list[tuple[str, list[int | None], int]] = [
        ("completed", [], 200), ("completed", [0], 150), ("ended_early", [], 120),
        ("completed", [3], 100), ("stopped_for_pain", [6], 80),
        ("stopped_for_pain", [None], 50), ("stopped_for_pain", [2, 7], 20)]
    store = Store(tmp_path)
    for record in records(raw):
        store.save(record)
    text = stats_printed(tmp_path)
    assert text.splitlines()[0] == ("sessions: 7 (3 without pain, 1 with pain reported but not "
                                    "stopped, 3 stopped for pain)")
    data = json.loads(stats_printed(tmp_path, "--json"))
    assert (data["sessions"], data["pain_free_sessions"], data["pain_reported_not_stopped"],
            data["stopped_for_pain"]) == (7, 3, 1, 3)


@pytest.mark.parametrize("levels", [[], [0], [None]])
def test_a_stop_for_pain_is_counted_once_whatever_its_reports(
        levels: list[int | None]) -> None:
    """A session saved as stopped for pain (even one whose file lost its report) is
    stopped for pain, and only that: the parts never count it twice."""
    (record,) = records([("stopped_for_pain", levels, 5)])
    data = summary([record], TODAY, 3, tz=UTC).to_json()
    assert (data["pain_free_sessions"], data.get("pain_reported_not_stopped"),
            data["stopped_for_pain"]) == (0, 0, 1)
