"""Issue 24, item 2: a hand-edited settings file. A bad value never costs the good ones, is
said once (on stderr for a command, as a notice in the app) naming the file, the field and the
value, and a read-only command never renames or rewrites the file."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from coretimer.cli import main
from coretimer.model.clock import FakeClock
from coretimer.settings import Settings, load_settings, save_settings
from coretimer.ui.factory import make_app
from tests.helpers import record_notices
from tests.scenarios import START, ready

SIZE = (100, 32)

GOOD: dict[str, Any] = {"safety_notice_acknowledged": True, "spike_level": 4,
                        "rise_over_baseline": 1, "weekly_target": 5,
                        "not_for_me": ["leg-drops"]}
#: What GOOD gives, as Settings fields.
KEPT: dict[str, Any] = {**GOOD, "not_for_me": ("leg-drops",)}
DEFAULTS: dict[str, Any] = {}

#: (the file's bytes, the settings it gives (beyond the defaults), words the message must hold
#: (None: no message at all)).
CASES: dict[str, tuple[bytes, dict[str, Any], list[str] | None]] = {
    "bad type in one field": (
        json.dumps({**GOOD, "sound": "no"}).encode(), KEPT, ["sound", '"no"', "true or false"]),
    "out of range": (
        json.dumps({**GOOD, "weekly_target": 9, "voice": False}).encode(),
        {**KEPT, "weekly_target": None, "voice": False}, ["weekly_target", "9", "1 to 7"]),
    "one bad not-for-me id": (
        json.dumps({**GOOD, "not_for_me": ["leg-drops", "Bad Id!"]}).encode(), KEPT,
        ["not_for_me", '"Bad Id!"']),
    "control characters in a value": (
        json.dumps({**GOOD, "theme": "\x1b[2J\x07evil"}).encode(), KEPT, ["theme"]),
    "unknown field": (
        json.dumps({**GOOD, "spike_levle": 3}).encode(), KEPT, ["spike_levle", "spike_level"]),
    "JSON syntax error": (
        b'{"weekly_target": 5,\n "sound": false,,\n}', DEFAULTS, ["JSON", "line 2"]),
    "wrong top-level type": (json.dumps([GOOD]).encode(), DEFAULTS, ["a list", "{"]),
    "empty file": (b"", DEFAULTS, ["empty"]),
    "byte order mark": (b"\xef\xbb\xbf" + json.dumps(GOOD).encode(), KEPT, None),
    "byte order mark and a bad value": (
        b"\xef\xbb\xbf" + json.dumps({**GOOD, "voice": 1}).encode(), KEPT, ["voice", "1"]),
}


def write_settings(config_dir: Path, data: bytes) -> Path:
    config_dir.mkdir(parents=True, exist_ok=True)
    path = config_dir / "settings.json"
    path.write_bytes(data)
    return path


def assert_settings(settings: Settings, expected: dict[str, Any]) -> None:
    assert {name: getattr(settings, name) for name in expected} == expected
    defaults = Settings()
    for name in Settings.__dataclass_fields__:
        if name not in expected:
            assert getattr(settings, name) == getattr(defaults, name), name


def folder_listing(config_dir: Path) -> list[str]:
    return sorted(os.listdir(config_dir))


#: Read-only commands, and whether they use the settings (and so must say what is wrong).
READ_ONLY = {"stats": True, "stats --json": True, "doctor": True, "history": False,
             "history --json": False, "export": False, "report": False, "routines": False}


@pytest.mark.parametrize("command", list(READ_ONLY))
@pytest.mark.parametrize("case", list(CASES))
def test_a_read_only_command_keeps_the_file_and_says_what_is_wrong_once(
        config_dir: Path, capsys: pytest.CaptureFixture[str], case: str,
        command: str) -> None:
    data, _, words = CASES[case]
    path = write_settings(config_dir, data)
    before = folder_listing(config_dir)
    code = main(command.split())
    _, err = capsys.readouterr()
    assert code == 0, err
    assert "Traceback" not in err and "unexpected error" not in err
    assert path.read_bytes() == data  # never renamed, never rewritten
    assert folder_listing(config_dir) == before
    said = [line for line in err.splitlines() if "settings.json" in line]
    if words is None or not READ_ONLY[command]:
        assert said == [], err
        return
    assert len(said) == 1, err  # once, not once per look at the settings
    assert str(path) in said[0]
    for word in words:
        assert word in said[0], (word, said[0])
    assert "\x1b" not in err and "\x07" not in err


@pytest.mark.parametrize("case", list(CASES))
def test_stats_uses_every_good_value(config_dir: Path, capsys: pytest.CaptureFixture[str],
                                     case: str) -> None:
    data, expected, _ = CASES[case]
    write_settings(config_dir, data)
    assert main(["stats", "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["weekly_target"] == (expected.get("weekly_target") or 3)


@pytest.mark.parametrize("case", list(CASES))
async def test_the_app_keeps_the_good_values_and_says_what_is_wrong_once(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, case: str) -> None:
    data, expected, words = CASES[case]
    config_dir = tmp_path / "config"
    path = write_settings(config_dir, data)
    before = folder_listing(config_dir)
    app = make_app(data_dir=tmp_path / "data", config_dir=config_dir,
                   clock=FakeClock(START), handle_signals=False, cache_dir=tmp_path / "cache")
    notes = record_notices(app, monkeypatch)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.pause()
        assert_settings(app.settings, expected)
    assert app.return_code in (None, 0)
    assert path.read_bytes() == data and folder_listing(config_dir) == before
    said = [n for n in notes if "settings.json" in n]
    if words is None:
        assert said == [], notes
        return
    assert len(said) == 1, notes
    for word in words:
        assert word in said[0], (word, said[0])
    assert "\x1b" not in said[0] and "\x07" not in said[0]


@pytest.mark.parametrize("case", list(CASES))
def test_loading_keeps_every_good_value(config_dir: Path, case: str) -> None:
    data, expected, words = CASES[case]
    path = write_settings(config_dir, data)
    settings, message = load_settings(config_dir)
    assert_settings(settings, expected)
    assert (message is None) is (words is None)
    assert path.read_bytes() == data


async def test_changing_a_setting_in_the_app_keeps_the_hand_edited_file_aside(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The bad value is replaced only when the app saves, and then the file as it was is kept
    beside it; a field this coretimer does not know is kept in the file."""
    config_dir = tmp_path / "config"
    data = json.dumps({**GOOD, "sound": "no", "from_a_newer_coretimer": [1, 2]}).encode()
    path = write_settings(config_dir, data)
    app = make_app(data_dir=tmp_path / "data", config_dir=config_dir,
                   clock=FakeClock(START), handle_signals=False, cache_dir=tmp_path / "cache")
    notes: list[str] = []
    monkeypatch.setattr(app, "notify", lambda message, **kw: notes.append(str(message)))
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        app.update_settings(weekly_target=6)
        await pilot.pause()
    asides = [p for p in config_dir.iterdir() if p.name.startswith("settings.json.")]
    assert len(asides) == 1 and asides[0].read_bytes() == data
    assert any(asides[0].name in n for n in notes), notes
    saved = json.loads(path.read_bytes())
    assert saved["weekly_target"] == 6 and saved["sound"] is True
    assert {k: saved[k] for k in GOOD if k != "weekly_target"} == {
        k: v for k, v in GOOD.items() if k != "weekly_target"}
    assert saved["from_a_newer_coretimer"] == [1, 2]
    again, message = load_settings(config_dir)
    assert message is not None and "from_a_newer_coretimer" in message  # still said
    assert again.weekly_target == 6


def test_a_copy_kept_aside_never_replaces_an_earlier_one(config_dir: Path) -> None:
    """Saving over an unreadable file three times in one second keeps all three."""
    kept = []
    for i in range(3):
        data = f'{{"weekly_target": {i}, oops'.encode()
        write_settings(config_dir, data)
        note = save_settings(config_dir, Settings(weekly_target=4))
        assert note is not None
        kept.append(data)
    asides = sorted(p for p in config_dir.iterdir() if p.name.startswith("settings.json."))
    assert len(asides) == 3
    assert sorted(p.read_bytes() for p in asides) == sorted(kept)
    assert json.loads((config_dir / "settings.json").read_bytes())["weekly_target"] == 4
    # A good file is replaced without a copy.
    assert save_settings(config_dir, Settings(weekly_target=5)) is None
    assert len([p for p in config_dir.iterdir() if p.name.startswith("settings.json.")]) == 3


def test_a_looser_pain_rule_is_not_written_back_by_a_read_only_command(
        config_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = json.dumps({"spike_level": 8, "weekly_target": 5}).encode()
    path = write_settings(config_dir, data)
    assert main(["stats"]) == 0
    out, err = capsys.readouterr()
    assert path.read_bytes() == data
    assert len([line for line in err.splitlines() if "most allowed" in line]) == 1, err
    assert "weekly streak: 0 weeks of 5+" in out
