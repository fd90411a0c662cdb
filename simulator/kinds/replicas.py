"""Replications side by side: the random draws of a kind whose state has a leading
replication axis.

A kind that keeps every array of its state as ``[R, ...]`` (R replications of one run) advances
all R in one pass of array operations: the arithmetic around the draws costs about what one
replication's does. The draws are not batched: replication ``i`` draws from its own stream,
``rngs[i]``, exactly the numbers it would draw alone, so each replication is bit for bit the run
with its seed whatever it shares a batch with. A single run is a batch of one; a leading axis of
length 1 leaves the order of the draws unchanged, so one call on the whole array then does,
except where a replication draws one number (or one multinomial): numpy's call on plain numbers
costs a fifth of its call on arrays (~1 against ~5 us), so those are drawn one replication at a
time in every batch.

Arrays that vary by replication carry the leading axis; arrays without it (a parameter's
per-group values, the world's curve) are the same for all and are broadcast.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import repeat

import numpy as np

Rngs = Sequence[np.random.Generator]


def binomial(rngs: Rngs, n: np.ndarray, p) -> np.ndarray:
    """``Binomial(n, p)`` per element; ``n`` is ``[R, ...]``, ``p`` either the same shape
    (one row per replication) or shared (fewer axes, or a number), broadcast as numpy does."""
    if n.ndim == 1:  # one count per replication: numpy's call on numbers is the cheapest
        rates = p if getattr(p, "ndim", 0) else repeat(p)
        return np.array([g.binomial(k, q) for g, k, q in zip(rngs, n, rates, strict=False)])
    if len(rngs) == 1:
        return rngs[0].binomial(n, p)
    if getattr(p, "ndim", 0) == n.ndim:
        return np.stack([g.binomial(n[i], p[i]) for i, g in enumerate(rngs)])
    return np.stack([g.binomial(n[i], p) for i, g in enumerate(rngs)])


def binomials(rngs: Rngs, ns: tuple[np.ndarray, ...], p) -> tuple[np.ndarray, ...]:
    """``binomial(rngs, n, p)`` for each of ``ns`` (arrays of one shape) in turn, in one
    call per replication: a replication's stream gives the same numbers to consecutive draws
    whether they are made in one call or several, so this is bit for bit the calls one after
    another, for the cost of one. ``p`` is shared by all of ``ns``."""
    first = ns[0]
    parts = np.empty((first.shape[0], len(ns), *first.shape[1:]), dtype=first.dtype)
    for k, n in enumerate(ns):
        parts[:, k] = n
    if getattr(p, "ndim", 0) == first.ndim:  # one row per replication: broadcast over parts
        p = p[:, None]
    both = binomial(rngs, parts, p)
    return tuple(both[:, k] for k in range(len(ns)))


def multinomial(rngs: Rngs, n, pvals: np.ndarray) -> np.ndarray:
    """Multinomial draws: ``n`` a count shared by all replications or ``[R, ...]`` counts,
    ``pvals`` ``[R, ..., k]`` probabilities (the last axis the categories), or ``[k]`` shared
    by all."""
    if pvals.ndim <= 2:  # one draw per replication: numpy's call on numbers is the cheapest
        counts = n if np.ndim(n) else repeat(n)
        rows = pvals if pvals.ndim == 2 else repeat(pvals)
        # np.array rather than np.stack: a quarter of the cost on a few short rows.
        return np.array([g.multinomial(k, q) for g, k, q in zip(rngs, counts, rows, strict=False)])
    if len(rngs) == 1:
        return rngs[0].multinomial(n, pvals)
    if np.ndim(n):
        return np.stack([g.multinomial(n[i], pvals[i]) for i, g in enumerate(rngs)])
    return np.stack([g.multinomial(n, pvals[i]) for i, g in enumerate(rngs)])
