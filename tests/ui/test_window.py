"""The main window driven as a user drives it: keys, clicks on controls, dialogs, the guide.

Each test starts from a fresh window on a scenario, with no saved preferences."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QPoint, QSettings, Qt, QTimer
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QToolButton

from simulator import bundled_names, load_scenario
from ui.charts.plot_chooser import PlotChooser


def marker_texts(window) -> list[list[str]]:
    """What the markers on each chart say, in full (every tag's text is its mark's)."""
    window.dashboard.redraw()
    texts = []
    for card in window.dashboard.cards:
        assert [t for m in card.lane.marks for t in m.texts] == [
            " ".join(parts) for parts in card.rug.tips if parts[1].startswith("→")]
        texts.append([" ".join(parts) for parts in card.rug.tips])
    return texts


def press(qtbot, window, key, modifier=Qt.KeyboardModifier.NoModifier):
    qtbot.keyClick(window, key, modifier)


# --- every scenario --------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("name", bundled_names())
def test_each_scenario_runs_pauses_steps_resets_and_looks_whole(make_window, qtbot, tmp_path,
                                                                name):
    window = make_window(name)
    session = window.session
    assert window.dashboard.plot_ids == session.scenario.default_plots()
    assert len(window.dashboard.cards) == len(window.dashboard.plot_ids)
    assert window.params.rows and window.diagram.notes
    press(qtbot, window, Qt.Key.Key_Space)
    assert session.running
    qtbot.waitUntil(lambda: session.sim.round >= 30, timeout=10_000)
    press(qtbot, window, Qt.Key.Key_Space)
    assert not session.running
    paused_at = session.sim.round
    press(qtbot, window, Qt.Key.Key_Right)
    assert session.sim.round == paused_at + 1
    assert window.run_bar.counter.text().endswith(f"{paused_at + 1:,}")
    press(qtbot, window, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    assert session.sim.round == 0
    session.play(150)
    window.refresh_views()
    path = tmp_path / f"{name}.png"
    assert window.save_picture(str(path))
    image = QImage(str(path))
    assert (image.width(), image.height()) == (1600, 1000)


# --- controls, markers, undo ----------------------------------------------------------------


def commit_slider(slider, value: int) -> None:
    """A mouse drag: the slider moves while held down and commits on release."""
    slider.setSliderDown(True)
    slider.setValue(value)
    slider.setSliderDown(False)


def test_each_kind_of_control_marks_every_chart_and_undo_reverts(window, qtbot):
    session, rows = window.session, window.params.rows
    session.play(20)
    qtbot.mouseClick(rows["mitigation.reweighing"].control.switch, Qt.MouseButton.LeftButton)
    commit_slider(rows["mitigation.label_audit"].control.slider, 500)
    spin = rows["mitigation.exploration"].control.spin
    spin.lineEdit().selectAll()
    qtbot.keyClicks(spin.lineEdit(), "0.1")
    qtbot.keyClick(spin.lineEdit(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: session.is_pending("mitigation.exploration"), timeout=2000)
    combo = rows["mitigation.fairness"].control.combo
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Down)
    assert session.value("mitigation.reweighing") is True
    assert session.value("mitigation.label_audit") == pytest.approx(0.5)
    assert session.value("mitigation.exploration") == pytest.approx(0.1)
    assert session.value("mitigation.fairness") == "demographic_parity"
    assert rows["mitigation.fairness"].pending.isVisibleTo(rows["mitigation.fairness"])
    press(qtbot, window, Qt.Key.Key_Right)
    assert {e.key for e in session.sim.events if e.round == 21} == {
        "mitigation.reweighing", "mitigation.label_audit", "mitigation.exploration",
        "mitigation.fairness"}
    texts = marker_texts(window)
    assert all(len(card) == 4 for card in texts), texts
    assert all("Reweighing → on" in card for card in texts)
    assert all("Fairness constraint → Demographic parity" in card for card in texts)

    press(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert combo.currentData() == "none", "the panel shows the restored value at once"
    press(qtbot, window, Qt.Key.Key_Right)
    undo = session.sim.events[-1]
    assert (undo.key, undo.old, undo.new, undo.round) == (
        "mitigation.fairness", "demographic_parity", "none", 22)
    assert all(len(card) == 5 for card in marker_texts(window))


def test_keys_meant_for_a_focused_control_stay_with_it(window, qtbot):
    slider = window.params.rows["mitigation.label_audit"].control.slider
    slider.setFocus()
    qtbot.keyClick(slider, Qt.Key.Key_Right)
    assert window.session.sim.round == 0, "Right moved the slider, it did not step"
    assert slider.value() > 0
    seed = window.run_bar.seed
    seed.setFocus()
    qtbot.keyClick(seed, Qt.Key.Key_Space)
    assert not window.session.running


def test_a_setting_that_needs_a_restart_offers_it(window, qtbot, dialogs):
    session = window.session
    session.play(10)
    spin = window.params.rows["groups.B.score_mean"].control.spin
    dialogs.next(accept=False)
    spin.setValue(640)
    qtbot.waitUntil(lambda: bool(dialogs.texts), timeout=3000)
    assert "shapes the initial state" in dialogs.texts[0]
    assert session.sim.round == 10 and spin.value() == 600, "declined: nothing changed"
    dialogs.next(accept=True)
    spin.setValue(640)
    qtbot.waitUntil(lambda: len(dialogs.texts) == 2, timeout=3000)
    assert session.sim.round == 0
    assert session.sim.params["groups.B.score_mean"] == 640


def test_before_the_first_round_a_change_sets_the_start(window, qtbot):
    qtbot.mouseClick(window.params.rows["mitigation.reweighing"].control.switch,
                     Qt.MouseButton.LeftButton)
    assert window.session.sim.params["mitigation.reweighing"] is True
    window.session.play(5)
    assert window.session.sim.events == [] and marker_texts(window)[0] == []


# --- guide ----------------------------------------------------------------------------------


def test_following_the_guide_shows_captions_and_pulls_levers(window, qtbot):
    session = window.session
    steps = session.scenario.guide
    button = next(b for b in window.guide_bar.findChildren(QToolButton)
                  if b.defaultAction() is window.actions.next_step)
    assert window.guide_bar.isVisible()
    lever_step = next(i for i, s in enumerate(steps) if s.set)
    for i in range(lever_step + 1):
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda i=i: session.guide_shown == i, timeout=10_000)
        assert window.guide_bar.caption.text() == steps[i].caption.get("en")
        assert session.sim.round == max(steps[i].round, 0)
    press(qtbot, window, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: session.sim.round > steps[lever_step].round + 2, timeout=10_000)
    press(qtbot, window, Qt.Key.Key_Space)
    key = next(iter(steps[lever_step].set))
    label = session.scenario.schema.get(key).label.get("en")
    assert all(any(t.startswith(label) for t in card) for card in marker_texts(window))


# --- errors ---------------------------------------------------------------------------------


BAD_SCENARIO = """
[scenario]
id = "broken"
kind = "decisions"
title = "Broken"
summary = "Shares that do not add up."

[[groups]]
id = "A"
share = 0.7

[[groups]]
id = "B"
share = 0.5
"""


def test_a_scenario_that_fails_validation_is_explained_and_the_run_goes_on(window, tmp_path,
                                                                            dialogs, qtbot):
    from simulator import ScenarioError

    path = tmp_path / "broken.toml"
    path.write_text(BAD_SCENARIO, encoding="utf-8")
    with pytest.raises(ScenarioError) as error:
        load_scenario(str(path))
    window.session.play(7)
    dialogs.next()
    assert not window.open_scenario(str(path))
    assert dialogs.texts == [str(error.value)], "the CLI's message, verbatim"
    assert window.session.scenario.id == "lending" and window.session.sim.round == 7
    window.session.step()
    assert window.session.sim.round == 8


def test_a_failed_save_is_explained(window, tmp_path, dialogs):
    dialogs.next()
    assert not window.save_picture(str(tmp_path / "no-such-folder" / "x.png"))
    assert "does not exist" in dialogs.texts[0]
    assert not (tmp_path / "no-such-folder").exists()


# --- what the charts and the diagram show ---------------------------------------------------


def test_charts_hold_the_recorders_numbers(window):
    recorder = window.session.sim.recorder
    window.session.play(200)  # fewer rounds than a chart has pixels: drawn one by one
    window.dashboard.redraw()
    assert all(card.plot.vb.width() > 200 for card in window.dashboard.cards)
    for card in window.dashboard.cards:
        for column, item in card.curves.items():
            x, y = item.getData()
            np.testing.assert_array_equal(x, recorder.rounds)
            np.testing.assert_array_equal(y, recorder.series(column))


@pytest.mark.slow
def test_long_histories_are_decimated_but_keep_their_extremes(window):
    window.session.play(6000)
    window.dashboard.redraw()
    recorder = window.session.sim.recorder
    card = window.dashboard.cards[1]
    for column, item in card.curves.items():
        x, y = item.getData()
        assert len(y) < 2000
        series = recorder.series(column)
        assert np.nanmax(y) == np.nanmax(series) and np.nanmin(y) == np.nanmin(series)
        assert x[-1] == recorder.rounds[-1]


def test_clicking_a_stage_brings_up_its_parameters(window, qtbot):
    diagram = window.diagram
    node = next(n for n in diagram.nodes if n.stage == "decisions")
    point = diagram.mapFromScene(node.scenePos())
    qtbot.mouseClick(diagram.viewport(), Qt.MouseButton.LeftButton, pos=point)
    panel = window.params
    assert panel.rows["mitigation.fairness"].property("focused")
    assert panel.sections["policy"].expanded and not panel.sections["world"].expanded
    assert not panel.rows["world.applicants"].property("focused")


def test_the_diagram_shows_levers_where_they_act(window):
    window.session.set_param("mitigation.label_audit", 0.5)  # a starting value (round 0)
    window.diagram.refresh()
    badges = {b.key for note in window.diagram.notes for b in note.badges}
    assert "mitigation.label_audit" in badges and "bias.selective_labels" in badges


def test_info_pane_tells_the_scenarios_story(window):
    text = window.info.toPlainText()
    scenario = window.session.scenario
    assert scenario.title.en in text
    assert "Things to try" in text and scenario.info["try"].en[:40] in text


@pytest.mark.slow
def test_zoom_makes_everything_larger_and_back(window, qtbot):
    before = window.theme.px(window.theme.title_px)
    press(qtbot, window, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
    assert window.theme.px(window.theme.title_px) > before
    assert window.dashboard.cards[0].theme is window.theme
    press(qtbot, window, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert window.theme.px(window.theme.title_px) == before


def test_switching_language_is_a_refresh(window):
    window.set_language("es")
    scenario = window.session.scenario
    first = next(p for p in scenario.plots() if p.id == scenario.default_plots()[0])
    assert window.dashboard.cards[0].chart.title == first.title.get("es")
    row = window.params.rows["mitigation.reweighing"]
    labels = [w.text() for w in row.findChildren(type(window.rate_label))]
    assert row.param.label.get("es") in labels
    assert "Mes" in window.run_bar.counter.text()


# --- preferences ----------------------------------------------------------------------------


def choose_in_dialog(plot_ids: list[str], columns: int) -> None:
    def answer():
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, PlotChooser):
            QTimer.singleShot(20, answer)
            return
        for i in range(dialog.list.count()):
            item = dialog.list.item(i)
            item.setCheckState(Qt.CheckState.Checked
                               if item.data(Qt.ItemDataRole.UserRole) in plot_ids
                               else Qt.CheckState.Unchecked)
        dialog.columns.setValue(columns)
        dialog.accept()

    QTimer.singleShot(0, answer)


@pytest.mark.slow
def test_preferences_are_remembered(make_window, tmp_path):
    settings = QSettings(str(tmp_path / "prefs.ini"), QSettings.Format.IniFormat)
    window = make_window("lending", settings)
    window.open_scenario("policing")
    plots = [pid for pid, _ in window.dashboard.available_plots()][-2:]
    choose_in_dialog(plots, 1)
    window.choose_plots()
    assert window.dashboard.plot_ids == plots and window.dashboard.columns == 1
    window.splitter.setSizes([300, 1000])
    sizes = window.splitter.sizes()
    window.close()

    again = make_window("policing", QSettings(str(tmp_path / "prefs.ini"),
                                              QSettings.Format.IniFormat))
    assert again.dashboard.plot_ids == plots and again.dashboard.columns == 1
    assert again.splitter.sizes() == sizes
    assert again.prefs.get("last_scenario") == "policing"


def test_picker_lists_every_bundled_scenario_and_switches(window, qtbot):
    picker = window.run_bar.picker
    sources = [picker.itemData(i) for i in range(picker.count())]
    assert set(bundled_names()) <= set(sources)
    index = picker.findData("policing")
    picker.setCurrentIndex(index)
    picker.activated.emit(index)
    assert window.session.scenario.id == "policing"
    assert "Predictive policing" in window.windowTitle() or window.session.scenario.title.en \
        in window.windowTitle()


def test_status_bar_reports_rounds_per_second(window, qtbot):
    window.session.run()
    qtbot.waitUntil(lambda: window.session.sim.round > 100, timeout=10_000)
    window._show_rate()
    window.session.pause()
    assert "rounds/s" in window.rate_label.text()


def test_the_window_answers_input_while_running_at_full_speed(window, qtbot):
    """The "never block" rule, loosely (benchmarks/gui.py measures it properly)."""
    import time

    window.session.run()
    qtbot.waitUntil(lambda: window.session.sim.round > 50, timeout=10_000)
    latencies = []
    for i in range(10):
        sent = time.perf_counter()
        QTimer.singleShot(0, lambda sent=sent: latencies.append(time.perf_counter() - sent))
        qtbot.waitUntil(lambda i=i: len(latencies) > i, timeout=2000)
    window.session.pause()
    assert sorted(latencies)[len(latencies) // 2] < 0.1


def test_full_screen_toggles(window, qtbot):
    press(qtbot, window, Qt.Key.Key_F11)
    assert window.actions.full_screen.isChecked()
    press(qtbot, window, Qt.Key.Key_F11)
    assert not window.actions.full_screen.isChecked()


def test_right_click_free_plots(window, qtbot):
    card = window.dashboard.cards[0]
    qtbot.mouseClick(card.viewport(), Qt.MouseButton.RightButton, pos=QPoint(100, 100))
    assert QApplication.activePopupWidget() is None, "no context menu to get lost in"


def test_typing_a_seed_sets_the_run_up_again_with_it(window, qtbot):
    window.session.play(12)
    seed = window.run_bar.seed
    seed.selectAll()
    qtbot.keyClicks(seed, "4242")
    qtbot.keyClick(seed, Qt.Key.Key_Return)
    assert window.session.seed == 4242 and window.session.sim.round == 0
    window.actions.new_seed.trigger()
    assert window.run_bar.seed.text() == str(window.session.seed)


def test_run_becomes_pause_and_the_loop_animates(window, qtbot):
    diagram = window.diagram
    assert not any(dot.isVisible() for dot in diagram.dots)
    window.session.set_speed(20)
    press(qtbot, window, Qt.Key.Key_Space)
    assert window.actions.run.text() == "Pause"
    start = diagram.dots[0].pos()
    qtbot.waitUntil(lambda: diagram.dots[0].pos() != start, timeout=2000)
    assert all(dot.isVisible() for dot in diagram.dots)
    press(qtbot, window, Qt.Key.Key_Space)
    assert window.actions.run.text() == "Run"
    assert not any(dot.isVisible() for dot in diagram.dots)


def test_a_scenario_without_a_guide_hides_the_guide_bar(window, tmp_path):
    from simulator import dump_scenario

    text = dump_scenario(load_scenario("lending")).split("\n[[guide]]")[0] + "\n"
    path = tmp_path / "no_guide.toml"
    path.write_text(text, encoding="utf-8")
    assert window.open_scenario(str(path))
    assert window.session.scenario.guide == ()
    assert not window.guide_bar.isVisible() and not window.actions.next_step.isEnabled()
    assert window.run_bar.picker.currentData() == str(path)
    assert not window.windowIcon().isNull()


def test_audit_verdicts_are_quiet_markers(make_window):
    window = make_window("hiring")
    window.session.set_param("audit.block", True)  # a starting value
    window.session.play(30)
    window.dashboard.redraw()
    card = window.dashboard.cards[0]
    assert len(card.rug) > 0 and card.lane.marks == []  # lines, but no tags
    assert all(what and value for what, value in card.rug.tips)  # each with its hover text
