"""Shared test helpers: build routines, drive an engine through simulated time."""

from __future__ import annotations

import errno
import subprocess
from pathlib import Path
from typing import Any

import pytest

from coretimer.model.clock import FakeClock
from coretimer.model.routine import Routine
from coretimer.routine.files import LoadedRoutine
from coretimer.routine.plan import PhaseKind
from coretimer.session.controller import Finished, Session
from coretimer.session.engine import Engine
from coretimer.session.events import Event
from coretimer.store.history import Store


def routine(*exercises: dict[str, Any], **fields: Any) -> Routine:
    doc: dict[str, Any] = {"name": "Test routine", "get_ready": 5,
                           "rest_between_exercises": 30, **fields}
    doc["exercises"] = list(exercises)
    return Routine.model_validate(doc)


def hold(name: str = "Plank", seconds: int | str = 30, **kw: Any) -> dict[str, Any]:
    return {"name": name, "kind": "hold", "hold": seconds, **kw}


def reps(name: str = "Bird dog", count: int = 10, **kw: Any) -> dict[str, Any]:
    return {"name": name, "kind": "reps", "reps": count, **kw}


def run_through(engine: Engine, clock: FakeClock, *, tick: float = 0.25,
                user_seconds: float = 45.0) -> list[Event]:
    """Drive a started engine to the end. Phases only the user can end (unpaced reps, max
    holds) are ended with done() after `user_seconds`."""
    events: list[Event] = []
    if not engine.started:
        events += engine.start()
    guard = 0
    while not engine.finished:
        guard += 1
        assert guard < 1_000_000, "engine did not finish"
        view = engine.view()
        needs_user = view.phase is PhaseKind.WORK and (
            view.spec is not None and (view.spec.duration is None or view.counts_up))
        if needs_user and view.elapsed >= user_seconds:
            events += engine.done()
            continue
        clock.advance(tick)
        events += engine.update()
    return events


def deny_listing(monkeypatch: pytest.MonkeyPatch, folder_name: str) -> None:
    """Make listing any folder called `folder_name` fail as if permission were denied."""
    real_iterdir = Path.iterdir

    def iterdir(self: Path):  # type: ignore[no-untyped-def]
        if self.name == folder_name:
            raise PermissionError(errno.EACCES, "Permission denied")
        return real_iterdir(self)

    monkeypatch.setattr(Path, "iterdir", iterdir)


def session_of(store: Store, r: Routine, clock: FakeClock, *, routine_id: str = "test",
               **kw: Any) -> Session:
    """A session controller for routine `r`, writing to `store`."""
    loaded = LoadedRoutine(id=routine_id, path=Path(f"{routine_id}.toml"), source="file",
                           routine=r)
    return Session(loaded, store, clock, **kw)


def finish(session: Session, clock: FakeClock, **kw: Any) -> Finished:
    """Run a session to its end as run_through does; the controller then saves it."""
    run_through(session.engine, clock, **kw)
    session.tick()
    assert session.finished is not None
    return session.finished


def free_port() -> int:
    """A TCP port nothing listens on (for a test server)."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_for_port(port: int, timeout: float = 20.0) -> None:
    """Until something accepts connections on 127.0.0.1:`port` (or the time is up)."""
    import socket
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.05)


def start_serve(root: Path, *args: str, capture: bool = False) -> subprocess.Popen[str]:
    """`coretimer serve ARGS` on root/data, with root/config and root/cache. Its output is
    kept (`communicate()`) when `capture`, else thrown away."""
    import os
    import sys

    env = {**os.environ, "CORETIMER_CONFIG_DIR": str(root / "config"),
           "CORETIMER_CACHE_DIR": str(root / "cache")}
    out = subprocess.PIPE if capture else subprocess.DEVNULL
    return subprocess.Popen(
        [sys.executable, "-m", "coretimer", "--data-dir", str(root / "data"), "serve", *args],
        stdout=out, stderr=out, text=True, env=env)


def sample_grid(rows: list[Any], sizes: list[tuple[int, int]], *,
                per_row: int = 1) -> list[Any]:
    """Every (row…, size) case of a matrix, for `pytest.mark.parametrize`: the slow tier
    (`-m slow`) runs them all; the normal tier keeps `per_row` sizes of each row, the sizes
    taken in turn from row to row so that every size is still met (a Latin-square sample: the
    suite stays near five minutes). A row is one value, or a tuple of several."""
    params = []
    for i, row in enumerate(rows):
        kept = {(i * per_row + k) % len(sizes) for k in range(per_row)}
        values = row if isinstance(row, tuple) else (row,)
        label = "-".join(str(v) for v in values if isinstance(v, str | int)) or str(i)
        for j, size in enumerate(sizes):
            params.append(pytest.param(
                *values, size, id=f"{label}-{size[0]}x{size[1]}",
                marks=() if j in kept else pytest.mark.slow))
    return params


def record_notices(app: Any, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every notice the app shows from now on (each is still shown as usual)."""
    notes: list[str] = []
    real_notify = app.notify

    def notify(message: str, **kw: Any) -> None:
        notes.append(str(message))
        real_notify(message, **kw)

    monkeypatch.setattr(app, "notify", notify)
    return notes
