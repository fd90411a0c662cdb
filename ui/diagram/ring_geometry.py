"""Where the loop diagram's ring puts things: plain arithmetic, kept apart from the painting so
it is tested without a window and computed only when the size changes, never per frame.

The stages sit on an ellipse, clockwise from the top, the way a loop is drawn on a
whiteboard: down the right side and back up the left (see :data:`FIVE`). Each arrow is a
curve from one stage to the next, bowed out like the ring, cut where it leaves one box and
enters the next; its band is split across the curve into one strip per group, as wide as the
group's share of what flows there.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

#: Stage angles in degrees (0 = to the right, clockwise, as on screen) for five stages: the
#: top, two down the right, the bottom, one on the left. No two stand at one height, so the
#: ring fits a pane narrower than two stage boxes side by side.
FIVE = (-90.0, -20.0, 20.0, 90.0, 180.0)
ARC_SAMPLES = 40
MIN_STRIP = 1.5  # px: a group with a tiny share still shows it is there


@dataclass(frozen=True)
class Box:
    cx: float
    cy: float
    w: float
    h: float

    def contains(self, x: float, y: float, margin: float = 0.0) -> bool:
        return (abs(x - self.cx) <= self.w / 2 + margin
                and abs(y - self.cy) <= self.h / 2 + margin)


def stage_angles(n: int) -> list[float]:
    """Radians of ``n`` stages round the ring, the first at the top."""
    if n == len(FIVE):
        return [math.radians(a) for a in FIVE]
    return [math.radians(-90 + 360 * i / n) for i in range(n)]


def station_xs(angles: list[float], sizes: list[tuple[float, float]], width: float,
               margin: float) -> tuple[float, list[float]]:
    """The ring's horizontal radius and each box's centre x (from the area's left edge) in
    an area ``width`` wide: the ring as wide as the narrowest box allows, and a wider box
    moved in just enough to stay inside, so one wide title does not shrink the whole ring."""
    rx = max(width / 2 - margin - min(w for w, _ in sizes) / 2, 1.0)
    xs = []
    for a, (w, _) in zip(angles, sizes, strict=True):
        x = width / 2 + rx * math.cos(a)
        xs.append(min(max(x, margin + w / 2), width - margin - w / 2))
    return rx, xs


def vertical_radius(angles: list[float], sizes: list[tuple[float, float]], height: float,
                    margin: float) -> float:
    """The largest vertical radius that keeps every box inside an area ``height`` tall."""
    ry = math.inf
    for a, (_, h) in zip(angles, sizes, strict=True):
        s = abs(math.sin(a))
        if s > 1e-6:
            ry = min(ry, (height / 2 - margin - h / 2) / s)
    return max(ry, 1.0)


def ring_height(angles: list[float], sizes: list[tuple[float, float]], xs: list[float],
                least: float, spacing: float, margin: float) -> float:
    """The height the ring needs: a vertical radius of at least ``least``, its boxes inside
    by ``margin``, and any two that would stand side by side one above the other,
    ``spacing`` apart (room for the arrow between them)."""
    ry = least
    n = len(angles)
    for i, j in ((a, b) for a in range(n) for b in range(a + 1, n)):
        (wi, hi), (wj, hj) = sizes[i], sizes[j]
        apart_y = abs(math.sin(angles[i]) - math.sin(angles[j]))
        if abs(xs[i] - xs[j]) < (wi + wj) / 2 + margin and apart_y > 1e-6:
            ry = max(ry, ((hi + hj) / 2 + spacing) / apart_y)
    return max(2 * (abs(math.sin(a)) * ry + h / 2 + margin)
               for a, (_, h) in zip(angles, sizes, strict=True))


def connector(start: tuple[float, float], end: tuple[float, float],
              bulge: tuple[float, float], boxes: tuple[Box, ...],
              gap: float) -> list[tuple[float, float, float, float]]:
    """Points (x, y, nx, ny) of the curve from one station's centre to the next, bowed out
    through ``bulge`` (the ring's point half-way between them), outside ``boxes`` by
    ``gap``; (nx, ny) is the curve's unit normal, to its left as it goes."""
    (x0, y0), (x2, y2) = start, end
    # The quadratic Bézier whose middle passes through ``bulge``.
    cx, cy = 2 * bulge[0] - (x0 + x2) / 2, 2 * bulge[1] - (y0 + y2) / 2
    points = []
    for i in range(ARC_SAMPLES + 1):
        t = i / ARC_SAMPLES
        x = (1 - t) ** 2 * x0 + 2 * (1 - t) * t * cx + t * t * x2
        y = (1 - t) ** 2 * y0 + 2 * (1 - t) * t * cy + t * t * y2
        if any(box.contains(x, y, gap) for box in boxes):
            continue
        dx = 2 * (1 - t) * (cx - x0) + 2 * t * (x2 - cx)
        dy = 2 * (1 - t) * (cy - y0) + 2 * t * (y2 - cy)
        length = math.hypot(dx, dy) or 1.0
        points.append((x, y, dy / length, -dx / length))
    return points


def strips(shares: tuple[float, ...], width: float) -> list[tuple[float, float]]:
    """Each group's strip across a band ``width`` wide, as (inner, outer) offsets from the
    ring line; a strip is about :data:`MIN_STRIP` wide at least, so no group vanishes unseen."""
    sized = [max(s * width, MIN_STRIP) for s in shares]
    scale = width / sum(sized) if sum(sized) > 0 else 0.0
    out, edge = [], -width / 2
    for w in sized:
        out.append((edge, edge + w * scale))
        edge += w * scale
    return out


def strip_polygon(points: list[tuple[float, float, float, float]], inner: float,
                  outer: float) -> list[tuple[float, float]]:
    """The outline of one strip of a band along ``points`` (see :func:`connector`)."""
    inside, outside = [], []
    for x, y, nx, ny in points:
        inside.append((x + nx * inner, y + ny * inner))
        outside.append((x + nx * outer, y + ny * outer))
    return inside + outside[::-1]
