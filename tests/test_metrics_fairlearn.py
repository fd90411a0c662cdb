"""The Fairlearn-named array functions of ``simulator.metrics`` give Fairlearn's own answer
(or raise where it raises) on random data and on the edge cases where rates are undefined."""

import warnings

import numpy as np
import pytest

from simulator import metrics

fm = pytest.importorskip("fairlearn.metrics")

NAMES = ("demographic_parity_difference", "demographic_parity_ratio",
         "equal_opportunity_difference", "equalized_odds_difference")


def outcome(fn, *args, **kwargs):
    """A function's number, or the type of the error it raised."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # scikit-learn warns on 0/0 rates
        try:
            return float(fn(*args, **kwargs))
        except ValueError:
            return ValueError


def assert_same(name, y_true, y_pred, groups):
    ours = outcome(getattr(metrics, name), y_true, y_pred, sensitive_features=groups)
    theirs = outcome(getattr(fm, name), y_true, y_pred, sensitive_features=groups)
    if theirs is ValueError or ours is ValueError:
        assert ours is theirs, f"{name}: ours {ours}, Fairlearn {theirs}"
    elif np.isnan(theirs):
        assert np.isnan(ours), f"{name}: ours {ours}, Fairlearn NaN"
    else:
        assert ours == pytest.approx(theirs, abs=1e-12), name


EDGE_CASES = {
    "labels 1/2": ([1, 2, 1, 2], [1, 2, 2, 1], ["a", "a", "b", "b"]),
    "labels -1/1": ([-1, 1, 1, -1], [1, -1, 1, 1], ["a", "a", "b", "b"]),
    "one group has no positives": ([1, 0, 0, 0], [1, 0, 1, 0], ["a", "a", "b", "b"]),
    "one group has no negatives": ([1, 0, 1, 1], [1, 1, 0, 1], ["a", "a", "b", "b"]),
    "a single group": ([1, 0, 1], [1, 1, 0], ["a", "a", "a"]),
    "a single group selecting nobody": ([1, 0, 1], [0, 0, 0], ["a", "a", "a"]),
    "nobody selected": ([1, 0, 1, 0], [0, 0, 0, 0], ["a", "a", "b", "b"]),
    "int groups": ([1, 0, 1, 0, 1, 1], [1, 1, 0, 0, 1, 0], [1, 1, 2, 2, 3, 3]),
    "float groups": ([1, 0, 1, 0], [1, 1, 0, 0], [0.5, 0.5, 1.5, 1.5]),
    "bool labels": ([True, False, True, False], [True, True, False, False], [0, 0, 1, 1]),
    "float labels": ([1.0, 0.0, 1.0, 0.0], [1.0, 1.0, 0.0, 0.0], ["a", "a", "b", "b"]),
    "prediction 2": ([1, 0, 1, 0], [2, 0, 1, 0], ["a", "a", "b", "b"]),
    "only label 0": ([0, 0, 0, 0], [0, 1, 0, 1], ["a", "a", "b", "b"]),
    "only label 2": ([2, 2, 2, 2], [0, 1, 0, 1], ["a", "a", "b", "b"]),
    "only label -1 with 0/1 predictions": ([-1, -1, -1, -1], [0, 1, 0, 1], ["a", "a", "b", "b"]),
    "groups on {0, 1} and {-1, 1}": ([0, 1, -1, 1], [1, 1, 1, -1], ["a", "a", "b", "b"]),
    "string labels": (["y", "n", "y", "n"], ["y", "y", "n", "n"], ["a", "a", "b", "b"]),
    "empty": ([], [], []),
}


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("case", EDGE_CASES, ids=list(EDGE_CASES))
def test_edge_cases_give_fairlearns_answer(name, case):
    assert_same(name, *EDGE_CASES[case])


@pytest.mark.parametrize("seed", range(20))
def test_random_data_gives_fairlearns_answer(seed):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(1, 60))
    labels = [(0, 1), (-1, 1), (1, 2)][seed % 3]
    y_true = rng.choice(labels, n)
    y_pred = rng.choice(labels, n)
    groups = [rng.choice(["x", "y", "z"], n), rng.integers(0, 4, n),
              rng.choice([0.25, 7.5], n)][seed % 3 if seed % 2 else (seed // 2) % 3]
    for name in NAMES:
        assert_same(name, y_true, y_pred, groups)


@pytest.mark.parametrize("case", ["labels 1/2", "labels -1/1", "string labels", "bool labels"])
def test_selection_rate_counts_predictions_equal_to_1(case):
    y_true, y_pred, _ = EDGE_CASES[case]
    assert outcome(metrics.selection_rate, y_true, y_pred) == outcome(
        fm.selection_rate, y_true, y_pred)


def test_empty_input_is_a_value_error_that_says_so():
    with pytest.raises(ValueError, match="empty"):
        metrics.selection_rate([], [])
    for name in NAMES:
        with pytest.raises(ValueError, match="empty"):
            getattr(metrics, name)([], [], sensitive_features=[])


def test_the_edge_cases_matter():
    """Where the live metrics leave a gap, the array functions give Fairlearn's number."""
    y_true, y_pred, groups = EDGE_CASES["labels -1/1"]
    assert metrics.equal_opportunity_difference(y_true, y_pred, sensitive_features=groups) == 1.0
    y_true, y_pred, groups = EDGE_CASES["a single group"]
    assert metrics.demographic_parity_difference(y_true, y_pred, sensitive_features=groups) == 0
    assert metrics.demographic_parity_ratio(y_true, y_pred, sensitive_features=groups) == 1.0
    with pytest.raises(ValueError, match=r"\{0, 1\} or \{-1, 1\}"):
        metrics.equalized_odds_difference([1, 2], [1, 2], sensitive_features=["a", "b"])
