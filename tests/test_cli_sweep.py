"""bias-loop sweep: from the command line or a sweep file, with a summary and a CSV."""

import csv

import pytest

from bias_loop.cli import main

FAST = ["--rounds", "40", "--set", "world.patrols=100", "--jobs", "1"]


def test_sweep_prints_a_summary_and_writes_a_row_per_run(tmp_path, capsys):
    out = tmp_path / "sweep.csv"
    status = main(["sweep", "policing", "--grid", "mitigation.reported_weight=0,1",
                   "--replications", "3", *FAST, "--metric", "allocation_share_north",
                   "--out", str(out)])
    assert status == 0
    caption, *lines = capsys.readouterr().out.splitlines()
    assert caption == "final value of each metric: mean [10 %, 90 %] over 3 replications"
    assert lines[0].split() == ["mitigation.reported_weight", "allocation_share_north"]
    assert [line.split()[0] for line in lines[1:]] == ["0", "1"]
    rows = list(csv.DictReader(r for r in out.read_text().splitlines()
                               if not r.startswith("#")))
    assert len(rows) == 6
    assert {r["mitigation.reported_weight"] for r in rows} == {"0.0", "1.0"}
    assert "saved_sweep" not in out.read_text()  # a grid of its own, no saved sweep


def test_a_sweep_file_can_be_saved_and_shared(tmp_path, capsys):
    spec = tmp_path / "weights.toml"
    spec.write_text('[sweep]\nscenario = "policing"\nreplications = 2\nrounds = 30\n'
                    '[sweep.grid]\n"mitigation.reported_weight" = [0.0, 0.5, 1.0]\n'
                    '[sweep.set]\n"world.patrols" = 100\n', encoding="utf-8")
    assert main(["sweep", "--file", str(spec), "--jobs", "1"]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 5  # caption, header, three points


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["sweep", "lending"], "at least one --grid"),
        (["sweep", "policing", "--grid", "mitigation.reported_weight=0,7"], "out of range"),
        (["sweep", "policing", "--grid", "mitigation.reportd_weight=0,1"], "did you mean"),
        (["sweep", "policing", "--grid", "mitigation.reported_weight=0,1", "--metric",
          "nonsense"], "not a metric column"),
        (["sweep", "--grid", "mitigation.reported_weight=0,1"], "needs a SCENARIO"),
    ],
)
def test_bad_sweeps_exit_2_with_a_message(argv, message, capsys):
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_a_bad_sweep_file_says_what_is_allowed(tmp_path, capsys):
    spec = tmp_path / "bad.toml"
    spec.write_text('[sweep]\nscenario = "policing"\nreplicatons = 2\n', encoding="utf-8")
    assert main(["sweep", "--file", str(spec)]) == 2
    assert "line 3: sweep.replicatons: unknown key; did you mean 'replications'?" in \
        capsys.readouterr().err
