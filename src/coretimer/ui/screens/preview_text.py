"""The preview's words: an exercise's details under the table, and the advice to rest on
a day the back is bad."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from coretimer.model.fields import STEP_ROLES
from coretimer.ui.screens.common import esc

if TYPE_CHECKING:
    from coretimer.coaching.offering import Waiting
    from coretimer.coaching.pain_weeks import ExercisePain
    from coretimer.model.exercise import Exercise

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
