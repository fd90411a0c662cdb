"""Claims seen to hold, beside the guide's caption: "✓ B's approvals rose from 0.01 to 0.31".

A guide step's claims (see :mod:`simulator.claims`) are checked as the run reaches each
deadline, counted from the round the step was actually performed (a facilitator may press Next
late). Those that hold are listed under the caption, in the run's language: the step on
screen's own first, then those of earlier steps that came true since it was performed (the
headline grew before the first lever), newest first, at most :data:`MAX_LINES` so the charts
keep their room; none while a question and its answer are on show. A claim that does not
hold is not shown; `bias-loop run --guide --check` is where failures are reported.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

CHECK = "\u2713"
MAX_LINES = 2


class ClaimNotes(QLabel):
    def __init__(self, session, lang: str = "en", parent=None):
        super().__init__(parent)
        self.session = session
        self.lang = lang
        self.setObjectName("guideClaims")
        self.setTextFormat(Qt.TextFormat.PlainText)  # claim texts come from a file
        self.setWordWrap(True)
        self._clear()
        session.guide_changed.connect(self._step_changed)
        session.advanced.connect(self._advanced)
        session.reset_done.connect(self._restart)
        session.scenario_changed.connect(self._restart)

    def _clear(self) -> None:
        self._performed: dict[int, int] = {}  # step index -> round it was performed at
        self._pending: list[tuple[int, int, object]] = []  # (step, its round, claim) to check
        self._held: list[tuple[int, int, object]] = []  # (step, deadline, verdict) held

    def _restart(self) -> None:
        self._clear()
        self.refresh()

    def _step_changed(self) -> None:
        shown = self.session.guide_shown
        if shown is not None and shown not in self._performed:
            performed = self.session.sim.round
            self._performed[shown] = performed
            self._pending += [(shown, performed, c)
                              for c in self.session.guide_steps[shown].claims]
        self._advanced()

    def _advanced(self, *_) -> None:
        played = self.session.sim.round
        still = []
        for step, performed, claim in self._pending:
            if performed + claim.within > played:
                still.append((step, performed, claim))
                continue
            verdict = claim.evaluate(self.session.sim.recorder, performed)
            if verdict is not None and verdict.holds:
                self._held.append((step, performed + claim.within, verdict))
        changed = len(still) != len(self._pending)
        self._pending = still
        if changed:
            self.refresh()

    def refresh(self) -> None:
        """Show the claims that held from the step on screen onwards."""
        session = self.session
        shown = session.guide_shown
        since = self._performed.get(shown)
        # A question and its answer take the room under the caption (the answer says what
        # its claims would), so the charts keep theirs.
        choosing = shown is not None and (session.guide_asking == shown
                                          or shown in session.guide_answers)
        if shown is None or since is None or choosing:
            self.setText("")
            self.setVisible(False)
            return
        own = [v for step, _, v in self._held if step == shown]
        earlier = [v for step, deadline, v in sorted(self._held, key=lambda h: -h[1])
                   if step != shown and deadline >= since]
        lines = [f"{CHECK} {v.sentence(self.session.scenario, self.lang)}"
                 for v in (own + earlier)[:MAX_LINES]]
        self.setText("\n".join(lines))
        self.setVisible(bool(lines))
