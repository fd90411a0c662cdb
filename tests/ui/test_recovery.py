"""After a crash or a kill, the run the user was working on is offered back, exactly."""

import numpy as np
import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox

from simulator import load_scenario
from ui.dialogs.recovery import Recovery, offer
from ui.main_window import MainWindow


@pytest.mark.slow
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
    left = Recovery(again.session, path).left_over()
    assert (left.scenario.id, left.rounds, left.changes) == ("lending", 20, 1)
    again.session.open_run(str(left.path))
    assert again.session.sim.round == 20
    assert np.array_equal(again.session.sim.recorder.table(), expected, equal_nan=True)


@pytest.mark.slow
def test_a_clean_exit_leaves_nothing_to_recover(tmp_path, qtbot):
    path = tmp_path / "recovery-run.toml"
    window = MainWindow(load_scenario("lending"))
    qtbot.addWidget(window)
    recovery = Recovery(window.session, path, interval_ms=20)
    window.session.sim.run(3)
    qtbot.waitUntil(path.exists, timeout=3000)
    recovery.discard()
    assert not path.exists()


def test_a_run_with_nothing_in_it_is_not_offered(tmp_path, qtbot):
    """A crash before any round or lever leaves nothing to lose: no file, no prompt."""
    path = tmp_path / "recovery-run.toml"
    window = MainWindow(load_scenario("lending"))
    qtbot.addWidget(window)
    recovery = Recovery(window.session, path, interval_ms=20)
    window.session.sim.run(2)
    qtbot.waitUntil(path.exists, timeout=3000)
    window.session.reset()  # back to round 0, nothing changed: the file goes
    qtbot.waitUntil(lambda: not path.exists(), timeout=3000)
    recovery.save()
    window.session.save_run(str(path))  # and one written by an older version is not offered
    assert Recovery(window.session, path).left_over() is None


def crashed_lending(tmp_path, qtbot):
    """The recovery file a killed lending session leaves: 20 months, one lever change."""
    path = tmp_path / "recovery-run.toml"
    window = MainWindow(load_scenario("lending"))
    qtbot.addWidget(window)
    window.session.sim.run(12)
    window.session.sim.set_param("mitigation.label_audit", 0.5)
    window.session.sim.run(8)
    window.session.save_run(str(path))
    return path


def answer_prompt(key=None, button=None):
    """Answer the recovery prompt once it is up, with a key (a clicker sends Enter) or a
    button named by its text; returns what the prompt said."""
    seen = {}

    def poll():
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, poll)
            return
        seen["text"] = box.text()
        seen["buttons"] = [b.text() for b in box.buttons()]
        seen["default"] = box.defaultButton().text()
        if key is not None:
            QTest.keyClick(box, key)
        else:
            next(b for b in box.buttons() if b.text() == button).click()

    QTimer.singleShot(20, poll)
    return seen


@pytest.mark.slow
def test_the_scenario_asked_for_wins_and_enter_keeps_it(tmp_path, qtbot):
    """`bias-loop gui hiring` after a lending crash: the prompt names the lending run and
    says hiring stays open; Enter (a clicker) keeps hiring, a fresh run."""
    path = crashed_lending(tmp_path, qtbot)
    window = MainWindow(load_scenario("hiring"))
    qtbot.addWidget(window)
    window.show()
    seen = answer_prompt(key=Qt.Key.Key_Return)
    assert not offer(window, Recovery(window.session, path), "hiring")
    assert ("Lending: delayed impact of biased credit decisions, month 20, 1 lever change"
            in seen["text"])
    assert "You asked for Hiring: the screening" in seen["text"]
    assert seen["buttons"] == ["Restore that run", "Start afresh"]
    assert seen["default"] == "Start afresh"
    assert window.session.scenario.id == "hiring" and window.session.sim.round == 0


@pytest.mark.slow
def test_restoring_on_purpose_brings_the_run_back(tmp_path, qtbot):
    path = crashed_lending(tmp_path, qtbot)
    window = MainWindow(load_scenario("hiring"))
    qtbot.addWidget(window)
    window.show()
    seen = answer_prompt(button="Restore that run")
    assert offer(window, Recovery(window.session, path), "hiring")
    assert "You asked for" in seen["text"]
    sim = window.session.sim
    assert (window.session.scenario.id, sim.round, len(sim.events)) == ("lending", 20, 1)
    recovery = Recovery(window.session, path)
    recovery.discard()  # a clean exit afterwards leaves nothing behind
    assert list(tmp_path.iterdir()) == []
