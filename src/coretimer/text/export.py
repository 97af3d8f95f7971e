"""`coretimer export`: every session as CSV (one row a set), and where `-o` may write."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from pathlib import Path

from coretimer.model.record import NotDoneSet, SessionRecord
from coretimer.text.plaintext import clean
from coretimer.text.present import sets_in_order

CSV_COLUMNS = ("session_id", "routine", "routine_name", "started_at", "ended_at", "status",
               "baseline_pain", "exercise", "kind", "side", "set", "target", "achieved",
               "completed", "skipped", "ended_by", "level", "level_name",
               "row", "pain_at", "pain_level", "pain_phase", "next_morning",
               "next_morning_pain", "not_done_because")
"""A row per set (`row` = "set"), with a row in its place for each planned set left out because
of pain ("not_done": its exercise, side, set and target, and why in `not_done_because`), then a
row per pain report ("pain": its time, level, phase and exercise) and one for the next-morning
answer ("next_morning"), each with the session's columns. The set columns come first and keep
their places; columns are only ever added at the end."""


class ExportRefused(ValueError):
    """The export would overwrite something, or land somewhere it must not."""


class ExportExists(ExportRefused):
    """The export would replace a file (or a link): allowed when the person says so."""


def csv_text(sessions: Iterable[SessionRecord]) -> str:
    """One row a set; text is cleaned of control characters (a CSV is read in terminals)."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for s in sessions:
        head = [s.id, clean(s.routine), clean(s.routine_name), s.started_at.isoformat(),
                s.ended_at.isoformat() if s.ended_at else "", s.status,
                "" if s.baseline_pain is None else s.baseline_pain]
        blank_set = [""] * 10  # kind .. level_name
        for st in sets_in_order(s):
            target = "" if st.target is None else f"{st.target:g}"
            level = ["" if st.level is None else st.level, clean(st.level_name or "")]
            if isinstance(st, NotDoneSet):
                writer.writerow([*head, clean(st.exercise), st.kind, st.side or "", st.set,
                                 target, "", "false", "false", "", *level, "not_done",
                                 "", "", "", "", "", st.because])
                continue
            writer.writerow([*head, clean(st.exercise), st.kind, st.side or "", st.set,
                             target, "" if st.achieved is None else f"{st.achieved:g}",
                             str(st.completed).lower(), str(st.skipped).lower(),
                             st.ended_by or "", *level, "set", "", "", "", "", "", ""])
        for p in s.pain:
            writer.writerow([*head, clean(p.exercise or ""), *blank_set, "pain",
                             p.at.isoformat(), "" if p.level is None else p.level,
                             p.phase or "", "", "", ""])
        if s.next_morning is not None:
            writer.writerow([*head, "", *blank_set, "next_morning", "", "", "",
                             s.next_morning,
                             "" if s.next_morning_pain is None else s.next_morning_pain, ""])
    return buf.getvalue()


def export_target(output: str, data: Path, *, force: bool) -> Path:
    """Where `export -o` may write: never over a file without `force`, never in the data
    folder, never through a symlink to its target."""
    target = Path(output).expanduser()
    try:
        inside = target.absolute().parent.resolve().is_relative_to(data.resolve())
    except OSError:
        inside = False
    if inside:
        raise ExportRefused(f"{target}: inside the data folder ({data}); export somewhere else")
    if target.is_symlink():
        if not force:
            raise ExportExists(f"{target} is a link to {target.readlink()}; use --force to "
                               "replace the link itself with the export (its target is left "
                               "as it is)")
    elif target.exists():
        if target.is_dir():
            raise ExportRefused(f"{target} is a folder; name a file")
        if not force:
            raise ExportExists(f"{target} exists; use --force to replace it")
    return target
