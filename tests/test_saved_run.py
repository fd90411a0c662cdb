"""Saved runs: a small file that plays its run again to the same state and numbers, from the
API, the CLI and the GUI alike; CSV manifests and run files share one replay."""

from __future__ import annotations

import numpy as np
import pytest

from bias_loop.cli import main
from simulator import BiasLoopError, Simulation, dump_scenario, load_scenario
from simulator.csvio import read_manifest
from simulator.runs import replay, run_from_manifest
from simulator.saved_run import is_run_file, open_run, read_run, run_text, save_run

SMALL = {"world.applicants": 200}


@pytest.fixture(scope="module")
def lending():
    return load_scenario("lending")


def same(a, b) -> bool:
    return (np.array_equal(a.recorder.table(), b.recorder.table(), equal_nan=True)
            and a.recorder.rounds.tolist() == b.recorder.rounds.tolist())


def a_run(lending, rounds=30):
    sim = Simulation(lending, seed=4, overrides=SMALL)
    sim.run(10)
    sim.set_param("mitigation.label_audit", 0.5)
    sim.run(rounds - 10)
    return sim


def test_a_saved_run_reopens_to_identical_series_and_state(lending, tmp_path):
    sim = a_run(lending)
    sim.set_param("mitigation.reweighing", True)  # pending: applies from the next round
    path = tmp_path / "run.toml"
    save_run(sim, path)
    assert path.stat().st_size < 1500, "a run file is tiny"
    again = open_run(path)
    assert again.round == sim.round == 30
    assert same(again, sim)
    assert again.events == sim.events
    assert again.pending_changes() == sim.pending_changes()
    assert again.manifest() == sim.manifest()
    sim.run(15)
    again.run(15)
    assert same(again, sim), "it goes on exactly as the original would"


def test_a_run_saved_before_the_first_round(lending, tmp_path):
    sim = Simulation(lending, seed=9, overrides={**SMALL, "mitigation.reweighing": True})
    save_run(sim, tmp_path / "r.toml")
    again = open_run(tmp_path / "r.toml")
    assert again.round == 0 and again.overrides == sim.overrides
    sim.run(5)
    again.run(5)
    assert same(again, sim)


def test_a_scenario_file_is_embedded(lending, tmp_path):
    text = tmp_path / "mine.toml"
    text.write_text(dump_scenario(lending), encoding="utf-8")
    scenario = load_scenario(text)
    sim = Simulation(scenario, overrides=SMALL)
    sim.run(12)
    save_run(sim, tmp_path / "run.toml")
    text.unlink()  # the run file stands on its own
    again = open_run(tmp_path / "run.toml")
    assert same(again, sim) and again.scenario.source == str(text)


def test_guide_steps_clicked_in_the_gui_are_replayed(lending, tmp_path):
    # The GUI performs guide steps as changes with who="guide" on a run without guide=True.
    sim = Simulation(lending, seed=2, overrides=SMALL)
    sim.run(5)
    sim.set_param("mitigation.data_window", 40, who="guide")
    sim.run(5)
    save_run(sim, tmp_path / "g.toml")
    assert same(open_run(tmp_path / "g.toml"), sim)


def test_manifests_reproduce_their_runs(lending, tmp_path):
    sim = a_run(lending)
    out = tmp_path / "run.csv"
    assert main(["run", "lending", "--rounds", "30", "--seed", "4", "--set",
                 "world.applicants=200", "--at", "10:mitigation.label_audit=0.5",
                 "--out", str(out)]) == 0
    manifest = read_manifest(out)
    [result] = run_from_manifest(manifest)
    assert same(result, sim)
    assert same(replay(manifest), sim), "one replay for CSV manifests and run files"


def test_cli_and_api_read_each_others_run_files(lending, tmp_path, capsys):
    path = tmp_path / "cli.toml"
    assert main(["run", "lending", "--rounds", "30", "--seed", "4", "--set",
                 "world.applicants=200", "--at", "10:mitigation.label_audit=0.5",
                 "--save-run", str(path), "--out", str(tmp_path / "a.csv")]) == 0
    assert same(open_run(path), a_run(lending))
    save_run(a_run(lending), tmp_path / "api.toml")
    assert main(["run", "--from-run", str(tmp_path / "api.toml"),
                 "--out", str(tmp_path / "b.csv")]) == 0
    assert (tmp_path / "a.csv").read_text() == (tmp_path / "b.csv").read_text()
    assert main(["run", "--from-run", str(path), "--rounds", "40",
                 "--out", str(tmp_path / "c.csv")]) == 0
    longer = a_run(lending, 40)
    assert same(run_from_manifest(read_manifest(tmp_path / "c.csv"))[0], longer)


def test_bad_run_files_say_what_is_wrong(lending, tmp_path, capsys):
    bad = tmp_path / "bad.toml"
    bad.write_text('program = "bias-loop"\nseed = "x"\n', encoding="utf-8")
    with pytest.raises(BiasLoopError, match="bad.toml.*missing scenario.*seed must be"):
        read_run(bad)
    with pytest.raises(BiasLoopError, match="not a bias-loop run file"):
        read_run(_scenario_file(tmp_path))
    with pytest.raises(BiasLoopError, match="cannot read"):
        open_run(tmp_path / "missing.toml")
    assert main(["run", "--from-run", str(bad)]) == 2
    assert "bad.toml" in capsys.readouterr().err
    assert main(["run", "lending", "--from-run", str(bad)]) == 2
    assert "cannot be combined with SCENARIO" in capsys.readouterr().err


def test_a_run_file_that_no_longer_reproduces_is_refused(lending, tmp_path):
    sim = a_run(lending)
    text = run_text(sim).replace("old = 0.0", "old = 0.25")
    (tmp_path / "x.toml").write_text(text, encoding="utf-8")
    with pytest.raises(BiasLoopError, match="different event log"):
        open_run(tmp_path / "x.toml")


def test_run_files_and_scenario_files_are_told_apart(lending, tmp_path):
    save_run(a_run(lending, 12), tmp_path / "run.toml")
    assert is_run_file(tmp_path / "run.toml")
    assert not is_run_file(_scenario_file(tmp_path))
    assert not is_run_file(tmp_path / "missing.toml")


def _scenario_file(tmp_path):
    from simulator.scenario import bundled_dir

    return bundled_dir() / "lending.toml"


def test_open_run_reports_progress_and_stops_when_asked(tmp_path):
    """Playing a saved run on reports progress out of every round to play, and a stop
    request gives back a valid shorter run (its rounds are the same numbers)."""
    sim = Simulation(load_scenario("policing"), seed=4)
    sim.run(100)
    save_run(sim, tmp_path / "r.toml")
    seen = []

    def stop_at_150(done, total):
        seen.append((done, total))
        if done >= 150:
            raise KeyboardInterrupt

    shorter = open_run(tmp_path / "r.toml", rounds=400, progress=stop_at_150)
    assert {total for _, total in seen} == {400}
    assert 150 <= shorter.round < 400
    again = Simulation(load_scenario("policing"), seed=4)
    again.run(shorter.round)
    assert np.array_equal(again.recorder.table(), shorter.recorder.table(), equal_nan=True)
