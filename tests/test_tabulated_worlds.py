"""Tabulated worlds in the decisions kind: a group may give its score distribution and its
repayment probability per score bucket as tables (per-group repayment curves), e.g.
ml-fairness-gym's lending world (D'Amour et al. 2020) or a FICO-like world (Liu et al. 2018)."""

from __future__ import annotations

import numpy as np
import pytest

from simulator import ParamError, ScenarioError, Simulation, dump_scenario, parse_scenario
from simulator.saved_run import open_run, save_run

# ml-fairness-gym's seven credit buckets, laid on the score scale 75 points apiece.
EDGES = [300, 375, 450, 525, 600, 675, 750, 850]
REPAY = [0.1, 0.2, 0.45, 0.6, 0.65, 0.7, 0.7]
GROUP_1 = [0, 0.1, 0.1, 0.2, 0.3, 0.3, 0]
GROUP_2 = [0.1, 0.1, 0.2, 0.3, 0.3, 0, 0]


def scenario(g2_repay=REPAY, extra="", params=""):
    return parse_scenario(f"""
[scenario]
id = "gym"
kind = "decisions"
title = "t"
summary = "s"

[[groups]]
id = "one"
share = 0.5
score_buckets = {EDGES}
score_table = {GROUP_1}
repay_table = {REPAY}

[[groups]]
id = "two"
share = 0.5
score_buckets = {EDGES}
score_table = {GROUP_2}
repay_table = {list(g2_repay)}
{extra}
[params]
"world.applicants" = 1000000
{params}
""", "gym.toml")


def reference_repay_rate(shares, repay):
    return float(np.dot(shares, repay))


def test_the_tables_set_each_groups_scores_and_repayment():
    sim = Simulation(scenario(), seed=1)
    sim.run(1)
    last = sim.recorder.last()
    # ml-fairness-gym's initial P(repay): 0.590 for group 1, 0.495 for group 2.
    assert reference_repay_rate(GROUP_1, REPAY) == pytest.approx(0.590)
    assert last["true_rate_one"] == pytest.approx(reference_repay_rate(GROUP_1, REPAY), abs=2e-3)
    assert last["true_rate_two"] == pytest.approx(reference_repay_rate(GROUP_2, REPAY), abs=2e-3)
    midpoints = (np.array(EDGES[:-1]) + np.array(EDGES[1:])) / 2
    assert last["mean_score_one"] == pytest.approx(float(np.dot(GROUP_1, midpoints)))


def test_groups_can_have_their_own_repayment_curves():
    """The same scores, another curve: with full feedback and the group feature the model
    learns each group's own rate."""
    lower = [p * 0.5 for p in REPAY]
    sim = Simulation(scenario(lower, params='"bias.selective_labels" = false'), seed=1)
    sim.run(40)
    last = sim.recorder.last()
    assert last["true_rate_two"] == pytest.approx(0.5 * reference_repay_rate(GROUP_2, REPAY),
                                                  abs=2e-3)
    for g in ("one", "two"):
        assert last[f"perceived_rate_{g}"] == pytest.approx(last[f"true_rate_{g}"], abs=0.02)


def test_a_tabulated_scenario_round_trips_and_replays_exactly(tmp_path):
    original = scenario()
    again = parse_scenario(dump_scenario(original), "gym.toml")
    assert [g.tables for g in again.groups] == [g.tables for g in original.groups]
    sim = Simulation(original, seed=5, overrides={"world.applicants": 500})
    sim.run(15)
    save_run(sim, tmp_path / "gym-run.toml")
    replayed = open_run(tmp_path / "gym-run.toml")
    assert np.array_equal(replayed.recorder.table(), sim.recorder.table(), equal_nan=True)


def test_tables_are_the_world_not_parameters():
    with pytest.raises(ParamError, match="groups.one.repay_table"):
        Simulation(scenario(), overrides={"groups.one.repay_table": [0.5] * 7})
    sim = Simulation(scenario(), seed=1)
    with pytest.raises(ParamError):
        sim.set_param("groups.one.score_table", [1.0] + [0.0] * 6)


@pytest.mark.parametrize("extra, message", [
    ('[[groups]]\nid = "three"\nshare = 0.0\nrepay_table = [0.5]\n',
     "line 24: groups.three.repay_table: needs score_buckets"),
    ('[[groups]]\nid = "three"\nshare = 0.0\nscore_buckets = [300, 850]\n'
     'score_table = [0.5, 0.5]\n',
     "line 25: groups.three.score_table: expected one value per bucket (1), got 2"),
    ('[[groups]]\nid = "three"\nshare = 0.0\nscore_buckets = [300, 850]\nrepay_table = [1.5]\n',
     "line 25: groups.three.repay_table: values must be from 0 to 1"),
    ('[[groups]]\nid = "three"\nshare = 0.0\nscore_buckets = [300, 900]\nrepay_table = [0.5]\n',
     "line 24: groups.three.score_buckets: expected 2 or more rising edges from 300 to 850"),
    ('[[groups]]\nid = "three"\nshare = 0.0\nscore_buckets = [300, 850]\n'
     'score_table = [0.9]\n', "groups.three.score_table: the shares must sum to 1, they sum "
     "to 0.9"),
    ('[[groups]]\nid = "three"\nshare = 0.0\nscore_buckets = [300, 850]\nrepay_table = "x"\n',
     "groups.three.repay_table: expected a list of 1 to 1,000 numbers"),
])
def test_bad_tables_name_the_line_the_key_and_what_is_allowed(extra, message):
    with pytest.raises(ScenarioError) as caught:
        scenario(extra=extra)
    assert message in str(caught.value)


PRESET = """
[[preset]]
id = "gym"
title = "t"
description = "d"
paper = "P, Table 1"
rounds = 2
set = {{ "groups.two.repay_table" = {table}, "world.applicants" = 500 }}
"""


def test_a_preset_may_give_a_groups_tables_and_they_make_its_world():
    lower = [p * 0.5 for p in REPAY]
    s = scenario(extra=PRESET.format(table=lower))
    preset = s.preset("gym")
    assert preset.set == {"world.applicants": 500}
    assert preset.tables == {"two": {"repay_table": tuple(lower)}}
    assert parse_scenario(dump_scenario(s), "gym.toml").presets == s.presets
    world = preset.world(s)
    assert world.groups[1].tables["repay_table"] == tuple(lower)
    assert world.groups[1].tables["score_table"] == tuple(GROUP_2)  # the rest stays
    assert s.groups[1].tables["repay_table"] == tuple(REPAY)  # the scenario is untouched
    sim = Simulation(world, seed=1)
    sim.run(1)
    expected = 0.5 * reference_repay_rate(GROUP_2, REPAY)
    assert sim.recorder.last()["true_rate_two"] == pytest.approx(expected, abs=0.03)


@pytest.mark.parametrize("table, message", [
    ("[0.5, 0.5]", "preset[0].set.groups.two.repay_table: expected one value per bucket (7), "
                   "got 2"),
    ('"x"', "preset[0].set.groups.two.repay_table: expected a list of 1 to 1,000 numbers"),
])
def test_a_presets_bad_table_names_the_key_and_what_is_allowed(table, message):
    with pytest.raises(ScenarioError) as caught:
        scenario(extra=PRESET.format(table=table))
    assert message in str(caught.value)


def test_a_presets_table_for_a_group_that_is_not_there_names_the_groups():
    extra = PRESET.format(table=REPAY).replace("groups.two.", "groups.six.")
    with pytest.raises(ScenarioError, match="preset\\[0\\].set.groups.six.repay_table: no "
                                            "group 'six'; the groups: one, two"):
        scenario(extra=extra)


def test_a_run_of_a_bundled_presets_world_saves_that_world(tmp_path):
    from simulator import load_scenario
    lending = load_scenario("lending")
    preset = lending.preset("damour_max_reward")
    sim = Simulation(preset.world(lending), seed=2, overrides=dict(preset.set))
    sim.run(3)
    save_run(sim, tmp_path / "preset-run.toml")
    replayed = open_run(tmp_path / "preset-run.toml")
    assert replayed.scenario.groups[0].tables == preset.tables["A"]
    assert np.array_equal(replayed.recorder.table(), sim.recorder.table(), equal_nan=True)


def test_a_table_is_not_a_parameter_and_says_where_it_is_set(capsys):
    from bias_loop.cli import main

    for args in (["run", "lending", "--set", "groups.A.repay_table=0.5", "--rounds", "2"],
                 ["sweep", "lending", "--grid", "groups.B.score_table=0.1,0.2", "--rounds", "2"]):
        assert main(args) == 2
        err = capsys.readouterr().err
        assert "is a table of the group's world, not a parameter" in err
        assert "[[groups]] or by a [[preset]]" in err and "Traceback" not in err


def test_a_score_table_replaces_the_groups_normal_scores(capsys):
    """A group that gives its score_table has no mean or spread to set: a slider, --set or sweep
    of one would do nothing, so none is offered, and asking says why."""
    from bias_loop.cli import main

    s = scenario()
    assert "groups.one.score_mean" not in s.schema and "groups.two.score_sd" not in s.schema
    assert s.schema.replaced["groups.one.score_mean"] == "score_table"
    with pytest.raises(ParamError, match="'groups.one.score_mean' does nothing in this world: "
                                         "group 'one' gives a score_table, which replaces it"):
        Simulation(s, overrides={"groups.one.score_mean": 700.0})
    sim = Simulation(s, seed=1)
    assert not any(k.endswith(("score_mean", "score_sd")) for k in sim.manifest()["params"])
    for args in (["run", "moderation", "--set", "groups.dialect.score_mean=600", "--rounds", "2"],
                 ["sweep", "moderation", "--grid", "groups.standard.score_sd=50,60",
                  "--rounds", "2"]):
        assert main(args) == 2
        err = capsys.readouterr().err
        assert "does nothing in this world" in err and "Traceback" not in err


def test_a_group_giving_both_a_score_table_and_a_mean_is_refused():
    with pytest.raises(ScenarioError, match="groups.three.score_mean: the group's score_table "
                                            "replaces it; give one or the other"):
        scenario(extra='[[groups]]\nid = "three"\nshare = 0.0\nscore_mean = 600.0\n'
                       'score_buckets = [300, 850]\nscore_table = [1.0]\n')


def test_a_presets_score_table_takes_the_mean_out_of_its_world():
    from simulator import load_scenario

    lending = load_scenario("lending")
    assert "groups.A.score_mean" in lending.schema  # normal scores in the scenario itself
    preset = lending.preset("damour_max_reward")
    world = preset.world(lending)
    assert "groups.A.score_mean" not in world.schema and "groups.A.share" in world.schema
    extra = PRESET.format(table=REPAY).replace('"world.applicants" = 500',
                                               '"groups.two.score_sd" = 50.0')
    with pytest.raises(ScenarioError, match="preset\\[0\\].set.groups.two.score_sd"):
        scenario(extra=extra)


def test_describe_lists_a_groups_tables_and_what_they_replace(capsys):
    from bias_loop.cli import main

    assert main(["describe", "moderation"]) == 0
    out = capsys.readouterr().out
    assert "groups.dialect.score_table = [0.02, 0.11, 0.27, 0.36, 0.24]" in out
    assert "replaces groups.dialect.score_mean, groups.dialect.score_sd" in out
    assert "groups.dialect.score_mean =" not in out  # not a parameter here
