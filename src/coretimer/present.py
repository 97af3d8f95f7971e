"""Words the CLI and the screens both show, written once: counts with the right singular or
plural, and what a pain report says. Pure: no Textual, no markup."""

from __future__ import annotations

from coretimer.models import PainReport

#: The anchors of every 0–10 question.
SCALE_ANCHORS = "0 = no pain · 10 = worst imaginable"


def plural(n: int | float, word: str, many: str | None = None) -> str:
    """'1 set', '2 sets', '1 rep', '0 reps', '1 week'."""
    return f"{n:g} {word if n == 1 else (many or word + 's')}"


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
