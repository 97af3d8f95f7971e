"""Files the App hands the person: the CSV export of the history and the clinician report,
written into the home folder (a download in a browser, under `coretimer serve`)."""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from coretimer.durable import atomic_write
from coretimer.ui.host import Host

if TYPE_CHECKING:
    from coretimer.model.record import SessionRecord
    from coretimer.routine.files import LoadedRoutine


def deliver(app: Host, text: str, name: str, what: str) -> None:
    """`text` as the file `name` in the home folder, or a download in a browser; the person
    is told where it is, or why it could not be written."""
    if app.is_web:
        app.deliver_text(io.StringIO(text), save_filename=name)
        return
    target = Path.home() / name
    try:
        atomic_write(target, text.encode("utf-8"))
    except OSError as exc:
        app.notify(f"Could not write {target}: {exc.strerror or exc}", severity="error",
                   markup=False)
        return
    app.notify(f"{what} is in {target}", markup=False)


def write_report(app: Host, records: Sequence[SessionRecord], today: date,
                 routines: Sequence[LoadedRoutine]) -> None:
    """The clinician report (as `coretimer report` writes it)."""
    # (the report only when one is asked for: it loads pydantic and the charts)
    from coretimer.text.report import build
    from coretimer.text.report_routines import routine_files

    html = build(list(records), today, routines=routine_files(routines))
    deliver(app, html, f"coretimer-report-{today.isoformat()}.html", "The report")


def export_history(app: Host, records: Sequence[SessionRecord], today: date) -> None:
    """The whole history as CSV (as `coretimer export` writes it)."""
    # (the export only when one is asked for)
    from coretimer.text.export import csv_text

    sessions = sorted(records, key=lambda s: (s.started_at, s.id))
    deliver(app, csv_text(sessions), f"coretimer-export-{today.isoformat()}.csv",
            f"The export of {len(sessions)} sessions")
