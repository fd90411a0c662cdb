"""Colours, fonts and line widths of the whole GUI, in one place.

Every widget takes its look from a :class:`Theme` instead of hard-coding it, so that zooming
(Ctrl+±), a presentation mode (large fonts, thick lines) or a dark theme is a matter of building
another Theme and calling ``apply_theme`` on the window. Sizes are in pixels at zoom 1 and are
scaled by ``scale``; defaults are chosen to be readable on a projector at 1600×1000.

Series colours are the Okabe–Ito palette, which stays distinguishable with the common forms of
colour blindness. Its yellow (#F0E442) is left out: it is unreadable as a thin line on white.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont

#: Okabe–Ito colours readable on white, most distinct pairs first (blue / vermillion).
OKABE_ITO = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000")

#: Line styles that tell series apart without colour; dashes are reserved for truth lines.
SERIES_STYLES = (Qt.PenStyle.SolidLine, Qt.PenStyle.DashDotLine, Qt.PenStyle.DotLine,
                 Qt.PenStyle.DashDotDotLine)
TRUTH_STYLE = Qt.PenStyle.DashLine

ZOOM_STEP = 1.15
ZOOM_LIMITS = (0.6, 3.0)


@dataclass(frozen=True)
class Theme:
    """The look of the GUI; immutable, so a change is a new Theme applied everywhere."""

    scale: float = 1.0
    series: tuple[str, ...] = OKABE_ITO
    background: str = "#FFFFFF"
    panel: str = "#F4F5F7"
    foreground: str = "#1B1B1B"
    muted: str = "#5F6368"
    grid_alpha: float = 0.18
    lever: str = "#007A5A"  # a darker Okabe–Ito bluish green: lever accents and badges
    lever_tint: str = "#E3F4EE"
    bias: str = "#B34700"  # a darker vermillion: active biases in the loop diagram
    bias_tint: str = "#FBE9DF"
    setting_tint: str = "#ECEEF1"
    focus_tint: str = "#FFF1CC"  # rows focused from the loop diagram
    border: str = "#D0D3D8"
    switch_off: str = "#C9CDD2"
    switch_edge: str = "#9AA0A6"
    marker: str = "#3C3C3C"
    marker_fill: str = "#AAFFFFFF"  # behind marker labels: the data still shows through
    reference: str = "#7A7A7A"
    pulse: str = "#E69F00"
    line_width: float = 2.5
    marker_width: float = 1.5
    antialias: bool = False  # thin lines render faster and crisper without it at normal size
    font_family: str = "DejaVu Sans"
    base_px: int = 14
    small_px: int = 12
    title_px: int = 16
    axis_px: int = 13
    tick_px: int = 12
    legend_px: int = 13
    marker_px: int = 12
    section_px: int = 15
    counter_px: int = 24
    caption_px: int = 21
    stage_px: int = 20
    figure_px: int = 14

    def px(self, size: float) -> int:
        return max(1, round(size * self.scale))

    def font(self, size: float, bold: bool = False) -> QFont:
        font = QFont(self.font_family)
        font.setPixelSize(self.px(size))
        font.setBold(bold)
        return font

    def css_px(self, size: float) -> str:
        return f"{self.px(size)}px"

    def series_colour(self, index: int) -> QColor:
        return QColor(self.series[index % len(self.series)])

    def series_style(self, index: int) -> Qt.PenStyle:
        return SERIES_STYLES[index % len(SERIES_STYLES)]

    def pen(self, colour, style: Qt.PenStyle = Qt.PenStyle.SolidLine, width: float | None = None):
        pen = pg.mkPen(QColor(colour), width=(width or self.line_width) * self.scale, style=style)
        pen.setCapStyle(Qt.PenCapStyle.FlatCap)
        return pen

    def zoomed(self, steps: int) -> Theme:
        """This theme zoomed in (steps > 0) or out, within sensible limits; 0 resets."""
        scale = 1.0 if steps == 0 else self.scale * ZOOM_STEP**steps
        return replace(self, scale=min(max(scale, ZOOM_LIMITS[0]), ZOOM_LIMITS[1]))

    def stylesheet(self) -> str:
        """Application style sheet: only what Qt's default style gets wrong for a projector
        (sizes) plus the lever and focus accents, addressed through dynamic properties."""
        return f"""
        QWidget {{ font-size: {self.css_px(self.base_px)}; }}
        QToolTip {{ font-size: {self.css_px(self.base_px)}; }}
        QToolButton#stageHeader {{
            font-size: {self.css_px(self.section_px)}; font-weight: bold; border: none;
            padding: 6px 4px; text-align: left; }}
        QToolButton#stageHeader[lever="true"] {{ color: {self.lever}; }}
        QFrame#paramRow {{ border-left: 4px solid transparent; border-radius: 3px; }}
        QFrame#paramRow[lever="true"] {{ border-left: 4px solid {self.lever};
            background: {self.lever_tint}; }}
        QFrame#paramRow[focused="true"] {{ background: {self.focus_tint}; }}
        QLabel#leverBadge {{ color: white; background: {self.lever}; border-radius: 3px;
            padding: 0px 5px; font-size: {self.css_px(self.small_px)}; font-weight: bold; }}
        QLabel#muted {{ color: {self.muted}; font-size: {self.css_px(self.small_px)}; }}
        QLabel#helpArea {{ background: {self.panel}; border-top: 1px solid {self.border};
            padding: 8px; }}
        QLabel#roundCounter {{ font-size: {self.css_px(self.counter_px)}; font-weight: bold;
            padding: 0px 10px; }}
        QLabel#guideCaption {{ font-size: {self.css_px(self.caption_px)}; }}
        QLabel#guideStep {{ color: {self.muted}; font-weight: bold; }}
        QFrame#guideBar {{ background: {self.panel}; border-bottom: 1px solid {self.border}; }}
        """


def configure_pyqtgraph(theme: Theme) -> None:
    """pyqtgraph's global options; they apply to plots created afterwards."""
    pg.setConfigOptions(antialias=theme.antialias, background=theme.background,
                        foreground=theme.foreground)
