"""A chart line that grows while a run plays: the same points as the plain decimated history,
and its settled part redrawn only when it changed."""

import numpy as np
import pyqtgraph as pg
import pytest

from ui.charts.decimate import MinMaxDecimator
from ui.charts.growing_curve import CHUNK, GrowingCurve

POINTS = 400


@pytest.fixture
def plot(qtbot):
    widget = pg.PlotWidget()
    qtbot.addWidget(widget)
    yield widget.getPlotItem()  # the widget, which owns the plot, lives until the test ends


def history(n, seed=3):
    rng = np.random.default_rng(seed)
    return np.arange(n, dtype=float), np.cumsum(rng.normal(size=n))


def test_a_growing_history_draws_what_the_decimator_gives_and_keeps_its_head(plot):
    line = GrowingCurve(plot, pg.mkPen("k"))
    rounds, values = history(10_000)
    frames = 0
    for n in range(34, 10_000, 34):  # a frame brings 34 rounds, as at 1,000 rounds/s
        line.show(rounds[:n], values[:n], POINTS)
        frames += 1
        x, y = line.getData()
        want_x, want_y = MinMaxDecimator()(rounds[:n], values[:n], POINTS)
        np.testing.assert_array_equal(x, want_x)
        np.testing.assert_array_equal(y, want_y)
    # While the history fits the width, the head takes a chunk every CHUNK points; past
    # it, a merge of buckets (each doubling of the history) redraws it too. Either way it
    # is redrawn on a small share of the 294 frames.
    assert frames == 294
    assert line.head_updates < frames / 8  # 24 here
    # The tail (stroked every frame) stays short: under two chunks and the bucket filling.
    tail_x, _ = line.tail.getData()
    assert len(tail_x) <= 2 * CHUNK + 3


def test_a_changed_history_redraws_the_head(plot):
    line = GrowingCurve(plot, pg.mkPen("k"))
    rounds, values = history(300)
    line.show(rounds, values, POINTS)
    before = line.head_updates
    line.show(rounds, values, POINTS)  # nothing new: nothing redrawn
    assert line.head_updates == before
    changed = values.copy()
    changed[10] += 1.0  # a branch or a reset: the past differs
    line.show(rounds, changed, POINTS)
    assert line.head_updates == before + 1
    np.testing.assert_array_equal(line.getData()[1], changed)


def test_an_uncached_line_is_vectors_and_a_removed_one_is_gone(plot):
    line = GrowingCurve(plot, pg.mkPen("k"), cached=False)
    assert line.head.cacheMode() == line.head.CacheMode.NoCache
    line.remove()
    assert line.head not in plot.items and line.tail not in plot.items


def test_what_the_screen_shows_while_a_line_grows_is_what_a_fresh_paint_shows(qtbot):
    """Qt repaints only what items say they cover: a line grown frame by frame, each frame
    painted as the event loop does it, leaves no stale pixels behind its moving end."""
    from PySide6.QtCore import QPoint
    from PySide6.QtGui import QImage
    from PySide6.QtWidgets import QApplication

    widget = pg.PlotWidget()
    qtbot.addWidget(widget)
    widget.resize(500, 300)
    widget.show()
    qtbot.waitExposed(widget)
    plot = widget.getPlotItem()
    plot.setXRange(0, 3000)
    plot.setYRange(-40, 40)
    line = GrowingCurve(plot, pg.mkPen("#0072B2", width=2.5))
    rounds, values = history(3000)
    for n in range(34, 3000, 34):
        line.show(rounds[:n], values[:n], POINTS)
        QApplication.processEvents()  # the frame is painted, only where something changed

    def pixels(image):
        image = image.convertToFormat(QImage.Format.Format_RGB32)
        return np.frombuffer(image.constBits(), np.uint8, image.sizeInBytes()).copy()

    corner = widget.mapToGlobal(QPoint(0, 0))  # the screen as painted, not a fresh paint
    on_screen = pixels(widget.screen().grabWindow(0, corner.x(), corner.y(), 500, 300)
                       .toImage())
    fresh = pixels(widget.grab().toImage())
    assert len(on_screen) == len(fresh) == 500 * 300 * 4
    assert np.count_nonzero(on_screen != fresh) == 0
