"""Turning wall-clock time into rounds to play, and measuring how fast rounds really go.

Plain Python (no Qt) so the arithmetic is tested on its own. The session calls
:meth:`Pacer.due` from a timer tick: at a set speed it pays out the rounds that the elapsed time
has earned (fractions carry over, so 2.5 rounds/s really gives 5 rounds in 2 s); at full speed it
has no quota and the caller stops on its time budget instead.
"""

from __future__ import annotations

import math
from collections import deque

#: Speeds offered to the user, in rounds per second; ``None`` is "as fast as the machine goes".
SPEEDS: tuple[float | None, ...] = (0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, None)
DEFAULT_SPEED = 20

#: A pause (a dragged window, a modal dialog) must not be paid back as a burst of rounds.
MAX_CATCH_UP_SECONDS = 0.25


class Pacer:
    def __init__(self, speed: float | None = DEFAULT_SPEED):
        self.speed = speed
        self._credit = 0.0
        self._last: float | None = None

    def start(self, now: float) -> None:
        """Begin pacing; the first round is due at once, so Run reacts even at 0.5 rounds/s."""
        self._last = now
        self._credit = 1.0

    def due(self, now: float) -> float:
        """Whole rounds earned since the last call (``inf`` at full speed)."""
        if self.speed is None:
            self._last = now
            return math.inf
        elapsed = 0.0 if self._last is None else min(now - self._last, MAX_CATCH_UP_SECONDS)
        self._last = now
        self._credit += max(elapsed, 0.0) * self.speed
        rounds = math.floor(self._credit + 1e-9)  # 0.1 s × 2.5 sums to 5.999…: still 6
        self._credit -= rounds
        return rounds

    def interval_ms(self) -> int:
        """How often to tick: as often as possible at full speed; otherwise often enough for
        smooth progress but no more than the speed needs."""
        if self.speed is None:
            return 0
        return int(min(max(1000.0 / self.speed / 2, 10), 100))


class RateMeter:
    """Rounds per second over the last ``window`` seconds, for the status bar."""

    def __init__(self, window: float = 1.0):
        self.window = window
        self._samples: deque[tuple[float, int]] = deque()

    def add(self, now: float, rounds: int) -> None:
        self._samples.append((now, rounds))
        while self._samples and now - self._samples[0][0] > self.window:
            self._samples.popleft()

    def rate(self, now: float) -> float:
        while self._samples and now - self._samples[0][0] > self.window:
            self._samples.popleft()
        return sum(n for _, n in self._samples) / self.window

    def clear(self) -> None:
        self._samples.clear()
