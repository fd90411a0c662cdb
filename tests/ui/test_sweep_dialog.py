"""The sweep dialog runs in the background and draws a line with its band or a heat map."""

import numpy as np
import pyqtgraph as pg
import pytest
from PySide6.QtWidgets import QApplication

from simulator import bundled_names, load_scenario
from ui.dialogs.sweep_dialog import SweepDialog
from ui.main_window import MainWindow


def make_dialog(qtbot, name="policing", saved=False):
    """The dialog, on the scenario's saved sweep (``saved``) or on a blank form."""
    window = MainWindow(load_scenario(name))
    qtbot.addWidget(window)
    dialog = SweepDialog(window.session, window.theme, parent=window)
    qtbot.addWidget(dialog)
    if not saved:
        dialog.saved.setCurrentIndex(0)
        dialog.use_saved(None)
        dialog.second_key.setCurrentIndex(0)
    return dialog


def test_one_parameter_gives_a_line_with_its_band(qtbot, tmp_path):
    dialog = make_dialog(qtbot)
    dialog.first_key.setCurrentText("mitigation.reported_weight")
    dialog.first_values.setText("0,0.5,1")
    dialog.choose_metric("allocation_share_north")
    assert dialog.metric_box.currentText() == "Share of the patrols · North"  # in words
    dialog.seeds.setValue(2)
    dialog.rounds.setValue(150)
    dialog.start(jobs=1)
    qtbot.waitUntil(lambda: dialog.sweep_result is not None, timeout=60_000)
    QApplication.processEvents()
    mean = dialog.sweep_result.summary("allocation_share_north")[:, 0]
    assert mean[0] > mean[1] > mean[2]  # reports pull the allocation towards the truth
    items = dialog.plot.getPlotItem().items
    assert any(isinstance(i, pg.FillBetweenItem) for i in items)
    assert dialog.save_csv(str(tmp_path / "s.csv"))
    rows = [r for r in (tmp_path / "s.csv").read_text().splitlines() if not r.startswith("#")]
    assert len(rows) == 1 + 3 * 2


def test_two_parameters_give_a_heat_map(qtbot):
    dialog = make_dialog(qtbot)
    dialog.first_key.setCurrentText("mitigation.reported_weight")
    dialog.first_values.setText("0,1")
    dialog.second_key.setCurrentText("mitigation.exploration")
    dialog.second_values.setText("0,0.3")
    dialog.seeds.setValue(1)
    dialog.rounds.setValue(60)
    dialog.start(jobs=1)
    qtbot.waitUntil(lambda: dialog.sweep_result is not None, timeout=60_000)
    images = [i for i in dialog.plot.getPlotItem().items if isinstance(i, pg.ImageItem)]
    assert images and images[0].image.shape == (2, 2)
    assert np.isfinite(images[0].image).all()
    bars = [i for i in dialog.plot.getPlotItem().scene().items() if isinstance(i, pg.ColorBarItem)]
    assert len(bars) == 1 and bars[0].region is None  # a key, with no handles to drag


def test_bad_values_are_refused_with_a_dialog(qtbot, monkeypatch):
    dialog = make_dialog(qtbot)
    shown = []
    monkeypatch.setattr("ui.dialogs.messages.show_error", lambda *a: shown.append(a[2]))
    dialog.first_key.setCurrentText("mitigation.reported_weight")
    dialog.first_values.setText("0,7")
    dialog.start(jobs=1)
    assert shown and "out of range" in shown[0] and not dialog.running()


def test_run_menu_opens_the_sweep_dialog_without_touching_the_run(qtbot):
    window = MainWindow(load_scenario("lending"))
    qtbot.addWidget(window)
    window.session.sim.run(5)
    window.actions.sweep.trigger()
    dialogs = window.findChildren(SweepDialog)
    assert len(dialogs) == 1 and dialogs[0].isVisible()
    assert window.session.sim.round == 5
    dialogs[0].close()


def test_a_sweep_saved_in_the_scenario_fills_the_form(qtbot):
    """Policing saves `correction_vs_rate`: the dialog opens on exactly that sweep."""
    dialog = make_dialog(qtbot, saved=True)
    plan = dialog.session.scenario.sweep("correction_vs_rate")
    assert [dialog.saved.itemText(i) for i in range(dialog.saved.count())][1:] == [plan.name]
    assert dialog.saved.currentIndex() == 1
    sweep = dialog.make_sweep()
    assert sweep.grid == plan.grid
    assert (sweep.replications, sweep.rounds) == (plan.replications, plan.rounds)
    assert dialog.chosen_metric() == plan.metrics[0]
    dialog.use_saved(None)
    assert dialog.saved_set == {} and dialog.saved_note.text() == ""


@pytest.mark.slow
@pytest.mark.parametrize("name", bundled_names())
def test_every_parameter_comes_with_values_that_run(qtbot, name):
    """Whatever parameter is picked, first or second, the form as it stands is a valid sweep
    (a switch brings false,true; a share its range)."""
    dialog = make_dialog(qtbot, name)
    keys = [dialog.first_key.itemText(i) for i in range(dialog.first_key.count())]
    for key in keys:
        dialog.first_key.setCurrentText(key)
        dialog.second_key.setCurrentText(keys[0] if key != keys[0] else keys[-1])
        sweep = dialog.make_sweep()  # raises if a value is out of range or of the wrong type
        assert all(len(values) >= 2 for _, values in sweep.grid), (key, sweep.grid)
