"""Lever-change tags in a lane of their own, above a chart's plot area.

A lever change is a story beat ("here the label audit came in"), and its label used to be
written along its marker line, over the curves exactly where the effect starts, shortened to
fit the chart's height, and on top of the next label when a guide step changed two levers at
once. Here every round with changes is one *mark* with one number; the number sits in a tag in
the lane above the plot, at the round where the change took effect, with the full text beside
it when there is room before the next mark, else the number alone. The full text of every mark
is always one hover away and in the key strip under the charts (and in an export's caption).
Tags never overlap: a tag that does not fit next to the one before it goes to a row above.

The placement (:func:`place_tags`) is plain arithmetic, tested without painting.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPen

from ui import formatting

#: Marks that keep a tag (and a line in the key): the latest ones; older ones keep their line
#: in the chart's rug, with their text on hover.
MAX_TAGS = 12
TAG_GAP = 4  # px between tags in a row, at zoom 1
TAG_PAD = 4  # px of padding inside a tag, at zoom 1


@dataclass
class Mark:
    """The changes of one round: where they took effect (``x``, the chart's x), their number
    in the key, their texts ("Label audit → 0.50") and the round as the log says it."""

    x: float
    number: int
    round: int
    colour: str
    texts: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "; ".join(self.texts)


def merge_mark(marks: list[Mark], x: float, round_: int, text: str, colour: str) -> Mark:
    """Add a change to ``marks``: to the last mark if it is of the same round, else as a new
    mark numbered after it. Returns the mark it went to."""
    if marks and marks[-1].round == round_:
        marks[-1].texts.append(text)
        return marks[-1]
    mark = Mark(x, marks[-1].number + 1 if marks else 1, round_, colour, [text])
    marks.append(mark)
    return mark


def marks_of(events, scenario, lang: str) -> list[Mark]:
    """The marks of a run's event log (audit verdicts are not lever changes: no mark)."""
    marks: list[Mark] = []
    for event in events:
        if event.who != "audit":
            merge_mark(marks, event.round - 1, event.round,
                       " ".join(formatting.event_parts(event, scenario, lang)), "")
    return marks


def key_entry(mark: Mark) -> str:
    """One mark as the key strip and the caption say it, e.g. "2: Label audit → 0.50 (round
    220)", never broken between "round" and its number."""
    text = QCoreApplication.translate("Dashboard", "{number}: {changes} (round {round})")
    return text.replace(" {round}", "\u00a0{round}").format(
        number=mark.number, changes=mark.text, round=mark.round)


def key_text(marks: Sequence[Mark]) -> str:
    """The key strip: every tagged mark, in order; empty without marks."""
    return "   ".join(key_entry(m) for m in list(marks)[-MAX_TAGS:])


@dataclass(frozen=True)
class Placed:
    left: float
    row: int
    width: float
    full: bool  # the tag shows the full text, not only the number


def place_tags(anchors: Sequence[float], short: Sequence[float], full: Sequence[float],
               left: float, right: float, gap: float) -> list[Placed]:
    """Where each tag goes in the lane: ``anchors`` are the marks' x (ascending, in lane
    pixels), ``short``/``full`` the widths of a tag with the number alone / with the text.

    A tag starts at its mark (kept inside ``left``..``right``); it shows its full text if that
    fits in the lowest row before the next mark and the plot's right edge; otherwise the
    number alone, in the lowest row where it clears the tag before it. No two tags overlap.
    """
    placed: list[Placed] = []
    ends: list[float] = []  # per row: where its last tag ends
    for i, anchor in enumerate(anchors):
        following = anchors[i + 1] - gap if i + 1 < len(anchors) else right
        start = max(left, anchor)
        if full[i] and start + full[i] <= min(following, right) and (
                not ends or start >= ends[0] + gap):
            width, whole = full[i], True
        else:
            width, whole = short[i], False
        start = max(left, min(anchor, right - width))
        row = next((r for r, end in enumerate(ends) if start >= end + gap), len(ends))
        if row == len(ends):
            ends.append(-math.inf)
        ends[row] = start + width
        placed.append(Placed(start, row, width, whole))
    return placed


class MarkerLane(pg.GraphicsWidget):
    """The lane above a chart's plot area: a row of tags (more rows when they crowd), each
    at its mark's x, joined to its marker line by a short stem."""

    def __init__(self, plot: pg.PlotItem, theme):
        super().__init__()
        self.plot = plot
        self.theme = theme
        self.marks: list[Mark] = []
        self.font = theme.font(theme.marker_px, bold=True)
        self.metrics = QFontMetricsF(self.font)
        self.row_height = self.metrics.height() + theme.px(TAG_PAD)
        self.boxes: list[tuple[QRectF, Mark, bool]] = []  # lane coordinates
        self.anchors: dict[int, float] = {}  # id(mark) -> its x in the lane
        self._fit_height(0)
        plot.vb.sigResized.connect(self.relayout)
        plot.vb.sigXRangeChanged.connect(self.relayout)

    # --- the marks ----------------------------------------------------------------------

    def add(self, x: float, round_: int, text: str, colour: str) -> None:
        merge_mark(self.marks, x, round_, text, colour)
        self.relayout()

    def clear(self) -> None:
        self.marks.clear()
        self.relayout()

    def tagged(self) -> list[Mark]:
        return self.marks[-MAX_TAGS:]

    def mark_at(self, point: QPointF) -> Mark | None:
        """The mark whose tag is under ``point`` (lane coordinates)."""
        return next((mark for box, mark, _ in self.boxes if box.contains(point)), None)

    # --- layout -------------------------------------------------------------------------

    def _label(self, mark: Mark, full: bool) -> str:
        return f"{mark.number}  {mark.text}" if full else str(mark.number)

    def _fit_height(self, rows: int) -> None:
        """Room for ``rows`` rows of tags; none at all before the first change (the plot
        gives up a row once, when the story starts, not for charts that never get one)."""
        height = self.row_height * rows + self.theme.px(1) if rows else 0
        if height != self.minimumHeight() or height != self.maximumHeight():
            self.setMinimumHeight(height)
            self.setMaximumHeight(height)

    def relayout(self, *_args) -> None:
        view = self.plot.vb
        marks = self.tagged()
        x_range = view.viewRange()[0]
        area = self.mapRectFromScene(view.sceneBoundingRect())
        self.boxes = []
        if marks and area.width() > 0 and x_range[1] > x_range[0]:
            pad = self.theme.px(TAG_PAD)
            scale = area.width() / (x_range[1] - x_range[0])
            anchors = [area.left() + (m.x - x_range[0]) * scale for m in marks]
            short = [self.metrics.horizontalAdvance(self._label(m, False)) + 2 * pad
                     for m in marks]
            full = [self.metrics.horizontalAdvance(self._label(m, True)) + 2 * pad
                    for m in marks]
            shown = [i for i, a in enumerate(anchors) if area.left() - 1 <= a <= area.right() + 1]
            places = place_tags([anchors[i] for i in shown], [short[i] for i in shown],
                                [full[i] for i in shown], area.left(), area.right(),
                                self.theme.px(TAG_GAP))
            rows = max((p.row for p in places), default=0) + 1
            self._fit_height(rows)
            # Rows stack up from the lane's bottom as it is now; a lane still growing to its
            # new height is laid out again when it gets it (setGeometry).
            height = self.geometry().height()
            for i, place in zip(shown, places, strict=True):
                top = height - (place.row + 1) * self.row_height
                box = QRectF(place.left, top, place.width, self.row_height - self.theme.px(2))
                self.boxes.append((box, marks[i], place.full))
            self.anchors = {id(marks[i]): anchors[i] for i in shown}
        else:
            self.anchors = {}
            self._fit_height(1 if marks else 0)
        self.update()

    def setGeometry(self, rect) -> None:
        super().setGeometry(rect)
        self.relayout()

    def scene_boxes(self) -> list[QRectF]:
        """The tags' rectangles in scene coordinates (for tests and hit checks)."""
        return [self.mapRectToScene(box) for box, _, _ in self.boxes]

    # --- drawing ------------------------------------------------------------------------

    def paint(self, painter, *args) -> None:
        theme = self.theme
        painter.setFont(self.font)
        bottom = self.geometry().height()
        # Stems first, from each tag down to the plot's top where its marker line goes on;
        # then the tags over them, so a stem passing a lower row never crosses its text.
        for box, mark, _ in self.boxes:
            anchor = self.anchors.get(id(mark), box.left())
            painter.setPen(QPen(QColor(mark.colour), theme.px(1.5)))
            painter.drawLine(QPointF(anchor, box.bottom()), QPointF(anchor, bottom))
        for box, mark, full in self.boxes:
            colour = QColor(mark.colour)
            painter.setPen(QPen(colour, theme.px(1.5)))
            painter.setBrush(QColor(theme.background))
            painter.drawRoundedRect(box, theme.px(3), theme.px(3))
            painter.setPen(colour)
            painter.drawText(box, int(Qt.AlignmentFlag.AlignCenter), self._label(mark, full))
