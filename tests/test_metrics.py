"""Metrics match Fairlearn's definitions; reweighing matches Kamiran & Calders; the threshold
policies do what Hardt et al. define."""

import numpy as np
import pytest

from simulator import fairness, metrics

# A fixture small enough to check by hand.
Y_TRUE = np.array([1, 1, 0, 0, 1, 0, 1, 1, 0, 0, 1, 0])
Y_PRED = np.array([1, 0, 1, 0, 1, 0, 0, 1, 0, 0, 1, 1])
GROUPS = np.array(list("aaaaaabbbbbb"))
# Group a: tp=2 (idx 0,4), fn=1 (1), fp=1 (2), tn=2 (3,5) -> selection 3/6, TPR 2/3, FPR 1/3
# Group b: tp=2 (7,10), fn=1 (6), fp=1 (11), tn=2 (8,9)   -> selection 3/6, TPR 2/3, FPR 1/3
Y_PRED_B = Y_PRED.copy()
Y_PRED_B[[7, 11]] = 0  # group b: tp=1, fp=0 -> selection 1/6, TPR 1/3, FPR 0


def test_fairlearn_definitions_on_a_hand_checked_fixture():
    kw = {"sensitive_features": GROUPS}
    assert metrics.demographic_parity_difference(Y_TRUE, Y_PRED, **kw) == 0.0
    assert metrics.demographic_parity_difference(Y_TRUE, Y_PRED_B, **kw) == pytest.approx(
        3 / 6 - 1 / 6)
    assert metrics.demographic_parity_ratio(Y_TRUE, Y_PRED_B, **kw) == pytest.approx(1 / 3)
    assert metrics.equal_opportunity_difference(Y_TRUE, Y_PRED_B, **kw) == pytest.approx(1 / 3)
    # Equalized odds: the larger of the TPR and FPR differences (Fairlearn's "worst case").
    assert metrics.equalized_odds_difference(Y_TRUE, Y_PRED_B, **kw) == pytest.approx(1 / 3)
    assert metrics.selection_rate(Y_TRUE, Y_PRED_B) == pytest.approx(4 / 12)


def test_count_form_equals_array_form_on_random_data():
    rng = np.random.default_rng(0)
    y_true = rng.integers(0, 2, 5000)
    y_pred = rng.random(5000) < np.where(y_true, 0.7, 0.3)
    groups = rng.choice(["x", "y", "z"], 5000, p=[0.5, 0.3, 0.2])
    counts = np.array([[np.sum(m & y_true.astype(bool) & y_pred),
                        np.sum(m & ~y_true.astype(bool) & y_pred),
                        np.sum(m & y_true.astype(bool) & ~y_pred),
                        np.sum(m & ~y_true.astype(bool) & ~y_pred)]
                       for m in (groups == g for g in "xyz")])
    summary = metrics.fairness_summary(metrics.group_rates(*counts.T))
    kw = {"sensitive_features": groups}
    assert summary["demographic_parity_difference"] == pytest.approx(
        metrics.demographic_parity_difference(y_true, y_pred, **kw))
    assert summary["demographic_parity_ratio"] == pytest.approx(
        metrics.demographic_parity_ratio(y_true, y_pred, **kw))
    assert summary["equalized_odds_difference"] == pytest.approx(
        metrics.equalized_odds_difference(y_true, y_pred, **kw))


def test_empty_groups_are_undefined_not_zero():
    rates = metrics.group_rates([0, 5], [0, 5], [0, 5], [0, 5])
    assert np.isnan(rates["selection_rate"][0])
    assert np.isnan(metrics.between_groups(rates["selection_rate"]))


def test_reweighing_weights_are_kamiran_calders():
    counts = np.array([[30.0, 10.0], [20.0, 40.0]])  # rows: groups, columns: label 0, 1
    n = counts.sum()
    w = fairness.reweighing_weights(counts)
    for a in range(2):
        for y in range(2):
            expected = (counts[a].sum() / n) * (counts[:, y].sum() / n) / (counts[a, y] / n)
            assert w[a, y] == pytest.approx(expected)
    # After weighing, group and label are independent: equal positive rates.
    weighted = counts * w
    rates = weighted[:, 1] / weighted.sum(axis=1)
    assert rates[0] == pytest.approx(rates[1])


def test_max_utility_approves_where_the_expected_gain_is_positive():
    phat = np.array([[0.1, 0.5, 0.79, 0.8, 0.95]])
    assert fairness.max_utility(phat, gain=1.0, loss=4.0).tolist() == [[0, 0, 0, 1, 1]]


@pytest.mark.parametrize("constraint", fairness.CONSTRAINTS)
def test_constrained_policy_equalises_its_rate_and_beats_any_other_equal_rate(constraint):
    rng = np.random.default_rng(1)
    phat = np.sort(rng.random((2, 12)), axis=1)
    phat[1] *= 0.7  # group 1 looks riskier
    counts = rng.integers(10, 100, (2, 12)).astype(float)
    approve = fairness.constrained_policy(phat, counts, 1.0, 2.0, constraint)
    mass = counts if constraint == "demographic_parity" else counts * phat
    rate = (approve * mass).sum(axis=1) / mass.sum(axis=1)
    assert rate[0] == pytest.approx(rate[1], abs=1e-9)

    def utility(a):
        return float((a * counts * (phat - (1 - phat) * 2.0)).sum())

    best = utility(approve)
    for target in np.linspace(0, 1, 41):  # top-down selection at every other common rate
        alt = np.zeros_like(phat)
        for g in range(2):
            order = np.argsort(-phat[g])
            cum = np.concatenate([[0], np.cumsum(mass[g, order])]) / mass[g].sum()
            alt[g, order] = np.clip((target - cum[:-1]) / np.diff(cum), 0, 1)
        assert utility(alt) <= best + 1e-9
