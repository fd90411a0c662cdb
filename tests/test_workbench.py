"""The workbench (compare, undo, guide progress without a GUI) and its command-line face,
``bias-loop run ... --compare counterfactual``."""

import csv
import io
from dataclasses import replace

import numpy as np
import pytest

from bias_loop.cli import main
from simulator import BiasLoopError, RestartRequired, Simulation, load_scenario
from simulator.csvio import read_manifest
from simulator.runs import Change, RunSpec, play, run_replications, without_levers
from simulator.workbench import Applied, Workbench


@pytest.fixture
def lending():
    return load_scenario("lending")


def test_a_change_before_round_1_sets_the_start_and_one_after_is_live_and_undoable(lending):
    bench = Workbench(lending)
    assert bench.set_param("mitigation.label_audit", 0.5) is Applied.SET_UP
    assert bench.overrides == {"mitigation.label_audit": 0.5} and not bench.sim.events
    bench.play(10)
    assert bench.set_param("mitigation.reweighing", True) is Applied.LIVE
    assert bench.set_param("mitigation.reweighing", True) is Applied.UNCHANGED
    bench.play(1)
    assert [(e.round, e.key, e.new) for e in bench.sim.events] == [
        (11, "mitigation.reweighing", True)]
    assert bench.undo() == ("mitigation.reweighing", False)
    assert bench.undo() is None
    bench.reset()
    assert bench.sim.round == 0 and bench.overrides == {"mitigation.label_audit": 0.5}
    with pytest.raises(RestartRequired):
        bench.play(1)
        bench.set_param("data.history_rounds", 20)


def test_moving_one_share_moves_the_others_so_they_still_sum_to_1(lending):
    bench = Workbench(lending)
    bench.set_param("groups.A.share", 0.5)
    shares = [bench.value(f"groups.{g}.share") for g in lending.group_ids]
    assert shares[0] == 0.5 and sum(shares) == pytest.approx(1.0)


def test_the_counterfactual_keeps_in_step_and_mirrors_world_changes_only(lending):
    bench = Workbench(lending)
    bench.play(20)
    bench.show_counterfactual()
    bench.set_param("mitigation.reweighing", True)
    bench.set_param("world.score_gain", 60.0)
    bench.play(30)
    cf = bench.counterfactual
    assert cf.round == bench.sim.round == 50
    assert cf.params["world.score_gain"] == 60.0 and not cf.params["mitigation.reweighing"]
    assert not np.array_equal(cf.recorder.series("perceived_rate_B"),
                              bench.sim.recorder.series("perceived_rate_B"))


def test_the_guide_replays_to_any_step_with_the_numbers_of_the_first_time():
    scenario = load_scenario("policing")
    bench = Workbench(scenario)
    bench.play_guide(3)
    first = bench.sim.recorder.table().copy()
    assert bench.guide_shown == 2 and bench.guide_next == 3
    bench.play(5)
    bench.go_to_guide_step(2)
    np.testing.assert_array_equal(bench.sim.recorder.table(), first)
    assert bench.previous_guide_step() == 1


def test_without_levers_equals_a_fresh_run_without_the_lever_changes(lending):
    changes = (Change(30, "mitigation.reweighing", True), Change(40, "world.score_gain", 60.0),
               Change(50, "mitigation.label_audit", 0.5))
    spec = RunSpec(lending, rounds=80, seed=5, changes=changes)
    cf = play(without_levers(spec))
    fresh = play(RunSpec(lending, rounds=80, seed=5, changes=(changes[1],)))
    np.testing.assert_array_equal(cf.recorder.table(), fresh.recorder.table())
    # A guided run's counterfactual follows the guide's steps but not its levers.
    guided = without_levers(RunSpec(lending, rounds=200, seed=5, guide=True))
    assert not guided.guide and not any(
        lending.schema.get(c.key).lever for c in guided.changes)


def rows_by_variant(path):
    lines = [line for line in path.read_text().splitlines() if not line.startswith("#")]
    rows = list(csv.DictReader(io.StringIO("\n".join(lines))))
    return {v: [r for r in rows if r["variant"] == v] for v in ("run", "counterfactual")}


def test_run_compare_counterfactual_writes_both_runs_with_a_variant_column(tmp_path):
    out = tmp_path / "both.csv"
    assert main(["run", "lending", "--rounds", "60", "--seed", "3", "--replications", "2",
                 "--at", "20:mitigation.reweighing=true", "--compare", "counterfactual",
                 "--out", str(out)]) == 0
    rows = rows_by_variant(out)
    assert len(rows["run"]) == len(rows["counterfactual"]) == 120
    fresh = run_replications(RunSpec(load_scenario("lending"), rounds=60, seed=3,
                                     replications=2))
    for rep, result in enumerate(fresh):
        got = [float(r["perceived_rate_B"]) for r in rows["counterfactual"]
               if r["replication"] == str(rep)]
        assert got == result.recorder.series("perceived_rate_B").tolist()
    # The manifest is the run's: the CSV still reproduces it, and says what the rest is.
    manifest = read_manifest(out)
    assert [e["key"] for e in manifest["events"]] == ["mitigation.reweighing"]
    assert 'compare = "counterfactual' in out.read_text()


def test_without_compare_the_csv_has_no_variant_column(tmp_path):
    out = tmp_path / "one.csv"
    assert main(["run", "lending", "--rounds", "5", "--out", str(out)]) == 0
    header = [line for line in out.read_text().splitlines() if not line.startswith("#")][0]
    assert header.startswith("replication,round,")


@pytest.mark.parametrize("extra, named", [(["--compare", "baseline"], "invalid choice"),
                                          (["--compare", "counterfactual", "--replications",
                                            "2", "--band"], "leave out --band")])
def test_a_bad_compare_says_what_is_allowed(extra, named, capsys):
    assert main(["run", "lending", "--rounds", "5", *extra]) == 2
    assert named in capsys.readouterr().err


def test_the_workbench_drives_the_same_run_as_the_api(lending):
    bench = Workbench(lending, seed=9)
    bench.play(25)
    direct = Simulation(lending, seed=9)
    direct.run(25)
    np.testing.assert_array_equal(bench.sim.recorder.table(), direct.recorder.table())


def test_branch_at_80_continues_from_then_and_keeps_the_old_future_as_baseline():
    """Branch from here: the branch is the run as it stood at 80, pulling a lever on it gives
    a fresh run that pulled it at 80, and the baseline is the old future untouched."""
    import numpy as np

    from simulator import BiasLoopError, Simulation, load_scenario
    from simulator.workbench import Workbench

    scenario = load_scenario("lending")
    bench = Workbench(scenario, seed=5)
    bench.play(150)
    old_future = bench.sim.recorder.table().copy()
    bench.branch_at(80)
    assert bench.sim.round == 80 and bench.branched_from["round"] == 80
    assert bench.branched_from["seed"] == 5
    bench.set_param("mitigation.reweighing", True)
    bench.play(70)
    fresh = Simulation(scenario, seed=5)
    fresh.run(80)
    fresh.set_param("mitigation.reweighing", True)
    fresh.run(70)
    np.testing.assert_array_equal(bench.sim.recorder.table(), fresh.recorder.table())
    np.testing.assert_array_equal(bench.baseline.recorder.table(), old_future)
    # A pinned baseline is replaced only when asked to.
    with pytest.raises(BiasLoopError, match="baseline is pinned"):
        bench.branch_at(100)
    bench.branch_at(100, replace_baseline=True)
    assert bench.sim.round == 100 and bench.baseline.round == 150
    with pytest.raises(BiasLoopError, match="from 0 to 100"):
        bench.branch_at(400, replace_baseline=True)


def test_a_paper_setting_starts_the_run_again_at_its_values_and_length():
    from simulator.presets import live_status, preset_spec
    from simulator.runs import run_replications

    scenario = load_scenario("policing")
    bench = Workbench(scenario, seed=4)
    bench.play(5)
    bench.apply_preset("ensign_oakland")
    preset = scenario.preset("ensign_oakland")
    assert bench.preset == preset and bench.sim.round == 0
    assert bench.overrides == preset.set and bench.scenario.rounds == 1000
    bench.play(1000)
    # The live run is the preset's replication 0 with the workbench's seed, number for number.
    seeds = run_replications(preset_spec(scenario, preset, replications=3, seed=4))
    (first, second) = live_status(preset, bench.sim, seeds)
    assert first.now == seeds[0].recorder.series("allocation_share_north")[-1]
    finals = [r.recorder.series("allocation_share_north")[-1] for r in seeds]
    assert first.over_seeds.got == pytest.approx(sum(finals) / 3)
    assert second.over_seeds.got == sum(f > 0.8 for f in finals) / 3
    # Seeds that stopped short of the preset's length say nothing about its results.
    short = run_replications(replace(preset_spec(scenario, preset, replications=2), rounds=10))
    assert live_status(preset, bench.sim, short)[0].over_seeds is None
    bench.restore_defaults()
    assert bench.preset is None and bench.scenario is scenario and bench.overrides == {}


def test_an_unknown_paper_setting_changes_nothing():
    bench = Workbench(load_scenario("policing"), seed=4)
    bench.play(3)
    with pytest.raises(BiasLoopError, match="no preset named 'nope'"):
        bench.apply_preset("nope")
    assert bench.sim.round == 3 and bench.preset is None


def test_a_paper_setting_brings_its_world_and_leaves_the_guide_out():
    scenario = load_scenario("lending")
    bench = Workbench(scenario, seed=2)
    bench.apply_preset("damour_max_reward")
    preset = scenario.preset("damour_max_reward")
    assert bench.scenario.guide == () and bench.guide_steps == ()
    assert bench.scenario.tables() == preset.world(scenario).tables() != scenario.tables()
    bench.play(3)
    expected = run_replications(preset_spec_for(scenario, preset, 2))[0]
    assert np.array_equal(bench.sim.recorder.table()[:3], expected.recorder.table()[:3],
                          equal_nan=True)


def preset_spec_for(scenario, preset, seed):
    from simulator.presets import preset_spec

    return replace(preset_spec(scenario, preset, replications=1, seed=seed), rounds=3)


def test_a_branch_says_where_it_branched_in_its_run_file_and_csv(tmp_path, lending):
    from simulator.csvio import write_csv
    from simulator.saved_run import open_run

    bench = Workbench(lending, seed=3)
    bench.play(20)
    bench.set_param("mitigation.reweighing", True)
    bench.play(20)
    bench.branch_at(12)
    assert bench.sim.branched_at == 12 and bench.sim.manifest()["branched_at"] == 12
    assert bench.baseline.branched_at is None  # the original is no branch
    bench.play(5)
    path = tmp_path / "branch.toml"
    bench.save_run(path)
    assert "branched_at = 12" in path.read_text(encoding="utf-8")
    again = open_run(path)
    assert again.branched_at == 12 and again.round == 17
    assert np.array_equal(again.recorder.table(), bench.sim.recorder.table(), equal_nan=True)
    csv_path = tmp_path / "branch.csv"
    with open(csv_path, "w", encoding="utf-8", newline="") as handle:
        write_csv(handle, [bench.sim])
    assert "# branched from another run at round 12" in csv_path.read_text(encoding="utf-8")
