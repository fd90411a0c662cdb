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


# --- D'Amour et al. (2020), ml-fairness-gym's lending world -----------------------------------

GYM_REPAY = np.array([0.1, 0.2, 0.45, 0.6, 0.65, 0.7, 0.7])
GYM_START = np.array([[0.0, 0.1, 0.1, 0.2, 0.3, 0.3, 0.0], [0.1, 0.1, 0.2, 0.3, 0.3, 0.0, 0.0]])
GYM_STEPS, GYM_SHIFT, INTEREST = 20_000, 0.01, 1.0


def gym_approval(weights: np.ndarray, policy: str) -> np.ndarray:
    """``[2, 7]`` chance of a loan per group and bucket for a lender who knows the buckets:
    max reward lends where interest · p − (1 − p) ≥ 0; equal opportunity gives both groups
    the true positive rate of highest total reward (randomising in the bucket it falls in)."""
    reward = INTEREST * GYM_REPAY - (1 - GYM_REPAY)
    if policy == "max_reward":
        return np.tile((reward >= 0).astype(float), (2, 1))
    lent_tpr = [top_down(w, GYM_REPAY) / top_down(w, GYM_REPAY)[-1] for w in weights]
    grid = np.unique(np.concatenate(lent_tpr))
    total = sum(np.interp(grid, t, top_down(w, reward)) for t, w in zip(lent_tpr, weights,
                                                                         strict=True))
    target = grid[int(np.argmax(total))]
    out = np.zeros_like(weights)
    for g, t in enumerate(lent_tpr):
        low, high = t[:-1], t[1:]  # the rate before and after lending to each bucket, top first
        with np.errstate(invalid="ignore", divide="ignore"):
            share = np.where(high > low, np.clip((target - low) / (high - low), 0, 1),
                             (target >= high).astype(float))
        out[g] = share[::-1]
    return out


def gym_steps(policy: str, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """ml-fairness-gym's lending steps: an applicant from either group (half the time each),
    a bucket from its group's distribution, a decision, and on a loan 0.01 of the group's
    mass moves from that bucket one up (repaid) or down (defaulted). Final repayment rate
    and loans per group."""
    rng = np.random.default_rng(seed)
    weights, loans = GYM_START.copy(), np.zeros(2)
    approval = gym_approval(weights, policy)
    for _ in range(GYM_STEPS):
        g = rng.integers(2)
        b = rng.choice(7, p=weights[g] / weights[g].sum())
        if rng.random() >= approval[g, b]:
            continue
        loans[g] += 1
        to = min(b + 1, 6) if rng.random() < GYM_REPAY[b] else max(b - 1, 0)
        moved = min(GYM_SHIFT, weights[g, b])
        weights[g, b] -= moved
        weights[g, to] += moved
        approval = gym_approval(weights, policy)
    return weights @ GYM_REPAY, loans


def gym_average(policy: str) -> tuple[np.ndarray, np.ndarray]:
    """The same steps with each step's expected move in place of a draw."""
    weights, loans = GYM_START.copy(), np.zeros(2)
    for _ in range(GYM_STEPS):
        lent = 0.5 * weights * gym_approval(weights, policy)
        loans += lent.sum(axis=1)
        up, down = GYM_SHIFT * lent * GYM_REPAY, GYM_SHIFT * lent * (1 - GYM_REPAY)
        weights = weights - up - down
        weights[:, 1:] += up[:, :-1]
        weights[:, -1] += up[:, -1]
        weights[:, :-1] += down[:, 1:]
        weights[:, 0] += down[:, 0]
    return weights @ GYM_REPAY, loans


DAMOUR = {"damour_max_reward": "max_reward", "damour_equal_opportunity": "equal_opportunity"}


@pytest.mark.parametrize("pid", DAMOUR)
def test_each_damour_preset_is_the_gyms_world_over_its_20000_steps(pid):
    preset = load_scenario("lending").preset(pid)
    for g, start in zip("AB", GYM_START, strict=True):
        assert preset.tables[g]["score_table"] == tuple(start)
        assert preset.tables[g]["repay_table"] == tuple(GYM_REPAY)
        assert np.allclose(np.diff(preset.tables[g]["score_buckets"]), 75.0)
        assert preset.set[f"groups.{g}.share"] == 0.5
    # A repaid loan or a default moves a person one bucket, as the gym moves 0.01 of mass.
    assert preset.set["world.score_loss"] == 75.0 == load_scenario("lending").schema.get(
        "world.score_gain").default
    assert preset.set["policy.loss_gain_ratio"] == 1 / INTEREST
    # A round: a share of each group applies; the gym moves 0.01 of a group per loan and
    # draws from each group half its steps.
    steps_per_round = preset.set["world.applicant_share"] / (0.5 * GYM_SHIFT)
    assert preset.rounds * steps_per_round == pytest.approx(GYM_STEPS)


def preset_finals(pid: str) -> tuple[np.ndarray, np.ndarray]:
    """Mean final repayment rate per group over the preset's 20 replications, and the loans
    per group (approval rate times the gym's applicants of a group in a round)."""
    scenario = load_scenario("lending")
    preset = scenario.preset(pid)
    results = run_replications(preset_spec(scenario, preset, replications=20, seed=3))
    applicants = 0.5 * preset.set["world.applicant_share"] / (0.5 * GYM_SHIFT)
    rates = np.mean([[r.recorder.series(f"true_rate_{g}")[-1] for g in "AB"] for r in results],
                    axis=0)
    loans = np.mean([[np.sum(r.recorder.series(f"selection_rate_{g}")[1:]) * applicants
                      for g in "AB"] for r in results], axis=0)
    assert all(check.holds for check in check_preset(preset, results))
    return rates, loans


@pytest.mark.slow
def test_damour_presets_follow_the_gyms_average_steps():
    """The preset moves every group's mass each round by the expected move of its steps, so
    it follows the steps' average to within a fraction of a percent: rates to 0.005, loans to
    2%."""
    for pid, policy in DAMOUR.items():
        rates, loans = preset_finals(pid)
        ref_rates, ref_loans = gym_average(policy)
        assert rates == pytest.approx(ref_rates, abs=0.005), pid
        assert loans == pytest.approx(ref_loans, rel=0.02), pid


@pytest.mark.slow
def test_the_gyms_own_steps_reproduce_the_finding_and_max_reward():
    """Over 20 seeds of one applicant a step: equal opportunity gives group 2 more loans than
    max reward and leaves it with a lower repayment rate (D'Amour et al.'s finding). Under max
    reward the steps' mean agrees with their average (and the preset) to 0.01; under equal
    opportunity the steps' noise pulls both groups lower than their average does."""
    runs = {p: [gym_steps(p, seed) for seed in range(20)] for p in DAMOUR.values()}
    rate = {p: np.mean([r[0] for r in rs], axis=0) for p, rs in runs.items()}
    loans = {p: np.mean([r[1] for r in rs], axis=0) for p, rs in runs.items()}
    assert loans["equal_opportunity"][1] > loans["max_reward"][1]
    assert rate["equal_opportunity"][1] < rate["max_reward"][1] - 0.05
    assert rate["max_reward"] == pytest.approx([0.462, 0.414], abs=0.01)
    assert rate["max_reward"] == pytest.approx(gym_average("max_reward")[0], abs=0.01)
    assert np.all(rate["equal_opportunity"] < gym_average("equal_opportunity")[0] - 0.02)
