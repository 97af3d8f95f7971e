"""The next-morning question: which sessions to ask about when coretimer opens, which may be
answered, and what an answer says about the back.

Rules (README, "The next morning"):
- A session is asked about at the first open at least 12 h after it ended, once the morning
  after it has come (a later local day than the one it started on, and at least 6 h after
  it ended: a session ending at 07:00 is not asked about the same evening), while it
  ended in the last 7 days. The newest first, at most two per open. Each is asked once on
  a machine (`asked.Asked`); what was not answered stays answerable from the history screen and
  `coretimer morning`.
- An answer is given once and never replaced.
- "Same" (or "better") with a morning pain 2 or more points above the pain given at the
  check-in before the session counts as worse: about the smallest change on the 0-10 scale
  a person notices.

Pure: no Textual, and no pydantic (home may ask as it opens, from the index's summaries).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta, tzinfo
from typing import Protocol, TypeVar

from coretimer.model.timeline import local_day

ASK_AFTER = timedelta(hours=12)
"""The first open at least this long after a session ended asks about it."""
MORNING_AFTER = timedelta(hours=6)
"""The morning after has come: a later local day, and at least this long after the end."""
ASK_WITHIN = timedelta(days=7)
"""Only sessions that ended this recently are asked about."""
PER_OPEN = 2
"""At most this many questions when coretimer opens."""
WORSE_BY = 2
"""A morning pain this many points above the check-in's counts as a worse morning."""


class Morning(Protocol):
    """What the question needs of a session: a full record or the index's summary."""

    @property
    def id(self) -> str: ...
    @property
    def routine_name(self) -> str: ...
    @property
    def started_at(self) -> datetime: ...
    @property
    def ended_at(self) -> datetime | None: ...
    @property
    def baseline_pain(self) -> int | None: ...
    @property
    def next_morning(self) -> str | None: ...
    @property
    def next_morning_pain(self) -> int | None: ...


M = TypeVar("M", bound=Morning)


def ended(session: Morning) -> datetime:
    return session.ended_at or session.started_at


def morning_has_come(session: Morning, now: datetime, tz: tzinfo | None = None) -> bool:
    """The morning after the session has come: a later local day than the one it started on,
    and at least 6 h since it ended (a session ending at 23:30 is not answered for at 00:10;
    one from 23:30 to 00:10 is, the next evening)."""
    return (now - ended(session) >= MORNING_AFTER
            and local_day(now, tz) > local_day(session.started_at, tz))


def unanswered(session: Morning) -> bool:
    """No answer yet. A "skipped" (written by older versions, when the question was put
    away) may still be answered."""
    return session.next_morning in (None, "skipped")


def answerable(session: Morning, now: datetime, tz: tzinfo | None = None) -> bool:
    return unanswered(session) and morning_has_come(session, now, tz)


def to_ask(sessions: Iterable[M], now: datetime, asked: Iterable[str] = (),
           tz: tzinfo | None = None) -> list[M]:
    """The sessions to ask about as coretimer opens: newest first, at most two."""
    done = set(asked)
    found = [s for s in sessions
             if s.next_morning is None and s.id not in done
             and ASK_AFTER <= now - ended(s) <= ASK_WITHIN and morning_has_come(s, now, tz)]
    found.sort(key=lambda s: (s.started_at, s.id), reverse=True)
    return found[:PER_OPEN]


def newest_answerable(sessions: Iterable[M], now: datetime,
                      tz: tzinfo | None = None) -> M | None:
    """The session `coretimer morning` answers for by default: the newest one still
    unanswered whose morning has come, of the last 7 days."""
    found = [s for s in sessions
             if answerable(s, now, tz) and now - ended(s) <= ASK_WITHIN]
    return max(found, key=lambda s: (s.started_at, s.id), default=None)


class Refused(ValueError):
    """A next-morning answer that cannot be taken; the message says why, in one line."""


ANSWER_WORDS = {"better": "better", "same": "the same", "worse": "worse", "skipped": "skipped"}


def answered_text(session: Morning) -> str:
    """"better, 2/10": what the answer said."""
    word = ANSWER_WORDS.get(session.next_morning or "", "not answered")
    return word + ("" if session.next_morning_pain is None else
                   f", {session.next_morning_pain}/10")


def to_answer(sessions: Sequence[M], now: datetime, session_id: str | None = None,
              tz: tzinfo | None = None) -> M:
    """The session an answer given now is for: `session_id`, else the newest one waiting
    (see `newest_answerable`). Refused (one line) when there is none, when it is answered
    already, or when its morning has not come."""
    if session_id is None:
        found = newest_answerable(sessions, now, tz)
        if found is None:
            raise Refused("no session of the last 7 days is waiting for its next-morning "
                          "answer (`coretimer history` lists them; --session ID picks one)")
        return found
    chosen = next((s for s in sessions if s.id == session_id), None)
    if chosen is None:
        raise Refused(f"--session: no session {session_id!r} (`coretimer history` lists "
                      "them)")
    if not unanswered(chosen):
        raise Refused(f"the morning after {day_of(chosen, tz)} ({chosen.routine_name}) is "
                      f"answered already: {answered_text(chosen)}. An answer is never "
                      "replaced")
    if not morning_has_come(chosen, now, tz):
        raise Refused(f"the morning after {day_of(chosen, tz)} ({chosen.routine_name}) has "
                      "not come yet: answer it tomorrow")
    return chosen


def counts_as_worse(answer: str | None, pain: int | None, baseline: int | None) -> bool:
    """The morning after was worse: said so, or a pain that morning 2 or more points above
    the check-in's, whatever the word."""
    if answer == "worse":
        return True
    return (answer in ("better", "same") and pain is not None and baseline is not None
            and pain >= baseline + WORSE_BY)


def worse_morning(session: Morning) -> bool:
    return counts_as_worse(session.next_morning, session.next_morning_pain,
                           session.baseline_pain)


def why_worse(answer: str | None, pain: int | None, baseline: int | None) -> str | None:
    """Why an answer that did not say "worse" counts as worse (None when it does not)."""
    if answer == "worse" or pain is None or baseline is None or not counts_as_worse(
            answer, pain, baseline):
        return None
    return (f"{pain}/10 that morning is {pain - baseline} points above the "
            f"{baseline}/10 you gave before the session, so it counts as a worse morning: "
            "no step up after it, and a step back next time")


def question(session: Morning, tz: tzinfo | None = None) -> str:
    """"How did your back feel the morning after Monday's session (Back-safe
    foundations)?" (plain text: the caller escapes it for markup)."""
    when = session.started_at.astimezone(tz)
    return (f"How did your back feel the morning after {when:%A}'s session "
            f"({session.routine_name})?")


def day_of(session: Morning, tz: tzinfo | None = None) -> str:
    """"Monday 30 November", the day a session started."""
    when = session.started_at.astimezone(tz)
    return f"{when:%A} {when.day} {when:%B}"
