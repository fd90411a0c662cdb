"""The timeline under the charts: scrub back through the recorded rounds, and branch from one.

Moving the slider (or Alt+Left / Alt+Right, Alt+End for the live round) only changes what is
shown: every chart draws a cursor with each curve's value there, the loop diagram shows that
round's figures and the round counter says "Viewing month 80 of 220"; the run is untouched and
can go on playing. Going back costs nothing: the recorder holds every round (past its row limit
it holds a thinned history, and the timeline says so). "Branch from here" makes the run
continue from the round shown, as it stood then, with its old future as the baseline.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSlider, QWidget

from ui import formatting


class Timeline(QWidget):
    def __init__(self, session, lang: str = "en", parent=None):
        super().__init__(parent)
        self.session = session
        self.lang = lang
        self.setObjectName("timeline")
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setObjectName("timelineSlider")
        self.slider.setMinimum(1)
        self.slider.setPageStep(10)
        self.slider.valueChanged.connect(self._moved)
        self.note = QLabel()  # "thinned history" when it is
        self.note.setObjectName("muted")
        self.live = QPushButton()
        self.live.setObjectName("timelineLive")
        self.live.clicked.connect(lambda: session.view_round(None))
        self.branch = QPushButton()
        self.branch.setObjectName("timelineBranch")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 0, 8, 0)
        layout.addWidget(self.slider, 1)
        layout.addWidget(self.note)
        layout.addWidget(self.live)
        layout.addWidget(self.branch)
        for signal in (session.advanced, session.reset_done, session.view_changed):
            signal.connect(self.refresh)
        self.retranslate()

    def retranslate(self) -> None:
        self.live.setText(self.tr("Back to live"))
        self.live.setToolTip(self.tr("Follow the live round again (Alt+End)"))
        self.branch.setText(self.tr("Branch from here"))
        self.branch.setToolTip(self.tr("Continue the run from the round shown, as it stood "
                                       "then; its old future becomes the baseline"))
        self.slider.setAccessibleName(self.tr("Timeline: the round shown"))
        self.refresh()

    def _moved(self, value: int) -> None:
        session = self.session
        session.view_round(None if value >= session.sim.round else value)

    def step(self, rounds: int) -> None:
        """Move the cursor by ``rounds`` (Alt+Left / Alt+Right): from the live round back."""
        session = self.session
        start = session.viewing if session.viewing is not None else session.sim.round
        target = start + rounds
        session.view_round(None if target >= session.sim.round else max(1, target))

    def refresh(self, *_) -> None:
        session = self.session
        played = session.sim.round
        self.setEnabled(played > 0)
        self.slider.blockSignals(True)
        self.slider.setMaximum(max(1, played))
        self.slider.setValue(session.viewing if session.viewing is not None else played)
        self.slider.blockSignals(False)
        viewing = session.viewing is not None
        self.live.setEnabled(viewing)
        self.branch.setEnabled(played > 0)
        thinned = session.sim.recorder.thinned
        self.note.setVisible(thinned)
        if thinned:
            self.note.setText(self.tr("older rounds thinned"))
            self.note.setToolTip(self.tr("The run is longer than the recorder keeps in full: "
                                         "older rounds are shown at intervals"))

    def counter_text(self, unit: str) -> str | None:
        """"Viewing month 80 of 220" while the cursor is back, else None."""
        session = self.session
        if session.viewing is None:
            return None
        return self.tr("Viewing {unit} {round} of {rounds}").format(
            unit=unit, round=formatting.number(session.viewing),
            rounds=formatting.number(session.sim.round))
