"""The legend shared by every chart, once, in a strip above them: the groups (their colours)
and what the live run is compared with (baseline, counterfactual, replication band).

Naming these on each chart cost the charts their plots (five legend lines in a card of 250
px); they mean the same on every chart, so they are said once. The strip is a small graphics
view holding a :class:`~ui.plot_card.FlowLegend`, so an export draws it with the charts, as
vector paths and text. What it lists is read off the charts themselves
(:func:`strip_entries`), the same on screen and in any export.
"""

from __future__ import annotations

from collections.abc import Sequence

import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QColor

from ui.charts import grammar
from ui.charts.plot_card import LEGEND_SAMPLE_PX, FlowLegend
from ui.charts.plot_model import BASELINE, COUNTERFACTUAL, LIVE

MARGIN = 2  # px above and below the legend, at zoom 1


def strip_entries(cards: Sequence) -> list:
    """(pen, text) of the groups the charts colour, then of each comparison they draw."""
    if not cards:
        return []
    theme = cards[0].theme
    groups = next((c.chart.groups for c in cards if c.chart.groups), ())
    entries = [(grammar.pen(theme, g.colour, LIVE), g.text) for g in groups]
    if any(BASELINE in c.companions for c in cards):
        entries.append((grammar.pen(theme, None, BASELINE, live_role=LIVE),
                        QCoreApplication.translate("Dashboard", "baseline (pinned run)")))
    if any(COUNTERFACTUAL in c.companions for c in cards):
        entries.append((grammar.pen(theme, None, COUNTERFACTUAL, live_role=LIVE),
                        QCoreApplication.translate("Dashboard", "counterfactual: levers off")))
    band = next((b for c in cards for b, *_ in c.band_items.values()), None)
    if band is not None:
        entries.append((grammar.band_sample(theme), QCoreApplication.translate(
            "Dashboard", "mean and 10–90 % of {n} seeds").format(n=band.replications)))
    return entries


class LegendStrip(pg.GraphicsLayoutWidget):
    def __init__(self, theme, parent=None):
        super().__init__(parent)
        self.theme = theme
        self.setBackground(QColor(theme.background))
        self.setFrameShape(self.Shape.NoFrame)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # a key to read, nothing to operate
        self.ci.setContentsMargins(theme.px(6), theme.px(MARGIN), 4, theme.px(MARGIN))
        self.legend = FlowLegend([], theme.font(theme.legend_px), QColor(theme.foreground),
                                 theme.px(LEGEND_SAMPLE_PX))
        self.ci.addItem(self.legend)
        self.setMinimumWidth(100)
        self.set_entries([])

    def set_entries(self, entries) -> None:
        self.legend.set_entries(entries)
        self._fit()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if hasattr(self, "legend"):  # pyqtgraph resizes before __init__ is done
            self.legend.reflow(self.width() - self.theme.px(6) - 4)
            self._fit()

    def _fit(self) -> None:
        height = round(self.legend.minimumHeight()) + 2 * self.theme.px(MARGIN)
        self.setFixedHeight(height)
        self.setVisible(bool(self.legend.entries))
