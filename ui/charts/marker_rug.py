"""Every event marker of a chart as one graphics item: vertical lines from compact arrays.

A run at full speed can log thousands of events (a lever pulled every few seconds for half an
hour; an audit's verdict every few rounds). One pyqtgraph InfiniteLine per event costs about
13 kB (50 kB with its label) and a paint call each frame, which made a long run grow by ~9 MB a
minute and slow down. Here a marker costs a position, a style number and a reference to its
text; a frame draws at most one line per pixel column and style, so painting stays O(width)
however many markers there are. The text of a marker is shown on hover (see ``tip_at``); the
lever changes also get a numbered tag in the lane above the plot (see ``marker_lane``).
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

    def tip_at(self, x: float, tolerance: float) -> str | None:
        """What changed at the marker nearest ``x``, if within ``tolerance`` (data units):
        every change made there, e.g. "Label audit → 0.50; Threshold → 0.40"."""
        if not self._n:
            return None
        distance = np.abs(self.positions - x)
        nearest = int(np.argmin(distance))
        if distance[nearest] > tolerance:
            return None
        same = np.flatnonzero(self.positions == self.positions[nearest])
        return "; ".join(" ".join(self.tips[i]) for i in same)

    # --- drawing -------------------------------------------------------------------------

    def viewTransformChanged(self) -> None:
        """The view moved or resized: the item spans what is visible, so its bounds too."""
        self.prepareGeometryChange()
        self._rect = None

    # A range set before the view is first painted (an export's) reaches the item only here.
    viewRangeChanged = viewTransformChanged

    def _view(self) -> QRectF | None:
        """What the view shows, in data coordinates (this item's own: it has no transform).
        Asked of the view box itself: GraphicsItem.viewRect() maps through a device
        transform that an export's never-shown figure does not update."""
        box = self.getViewBox()
        return None if box is None else box.viewRect()

    def boundingRect(self) -> QRectF:
        if self._rect is None:
            view = self._view()
            self._rect = QRectF() if view is None else view
        return self._rect

    def dataBounds(self, axis, frac=1.0, orthoRange=None):
        return None  # markers never stretch the axes

    def paint(self, painter, *args) -> None:
        view, box = self._view(), self.getViewBox()
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
