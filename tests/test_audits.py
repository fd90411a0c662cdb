"""Audits in the allocation kind (policing) and the generative kind (model collapse).

The model audit tests each new estimate or model on an independent sample before it is
deployed and keeps the one in use when it fails the bound; the application audit watches the
outcomes in use. What each sample measures is checked against an independent simulation of the
sample item by item; what blocking does is checked on the metric it guards, with a bound
derived from the sample's own noise (the gate sees the truth only through the sample).
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from simulator import Simulation, load_scenario
from simulator.kinds.allocation import surveyed_shares
from simulator.kinds.audits import DEPLOY
from simulator.kinds.generative import audit_points, band, held_out, norm_cdf, world

STYLES = ("main", "second", "rare")


def run(name, overrides, seed, rounds):
    sim = Simulation(load_scenario(name), seed=seed, overrides=overrides)
    sim.run(rounds)
    return sim


def verdicts(sim, key):
    return [e for e in sim.events if e.key == key and e.who == "audit"]


# --- what the samples measure ---------------------------------------------------------------


def explicit_survey(rates, n, rng):
    """A random-patrol survey patrol by patrol: each goes to a region picked at random and
    finds an incident there with the region's rate; the share is each region's hit rate over
    their sum."""
    region = rng.integers(0, len(rates), size=n)
    found = rng.random(n) < np.asarray(rates)[region]
    hit = np.array([found[region == r].mean() for r in range(len(rates))])
    return hit / hit.sum()


def test_the_survey_estimates_the_true_shares_as_patrol_by_patrol_sampling_does():
    """Policing's rates 0.12 and 0.08: the truth is 60 % north. The kind's survey and one
    simulated patrol by patrol agree in mean (both on the truth) and in spread, and the spread
    is the delta method's: Var ŝ_N ≈ (λ_S/Σ)² Var λ̂_N/Σ² + (λ_N/Σ)² Var λ̂_S/Σ², with
    Var λ̂_r = λ_r(1 − λ_r)/(n/2)."""
    sc = load_scenario("policing")
    sim = Simulation(sc, seed=0, overrides={"audit.sample": 4000})
    rng = np.random.default_rng(7)
    ours = np.array([surveyed_shares(sim.params, sc.group_ids, rng)[0] for _ in range(3000)])
    theirs = np.array([explicit_survey([0.12, 0.08], 4000, rng)[0] for _ in range(3000)])
    total = 0.2
    var = ((0.08 / total**2) ** 2 * 0.12 * 0.88 + (0.12 / total**2) ** 2 * 0.08 * 0.92) / 2000
    assert ours.mean() == pytest.approx(0.6, abs=0.002)
    assert theirs.mean() == pytest.approx(0.6, abs=0.002)
    assert ours.std() == pytest.approx(math.sqrt(var), rel=0.08)
    assert ours.std() == pytest.approx(theirs.std(), rel=0.08)


def explicit_held_out(world_mix, points, n, rng):
    """n real items drawn one by one from the mixture: each style's share, and the share at
    or below each point."""
    shares, means, sds = world_mix
    style = rng.choice(len(shares), size=n, p=shares)
    x = rng.normal(means[style], sds[style])
    return np.bincount(style, minlength=len(shares)) / n, (x[:, None] <= points).mean(axis=0)


def test_held_out_real_content_measures_what_explicit_items_do():
    """Model collapse's world: the rare style (5 %) sits at 6, in the upper tail, so about
    4.1 % of the real content lies beyond m* ± 2s*. The kind's counts and items drawn one by
    one agree in mean and spread at every audit point (a share of n items has sd
    √(p(1 − p)/n)), and the means are the mixture's distribution function there."""
    sc = load_scenario("model_collapse")
    n = 2000
    sim = Simulation(sc, seed=0, overrides={"audit.sample": n})
    p, groups = sim.params, sc.group_ids
    lo, hi = band(p, groups)
    points = audit_points(p, groups)
    assert (points[0], points[-1]) == pytest.approx((lo, hi))
    shares, means, sds = world(p, groups)
    cdf = norm_cdf((points[:, None] - means[None, :]) / sds[None, :]) @ shares
    tail = cdf[0] + 1 - cdf[-1]
    assert tail == pytest.approx(0.041, abs=0.002)
    rng = np.random.default_rng(3)
    # A batch of one replication: its one row.
    ours = [held_out(p, groups, (rng,)) for _ in range(2000)]
    theirs = [explicit_held_out((shares, means, sds), points, n, rng) for _ in range(2000)]
    for rare, below in (([h.shares[0, 2] for h in ours], [h.below[0] for h in ours]),
                        ([t[0][2] for t in theirs], [t[1] for t in theirs])):
        rare, below = np.array(rare), np.array(below)
        assert rare.mean() == pytest.approx(0.05, abs=0.0005)
        assert rare.std() == pytest.approx(math.sqrt(0.05 * 0.95 / n), rel=0.08)
        assert below.mean(axis=0) == pytest.approx(cdf, abs=0.001)
        assert below.std(axis=0) == pytest.approx(np.sqrt(cdf * (1 - cdf) / n), rel=0.1)
    assert np.mean([h.tails[0] for h in ours]) == pytest.approx(tail, abs=0.0005)


# --- policing: the model audit blocks a runaway estimate ------------------------------------


def test_blocking_keeps_the_patrols_within_the_bound_where_the_loop_runs_away():
    """The default policing loop runs away: after 300 days the gap between the patrols and
    the truth is above 0.3 in every seed. With the survey before every update (10,000 survey
    patrols: sd of the surveyed share ≈ 0.013 by the delta method above), an update that puts
    the north off the survey by more than 0.05 is kept out, so the patrols stay within the
    bound plus the survey's noise (0.05 + 4 sd), every day. Each kept-out update is a verdict
    in the log: made by the audit, with the gap it found (above the bound)."""
    blocked = {"audit.block": True, "audit.sample": 10_000, "audit.max_gap": 0.05}
    sd = math.sqrt(((0.08 / 0.04) ** 2 * 0.12 * 0.88 + (0.12 / 0.04) ** 2 * 0.08 * 0.92)
                   / 5000)
    for seed in range(4):
        free = run("policing", {}, seed, 300).recorder.series("allocation_gap")
        assert free[-50:].min() > 0.3
        sim = run("policing", blocked, seed, 300)
        gap = sim.recorder.series("allocation_gap")
        assert gap.max() <= 0.05 + 4 * sd
        found = verdicts(sim, DEPLOY)
        assert len(found) > 200  # the records keep running away, so most updates fail
        assert all(e.old >= 0.05 and e.new == "blocked" for e in found)


def test_a_blocked_estimate_is_the_one_in_use_and_the_records_still_run_away():
    """Blocking stops a runaway estimate from being deployed, not the bias of the data: with
    the patrols held at the share q that passed, the north's discoveries are q λ_N against
    (1 − q) λ_S, so (forgetting 2 % a day) its share of the records settles at
    q λ_N / (q λ_N + (1 − q) λ_S), above the truth, and every update computed from them
    keeps failing."""
    for seed in (1, 2):
        r = run("policing", {"audit.block": True, "audit.sample": 10_000}, seed, 600).recorder
        q = r.series("allocation_share_north")[-1]
        assert np.ptp(r.series("allocation_share_north")[-400:]) == 0  # the kept estimate
        settled = q * 0.12 / (q * 0.12 + (1 - q) * 0.08)
        assert r.series("data_share_north")[-300:].mean() == pytest.approx(settled, abs=0.015)
        assert settled > 0.6 + 0.05


# --- policing: the audits in use ------------------------------------------------------------


def test_the_periodic_audit_reports_what_the_model_believes_and_where_the_patrols_go():
    """Every 10 days: the model audit's finding for the north is its estimate minus the
    surveyed share, within the survey's noise of the estimate minus the truth; the application
    audit's is the allocation gap as the survey sees it, and once it passes 0.1 each audit
    writes a verdict with the gap found."""
    sim = run("policing", {"audit.every": 10, "audit.sample": 10_000,
                           "audit.max_allocation_gap": 0.1}, 2, 200)
    r = sim.recorder
    days = np.arange(10, 201, 10) - 1  # the rounds audited (0-based rows)
    assert np.isnan(r.series("audit_gap_north")[:9]).all()
    belief_gap = r.series("data_share_north")[days - 0] - 0.6
    found = r.series("audit_gap_north")[days]
    assert np.abs(found - belief_gap).max() < 0.07  # the estimate in use lags a round at most
    applied = r.series("audit_allocation_gap")[days]
    assert np.abs(applied - r.series("allocation_gap")[days]).max() < 4 * 0.013
    flagged = verdicts(sim, "audit.allocation")
    assert len(flagged) >= 15
    assert all(e.old > 0.1 for e in flagged)
    assert {e.round for e in flagged} <= set(days + 1)


def test_audits_off_or_watching_do_not_change_the_loop():
    """Off by default, an audit's settings change nothing; switched on without blocking, it
    draws its samples from its own stream and writes findings, and the loop's own numbers
    stay bit for bit the same."""
    base = run("policing", {}, 5, 120).recorder
    off = run("policing", {"audit.sample": 50, "audit.max_gap": 0.5}, 5, 120).recorder
    watching = run("policing", {"audit.every": 7}, 5, 120).recorder
    for column in ("allocation_share_north", "data_share_north", "discovered_south"):
        assert np.array_equal(base.series(column), off.series(column))
        assert np.array_equal(base.series(column), watching.series(column))
    assert np.isfinite(watching.series("audit_gap_north")[6:]).all()
    base = run("model_collapse", {}, 5, 60).recorder
    watching = run("model_collapse", {"audit.every": 3}, 5, 60).recorder
    for column in ("wasserstein", "tail_mass", "model_share_rare"):
        assert np.array_equal(base.series(column), watching.series(column))


# --- model collapse: the model audit keeps the previous model --------------------------------


def worst_share_gap(r):
    return np.max([np.abs(r.series(f"model_share_{g}") - r.series(f"true_share_{g}"))
                   for g in STYLES], axis=0)


def test_blocking_keeps_the_published_model_close_to_the_real_world():
    """Trained on its own output, the model loses its rare style and its tails: within 200
    generations a style's share is off by more than 0.1 and the tails by more than 0.03 in
    every seed, and the distance to the real world passes 1. Testing each retrained model on
    20,000 held-out real items (sd of a share at most √(0.25/n) = 0.0035) and keeping the
    previous model when a share, the tails or the distribution function at nine points are
    off by more than 0.02 holds the shares and tails within the bound plus 4 sd, every
    generation, and the distance to the real world below 0.35 (free: above 1 by the end)."""
    blocked = {"audit.block": True, "audit.sample": 20_000, "audit.max_gap": 0.02}
    margin = 0.02 + 4 * math.sqrt(0.25 / 20_000)
    for seed in range(3):
        free = run("model_collapse", {}, seed, 200).recorder
        assert worst_share_gap(free).max() > 0.1
        assert np.abs(free.series("tail_mass") - free.series("true_tail_mass")).max() > 0.03
        assert free.series("wasserstein")[-1] > 1.0
        sim = run("model_collapse", blocked, seed, 200)
        r = sim.recorder
        # Generation 0's model, fitted to 200 real items, is deployed unaudited (there is no
        # previous one to keep); the bound holds from the first model the audit passed on.
        kept = {e.round for e in verdicts(sim, DEPLOY)}
        first = min(set(range(1, 201)) - kept) - 1
        assert worst_share_gap(r)[first:].max() <= margin
        tails = r.series("tail_mass") - r.series("true_tail_mass")
        assert np.abs(tails[first:]).max() <= margin
        assert r.series("wasserstein")[first:].max() < 0.35
        found = verdicts(sim, DEPLOY)
        assert len(found) > 50
        assert all(e.old >= 0.02 for e in found)  # rounded to 3 places


def test_the_model_audit_finds_the_collapse_and_the_application_audit_the_real_share():
    """Every 5 generations on 5,000 items: the model audit's tail finding follows the
    model's tail mass minus the real one within the sample's noise; with 20 % fresh real
    content out there the application audit finds about 20 % human-made content, and with a
    floor of 30 % each audit writes a verdict; the published tails, diluted by the human
    content, are off by less than the model's own."""
    sim = run("model_collapse", {"audit.every": 5, "audit.sample": 5000,
                                 "mitigation.real_fraction": 0.2,
                                 "audit.min_real_share": 0.3, "audit.max_tail_gap": 0.01},
              4, 100)
    r = sim.recorder
    rows = np.arange(5, 101, 5) - 1
    truth_gap = r.series("tail_mass")[rows] - r.series("true_tail_mass")[rows]
    sd = math.sqrt(0.05 * 0.95 / 5000)
    assert np.abs(r.series("audit_tail_gap")[rows] - truth_gap).max() < 4 * sd
    assert r.series("audit_real_share")[rows].mean() == pytest.approx(0.2, abs=0.01)
    low = verdicts(sim, "audit.real_share")
    assert len(low) == len(rows) and all(e.old < 0.3 for e in low)
    tails = verdicts(sim, "audit.tails")
    assert tails and all(e.old >= 0.01 for e in tails)  # |gap found|, rounded to 3 places
    found = np.abs(r.series("audit_published_tail_gap")[rows])
    assert {e.round for e in tails} == set(rows[found > 0.01] + 1)
    model_gap = np.abs(r.series("audit_tail_gap")[rows])
    published_gap = np.abs(r.series("audit_published_tail_gap")[rows])
    assert published_gap.mean() < model_gap.mean()
