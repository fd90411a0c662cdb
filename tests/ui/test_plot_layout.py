"""Legends take only the room they need: the plot keeps most of its card; markers."""

from PySide6.QtCore import QEvent, QPointF


def test_plots_keep_most_of_their_card(window, qtbot):
    for card in window.dashboard.cards:
        assert card.compare_legend.geometry().height() == 0
        assert card.plot.vb.height() > 0.5 * card.height(), card.chart.title
    window.session.pin_baseline()  # a comparison legend row appears, and only then
    qtbot.waitUntil(lambda: window.dashboard.cards[0].compare_legend.geometry().height() > 0,
                    timeout=3000)


def test_only_the_latest_markers_keep_their_labels_and_every_one_its_tooltip(window,
                                                                                qtbot):
    """Forty lever changes: forty lines, the latest twelve labelled (as items of their own),
    and hovering any line, however old, says what changed there."""
    from PySide6.QtGui import QHelpEvent
    from PySide6.QtWidgets import QApplication, QToolTip

    from ui.plot_card import MAX_MARKER_LABELS

    card = window.dashboard.cards[0]
    card.set_x_max(400)
    for i in range(40):
        card.add_marker(float(10 * i), ("Label audit", f"→ {i}"), "#333333")
    assert len(card.rug) == 40 and len(card.markers) == MAX_MARKER_LABELS
    assert [m.parts[1] for m in card.markers] == [f"→ {i}" for i in range(28, 40)]
    qtbot.wait(20)
    y_middle = sum(card.plot.vb.viewRange()[1]) / 2
    where = card.mapFromScene(card.plot.vb.mapViewToScene(QPointF(30.0, y_middle)))
    QApplication.sendEvent(card.viewport(), QHelpEvent(
        QEvent.Type.ToolTip, where, card.viewport().mapToGlobal(where)))
    assert QToolTip.isVisible() and QToolTip.text() == "Label audit → 3"  # an old, unlabelled one
    QToolTip.hideText()
    card.clear_markers()
    assert len(card.rug) == 0 and card.markers == []


def test_a_marker_label_hides_no_data(window, qtbot):
    """A curve running behind a lever-change label keeps 3:1 against the plot there, all
    across the label (where a glyph crosses it, the glyph is what shows, at 4.5:1): no box,
    however translucent, washes the data out."""
    import numpy as np
    from PySide6.QtCore import QPoint

    from ui.theme import contrast_ratio

    card = window.dashboard.cards[0]
    card.set_x_max(300)
    card.add_marker(150.0, ("Label audit", "→ 0.50"), card.theme.marker)
    qtbot.wait(50)
    label = card.markers[-1].label
    box = label.mapRectToScene(label.boundingRect())
    column = next(iter(card.curves))
    level = card.plot.vb.mapSceneToView(box.center()).y()  # the curve crosses the label
    card.show_data(np.arange(301, dtype=float),
                   lambda c: np.full(301, level if c == column else np.nan))
    qtbot.wait(50)
    image = card.grab().toImage()
    left, right = card.mapFromScene(box.topLeft()).x(), card.mapFromScene(box.topRight()).x()
    y = card.mapFromScene(box.center()).y()
    inner = range(left + (right - left) // 4, right - (right - left) // 4)
    assert len(inner) >= 4
    weakest = min(contrast_ratio(image.pixelColor(QPoint(x, y)).name(), card.theme.background)
                  for x in inner)
    assert weakest >= 3.0
