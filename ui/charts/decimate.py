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
    """Incremental: histories only grow at the end, so buckets already reduced are kept and
    only new rounds are read each frame (a frame costs O(new rounds + pixels), not O(history),
    which matters on a long run at full speed). Bucket sizes are powers of two, so when the
    history outgrows the plot's width the buckets merge pairwise instead of being recomputed.
    A history that shrank or changed its start (a reset, the recorder thinning old rows) is
    reduced afresh."""

    def __init__(self, max_points: int = 4096):
        self.max_points = max_points
        self._x = np.empty(max_points + 2)
        self._y = np.empty(max_points + 2)
        self._lo = np.empty(max_points // 2)
        self._hi = np.empty(max_points // 2)
        self._size = 0  # rounds per bucket of the buckets in _lo/_hi
        self._done = 0  # buckets reduced so far
        self._seen: tuple[float, int, int] | None = None  # (first x, rows, points)

    def __call__(self, x: np.ndarray, y: np.ndarray, points: int) -> tuple[np.ndarray, np.ndarray]:
        """``x`` and ``y`` reduced to at most ``points`` (+2) points; unchanged (no copy) when
        they are short enough already."""
        n = len(y)
        points = min(max(points, 4), self.max_points)
        if n <= points:
            self._seen = None
            return x, y
        target = -(-n // (points // 2))
        size = 1 << (target - 1).bit_length()  # rounds per bucket: a power of two
        full = n // size
        seen = self._seen
        if seen is None or seen[0] != float(x[0]) or n < seen[1] or seen[2] != points \
                or size < self._size:
            self._size, self._done = size, 0
        lo, hi = self._lo, self._hi
        while self._size < size:  # the history doubled past the width: merge pairs
            k = self._done // 2
            np.fmin(lo[0 : 2 * k : 2], lo[1 : 2 * k : 2], out=lo[:k])
            np.fmax(hi[0 : 2 * k : 2], hi[1 : 2 * k : 2], out=hi[:k])
            self._done, self._size = k, self._size * 2
        if full > self._done:
            body = y[self._done * size : full * size].reshape(-1, size)
            np.fmin.reduce(body, axis=1, out=lo[self._done : full])
            np.fmax.reduce(body, axis=1, out=hi[self._done : full])
            self._done = full
        self._seen = (float(x[0]), n, points)
        out_x, out_y = self._x, self._y
        m = 2 * full
        out_y[0:m:2] = lo[:full]
        out_y[1:m:2] = hi[:full]
        out_x[0:m:2] = x[0 : full * size : size]
        out_x[1:m:2] = x[size - 1 : full * size : size]
        if full * size < n:
            tail = y[full * size :]
            out_y[m], out_y[m + 1] = np.fmin.reduce(tail), np.fmax.reduce(tail)
            out_x[m], out_x[m + 1] = x[full * size], x[n - 1]
            m += 2
        return out_x[:m], out_y[:m]
