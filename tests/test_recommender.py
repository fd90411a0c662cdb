"""The ``recommender`` kind against Chaney, Stewart & Engelhardt (RecSys 2018), "How algorithmic
confounding in recommendation systems increases homogeneity and decreases utility", and its
levers against the numbers the model gives for them (see ``simulator/kinds/recommender.py``).

A small independent reference implementation of their simulation (users with Dirichlet tastes,
a random start-up, a matrix-factorisation recommender retrained on the interactions it caused,
an ideal recommender as benchmark) checks their qualitative result, and that the kind agrees
with it. Every run is seeded, so the tests are deterministic.
"""

from __future__ import annotations

from itertools import combinations
from math import comb

import numpy as np
import pytest

from simulator import ParamError, Simulation, load_scenario, parse_scenario
from simulator.kinds.recommender import (
    RecommenderKind,
    mean_jaccard,
    propensities,
    slates,
    user_pairs,
)
from simulator.scenario import toml_value


def catalogue(groups=(("a", 30, 5.0), ("b", 30, 0.2)), **params):
    """A recommender scenario with the given item groups (id, items, focus)."""
    text = ['[scenario]\nid = "test"\nkind = "recommender"\ntitle = "t"\nsummary = "s"']
    for gid, items, focus in groups:
        text.append(f'[[groups]]\nid = "{gid}"\nitems = {items}\nfocus = {focus!r}')
    text.append("[params]\n" + "\n".join(f'"{k}" = {toml_value(v)}' for k, v in params.items()))
    return parse_scenario("\n\n".join(text))


def tail_mean(sim, column, rounds=30):
    return float(np.mean(sim.recorder.series(column)[-rounds:]))


def played(scenario, rounds, seed=0, **changes):
    sim = Simulation(scenario, seed=seed)
    for key, value in changes.items():
        sim.set_param(key.replace("__", "."), value)
    sim.run(rounds)
    return sim


# --- an independent reference: Chaney et al.'s simulation, written plainly -----------------


def reference_run(seed, users=80, items=60, topics=6, k=6, startup=10, rounds=120, rank=4):
    """Chaney et al.'s procedure with plain loops and sets: Dirichlet tastes and items (half of
    them broad, half niche), random slates for a start-up, then a rank-``rank`` SVD of the
    interactions per showing an item would have had under uniform exposure, retrained every
    round; each user is shown their top k, and engages with each item with probability
    θ_u·β_i. Returns the mean over the last 30 rounds of the homogeneity (mean Jaccard of two
    users' slates) and of the utility relative to the ideal recommender, and the ideal's
    homogeneity."""
    rng = np.random.default_rng(seed)
    theta = rng.dirichlet([0.5] * topics, size=users)
    beta = np.vstack([rng.dirichlet([5.0] * topics, size=items // 2),
                      rng.dirichlet([0.2] * topics, size=items - items // 2)])
    pref = theta @ beta.T
    ideal = [set(np.argsort(-pref[u])[:k]) for u in range(users)]
    clicks = np.zeros((users, items))
    homogeneity, utility = [], []
    for t in range(1, rounds + 1):
        if t <= startup:
            shown = [set(rng.choice(items, size=k, replace=False)) for _ in range(users)]
        else:
            rates = clicks / ((t - 1) * k / items)
            left, sv, right = np.linalg.svd(rates, full_matrices=False)
            fitted = (left[:, :rank] * sv[:rank]) @ right[:rank]
            shown = [set(np.argsort(-fitted[u])[:k]) for u in range(users)]
        for u in range(users):
            for i in shown[u]:
                clicks[u, i] += rng.random() < pref[u, i]
        if t > rounds - 30:
            homogeneity.append(np.mean([len(a & b) / len(a | b)
                                        for a, b in combinations(shown, 2)]))
        utility.append(sum(pref[u, i] for u in range(users) for i in shown[u])
                       / sum(pref[u, i] for u in range(users) for i in ideal[u]))
    ideal_h = np.mean([len(a & b) / len(a | b) for a, b in combinations(ideal, 2)])
    return np.mean(homogeneity), np.mean(utility[-30:]), ideal_h


def test_reference_chaney_confounding_raises_homogeneity_and_not_utility_and_the_kind_agrees():
    """Chaney et al.'s result in the reference: the confounded loop's slates are far more alike
    than the ideal's (0.29 against 0.14), and users get far less from them than from the
    ideal (about 0.64 of it). The kind, on the same world, finds the same homogeneity and
    utility (its factorisation is found by a few steps of subspace iteration a round, not a
    full SVD)."""
    runs = np.array([reference_run(seed) for seed in range(3)])
    h, u, ideal_h = runs.mean(axis=0)
    assert h > ideal_h + 0.1
    assert u < 0.75
    scenario = catalogue(**{"world.users": 80, "world.topics": 6, "policy.slate_size": 6,
                            "model.rank": 4})
    kind_runs = [played(scenario, 120, seed=seed) for seed in range(3)]
    kind_h = np.mean([tail_mean(s, "homogeneity") for s in kind_runs])
    kind_ideal = np.mean([tail_mean(s, "ideal_homogeneity") for s in kind_runs])
    kind_u = np.mean([tail_mean(s, "relative_utility") for s in kind_runs])
    assert kind_h > kind_ideal + 0.1
    assert kind_ideal == pytest.approx(ideal_h, abs=0.03)
    assert kind_h == pytest.approx(h, abs=0.05)
    assert kind_u == pytest.approx(u, abs=0.05)


def test_the_bundled_scenario_shows_chaney_et_als_result_over_seeds():
    """Homogeneity far above the ideal's, the niche starved, utility barely above the random
    start-up's: in every one of five seeds."""
    scenario = load_scenario("recommender")
    for seed in range(5):
        sim = played(scenario, 100, seed=seed)
        assert tail_mean(sim, "homogeneity_gap") > 0.1
        assert (tail_mean(sim, "ideal_exposure_share_niche")
                - tail_mean(sim, "exposure_share_niche")) > 0.5
        startup = float(np.mean(sim.recorder.series("relative_utility")[:10]))
        assert startup < tail_mean(sim, "relative_utility") < startup + 0.07


def test_the_popularity_recommender_shows_everyone_the_same_slate():
    """Weight of popularity 1 is Chaney et al.'s popularity recommender: one ranking for
    all, so after the start-up every pair of slates is identical (Jaccard 1)."""
    sim = played(catalogue(), 40, **{"model__popularity_weight": 1.0})
    assert sim.recorder.series("homogeneity")[-20:] == pytest.approx(1.0)


# --- the metrics ----------------------------------------------------------------------------


def test_mean_jaccard_is_the_mean_over_pairs_of_shared_over_either():
    rng = np.random.default_rng(5)
    shown = np.zeros((40, 25), dtype=bool)
    for row in shown:
        row[rng.choice(25, size=6, replace=False)] = True
    sets = [set(np.flatnonzero(row)) for row in shown]
    expected = np.mean([len(a & b) / len(a | b) for a, b in combinations(sets, 2)])
    assert mean_jaccard(shown) == pytest.approx(expected, rel=1e-12)
    # Beyond 20,000 pairs a fixed sample of them: unbiased, and close.
    many = np.zeros((400, 25), dtype=bool)
    for row in many:
        row[rng.choice(25, size=6, replace=False)] = True
    assert mean_jaccard(many, user_pairs(400, rng)) == pytest.approx(mean_jaccard(many),
                                                                     abs=0.005)


def hypergeometric_jaccard(n_items, k):
    """E[x / (2k − x)] for two independent uniform k-subsets of n items (x ~ hypergeometric)."""
    return sum(comb(k, x) * comb(n_items - k, k - x) / comb(n_items, k) * x / (2 * k - x)
               for x in range(k + 1))


# --- exploration ----------------------------------------------------------------------------


def test_full_exploration_gives_random_slates_homogeneity_and_catalogue_shares():
    """ε = 1: every slate is k items drawn uniformly, so homogeneity is the hypergeometric
    E[x/(2k − x)], each group's share of the slots its share of the catalogue, and utility the
    mean preference over the ideal's."""
    scenario = catalogue(groups=(("a", 20, 5.0), ("b", 40, 0.2)),
                         **{"mitigation.exploration": 1.0, "world.users": 120})
    sim = played(scenario, 60)
    assert tail_mean(sim, "homogeneity", 50) == pytest.approx(hypergeometric_jaccard(60, 10),
                                                              abs=0.002)
    assert tail_mean(sim, "exposure_share_a", 50) == pytest.approx(1 / 3, abs=0.01)
    ideal = sim.kind.ideal_slates(sim.state, 10)[0]
    expected = sim.state.taste.mean() * 10 / (sim.state.taste * ideal).sum(axis=1).mean()
    assert tail_mean(sim, "relative_utility", 50) == pytest.approx(expected, rel=0.03)


def test_the_propensities_are_the_chance_each_item_is_shown():
    """π = 1 − ε + εk/I for the first k of a list and εk/I for the others, against the
    frequency with which the sampler shows them over many draws; a share ε of the slates is
    random."""
    n_items, k, eps = 30, 8, 0.3
    listed, rest = propensities(k, n_items, eps)
    rng = np.random.default_rng(2)
    ranked = np.tile(np.arange(k), (20_000, 1))
    shown, random_slates = slates(ranked, n_items, eps, rng)
    assert shown.sum(axis=1) == pytest.approx(k)
    np.testing.assert_allclose(shown[:, :k].mean(axis=0), listed, atol=0.01)
    np.testing.assert_allclose(shown[:, k:].mean(), rest, atol=0.003)
    assert random_slates.any(axis=1).mean() == pytest.approx(eps, abs=0.01)
    assert k * listed + (n_items - k) * rest == pytest.approx(k)


def test_exploration_narrows_the_gap_without_raising_utility():
    """The guide's second step, as a number: a fifth of the slates at random lowers the
    homogeneity by more than 0.04 and leaves utility within 0.05."""
    scenario = load_scenario("recommender")
    plain = played(scenario, 150, seed=3)
    explored = played(scenario, 150, seed=3, **{"mitigation__exploration": 0.2})
    assert tail_mean(plain, "homogeneity") - tail_mean(explored, "homogeneity") > 0.04
    assert tail_mean(explored, "relative_utility") == pytest.approx(
        tail_mean(plain, "relative_utility"), abs=0.05)


# --- diversity re-ranking -------------------------------------------------------------------


def test_full_diversity_gives_every_slate_the_catalogues_proportions():
    """d = 1: every position is reserved in turn for the group furthest below its catalogue
    share, so a slate of 10 from a 1:3 catalogue holds 2 or 3 of the small group (2.5 on
    average), and one from a 1:1 catalogue exactly 5 of each."""
    sim = played(catalogue(**{"mitigation.diversity": 1.0}), 40)
    per_user = sim.state.shown[:, sim.state.group_of == 0].sum(axis=1)
    assert (per_user == 5).all()
    assert sim.recorder.series("exposure_share_a")[15:] == pytest.approx(0.5)
    sim = played(catalogue(groups=(("a", 15, 5.0), ("b", 45, 0.2)),
                           **{"mitigation.diversity": 1.0}), 40)
    per_user = sim.state.shown[:, sim.state.group_of == 0].sum(axis=1)
    assert set(per_user) <= {2, 3}


def test_half_diversity_reserves_half_the_slots():
    """d = 0.5: every second position is reserved, 5 of 10, so each of two equal groups holds at
    least 2 of every slate (its turn of the reserved positions, rounded down)."""
    sim = played(catalogue(**{"mitigation.diversity": 0.5, "model.popularity_weight": 1.0}), 40)
    for g in (0, 1):
        assert sim.state.shown[:, sim.state.group_of == g].sum(axis=1).min() >= 2


# --- what the recommender learns from -------------------------------------------------------


def test_ipw_with_exploration_is_unbiased_and_the_logged_model_is_not():
    """E[click/π] = V per round wherever π > 0: with exploration, the IPW rates average to the
    true appeal of each group (within noise), while the logged rates of the very same run
    favour the group the loop shows."""
    scenario = catalogue(**{"mitigation.exploration": 0.3, "mitigation.training": "ipw"})
    sim = played(scenario, 300)
    st = sim.state
    group = st.group_of
    truth = [st.taste[:, group == g].mean() for g in (0, 1)]
    ipw, _ = RecommenderKind.fit(st, "ipw")
    logged, _ = RecommenderKind.fit(st, "logged")
    for g in (0, 1):
        assert ipw[:, group == g].mean() == pytest.approx(truth[g], rel=0.05)
    shown_share = st.shown[:, group == 1].mean() / st.shown[:, group == 0].mean()
    bias = [logged[:, group == g].mean() / truth[g] for g in (0, 1)]
    assert (bias[1] > bias[0]) == (shown_share > 1)
    assert abs(bias[1] - bias[0]) > 0.2


def test_ipw_without_exploration_cannot_weight_what_is_never_shown():
    """π = 0 outside the top of the list: items the loop no longer shows get no new
    interactions, and their IPW rates (start-up clicks over ever more rounds) sink far below
    the truth; with exploration the same rates are right (the test above)."""
    sim = played(catalogue(**{"mitigation.training": "ipw"}), 200)
    st = sim.state
    ipw, _ = RecommenderKind.fit(st, "ipw")
    hidden = ~st.shown
    assert ipw[hidden].mean() < 0.3 * st.taste[hidden].mean()


def test_ipw_with_exploration_brings_homogeneity_to_the_ideals_and_raises_utility():
    """The guide's third step, as numbers: with exploration 0.2 and IPW, the slates are as
    alike as the tastes (gap within ±0.03) and utility rises by more than 0.12."""
    scenario = load_scenario("recommender")
    plain = played(scenario, 250, seed=4, **{"mitigation__exploration": 0.2})
    fixed = played(scenario, 250, seed=4, **{"mitigation__exploration": 0.2,
                                             "mitigation__training": "ipw"})
    assert abs(tail_mean(fixed, "homogeneity_gap")) < 0.03
    assert tail_mean(fixed, "relative_utility") - tail_mean(plain, "relative_utility") > 0.12


def test_random_slot_training_learns_each_groups_true_appeal():
    """Training only on the random slots is a randomised experiment: per showing, its rates
    average to each group's true appeal."""
    sim = played(catalogue(**{"mitigation.exploration": 0.3, "mitigation.training": "random"}),
                 300)
    st = sim.state
    rates, _ = RecommenderKind.fit(st, "random")
    for g in (0, 1):
        assert rates[:, st.group_of == g].mean() == pytest.approx(
            st.taste[:, st.group_of == g].mean(), rel=0.05)


# --- the audits -----------------------------------------------------------------------------


def test_the_audit_finds_the_logged_models_bias_and_can_block_it():
    """The model audit on random showings measures estimate − engagement per group; with a
    large sample it matches the deployed estimate's mean minus the true appeal, and the
    audit before deployment blocks retrainings that miss the bound, writing each to the log."""
    scenario = catalogue(**{"audit.every": 10, "audit.sample": 200_000})
    sim = played(scenario, 100)
    st = sim.state
    for g, gid in enumerate(("a", "b")):
        expected = st.estimate[:, st.group_of == g].mean() - st.taste[:, st.group_of == g].mean()
        assert sim.recorder.series(f"audit_gap_{gid}")[-1] == pytest.approx(expected, abs=0.005)
    blocked = played(catalogue(**{"audit.block": True, "audit.max_gap": 0.03}), 100)
    events = [e for e in blocked.events if e.key == "audit.deploy"]
    assert events and all(e.who == "audit" and e.new == "blocked" and e.old > 0.03
                          for e in events)


def test_a_slate_larger_than_the_catalogue_is_refused_saying_what_is_allowed():
    small = catalogue(groups=(("a", 10, 5.0), ("b", 10, 0.2)), **{"policy.slate_size": 5})
    with pytest.raises(ParamError, match="policy.slate_size: 21 is more than the 20 items in "
                                         "the catalogue; a slate holds at most 20"):
        Simulation(small, overrides={"policy.slate_size": 21})

