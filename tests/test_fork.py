"""Simulation.fork(at_round=R): the run exactly as it stood after round R, from which another
lever can be tried; the original is untouched."""

import numpy as np
import pytest

from simulator import BiasLoopError, Simulation, bundled_names, load_scenario


def played(name, rounds, changes=(), guide=False, seed=3):
    """A run of ``rounds`` rounds with ``changes`` (round, key, value) pulled on cue."""
    sim = Simulation(load_scenario(name), seed=seed, guide=guide)
    for round_, key, value in changes:
        sim.run(round_ - sim.round)
        sim.set_param(key, value)
    sim.run(rounds - sim.round)
    return sim


#: Per scenario, a lever and the values it is pulled to and back: (key, on, off).
LEVERS = {"lending": ("mitigation.reweighing", True, False),
          "hiring": ("mitigation.reweighing", True, False),
          "moderation": ("mitigation.reweighing", True, False),
          "policing": ("mitigation.correction", True, False),
          "model_collapse": ("mitigation.accumulate", True, False),
          "health_risk": ("model.label", "outcome", "proxy"),
          "knowledge_commons": ("mitigation.accumulate", True, False),
          "recommender": ("mitigation.training", "ipw", "logged")}


@pytest.mark.parametrize("name", bundled_names())
def test_a_fork_at_a_past_round_is_that_run_bit_for_bit(name):
    lever, on, off = LEVERS[name]
    original = played(name, 90, changes=[(30, lever, on), (60, lever, off)])
    before = original.recorder.table().copy()
    branch = original.fork(at_round=45)
    fresh = played(name, 45, changes=[(30, lever, on)])
    assert branch.round == 45
    np.testing.assert_array_equal(branch.recorder.table(), fresh.recorder.table())
    assert branch.events == fresh.events
    # Pulling another lever on the branch gives what a run that pulled it at 45 gives.
    branch.set_param(lever, off)
    branch.run(30)
    np.testing.assert_array_equal(
        branch.recorder.table(),
        played(name, 75, changes=[(30, lever, on), (45, lever, off)]).recorder.table())
    # The original is untouched and plays on as before.
    np.testing.assert_array_equal(original.recorder.table(), before)
    assert original.round == 90


def test_a_fork_of_a_guided_run_keeps_following_the_guide():
    scenario = load_scenario("policing")
    original = played("policing", 250, guide=True)
    branch = original.fork(at_round=150)
    branch.run(100)
    np.testing.assert_array_equal(branch.recorder.table(), original.recorder.table())
    assert [e for e in branch.events] == [e for e in original.events]
    assert any(e.who == "guide" for e in branch.events) and scenario.guide


def test_fork_without_a_round_is_a_copy_of_now():
    original = played("lending", 40)
    copy = original.fork()
    copy.run(10)
    original.run(10)
    np.testing.assert_array_equal(copy.recorder.table(), original.recorder.table())


@pytest.mark.parametrize("at", [-1, 41, 2.5, True, "10"])
def test_a_fork_outside_the_rounds_played_is_refused_saying_what_is_allowed(at):
    sim = played("lending", 40)
    with pytest.raises(BiasLoopError, match="from 0 to 40"):
        sim.fork(at_round=at)
