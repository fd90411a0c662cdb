"""Legends take only the room they need: the plot keeps most of its card."""

from simulator import load_scenario
from ui.main_window import MainWindow


def test_plots_keep_most_of_their_card(qtbot):
    window = MainWindow(load_scenario("lending"))
    qtbot.addWidget(window)
    window.resize(1600, 1000)
    window.show()
    qtbot.waitExposed(window)
    for card in window.dashboard.cards:
        assert card.compare_legend.geometry().height() == 0
        assert card.plot.vb.height() > 0.5 * card.height(), card.chart.title
    window.session.pin_baseline()  # a comparison legend row appears, and only then
    qtbot.waitUntil(lambda: window.dashboard.cards[0].compare_legend.geometry().height() > 0,
                    timeout=3000)


def test_only_the_latest_markers_keep_their_labels(qtbot):
    from ui.plot_card import MAX_MARKER_LABELS

    window = MainWindow(load_scenario("lending"))
    qtbot.addWidget(window)
    card = window.dashboard.cards[0]
    for i in range(40):
        card.add_marker(float(i), "Label audit", f"→ {i}", "#333333")
    shown = [m for m in card.markers if m.label.isVisible()]
    assert len(card.markers) == 40 and len(shown) == MAX_MARKER_LABELS
    assert shown[-1] is card.markers[-1]


def test_a_marker_label_hides_no_data(qtbot):
    """A curve running behind a lever-change label keeps 3:1 against the plot there, all
    across the label (where a glyph crosses it, the glyph is what shows, at 4.5:1): no box,
    however translucent, washes the data out."""
    import numpy as np
    from PySide6.QtCore import QPoint

    from ui.theme import contrast_ratio

    window = MainWindow(load_scenario("lending"))
    qtbot.addWidget(window)
    window.resize(1600, 1000)
    window.show()
    qtbot.waitExposed(window)
    card = window.dashboard.cards[0]
    card.set_x_max(300)
    card.add_marker(150.0, "Label audit", "→ 0.50", card.theme.marker)
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
