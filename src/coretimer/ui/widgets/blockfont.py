"""A block font for the big clock: digits built from a 3×5 pixel grid, scaled to fill the
space they are given, drawn with full and half blocks (a cell holds two pixel rows).

Pure functions, no Textual: `fit()` picks the largest scale that fits a box, `render()` draws
a text at a scale. Tests use `render()` to read the clock back from a real terminal.
"""

from __future__ import annotations

import math
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
