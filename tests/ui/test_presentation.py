"""Presentation mode, zoom and keyboard-only use, driven as a facilitator drives them."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QApplication, QToolBar, QWhatsThis, QWidget

from ui.plain_text import plain_tip
from ui.theme import PRESENTATION_SCALE, ZOOM_STEP


def visible_rows(window) -> list[str]:
    return [k for k, row in window.params.rows.items() if row.isVisibleTo(window.params)]


@pytest.mark.slow
def test_f5_presents_and_f5_restores_the_layout_exactly(window, qtbot):
    session = window.session
    window.info_dock.show()
    window.info_dock.raise_()
    qtbot.wait(20)
    state, geometry = window.saveState(), window.geometry()
    splitter = window.splitter.saveState()
    theme = window.theme
    session.set_speed(30)
    session.run()
    qtbot.keyClick(window, Qt.Key.Key_F5)
    assert window.modes.presenting and window.isFullScreen()
    assert window.theme.presentation
    assert window.theme.scale == pytest.approx(theme.scale * PRESENTATION_SCALE)
    assert window.theme.line_width > theme.line_width
    assert window.theme.caption_px > theme.caption_px  # the guide caption, for the back row
    assert not window.menuBar().isVisible() and not window.statusBar().isVisible()
    assert window.run_bar.isVisible()
    others = [b for b in window.findChildren(QToolBar) if b.parent() is window
              and b is not window.run_bar]
    assert others and not any(b.isVisible() for b in others)
    assert window.params_dock.isVisible() and not window.info_dock.isVisible()
    levers = [k for k, row in window.params.rows.items() if row.param.lever]
    assert visible_rows(window) == levers  # nothing pinned: every lever
    assert window.dashboard.cards[0].theme.presentation
    qtbot.waitUntil(lambda: session.sim.round >= 3, timeout=5000)  # the run carries on
    assert session.running
    qtbot.keyClick(window, Qt.Key.Key_F5)
    qtbot.wait(20)  # the window leaves full screen, then the panes take their sizes back
    assert not window.modes.presenting and not window.isFullScreen()
    assert window.theme == theme
    assert window.saveState() == state
    assert window.geometry() == geometry
    assert window.splitter.saveState() == splitter
    assert window.menuBar().isVisible() and window.statusBar().isVisible()
    assert window.info_dock.isVisible()
    assert not any(row.isHidden() for row in window.params.rows.values())
    assert not any(s.isHidden() for s in window.params.sections.values())
    assert session.running
    session.pause()


@pytest.mark.slow
def test_escape_leaves_presentation_mode(window, qtbot):
    window.actions.presentation.trigger()
    assert window.modes.presenting
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    assert not window.modes.presenting and not window.actions.presentation.isChecked()


@pytest.mark.slow
def test_pinned_levers_are_all_presentation_shows_and_are_remembered(make_window, tmp_path,
                                                                     qtbot):
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = make_window("lending", settings)
    keys = list(window.params.rows)
    chosen = [keys[0], keys[-1]]  # a world setting and a lever
    for key in chosen:
        window.params.rows[key].pin.click()
    window.actions.presentation.trigger()
    assert visible_rows(window) == chosen
    window.params.rows[chosen[0]].pin.click()  # unpinned live: gone at once
    assert visible_rows(window) == chosen[1:]
    window.actions.presentation.trigger()
    window.close()
    again = make_window("lending", settings)
    assert again.params.pinned == {chosen[1]}
    assert again.params.rows[chosen[1]].pin.isChecked()
    again.open_scenario("hiring")
    assert again.params.pinned == set()  # pins belong to their scenario


@pytest.mark.slow
def test_zoom_scales_the_whole_ui_and_ctrl_0_resets(window, qtbot):
    base_font = window.font().pixelSize()
    card = window.dashboard.cards[0]
    qtbot.keyClick(window, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    assert window.theme.scale == pytest.approx(ZOOM_STEP)
    assert window.font().pixelSize() > base_font
    assert window.dashboard.cards[0] is not card  # charts rebuilt at the new size
    assert window.dashboard.cards[0].theme.scale == pytest.approx(ZOOM_STEP)
    assert window.diagram.theme.scale == pytest.approx(ZOOM_STEP)
    assert window.params.theme.scale == pytest.approx(ZOOM_STEP)
    assert window.run_bar.seed.width() == window.theme.px(110)
    qtbot.keyClick(window, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(window, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert window.theme.scale == pytest.approx(1 / ZOOM_STEP)
    qtbot.keyClick(window, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert window.theme.scale == 1.0
    window.actions.presentation.trigger()  # in presentation, Ctrl+0 is presentation size
    qtbot.keyClick(window, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(window, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert window.theme.scale == pytest.approx(PRESENTATION_SCALE)
    window.actions.presentation.trigger()
    assert window.theme.scale == pytest.approx(1.0)


@pytest.mark.slow
def test_theme_and_zoom_are_remembered(make_window, tmp_path):
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = make_window("lending", settings)
    window.modes.choose_theme("high-contrast")
    window.actions.zoom_in.trigger()
    window.close()
    again = make_window("lending", settings)
    assert again.theme.name == "high-contrast"
    assert again.theme.scale == pytest.approx(ZOOM_STEP)
    assert again.dashboard.cards[0].theme.name == "high-contrast"
    again.modes.choose_theme("light")


# --- keyboard and screen readers --------------------------------------------------------------


def accessible_name(widget) -> str:
    """What a screen reader says for the widget (its explicit name, or the one Qt derives
    from its text, e.g. a button's label)."""
    interface = QAccessible.queryAccessibleInterface(widget)
    return interface.text(QAccessible.Text.Name) if interface is not None else ""


def focus_chain(window, qtbot) -> list:
    """Every widget Tab reaches, in order, from the first one round to it again."""
    window.run_bar.picker.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.run_bar.picker)
    seen = []
    for _ in range(400):
        widget = QApplication.focusWidget()
        if widget in seen:
            break
        seen.append(widget)
        qtbot.keyClick(widget, Qt.Key.Key_Tab)
    return seen


@pytest.mark.slow
def test_tab_reaches_every_pane_and_everything_it_reaches_has_a_name(window, qtbot):
    window.params.sections["world"].set_expanded(True)
    chain = focus_chain(window, qtbot)
    unnamed = [f"{type(w).__name__} {w.objectName()}" for w in chain if not accessible_name(w)]
    assert unnamed == []
    reached = set(chain)
    for card in window.dashboard.cards:
        assert card in reached and accessible_name(card) == card.chart.title
    assert window.diagram in reached
    assert window.run_bar.speed in reached and window.run_bar.seed in reached
    rows = window.params.rows
    controls = {w for row in rows.values() for w in row.control.findChildren(QWidget)
                if w.focusPolicy() & Qt.FocusPolicy.TabFocus and w.isVisibleTo(window)
                and w.focusProxy() is None}
    assert controls <= reached
    assert any(row.pin in reached for row in rows.values())
    # The order reads like the window: run bar, then the picture, then the knobs.
    assert chain.index(window.run_bar.speed) < chain.index(window.diagram) \
        < chain.index(window.dashboard.cards[0])


def test_accessible_names_say_what_a_control_is(window):
    rows = window.params.rows
    for key, row in rows.items():
        label = row.param.label.get("en")
        for widget in row.control.findChildren(QWidget):
            if widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
                assert label in widget.accessibleName(), key
                assert widget.accessibleDescription() == row.param.help.get("en")
    assert window.run_bar.seed.accessibleName() == "Seed"
    assert window.diagram.accessibleName() == "Loop diagram"


def test_focus_shows_the_help_and_shift_f1_explains(window, qtbot):
    row = next(r for r in window.params.rows.values() if r.param.lever)
    window.params.sections[row.param.stage].set_expanded(True)
    target = next(w for w in row.control.findChildren(QWidget)
                  if w.focusPolicy() & Qt.FocusPolicy.TabFocus)
    target.setFocus()
    qtbot.waitUntil(lambda: target.hasFocus())
    assert row.param.help.get("en") in window.params.help_area.text()
    shown = []
    original = QWhatsThis.showText
    QWhatsThis.showText = lambda pos, text, w=None: shown.append(text)
    try:
        qtbot.keyClick(target, Qt.Key.Key_F1, Qt.KeyboardModifier.ShiftModifier)
    finally:
        QWhatsThis.showText = original
    assert shown == [plain_tip(row.param.help.get("en"))]  # the help, shown as text


@pytest.mark.slow
def test_the_diagram_works_from_the_keyboard(window, qtbot):
    diagram = window.diagram
    diagram.setFocus()
    qtbot.waitUntil(diagram.hasFocus)
    assert diagram.nodes[0].selected
    qtbot.keyClick(diagram, Qt.Key.Key_Down)
    assert diagram.nodes[1].selected and not diagram.nodes[0].selected
    focused = []
    window.diagram.stage_clicked.connect(focused.append)
    qtbot.keyClick(diagram, Qt.Key.Key_Return)
    assert focused == [diagram.nodes[1].stage]
    assert diagram.nodes[1].title in diagram.accessibleDescription()



@pytest.mark.slow
def test_a_pane_zooms_alone_by_ctrl_wheel_and_keyboard_and_is_remembered(make_window,
                                                                          tmp_path, qtbot):
    """Ctrl+wheel over the charts makes only the charts larger; Ctrl+Alt+= with the focus in
    the parameters zooms them; the window's zoom composes; Ctrl+0 puts every pane back."""
    from PySide6.QtCore import QPoint, QPointF
    from PySide6.QtGui import QWheelEvent

    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = make_window("lending", settings)
    plot = window.dashboard.cards[0].viewport()
    title_px = window.dashboard.cards[0].theme.font(14).pixelSize()
    wheel = QWheelEvent(QPointF(10, 10), QPointF(plot.mapToGlobal(QPoint(10, 10))),
                        QPoint(0, 0), QPoint(0, 120), Qt.MouseButton.NoButton,
                        Qt.KeyboardModifier.ControlModifier, Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(plot, wheel)
    QApplication.sendEvent(plot, wheel)
    card = window.dashboard.cards[0]
    assert card.theme.scale == pytest.approx(ZOOM_STEP**2)
    assert card.theme.font(14).pixelSize() > title_px
    assert window.theme.scale == 1.0  # the window, and so the other panes, unchanged
    assert window.params.theme.scale == 1.0 and window.diagram.theme.scale == 1.0
    row = next(iter(window.params.rows.values()))
    row.setFocus()
    row.focusNextChild()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Minus,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)
    assert window.params.theme.scale == pytest.approx(1 / ZOOM_STEP)
    assert f"font-size: {window.params.theme.css_px(window.theme.base_px)}" in \
        window.params.styleSheet()  # the pane's own widgets, not only its drawing
    window.actions.zoom_in.trigger()  # the window's zoom composes with the pane's
    assert window.dashboard.cards[0].theme.scale == pytest.approx(ZOOM_STEP**3)
    window.close()
    again = make_window("lending", settings)
    assert again.dashboard.cards[0].theme.scale == pytest.approx(ZOOM_STEP**3)
    assert again.params.theme.scale == pytest.approx(1.0)
    again.actions.zoom_reset.trigger()
    assert again.dashboard.cards[0].theme.scale == 1.0 and again.params.styleSheet() == ""
    assert settings.value("pane_zoom/dashboard") in (0, "0")


@pytest.mark.slow
def test_presentation_shows_fewer_larger_charts_marked_per_scenario(make_window, tmp_path,
                                                                    qtbot):
    """Six charts are too small for the back row: presenting shows the scenario's headline
    charts, or the ones marked from a chart's menu (remembered per scenario); leaving brings
    all six back."""
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = make_window("lending", settings)
    dashboard = window.dashboard
    everything = list(dashboard.plot_ids)
    assert len(dashboard.cards) == len(everything) == 6

    def area() -> int:
        QApplication.processEvents()
        return dashboard.cards[0].width() * dashboard.cards[0].height()

    window.actions.presentation.trigger()
    window.showNormal()  # offscreen "full screen" is a small dummy screen: a projector's size
    window.resize(1920, 1080)
    headline = ["scores", "selection"]  # lending's headline_charts, not its first two
    assert everything[:2] != headline
    assert [c.chart.id for c in dashboard.cards] == headline
    presented = area()
    for plot_id in everything:  # what all six would look like, in the same full screen
        dashboard.mark_for_presenting(plot_id, True)
    assert len(dashboard.cards) == 6 and presented > 2.5 * area()
    for plot_id in everything:
        dashboard.mark_for_presenting(plot_id, False)
    menu = dashboard.chart_menu(dashboard.cards[1])
    mark = [a for a in menu.actions() if a.isCheckable()][0]
    assert mark.text() == "Show in presentation mode" and not mark.isChecked()
    mark.trigger()  # marked: now only it is presented, at once
    assert [c.chart.id for c in dashboard.cards] == ["selection"]
    dashboard.mark_for_presenting(everything[4], True)
    marked = [p for p, _ in dashboard.available_plots()  # in the kind's order
              if p in ("selection", everything[4])]
    assert [c.chart.id for c in dashboard.cards] == marked
    assert window.exporter.source().plot_ids == marked  # as on screen
    window.actions.presentation.trigger()
    assert [c.chart.id for c in dashboard.cards] == everything
    window.close()
    again = make_window("lending", settings)
    assert again.dashboard.marked_for_presenting() == marked
    again.open_scenario("hiring")
    assert again.dashboard.marked_for_presenting() == []  # marks belong to their scenario


@pytest.mark.slow
def test_panes_widen_with_their_type(window, qtbot):
    """A zoomed diagram gets a wider pane instead of being scaled back down to fit, and the
    parameters a wider dock instead of rows cut at its edge; Ctrl+0 puts both back."""
    from ui.main_window import DIAGRAM_WIDTH, DOCK_WIDTH

    window.resize(1920, 1080)
    QApplication.processEvents()
    window.pane_zoom.zoom("diagram", 1)
    QApplication.processEvents()
    assert window.splitter.sizes()[0] == round(DIAGRAM_WIDTH * ZOOM_STEP)
    assert window.diagram.transform().m11() == pytest.approx(1.0)  # drawn at its own size
    window.pane_zoom.zoom("params", 2)
    qtbot.waitUntil(lambda: window.params_dock.width() == round(DOCK_WIDTH * ZOOM_STEP**2))
    window.actions.zoom_reset.trigger()
    assert window.splitter.sizes()[0] == DIAGRAM_WIDTH
    qtbot.waitUntil(lambda: window.params_dock.width() == DOCK_WIDTH)


@pytest.mark.slow
def test_the_scenario_box_ends_a_cut_title_with_an_ellipsis(window):
    """Presentation mode narrows the scenario box: its title then ends in "…" (not cut
    mid-letter), and the whole title is in its tooltip."""
    picker = window.run_bar.picker
    title = picker.currentText()
    assert picker.shown_text() == title
    window.actions.presentation.trigger()
    assert picker.shown_text().endswith("…") and title.startswith(picker.shown_text()[:-1])
    assert picker.toolTip() == title
    window.actions.presentation.trigger()


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize("size", [(1280, 720), (1600, 1000), (1920, 1080)],
                         ids=["1280x720", "1600x1000", "1920x1080"])
def test_the_run_bar_fits_a_projector_without_a_more_menu(make_window, qtbot, size, lang):
    """Presenting at any projector size, nothing in the run bar goes into the "»" menu: the
    speed slider becomes a compact button first; the round counter and the seed show whole.
    The widest scenario title and the longest Spanish words are the test."""
    from PySide6.QtWidgets import QToolButton

    window = make_window("model_collapse")
    try:
        window.choose_language(lang)
        window.actions.presentation.trigger()
        window.showNormal()  # offscreen "full screen" is the platform's small dummy screen
        window.resize(*size)
        qtbot.waitUntil(lambda: window.run_bar.width() == size[0], timeout=3000)
        qtbot.wait(20)
        bar = window.run_bar
        more = [b for b in bar.findChildren(QToolButton)
                if b.objectName() == "qt_toolbar_ext_button"]
        assert more and not any(b.isVisible() for b in more)
        assert bar.needed_width() <= bar.width()
        for widget in (bar.counter, bar.seed, bar.picker):
            assert widget.isVisible()
            right = widget.mapTo(bar, widget.rect().topRight()).x()
            assert right <= bar.width()
        counter = bar.counter
        assert counter.fontMetrics().horizontalAdvance(counter.text()) <= counter.width()
        seed = bar.seed
        assert seed.fontMetrics().horizontalAdvance("0" * 12) < seed.width()
        # The speed is still there: as the slider when there is room, else as its button.
        assert bar.speed.isVisible() != bar.speed_button.isVisible()
        # ...and room is given up only when needed: a 1920 px wide English bar keeps it all.
        assert bar.compact >= (1 if size[0] < 1600 else 0)
        if size[0] == 1920 and lang == "en":
            assert bar.compact == 0
    finally:
        window.choose_language("en")


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize("size", [(1280, 720), (1920, 1080)], ids=["1280x720", "1920x1080"])
def test_every_guide_caption_shows_whole_when_presenting(make_window, qtbot, size, lang):
    """Presenting, each step's caption of every bundled guide is shown whole (never cut off at
    the bottom) and takes at most CAPTION_SHARE of the window: a long one is set smaller, but
    never below CAPTION_FLOOR of the theme's caption size."""
    from simulator import bundled_names
    from ui.guide.caption import CAPTION_FLOOR, CAPTION_SHARE

    cut = []
    for name in bundled_names():
        window = make_window(name)
        try:
            window.choose_language(lang)
            window.actions.presentation.trigger()
            window.showNormal()
            window.resize(*size)
            qtbot.waitUntil(lambda w=window: w.width() == size[0], timeout=3000)
            bar = window.guide_bar
            base = window.theme.px(window.theme.caption_px)
            for index in range(len(window.session.guide_steps)):
                window.session.go_to_guide_step(index)
                qtbot.wait(20)
                label = bar.caption
                needed = label.heightForWidth(label.width())
                if needed > label.height() + 1:
                    cut.append((name, index + 1, needed, label.height()))
                floor = round(base * CAPTION_FLOOR)
                px = label.font().pixelSize()
                assert px >= floor
                assert needed <= size[1] * CAPTION_SHARE or px == floor, (name, index, needed)
        finally:
            window.actions.presentation.trigger()
            window.choose_language("en")  # the language is the app's: leave it as found
            window.close()
    assert not cut, f"captions cut off (scenario, step, height needed, shown): {cut}"


@pytest.mark.slow
@pytest.mark.parametrize("size", [(1280, 720), (1920, 1080)], ids=["1280x720", "1920x1080"])
def test_presented_charts_are_never_squeezed_below_a_readable_height(make_window, qtbot,
                                                                     size):
    """Presenting a question at 1280×720, two stacked charts would get ~80 px each and print
    their ticks over each other: the first one is shown alone, with all the room, and the
    other waits; at 1920×1080 both are shown, each at least LEAST_SHOWN_HEIGHT (at the
    presentation scale) tall."""
    from ui.charts.dashboard import LEAST_SHOWN_HEIGHT

    window = make_window("lending")
    window.actions.presentation.trigger()
    window.showNormal()  # offscreen "full screen" is the platform's small dummy screen
    window.resize(*size)
    qtbot.waitUntil(lambda: window.width() == size[0], timeout=3000)
    session = window.session
    session.play_guide(4)
    window.actions.next_step.trigger()  # plays on to the question
    qtbot.waitUntil(lambda: session.guide_asking == 4, timeout=30_000)
    qtbot.wait(50)
    cards = window.dashboard.cards
    shown = [card for card in cards if card.isVisible()]
    least = round(LEAST_SHOWN_HEIGHT * window.theme.scale)
    assert len(cards) == 2
    assert len(shown) == (1 if size[1] < 1000 else 2)
    assert shown[0] is cards[0]  # the first headline chart, the one the question is about
    if len(shown) > 1:
        assert all(card.height() >= least for card in shown), [c.height() for c in shown]
    else:  # alone, it has the room two would have shared (two got ~80 px each)
        assert cards[0].height() >= 0.75 * least, cards[0].height()
    window.actions.presentation.trigger()
    qtbot.wait(20)
    assert all(card.isVisible() for card in window.dashboard.cards)  # the dashboard keeps all


@pytest.mark.slow
@pytest.mark.parametrize("name", ["recommender", "lending"])
def test_presented_parameter_rows_fit_the_pane(make_window, qtbot, name):
    """A choice with a long label ("Weighted by the chance of being shown (IPW)") must not
    widen its row past the parameter pane, which cut the row's LEVER badge off when
    presenting in Spanish: the box is as wide as the row gives it."""
    window = make_window(name)
    try:
        window.choose_language("es")
        window.actions.presentation.trigger()
        window.showNormal()
        window.resize(1920, 1080)
        qtbot.waitUntil(lambda: window.width() == 1920, timeout=3000)
        qtbot.wait(50)
        panel = window.params
        rows = [row for row in panel.rows.values() if row.isVisibleTo(panel)]
        assert rows
        for row in rows:
            right = row.mapTo(window.params_dock, row.rect().topRight()).x()
            assert right <= window.params_dock.width(), (row.param.key, right)
            assert row.minimumSizeHint().width() <= row.width(), row.param.key
    finally:
        window.actions.presentation.trigger()
        window.choose_language("en")
