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
