"""The themes are readable and colour-blind safe, by the numbers.

Contrast is WCAG 2's: relative luminance from linearised sRGB, ratio (L1 + 0.05) / (L2 + 0.05);
level AA asks 4.5:1 for text and 3:1 for graphical objects such as chart lines and focus
rings. Computed here from scratch, independently of the theme module's own helper.

Colour-vision deficiencies are simulated with the matrices of Machado, Oliveira and Fernandes
(2009) at severity 1.0 (protanopia, deuteranopia, tritanopia), applied to linear RGB. Two
group colours count as distinguishable when their CIE 1976 colour difference (ΔE*ab, CIELAB
under D65) is at least 12 in every simulated vision. Why 12: a ΔE of about 2.3 is a just
noticeable difference for large patches side by side; chart lines are thin and far apart, and
the usual guidance for categorical palettes (e.g. the 10–20 range used by palette tools such as
Colorgorical and "I want hue") is that 10 is the least for lines to read as different
categories at a glance. We ask 12, and groups also differ by line style (tested below), so no
chart depends on colour alone.
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from PySide6.QtGui import QAction, QColor, QImage
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QStyle,
    QStyleOptionComboBox,
    QStyleOptionSpinBox,
    QVBoxLayout,
    QWidget,
)

from simulator import bundled_names, load_scenario
from ui.actions import tinted_icon
from ui.charts.plot_model import LIVE, NEUTRAL, SECOND, TRUTH, chart_layout
from ui.theme import THEMES, theme_named

TEXT_AA = 4.5
GRAPHIC_AA = 3.0
CVD_DELTA_E = 12.0
#: Group colours to keep apart: the most groups any bundled scenario has, plus one to spare.
GROUPS = max(len(load_scenario(n).group_ids) for n in bundled_names()) + 1

MACHADO = {
    "protanopia": np.array([[0.152286, 1.052583, -0.204868],
                            [0.114503, 0.786281, 0.099216],
                            [-0.003882, -0.048116, 1.051998]]),
    "deuteranopia": np.array([[0.367322, 0.860646, -0.227968],
                              [0.280085, 0.672501, 0.047413],
                              [-0.011820, 0.042940, 0.968881]]),
    "tritanopia": np.array([[1.255528, -0.076749, -0.178779],
                            [-0.078411, 0.930809, 0.147602],
                            [0.004733, 0.691367, 0.303900]]),
}


def srgb(colour: str) -> np.ndarray:
    h = colour.lstrip("#")[-6:]  # #AARRGGBB: the colour part
    return np.array([int(h[i:i + 2], 16) / 255 for i in (0, 2, 4)])


def linear(c: np.ndarray) -> np.ndarray:
    return np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)


def luminance(colour: str) -> float:
    return float(linear(srgb(colour)) @ np.array([0.2126, 0.7152, 0.0722]))


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def lab(rgb_linear: np.ndarray) -> np.ndarray:
    xyz = np.array([[0.4124, 0.3576, 0.1805],
                    [0.2126, 0.7152, 0.0722],
                    [0.0193, 0.1192, 0.9505]]) @ rgb_linear
    t = xyz / np.array([0.95047, 1.0, 1.08883])
    f = np.where(t > (6 / 29) ** 3, np.cbrt(t), t / (3 * (6 / 29) ** 2) + 4 / 29)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def seen(colour: str, vision: str | None) -> np.ndarray:
    rgb = linear(srgb(colour))
    return lab(rgb if vision is None else np.clip(MACHADO[vision] @ rgb, 0, 1))


def delta_e(a: str, b: str, vision: str | None) -> float:
    return float(np.linalg.norm(seen(a, vision) - seen(b, vision)))


def text_pairs(t) -> list[tuple[str, str, str]]:
    """(what, text colour, background) for every text the GUI draws on a themed surface."""
    pairs = []
    for ground_name in ("background", "panel", "input_bg", "lever_tint", "focus_tint",
                        "setting_tint"):
        pairs.append((f"foreground on {ground_name}", t.foreground, getattr(t, ground_name)))
    for ground_name in ("background", "panel", "setting_tint", "lever_tint"):
        pairs.append((f"muted on {ground_name}", t.muted, getattr(t, ground_name)))
    pairs += [
        ("lever heading on panel", t.lever, t.panel),
        ("lever badge edge text on its tint", t.lever, t.lever_tint),
        ("bias badge on its tint", t.bias, t.bias_tint),
        ("badge text on the lever colour", t.on_lever, t.lever),
        ("selection", t.on_highlight, t.highlight),
        ("marker labels", t.marker, t.background),
        ("reference line labels", t.reference, t.background),
        ("tooltips", t.foreground, t.panel),
    ]
    pairs += [(f"group {i} figures in the loop diagram", t.text_colour(c), t.background)
              for i, c in enumerate(t.series)]
    return pairs


def graphic_pairs(t) -> list[tuple[str, str, str]]:
    pairs = [(f"series {i} line on the plot", c, t.background) for i, c in enumerate(t.series)]
    pairs += [(f"neutral tone {i} line on the plot", c, t.background)
              for i, c in enumerate(t.neutrals)]
    pairs += [(f"group {i} bar in the parameter panel", c, t.lever_tint)
              for i, c in enumerate(t.series[:GROUPS])]
    pairs += [("focus ring on the panel", t.focus, t.panel),
              ("focus ring on the plot", t.focus, t.background),
              ("focus ring on a lever row", t.focus, t.lever_tint),
              ("switch edge on a lever row", t.switch_edge, t.lever_tint),
              ("switch knob (off) on its track", t.foreground, t.switch_off),
              ("switch (on) on a lever row", t.lever, t.lever_tint),
              ("loop diagram lines", t.foreground, t.background),
              ("truth lines and axes", t.foreground, t.background),
              ("grid-free marker line", t.marker, t.background),
              ("spin box and drop-down arrows on a field", t.foreground, t.input_bg),
              ("icons on the bars", t.foreground, t.panel)]
    return pairs


@pytest.mark.parametrize("name", list(THEMES))
def test_every_text_meets_aa(name):
    theme = theme_named(name)
    low = [(what, round(contrast(a, b), 2)) for what, a, b in text_pairs(theme)
           if contrast(a, b) < TEXT_AA]
    assert low == []


@pytest.mark.parametrize("name", list(THEMES))
def test_every_line_and_focus_ring_meets_aa_for_graphics(name):
    theme = theme_named(name)
    low = [(what, round(contrast(a, b), 2)) for what, a, b in graphic_pairs(theme)
           if contrast(a, b) < GRAPHIC_AA]
    assert low == []


@pytest.mark.parametrize("vision", [None, *MACHADO])
@pytest.mark.parametrize("name", list(THEMES))
def test_group_colours_stay_apart_under_colour_blindness(name, vision):
    groups = theme_named(name).series[:GROUPS]
    close = [(a, b, round(delta_e(a, b, vision), 1))
             for a, b in itertools.combinations(groups, 2)
             if delta_e(a, b, vision) < CVD_DELTA_E]
    assert close == []


def test_the_simulation_matrices_keep_white_white():
    """A sanity check of the simulation: Machado's matrices map white to (about) white."""
    for matrix in MACHADO.values():
        assert np.allclose(matrix @ np.ones(3), np.ones(3), atol=0.01)


def test_style_is_role_and_colour_is_group_in_every_chart():
    """One meaning per mark, in every chart of every scenario: a group's curves are in its
    colour and solid, unless they are the truth (dashed) or a second measure (dotted);
    a series that is no group's is in a neutral tone, never in a group's colour."""
    checked = 0
    for name in bundled_names():
        scenario = load_scenario(name)
        metrics = {m.name: m for m in scenario.metrics()}
        for plot in scenario.plots():
            chart = chart_layout(plot, metrics, scenario.group_ids, str, "en")
            truths = {metrics[m].truth for m in plot.metrics if metrics[m].truth}
            for curve in chart.curves:
                spec = metrics[curve.metric]
                if spec.per_group:
                    assert curve.colour == scenario.group_ids.index(curve.group)
                else:
                    assert curve.colour is NEUTRAL, (name, plot.id, curve.column)
                expected = TRUTH if curve.metric in truths else (
                    SECOND if spec.per_group and curve.metric != next(
                        m for m in chart.curves if metrics[m.metric].per_group
                        and m.metric not in truths).metric else LIVE)
                assert curve.role == expected, (name, plot.id, curve.column)
                checked += 1
    assert checked > 50


def test_roles_have_one_style_each():
    from PySide6.QtCore import Qt

    from ui.charts import grammar
    from ui.charts.plot_model import BASELINE, COUNTERFACTUAL

    theme = theme_named("light")
    live, truth, second = (grammar.pen(theme, 1, r) for r in (LIVE, TRUTH, SECOND))
    assert live.style() == Qt.PenStyle.SolidLine and truth.style() == Qt.PenStyle.DashLine
    assert second.style() == Qt.PenStyle.CustomDashLine and second.widthF() == live.widthF()
    base, cf = (grammar.pen(theme, 1, r, live_role=LIVE) for r in (BASELINE, COUNTERFACTUAL))
    for pen in (base, cf):  # the live line's colour and pattern, translucent
        assert pen.style() == Qt.PenStyle.SolidLine and pen.color().alphaF() < 0.7
        assert pen.color().rgb() == live.color().rgb()
    assert base.widthF() < 0.5 * live.widthF() < live.widthF() < cf.widthF()
    assert grammar.pen(theme, 1, BASELINE, live_role=TRUTH).style() == Qt.PenStyle.DashLine
    assert grammar.pen(theme, None, LIVE).color().name() not in {c.lower() for c in theme.series}


@pytest.mark.slow
def test_exports_default_to_light_whatever_the_screen(window, tmp_path):
    window.modes.choose_theme("dark")
    assert window.theme.name == "dark"
    assert window.exporter.source().theme.name == "light"
    assert window.exporter.source().theme.background == theme_named("light").background
    source = window.exporter.source()
    diagram = source.diagram(source.theme)  # its texts in the export's colours, not the app's
    light = theme_named("light").foreground
    assert diagram.notes[0].text.defaultTextColor().name().upper() == light.upper()
    window.exporter.use_screen_theme = True
    assert window.exporter.source().theme.name == "dark"


@pytest.mark.slow
@pytest.mark.parametrize("name", list(THEMES))
def test_switching_theme_is_live_and_keeps_the_run(window, qtbot, name):
    session = window.session
    session.play(40)
    window.modes.choose_theme(name)
    theme = theme_named(name)
    assert session.sim.round == 40
    assert window.theme.name == name
    assert window.diagram.backgroundBrush().color().name().upper() == theme.background.upper()
    card = window.dashboard.cards[0]
    assert card.theme.background == theme.background
    assert card.backgroundBrush().color().name().upper() == theme.background.upper()
    assert f"solid {theme.focus}" in window.styleSheet()  # a visible focus ring
    assert window.modes.theme_actions[name].isChecked()
    window.modes.choose_theme("light")


def strongest_contrast(image: QImage, ground: str) -> float:
    """The highest contrast of any opaque pixel of ``image`` against ``ground``: what an arrow
    or an icon shows at its darkest (or lightest) against what it sits on."""
    best = 1.0
    for y in range(image.height()):
        for x in range(image.width()):
            pixel = image.pixelColor(x, y)
            if pixel.alpha() == 255:
                best = max(best, contrast(pixel.name(), ground))
    return best


@pytest.mark.parametrize("presenting", [False, True])
@pytest.mark.parametrize("name", list(THEMES))
def test_field_arrows_stand_out_from_the_field(qtbot, name, presenting):
    """Drawn, not just declared: each spin box's and combo box's arrow area holds pixels of
    3:1 against the field, in the style sheet and palette the window uses."""
    theme = theme_named(name).presented(presenting)
    form = QWidget()
    qtbot.addWidget(form)
    form.setPalette(theme.palette())
    form.setStyleSheet(theme.stylesheet())
    spin, combo = QDoubleSpinBox(), QComboBox()
    spin.setValue(0.5)
    combo.addItems(["None", "Demographic parity"])
    column = QVBoxLayout(form)
    column.addWidget(spin)
    column.addWidget(combo)
    form.show()
    qtbot.waitExposed(form)
    for field, control in ((spin, QStyle.SubControl.SC_SpinBoxUp),
                           (spin, QStyle.SubControl.SC_SpinBoxDown),
                           (combo, QStyle.SubControl.SC_ComboBoxArrow)):
        complex_control = (QStyle.ComplexControl.CC_SpinBox if field is spin
                           else QStyle.ComplexControl.CC_ComboBox)
        rect = field.style().subControlRect(complex_control, _option(field), control, field)
        area = field.grab().toImage().copy(rect)
        assert area.width() > 0 and strongest_contrast(area, theme.input_bg) >= GRAPHIC_AA, (
            field, control)


def _option(field):
    option = (QStyleOptionSpinBox() if isinstance(field, QDoubleSpinBox)
              else QStyleOptionComboBox())
    field.initStyleOption(option)
    return option


@pytest.mark.slow
@pytest.mark.parametrize("name", list(THEMES))
def test_every_action_icon_follows_the_theme(window, name):
    """Every icon of the window's actions (run bar, guide bar, menus), Run and Pause alike,
    is drawn in the theme's text colour: 3:1 at least against the bars' background."""
    window.modes.choose_theme(name)
    theme = window.theme
    actions = window.actions
    actions.show_running(True)  # Pause's icon, then Run's
    icons = {"Pause": actions.run.icon()}
    actions.show_running(False)
    icons |= {a.text(): a.icon() for a in vars(actions).values()
              if isinstance(a, QAction) and not a.icon().isNull()}
    assert {"Pause", "Run", "Step", "Reset", "Next step"} <= icons.keys()
    for what, icon in icons.items():
        image = icon.pixmap(24, 24).toImage()
        assert strongest_contrast(image, theme.panel) >= GRAPHIC_AA, (name, what)
    window.modes.choose_theme("light")


def test_a_tinted_icon_takes_one_colour_and_a_muted_one_when_off(window):
    source = window.style().standardIcon(QStyle.StandardPixmap.SP_BrowserReload)
    icon = tinted_icon(source, "#E8EAED", "#A9AFB7")
    for mode, colour in ((icon.Mode.Normal, "#E8EAED"), (icon.Mode.Disabled, "#A9AFB7")):
        image = icon.pixmap(32, 32, mode).toImage()
        opaque = {image.pixelColor(x, y).name().upper() for y in range(32) for x in range(32)
                  if image.pixelColor(x, y).alpha() == 255}
        assert opaque == {QColor(colour).name().upper()}
