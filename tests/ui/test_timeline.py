"""The timeline: scrub back through the recorded rounds (slider and keys), see every chart's
cursor, the diagram and the counter at that round without touching the run, and branch from it."""

import numpy as np
import pytest
from PySide6.QtCore import Qt

from ui.dialogs import messages


def test_scrubbing_shows_a_past_round_everywhere_and_leaves_the_run_alone(make_window, qtbot):
    window = make_window("lending")
    s = window.session
    s.play(120)
    before = s.sim.recorder.table()
    window.timeline.slider.setValue(80)
    assert s.viewing == 80
    assert window.run_bar.counter.text() == "Viewing month 80 of 120"
    row = s.sim.recorder.row_at(80)[1]
    for card in window.dashboard.cards:
        cursor = card.cursor
        assert cursor.line.isVisible() and cursor.line.value() == 80
        for column, label in cursor.labels.items():
            assert label.isVisible() == np.isfinite(row[column])
            if label.isVisible():
                assert label.pos().x() == 80 and label.pos().y() == row[column]
    # The diagram shows round 80's figures, not the live round's.
    window.diagram.refresh()
    assert window.diagram._shown_round == (120, 80)
    assert s.sim.round == 120 and np.array_equal(s.sim.recorder.table(), before, equal_nan=True)
    s.play(10)  # the run goes on; the cursor stays where it was put
    assert s.viewing == 80 and window.run_bar.counter.text() == "Viewing month 80 of 130"
    window.timeline.live.click()
    assert s.viewing is None and window.run_bar.counter.text() == "Month 130"
    assert not any(card.cursor.line.isVisible() for card in window.dashboard.cards)


def test_the_keys_move_the_cursor_and_bring_it_back(make_window, qtbot):
    window = make_window("lending")
    s = window.session
    s.play(30)
    qtbot.keyClick(window, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    qtbot.keyClick(window, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert s.viewing == 28 and window.timeline.slider.value() == 28
    qtbot.keyClick(window, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    assert s.viewing == 29
    qtbot.keyClick(window, Qt.Key.Key_End, Qt.KeyboardModifier.AltModifier)
    assert s.viewing is None and s.sim.round == 30


def test_scrub_then_branch_continues_from_there_with_the_old_future_as_baseline(make_window):
    window = make_window("lending")
    s = window.session
    s.play(100)
    old = s.sim.recorder.table()
    window.timeline.slider.setValue(60)
    window.timeline.branch.click()
    assert s.sim.round == 60 and s.sim.branched_at == 60 and s.viewing is None
    assert np.array_equal(s.sim.recorder.table(), old[:60], equal_nan=True)
    assert s.baseline is not None and s.baseline.round == 100
    assert window.run_bar.counter.text() == "Month 60"
    assert "Branched at month 60" in window.statusBar().currentMessage()
    s.set_param("mitigation.reweighing", True)
    s.play(40)
    assert s.baseline.round == 100 and s.sim.round == 100


def test_branching_asks_before_it_replaces_a_pinned_baseline(make_window, monkeypatch):
    window = make_window("lending")
    s = window.session
    s.play(50)
    s.pin_baseline()
    pinned = s.baseline
    answers = []
    monkeypatch.setattr(messages, "ask", lambda *a, **k: answers.append(a[1]) or False)
    window.timeline.slider.setValue(20)
    window.timeline.branch.click()
    assert answers == ["Replace the baseline?"] and s.baseline is pinned and s.sim.round == 50
    monkeypatch.setattr(messages, "ask", lambda *a, **k: True)
    window.timeline.branch.click()
    assert s.sim.round == 20 and s.baseline is not pinned and s.baseline.round == 50


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_whole_window_fits_1280_by_720_with_the_timeline(make_window, lang):
    from simulator import bundled_names
    from ui import i18n

    try:
        for name in bundled_names():
            window = make_window(name)
            window.choose_language(lang)
            window.resize(1280, 720)
            window.session.play_guide(2)  # a long caption on show
            window.refresh_views()
            assert window.minimumSizeHint().height() <= 720, name
            assert window.timeline.isVisibleTo(window)
            window.close()
    finally:
        i18n.set_language("en")
