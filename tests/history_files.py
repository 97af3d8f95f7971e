"""A history on disk, for the tests of the index and what is built on it (the saved stats,
endurance tests): records, their files, next-morning answers, old file
times, and the command line run over it."""

from __future__ import annotations

import io
import json
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager, redirect_stderr, redirect_stdout
from datetime import UTC, datetime, timedelta
from pathlib import Path

from coretimer import cli
from coretimer.model.record import PainReport, SessionRecord, SetResult
from coretimer.store.history import session_bytes
from coretimer.store.sessionfiles import ANSWER_SUFFIX

T0 = datetime(2026, 1, 5, 7, tzinfo=UTC)
#: File times well before any index in these tests is written (so they are trusted).
OLD = time.time() - 3600


def record(i: int, *, sets: int = 3, pain: int | None = None,
           answer: str | None = None) -> SessionRecord:
    start = T0 + timedelta(days=i)
    return SessionRecord(
        id=f"s{i:05d}", routine="foundations" if i % 3 else "big-three",
        routine_name="Back-safe foundations" if i % 3 else "The Big Three",
        started_at=start, ended_at=start + timedelta(minutes=20), status="completed",
        baseline_pain=i % 4,
        sets=[SetResult(exercise="Plank", kind="hold", set=k + 1, target=30.0,
                        achieved=float(20 + (i + k) % 11), completed=k % 2 == 0)
              for k in range(sets)],
        pain=[] if pain is None else [PainReport(at=start + timedelta(minutes=3),
                                                 exercise="Plank", level=pain)],
        next_morning=answer)  # type: ignore[arg-type]


def put(root: Path, rec: SessionRecord, name: str | None = None, *,
        mtime: float | None = OLD) -> Path:
    folder = root / "sessions"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / (name or f"{rec.id}.json")
    path.write_bytes(session_bytes(rec))
    if mtime is not None:
        os.utime(path, (mtime, mtime))
    return path


def answer(root: Path, session_id: str, text: str, pain: int | None = None, *,
           mtime: float | None = OLD) -> Path:
    path = root / "sessions" / f"{session_id}{ANSWER_SUFFIX}"
    path.write_text(json.dumps({"session": session_id, "next_morning": text, "pain": pain}))
    if mtime is not None:
        os.utime(path, (mtime, mtime))
    return path


def run(root: Path, *argv: str) -> int:
    return cli.main(["--data-dir", str(root), *argv])


def stats_printed(root: Path, *argv: str) -> str:
    """What `coretimer stats` prints (stdout alone) on the data folder `root`; it must
    succeed."""
    out = io.StringIO()
    with redirect_stdout(out), redirect_stderr(io.StringIO()):
        assert cli.main(["--data-dir", str(root), "stats", *argv]) == 0
    return out.getvalue()


@contextmanager
def zone_kept() -> Iterator[None]:
    """Whatever time zone the body sets (TZ, then time.tzset()), the one before it is back
    after it."""
    zone = os.environ.get("TZ")
    try:
        yield
    finally:
        if zone is None:
            os.environ.pop("TZ", None)
        else:
            os.environ["TZ"] = zone
        time.tzset()
