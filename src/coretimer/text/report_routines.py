"""The report's routines: each routine in use as HTML, its exercises with their doses, the
level each was last done at, and its file's own name (never the folder it is in)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from coretimer.model.exercise import Exercise
from coretimer.model.figure import joints_of
from coretimer.model.record import SessionRecord
from coretimer.model.routine import Routine
from coretimer.routine.files import LoadedRoutine
from coretimer.routine.poses import figure_of
from coretimer.text.figure_art import svg
from coretimer.text.plaintext import clean
from coretimer.text.present import seconds_text

SOURCE_TEXT = {"shipped": "shipped with coretimer", "user": "yours", "file": "a file"}


@dataclass(frozen=True)
class RoutineFile:
    """A routine in use, as the report shows it: its name, where it comes from, its exercises
    and doses, and its file's own name (never the folder the file is in)."""

    routine_id: str
    file: str
    """The file's own name ("quick.toml")."""
    source: str
    """"shipped", "user" or "file" (as `LoadedRoutine.source`)."""
    routine: Routine

    @property
    def name(self) -> str:
        return self.routine.name


def routine_files(loaded: Sequence[LoadedRoutine]) -> list[RoutineFile]:
    """The routines as they are on disk now, by their file's name only."""
    return [RoutineFile(r.id, r.path.name, r.source, r.routine) for r in loaded]


def e(text: object) -> str:
    """User text as HTML text: control characters out, markup escaped."""
    return escape(clean(str(text)))


def levels_done(sessions: Sequence[SessionRecord], routine_id: str) -> dict[str, str]:
    """Per exercise id, the name of the level it was last done at in these weeks."""
    out: dict[str, str] = {}
    for s in sessions:
        if s.routine == routine_id:
            for x in s.sets:
                if x.level_name:
                    out[x.key] = x.level_name
    return out


def routine_html(r: RoutineFile, times: str, levels: dict[str, str]) -> str:
    routine = r.routine
    head = (f"<h3>{e(routine.name)}</h3>"
            f'<p class="note">{escape(SOURCE_TEXT.get(r.source, r.source))} · file '
            f"{e(r.file)} · {times} · {seconds_text(routine.get_ready)} to get ready "
            f"before each exercise, {seconds_text(routine.rest_between_exercises)} rest "
            "between exercises</p>")
    about = (f'<p class="about">{escape(clean(routine.description, lines=True))}</p>'
             if routine.description else "")
    rows = "".join(
        f"<tr><td>{e(ex.title)}{figure_html(ex, levels)}</td><td>{e(ex.dose())}</td>"
        f"<td>{seconds_text(ex.rest) if ex.sets > 1 or ex.sides == 'both' else '—'}</td>"
        f"<td>{e(exercise_notes(ex, routine, levels)) or '—'}</td></tr>"
        for ex in routine.exercises)
    return (head + about + '<table class="routine"><colgroup><col style="width: 26%">'
            '<col style="width: 22%"><col style="width: 14%"><col></colgroup>'
            "<thead><tr><th>Exercise</th><th>Dose</th>"
            "<th>Rest between sets</th><th>Notes</th></tr></thead>"
            f"<tbody>{rows}</tbody></table>")


def last_level(ex: Exercise, levels: dict[str, str]) -> str | None:
    """The name of the level `ex` was last done at in these weeks (`levels_done`)."""
    return next((levels[k] for k in sorted(ex.keys) if k in levels), None)


def figure_html(ex: Exercise, levels: dict[str, str]) -> str:
    """The exercise's figure as inline SVG, its poses side by side, at the level it was last
    done at (else the level it starts at); nothing when it has none."""
    last = last_level(ex, levels)
    names = [lv.name for lv in ex.levels or []]
    at = ex.at_level(names.index(last) + 1) if last in names else ex
    figure = figure_of(at)
    if figure is None:
        return ""
    drawn = svg(figure, [joints_of(p) for p in figure.poses], size=72)
    return f'<div class="figure">{drawn}</div>'


def exercise_notes(ex: Exercise, routine: Routine, levels: dict[str, str]) -> str:
    notes = []
    if ex.optional:
        notes.append("optional")
    if ex.offered_after is not None:
        other = next((o.name for o in routine.exercises if ex.offered_after in o.keys),
                     ex.offered_after)
        notes.append(f"offered after two clean sessions of {other}")
    if ex.levels:
        notes.append("levels, easiest first: " + "; ".join(lv.name for lv in ex.levels))
        last = last_level(ex, levels)
        if last is not None:
            notes.append(f"last done at: {last}")
    if ex.equipment:
        notes.append("needs " + ", ".join(ex.equipment))
    if ex.source:
        notes.append(f"source: {ex.source}")
    return "; ".join(notes)
