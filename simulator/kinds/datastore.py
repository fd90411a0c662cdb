"""The training data of a loop as a count tensor, one slice per round.

Training costs O(cells) rather than O(people) because the data is counts. A data window forgets
old slices: the last ``MAX_WINDOW`` rounds are kept in a ring buffer, and everything ever recorded
is kept as a running total, so memory stays bounded however long a run goes.
"""

from __future__ import annotations

import numpy as np

MAX_WINDOW = 1000


class DataStore:
    def __init__(self, shape: tuple[int, ...]):
        self.total = np.zeros(shape)
        self._ring = np.zeros((MAX_WINDOW + 1, *shape))
        self._ring_round = np.full(MAX_WINDOW + 1, -1, dtype=np.int64)

    def add(self, round_: int, counts: np.ndarray) -> None:
        """Add records made in ``round_`` (round 0 holds the historical data)."""
        i = round_ % len(self._ring_round)
        if self._ring_round[i] != round_:
            self._ring[i] = 0.0
            self._ring_round[i] = round_
        self._ring[i] += counts
        self.total += counts

    @classmethod
    def stack(cls, stores: list[DataStore]) -> DataStore:
        """One store of several replications' records (their shapes with a leading
        replication axis, joined along it): they recorded in the same rounds, so only the
        ring's slots in use are copied (a short run uses a few of its thousand)."""
        first = stores[0]
        used = first._ring_round >= 0
        out = cls.__new__(cls)
        out.total = np.concatenate([s.total for s in stores])
        out._ring = np.zeros((len(used), *out.total.shape))
        out._ring[used] = np.concatenate([s._ring[used] for s in stores], axis=1)
        out._ring_round = first._ring_round.copy()
        return out

    def split(self) -> list[DataStore]:
        """The inverse of :meth:`stack`: one store per replication."""
        used = self._ring_round >= 0
        parts = []
        for i in range(len(self.total)):
            part = DataStore.__new__(DataStore)
            part.total = self.total[i:i + 1].copy()
            part._ring = np.zeros((len(used), *part.total.shape))
            part._ring[used] = self._ring[used, i:i + 1]
            part._ring_round = self._ring_round.copy()
            parts.append(part)
        return parts

    def window(self, rounds: int, now: int) -> np.ndarray:
        """Records of the last ``rounds`` rounds up to ``now`` (0: everything ever recorded)."""
        if rounds <= 0:
            return self.total
        keep = (self._ring_round > now - rounds) & (self._ring_round >= 0)
        return self._ring[keep].sum(axis=0)
