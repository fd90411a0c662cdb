"""Group fairness metrics, with Fairlearn's names and definitions.

Two forms of the same definitions:

* from confusion counts per group (what the simulator records each round, since it never holds
  individual people): :func:`group_rates` and :func:`between_groups`;
* array functions with Fairlearn's signatures (``y_true, y_pred, *, sensitive_features``) so a
  user can check our numbers against Fairlearn on the same data.

Differences are "between groups" (largest minus smallest group value) and ratios are smallest
over largest, as in Fairlearn's defaults. A rate with an empty denominator is NaN, and a
between-groups figure needs at least two groups where it is defined, else it is NaN too.
"""

from __future__ import annotations

import numpy as np


def _ratio(num, den) -> np.ndarray:
    num = np.asarray(num, dtype=float)
    den = np.asarray(den, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(den > 0, num / np.where(den > 0, den, 1.0), np.nan)


def group_rates(tp, fp, fn, tn) -> dict[str, np.ndarray]:
    """Per-group rates from confusion counts (arrays indexed by group).

    "Positive" is the favourable decision (approved, hired, kept) and the favourable truth
    (repays, performs, is not toxic).
    """
    tp, fp, fn, tn = (np.asarray(x, dtype=float) for x in (tp, fp, fn, tn))
    n = tp + fp + fn + tn
    return {
        "selection_rate": _ratio(tp + fp, n),
        "true_positive_rate": _ratio(tp, tp + fn),
        "false_positive_rate": _ratio(fp, fp + tn),
        "accuracy": _ratio(tp + tn, n),
    }


def between_groups(values, how: str = "difference") -> float:
    """Largest minus smallest (``difference``) or smallest over largest (``ratio``)."""
    v = np.asarray(values, dtype=float)
    v = v[np.isfinite(v)]
    if v.size < 2:
        return float("nan")
    if how == "difference":
        return float(v.max() - v.min())
    if how == "ratio":
        return float(v.min() / v.max()) if v.max() > 0 else float("nan")
    raise ValueError(f"unknown aggregation {how!r}")


def fairness_summary(rates: dict[str, np.ndarray]) -> dict[str, float]:
    """The between-groups metrics of DESIGN.md from per-group rates."""
    eo = between_groups(rates["true_positive_rate"])
    fpr = between_groups(rates["false_positive_rate"])
    return {
        "demographic_parity_difference": between_groups(rates["selection_rate"]),
        "demographic_parity_ratio": between_groups(rates["selection_rate"], "ratio"),
        "equal_opportunity_difference": eo,
        "equalized_odds_difference": float(np.nanmax([eo, fpr]))
        if np.isfinite([eo, fpr]).any()
        else float("nan"),
    }


# --- Fairlearn-compatible array functions -------------------------------------------------


def _confusion_by_group(y_true, y_pred, sensitive_features):
    y_true = np.asarray(y_true).astype(bool)
    y_pred = np.asarray(y_pred).astype(bool)
    groups = np.asarray(sensitive_features)
    if not (y_true.shape == y_pred.shape == groups.shape):
        raise ValueError("y_true, y_pred and sensitive_features must have the same length")
    labels = np.unique(groups)
    counts = np.array(
        [
            [
                np.sum(y_true[m] & y_pred[m]),
                np.sum(~y_true[m] & y_pred[m]),
                np.sum(y_true[m] & ~y_pred[m]),
                np.sum(~y_true[m] & ~y_pred[m]),
            ]
            for m in (groups == g for g in labels)
        ]
    )
    return group_rates(*counts.T)


def selection_rate(y_true, y_pred) -> float:
    return float(np.mean(np.asarray(y_pred).astype(bool)))


def demographic_parity_difference(y_true, y_pred, *, sensitive_features) -> float:
    rates = _confusion_by_group(y_true, y_pred, sensitive_features)
    return between_groups(rates["selection_rate"])


def demographic_parity_ratio(y_true, y_pred, *, sensitive_features) -> float:
    rates = _confusion_by_group(y_true, y_pred, sensitive_features)
    return between_groups(rates["selection_rate"], "ratio")


def equal_opportunity_difference(y_true, y_pred, *, sensitive_features) -> float:
    rates = _confusion_by_group(y_true, y_pred, sensitive_features)
    return between_groups(rates["true_positive_rate"])


def equalized_odds_difference(y_true, y_pred, *, sensitive_features) -> float:
    rates = _confusion_by_group(y_true, y_pred, sensitive_features)
    return fairness_summary(rates)["equalized_odds_difference"]
