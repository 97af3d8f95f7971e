from __future__ import annotations

import os
import time

# Stable screens and dates: no animations, one time zone for every machine that runs the suite.
os.environ["TEXTUAL_ANIMATIONS"] = "none"
os.environ["TZ"] = "UTC"
time.tzset()

from collections.abc import Iterator  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

from coretimer.model.clock import FakeClock  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def _isolated_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """No test ever reads or writes the real user's history or routines."""
    monkeypatch.setenv("CORETIMER_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("CORETIMER_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("CORETIMER_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("CORETIMER_DEBUG", raising=False)
    # `coretimer plan` brings installed reminders up to date: never the real user's timers.
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    monkeypatch.setenv("CORETIMER_REMIND_BACKEND", "systemd")
    yield


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def config_dir(tmp_path: Path) -> Path:
    return tmp_path / "config"


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def five_kept(tmp_path: Path) -> Path:
    """Five sessions whose index is up to date (as after the app's last start): the history
    the tests of the index's shortcuts start from."""
    from coretimer.index.home import home_facts_if_unchanged
    from coretimer.index.queries import load_summaries
    from coretimer.store.history import Store
    from tests.history_files import OLD, put, record

    for i in range(5):
        put(tmp_path, record(i))
    os.utime(tmp_path / "sessions", (OLD, OLD))  # (its last change long before the index)
    load_summaries(Store(tmp_path), recover=False)
    assert home_facts_if_unchanged(Store(tmp_path)) is not None
    return tmp_path
