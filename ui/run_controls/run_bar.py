"""The run bar: scenario picker, Reset, Run/Pause, Step, speed, round counter and seed.

The buttons are the window's actions (same shortcut, same state as in the menus). The round
counter is large because it is what a room reads while the facilitator talks. Choosing a
scenario, a speed or a seed only emits a signal; the window acts on it.

Nothing ever goes into the tool bar's "»" menu (a projector at 1280×720 in presentation mode
must still show the seed and the round): when the bar is too narrow it gives up room in steps,
the speed slider first (a compact button with the speeds in its menu), then the buttons'
words (their icons stay, their names are in the tooltips), then the scenario picker's width.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QSizePolicy,
    QSlider,
    QStyle,
    QStyleOptionComboBox,
    QStylePainter,
    QToolBar,
    QToolButton,
    QWidget,
)

from ui import formatting
from ui.run_controls.pacer import SPEEDS

OPEN_FILE = object()  # the picker's "Open scenario file…" entry
QWIDGETSIZE_MAX = (1 << 24) - 1  # Qt's "no maximum width"
MAX_SEED_DIGITS = 18  # fits the simulator's seed range (below 2**63)
SLIDER_PX = 130  # the speed slider: 12 stops, and room for the seed in Spanish at 1.5×
COMPACT_STEPS = 3  # speed slider → button, buttons without words, narrower picker


class ElidingComboBox(QComboBox):
    """A combo box whose shown choice ends in "…" when it is wider than the box (Qt cuts it
    mid-letter), with the whole text in its tooltip. The list shows the whole titles."""

    def _option(self) -> QStyleOptionComboBox:
        option = QStyleOptionComboBox()
        self.initStyleOption(option)
        field = self.style().subControlRect(QStyle.ComplexControl.CC_ComboBox, option,
                                            QStyle.SubControl.SC_ComboBoxEditField, self)
        option.currentText = self.fontMetrics().elidedText(
            option.currentText, Qt.TextElideMode.ElideRight, field.width())
        return option

    def shown_text(self) -> str:
        """The choice as the box shows it."""
        return self._option().currentText

    def paintEvent(self, event) -> None:
        painter = QStylePainter(self)
        option = self._option()
        painter.drawComplexControl(QStyle.ComplexControl.CC_ComboBox, option)
        painter.drawControl(QStyle.ControlElement.CE_ComboBoxLabel, option)


class RunBar(QToolBar):
    scenario_chosen = Signal(str)  # a bundled name or a file path
    open_file_requested = Signal()
    speed_chosen = Signal(object)  # rounds per second, or None for full speed
    seed_entered = Signal(int)

    def __init__(self, actions, parent=None):
        super().__init__(parent)
        self.setObjectName("runBar")
        self.setMovable(False)
        self.setFloatable(False)
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self._actions = actions
        self._current = ""  # the source of the scenario on show
        self.picker = ElidingComboBox()
        self.picker.setMinimumContentsLength(36)
        self.picker.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.picker.activated.connect(self._picked)
        self.addWidget(self.picker)
        self.addSeparator()
        for action in (actions.reset, actions.run, actions.step):
            self.addAction(action)
            self.widgetForAction(action).setMinimumWidth(96)
        self.addSeparator()
        self.speed = QSlider(Qt.Orientation.Horizontal)
        self.speed.setRange(0, len(SPEEDS) - 1)
        self.speed.setFixedWidth(SLIDER_PX)
        self.speed.valueChanged.connect(lambda i: self._speed_moved(SPEEDS[i]))
        self.speed_label = QLabel()
        self.speed_caption = QLabel()
        self._slider_action = self.addWidget(
            self._labelled(self.speed_caption, self.speed, self.speed_label))
        self.speed_button = QToolButton()  # the compact form: the speed, its stops in a menu
        self.speed_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.speed_button.setMenu(QMenu(self.speed_button))
        for index in range(len(SPEEDS)):
            self.speed_button.menu().addAction("").triggered.connect(
                lambda _=False, i=index: self.speed.setValue(i))
        self._button_action = self.addWidget(self.speed_button)
        self._button_action.setVisible(False)
        self.addSeparator()
        self.counter = QLabel()
        self.counter.setObjectName("roundCounter")
        self.counter.setTextFormat(Qt.TextFormat.PlainText)  # its unit comes from the file
        self.counter.setMinimumWidth(170)
        self.addWidget(self.counter)
        self.addSeparator()
        self.seed = QLineEdit()
        self.seed.setValidator(QRegularExpressionValidator(rf"\d{{1,{MAX_SEED_DIGITS}}}"))
        self.seed.setFixedWidth(110)
        self.seed.editingFinished.connect(self._seed_edited)
        new_seed = QToolButton()
        new_seed.setDefaultAction(actions.new_seed)
        self.seed_caption = QLabel()
        self.addWidget(self._labelled(self.seed_caption, self.seed, new_seed))
        self._seed_shown = ""
        self._picker_length = 36
        self.compact = 0  # how many of the COMPACT_STEPS are taken
        self.retranslate()

    def retranslate(self) -> None:
        """Set the bar's own texts in the language in force (the buttons are actions)."""
        self.speed.setToolTip(self.tr("Rounds per second: slow enough to narrate, or as fast "
                                      "as the machine goes"))
        self.speed_caption.setText(self.tr("Speed"))
        self.seed.setToolTip(self.tr("The same seed gives the same run, here and in the "
                                     "command line; press Enter to set up again with it"))
        self.seed_caption.setText(self.tr("Seed"))
        self.picker.setAccessibleName(self.tr("Scenario"))
        self.speed.setAccessibleName(self.tr("Speed"))
        self.speed.setAccessibleDescription(self.speed.toolTip())
        self.speed_button.setToolTip(self.speed.toolTip())
        self.speed_button.setAccessibleName(self.tr("Speed"))
        for speed, action in zip(SPEEDS, self.speed_button.menu().actions(), strict=True):
            action.setText(self._speed_text(speed))
        self.seed.setAccessibleName(self.tr("Seed"))
        self.seed.setAccessibleDescription(self.seed.toolTip())
        self.counter.setAccessibleName(self.tr("Round counter"))
        self._show_speed_text(SPEEDS[self.speed.value()])
        self._fit_speed_label()
        for entry in range(self.picker.count()):
            if self.picker.itemData(entry) is OPEN_FILE:
                self.picker.setItemText(entry, self.tr("Open scenario file…"))
        self.fit()  # words are longer in some languages

    def apply_theme(self, theme) -> None:
        """Widths that hold text grow with the zoom (a seed must stay readable at 2×); the
        icons of the window's actions, shown here and in the menus and the guide bar, take
        the theme's text colour (the window styles itself through this bar)."""
        self._actions.apply_theme(theme)
        self.speed.setFixedWidth(theme.px(SLIDER_PX))
        self._fit_speed_label()
        self.counter.setMinimumWidth(theme.px(170))
        self.seed.setFixedWidth(theme.px(110))
        self._picker_length = 12 if theme.presentation else 36
        self.fit()

    # --- fitting the width -------------------------------------------------------------

    def fit(self) -> None:
        """Take the fewest compact steps that make everything fit the bar's width."""
        for steps in range(COMPACT_STEPS + 1):
            self._compact(steps)
            if steps == COMPACT_STEPS or self.needed_width() <= self.width():
                return

    def _compact(self, steps: int) -> None:
        self.compact = steps
        self._slider_action.setVisible(steps < 1)
        self._button_action.setVisible(steps >= 1)
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon if steps < 2
                                else Qt.ToolButtonStyle.ToolButtonIconOnly)
        for action in (self._actions.reset, self._actions.run, self._actions.step):
            self.widgetForAction(action).setMinimumWidth(96 if steps < 2 else 0)
        self.picker.setMinimumContentsLength(self._picker_length if steps < 3 else 6)
        # Qt keeps the combo box's old minimum size hint when its contents length shrinks:
        # cap the width at what the new length asks for.
        self.picker.setMaximumWidth(self.picker.sizeHint().width() if steps >= 3
                                    else QWIDGETSIZE_MAX)

    def needed_width(self) -> int:
        """The width every visible item of the bar takes side by side, with the bar's
        spacing and margins and room for the "»" button (kept free: Qt's own reckoning of
        when to open that menu runs a few pixels wider than the items' size hints)."""
        layout = self.layout()
        spacing = layout.spacing()
        widgets = [self.widgetForAction(a) for a in self.actions() if a.isVisible()]
        widths = [min(max(w.sizeHint().width(), w.minimumSizeHint().width(), w.minimumWidth()),
                      w.maximumWidth()) for w in widgets if w is not None]
        margins = layout.contentsMargins()
        slack = self.style().pixelMetric(QStyle.PixelMetric.PM_ToolBarExtensionExtent)
        return (sum(widths) + spacing * len(widths) + margins.left() + margins.right()
                + slack)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self.fit()

    def _fit_speed_label(self) -> None:
        """As wide as the widest speed in the language in force: the bar does not jump as the
        slider moves, and keeps no room it never uses (the seed must still fit at 1.5×)."""
        metrics = self.speed_label.fontMetrics()
        self.speed_label.setFixedWidth(max(metrics.horizontalAdvance(self._speed_text(speed))
                                           for speed in SPEEDS) + 4)

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    @staticmethod
    def _labelled(caption: QLabel, *widgets) -> QWidget:
        box = QWidget()
        box.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        layout = QHBoxLayout(box)
        layout.setContentsMargins(6, 0, 6, 0)
        layout.addWidget(caption)
        for widget in widgets:
            layout.addWidget(widget)
        return box

    # --- scenario picker ---------------------------------------------------------------

    def show_scenarios(self, entries: list[tuple[str, str]], current: str) -> None:
        """``entries`` are (name or path, title); ``current`` is selected (a file that is not
        bundled is listed too, so the picker always says what is open)."""
        self.picker.blockSignals(True)
        self.picker.clear()
        for source, title in entries:
            self.picker.addItem(title, source)
        if self.picker.findData(current) < 0:
            self.picker.addItem(current, current)
        self.picker.insertSeparator(self.picker.count())
        self.picker.addItem(self.tr("Open scenario file…"), OPEN_FILE)
        self.picker.setCurrentIndex(self.picker.findData(current))
        self.picker.setToolTip(self.picker.currentText())  # long titles are cut in the box
        self.picker.blockSignals(False)
        self._current = current

    def _picked(self, index: int) -> None:
        source = self.picker.itemData(index)
        self.picker.setCurrentIndex(self.picker.findData(self._current))
        if source is OPEN_FILE:
            self.open_file_requested.emit()
        elif source != self._current:
            self.scenario_chosen.emit(source)

    # --- speed, round, seed ------------------------------------------------------------

    def show_speed(self, speed: float | None) -> None:
        self.speed.blockSignals(True)
        self.speed.setValue(SPEEDS.index(speed) if speed in SPEEDS else len(SPEEDS) - 1)
        self.speed.blockSignals(False)
        self._show_speed_text(speed)

    def _speed_moved(self, speed: float | None) -> None:
        self._show_speed_text(speed)
        self.speed_chosen.emit(speed)

    def _show_speed_text(self, speed: float | None) -> None:
        self.speed_label.setText(self._speed_text(speed))
        self.speed_button.setText(self._speed_text(speed))

    def _speed_text(self, speed: float | None) -> str:
        return (self.tr("full speed") if speed is None
                else self.tr("{n} rounds/s").format(n=formatting.localise(f"{speed:g}")))

    def show_round(self, rounds: int, unit: str, text: str | None = None) -> None:
        """The counter: "Month 220", or ``text`` ("Viewing month 80 of 220")."""
        text = text or f"{unit.capitalize()} {formatting.number(rounds)}"
        grown = len(text) != len(self.counter.text())  # another digit, another unit
        self.counter.setText(text)
        if grown:
            self.fit()

    def show_seed(self, seed: int) -> None:
        self._seed_shown = str(seed)
        self.seed.setText(self._seed_shown)

    def _seed_edited(self) -> None:
        text = self.seed.text()
        if text and text != self._seed_shown:
            self._seed_shown = text
            self.seed_entered.emit(int(text))
