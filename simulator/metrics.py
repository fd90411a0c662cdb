"""Group fairness metrics, with Fairlearn's names and definitions.

Two forms of the same definitions:

* from confusion counts per group (what the simulator records each round, since it never holds
  individual people): :func:`group_rates` and :func:`between_groups`;
* array functions with Fairlearn's signatures (``y_true, y_pred, *, sensitive_features``) so a
  user can check our numbers against Fairlearn on the same data.

Differences are "between groups" (largest minus smallest group value) and ratios are smallest
over largest, as in Fairlearn's defaults. In the count form (the live dashboard's metrics) a
rate with an empty denominator is NaN, and a between-groups figure needs at least two groups
where it is defined, else it is NaN too: a chart shows a gap rather than a made-up 0. The array
functions follow Fairlearn's own rules on such input instead (see there).
"""

from __future__ import annotations

import numpy as np


def ratio(num, den) -> np.ndarray:
    """``num / den`` where ``den`` > 0, NaN elsewhere (no division by zero is attempted)."""
    num = np.asarray(num, dtype=float)
    den = np.asarray(den, dtype=float)
    # The usual case, every denominator positive, in fewer steps (a NaN one is not).
    if np.minimum.reduce(den, axis=None, initial=np.inf) > 0:
        return num / den
    defined = den > 0
    shape = num.shape if num.shape == den.shape else np.broadcast(num, den).shape
    out = np.empty(shape)
    out.fill(np.nan)
    return np.divide(num, den, out=out, where=defined)


def group_rates(tp, fp, fn, tn) -> dict[str, np.ndarray]:
    """Per-group rates from confusion counts (arrays indexed by group).

    "Positive" is the favourable decision (approved, hired, kept) and the favourable truth
    (repays, performs, is not toxic).
    """
    tp, fp, fn, tn = (np.asarray(x, dtype=float) for x in (tp, fp, fn, tn))
    n = tp + fp + fn + tn
    return {
        "selection_rate": ratio(tp + fp, n),
        "true_positive_rate": ratio(tp, tp + fn),
        "false_positive_rate": ratio(fp, fp + tn),
        "accuracy": ratio(tp + tn, n),
    }


def between_groups(values, how: str = "difference"):
    """Largest minus smallest (``difference``) or smallest over largest (``ratio``) of the
    defined values along the last axis: a float for one row of group values, an array for
    ``[R, G]`` (one figure per replication)."""
    if how not in ("difference", "ratio"):
        raise ValueError(f"unknown aggregation {how!r}")
    high, low, enough = _extremes(np.asarray(values, dtype=float))
    quotient = how == "ratio"
    out = (_smallest_over_largest if quotient else _spread)(high, low, enough)
    return _number(out)


def _extremes(v: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The largest and smallest defined (finite) value along the last axis, and whether at
    least two are defined."""
    defined = np.isfinite(v)
    high = np.maximum.reduce(v, axis=-1, where=defined, initial=-np.inf)
    low = np.minimum.reduce(v, axis=-1, where=defined, initial=np.inf)
    return high, low, np.count_nonzero(defined, axis=-1) >= 2


def _spread(high, low, enough) -> np.ndarray:
    return np.where(enough, high - low, np.nan)


def _smallest_over_largest(high, low, enough) -> np.ndarray:
    out = np.empty(np.shape(high))
    out.fill(np.nan)
    return np.divide(low, high, out=out, where=enough & (high > 0))


def _number(out: np.ndarray):
    return float(out) if out.ndim == 0 else out


def fairness_summary(rates: dict[str, np.ndarray]) -> dict[str, float]:
    """The between-groups metrics of DESIGN.md from per-group rates (per replication when
    the rates are ``[R, G]``), all from one pass over the three rates."""
    high, low, enough = _extremes(np.array([rates["selection_rate"],
                                            rates["true_positive_rate"],
                                            rates["false_positive_rate"]]))
    gaps = _spread(high, low, enough)
    return {
        "demographic_parity_difference": _number(gaps[0]),
        "demographic_parity_ratio": _number(_smallest_over_largest(high[0], low[0], enough[0])),
        "equal_opportunity_difference": _number(gaps[1]),
        # The larger of the two gaps, ignoring one that is undefined (NaN when both are).
        "equalized_odds_difference": _number(np.fmax(gaps[1], gaps[2])),
    }


# --- Fairlearn-compatible array functions -------------------------------------------------
#
# These follow Fairlearn (0.10 and later) on every input, not only where all rates are
# defined, so that a user can check our numbers with theirs: a rate with an empty denominator
# counts as 0 (scikit-learn's zero_division), a difference over a single group is 0 and a ratio
# 1 (0/0, NaN, when every rate is 0), selection counts y_pred == 1, the rate-based metrics take
# labels from {0, 1} or {-1, 1} (all of them, not group by group) with 1 as the positive
# (anything else is a ValueError, as in Fairlearn without pos_label), and empty input is a
# ValueError. The live metrics above keep NaN for undefined rates instead: a dashboard should
# show a gap, not a 0.

_BINARY_LABELS = (frozenset([0, 1]), frozenset([-1, 1]))


def _column(values, name: str) -> np.ndarray:
    arr = np.asarray(values)
    if arr.ndim > 1:
        arr = arr.squeeze()
    arr = arr.reshape(-1)
    if arr.size == 0:
        raise ValueError(f"{name} is empty: the metric needs at least one sample")
    return arr


def _is_positive(values: np.ndarray) -> np.ndarray:
    """Where a label is 1 (True and 1.0 count; strings never do, as in Fairlearn)."""
    return np.asarray(values == 1, dtype=bool).reshape(values.shape)


def _inputs(y_true, y_pred, sensitive_features):
    y_true, y_pred = _column(y_true, "y_true"), _column(y_pred, "y_pred")
    groups = _column(sensitive_features, "sensitive_features")
    if not (y_true.shape == y_pred.shape == groups.shape):
        raise ValueError("y_true, y_pred and sensitive_features must have the same length "
                         f"(got {y_true.size}, {y_pred.size} and {groups.size})")
    return y_true, y_pred, [groups == g for g in np.unique(groups)]


def _check_binary(y_true: np.ndarray, y_pred: np.ndarray) -> None:
    labels = list(np.unique(np.concatenate([y_true, y_pred])))
    if not any(allowed.issuperset(labels) for allowed in _BINARY_LABELS):
        raise ValueError("labels must be from {0, 1} or {-1, 1} (1 is the positive label); "
                         f"got {sorted(map(str, labels))}")


def _rate(hits: np.ndarray, among: np.ndarray) -> float:
    n = int(among.sum())
    return float((hits & among).sum() / n) if n else 0.0


def _per_group(y_true, y_pred, sensitive_features, rate: str) -> np.ndarray:
    """One Fairlearn rate (``selection``, ``tpr`` or ``fpr``) per group, in sorted order."""
    y_true, y_pred, masks = _inputs(y_true, y_pred, sensitive_features)
    chosen = _is_positive(y_pred)
    if rate == "selection":
        return np.array([chosen[m].mean() for m in masks])
    _check_binary(y_true, y_pred)
    among = _is_positive(y_true) if rate == "tpr" else ~_is_positive(y_true)
    return np.array([_rate(chosen[m], among[m]) for m in masks])


def _difference(values: np.ndarray) -> float:
    return float(values.max() - values.min())


def _ratio_of(values: np.ndarray) -> float:
    with np.errstate(divide="ignore", invalid="ignore"):
        return float(np.float64(values.min()) / values.max())


def selection_rate(y_true, y_pred, *, pos_label=1) -> float:
    """Share of predictions equal to ``pos_label`` (Fairlearn's ``selection_rate``)."""
    pred = _column(y_pred, "y_pred")
    return float(np.mean(np.asarray(pred == pos_label, dtype=bool).reshape(pred.shape)))


def demographic_parity_difference(y_true, y_pred, *, sensitive_features) -> float:
    return _difference(_per_group(y_true, y_pred, sensitive_features, "selection"))


def demographic_parity_ratio(y_true, y_pred, *, sensitive_features) -> float:
    return _ratio_of(_per_group(y_true, y_pred, sensitive_features, "selection"))


def equal_opportunity_difference(y_true, y_pred, *, sensitive_features) -> float:
    return _difference(_per_group(y_true, y_pred, sensitive_features, "tpr"))


def equalized_odds_difference(y_true, y_pred, *, sensitive_features) -> float:
    """The larger of the true and false positive rate differences (Fairlearn's worst case)."""
    return max(_difference(_per_group(y_true, y_pred, sensitive_features, rate))
               for rate in ("tpr", "fpr"))
