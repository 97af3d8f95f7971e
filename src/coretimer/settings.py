"""User settings, kept as a small JSON file in the config folder.

Unlike history, settings can fall back to defaults: an unreadable file is moved aside (never
silently overwritten) so the user can look at it, and the defaults are used.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from coretimer.store import atomic_write

FILE_NAME = "settings.json"


class Settings(BaseModel):
    model_config = ConfigDict(extra="ignore")

    schema_version: int = 1
    sound: bool = True
    """Terminal bell at phase changes and 3-2-1 before the end of work."""
    safety_notice_acknowledged: bool = False
    spike_level: int = Field(default=5, ge=1, le=10)
    rise_over_baseline: int = Field(default=2, ge=1, le=10)
    weekly_target: int = Field(default=3, ge=1, le=7)


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
        return Settings.model_validate(json.loads(data)), None
    except (ValueError, ValidationError):
        aside = path.with_name(f"{FILE_NAME}.unreadable-{int(time.time())}")
        try:
            path.rename(aside)
        except OSError:
            return Settings(), f"{path}: not valid settings; using defaults"
        return Settings(), f"{path}: not valid settings; moved to {aside.name}, using defaults"


def save_settings(config_dir: Path, settings: Settings) -> None:
    config_dir.mkdir(parents=True, exist_ok=True)
    atomic_write(settings_path(config_dir), settings.model_dump_json(indent=2).encode() + b"\n")
