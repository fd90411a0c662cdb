"""The loop diagram: the loop drawn as a ring, world → data → model → decisions → outcomes →
world, in the kind's own words (a generative loop goes real world → training data → model →
generated content → published pool).

Each stage is a box on the ring with, under it, the live figure of the arrow that leads into it
(one coloured number per group, numbered like its arrow). Each arrow is a band along the ring,
split into one strip per group as wide as the group's share of what flows there, so the room
sees a minority's share of the data thin out round the loop. The biases and levers switched on
at an arrow sit on its band as marks (a vermillion diamond for a bias, a green disc for a
lever, a grey square for a setting); the notes under the ring say, per numbered arrow, what
happens there, every figure in a table, and each mark in words. While the run plays, dots go
round the ring (View ▸ Reduce motion stops them). A click on a stage, a note, a mark or a badge
brings the matching parameters up in the panel; from the keyboard: Tab to the diagram, arrow
keys choose a stage (ringed in the focus colour), Enter brings its parameters up.

Geometry is worked out (``ring_geometry``) only when the pane's size, the theme or what is
shown changes (a badge switched on, a figure growing a digit); a new round only rewrites the
figures and reshapes the strips. Fonts keep the theme's size: figures are at least 1.25 × the
charts' axis numbers; if the drawing cannot fit, it is scaled down as a whole.
"""

from __future__ import annotations

import html
import math

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
    QGraphicsPolygonItem,
    QGraphicsScene,
    QGraphicsTextItem,
    QGraphicsView,
)

from ui.diagram import ring_geometry as ring
from ui.diagram.diagram_model import (
    BIAS,
    LEVER,
    ArrowView,
    Badge,
    arrow_views,
    cycle_order,
    short_labels,
    stage_keys,
)
from ui.theme import Theme

MARGIN = 14
NOTE_GAP = 14
NODE_PADDING = 12  # either side of a stage's title, at zoom 1
FIGURE_MS = 200  # live figures: a few updates a second is all anyone can read
PULSE_MS = 33
PULSE_PERIOD_S = 4.0
PULSE_DOTS = 4
BADGE_FLAGS = Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap
BADGE_PADDING = 14  # a badge's width beyond its text
FIGURES_OVER_TICKS = 1.25  # the diagram's figures against the charts' axis numbers
TITLE_WIDTH = 120  # a stage title longer than this (at zoom 1) goes on two lines
BAND_PX = 16  # an arrow's band, all groups together
MARK_PX = 15  # a bias, lever or setting on a band
NOTE_LEVELS = 3  # notes in full, brief, hidden
RING_TALL = 0.7  # the ring is at least this tall for its width, before notes get room
RING_TALLEST = 1.5  # and at most this tall, however much room there is
RING_ROUND = 0.8  # the ring's height at least this share of its width, stations aside


def figure_px(theme: Theme) -> float:
    """The size the diagram's figures are drawn at (before zoom): never smaller than the
    charts' axis numbers × :data:`FIGURES_OVER_TICKS`, so the diagram reads from as far."""
    return max(theme.figure_px, theme.tick_px * FIGURES_OVER_TICKS)


def split_title(title: str, metrics: QFontMetricsF, width: float) -> str:
    """``title``, on two lines broken at the space that makes the wider line narrowest when
    it is wider than ``width``; never broken inside a word."""
    words = title.split()
    if metrics.horizontalAdvance(title) <= width or len(words) < 2:
        return title
    options = [(" ".join(words[:i]), " ".join(words[i:])) for i in range(1, len(words))]
    first, second = min(options, key=lambda o: max(metrics.horizontalAdvance(t) for t in o))
    return f"{first}\n{second}"


class StageNode(QGraphicsObject):
    clicked = Signal(str)

    def __init__(self, stage: str, title: str, theme: Theme):
        super().__init__()
        self.stage, self.title, self.theme = stage, title, theme
        metrics = QFontMetricsF(self.font_for(theme))
        self.shown = split_title(title, metrics, theme.px(TITLE_WIDTH))  # the drawn lines
        lines = self.shown.split("\n")
        self.text_size = (max(metrics.horizontalAdvance(t) for t in lines),
                          metrics.lineSpacing() * len(lines))
        self.rect = QRectF()
        self.selected = False  # chosen from the keyboard: drawn with the focus ring
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setZValue(10)

    @staticmethod
    def font_for(theme: Theme):
        return theme.font(figure_px(theme) + 2, bold=True)

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
        painter.setFont(self.font_for(theme))
        painter.drawText(self.rect, Qt.AlignmentFlag.AlignCenter, self.shown)

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

    def __init__(self, theme: Theme, number: int):
        super().__init__()
        self.theme, self.number = theme, number  # numbered like its arrow's figure on the ring
        self.text = QGraphicsTextItem(self)
        self.text.setFont(theme.font(figure_px(theme)))
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
        self._html_shown = ""
        self._arranged: tuple | None = None  # (text, badges, width) as laid out last
        self.setCursor(Qt.CursorShape.PointingHandCursor)

    def show_view(self, view: ArrowView, group_labels: list[str], brief: bool = False) -> None:
        """Show ``view``'s label and figures (``brief``: only the name of the figure on the
        ring, when the pane is short of room); :meth:`arrange` lays them out with its
        badges."""
        self.keys = view.keys
        text = self._html(view, group_labels, brief)
        if text != self._html_shown:  # a note often says the same for many rounds (brief)
            self._html_shown = text
            self.text.setHtml(text)
        self._badges = view.badges
        # The figures change every round but their columns have a fixed width: only the
        # texts around them and the badges change the narrowest width.
        shape = (view.label, tuple(r.label for r in view.figures), tuple(group_labels),
                 view.badges, self.theme.scale, brief)
        if shape != self._shape:
            self._shape = shape
            self._measure.setHtml(text)
            self._measure.setTextWidth(1)
            words = [QFontMetricsF(BadgeItem.font_for(self.theme, b.kind))
                     .horizontalAdvance(word) + BADGE_PADDING + 8
                     for b in view.badges for word in b.text.split()]
            self._min_width = max([self._measure.size().width(), *words])

    def _html(self, view: ArrowView, group_labels: list[str], brief: bool) -> str:
        theme = self.theme
        def colour(index: int) -> QColor:  # numbers in a group's colour, readable as text
            return QColor(theme.text_colour(theme.series_colour(index).name()))

        size = figure_px(theme)
        parts = [f'<div style="color:{theme.muted}; font-style:italic; '
                 f'font-size:{theme.css_px(size)}"><b style="color:{theme.foreground}">'
                 f"{self.number}</b>&nbsp;&nbsp;{html.escape(view.label)}</div>"]
        if brief and view.headline is not None:
            parts.append(f'<div style="font-size:{theme.css_px(size)}">'
                         f"{html.escape(view.headline.label)}</div>")
        elif view.figures:
            # Each metric's name on a row of its own and its values on the next, in columns
            # of one width under coloured group headings, the last column taking the slack:
            # names never squeeze numbers, and every note lines its numbers up the same way.
            columns = max(len(r.values) for r in view.figures)
            metrics = QFontMetricsF(theme.font(size, bold=True))
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
                         f'font-size:{theme.css_px(size)}">{"".join(rows)}</table>')
        return "".join(parts)

    def arrange(self, width: float) -> None:
        """Wrap the text to ``width`` and flow the badges, wrapped to fit it, under it. The
        badge items are made again only when the badges or the width change, and nothing is
        laid out or repainted when the text is the same too (this runs on every refresh of a
        run's figures)."""
        arranged = (self._html_shown, self._badges, width)
        if arranged == self._arranged:
            return
        self._arranged = arranged
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


class FlowTag(QGraphicsObject):
    """The live figure of an arrow, under the stage it leads to: the arrow's number, then
    one number per group in the group's colour. Its columns only ever widen (a new digit),
    so a new round repaints it without moving anything."""

    clicked = Signal(object)

    def __init__(self, theme: Theme, number: int):
        super().__init__()
        self.theme, self.number = theme, number
        self.font = theme.font(figure_px(theme), bold=True)
        self.metrics = QFontMetricsF(self.font)
        self.values: tuple[tuple[int | None, str], ...] = ()
        self.widths: list[float] = []
        self.highlighted = False  # the scenario's headline figure: ringed
        self.keys: tuple[str, ...] = ()
        self.rect = QRectF()
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setZValue(9)

    def show_view(self, view: ArrowView, row=None) -> bool:
        """Show the values of ``row`` (the highlighted figure; else ``view``'s first) and
        every figure in the tooltip; True when a column had to widen (a layout is due)."""
        shown = (self.highlighted, self.values)
        self.highlighted = row is not None
        row = row or view.headline
        self.values, self.keys = (row.values if row is not None else ()), view.keys
        self.setToolTip(plain_tooltip("\n".join([f"{self.number}. {view.label}"] + [
            f"{r.label}: " + "  ".join(text for _, text in r.values) for r in view.figures])))
        needed = [self.metrics.horizontalAdvance(text) for _, text in self.values]
        grown = len(needed) != len(self.widths) or any(
            n > w for n, w in zip(needed, self.widths, strict=True))
        if grown:
            self.widths = [max(n, w) for n, w in zip(needed, self.widths + [0.0] * len(needed),
                                                     strict=False)]
        if grown or shown != (self.highlighted, self.values):  # same figures: no repaint
            self.update()
        return grown

    def size(self) -> tuple[float, float]:
        pad, gap = self.theme.px(6), self.theme.px(10)
        badge = self.metrics.height()
        width = pad * 2 + badge + sum(w + gap for w in self.widths)
        return width, self.metrics.height() + 2 * self.theme.px(3)

    def set_rect(self, rect: QRectF) -> None:
        self.prepareGeometryChange()
        self.rect = rect

    def boundingRect(self) -> QRectF:
        return self.rect

    def paint(self, painter, option, widget=None) -> None:
        theme = self.theme
        painter.setPen(QPen(QColor(theme.focus), theme.px(3)) if self.highlighted
                       else QPen(QColor(theme.border), 1))
        painter.setBrush(QColor(theme.background))
        painter.drawRoundedRect(self.rect, 6, 6)
        pad, gap = theme.px(6), theme.px(10)
        d = self.metrics.height()
        circle = QRectF(self.rect.left() + pad, self.rect.center().y() - d * 0.45, d * 0.9,
                        d * 0.9)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(theme.muted))
        painter.drawEllipse(circle)
        painter.setFont(theme.font(figure_px(theme) * 0.7, bold=True))
        painter.setPen(QColor(theme.background))
        painter.drawText(circle, Qt.AlignmentFlag.AlignCenter, str(self.number))
        painter.setFont(self.font)
        x = self.rect.left() + pad + d + gap
        for (group, text), width in zip(self.values, self.widths, strict=False):
            colour = (theme.foreground if group is None
                      else theme.text_colour(theme.series_colour(group).name()))
            painter.setPen(QColor(colour))
            painter.drawText(QRectF(x, self.rect.top(), width, self.rect.height()),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, text)
            x += width + gap

    def mousePressEvent(self, event) -> None:
        self.clicked.emit(list(self.keys))
        event.accept()


class BadgeMark(QGraphicsObject):
    """A bias, lever or setting drawn on the band of the arrow where it acts; its words are
    in the tooltip and in the arrow's note."""

    clicked = Signal(object)

    def __init__(self, badge: Badge, theme: Theme):
        super().__init__()
        self.key, self.kind = badge.key, badge.kind
        self.theme = theme
        self.setToolTip(plain_tooltip(badge.text))
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setZValue(8)

    def boundingRect(self) -> QRectF:
        r = self.theme.px(MARK_PX) / 2 + 2
        return QRectF(-r, -r, 2 * r, 2 * r)

    def paint(self, painter, option, widget=None) -> None:
        theme = self.theme
        r = theme.px(MARK_PX) / 2
        colour = {LEVER: theme.lever, BIAS: theme.bias}.get(self.kind, theme.muted)
        painter.setPen(QPen(QColor(theme.background), 1.5))
        painter.setBrush(QColor(colour))
        if self.kind == BIAS:  # a diamond: a triangle would read as an arrowhead
            painter.drawPolygon(QPolygonF([QPointF(0, -r), QPointF(r, 0), QPointF(0, r),
                                           QPointF(-r, 0)]))
        elif self.kind == LEVER:
            painter.drawEllipse(QPointF(0, 0), r, r)
        else:
            painter.drawRect(QRectF(-r * 0.8, -r * 0.8, r * 1.6, r * 1.6))

    def mousePressEvent(self, event) -> None:
        self.clicked.emit([self.key])
        event.accept()


def plain_tooltip(text: str) -> str:
    """A tooltip that shows ``text`` (labels from a scenario file) as it is, never as markup
    (Qt guesses that a tooltip starting with a tag is rich text)."""
    return "<p style='white-space:pre'>" + html.escape(text).replace("\n", "<br>") + "</p>"


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
        self.selected = 0  # the stage the arrow keys have chosen
        self.reduced_motion = False  # View ▸ Reduce motion: no dots going round
        self.order: list[str] = []
        self.nodes: list[StageNode] = []
        self.tags: list[FlowTag] = []
        self.strips: list[list[QGraphicsPolygonItem]] = []  # per arrow, one per group
        self.heads: list[QGraphicsPolygonItem] = []
        self.marks: list[BadgeMark] = []
        self.notes: list[ArrowNote] = []
        self.dots: list[QGraphicsEllipseItem] = []
        self.views: list[ArrowView] = []
        self._arcs: list[list[tuple[float, float, float, float]]] = []  # each arrow's curve
        self._shape: tuple | None = None  # what the layout depends on besides the size
        self._note_level = 0  # how much the notes say: see _arrange_notes
        self.headline: str | None = None  # a metric to show ringed where its arrow is
        self._pulse = 0.0
        self._path = QPainterPath()
        self._shown_round: tuple[int, int | None] | None = None
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
        """A stage's name in the kind's words ("Generated content", "Patrols")."""
        label = self.session.scenario.stage_labels().get(stage)
        return label.get(self.lang) if label is not None else stage.capitalize()

    @property
    def arrows(self):
        return self.session.scenario.diagram()

    # --- building ----------------------------------------------------------------------

    def rebuild(self) -> None:
        scene = self.scene()
        scene.clear()
        self.setBackgroundBrush(QColor(self.theme.background))
        self.setAccessibleName(self.tr("Loop diagram"))
        theme = self.theme
        arrows = self.arrows
        self.order = cycle_order(arrows)
        self.nodes = []
        for stage in self.order:
            node = StageNode(stage, self.stage_title(stage), theme)
            node.setToolTip(self.tr("Click to show the parameters that act here"))
            node.clicked.connect(self.stage_clicked)
            scene.addItem(node)
            self.nodes.append(node)
        groups = len(self.session.scenario.group_ids)
        self.strips, self.heads, self.tags, self.notes = [], [], [], []
        for number, _ in enumerate(arrows, start=1):
            self.strips.append([scene.addPolygon(QPolygonF(), QPen(Qt.PenStyle.NoPen),
                                                 QBrush(theme.series_colour(g)))
                                for g in range(groups)])
            self.heads.append(scene.addPolygon(QPolygonF(), QPen(Qt.PenStyle.NoPen),
                                               QBrush(QColor(theme.foreground))))
            tag = FlowTag(theme, number)
            tag.clicked.connect(self.keys_clicked)
            scene.addItem(tag)
            self.tags.append(tag)
            note = ArrowNote(theme, number)
            note.clicked.connect(self.keys_clicked)
            scene.addItem(note)
            self.notes.append(note)
        self.marks = []
        self.dots = []
        for _ in range(PULSE_DOTS):
            dot = QGraphicsEllipseItem(-7, -7, 14, 14)
            dot.setBrush(QColor(theme.pulse))
            dot.setPen(QPen(QColor(theme.foreground), 1))
            dot.setZValue(7)
            scene.addItem(dot)
            self.dots.append(dot)
        self._shape = None
        self.set_running(self.session.running)
        self._show_selection()
        self.refresh()

    # --- content -----------------------------------------------------------------------

    def _refresh_if_new(self) -> None:
        if (self.session.sim.round, self.session.viewing) != self._shown_round:
            self.refresh()

    def refresh(self) -> None:
        """Recompute figures and badges from the run; lay the drawing out again only if
        what it shows changed shape (a badge, a wider figure), else just repaint it."""
        if not self.notes:
            return
        sim, scenario = self.session.sim, self.session.scenario
        viewing = self.session.viewing  # the timeline's round, else the live one
        self._shown_round = (sim.round, viewing)
        row = sim.recorder.last() if viewing is None else sim.recorder.row_at(viewing)[1]
        metrics = {m.name: m for m in scenario.metrics()}
        self.views = arrow_views(scenario, self.arrows, metrics, self.session.value,
                                 row, self.lang, self.tr("gap to the truth"))
        labels = self._group_labels()
        grown = False
        for view, tag, note in zip(self.views, self.tags, self.notes, strict=True):
            grown |= tag.show_view(view, view.row_for(self.headline))
            note.show_view(view, labels, brief=self._note_level > 0)
        shape = (tuple(v.badges for v in self.views), self.theme.scale)
        if grown or shape != self._shape:
            self._shape = shape
            self._layout()
        else:
            for note in self.notes:
                note.arrange(note.text.textWidth())
            self._draw_bands()

    def _group_labels(self) -> list[str]:
        scenario = self.session.scenario
        return short_labels([scenario.group_label(g, self.lang) for g in scenario.group_ids])

    def set_headline(self, metric: str | None) -> None:
        """Ring ``metric`` (the one gap a scenario's loop grows) on the ring, in place of its
        arrow's first figure; None shows every arrow's first figure again."""
        self.headline = metric
        self._shape = None
        self.refresh()

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
        back = (Qt.Key.Key_Up, Qt.Key.Key_Left)
        if key in (*back, Qt.Key.Key_Down, Qt.Key.Key_Right) and self.nodes:
            self.selected += -1 if key in back else 1
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
        """Stations (a stage and the figure that leads into it) round an ellipse as large as
        the pane allows above the notes, the bands between them, the notes underneath."""
        if not self.notes or not self.views:
            return
        theme = self.theme
        width, height = float(self.viewport().width()), float(self.viewport().height())
        position = {stage: i for i, stage in enumerate(self.order)}
        incoming = {position[v.target]: i for i, v in enumerate(self.views)}
        band = theme.px(BAND_PX)
        pad = theme.px(NODE_PADDING)
        # Stations: each stage's box with its incoming arrow's figure under it.
        boxes = []
        for i, node in enumerate(self.nodes):
            text_w, text_h = node.text_size
            tag_w, tag_h = self.tags[incoming[i]].size() if i in incoming else (0.0, 0.0)
            node.set_size(text_w + 2 * pad, text_h + pad)
            boxes.append((max(text_w + 2 * pad, tag_w), text_h + pad + tag_h + 2))
        angles = ring.stage_angles(len(self.nodes))
        # The ring comes first; the notes under it say less, or nothing, if that is what it
        # takes for the figures to keep their size: full tables, then the names of the
        # figures on the ring, then no notes (each mark and figure says what it is on hover).
        edge = theme.px(4)
        width = max(width, max(w for w, _ in boxes) + 2 * (edge + MARGIN))
        ring_w = width - 2 * MARGIN
        rx, xs = ring.station_xs(angles, boxes, ring_w, edge)
        ring_min = max(ring.ring_height(angles, boxes, xs, rx * RING_ROUND, band, edge),
                       ring_w * RING_TALL)
        for level in range(NOTE_LEVELS):
            notes_h, notes_w = self._arrange_notes(level, width)
            if ring_min + notes_h + 2 * MARGIN <= height:
                break
        width = max(width, notes_w)
        ring_w = width - 2 * MARGIN
        rx, xs = ring.station_xs(angles, boxes, ring_w, edge)
        ring_h = max(ring.ring_height(angles, boxes, xs, rx * RING_ROUND, band, edge),
                     min(height - 2 * MARGIN - notes_h, ring_w * RING_TALLEST))
        ry = ring.vertical_radius(angles, boxes, ring_h, edge)
        cx, cy = MARGIN + ring_w / 2, MARGIN + ring_h / 2
        stations = []
        for i, (node, a, (bw, bh)) in enumerate(zip(self.nodes, angles, boxes, strict=True)):
            x, y = MARGIN + xs[i], cy + ry * math.sin(a)
            stations.append(ring.Box(x, y, bw, bh))
            node_h = node.rect.height()
            node.setPos(x, y - bh / 2 + node_h / 2)
            if i in incoming:
                tag = self.tags[incoming[i]]
                tw, th = tag.size()
                tag.set_rect(QRectF(-tw / 2, -th / 2, tw, th))
                tag.setPos(x, y - bh / 2 + node_h + 2 + th / 2)
        self._arcs = []
        path = QPainterPath()  # the dots' round: through every arrow, in order
        for view in self.views:
            a, b = position[view.source], position[view.target]
            start, end = angles[a], angles[b]
            while end <= start:
                end += 2 * math.pi
            middle = (start + end) / 2
            bulge = (cx + rx * math.cos(middle), cy + ry * math.sin(middle))
            ends = ((stations[a].cx, stations[a].cy), (stations[b].cx, stations[b].cy))
            self._arcs.append(ring.connector(*ends, bulge, (stations[a], stations[b]),
                                             theme.px(6)))
            for x, y, _, _ in ring.connector(*ends, bulge, (), 0):
                if path.elementCount() == 0:
                    path.moveTo(x, y)
                else:
                    path.lineTo(x, y)
        self._path = path
        self._place_marks()
        self._draw_bands()
        self._place_dots()
        top = MARGIN + ring_h
        for note in self.notes:
            if note.isVisible():
                note.setPos(MARGIN, top + NOTE_GAP / 2)
                top += note.boundingRect().height() + NOTE_GAP / 2
        needed = top + MARGIN
        self.scene().setSceneRect(QRectF(0, 0, width, max(height, needed)))
        if needed > height or width > self.viewport().width():
            self.fitInView(self.scene().sceneRect(), Qt.AspectRatioMode.KeepAspectRatio)
        else:
            self.resetTransform()

    def _arrange_notes(self, level: int, width: float) -> tuple[float, float]:
        """Notes at ``level`` (0 full, 1 brief, 2 hidden), wrapped to ``width`` or to what
        their tables need: their total height and the drawing's width."""
        self._note_level = level
        labels = self._group_labels()
        for view, note in zip(self.views, self.notes, strict=True):
            note.show_view(view, labels, brief=level > 0)
            note.setVisible(level < 2)
        if level >= 2:
            return 0.0, width
        width = max([width] + [note.min_width() + 2 * MARGIN for note in self.notes])
        total = 0.0
        for note in self.notes:
            note.arrange(width - 2 * MARGIN)
            total += note.boundingRect().height() + NOTE_GAP / 2
        return total, width

    def _place_marks(self) -> None:
        """The badges of each arrow as marks beside its band, at its middle, in a row going
        out of the ring (short arrows have no room along them)."""
        scene = self.scene()
        for mark in self.marks:
            scene.removeItem(mark)
            mark.deleteLater()
        self.marks = []
        offset = self.theme.px(BAND_PX) / 2 + self.theme.px(MARK_PX) * 0.7
        for view, points in zip(self.views, self._arcs, strict=True):
            if not points:
                continue
            x, y, nx, ny = points[len(points) // 2]  # the left of a clockwise curve: out
            step = self.theme.px(MARK_PX) * 1.3
            for k, badge in enumerate(view.badges):
                mark = BadgeMark(badge, self.theme)
                mark.clicked.connect(self.keys_clicked)
                mark.setPos(x + nx * (offset + k * step), y + ny * (offset + k * step))
                scene.addItem(mark)
                self.marks.append(mark)

    def _draw_bands(self) -> None:
        """Each arrow's band, one strip per group as wide as its share, and its head."""
        band = self.theme.px(BAND_PX)
        for view, points, strips, head in zip(self.views, self._arcs, self.strips, self.heads,
                                              strict=True):
            if len(points) < 3:
                for item in strips:
                    item.setPolygon(QPolygonF())
                head.setPolygon(QPolygonF())
                continue
            size = band * 1.1  # the head's length; the band stops where it starts
            body = _trimmed(points, size)
            # A flow no figure tells (what share of the decisions?) is one neutral band.
            shares = view.flow or (1.0,)
            for g, item in enumerate(strips):
                if g >= len(shares):
                    item.setPolygon(QPolygonF())
                    continue
                inner, outer = ring.strips(shares, band)[g]
                item.setBrush(self.theme.series_colour(g) if view.flow
                              else QColor(self.theme.muted))
                item.setPolygon(QPolygonF([QPointF(x, y) for x, y in
                                           ring.strip_polygon(body, inner, outer)]))
            (bx, by, nx, ny), (ex, ey) = body[-1], points[-1][:2]
            half = band * 0.8
            head.setPolygon(QPolygonF([QPointF(bx + nx * half, by + ny * half), QPointF(ex, ey),
                                       QPointF(bx - nx * half, by - ny * half)]))

    # --- animation ---------------------------------------------------------------------

    def set_running(self, running: bool) -> None:
        moving = running and not self.reduced_motion
        for dot in self.dots:
            dot.setVisible(moving)
        if moving:
            self._pulse_timer.start()
        else:
            self._pulse_timer.stop()

    def set_reduced_motion(self, on: bool) -> None:
        """View ▸ Reduce motion: the ring stands still while the run plays."""
        self.reduced_motion = on
        self.set_running(self.session.running)

    def _advance_pulse(self) -> None:
        self._pulse = (self._pulse + PULSE_MS / 1000 / PULSE_PERIOD_S) % 1.0
        self._place_dots()

    def _place_dots(self) -> None:
        if self._path.isEmpty():
            return
        for k, dot in enumerate(self.dots):
            dot.setPos(self._path.pointAtPercent((self._pulse + k / PULSE_DOTS) % 1.0))


def _trimmed(points: list[tuple[float, float, float, float]], length: float):
    """``points`` less their last ``length`` pixels (room for the arrowhead)."""
    ex, ey = points[-1][:2]
    kept = [p for p in points if math.hypot(p[0] - ex, p[1] - ey) >= length]
    return kept if len(kept) >= 2 else points[:2]
