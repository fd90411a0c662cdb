"""A chart line for a history that grows at its end, painted at the cost of its new part.

While a run plays, every frame brings a few rounds, yet a plain curve item strokes its whole
decimated history again (24 wide lines of a thousand points each on six charts were most of a
frame's 40 ms at 1920×1080). A history only grows at its end, so this line is two items: the
*head*, every point but the last chunk's, which Qt keeps as a pixmap (device-coordinate cache)
and strokes again only when it changes or the view does; and the short *tail*, the rest,
stroked every frame. The head takes another chunk of points when the tail has gathered one.

Whether the head changed is checked, not assumed: its points are compared with the new
history's (a few thousand floats, microseconds), so a reset, a branch, a thinned recorder or
buckets merged by the decimator all simply redraw it.

The tail's bounds (what Qt repaints around it) are worked out here: its few points' min and
max padded by its pen's width in pixels. pyqtgraph's own, the same box, cost ~60 µs a line
after every change (its generic bounds code maps pixel vectors through the view each time),
2 ms a frame for the 32 lines of the benchmark's dashboard.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF
from PySide6.QtWidgets import QGraphicsItem

from ui.charts.decimate import MinMaxDecimator

#: Points the head takes from the tail at a time: even, so that a min–max pair stays together.
CHUNK = 64
#: Pixels around a tail's points for its pen beyond its width (antialiasing, rounding).
PEN_ROOM_PX = 2


class _Tail(pg.PlotCurveItem):
    """A curve whose bounds are found cheaply (see the module's docstring); its data bounds,
    which an auto-ranged axis reads, are pyqtgraph's."""

    def boundingRect(self) -> QRectF:
        if self._boundingRect is None:  # reset by pyqtgraph on new data or a new view
            x, y = self.xData, self.yData
            box = self.getViewBox()
            if x is None or not len(x) or box is None or box.width() <= 0 \
                    or box.height() <= 0:
                return QRectF()
            low, high = float(np.fmin.reduce(y)), float(np.fmax.reduce(y))  # NaN ignored
            pen = self.opts["pen"]
            if not (np.isfinite(low) and np.isfinite(high) and pen.isCosmetic()):
                return super().boundingRect()  # no value, an infinite one, a pen in data units
            view = box.viewRect()
            room = max(pen.widthF(), 1.0) + PEN_ROOM_PX  # a half width and a cap past a point
            dx = room * view.width() / box.width()
            dy = room * view.height() / box.height()
            self._boundingRect = QRectF(float(x[0]) - dx, low - dy,
                                        float(x[-1] - x[0]) + 2 * dx, high - low + 2 * dy)
        return self._boundingRect


class GrowingCurve:
    """One line of a chart: ``show`` draws a history decimated to at most ``points``."""

    def __init__(self, plot: pg.PlotItem, pen, z: float = 0.0, cached: bool = True):
        """``cached`` False for a figure exported as vectors (a cached head would be a
        bitmap in an SVG or PDF)."""
        self.plot = plot
        self.head = pg.PlotCurveItem(pen=pen, connect="finite")
        if cached:
            self.head.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self.tail = _Tail(pen=pen, connect="finite")
        for item in (self.head, self.tail):
            item.setZValue(z)
            plot.addItem(item)
        self.decimate = MinMaxDecimator()
        self._head_data = (np.empty(0), np.empty(0))
        self.head_updates = 0  # how often the head was redrawn: what the cache saves

    @property
    def opts(self) -> dict:
        """The line's pyqtgraph options (its pen), the same for both parts."""
        return self.head.opts

    def show(self, rounds: np.ndarray, values: np.ndarray, points: int) -> None:
        x, y = self.decimate(rounds, values, points)
        # The decimator's last two points (the bucket still filling) may change; the rest
        # only by a merge or a new history, which the comparison below catches.
        cut = max((len(y) - 3) // CHUNK * CHUNK, 0)
        new_x, new_y = x[: cut + 1], y[: cut + 1]
        head_x, head_y = self._head_data
        if not (len(head_y) == len(new_y) and np.array_equal(head_x, new_x)
                and np.array_equal(head_y, new_y, equal_nan=True)):
            self._head_data = (new_x.copy(), new_y.copy())
            self.head.setData(*self._head_data)
            self.head_updates += 1
        self.tail.setData(x[cut:], y[cut:])

    def getData(self) -> tuple[np.ndarray, np.ndarray]:
        """The points drawn, head and tail joined (the point they share once)."""
        head_x, head_y = self._head_data
        tail_x, tail_y = self.tail.getData()
        if tail_x is None or not len(tail_x):
            return head_x, head_y
        return (np.concatenate([head_x[:-1], tail_x]) if len(head_x) else tail_x,
                np.concatenate([head_y[:-1], tail_y]) if len(head_y) else tail_y)

    def remove(self) -> None:
        for item in (self.head, self.tail):
            self.plot.removeItem(item)
