"""Weighted logistic regression on binned data, fitted by Newton's method (IRLS).

The training data of a loop is a table of cells (one row of features per cell) with the
(weighted) number of positive and negative labels in each, so a fit costs O(cells) whatever the
number of people behind the counts. Fits are warm started from the previous coefficients, which
makes a retraining every few rounds take two or three Newton steps.
"""

from __future__ import annotations

import numpy as np


def sigmoid(z: np.ndarray) -> np.ndarray:
    return 0.5 * (1.0 + np.tanh(0.5 * z))


def fit_logistic(
    X: np.ndarray,
    positives: np.ndarray,
    negatives: np.ndarray,
    theta0: np.ndarray | None = None,
    l2: float = 1.0,
    max_iter: int = 50,
    tol: float = 1e-9,
) -> np.ndarray:
    """Maximise the weighted log-likelihood minus ``l2/2 * |theta[1:]|^2``.

    ``X`` has one row per cell and an intercept in column 0 (not penalised, apart from a tiny
    ridge). ``positives``
    and ``negatives`` are the weighted label counts per cell.
    """
    n_features = X.shape[1]
    theta = np.zeros(n_features) if theta0 is None else np.array(theta0, dtype=float)
    totals = positives + negatives
    if totals.sum() <= 0:
        return theta
    # A tiny ridge on every coefficient keeps Newton's system solvable when a feature has no
    # data at all (a group with no records) and the user asked for no regularisation.
    ridge = np.full(n_features, max(float(l2), 1e-6))
    ridge[0] = 1e-6
    for _ in range(max_iter):
        p = sigmoid(X @ theta)
        grad = X.T @ (positives - totals * p) - ridge * theta
        w = totals * p * (1.0 - p)
        hessian = (X * w[:, None]).T @ X + np.diag(ridge)
        step = np.linalg.solve(hessian, grad)
        # Damp very long steps: with separable cells the likelihood keeps rising to infinity.
        longest = np.abs(step).max()
        if longest > 5.0:
            step *= 5.0 / longest
        theta = theta + step
        if longest < tol:
            break
    return theta


def worst_share(losses: np.ndarray, counts: np.ndarray, alpha: float) -> np.ndarray:
    """The counts of the worst ``alpha`` share of the examples by loss (the one at the
    boundary in part): the subpopulation whose mean loss is the CVaR at level ``alpha``."""
    order = np.argsort(-losses, kind="stable")
    sorted_counts = counts[order]
    before = np.cumsum(sorted_counts) - sorted_counts
    out = np.empty_like(counts, dtype=float)
    out[order] = np.clip(alpha * counts.sum() - before, 0.0, sorted_counts)
    return out


def fit_logistic_robust(
    X: np.ndarray,
    positives: np.ndarray,
    negatives: np.ndarray,
    theta0: np.ndarray | None = None,
    alpha: float = 0.5,
    l2: float = 1.0,
    max_iter: int = 40,
) -> np.ndarray:
    """Distributionally robust fit (Hashimoto et al. 2018, with the CVaR ball): minimise the
    mean loss of the worst-off subpopulation of mass ``alpha``, whoever is in it, which needs
    no group labels and bounds the loss of every group at least that large.

    The objective is convex; it is minimised by iterative reweighting: fit the logistic model
    to the worst ``alpha`` share of the examples at the current coefficients, move towards
    that fit as far as the objective keeps falling, and repeat until it stops falling.
    """
    counts = np.concatenate([positives, negatives])
    ridge = np.full(X.shape[1], max(float(l2), 1e-6))
    ridge[0] = 1e-6
    n = len(positives)

    def losses(theta):
        z = X @ theta
        return np.concatenate([np.logaddexp(0.0, -z), np.logaddexp(0.0, z)])

    def objective(theta):
        loss = losses(theta)
        return worst_share(loss, counts, alpha) @ loss / alpha + 0.5 * ridge @ theta**2

    theta = fit_logistic(X, positives, negatives, theta0, l2)
    if counts.sum() <= 0:
        return theta
    value = objective(theta)
    for _ in range(max_iter):
        worst = worst_share(losses(theta), counts, alpha) / alpha
        target = fit_logistic(X, worst[:n], worst[n:], theta, l2)
        step = 1.0
        while step > 1e-3:
            trial = theta + step * (target - theta)
            trial_value = objective(trial)
            if trial_value < value - 1e-12 * abs(value):
                break
            step *= 0.5
        else:
            break
        theta, value = trial, trial_value
    return theta
