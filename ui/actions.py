"""Every command of the window as a QAction, with its shortcut.

Menus, the run bar and the guide bar show the same actions, so a command has one label, one
shortcut and one enabled state wherever it appears. Shortcuts are the ones a facilitator uses
live: Space run/pause, Right step, Page Down / Page Up next / previous guide step (what
presentation clickers send), Ctrl+G go to a guide step, Ctrl+R reset, Ctrl+Z undo, F11 full
screen, F5 presentation mode, Ctrl+± zoom, Shift+F1 explains the control with the keyboard
focus.

Icons are Qt's standard ones redrawn in the theme's text colour (:func:`tinted_icon`): drawn
as they come, several are black, and vanish on a dark theme.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QRect, Qt
from PySide6.QtGui import QAction, QActionGroup, QColor, QIcon, QKeySequence, QPainter, QPixmap
from PySide6.QtWidgets import QMenu, QStyle, QWidget

from ui.theme import Theme

#: Icon sizes drawn ahead: menus (16) to a toolbar at presentation size and zoom (60).
ICON_SIZES = (16, 20, 24, 32, 48, 64)


def tinted_icon(source: QIcon, colour: str, disabled: str) -> QIcon:
    """``source``'s shapes filled with ``colour`` (``disabled`` when its action is off),
    keeping their alpha: one flat colour that follows the theme, whatever the style drew."""
    icon = QIcon()
    for size in ICON_SIZES:
        shape = source.pixmap(size, size)
        for mode, fill in ((QIcon.Mode.Normal, colour), (QIcon.Mode.Disabled, disabled)):
            pixmap = QPixmap(size, size)
            pixmap.fill(Qt.GlobalColor.transparent)
            painter = QPainter(pixmap)
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
            painter.drawPixmap(QRect(0, 0, size, size), shape)
            painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_SourceIn)
            painter.fillRect(pixmap.rect(), QColor(fill))
            painter.end()
            icon.addPixmap(pixmap, mode)
    return icon


def add_choices(menu: QMenu, owner: QObject, name: str, choices: dict[str, str],
                current: str, choose) -> dict[str, QAction]:
    """One checkable action per choice in ``menu``, exactly one checked (a View ▸ Language or
    View ▸ Theme menu); ``choose(key)`` is called with the chosen key. Object names are
    ``<name>_<key>`` so tests and screen readers can find them."""
    group = QActionGroup(owner)
    group.setExclusive(True)
    actions = {}
    for key, label in choices.items():
        action = menu.addAction(label)
        action.setObjectName(f"{name}_{key}")
        action.setCheckable(True)
        action.setChecked(key == current)
        group.addAction(action)
        action.triggered.connect(lambda _=False, k=key: choose(k))
        actions[key] = action
    return actions


class Actions(QObject):
    def __init__(self, window: QWidget):
        super().__init__(window)
        self._icons: dict[QAction, QStyle.StandardPixmap] = {}  # what apply_theme redraws
        self._theme = Theme()

        def make(text: str, *shortcuts, icon=None, checkable: bool = False) -> QAction:
            action = QAction(text, window)
            keys = [QKeySequence(s) for s in shortcuts]
            action.setShortcuts(keys)
            if keys:
                key = keys[0].toString(QKeySequence.SequenceFormat.NativeText)
                action.setToolTip(f"{text} ({key})")
            if icon is not None:
                self._icons[action] = icon
            action.setCheckable(checkable)
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            window.addAction(action)  # shortcuts work even with the menu bar hidden
            return action

        pix = QStyle.StandardPixmap
        self.open = make(self.tr("Open scenario or run…"), QKeySequence.StandardKey.Open,
                         icon=pix.SP_DialogOpenButton)
        self.save_run = make(self.tr("Save run…"), QKeySequence.StandardKey.Save,
                             icon=pix.SP_DialogSaveButton)
        self.save_picture = make(self.tr("Save picture of the window…"), "Ctrl+Shift+S")
        self.export = make(self.tr("Export…"), "Ctrl+E")
        self.export_report = make(self.tr("Export report…"))
        self.quit = make(self.tr("Quit"), QKeySequence.StandardKey.Quit)
        self.run = make(self.tr("Run"), Qt.Key.Key_Space, icon=pix.SP_MediaPlay)
        self.step = make(self.tr("Step"), Qt.Key.Key_Right, icon=pix.SP_MediaSeekForward)
        self.reset = make(self.tr("Reset"), "Ctrl+R", icon=pix.SP_BrowserReload)
        self.new_seed = make(self.tr("New seed"))
        self.restore_defaults = make(self.tr("Restore the scenario's values"))
        self.undo = make(self.tr("Undo lever change"), QKeySequence.StandardKey.Undo)
        self.next_step = make(self.tr("Next step"), Qt.Key.Key_PageDown,
                              icon=pix.SP_ArrowForward)
        self.previous_step = make(self.tr("Previous step"), Qt.Key.Key_PageUp,
                                  icon=pix.SP_ArrowBack)
        self.go_to_step = make(self.tr("Go to step…"), "Ctrl+G")
        self.full_screen = make(self.tr("Full screen"), Qt.Key.Key_F11, checkable=True)
        self.reduce_motion = make(self.tr("Reduce motion"), checkable=True)
        self.zoom_in = make(self.tr("Zoom in"), "Ctrl++", "Ctrl+=")
        self.zoom_out = make(self.tr("Zoom out"), "Ctrl+-")
        self.zoom_reset = make(self.tr("Actual size"), "Ctrl+0")
        self.choose_plots = make(self.tr("Choose charts…"))
        self.presentation = make(self.tr("Presentation mode"), Qt.Key.Key_F5, checkable=True)
        self.student_view = make(self.tr("Student view"), checkable=True)
        self.explain = make(self.tr("Explain the focused control"), "Shift+F1")
        self.about = make(self.tr("About Bias Loop"))
        # Compare
        self.pin_baseline = make(self.tr("Pin as baseline"), "Ctrl+B")
        self.clear_baseline = make(self.tr("Clear baseline"))
        self.counterfactual = make(
            self.tr("Show counterfactual (every lever off, even from the start)"), "Ctrl+K",
            checkable=True)
        self.counterfactual.setIconText(self.tr("Counterfactual: every lever off"))
        self.run_seeds = make(self.tr("Run 20 seeds"), "Ctrl+Shift+R")
        self.cancel_seeds = make(self.tr("Cancel the seeds"))
        self.clear_band = make(self.tr("Clear band"))
        self.sweep = make(self.tr("Sweep…"), "Ctrl+Shift+W")
        # Timeline
        self.timeline_back = make(self.tr("Timeline: a round back"), "Alt+Left")
        self.timeline_forward = make(self.tr("Timeline: a round forward"), "Alt+Right")
        self.timeline_live = make(self.tr("Timeline: back to live"), "Alt+End")
        self.branch_here = make(self.tr("Branch from here"), "Ctrl+Shift+B")
        self.apply_theme(self._theme)

    def _texts(self) -> dict[str, str]:
        """Each action's label, translated now (the same strings as above)."""
        return {
            "open": self.tr("Open scenario or run…"), "save_run": self.tr("Save run…"),
            "save_picture": self.tr("Save picture of the window…"),
            "export": self.tr("Export…"), "export_report": self.tr("Export report…"),
            "quit": self.tr("Quit"), "run": self.tr("Run"), "step": self.tr("Step"),
            "reset": self.tr("Reset"), "new_seed": self.tr("New seed"),
            "restore_defaults": self.tr("Restore the scenario's values"),
            "undo": self.tr("Undo lever change"), "next_step": self.tr("Next step"),
            "previous_step": self.tr("Previous step"), "go_to_step": self.tr("Go to step…"),
            "full_screen": self.tr("Full screen"), "reduce_motion": self.tr("Reduce motion"),
            "zoom_in": self.tr("Zoom in"),
            "zoom_out": self.tr("Zoom out"), "zoom_reset": self.tr("Actual size"),
            "choose_plots": self.tr("Choose charts…"), "about": self.tr("About Bias Loop"),
            "presentation": self.tr("Presentation mode"),
            "student_view": self.tr("Student view"),
            "explain": self.tr("Explain the focused control"),
            "pin_baseline": self.tr("Pin as baseline"),
            "clear_baseline": self.tr("Clear baseline"),
            "counterfactual": self.tr(
                "Show counterfactual (every lever off, even from the start)"),
            "run_seeds": self.tr("Run 20 seeds"), "cancel_seeds": self.tr("Cancel the seeds"),
            "clear_band": self.tr("Clear band"), "sweep": self.tr("Sweep…"),
            "timeline_back": self.tr("Timeline: a round back"),
            "timeline_forward": self.tr("Timeline: a round forward"),
            "timeline_live": self.tr("Timeline: back to live"),
            "branch_here": self.tr("Branch from here"),
        }

    def retranslate(self, running: bool = False) -> None:
        """Label every action again in the language now in force (View ▸ Language)."""
        for name, text in self._texts().items():
            action = getattr(self, name)
            action.setText(text)
            keys = action.shortcuts()
            if keys:
                key = keys[0].toString(QKeySequence.SequenceFormat.NativeText)
                action.setToolTip(f"{text} ({key})")
        # A toolbar shows the short form (Qt keeps an icon text set on purpose).
        self.counterfactual.setIconText(self.tr("Counterfactual: every lever off"))
        self.show_running(running)

    def apply_theme(self, theme: Theme) -> None:
        """Redraw every icon in ``theme``'s text colour (View ▸ Theme, zoom, presentation)."""
        self._theme = theme
        for action in self._icons:
            self._draw_icon(action)

    def show_running(self, running: bool) -> None:
        """Run and Pause are one button and one shortcut."""
        pix = QStyle.StandardPixmap
        self.run.setText(self.tr("Pause") if running else self.tr("Run"))
        self._icons[self.run] = pix.SP_MediaPause if running else pix.SP_MediaPlay
        self._draw_icon(self.run)

    def _draw_icon(self, action: QAction) -> None:
        theme = self._theme
        source = self.parent().style().standardIcon(self._icons[action])
        action.setIcon(tinted_icon(source, theme.foreground, theme.muted))
