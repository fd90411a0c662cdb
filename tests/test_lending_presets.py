"""The lending scenario's paper presets against small independent reference implementations.

Liu et al. (2018): the one-step change of group B's mean score, Δμ_B = Σ_x τ_B(x) π_B(x)
(ρ(x)·75 − (1 − ρ(x))·150), under maximum utility, demographic parity and equal opportunity,
computed directly from the score distribution and the repayment curve with the paper's
threshold policies.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from simulator.presets import check_preset, preset_spec
from simulator.runs import run_replications
from simulator.scenario import load_scenario

# --- Liu et al. (2018), one step ---------------------------------------------------------------

GAIN_POINTS, LOSS_POINTS = 75.0, 150.0
#: The presets' world: B is 12% of applicants (the paper's FICO share of black applicants).
LIU_GROUPS = {"A": (0.88, 720.0, 70.0), "B": (0.12, 600.0, 70.0)}
REPAY_MIDPOINT, REPAY_SCALE = 600.0, 50.0
#: The scenario's world lives on 25-point score bins from 300 to 850; people are spread evenly
#: within a bin and repay with the curve's probability at the bin's centre.
BIN_EDGES = np.arange(300.0, 850.0 + 1, 25.0)


def normal_mass_per_bin(mean: float, sd: float) -> np.ndarray:
    """A normal score distribution over the bins, its tails counted in the end bins."""
    cdf = [0.5 * (1 + math.erf((e - mean) / (sd * math.sqrt(2)))) for e in BIN_EDGES[1:-1]]
    return np.diff(np.concatenate([[0.0], cdf, [1.0]]))


def repayment() -> np.ndarray:
    centres = (BIN_EDGES[:-1] + BIN_EDGES[1:]) / 2
    return 1 / (1 + np.exp(-(centres - REPAY_MIDPOINT) / REPAY_SCALE))


def top_down(mass: np.ndarray, per_person: np.ndarray) -> np.ndarray:
    """Running totals of ``mass · per_person`` lending from the highest score down (the
    value at each breakpoint of a threshold policy, 0 first)."""
    return np.concatenate([[0.0], np.cumsum((mass * per_person)[::-1])])


def liu_delta_mu_B(loss_gain: float, policy: str) -> float:
    """Δμ_B of one step of ``policy`` (Liu et al. 2018, Section 3), for a lender who loses
    ``loss_gain`` on a default for every 1 a repaid loan earns."""
    rho = repayment()
    utility = rho - (1 - rho) * loss_gain
    delta = rho * GAIN_POINTS - (1 - rho) * LOSS_POINTS
    share = np.array([g[0] for g in LIU_GROUPS.values()])
    mass = [normal_mass_per_bin(m, s) for _, m, s in LIU_GROUPS.values()]
    if policy == "maxutil":
        # Lend wherever the expected gain is positive: above the score where ρ = r / (1 + r).
        cut = REPAY_MIDPOINT + REPAY_SCALE * math.log(loss_gain)
        above = np.clip((BIN_EDGES[1:] - cut) / 25.0, 0.0, 1.0)
        return float((mass[1] * above * delta).sum())
    # A constraint ties the groups' thresholds through a shared rate: the selection rate
    # (demographic parity) or the true positive rate (equal opportunity); the lender picks
    # the rate of highest total utility. Everything is linear between the bins' breakpoints.
    weight = np.ones_like(rho) if policy == "dp" else rho
    rates = [top_down(m, weight) / top_down(m, weight)[-1] for m in mass]
    grid = np.unique(np.concatenate(rates))
    total = sum(s * np.interp(grid, r, top_down(m, utility))
                for s, r, m in zip(share, rates, mass, strict=True))
    best = grid[int(np.argmax(total))]
    return float(np.interp(best, rates[1], top_down(mass[1], delta)))


LIU_PRESETS = [(f"liu_regime_loss{r}_{p}", r, p) for r in (4, 10) for p in ("maxutil", "dp",
                                                                              "eo")]


def test_the_reference_shows_the_papers_regimes():
    """At loss/gain 4 parity harms B, equal opportunity helps it less than maximum utility;
    at 10 both constraints help B more than maximum utility."""
    four = {p: liu_delta_mu_B(4, p) for p in ("maxutil", "dp", "eo")}
    ten = {p: liu_delta_mu_B(10, p) for p in ("maxutil", "dp", "eo")}
    assert four["dp"] < 0 < four["eo"] < four["maxutil"]
    assert ten["dp"] > ten["maxutil"] and ten["eo"] > ten["maxutil"] > 0


@pytest.mark.parametrize("pid, ratio, policy", LIU_PRESETS)
def test_each_liu_preset_states_the_reference_and_its_world(pid, ratio, policy):
    scenario = load_scenario("lending")
    preset = scenario.preset(pid)
    (expect,) = preset.expect
    assert expect.metric == "score_change_B" and preset.rounds == 1
    assert expect.value == pytest.approx(liu_delta_mu_B(ratio, policy), abs=0.01)
    assert preset.set["policy.loss_gain_ratio"] == ratio
    for group in scenario.groups:
        world = tuple(preset.set.get(f"groups.{group.id}.{key}", group.values[key])
                      for key in ("share", "score_mean", "score_sd"))
        assert world == LIU_GROUPS[group.id]


@pytest.mark.parametrize("pid, ratio, policy", LIU_PRESETS)
def test_each_liu_preset_gives_the_reference_over_20_seeds(pid, ratio, policy):
    scenario = load_scenario("lending")
    preset = scenario.preset(pid)
    results = run_replications(preset_spec(scenario, preset, replications=20, seed=11))
    (check,) = check_preset(preset, results)
    assert check.got == pytest.approx(liu_delta_mu_B(ratio, policy), abs=0.1), check.describe()
    assert check.holds, check.describe()
