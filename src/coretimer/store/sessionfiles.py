"""What the sessions folder holds besides session files, and what a load of it reports.

Shared by the store (which reads every file) and the index (which reads only what changed),
so that both read a next-morning answer, and say what went wrong, the same way.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Generic, TypeVar

from coretimer.model.summaries import Dated

if TYPE_CHECKING:
    from coretimer.model.record import NextMorning, SessionRecord

#: A session file larger than this is not a session (a real one is a few kilobytes).
MAX_SESSION_BYTES = 1_000_000

#: A session's next-morning answer: `<id>.next-morning`, beside `<id>.json`.
ANSWER_SUFFIX = ".next-morning"
#: Where an answer goes when `<id>.next-morning` holds a "skipped" written by an older
#: coretimer (files are never replaced): `<id>.answered.next-morning`.
LATE_ANSWER_SUFFIX = ".answered" + ANSWER_SUFFIX
#: The morning's 0-10, given a moment after the answer's word (the word's file is written as
#: soon as it is given, and never edited): `<id>.pain.next-morning`.
PAIN_ANSWER_SUFFIX = ".pain" + ANSWER_SUFFIX
#: Every name a session's answer files may have (a sync tool's copies aside).
ANSWER_NAMES = (ANSWER_SUFFIX, LATE_ANSWER_SUFFIX, PAIN_ANSWER_SUFFIX)

REAL_ANSWERS = ("better", "same", "worse")

Answer = tuple[str, "NextMorning", int | None]
"""A next-morning answer file's session id, answer and 0-10 pain."""


class StoreError(OSError):
    """A store operation failed; the message says which file and why, in plain words.

    An OSError, so that the engine treats it like any other failed write: it keeps the session
    in memory and tells the user.
    """


class AlreadyAnswered(ValueError):
    """A session's next morning was answered already: answers are written once, never
    replaced."""

    def __init__(self, path: Path, answer: Answer | None) -> None:
        self.path = path
        self.answer = answer
        """What the first answer said (None: its file cannot be read)."""
        said = ("its file cannot be read" if answer is None else
                answer[1] + ("" if answer[2] is None else f", {answer[2]}/10"))
        super().__init__(f"already answered ({said}, in {path.name}); the first answer "
                         "stays and is never replaced")


@dataclass(frozen=True)
class StoreProblem:
    path: Path
    reason: str
    action: str = "left in place"
    repairable: bool = True
    """`doctor --repair` can deal with it (quarantine, recover); False for what only the
    person can (permissions, a missing drive)."""

    def __str__(self) -> str:
        return f"{self.path}: {self.reason} ({self.action})"


@dataclass(frozen=True)
class Duplicate:
    """Another copy of a session already loaded (a sync tool's conflict copy): never counted
    twice. `kept` is the file whose record was kept (the more complete one)."""

    path: Path
    kept: Path
    session_id: str


def read_answer(path: Path) -> Answer | None:
    """A next-morning answer file: (session id, answer, pain 0-10 or None). None when it
    cannot be read (the session file's own answer, from before answers had files of their
    own, then stands); a pain that is not 0-10 is read as not given."""
    try:
        doc = json.loads(path.read_bytes()[:10_000])
    except (OSError, ValueError, RecursionError):
        return None
    if (isinstance(doc, dict) and isinstance(doc.get("session"), str)
            and doc.get("next_morning") in ("better", "same", "worse", "skipped")):
        pain = doc.get("pain")
        if isinstance(pain, bool) or not isinstance(pain, int) or not 0 <= pain <= 10:
            pain = None
        return doc["session"], doc["next_morning"], pain
    return None


#: How cautious each answer is: an answer counts over an older version's "skipped", and
#: of two answers to one morning (two machines that answered before they synced) the more
#: cautious counts.
CAUTION = {"skipped": 0, "better": 1, "same": 2, "worse": 3}


def keep_answer(chosen: dict[str, Answer], answer: Answer) -> None:
    """Add one answer file's answer to `chosen` (session id -> answer). The word that
    counts is the most cautious one found (a "skipped" never beats an answer); its pain is
    the highest given with that word (`<id>.pain.next-morning` completes the word's file).
    The same whatever order the files are read in."""
    kept = chosen.get(answer[0])
    if kept is None or CAUTION[answer[1]] > CAUTION[kept[1]]:
        chosen[answer[0]] = answer
    elif answer[1] == kept[1] and answer[2] is not None and (
            kept[2] is None or answer[2] > kept[2]):
        chosen[answer[0]] = (kept[0], kept[1], answer[2])


S = TypeVar("S", bound=Dated)


def newest(s: Dated) -> tuple[datetime, str]:
    """The order of `newest_first` (reversed): by start, then id."""
    return (s.started_at, s.id)


@dataclass
class Loaded(Generic[S]):
    """A load of the sessions folder: its sessions (full records, or the index's summaries),
    and what went wrong or was mended on the way."""

    sessions: list[S] = field(default_factory=list)
    problems: list[StoreProblem] = field(default_factory=list)
    recovered: list[SessionRecord] = field(default_factory=list)
    duplicates: list[Duplicate] = field(default_factory=list)
    unreadable: str | None = None
    """Set when the history as a whole cannot be read (its folder cannot be listed): then
    there is no answer, which must never be shown as "no sessions"."""

    def newest_first(self) -> list[S]:
        return sorted(self.sessions, key=newest, reverse=True)
