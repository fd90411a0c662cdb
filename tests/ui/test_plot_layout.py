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
