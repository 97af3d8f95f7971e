"""What reaches the person besides the screens: speech and tones (the announcer), the served
page's own messages under `coretimer serve`, and notices, which during a session go in its
notice line instead of a toast over the clock."""

from __future__ import annotations

import atexit
import contextlib
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.app import App
from textual.notifications import SeverityLevel

from coretimer.settings import Settings
from coretimer.text.plaintext import clean

if TYPE_CHECKING:
    from coretimer.session.audio import Announcer, Player, Speaker
    from coretimer.ui.screens.session import SessionScreen
    from coretimer.ui.state import Severity

# The session's sound and screens are imported when a session first needs them.

#: How long a notice stays in the session's notice line when no time is given.
SESSION_NOTICE_SECONDS = 8.0


class Page:
    def __init__(self, app: App[Any], *, sounds_dir: Callable[[], Path],
                 speaker: Speaker | None = None, player: Player | None = None,
                 quiet: bool = False, voice_override: bool | None = None) -> None:
        self.app = app
        self.quiet = quiet
        """--quiet: no sound and no voice whatever the settings."""
        self.voice_override = voice_override
        """--voice (True) or --no-voice (False): wins over the setting."""
        self.speaker = speaker
        """The speech engine to use (None: the one installed, found on first use)."""
        self.player = player
        """The tone player to use (None: the one installed, found on first use)."""
        self._sounds_dir = sounds_dir
        self._announcer: Announcer | None = None
        #: Warnings and errors shown as toasts: (until, message, severity, markup).
        self.warnings: list[tuple[float, str, SeverityLevel, bool]] = []

    def sound_on(self, settings: Settings) -> bool:
        return settings.sound and not self.quiet

    def voice_on(self, settings: Settings) -> bool:
        """--quiet silences everything; --voice / --no-voice win over the setting."""
        if self.quiet:
            return False
        return settings.voice if self.voice_override is None else self.voice_override

    def announcer(self, settings: Settings) -> Announcer:
        """Speech and tones, found on first use (a session start), following the settings."""
        # (a session's engine, cues and sound only once a session starts)
        from coretimer.session.audio import Announcer, Tones, Voice, find_player, find_speech_engine

        if self._announcer is None:
            speaker = self.speaker or Voice(find_speech_engine())
            player = self.player or Tones(find_player(), self._sounds_dir())
            self._announcer = Announcer(speaker, player, self.app.bell)
            # Speech runs in a session of its own: stop it when the app ends.
            atexit.register(self._announcer.hush)
        self._announcer.sound = self.sound_on(settings)
        self._announcer.voice = self.voice_on(settings)
        if self.app.is_web and self._announcer.relay is None:
            # (a session's engine, cues and sound only once a session starts)
            from coretimer.session.audio import Relay

            self._announcer.relay = Relay(self._tell_text)
        return self._announcer

    def tell(self, event: str, **fields: str | bool | None) -> None:
        """Tell the served page (under `coretimer serve`) what it needs to know: a session
        started or ended (it keeps the phone's screen on between), a cue to speak. A meta packet
        through the web driver; nothing in a terminal."""
        driver = self.app._driver
        if driver is None or not driver.is_web:
            return
        write_meta = getattr(driver, "write_meta", None)
        if write_meta is not None:
            with contextlib.suppress(OSError, ValueError):  # the page has gone: nobody to tell
                write_meta({"type": "coretimer", "event": event, **fields})

    def _tell_text(self, event: str, text: str | None) -> None:
        self.tell(event, text=text)

    def on_session(self, screen: SessionScreen, message: str, *, title: str,
                   severity: SeverityLevel, timeout: float | None, markup: bool) -> None:
        """A notice while a session runs: in its notice line, never in a toast over the
        clock (shown there when any question on top of it is answered)."""
        # (a screen's module is read when it first opens, not before the first frame)
        from coretimer.ui.screens.session import SessionNotice

        text = message
        if markup:
            with contextlib.suppress(Exception):  # not markup after all: shown as it is
                text = Text.from_markup(message).plain
        screen.notice = SessionNotice(f"{title}: {text}" if title else text, severity,
                                      timeout if timeout is not None else
                                      SESSION_NOTICE_SECONDS)

    def keep_warning(self, message: str, severity: SeverityLevel, seconds: float,
                     markup: bool) -> None:
        """A toast that is not just information: carried onto the session screen if a
        session starts while it is up."""
        if severity != "information":
            self.warnings.append((time.monotonic() + seconds, message, severity, markup))

    def carry_notices(self) -> None:
        """A session has started: no toast stays over its clock. A warning still up (say,
        "another coretimer is open", shown a moment ago) moves to the notice line for the
        rest of its time."""
        self.app.clear_notifications()
        now = time.monotonic()
        up = [w for w in self.warnings if w[0] > now]
        self.warnings.clear()
        if up:
            until, message, severity, markup = up[-1]
            self.app.notify(message, severity=severity, timeout=until - now, markup=markup)

    def show(self, waiting: list[tuple[str, Severity]]) -> None:
        """Notices that waited (a load's, a settings file's), each as plain text, then gone."""
        while waiting:  # (one at a time: a load in its thread may be adding to the list)
            message, severity = waiting.pop(0)
            self.app.notify(clean(message, lines=True), severity=severity, timeout=15,
                            markup=False)
