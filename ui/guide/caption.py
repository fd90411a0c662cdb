"""Captions fitted to their share of the window: a guide step's caption, a question and its
choices, set in the theme's type or smaller where they would take more than their share of
the window's height, so the charts keep their room and the room reads every word."""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QLabel

#: The caption may take at most this share of the window's height; a longer caption is set in
#: smaller type (down to CAPTION_FLOOR of the theme's size) instead of being cut off, so the
#: charts keep their room and the room reads every word.
CAPTION_SHARE = 0.22
CAPTION_FLOOR = 0.5
#: With a question's choices under it, the question keeps to this share, and the caption over
#: the revealed answer to the other, so that the choices fit beside the charts' share too.
CAPTION_SHARE_ASKING = 0.12
CAPTION_SHARE_ANSWERED = 0.15


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
    share = CAPTION_SHARE  # of the window's height
    limit_px: int | None = None  # no larger than this (a question's choices share one size)
    px: int | None = None  # the size it is set in

    def fit(self) -> None:
        window = self.window()
        if self.base_px is None or window is None or not self.text() or self.width() <= 0:
            return
        self.ensurePolished()  # measure in the style's font (a marked choice is bold)
        # 8 % of headroom: a label lays text out a few pixels taller than the font measures.
        most = int(window.height() * self.share * 0.92)
        px = fitted_px(self.text(), self.font(), self.contentsRect().width(), self.base_px, most)
        if self.limit_px is not None:
            px = min(px, self.limit_px)
        floor = max(1, round(self.base_px * CAPTION_FLOOR))
        held = self.minimumHeight()
        self.setMinimumHeight(0)  # a label's height for a width is never below its minimum
        while True:  # the label's own layout has the last word (it may wrap a word sooner)
            self._set_px(px)
            needed = self.heightForWidth(self.width())
            if needed <= most or px <= floor:
                break
            px -= 1
        self.px = px
        # The layout may not squeeze the fitted caption below its text (the charts give way).
        self.setMinimumHeight(needed if needed != held else held)

    def start_small(self) -> None:
        """Set in the smallest size the fit allows, until it has a width to fit to."""
        if self.base_px is not None:
            self._set_px(max(1, round(self.base_px * CAPTION_FLOOR)))

    def _set_px(self, px: int) -> None:
        wanted = "" if px == self.base_px else f"font-size: {px}px;"
        if self.styleSheet() != wanted:  # restyle only on a change: no layout churn
            self.setStyleSheet(wanted)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.fit()
