"""Replication bands: mean and 10–90 % per round across replications, for the GUI and CLI."""

from __future__ import annotations

import io

import numpy as np
import pytest

from bias_loop.cli import main
from simulator import load_scenario
from simulator.bands import band, bands
from simulator.csvio import read_manifest, write_band_csv
from simulator.runs import RunSpec, run_from_manifest, run_replications

SMALL = {"world.applicants": 200}


@pytest.fixture(scope="module")
def results():
    spec = RunSpec(load_scenario("lending"), rounds=15, seed=3, overrides=SMALL,
                   replications=5)
    return run_replications(spec)


def test_mean_and_quantiles_per_round(results):
    b = band(results, "selection_rate_B")
    values = np.vstack([r.recorder.series("selection_rate_B") for r in results])
    assert b.replications == 5 and b.rounds.tolist() == list(range(1, 16))
    assert np.allclose(b.mean, values.mean(axis=0))
    assert np.allclose(b.low, np.quantile(values, 0.1, axis=0))
    assert np.allclose(b.high, np.quantile(values, 0.9, axis=0))
    assert np.all(b.low <= b.mean) and np.all(b.mean <= b.high)
    assert set(bands(results)) == set(results[0].recorder.columns)


def test_missing_values_are_left_out():
    class Rec:
        def __init__(self, values):
            self.values = np.array(values, dtype=float)
            self.rounds = np.arange(1, len(values) + 1)
            self.columns = ["m"]

        def __len__(self):
            return len(self.values)

        def series(self, _):
            return self.values

    class Run:
        def __init__(self, values):
            self.recorder = Rec(values)

    b = band([Run([1.0, np.nan, 3.0]), Run([3.0, np.nan, np.nan])], "m")
    assert b.mean[0] == 2.0 and np.isnan(b.mean[1]) and b.mean[2] == 3.0


def test_band_csv_columns_and_manifest(results, tmp_path):
    out = io.StringIO()
    write_band_csv(out, results)
    lines = [line for line in out.getvalue().splitlines() if not line.startswith("#")]
    header = lines[0].split(",")
    assert header[:4] == ["round", "perceived_rate_A_mean", "perceived_rate_A_p10",
                          "perceived_rate_A_p90"]
    assert len(lines) == 16
    path = tmp_path / "band.csv"
    path.write_text(out.getvalue(), encoding="utf-8")
    manifest = read_manifest(path)
    assert manifest["columns"] == header[1:]
    again = run_from_manifest(manifest)
    assert len(again) == 5
    assert np.array_equal(again[4].recorder.table(), results[4].recorder.table(),
                          equal_nan=True)


def test_cli_band(tmp_path, capsys):
    out = tmp_path / "b.csv"
    assert main(["run", "lending", "--rounds", "15", "--seed", "3", "--set",
                 "world.applicants=200", "--replications", "5", "--band", "--final-only",
                 "--out", str(out)]) == 0
    rows = [r for r in out.read_text().splitlines() if not r.startswith("#")]
    assert rows[0].startswith("round,") and rows[1].startswith("15,") and len(rows) == 2
    assert main(["run", "lending", "--band"]) == 2
    assert "--replications" in capsys.readouterr().err
    assert "--band" in _help(capsys)


def _help(capsys) -> str:
    with pytest.raises(SystemExit):
        main(["run", "--help"])
    return capsys.readouterr().out
