"""The report for a clinician: one self-contained HTML page (inline SVG charts, no external
files) that prints on A4 and on US Letter alike, each chart on the page of its heading. Of the
last weeks: sessions per week (a session with nothing done counted apart), each exercise's trend
(what a set cut short is, and the last set done in full), every pain report, the next-morning
answers, check-in pain over time, endurance tests (the published one with its ratios and aims,
the adapted one with its own trend), every session in a table, and the routines in use: each
one's name, where it comes from, its exercises with their doses and its file's own name (never
a folder: not the install's, the home's or the config's). Pure: sessions and routines in, a
string out."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import date, timedelta, tzinfo
from html import escape

from coretimer.coaching.endurance import endurance_results
from coretimer.coaching.endurance_protocols import TEST_ROUTINES
from coretimer.coaching.pain_weeks import climbing, weekly_pain
from coretimer.coaching.trends import Trend, trends
from coretimer.model.record import SessionRecord
from coretimer.model.routine import Routine
from coretimer.model.timeline import local_day, week_start
from coretimer.text.plaintext import clean
from coretimer.text.present import STATUS_TEXT, amount, day_text, plural, seconds_text
from coretimer.text.report_routines import RoutineFile, e, levels_done, routine_html
from coretimer.text.svgchart import bars, line

#: Sections, in order: (id, title). Tests look for every id.
SECTIONS = (
    ("sessions-per-week", "Sessions per week"),
    ("exercise-trends", "Each exercise over time"),
    ("pain-reports", "Pain reported during sessions"),
    ("next-morning", "The next morning"),
    ("checkin-pain", "Pain at check-in"),
    ("endurance-tests", "Endurance tests"),
    ("sessions", "Every session"),
    ("routines", "Routines in use"),
)

#: No page size of its own: it prints on whatever paper the browser is set to (A4 and US Letter
#: both hold the 180 mm column). A heading never ends a page, and a chart stays with its heading.
CSS = """
@page { margin: 14mm; }
body { font: 10.5pt/1.35 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
       color: #111; max-width: 180mm; margin: 0 auto; }
h1 { font-size: 16pt; margin: 0 0 2mm; }
h2 { font-size: 12pt; margin: 6mm 0 2mm; border-bottom: 1px solid #999; }
h3 { font-size: 10.5pt; margin: 4mm 0 1.5mm; }
h2, h3 { break-after: avoid; page-break-after: avoid; }
.keep, .trend, svg, tr { break-inside: avoid; page-break-inside: avoid; }
thead { display: table-header-group; }
table { border-collapse: collapse; width: 100%; font-size: 9.5pt; }
th, td { text-align: left; padding: 1mm 2mm; border-bottom: 1px solid #ddd; vertical-align: top; }
.note { color: #444; font-size: 9pt; }
.trends { display: grid; grid-template-columns: 1fr 1fr; column-gap: 6mm; }
.trend h3 { margin: 2mm 0 0; }
.trend .note { margin: 0 0 1mm; }
.trend svg { width: 100%; height: auto; }
svg { max-width: 100%; height: auto; }
.about { white-space: pre-line; font-size: 9pt; }
table.routine { table-layout: fixed; }
.figure svg { display: block; max-width: 100%; height: auto; margin-top: 2px; color: #333; }
table.sessions { font-size: 8.5pt; }
table.sessions th, table.sessions td { padding: 0.8mm 1.2mm; }
table.sessions td { white-space: nowrap; }
table.sessions td.words { white-space: normal; }
"""


#: Where a routine comes from, as the report says it.
def build(sessions: Sequence[SessionRecord], today: date, *, weeks: int = 12,
          routines: Sequence[RoutineFile] = (), tz: tzinfo | None = None) -> str:
    first = week_start(today) - timedelta(weeks=weeks - 1)
    chosen = sorted((s for s in sessions if local_day(s.started_at, tz) >= first),
                    key=lambda s: (s.started_at, s.id))
    body = [
        f"<h1>coretimer: the last {weeks} weeks</h1>",
        f'<p class="note">{first:%d %B %Y} to {today:%d %B %Y} · '
        f"{_count(chosen)}. Written by coretimer, a "
        "home exercise timer for back-friendly core training. Pain is on the 0–10 scale "
        "(0 = no pain, 10 = worst imaginable). A training record, not a diagnosis.</p>",
        _per_week(chosen, first, weeks, tz),
        _trends(chosen, tz),
        _pain_reports(chosen, tz),
        _next_morning(chosen, tz),
        _checkin(chosen, today, tz),
        _endurance(sessions, first, tz),
        _sessions(chosen, routines, tz),
        _routines(routines, chosen),
    ]
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"<title>coretimer report {today.isoformat()}</title><style>{CSS}</style></head>"
            f"<body>{''.join(body)}</body></html>\n")


def _count(sessions: Sequence[SessionRecord]) -> str:
    """'6 sessions', '6 sessions, and 1 opened, nothing done': a session in which nothing was
    done is not one of the sessions."""
    empty = sum(1 for s in sessions if nothing_done(s))
    text = plural(len(sessions) - empty, "session")
    return text + (f", and {empty} opened, nothing done" if empty else "")


def _section(key: str, inner: str, *, chart: str = "") -> str:
    """A section: its heading, then `inner`. A `chart` comes first, kept on one page with
    the heading."""
    title = f"<h2>{escape(dict(SECTIONS)[key])}</h2>"
    head = f'<div class="keep">{title}{chart}</div>' if chart else title
    return f'<section id="{key}">{head}{inner}</section>'


def _per_week(sessions: Sequence[SessionRecord], first: date, weeks: int,
              tz: tzinfo | None) -> str:
    counts = Counter(week_start(local_day(s.started_at, tz)) for s in sessions
                     if not nothing_done(s))
    mondays = [first + timedelta(weeks=i) for i in range(weeks)]
    values = [float(counts.get(m, 0)) for m in mondays]
    chart = bars(values, [f"{m:%d %b}" for m in mondays], label="Sessions per week",
                 unit="sessions")
    stopped = sum(1 for s in sessions if s.status == "stopped_for_pain")
    empty = sum(1 for s in sessions if nothing_done(s))
    apart = (f" Not counted: {plural(empty, 'session')} opened, nothing done." if empty
             else "")
    return _section("sessions-per-week", (
        f'<p class="note">Weeks start on Monday.{apart} {plural(stopped, "session")} '
        "stopped for pain.</p>"), chart=chart)


def _trends(sessions: Sequence[SessionRecord], tz: tzinfo | None) -> str:
    # Endurance tests are shown on their own: their max holds would read as spikes here.
    found = sorted(trends(sessions, tz, skip_routines=tuple(sorted(TEST_ROUTINES))).values(),
                   key=lambda t: (-len(t.values), t.exercise))
    if not found:
        return _section("exercise-trends", "<p>No sets in these weeks.</p>")
    parts = []
    for trend in found[:12]:
        unit = "s" if trend.kind == "hold" else "reps"
        what = "longest hold" if trend.kind == "hold" else "most reps"
        chart = line(trend.values, [f"{day:%d %b}" for day in trend.days],
                     label=f"{clean(trend.exercise)}: {what} per session",
                     unit=unit, width=320, height=110, done=trend.done)
        parts.append(f'<div class="trend"><h3>{e(trend.exercise)}</h3>'
                     f'<p class="note">{escape(_trend_words(trend))}</p>{chart}</div>')
    more = (f'<p class="note">And {len(found) - 12} more exercises.</p>'
            if len(found) > 12 else "")
    key = ('<p class="note">Each dot is a session\'s best set. A hollow dot is a session in '
           "which no set of the exercise was done in full: each was cut short (ended early, "
           "or short of its target). Sets cut short by pain are left out. "
           "<b>Last done in full</b>: the best set of the latest session that did a set of "
           "it in full.</p>")
    return _section("exercise-trends",
                    f'<div class="trends">{"".join(parts)}</div>' + more + key)


def _trend_words(trend: Trend) -> str:
    """'best 25 s · last done in full: 25 s on 18 Nov 2026'; a best reached only in sets cut
    short says so, and so does an exercise never done in full."""
    best = amount(trend.best, trend.kind)
    if not any(d for v, d in zip(trend.values, trend.done, strict=True) if v == trend.best):
        best += " (cut short)"
    last = next((i for i in range(len(trend.done) - 1, -1, -1) if trend.done[i]), None)
    if last is None:
        return f"best {best} · no set done in full yet"
    return (f"best {best} · last done in full: {amount(trend.values[last], trend.kind)} on "
            f"{day_text(trend.days[last])}")


def _pain_reports(sessions: Sequence[SessionRecord], tz: tzinfo | None) -> str:
    rows = []
    for s in sessions:
        for p in s.pain:
            at = p.at.astimezone(tz)
            level = "no rating (treated as a spike)" if p.level is None else (
                "0 (pressed by mistake)" if p.level == 0 else f"{p.level}/10")
            phase = (p.phase or "not recorded").replace("_", " ")
            rows.append(f"<tr><td>{at:%d %b %Y %H:%M}</td><td>{e(s.routine_name)}</td>"
                        f"<td>{e(p.exercise or '—')}</td><td>{escape(phase)}</td>"
                        f"<td>{level}</td><td>{escape(STATUS_TEXT[s.status])}</td></tr>")
    if not rows:
        return _section("pain-reports", "<p>No pain reported in these weeks.</p>")
    return _section("pain-reports", "<table><thead><tr><th>When</th><th>Routine</th>"
                    "<th>Exercise</th><th>Phase</th><th>Rating</th><th>Session</th></tr>"
                    "</thead><tbody>" + "".join(rows) + "</tbody></table>")


def _next_morning(sessions: Sequence[SessionRecord], tz: tzinfo | None) -> str:
    rows = [f"<tr><td>{s.started_at.astimezone(tz):%d %b %Y}</td><td>{e(s.routine_name)}</td>"
            f"<td>{escape(s.next_morning or '')}</td>"
            f"<td>{'—' if s.next_morning_pain is None else f'{s.next_morning_pain}/10'}</td></tr>"
            for s in sessions if s.next_morning is not None]
    if not rows:
        return _section("next-morning", "<p>No next-morning answers in these weeks.</p>")
    worse = sum(1 for s in sessions if s.next_morning == "worse")
    return _section("next-morning", "<table><thead><tr><th>Session of</th><th>Routine</th>"
                    "<th>Back the next morning</th><th>Pain that morning</th></tr></thead>"
                    "<tbody>" + "".join(rows) + f'</tbody></table><p class="note">{worse} '
                    "worse.</p>")


def _checkin(sessions: Sequence[SessionRecord], today: date, tz: tzinfo | None) -> str:
    points = [(s, s.baseline_pain) for s in sessions if s.baseline_pain is not None]
    chart = line([float(v) for _, v in points],
                 [f"{local_day(s.started_at, tz):%d %b}" for s, _ in points],
                 label="Pain at check-in, before each session", unit="0–10", top=10)
    weeks = weekly_pain(sessions, tz)
    climb = climbing(weeks, today)
    verdict = (f"<p><b>Climbing:</b> {escape(climb.text())}. coretimer suggests no step up "
               "while it climbs.</p>" if climb is not None else
               "<p>Not climbing from week to week.</p>")
    rows = "".join(
        f"<tr><td>{w.week:%d %b}</td><td>{'—' if w.checkin is None else f'{w.checkin:.1f}'}"
        f"</td><td>{'—' if w.morning is None else f'{w.morning:.1f}'}</td></tr>"
        for w in weeks)
    table = ("<table><thead><tr><th>Week of</th><th>Check-in (average)</th>"
             f"<th>Next morning (average)</th></tr></thead><tbody>{rows}</tbody></table>"
             ) if rows else ""
    return _section("checkin-pain", verdict + table, chart=chart)


def _endurance(sessions: Sequence[SessionRecord], first: date, tz: tzinfo | None) -> str:
    """The tests of these weeks; each adapted test read against the person's own earlier
    adapted tests (those before these weeks too), each published one against its aims."""
    tests = [t for t in endurance_results(sessions, tz) if t.day >= first]
    if not tests:
        return _section("endurance-tests", "<p>No endurance test in these weeks.</p>")
    parts = []
    for t in tests:
        p = t.protocol

        def held(v: float | None) -> str:
            return "—" if v is None else f"{v:.0f} s"

        def supported(flag: bool) -> str:
            return " (supported)" if flag else ""

        parts.append(
            f'<div class="keep"><h3>{t.day:%d %B %Y} · {escape(p.name)} test'
            f"{'' if t.complete else ' (incomplete)'}</h3>"
            f"<table><tr><th>{escape(p.flexor)}{supported(t.flexor_supported)}</th>"
            f"<th>{escape(p.side)} left</th>"
            f"<th>{escape(p.side)} right</th><th>{escape(p.extensor)}"
            f"{supported(t.extensor_supported)}</th></tr>"
            f"<tr><td>{held(t.front)}</td><td>{held(t.side_left)}</td>"
            f"<td>{held(t.side_right)}</td><td>{held(t.extensor)}</td></tr></table>"
            "<ul>" + "".join(f"<li>{escape(n)}</li>" for n in t.notes()) + "</ul>"
            f'<p class="note">{escape(t.source)}</p></div>')
    return _section("endurance-tests", "".join(parts))


def nothing_done(s: SessionRecord) -> bool:
    """Opened, but no work done: no set done in full, and none with any time held or reps
    done (a set whose amount nobody counted may have had some: it counts as work)."""
    return not any(x.completed or (not x.skipped and (x.achieved is None or x.achieved > 0))
                   for x in s.sets)


def planned_sets(s: SessionRecord, routine: Routine | None) -> int | None:
    """The sets a session was to have (each side of a two-sided exercise is one). A session
    that ran to its end went through all of its sets: they are all in its record. For one that
    did not, the routine's file as it is now says what was left (a set left out after a low
    pain rating, schema version 5, counts as reached): each exercise's sets, at the
    level the session did it at (optional and not-yet-offered exercises it never reached are
    left out). None without the file."""
    if s.status == "completed":  # (with any sets left out after a low pain rating)
        return len(s.sets) + len(s.not_done)
    if routine is None:
        return None
    recorded = Counter([*(x.key for x in s.sets), *(x.key for x in s.not_done)])
    claimed: set[str] = set()
    total = 0
    for ex in routine.exercises:
        mine = (ex.keys & recorded.keys()) - claimed
        claimed |= mine
        reached = sum(recorded[k] for k in mine)
        if not reached and (ex.optional or ex.offered_after is not None):
            continue
        level = next((x.level for x in s.sets if x.key in mine and x.level), None)
        at = (ex.at_level(level) if ex.levels and level is not None
              and 1 <= level <= len(ex.levels) else ex)
        total += max(at.sets * len(at.side_list), reached)
    return total + sum(n for k, n in recorded.items() if k not in claimed)


MORNING_TEXT = {"better": "better", "same": "the same", "worse": "worse",
                "skipped": "not answered", None: "not answered"}


def _sessions(sessions: Sequence[SessionRecord], routines: Sequence[RoutineFile],
              tz: tzinfo | None) -> str:
    if not sessions:
        return _section("sessions", "<p>No sessions in these weeks.</p>")
    by_id = {r.routine_id: r.routine for r in routines}
    rows = []
    for s in sessions:
        start = s.started_at.astimezone(tz)
        when = f"{day_text(start.date())}, {start:%H:%M}"
        if s.ended_at is not None:
            when += f"–{s.ended_at.astimezone(tz):%H:%M}"
        status = STATUS_TEXT[s.status]
        if nothing_done(s):
            status = f"opened, nothing done ({status})"
        completed = sum(1 for x in s.sets if x.completed)
        planned = planned_sets(s, by_id.get(s.routine))
        sets = (f"{completed} of {planned}" if planned is not None
                else f"{completed} of at least {len(s.sets)}")
        held = sum(x.amount or 0.0 for x in s.sets if x.kind == "hold")
        reps = sum(x.amount or 0.0 for x in s.sets if x.kind == "reps")
        work = " · ".join([*([f"{seconds_text(held)} held"] if held else []),
                           *([plural(reps, "rep")] if reps else [])]) or "—"
        real = s.real_pain
        pain = (f"{len(real)}: " + ", ".join("no rating" if p.level is None else
                                             f"{p.level}/10" for p in real)) if real else "none"
        morning = MORNING_TEXT[s.next_morning] + (
            "" if s.next_morning_pain is None else f", pain {s.next_morning_pain}/10")
        rows.append(f'<tr><td>{when}</td><td class="words">{e(s.routine_name)}</td>'
                    f'<td class="words">{escape(status)}'
                    f"</td><td>{sets}</td><td>{work}</td><td class=\"words\">{pain}</td>"
                    f"<td>{escape(morning)}</td></tr>")
    return _section("sessions", (
        '<table class="sessions"><thead><tr><th>Date</th><th>Routine</th><th>Status</th>'
        "<th>Sets done</th><th>Work done</th><th>Pain reports</th><th>Next morning</th>"
        f"</tr></thead><tbody>{''.join(rows)}</tbody></table>"
        '<p class="note">Oldest first. <b>Sets done</b>: sets done in full, of those planned '
        "(each side of a two-sided exercise is a set); for a session that did not run to its "
        "end, the sets planned are counted from the routine's file as it is now. "
        "<b>Work done</b>: the seconds held in holds and the reps done in rep exercises (how "
        "long the reps took is not kept). <b>Pain reports</b>: how many, and the ratings "
        "given; a 0 was a key pressed by mistake, not pain, and is left out.</p>"))


def _routines(routines: Sequence[RoutineFile], sessions: Sequence[SessionRecord]) -> str:
    used = Counter(s.routine for s in sessions)
    names = {s.routine: s.routine_name for s in sessions}
    by_id = {r.routine_id: r for r in routines}
    if not used:
        return _section("routines", "<p>No routine was used in these weeks.</p>")
    parts = []
    for routine_id, count in sorted(used.items(), key=lambda kv: (-kv[1], kv[0])):
        empty = sum(1 for s in sessions if s.routine == routine_id and nothing_done(s))
        times = f"{plural(count - empty, 'session')} in these weeks" + (
            f", and {empty} opened, nothing done" if empty else "")
        found = by_id.get(routine_id)
        if found is None:
            parts.append(f"<h3>{e(names[routine_id])}</h3><p class=\"note\">{times}. Its file "
                         "is not there any more, so its exercises cannot be shown.</p>")
            continue
        parts.append(routine_html(found, times, levels_done(sessions, routine_id)))
    return _section("routines", "".join(parts))
