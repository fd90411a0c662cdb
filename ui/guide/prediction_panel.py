"""The choices of a guide step's question, under the question in the caption area.

While the question is open each choice has its letter, its text and a box for the room's votes
(left at "votes", they are not counted); "Reveal" (the Next step key, what a clicker sends)
plays on to the round that decides it, and then the right choice is shown alone, marked, with
the number that decides it and its share of the votes, under the step's caption. The question
and its answer come from :mod:`simulator.predictions`; the texts come from the scenario file,
so they are plain text.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QGridLayout, QLabel, QSpinBox, QWidget

from simulator.predictions import MAX_CHOICES, letter
from ui.guide.caption import Caption

CHECK = "\u2713"
MAX_VOTES = 9999
#: Each choice may take this share of the window's height (a line at the choices' size, in
#: presentation mode at 1280×720); a longer one is set smaller, as the caption is.
CHOICE_ROW_SHARE = 0.06
#: The right choice, once revealed, with the number that decides it: two lines' worth.
ANSWER_ROW_SHARE = 0.08
#: The guide's keys (Next and Previous step): a vote box leaves them to the guide instead of
#: stepping its count by ten, so a clicker works whichever box has the focus.
GUIDE_KEYS = (Qt.Key.Key_PageDown, Qt.Key.Key_PageUp)


class VoteBox(QSpinBox):
    """A count of votes; 0 shows "votes" (not counted)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setRange(0, MAX_VOTES)
        self.setObjectName("guideVotes")
        self.setAlignment(Qt.AlignmentFlag.AlignRight)

    def event(self, event) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and event.key() in GUIDE_KEYS:
            event.ignore()  # the shortcut (Reveal, Previous step) gets the key
            return False
        return super().event(event)

    def keyPressEvent(self, event) -> None:
        if event.key() in GUIDE_KEYS:
            event.ignore()
            return
        super().keyPressEvent(event)


class PredictionPanel(QWidget):
    def __init__(self, session, lang: str = "en", parent=None):
        super().__init__(parent)
        self.session = session
        self.lang = lang
        self.setObjectName("guideChoices")
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 2, 0, 2)
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(0)
        grid.setColumnStretch(1, 1)
        self.marks, self.texts, self.votes = [], [], []
        for row in range(MAX_CHOICES):
            mark, text, votes = QLabel(), Caption(), VoteBox()
            mark.setObjectName("guideChoiceMark")
            text.setObjectName("guideChoice")
            text.setWordWrap(True)
            text.share = CHOICE_ROW_SHARE
            for label in (mark, text):  # choices come from scenario files
                label.setTextFormat(Qt.TextFormat.PlainText)
            votes.valueChanged.connect(self._votes_changed)
            grid.addWidget(mark, row, 0, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(text, row, 1)
            grid.addWidget(votes, row, 2, Qt.AlignmentFlag.AlignVCenter)
            self.marks.append(mark)
            self.texts.append(text)
            self.votes.append(votes)
        self.note = QLabel()  # when no single choice held in this run
        self.note.setObjectName("guideChoiceNote")
        self.note.setWordWrap(True)
        grid.addWidget(self.note, MAX_CHOICES, 0, 1, 3)
        self._step: int | None = None  # the step whose choices are on show
        self.setVisible(False)

    def _votes_changed(self, _value: int) -> None:
        if self.session.guide_asking is None or self._step != self.session.guide_asking:
            return
        counts = [box.value() for box in self.votes[:len(self._choices())]]
        self.session.set_votes(counts if any(counts) else [])

    def _choices(self):
        return self.session.guide_steps[self._step].prediction.choices

    def apply_theme(self, theme, base_px: int) -> None:
        """The choices' type size (``base_px``, zoom and presentation mode included), and vote
        boxes just wide enough for four digits."""
        for text in self.texts:
            text.base_px = base_px
            text.fit()
        for box in self.votes:
            font = box.font()
            font.setPixelSize(theme.px(theme.small_px))
            box.setFixedWidth(QFontMetrics(font).horizontalAdvance("votos99") + theme.px(30))

    def refresh(self) -> None:
        """The choices of the question on show, open or answered (hidden for other steps)."""
        session = self.session
        shown = session.guide_shown
        step = None if shown is None else session.guide_steps[shown]
        if step is None or step.prediction is None or session.guide_advancing and \
                not session.guide_revealing:
            self._step = None
            self.setVisible(False)
            return
        asking = session.guide_asking == shown
        answered = shown in session.guide_answers
        if not asking and not answered:  # asked in an earlier pass (Previous step, --step)
            self.setVisible(False)
            return
        if self._step != shown:  # a new question: empty vote boxes
            self._step = shown
            for box in self.votes:
                box.blockSignals(True)
                box.setValue(0)
                box.blockSignals(False)
            for text in self.texts:  # small until fitted to their widths: the window must
                text.start_small()  # not grow for the first layout of long choices
        answer = None if asking else session.guide_answers[shown]
        right = None if answer is None else answer.right
        counts = [box.value() for box in self.votes[:len(step.prediction.choices)]]
        for i, (mark, text, votes) in enumerate(zip(self.marks, self.texts, self.votes,
                                                    strict=True)):
            # Asking: every choice, with its vote box. Answered: the right one alone, marked,
            # with the number that decides it (the caption above says why).
            here = i < len(step.prediction.choices) and (asking or i == right)
            for widget in (mark, text):
                widget.setVisible(here)
            votes.setVisible(here and asking)
            if not here:
                continue
            words = step.prediction.choices[i].text.get(self.lang)
            text.share = CHOICE_ROW_SHARE if asking else ANSWER_ROW_SHARE
            if asking:
                mark.setText(letter(i))
                votes.setSpecialValueText(self.tr("votes"))  # an empty box: not counted
            else:
                mark.setText(f"{CHECK} {letter(i)}")
                words += " \u2014 " + answer.sentence(session.scenario, self.lang)
                if any(counts):
                    words += " " + self.tr("({n} of {total} votes)").format(
                        n=counts[i], total=sum(counts))
            text.setText(words)
            state = "" if asking else "right"
            for widget in (mark, text):
                if widget.property("answer") != state:
                    widget.setProperty("answer", state)
                    widget.style().unpolish(widget)
                    widget.style().polish(widget)
        # The answer is measured in this run, which the facilitator may have changed.
        self.note.setText("" if asking or right is not None else self.tr(
            "In this run no single choice held (levers changed by hand, or a step taken "
            "late?): see the charts."))
        self.note.setVisible(bool(self.note.text()))
        self.setVisible(True)
        self._fit_choices()

    def _fit_choices(self) -> None:
        """Every choice in one size: the largest at which each fits its share."""
        shown = [text for text in self.texts if text.isVisibleTo(self)]
        for text in shown:
            text.limit_px = None
            text.fit()
        sizes = [text.px for text in shown if text.px is not None]
        for text in shown:
            text.limit_px = min(sizes, default=None)
            text.fit()
        for mark in self.marks:
            mark.setStyleSheet("" if not sizes else f"font-size: {min(sizes)}px;")

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit_choices()
