"""What screens ask the App for: typed messages, posted up and handled with `@on` in the App.

Screens never call the App; the App sets screens' attributes (data down, messages up).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from textual.message import Message

if TYPE_CHECKING:  # pydantic must not load before the first frame
    from coretimer.coaching.mornings import Morning
    from coretimer.model.record import NextMorning
    from coretimer.model.summaries import SessionSummary
    from coretimer.routine.files import LoadedRoutine

SessionKey = Literal["toggle_pause", "done", "skip", "end"]
SummaryKey = Literal["save_again", "export", "close"]
Place = Literal["history", "stats", "settings", "help"]


class SessionCommand(Message):
    """A key on the session screen: pause/resume, done, skip, end."""

    def __init__(self, action: SessionKey) -> None:
        super().__init__()
        self.action: SessionKey = action


class OpenPreview(Message):
    def __init__(self, loaded: LoadedRoutine) -> None:
        super().__init__()
        self.loaded = loaded


class OpenRoutine(Message):
    """Open the preview of the routine with this id (home lists routines by their cards)."""

    def __init__(self, routine_id: str) -> None:
        super().__init__()
        self.routine_id = routine_id


class StartSession(Message):
    """Start `loaded` (with any accepted suggestions applied) from this check-in."""

    def __init__(self, loaded: LoadedRoutine, baseline_pain: int | None) -> None:
        super().__init__()
        self.loaded = loaded
        self.baseline_pain = baseline_pain


class Open(Message):
    """Open history, progress, settings or help."""

    def __init__(self, place: Place) -> None:
        super().__init__()
        self.place: Place = place


class ChangeSettings(Message):
    def __init__(self, **changes: object) -> None:
        super().__init__()
        self.changes = changes


class OpenSession(Message):
    """Open one past session from the history (the App reads its full record)."""

    def __init__(self, summary: SessionSummary) -> None:
        super().__init__()
        self.summary = summary


class AnswerNextMorning(Message):
    """How the back felt the morning after a session (and its 0-10, once given): saved at once,
    so that quitting halfway through the question loses nothing."""

    def __init__(self, session_id: str, answer: NextMorning, pain: int | None, *,
                 follows: bool = False) -> None:
        super().__init__()
        self.session_id = session_id
        self.answer = answer
        self.pain = pain
        self.follows = follows
        """The number given a moment after `answer`, which was saved already."""


class AskNextMorning(Message):
    """Answer the next morning of a past session (m in the history)."""

    def __init__(self, session: Morning) -> None:
        super().__init__()
        self.session = session


class DeleteSession(Message):
    """Move a past session to the trash (it can be restored)."""

    def __init__(self, session_id: str) -> None:
        super().__init__()
        self.session_id = session_id


class ToggleNotForMe(Message):
    """Mark an exercise "not for me" (left out of every routine), or take the mark back."""

    def __init__(self, key: str, name: str, aliases: tuple[str, ...] = ()) -> None:
        super().__init__()
        self.key = key
        self.name = name
        self.aliases = aliases
        """Its other ids: a mark under any of them counts, and taking the mark back takes
        them all."""


class SummaryCommand(Message):
    """A key or button of the summary after a session: save again (retry writing the
    session file), export (a copy of the session elsewhere) or close (back to home)."""

    def __init__(self, action: SummaryKey) -> None:
        super().__init__()
        self.action: SummaryKey = action


class ExportHistory(Message):
    """Write the whole history as CSV into the home folder (a download in a browser)."""


class WriteReport(Message):
    """Write the clinician report into the home folder (a download in a browser)."""
