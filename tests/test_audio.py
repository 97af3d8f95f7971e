"""Sound and speech: the engine found, processes spawned without waiting and with their output
silenced, a stale utterance cut off, the tones written once and distinct, the bell fallback,
and one real utterance rendered by espeak-ng."""

from __future__ import annotations

import array
import math
import os
import shutil
import stat
import subprocess
import time
import wave
from pathlib import Path

import pytest

from coretimer.session.audio import (
    TONES,
    Announcer,
    Relay,
    Tones,
    Voice,
    find_player,
    find_speech_engine,
    write_tones,
)
from coretimer.session.cues import Cue, Sound


def rms(data: bytes, width: int) -> float:
    assert width == 2
    samples = array.array("h", data)
    return math.sqrt(sum(x * x for x in samples) / max(1, len(samples)))


def which_of(*present: str):  # type: ignore[no-untyped-def]
    return lambda name: f"/usr/bin/{name}" if name in present else None


@pytest.mark.parametrize(
    ("present", "platform", "engine"),
    [
        (("espeak-ng", "spd-say"), "linux", "espeak-ng"),
        (("spd-say",), "linux", "spd-say"),
        (("say",), "linux", None),
        (("say", "espeak-ng"), "darwin", "say"),
        ((), "linux", None),
        (("espeak-ng",), "win32", None),
    ],
)
def test_the_speech_engine_is_picked_by_platform_and_preference(
        present: tuple[str, ...], platform: str, engine: str | None) -> None:
    found = find_speech_engine(which_of(*present), platform)
    assert (found.name if found else None) == engine
    if found is not None:
        assert found.command[0] == f"/usr/bin/{engine}"


@pytest.mark.parametrize(
    ("present", "player"),
    [(("paplay", "aplay"), "paplay"), (("aplay",), "aplay"), (("afplay",), "afplay"), ((), None)],
)
def test_the_player_is_picked_by_preference(present: tuple[str, ...], player: str | None) -> None:
    found = find_player(which_of(*present))
    assert (found[0] if found else None) == player


def fake_engine(tmp_path: Path, seconds: float = 30) -> Path:
    """A speech command that writes its text to a file, complains on stderr (as espeak-ng
    does without a sound card), and keeps talking for `seconds`."""
    script = tmp_path / "fake-say"
    script.write_text(
        "#!/bin/sh\n"
        'echo "ALSA lib pcm.c: cannot find card" >&2\n'
        f'echo "$2" >> {tmp_path}/said.txt\n'
        f"exec sleep {seconds}\n")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return script


def wait_for(predicate, timeout: float = 10.0) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.01)
    return False


def test_speech_is_spawned_without_waiting_silenced_and_a_new_one_cuts_off_the_old(
        tmp_path: Path, capfd: pytest.CaptureFixture[str]) -> None:
    from coretimer.session.audio import SpeechEngine

    script = fake_engine(tmp_path)
    voice = Voice(SpeechEngine("fake", (str(script), "--")))
    voice.say("Go")
    first = voice._procs.running[0]
    assert first.poll() is None  # say() returned while the utterance is still going on
    assert wait_for(lambda: (tmp_path / "said.txt").exists())
    voice.say("Halfway")
    assert wait_for(lambda: first.poll() is not None)  # the stale one was stopped
    assert first.returncode != 0
    second = voice._procs.running[-1]
    assert second.poll() is None
    assert wait_for(lambda: (tmp_path / "said.txt").read_text().split() == ["Go", "Halfway"])
    voice.stop()
    assert wait_for(lambda: second.poll() is not None)
    out, err = capfd.readouterr()
    assert "ALSA" not in err and "ALSA" not in out  # its stderr went to /dev/null


def test_a_missing_or_broken_engine_is_quiet() -> None:
    from coretimer.session.audio import SpeechEngine

    Voice(None).say("Go")  # nothing installed: nothing happens
    Voice(SpeechEngine("gone", ("/nonexistent/espeak-ng", "--"))).say("Go")  # no exception


def test_the_tones_are_written_once_and_are_distinct_and_not_silent(tmp_path: Path) -> None:
    paths = write_tones(tmp_path)
    assert set(paths) == set(TONES)
    frames = {}
    for name, path in paths.items():
        with wave.open(str(path)) as w:
            assert (w.getnchannels(), w.getsampwidth()) == (1, 2)
            data = w.readframes(w.getnframes())
            assert 0.02 < w.getnframes() / w.getframerate() < 0.5  # short
        assert rms(data, 2) > 1000
        frames[name] = data
    assert len(set(frames.values())) == len(frames)
    stamps = {p: p.stat().st_mtime_ns for p in paths.values()}
    os.utime(paths["go"], ns=(1, 1))
    assert write_tones(tmp_path) == paths
    assert paths["go"].stat().st_mtime_ns == 1  # kept, not written again
    assert all(p.stat().st_mtime_ns == t for p, t in stamps.items() if p != paths["go"])
    # A changed tone is a new file (its name carries a digest of the tone).
    import coretimer.session.audio as audio

    changed = dict(audio.TONES, go=audio.Tone(((700.0, 0.09), (990.0, 0.16))))
    original = audio.TONES
    audio.TONES = changed
    try:
        assert write_tones(tmp_path)["go"] != paths["go"]
    finally:
        audio.TONES = original


def test_tones_play_through_the_player(tmp_path: Path) -> None:
    log = tmp_path / "played.txt"
    player = tmp_path / "fake-play"
    player.write_text(f'#!/bin/sh\necho "$1" >> {log}\n')
    player.chmod(0o755)
    tones = Tones(("fake", (str(player),)), tmp_path / "cache")
    for sound in ("go", "rest", "tick", "step"):
        assert tones.play(sound)  # type: ignore[arg-type]
    assert wait_for(lambda: log.exists() and len(log.read_text().split()) == 4)
    # Each play is a process of its own, so under load their lines may land in any order:
    # what counts is which file each sound played ("step" plays the tick).
    names = sorted(Path(p).name.split("-")[0] for p in log.read_text().split())
    assert names == ["go", "rest", "tick", "tick"]


def test_a_player_that_cannot_play_gives_way_to_the_bell(tmp_path: Path) -> None:
    """paplay installed but no sound server (over SSH): its first tone fails, then the
    announcer rings the bell instead of playing into nothing."""
    player = tmp_path / "broken-play"
    player.write_text("#!/bin/sh\nexit 1\n")
    player.chmod(0o755)
    tones = Tones(("broken", (str(player),)), tmp_path / "cache")
    rung: list[int] = []
    announcer = Announcer(Recorder(plays=True), tones, lambda: rung.append(1))
    announcer.announce(Cue("go", None))
    assert rung == []  # not known yet: it was started
    assert wait_for(lambda: tones._first is not None and tones._first.poll() is not None)
    announcer.announce(Cue("rest", None))
    assert rung == [1] and tones.name is None


class Recorder:
    def __init__(self, *, plays: bool) -> None:
        self.plays = plays
        self.said: list[str] = []
        self.played: list[Sound] = []

    name = "recorder"

    def say(self, text: str) -> None:
        self.said.append(text)

    def stop(self) -> None:
        self.said.append("<stop>")

    def prepare(self) -> None:
        return None

    def play(self, sound: Sound) -> bool:
        self.played.append(sound)
        return self.plays


@pytest.mark.parametrize(
    ("sound", "voice", "plays", "cue", "bells", "said"),
    [
        (True, True, True, Cue("go", "Go"), 0, ["Go"]),
        (True, True, False, Cue("go", "Go"), 1, ["Go"]),  # no player: the bell
        (True, True, False, Cue("tick", "3"), 1, ["3"]),
        (True, True, False, Cue("step", "lift"), 0, ["lift"]),  # no bell every rep step
        (False, True, False, Cue("go", "Go"), 0, ["Go"]),
        (True, False, True, Cue("go", "Go"), 0, []),
        (False, False, False, Cue("go", "Go"), 0, []),
        (True, True, True, Cue(None, "Pain saved. Session stopped."), 0,
         ["Pain saved. Session stopped."]),
    ],
)
def test_the_announcer_follows_the_settings(sound: bool, voice: bool, plays: bool, cue: Cue,
                                            bells: int, said: list[str]) -> None:
    rec = Recorder(plays=plays)
    rung: list[int] = []
    Announcer(rec, rec, lambda: rung.append(1), sound=sound, voice=voice).announce(cue)
    assert len(rung) == bells
    assert rec.said == said
    assert rec.played == ([cue.sound] if sound and cue.sound else [])


@pytest.mark.parametrize("voice", [True, False])
def test_the_page_is_told_every_sentence_whatever_the_voice_setting(voice: bool) -> None:
    """Under `coretimer serve` the phone's own "Speak cues on this phone" decides: the relay
    gets every sentence, and a hush, with the machine's voice on or off."""
    rec = Recorder(plays=True)
    told: list[tuple[str, str | None]] = []
    announcer = Announcer(rec, rec, lambda: None, voice=voice,
                          relay=Relay(lambda event, text: told.append((event, text))))
    announcer.announce(Cue("go", "Go"))
    announcer.announce(Cue("step", None))  # a sound alone says nothing
    announcer.hush()
    assert told == [("cue", "Go"), ("hush", None)]
    assert rec.said == (["Go", "<stop>"] if voice else ["<stop>"])


@pytest.mark.skipif(shutil.which("espeak-ng") is None,
                    reason="espeak-ng is not installed (.ci/run installs it when run as root "
                           "on Debian)")
def test_espeak_ng_renders_a_cue_that_is_not_silent(tmp_path: Path) -> None:
    engine = find_speech_engine()
    assert engine is not None and engine.name == "espeak-ng"
    out = tmp_path / "out.wav"
    subprocess.run([*engine.command[:-1], "-w", str(out), "--", "Switch to your right side"],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    with wave.open(str(out)) as w:
        data = w.readframes(w.getnframes())
        seconds = w.getnframes() / w.getframerate()
        width = w.getsampwidth()
    assert seconds > 0.5
    assert rms(data, width) > 100


def test_a_daemon_engine_is_silenced_with_its_cancel_command(tmp_path: Path) -> None:
    """spd-say speaks through a daemon: ending the client is not enough, its cancel command
    must run (and must not be killed in turn)."""
    from coretimer.session.audio import SpeechEngine

    script = fake_engine(tmp_path)
    cancel = tmp_path / "cancel"
    cancel.write_text(f'#!/bin/sh\necho cancelled >> {tmp_path}/cancel.log\n')
    cancel.chmod(0o755)
    voice = Voice(SpeechEngine("daemon", (str(script), "--"), cancel=(str(cancel),)))
    voice.say("Go")
    first = voice._procs.running[0]
    voice.say("Halfway")
    assert wait_for(lambda: first.poll() is not None)
    log = tmp_path / "cancel.log"
    # The shell creates the file before echo writes to it: wait for the words, not the file.
    assert wait_for(lambda: log.exists() and log.read_text().split() == ["cancelled"])
    voice.stop()
    assert wait_for(lambda: (tmp_path / "cancel.log").read_text().split()
                    == ["cancelled", "cancelled"])


@pytest.mark.parametrize("platform", ["linux", "darwin"])
def test_the_text_can_never_be_read_as_an_option(platform: str) -> None:
    """Exercise names come from routine files: "-v whisper" must be spoken, not obeyed."""
    from coretimer.session.audio import SPEECH_ENGINES

    for engine in SPEECH_ENGINES[platform]:
        assert engine.command[-1] == "--", engine
