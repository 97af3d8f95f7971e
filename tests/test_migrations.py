"""Schema versions: every version's fixture keeps loading; migration steps chain in order."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from coretimer.model.record import SESSION_SCHEMA_VERSION
from coretimer.store.history import Store
from coretimer.store.migrations import MigrationError, migrate

FIXTURES = Path(__file__).parent / "fixtures" / "sessions"


def test_there_is_a_fixture_for_every_version() -> None:
    versions = sorted(json.loads(p.read_text())["schema_version"] for p in FIXTURES.glob("*.json"))
    assert versions == list(range(1, SESSION_SCHEMA_VERSION + 1))


@pytest.mark.parametrize("fixture", sorted(FIXTURES.glob("*.json")), ids=lambda p: p.stem)
def test_every_version_loads(fixture: Path, data_dir: Path) -> None:
    (data_dir / "sessions").mkdir(parents=True)
    shutil.copy(fixture, data_dir / "sessions" / fixture.name)
    result = Store(data_dir).load()
    assert result.problems == []
    (record,) = result.sessions
    assert record.schema_version == SESSION_SCHEMA_VERSION
    assert record.status == "stopped_for_pain" and [p.level for p in record.pain] == [6]
    assert (data_dir / "sessions" / fixture.name).read_bytes() == fixture.read_bytes()


def test_steps_chain_one_version_at_a_time() -> None:
    steps = {
        1: lambda d: {**d, "sets": [{**s, "note": ""} for s in d["sets"]]},
        2: lambda d: {**d, "next_morning": None},
    }
    doc = migrate({"schema_version": 1, "sets": [{"set": 1}]}, steps=steps, target=3)
    assert doc == {"schema_version": 3, "sets": [{"set": 1, "note": ""}], "next_morning": None}
    assert migrate({"schema_version": 2, "sets": []}, steps=steps, target=3) == {
        "schema_version": 3, "sets": [], "next_morning": None}


@pytest.mark.parametrize(("doc", "words"), [
    ({}, "no usable schema_version"),
    ({"schema_version": "1"}, "no usable schema_version"),
    ({"schema_version": 0}, "no usable schema_version"),
    ({"schema_version": 9}, "newer"),
])
def test_unusable_versions(doc: dict[str, object], words: str) -> None:
    with pytest.raises(MigrationError, match=words):
        migrate(doc, steps={}, target=3)


def test_a_missing_step_is_an_error_not_a_guess() -> None:
    with pytest.raises(MigrationError, match="no migration from schema version 2"):
        migrate({"schema_version": 2}, steps={1: dict}, target=3)
