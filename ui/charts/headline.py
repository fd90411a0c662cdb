"""The headline bar: the one gap the scenario's loop grows, above the charts.

A room needs one number to follow. The scenario names it (``[scenario] headline``); this bar
shows its value now and at round 20, each the mean of 10 rounds, as the guide's claims measure
it, so the figure on screen is the one a claim speaks of and does not flicker with single-round
noise. It stays visible in presentation mode. Hidden for scenarios without a headline.
"""

from __future__ import annotations

import math

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel

from ui.formatting import number

# The round the headline is compared with: after the first model's start-up, before any lever.
SINCE_ROUND = 20


class HeadlineBar(QFrame):
    def __init__(self, session, lang: str = "en", parent=None):
        super().__init__(parent)
        self.session = session
        self.lang = lang
        self.setObjectName("headlineBar")
        self.title = QLabel()
        self.title.setObjectName("guideStep")
        self.what = QLabel()  # what the gap is, in the scenario's words
        self.what.setObjectName("headlineWhat")
        self.what.setWordWrap(True)
        self.value = QLabel()
        self.value.setObjectName("headlineValue")
        self.since = QLabel()
        self.since.setObjectName("headlineSince")
        for label in (self.title, self.what, self.value, self.since):
            label.setTextFormat(Qt.TextFormat.PlainText)  # labels come from a file
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 0, 12, 0)
        layout.setSpacing(12)
        layout.addWidget(self.title, 0, Qt.AlignmentFlag.AlignVCenter)
        layout.addWidget(self.what, 1, Qt.AlignmentFlag.AlignVCenter)
        layout.addWidget(self.value, 0, Qt.AlignmentFlag.AlignVCenter)
        layout.addWidget(self.since, 0, Qt.AlignmentFlag.AlignVCenter)
        session.advanced.connect(self.refresh)
        session.reset_done.connect(self.refresh)
        session.scenario_changed.connect(self.refresh)

    def refresh(self, *_) -> None:
        scenario = self.session.scenario
        headline = scenario.headline
        self.setVisible(headline is not None)
        if headline is None:
            return
        recorder, played = self.session.sim.recorder, self.session.sim.round
        self.title.setText(self.tr("Headline gap"))
        now = headline.mean(recorder, played)
        self.what.setText(headline.label(scenario, self.lang))
        self.value.setText(number(now))
        if played <= SINCE_ROUND:
            self.since.setText("")
            return
        then = headline.mean(recorder, SINCE_ROUND)
        change = (now - then) / abs(then) if then else math.nan
        self.since.setText(self.tr("{then} at {unit} {round} ({change})").format(
            then=number(then), unit=scenario.round_unit.get(self.lang), round=SINCE_ROUND,
            change=_percent(change)))


def _percent(change: float) -> str:
    if not math.isfinite(change):
        return "–"
    text = f"{change * 100:+.0f} %"
    return text.replace("-", "\u2212")
