"""A block font for the big clock: digits built from a 3×5 pixel grid, scaled to fill the
space they are given, drawn with full and half blocks (a cell holds two pixel rows).

Pure functions, no Textual: `fit()` picks the largest scale that fits a box, `render()` draws
a text at a scale; `fit_beside()` and `render_beside()` do the same for a text with smaller
lines stacked beside it (a hold's seconds with "REP" over "3/6"). Tests use
`render()` to read the clock back from a real terminal.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

GLYPHS: dict[str, tuple[str, ...]] = {
    "0": ("###", "#.#", "#.#", "#.#", "###"),
    "1": (".#.", "##.", ".#.", ".#.", "###"),
    "2": ("###", "..#", "###", "#..", "###"),
    "3": ("###", "..#", "###", "..#", "###"),
    "4": ("#.#", "#.#", "###", "..#", "..#"),
    "5": ("###", "#..", "###", "..#", "###"),
    "6": ("###", "#..", "###", "#.#", "###"),
    "7": ("###", "..#", "..#", "..#", "..#"),
    "8": ("###", "#.#", "###", "#.#", "###"),
    "9": ("###", "#.#", "###", "..#", "###"),
    ":": (".", "#", ".", "#", "."),
    "-": ("...", "...", "###", "...", "..."),
    "/": ("..#", "..#", ".#.", "#..", "#.."),
    # Letters for the label beside a hold's seconds ("REP" over "3/6").
    "R": ("###", "#.#", "##.", "#.#", "#.#"),
    "E": ("###", "#..", "###", "#..", "###"),
    "P": ("###", "#.#", "###", "#..", "#.."),
    " ": ("...", "...", "...", "...", "..."),
}
GLYPH_ROWS = 5
#: Pixel columns between two glyphs.
GAP = 1


@dataclass(frozen=True)
class Scale:
    rows: int
    """Pixel rows per font row, in half cells (a cell is two pixel rows tall)."""
    cols: int
    """Cell columns per font column."""

    def height(self) -> int:
        return math.ceil(GLYPH_ROWS * self.rows / 2)


def supported(text: str) -> bool:
    return bool(text) and all(ch in GLYPHS for ch in text)


def pixel_width(text: str) -> int:
    return sum(len(GLYPHS[ch][0]) for ch in text) + GAP * (len(text) - 1)


def fit(text: str, width: int, height: int) -> Scale | None:
    """The largest scale at which `text` fits `width`×`height` cells, keeping the pixels
    roughly square (a cell is about twice as tall as it is wide, so a pixel `rows` half cells
    tall is square at `rows` columns wide). None when even the smallest does not fit."""
    if not supported(text):
        return None
    px = pixel_width(text)
    for rows in range(max(0, 2 * height // GLYPH_ROWS), 0, -1):
        scale = Scale(rows, min(rows, width // px))
        if scale.height() <= height and scale.cols >= max(1, rows // 2):
            return scale
    return None


def render(text: str, scale: Scale) -> list[str]:
    """`text` in block letters: `scale.height()` lines of equal width."""
    glyph_rows: list[str] = []
    for r in range(GLYPH_ROWS):
        glyph_rows.append(("." * GAP).join(GLYPHS[ch][r] for ch in text))
    # Expand to pixel rows (half cells), then pair them into cells.
    pixels = [row for row in glyph_rows for _ in range(scale.rows)]
    if len(pixels) % 2:
        pixels.append("." * len(pixels[0]))
    lines = []
    for top, bottom in zip(pixels[::2], pixels[1::2], strict=True):
        line = []
        for a, b in zip(top, bottom, strict=True):
            ch = {("#", "#"): "█", ("#", "."): "▀", (".", "#"): "▄"}.get((a, b), " ")
            line.append(ch * scale.cols)
        lines.append("".join(line))
    return lines



def beside_gap(scale: Scale) -> int:
    """Cells between a text and the smaller lines beside it: two of the text's pixels."""
    return 2 * scale.cols


def _aside_height(lines: Sequence[str], scale: Scale) -> int:
    """Rows a stack of lines takes at `scale`, a blank row between two lines."""
    return len(lines) * scale.height() + len(lines) - 1


def fit_beside(text: str, aside: Sequence[str], width: int,
               height: int) -> tuple[Scale, Scale] | None:
    """The largest scale at which `text` fits `width`×`height` cells with the lines of
    `aside` stacked to its right, smaller (about half its pixel size at most) and no taller
    than it; with the aside's scale. None when they do not fit together so."""
    if not supported(text) or not aside or not all(supported(line) for line in aside):
        return None
    px, aside_px = pixel_width(text), max(pixel_width(line) for line in aside)
    for rows in range(max(0, 2 * height // GLYPH_ROWS), 1, -1):
        tall = Scale(rows, 1).height()
        if tall > height:
            continue
        for cols in range(rows, max(1, rows // 2) - 1, -1):
            scale = Scale(rows, cols)
            for aside_rows in range((rows + 1) // 2, 0, -1):
                small = Scale(aside_rows, min(aside_rows, cols))
                if _aside_height(aside, small) > tall:
                    continue
                if px * cols + beside_gap(scale) + aside_px * small.cols <= width:
                    return scale, small
    return None


def render_beside(text: str, scale: Scale, aside: Sequence[str],
                  aside_scale: Scale) -> list[str]:
    """`text` in block letters with the lines of `aside` stacked smaller to its right (each
    centred on the widest), the bottoms level."""
    big = render(text, scale)
    small: list[str] = []
    drawn = [render(line, aside_scale) for line in aside]
    wide = max(len(lines[0]) for lines in drawn)
    for k, lines in enumerate(drawn):
        if k:
            small.append("")
        left = (wide - len(lines[0])) // 2
        small.extend(" " * left + line for line in lines)
    small = [line.ljust(wide) for line in small]
    below = len(big) - len(small)
    blank = " " * wide
    gap = " " * beside_gap(scale)
    return [line + gap + (small[i - below] if i >= below else blank)
            for i, line in enumerate(big)]
