"""The preview's exercise table, fitted to its width: which columns wrap, which give way,
and how wide each is, so that the table takes the fewest lines; fitted again whenever its
width changes."""

from __future__ import annotations

from collections.abc import Sequence

from rich.cells import cell_len
from rich.text import Text
from textual.widgets import DataTable

#: The exercise table's columns. Exercise, Dose and Equipment wrap onto more lines where the
#: terminal is narrow; Rest, then Equipment, give way first when they would cost lines (the
#: details under the table say both for the highlighted exercise).
COLUMNS = ("#", "Exercise", "Pain", "Dose", "Rest", "Equipment")
WRAPPING = (1, 3, 5)
GIVES_WAY = (5, 4)
#: A cell's padding: one column each side.
PADDING = 2


def _lines(text: str, width: int) -> int:
    """Lines `text` takes when wrapped at spaces to `width` cells."""
    count, used = 1, 0
    for word in text.split():
        size = cell_len(word)
        if used and used + 1 + size > width:
            count, used = count + 1, size
        else:
            used += size + (1 if used else 0)
    return count


def _height(rows: Sequence[Sequence[str]], widths: dict[int, int]) -> int:
    return sum(max(_lines(row[i], w) for i, w in widths.items()) for row in rows)


def _narrowest(rows: Sequence[Sequence[str]], column: int) -> int:
    """A column is never narrower than its heading or its longest word: no word is cut."""
    words = [cell_len(word) for row in rows for word in row[column].split()]
    return max([cell_len(COLUMNS[column]), *words])


def fit_columns(rows: Sequence[Sequence[str]], width: int) -> dict[int, int]:
    """The table's columns (by index into COLUMNS) and their widths, for `rows` of plain text
    in `width` cells: every cell whole, in as few lines as can be. Each of the wrapping
    columns gives up a cell in turn, the one that costs the fewest lines; Rest and Equipment
    are left out (Equipment first) when the table takes fewer lines without them. When even
    the narrowest columns do not fit, they are kept at that: the table scrolls sideways."""
    natural = {i: max([cell_len(COLUMNS[i]), *(cell_len(row[i]) for row in rows)])
               for i in range(len(COLUMNS))}
    shown = list(natural)
    fitted: list[tuple[int, dict[int, int]]] = []  # (lines, widths) of the layouts that fit
    widths = natural
    for left_out in (None, *GIVES_WAY):
        if left_out is not None:
            shown.remove(left_out)
        widths = {i: natural[i] for i in shown}
        while sum(w + PADDING for w in widths.values()) > width:
            narrower = [i for i in WRAPPING if i in widths and widths[i] > _narrowest(rows, i)]
            if not narrower:
                break
            cost = {i: _height(rows, {**widths, i: widths[i] - 1}) for i in narrower}
            least = min(cost.values())
            widest = max((i for i in narrower if cost[i] == least), key=lambda i: widths[i])
            widths[widest] -= 1
        if sum(w + PADDING for w in widths.values()) <= width:
            fitted.append((_height(rows, widths), widths))
    if not fitted:
        return widths  # the fewest columns, at their narrowest
    fewest = min(lines for lines, _ in fitted)
    return next(widths for lines, widths in fitted if lines == fewest)  # the most columns


class ExerciseTable(DataTable[Text]):
    """The preview's exercise table: its columns are fitted to its width, and again whenever
    that changes (the terminal resized, a scrollbar come or gone)."""

    #: The rows shown, as plain text: a row of COLUMNS per exercise.
    _rows: Sequence[Sequence[str]] = ()
    #: The width the columns were last fitted to (0: nothing shown yet).
    _fitted_to = 0

    def show(self, rows: Sequence[Sequence[str]]) -> None:
        """Show `rows`, fitted to the table's width; the cursor stays on its row."""
        self._rows = rows
        row = self.cursor_row
        self._fitted_to = self._width()
        widths = fit_columns(rows, self._fitted_to)
        self.clear(columns=True)
        for i, width in widths.items():
            self.add_column(COLUMNS[i], width=width)
        for cells in rows:  # each row as tall as its longest cell, wrapped
            self.add_row(*(Text(cells[i]) for i in widths), height=None)
        self.move_cursor(row=max(0, row))

    def _width(self) -> int:
        """Cells across the table for its columns: all but one, kept for its scrollbar (from
        the screen's width, less the margins, until it is laid out)."""
        return max(20, (self.size.width or self.app.size.width - 4) - 1)

    def on_resize(self) -> None:
        self.call_after_refresh(self._refit)

    def _refit(self) -> None:
        if self._fitted_to and self._fitted_to != self._width():
            self.show(self._rows)
