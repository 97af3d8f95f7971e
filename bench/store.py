"""Store benchmark: load + validate a history of 100 ... 100,000 sessions, and the cost of
saving one more session at each size (it must not grow with the history).

    .venv/bin/python bench/store.py [--sizes 100,1000,10000,100000]

Target: loading 10,000 sessions (about 25 years of daily training) under 1 s.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from coretimer.model.clock import FakeClock
from coretimer.model.record import PainReport, SessionRecord, SetResult
from coretimer.routine.files import discover
from coretimer.session.controller import Session
from coretimer.store.history import Store, session_bytes


def a_session(i: int) -> SessionRecord:
    """A typical session: 10 sets, now and then a pain report."""
    start = datetime(2000, 1, 1, 7, tzinfo=UTC) + timedelta(hours=i)
    sets = [SetResult(exercise=f"Exercise {k % 5}", kind="hold" if k % 2 else "reps",
                      side=None if k % 3 else "left", set=k % 3 + 1, target=30.0,
                      achieved=float(20 + k), completed=k != 9) for k in range(10)]
    pain = [PainReport(at=start + timedelta(minutes=5), exercise="Exercise 1", level=3)] \
        if i % 17 == 0 else []
    return SessionRecord(id=f"{start:%Y%m%dT%H%M%S}-{i:08x}", routine="foundations",
                         routine_name="Back-safe foundations", started_at=start,
                         ended_at=start + timedelta(minutes=20), status="completed",
                         baseline_pain=1, sets=sets, pain=pain)


def fill(root: Path, count: int, already: int) -> None:
    folder = root / "sessions"
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(already, count):  # written directly: this is set-up, not what is measured
        record = a_session(i)
        (folder / f"{record.id}.json").write_bytes(session_bytes(record))


def save_one(store: Store) -> float:
    """A whole session through the controller: the engine, the journal (fsync per entry), then
    the session file."""
    loaded = next(r for r in discover(Path("/nonexistent")).routines if r.id == "foundations")
    clock = FakeClock()
    session = Session(loaded, store, clock)
    session.start()
    t0 = time.perf_counter()
    while session.finished is None:
        clock.advance(60)
        session.tick()
    assert session.finished.saved
    return time.perf_counter() - t0


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="100,1000,10000,100000")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    sizes = [int(x) for x in args.sizes.split(",")]
    print(f"{'sessions':>9} {'load + validate (median)':>26} {'per session':>12} "
          f"{'save one session':>18} {'save one file':>15}")
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        store = Store(root)
        have = 0
        for size in sizes:
            fill(root, size, have)
            have = size
            loads = []
            for _ in range(args.repeat):
                t0 = time.perf_counter()
                result = store.load()
                loads.append(time.perf_counter() - t0)
                assert len(result.sessions) >= size and not result.problems
            whole = statistics.median(save_one(store) for _ in range(3))
            files = []
            for k in range(5):
                t0 = time.perf_counter()
                store.save(a_session(1_000_000 + size + k))
                files.append(time.perf_counter() - t0)
            have += 8  # the sessions saved just now
            load = statistics.median(loads)
            print(f"{size:>9} {load * 1000:>23.0f} ms {load / size * 1e6:>9.1f} us "
                  f"{whole * 1000:>15.1f} ms {statistics.median(files) * 1000:>12.2f} ms")


if __name__ == "__main__":
    main()
