"""Legends take only the room they need: the plot keeps most of its card; markers."""

from PySide6.QtCore import QEvent, QPointF


def test_plots_keep_most_of_their_card(window, qtbot):
    for card in window.dashboard.cards:
        assert card.compare_legend.geometry().height() == 0
        assert card.plot.vb.height() > 0.5 * card.height(), card.chart.title
    window.session.pin_baseline()  # a comparison legend row appears, and only then
    qtbot.waitUntil(lambda: window.dashboard.cards[0].compare_legend.geometry().height() > 0,
                    timeout=3000)


def test_only_the_latest_markers_keep_a_tag_and_every_one_its_tooltip(window, qtbot):
    """Forty lever changes: forty lines, the latest twelve tagged in the lane, and hovering
    any line, however old, says what changed there."""
    from PySide6.QtGui import QHelpEvent
    from PySide6.QtWidgets import QApplication, QToolTip

    from ui.marker_lane import MAX_TAGS

    card = window.dashboard.cards[0]
    card.set_x_max(400)
    for i in range(40):
        card.add_marker(float(10 * i), ("Label audit", f"→ {i}"), "#333333")
    assert len(card.rug) == 40 and len(card.lane.marks) == 40
    assert [m.number for m in card.lane.tagged()] == list(range(41 - MAX_TAGS, 41))
    qtbot.wait(20)
    assert len(card.lane.boxes) == MAX_TAGS
    y_middle = sum(card.plot.vb.viewRange()[1]) / 2
    where = card.mapFromScene(card.plot.vb.mapViewToScene(QPointF(30.0, y_middle)))
    QApplication.sendEvent(card.viewport(), QHelpEvent(
        QEvent.Type.ToolTip, where, card.viewport().mapToGlobal(where)))
    assert QToolTip.isVisible() and QToolTip.text() == "Label audit → 3"  # an old, untagged one
    QToolTip.hideText()
    box, mark, _ = card.lane.boxes[-1]  # a tag: its full text, whatever it shows
    where = card.mapFromScene(card.lane.mapToScene(box.center()))
    QApplication.sendEvent(card.viewport(), QHelpEvent(
        QEvent.Type.ToolTip, where, card.viewport().mapToGlobal(where)))
    assert QToolTip.text() == "Label audit → 39"
    QToolTip.hideText()
    card.clear_markers()
    assert len(card.rug) == 0 and card.lane.marks == [] and card.lane.boxes == []


def test_changes_in_one_round_are_one_mark_with_one_tag(window, qtbot):
    card = window.dashboard.cards[0]
    card.set_x_max(300)
    card.add_marker(219.0, ("Fairness constraint", "→ Demographic parity"), "#333333",
                    round_=220)
    card.add_marker(219.0, ("Loss / gain per loan", "→ 1.00"), "#333333", round_=220)
    card.add_marker(99.0, ("Label audit", "→ 0.50"), "#333333", round_=100)
    qtbot.wait(20)
    assert [(m.number, m.round, m.text) for m in card.lane.marks] == [
        (1, 220, "Fairness constraint → Demographic parity; Loss / gain per loan → 1.00"),
        (2, 100, "Label audit → 0.50")]
    assert len(card.lane.boxes) == 2
    assert card.rug.tip_at(219.0, 0.5) == card.lane.marks[0].text
