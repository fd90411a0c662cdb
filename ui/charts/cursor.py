"""The timeline's cursor on a chart: a vertical line at the round being viewed, and each curve's
value there, a dot on the curve with its number beside it in the curve's colour.

One mark with one meaning on every chart (``docs/visual-grammar.md``): the round the timeline
shows. Hidden while the timeline follows the live round.
"""

from __future__ import annotations

import math

import pyqtgraph as pg
from PySide6.QtCore import Qt

from ui import formatting
from ui.charts import grammar


class TimelineCursor:
    def __init__(self, plot: pg.PlotItem, theme, curves):
        self.plot = plot
        self.theme = theme
        self.line = pg.InfiniteLine(angle=90, movable=False,
                                    pen=theme.pen(theme.foreground, Qt.PenStyle.SolidLine,
                                                  theme.marker_width))
        self.line.setZValue(30)
        self.dots = pg.ScatterPlotItem(size=theme.px(9), pxMode=True)
        self.dots.setZValue(31)
        self.colours = {c.column: grammar.pen(theme, c.colour, c.role, c.tone).color()
                        for c in curves}
        self.labels: dict[str, pg.TextItem] = {}
        for column, colour in self.colours.items():
            backdrop = pg.mkColor(theme.background)
            backdrop.setAlpha(220)  # the number stays readable over the curves it sits on
            label = pg.TextItem(color=colour, anchor=(-0.15, 0.5), fill=pg.mkBrush(backdrop))
            label.setFont(theme.font(theme.tick_px, bold=True))
            label.setZValue(32)
            self.labels[column] = label
        for item in (self.line, self.dots, *self.labels.values()):
            plot.addItem(item, ignoreBounds=True)
        self.show(None, {})

    def show(self, x: float | None, values: dict[str, float]) -> None:
        """The cursor at round ``x`` with the curves' ``values`` there (by column), or, for
        ``x`` None, no cursor."""
        on = x is not None
        self.line.setVisible(on)
        self.dots.setVisible(on)
        points = []
        for column, label in self.labels.items():
            value = values.get(column, math.nan)
            visible = on and math.isfinite(value)
            label.setVisible(visible)
            if visible:
                label.setText(formatting.number(value))
                label.setPos(x, value)
                points.append({"pos": (x, value), "brush": self.colours[column],
                               "pen": pg.mkPen(self.theme.background, width=1.5)})
        if on:
            self.line.setPos(x)
        self.dots.setData(points)
