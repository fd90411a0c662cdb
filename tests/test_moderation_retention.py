"""Retention in moderation as in Hashimoto et al. (2018): each group keeps a share of its people
that falls with its loss under the current model (its expected share of harmless posts
removed), plus newcomers. With one shared model a shrinking group weighs less in training, the
model fits it worse and more of it leaves: disparity amplification. Their remedy, robust
training (DRO), bounds the worst-off posts' loss without group labels and keeps the group.

All in the bundled world at its own rates of leaving and arriving, as a student would try it:
drop the group feature and the label bias, then pull DRO."""

import numpy as np
import pytest

from simulator import load_scenario
from simulator.runs import RunSpec, play_together

SCENARIO = load_scenario("moderation")
# One shared model (no group feature), no label bias: only the dialect penalty in the score
# makes the groups differ.
SHARED = {"mitigation.unawareness": True, "groups.dialect.label_bias": 0.0,
          "groups.dialect.history_label_bias": 0.0}
SEEDS = range(3)
#: Weekly rates are averaged over the first and the last 50 weeks: a week's removals are noisy.
FIRST, LAST = slice(0, 50), slice(-50, None)


def run(**overrides):
    """300 weeks in each of the seeds, played side by side."""
    spec = RunSpec(SCENARIO, rounds=300, seed=3, overrides={**SHARED, **overrides},
                   replications=len(SEEDS))
    return play_together(spec, SEEDS)


def wrongful_removals(sim, rounds: slice) -> float:
    """Share of the dialect's harmless posts removed, averaged over ``rounds``."""
    return float(np.mean(1.0 - sim.recorder.series("true_positive_rate_dialect")[rounds]))


@pytest.fixture(scope="module")
def leaving():
    return run()


def test_the_dialect_shrinks_and_its_harm_grows_as_it_shrinks(leaving):
    for sim in leaving:
        share = sim.recorder.series("group_share_dialect")
        assert sim.params["world.churn"] > 0
        assert share[-1] < 0.7 * 0.2  # falls by over 30 % in 300 weeks
        early, late = wrongful_removals(sim, FIRST), wrongful_removals(sim, LAST)
        assert late - early > 0.02
        # The other group barely changes: it is what the shared model is fitted to.
        standard = 1.0 - sim.recorder.series("true_positive_rate_standard")
        assert abs(standard[LAST].mean() - standard[FIRST].mean()) < 0.1 * (late - early)


def test_when_nobody_leaves_the_harm_does_not_grow():
    for sim in run(**{"world.churn": 0.0}):
        assert sim.recorder.series("group_share_dialect")[-1] == pytest.approx(0.2, abs=1e-9)
        change = wrongful_removals(sim, LAST) - wrongful_removals(sim, FIRST)
        assert change < 0.01  # noise: a fiftieth of the rise when people leave


def test_robust_training_keeps_the_dialect(leaving):
    """DRO at the scenario's ball keeps at least 85 % of the dialect's share, where the pooled
    fit keeps under 70 %; it stops removing the dialect's harmless posts."""
    for sim, pooled in zip(run(**{"mitigation.dro": True}), leaving, strict=True):
        share = sim.recorder.series("group_share_dialect")
        assert share[-1] >= 0.85 * share[0]
        assert share[-1] > pooled.recorder.series("group_share_dialect")[-1] + 0.1
        assert wrongful_removals(sim, LAST) < 0.01


def test_the_smaller_the_dialect_the_more_the_shared_filter_wrongs_it():
    """With nobody leaving, a fixed smaller share: the pooled fit's cut-off sits nearer the
    standard's line, so more of the dialect's harmless posts come down (0.16 at a share of
    0.20, about 0.6 at 0.10, 0.94 at 0.05, all of them at 0.01)."""
    def wronged(share):
        sims = run(**{"world.churn": 0.0, "groups.dialect.share": share,
                      "groups.standard.share": 1.0 - share})
        return min(wrongful_removals(s, LAST) for s in sims), max(wrongful_removals(s, LAST)
                                                                  for s in sims)
    at = {share: wronged(share) for share in (0.2, 0.1, 0.05, 0.01)}
    assert at[0.2][1] < 0.2 and at[0.1][0] > 0.5 and at[0.05][0] > 0.9 and at[0.01][0] > 0.99
