"""The loop diagram: world → data → model → decisions → outcomes → world, drawn large.

The stages stand in a column, top to bottom, and the last arrow runs back up the left side to
the first, so the loop reads in order and still closes. Beside each arrow: what happens there,
its live figures (a small table, one coloured column per group) and a badge for each bias,
lever or setting switched on there; the note of the returning arrow sits at the foot. While
the run plays, dots travel round the loop. A click on a stage, an arrow's note or a badge
brings the matching parameters up in the panel: this is the picture a facilitator points at,
and the way into the knobs. From the keyboard: Tab to the diagram, Up and Down choose a stage
(ringed in the focus colour), Enter brings its parameters up.

Geometry follows the widget's size in pixels (fonts stay at the theme's size): stage boxes
are as wide as their longest title and notes as wide as their widest table, whatever the
language; only if that cannot fit is the whole drawing scaled down, so no text is ever cut.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFontMetricsF,
    QPainter,
    QPainterPath,
    QPen,
    QPolygonF,
    QTextDocument,
)
from PySide6.QtWidgets import (
    QFrame,
    QGraphicsEllipseItem,
    QGraphicsObject,
    QGraphicsPathItem,
    QGraphicsPolygonItem,
    QGraphicsScene,
    QGraphicsTextItem,
    QGraphicsView,
)

from .diagram_model import (
    BIAS,
    LEVER,
    ArrowView,
    Badge,
    arrow_views,
    cycle_order,
    short_labels,
    stage_keys,
)
from .theme import Theme

MARGIN = 14
NOTE_GAP = 14
NODE_PADDING = 12  # either side of a stage's title, at zoom 1
FIGURE_MS = 200  # live figures: a few updates a second is all anyone can read
PULSE_MS = 33
PULSE_PERIOD_S = 4.0
PULSE_DOTS = 4
BADGE_FLAGS = Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap
BADGE_PADDING = 14  # a badge's width beyond its text


class StageNode(QGraphicsObject):
    clicked = Signal(str)

    def __init__(self, stage: str, title: str, theme: Theme):
        super().__init__()
        self.stage, self.title, self.theme = stage, title, theme
        self.rect = QRectF()
        self.selected = False  # chosen from the keyboard: drawn with the focus ring
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setZValue(10)

    def set_size(self, width: float, height: float) -> None:
        self.prepareGeometryChange()
        self.rect = QRectF(-width / 2, -height / 2, width, height)

    def boundingRect(self) -> QRectF:
        m = 2 + 2 * self.theme.px(4)
        return self.rect.adjusted(-m, -m, m, m)

    def paint(self, painter, option, widget=None) -> None:
        theme = self.theme
        painter.setPen(QPen(QColor(theme.foreground), 2.5))
        painter.setBrush(QColor(theme.background))
        painter.drawRoundedRect(self.rect, 12, 12)
        if self.selected:
            ring = theme.px(4)
            painter.setPen(QPen(QColor(theme.focus), ring))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(self.rect.adjusted(-ring, -ring, ring, ring), 14, 14)
            painter.setPen(QColor(theme.foreground))
        painter.setFont(theme.font(theme.stage_px, bold=True))
        painter.drawText(self.rect, Qt.AlignmentFlag.AlignCenter, self.title)

    def mousePressEvent(self, event) -> None:
        self.clicked.emit(self.stage)
        event.accept()


class BadgeItem(QGraphicsObject):
    """A bias (vermillion), lever (green) or setting (grey) in force at an arrow."""

    clicked = Signal(object)

    def __init__(self, key: str, text: str, kind: str, theme: Theme, max_width: float,
                 parent=None):
        super().__init__(parent)
        self.key, self.theme = key, theme
        self.edge, self.fill = {LEVER: (theme.lever, theme.lever_tint),
                                BIAS: (theme.bias, theme.bias_tint)}.get(
                                    kind, (theme.muted, theme.setting_tint))
        self.font = self.font_for(theme, kind)
        self.text = text
        self.setToolTip(text)
        bounds = QFontMetricsF(self.font).boundingRect(
            QRectF(0, 0, max_width - BADGE_PADDING, 1000), BADGE_FLAGS, text)
        self.rect = QRectF(0, 0, bounds.width() + BADGE_PADDING, bounds.height() + 6)
        self.setCursor(Qt.CursorShape.PointingHandCursor)

    @staticmethod
    def font_for(theme: Theme, kind: str):
        return theme.font(theme.small_px + 1, bold=kind == LEVER)

    def boundingRect(self) -> QRectF:
        return self.rect

    def paint(self, painter, option, widget=None) -> None:
        painter.setPen(QPen(QColor(self.edge), 1.5))
        painter.setBrush(QColor(self.fill))
        painter.drawRoundedRect(self.rect.adjusted(1, 1, -1, -1), 6, 6)
        painter.setFont(self.font)
        painter.setPen(QColor(self.edge))
        painter.drawText(self.rect, BADGE_FLAGS, self.text)

    def mousePressEvent(self, event) -> None:
        self.clicked.emit([self.key])
        event.accept()


class ArrowNote(QGraphicsObject):
    """What happens at an arrow: label, figures table, badges; a click focuses its knobs."""

    clicked = Signal(object)

    def __init__(self, theme: Theme):
        super().__init__()
        self.theme = theme
        self.text = QGraphicsTextItem(self)
        self.text.setFont(theme.font(theme.figure_px))
        self.text.setDefaultTextColor(QColor(theme.foreground))  # not the app's palette
        self.badges: list[BadgeItem] = []
        self._badges: tuple[Badge, ...] = ()  # what the badges say, until they are laid out
        self._laid_out: tuple | None = None  # (badges, width) of the badge items on show
        self.keys: tuple[str, ...] = ()
        self._rect = QRectF()
        self._measure = QTextDocument(self)  # reused: measuring runs on every frame
        self._measure.setDefaultFont(self.text.font())
        self._shape: tuple | None = None  # what the note's narrowest width depends on
        self._min_width = 0.0
        self.setCursor(Qt.CursorShape.PointingHandCursor)

    def show_view(self, view: ArrowView, group_labels: list[str]) -> None:
        """Show ``view``'s label and figures; :meth:`arrange` lays them out with its badges."""
        self.keys = view.keys
        text = self._html(view, group_labels)
        self.text.setHtml(text)
        self._badges = view.badges
        # The figures change every round but their columns have a fixed width: only the
        # texts around them and the badges change the narrowest width.
        shape = (view.label, tuple(r.label for r in view.figures), tuple(group_labels),
                 view.badges, self.theme.scale)
        if shape != self._shape:
            self._shape = shape
            self._measure.setHtml(text)
            self._measure.setTextWidth(1)
            words = [QFontMetricsF(BadgeItem.font_for(self.theme, b.kind))
                     .horizontalAdvance(word) + BADGE_PADDING + 8
                     for b in view.badges for word in b.text.split()]
            self._min_width = max([self._measure.size().width(), *words])

    def _html(self, view: ArrowView, group_labels: list[str]) -> str:
        theme = self.theme
        def colour(index: int) -> QColor:  # numbers in a group's colour, readable as text
            return QColor(theme.text_colour(theme.series_colour(index).name()))

        parts = [f'<div style="color:{theme.muted}; font-style:italic; '
                 f'font-size:{theme.css_px(theme.figure_px + 1)}">'
                 f"{html.escape(view.label)}</div>"]
        if view.figures:
            # Each metric's name on a row of its own and its values on the next, in columns
            # of one width under coloured group headings, the last column taking the slack:
            # names never squeeze numbers, and every note lines its numbers up the same way.
            columns = max(len(r.values) for r in view.figures)
            metrics = QFontMetricsF(theme.font(theme.figure_px, bold=True))
            width = round(max([metrics.horizontalAdvance(t) for t in group_labels]
                              + [metrics.horizontalAdvance("−000.00")]) + 14)
            cell = f'<td align="right" width="{width}"'
            rows = []
            if columns > 1:
                heads = "".join(f'{cell}><b style="color:{colour(i).name()}">'
                                f"{_unbroken(group_labels[i])}</b></td>"
                                for i in range(columns))
                rows.append(f"<tr>{heads}<td></td></tr>")
            for row in view.figures:
                rows.append(f'<tr><td colspan="{columns + 1}">{html.escape(row.label)}</td></tr>')
                cells = "".join(
                    f'{cell} style="color:{theme.foreground if c is None else colour(c).name()}">'
                    f"<b>{_unbroken(text)}</b></td>" for c, text in row.values)
                rows.append(f"<tr>{cells}<td></td></tr>")
            parts.append(f'<table width="100%" cellspacing="0" cellpadding="1" style="'
                         f'font-size:{theme.css_px(theme.figure_px)}">{"".join(rows)}</table>')
        return "".join(parts)

    def arrange(self, width: float) -> None:
        """Wrap the text to ``width`` and flow the badges, wrapped to fit it, under it. The
        badge items are made again only when the badges or the width change (this runs on
        every frame of a run)."""
        self.prepareGeometryChange()
        if self._laid_out != (self._badges, width):
            self._laid_out = (self._badges, width)
            for badge in self.badges:
                self.scene().removeItem(badge)
                badge.deleteLater()
            self.badges = []
            for b in self._badges:
                item = BadgeItem(b.key, b.text, b.kind, self.theme, width - 8, self)
                item.clicked.connect(self.clicked)
                self.badges.append(item)
        self.text.setTextWidth(width)
        y = self.text.boundingRect().height() + 2
        x = 4.0
        line_h = 0.0
        for badge in self.badges:
            w, h = badge.rect.width(), badge.rect.height()
            if x > 4 and x + w > width:
                x, y = 4.0, y + line_h + 4
            badge.setPos(x, y)
            x += w + 6
            line_h = max(line_h, h)
        self._rect = QRectF(0, 0, width, y + line_h)

    def min_width(self) -> float:
        """The narrowest the note can be without its table, a word or a badge's word running
        out of it."""
        return self._min_width

    def boundingRect(self) -> QRectF:
        return self._rect

    def paint(self, painter, option, widget=None) -> None:
        pass

    def mousePressEvent(self, event) -> None:
        self.clicked.emit(list(self.keys))
        event.accept()


def _unbroken(text: str) -> str:
    """HTML for ``text`` that never wraps (Qt's table layout ignores ``nowrap``)."""
    return html.escape(text).replace(" ", "&nbsp;")


class LoopDiagram(QGraphicsView):
    stage_clicked = Signal(str)
    keys_clicked = Signal(object)

    def __init__(self, session, theme: Theme, lang: str = "en", parent=None):
        super().__init__(parent)
        self.session, self.theme, self.lang = session, theme, lang
        self.setScene(QGraphicsScene(self))
        self.setRenderHints(QPainter.RenderHint.Antialiasing
                            | QPainter.RenderHint.TextAntialiasing)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setMinimumHeight(220)
        self.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.selected = 0  # the stage Up/Down have chosen
        self.order: list[str] = []
        self.nodes: list[StageNode] = []
        self.lines: list[QGraphicsPathItem] = []
        self.heads: list[QGraphicsPolygonItem] = []
        self.notes: list[ArrowNote] = []
        self.dots: list[QGraphicsEllipseItem] = []
        self.views: list[ArrowView] = []
        self._pulse = 0.0
        self._path = QPainterPath()
        self._shown_round = -1
        self._figures = QTimer(self)
        self._figures.setInterval(FIGURE_MS)
        self._figures.timeout.connect(self._refresh_if_new)
        self._figures.start()
        self._pulse_timer = QTimer(self)
        self._pulse_timer.setInterval(PULSE_MS)
        self._pulse_timer.timeout.connect(self._advance_pulse)
        session.running_changed.connect(self.set_running)
        session.params_changed.connect(self.refresh)
        session.reset_done.connect(self.refresh)

    def stage_title(self, stage: str) -> str:
        """A stage's name; what happens there is the kind's to say, on the arrows."""
        titles = {"world": self.tr("World"), "data": self.tr("Data"), "model": self.tr("Model"),
                  "decisions": self.tr("Decisions"), "outcomes": self.tr("Outcomes")}
        return titles.get(stage, stage.capitalize())

    @property
    def arrows(self):
        return self.session.scenario.diagram()

    # --- building ----------------------------------------------------------------------

    def rebuild(self) -> None:
        scene = self.scene()
        scene.clear()
        self.setBackgroundBrush(QColor(self.theme.background))
        self.setAccessibleName(self.tr("Loop diagram"))
        arrows = self.arrows
        self.order = cycle_order(arrows)
        self.nodes = []
        for stage in self.order:
            node = StageNode(stage, self.stage_title(stage), self.theme)
            node.setToolTip(self.tr("Click to show the parameters that act here"))
            node.clicked.connect(self.stage_clicked)
            scene.addItem(node)
            self.nodes.append(node)
        pen = QPen(QColor(self.theme.foreground), 3)
        pen.setCapStyle(Qt.PenCapStyle.FlatCap)
        self.lines = [scene.addPath(QPainterPath(), pen) for _ in arrows]
        self.heads = [scene.addPolygon(QPolygonF(), QPen(Qt.PenStyle.NoPen),
                                       QBrush(QColor(self.theme.foreground))) for _ in arrows]
        self.notes = []
        for _ in arrows:
            note = ArrowNote(self.theme)
            note.clicked.connect(self.keys_clicked)
            scene.addItem(note)
            self.notes.append(note)
        self.dots = []
        for _ in range(PULSE_DOTS):
            dot = QGraphicsEllipseItem(-7, -7, 14, 14)
            dot.setBrush(QColor(self.theme.pulse))
            dot.setPen(QPen(QColor(self.theme.foreground), 1))
            dot.setZValue(5)
            dot.setVisible(self.session.running)
            scene.addItem(dot)
            self.dots.append(dot)
        self._show_selection()
        self.refresh()

    # --- content -----------------------------------------------------------------------

    def _refresh_if_new(self) -> None:
        if self.session.sim.round != self._shown_round:
            self.refresh()

    def refresh(self) -> None:
        """Recompute figures and badges from the run, and lay the drawing out again."""
        if not self.notes:
            return
        sim, scenario = self.session.sim, self.session.scenario
        self._shown_round = sim.round
        metrics = {m.name: m for m in scenario.metrics()}
        self.views = arrow_views(scenario, self.arrows, metrics, self.session.value,
                                 sim.recorder.last(), self.lang, self.tr("gap to the truth"))
        self._layout()

    # --- keyboard ------------------------------------------------------------------------

    def _show_selection(self) -> None:
        self.selected %= max(len(self.nodes), 1)
        for i, node in enumerate(self.nodes):
            node.selected = self.hasFocus() and i == self.selected
            node.update()
        if self.nodes:
            node = self.nodes[self.selected]
            self.setAccessibleDescription(self.tr(
                "Stage {stage}: press Enter to show the parameters that act here; Up and "
                "Down choose another stage").format(stage=node.title))

    def keyPressEvent(self, event) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_Left) and self.nodes:
            self.selected += -1 if key in (Qt.Key.Key_Up, Qt.Key.Key_Left) else 1
            self._show_selection()
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.nodes:
            self.stage_clicked.emit(self.nodes[self.selected % len(self.nodes)].stage)
        else:
            super().keyPressEvent(event)

    def focusInEvent(self, event) -> None:
        super().focusInEvent(event)
        self._show_selection()

    def focusOutEvent(self, event) -> None:
        super().focusOutEvent(event)
        self._show_selection()

    def focus_keys_for(self, stage: str) -> list[str]:
        return stage_keys(stage, self.arrows, self.session.scenario.schema)

    # --- geometry ----------------------------------------------------------------------

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._layout()

    def _layout(self) -> None:
        if not self.notes or not self.views:
            return
        theme = self.theme
        height = self.viewport().height()
        n = len(self.order)
        title_font = QFontMetricsF(theme.font(theme.stage_px, bold=True))
        widest_title = max(title_font.horizontalAdvance(node.title) for node in self.nodes)
        node_w = max(min(theme.px(150), self.viewport().width() * 0.34),
                     widest_title + 2 * theme.px(NODE_PADDING))
        node_h = theme.px(50)
        x_back = MARGIN + 4
        x_mid = x_back + theme.px(28) + node_w / 2
        note_x = x_mid + node_w / 2 + NOTE_GAP
        scenario = self.session.scenario
        labels = short_labels([scenario.group_label(g, self.lang) for g in scenario.group_ids])
        position = {stage: i for i, stage in enumerate(self.order)}
        # A note's width: what is left beside the stages, but never less than its table and
        # its longest word need; if that is more than the widget has, the drawing is widened
        # and then scaled down as a whole.
        forward, back, lefts = [], None, []
        for i, view in enumerate(self.views):
            a, b = position[view.source], position[view.target]
            if b == a + 1:
                forward.append((i, a, b))
                lefts.append(note_x)
            else:
                back = (i, a, b)
                lefts.append(x_back)
            self.notes[i].show_view(view, labels)
        width = max([float(self.viewport().width())]
                    + [left + note.min_width() + MARGIN
                       for left, note in zip(lefts, self.notes, strict=True)])
        for left, note in zip(lefts, self.notes, strict=True):
            note.arrange(max(width - left - MARGIN, 160))
        back_h = self.notes[back[0]].boundingRect().height() if back else 0.0
        y_first = MARGIN + node_h / 2
        y_last = max(height - MARGIN - back_h - NOTE_GAP - node_h / 2,
                     y_first + (n - 1) * (node_h + 2 * NOTE_GAP))
        ys = [y_first + i * (y_last - y_first) / max(n - 1, 1) for i in range(n)]
        for node, y in zip(self.nodes, ys, strict=True):
            node.set_size(node_w, node_h)
            node.setPos(x_mid, y)
        bottom = 0.0  # notes sit beside their arrow, pushed down so that none overlap
        for i, a, b in forward:
            note_h = self.notes[i].boundingRect().height()
            top = max((ys[a] + ys[b]) / 2 - note_h / 2, bottom + NOTE_GAP / 2, MARGIN)
            self.notes[i].setPos(note_x, top)
            bottom = top + note_h
            self._draw_arrow(i, [QPointF(x_mid, ys[a] + node_h / 2),
                                 QPointF(x_mid, ys[b] - node_h / 2)])
        path = QPainterPath(QPointF(x_mid, ys[0]))
        path.lineTo(QPointF(x_mid, ys[-1]))
        if back is not None:
            i, a, b = back
            corners = [QPointF(x_mid - node_w / 2, ys[a]), QPointF(x_back, ys[a]),
                       QPointF(x_back, ys[b]), QPointF(x_mid - node_w / 2, ys[b])]
            self._draw_arrow(i, corners)
            for point in corners[1:3]:
                path.lineTo(point)
            top = max(ys[a] + node_h / 2 + NOTE_GAP, bottom + NOTE_GAP / 2)
            self.notes[i].setPos(x_back, top)
            bottom = top + back_h
        path.lineTo(QPointF(x_mid, ys[0]))
        self._path = path
        self._place_dots()
        needed = bottom + MARGIN
        self.scene().setSceneRect(QRectF(0, 0, width, max(height, needed)))
        if needed > height or width > self.viewport().width():
            self.fitInView(self.scene().sceneRect(), Qt.AspectRatioMode.KeepAspectRatio)
        else:
            self.resetTransform()

    def _draw_arrow(self, index: int, points: list[QPointF]) -> None:
        """A polyline ending in an arrowhead at its last point."""
        size = self.theme.px(14)
        end, before = points[-1], points[-2]
        direction = end - before
        length = max((direction.x() ** 2 + direction.y() ** 2) ** 0.5, 1e-6)
        ux, uy = direction.x() / length, direction.y() / length
        base = QPointF(end.x() - ux * size, end.y() - uy * size)
        path = QPainterPath(points[0])
        for p in points[1:-1]:
            path.lineTo(p)
        path.lineTo(base)
        self.lines[index].setPath(path)
        normal = QPointF(-uy * size * 0.55, ux * size * 0.55)
        self.heads[index].setPolygon(QPolygonF([end, base + normal, base - normal]))

    # --- animation ---------------------------------------------------------------------

    def set_running(self, running: bool) -> None:
        for dot in self.dots:
            dot.setVisible(running)
        if running:
            self._pulse_timer.start()
        else:
            self._pulse_timer.stop()

    def _advance_pulse(self) -> None:
        self._pulse = (self._pulse + PULSE_MS / 1000 / PULSE_PERIOD_S) % 1.0
        self._place_dots()

    def _place_dots(self) -> None:
        if self._path.isEmpty():
            return
        for k, dot in enumerate(self.dots):
            dot.setPos(self._path.pointAtPercent((self._pulse + k / PULSE_DOTS) % 1.0))
