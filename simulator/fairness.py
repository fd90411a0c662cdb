"""Decision policies and pre-processing from the fairness literature, on binned cells.

* :func:`reweighing_weights`: Kamiran & Calders (2012), w(a, y) = P(a) P(y) / P(a, y), which
  makes group and label independent in the weighted training data.
* :func:`max_utility`: approve wherever the expected gain is positive, p >= loss / (gain + loss).
* :func:`constrained_policy`: the utility-maximising group thresholds under demographic parity
  (equal selection rates) or equal opportunity (equal true positive rates), the post-processing
  of Hardt, Price & Srebro (2016) as used by Liu et al. (2018). Rates are those the decision
  maker believes, from the model's probabilities; thresholds may fall inside a cell, which is
  then approved with a probability (a randomised threshold, as in both papers).
"""

from __future__ import annotations

import numpy as np

CONSTRAINTS = ("demographic_parity", "equal_opportunity")


def reweighing_weights(counts: np.ndarray) -> np.ndarray:
    """Weights per (group, label) from a ``[groups, 2]`` table of (weighted) counts.

    Cells with no data get weight 0 (there is nothing to weigh).
    """
    counts = np.asarray(counts, dtype=float)
    total = counts.sum()
    if total <= 0:
        return np.ones_like(counts)
    p_a = counts.sum(axis=1, keepdims=True) / total
    p_y = counts.sum(axis=0, keepdims=True) / total
    p_ay = counts / total
    with np.errstate(divide="ignore", invalid="ignore"):
        w = np.where(p_ay > 0, p_a * p_y / p_ay, 0.0)
    return w


def max_utility(phat: np.ndarray, gain: float, loss: float) -> np.ndarray:
    """Approve (probability 1) every cell whose expected utility is non-negative."""
    return (phat * gain - (1.0 - phat) * loss >= 0).astype(float)


def constrained_policy(
    phat: np.ndarray, counts: np.ndarray, gain: float, loss: float, constraint: str
) -> np.ndarray:
    """Approval probability per cell ``[groups, bins]`` that maximises the expected utility
    subject to ``constraint`` across the groups that have applicants in ``counts``."""
    approve = max_utility(phat, gain, loss)
    present = counts.sum(axis=1) > 0
    if present.sum() < 2:
        return approve
    curves = []
    for g in np.flatnonzero(present):
        order = np.argsort(-phat[g], kind="stable")
        n = counts[g, order].astype(float)
        p = phat[g, order]
        utility = np.concatenate([[0.0], np.cumsum(n * (p * gain - (1 - p) * loss))])
        if constraint == "demographic_parity":
            mass = n
        elif constraint == "equal_opportunity":
            mass = n * p
        else:
            raise ValueError(f"unknown constraint {constraint!r}")
        if mass.sum() <= 0:
            return approve
        coord = np.concatenate([[0.0], np.cumsum(mass) / mass.sum()])
        curves.append((g, order, coord, utility))
    candidates = np.unique(np.concatenate([c[2] for c in curves]))
    total = sum(np.interp(candidates, coord, utility) for _, _, coord, utility in curves)
    target = candidates[int(np.argmax(total))]
    for g, order, coord, _ in curves:
        # Fraction of each (sorted) cell that lies below the common target coordinate.
        width = np.diff(coord)
        with np.errstate(divide="ignore", invalid="ignore"):
            frac = np.clip((target - coord[:-1]) / width, 0.0, 1.0)
        frac[width <= 0] = 0.0
        approve[g, order] = frac
    return approve
