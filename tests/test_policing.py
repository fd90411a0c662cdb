"""The ``allocation`` kind against the model of Ensign et al. (2018), "Runaway Feedback Loops in
Predictive Policing", and the bundled ``policing`` scenario.

Each claim is checked with the number the theory gives (see ``simulator/kinds/allocation.py``
for the equations): the power law of the runaway, the Beta limit of the Pólya urn, the fixed
point of the mixed urn (Eq. 3), the true shares under the correction. Distributional claims are
checked across seeds; every run is seeded, so the tests are deterministic.
"""

from __future__ import annotations

import numpy as np
import pytest

from simulator import load_scenario, parse_scenario
from simulator.engine import Simulation
from simulator.kinds import KINDS
from simulator.kinds.allocation import kept_share
from simulator.scenario import toml_value


def regions(rates, priors, reports=None, **params):
    """A scenario with one region per rate (ids r0, r1, ...) and the given parameters."""
    reports = reports or [0.0] * len(rates)
    text = ['[scenario]\nid = "test"\nkind = "allocation"\ntitle = "t"\nsummary = "s"']
    for i, (rate, prior, report) in enumerate(zip(rates, priors, reports, strict=True)):
        text.append(f'[[groups]]\nid = "r{i}"\nrate = {rate!r}\nprior = {prior}\n'
                    f"report_rate = {float(report)!r}")
    text.append("[params]\n" + "\n".join(f'"{k}" = {toml_value(v)}' for k, v in params.items()))
    return parse_scenario("\n\n".join(text))


def final(scenario, rounds, seeds, column="allocation_share_r0", **kw):
    out = []
    for seed in seeds:
        sim = Simulation(scenario, seed=seed, **kw)
        sim.run(rounds)
        out.append(sim.recorder.series(column)[-1])
    return np.array(out)


def tv_gap(sim):
    return sim.recorder.series("allocation_gap")


# --- the runaway (Ensign et al., Sec. 4) ----------------------------------------------------


def test_discovered_only_runs_away_along_the_urns_power_law():
    """Discovered incidents only: E[dD_r] = B λ_r x_r per round, so dD_B/dD_A = λ_B D_B /
    (λ_A D_A) and D_B grows like D_A^(λ_B/λ_A): the share of the lower-rate region dies out
    (slope 2/3 on a log-log plot for rates 0.12 and 0.08), the allocation heads for 1 while
    the truth is 0.6."""
    scenario = regions([0.12, 0.08], [30, 20], **{"world.patrols": 200})
    for seed in range(3):
        sim = Simulation(scenario, seed=seed)
        log_counts = []
        for _ in range(1500):
            sim.step()
            log_counts.append(np.log(sim.state.records[0]))
        log_a, log_b = np.array(log_counts[100:]).T
        slope = np.polyfit(log_a, log_b, 1)[0]
        assert slope == pytest.approx(0.08 / 0.12, abs=0.1)
        share = sim.recorder.series("allocation_share_r0")
        assert share[299] > 0.85 and share[-1] > share[299]
        assert sim.recorder.series("true_share_r0")[-1] == pytest.approx(0.6)


@pytest.mark.slow
def test_equal_rates_the_limit_is_random_beta_not_the_truth():
    """Equal rates, one patrol a round, Bernoulli discovery: a draw that finds nothing leaves
    the urn as it was, so this is Pólya's urn slowed down and the share's limit is
    Beta(prior_0, prior_1) = Beta(3, 1): mean 3/4 (where the records started, not the true 1/2)
    and sd √(3/80) ≈ 0.194, from one seed to the next."""
    scenario = regions([0.5, 0.5], [3, 1], **{"world.patrols": 1})
    shares = final(scenario, 2000, range(30))
    se = 0.194 / np.sqrt(len(shares))
    assert shares.mean() == pytest.approx(0.75, abs=3 * se)
    assert 0.12 < shares.std() < 0.28
    # Kolmogorov–Smirnov distance to the Beta(3, 1) cdf x³ (5% critical value for n = 30: 0.24)
    x = np.sort(shares)
    n = len(x)
    ks = max(np.max(np.arange(1, n + 1) / n - x**3), np.max(x**3 - np.arange(n) / n))
    assert ks < 0.24
    assert np.mean(np.abs(shares - 0.5) > 0.1) > 0.6  # most runs end far from the truth


def test_greedy_rule_sends_every_patrol_to_the_top_region():
    scenario = regions([0.08, 0.12], [30, 20], **{"policy.rule": "greedy"})
    shares = final(scenario, 200, range(3))
    np.testing.assert_array_equal(shares, 1.0)  # region 0 leads the records and never loses


# --- the levers -----------------------------------------------------------------------------


def test_correction_weights_discoveries_by_inverse_patrol_probability():
    """α_r = min q / q_r: for two regions Ensign et al.'s 1 − q_r, normalised by its max."""
    q = np.array([0.7, 0.3])
    np.testing.assert_allclose(kept_share(q), (1 - q) / (1 - q).max())
    q = np.array([0.5, 0.3, 0.2, 0.0])
    np.testing.assert_allclose(kept_share(q) * q, [0.2, 0.2, 0.2, 0.0])


def test_correction_converges_to_the_true_shares_in_three_regions():
    """With the correction E[kept_r] = B λ_r min q ∝ λ_r, so the shares go to λ / Σλ from any
    start. The tolerance: the binomial noise of N records, 4 √(x(1 − x)/N), plus what is left
    of the history, prior · |prior share − truth| / N."""
    rates = np.array([0.3, 0.2, 0.1])
    truth = rates / rates.sum()
    prior = np.array([10, 10, 80])
    scenario = regions(rates.tolist(), prior.tolist(),
                       **{"world.patrols": 100, "mitigation.correction": True})
    for seed in range(4):
        sim = Simulation(scenario, seed=seed)
        sim.run(2000)
        n = sim.state.records[0].sum()
        tol = 4 * np.sqrt(truth * (1 - truth) / n) + prior.sum() * np.abs(
            prior / prior.sum() - truth) / n
        share = np.array([sim.recorder.series(f"allocation_share_r{i}")[-1] for i in range(3)])
        assert np.all(np.abs(share - truth) < tol), (share, truth, tol)


def eq3_fixed_point(rates, reports, patrols, reported_weight):
    """Ensign et al.'s mixed urn per patrol: draw A adds (a, b) balls, draw B adds (c, d); the
    share of A converges to the root in [0, 1] of (c + d − a − b) x² + (a − 2c − d) x + c."""
    wd, wr = 1 - reported_weight, reported_weight
    a = wd * rates[0] + wr * reports[0] / patrols
    b = wr * reports[1] / patrols
    c = wr * reports[0] / patrols
    d = wd * rates[1] + wr * reports[1] / patrols
    roots = np.roots([c + d - a - b, a - 2 * c - d, c])
    (x,) = [r.real for r in roots if abs(r.imag) < 1e-12 and 0 <= r.real <= 1]
    return x


@pytest.mark.slow
def test_reported_incidents_settle_at_the_mixed_fixed_point_of_eq3():
    """Reports in proportion to the rates, weighted 0.5: the root is √3 − 1 ≈ 0.732, between
    the truth (2/3) and the runaway (1). Tolerance from the spread across seeds (3 standard
    errors) and a bound on single runs."""
    rates, reports = [0.2, 0.1], [4.0, 2.0]
    x_star = eq3_fixed_point(rates, reports, 20, 0.5)
    assert x_star == pytest.approx(np.sqrt(3) - 1)
    scenario = regions(rates, [5, 5], reports,
                       **{"world.patrols": 20, "mitigation.reported_weight": 0.5})
    shares = final(scenario, 3000, range(8))
    assert shares.mean() == pytest.approx(x_star, abs=max(3 * shares.std() / np.sqrt(8), 0.005))
    assert np.all(np.abs(shares - x_star) < 0.03)
    assert np.all(shares > 2 / 3 + 0.03)  # reports attenuate the runaway but do not remove it


def exploration_fixed_point(rates, eps):
    """With exploration q = (1 − ε) x + ε/2 and E[dD_r] ∝ λ_r q_r: the stable zero of
    λ_A q_A (1 − x) − λ_B q_B x, found by bisection; returns the allocation q_A there."""
    lo, hi = 0.0, 1.0
    for _ in range(60):
        x = (lo + hi) / 2
        qa, qb = (1 - eps) * x + eps / 2, (1 - eps) * (1 - x) + eps / 2
        lo, hi = (x, hi) if rates[0] * qa * (1 - x) > rates[1] * qb * x else (lo, x)
    return (1 - eps) * x + eps / 2


def test_exploration_narrows_the_gap_to_its_fixed_point():
    scenario = regions([0.12, 0.08], [30, 20],
                       **{"world.patrols": 200, "data.decay": 0.02})
    q_star = exploration_fixed_point([0.12, 0.08], 0.3)
    assert 0.6 < q_star < 0.7
    runaway = final(scenario, 600, range(4))
    explored = final(scenario, 600, range(4), overrides={"mitigation.exploration": 0.3})
    assert np.all(runaway > 0.95)
    assert np.all(np.abs(explored - q_star) < 0.04)


def test_reports_from_every_region_break_a_runaway_that_correction_cannot():
    """A region whose records reached zero is never patrolled again: the correction has no
    discoveries there to weigh, while reports still arrive from it."""
    base = {"world.patrols": 200, "mitigation.correction": True}
    stuck = regions([0.12, 0.08], [50, 0], [24.0, 16.0], **base)
    assert final(stuck, 200, range(2)).tolist() == [1.0, 1.0]
    reported = final(stuck, 400, range(2), overrides={"mitigation.reported_weight": 0.5})
    assert np.all(np.abs(reported - 0.6) < 0.05)


def test_decay_forgets_a_biased_history():
    """With the correction on, new records come in the true 60/40 proportion. Without
    forgetting a 900/100 history is only diluted: the share is (900 + 0.6 (N − 1000)) / N for
    N records; with forgetting it fades like (1 − δ)^t (0.98^300 ≈ 0.002)."""
    scenario = regions([0.12, 0.08], [900, 100],
                       **{"world.patrols": 200, "mitigation.correction": True})
    for seed in range(3):
        sim = Simulation(scenario, seed=seed)
        sim.run(300)
        n = sim.state.records[0].sum()
        diluted = (900 + 0.6 * (n - 1000)) / n
        assert diluted > 0.65
        assert sim.recorder.series("data_share_r0")[-1] == pytest.approx(diluted, abs=0.02)
    forgets = final(scenario, 300, range(3), column="data_share_r0",
                    overrides={"data.decay": 0.02})
    assert np.all(np.abs(forgets - 0.6) < 0.05)


def test_decay_alone_speeds_the_runaway_up():
    scenario = regions([0.12, 0.08], [30, 20], **{"world.patrols": 200})
    kept = final(scenario, 300, range(4))
    forgot = final(scenario, 300, range(4), overrides={"data.decay": 0.02})
    assert forgot.mean() > kept.mean() + 0.05


def test_greedy_with_correction_and_exploration_learns_the_truth_it_ignores():
    scenario = regions([0.12, 0.08], [30, 20], **{
        "world.patrols": 200, "policy.rule": "greedy", "mitigation.correction": True,
        "mitigation.exploration": 0.2, "data.decay": 0.02})
    sim = Simulation(scenario, seed=3)
    sim.run(400)
    assert sim.recorder.series("data_share_r0")[-50:].mean() == pytest.approx(0.6, abs=0.03)
    assert sim.recorder.series("allocation_share_r0")[-1] == pytest.approx(0.9)


# --- the bundled scenario -------------------------------------------------------------------


def test_policing_scenario_validates_with_two_regions():
    scenario = load_scenario("policing")
    assert scenario.kind is KINDS["allocation"]
    assert scenario.group_ids == ["north", "south"]
    assert all(g.label.en != g.label.get("es") for g in scenario.groups)
    assert any(step.set for step in scenario.guide)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_default_scenario_runs_away_within_a_few_hundred_rounds(seed):
    sim = Simulation(load_scenario("policing"), seed=seed)
    sim.run(300)
    assert sim.recorder.series("true_share_north")[-1] == pytest.approx(0.6)
    assert sim.recorder.series("allocation_share_north")[-1] > 0.9
    assert tv_gap(sim)[99] > 0.2 and tv_gap(sim)[-1] > 0.3


def test_the_guides_levers_break_the_loop_and_it_returns_when_they_stop():
    scenario = load_scenario("policing")
    sim = Simulation(scenario, seed=1, guide=True)
    sim.run(500)
    gap = tv_gap(sim)
    phase = {end: gap[end - 20:end].mean() for end in (100, 200, 300, 400, 500)}
    assert phase[100] > 0.2  # runaway
    assert phase[200] < phase[100] - 0.1  # exploration
    assert phase[300] < phase[200]  # reports
    assert phase[400] < 0.03  # reports and the correction
    assert phase[500] > 0.1  # levers off: it runs away again
    # The guide's caption quotes Eq. 3 for the reports step: 65 % north.
    p = scenario.schema.resolve(scenario.params)
    x_star = eq3_fixed_point([p["groups.north.rate"], p["groups.south.rate"]],
                             [p["groups.north.report_rate"], p["groups.south.report_rate"]],
                             p["world.patrols"], 0.5)
    assert round(x_star, 2) == 0.65
    north = sim.recorder.series("allocation_share_north")
    assert north[280:300].mean() == pytest.approx(x_star, abs=0.02)


# --- reproducibility ------------------------------------------------------------------------


def test_same_seed_same_numbers_other_seed_other_numbers():
    scenario = load_scenario("policing")
    runs = []
    for seed in (5, 5, 6):
        sim = Simulation(scenario, seed=seed, overrides={"mitigation.correction": True,
                                                         "world.discovery": "poisson"})
        sim.run(200)
        runs.append(sim.recorder.table())
    np.testing.assert_array_equal(runs[0], runs[1])
    assert not np.array_equal(runs[0], runs[2])


@pytest.mark.parametrize("rule", ["urn", "greedy"])
def test_fork_continues_exactly_like_the_original(rule):
    sim = Simulation(load_scenario("policing"), seed=2, overrides={
        "policy.rule": rule, "mitigation.exploration": 0.1, "mitigation.correction": True})
    sim.run(120)
    fork = sim.fork()
    sim.run(150)
    fork.run(150)
    np.testing.assert_array_equal(sim.recorder.table(), fork.recorder.table())
    np.testing.assert_array_equal(sim.state.records, fork.state.records)
    fork.set_param("mitigation.correction", False)
    fork.run(50)
    sim.run(50)
    assert not np.array_equal(sim.recorder.table(), fork.recorder.table())


def test_declares_the_metrics_its_csv_promises():
    """The CSV columns documented for the allocation kind (the contract itself, and
    bilingual declarations, are checked for every kind in test_kind_contract.py)."""
    metrics = {m.name for m in KINDS["allocation"].metrics()}
    assert {"allocation_share", "true_share", "data_share", "allocation_gap", "discovered",
            "reported"} <= metrics
