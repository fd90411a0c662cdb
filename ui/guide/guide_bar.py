"""The guide bar: a scenario's guided tour, one click per step.

"Next step" plays the run up to the step's round (fast), pauses there, shows the step's caption
large enough to read from the back of the room and makes the step's lever changes, each of
which becomes a marked event on the charts. A step with a question shows the question in the
caption's place and its choices under it; "Next step" is then "Reveal" (the same key), which
plays on to the round that answers it and shows the step's caption with the right choice
marked. Hidden for scenarios without a guide.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QBoxLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QToolButton,
    QVBoxLayout,
)

from ui import formatting
from ui.guide.caption import (
    CAPTION_SHARE,
    CAPTION_SHARE_ANSWERED,
    CAPTION_SHARE_ASKING,
    Caption,
)
from ui.guide.claim_notes import ClaimNotes
from ui.guide.prediction_panel import PredictionPanel
from ui.theme import CHOICE_SHARE

#: The share of the bar the caption keeps when the buttons stand in a row beside it; with
#: less (a narrow bar, large presentation type) the buttons stack in a column instead. A
#: column makes the bar three buttons tall, height the charts below need at 1280x720, so a
#: row is kept wherever the caption still gets most of the width, unless a question is on
#: screen: its choices make the bar that tall anyway, and the caption keeps the width.
CAPTION_KEEPS = 0.6


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
        self.step_label.setWordWrap(True)  # a late step says so at length, in any language
        for label in (self.step_label, self.caption):  # captions come from scenario files
            label.setTextFormat(Qt.TextFormat.PlainText)
        self.caption.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.claims = ClaimNotes(session, lang)
        self.choices = PredictionPanel(session, lang)
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
        text.addWidget(self.choices)
        text.addWidget(self.claims)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 6, 12, 8)
        layout.addLayout(text, 1)
        # The buttons stand in a row, or in a column on a narrow bar, where a row would take
        # the width the caption needs (a 1280 px projector in presentation mode).
        self.buttons = QBoxLayout(QBoxLayout.Direction.TopToBottom)
        self._asked = False  # whether the buttons were last arranged beside a question
        for button in buttons:
            self.buttons.addWidget(button, 0, Qt.AlignmentFlag.AlignVCenter)
        layout.addLayout(self.buttons, 0)
        session.guide_changed.connect(self.refresh)
        session.scenario_changed.connect(self.refresh)

    def refresh(self) -> None:
        session = self.session
        self.claims.lang = self.choices.lang = self.lang
        self.choices.refresh()
        self.claims.refresh()
        choosing = self.choices.isVisibleTo(self)
        self.caption.share = (CAPTION_SHARE if not choosing else CAPTION_SHARE_ASKING
                              if session.guide_asking is not None else CAPTION_SHARE_ANSWERED)
        steps = session.guide_steps
        self.setVisible(bool(steps))
        idle = bool(steps) and not session.guide_advancing
        asking = session.guide_asking is not None
        self.next_action.setEnabled(idle and (asking or session.guide_next < len(steps)))
        self._name_next(asking)
        for action in self.back_actions:  # Previous needs a step on screen to go back from
            action.setEnabled(idle and (action is not self.back_actions[0]
                                        or session.guide_shown is not None))
        if not steps:
            return
        unit = session.scenario.round_unit.get(self.lang)
        shown = session.guide_shown
        if session.guide_revealing:
            self.caption.setText(self.tr("Playing on to {unit} {round} for the answer…").format(
                unit=unit, round=formatting.number(session.bench.reveal_round())))
        elif session.guide_advancing:
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
            if session.guide_asking == shown:
                self.step_label.setText(self.step_label.text() + " · " + self.tr(
                    "Question"))
                self.caption.setText(step.prediction.ask.get(self.lang))
            else:
                self.caption.setText(step.caption.get(self.lang))
        if self.choices.isVisibleTo(self) != self._asked:  # a question came or went
            self._arrange()  # first: the caption is fitted to the width the buttons leave it
        self.caption.fit()

    def _name_next(self, asking: bool) -> None:
        """"Next step" is "Reveal" while a question is open: the same action and key."""
        text = self.tr("Reveal") if asking else self.tr("Next step")
        if self.next_action.text() != text:
            self.next_action.setText(text)
            keys = self.next_action.shortcuts()
            if keys:
                self.next_action.setToolTip(f"{text} ({keys[0].toString()})")

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._arrange()

    def _arrange(self) -> None:
        """The buttons in a row beside the caption, or in a column (see CAPTION_KEEPS)."""
        gap = self.buttons.spacing()
        row = sum(self.buttons.itemAt(i).sizeHint().width() + gap
                  for i in range(self.buttons.count()))
        self._asked = self.choices.isVisibleTo(self)
        column = self._asked or self.width() - row < CAPTION_KEEPS * self.width()
        direction = (QBoxLayout.Direction.TopToBottom if column
                     else QBoxLayout.Direction.LeftToRight)
        if self.buttons.direction() != direction:
            self.buttons.setDirection(direction)
            self.layout().activate()  # the caption's new width now, before it is fitted

    def apply_theme(self, theme) -> None:
        """The theme's caption size (zoom and presentation mode included), to fit from."""
        self.caption.base_px = theme.px(theme.caption_px)
        # The buttons' type changes too, and the bar's width with it (presentation mode hides
        # panes): until the bar is resized they stand in a column, which leaves the caption
        # the most width, the fewest lines, so a caption never makes the window grow.
        self.buttons.setDirection(QBoxLayout.Direction.TopToBottom)
        self.caption.fit()
        self.choices.apply_theme(theme, theme.px(theme.caption_px * CHOICE_SHARE))
