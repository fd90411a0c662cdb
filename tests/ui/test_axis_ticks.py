"""A chart's vertical axis shows only as many numbers as fit one above another: a short chart
(six of them on a 1280x720 projector) must not print 0, 0.2, ... 1.0 over each other, and
still shows at least two numbers to read it by."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QFont, QFontMetricsF

from ui.charts.plot_card import TICK_LINE_GAP, Axis, tick_count, wider_spacing


@pytest.fixture
def axis(qapp):
    axis = Axis("left")
    axis.setTickFont(QFont("DejaVu Sans", 14))
    return axis


def shown(axis, low, high, size):
    """The numbers the axis would print between ``low`` and ``high`` on ``size`` pixels."""
    levels = axis.tickValues(low, high, size)
    return [v for v in levels[0][1] if low <= v <= high]  # major ticks: the ones with numbers


@pytest.mark.parametrize(("low", "high"), [(0.0, 1.0), (-0.05, 1.05), (380.0, 820.0),
                                           (0.0, 0.08), (-3.0, 40.0)])
@pytest.mark.parametrize("size", [40, 60, 90, 140, 400])
def test_numbers_fit_one_above_another_and_at_least_two_show(axis, low, high, size):
    line = QFontMetricsF(axis.style["tickFont"]).height() * TICK_LINE_GAP
    values = sorted(set(shown(axis, low, high, size)))
    assert len(values) >= 2
    if len(values) > 2:  # more than the two kept whatever the room
        assert len(values) * line <= size


def test_a_tall_axis_keeps_pyqtgraphs_choice(axis):
    plain = Axis("bottom")  # horizontal axes are never widened
    assert axis.tickSpacing(0.0, 1.0, 600) == plain.tickSpacing(0.0, 1.0, 600)


def test_round_spacings():
    assert [wider_spacing(s) for s in (0.1, 0.2, 0.25, 0.5, 1.0, 20.0, 50.0)] == [
        0.2, 0.25, 0.5, 1.0, 2.0, 25.0, 100.0]
    assert tick_count(0.0, 1.0, 0.2) == 6 and tick_count(380.0, 820.0, 200.0) == 3
