"""The counterfactual: the same run with the levers off, forked from the same state and
sharing its random numbers, so the gap between the two is the levers' effect."""

from __future__ import annotations

import numpy as np
import pytest

from simulator import Simulation, load_scenario

SMALL = {"world.applicants": 200}


@pytest.fixture(scope="module")
def lending():
    return load_scenario("lending")


def same(a, b) -> bool:
    return np.array_equal(a.recorder.table(), b.recorder.table(), equal_nan=True)


@pytest.mark.parametrize("r", [0, 12])
def test_without_the_lever_it_is_the_fresh_run_without_it(lending, r):
    """Lever L on after round r; the counterfactual forked there equals, bit for bit, a fresh
    run with the same seed that never had L."""
    live = Simulation(lending, seed=6, overrides=SMALL)
    live.run(r)
    live.set_param("mitigation.reweighing", True)
    cf = live.counterfactual()
    live.run(30 - r)
    cf.run(30 - r)
    fresh = Simulation(lending, seed=6, overrides=SMALL)
    fresh.run(30)
    assert same(cf, fresh)
    assert cf.events == fresh.events
    assert not same(live, fresh), "the lever did something"


def test_pinned_at_the_start_with_levers_as_starting_values(lending):
    live = Simulation(lending, seed=6, overrides={**SMALL, "mitigation.label_audit": 0.6,
                                                  "mitigation.reweighing": True})
    cf = live.counterfactual()
    cf.run(25)
    fresh = Simulation(lending, seed=6, overrides=SMALL)
    fresh.run(25)
    assert same(cf, fresh)
    assert cf.manifest()["params"] == fresh.manifest()["params"]


def test_forked_mid_run_it_shares_the_past_and_logs_its_changes(lending):
    live = Simulation(lending, seed=1, overrides={**SMALL, "mitigation.label_audit": 0.5})
    live.run(15)
    cf = live.counterfactual()
    assert same(cf, live)
    live.run(10)
    cf.run(10)
    assert not same(cf, live)
    [event] = cf.events
    assert (event.round, event.key, event.new, event.who) == (
        16, "mitigation.label_audit", 0.0, "counterfactual")
    # equals the run that had the lever until round 15 only
    by_hand = Simulation(lending, seed=1, overrides={**SMALL, "mitigation.label_audit": 0.5})
    by_hand.run(15)
    by_hand.set_param("mitigation.label_audit", 0.0)
    by_hand.run(10)
    assert same(cf, by_hand)


def test_any_chosen_changes_and_the_guide_leaves_them_alone(lending):
    live = Simulation(lending, seed=2, overrides=SMALL, guide=True)
    cf = live.counterfactual({"mitigation.label_audit": 0.0})
    step = next(s for s in lending.guide if "mitigation.label_audit" in s.set)
    live.run(step.round + 2)
    cf.run(step.round + 2)
    assert live.params["mitigation.label_audit"] > 0
    assert cf.params["mitigation.label_audit"] == 0.0
