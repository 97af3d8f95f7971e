"""Progress: streaks, endurance trends per exercise, pain trend, the endurance test."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Label, Sparkline, Static

from coretimer.coaching.endurance_norms import (
    REFERENCE_NOT_COMPARABLE,
    REFERENCE_SOURCE,
    reference_lines,
)
from coretimer.text.present import (
    day_text,
    endurance_earlier,
    endurance_holds,
    endurance_title,
    pain_split,
    plural,
    trend_text,
)
from coretimer.ui.screens.common import esc

if TYPE_CHECKING:
    from coretimer.coaching.endurance import EnduranceResult
    from coretimer.coaching.stats import AllStats, StatsSummary


def endurance_text(results: list[EnduranceResult], *, reference: bool = False) -> str:
    """The latest test: its holds, then the published aims (the published test) or the
    person's own trend (the adapted one), its earlier tests of the same version, and, when
    asked for, the published reference values beside a published test."""
    result = results[-1]
    lines = [f"[b]{endurance_title(result)}[/b]", endurance_holds(result)]
    lines += [f"• {note}" for note in result.notes()]
    if earlier := endurance_earlier(result):
        lines.append(earlier)
    if reference and result.protocol.published_aims:
        lines += [f"[dim]{line}[/dim]" for line in reference_lines()]
        lines.append(f"[dim]{REFERENCE_SOURCE}[/dim]")
    elif reference:
        lines.append(f"[dim]{REFERENCE_NOT_COMPARABLE}[/dim]")
    lines.append(f"[dim]{result.source}[/dim]")
    return "\n".join(lines)


def weekly_pain_text(summary: StatsSummary) -> str:
    """The last six weeks of pain at check-in and the next morning, and whether it climbs."""
    lines = ["[b]Pain week by week[/b] (averages, 0–10)"]
    for week in summary.weekly_pain[-6:]:
        checkin = "—" if week.checkin is None else f"{week.checkin:.1f}"
        morning = "—" if week.morning is None else f"{week.morning:.1f}"
        lines.append(f"Week of {day_text(week.week, year=False)}: check-in {checkin} · next "
                     f"morning {morning}")
    if summary.pain_climbing is not None:
        lines.append(f"[b]Climbing:[/b] {esc(summary.pain_climbing.text())}. While it "
                     "climbs, no step up is suggested.")
    else:
        lines.append("Not climbing from week to week.")
    return "\n".join(lines)


class StatsScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,t", "back", "Back", id="back"),
    ]

    def __init__(self, stats: AllStats, *, reference: bool = False) -> None:
        super().__init__()
        self.stats = stats
        self.reference = reference
        """Show the published reference values beside the endurance test (a setting)."""

    def compose(self) -> ComposeResult:
        stats = self.stats
        yield Static(self._head(stats), id="stats-head")
        with VerticalScroll(id="stats-body"):
            if not stats.trends:
                yield Static("No sessions yet. Your progress will show up here.")
            ordered = sorted(stats.training.values(),
                             key=lambda t: (-len(t.values), t.exercise))
            for trend in ordered:
                with Vertical(classes="trend"):
                    with Horizontal(classes="trend-row"):
                        yield Label(esc(trend.exercise), classes="trend-name")
                        yield Sparkline(trend.values, classes="trend-line")
                        yield Label(trend_text(trend), classes="trend-figures")
                    first, last = trend.days[0], trend.days[-1]
                    yield Label(f"{day_text(first)} … {day_text(last)} · "
                                f"{plural(len(trend.values), 'session')}",
                                classes="trend-dates")
            baselines = [float(p.baseline) for p in stats.pain if p.baseline is not None]
            if stats.pain:
                reports = [lvl for p in stats.pain for lvl in p.reports]
                with Vertical(classes="trend", id="pain-trend"):
                    with Horizontal(classes="trend-row"):
                        yield Label("Back before you start", classes="trend-name")
                        yield Sparkline(baselines or [0.0], classes="trend-line pain-line")
                        latest = f"latest {baselines[-1]:g}/10" if baselines else "not given yet"
                        yield Label(f"{latest} · {plural(len(reports), 'pain report')}",
                                    classes="trend-figures")
                    yield Label(f"{day_text(stats.pain[0].day)} … {day_text(stats.pain[-1].day)} · "
                                "the 0–10 you give at check-in", classes="trend-dates")
            if stats.summary.weekly_pain:
                yield Static(weekly_pain_text(stats.summary), id="weekly-pain")
            if stats.endurance:
                yield Static(endurance_text(stats.endurance, reference=self.reference),
                             id="endurance-result")
        yield Footer()

    @staticmethod
    def _head(stats: AllStats) -> str:
        s = stats.summary
        return (f"[b]Progress[/b]\n"
                f"Weekly streak [b]{plural(s.weekly_streak, 'week')}[/b] of "
                f"{s.weekly_target}+ sessions · day streak "
                f"[b]{plural(s.current_streak_days, 'day')}[/b] (longest "
                f"{s.longest_streak_days})\n"
                f"{plural(s.sessions, 'session')}: "
                f"{pain_split(s)}\n"
                "[dim]Weeks run Monday to Sunday. Rest days in a week that meets the target and "
                "stops for pain never break a streak.[/dim]")

    def action_back(self) -> None:
        self.dismiss()
