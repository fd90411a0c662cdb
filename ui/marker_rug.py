"""Every event marker of a chart as one graphics item: vertical lines from compact arrays.

A run at full speed can log thousands of events (a lever pulled every few seconds for half an
hour; an audit's verdict every few rounds). One pyqtgraph InfiniteLine per event costs about
13 kB (50 kB with its label) and a paint call each frame, which made a long run grow by ~9 MB a
minute and slow down. Here a marker costs a position, a style number and a reference to its
text; a frame draws at most one line per pixel column and style, so painting stays O(width)
however many markers there are. The text of a marker is shown on hover (see ``tip_at``); the
latest few lever changes also get a labelled line of their own (PlotCard does that).
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QLineF, QRectF


class MarkerRug(pg.GraphicsObject):
    def __init__(self):
        super().__init__()
        self._x = np.empty(64)
        self._style = np.empty(64, dtype=np.uint8)
        self._n = 0
        self.tips: list[tuple[str, str]] = []  # (what, value), shared with the other charts
        self._pens: list = []  # style number -> pen
        self._styles: dict[object, int] = {}  # a style's key -> its number
        self._rect: QRectF | None = None

    def __len__(self) -> int:
        return self._n

    @property
    def positions(self) -> np.ndarray:
        return self._x[: self._n]

    def add(self, x: float, parts: tuple[str, str], style_key: object, pen) -> None:
        """A marker at ``x``; markers with the same ``style_key`` share ``pen``."""
        style = self._styles.get(style_key)
        if style is None:
            style = self._styles[style_key] = len(self._pens)
            self._pens.append(pen)
        if self._n == len(self._x):
            self._x = np.concatenate([self._x, np.empty(self._n)])
            self._style = np.concatenate([self._style, np.empty(self._n, dtype=np.uint8)])
        self._x[self._n] = x
        self._style[self._n] = style
        self._n += 1
        self.tips.append(parts)
        self.update()

    def clear(self) -> None:
        self._n = 0
        self.tips.clear()
        self.update()

    def tip_at(self, x: float, tolerance: float) -> tuple[str, str] | None:
        """The text of the marker nearest ``x``, if within ``tolerance`` (data units)."""
        if not self._n:
            return None
        distance = np.abs(self.positions - x)
        nearest = int(np.argmin(distance))
        return self.tips[nearest] if distance[nearest] <= tolerance else None

    # --- drawing -------------------------------------------------------------------------

    def viewTransformChanged(self) -> None:
        """The view moved or resized: the item spans what is visible, so its bounds too."""
        self.prepareGeometryChange()
        self._rect = None

    def boundingRect(self) -> QRectF:
        if self._rect is None:
            view = self.viewRect()
            self._rect = QRectF() if view is None else view
        return self._rect

    def dataBounds(self, axis, frac=1.0, orthoRange=None):
        return None  # markers never stretch the axes

    def paint(self, painter, *args) -> None:
        view, box = self.viewRect(), self.getViewBox()
        if view is None or box is None or not self._n or view.width() <= 0:
            return
        columns = max(int(box.width()), 1)  # the plot area's width in pixels
        x, style = self.positions, self._style[: self._n]
        shown = (x >= view.left()) & (x <= view.right())
        per_column = view.width() / columns
        column = np.floor((x[shown] - view.left()) / per_column).astype(np.int64)
        top, bottom = view.top(), view.bottom()
        for number in np.unique(style[shown]):
            at = np.unique(column[style[shown] == number])
            # One line per pixel column that holds a marker of this style, at its centre.
            xs = view.left() + (at + 0.5) * per_column
            painter.setPen(self._pens[int(number)])
            painter.drawLines([QLineF(float(v), top, float(v), bottom) for v in xs])
