"""Zoom one pane alone: the charts for the back row while the parameters stay small enough to
fit, or the loop diagram large while the facilitator talks through it.

Ctrl+wheel over a pane zooms that pane; from the keyboard, View ▸ Zoom pane (Ctrl+Alt+=,
Ctrl+Alt+−, Ctrl+Alt+0) acts on the pane holding the focus, else the one under the mouse, else
the charts. A pane's zoom is a number of steps on top of the window's zoom (Ctrl +/−), so the
two compose and presentation mode scales both; Ctrl+0 puts the window and every pane back.
Steps are remembered in the preferences.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction, QCursor, QKeySequence
from PySide6.QtWidgets import QApplication, QWidget

from ui.theme import ZOOM_LIMITS, ZOOM_STEP, Theme

PANES = ("dashboard", "diagram", "params", "info")  # the window's attributes holding them
MAX_STEPS = 4  # 1.15**4 ≈ 1.75×: beyond that charts lose their plots to their type
PREFIX = "pane_zoom/"


class PaneZoom(QObject):
    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.steps = {name: self._saved(name) for name in PANES}
        #: A view's own enlargement of a pane on top of its steps (the student view's larger
        #: parameter controls); not remembered here: the view that asks for it is.
        self.boost = dict.fromkeys(PANES, 1.0)
        self.zoom_in = self._action("zoomPaneIn", ("Ctrl+Alt+=", "Ctrl+Alt++"), 1)
        self.zoom_out = self._action("zoomPaneOut", ("Ctrl+Alt+-",), -1)
        self.reset = self._action("zoomPaneReset", ("Ctrl+Alt+0",), 0)
        self.menu = window._menus["view"].addMenu("")
        self.menu.menuAction().setObjectName("zoomPaneMenu")
        window._menus["view"].insertMenu(window.actions.full_screen, self.menu)
        self.menu.addActions([self.zoom_in, self.zoom_out, self.reset])
        QApplication.instance().installEventFilter(self)  # Ctrl+wheel, wherever it lands
        self.retranslate()

    def _action(self, name: str, keys: tuple[str, ...], steps: int) -> QAction:
        action = QAction(self.window)
        action.setObjectName(name)
        action.setShortcuts([QKeySequence(k) for k in keys])
        action.triggered.connect(lambda: self.zoom(self.current_pane(), steps))
        self.window.addAction(action)  # works in presentation mode too, with no menu bar
        return action

    def retranslate(self) -> None:
        self.menu.setTitle(self.tr("Zoom &pane"))
        self.zoom_in.setText(self.tr("Zoom this pane in"))
        self.zoom_out.setText(self.tr("Zoom this pane out"))
        self.reset.setText(self.tr("This pane at the window's size"))

    def _saved(self, name: str) -> int:
        steps = self.window.prefs.get(PREFIX + name, 0, int)
        return max(-MAX_STEPS, min(MAX_STEPS, steps))

    # --- which pane ----------------------------------------------------------------------

    def pane_of(self, widget: QWidget | None) -> str | None:
        """The pane ``widget`` is in (itself or an ancestor), if any."""
        panes = {id(getattr(self.window, name)): name for name in PANES}
        while widget is not None:
            if id(widget) in panes:
                return panes[id(widget)]
            widget = widget.parentWidget()
        return None

    def current_pane(self) -> str:
        """The pane a keyboard zoom means: the focus's, else the mouse's, else the charts."""
        return (self.pane_of(QApplication.focusWidget())
                or self.pane_of(QApplication.widgetAt(QCursor.pos())) or "dashboard")

    # --- zooming -------------------------------------------------------------------------

    def theme_for(self, name: str, theme: Theme) -> Theme:
        """The window's theme at ``name``'s own zoom (within the window's zoom limits)."""
        steps, boost = self.steps[name], self.boost[name]
        if not steps and boost == 1.0:
            return theme
        scale = theme.scale * ZOOM_STEP**steps * boost
        return replace(theme, scale=min(max(scale, ZOOM_LIMITS[0]), ZOOM_LIMITS[1]))

    def set_boost(self, name: str, factor: float) -> None:
        """Pane ``name`` ``factor`` times its zoomed size (1: as zoomed), rebuilt now."""
        if self.boost[name] != factor:
            self.boost[name] = factor
            self.window.restyle_pane(name)

    def zoom(self, name: str, steps: int) -> None:
        """``steps`` more (or fewer) for pane ``name``; 0 back to the window's size."""
        new = 0 if steps == 0 else max(-MAX_STEPS, min(MAX_STEPS, self.steps[name] + steps))
        if new == self.steps[name]:
            return
        self.steps[name] = new
        self.window.prefs.set(PREFIX + name, new)
        self.window.restyle_pane(name)

    def reset_all(self) -> None:
        """Every pane back to the window's size (Ctrl+0 with the window's own reset)."""
        for name in PANES:
            self.steps[name] = 0
            self.window.prefs.set(PREFIX + name, 0)

    def stylesheet(self, name: str) -> str:
        """The pane's own style sheet: the window's at the pane's size, or none (inherit)."""
        if not self.steps[name] and self.boost[name] == 1.0:
            return ""
        return self.theme_for(name, self.window.theme).stylesheet()

    def eventFilter(self, watched, event) -> bool:
        if (event.type() == QEvent.Type.Wheel
                and event.modifiers() & Qt.KeyboardModifier.ControlModifier
                and isinstance(watched, QWidget)):
            name = self.pane_of(watched)
            delta = event.angleDelta().y()
            if name is not None and delta:
                self.zoom(name, 1 if delta > 0 else -1)
                return True
        return False
