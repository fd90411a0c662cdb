"""The marker rug: many markers cost little memory and at most one line per pixel column."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtGui import QColor


class CountingPainter:
    """Stands in for QPainter: counts the lines each pen draws."""

    def __init__(self):
        self.lines: list[tuple[str, int]] = []
        self.pen = None

    def setPen(self, pen) -> None:
        self.pen = pen

    def drawLines(self, lines) -> None:
        self.lines.append((self.pen.color().name(), len(lines)))


def test_many_markers_draw_one_line_per_column_and_answer_hover(qtbot):
    from ui.charts.marker_rug import MarkerRug

    widget = pg.PlotWidget()
    qtbot.addWidget(widget)
    widget.resize(500, 300)
    widget.show()
    qtbot.waitExposed(widget)
    widget.setXRange(0, 100_000, padding=0)
    rug = MarkerRug()
    widget.addItem(rug)
    change, audit = pg.mkPen("#aa0000"), pg.mkPen("#777777")
    parts = [("Label audit", f"→ {i}") for i in range(3)]
    for i in range(100_000):  # an audit verdict every round, a lever change every 1,000
        rug.add(float(i), ("Audit", "blocked"), "audit", audit)
        if i % 1000 == 0:
            rug.add(i + 0.5, parts[i % 3], "change", change)
    assert len(rug) == 100_100
    assert rug.positions.nbytes + len(rug.tips) * 8 < 3_000_000  # ~25 bytes a marker
    painter = CountingPainter()
    rug.paint(painter)
    drawn = dict(painter.lines)
    width = widget.getPlotItem().vb.width()
    assert 0.9 * width <= drawn["#777777"] <= width + 1  # every column holds an audit
    assert drawn["#aa0000"] == 100  # the changes are ten columns or more apart
    pixel = widget.getPlotItem().vb.viewPixelSize()[0]
    assert rug.tip_at(3000.4, 2 * pixel) == "Label audit → 0"
    assert rug.tip_at(-500.0, 2 * pixel) is None
    rug.clear()
    assert len(rug) == 0 and rug.tip_at(3000.0, 2 * pixel) is None
    painter = CountingPainter()
    rug.paint(painter)
    assert painter.lines == []


def test_markers_do_not_stretch_the_axes(qtbot):
    from ui.charts.marker_rug import MarkerRug

    widget = pg.PlotWidget()
    qtbot.addWidget(widget)
    widget.plot(np.arange(10.0), np.arange(10.0))
    rug = MarkerRug()
    widget.addItem(rug)
    rug.add(1e6, ("far", "away"), "x", pg.mkPen(QColor("#000000")))
    widget.getPlotItem().vb.autoRange()
    assert widget.getPlotItem().vb.viewRange()[0][1] < 100
