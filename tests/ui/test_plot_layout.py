"""Legends take only the room they need: the plot keeps most of its card; markers."""

import pytest
from PySide6.QtCore import QEvent, QPointF

from simulator import bundled_names


def test_plots_keep_most_of_their_card(window, qtbot):
    for card in window.dashboard.cards:
        assert card.plot.vb.height() > 0.5 * card.height(), card.chart.title
    strip = window.dashboard.strip
    assert [t for _, t in strip.legend.entries] == ["Group A", "Group B"]
    window.session.pin_baseline()  # the comparison is named once, in the strip
    qtbot.waitUntil(lambda: len(strip.legend.entries) == 3, timeout=3000)


def test_only_the_latest_markers_keep_a_tag_and_every_one_its_tooltip(window, qtbot):
    """Forty lever changes: forty lines, the latest twelve tagged in the lane, and hovering
    any line, however old, says what changed there."""
    from PySide6.QtGui import QHelpEvent
    from PySide6.QtWidgets import QApplication, QToolTip

    from ui.charts.marker_lane import MAX_TAGS

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


@pytest.mark.slow
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


PLOT_SHARE = 0.60  # of a card's height, for its plot (the data area and its axes)
LEGEND_SHARE = 0.25


@pytest.mark.slow
@pytest.mark.parametrize("name", bundled_names())
def test_with_every_comparison_on_each_plot_keeps_most_of_its_card(make_window, qtbot, name):
    """Baseline, counterfactual and a band on, the guide played (a lane of tags): at 1600×1000
    and 1920×1080, in English and Spanish, no chart's legend takes more than a quarter of its
    card, and every plot keeps at least 60 % of it."""
    from simulator import Simulation
    from simulator.bands import bands

    window = make_window(name)
    session = window.session
    session.play(1)
    session.pin_baseline()
    session.show_counterfactual(True)
    replications = [Simulation(session.scenario, seed=s) for s in (1, 2)]
    for sim in replications:
        sim.run(40)
    session.band, session.band_size = bands(replications), 2
    session.compare_version += 1
    for step in session.scenario.guide:
        session.play(step.round - session.sim.round)
        for key, value in step.set.items():
            session.set_param(key, value, who="guide")
    measured = []
    for lang in ("en", "es"):
        window.set_language(lang)
        for size in ((1600, 1000), (1920, 1080)):
            window.resize(*size)
            window.refresh_views()
            qtbot.wait(30)
            strip = [t for _, t in window.dashboard.strip.legend.entries]
            assert len(strip) == len(session.scenario.group_ids) + 3, strip
            for card in window.dashboard.cards:
                height = card.height()
                measured.append((lang, size, card.chart.id, card.plot.height() / height,
                                 card.legend.height() / height))
    low = [m for m in measured if m[3] < PLOT_SHARE or m[4] > LEGEND_SHARE]
    assert low == [], low


def test_labels_spread_apart_within_the_plot():
    from ui.charts.end_labels import spread

    assert spread([50.0, 52.0, 300.0], 20.0, 0.0, 200.0) == [50.0, 70.0, 190.0]
    assert spread([5.0], 20.0, 0.0, 200.0) == [10.0]  # whole, inside the top
    assert spread([10.0] * 11, 20.0, 0.0, 200.0) == []  # no room for them all: none


@pytest.mark.slow
def test_lines_are_labelled_at_their_ends_while_there_is_room(window, qtbot):
    import numpy as np

    card = window.dashboard.cards[1]  # approval rate: one line per group
    card.set_x_max(300)
    qtbot.wait(20)
    rounds = np.arange(1, 301, dtype=float)
    level = {c.column: 0.2 + 0.5 * i for i, c in enumerate(card.chart.curves)}
    card.show_data(rounds[:100], lambda c: np.full(100, level[c]))
    shown = card.end_labels.shown()
    assert sorted(item.toPlainText() for item in shown) == ["Group A", "Group B"]
    for item in shown:  # just right of the line's end, at its height
        x, y = item.pos().x(), item.pos().y()
        assert 100 < x < 110 and any(abs(y - v) < 0.05 for v in level.values())
    card.show_data(rounds, lambda c: np.full(300, level[c]))  # the lines reach the edge
    assert card.end_labels.shown() == []


def test_a_line_whose_last_values_are_missing_is_labelled_at_its_last_value(window, qtbot):
    import numpy as np

    card = window.dashboard.cards[1]  # approval rate: one line per group
    card.set_x_max(300)
    qtbot.wait(20)
    level = {c.column: 0.2 + 0.5 * i for i, c in enumerate(card.chart.curves)}

    def series(column):
        values = np.full(100, level[column])
        values[80:] = np.nan  # not measured in the last 20 rounds
        return values

    card.show_data(np.arange(1, 101, dtype=float), series)
    shown = card.end_labels.shown()
    assert len(shown) == 2
    for item in shown:  # just right of round 80, the last with a value, at its height
        x, y = item.pos().x(), item.pos().y()
        assert 80 < x < 90 and any(abs(y - v) < 0.05 for v in level.values())

def test_a_legend_entry_wider_than_its_chart_ends_in_an_ellipsis(window):
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QPen

    from ui.charts.plot_card import FlowLegend

    theme = window.theme
    legend = FlowLegend([(QPen(Qt.GlobalColor.black), "Reviewers' reliance on the model"),
                         (QPen(Qt.GlobalColor.black), "skill")], theme.font(theme.legend_px),
                        Qt.GlobalColor.black, 28)
    legend.reflow(150)
    assert legend.texts[0].endswith("…") and legend.texts[1] == "skill"
    assert all(legend._entry_width(t) <= 150 + 12 for t in legend.texts)
    assert len({y for _, y in legend.places}) == 2  # one line each


def test_end_labels_follow_an_auto_ranged_axis_at_once(make_window):
    """A chart whose axis follows its data (incidents counted): the labels sit at their
    lines' new heights right after the data is drawn, not on the axis's old range."""
    import numpy as np

    window = make_window("policing")
    card = next(c for c in window.dashboard.cards if c.chart.y_range is None)
    card.set_x_max(300)
    level = {c.column: 580.0 + 150 * i for i, c in enumerate(card.chart.curves)}
    card.show_data(np.arange(1, 101, dtype=float), lambda c: np.full(100, level[c]))
    shown = card.end_labels.shown()
    assert len(shown) == len(card.end_labels.items) == 2  # what happens: one per region
    for item in shown:
        assert any(abs(item.pos().y() - v) < 15 for v in level.values()), item.pos()


def test_an_auto_ranged_chart_searches_its_lines_bounds_once_a_frame(make_window, monkeypatch):
    """The end labels move every frame, but they never stretch the axis: after the search
    the labels' placing asks for, painting the frame does not search again."""
    import numpy as np

    window = make_window("policing")
    card = next(c for c in window.dashboard.cards if c.chart.y_range is None)
    card.set_x_max(300)
    searches = []
    update = card.plot.vb.updateAutoRange
    monkeypatch.setattr(card.plot.vb, "updateAutoRange",
                        lambda: (searches.append(1), update())[1])
    level = {c.column: 580.0 + 150 * i for i, c in enumerate(card.chart.curves)}
    card.show_data(np.arange(1, 81, dtype=float), lambda c: np.full(80, level[c]))
    card.viewport().repaint()  # the axis takes in the lines' range
    searches.clear()
    for n in (100, 120, 140):  # the lines grow, within that range
        card.show_data(np.arange(1, n + 1, dtype=float), lambda c, n=n: np.full(n, level[c]))
        card.viewport().repaint()
    assert len(searches) == 3
    assert card.end_labels.shown()  # and the labels are on show, at their lines' ends
