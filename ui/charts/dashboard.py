"""The dashboard: a grid of live charts built from the kind's metric and plot declarations.

Charts redraw on their own clock (``FRAME_MS``), not per round: a run at thousands of rounds per
second and a run at one round per second both paint at most ~30 frames a second, and a frame
with nothing new costs nothing. Every event in the run's log becomes a marker on every chart:
labelled for a change made by the user or the guide, a thin grey line (details on hover) for
an audit's verdict, which can come every few rounds and would bury the labels that matter.

Presentation mode shows its own, smaller set of charts, large enough for the back row: the ones
the facilitator marked "Show in presentation mode" (a chart's right-click menu, remembered per
scenario), else the scenario's headline charts (``headline_charts``; the first two of the
dashboard when it names none). The student view shows the headline charts too: one
declaration for both.
"""

from __future__ import annotations

import math

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QGridLayout, QLabel, QMenu, QWidget

from ui.charts.legend_strip import LegendStrip, strip_entries
from ui.charts.marker_lane import key_text
from ui.charts.plot_card import PlotCard, add_event_marker
from ui.charts.plot_model import chart_layout
from ui.preferences import Preferences
from ui.theme import Theme

FRAME_MS = 33
#: Least height of a chart beside another in presentation mode and the student view, in
#: pixels at scale 1: title, legend, a plot with a few ticks and the round axis, each legible
#: from the back. The first chart is always shown.
LEAST_SHOWN_HEIGHT = 140
DEFAULT_COLUMNS = 2
HEADLINE_BY_DEFAULT = 2  # headline charts when the scenario names none


class Dashboard(QWidget):
    export_requested = Signal(object)  # a chart's id (its context menu), or None: all

    def __init__(self, session, theme: Theme, lang: str = "en", parent=None):
        super().__init__(parent)
        self.session = session
        self.theme = theme
        self.lang = lang
        self.columns = DEFAULT_COLUMNS
        self.plot_ids: list[str] = []  # the dashboard's charts, when not presenting
        self.prefs = Preferences(None)  # the window's, where the presentation set is kept
        self.presenting = False
        self.student = False
        self.cards: list[PlotCard] = []
        self.frames = 0  # charts actually redrawn, for the benchmark
        self._grid = QGridLayout(self)
        self._grid.setContentsMargins(4, 4, 4, 4)
        self._grid.setSpacing(6)
        # The key to the charts' numbered lever tags, under them: the full text of each.
        self.key = QLabel()
        self.key.setObjectName("markerKey")
        self.key.setTextFormat(Qt.TextFormat.PlainText)  # labels come from scenario files
        self.key.setWordWrap(True)
        self.key.hide()
        self.strip = LegendStrip(theme)  # the groups and comparison roles, once for all charts
        self._drawn: tuple[int, int] | None = None  # (rounds, events) on screen
        self._x_max = 0.0
        self._timer = QTimer(self)
        self._timer.setInterval(FRAME_MS)
        self._timer.timeout.connect(self.redraw)
        self._timer.start()
        session.reset_done.connect(self._on_reset)
        session.view_changed.connect(self.show_cursor)

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

    def _presented_key(self) -> str:
        return f"presented_plots/{self.session.scenario.id}"

    def marked_for_presenting(self) -> list[str]:
        """The charts marked "Show in presentation mode" in this scenario, in its order."""
        marked = set(self.prefs.get(self._presented_key(), [], list))
        return [pid for pid, _ in self.available_plots() if pid in marked]

    def mark_for_presenting(self, plot_id: str, on: bool) -> None:
        marked = set(self.marked_for_presenting()) - {plot_id} | ({plot_id} if on else set())
        self.prefs.set(self._presented_key(), sorted(marked))
        if self.presenting:
            self.rebuild()

    def on_screen(self) -> tuple[list[str], int]:
        """The charts shown now and their columns: the dashboard's, or presentation mode's
        (one or two stacked full width, as a time series reads best wide; more in a grid of
        two or three columns)."""
        if self.presenting:
            ids = self.marked_for_presenting() or self.headline_charts()
        elif self.student:
            ids = self.headline_charts()
        else:
            return list(self.plot_ids), self.columns
        return ids, 1 if len(ids) <= 2 else 2 if len(ids) <= 4 else 3

    def headline_charts(self) -> list[str]:
        """The scenario's headline charts (``headline_charts``), else the first two of the
        dashboard: the student view's charts, and presentation mode's when none is marked."""
        return (list(self.session.scenario.headline_charts)
                or self.plot_ids[:HEADLINE_BY_DEFAULT])

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit_shown()

    def _fit_shown(self) -> None:
        """Presentation mode and the student view promise charts that read from the back: in
        a window too short for all of them at :data:`LEAST_SHOWN_HEIGHT` (a question on show
        at 1280×720), the first ones that fit are shown, the first one always, and the rest
        wait for the room (squeezed charts print their ticks over each other). The dashboard
        keeps all."""
        if not self.cards:
            return
        fit = len(self.cards)
        if self.presenting or self.student:
            columns = self.on_screen()[1]
            room = self.height() - self.strip.sizeHint().height() - (
                self.key.sizeHint().height() if self.key.isVisible() else 0)
            rows = max(1, room // max(round(LEAST_SHOWN_HEIGHT * self.theme.scale), 1))
            fit = min(fit, rows * columns)
        for i, card in enumerate(self.cards):  # a hidden chart is still kept up to date
            if card.isHidden() != (i >= fit):
                card.setVisible(i < fit)

    def set_presenting(self, on: bool) -> None:
        """Show presentation mode's charts (or the dashboard's again) at the next rebuild."""
        self.presenting = on

    def set_student(self, on: bool) -> None:
        """Show the student view's charts (or the dashboard's again) at the next rebuild."""
        self.student = on

    # --- building ----------------------------------------------------------------------

    def rebuild(self) -> None:
        """Recreate the charts (new scenario, selection, language or theme)."""
        for card in self.cards:
            self._grid.removeWidget(card)
            card.hide()  # deleted later: until then it must not paint over the new charts
            card.deleteLater()
        for i in range(self._grid.columnCount()):
            self._grid.setColumnStretch(i, 0)
        scenario = self.session.scenario
        metrics = {m.name: m for m in scenario.metrics()}
        plots = {p.id: p for p in scenario.plots()}
        x_label = self.tr("Round ({unit})").format(unit=scenario.round_unit.get(self.lang))
        self.cards = []
        plot_ids, columns = self.on_screen()
        for i, pid in enumerate(plot_ids):
            chart = chart_layout(plots[pid], metrics, scenario.group_ids,
                                 lambda g: scenario.group_label(g, self.lang), self.lang)
            card = PlotCard(chart, self.theme, x_label)
            card.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
            card.customContextMenuRequested.connect(
                lambda pos, c=card: self.chart_menu(c).popup(c.mapToGlobal(pos)))
            self._grid.addWidget(card, 1 + i // columns, i % columns)
            self.cards.append(card)
        for i in range(columns):
            self._grid.setColumnStretch(i, 1)
        for widget in (self.strip, self.key):
            self._grid.removeWidget(widget)
        self.strip.hide()
        self.strip.deleteLater()  # made again in the theme in force; filled when drawn
        self.strip = LegendStrip(self.theme)
        self._grid.addWidget(self.strip, 0, 0, 1, columns)
        self._grid.addWidget(self.key, 1 - (-len(plot_ids) // columns), 0, 1, columns)
        self.key.setFont(self.theme.font(self.theme.legend_px))
        self.key.setStyleSheet(f"color: {self.theme.muted};")
        self._x_max = 0.0
        self._drawn = None
        self._fit_shown()
        self.redraw()
        self.show_cursor()

    def show_cursor(self) -> None:
        """Every chart's cursor at the round the timeline shows, with the curves' values
        there (none while it follows the live round)."""
        viewing = self.session.viewing
        if viewing is None:
            for card in self.cards:
                card.cursor.show(None, {})
            return
        round_, row = self.session.sim.recorder.row_at(viewing)
        for card in self.cards:
            card.cursor.show(float(round_), row)

    def chart_menu(self, card: PlotCard) -> QMenu:
        """A chart's right-click menu: export it, or the whole dashboard."""
        menu = QMenu(card)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.addAction(self.tr("Export this chart…"),
                       lambda: self.export_requested.emit(card.chart.id))
        menu.addAction(self.tr("Export the dashboard…"),
                       lambda: self.export_requested.emit(None))
        menu.addSeparator()
        present = menu.addAction(self.tr("Show in presentation mode"))
        present.setCheckable(True)
        present.setChecked(card.chart.id in self.marked_for_presenting())
        present.toggled.connect(lambda on: self.mark_for_presenting(card.chart.id, on))
        return menu

    # --- drawing -----------------------------------------------------------------------

    def _on_reset(self) -> None:
        for card in self.cards:
            card.clear_markers()
        self._show_key()
        self._x_max = 0.0
        self._drawn = None
        self.redraw()

    def redraw(self) -> None:
        """Bring the charts up to date with the run, if anything changed since last frame."""
        session = self.session
        sim = session.sim
        recorder = sim.recorder
        state = (len(recorder), len(sim.events), session.compare_version)
        if state == self._drawn:
            return
        drawn_events = 0 if self._drawn is None else self._drawn[1]
        compare_changed = self._drawn is None or self._drawn[2] != session.compare_version
        self._drawn = state
        self._update_x_range(max(len(recorder), self._compare_length()))
        rounds = recorder.rounds
        for card in self.cards:
            card.show_data(rounds, recorder.series)
        self._draw_compare(compare_changed)
        present = live_round(sim)
        for card in self.cards:
            card.cut_band(present)
        for event in sim.events[drawn_events:]:
            add_event_marker(self.cards, event, self.session.scenario, self.lang)
        if len(sim.events) != drawn_events:
            self._show_key()
        self.frames += 1

    def _show_key(self) -> None:
        text = key_text(self.cards[0].lane.marks) if self.cards else ""
        self.key.setText(text)
        self.key.setVisible(bool(text))

    def _compare_length(self) -> int:
        session = self.session
        lengths = [len(run.recorder) for run in (session.baseline, session.counterfactual)
                   if run is not None]
        if session.band:
            lengths.append(len(next(iter(session.band.values())).rounds))
        return max(lengths, default=0)

    def _draw_compare(self, changed: bool) -> None:
        """The baseline and counterfactual curves (every frame they exist), and on a change
        of what is compared, the replication band and the legend strip."""
        draw_comparison(self.cards, self.session, with_band=changed)
        if changed:
            self.strip.set_entries(strip_entries(self.cards))

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



def _nice_ceiling(x: float) -> float:
    """The next 1, 2 or 5 × 10ⁿ at or above ``x``."""
    power = 10 ** math.floor(math.log10(max(x, 1)))
    return next(m * power for m in (1, 2, 5, 10) if m * power >= x)


def draw_comparison(cards, session, with_band: bool = True) -> None:
    """Draw what the session compares the live run with (baseline, counterfactual, band) on
    ``cards``: the dashboard's own, or an export's rebuilt ones (their legend strip reads
    what is drawn off the cards)."""
    for card in cards:
        card.show_companion("baseline", None if session.baseline is None
                            else session.baseline.recorder)
        card.show_companion("counterfactual", None if session.counterfactual is None
                            else session.counterfactual.recorder)
        if with_band:
            card.show_band(session.band, until=live_round(session.sim))


def live_round(sim) -> float:
    """The last round the live run has played (0 before its first): where a replication band
    stops, on screen and in exports."""
    rounds = sim.recorder.rounds
    return float(rounds[-1]) if len(rounds) else 0.0
