"""Sound and speech, played without ever waiting for them.

No Textual here. A `Voice` speaks through the system's speech command (espeak-ng or spd-say on
Linux, say on macOS); `Tones` plays three short WAV files this module writes once to the cache
folder (a "go" tone, a "rest" tone and a tick) through paplay, aplay or afplay. Both spawn a
process and return at once, with every output sent to /dev/null (espeak-ng prints ALSA errors
on a machine without a sound card), and a new utterance cuts off one still being spoken.
`Announcer` puts them together behind the settings, and rings the terminal bell when no
player is found.
"""

from __future__ import annotations

import contextlib
import hashlib
import math
import os
import shutil
import struct
import subprocess
import sys
import wave
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from coretimer.session.cues import Cue, Sound

Which = Callable[[str], str | None]


@dataclass(frozen=True)
class SpeechEngine:
    name: str
    command: tuple[str, ...]
    """The command before the text."""
    cancel: tuple[str, ...] | None = None
    """A command that silences the engine (for engines that speak through a daemon, where
    ending the client process does not stop the speech)."""


#: Speech engines by platform, in order of preference.
SPEECH_ENGINES: dict[str, tuple[SpeechEngine, ...]] = {
    "linux": (
        SpeechEngine("espeak-ng", ("espeak-ng", "-s", "150", "--")),
        SpeechEngine("spd-say", ("spd-say", "--"), cancel=("spd-say", "--cancel")),
    ),
    "darwin": (SpeechEngine("say", ("say", "--")),),
}

#: Sound players by preference: PulseAudio/PipeWire, then ALSA, then macOS.
PLAYERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("paplay", ("paplay",)),
    ("aplay", ("aplay", "-q")),
    ("afplay", ("afplay",)),
)


def _platform_key(platform: str) -> str:
    return "darwin" if platform == "darwin" else "linux" if platform.startswith(
        ("linux", "freebsd", "openbsd", "netbsd")) else platform


def find_speech_engine(which: Which = shutil.which,
                       platform: str = sys.platform) -> SpeechEngine | None:
    """The first speech engine installed here, or None."""
    for engine in SPEECH_ENGINES.get(_platform_key(platform), ()):
        path = which(engine.command[0])
        if path:
            return SpeechEngine(engine.name, (path, *engine.command[1:]),
                                None if engine.cancel is None else (path, *engine.cancel[1:]))
    return None


def find_player(which: Which = shutil.which) -> tuple[str, tuple[str, ...]] | None:
    """The first sound player installed here (its name and command), or None."""
    for name, command in PLAYERS:
        path = which(command[0])
        if path:
            return name, (path, *command[1:])
    return None


def spawn(command: Sequence[str]) -> subprocess.Popen[bytes] | None:
    """Start a command without waiting for it; every stream goes to /dev/null. None when it
    cannot be started (the cue is shown anyway)."""
    try:
        return subprocess.Popen(
            list(command), stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL, close_fds=True, start_new_session=True)
    except OSError:
        return None


@dataclass
class _Processes:
    """Processes started and not yet known to have ended: reaped without waiting."""

    running: list[subprocess.Popen[bytes]] = field(default_factory=list)

    def add(self, proc: subprocess.Popen[bytes] | None) -> None:
        self.reap()
        if proc is not None:
            self.running.append(proc)

    def reap(self) -> None:
        self.running = [p for p in self.running if p.poll() is None]

    def stop_all(self) -> None:
        for proc in self.running:
            with contextlib.suppress(OSError):
                proc.terminate()
        self.reap()


class Speaker(Protocol):
    @property
    def name(self) -> str | None: ...

    def say(self, text: str) -> None: ...

    def stop(self) -> None: ...


class Voice:
    """Speaks through a system speech command; a new utterance cuts off the one before."""

    def __init__(self, engine: SpeechEngine | None) -> None:
        self.engine = engine
        self._procs = _Processes()
        self._cancels = _Processes()

    @property
    def name(self) -> str | None:
        return self.engine.name if self.engine else None

    def say(self, text: str) -> None:
        if self.engine is None:
            return
        self.stop()
        self._procs.add(spawn([*self.engine.command, text]))

    def stop(self) -> None:
        if self.engine is None:
            return
        speaking = bool(self._procs.running)
        self._procs.stop_all()
        if speaking and self.engine.cancel is not None:
            # A daemon speaks for spd-say: ending the client does not silence it; this does.
            # Started after the others were stopped, and left to run.
            self._cancels.add(spawn(self.engine.cancel))


class Relay:
    """Hands each sentence to `send` rather than speaking it: under `coretimer serve`, the page
    speaks it on the phone when the person there asked for it ("Speak cues on this phone")."""

    name = "the page"

    def __init__(self, send: Callable[[str, str | None], None]) -> None:
        self._send = send

    def say(self, text: str) -> None:
        self._send("cue", text)

    def stop(self) -> None:
        self._send("hush", None)


# -- tones ---------------------------------------------------------------------------------

RATE = 22050


@dataclass(frozen=True)
class Tone:
    notes: tuple[tuple[float, float], ...]
    """(frequency in Hz, seconds) played one after the other."""
    volume: float = 0.5


#: Go: two rising notes. Rest: one low falling pair. Tick: a short click-like blip.
TONES: dict[str, Tone] = {
    "go": Tone(((660.0, 0.09), (990.0, 0.16))),
    "rest": Tone(((523.0, 0.14), (392.0, 0.22))),
    "tick": Tone(((1400.0, 0.04),), volume=0.45),
}
#: Which file each sound plays ("step" is a tick).
SOUND_FILE: dict[Sound, str] = {"go": "go", "rest": "rest", "tick": "tick", "step": "tick"}


def tone_frames(tone: Tone, rate: int = RATE) -> bytes:
    """16-bit mono PCM for a tone, each note faded in and out (no clicks)."""
    out = bytearray()
    for freq, seconds in tone.notes:
        n = int(rate * seconds)
        fade = max(1, int(rate * 0.008))
        for i in range(n):
            envelope = min(1.0, i / fade, (n - 1 - i) / fade)
            sample = tone.volume * envelope * math.sin(2 * math.pi * freq * i / rate)
            out += struct.pack("<h", int(sample * 32767))
    return bytes(out)


def write_tones(folder: Path) -> dict[str, Path]:
    """Write the tone files to `folder` once (kept if already there); their paths by name."""
    folder.mkdir(parents=True, exist_ok=True)
    paths: dict[str, Path] = {}
    for name, tone in TONES.items():
        # The file name carries a digest of the tone, so a changed tone is a new file.
        digest = hashlib.sha256(repr((tone, RATE)).encode()).hexdigest()[:10]
        path = folder / f"{name}-{digest}.wav"
        paths[name] = path
        with contextlib.suppress(OSError):
            if path.stat().st_size > 44:
                continue
        frames = tone_frames(tone)
        tmp = path.with_name(f".{name}.wav.{os.getpid()}.tmp")
        with wave.open(str(tmp), "wb") as out:
            out.setnchannels(1)
            out.setsampwidth(2)
            out.setframerate(RATE)
            out.writeframes(frames)
        os.replace(tmp, path)
    return paths


class Tones:
    """Plays the tone files through a system player."""

    def __init__(self, player: tuple[str, tuple[str, ...]] | None, folder: Path) -> None:
        self.player = player
        self.folder = folder
        self._files: dict[str, Path] | None = None
        self._procs = _Processes()
        self._first: subprocess.Popen[bytes] | None = None
        """The first tone played: if it failed, the player cannot play here."""

    @property
    def name(self) -> str | None:
        return self.player[0] if self.player else None

    def prepare(self) -> None:
        """Write the tone files now (before a session), so the first tone is not late."""
        if self.player is None or self._files is not None:
            return
        try:
            self._files = write_tones(self.folder)
        except OSError:
            self.player = None  # nowhere to write them: the bell it is

    def play(self, sound: Sound) -> bool:
        """Start playing; False when there is no player or the files cannot be written."""
        self.prepare()
        if self.player is None or self._files is None:
            return False
        if self._first is not None and self._first.poll() not in (None, 0):
            # The player is there but could not play (no sound server, e.g. over SSH): the
            # terminal bell from now on.
            self.player = None
            return False
        proc = spawn([*self.player[1], str(self._files[SOUND_FILE[sound]])])
        if self._first is None:
            self._first = proc
        self._procs.add(proc)
        return proc is not None


class Player(Protocol):
    @property
    def name(self) -> str | None: ...

    def prepare(self) -> None: ...

    def play(self, sound: Sound) -> bool: ...


@dataclass
class Announcer:
    """Plays a cue as the settings allow: a tone (or the terminal bell when there is no
    player, for every sound but a rep step's tick) and the sentence."""

    speaker: Speaker
    player: Player
    bell: Callable[[], None]
    sound: bool = True
    voice: bool = True
    #: Told every sentence whatever `voice` says (the served page, whose own setting decides).
    relay: Speaker | None = None

    def announce(self, cue: Cue | None) -> None:
        if cue is None:
            return
        if self.sound and cue.sound is not None and not self.player.play(cue.sound) and (
                cue.sound != "step"):
            self.bell()
        if self.voice and cue.say:
            self.speaker.say(cue.say)
        if self.relay is not None and cue.say:
            self.relay.say(cue.say)

    def prepare(self) -> None:
        if self.sound:
            self.player.prepare()

    def hush(self) -> None:
        """Stop any speech now (a pain report, the end of the app)."""
        self.speaker.stop()
        if self.relay is not None:
            self.relay.stop()
