"""After a crash or a kill, the run the user was working on is offered back, exactly."""

import numpy as np

from simulator import load_scenario
from ui.main_window import MainWindow
from ui.recovery import Recovery


def test_a_killed_session_leaves_a_run_that_reopens_exactly(tmp_path, qtbot):
    path = tmp_path / "recovery-run.toml"
    window = MainWindow(load_scenario("lending"))
    qtbot.addWidget(window)
    session = window.session
    recovery = Recovery(session, path, interval_ms=50)
    assert not recovery.left_over()
    session.sim.run(12)
    session.sim.set_param("mitigation.label_audit", 0.5)
    session.sim.run(8)
    qtbot.waitUntil(path.exists, timeout=3000)
    qtbot.waitUntil(lambda: "label_audit" in path.read_text(encoding="utf-8"), timeout=3000)
    expected = session.sim.recorder.table()
    # "Kill": no clean exit, so the file stays; the next start finds it and reopens it.
    again = MainWindow(load_scenario("lending"))
    qtbot.addWidget(again)
    assert Recovery(again.session, path).left_over()
    again.session.open_run(str(path))
    assert again.session.sim.round == 20
    assert np.array_equal(again.session.sim.recorder.table(), expected, equal_nan=True)


def test_a_clean_exit_leaves_nothing_to_recover(tmp_path, qtbot):
    path = tmp_path / "recovery-run.toml"
    window = MainWindow(load_scenario("lending"))
    qtbot.addWidget(window)
    recovery = Recovery(window.session, path, interval_ms=20)
    window.session.sim.run(3)
    qtbot.waitUntil(path.exists, timeout=3000)
    recovery.discard()
    assert not path.exists()
