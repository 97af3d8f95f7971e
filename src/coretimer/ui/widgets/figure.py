"""A side-view stick figure of an exercise, drawn in braille at the widget's own size: one
pose held still, or a frame between two poses (a paced rep's lift or lower).

Plain text, never markup. The lines are drawn by the function the screen hands over (the
text package's braille; a widget imports nothing of coretimer but the models) and cached per
figure, poses, frame and size: a frame that shows again (every rep's) costs nothing, and a
tick that moves nothing draws nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from rich.segment import Segment
from rich.style import Style
from textual.reactive import reactive
from textual.strip import Strip
from textual.widget import Widget

from coretimer.model.figure import Figure, between, joints_of

#: Draws one frame: (figure, joints, width, height) -> `height` lines of `width` cells.
Draw = Callable[[Figure, Mapping[str, tuple[float, float]], int, int], list[str]]
#: The fraction between two poses is drawn to this step: a rep moves in a handful of frames.
QUANTUM = 8
#: Frames kept (a few exercises' lifts and lowers, at a size or two).
CACHE_SIZE = 256


def quantize(fraction: float) -> float:
    """`fraction` (0 to 1) to the nearest 1/QUANTUM."""
    return round(min(1.0, max(0.0, fraction)) * QUANTUM) / QUANTUM


class FigureView(Widget):
    """`figure` in pose `poses[0]`, or `fraction` of the way from it to `poses[1]` (to the
    nearest 1/QUANTUM). Blank without a figure. Setting what is already shown (the same
    poses, a fraction that rounds the same) does not refresh the widget."""

    DEFAULT_CSS = """
    FigureView {
        width: 24;
        height: 6;
    }
    """

    figure: reactive[Figure | None] = reactive(None)
    poses: reactive[tuple[int, int]] = reactive((0, 0))
    fraction: reactive[float] = reactive(0.0)

    def __init__(self, draw: Draw, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._draw = draw
        self._cache: dict[tuple[int, int, int, float, int, int],
                          tuple[Figure, list[str]]] = {}
        self._style: Style | None = None
        self.frames_drawn = 0
        """How many frames were drawn rather than taken from the cache."""

    def validate_fraction(self, fraction: float) -> float:
        return quantize(fraction)

    def show(self, figure: Figure | None, poses: tuple[int, int] = (0, 0),
             fraction: float = 0.0) -> None:
        """Show a still pose (`poses` the same twice) or a frame between two."""
        self.figure = figure
        self.poses = poses
        self.fraction = 0.0 if poses[0] == poses[1] else fraction

    def lines(self) -> list[str]:
        """The rows as drawn at the current size (none without a figure)."""
        figure = self.figure
        width, height = self.size.width, self.size.height
        if figure is None or width <= 0 or height <= 0:
            return []
        last = len(figure.poses) - 1
        first, second = (min(max(0, p), last) for p in self.poses)
        fraction = 0.0 if first == second else self.fraction
        key = (id(figure), first, second, fraction, width, height)
        found = self._cache.get(key)
        if found is not None and found[0] is figure:
            return found[1]
        if len(self._cache) >= CACHE_SIZE:
            self._cache.clear()
        one, two = figure.poses[first], figure.poses[second]
        drawn = self._draw(figure, between(one, two, fraction) if fraction else joints_of(one),
                           width, height)
        self._cache[key] = (figure, drawn)
        self.frames_drawn += 1
        return drawn

    def render_line(self, y: int) -> Strip:
        lines = self.lines()
        text = lines[y] if 0 <= y < len(lines) else ""
        if self._style is None:
            self._style = self.rich_style
        return Strip([Segment(text.ljust(self.size.width), self._style)], self.size.width)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._style = None
