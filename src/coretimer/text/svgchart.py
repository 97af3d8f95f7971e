"""Small inline SVG charts for the clinician report: bars (sessions per week) and a line with
dots (an exercise's trend, pain over time). Plain strings, every label escaped; no library is
needed for two chart kinds, and these are tested directly (tests/test_report.py)."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

WIDTH = 520
HEIGHT = 140
PAD_LEFT = 34
PAD_BOTTOM = 22
PAD_TOP = 10


def _frame(body: str, label: str, width: int, height: int) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
            f'width="{width}" height="{height}" role="img" aria-label="{escape(label)}">'
            f'<title>{escape(label)}</title>{body}</svg>')


def _axis(top: float, width: int, height: int, unit: str) -> str:
    base = height - PAD_BOTTOM
    return (f'<line x1="{PAD_LEFT}" y1="{base}" x2="{width - 4}" y2="{base}" '
            f'stroke="#444" stroke-width="1"/>'
            f'<text x="{PAD_LEFT - 4}" y="{PAD_TOP + 8}" font-size="10" text-anchor="end">'
            f'{escape(_num(top))}</text>'
            f'<text x="{PAD_LEFT - 4}" y="{base}" font-size="10" text-anchor="end">0</text>'
            f'<text x="2" y="{PAD_TOP + 20}" font-size="9" fill="#555">{escape(unit)}</text>')


def _num(value: float) -> str:
    return f"{value:g}" if value == int(value) else f"{value:.1f}"


def bars(values: Sequence[float], labels: Sequence[str], *, label: str, unit: str = "",
         width: int = WIDTH, height: int = HEIGHT) -> str:
    """One bar per value, its label under it (every other label when they are many)."""
    if not values:
        return _frame(f'<text x="{PAD_LEFT}" y="{height / 2}" font-size="11">no data</text>',
                      label, width, height)
    top = max(max(values), 1.0)
    room = width - PAD_LEFT - 6
    step = room / len(values)
    bar = max(2.0, step * 0.7)
    base = height - PAD_BOTTOM
    every = max(1, len(values) // 12)
    parts = [_axis(top, width, height, unit)]
    for i, (value, text) in enumerate(zip(values, labels, strict=True)):
        h = (base - PAD_TOP) * (value / top)
        x = PAD_LEFT + 3 + i * step
        parts.append(f'<rect x="{x:.1f}" y="{base - h:.1f}" width="{bar:.1f}" height="{h:.1f}" '
                     f'fill="#2a6f97"><title>{escape(text)}: {escape(_num(value))}</title>'
                     '</rect>')
        if i % every == 0:
            parts.append(f'<text x="{x + bar / 2:.1f}" y="{height - 8}" font-size="9" '
                         f'text-anchor="middle">{escape(text)}</text>')
    return _frame("".join(parts), label, width, height)


def line(values: Sequence[float], labels: Sequence[str], *, label: str, unit: str = "",
         top: float | None = None, width: int = WIDTH, height: int = HEIGHT,
         done: Sequence[bool] | None = None) -> str:
    """A line through the values, a dot on each, the first and last labels under it. `top`
    fixes the scale (10 for a 0-10 rating). With `done`, a point that is not done (a session
    whose sets were all cut short) is a hollow dot."""
    if not values:
        return _frame(f'<text x="{PAD_LEFT}" y="{height / 2}" font-size="11">no data</text>',
                      label, width, height)
    top = top if top is not None else max(max(values), 1.0)
    room = width - PAD_LEFT - 10
    base = height - PAD_BOTTOM
    step = room / max(1, len(values) - 1)
    points = [(PAD_LEFT + 5 + i * step, base - (base - PAD_TOP) * (v / top))
              for i, v in enumerate(values)]
    path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
    parts = [_axis(top, width, height, unit),
             f'<polyline points="{path}" fill="none" stroke="#2a6f97" stroke-width="2"/>']
    flags = [True] * len(values) if done is None else done
    for (x, y), value, text, full in zip(points, values, labels, flags, strict=True):
        dot = 'fill="#2a6f97"' if full else 'fill="#fff" stroke="#2a6f97" stroke-width="1.5"'
        note = "" if full else " (cut short)"
        parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="2.5" {dot}>'
                     f'<title>{escape(text)}: {escape(_num(value))}{note}</title></circle>')
    parts.append(f'<text x="{PAD_LEFT}" y="{height - 6}" font-size="9">{escape(labels[0])}'
                 '</text>')
    if len(labels) > 1:
        parts.append(f'<text x="{width - 4}" y="{height - 6}" font-size="9" text-anchor="end">'
                     f'{escape(labels[-1])}</text>')
    return _frame("".join(parts), label, width, height)
