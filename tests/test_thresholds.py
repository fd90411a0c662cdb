"""Decisions by score cut-off are exact at any cut-off, not only at the 25-point bin edges.

Reference: each group's scores start normal, N(mean, sd), truncated to the 300–850 scale, so
the share of a group approved in the first round by a cut-off t (observed score = true score +
measurement shift) is (Φ(z(850)) − Φ(z(t − shift))) / (Φ(z(850)) − Φ(z(300))), z(x) = (x −
mean) / sd. The model spreads people evenly within a 25-point bin, which
differs from the normal curve by at most ~0.003 at these spreads; a million applicants a round
keep the sampling noise below 0.001.
"""

import math

import pytest

from simulator import Simulation, load_scenario

SCENARIO = load_scenario("lending")
GROUPS = {"A": (680.0, 70.0), "B": (600.0, 70.0)}  # the scenario's starting scores
TOLERANCE = 0.005


def phi(x: float) -> float:
    return 0.5 * (1.0 + math.erf(x / math.sqrt(2.0)))


def share_above(cut: float, mean: float, sd: float) -> float:
    """The truncated normal's share at or above ``cut``."""
    def z(x):
        return phi((x - mean) / sd)
    return (z(850.0) - z(max(cut, 300.0))) / (z(850.0) - z(300.0))


def first_round(overrides: dict) -> dict:
    sim = Simulation(SCENARIO, seed=3, overrides={"world.applicants": 1_000_000, **overrides})
    sim.run(1)
    return {g: sim.recorder.series(f"selection_rate_{g}")[-1] for g in GROUPS}


def test_scenario_starts_where_the_reference_assumes():
    values = {g.id: g.values for g in SCENARIO.groups}
    for g, (mean, sd) in GROUPS.items():
        assert (values[g]["score_mean"], values[g]["score_sd"]) == (mean, sd)


@pytest.mark.parametrize("cut", [305.0, 640.0, 650.0, 655.0, 660.0, 667.5, 790.0, 845.0])
def test_a_fixed_cut_off_approves_the_share_above_it(cut):
    rates = first_round({"policy.rule": "fixed", "policy.threshold": cut})
    for g, (mean, sd) in GROUPS.items():
        assert rates[g] == pytest.approx(share_above(cut, mean, sd), abs=TOLERANCE)


def test_every_five_points_of_cut_off_move_the_approvals():
    cuts = [650.0, 655.0, 660.0, 665.0, 670.0]
    rates = [first_round({"policy.rule": "fixed", "policy.threshold": c})["A"] for c in cuts]
    for i in range(len(cuts) - 1):
        expected = share_above(cuts[i], *GROUPS["A"]) - share_above(cuts[i + 1], *GROUPS["A"])
        assert expected > 0.02
        assert rates[i] - rates[i + 1] == pytest.approx(expected, abs=TOLERANCE)


def test_an_offset_and_a_measurement_shift_move_the_cut_off_exactly():
    rates = first_round({"policy.rule": "fixed", "policy.threshold": 650.0,
                         "groups.B.threshold_offset": -12.0, "groups.B.score_shift": -17.0})
    # B needs an observed 638, i.e. a true score of 655.
    assert rates["B"] == pytest.approx(share_above(655.0, *GROUPS["B"]), abs=TOLERANCE)
    assert rates["A"] == pytest.approx(share_above(650.0, *GROUPS["A"]), abs=TOLERANCE)


@pytest.mark.parametrize("loss", [1.0, 2.0, 4.3])
def test_maximum_utility_cuts_at_the_break_even_score(loss):
    """With full feedback and unbiased labels the model learns the true curve,
    P(repay | x) = σ((x − 600) / 50), so it approves from the score where that reaches
    loss / (1 + loss): x* = 600 + 50 · ln(loss). Scores are frozen (nobody's score moves)."""
    sim = Simulation(SCENARIO, seed=3, overrides={
        "world.applicants": 1_000_000, "world.applicant_share": 0.0,
        "bias.selective_labels": False, "groups.B.history_label_bias": 0.0,
        "groups.A.history_threshold": 300.0, "groups.B.history_threshold": 300.0,
        "policy.loss_gain_ratio": loss,
    })
    sim.run(30)
    cut = 600.0 + 50.0 * math.log(loss)
    for g, (mean, sd) in GROUPS.items():
        assert sim.recorder.series(f"selection_rate_{g}")[-1] == pytest.approx(
            share_above(cut, mean, sd), abs=TOLERANCE)


def test_a_wide_group_reaches_the_ends_of_the_scale():
    """A spread of 150 puts 6.7 % of group A above 835 and 2.7 % of B below 320: a cut-off
    inside an end bin approves that bin's part above it, the tail included, and the starting
    mean score is the truncated normal's (bins are 25 points wide, so within ~1 point)."""
    wide = {"groups.A.score_sd": 150.0, "groups.B.score_sd": 150.0}
    for cut in (310.0, 320.0, 835.0, 845.0):
        rates = first_round({"policy.rule": "fixed", "policy.threshold": cut, **wide})
        for g, (mean, _) in GROUPS.items():
            assert rates[g] == pytest.approx(share_above(cut, mean, 150.0), abs=TOLERANCE)
    sim = Simulation(SCENARIO, seed=3, overrides=wide)
    sim.run(1)
    for g, (mean, _) in GROUPS.items():
        assert sim.recorder.series(f"mean_score_{g}")[0] == pytest.approx(
            truncated_mean(mean, 150.0), abs=1.0)


def truncated_mean(mean: float, sd: float) -> float:
    """Mean of N(mean, sd) truncated to [300, 850] (the textbook formula)."""
    a, b = (300.0 - mean) / sd, (850.0 - mean) / sd

    def pdf(x):
        return math.exp(-x * x / 2) / math.sqrt(2 * math.pi)
    return mean + sd * (pdf(a) - pdf(b)) / (phi(b) - phi(a))
