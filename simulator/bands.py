"""Replication bands: the mean and a 10–90 % band per round across replications of one run.

One run shows one draw of the randomness; a band over many replications (the same settings,
independent random streams) shows which differences are effects and which are noise. Used by
the GUI ("Run 20 seeds"), by ``bias-loop run --replications K --band`` and by chart export::

    from simulator.runs import RunSpec, run_replications
    from simulator.bands import bands
    results = run_replications(RunSpec(load_scenario("lending"), replications=20), jobs=0)
    b = bands(results)["selection_rate_B"]      # b.rounds, b.mean, b.low, b.high (numpy)

Missing values (NaN) are left out round by round; a round where every replication is missing
gives NaN. Replications that stopped at different rounds are cut to the shortest.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

LOW, HIGH = 0.1, 0.9
STATISTICS = ("mean", "p10", "p90")


@dataclass(frozen=True)
class Band:
    """One metric column across replications: per round, the mean and the ``low``/``high``
    quantiles (10 % and 90 % by default)."""

    column: str
    rounds: np.ndarray
    mean: np.ndarray
    low: np.ndarray
    high: np.ndarray
    replications: int
    quantiles: tuple[float, float] = (LOW, HIGH)


def stack(runs: Sequence, column: str) -> tuple[np.ndarray, np.ndarray]:
    """(rounds, values[replication, round]) of ``column`` across ``runs`` (Simulations or
    ``RunResult``s), cut to the shortest run."""
    if not runs:
        raise ValueError("a band needs at least one run")
    n = min(len(run.recorder) for run in runs)
    values = np.vstack([np.asarray(run.recorder.series(column)[:n], dtype=float)
                        for run in runs])
    return np.array(runs[0].recorder.rounds[:n]), values


def band(runs: Sequence, column: str, low: float = LOW, high: float = HIGH) -> Band:
    """The band of one metric column across ``runs``."""
    rounds, values = stack(runs, column)
    with warnings.catch_warnings():  # all-NaN rounds give NaN, quietly
        warnings.simplefilter("ignore", RuntimeWarning)
        mean = np.nanmean(values, axis=0) if values.size else np.empty(0)
        if not values.size:
            lo, hi = np.empty(0), np.empty(0)
        elif np.isnan(values).any():  # a round at a time, each without its NaNs
            lo, hi = np.nanquantile(values, (low, high), axis=0)
        else:  # the same numbers, all rounds at once (twenty times faster)
            lo, hi = np.quantile(values, (low, high), axis=0)
    return Band(column, rounds, mean, lo, hi, len(runs), (low, high))


def bands(runs: Sequence, columns: Iterable[str] | None = None, low: float = LOW,
          high: float = HIGH) -> dict[str, Band]:
    """The band of every metric column (or of ``columns``) across ``runs``, by column."""
    runs = list(runs)
    names = runs[0].recorder.columns if columns is None else list(columns)
    return {c: band(runs, c, low, high) for c in names}


def band_table(runs: Sequence, columns: Iterable[str] | None = None
               ) -> tuple[list[str], np.ndarray, np.ndarray]:
    """(header, rounds, table) for a band CSV: columns ``<metric>_mean``, ``<metric>_p10``,
    ``<metric>_p90`` for each metric, one row per round."""
    by_column = bands(runs, columns)
    header = [f"{c}_{s}" for c in by_column for s in STATISTICS]
    first = next(iter(by_column.values()))
    table = np.column_stack([a for b in by_column.values() for a in (b.mean, b.low, b.high)]
                            ) if by_column else np.empty((len(first.rounds), 0))
    return header, first.rounds, table
