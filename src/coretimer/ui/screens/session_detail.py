"""One past session, opened from the history: its sets, its pain reports and the
next-morning answer. d moves it to the trash (after a question)."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from coretimer.coaching.mornings import why_worse
from coretimer.model.record import SessionRecord
from coretimer.model.summaries import Listed
from coretimer.text.present import STATUS_TEXT, pain_line, sets_in_order
from coretimer.ui import messages
from coretimer.ui.screens.common import Question, esc
from coretimer.ui.screens.summary import set_row


def head_text(s: SessionRecord) -> str:
    when = s.started_at.astimezone()
    ended = s.ended_at.astimezone() if s.ended_at else None
    length = (f" · {round((s.ended_at - s.started_at).total_seconds() / 60)} min"
              if s.ended_at else "")
    before = "—" if s.baseline_pain is None else f"{s.baseline_pain}/10"
    return (f"[b]{esc(s.routine_name)}[/b] · {when:%A %d %B %Y, %H:%M}"
            f"{'–' + format(ended, '%H:%M') if ended else ''}{length}\n"
            f"{STATUS_TEXT[s.status]} · your back before you started: {before}")


def pain_text(s: SessionRecord) -> str:
    if not s.pain:
        return "[b]Pain[/b]\nNo pain reported."
    lines = ["[b]Pain[/b]"]
    for report in s.pain:
        at = report.at.astimezone()
        phase = report.phase.replace("_", " ") if report.phase else "phase not recorded"
        mistake = " (0: pressed by mistake, not pain)" if report.level == 0 else ""
        lines.append(f"{at:%H:%M:%S} · {esc(pain_line(report))}{mistake} · {phase}")
    return "\n".join(lines)


def morning_text(s: SessionRecord) -> str:
    answer = {"better": "better", "same": "the same", "worse": "worse",
              "skipped": "not answered yet (m answers it)",
              None: "not answered yet (m answers it)"}[s.next_morning]
    pain = "" if s.next_morning_pain is None else f" · pain that morning {s.next_morning_pain}/10"
    why = why_worse(s.next_morning, s.next_morning_pain, s.baseline_pain)
    counted = "" if why is None else f"\nCounted as worse: {esc(why)}."
    return f"[b]The next morning[/b]\n{answer}{pain}{counted}"


class SessionDetailScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "back", "Back", id="back"),
        Binding("d", "delete", "Delete", id="delete"),
        Binding("m", "morning", "Morning after", id="morning"),
    ]

    def __init__(self, session: SessionRecord) -> None:
        super().__init__()
        self.session = session

    def compose(self) -> ComposeResult:
        s = self.session
        with VerticalScroll(id="detail"):
            yield Static(head_text(s), id="detail-head")
            yield DataTable(id="detail-sets", zebra_stripes=True, cursor_type="none")
            yield Static(pain_text(s), id="detail-pain")
            yield Static(morning_text(s), id="detail-morning")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#detail-sets", DataTable)
        table.add_columns("Exercise", "Side", "Set", "Target", "Achieved", "")
        rows = sets_in_order(self.session)  # with the sets left out because of pain
        for item in rows:
            table.add_row(*set_row(item))
        if not rows:
            table.display = False

    def action_back(self) -> None:
        self.dismiss()

    def action_morning(self) -> None:
        """Answer its next morning: back to the history, with the question over it."""
        self.post_message(messages.AskNextMorning(self.session))
        self.dismiss()

    def action_delete(self) -> None:
        def answered(delete: bool | None) -> None:
            if delete:
                self.post_message(messages.DeleteSession(self.session.id))
                self.dismiss()

        self.app.push_screen(ConfirmDelete(self.session), answered)


class ConfirmDelete(Question[bool]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "Delete", id="confirm-delete"),
        Binding("n,escape", "answer(False)", "Keep it", id="keep-it"),
    ]

    def __init__(self, session: Listed) -> None:
        super().__init__()
        self.session = session

    def compose(self) -> ComposeResult:
        when = self.session.started_at.astimezone()
        with Vertical(classes="dialog", id="confirm-delete-dialog"):
            yield Static(
                f"[b]Delete {esc(self.session.routine_name)} of {when:%d %B %Y %H:%M}?[/b]\n\n"
                "It moves to the trash folder, and leaves your history, stats and streaks. "
                f"Nothing is erased: `coretimer restore {esc(self.session.id)}` puts it "
                "back.\n\n[b]y[/b]: delete    [b]n[/b] / Esc: keep it")
        yield Footer()

    def action_answer(self, delete: bool) -> None:
        self.dismiss(delete)
