"""The preview's words: the exercise table's rows, an exercise's details under it, the
suggestions panel, and the advice to rest on a day the back is bad."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from coretimer.coaching.pain_weeks import pain_of
from coretimer.model.fields import STEP_ROLES
from coretimer.text.plaintext import clean
from coretimer.ui.screens.common import esc

if TYPE_CHECKING:
    from coretimer.coaching.doses import Suggestion
    from coretimer.coaching.offering import Waiting
    from coretimer.coaching.pain_weeks import ExercisePain
    from coretimer.model.exercise import Exercise
    from coretimer.model.routine import Routine

FORM_FADES = ("Stop the set when your form fades: Enter (Done) ends it early, and that is not "
              "pain. Pain is p.")


def high_checkin_text(level: int) -> str:
    return (f"[b]Your back is at {level}/10 right now.[/b] That is a lot: today is a day to rest, "
            "or to do only the gentlest routine, in a small range, stopping well before pain. "
            "Press [b]y[/b] to start anyway, or Esc to go back.")


def rest_text(ex: Exercise) -> str | None:
    """The rest between an exercise's sets or sides, when it has more than one."""
    return f"{ex.rest} s" if ex.sets > 1 or ex.sides == "both" else None


def exercise_details(ex: Exercise, choice: int | None, pain: ExercisePain | None,
                     not_for_me: Iterable[str], wait: Waiting | None) -> str:
    """What the preview says of the highlighted exercise: how to do it, what the table may
    have no room for, its level and the one taken by choice (`choice`), its pain in the
    last weeks, and whether it is left out."""
    steps = [f"• {esc(word.upper())}: {esc(cue)}" for word, role in
             zip(ex.step_words, STEP_ROLES, strict=True)
             if (cue := (ex.step_cues or {}).get(role)) is not None]
    cues = "\n".join([*steps, *(f"• {esc(cue)}" for cue in ex.cues)])
    lines = [f"[b]{esc(ex.title)}[/b]: {esc(ex.setup_cue)}", cues,
             f"[dim]{FORM_FADES}[/dim]"]
    # What the table may have no room for: its rest and equipment.
    rest = rest_text(ex)
    needs = [f"[b]Rest:[/b] {rest}"] if rest else []
    if ex.equipment:
        needs.append(f"[b]Equipment:[/b] {esc(', '.join(ex.equipment))}")
    if needs:
        lines.insert(1, " · ".join(needs))
    if ex.note:
        lines.append(f"[b]Note:[/b] {esc(ex.note)}")
    if ex.level is not None and ex.levels:
        lines.append(f"Level {ex.level} of {len(ex.levels)}: " + " → ".join(
            esc(lv.name) + (" (by choice)" if lv.by_choice else "") for lv in ex.levels))
        if choice is not None and choice > ex.level:
            lines.append(f"The next level, {esc(ex.levels[choice - 1].name)}, is taken "
                         "only when you choose it: press [b]l[/b] to do it this session. "
                         "It then stays, as every level does.")
        elif choice is not None:
            lines.append(f"This level is one you chose: press [b]l[/b] to go back to "
                         f"{esc(ex.levels[choice - 1].name)} for this session.")
    if ex.level_after_pain is not None and ex.level == ex.level_after_pain:
        lines.append("The supported version, because pain was reported in the last 4 "
                     "weeks.")
    if pain is not None:
        lines.append(f"[b]Pain:[/b] {esc(pain.text())}")
    if not ex.keys.isdisjoint(not_for_me):
        lines.append("[b]Marked not for me:[/b] it is left out of every routine. Press n "
                     "to take it back.")
    if wait is not None:
        lines.append(f"[b]Not offered yet:[/b] {esc(wait.text())} Until then it is left "
                     "out.")
    if ex.source:
        lines.append(f"[dim]Source: {esc(ex.source)}[/dim]")
    return "\n".join(lines)


def suggestions_text(suggestions: list[Suggestion], held: str | None, *,
                     accepted: bool) -> str | None:
    """The suggestions panel (markup, user text escaped): the steps back and up, or why
    nothing steps up now; None when there is nothing to say."""
    held_line = f"[b]No step up for now: {esc(held)}.[/b]" if held is not None else None
    if not suggestions:
        return held_line
    lines = [esc(s.text()) for s in suggestions]
    if held_line is not None:
        lines.insert(0, held_line)
    if any(s.direction == "down" for s in suggestions):
        lines.append("Steps back are used this session; the routine file stays as it is.")
    changes = any(s.direction == "up" for s in suggestions)
    if changes and accepted:
        lines.append("[b]Taking the step up this session[/b] (press a to stay at the doses "
                     "you did last time).")
    elif changes:
        lines.append("Press [b]a[/b] to take the step up for this session; the routine file "
                     "stays as it is.")
    return "\n".join(lines)


def exercise_rows(warm_up: Routine | None, shown: Routine, pain: dict[str, ExercisePain],
                  not_for_me: Iterable[str], waiting: Iterable[str]) -> list[list[str]]:
    """The exercise table as plain text, a row of COLUMNS per exercise (the warm-up's
    first when it goes first), marking those left out and why."""
    left_out, not_yet = set(not_for_me), set(waiting)
    rows: list[list[str]] = []
    if warm_up is not None:
        rows += [["w", f"{ex.title} (warm-up)", "—", ex.dose(), "—", "—"]
                 for ex in warm_up.exercises]
    for i, ex in enumerate(shown.exercises, start=1):
        title = ex.title + (" (optional)" if ex.optional else "")
        hurt_in = pain_of(pain, ex.keys)
        hurt = "—" if hurt_in is None else f"{len(hurt_in.reports)}×"
        if not ex.keys.isdisjoint(left_out):
            rows.append([str(i), f"{ex.title} (not for me: left out)", hurt, "—", "—", "—"])
        elif ex.key in not_yet:
            rows.append([str(i), f"{ex.title} (not offered yet)", hurt, "—", "—", "—"])
        else:
            rows.append([str(i), title, hurt, ex.dose(), rest_text(ex) or "—",
                         ", ".join(ex.equipment) or "—"])
    return [[clean(text) for text in row] for row in rows]  # names are user text
