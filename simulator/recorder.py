"""The recorder: every metric of a run as a numpy array indexed by round.

Columns grow by doubling a preallocated block, so appending a round is O(columns) amortised and
reading a series is a view (no copy) that the GUI can hand straight to a plot.
"""

from __future__ import annotations

import numpy as np


class Recorder:
    def __init__(self, columns: list[str], capacity: int = 1024):
        self.columns = list(columns)
        self._index = {c: i for i, c in enumerate(self.columns)}
        self._data = np.full((capacity, len(self.columns)), np.nan)
        self._rounds = np.zeros(capacity, dtype=np.int64)
        self._n = 0

    def __len__(self) -> int:
        return self._n

    def append(self, round_: int, values: dict[str, float]) -> None:
        if self._n == len(self._rounds):
            self._grow()
        row = self._data[self._n]
        for name, value in values.items():
            row[self._index[name]] = value
        self._rounds[self._n] = round_
        self._n += 1

    def _grow(self) -> None:
        extra = max(len(self._rounds), 1024)
        self._data = np.vstack([self._data, np.full((extra, len(self.columns)), np.nan)])
        self._rounds = np.concatenate([self._rounds, np.zeros(extra, dtype=np.int64)])

    @property
    def rounds(self) -> np.ndarray:
        return self._rounds[: self._n]

    def series(self, column: str) -> np.ndarray:
        """The values of one column, one per recorded round (a read-only view)."""
        try:
            view = self._data[: self._n, self._index[column]]
        except KeyError:
            known = ", ".join(self.columns)
            raise KeyError(f"no metric column {column!r}; columns: {known}") from None
        view = view.view()
        view.flags.writeable = False
        return view

    def last(self) -> dict[str, float]:
        if not self._n:
            return {c: float("nan") for c in self.columns}
        return dict(zip(self.columns, self._data[self._n - 1].tolist(), strict=True))

    def table(self) -> np.ndarray:
        """All recorded rows, ``[rounds, columns]`` (a copy)."""
        return self._data[: self._n].copy()

    def copy(self) -> Recorder:
        clone = Recorder(self.columns, capacity=max(len(self._rounds), 1))
        clone._data[: self._n] = self._data[: self._n]
        clone._rounds[: self._n] = self._rounds[: self._n]
        clone._n = self._n
        return clone
