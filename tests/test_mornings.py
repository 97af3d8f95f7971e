"""The next morning, asked when it can be answered (issue 22): which sessions are asked about
as coretimer opens, which may be answered, what a "same" well above the check-in means, and
answers written once and never replaced (by the app, `coretimer morning` or a sync tool)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from coretimer.coaching.mornings import (
    Refused,
    counts_as_worse,
    morning_has_come,
    question,
    to_answer,
    to_ask,
    why_worse,
)
from coretimer.durable import create_once
from coretimer.index.queries import load_summaries
from coretimer.model.record import SessionRecord
from coretimer.store.asked import asked_file
from coretimer.store.history import Store
from coretimer.store.sessionfiles import AlreadyAnswered

NOW = datetime(2026, 11, 25, 19, 30, tzinfo=UTC)  # a Wednesday evening (TZ=UTC in tests)


@dataclass(frozen=True)
class S:
    id: str
    ended_at: datetime | None
    next_morning: str | None = None
    baseline_pain: int | None = 1
    next_morning_pain: int | None = None
    routine_name: str = "Back-safe foundations"

    @property
    def started_at(self) -> datetime:
        return (self.ended_at or NOW) - timedelta(minutes=20)


def ago(hours: float, id_: str = "s", **kw: object) -> S:
    return S(id_, NOW - timedelta(hours=hours), **kw)  # type: ignore[arg-type]


@pytest.mark.parametrize(("hours", "asked", "why"), [
    (6, False, "the same day"),
    (11.9, False, "under 12 h (yesterday 07:36)"),
    (12.0, False, "12 h but the same day (07:30 today): its morning after has not come"),
    (24, True, "yesterday evening"),
    (60.5, True, "Monday 07:00, asked on Wednesday evening"),
    (72, True, "Friday to Monday"),
    (7 * 24, True, "7 days"),
    (7 * 24 + 0.1, False, "older than 7 days"),
])
def test_a_session_is_asked_about_from_12_hours_once_its_morning_has_come(
        hours: float, asked: bool, why: str) -> None:
    assert bool(to_ask([ago(hours)], NOW)) is asked, why


def test_the_morning_after_has_come_on_a_later_day_and_6_hours_on() -> None:
    late = S("s", datetime(2026, 11, 24, 23, 30, tzinfo=UTC))
    assert not morning_has_come(late, datetime(2026, 11, 25, 0, 10, tzinfo=UTC))
    assert morning_has_come(late, datetime(2026, 11, 25, 6, 0, tzinfo=UTC))
    early = S("s", datetime(2026, 11, 25, 7, 0, tzinfo=UTC))
    assert not morning_has_come(early, datetime(2026, 11, 25, 23, 59, tzinfo=UTC))


def test_the_newest_first_at_most_two_and_each_once() -> None:
    sessions = [ago(30, "mon"), ago(80, "sat"), ago(26, "tue"), ago(100, "fri")]
    assert [s.id for s in to_ask(sessions, NOW)] == ["tue", "mon"]
    assert [s.id for s in to_ask(sessions, NOW, asked={"tue", "mon"})] == ["sat", "fri"]
    answered = [ago(30, "mon", next_morning="better"), ago(26, "tue", next_morning="worse")]
    assert to_ask(answered, NOW) == []
    # "skipped" (older versions, Esc): it was asked; it is not asked again
    assert to_ask([ago(30, "mon", next_morning="skipped")], NOW) == []


def test_the_question_names_the_day_and_the_routine() -> None:
    monday = S("s", datetime(2026, 11, 23, 7, 20, tzinfo=UTC))
    assert question(monday, UTC) == ("How did your back feel the morning after Monday's "
                                     "session (Back-safe foundations)?")


@pytest.mark.parametrize(("answer", "pain", "baseline", "worse"), [
    ("worse", None, None, True), ("same", None, 1, False), ("same", 2, 1, False),
    ("same", 3, 1, True), ("same", 7, 5, True), ("same", 6, 5, False),
    ("better", 3, 1, True),  # a "better" 2 points above the check-in is not better
    ("same", 9, None, False),  # no check-in: nothing to compare with
    ("same", 0, 0, False), ("same", 2, 0, True),
])
def test_same_two_points_above_the_check_in_counts_as_worse(
        answer: str, pain: int | None, baseline: int | None, worse: bool) -> None:
    assert counts_as_worse(answer, pain, baseline) is worse
    why = why_worse(answer, pain, baseline)
    assert (why is not None) is (worse and answer != "worse")


def test_answering_picks_the_newest_waiting_or_refuses_in_one_line() -> None:
    sessions = [ago(30, "mon"), ago(50, "sun", next_morning="better"), ago(2, "today"),
                ago(200, "old")]
    assert to_answer(sessions, NOW).id == "mon"
    assert to_answer(sessions, NOW, "old").id == "old"  # named: any age
    for session_id, words in [("sun", "answered already: better"), ("nope", "no session"),
                              ("today", "has not come yet")]:
        with pytest.raises(Refused, match=words) as caught:
            to_answer(sessions, NOW, session_id)
        assert "\n" not in str(caught.value)
    with pytest.raises(Refused, match="no session of the last 7 days"):
        to_answer([ago(200, "old")], NOW)


# --- answers written once ------------------------------------------------------------------------


def saved(store: Store, hours: float = 30, id_: str = "s1", baseline: int = 1,
          **kw: object) -> SessionRecord:
    end = datetime.now(UTC) - timedelta(hours=hours)
    record = SessionRecord(id=id_, routine="r", routine_name="R",
                           started_at=end - timedelta(minutes=20), ended_at=end,
                           status="completed", baseline_pain=baseline,
                           **kw)  # type: ignore[arg-type]
    store.save(record)
    return record


def answers(store: Store) -> dict[str, tuple[str | None, int | None]]:
    full = {s.id: (s.next_morning, s.next_morning_pain) for s in store.load().sessions}
    indexed = {s.id: (s.next_morning, s.next_morning_pain)
               for s in load_summaries(store, recover=False).sessions}
    assert indexed == full  # the index says what the files say
    return full


def test_a_second_answer_never_replaces_the_first(tmp_path: Path) -> None:
    store = Store(tmp_path)
    saved(store)
    store.set_next_morning("s1", "better", 1)
    with pytest.raises(AlreadyAnswered, match="better, 1/10") as caught:
        store.set_next_morning("s1", "worse", 6)
    assert "never replaced" in str(caught.value)
    assert answers(store) == {"s1": ("better", 1)}


def test_the_number_given_after_the_word_goes_in_a_file_of_its_own(tmp_path: Path) -> None:
    store = Store(tmp_path)
    saved(store)
    first = store.set_next_morning("s1", "same")
    before = first.read_bytes()
    store.add_next_morning_pain("s1", "same", 3)
    assert first.read_bytes() == before  # the word's file is never edited
    assert answers(store) == {"s1": ("same", 3)}
    with pytest.raises(AlreadyAnswered):
        store.add_next_morning_pain("s1", "same", 5)
    assert answers(store) == {"s1": ("same", 3)}


def test_an_answer_after_an_old_skip_is_kept_beside_it(tmp_path: Path) -> None:
    """Older versions wrote "skipped" when the question was put away: that file stays, and
    the answer given later goes beside it and counts."""
    store = Store(tmp_path)
    saved(store)
    skip = tmp_path / "sessions" / "s1.next-morning"
    skip.write_text(json.dumps({"session": "s1", "next_morning": "skipped", "pain": None}))
    assert answers(store) == {"s1": ("skipped", None)}
    store.set_next_morning("s1", "worse", 5)
    assert json.loads(skip.read_text())["next_morning"] == "skipped"
    assert answers(store) == {"s1": ("worse", 5)}
    with pytest.raises(AlreadyAnswered):
        store.set_next_morning("s1", "better")


@pytest.mark.parametrize("name", ["s1.sync-conflict-20261125-101010-ABCDEFG.next-morning",
                                  "s1 (conflicted copy).next-morning"])  # after and before
@pytest.mark.parametrize(("first", "copy", "counts"), [
    (("better", 0), ("worse", 7), ("worse", 7)), (("worse", 3), ("better", 0), ("worse", 3)),
    (("same", 2), ("same", 4), ("same", 4)), (("same", None), ("better", 1), ("same", None))])
def test_two_machines_answers_to_one_morning_the_more_cautious_counts(
        tmp_path: Path, name: str, first: tuple[str, int | None], copy: tuple[str, int | None],
        counts: tuple[str, int | None]) -> None:
    """Answered on two machines before they synced: a sync tool keeps both files, under
    whichever names. Whichever name it gives which, the more cautious answer counts (a
    worse morning is never hidden by a better one), with the higher pain for one word."""
    store = Store(tmp_path)
    saved(store)
    store.set_next_morning("s1", *first)  # type: ignore[arg-type]
    (tmp_path / "sessions" / name).write_text(
        json.dumps({"session": "s1", "next_morning": copy[0], "pain": copy[1]}))
    assert answers(store) == {"s1": counts}


def test_an_answer_beats_a_skip_in_any_file(tmp_path: Path) -> None:
    store = Store(tmp_path)
    saved(store)
    store.set_next_morning("s1", "same", 2)
    copy = tmp_path / "sessions" / "s1 (conflicted copy).next-morning"
    copy.write_text(json.dumps({"session": "s1", "next_morning": "skipped", "pain": None}))
    assert answers(store) == {"s1": ("same", 2)}


def test_an_answer_inside_an_old_session_file_counts_as_answered() -> None:
    old = S("s", NOW - timedelta(hours=30), next_morning="better")
    with pytest.raises(Refused, match="answered already"):
        to_answer([old], NOW, "s")


def test_two_writers_racing_for_one_answer_file_make_one_answer(tmp_path: Path) -> None:
    path = tmp_path / "a.next-morning"
    won: list[bytes] = []
    lost: list[BaseException] = []
    barrier = threading.Barrier(8)

    def write(n: int) -> None:
        barrier.wait()
        try:
            create_once(path, f"{n}\n".encode())
            won.append(f"{n}\n".encode())
        except FileExistsError as exc:
            lost.append(exc)

    threads = [threading.Thread(target=write, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(won) == 1 and len(lost) == 7
    assert path.read_bytes() == won[0]
    assert [p.name for p in tmp_path.iterdir()] == ["a.next-morning"]  # no temp file left


def test_the_machine_remembers_what_it_asked_and_a_damaged_memory_costs_nothing(
        tmp_path: Path) -> None:
    asked = asked_file(tmp_path)
    assert asked.ids() == frozenset()
    asked.add(["a", "b"], NOW)
    asked.add(["c"], NOW + timedelta(days=31))  # a and b are forgotten after 30 days
    assert asked.ids() == {"c"}
    asked.path.write_bytes(b"\x00garbage")
    assert asked.ids() == frozenset()
    asked.add(["d"], NOW)
    assert asked.ids() == {"d"}


# --- coretimer morning ---------------------------------------------------------------------------


def morning(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "CORETIMER_CONFIG_DIR": str(tmp_path / "config"),
           "CORETIMER_CACHE_DIR": str(tmp_path / "cache")}
    return subprocess.run([sys.executable, "-m", "coretimer", "--data-dir",
                           str(tmp_path / "data"), "morning", *args],
                          capture_output=True, text=True, env=env, timeout=60)


def test_coretimer_morning_answers_the_newest_waiting_session(tmp_path: Path) -> None:
    store = Store(tmp_path / "data")
    saved(store, hours=80, id_="older")
    saved(store, hours=30, id_="newer", baseline=1)
    done = morning(tmp_path, "same", "--pain", "3")
    assert done.returncode == 0, done.stderr
    assert "the morning after, the same, 3/10" in done.stdout
    assert "Counted as worse: 3/10 that morning is 2 points above the 1/10" in done.stdout
    again = morning(tmp_path, "better", "--session", "older")
    assert again.returncode == 0, again.stderr
    assert answers(store) == {"newer": ("same", 3), "older": ("better", None)}


@pytest.mark.parametrize(("args", "words"), [
    (("worse", "--session", "nope"), "no session 'nope'"),
    (("worse", "--session", "s1"), "answered already: better"),
    (("same", "--pain", "11"), "--pain: a whole number from 0 to 10"),
    (("same", "--pain", "-1"), "--pain: a whole number from 0 to 10"),
    (("same", "--pain", "two"), "--pain: a whole number from 0 to 10"),
    (("fine",), "better, same or worse, not 'fine'"),
])
def test_coretimer_morning_refuses_bad_input_in_one_line(
        tmp_path: Path, args: tuple[str, ...], words: str) -> None:
    store = Store(tmp_path / "data")
    saved(store)
    store.set_next_morning("s1", "better")
    done = morning(tmp_path, *args)
    assert done.returncode == 2
    assert words in done.stderr and done.stderr.count("\n") == 1, done.stderr
    assert "Traceback" not in done.stderr
    assert answers(store) == {"s1": ("better", None)}


def test_written_once_where_hard_links_are_not_allowed(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """A FAT stick or a phone's shared folder refuses links: the answer is still written
    once, and a second one still refused."""
    import errno

    def no_links(src: object, dst: object) -> None:
        raise PermissionError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_links)
    path = tmp_path / "a.next-morning"
    create_once(path, b"first\n")
    with pytest.raises(FileExistsError):
        create_once(path, b"second\n")
    assert path.read_bytes() == b"first\n"
    assert [p.name for p in tmp_path.iterdir()] == ["a.next-morning"]
