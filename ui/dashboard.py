"""The dashboard: a grid of live charts built from the kind's metric and plot declarations.

Charts redraw on their own clock (``FRAME_MS``), not per round: a run at thousands of rounds per
second and a run at one round per second both paint at most ~30 frames a second, and a frame
with nothing new costs nothing. Every event in the run's log becomes a marker on every chart:
labelled for a change made by the user or the guide, a thin grey line (details on hover) for
an audit's verdict, which can come every few rounds and would bury the labels that matter.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QGridLayout, QWidget

from . import formatting
from .plot_card import PlotCard
from .plot_model import chart_layout
from .theme import Theme

FRAME_MS = 33
DEFAULT_COLUMNS = 2


class Dashboard(QWidget):
    def __init__(self, session, theme: Theme, lang: str = "en", parent=None):
        super().__init__(parent)
        self.session = session
        self.theme = theme
        self.lang = lang
        self.columns = DEFAULT_COLUMNS
        self.plot_ids: list[str] = []
        self.cards: list[PlotCard] = []
        self.frames = 0  # charts actually redrawn, for the benchmark
        self._grid = QGridLayout(self)
        self._grid.setContentsMargins(4, 4, 4, 4)
        self._grid.setSpacing(6)
        self._drawn: tuple[int, int] | None = None  # (rounds, events) on screen
        self._x_max = 0.0
        self._timer = QTimer(self)
        self._timer.setInterval(FRAME_MS)
        self._timer.timeout.connect(self.redraw)
        self._timer.start()
        session.reset_done.connect(self._on_reset)

    # --- which charts ------------------------------------------------------------------

    def available_plots(self) -> list[tuple[str, str]]:
        """(id, title) of every chart the kind declares, in its order."""
        return [(p.id, p.title.get(self.lang)) for p in self.session.scenario.plots()]

    def default_plot_ids(self) -> list[str]:
        return self.session.scenario.default_plots()

    def set_selection(self, plot_ids: list[str] | None, columns: int | None = None) -> None:
        """Choose the charts for the next rebuild (unknown ids are ignored; none known: the
        kind's defaults)."""
        known = [pid for pid, _ in self.available_plots()]
        chosen = [pid for pid in plot_ids or [] if pid in known]
        self.plot_ids = chosen or self.default_plot_ids()
        self.columns = max(1, min(int(columns or self.columns), 4))

    # --- building ----------------------------------------------------------------------

    def rebuild(self) -> None:
        """Recreate the charts (new scenario, selection, language or theme)."""
        for card in self.cards:
            self._grid.removeWidget(card)
            card.deleteLater()
        for i in range(self._grid.columnCount()):
            self._grid.setColumnStretch(i, 0)
        scenario = self.session.scenario
        metrics = {m.name: m for m in scenario.metrics()}
        plots = {p.id: p for p in scenario.plots()}
        x_label = self.tr("Round ({unit})").format(unit=scenario.round_unit.get(self.lang))
        self.cards = []
        for i, pid in enumerate(self.plot_ids):
            chart = chart_layout(plots[pid], metrics, scenario.group_ids,
                                 lambda g: scenario.group_label(g, self.lang), self.lang)
            card = PlotCard(chart, self.theme, x_label)
            self._grid.addWidget(card, i // self.columns, i % self.columns)
            self.cards.append(card)
        for i in range(self.columns):
            self._grid.setColumnStretch(i, 1)
        self._x_max = 0.0
        self._drawn = None
        self.redraw()

    # --- drawing -----------------------------------------------------------------------

    def _on_reset(self) -> None:
        for card in self.cards:
            card.clear_markers()
        self._x_max = 0.0
        self._drawn = None
        self.redraw()

    def redraw(self) -> None:
        """Bring the charts up to date with the run, if anything changed since last frame."""
        sim = self.session.sim
        recorder = sim.recorder
        state = (len(recorder), len(sim.events))
        if state == self._drawn:
            return
        drawn_events = 0 if self._drawn is None else self._drawn[1]
        self._drawn = state
        self._update_x_range(len(recorder))
        rounds = recorder.rounds
        for card in self.cards:
            card.show_data(rounds, recorder.series)
        for event in sim.events[drawn_events:]:
            self._add_marker(event)
        self.frames += 1

    def _update_x_range(self, rounds: int) -> None:
        """The whole scenario's length from the start, so curves grow left to right instead
        of rescaling every frame; past the end, grow in generous steps."""
        x_max = max(self._x_max, float(self.session.scenario.rounds))
        if rounds > x_max:
            x_max = _nice_ceiling(rounds * 1.25)
        if x_max != self._x_max:
            self._x_max = x_max
            for card in self.cards:
                card.set_x_max(x_max)

    def _add_marker(self, event) -> None:
        what, value = formatting.event_parts(event, self.session.scenario, self.lang)
        audit = event.who == "audit"
        colour = self.theme.reference if audit else self.theme.marker
        for card in self.cards:
            card.add_marker(event.round - 1, what, value, colour, labelled=not audit)


def _nice_ceiling(x: float) -> float:
    """The next 1, 2 or 5 × 10ⁿ at or above ``x``."""
    power = 10 ** math.floor(math.log10(max(x, 1)))
    return next(m * power for m in (1, 2, 5, 10) if m * power >= x)
