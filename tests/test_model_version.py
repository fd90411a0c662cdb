"""The model has a version, written into every manifest, CSV and run file; a run file saved by
another model version plays again with a warning naming both versions."""

from __future__ import annotations

import re

import pytest

from bias_loop.cli import main
from simulator import MODEL_VERSION, BiasLoopError, Simulation, load_scenario
from simulator.csvio import read_manifest
from simulator.saved_run import open_run, read_run, run_text

ROUNDS = ["--rounds", "12", "--set", "world.applicants=200"]


def saved_by(tmp_path, version: int | None):
    """A run file as another model version would have saved it (None: before versions)."""
    sim = Simulation(load_scenario("lending"), seed=2, overrides={"world.applicants": 200})
    sim.run(12)
    text = run_text(sim)
    assert f"\nmodel_version = {MODEL_VERSION}\n" in text
    line = "" if version is None else f"model_version = {version}\n"
    path = tmp_path / f"v{version}.toml"
    path.write_text(re.sub(r"model_version = \d+\n", line, text), encoding="utf-8")
    return path


def test_the_version_is_in_the_manifest_the_csv_and_the_run_file(tmp_path):
    assert isinstance(MODEL_VERSION, int) and MODEL_VERSION >= 2
    sim = Simulation(load_scenario("policing"), seed=1)
    assert sim.manifest()["model_version"] == MODEL_VERSION
    out = tmp_path / "run.csv"
    assert main(["run", "lending", *ROUNDS, "--out", str(out),
                 "--save-run", str(tmp_path / "run.toml")]) == 0
    assert f"# model_version = {MODEL_VERSION}\n" in out.read_text()
    assert read_manifest(out)["model_version"] == MODEL_VERSION
    assert read_run(tmp_path / "run.toml")["model_version"] == MODEL_VERSION


def test_files_from_before_versions_are_model_version_1(tmp_path):
    assert read_run(saved_by(tmp_path, None))["model_version"] == 1
    out = tmp_path / "old.csv"
    assert main(["run", "lending", *ROUNDS, "--out", str(out)]) == 0
    out.write_text(out.read_text().replace(f"# model_version = {MODEL_VERSION}\n", ""))
    assert read_manifest(out)["model_version"] == 1


@pytest.mark.parametrize("version", [None, 1, MODEL_VERSION + 1])
def test_a_run_from_another_model_version_replays_with_a_warning(tmp_path, capsys, version):
    path = saved_by(tmp_path, version)
    assert main(["run", "--from-run", str(path), "--out", str(tmp_path / "a.csv")]) == 0
    err = capsys.readouterr().err
    saved = 1 if version is None else version
    assert (f"warning: {path} was saved by model version {saved} and this is model version "
            f"{MODEL_VERSION}") in err
    assert "numbers can differ" in err
    assert open_run(path).round == 12  # the API plays it too


def test_a_run_from_this_model_version_replays_without_a_word(tmp_path, capsys):
    path = saved_by(tmp_path, MODEL_VERSION)
    assert main(["run", "--from-run", str(path), "--out", str(tmp_path / "a.csv")]) == 0
    assert "warning" not in capsys.readouterr().err


def test_a_bad_model_version_is_refused_with_its_key(tmp_path, capsys):
    path = saved_by(tmp_path, MODEL_VERSION)
    path.write_text(path.read_text().replace(f"model_version = {MODEL_VERSION}",
                                             'model_version = "two"'))
    with pytest.raises(BiasLoopError, match="model_version must be a whole number"):
        read_run(path)
    assert main(["run", "--from-run", str(path)]) == 2
    assert "model_version" in capsys.readouterr().err
