"""User settings, kept as a small JSON file in the config folder.

A plain dataclass (no pydantic): settings are read before the first frame, and start-up must
not wait for pydantic. Unlike history, settings can fall back to defaults: an unreadable file is
moved aside (never silently overwritten) so the user can look at it, and defaults are used.
"""

from __future__ import annotations

import dataclasses
import json
import re
import time
import typing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from coretimer.durable import atomic_write

FILE_NAME = "settings.json"
#: An exercise's id: an explicit id, or the slug of its name (which keeps any letter, in any
#: script, and may be as long as a name).
_EXERCISE_KEY = re.compile(r"[^\W_](?:[^\W_]|-){0,99}")

_BOUNDS = {"spike_level": (1, 10), "rise_over_baseline": (1, 10), "weekly_target": (1, 7),
           "schema_version": (1, 1_000)}
#: The pain rule may be made stricter, never looser: a rating of 5 always stops a session, and
#: so does a rise of 2 points over the check-in. Higher values in a hand-edited file are
#: brought down to these.
PAIN_RULE_MAX = {"spike_level": 5, "rise_over_baseline": 2}


@dataclass(frozen=True)
class Settings:
    schema_version: int = 1
    sound: bool = True
    """Tones at phase changes, rep steps and 3-2-1 before the end of work (the terminal bell
    when no sound player is installed)."""
    voice: bool = True
    """Spoken cues, when a speech engine is installed."""
    safety_notice_acknowledged: bool = False
    spike_level: int = 5
    rise_over_baseline: int = 2
    weekly_target: int = 3
    endurance_reference: bool = False
    """Show the published reference values (men and women) beside endurance test results."""
    not_for_me: tuple[str, ...] = ()
    """Ids of exercises marked "not for me": skipped in every routine until unmarked."""
    theme: str = "textual-dark"
    """The colour theme (the app falls back to the default for a name it does not know)."""

    @classmethod
    def from_dict(cls, data: Any) -> Settings:
        """Validate a parsed settings file; unknown keys are ignored, wrong values raise."""
        return cls.parse(data)[0]

    @classmethod
    def parse(cls, data: Any) -> tuple[Settings, list[str]]:
        """Like `from_dict`, and also bring a pain rule looser than the safe maximum down to
        it; the list says what was changed."""
        if not isinstance(data, dict):
            raise ValueError("settings must be a JSON object")
        clamped: list[str] = []
        data = dict(data)
        for name, most in PAIN_RULE_MAX.items():
            value = data.get(name)
            if isinstance(value, int) and not isinstance(value, bool) and value > most:
                data[name] = most
                clamped.append(f"{name} was {value}; the most allowed is {most}")
        values: dict[str, Any] = {}
        # The real field types (not annotation strings, which depend on how the module was
        # written): a bool field takes true or false, an int field a whole number in bounds.
        types = typing.get_type_hints(cls)
        for f in dataclasses.fields(cls):
            if f.name not in data:
                continue
            value = data[f.name]
            if types[f.name] is bool and not isinstance(value, bool):
                raise ValueError(f"{f.name} must be true or false")
            if f.name == "not_for_me":
                if not isinstance(value, list | tuple) or not all(
                        isinstance(v, str) and _EXERCISE_KEY.fullmatch(v) for v in value):
                    raise ValueError("not_for_me must be a list of exercise ids, like "
                                     '["leg-drops"]')
                value = tuple(dict.fromkeys(value))
            if types[f.name] is str and not (
                    isinstance(value, str) and 0 < len(value) <= 64 and value.isprintable()):
                raise ValueError(f"{f.name} must be a name, like \"textual-dark\"")
            if types[f.name] is int:
                low, high = _BOUNDS[f.name]
                if isinstance(value, bool) or not isinstance(value, int) or not (
                        low <= value <= high):
                    raise ValueError(f"{f.name} must be a whole number from {low} to {high}")
            values[f.name] = value
        return cls(**values), clamped

    def to_json(self) -> bytes:
        return (json.dumps(dataclasses.asdict(self), indent=2) + "\n").encode()

    def replace(self, **changes: Any) -> Settings:
        return self.from_dict({**dataclasses.asdict(self), **changes})


def settings_path(config_dir: Path) -> Path:
    return config_dir / FILE_NAME


def load_settings(config_dir: Path) -> tuple[Settings, str | None]:
    """The settings and, when the file could not be used, a message saying why."""
    path = settings_path(config_dir)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return Settings(), None
    except OSError as exc:
        return Settings(), f"{path}: cannot be read ({exc.strerror}); using defaults"
    try:
        settings, clamped = Settings.parse(json.loads(data))
    except (ValueError, RecursionError) as exc:
        aside = path.with_name(f"{FILE_NAME}.unreadable-{int(time.time())}")
        try:
            path.rename(aside)
        except OSError:
            return Settings(), f"{path}: {exc}; using defaults"
        return Settings(), f"{path}: {exc}; moved to {aside.name}, using defaults"
    if not clamped:
        return settings, None
    message = (f"{path}: {'; '.join(clamped)}. A looser pain rule is not allowed, so it was "
               "set to that.")
    try:
        save_settings(config_dir, settings)  # said once: the file now holds the safe values
    except OSError as exc:
        message += f" (The file could not be updated: {exc.strerror or exc}.)"
    return settings, message


def save_settings(config_dir: Path, settings: Settings) -> None:
    config_dir.mkdir(parents=True, exist_ok=True)
    atomic_write(settings_path(config_dir), settings.to_json())
