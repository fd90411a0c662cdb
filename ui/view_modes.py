"""View ▸ Theme, presentation mode and keyboard help: how the window looks, not what it runs.

* Themes (light, dark, high contrast) switch live: the window's palette and style sheet, the
  charts and the loop diagram are rebuilt in the new colours; the run is not touched. The
  choice and the zoom are remembered. Exports stay light unless the export dialog says
  otherwise.
* Presentation mode (F5, View ▸ Presentation mode; Esc or F5 again to leave): full screen,
  everything scaled for the back row with thick lines and a large guide caption, the menus,
  status bar and every pane but the parameters hidden, the parameter panel reduced to the
  controls the facilitator pinned (every lever when none is), and the dashboard to the charts
  marked for presenting (the scenario's headline charts when none is). Leaving it puts back
  the layout, size, zoom and window state exactly as they were (the student view, if it was
  on: ui/student_view.py). The run keeps running.
* View ▸ Reduce motion stops the loop diagram's pulse (remembered).
* Shift+F1 (Help ▸ Explain the focused control) shows the focused control's help, so every
  tooltip can be read without a mouse.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QObject, QPoint, Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QApplication, QDockWidget, QToolBar, QWhatsThis

from ui.actions import add_choices
from ui.theme import THEMES, ZOOM_LIMITS, theme_named


class ViewModes(QObject):
    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self._saved: dict | None = None  # the layout to go back to after presenting
        prefs = window.prefs
        zoom = prefs.get("zoom", 1.0, float)
        theme = replace(theme_named(prefs.get("theme", "light", str)),
                        scale=min(max(zoom, ZOOM_LIMITS[0]), ZOOM_LIMITS[1]))
        window.theme = theme
        window.theme_views()
        window.params.prefs = prefs
        window.dashboard.prefs = prefs
        a = window.actions
        view = window._menus["view"]
        view.insertAction(a.zoom_in, a.presentation)
        self.theme_menu = view.addMenu("")
        self.theme_menu.menuAction().setObjectName("themeMenu")
        language = getattr(window, "language_menu", None)
        if language is not None:  # Theme just before Language
            view.insertMenu(language.menuAction(), self.theme_menu)
        # Labels come from retranslate(), in the current language.
        self.theme_actions = add_choices(self.theme_menu, self, "theme",
                                         dict.fromkeys(THEMES, ""), theme.name,
                                         self.choose_theme)
        window._menus["help"].insertAction(a.about, a.explain)
        view.insertAction(a.full_screen, a.reduce_motion)
        a.reduce_motion.setChecked(prefs.get("reduce_motion", False, bool))
        window.diagram.set_reduced_motion(a.reduce_motion.isChecked())
        a.reduce_motion.toggled.connect(self.set_reduced_motion)
        a.presentation.toggled.connect(self.set_presentation)
        a.explain.triggered.connect(self.explain_focus)
        for action in (a.zoom_in, a.zoom_out, a.zoom_reset):
            action.triggered.connect(self._remember_zoom)  # after the window has zoomed
        self.leave = QShortcut(QKeySequence(Qt.Key.Key_Escape), window)
        self.leave.setEnabled(False)
        self.leave.activated.connect(lambda: a.presentation.setChecked(False))
        self.retranslate()

    def retranslate(self) -> None:
        self.theme_menu.setTitle(self.tr("&Theme"))
        names = {"light": self.tr("Light"), "dark": self.tr("Dark"),
                 "high-contrast": self.tr("High contrast")}
        for name, action in self.theme_actions.items():
            action.setText(names.get(name, name))

    # --- themes ------------------------------------------------------------------------

    def choose_theme(self, name: str, remember: bool = True) -> None:
        """View ▸ Theme: these colours everywhere, now and (``remember``) next time; sizes
        stay. ``bias-loop gui --theme`` does not remember: it is for this session."""
        w = self.window
        self.theme_actions[name].setChecked(True)
        if remember:
            w.prefs.set("theme", name)
        if w.theme.name != name:
            w.apply_theme(w.theme.recoloured(name))

    def _remember_zoom(self) -> None:
        theme = self.window.theme
        if not theme.presentation:
            self.window.prefs.set("zoom", round(theme.scale, 4))

    def set_reduced_motion(self, on: bool) -> None:
        """View ▸ Reduce motion: the loop diagram stops pulsing while the run plays (for
        viewers whom movement distracts or unsettles), now and next time."""
        self.window.prefs.set("reduce_motion", on)
        self.window.diagram.set_reduced_motion(on)

    # --- presentation mode -------------------------------------------------------------

    @property
    def presenting(self) -> bool:
        return self._saved is not None

    def set_presentation(self, on: bool) -> None:
        w = self.window
        if on == self.presenting:
            return
        if on:
            self._saved = {
                "state": w.saveState(), "geometry": w.geometry(),
                "splitter": w.splitter.saveState(), "window_state": w.windowState(),
                "menu": w.menuBar().isVisibleTo(w), "status": w.statusBar().isVisibleTo(w),
                "theme": w.theme}
            w.menuBar().hide()
            w.statusBar().hide()
            for bar in w.findChildren(QToolBar):
                if bar.parent() is w and bar is not w.run_bar:
                    bar.hide()
            for dock in w.findChildren(QDockWidget):
                dock.setVisible(dock is w.params_dock)
            w.params_dock.raise_()
            w.params.set_pinned_only(True)
            w.dashboard.set_presenting(True)
            w.apply_theme(w.theme.presented(True))
            w.showFullScreen()
        else:
            saved, self._saved = self._saved, None
            w.params.set_pinned_only(False)
            w.dashboard.set_presenting(False)
            w.menuBar().setVisible(saved["menu"])  # shown before restyling: sized for it
            w.statusBar().setVisible(saved["status"])
            w.apply_theme(saved["theme"].recoloured(w.theme.name))
            state = saved["window_state"]
            if state & Qt.WindowState.WindowFullScreen:
                w.showFullScreen()
            elif state & Qt.WindowState.WindowMaximized:
                w.showMaximized()
            else:
                w.showNormal()
                w.setGeometry(saved["geometry"])  # as it was, even larger than the screen
            self._restore_layout(saved)
            # Once the window is back to its size and the panes to their normal contents
            # (posted layout requests), once more: dock sizes are relative to both.
            QTimer.singleShot(0, lambda: self._restore_layout(saved))
        self.leave.setEnabled(on)
        a = w.actions
        for action, checked in ((a.presentation, on),
                                (a.full_screen, w.isFullScreen() or on)):
            action.blockSignals(True)
            action.setChecked(checked)
            action.blockSignals(False)

    def _restore_layout(self, saved: dict) -> None:
        w = self.window
        if not self.presenting:
            w.restoreState(saved["state"])
            w.splitter.restoreState(saved["splitter"])

    # --- keyboard help -----------------------------------------------------------------

    def explain_focus(self) -> None:
        """Show the help of the control with the keyboard focus (its What's This text, else
        its tooltip, else its pane's) next to it."""
        focus = QApplication.focusWidget() or self.window
        widget, text = focus, ""
        while widget is not None and not text:
            text = widget.whatsThis() or widget.toolTip()
            widget = widget.parentWidget()
        if not text:
            text = self.tr("No help for this control. Tab moves to the next one.")
        QWhatsThis.showText(focus.mapToGlobal(QPoint(0, focus.height())), text, focus)
