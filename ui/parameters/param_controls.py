"""One control per parameter type: slider + spin box for numbers, a switch, a choice box.

Every control shows a value and emits ``committed(value)`` when the user has settled on a new
one. Settling matters because each commit mid-run is an event with a marker on every chart: a
slider drag commits once, on release; spin box arrows and the keyboard are debounced
(``DEBOUNCE_MS``, after Orange's widgets), so ten quick clicks make one change, not ten.
``show_value`` updates the control without committing (the session changed the value).
"""

from __future__ import annotations

import math
from typing import Any

from PySide6.QtCore import QPointF, QRectF, QSignalBlocker, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QDoubleSpinBox,
    QHBoxLayout,
    QSlider,
    QSpinBox,
    QWidget,
)

from ui.theme import Theme

DEBOUNCE_MS = 250
SLIDER_STEPS = 1000
#: Ranges wider than this ratio get a logarithmic slider (1 to 10 million people, say).
LOG_RATIO = 1000


class ParamControl(QWidget):
    committed = Signal(object)

    def __init__(self, param, parent=None):
        super().__init__(parent)
        self.param = param
        self._shown: Any = None

    def show_value(self, value: Any) -> None:
        raise NotImplementedError

    def value(self) -> Any:
        raise NotImplementedError

    def _commit(self) -> None:
        value = self.value()
        if value != self._shown:
            self._shown = value
            self.committed.emit(value)


class NumberControl(ParamControl):
    """A slider for a quick move and a spin box for an exact value, kept in step."""

    def __init__(self, param, parent=None, theme: Theme | None = None):
        super().__init__(param, parent)
        theme = theme or Theme()
        self.is_int = param.type == "int"
        self.low = param.min if param.min is not None else 0.0
        self.high = param.max if param.max is not None else max(100.0, 10 * abs(param.default))
        self.log = self.low > 0 and self.high / self.low >= LOG_RATIO
        self.spin = QSpinBox() if self.is_int else QDoubleSpinBox()
        self.spin.setRange(int(self.low) if self.is_int else self.low,
                           int(self.high) if self.is_int else self.high)
        if not self.is_int:
            step = param.step or _nice_step((self.high - self.low) / 100)
            self.spin.setSingleStep(step)
            self.spin.setDecimals(max(0, -math.floor(math.log10(step))))
        self.spin.setKeyboardTracking(False)
        self.spin.setMinimumWidth(theme.px(96))
        self.spin.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setRange(0, SLIDER_STEPS)
        self.slider.setMinimumWidth(80)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.slider, 1)
        layout.addWidget(self.spin)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(DEBOUNCE_MS)
        self._debounce.timeout.connect(self._commit)
        self.slider.valueChanged.connect(self._slider_moved)
        self.slider.sliderReleased.connect(self._commit_now)
        self.spin.valueChanged.connect(self._spin_changed)

    def set_upper(self, high: float) -> None:
        """Offer values up to ``high`` (at most the schema's maximum): the range the other
        parameters leave this one."""
        high = min(high, self.param.max) if self.param.max is not None else high
        if high == self.high or high <= self.low:
            return
        self.high = high
        self.log = self.low > 0 and self.high / self.low >= LOG_RATIO
        with QSignalBlocker(self.spin), QSignalBlocker(self.slider):
            self.spin.setMaximum(int(high) if self.is_int else high)
            self.slider.setValue(self._to_slider(self.spin.value()))

    def _to_slider(self, value: float) -> int:
        if self.log:
            t = math.log(value / self.low) / math.log(self.high / self.low)
        else:
            t = (value - self.low) / (self.high - self.low) if self.high > self.low else 0.0
        return round(min(max(t, 0.0), 1.0) * SLIDER_STEPS)

    def _from_slider(self, position: int) -> float:
        t = position / SLIDER_STEPS
        if self.log:
            value = self.low * (self.high / self.low) ** t
            return _round_significant(value, 2)
        value = self.low + t * (self.high - self.low)
        step = self.spin.singleStep()
        return round(round(value / step) * step, 10)

    def _slider_moved(self, position: int) -> None:
        value = self._from_slider(position)
        with QSignalBlocker(self.spin):
            self.spin.setValue(round(value) if self.is_int else value)
        if not self.slider.isSliderDown():  # keyboard, wheel or a click on the groove
            self._debounce.start()

    def _spin_changed(self, value: float) -> None:
        with QSignalBlocker(self.slider):
            self.slider.setValue(self._to_slider(value))
        self._debounce.start()

    def _commit_now(self) -> None:
        self._debounce.stop()
        self._commit()

    def value(self) -> Any:
        value = self.spin.value()
        return int(value) if self.is_int else float(value)

    def show_value(self, value: Any) -> None:
        if self._debounce.isActive() or self.slider.isSliderDown():
            return  # the user is mid-change; their value is about to be committed
        self._shown = value
        with QSignalBlocker(self.spin), QSignalBlocker(self.slider):
            self.spin.setValue(value)
            self.slider.setValue(self._to_slider(value))


class Switch(QAbstractButton):
    """An on/off switch: clearer than a check box from the back of a room."""

    def __init__(self, theme: Theme, parent=None):
        super().__init__(parent)
        self.theme = theme
        self.setCheckable(True)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

    def sizeHint(self) -> QSize:
        return QSize(self.theme.px(46), self.theme.px(24))

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)  # a small shape: cheap
        rect = QRectF(1, 1, self.width() - 2, self.height() - 2)
        radius = rect.height() / 2
        on = self.isChecked()
        focus = self.hasFocus()
        edge = max(1.0, self.theme.px(2.5)) if focus else 1.0
        rect = rect.adjusted(edge / 2, edge / 2, -edge / 2, -edge / 2)
        radius = rect.height() / 2
        painter.setPen(QPen(QColor(self.theme.focus if focus else self.theme.switch_edge), edge))
        painter.setBrush(QColor(self.theme.lever if on else self.theme.switch_off))
        painter.drawRoundedRect(rect, radius, radius)
        knob = radius - 3
        x = rect.right() - radius if on else rect.left() + radius
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(self.theme.on_lever if on else self.theme.foreground))
        painter.drawEllipse(QPointF(x, rect.center().y()), knob, knob)


class SwitchControl(ParamControl):
    def __init__(self, param, theme: Theme, parent=None):
        super().__init__(param, parent)
        self.switch = Switch(theme)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.switch)
        layout.addStretch(1)
        self.switch.toggled.connect(lambda _on: self._commit())

    def value(self) -> bool:
        return self.switch.isChecked()

    def show_value(self, value: Any) -> None:
        self._shown = bool(value)
        with QSignalBlocker(self.switch):
            self.switch.setChecked(bool(value))
        self.switch.update()


class ChoiceControl(ParamControl):
    def __init__(self, param, lang: str, parent=None):
        super().__init__(param, parent)
        self.combo = QComboBox()
        # As wide as the row gives it, not as the longest choice: a long label ("Weighted by
        # the chance of being shown (IPW)") would widen the row past the pane's edge and cut
        # its LEVER badge off. The open list shows every label whole.
        self.combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.combo.setMinimumContentsLength(8)
        labels = param.choice_labels or ()
        for i, choice in enumerate(param.choices):
            self.combo.addItem(labels[i].get(lang) if i < len(labels) else choice, choice)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.combo, 1)
        self.combo.activated.connect(lambda _index: self._commit())

    def value(self) -> str:
        return self.combo.currentData()

    def show_value(self, value: Any) -> None:
        self._shown = value
        self.combo.setCurrentIndex(max(self.combo.findData(value), 0))


def make_control(param, theme: Theme, lang: str) -> ParamControl:
    if param.type == "bool":
        return SwitchControl(param, theme)
    if param.type == "choice":
        return ChoiceControl(param, lang)
    return NumberControl(param, theme=theme)


def _nice_step(x: float) -> float:
    power = 10 ** math.floor(math.log10(x)) if x > 0 else 1.0
    return next(m * power for m in (1, 2, 5, 10) if m * power >= x)


def _round_significant(x: float, digits: int) -> float:
    if x == 0:
        return 0.0
    return round(x, digits - 1 - math.floor(math.log10(abs(x))))
