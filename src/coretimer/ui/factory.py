"""The one factory of the App, `make_app`: the CLI, the tests, the screenshots and `serve` all
build it here."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from coretimer.settings import Settings, save_settings
from coretimer.ui.app import TICK_SECONDS, CoretimerApp

if TYPE_CHECKING:
    from coretimer.model.clock import Clock
    from coretimer.routine.files import LoadedRoutine
    from coretimer.session.audio import Player, Speaker

__all__ = ["make_app"]


def make_app(
    *,
    data_dir: Path,
    config_dir: Path,
    clock: Clock | None = None,
    quiet: bool = False,
    start_routine: LoadedRoutine | None = None,
    tick_seconds: float = TICK_SECONDS,
    handle_signals: bool = True,
    settings: Settings | None = None,
    voice: bool | None = None,
    speaker: Speaker | None = None,
    player: Player | None = None,
    cache_dir: Path | None = None,
    flash_seconds: float = 0.3,
) -> CoretimerApp:
    """Build the app. `settings`, when given, are written to the config folder first."""
    if settings is not None:
        save_settings(config_dir, settings)
    return CoretimerApp(
        data_dir=data_dir, config_dir=config_dir, clock=clock, quiet=quiet,
        start_routine=start_routine, tick_seconds=tick_seconds, handle_signals=handle_signals,
        voice=voice, speaker=speaker, player=player, cache_dir=cache_dir,
        flash_seconds=flash_seconds,
    )
