"""The visual grammar in code: the pen (and brush) of a series from its colour and its role.

Charts, legends, exports and the report ask here instead of choosing styles themselves, so a
style keeps one meaning everywhere (``docs/visual-grammar.md``):

========================  =================================================================
role                      how it is drawn
========================  =================================================================
``live``                  solid, full width: what happens
``truth``                 dashed, full width: the truth the live line should match
``second``                dotted, full width: a second measure of the same groups
``baseline``              thin and translucent, in the live line's colour and pattern
``counterfactual``        broad and pale, in the live line's colour and pattern
``band``                  a shade between the 10 % and 90 % lines, its mean a thin line
========================  =================================================================

Colour is the group's (Okabe–Ito), or for a series that is no group's a neutral tone.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from ui.charts.plot_model import BAND, BASELINE, COUNTERFACTUAL, LIVE, SECOND, TRUTH
from ui.theme import Theme

#: The dash pattern of each role of the live run's curves.
PATTERNS = {TRUTH: Qt.PenStyle.DashLine, SECOND: Qt.PenStyle.DotLine}
#: Comparison lines: (width relative to a live line, opacity).
COMPARISON = {BASELINE: (0.45, 0.6), COUNTERFACTUAL: (1.9, 0.22)}
BAND_FILL = 0.2  # opacity of a band's shade
BAND_MEAN = (0.45, 0.85)  # its mean line: (relative width, opacity)


def colour_of(theme: Theme, colour: int | None, tone: int = 0) -> QColor:
    """A group's colour, or (``colour`` None) a neutral tone."""
    return theme.neutral(tone) if colour is None else theme.series_colour(colour)


def pen(theme: Theme, colour: int | None, role: str, tone: int = 0, live_role: str = ""):
    """The pen of a curve of ``role``; for a comparison role (baseline, counterfactual, band
    mean), ``live_role`` is the role of the live curve it is compared with, whose pattern it
    keeps (a truth's baseline is a thin dashed line)."""
    qcolour = colour_of(theme, colour, tone)
    width = theme.line_width
    if role in COMPARISON or role == BAND:
        factor, alpha = BAND_MEAN if role == BAND else COMPARISON[role]
        qcolour.setAlphaF(alpha)
        width *= factor
        role = live_role
    result = theme.pen(qcolour, PATTERNS.get(role, Qt.PenStyle.SolidLine), width)
    if role == SECOND:  # round dots, not dashes, at any width
        result.setCapStyle(Qt.PenCapStyle.RoundCap)
        result.setDashPattern([0.1, 2.2])
    return result


def band_colour(theme: Theme, colour: int | None, tone: int = 0) -> QColor:
    """The shade of a band."""
    qcolour = colour_of(theme, colour, tone)
    qcolour.setAlphaF(BAND_FILL)
    return qcolour


def band_sample(theme: Theme) -> tuple:
    """A legend sample for the band: a broad stroke of the neutral shade with the mean's thin
    line along it, as the band is drawn (and unlike the counterfactual's plain pale line)."""
    return (theme.pen(band_colour(theme, None), width=theme.legend_px),
            pen(theme, None, BAND, live_role=LIVE))
