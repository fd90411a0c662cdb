"""health_risk: cost as a proxy for need (Obermeyer et al. 2019), on the decisions kind.

The paper's setup, computed here independently of the simulator: patients are ranked by a
risk score and the top 3 % are enrolled; the score predicts cost, and at the same need Black
patients generate less cost (need × access). The paper's figures: Black patients are 17.7 % of
those enrolled by cost, and would be 46.5 % if ranked by health. The reference below ranks a
fine grid of illness burdens from the scenario's world by expected cost and by need; the
simulator's logistic model, trained on binned records, must land where the reference does.
"""

from __future__ import annotations

import numpy as np
import pytest

from bias_loop.cli import main
from simulator import Simulation, load_scenario

SNAPSHOT = {"world.treatment_effect": 0.0, "world.turnover": 0.0, "world.applicants": 200_000}
GROUPS = ("white", "black")


def reference_share(params, label: str, capacity: float = 0.03) -> float:
    """Black share of the top ``capacity`` of patients ranked by expected cost (need ×
    access) or by need, from normal illness burdens truncated to the 300–850 scale."""
    s = np.linspace(300.0, 850.0, 110_001)
    need = 1.0 / (1.0 + np.exp(-(s - params["world.repay_midpoint"])
                               / params["world.repay_scale"]))
    mass, rank = [], []
    for g in GROUPS:
        density = np.exp(-0.5 * ((s - params[f"groups.{g}.score_mean"])
                                 / params[f"groups.{g}.score_sd"]) ** 2)
        mass.append(params[f"groups.{g}.share"] * density / density.sum())
        rank.append(need * (params[f"groups.{g}.access"] if label == "cost" else 1.0))
    mass, rank = np.concatenate(mass), np.concatenate(rank)
    order = np.argsort(-rank, kind="stable")
    enrolled = order[: np.searchsorted(np.cumsum(mass[order]), capacity) + 1]
    black = enrolled >= len(s)
    return float(mass[enrolled][black].sum() / mass[enrolled].sum())


def snapshot(label: str, seeds=(1, 2, 3), rounds=5, **extra):
    """The paper's one-year ranking, as the obermeyer presets run it: final values."""
    scenario = load_scenario("health_risk")
    finals = []
    for seed in seeds:
        sim = Simulation(scenario, seed=seed,
                         overrides={**SNAPSHOT, "model.label": label, **extra})
        sim.run(rounds)
        finals.append(sim.recorder.last())
    return finals


def mean_of(finals, column):
    return float(np.mean([f[column] for f in finals]))


@pytest.fixture(scope="module")
def params():
    return Simulation(load_scenario("health_risk"), seed=1).params


@pytest.fixture(scope="module")
def cost_run():
    return snapshot("proxy")


@pytest.fixture(scope="module")
def need_run():
    return snapshot("outcome")


def test_the_world_is_calibrated_to_the_papers_two_shares(params):
    assert reference_share(params, "cost") == pytest.approx(0.177, abs=0.01)
    assert reference_share(params, "need") == pytest.approx(0.465, abs=0.01)
    assert params["groups.black.share"] == pytest.approx(6079 / 49618, abs=0.001)


def test_the_simulated_shares_are_the_references(params, cost_run, need_run):
    assert mean_of(cost_run, "selected_share_black") == pytest.approx(
        reference_share(params, "cost"), abs=0.015)
    assert mean_of(need_run, "selected_share_black") == pytest.approx(
        reference_share(params, "need"), abs=0.015)


def test_switching_the_label_raises_the_black_share_by_what_the_reference_predicts(
        params, cost_run, need_run):
    predicted = reference_share(params, "need") - reference_share(params, "cost")
    assert predicted == pytest.approx(0.288, abs=0.02)  # 46.5 % − 17.7 %
    gained = (mean_of(need_run, "selected_share_black")
              - mean_of(cost_run, "selected_share_black"))
    assert gained == pytest.approx(predicted, abs=0.02)


def test_at_the_same_score_black_patients_are_sicker_under_the_cost_label(cost_run, need_run):
    # Cost label: the model is calibrated for cost, so the enrolled White patients are as sick
    # as their score says, and the enrolled Black patients' score is their need × access.
    gap = {g: mean_of(cost_run, f"selected_true_rate_{g}")
           - mean_of(cost_run, f"selected_perceived_rate_{g}") for g in GROUPS}
    assert abs(gap["white"]) < 0.01
    assert gap["black"] > 0.05
    ratio = (mean_of(cost_run, "selected_perceived_rate_black")
             / mean_of(cost_run, "selected_true_rate_black"))
    assert ratio == pytest.approx(0.44, abs=0.06)  # the black group's access
    # Enrolled above the same score cut-off, Black patients' need is twice White patients'.
    assert (mean_of(cost_run, "selected_true_rate_black")
            / mean_of(cost_run, "selected_true_rate_white")) > 1.8
    # Need label: the score is the need for both groups.
    for g in GROUPS:
        assert abs(mean_of(need_run, f"selected_true_rate_{g}")
                   - mean_of(need_run, f"selected_perceived_rate_{g}")) < 0.01


def test_the_model_audit_finds_the_proxy_the_training_data_hide(cost_run, need_run):
    # The audit compares the risk score with the need of a fresh sample: the Black patients'
    # score is below their need by (1 − access) × need (0.56 × 0.034), the White patients' not.
    for label, black, white in (("proxy", -0.019, 0.0), ("outcome", 0.0, 0.0)):
        finals = snapshot(label, rounds=6, **{"audit.every": 5})
        assert mean_of(finals, "audit_gap_black") == pytest.approx(black, abs=0.004)
        assert mean_of(finals, "audit_gap_white") == pytest.approx(white, abs=0.002)
    # What the model trains on: under the cost label the high-need years of Black patients
    # that cost little are labelled as low need, (1 − access) of them; none under need.
    assert mean_of(cost_run, "label_bias_black") > 0.01
    assert mean_of(cost_run, "label_bias_white") == 0.0
    assert mean_of(need_run, "label_bias_black") == 0.0


def test_the_programme_fills_exactly_its_places():
    scenario = load_scenario("health_risk")
    for capacity in (0.01, 0.03, 0.2):
        sim = Simulation(scenario, seed=4, overrides={**SNAPSHOT, "policy.capacity": capacity})
        sim.run(2)
        final = sim.recorder.last()
        shares = np.array([final[f"group_share_{g}"] for g in GROUPS])
        enrolled = float(np.dot(shares, [final[f"selection_rate_{g}"] for g in GROUPS]))
        assert enrolled == pytest.approx(capacity, rel=0.02)  # group shares are sampled


def test_a_model_that_cannot_tell_groups_apart_enrols_them_alike():
    """Equal groups, a model without the group feature: cells of equal predicted risk share the
    last places, so both groups' enrolment rates agree."""
    same = {"groups.black.score_mean": 450.0, "groups.black.access": 1.0,
            "mitigation.unawareness": True}
    final = snapshot("proxy", seeds=(1,), **same)[0]
    assert final["selection_rate_black"] == pytest.approx(final["selection_rate_white"],
                                                          abs=0.004)


def test_a_proxy_with_full_access_is_the_outcome_itself():
    full = {"groups.black.access": 1.0}
    proxy = snapshot("proxy", seeds=(2,), rounds=8, **full)[0]
    outcome = snapshot("outcome", seeds=(2,), rounds=8, **full)[0]
    assert proxy == outcome


def test_care_lowers_the_enrolled_patients_need_by_the_treatment_effect():
    """With outcomes known within the year, a group's mean illness burden falls each year by
    its enrolment rate × the effect × the share of the group the scored patients stand for
    (half here: with all of it, a sparse top bin sampled above its mass is emptied and
    clipped)."""
    scenario = load_scenario("health_risk")
    sim = Simulation(scenario, seed=6, overrides={**SNAPSHOT, "world.treatment_effect": -50.0,
                                                  "world.applicant_share": 0.5})
    sim.run(4)
    mean = {g: sim.recorder.series(f"mean_score_{g}") for g in GROUPS}
    rate = {g: sim.recorder.series(f"selection_rate_{g}") for g in GROUPS}
    for g in GROUPS:
        np.testing.assert_allclose(np.diff(mean[g]), -25.0 * rate[g][1:], rtol=0.01)


def test_turnover_brings_the_people_back_to_the_start_at_its_rate():
    scenario = load_scenario("health_risk")
    sim = Simulation(scenario, seed=6, overrides={**SNAPSHOT, "world.treatment_effect": -100.0})
    sim.run(5)
    start = Simulation(scenario, seed=6, overrides=SNAPSHOT)
    start.run(1)
    origin = start.recorder.last()["mean_score_black"]
    sim.set_param("world.treatment_effect", 0.0)
    sim.set_param("world.turnover", 0.25)
    sim.run(4)
    away = sim.recorder.series("mean_score_black")[-5:] - origin
    assert away[0] < -5
    np.testing.assert_allclose(away[1:] / away[:-1], 0.75, rtol=1e-6)


@pytest.mark.parametrize("value", ["1.5", "-0.1"])
def test_an_access_outside_0_to_1_is_refused_by_name(value, capsys):
    assert main(["run", "health_risk", "--rounds", "1",
                 "--set", f"groups.black.access={value}"]) == 2
    err = capsys.readouterr().err
    assert "groups.black.access" in err and "0" in err and "1" in err
    assert "Traceback" not in err


def test_an_unknown_label_names_the_choices(capsys):
    assert main(["run", "health_risk", "--rounds", "1", "--set", 'model.label="cost"']) == 2
    err = capsys.readouterr().err
    assert "model.label" in err and "outcome" in err and "proxy" in err


def test_a_programme_that_knows_the_need_enrols_as_the_need_ranking(params):
    """model.oracle ranks by the true curve, bin by bin: the need ranking, whatever the
    label, within the width of a score bin."""
    final = snapshot("proxy", seeds=(1,), **{"model.oracle": True})[0]
    assert final["selected_share_black"] == pytest.approx(reference_share(params, "need"),
                                                          abs=0.03)
    assert final["selected_true_rate_black"] == pytest.approx(
        final["selected_perceived_rate_black"], abs=1e-9)
