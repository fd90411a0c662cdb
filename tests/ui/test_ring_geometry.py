"""The ring's arithmetic: strips as wide as the shares, curves that leave the stage boxes,
stations inside their area, and a ring tall enough that no two stations touch."""

from __future__ import annotations

import math

import pytest

from ui.diagram import ring_geometry as ring


def test_strips_split_the_band_by_share_and_keep_a_sliver_of_a_vanishing_group():
    assert ring.strips((0.75, 0.25), 20) == [(-10, 5), (5, 10)]
    tiny = ring.strips((1.0, 0.0), 20)
    assert tiny[-1][1] == pytest.approx(10) and tiny[1][1] - tiny[1][0] >= 1.3


def test_a_connector_starts_and_ends_outside_both_stations():
    a, b = ring.Box(0, 0, 100, 40), ring.Box(200, 150, 100, 40)
    points = ring.connector((0, 0), (200, 150), (150, 20), (a, b), 5)
    assert points and not any(box.contains(x, y, 4.9) for x, y, _, _ in points for box in (a, b))
    for _, _, nx, ny in points:
        assert math.hypot(nx, ny) == pytest.approx(1)


def test_stations_fit_their_area_and_no_two_touch():
    angles = ring.stage_angles(5)
    sizes = [(200, 80), (250, 110), (140, 80), (185, 110), (185, 110)]
    rx, xs = ring.station_xs(angles, sizes, 480, 4)
    assert all(4 + w / 2 <= x <= 480 - 4 - w / 2 for x, (w, _) in zip(xs, sizes, strict=True))
    height = ring.ring_height(angles, sizes, xs, rx * 0.8, 24, 4)
    ry = ring.vertical_radius(angles, sizes, height, 4)
    boxes = [ring.Box(x, height / 2 + ry * math.sin(a), w, h)
             for x, a, (w, h) in zip(xs, angles, sizes, strict=True)]
    for i, p in enumerate(boxes):
        assert 0 <= p.cy - p.h / 2 and p.cy + p.h / 2 <= height + 1e-6
        for q in boxes[i + 1:]:
            apart = (abs(p.cx - q.cx) >= (p.w + q.w) / 2
                     or abs(p.cy - q.cy) >= (p.h + q.h) / 2)
            assert apart
