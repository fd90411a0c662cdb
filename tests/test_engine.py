"""The run: determinism, lever changes and their event log, forks, guide steps."""

import numpy as np
import pytest

from simulator import RestartRequired, Simulation, load_scenario
from simulator.errors import ParamError

SCENARIO = load_scenario("lending")


def table(sim):
    return sim.recorder.table()


def test_same_seed_same_numbers_and_different_seed_different_numbers():
    a, b, c = (Simulation(SCENARIO, seed=s) for s in (5, 5, 6))
    for sim in (a, b, c):
        sim.run(60)
    assert np.array_equal(table(a), table(b), equal_nan=True)
    assert not np.array_equal(table(a), table(c), equal_nan=True)


def test_step_and_run_agree():
    a, b = Simulation(SCENARIO, seed=3), Simulation(SCENARIO, seed=3)
    a.run(25)
    for _ in range(25):
        b.step()
    assert a.round == b.round == 25
    assert list(a.recorder.rounds) == list(range(1, 26))
    assert np.array_equal(table(a), table(b), equal_nan=True)


def test_lever_change_applies_next_round_and_is_logged():
    sim = Simulation(SCENARIO, seed=1)
    sim.run(10)
    sim.set_param("mitigation.fairness", "demographic_parity")
    assert sim.params["mitigation.fairness"] == "none"  # not yet: at the next round
    assert sim.pending_value("mitigation.fairness") == "demographic_parity"
    sim.run(20)
    (event,) = sim.events
    assert (event.round, event.key, event.old, event.new, event.who) == (
        11, "mitigation.fairness", "none", "demographic_parity", "user")
    dp = sim.recorder.series("demographic_parity_difference")
    assert dp[:10].mean() > 0.2 and dp[10:].mean() < 0.05


def test_undoing_a_change_is_a_new_event():
    sim = Simulation(SCENARIO, seed=1)
    sim.run(5)
    sim.set_param("mitigation.exploration", 0.2)
    sim.run(5)
    sim.set_param("mitigation.exploration", 0.0, who="user")
    sim.run(1)
    assert [(e.round, e.new) for e in sim.events] == [(6, 0.2), (11, 0.0)]


def test_bad_values_are_refused_with_the_allowed_range():
    sim = Simulation(SCENARIO, seed=1)
    with pytest.raises(ParamError, match=r"mitigation.exploration.*from 0 to 0.5"):
        sim.set_param("mitigation.exploration", 0.9)
    with pytest.raises(ParamError, match="did you mean mitigation.reweighing"):
        sim.set_param("mitigation.reweihing", True)
    with pytest.raises(ParamError, match="true or false"):
        sim.set_param("mitigation.reweighing", "yes")
    with pytest.raises(RestartRequired, match="set up again"):
        sim.set_param("groups.B.score_mean", 650.0)
    assert sim.events == []


def test_fork_continues_exactly_like_the_original():
    sim = Simulation(SCENARIO, seed=2, overrides={"world.outcome_delay": 3})
    sim.run(37)
    sim.set_param("mitigation.exploration", 0.1)  # pending changes are forked too
    twin = sim.fork()
    sim.run(40)
    twin.run(40)
    assert np.array_equal(table(sim), table(twin), equal_nan=True)
    assert sim.events == twin.events


def test_fork_is_independent_and_shares_random_numbers_until_it_diverges():
    sim = Simulation(SCENARIO, seed=2)
    sim.run(20)
    counterfactual = sim.fork()
    counterfactual.set_param("mitigation.fairness", "demographic_parity")
    sim.run(30)
    counterfactual.run(30)
    assert counterfactual.events and not sim.events
    a, b = table(sim), table(counterfactual)
    assert np.array_equal(a[:20], b[:20], equal_nan=True)
    assert not np.array_equal(a[20:], b[20:], equal_nan=True)
    # Same applicants arrive in both (common random numbers): the truth they face is equal.
    assert np.allclose(sim.recorder.series("true_rate_B")[20:21],
                       counterfactual.recorder.series("true_rate_B")[20:21])


def test_a_fork_equals_a_fresh_run_replaying_the_same_changes():
    fresh = Simulation(SCENARIO, seed=4)
    fresh.run(15)
    fresh.set_param("mitigation.label_audit", 0.5)
    fresh.run(15)
    base = Simulation(SCENARIO, seed=4)
    base.run(15)
    forked = base.fork()
    forked.set_param("mitigation.label_audit", 0.5)
    forked.run(15)
    assert np.array_equal(table(fresh), table(forked), equal_nan=True)


def test_following_the_guide_applies_its_lever_changes_at_their_rounds():
    sim = Simulation(SCENARIO, seed=1, guide=True)
    sim.run(SCENARIO.rounds)
    expected = [(step.round + 1, key, value) for step in SCENARIO.guide
                for key, value in step.set.items()]
    assert [(e.round, e.key, e.new) for e in sim.events] == expected
    assert all(e.who == "guide" for e in sim.events)
    plain = Simulation(SCENARIO, seed=1)
    plain.run(SCENARIO.rounds)
    assert plain.events == []


def test_manifest_names_everything_needed_to_reproduce():
    sim = Simulation(SCENARIO, seed=9, overrides={"world.applicants": 500})
    sim.run(3)
    sim.set_param("mitigation.reweighing", True)
    sim.run(2)
    m = sim.manifest()
    assert m["scenario"] == "lending" and m["seed"] == 9 and m["rounds"] == 5
    assert m["params"]["world.applicants"] == 500
    assert set(m["params"]) == set(SCENARIO.schema.keys())
    assert m["events"] == [{"round": 4, "key": "mitigation.reweighing", "old": False,
                            "new": True, "who": "user"}]


def test_a_million_applicants_give_the_same_dynamics_with_less_noise():
    """Counts, not people: a round of a million applicants is as cheap as one of a thousand
    (benchmarks/engine.py measures it) and follows the same model, with sqrt(1000) less
    sampling noise."""
    big = Simulation(SCENARIO, seed=1, overrides={"world.applicants": 1_000_000})
    small = Simulation(SCENARIO, seed=1)
    big.run(30)
    small.run(30)
    a_big = big.recorder.series("selection_rate_A")[5:]
    a_small = small.recorder.series("selection_rate_A")[5:]
    assert a_big.mean() == pytest.approx(a_small.mean(), abs=0.03)
    assert np.std(np.diff(a_big)) < 0.2 * np.std(np.diff(a_small))


def test_changing_exploration_mid_run_keeps_the_data_finite():
    sim = Simulation(SCENARIO, seed=1, overrides={"world.outcome_delay": 2})
    sim.run(3)
    sim.set_param("mitigation.exploration", 0.2)
    sim.run(10)
    sim.set_param("mitigation.exploration", 0.0)
    sim.run(10)
    assert np.isfinite(sim.state.store.total).all()
    assert np.isfinite(sim.recorder.series("perceived_rate_B")).all()


def test_a_change_taken_back_before_the_next_round_leaves_no_event():
    sim = Simulation(SCENARIO, seed=1)
    sim.run(3)
    sim.set_param("mitigation.exploration", 0.2)
    sim.set_param("mitigation.exploration", 0.0)
    sim.set_param("mitigation.reweighing", True)
    sim.set_param("mitigation.reweighing", True)
    sim.run(1)
    assert [(e.key, e.new) for e in sim.events] == [("mitigation.reweighing", True)]
