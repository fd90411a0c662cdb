"""The generative loop against the theory of model collapse, with numbers across seeds.

Predictions used below (Shumailov et al. 2024, the Gaussian case; Gerstgrasser et al. 2024):

* one Gaussian, M items per generation, replacement, no real data: the fitted variance after
  round t is σ²·∏ X_i over t + 1 fits (generation 0 included), X_i i.i.d. χ²_{M−1}/(M − 1)
  (unbiased) or χ²_{M−1}/M (maximum likelihood). So E[σ²_t] = σ² (unbiased) or
  σ²((M − 1)/M)^(t+1) (ML), with Var = E[X²]^(t+1) − E[X]^(2(t+1)), E[X²] = (2k + k²)/d² for
  k = M − 1 degrees of freedom and divisor d; while E[log σ²_t] = (t + 1)·E[log X] falls
  linearly, so σ_t → 0 almost surely;
* group counts are a Wright–Fisher resampling: a 5 % group reaches share 0 and stays there;
* real data with share α pulls the fit back to the truth every generation; accumulating all data
  keeps the error bounded.
"""

import math

import numpy as np
import pytest

from simulator import Simulation, load_scenario, parse_scenario
from simulator.kinds.generative import pool, sample_summary, wasserstein2

SCENARIO = load_scenario("model_collapse")
ONE = parse_scenario("""
[scenario]
id = "one_gaussian"
kind = "generative"
title = "One Gaussian"
summary = "The single-Gaussian case of Shumailov et al."

[[groups]]
id = "x"
share = 1.0
mean = 0.0
sd = 1.0
""")


def runs(scenario, overrides, seeds, rounds):
    out = []
    for seed in seeds:
        sim = Simulation(scenario, seed=seed, overrides=overrides)
        sim.run(rounds)
        out.append(sim)
    return out


def series(sims, column) -> np.ndarray:
    """``[seed, round]``"""
    return np.array([s.recorder.series(column) for s in sims])


def expected_log_chi2_ratio(k: int) -> float:
    """E[log(χ²_k / k)] = ψ(k/2) + log(2/k), with ψ from its closed forms at integers and
    half-integers (no scipy here)."""
    euler = 0.5772156649015329
    if k % 2:
        psi = -euler - 2 * math.log(2) + sum(2 / (2 * j - 1) for j in range(1, (k - 1) // 2 + 1))
    else:
        psi = -euler + sum(1 / j for j in range(1, k // 2))
    return psi + math.log(2 / k)


# --- the scenario and the run ------------------------------------------------------------------


def test_the_bundled_scenario_is_a_generative_loop_with_a_rare_group():
    assert SCENARIO.kind.name == "generative"
    assert SCENARIO.params["world.items"] <= 200
    shares = {g: SCENARIO.schema.get(f"groups.{g}.share").default for g in SCENARIO.group_ids}
    assert min(shares.values()) == 0.05 and math.isclose(sum(shares.values()), 1.0)
    levers = {k for step in SCENARIO.guide for k in step.set}
    assert {"mitigation.real_fraction", "mitigation.accumulate", "mitigation.curation",
            "mitigation.provenance_filter"} <= levers


def test_same_seed_same_numbers_and_a_fork_continues_exactly():
    a, b, c = (Simulation(SCENARIO, seed=s) for s in (5, 5, 6))
    for sim in (a, b, c):
        sim.run(60)
    assert np.array_equal(a.recorder.table(), b.recorder.table(), equal_nan=True)
    assert not np.array_equal(a.recorder.table(), c.recorder.table(), equal_nan=True)
    a.set_param("mitigation.accumulate", True)  # a pending change is forked too
    twin = a.fork()
    a.run(50)
    twin.run(50)
    assert np.array_equal(a.recorder.table(), twin.recorder.table(), equal_nan=True)
    assert a.events == twin.events


def test_the_scenario_tells_its_story_with_its_own_seed_and_guide():
    sim = Simulation(SCENARIO, guide=True)
    sim.run(SCENARIO.rounds)
    col = sim.recorder.series

    def mean(name, first, last):  # rounds first..last, 1-based
        return float(np.nanmean(col(name)[first - 1:last]))

    # Collapse by round 180, the first lever: the rare style gone, variety and tails shrunk.
    assert col("model_share_rare")[99] == col("model_share_rare")[179] == 0
    assert max(mean("generated_sd_main", 170, 180), mean("generated_sd_second", 170, 180)) < 0.6
    assert mean("tail_mass", 170, 180) < 0.005 < col("true_tail_mass")[0]
    # Real data (rounds 181-260): the rare style is back, variety near the truth.
    assert mean("model_share_rare", 220, 260) > 0.02
    for g in ("main", "second"):
        assert abs(mean(f"generated_sd_{g}", 220, 260) - 1) < 0.15
    # Accumulation (261-340): the distance stays small.
    assert mean("wasserstein", 261, 340) < 0.5 < mean("wasserstein", 170, 180)
    # Curation (341-420): shares back at the truth.
    assert col("model_share_rare")[419] == pytest.approx(0.05)
    # Provenance filter (421-500): a third of the data is real again.
    assert mean("real_share", 440, 500) == pytest.approx(0.05 / (0.05 + 0.95 * 0.1), abs=0.03)
    assert abs(mean("generated_sd_main", 460, 500) - 1) < 0.15


# --- sufficient statistics ---------------------------------------------------------------------


def test_pooled_summaries_equal_the_summary_of_the_pooled_items():
    rng = np.random.default_rng(0)
    a, b = rng.normal(1, 2, 7), rng.normal(-3, 0.5, 13)

    def summary(x):
        return np.array([[len(x), x.mean(), ((x - x.mean()) ** 2).sum()]])

    both = np.concatenate([a, b])
    assert np.allclose(pool(summary(a), summary(b)), summary(both), rtol=1e-12)
    empty = np.zeros((1, 3))
    assert np.allclose(pool(empty, summary(a)), summary(a))
    assert np.allclose(pool(summary(a), empty), summary(a))


def test_drawn_summaries_have_the_moments_of_explicit_samples():
    """mean ~ N(μ, σ²/n) and SS ~ σ²χ²_{n−1}: E[SS] = (n − 1)σ², Var[SS] = 2(n − 1)σ⁴."""
    rng = np.random.default_rng(1)
    n, mu, sd = 5, 2.0, 3.0
    draws = sample_summary(rng, np.full(200_000, n), mu, sd)
    assert draws[:, 1].mean() == pytest.approx(mu, abs=0.02)
    assert draws[:, 1].var() == pytest.approx(sd**2 / n, rel=0.02)
    assert draws[:, 2].mean() == pytest.approx((n - 1) * sd**2, rel=0.01)
    assert draws[:, 2].var() == pytest.approx(2 * (n - 1) * sd**4, rel=0.03)
    single = sample_summary(rng, np.array([1, 0]), mu, sd)
    assert single[0, 2] == 0 and np.array_equal(single[1], [0, 0, 0])


def test_empty_summaries_leave_the_stream_where_drawing_them_in_full_does():
    """sample_summary returns early for empty groups; the draws it skips draw nothing."""
    early, full = np.random.default_rng(3), np.random.default_rng(3)
    assert np.array_equal(sample_summary(early, np.zeros(4, dtype=int), 1.0, 2.0),
                          np.zeros((4, 3)))
    full.standard_normal(4)
    assert np.array_equal(full.standard_gamma(np.zeros(4)), np.zeros(4))
    assert np.array_equal(early.standard_normal(5), full.standard_normal(5))


def test_pooling_with_empty_summaries_gives_the_summaries_back_bit_for_bit():
    rng = np.random.default_rng(4)
    a = sample_summary(rng, np.array([0, 1, 7, 300]), np.array([-2.0, 0.5, 3.0, 1e3]), 1.5)
    assert np.array_equal(pool(a, np.zeros_like(a)), a)


def test_a_million_items_cost_one_round_and_land_on_the_truth():
    (sim,) = runs(ONE, {"world.items": 10**6}, [1], 1)
    last = sim.recorder.last()
    assert last["generated_sd_x"] == pytest.approx(1.0, abs=0.005)
    assert last["model_mean_x"] == pytest.approx(0.0, abs=0.005)
    assert last["wasserstein"] < 0.01
    (sim,) = runs(SCENARIO, {"world.items": 10**6}, [1], 1)
    for g, share in (("main", 0.6), ("second", 0.35), ("rare", 0.05)):
        assert sim.recorder.last()[f"model_share_{g}"] == pytest.approx(share, abs=0.003)


def test_temperature_narrows_each_generation_and_sharpens_the_shares():
    """With τ the generated sd is τ times the fit, and the fit of τ-narrowed items is τ times
    the last: after t rounds the generated sd is τ^(t+1). Shares are raised to 1/τ² at each
    sampling, so the output share after one round is π*^(1/τ⁴), normalised."""
    tau = 0.9
    (sim,) = runs(ONE, {"world.items": 10**6, "policy.temperature": tau}, [2], 5)
    assert sim.recorder.last()["generated_sd_x"] == pytest.approx(tau**6, rel=0.01)
    (sim,) = runs(SCENARIO, {"world.items": 10**6, "policy.temperature": tau}, [2], 1)
    true = np.array([0.6, 0.35, 0.05]) ** (1 / tau**4)
    true /= true.sum()
    got = [sim.recorder.last()[f"model_share_{g}"] for g in ("main", "second", "rare")]
    assert np.allclose(got, true, atol=0.003)


# --- collapse and its theory ---------------------------------------------------------------------


@pytest.mark.slow
def test_variance_and_tails_collapse_with_replacement():
    m, rounds = 20, 200
    sims = runs(ONE, {"world.items": m}, range(20), rounds)
    sd = series(sims, "generated_sd_x")
    assert np.median(sd[:, -1]) < 0.2
    # E[log σ²_t] falls linearly: (t + 1)·E[log χ²_{M−1}/(M − 1)] (−10.8 here), within 3 SE.
    log_var = np.log(sd[:, -1] ** 2)
    expected = (rounds + 1) * expected_log_chi2_ratio(m - 1)
    assert abs(log_var.mean() - expected) < 3 * log_var.std() / math.sqrt(len(sims))
    assert sims[0].recorder.last()["true_tail_mass"] == pytest.approx(0.0455, abs=1e-4)
    assert np.median(series(sims, "tail_mass")[:, -1]) < 0.001
    w2 = series(sims, "wasserstein")
    assert np.median(w2[:, -1]) > 0.8 > 0.3 > np.median(w2[:, 0])


@pytest.mark.slow
@pytest.mark.parametrize("estimator, divisor", [("ml", 50), ("unbiased", 49)])
def test_expected_variance_per_estimator(estimator, divisor):
    """ML: E[σ²_t] = ((M − 1)/M)^(t+1); unbiased: E[σ²_t] = 1, yet its median falls."""
    m, rounds, seeds = 50, 20, 200
    sims = runs(ONE, {"world.items": m, "model.variance_estimator": estimator}, range(seeds),
                rounds)
    var = series(sims, "generated_sd_x")[:, -1] ** 2
    k, fits = m - 1, rounds + 1
    mean = (k / divisor) ** fits
    sd = math.sqrt(((2 * k + k * k) / divisor**2) ** fits - mean**2)
    assert abs(var.mean() - mean) < 3 * sd / math.sqrt(seeds)
    if estimator == "ml":
        assert mean == pytest.approx(0.654, abs=0.001) and var.mean() < 0.85
    else:
        assert np.median(var) < 0.85


@pytest.mark.slow
def test_a_rare_group_vanishes_and_real_data_or_curation_keep_it():
    rounds = 300
    plain = series(runs(SCENARIO, {}, range(16), rounds), "model_share_rare")
    gone = (plain == 0).any(axis=1)
    assert gone.mean() >= 0.75
    # Absorbing: once gone, it never comes back without real data.
    for row in plain[gone]:
        first = np.argmax(row == 0)
        assert (row[first:] == 0).all()
    real = series(runs(SCENARIO, {"mitigation.real_fraction": 0.2}, range(8), rounds),
                  "model_share_rare")
    assert (real[:, -100:].mean(axis=1) > 0.03).all()
    assert (real[:, -1] > 0).all()
    curated = series(runs(SCENARIO, {"mitigation.curation": 1.0}, range(8), rounds),
                     "model_share_rare")
    assert (curated == 0).any(axis=1).mean() <= 0.125
    assert np.median(curated[:, -1]) == pytest.approx(0.05)


@pytest.mark.slow
def test_a_modest_real_fraction_keeps_the_variance_at_the_truth():
    m, rounds = 100, 300
    replaced = series(runs(ONE, {"world.items": m}, range(10), rounds), "generated_sd_x")
    mixed = runs(ONE, {"world.items": m, "mitigation.real_fraction": 0.2}, range(10), rounds)
    sd = series(mixed, "generated_sd_x")
    assert np.median(replaced[:, -1]) < 0.4
    assert (np.abs(sd[:, -100:].mean(axis=1) - 1) < 0.1).all()
    assert (np.abs(series(mixed, "model_mean_x")[:, -100:].mean(axis=1)) < 0.2).all()
    assert series(mixed, "real_share")[:, -100:].mean() == pytest.approx(0.2, abs=0.01)


@pytest.mark.slow
def test_accumulating_keeps_the_distance_bounded():
    m, rounds = 20, 300
    replaced = series(runs(ONE, {"world.items": m}, range(10), rounds), "wasserstein")
    kept = series(runs(ONE, {"world.items": m, "mitigation.accumulate": True}, range(10),
                       rounds), "wasserstein")
    assert np.median(replaced[:, -1]) > 1.0
    assert np.median(kept[:, -1]) < 0.6
    # Bounded, not growing: late error about what it was after a hundred generations.
    assert np.median(kept[:, -50:].mean(axis=1)) < 1.5 * np.median(kept[:, 50:100].mean(axis=1))


# --- hallucinations and provenance --------------------------------------------------------------


def test_hallucinations_fill_the_tails_and_a_provenance_filter_removes_them():
    over = {"world.items": 200, "bias.hallucination_rate": 0.02}
    dirty = runs(ONE, over, range(3), 100)
    assert series(dirty, "hallucinated_share").mean() == pytest.approx(0.02, abs=0.003)
    assert np.median(series(dirty, "tail_mass")[:, -1]) > 3 * 0.0455
    filtered = runs(ONE, {**over, "mitigation.real_fraction": 0.05,
                          "mitigation.provenance_filter": 0.9}, range(3), 100)
    real = 0.05 / (0.05 + 0.95 * 0.1)
    assert series(filtered, "real_share").mean() == pytest.approx(real, abs=0.01)
    assert series(filtered, "hallucinated_share").mean() == pytest.approx(0.02 * (1 - real),
                                                                        abs=0.003)
    # Fewer hallucinations in the data, and real items to pull the fit back: a fixed point
    # with σ ≈ 1.2 instead of the spread running off to the hallucinations' (4).
    late_tails = [np.median(series(s, "tail_mass")[:, -50:]) for s in (dirty, filtered)]
    assert late_tails[1] < 0.15 < 0.4 < late_tails[0]
    assert np.median(series(filtered, "generated_sd_x")[:, -50:]) < 1.4


def test_wasserstein_is_the_closed_form_for_one_gaussian():
    one = (np.array([1.0]), np.array([0.0]), np.array([1.0]))
    for mu, sd in ((0.0, 1.0), (0.3, 0.5), (-2.0, 3.0), (1.0, 1e-6)):
        other = (np.array([1.0]), np.array([mu]), np.array([sd]))
        assert wasserstein2(other, one) == pytest.approx(math.hypot(mu, sd - 1), rel=1e-3,
                                                         abs=1e-9)
    (sim,) = runs(ONE, {"world.items": 30}, [3], 40)
    for r in (5, 20, 40):
        row = {c: sim.recorder.series(c)[r - 1] for c in ("model_mean_x", "generated_sd_x",
                                                           "wasserstein")}
        assert row["wasserstein"] == pytest.approx(
            math.hypot(row["model_mean_x"], row["generated_sd_x"] - 1), rel=1e-3)
