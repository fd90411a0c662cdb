"""Min–max decimation of long histories into preallocated buffers.

A plot a few hundred pixels wide cannot show 10,000 rounds one by one, and drawing them all
costs every frame. Each bucket of consecutive rounds is drawn as its minimum and its maximum, so
spikes and the envelope survive (plain subsampling would drop them) and a curve costs O(pixels)
to draw. Missing values (NaN) are ignored within a bucket. Buffers are allocated once per curve
and reused every frame.
"""

from __future__ import annotations

import numpy as np


class MinMaxDecimator:
    def __init__(self, max_points: int = 4096):
        self.max_points = max_points
        self._x = np.empty(max_points + 2)
        self._y = np.empty(max_points + 2)
        self._lo = np.empty(max_points // 2)
        self._hi = np.empty(max_points // 2)

    def __call__(self, x: np.ndarray, y: np.ndarray, points: int) -> tuple[np.ndarray, np.ndarray]:
        """``x`` and ``y`` reduced to at most ``points`` (+2) points; unchanged (no copy) when
        they are short enough already."""
        n = len(y)
        points = min(max(points, 4), self.max_points)
        if n <= points:
            return x, y
        size = -(-n // (points // 2))  # rounds per bucket
        full = n // size
        body = y[: full * size].reshape(full, size)
        lo, hi = self._lo[:full], self._hi[:full]
        np.fmin.reduce(body, axis=1, out=lo)
        np.fmax.reduce(body, axis=1, out=hi)
        out_x, out_y = self._x, self._y
        m = 2 * full
        out_y[0:m:2] = lo
        out_y[1:m:2] = hi
        out_x[0:m:2] = x[0 : full * size : size]
        out_x[1:m:2] = x[size - 1 : full * size : size]
        if full * size < n:
            tail = y[full * size :]
            out_y[m], out_y[m + 1] = np.fmin.reduce(tail), np.fmax.reduce(tail)
            out_x[m], out_x[m + 1] = x[full * size], x[n - 1]
            m += 2
        return out_x[:m], out_y[:m]
