"""Stats benchmark: every statistic the app and `coretimer stats` show, over 10,000 sessions.

    .venv/bin/python bench/stats.py [--sessions N]

Target: under 200 ms for 10,000 sessions.
"""

from __future__ import annotations

import argparse
import statistics
import time
from datetime import UTC, datetime, timedelta

from coretimer.coaching.stats import all_stats
from coretimer.model.record import PainReport, SessionRecord, SetResult


def history(n: int) -> list[SessionRecord]:
    """Three sessions a week for n sessions, an endurance test every 20th, pain now and then."""
    out = []
    start = datetime(2000, 1, 3, 7, tzinfo=UTC)
    for i in range(n):
        when = start + timedelta(days=(i // 3) * 7 + (i % 3) * 2)
        if i % 20 == 0:
            routine, sets = "endurance-test", [
                SetResult(exercise="Front plank", kind="hold", set=1, target=None,
                          achieved=60 + i % 30, completed=True),
                SetResult(exercise="Side plank", kind="hold", side="left", set=1, target=None,
                          achieved=40 + i % 7, completed=True),
                SetResult(exercise="Side plank", kind="hold", side="right", set=1, target=None,
                          achieved=42 + i % 5, completed=True),
                SetResult(exercise="Back-extensor hold", kind="hold", set=1, target=None,
                          achieved=80 + i % 11, completed=True)]
        else:
            routine = "foundations"
            sets = [SetResult(exercise=f"Exercise {k % 6}", kind="hold" if k % 2 else "reps",
                              set=k // 6 + 1, target=30.0, achieved=float(20 + (i + k) % 15),
                              completed=True) for k in range(10)]
        pain = [PainReport(at=when, exercise="Exercise 1", level=i % 6)] if i % 13 == 0 else []
        out.append(SessionRecord(id=f"s{i}", routine=routine, routine_name=routine,
                                 started_at=when, ended_at=when + timedelta(minutes=20),
                                 status="completed", baseline_pain=i % 4, sets=sets, pain=pain))
    return out


def everything(sessions: list[SessionRecord], today: datetime) -> None:
    """What the stats screen computes: the summary, every trend with its 4-week change, the
    pain trend, the endurance tests and their ratios."""
    stats = all_stats(sessions, today.date(), 3, tz=UTC)
    for trend in stats.trends.values():
        trend.change_over(28)
    for test in stats.endurance:
        test.notes()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sessions", type=int, default=10_000)
    args = parser.parse_args()
    sessions = history(args.sessions)
    today = sessions[-1].started_at + timedelta(days=1)
    times = []
    for _ in range(7):
        t0 = time.perf_counter()
        everything(sessions, today)
        times.append(time.perf_counter() - t0)
    print(f"every stat over {len(sessions)} sessions: median "
          f"{statistics.median(times) * 1000:.0f} ms, min {min(times) * 1000:.0f} ms "
          "(target < 200 ms)")


if __name__ == "__main__":
    main()
