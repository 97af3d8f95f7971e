"""Pain-gated progression: suggest a small step up only when it is safe, a step back after pain.

Exercises are matched by their stable id (`Exercise.key`) and aliases, in any routine. Pain
belongs to the person, not to one routine. A step up for an exercise is suggested only
when all of these hold (the rules of issue 22, after the pain-monitoring model and stricter
than it; holds.py has the pain ones):
1. the last two sessions that included it did it at the dose it is at now and completed
   every set of it, with no pain reported against it (a report counts against the exercise
   being done, or, in a get-ready, a rest or a side switch, against the one just done and the
   one about to start) and neither was followed by a worse next morning; a test hold never
   counts as one of them;
2. no *other pain* in the last 7 days, in any routine: no stop for pain, no report of 3 or
   more (or without a rating), no worse next morning (a "same" 2 points above the check-in
   is worse);
3. no *low pain* against it in the last 7 days: a report of 1-2 in a session that did not
   stop and whose morning was not worse holds back only the exercises it counts against
   (they stay, and the preview says why);
4. the last session's next morning is known and not worse;
5. the last session was at most 14 whole days ago;
6. pain at the check-in or the next morning is not climbing week to week (pain_weeks.py);
and the last time this routine was done it did not stop for pain (then nothing in it steps up
next time: not the exercises never reached, nor the one whose get-ready the pain interrupted).

A step back is suggested after other pain against the exercise the last time it was done (or
reached), or a worse next morning after it. Coming back after 15-28 days away (from any
session, or from this exercise when it was left out longer) is one step back, 29-56 days
two, and after longer the routine's own dose (for levels, one level down).
A step back never goes below 5 s or 1 rep; when it reaches that floor the suggestion says so
and shows the exercise's `easier` version.

Steps are small: +5 s on a hold, +1 rep (+2 from 10 reps up); back: -5 s, -1 rep (-2 above 10).
A step up never passes the exercise's cap: `max_hold` / `max_reps` in the routine file, else the
seeds' upper doses (60 s holds, 15 reps) or the routine's own dose when that is higher already.
Max holds (the endurance test) are never changed. A rating of 0 ("pressed by mistake") is not
pain anywhere here.

Levels. An exercise with levels runs at the level it was last done at (else the routine's
`level`). When its dose has reached the level's cap and the last two sessions at that level
and dose were clean, the step up is the next level, at that level's own dose. A step back
from the lowest dose (5 s or 1 rep) is the level below, at its own dose. Per-set doses
(8-6-4) move together: every set by the same step, the first set judged against the cap.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from coretimer.coaching.doses import (
    Suggestion,
    cap,
    dose_text,
    floor,
    step_down,
    step_up,
    with_dose,
)
from coretimer.coaching.holds import (
    held_back,
    low_pain_against,
    low_pain_only,
    worse_words,
)
from coretimer.coaching.mornings import worse_morning
from coretimer.coaching.pain_weeks import pain_climbing
from coretimer.coaching.plan import GAP_DAYS
from coretimer.model.exercise import Exercise
from coretimer.model.record import SessionRecord, SetResult
from coretimer.model.routine import Routine
from coretimer.routine.movements import joined

if TYPE_CHECKING:
    from coretimer.model.summaries import SessionSummary

#: After more whole days away than `GAP_DAYS` (in `plan`: `due` says it too), start again
#: a step lower ... up to this many days away; two steps lower up to the next; after that,
#: the routine's own dose (and for levels, one level down).
COMING_BACK_ONE = 28
COMING_BACK_TWO = 56
#: Pain this recent chooses an exercise's `level_after_pain`, and shows in the preview.
PAIN_HISTORY = timedelta(days=28)


#: The step-up rules in plain words, each with why (the help screen shows them; README.md
#: says the same at more length).
RULES: tuple[tuple[str, str], ...] = (
    ("Done in full at its dose, without pain, in its last two sessions.",
     "a dose is taken up only once it is handled twice; a test hold never counts"),
    ("No other pain in the last 7 days: no stop for pain, no report of 3 or more, no worse "
     "morning.", "pain beyond the mild, settling kind needs a week to show it settles"),
    ("No 1 or 2 during this exercise in the last 7 days: it stays, the rest goes on.",
     "a small pain that settles is allowed, and saying it should cost nothing else"),
    ("The morning after your last session answered, and not worse (the same, 2 points above "
     "your check-in, counts as worse).", "the morning after is when a back says how it took "
     "the work"),
    ("Pain not climbing week to week.", "creeping pain means load outrunning recovery"),
    ("Back after more than 14 days: a step back; after 4 weeks two; after 8 the routine's own "
     "dose, a level down.", "endurance fades over weeks; the first session back should be "
     "easy"),
)


def sets_of(session: SessionRecord, ex: Exercise) -> list[SetResult]:
    """The session's sets of the exercise (at the exercise's level, when it has levels: a
    set saved without a level, before levels or in a routine whose version of the movement
    has none, counts as the easiest), under its id or an alias. A test hold (a max hold: no
    target) is never a training set: a test counts only for its pain."""
    keys = ex.keys
    return [x for x in session.sets if x.key in keys and x.kind == ex.kind
            and x.target is not None
            and (ex.level is None or x.level == ex.level or (x.level is None
                                                             and ex.level == 1))]


def level_done(ex: Exercise, history: Sequence[SessionRecord]) -> int | None:
    """The level the exercise was last done at (`history` newest first), if it has levels."""
    if not ex.levels:
        return None
    keys = ex.keys
    for session in history:
        for x in session.sets:
            if x.key in keys and x.kind == ex.kind and x.level is not None:
                return min(max(x.level, 1), len(ex.levels))
    return None


#: A check-in or next-morning rating at least this high counts as pain reported (the amber
#: band of the physiotherapists' 0-10 traffic lights starts here).
AMBER = 4


def pain_reported(session: SessionRecord) -> bool:
    """The session brought pain to light in any way the person told it: a pain report (rated
    above 0, or unrated), a stop for pain, a worse next morning, or a check-in or next-morning
    rating of 4 or more."""
    return (_had_pain(session) or session.next_morning == "worse"
            or (session.baseline_pain or 0) >= AMBER
            or (session.next_morning_pain or 0) >= AMBER)


def pain_within(history: Sequence[SessionRecord], now: datetime,
                window: timedelta = PAIN_HISTORY) -> bool:
    """Any session in the window reported pain (see `pain_reported`)."""
    return any(pain_reported(s) for s in history
               if now - (s.ended_at or s.started_at) <= window)


def at_levels_done(routine: Routine, history: Sequence[SessionRecord],
                   now: datetime | None = None) -> Routine:
    """The routine with each exercise that has levels at the level it was last done at: a
    step up (or back) between levels stays taken. An exercise with `level_after_pain` uses
    that level while pain was reported in the last 4 weeks (as of `now`, default: the end of
    the last session; see `pain_reported`); a test hold (a max hold) otherwise keeps its
    routine's level, since tests do not progress."""
    routine = joined(routine)
    newest = sorted(history, key=lambda s: s.started_at, reverse=True)
    if now is None and newest:
        now = newest[0].ended_at or newest[0].started_at
    recent_pain = now is not None and pain_within(newest, now)
    exercises = []
    changed = False
    for ex in routine.exercises:
        level = level_done(ex, newest)
        if ex.level_after_pain is not None and recent_pain:
            level = ex.level_after_pain
        elif ex.is_max_hold:  # a test hold does not progress: the routine's own level
            level = None
        if level is not None and level != ex.level:
            exercises.append(ex.at_level(level))
            changed = True
        else:
            exercises.append(ex)
    return routine.model_copy(update={"exercises": exercises}) if changed else routine


def as_last_done(routine: Routine, history: Sequence[SessionRecord],
                 now: datetime | None = None) -> Routine:
    """The routine as it is done next, before any suggestion: each exercise at the level
    (`at_levels_done`) and the dose it was last done at, so a step taken stays taken whether
    or not a new step is suggested (at the cap, or held back by pain: the dose stays where
    it was, never back to the file's). An exercise not done yet has the routine's own."""
    levelled = at_levels_done(routine, history, now)
    newest = sorted(history, key=lambda s: s.started_at, reverse=True)
    exercises = []
    for ex in levelled.exercises:
        if ex.is_max_hold or ex.target is None:
            exercises.append(ex)
            continue
        current = _current(ex, [s for s in newest if sets_of(s, ex)])
        exercises.append(ex if current in (None, ex.target) else with_dose(ex, current))
    if all(a is b for a, b in zip(exercises, levelled.exercises, strict=True)):
        return levelled
    return levelled.model_copy(update={"exercises": exercises})


def touched(session: SessionRecord, ex: Exercise) -> bool:
    """The session did some of the exercise, or reported pain that counts against it."""
    return bool(sets_of(session, ex)) or bool(session.pain_against(ex.keys))


def clean(session: SessionRecord, ex: Exercise) -> bool:
    """Every set of the exercise done in full, no pain against it, not worse the next day."""
    sets = sets_of(session, ex)
    return (bool(sets) and all(x.completed for x in sets)
            and not session.pain_against(ex.keys) and not worse_morning(session))


def _current(ex: Exercise, history: Sequence[SessionRecord]) -> int | None:
    """The dose the last time it was done (it may include an accepted step), else the
    routine's own; never above this routine's cap for it (another routine may have taken it
    further). `history` is newest first."""
    for session in history:
        targets = [x.target for x in sets_of(session, ex) if x.target is not None and x.set == 1]
        if targets:
            return min(round(targets[0]), cap(ex))
    return ex.target


def _had_pain(session: SessionRecord) -> bool:
    return session.status == "stopped_for_pain" or bool(session.real_pain)


def _steps_back(ex: Exercise, current: int, steps: int, reason: str) -> Suggestion:
    """`steps` steps back from `current` (a step back from the lowest dose of a level above
    the first is the level below, at its own dose)."""
    at, dose = ex, current
    for _ in range(steps):
        if at.level is not None and at.level > 1 and dose <= floor(at):
            at = at.at_level(at.level - 1)
            dose = at.target or dose
        else:
            dose = step_down(at, dose)
    return _moved_back(ex, at, current, dose, reason)


def _moved_back(ex: Exercise, at: Exercise, current: int, dose: int,
                reason: str) -> Suggestion:
    if at.level != ex.level:
        return Suggestion(ex.name, at.kind, "down", current, dose, reason, key=ex.key,
                          level=at.level, level_from=ex.level_name, level_to=at.level_name)
    at_floor = dose <= floor(ex)
    return Suggestion(ex.name, ex.kind, "down", current, dose, reason, at_floor=at_floor,
                      easier=ex.easier if at_floor else None, key=ex.key, level=ex.level)


def _step_back(ex: Exercise, current: int, reason: str) -> Suggestion:
    return _steps_back(ex, current, 1, reason)


def _coming_back(ex: Exercise, current: int, gap: timedelta) -> Suggestion:
    """The welcome back, in proportion to the time away: 15-28 days one step back, 29-56 two,
    longer the routine's own dose (and for levels, one level down)."""
    days = gap.days
    why = f"welcome back: it has been {days} days, so start a little easier"
    if days <= COMING_BACK_ONE:
        return _steps_back(ex, current, 1, why)
    if days <= COMING_BACK_TWO:
        return _steps_back(ex, current, 2, why)
    down = ex.levels is not None and ex.level is not None and ex.level > 1
    at = ex.at_level(ex.level - 1) if down and ex.level is not None else ex
    own = at.target if at.target is not None else current
    return _moved_back(ex, at, current, own if down else min(own, current),
                       f"welcome back: it has been {days} days, so start again from the "
                       "routine's own dose" + (", a level down" if down else ""))


def held(routine_id: str, history: Sequence[SessionRecord], now: datetime, *,
         pain_history: Sequence[SessionRecord | SessionSummary] | None = None) -> str | None:
    """Why no exercise of the routine steps up now (None: each may, by its own sessions).
    `history` newest first. A long break is not one: it has its welcome back."""
    why = held_back(history, now)
    if why is not None:
        return why
    mine = [s for s in history if s.routine == routine_id]
    if mine and mine[0].status == "stopped_for_pain":
        return "the last time you did this routine it stopped for pain"
    climb = pain_climbing(history if pain_history is None else pain_history, now)
    return None if climb is None else climb.text()


def why_held(routine_id: str, routine: Routine, history: Sequence[SessionRecord],
             now: datetime, *,
             pain_history: Sequence[SessionRecord | SessionSummary] | None = None
             ) -> str | None:
    """What the preview says when nothing in the routine may step up now (None: something may,
    or nothing of it was done yet, or a long break has its welcome back instead). Pain
    climbing week to week is always said."""
    routine = joined(routine)
    everything = sorted(history, key=lambda s: s.started_at, reverse=True)
    climb = pain_climbing(everything if pain_history is None else pain_history, now)
    if climb is not None:  # about the back, whatever the routine: always said
        return climb.text()
    if not everything or (now - (everything[0].ended_at or everything[0].started_at)
                          ).days > GAP_DAYS:
        return None
    if not any(touched(s, ex) for ex in routine.exercises if not ex.is_max_hold
               for s in everything):
        return None
    return held(routine_id, everything, now, pain_history=pain_history)


def suggest(routine_id: str, routine: Routine, history: Sequence[SessionRecord],
            now: datetime | None = None, *,
            pain_history: Sequence[SessionRecord | SessionSummary] | None = None
            ) -> list[Suggestion]:
    """Suggestions for the routine's exercises, given every session so far (or the full
    records `history_for` picks, with every session's summary as `pain_history`: the weekly
    pain that blocks a step up reaches back over the whole history). `now` defaults to the
    end of the last session (so a history alone is judged as of its last day)."""
    routine = joined(routine)
    everything = sorted(history, key=lambda s: s.started_at, reverse=True)
    if not everything:
        return []
    last = everything[0]
    last_end = last.ended_at or last.started_at
    now = now or last_end
    gap = now - last_end
    may_step_up = held(routine_id, everything, now, pain_history=pain_history) is None

    out: list[Suggestion] = []
    seen: set[tuple[str, str]] = set()
    for ex in at_levels_done(routine, everything, now).exercises:
        if ex.is_max_hold or (ex.key, ex.kind) in seen:  # the same exercise twice: once
            continue
        seen.add((ex.key, ex.kind))
        sessions = [s for s in everything if touched(s, ex)]
        if not sessions:
            continue
        current = _current(ex, sessions)
        if current is None:
            continue
        latest = sessions[0]
        if latest.pain_against(ex.keys) and not low_pain_only(latest):
            out.append(_step_back(ex, current, "pain was reported during it last time"))
            continue
        if worse_morning(latest):
            out.append(_step_back(ex, current,
                                  f"{worse_words(latest)} the morning after last time"))
            continue
        # Time away: from any session, or from this exercise when it was left out longer
        # (trained other routines meanwhile: its own endurance faded all the same).
        done = next((s for s in sessions if sets_of(s, ex)), None)
        away = max(gap, now - (done.ended_at or done.started_at)) if done else gap
        if away.days > GAP_DAYS:
            out.append(_coming_back(ex, current, away))
            continue
        low = low_pain_against(everything, ex.keys, now)
        if low is not None:
            out.append(Suggestion(ex.name, ex.kind, "stay", current, current,
                                  low.text(dose_text(ex, current)), key=ex.key,
                                  level=ex.level))
            continue
        last_two = sessions[:2]
        if (may_step_up and len(last_two) == 2 and all(clean(s, ex) for s in last_two)
                and all(_current(ex, [s]) == current for s in last_two)):  # at this dose
            higher = step_up(ex, current)
            why = "done twice at this dose, no pain, fine the next morning"
            if higher > current:
                out.append(Suggestion(ex.name, ex.kind, "up", current, higher, why,
                                      key=ex.key, level=ex.level))
            elif (ex.levels and ex.level is not None and ex.level < len(ex.levels)
                  and not ex.levels[ex.level].by_choice):  # taken only when the person says so
                above = ex.at_level(ex.level + 1)
                out.append(Suggestion(
                    ex.name, above.kind, "up", current, above.target or current,
                    f"{why}, at the top of this level", key=ex.key, level=ex.level + 1,
                    level_from=ex.level_name, level_to=above.level_name))
    # A step back that changes nothing and is not at the floor says nothing useful.
    return [s for s in out if s.direction != "down" or s.suggested < s.current or s.at_floor
            or s.changes_level]
