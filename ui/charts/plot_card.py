"""One chart of the dashboard: title, legend row, plot, truth and reference lines, markers.

Title and legend sit in rows of their own above the plot, so the legend never covers data.
Mouse panning and the context menu are off: in a classroom an accidental drag should not lose
the view. Curves are fed from the recorder's arrays (views, no copy) through a min–max
decimator sized to the plot's width in pixels.
"""

from __future__ import annotations

import html
from collections.abc import Callable

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPainter, QPen
from PySide6.QtWidgets import QGraphicsItem, QToolTip

from ui import formatting
from ui.charts import grammar
from ui.charts.cursor import TimelineCursor
from ui.charts.end_labels import EndLabels
from ui.charts.growing_curve import GrowingCurve
from ui.charts.marker_lane import MarkerLane
from ui.charts.marker_rug import MarkerRug
from ui.charts.plot_model import (
    BASELINE,
    COUNTERFACTUAL,
    LIVE,
    TRUTH,
    ChartLayout,
    distinct_parts,
)
from ui.plain_text import plain_tip
from ui.theme import Theme

LEGEND_SAMPLE_PX = 28
TICK_OVERFLOW_PX = 12


#: A card's least height: three rows of charts fit a 1280×720 window under the guide bar, a
#: question and its choices on screen and the key to the lever tags under the charts.
MIN_CARD_HEIGHT = 105
#: The most of a card's height its own legend may take before it keeps to one line.
LEGEND_ROOM = 0.18

class Axis(pg.AxisItem):
    """An axis that may draw its end labels a little past its ends. With a grid shown,
    pyqtgraph hides any tick label overflowing the axis by a pixel, which loses the 0 and 1
    of a 0–1 chart, the values people read first."""

    def tickStrings(self, values, scale, spacing):
        """Tick numbers in the language's format (0,5 and 1.000 in Spanish), with a true
        minus sign, like every other figure on screen and in exports."""
        return [formatting.localise(text).replace("-", "\u2212")
                for text in super().tickStrings(values, scale, spacing)]

    def tickSpacing(self, minVal, maxVal, size):
        """pyqtgraph's spacing, widened on a vertical axis until its numbers fit one above
        another with a line's gap between them: pyqtgraph keeps at least two intervals
        whatever the axis's height, so a short chart (six on a 1280×720 projector) printed
        0, 0.2, … 1.0 over each other."""
        levels = super().tickSpacing(minVal, maxVal, size)
        if not levels or self.orientation not in ("left", "right"):
            return levels
        font = self.style.get("tickFont") or self.font()
        room = int(size // (QFontMetricsF(font).height() * TICK_LINE_GAP))
        low, high = sorted((minVal, maxVal))
        spacing = levels[0][0]
        if tick_count(low, high, spacing) <= room:
            return levels
        # Wider, but never so wide that fewer than two numbers are left to read it by.
        while (tick_count(low, high, spacing) > room
               and tick_count(low, high, wider_spacing(spacing)) >= 2):
            spacing = wider_spacing(spacing)
        return [(spacing, 0.0)]  # at whole multiples, the minor levels dropped with the old

    def boundingRect(self):
        rect = super().boundingRect()
        m = TICK_OVERFLOW_PX
        if self.orientation in ("left", "right"):
            return rect.adjusted(0, -m, 0, m)
        return rect.adjusted(-m, 0, m, 0)


#: Height of a line of tick numbers on a vertical axis, in the numbers' own line heights.
TICK_LINE_GAP = 1.25


def tick_count(low: float, high: float, spacing: float) -> int:
    """How many whole multiples of ``spacing`` lie from ``low`` to ``high``."""
    return int(np.floor(high / spacing + 1e-9) - np.ceil(low / spacing - 1e-9)) + 1


def wider_spacing(spacing: float) -> float:
    """The next round tick spacing after ``spacing`` (1, 2, 2.5, 5, 10, 20, 25, …)."""
    exponent = np.floor(np.log10(spacing))
    mantissa = spacing / 10.0**exponent
    step = next(m for m in (2.0, 2.5, 5.0, 10.0) if m > mantissa * (1 + 1e-9))
    return step * 10.0**exponent


MARKER_HOVER_PX = 4  # how near a marker line the mouse must be for its tooltip
#: Opacity of an audit verdict's line: verdicts can come every round, and a run of them should
#: read as a light band the curves stay readable over, not a wall.
AUDIT_MARKER_ALPHA = 0.4


class FlowLegend(pg.GraphicsWidget):
    """A legend row above the plot that wraps to the card's width.

    Entries are (pen, text), or (pens, text) for a sample drawn as several strokes one over
    another (a band: its shade, then its mean); a line sample long enough to show its dash
    pattern precedes each text. Entries flow left to right and start a new line where the
    next does not fit; an entry wider than its room is shown by what sets it apart from the
    others (:func:`distinct_parts`: "Equal opportunity" for "Equal opportunity difference"),
    and ends in "…" if even that does not fit, rather than being cut (the chart's tooltip
    names every measure in full).
    """

    def __init__(self, entries, font, colour, sample_px: int):
        super().__init__()
        self.entries = entries
        self.shorts = distinct_parts([text for _, text in entries])
        self.font = font
        self.colour = colour
        self.sample_px = sample_px
        self.metrics = QFontMetricsF(font)
        self.line_height = self.metrics.height()
        self.places: list[tuple[float, float]] = []
        self.texts: list[str] = []  # as drawn: elided to the legend's width if need be
        self.one_line = False  # a short card: every entry on one line, each elided to fit
        self.setMinimumWidth(50)
        self.reflow(400)

    def set_one_line(self, on: bool) -> None:
        if on != self.one_line:
            self.one_line = on
            self.reflow(self.geometry().width() or 400)

    def _entry_width(self, text: str) -> float:
        return self.sample_px + 5 + self.metrics.horizontalAdvance(text) + 12

    def reflow(self, width: float) -> None:
        share = width / len(self.entries) if self.one_line and self.entries else width
        room = max(share - self.sample_px - 17, 10)
        self.texts = [text if self.metrics.horizontalAdvance(text) <= room
                      else self.metrics.elidedText(short, Qt.TextElideMode.ElideRight, room)
                      for (_, text), short in zip(self.entries, self.shorts, strict=True)]
        widths = [self._entry_width(text) for text in self.texts]
        x = y = 0.0
        self.places = []
        for w in widths:
            if x > 0 and x + w > width:
                x, y = 0.0, y + self.line_height
            self.places.append((x, y))
            x += w
        height = y + self.line_height if self.entries else 0
        # Both bounds, always: an empty legend must take no room at all (a widget's maximum
        # height is unbounded until set, and the layout would hand it the plot's space).
        if height != self.minimumHeight() or height != self.maximumHeight():
            self.setMinimumHeight(height)
            self.setMaximumHeight(height)
        self.update()

    def set_entries(self, entries) -> None:
        self.entries = list(entries)
        self.shorts = distinct_parts([text for _, text in self.entries])
        self.reflow(self.geometry().width() or 400)

    def setGeometry(self, rect) -> None:
        super().setGeometry(rect)
        self.reflow(rect.width())

    def paint(self, painter, *args):
        painter.setFont(self.font)
        mid = self.line_height / 2
        for (pens, _), text, (x, y) in zip(self.entries, self.texts, self.places, strict=True):
            for pen in pens if isinstance(pens, tuple) else (pens,):
                painter.setPen(pen)
                painter.drawLine(QPointF(x + 2, y + mid), QPointF(x + self.sample_px, y + mid))
            painter.setPen(self.colour)
            painter.drawText(QPointF(x + self.sample_px + 5, y + mid + self.metrics.ascent() / 2
                                     - self.metrics.descent() / 2), text)


class PlotCard(pg.GraphicsLayoutWidget):
    def __init__(self, chart: ChartLayout, theme: Theme, x_label: str, parent=None,
                 cached: bool = True):
        """``cached``: keep each line's settled part as a pixmap (a live dashboard); an
        exported figure draws every line as vectors."""
        super().__init__(parent)
        self.chart = chart
        self.theme = theme
        self.setMinimumSize(200, MIN_CARD_HEIGHT)
        about = "\n\n".join(t for t in (chart.title, chart.help) if t)
        self.setToolTip(plain_tip(about))  # texts from a scenario file: shown as typed
        # Keyboard and screen readers: a chart is a stop in the Tab chain, named by its
        # title; the Menu key (or Shift+F10) opens its export menu.
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName(chart.title)
        self.setAccessibleDescription(chart.help or "")
        self.setWhatsThis(plain_tip(about))
        self.setBackground(QColor(theme.background))
        layout = self.ci
        layout.setContentsMargins(4, 4, 20, 4)
        layout.setSpacing(0)
        # pyqtgraph renders label text as HTML: a title from a scenario file is escaped.
        self.title = layout.addLabel(html.escape(chart.title), size=theme.css_px(theme.title_px),
                                     bold=True, color=theme.foreground)
        # The title's own height, not its text item's 4 px margins: every pixel of a card's
        # height not spent on words goes to the plot.
        self.title.item.document().setDocumentMargin(0)
        self.title.setMaximumHeight(QFontMetricsF(theme.font(theme.title_px, bold=True))
                                    .height() + theme.px(2))
        layout.nextRow()
        # What this chart's line styles or tones mean (the groups and the comparison roles
        # are named once for all charts, in the strip above them); empty, it takes no height.
        self.legend = self._legend()
        layout.addItem(self.legend)
        layout.nextRow()
        # The lever-change tags: a row of their own between the legends and the plot.
        lane_row = layout.currentRow
        layout.nextRow()
        self.plot = layout.addPlot(axisItems={"left": Axis("left"), "bottom": Axis("bottom")})
        self.lane = MarkerLane(self.plot, theme)
        layout.addItem(self.lane, row=lane_row, col=0)
        self._style_plot(x_label)
        self.curves: dict[str, GrowingCurve] = {
            curve.column: GrowingCurve(self.plot, grammar.pen(theme, curve.colour, curve.role,
                                                              curve.tone), cached=cached)
            for curve in chart.curves}
        for value in chart.references:
            # Its number above the line, or below it in the top half of a known range, where
            # a short chart has no room above (the four-fifths rule's 0.80 was cut off).
            below = chart.y_range is not None and value > sum(chart.y_range) / 2
            anchor = (1, 0) if below else (1, 1)
            reference = pg.InfiniteLine(
                pos=value, angle=0, movable=False,
                pen=theme.pen(theme.reference, Qt.PenStyle.DotLine, theme.marker_width),
                label=formatting.number(value),
                labelOpts={"position": 0.985, "color": theme.reference,
                           "anchors": [anchor, anchor]})
            reference.label.setFont(theme.font(theme.tick_px))  # as large as the axis numbers
            self.plot.addItem(reference)
        self.end_labels = EndLabels(self.plot, theme, self._end_label_entries())
        self.rug = MarkerRug()  # every event marker, drawn cheaply
        self.rug.setZValue(20)
        self.plot.addItem(self.rug, ignoreBounds=True)
        self.cursor = TimelineCursor(self.plot, theme, chart.curves)
        self.cached = cached
        self.companions: dict[str, dict[str, GrowingCurve]] = {}
        self.band_items: dict[str, tuple] = {}  # column -> (band, mean, low, high, fill)
        self._band_until: float | None = None

    def _legend(self) -> FlowLegend:
        theme = self.theme
        entries = [(grammar.pen(theme, e.colour, e.role, e.tone), e.text)
                   for e in self.chart.legend]
        return FlowLegend(entries, theme.font(theme.legend_px),
                          QColor(theme.foreground), theme.px(LEGEND_SAMPLE_PX))

    def paintEvent(self, event) -> None:
        super().paintEvent(event)
        if self.hasFocus():  # the focus ring, drawn over the chart's edge
            painter = QPainter(self.viewport())
            width = self.theme.px(3)
            painter.setPen(QPen(QColor(self.theme.focus), width))
            painter.drawRect(self.viewport().rect().adjusted(width // 2, width // 2,
                                                             -(width + 1) // 2,
                                                             -(width + 1) // 2))
            painter.end()

    def focusInEvent(self, event) -> None:
        super().focusInEvent(event)
        self.viewport().update()

    def focusOutEvent(self, event) -> None:
        super().focusOutEvent(event)
        self.viewport().update()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if hasattr(self, "lane"):  # pyqtgraph resizes before __init__ is done
            self._fit_title()
            # A short card (three rows of charts in a small window) keeps its plot: a legend
            # that would take more than LEGEND_ROOM of it takes one line instead, each entry
            # elided (the tooltip names them in full).
            self.legend.set_one_line(False)
            self.legend.set_one_line(self.legend.maximumHeight() > LEGEND_ROOM * self.height())

    def _fit_title(self) -> None:
        """Elide a title wider than the card (the full title is in the tooltip)."""
        theme = self.theme
        metrics = QFontMetricsF(theme.font(theme.title_px, bold=True))
        text = metrics.elidedText(self.chart.title, Qt.TextElideMode.ElideRight,
                                  max(self.width() - 30, 50))
        self.title.setText(html.escape(text), size=theme.css_px(theme.title_px), bold=True,
                           color=theme.foreground)

    def _style_plot(self, x_label: str) -> None:
        theme, plot = self.theme, self.plot
        plot.hideButtons()
        plot.setMenuEnabled(False)
        plot.setMouseEnabled(x=False, y=False)
        plot.showGrid(x=True, y=True, alpha=theme.grid_alpha)
        label_style = {"font-size": theme.css_px(theme.axis_px), "color": theme.foreground}
        for side, text in (("bottom", x_label), ("left", self.chart.unit)):
            axis = plot.getAxis(side)
            # Axes (and the grid they draw) change rarely but cost more to paint than all the
            # curves: keep them as a pixmap, repainted only when their range changes.
            axis.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
            axis.enableAutoSIPrefix(False)
            axis.setStyle(maxTickLevel=0)  # major ticks only: a grid readable from afar
            axis.setTickFont(theme.font(theme.tick_px))
            axis.setTextPen(theme.foreground)
            axis.setLabel(html.escape(text), **label_style)  # rendered as HTML by pyqtgraph
        if self.chart.y_range is not None:
            low, high = self.chart.y_range
            plot.setYRange(low, high, padding=0.03)
        else:
            plot.enableAutoRange(axis="y")

    def set_x_max(self, x_max: float) -> None:
        self.plot.setXRange(0, x_max, padding=0.01)

    def _end_label_entries(self) -> list[tuple[str, str, QColor]]:
        """(column, text, colour) of the lines labelled at their ends: each group's line of
        what happens, or each whole-population series of a chart of several."""
        chart, theme = self.chart, self.theme
        names = {(e.tone, e.role): e.text for e in chart.legend if e.colour is None}
        entries = []
        for curve in chart.curves:
            if curve.role != LIVE:
                continue
            if curve.colour is not None and len(chart.groups) > curve.colour:
                text = chart.groups[curve.colour].text
            else:
                text = names.get((curve.tone, curve.role)) if curve.colour is None else None
            if text:
                entries.append((curve.column, text, grammar.colour_of(theme, curve.colour,
                                                                      curve.tone)))
        return entries

    def show_data(self, rounds: np.ndarray, series: Callable[[str], np.ndarray],
                  points: int | None = None) -> None:
        """Draw the recorded history, decimated to ``points`` (default: :meth:`points`), and
        label the lines at their ends where there is room."""
        points = points or self.points()
        ends = {}
        for column, line in self.curves.items():
            values = series(column)
            line.show(rounds, values, points)
            if column in self.end_labels.items:
                last = _last_finite(values)
                if last is not None:
                    ends[column] = (float(rounds[last]), float(values[last]))
        self.end_labels.place(ends)

    def add_marker(self, x: float, parts: tuple[str, str], colour: str,
                   labelled: bool = True, round_: int | None = None) -> None:
        """A vertical line where a change took effect (``x``; ``round_`` as the log says it,
        by default x + 1), e.g. ("Label audit", "→ 0.50"). Every marker goes into the rug
        (hover for its text); a labelled one also gets a numbered tag in the lane above the
        plot, shared with the other changes of its round."""
        theme = self.theme
        width = theme.marker_width if labelled else theme.marker_width / 2
        ink = QColor(colour)
        if not labelled:  # audit verdicts can come every round: a light band, curves on top
            ink.setAlphaF(AUDIT_MARKER_ALPHA)
        self.rug.add(x, parts, (colour, labelled), theme.pen(ink, Qt.PenStyle.DashLine, width))
        if labelled:
            self.lane.add(x, int(x) + 1 if round_ is None else round_, " ".join(parts), colour)

    def clear_markers(self) -> None:
        self.lane.clear()
        self.rug.clear()

    def viewportEvent(self, event) -> bool:
        """A tooltip over any marker line says what changed there."""
        if event.type() == QEvent.Type.ToolTip and hasattr(self, "rug"):
            mark = self.lane.mark_at(self.lane.mapFromScene(self.mapToScene(event.pos())))
            if mark is not None:
                QToolTip.showText(event.globalPos(), mark.text, self)
                return True
            view = self.plot.vb
            point = view.mapSceneToView(self.mapToScene(event.pos()))
            if view.sceneBoundingRect().contains(self.mapToScene(event.pos())):
                text = self.rug.tip_at(point.x(), MARKER_HOVER_PX * view.viewPixelSize()[0])
                if text is not None:
                    QToolTip.showText(event.globalPos(), text, self)
                    return True
        return super().viewportEvent(event)

    # --- comparison: baseline, counterfactual, replication band ---------------------------

    def companion_pen(self, curve, role: str):
        """The pen of a comparison line (``role`` baseline or counterfactual) beside a live
        curve: its colour and pattern, thin and translucent or broad and pale."""
        return grammar.pen(self.theme, curve.colour, role, curve.tone, live_role=curve.role)

    def compared_curves(self):
        """The curves a comparison redraws: not the truth, which is the live run's world
        (twice the same dashed line would only say less)."""
        return [curve for curve in self.chart.curves if curve.role != TRUTH]

    def show_companion(self, role: str, recorder) -> None:
        """Draw (or, with ``recorder`` None, remove) the ``role`` run's curves beside the live
        ones: ``baseline`` or ``counterfactual``."""
        lines = self.companions.get(role)
        if recorder is None:
            for line in (lines or {}).values():
                line.remove()
            self.companions.pop(role, None)
            return
        if lines is None:
            z = -5 if role == BASELINE else -6 if role == COUNTERFACTUAL else -3
            lines = self.companions[role] = {
                curve.column: GrowingCurve(self.plot, self.companion_pen(curve, role), z,
                                           cached=self.cached)
                for curve in self.compared_curves()}
        points = self.points()
        rounds = recorder.rounds
        for column, line in lines.items():
            line.show(rounds, recorder.series(column), points)

    def points(self) -> int:
        """Points a line is decimated to: one per pixel of the plot's width (a minimum and a
        maximum every two pixels), as finer detail cannot show and wide lines cost per point."""
        return max(int(self.plot.vb.width()), 100)

    def show_band(self, bands, until: float | None = None) -> None:
        """Draw (or, with ``bands`` None, remove) the mean and 10–90 % band of each curve
        (``bands``: column → :class:`simulator.bands.Band`), up to round ``until``."""
        for _band, *items in self.band_items.values():
            for item in items:
                self.plot.removeItem(item)
        self.band_items = {}
        if bands is None:
            return
        theme = self.theme
        for curve in self.compared_curves():
            band = bands.get(curve.column)
            if band is None:
                continue
            edge = pg.mkPen(None)  # the shade's edges are the shade's
            low = pg.PlotCurveItem(pen=edge, connect="finite")
            high = pg.PlotCurveItem(pen=edge, connect="finite")
            fill = pg.FillBetweenItem(low, high, brush=pg.mkBrush(
                grammar.band_colour(theme, curve.colour, curve.tone)))
            mean = pg.PlotCurveItem(pen=grammar.pen(theme, curve.colour, "band", curve.tone,
                                                    live_role=curve.role), connect="finite")
            for item, z in ((fill, -10), (low, -9), (high, -9), (mean, -8)):
                item.setZValue(z)
                self.plot.addItem(item)
            self.band_items[curve.column] = (band, mean, low, high, fill)
        self._band_until = None
        self.cut_band(until)

    def cut_band(self, until: float | None) -> None:
        """Show the band only up to round ``until`` (None: all of it): the replications ran
        to the end, but the room must not see the live run's future."""
        if until is not None and until == self._band_until:
            return
        self._band_until = until
        for band, mean, low, high, _fill in self.band_items.values():
            n = len(band.rounds) if until is None else int(
                np.searchsorted(band.rounds, until, side="right"))
            x = band.rounds[:n].astype(float)
            low.setData(x, band.low[:n])
            high.setData(x, band.high[:n])
            mean.setData(x, band.mean[:n])


def _last_finite(values: np.ndarray) -> int | None:
    """The index of the last finite value, or None: looked for from the end, as a line's
    last value is nearly always finite (a search of the whole history, every frame for every
    labelled line, cost more than the rest of its update)."""
    if len(values) and np.isfinite(values[-1]):
        return len(values) - 1
    finite = np.flatnonzero(np.isfinite(values))
    return int(finite[-1]) if len(finite) else None


def add_event_marker(cards, event, scenario, lang: str) -> None:
    """An event of the run's log as a marker on every chart: labelled for a change made by
    the user or the guide, a thin grey line (text on hover) for an audit's verdict. The text
    is made once and shared by the charts, so a long log costs little."""
    if not cards:
        return
    theme = cards[0].theme
    parts = formatting.event_parts(event, scenario, lang)
    audit = event.who == "audit"
    colour = theme.reference if audit else theme.marker
    for card in cards:
        card.add_marker(event.round - 1, parts, colour, labelled=not audit, round_=event.round)
