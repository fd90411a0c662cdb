"""View › Student view: the scenario with the few knobs a beginner should meet first.

A student facing 57 parameter rows does not know where to start. The scenario names the few
that tell its story (``student``: the main bias and a lever or two) and its headline charts
(``headline_charts``, which presentation mode shows too when the facilitator marked none).
The student view shows only those rows, with larger controls, and the loop diagram beside
those charts; "Show all parameters" in the parameter pane brings back every row without
leaving the view. Leaving it puts the parameters, their sections and the dashboard back as
they were. The choice is remembered per scenario: a class that uses it for lending gets it
again next time, while the facilitator's own hiring scenario opens in full.

Presentation mode, entered from the student view, shows its own set (pinned rows, marked
charts) at its own size; leaving it comes back to the student view.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt

STUDENT_SCALE = 1.15  # the parameter pane's size in the student view, on top of its zoom
PREFIX = "student_view/"


class StudentView(QObject):
    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.on = False
        self._dock_width: int | None = None  # the parameter pane's width before the view
        a = window.actions
        window._menus["view"].insertAction(a.presentation, a.student_view)
        a.student_view.toggled.connect(self.choose)
        a.presentation.toggled.connect(lambda _on: self._size_controls())

    def _key(self) -> str:
        return PREFIX + self.window.session.scenario.id

    def _check(self, on: bool) -> None:
        action = self.window.actions.student_view
        action.blockSignals(True)
        action.setChecked(on)
        action.blockSignals(False)

    def follow_scenario(self) -> None:
        """A scenario was opened: the view as it was last chosen for it (off at first). The
        window rebuilds its views after this."""
        on = self.window.prefs.get(self._key(), False, bool)
        self._check(on)
        if on != self.on:
            self._show(on)

    def choose(self, on: bool, remember: bool = True) -> None:
        """View › Student view checked or unchecked: now, and (``remember``) next time for
        this scenario; ``bias-loop gui --student`` is for this session only."""
        if remember:
            self.window.prefs.set(self._key(), on)
        self._check(on)
        if on != self.on:
            self._show(on)
            self.window.dashboard.rebuild()

    def _show(self, on: bool) -> None:
        w = self.window
        self.on = on
        if on:
            self._dock_width = w.params_dock.width()
            w.params_dock.show()
            w.params_dock.raise_()
        w.params.set_student(on)
        w.dashboard.set_student(on)
        self._size_controls()
        if not on and self._dock_width is not None:
            w.resizeDocks([w.params_dock], [self._dock_width], Qt.Orientation.Horizontal)

    def _size_controls(self) -> None:
        """Larger parameter controls in the student view; presentation mode's own size while
        presenting."""
        w = self.window
        larger = self.on and not w.modes.presenting
        w.pane_zoom.set_boost("params", STUDENT_SCALE if larger else 1.0)
