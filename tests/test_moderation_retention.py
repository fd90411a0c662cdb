"""Retention in moderation as in Hashimoto et al. (2018): each group keeps a share of its people
that falls with its loss under the current model (its expected share of harmless posts
removed), plus newcomers. With one shared model a shrinking group weighs less in training, the
model fits it worse and more of it leaves: disparity amplification."""

import numpy as np
import pytest

from simulator import Simulation, load_scenario

SCENARIO = load_scenario("moderation")
# One shared model (no group feature), no label bias: only the dialect penalty in the score
# makes the groups differ. Many posts a week keep the weekly rates' noise small. People leave
# and arrive at Hashimoto-like rates (churn 0.4, inflow 0.02), set here rather than taken from
# the bundled scenario, whose guide keeps its exodus slower to be watched.
SHARED = {"mitigation.unawareness": True, "groups.dialect.label_bias": 0.0,
          "groups.dialect.history_label_bias": 0.0, "world.applicants": 200_000,
          "world.churn": 0.4, "world.inflow": 0.02}


def run(**overrides):
    sim = Simulation(SCENARIO, seed=3, overrides={**SHARED, **overrides})
    sim.run(300)
    return sim


def wrongful_removals(sim, rounds: slice) -> float:
    """Share of the dialect's harmless posts removed, averaged over ``rounds``."""
    return float(np.mean(1.0 - sim.recorder.series("true_positive_rate_dialect")[rounds]))


@pytest.fixture(scope="module")
def leaving():
    return run()


def test_the_dialect_shrinks_and_its_harm_grows_as_it_shrinks(leaving):
    share = leaving.recorder.series("group_share_dialect")
    assert leaving.params["world.churn"] > 0
    assert share[-1] < 0.7 * 0.2  # falls by over 30 % in 300 weeks
    early, late = wrongful_removals(leaving, slice(0, 10)), wrongful_removals(leaving,
                                                                             slice(-50, None))
    assert late - early > 0.012
    # The other group barely changes: it is what the shared model is fitted to.
    standard = 1.0 - leaving.recorder.series("true_positive_rate_standard")
    assert abs(standard[-50:].mean() - standard[:10].mean()) < late - early


def test_when_nobody_leaves_the_harm_does_not_grow():
    staying = run(**{"world.churn": 0.0})
    assert staying.recorder.series("group_share_dialect")[-1] == pytest.approx(0.2, abs=1e-9)
    change = (wrongful_removals(staying, slice(-50, None))
              - wrongful_removals(staying, slice(0, 10)))
    assert abs(change) < 0.006


def test_a_larger_dialect_penalty_amplifies_more(leaving):
    """At a 50-point penalty (the scenario has 40) the harm rises by over 0.02."""
    harsher = run(**{"groups.dialect.score_shift": -50.0})
    rise = (wrongful_removals(harsher, slice(-50, None))
            - wrongful_removals(harsher, slice(0, 10)))
    assert rise > 0.02
    assert (harsher.recorder.series("group_share_dialect")[-1]
            < leaving.recorder.series("group_share_dialect")[-1])
