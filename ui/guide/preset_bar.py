"""The paper-setting bar: a paper's expected results beside what the live run shows.

Shown while a paper setting is in force (Scenario › Paper settings), under the guide bar: the
setting, the paper and the figure it reproduces, and for each expected result the paper's value
with its tolerance, the metric in this run now (one seed), and, once the seeds have been run to
the setting's length, the statistic over them with its verdict. A paper's value is a statistic
over seeds, so one run is never called a match or a miss; "Check over N seeds" runs the seeds
the setting names. Hidden when no paper setting is in force.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QPushButton

from simulator.claims import column_label
from simulator.presets import LiveExpectation, live_status
from ui.formatting import number


class PresetBar(QFrame):
    # The user asked for the setting's seeds (their count).
    check_requested = Signal(int)

    def __init__(self, session, lang: str = "en", parent=None):
        super().__init__(parent)
        self.session = session
        self.lang = lang
        self.setObjectName("headlineBar")
        self.title = QLabel()
        self.title.setObjectName("headlineWhat")
        self.title.setWordWrap(True)
        self.results = QLabel()
        self.results.setWordWrap(True)
        for label in (self.title, self.results):
            label.setTextFormat(Qt.TextFormat.PlainText)  # texts come from a file
        self.check = QPushButton()
        self.check.setObjectName("presetCheck")
        self.check.clicked.connect(self._ask_for_seeds)
        layout = QGridLayout(self)
        layout.setContentsMargins(12, 4, 12, 4)
        layout.setHorizontalSpacing(12)
        layout.addWidget(self.title, 0, 0)
        layout.addWidget(self.results, 1, 0)
        layout.addWidget(self.check, 0, 1, 2, 1, Qt.AlignmentFlag.AlignVCenter)
        layout.setColumnStretch(0, 1)
        # A new scenario or paper setting: the window refreshes the bar once its views are
        # rebuilt for it (a bar shown first would lay out charts of the old groups).
        for signal in (session.advanced, session.reset_done, session.compare_changed):
            signal.connect(self.refresh)
        self.refresh()

    def _ask_for_seeds(self) -> None:
        preset = self.session.preset
        if preset is not None:
            self.check_requested.emit(preset.replications or 1)

    def refresh(self, *_) -> None:
        preset = self.session.preset
        self.setVisible(preset is not None)
        if preset is None:
            return
        seeds = preset.replications or 1
        self.title.setText(self.tr("Paper setting: {title} ({paper})").format(
            title=preset.title.get(self.lang), paper=preset.paper))
        status = live_status(preset, self.session.sim, self.session.seed_runs)
        self.results.setText("\n".join(self._line(item, seeds) for item in status))
        self.check.setText(self.tr("Check over {n} seeds").format(n=seeds))
        self.check.setEnabled(not self.session.seeds_running)

    def _line(self, item: LiveExpectation, seeds: int) -> str:
        e = item.expectation
        scenario = self.session.scenario
        text = self.tr("{metric}, {statistic} over {n} seeds: paper {value} ± {tolerance}"
                       ).format(metric=column_label(scenario, e.metric, self.lang),
                                statistic=e.statistic_text(self.lang), n=seeds,
                                value=number(e.value, self.lang),
                                tolerance=number(e.tolerance, self.lang))
        if item.now is not None:
            text += " · " + self.tr("this run now: {value}").format(
                value=number(item.now, self.lang))
        check = item.over_seeds
        if check is not None:
            verdict = self.tr("holds") if check.holds else self.tr("does not hold")
            text += " · " + self.tr("{n} seeds: {value} ({verdict})").format(
                n=len(self.session.seed_runs), value=number(check.got, self.lang),
                verdict=("✓ " if check.holds else "✗ ") + verdict)
        return text
