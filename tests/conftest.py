from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from coretimer.clock import FakeClock

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def _isolated_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """No test ever reads or writes the real user's history or routines."""
    monkeypatch.setenv("CORETIMER_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("CORETIMER_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.delenv("CORETIMER_DEBUG", raising=False)
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
