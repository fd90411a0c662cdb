"""What an export draws, built afresh at the size and scale of the export, and drawn anywhere.

An export never grabs the widgets on screen: it builds its own charts (and loop diagram) from the
same declarations with the theme scaled by the export's factor, so a 4× PNG has 4× the pixels
*and* 4× the fonts, lines and legend text, laid out exactly as at 1× (pyqtgraph's own exporter
enlarges the scene instead, which leaves legends and fonts tiny). The figure is then drawn by
:func:`paint_figure` into any paint device: a QImage (PNG), a QSvgGenerator (SVG) or a
QPdfWriter (PDF); every part is a QGraphicsView painted with vector primitives, so SVG and PDF
get real paths and text. Item caches are switched off in export figures for the same reason.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, QPoint, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtWidgets import (
    QApplication,
    QGraphicsItem,
    QGraphicsView,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from ui import formatting
from ui.charts.legend_strip import LegendStrip, strip_entries
from ui.charts.marker_lane import key_entry, key_text, marks_of
from ui.charts.plot_card import FlowLegend, PlotCard, add_event_marker
from ui.charts.plot_model import chart_layout
from ui.theme import Theme

#: The sizes offered: a factor of the size on screen, or a 1920-px-wide slide.
SCALES = ("1x", "2x", "4x", "slide")
SLIDE_WIDTH = 1920
#: Slides are 16:9; their logical size sets how large text is once scaled to 1920 px wide.
SLIDE_LOGICAL = {"plot": (800, 450), "dashboard": (1120, 630), "diagram": (1440, 810)}
#: Sizes when nothing is on screen to copy (the command line): one chart, and per chart.
CARD_SIZE = (600, 400)
DIAGRAM_SHARE = 0.3  # of the figure's width, when the loop diagram is included
MARGIN = 8
EXPORT_POINTS = 2000  # a curve keeps every round up to this many, then a min and max per bin


def tr(text: str) -> str:
    return QCoreApplication.translate("", text)  # lupdate files bare tr() under ""


@dataclass
class FigureSource:
    """Everything a figure shows, independent of the window: a scenario, the charts chosen,
    the finished run(s) and the look.

    ``runs`` are Simulations or ``RunResult``s (anything with ``recorder``, ``events`` and
    ``manifest()``); the first is drawn, all of them go into CSV exports and manifests.
    ``decorate`` is called with the built cards and the source after the data is drawn: the
    hook for extra layers (a baseline, a replication band). ``diagram`` builds the loop
    diagram for a theme (``None``: no diagram available, e.g. on the command line).
    """

    scenario: Any
    runs: Sequence[Any]
    plot_ids: Sequence[str]
    columns: int = 2
    theme: Theme = field(default_factory=Theme)
    lang: str = "en"
    x_max: float | None = None
    decorate: Callable[[Sequence[PlotCard], FigureSource], None] | None = None
    diagram: Callable[[Theme], QGraphicsView] | None = None

    @property
    def run(self):
        return self.runs[0]

    def manifests(self) -> list[dict[str, Any]]:
        return [r.manifest() for r in self.runs]


@dataclass(frozen=True)
class FigureRequest:
    """Which part (``plot`` with its id, ``dashboard`` or ``diagram``: dashboard and loop
    diagram), at which ``scale`` (see SCALES), of which logical (1×) size, with or without
    the caption strip."""

    what: str = "dashboard"
    plot_id: str | None = None
    scale: str = "1x"
    size: tuple[int, int] | None = None
    caption: bool = False


def scale_factor(request: FigureRequest, logical: tuple[int, int]) -> float:
    if request.scale == "slide":
        return SLIDE_WIDTH / logical[0]
    try:
        return float(request.scale.rstrip("x×"))
    except ValueError:
        raise ValueError(f"unknown scale {request.scale!r}; one of {', '.join(SCALES)}") from None


def logical_size(source: FigureSource, request: FigureRequest) -> tuple[int, int]:
    """The figure's size at 1×: the slide frame, the size on screen, or a default grid."""
    if request.scale == "slide":
        return SLIDE_LOGICAL[request.what]
    if request.size is not None:
        return request.size
    if request.what == "plot":
        return CARD_SIZE
    n = len(source.plot_ids)
    columns = max(1, min(source.columns, n))
    rows = -(-n // columns)
    width, height = CARD_SIZE[0] * columns, CARD_SIZE[1] * rows
    if request.what == "diagram":
        width = round(width / (1 - DIAGRAM_SHARE))
    return width, height


def caption_text(source: FigureSource) -> str:
    """Scenario, seed, length of the run and the levers changed: the strip under a slide."""
    scenario, run, lang = source.scenario, source.run, source.lang
    manifest = run.manifest()
    unit = scenario.round_unit.get(lang)
    parts = [scenario.title.get(lang),
             tr("seed {seed}").format(seed=manifest["seed"]),
             formatting.count(manifest["rounds"], tr("{n} round ({unit})"),
                              tr("{n} rounds ({unit})"), unit=unit)]
    changes = [f"{label} = {value}" for label, value, _default in changed_params(source)]
    # Lever changes numbered as the charts' tags are, so the strip is their key.
    changes += [key_entry(mark) for mark in marks_of(run.events, scenario, lang)]
    text = " · ".join(parts)
    if changes:
        text += " · " + tr("changed: {changes}").format(changes="; ".join(changes))
    else:
        text += " · " + tr("scenario defaults, no lever pulled")
    return text


def changed_params(source: FigureSource) -> list[tuple[str, str, str]]:
    """(label, value, default) of every parameter the run started with that differs from the
    scenario's own value."""
    scenario, lang = source.scenario, source.lang
    defaults = scenario.schema.resolve(scenario.params)
    out = []
    for key, value in source.run.manifest()["params"].items():
        if key in defaults and defaults[key] != value and key in scenario.schema:
            param = scenario.schema.get(key)
            out.append((formatting.param_label(param, scenario, lang),
                        formatting.param_value(param, value, lang),
                        formatting.param_value(param, defaults[key], lang)))
    return out


class Figure(QWidget):
    """The export's layout, never shown on screen: loop diagram (optional), a grid of charts,
    a caption strip (optional), at the export's final pixel size."""

    def __init__(self, source: FigureSource, request: FigureRequest):
        super().__init__()
        self.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen)
        logical = logical_size(source, request)
        self.factor = scale_factor(request, logical)
        base = source.theme
        self.theme = replace(base, scale=base.scale * self.factor, antialias=True)
        theme = self.theme
        self.setStyleSheet(f"background: {theme.background};")
        column = QVBoxLayout(self)
        m = theme.px(MARGIN)
        column.setContentsMargins(m, m, m, m)
        column.setSpacing(theme.px(4))
        body = QHBoxLayout()
        body.setSpacing(theme.px(6))
        column.addLayout(body, 1)
        self.diagram = None
        if request.what == "diagram" and source.diagram is not None:
            self.diagram = source.diagram(theme)
            self.diagram.setMinimumSize(0, 0)
            body.addWidget(self.diagram, round(DIAGRAM_SHARE * 100))
        grid = QGridLayout()
        grid.setSpacing(theme.px(6))
        charts = QVBoxLayout()  # the legend strip (groups, comparisons), then the charts
        charts.setSpacing(0)
        self.strip = LegendStrip(theme)
        self.strip.setCacheMode(QGraphicsView.CacheModeFlag.CacheNone)
        charts.addWidget(self.strip)
        charts.addLayout(grid, 1)
        body.addLayout(charts, round((1 - DIAGRAM_SHARE) * 100))
        ids = [request.plot_id] if request.what == "plot" else list(source.plot_ids)
        columns = 1 if request.what == "plot" else max(1, min(source.columns, len(ids)))
        self.cards = build_cards(source, ids, theme)
        for i, card in enumerate(self.cards):
            card.setMinimumSize(0, 0)
            grid.addWidget(card, i // columns, i % columns)
        # The strip under the charts: the caption (which numbers the lever changes as the
        # charts' tags do), or without one, the key to the tags alone.
        strip = caption_text(source) if request.caption else key_text(
            marks_of(source.run.events, source.scenario, source.lang))
        self.caption = self._strip(strip) if strip else None
        if self.caption is not None:
            column.addWidget(self.caption)
        width, height = (round(v * self.factor) for v in logical)
        if request.caption and request.scale != "slide":
            # A slide is a fixed frame (1920×1080): its caption takes room from the charts;
            # any other size grows by the caption's height. A key alone stays inside.
            height += self.caption.heightForWidth(width - 2 * m) + column.spacing()
        self.resize(QSize(width, height))
        self.setFixedSize(width, height)
        self.show()  # never on screen (WA_DontShowOnScreen): lays everything out
        QApplication.processEvents()
        for card in self.cards:
            # Axes measure their tick labels when first painted, and only then make room.
            scratch = QImage(card.size(), QImage.Format.Format_ARGB32_Premultiplied)
            painter = QPainter(scratch)
            card.render(painter)
            painter.end()
            # pyqtgraph lets an axis title overlap its tick labels by a fifth of the title's
            # height, less a fixed 5 px: invisible on screen, touching at 4×. Make room.
            for side in ("left", "bottom"):
                axis = card.plot.getAxis(side)
                room = 0.25 * axis.label.boundingRect().height()
                if side == "left":
                    axis.setWidth(int(axis.maximumWidth() + room))
                else:
                    axis.setHeight(int(axis.maximumHeight() + room))
            # Legends rewrapped to their final width: fit their rows to them.
            for row, items in card.ci.rows.items():
                for item in items.values():
                    if isinstance(item, FlowLegend):
                        card.ci.layout.setRowFixedHeight(row, item.minimumHeight())
        QApplication.processEvents()
        fill_cards(source, self.cards)
        self.strip.set_entries(strip_entries(self.cards))  # what the cards now draw
        QApplication.processEvents()
        if self.diagram is not None:
            self.diagram.refresh()
            for dot in getattr(self.diagram, "dots", []):
                dot.setVisible(False)  # the running pulse is not part of a still picture
        QApplication.processEvents()

    def _strip(self, text: str) -> QLabel:
        """A strip of plain text under the charts: the caption, or the key to the tags."""
        theme = self.theme
        label = QLabel(text)
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setWordWrap(True)
        label.setFont(theme.font(theme.legend_px))
        label.setStyleSheet(f"color: {theme.muted}; border-top: {theme.px(1)}px solid "
                            f"{theme.border}; padding-top: {theme.px(4)}px;")
        return label

    def views(self) -> list[QGraphicsView]:
        strip = [self.strip] if self.strip.isVisibleTo(self) else []
        return ([self.diagram] if self.diagram is not None else []) + strip + list(self.cards)

    def dispose(self) -> None:
        self.hide()
        self.deleteLater()


def build_cards(source: FigureSource, plot_ids: Sequence[str], theme: Theme) -> list[PlotCard]:
    scenario, lang = source.scenario, source.lang
    metrics = {m.name: m for m in scenario.metrics()}
    plots = {p.id: p for p in scenario.plots()}
    x_label = tr("Round ({unit})").format(unit=scenario.round_unit.get(lang))
    previous = pg.getConfigOption("antialias")
    pg.setConfigOptions(antialias=True)  # curves read it when made; exports are smooth
    try:
        cards = []
        for pid in plot_ids:
            chart = chart_layout(plots[pid], metrics, scenario.group_ids,
                                 lambda g: scenario.group_label(g, lang), lang)
            card = PlotCard(chart, theme, x_label, cached=False)
            card.setBackground(QColor(theme.background))
            card.setCacheMode(QGraphicsView.CacheModeFlag.CacheNone)
            card.setRenderHints(QPainter.RenderHint.Antialiasing
                                | QPainter.RenderHint.TextAntialiasing)
            for side in ("left", "bottom"):
                axis = card.plot.getAxis(side)
                axis.setCacheMode(QGraphicsItem.CacheMode.NoCache)
                # pyqtgraph's spacings are fixed pixels: scale them with the type.
                axis.setStyle(tickTextOffset=theme.px(5 if side == "left" else 2),
                              tickLength=theme.px(5))
            for item in card.plot.items:  # reference lines: their labels scale too
                if isinstance(item, pg.InfiniteLine) and getattr(item, "label", None) is not None:
                    item.label.setFont(theme.font(theme.marker_px))
            cards.append(card)
    finally:
        pg.setConfigOptions(antialias=previous)
    return cards


def fill_cards(source: FigureSource, cards: Sequence[PlotCard]) -> None:
    """The run's curves and its lever markers, as the dashboard draws them."""
    run, scenario = source.run, source.scenario
    recorder = run.recorder
    x_max = source.x_max or float(max(scenario.rounds, len(recorder)))
    for card in cards:
        card.set_x_max(x_max)
        # Finer than on screen (an export is read up close), bounded for long runs.
        points = max(int(card.plot.vb.width()) * 2, EXPORT_POINTS)
        card.show_data(recorder.rounds, recorder.series, points)
    for event in run.events:
        add_event_marker(cards, event, scenario, source.lang)
    if source.decorate is not None:
        source.decorate(cards, source)


def paint_figure(figure: Figure, painter: QPainter) -> None:
    """Draw the whole figure with ``painter``, whose device is figure-sized (in its units)."""
    theme = figure.theme
    painter.fillRect(QRectF(0, 0, figure.width(), figure.height()), QColor(theme.background))
    for view in figure.views():
        corner = view.mapTo(figure, QPoint(0, 0))
        target = QRectF(corner.x(), corner.y(), view.width(), view.height())
        view.render(painter, target, view.viewport().rect())
    if figure.caption is not None:
        label = figure.caption
        rect = QRectF(label.geometry())
        painter.setPen(QColor(theme.border))
        painter.drawLine(rect.topLeft(), rect.topRight())
        painter.setPen(QColor(theme.muted))
        painter.setFont(label.font())
        inner = rect.adjusted(0, theme.px(4), 0, 0)
        painter.drawText(inner, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop
                                    | Qt.TextFlag.TextWordWrap), label.text())
