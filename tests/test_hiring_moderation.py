"""Hiring and moderation: the decisions kind with human reviewers and people who leave."""

import numpy as np
import pytest

from simulator import Simulation, load_scenario
from simulator.kinds.reviewers import Reviewers

HIRING = load_scenario("hiring")
MODERATION = load_scenario("moderation")


def mean_over_seeds(scenario, overrides, column, start, stop, seeds=range(4), rounds=None):
    values = []
    for seed in seeds:
        sim = Simulation(scenario, seed=seed, overrides=overrides)
        sim.run(rounds or stop)
        values.append(sim.recorder.series(column)[start:stop].mean())
    return float(np.mean(values))


def test_reviewer_algebra():
    fresh = Reviewers(reliance=0.0, skill=1.0, trained_skill=1.0)
    model = np.array([0.0, 1.0, 0.0])
    truth = np.array([1.0, 0.0, 0.0])
    # A fully skilled reviewer who never defers makes the right call on every reviewed case.
    assert fresh.approval(model, truth, review=1.0, appeals=0.0).tolist() == [1.0, 0.0, 0.0]
    assert fresh.approval(model, truth, review=0.5, appeals=0.0).tolist() == [0.5, 0.5, 0.0]
    # Appeals only ever reinstate rejections.
    assert fresh.approval(model, truth, review=0.0, appeals=1.0).tolist() == [1.0, 1.0, 0.0]
    deferring = Reviewers(reliance=1.0, skill=1.0, trained_skill=1.0)
    assert deferring.approval(model, truth, 1.0, 1.0).tolist() == model.tolist()
    for _ in range(200):
        deferring.update(growth=0.0, decay=0.05, cap=1.0)
    assert deferring.skill < 0.01  # skills fade while deferring ...
    capped = Reviewers(reliance=1.0, skill=0.0, trained_skill=0.8)
    for _ in range(300):
        capped.update(growth=0.05, decay=0.05, cap=0.4)
    assert capped.reliance == 0.4
    # ... and recover to where the balance of judging and deferring leaves them.
    assert capped.skill == pytest.approx(0.6 * 0.05 * 0.8 / (0.6 * 0.05 + 0.4 * 0.05), rel=1e-3)


@pytest.mark.slow
def test_hiring_reviewers_come_to_rely_on_the_model_and_stop_catching_its_bias():
    early = mean_over_seeds(HIRING, {}, "selection_rate_minority", 0, 10, rounds=200)
    late = mean_over_seeds(HIRING, {}, "selection_rate_minority", 190, 200)
    majority = mean_over_seeds(HIRING, {}, "selection_rate_majority", 190, 200)
    sim = Simulation(HIRING, seed=1)
    sim.run(200)
    assert sim.recorder.series("reliance")[-1] > 0.95
    assert sim.recorder.series("reviewer_skill")[-1] < 0.1
    assert late < 0.85 * early
    assert late < 0.6 * majority  # equally qualified, hired far less


def test_hiring_reliance_cap_keeps_reviewers_useful():
    capped = {"mitigation.reliance_cap": 0.4}
    free = mean_over_seeds(HIRING, {}, "selection_rate_minority", 190, 200)
    kept = mean_over_seeds(HIRING, capped, "selection_rate_minority", 190, 200)
    nobody = mean_over_seeds(HIRING, {"mitigation.human_review": 0.0},
                             "selection_rate_minority", 190, 200)
    assert kept > 1.25 * free
    assert free > 1.5 * nobody  # even deskilled reviewers still catch something


def test_hiring_equal_opportunity_closes_the_gap_among_good_candidates():
    eo = mean_over_seeds(HIRING, {"mitigation.fairness": "equal_opportunity"},
                         "equal_opportunity_difference", 150, 200)
    plain = mean_over_seeds(HIRING, {}, "equal_opportunity_difference", 150, 200)
    assert plain > 0.15 and eo < 0.5 * plain


def test_moderation_dialect_speakers_leave_and_the_data_forgets_them():
    sim = Simulation(MODERATION, seed=1)
    sim.run(150)
    r = sim.recorder
    assert r.series("true_positive_rate_dialect")[-20:].mean() < 0.7 * r.series(
        "true_positive_rate_standard")[-20:].mean()
    # They leave gradually, week after week, so the room sees the loop at work.
    share = r.series("group_share_dialect")
    assert share[-1] < share[49] < share[19] < 0.2 and share[-1] < 0.6 * 0.2
    data = r.series("data_share_dialect")
    assert data[-1] < data[19] and data[-1] < 0.7 * 0.2


@pytest.mark.parametrize(
    "lever",
    [{"mitigation.label_audit": 0.9}, {"mitigation.appeals": 1.0, "mitigation.reliance_cap": 0.0},
     {"policy.rule": "fixed", "policy.threshold": 600.0,
      "groups.dialect.threshold_offset": -175.0}],
    ids=["annotator-audit", "appeals", "per-group-threshold"],
)
def test_moderation_levers_bring_the_speakers_back(lever):
    plain = mean_over_seeds(MODERATION, {}, "group_share_dialect", 140, 150, seeds=range(2))
    mended = mean_over_seeds(MODERATION, lever, "group_share_dialect", 140, 150, seeds=range(2))
    assert mended > 1.5 * plain


def test_moderation_dropping_the_group_feature_or_robust_training_does_not_help_here():
    """What the Info pane says: with biased labels one filter for both dialects removes nearly
    all the dialect's posts, and DRO changes almost nothing (the filter already fits each
    dialect; the labels are what hurts)."""
    def dialect(overrides, column):
        return mean_over_seeds(MODERATION, overrides, column, 140, 150, seeds=range(2))

    plain = dialect({}, "group_share_dialect")
    assert dialect({"mitigation.unawareness": True}, "group_share_dialect") < 0.6 * plain
    assert dialect({"mitigation.unawareness": True}, "selection_rate_dialect") < 0.05
    robust = dialect({"mitigation.dro": True}, "group_share_dialect")
    assert robust == pytest.approx(plain, abs=0.01)


def test_moderation_partial_appeals_narrow_the_wrongful_removal_gap():
    def harm_gap(overrides):
        kept = [mean_over_seeds(MODERATION, overrides, f"true_positive_rate_{g}", 140, 150,
                                seeds=range(2)) for g in ("standard", "dialect")]
        return kept[0] - kept[1]

    plain = harm_gap({})
    appeals = harm_gap({"mitigation.appeals": 0.5, "mitigation.reliance_cap": 0.2})
    assert plain > 0.25
    assert appeals < 0.8 * plain


def test_moderation_reweighing_raises_the_dialects_posts_kept():
    plain = mean_over_seeds(MODERATION, {}, "selection_rate_dialect", 100, 150, seeds=range(2))
    reweighed = mean_over_seeds(MODERATION, {"mitigation.reweighing": True},
                                "selection_rate_dialect", 100, 150, seeds=range(2))
    assert reweighed > plain + 0.05


def test_scenarios_speak_their_domain():
    metrics = {m.name: m for m in MODERATION.metrics()}
    assert metrics["selection_rate"].label.en == "Posts kept"
    assert metrics["selection_rate"].label.get("es") == "Mensajes publicados"
    assert MODERATION.schema.get("groups.dialect.label_bias").label.en.startswith("Harmless")
    lending = {m.name: m for m in load_scenario("lending").metrics()}
    assert lending["selection_rate"].label.en == "Approval rate"


def test_hiring_application_audit_retrains_deferring_reviewers():
    audited = {"audit.every": 40, "audit.max_reliance": 0.5}
    sim = Simulation(HIRING, seed=1, overrides=audited)
    sim.run(200)
    assert [e.round for e in sim.events] == [40, 80, 120, 160, 200]
    assert all(e.who == "audit" and e.key == "audit.reviewers" for e in sim.events)
    assert sim.recorder.series("reliance")[-1] < 0.05
    free = mean_over_seeds(HIRING, {}, "selection_rate_minority", 150, 200)
    kept = mean_over_seeds(HIRING, audited, "selection_rate_minority", 150, 200)
    assert kept > 1.15 * free
