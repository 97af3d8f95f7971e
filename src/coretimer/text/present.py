"""Words the CLI and the screens both show, written once: counts with the right singular or
plural, durations and amounts, what a pain report says, a history row, an exercise's trend and
an endurance test. Pure: no Textual, no markup."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from coretimer.coaching.endurance import EnduranceResult
from coretimer.coaching.endurance_protocols import ENDURANCE_SOURCE
from coretimer.text.plaintext import clean

if TYPE_CHECKING:  # light: home's words come from here, before pydantic is loaded
    from coretimer.coaching.stats import StatsSummary
    from coretimer.coaching.trends import Trend
    from coretimer.model.fields import Kind
    from coretimer.model.record import NotDoneSet, PainReport, SessionRecord, SetResult, Status
    from coretimer.model.summaries import SessionSummary

#: The anchors of every 0–10 question.
SCALE_ANCHORS = "0 = no pain · 10 = worst imaginable"

STATUS_TEXT: dict[Status, str] = {
    "completed": "completed",
    "stopped_for_pain": "stopped for pain",
    "ended_early": "ended early",
    "interrupted": "interrupted",
}

__all__ = ["ENDURANCE_SOURCE", "SCALE_ANCHORS", "STATUS_TEXT", "clean"]

#: A planned set left out, in a sets table: "not done" where the amount goes, and why beside
#: it (short: both read whole on a 60-column screen).
NOT_DONE = "not done"
NOT_DONE_WHY = {"pain": "pain"}


def sets_in_order(record: SessionRecord) -> list[SetResult | NotDoneSet]:
    """The session's sets as they came, with each planned set left out because of pain in its
    place (after the sets recorded before it)."""
    left = sorted(record.not_done, key=lambda n: n.after_sets)  # (stable: in their order)
    out: list[SetResult | NotDoneSet] = []
    i = 0
    for done, st in enumerate(record.sets):
        while i < len(left) and left[i].after_sets <= done:
            out.append(left[i])
            i += 1
        out.append(st)
    out.extend(left[i:])
    return out


def sets_done_text(record: SessionRecord) -> str:
    """'1 of 4 sets completed (2 not done because of pain)': of every set planned that was
    begun, skipped or left out because of pain."""
    done = sum(1 for s in record.sets if s.completed)
    total = len(record.sets) + len(record.not_done)
    text = f"{done} of {plural(total, 'set')} completed"
    if record.not_done:
        text += f" ({len(record.not_done)} not done because of pain)"
    return text


def plural(n: int | float, word: str, many: str | None = None) -> str:
    """'1 set', '2 sets', '1 rep', '0 reps', '1 week'."""
    return f"{n:g} {word if n == 1 else (many or word + 's')}"


def pain_split(s: StatsSummary) -> str:
    """The three kinds of session, which add up to all of them: '3 without pain, 1 with pain
    reported but not stopped, 3 stopped for pain'."""
    return (f"{s.pain_free_sessions} without pain, {s.pain_reported_not_stopped} with pain "
            f"reported but not stopped, {s.stopped_for_pain} stopped for pain")


def when(moment: datetime | None, today: date) -> str:
    """'today', 'yesterday', '3 days ago', 'Mon 2 Nov' (local time)."""
    if moment is None:
        return "—"
    day = moment.astimezone().date()
    delta = (today - day).days
    if delta == 0:
        return "today"
    if delta == 1:
        return "yesterday"
    if 1 < delta < 7:
        return f"{delta} days ago"
    return f"{day:%a} {day.day} {day:%b}"


def day_text(day: date, *, year: bool = True) -> str:
    """'6 Nov 2026' ('6 Nov' without the year); no platform-only strftime codes."""
    return f"{day.day} {day:%b}" + (f" {day.year}" if year else "")


def seconds_text(value: float) -> str:
    return f"{value:.0f} s" if value < 100 else f"{int(value) // 60}:{int(value) % 60:02d} min"


def amount(value: float | None, kind: Kind | str) -> str:
    """A target or an amount done: '30 s', '1 rep', '8 reps'; None is a max hold's target."""
    if value is None:
        return "max"
    return seconds_text(value) if kind == "hold" else plural(value, "rep")


# --- pain ---------------------------------------------------------------------------------------


def pain_where(report: PainReport) -> str:
    """Where in the session a report was made: 'during Front plank', 'while getting ready
    for Bird dog', 'during the rest after Front plank'."""
    exercise = report.exercise or "the session"
    if report.phase == "get_ready":
        return f"while getting ready for {exercise}"
    if report.phase == "switch_side":
        return f"while switching sides in {exercise}"
    if report.phase == "rest":
        if len(report.counts_against) > 1:
            return f"during the rest after {exercise}"
        return f"during a rest in {exercise}"
    return f"during {exercise}"


def pain_rating(level: int | None) -> str:
    if level is None:
        return "no rating given"
    if level == 0:
        return "0/10: pressed by mistake, not counted as pain"
    return f"{level}/10"


def pain_line(report: PainReport) -> str:
    """'Pain reported during Front plank: 7/10', 'Pain reported during Front plank (no rating
    given)'."""
    where = pain_where(report)
    if report.level is None:
        return f"Pain reported {where} (no rating given)"
    return f"Pain reported {where}: {pain_rating(report.level)}"


# --- history ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class HistoryRow:
    """One past session as `coretimer history` and the history screen list it."""

    started: datetime
    """Local time."""
    routine: str
    status: str
    sets: str
    """'completed/total'."""
    pain: str
    """The ratings that count as pain ('?' for no rating), or '' for none."""
    before: str
    """The check-in, or ''."""
    id: str


def history_row(s: SessionSummary) -> HistoryRow:
    pain = ", ".join("?" if level is None else str(level) for level in s.pain_levels)
    return HistoryRow(s.started_at.astimezone(), s.routine_name,
                      STATUS_TEXT[s.status],
                      f"{s.sets_done}/{s.sets_total}", pain,
                      "" if s.baseline_pain is None else str(s.baseline_pain), s.id)


# --- trends and the endurance test --------------------------------------------------------------


def trend_text(trend: Trend) -> str:
    """'best 45 s · now 40 s · +5 in 4 wk'."""
    change = trend.change_over(28)
    latest = trend.latest
    now = "no set completed yet" if latest is None else amount(latest, trend.kind)
    text = f"best {amount(trend.best, trend.kind)} · now {now}"
    if change is not None:
        text += f" · {change:+.0f} in 4 wk"
    return text


def held(seconds: float | None) -> str:
    return "—" if seconds is None else f"{seconds:.0f} s"


def endurance_title(result: EnduranceResult) -> str:
    state = "" if result.complete else " (incomplete)"
    version = " (adapted)" if result.protocol.name == "adapted" else ""
    return f"Endurance test{version} of {day_text(result.day)}{state}"


def endurance_holds(result: EnduranceResult) -> str:
    """Each hold's time, the supported versions said."""
    p = result.protocol

    def supported(flag: bool) -> str:
        return " (supported)" if flag else ""

    return (f"{p.flexor.lower()}{supported(result.flexor_supported)} {held(result.front)} · "
            f"{p.side.lower()} left {held(result.side_left)} · right "
            f"{held(result.side_right)} · {p.extensor.lower()}"
            f"{supported(result.extensor_supported)} {held(result.extensor)}")


def endurance_short(result: EnduranceResult) -> str:
    """One line for the home screen."""
    side = ("—" if result.side_left is None or result.side_right is None
            else f"{result.side_left:g}/{result.side_right:g} s")
    state = "" if result.complete else " (incomplete)"
    front = "plank" if result.protocol.name == "adapted" else "flexor"
    return (f"Endurance test {day_text(result.day, year=False)}{state}: {front} "
            f"{held(result.front)} · side {side} · back {held(result.extensor)}")


def endurance_earlier(result: EnduranceResult) -> str:
    """The earlier tests of the same version, newest first (up to three); "" when none."""
    if not result.earlier:
        return ""
    return "Earlier: " + "; ".join(
        f"{day_text(r.day, year=False)}: {held(r.front)}, {held(r.side_left)}/"
        f"{held(r.side_right)}, {held(r.extensor)}" for r in reversed(result.earlier[-3:]))
