"""What holds a step up back, after the pain-monitoring model (pain may come, but must settle
by the next morning and not climb week to week; Silbernagel et al. 2007), made stricter for
backs. Pure functions of saved sessions; progression.py applies them.

- **Other pain** holds back every step up, of every exercise, for 7 days: a stop for pain, a
  report of 3 or more (or one without a rating), or a worse next morning (said, or a "same"
  two points above the check-in: mornings.counts_as_worse), low pain included.
- **Low pain**, a report of 1 or 2 in a session that did not stop for it and whose next
  morning was not worse, holds back only the exercises it counts against, for 7 days. So a
  person can say "1 out of 10" without losing the week's progress everywhere else.
- **The last morning unknown**: the morning after the last session is not answered (it has
  not come, or was put away), so nobody knows how the back took it.
- **Pain climbing** week to week (pain_weeks.climbing).
A rating of 0 ("pressed by mistake") is not pain anywhere here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo
from typing import TYPE_CHECKING

from coretimer.coaching.mornings import morning_has_come, worse_morning
from coretimer.model.record import PainReport, SessionRecord

if TYPE_CHECKING:
    from collections.abc import Set as AbstractSet

#: The week a report holds step ups back.
PAIN_WINDOW = timedelta(days=7)
#: A report this high or lower, in a session that did not stop for pain and whose morning was
#: not worse, is low pain: it holds back only the exercise it counts against.
LOW_PAIN = 2


def ended(session: SessionRecord) -> datetime:
    return session.ended_at or session.started_at


def is_low(report: PainReport) -> bool:
    return report.level is not None and 1 <= report.level <= LOW_PAIN


def low_pain_only(session: SessionRecord) -> bool:
    """Every real report of the session is low pain, and it neither stopped for pain nor had
    a worse morning."""
    return (session.status != "stopped_for_pain" and not worse_morning(session)
            and all(is_low(p) for p in session.real_pain))


def other_pain(session: SessionRecord) -> str | None:
    """Why the session holds back every step up for a week (None: it does not)."""
    day = f"{session.started_at.astimezone():%A}"
    if session.status == "stopped_for_pain":
        return f"you stopped {day}'s session for pain"
    high = [p for p in session.real_pain if not is_low(p)]
    if high:
        level = high[0].level
        return (f"you reported pain without a rating on {day}" if level is None else
                f"you reported {level}/10 during {day}'s session")
    if worse_morning(session):
        return f"{worse_words(session)} the morning after {day}'s session"
    return None


def worse_words(session: SessionRecord) -> str:
    """How a worse morning is said: as the person said it, or why it counts as worse."""
    if session.next_morning == "worse" or session.next_morning_pain is None:
        return "your back felt worse"
    return (f"your back was at {session.next_morning_pain}/10, 2 or more above your "
            f"check-in ({session.baseline_pain}/10),")


def within(session: SessionRecord, now: datetime, window: timedelta = PAIN_WINDOW) -> bool:
    """Ended in the window before `now` (or after it: a wrong clock is taken as recent)."""
    return now - ended(session) <= window


@dataclass(frozen=True)
class LowPain:
    """A low-pain report that holds back one exercise."""

    level: int
    day: str

    def text(self, dose: str) -> str:
        return (f"you reported {self.level}/10 during it on {self.day}: it stays at {dose} "
                "until a week has passed without that, then steps up as usual")


def low_pain_against(history: Sequence[SessionRecord], keys: AbstractSet[str],
                     now: datetime) -> LowPain | None:
    """The newest low-pain report of the last 7 days against an exercise (any of its ids)."""
    for session in history:  # newest first
        if not within(session, now):
            continue
        reports = session.pain_against(keys)
        if reports and low_pain_only(session):
            level = max(p.level or 0 for p in reports)
            return LowPain(level, f"{session.started_at.astimezone():%A}")
    return None


def held_back(history: Sequence[SessionRecord], now: datetime,
              tz: tzinfo | None = None) -> str | None:
    """Why nothing steps up now (None: step ups may be suggested), `history` newest first:
    other pain in the last 7 days, or the last session's morning not known to be fine."""
    for session in history:
        if within(session, now):
            why = other_pain(session)
            if why is not None:
                return why
    # The last session: all of those started at the newest start (two devices at once).
    for last in (s for s in history if history and s.started_at == history[0].started_at):
        why = _last_morning(last, now, tz)
        if why is not None:
            return why
    return None


def _last_morning(last: SessionRecord, now: datetime, tz: tzinfo | None) -> str | None:
    """Why the last session's morning holds step ups back (None: it was fine)."""
    if worse_morning(last):  # however long ago: nothing newer since
        return (f"{worse_words(last)} the morning after your last session "
                f"({last.started_at.astimezone(tz):%A})")
    if last.next_morning in (None, "skipped"):
        day = f"{last.started_at.astimezone(tz):%A}"
        if not morning_has_come(last, now, tz):
            return (f"the morning after your last session ({day}) has not come yet, so "
                    "nobody knows how your back took it")
        return (f"the morning after your last session ({day}) is not answered: answer it "
                "in the history (h, then m) or with `coretimer morning`")
    return None
