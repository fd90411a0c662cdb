"""Direct labels at the ends of a chart's lines: "Group B" written where B's line ends.

A legend asks the eye to travel and match colours; a label at the end of a line says at once
whose line it is (what classroom visualisations such as Our World in Data do). A chart labels
the lines of what happens (solid), one per group or per whole-population series, wherever the
plot has room to the right of their ends, as it has while a run is under way; when the lines
reach the right edge, the labels go and the legend strip still says it all. Labels that would
collide are moved apart vertically, or left out if the plot is too short for them.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pyqtgraph as pg
from PySide6.QtGui import QColor, QFontMetricsF

GAP_PX = 5  # between a line's end and its label


def spread(wanted: Sequence[float], height: float, low: float, high: float) -> list[float]:
    """Centres for labels of ``height`` px wanted at ``wanted`` (ascending), moved apart so
    none overlap and kept within ``low``..``high``; none if they cannot all fit."""
    if not wanted or height * len(wanted) > high - low:
        return []
    top, bottom = low + height / 2, high - height / 2
    placed = [min(max(y, top), bottom) for y in wanted]
    for i in range(1, len(placed)):  # push down what overlaps the one above ...
        placed[i] = max(placed[i], placed[i - 1] + height)
    placed[-1] = min(placed[-1], bottom)
    for i in range(len(placed) - 2, -1, -1):  # ... then up what the bottom pushed back
        placed[i] = min(placed[i], placed[i + 1] - height)
    return placed


class _Label(pg.TextItem):
    """A label that moving does not make its plot range an auto-ranged axis again: it is
    added with ``ignoreBounds``, yet pyqtgraph would still queue a new search of every line's
    bounds, a second one each frame (0.4 ms) after the one :meth:`EndLabels.place` asks for."""

    def informViewBoundsChanged(self) -> None:
        pass


class EndLabels:
    """The labels of one chart, kept as text items in its plot and moved as the run goes."""

    def __init__(self, plot: pg.PlotItem, theme, entries: Sequence[tuple[str, str, QColor]]):
        """``entries``: (column, text, colour) of each line to label."""
        self.plot = plot
        self.theme = theme
        font = theme.font(theme.legend_px, bold=True)
        self.height = QFontMetricsF(font).height()
        self.items: dict[str, tuple[pg.TextItem, float]] = {}
        for column, text, colour in entries:
            item = _Label(text, color=theme.text_colour(colour.name()), anchor=(0, 0.5))
            item.setFont(font)
            item.setZValue(15)
            item.hide()
            plot.addItem(item, ignoreBounds=True)
            self.items[column] = (item, QFontMetricsF(font).horizontalAdvance(text))

    def place(self, ends: dict[str, tuple[float, float]]) -> None:
        """Put each label at its line's end (``ends``: column → (x, y) in data units) where
        the plot has room for it to the right; hide the others."""
        view = self.plot.vb
        view.prepareForPaint()  # an auto-ranged axis takes in the new data now, not at paint
        (x_low, x_high), (y_low, y_high) = view.viewRange()
        width, height = view.width(), view.height()
        if width <= 0 or height <= 0 or x_high <= x_low or y_high <= y_low:
            return
        px_x, px_y = width / (x_high - x_low), height / (y_high - y_low)
        fits = []
        for column, (item, text_width) in self.items.items():
            end = ends.get(column)
            room = None if end is None else (x_high - end[0]) * px_x
            if room is not None and np.isfinite(end[1]) and room >= text_width + 2 * GAP_PX:
                fits.append((column, (y_high - end[1]) * px_y))  # from the top, in px
            else:
                item.hide()
        fits.sort(key=lambda f: f[1])
        centres = spread([y for _, y in fits], self.height, 0.0, height)
        for column, _ in fits:
            self.items[column][0].setVisible(bool(centres))
        for (column, _), centre in zip(fits, centres, strict=False):
            item = self.items[column][0]
            x, _ = ends[column]
            item.setPos(x + GAP_PX / px_x, y_high - centre / px_y)

    def shown(self) -> list[pg.TextItem]:
        return [item for item, _ in self.items.values() if item.isVisible()]
