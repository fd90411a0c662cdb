"""The guide bar: a scenario's guided tour, one click per step.

"Next step" plays the run up to the step's round (fast), pauses there, shows the step's caption
large enough to read from the back of the room and makes the step's lever changes, each of
which becomes a marked event on the charts. Hidden for scenarios without a guide.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import (
    QBoxLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QToolButton,
    QVBoxLayout,
)

from ui import formatting
from ui.guide.claim_notes import ClaimNotes

#: Below this width the guide bar stacks its buttons, leaving the caption the width.
STACK_BELOW_PX = 1100
#: The caption may take at most this share of the window's height; a longer caption is set in
#: smaller type (down to CAPTION_FLOOR of the theme's size) instead of being cut off, so the
#: charts keep their room and the room reads every word.
CAPTION_SHARE = 0.22
CAPTION_FLOOR = 0.5


def fitted_px(text: str, font, width: int, base_px: int, max_height: int) -> int:
    """The largest type size from ``base_px`` down to ``CAPTION_FLOOR × base_px`` at which
    ``text``, wrapped to ``width``, fits ``max_height`` (the floor when none does)."""
    floor = max(1, round(base_px * CAPTION_FLOOR))
    for px in range(base_px, floor - 1, -1):
        font.setPixelSize(px)
        box = QFontMetrics(font).boundingRect(QRect(0, 0, width, 100_000),
                                              Qt.TextFlag.TextWordWrap, text)
        if box.height() <= max_height:
            return px
    return floor


class Caption(QLabel):
    """The step's caption: in the theme's type, or smaller where it would take more than
    CAPTION_SHARE of the window's height (see :func:`fitted_px`), refitted whenever its text,
    its width or the theme changes."""

    base_px: int | None = None  # the theme's caption size; set by GuideBar.apply_theme

    def fit(self) -> None:
        window = self.window()
        if self.base_px is None or window is None or not self.text() or self.width() <= 0:
            return
        # 8 % of headroom: a label lays text out a few pixels taller than the font measures.
        px = fitted_px(self.text(), self.font(), self.width(), self.base_px,
                       int(window.height() * CAPTION_SHARE * 0.92))
        wanted = "" if px == self.base_px else f"font-size: {px}px;"
        if self.styleSheet() != wanted:  # restyle only on a change: no layout churn
            self.setStyleSheet(wanted)
        # The layout may not squeeze the fitted caption below its text (the charts give way).
        font = self.font()
        font.setPixelSize(px)
        needed = QFontMetrics(font).boundingRect(QRect(0, 0, self.width(), 100_000),
                                                 Qt.TextFlag.TextWordWrap, self.text()).height()
        if self.minimumHeight() != needed:
            self.setMinimumHeight(needed)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.fit()


class GuideBar(QFrame):
    def __init__(self, session, next_action, lang: str = "en", parent=None,
                 back_actions=()):
        super().__init__(parent)
        self.session = session
        self.next_action = next_action
        self.back_actions = tuple(back_actions)  # Previous step, Go to step…
        self.lang = lang
        self.setObjectName("guideBar")
        self.step_label = QLabel()
        self.step_label.setObjectName("guideStep")
        self.caption = Caption()
        self.caption.setObjectName("guideCaption")
        self.caption.setWordWrap(True)
        for label in (self.step_label, self.caption):  # captions come from scenario files
            label.setTextFormat(Qt.TextFormat.PlainText)
        self.caption.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.claims = ClaimNotes(session, lang)
        buttons = []
        for action in (*self.back_actions, next_action):
            button = QToolButton()
            button.setDefaultAction(action)
            # Going back is the rarer move: Previous is its arrow alone (its name in the
            # tooltip), so the caption keeps the width a room reads it at.
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly
                                      if self.back_actions[:1] == (action,)
                                      else Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            button.setMinimumHeight(40)
            buttons.append(button)
        text = QVBoxLayout()
        text.setSpacing(2)
        text.addWidget(self.step_label)
        text.addWidget(self.caption)
        text.addWidget(self.claims)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 6, 12, 8)
        layout.addLayout(text, 1)
        # The buttons stand in a row, or in a column on a narrow bar, where a row would take
        # the width the caption needs (a 1280 px projector in presentation mode).
        self.buttons = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        for button in buttons:
            self.buttons.addWidget(button, 0, Qt.AlignmentFlag.AlignVCenter)
        layout.addLayout(self.buttons, 0)
        session.guide_changed.connect(self.refresh)
        session.scenario_changed.connect(self.refresh)

    def refresh(self) -> None:
        session = self.session
        self.claims.lang = self.lang
        self.claims.refresh()
        steps = session.guide_steps
        self.setVisible(bool(steps))
        idle = bool(steps) and not session.guide_advancing
        self.next_action.setEnabled(idle and session.guide_next < len(steps))
        for action in self.back_actions:  # Previous needs a step on screen to go back from
            action.setEnabled(idle and (action is not self.back_actions[0]
                                        or session.guide_shown is not None))
        if not steps:
            return
        unit = session.scenario.round_unit.get(self.lang)
        shown = session.guide_shown
        if session.guide_advancing:
            target = steps[session.guide_next - 1]
            self.step_label.setText(self.tr("Step {n} of {total}").format(
                n=session.guide_next, total=len(steps)))
            self.caption.setText(self.tr("Playing on to {unit} {round}…").format(
                unit=unit, round=target.round))
        elif shown is None:
            self.step_label.setText(formatting.count(
                len(steps), self.tr("Guided tour: {n} step"), self.tr("Guided tour: {n} steps")))
            self.caption.setText(self.tr("Press “Next step” (Page Down) to begin."))
        else:
            step = steps[shown]
            late = session.late_step(shown)
            if late is None:
                self.step_label.setText(self.tr("Step {n} of {total} · {unit} {round}").format(
                    n=shown + 1, total=len(steps), unit=unit,
                    round=formatting.number(step.round)))
            else:
                self.step_label.setText(self.tr(
                    "Step {n} of {total} · late: due at {unit} {round}, applied now, at {unit} "
                    "{applied}").format(n=shown + 1, total=len(steps), unit=unit,
                                       round=formatting.number(step.round),
                                       applied=formatting.number(late)))
            self.caption.setText(step.caption.get(self.lang))
        self.caption.fit()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        direction = (QBoxLayout.Direction.TopToBottom if self.width() < STACK_BELOW_PX
                     else QBoxLayout.Direction.LeftToRight)
        if self.buttons.direction() != direction:
            self.buttons.setDirection(direction)

    def apply_theme(self, theme) -> None:
        """The theme's caption size (zoom and presentation mode included), to fit from."""
        self.caption.base_px = theme.px(theme.caption_px)
        self.caption.fit()
