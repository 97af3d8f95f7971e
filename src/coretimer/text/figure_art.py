"""A figure drawn as text with braille dots, and as SVG.

Braille, not half blocks: each cell holds 2 × 4 dots (half blocks hold 1 × 2), so a stick
figure's thin, slanted limbs stay lines rather than staircases at the sizes a session screen
can spare (12 × 5 cells is 24 × 20 dots). Every terminal font coretimer is used with draws
the braille block (U+2800-U+28FF) at one cell wide, and so does the browser's font in
`serve`. The dots carry no colour, so the figure reads the same in every theme.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Mapping, Sequence
from html import escape

from coretimer.model.figure import BONES, Figure

Joints = Mapping[str, tuple[float, float]]
#: The dot of each (column, row) inside a braille cell, as the character's bit.
_DOTS = ((0x01, 0x08), (0x02, 0x10), (0x04, 0x20), (0x40, 0x80))
#: How far past the body the picture reaches (body units), so the head and feet fit.
MARGIN = 0.6
#: The head's radius, in body units.
HEAD = 0.7


def bounds(figure: Figure) -> tuple[float, float, float, float]:
    """(left, bottom, right, top) of every pose and prop, with a margin: the same box for
    every frame, so the figure does not jump about as it moves."""
    xs: list[float] = []
    ys: list[float] = [figure.floor]
    for pose in figure.poses:
        for joint in pose.joints:
            x, y = pose.at(joint)
            xs.append(x)
            ys.append(y)
    for prop in figure.props:
        for end in prop.at:
            if not isinstance(end, str):  # (a held end is where its joint is)
                xs.append(end[0])
                ys.append(end[1])
    return (min(xs) - MARGIN - HEAD, figure.floor, max(xs) + MARGIN + HEAD,
            max(ys) + MARGIN + HEAD)


def segments(figure: Figure, joints: Joints) -> list[tuple[tuple[float, float],
                                                            tuple[float, float]]]:
    """The lines of one frame: the bones, the props (a bench or box as its outline, a ball
    with a size as its round outline)."""
    out = [(joints[a], joints[b]) for a, b in BONES]
    for prop in figure.props:
        (x1, y1), (x2, y2) = prop.ends(joints)
        if prop.kind in ("bench", "box"):
            out += [((x1, y1), (x2, y1)), ((x2, y1), (x2, y2)), ((x2, y2), (x1, y2)),
                    ((x1, y2), (x1, y1))]
        elif prop.kind in ("weight", "ball") and (x1, y1) != (x2, y2):
            r, sides = math.hypot(x2 - x1, y2 - y1), 24  # a ball of that size: its outline
            rim = [(x1 + r * math.cos(2 * math.pi * i / sides),
                    y1 + r * math.sin(2 * math.pi * i / sides)) for i in range(sides + 1)]
            out += list(itertools.pairwise(rim))
        elif prop.kind in ("weight", "ball"):
            r = 0.35
            out += [((x1 - r, y1), (x1 + r, y1)), ((x1, y1 - r), (x1, y1 + r))]
        else:
            out.append(((x1, y1), (x2, y2)))
    return out


def braille(figure: Figure, joints: Joints, width: int, height: int) -> list[str]:
    """One frame in `width` × `height` cells of braille: the body, its props and the floor,
    scaled to fit (the same scale both ways, so a straight body stays straight)."""
    width, height = max(1, width), max(1, height)
    left, bottom, right, top = bounds(figure)
    dots_w, dots_h = width * 2, height * 4
    # The floor is the lowest line of dots; the body stands on the line above it, so that
    # hands and feet on the floor are not lost in it.
    scale = min((dots_w - 1) / max(right - left, 1e-6), (dots_h - 2) / max(top - bottom, 1e-6))
    off_x = (dots_w - 1 - (right - left) * scale) / 2  # (centred across)

    def dot(x: float, y: float) -> tuple[float, float]:
        return off_x + (x - left) * scale, dots_h - 2 - (y - bottom) * scale

    grid = [[0] * width for _ in range(height)]

    def plot(px: float, py: float) -> None:
        col, row = round(px), round(py)
        if 0 <= col < dots_w and 0 <= row < dots_h:
            grid[row // 4][col // 2] |= _DOTS[row % 4][col % 2]

    def line(a: tuple[float, float], b: tuple[float, float]) -> None:
        (x1, y1), (x2, y2) = dot(*a), dot(*b)
        steps = max(1, math.ceil(max(abs(x2 - x1), abs(y2 - y1))))
        for i in range(steps + 1):
            plot(x1 + (x2 - x1) * i / steps, y1 + (y2 - y1) * i / steps)

    for a, b in segments(figure, joints):
        line(a, b)
    hx, hy = joints["head"]
    around = max(8, math.ceil(HEAD * scale * 2 * math.pi))
    for i in range(around):
        angle = 2 * math.pi * i / around
        plot(*dot(hx + HEAD * math.cos(angle), hy + HEAD * math.sin(angle)))
    for col in range(dots_w):  # the floor
        plot(col, dots_h - 1)
    return ["".join(chr(0x2800 + bits) for bits in row) for row in grid]


def svg(figure: Figure, frames: Sequence[Joints], *, title: str = "", size: int = 120) -> str:
    """The figure as a small SVG: its frames side by side, left to right (a strip that reads
    on paper), each with the floor under it: lines for bones and props, a circle for the
    head. `currentColor`, so it takes the colour of the text around it. Without a `title`
    it is a picture beside words that say the same (hidden from screen readers)."""
    left, bottom, right, top = bounds(figure)
    w, h = right - left, top - bottom
    scale = size / max(w, h)
    cell_w, height, gap = w * scale, h * scale, 12.0
    width = max(1, len(frames)) * (cell_w + gap) - gap
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:.0f} '
             f'{height + 4:.0f}" width="{width:.0f}" height="{height + 4:.0f}" '
             + ('role="img">' if title else 'aria-hidden="true">')]
    if title:
        parts.append(f"<title>{escape(title)}</title>")
    for i, joints in enumerate(frames):
        shift = i * (cell_w + gap)

        def p(x: float, y: float, shift: float = shift) -> tuple[str, str]:
            return f"{shift + (x - left) * scale:.1f}", f"{(top - y) * scale:.1f}"

        floor_y = (top - figure.floor) * scale + 2
        parts.append(f'<line x1="{shift:.1f}" y1="{floor_y:.1f}" x2="{shift + cell_w:.1f}" '
                     f'y2="{floor_y:.1f}" stroke="#888" stroke-width="2"/>')
        parts.append('<g stroke="currentColor" stroke-width="3" stroke-linecap="round" '
                     'fill="none">')
        for a, b in segments(figure, joints):
            (x1, y1), (x2, y2) = p(*a), p(*b)
            parts.append(f'<line x1="{x1}" y1="{y1}" x2="{x2}" y2="{y2}"/>')
        hx, hy = p(*joints["head"])
        parts.append(f'<circle cx="{hx}" cy="{hy}" r="{HEAD * scale:.1f}"/>')
        parts.append("</g>")
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def svg_sheet(drawings: Sequence[str], *, title: str) -> str:
    """Several `svg()` drawings (an exercise's figure at each of its levels) as one SVG
    document, one under the other: a file holds one document."""
    if len(drawings) == 1:
        return drawings[0]
    sizes = [(float(m[1]), float(m[2])) for m in (
        re.search(r'width="([0-9.]+)" height="([0-9.]+)"', d) for d in drawings) if m]
    width, gap = max(w for w, _ in sizes), 12.0
    height = sum(h for _, h in sizes) + gap * (len(sizes) - 1)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:.0f} '
             f'{height:.0f}" width="{width:.0f}" height="{height:.0f}" role="img">',
             f"<title>{escape(title)}</title>"]
    y = 0.0
    for drawing, (_, h) in zip(drawings, sizes, strict=True):
        parts.append(drawing.replace("<svg ", f'<svg y="{y:.0f}" ', 1).rstrip("\n"))
        y += h + gap
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def rows_for(figure: Figure, width: int) -> int:
    """The rows `figure` takes drawn `width` cells wide (`braille` with as many rows as it
    likes: the body as wide as the cells allow, the floor under it)."""
    left, bottom, right, top = bounds(figure)
    scale = (max(1, width) * 2 - 1) / max(right - left, 1e-6)
    return max(1, math.ceil(((top - bottom) * scale + 2) / 4))
