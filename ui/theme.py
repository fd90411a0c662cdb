"""Colours, fonts and line widths of the whole GUI, in one place.

Every widget takes its look from a :class:`Theme` instead of hard-coding it, so that zooming
(Ctrl+±), a presentation mode (large fonts, thick lines) or a dark theme is a matter of building
another Theme and calling ``apply_theme`` on the window. Sizes are in pixels at zoom 1 and are
scaled by ``scale``; defaults are chosen to be readable on a projector at 1600×1000.

Three palettes: light (the default, and what exports use unless asked otherwise), dark and
high contrast (:data:`THEMES`, :func:`theme_named`). Series colours are the Okabe–Ito palette,
which stays distinguishable with the common forms of colour blindness; each theme adjusts it so
every line keeps 3:1 against its plot background and every text 4.5:1 against what it sits on
(WCAG AA; ``tests/ui/test_themes.py`` checks every pair). Its yellow (#F0E442) is left out of
the light palette: it is unreadable as a thin line on white.
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
from dataclasses import dataclass, fields, replace
from functools import cache
from pathlib import Path

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QPalette

#: Okabe–Ito colours readable on white, most distinct pairs first (blue / vermillion). The
#: reddish purple, orange and sky blue are darkened to keep 3:1 against white.
OKABE_ITO = ("#0072B2", "#D55E00", "#009E73", "#B8689A", "#A66F00", "#3A7FB0", "#000000")
#: Okabe–Ito's light colours for a dark background; the bluish green and reddish purple are
#: lightened so that they stay apart from the sky blue under tritanopia and protanopia.
OKABE_ITO_DARK = ("#56B4E9", "#E69F00", "#7FE0B8", "#FFB3DE", "#F0E442", "#B0B0B0", "#FFFFFF")
#: Saturated colours on black for high contrast: yellow, cyan, pink, white, then the rest.
HIGH_CONTRAST_SERIES = ("#FFD400", "#00E5FF", "#FF7AC6", "#FFFFFF", "#7CFF6B", "#FFA64D")

#: Neutral tones for series that are not a group's (a whole-population figure), never a
#: group colour: near-black, mid grey, dark grey; each 3:1 or more against its background.
NEUTRALS = ("#1B1B1B", "#808080", "#4A4A4A")
NEUTRALS_DARK = ("#E8EAED", "#8F959D", "#C4C8CE")
NEUTRALS_HIGH_CONTRAST = ("#FFFFFF", "#9E9E9E", "#D0D0D0")

ZOOM_STEP = 1.15
ZOOM_LIMITS = (0.6, 3.0)
#: Presentation mode: everything this much larger, lines this much thicker again.
PRESENTATION_SCALE = 1.5
PRESENTATION_LINE = 1.6
PRESENTATION_CAPTION = 1.35


@cache  # the loop diagram asks again for every number it colours, 5 times a second
def relative_luminance(colour: str) -> float:
    """WCAG 2 relative luminance of an sRGB colour (``#RRGGBB`` or ``#AARRGGBB``)."""
    c = QColor(colour)

    def channel(v: float) -> float:
        return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4

    return (0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF())
            + 0.0722 * channel(c.blueF()))


def contrast_ratio(a: str, b: str) -> float:
    """WCAG 2 contrast ratio of two colours, from 1 (same) to 21 (black on white)."""
    high, low = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@dataclass(frozen=True)
class Theme:
    """The look of the GUI; immutable, so a change is a new Theme applied everywhere."""

    name: str = "light"  # light, dark or high-contrast: the palette, whatever the size
    scale: float = 1.0
    base_scale: float = 1.0  # what Ctrl+0 goes back to (larger in presentation mode)
    presentation: bool = False
    series: tuple[str, ...] = OKABE_ITO
    neutrals: tuple[str, ...] = NEUTRALS
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
    switch_edge: str = "#7D8288"
    marker: str = "#3C3C3C"
    reference: str = "#6B6B6B"
    pulse: str = "#E69F00"
    focus: str = "#1A5FB4"  # the keyboard focus ring, in every theme
    on_lever: str = "#FFFFFF"  # text on the lever colour (badges)
    highlight: str = "#1A5FB4"  # selected items (lists, menus)
    on_highlight: str = "#FFFFFF"
    input_bg: str = "#FFFFFF"  # text fields, spin boxes, combo boxes
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

    # --- the palettes ----------------------------------------------------------------------

    @classmethod
    def light(cls) -> Theme:
        return cls()

    @classmethod
    def dark(cls) -> Theme:
        return cls(
            name="dark", series=OKABE_ITO_DARK, neutrals=NEUTRALS_DARK,
            background="#16181C", panel="#1F2227",
            foreground="#E8EAED", muted="#A9AFB7", grid_alpha=0.25, lever="#3CCB9A",
            lever_tint="#123A2E", bias="#FF9A5C", bias_tint="#3D2316", setting_tint="#2A2E34",
            focus_tint="#4A3D12", border="#3C4148", switch_off="#4A5058",
            switch_edge="#8E96A0", marker="#D0D3D8", reference="#A0A6AE", pulse="#E69F00",
            focus="#FFD166", on_lever="#0B0B0B", highlight="#4C8DFF", on_highlight="#000000",
            input_bg="#262A30")

    @classmethod
    def high_contrast(cls) -> Theme:
        return cls(
            name="high-contrast", series=HIGH_CONTRAST_SERIES,
            neutrals=NEUTRALS_HIGH_CONTRAST, background="#000000",
            panel="#000000", foreground="#FFFFFF", muted="#E6E6E6", grid_alpha=0.4,
            lever="#5CFFC0", lever_tint="#002E20", bias="#FFA64D", bias_tint="#331A00",
            setting_tint="#1A1A1A", focus_tint="#3D3200", border="#FFFFFF",
            switch_off="#000000", switch_edge="#FFFFFF", marker="#FFFFFF",
            reference="#D0D0D0", pulse="#FFD400", focus="#FFD400",
            on_lever="#000000", highlight="#FFD400", on_highlight="#000000",
            input_bg="#000000")

    def recoloured(self, name: str) -> Theme:
        """This theme's sizes (zoom, presentation) in another palette."""
        palette = theme_named(name)
        colours = {f.name: getattr(palette, f.name) for f in fields(self)
                   if f.name in COLOUR_FIELDS}
        return replace(self, **colours)

    def presented(self, on: bool = True) -> Theme:
        """Presentation mode: fonts for the back row, thick lines, a large caption; or back."""
        if on == self.presentation:
            return self
        if on:
            return replace(self, presentation=True, scale=self.scale * PRESENTATION_SCALE,
                           base_scale=PRESENTATION_SCALE,
                           line_width=self.line_width * PRESENTATION_LINE,
                           marker_width=self.marker_width * PRESENTATION_LINE,
                           caption_px=round(self.caption_px * PRESENTATION_CAPTION),
                           antialias=True)
        plain = theme_named(self.name)
        return replace(self, presentation=False, scale=self.scale / PRESENTATION_SCALE,
                       base_scale=1.0, line_width=plain.line_width,
                       marker_width=plain.marker_width, caption_px=plain.caption_px,
                       antialias=plain.antialias)

    def text_colour(self, colour: str, background: str | None = None) -> str:
        """``colour`` made dark (or light) enough to read as text on ``background`` (4.5:1),
        keeping its hue: for numbers drawn in a series colour."""
        background = background or self.background
        c = QColor(colour)
        dark_bg = relative_luminance(background) < 0.2
        for _ in range(40):
            if contrast_ratio(c.name(), background) >= 4.5:
                break
            c = c.lighter(108) if dark_bg else c.darker(108)
        return c.name()

    def palette(self) -> QPalette:
        """The Qt palette of this theme, for every widget the style sheet does not cover."""
        role, group = QPalette.ColorRole, QPalette.ColorGroup
        palette = QPalette()
        for r, colour in ((role.Window, self.panel), (role.WindowText, self.foreground),
                          (role.Base, self.input_bg), (role.AlternateBase, self.setting_tint),
                          (role.Text, self.foreground), (role.Button, self.panel),
                          (role.ButtonText, self.foreground), (role.BrightText, self.focus),
                          (role.Highlight, self.highlight),
                          (role.HighlightedText, self.on_highlight),
                          (role.ToolTipBase, self.panel), (role.ToolTipText, self.foreground),
                          (role.PlaceholderText, self.muted), (role.Link, self.highlight),
                          (role.Light, self.border), (role.Midlight, self.border),
                          (role.Mid, self.switch_edge), (role.Dark, self.switch_edge),
                          (role.Shadow, self.border)):
            palette.setColor(r, QColor(colour))
        for r in (role.WindowText, role.Text, role.ButtonText):
            palette.setColor(group.Disabled, r, QColor(self.muted))
        return palette

    # --- sizes -------------------------------------------------------------------------

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

    def neutral(self, tone: int) -> QColor:
        return QColor(self.neutrals[tone % len(self.neutrals)])

    def pen(self, colour, style: Qt.PenStyle = Qt.PenStyle.SolidLine, width: float | None = None):
        pen = pg.mkPen(QColor(colour), width=(width or self.line_width) * self.scale, style=style)
        pen.setCapStyle(Qt.PenCapStyle.FlatCap)
        return pen

    def zoomed(self, steps: int) -> Theme:
        """This theme zoomed in (steps > 0) or out, within sensible limits; 0 resets."""
        scale = self.base_scale if steps == 0 else self.scale * ZOOM_STEP**steps
        return replace(self, scale=min(max(scale, ZOOM_LIMITS[0]), ZOOM_LIMITS[1]))

    def stylesheet(self) -> str:
        """Application style sheet: only what Qt's default style gets wrong for a projector
        (sizes, field arrows) plus the lever and focus accents, addressed through dynamic
        properties; on a dark palette also the edges Qt's style draws too faint (sliders,
        tabs, menus)."""
        return (self._base_stylesheet() + self._fields()
                + ("" if self.name == "light" else self._dark_edges()))

    def _fields(self) -> str:
        """Text fields, spin boxes and combo boxes, in every theme. Once a style sheet sets a
        field's border, Qt's style draws the spin and drop-down arrows in a fixed dark grey,
        invisible on a dark field; so the arrows are images in the text colour (muted when
        there is nothing to step to), sized with the zoom so that a projector shows them."""
        button, arrow = self.px(18), self.px(9)
        up, down = arrow_image("up", self.foreground), arrow_image("down", self.foreground)
        up_off, down_off = arrow_image("up", self.muted), arrow_image("down", self.muted)
        return f"""
        QLineEdit, QAbstractSpinBox, QComboBox {{ background: {self.input_bg};
            border: 1px solid {self.switch_edge}; border-radius: 3px; padding: 1px 3px; }}
        QLineEdit:focus, QAbstractSpinBox:focus, QComboBox:focus {{
            border: {self.css_px(2.5)} solid {self.focus}; }}
        QAbstractSpinBox::up-button, QAbstractSpinBox::down-button {{
            subcontrol-origin: padding; width: {button}px; border: none;
            border-left: 1px solid {self.switch_edge}; background: {self.input_bg}; }}
        QAbstractSpinBox::up-button {{ subcontrol-position: top right; }}
        QAbstractSpinBox::down-button {{ subcontrol-position: bottom right; }}
        QComboBox::drop-down {{ subcontrol-origin: padding; subcontrol-position: center right;
            width: {button}px; border: none; }}
        QAbstractSpinBox::up-arrow, QAbstractSpinBox::down-arrow, QComboBox::down-arrow {{
            width: {arrow}px; height: {arrow}px; }}
        QAbstractSpinBox::up-arrow {{ image: url({up}); }}
        QAbstractSpinBox::down-arrow, QComboBox::down-arrow {{ image: url({down}); }}
        QAbstractSpinBox::up-arrow:disabled, QAbstractSpinBox::up-arrow:off {{
            image: url({up_off}); }}
        QAbstractSpinBox::down-arrow:disabled, QAbstractSpinBox::down-arrow:off,
        QComboBox::down-arrow:disabled {{ image: url({down_off}); }}
        """

    def _dark_edges(self) -> str:
        return f"""
        QSlider::groove:horizontal {{ height: {self.css_px(4)}; background: {self.switch_edge};
            border-radius: 2px; }}
        QSlider::sub-page:horizontal {{ background: {self.highlight}; border-radius: 2px; }}
        QSlider::handle:horizontal {{ background: {self.foreground};
            width: {self.css_px(14)}; margin: -{self.css_px(6)} 0; border-radius: 3px; }}
        QTabBar::tab {{ background: {self.setting_tint}; color: {self.foreground};
            border: 1px solid {self.border}; padding: 3px 10px; }}
        QTabBar::tab:selected {{ background: {self.panel}; border-top: 3px solid {self.lever}; }}
        QMenu {{ background: {self.panel}; border: 1px solid {self.border}; }}
        QMenu::item:selected {{ background: {self.highlight}; color: {self.on_highlight}; }}
        """

    def _base_stylesheet(self) -> str:
        return f"""
        QWidget {{ font-size: {self.css_px(self.base_px)}; color: {self.foreground}; }}
        QWidget:disabled {{ color: {self.muted}; }}
        QToolTip {{ font-size: {self.css_px(self.base_px)}; color: {self.foreground};
            background: {self.panel}; border: 1px solid {self.border}; }}
        QToolBar {{ qproperty-iconSize: {self.css_px(20)} {self.css_px(20)}; }}
        QAbstractButton:focus, QComboBox:focus, QLineEdit:focus, QAbstractSpinBox:focus,
        QSlider:focus, QTextBrowser:focus {{ border: {self.css_px(2.5)} solid {self.focus};
            border-radius: 3px; }}
        QToolButton#pinButton {{ border: 1px solid transparent; border-radius: 3px;
            padding: 0px 2px; color: {self.muted}; }}
        QToolButton#pinButton:checked {{ color: {self.on_lever}; background: {self.lever}; }}
        QToolButton#pinButton:focus {{ border: {self.css_px(2.5)} solid {self.focus}; }}
        QToolButton#stageHeader {{
            font-size: {self.css_px(self.section_px)}; font-weight: bold; border: none;
            padding: 6px 4px; text-align: left; }}
        QToolButton#stageHeader[lever="true"] {{ color: {self.lever}; }}
        QFrame#paramRow {{ border-left: 4px solid transparent; border-radius: 3px; }}
        QFrame#paramRow[lever="true"] {{ border-left: 4px solid {self.lever};
            background: {self.lever_tint}; }}
        QFrame#paramRow[focused="true"] {{ background: {self.focus_tint}; }}
        QLabel#leverBadge {{ color: {self.on_lever}; background: {self.lever}; border-radius: 3px;
            padding: 0px 5px; font-size: {self.css_px(self.small_px)}; font-weight: bold; }}
        QLabel#muted {{ color: {self.muted}; font-size: {self.css_px(self.small_px)}; }}
        QLabel#helpArea {{ background: {self.panel}; border-top: 1px solid {self.border};
            padding: 8px; }}
        QLabel#roundCounter {{ font-size: {self.css_px(self.counter_px)}; font-weight: bold;
            padding: 0px 10px; }}
        QLabel#guideCaption {{ font-size: {self.css_px(self.caption_px)};
            font-weight: {"bold" if self.presentation else "normal"}; }}
        QLabel#guideStep {{ color: {self.muted}; font-weight: bold; }}
        QFrame#guideBar {{ background: {self.panel}; border-bottom: 1px solid {self.border}; }}
        QLabel#guideClaims {{ font-size: {self.css_px(self.section_px)}; }}
        QLabel#guideChoice, QLabel#guideChoiceMark
            {{ font-size: {self.css_px(self.caption_px * CHOICE_SHARE)}; }}
        QLabel#guideChoiceMark {{ font-weight: bold; }}
        QLabel#guideVotesHead {{ color: {self.muted}; font-size: {self.css_px(self.small_px)}; }}
        QSpinBox#guideVotes {{ font-size: {self.css_px(self.small_px)}; }}
        QLabel#guideChoiceNote {{ font-size: {self.css_px(self.section_px)}; }}
        QLabel#guideChoice[answer="right"], QLabel#guideChoiceMark[answer="right"] {{
            color: {self.on_highlight}; background: {self.highlight}; font-weight: bold;
            padding: 0px 4px; }}
        QFrame#headlineBar {{ border-bottom: 1px solid {self.border}; }}
        QLabel#headlineWhat {{ font-size: {self.css_px(self.section_px)}; }}
        QLabel#headlineValue {{ font-size: {self.css_px(self.caption_px)}; font-weight: bold; }}
        """


#: A question's choices are set at this share of the caption's size (a line each, mostly).
CHOICE_SHARE = 0.85


#: The fields that are colours (what a palette sets); the rest are sizes and fonts.
COLOUR_FIELDS = frozenset((
    "series", "neutrals", "background", "panel", "foreground", "muted", "grid_alpha", "lever",
    "lever_tint", "bias", "bias_tint", "setting_tint", "focus_tint", "border", "switch_off",
    "switch_edge", "marker", "reference", "pulse", "focus", "on_lever",
    "highlight", "on_highlight", "input_bg", "name"))

#: Every theme by name, in the order the View ▸ Theme menu lists them.
THEMES = {"light": Theme.light, "dark": Theme.dark, "high-contrast": Theme.high_contrast}


#: A triangle in a 10×10 box, pointing up or down, for the fields' arrow images.
ARROW_POINTS = {"up": "1,7.5 9,7.5 5,2.5", "down": "1,2.5 9,2.5 5,7.5"}


@cache
def _image_folder() -> Path:
    """This process's own folder for generated images (another user's or another process's
    could be unwritable or half-written), removed when the process ends."""
    folder = Path(tempfile.mkdtemp(prefix="bias-loop-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return folder


@cache
def arrow_image(direction: str, colour: str) -> str:
    """The path of an SVG arrow in ``colour``: a style sheet takes images only from files,
    and the colour must follow the theme, so each one is written once per process."""
    path = _image_folder() / f"{direction}-{colour.lstrip('#').lower()}.svg"
    path.write_text('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">'
                    f'<polygon points="{ARROW_POINTS[direction]}" fill="{colour}"/></svg>')
    return path.as_posix()


def theme_named(name: str) -> Theme:
    """The theme called ``name`` at zoom 1 (an unknown name: light)."""
    return THEMES.get(name, Theme.light)()


def configure_pyqtgraph(theme: Theme) -> None:
    """pyqtgraph's global options; they apply to plots created afterwards."""
    pg.setConfigOptions(antialias=theme.antialias, background=theme.background,
                        foreground=theme.foreground)
