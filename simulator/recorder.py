"""The recorder: every metric of a run as a numpy array indexed by round.

Columns grow by doubling a preallocated block, so appending a round is O(columns) amortised and
reading a series is a view (no copy) that the GUI can hand straight to a plot. A round's values
come by column name, or, for a per-group metric, as one array under the metric's name (a
*block* of adjacent columns, one per group), copied into the row in one step: a kind with 128
regions then hands over six arrays instead of 641 named floats.

Memory stays bounded however long a run goes: past ``max_rows`` rows the older half of the
history is thinned to every other row (decimated, not dropped), so recent rounds keep full
resolution and ``rounds`` always says which rounds the rows are.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

#: Rows kept before thinning: about 80 MB for 40 metric columns.
MAX_ROWS = 250_000


class Recorder:
    def __init__(self, columns: list[str], capacity: int = 1024, max_rows: int = MAX_ROWS,
                 blocks: Mapping[str, list[str]] | None = None):
        """``blocks``: names under which ``append`` takes several adjacent columns at once
        (a per-group metric's name and its columns, in order)."""
        self.max_rows = max(int(max_rows), 4)
        capacity = min(capacity, self.max_rows)
        self.columns = list(columns)
        self._index = {c: i for i, c in enumerate(self.columns)}
        self.blocks = dict(blocks or {})
        self._slots: dict[str, int | slice] = dict(self._index)
        for name, cols in self.blocks.items():
            first = self._index[cols[0]]
            if [self._index[c] for c in cols] != list(range(first, first + len(cols))):
                raise ValueError(f"the columns of block {name!r} are not adjacent and in order")
            self._slots.setdefault(name, slice(first, first + len(cols)))
        self._data = np.full((capacity, len(self.columns)), np.nan)
        self._rounds = np.zeros(capacity, dtype=np.int64)
        self._n = 0

    def __len__(self) -> int:
        return self._n

    def append(self, round_: int, values: Mapping[str, Any]) -> None:
        """One round's values: a float per column name, or an array per block name."""
        row = self._next_row()
        slots = self._slots
        for name, value in values.items():
            row[slots[name]] = value
        self._rounds[self._n] = round_
        self._n += 1

    def append_replicated(self, round_: int, values: Mapping[str, Any]) -> None:
        """One round's values with a leading replication axis of one (``[1]`` per column
        name, ``[1, groups]`` per block name): a replicated kind's single run."""
        row = self._next_row()
        slots = self._slots
        for name, value in values.items():
            row[slots[name]] = value[0]  # on the row itself: half the cost of a 2-D slice
        self._rounds[self._n] = round_
        self._n += 1

    def rows(self, values: Mapping[str, Any], count: int) -> np.ndarray:
        """``[count, columns]``: the rows of ``count`` replications of one round from values
        with a leading replication axis (``[count]`` per column name, ``[count, groups]`` per
        block name), unrecorded columns NaN; for :meth:`append_row`."""
        table = np.full((count, len(self.columns)), np.nan)
        slots = self._slots
        for name, value in values.items():
            table[:, slots[name]] = value
        return table

    def append_row(self, round_: int, row: np.ndarray) -> None:
        """One round's values as a whole row (one of :meth:`rows`)."""
        self._next_row()[:] = row
        self._rounds[self._n] = round_
        self._n += 1

    def _next_row(self) -> np.ndarray:
        if self._n == len(self._rounds):
            if self._n >= self.max_rows:
                self._thin()
            else:
                self._grow()
        return self._data[self._n]

    def _grow(self, rows: int = 0) -> None:
        """Room for at least ``rows`` rows (by default twice as many as now), up to
        ``max_rows``, in one copy."""
        have = len(self._rounds)
        rows = min(max(rows, have + max(have, 1024)), self.max_rows)
        if rows <= have:
            return
        data = np.empty((rows, len(self.columns)))
        data[: self._n] = self._data[: self._n]
        data[self._n:] = np.nan
        self._data = data
        self._rounds = np.concatenate([self._rounds, np.zeros(rows - have, dtype=np.int64)])

    def reserve(self, rows: int) -> None:
        """Make room for ``rows`` rows now (a run about to play that many), so the history
        is not copied again and again as it grows."""
        if rows > len(self._rounds):
            self._grow(rows)

    def _thin(self) -> None:
        """Keep every other row of the older half: a quarter of the rows is freed."""
        half = self._n // 2
        keep = np.concatenate([np.arange(0, half, 2), np.arange(half, self._n)])
        k = len(keep)
        self._data[:k] = self._data[keep]
        self._rounds[:k] = self._rounds[keep]
        self._data[k:] = np.nan
        self._n = k

    @property
    def thinned(self) -> bool:
        """Whether older rounds were decimated (some rounds have no row)."""
        return self._n > 0 and int(self._rounds[self._n - 1]) - int(self._rounds[0]) + 1 > self._n

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

    def row_at(self, round_: int) -> tuple[int, dict[str, float]]:
        """The recorded row of round ``round_``, or of the latest recorded round before it
        when older rounds were thinned: (that round, its values by column). What a timeline
        shows at its cursor; ``round_`` before the first row gives the first."""
        if not self._n:
            return 0, self.last()
        i = max(0, int(np.searchsorted(self._rounds[: self._n], round_, side="right")) - 1)
        return int(self._rounds[i]), dict(zip(self.columns, self._data[i].tolist(), strict=True))

    def table(self) -> np.ndarray:
        """All recorded rows, ``[rounds, columns]`` (a copy)."""
        return self._data[: self._n].copy()

    def final(self, like: Recorder | None = None) -> Recorder:
        """A recorder holding only the last row: all a ``--final-only`` replication keeps.
        Given ``like`` (another replication's), it shares its column names instead of
        holding a copy, so thousands of them take a few hundred bytes each."""
        clone = Recorder(self.columns, capacity=1, max_rows=self.max_rows, blocks=self.blocks)
        if like is not None and like.columns == self.columns:
            clone.columns, clone._index = like.columns, like._index
            clone.blocks, clone._slots = like.blocks, like._slots
        if self._n:
            clone.append(int(self._rounds[self._n - 1]), self.last())
        return clone

    def copy(self) -> Recorder:
        clone = Recorder(self.columns, capacity=max(len(self._rounds), 1),
                         max_rows=self.max_rows, blocks=self.blocks)
        clone._data[: self._n] = self._data[: self._n]
        clone._rounds[: self._n] = self._rounds[: self._n]
        clone._n = self._n
        return clone
