"""Sweeps saved in a scenario file ([[sweep]]): validated like the rest of the file, listed by
describe and validate, and run by ``bias-loop sweep SCENARIO`` with the command line on top."""

from __future__ import annotations

import csv

import pytest

from bias_loop.cli import main
from simulator import ScenarioError, dump_scenario, load_scenario, parse_scenario
from simulator.scenario import bundled_dir

POLICING = (bundled_dir() / "policing.toml").read_text(encoding="utf-8")
SWEEPS = """
[[sweep]]
name = "weights"
replications = 2
rounds = 30
metrics = ["allocation_share_north"]
set = { "world.patrols" = 100 }
[sweep.grid]
"mitigation.reported_weight" = [0.0, 0.5, 1.0]

[[sweep]]
name = "exploration"
grid = { "mitigation.exploration" = [0.0, 0.2] }
all_rounds = true
"""


def scenario_file(tmp_path, sweeps: str = SWEEPS):
    body = POLICING.split("\n[[sweep]]")[0].rsplit("\n# A saved sweep", 1)[0]
    path = tmp_path / "my_policing.toml"
    path.write_text(body + "\n" + sweeps, encoding="utf-8")
    return path


def line_of(text: str, fragment: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if fragment in line)


def problems(text: str) -> list[str]:
    with pytest.raises(ScenarioError) as err:
        parse_scenario(text, "mine.toml")
    return err.value.problems


def test_sweeps_are_read_with_their_settings_and_written_back(tmp_path):
    scenario = load_scenario(scenario_file(tmp_path))
    weights, exploration = scenario.sweeps
    assert weights.grid == (("mitigation.reported_weight", (0.0, 0.5, 1.0)),)
    assert (weights.replications, weights.rounds, weights.seed) == (2, 30, None)
    assert weights.set == {"world.patrols": 100} and weights.metrics == (
        "allocation_share_north",)
    assert exploration.all_rounds and exploration.replications is None
    assert parse_scenario(dump_scenario(scenario), scenario.source) == scenario


def test_mistakes_in_a_sweep_name_their_line_and_what_is_allowed():
    text = POLICING.replace('"groups.south.rate" = [0.04,', '"groups.south.rat" = [0.04,')
    text = text.replace("replications = 10\n", "replicatons = 10\n", 1)
    bad_metric = 'metrics = ["allocation_share_nort"'
    text = text.replace('metrics = ["allocation_share_north"', bad_metric)
    text += ('\n[[sweep]]\nname = "correction_vs_rate"\nrounds = 0\n[sweep.grid]\n'
             '"mitigation.exploration" = [0.0, 1.5]\n')
    lines = text.splitlines()
    second_name = len(lines) - 3
    assert lines[second_name - 1] == 'name = "correction_vs_rate"'
    assert problems(text) == [
        f"line {line_of(text, 'replicatons')}: sweep[0].replicatons: unknown key; did you mean "
        "'replications'? allowed: name, grid, replications, rounds, seed, set, all_rounds, "
        "metrics",
        f"line {line_of(text, 'south.rat')}: sweep[0].grid.groups.south.rat: unknown parameter "
        "'groups.south.rat'; did you mean groups.south.rate or groups.north.rate or "
        "groups.south.prior? (`bias-loop describe` lists them "
        "all)",
        f"line {line_of(text, bad_metric)}: sweep[0].metrics: 'allocation_share_nort' is not "
        "a metric column; did you mean 'allocation_share_north'? allowed: "
        "allocation_share_north, allocation_share_south, true_share_north, true_share_south, "
        "data_share_north, data_share_south, allocation_gap, discovered_north, "
        "discovered_south, reported_north, reported_south, audit_gap_north, audit_gap_south, "
        "audit_allocation_gap",
        f"line {second_name}: sweep[1].name: another sweep is already named "
        "'correction_vs_rate'; each sweep needs its own name",
        f"line {line_of(text, '[0.0, 1.5]')}: sweep[1].grid.mitigation.exploration: 1.5 is out "
        "of range; allowed: a number from 0 to 1",
        f"line {line_of(text, 'rounds = 0')}: sweep[1].rounds: expected an integer from 1 to "
        "10000000, got 0",
    ]


@pytest.mark.parametrize(("sweep", "message"), [
    ('name = "x"', "sweep[0].grid: a sweep needs a grid"),
    ('name = "x"\ngrid = { "world.patrols" = 5 }', "expected a list of one or more values"),
    ('name = "2x"\ngrid = { "world.patrols" = [5] }',
     "sweep[0].name: a sweep's name is a letter then"),
    ('name = "x"\ngrid = { "world.patrols" = [5] }\nall_rounds = 1',
     "sweep[0].all_rounds: expected true or false, got 1"),
])
def test_a_sweep_needs_a_name_and_a_grid_of_lists(tmp_path, capsys, sweep, message):
    path = scenario_file(tmp_path, f"[[sweep]]\n{sweep}\n")
    assert main(["validate", str(path)]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_validate_and_describe_list_the_sweeps(tmp_path, capsys):
    path = scenario_file(tmp_path)
    assert main(["validate", str(path)]) == 0
    assert capsys.readouterr().out == (f"ok: {path} (allocation, 2 groups, 5 guide steps, "
                                       "2 sweeps)\n")
    assert main(["describe", str(path)]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert (f"Sweep weights: mitigation.reported_weight (3), 2 replications, 30 rounds (run it "
            f"with `bias-loop sweep {path} --sweep weights`)") in out
    assert "Sweep exploration: mitigation.exploration (2) (run it with" in out


def summary_table(out: str) -> list[list[str]]:
    """The summary's header and one row per point (after its caption line)."""
    return [line.split() for line in out.splitlines()[1:]]


def test_sweep_runs_the_first_saved_sweep(tmp_path, capsys):
    out = tmp_path / "sweep.csv"
    assert main(["sweep", str(scenario_file(tmp_path)), "--jobs", "1", "--out", str(out)]) == 0
    head, *points = summary_table(capsys.readouterr().out)
    assert head == ["mitigation.reported_weight", "allocation_share_north"]
    assert [p[0] for p in points] == ["0", "0.5", "1"]
    text = out.read_text(encoding="utf-8")
    assert "# rounds = 30\n" in text and "# param world.patrols = 100\n" in text
    assert '# saved_sweep = "weights"\n' in text  # which saved sweep it ran
    rows = list(csv.DictReader(r for r in text.splitlines() if not r.startswith("#")))
    assert len(rows) == 6  # 3 points, 2 replications


def test_the_command_line_overrides_a_saved_sweep(tmp_path, capsys):
    out = tmp_path / "sweep.csv"
    argv = ["sweep", str(scenario_file(tmp_path)), "--sweep", "weights", "--replications",
            "1", "--rounds", "12", "--grid", "mitigation.reported_weight=0,1",
            "--metric", "allocation_gap", "--jobs", "1", "--out", str(out)]
    assert main(argv) == 0
    head, *points = summary_table(capsys.readouterr().out)
    assert head == ["mitigation.reported_weight", "allocation_gap"]
    assert [p[0] for p in points] == ["0", "1"]
    text = out.read_text(encoding="utf-8")
    assert "# rounds = 12\n" in text and "# replications = 1\n" in text
    assert "# param world.patrols = 100\n" in text  # the saved sweep's set still holds


def test_sweep_picks_a_saved_sweep_by_name(tmp_path, capsys):
    out = tmp_path / "sweep.csv"
    assert main(["sweep", str(scenario_file(tmp_path)), "--sweep", "exploration",
                 "--rounds", "5", "--jobs", "1", "--out", str(out)]) == 0
    rows = [r for r in out.read_text(encoding="utf-8").splitlines() if not r.startswith("#")]
    assert rows[0].startswith("point,replication,mitigation.exploration,round,")
    assert len(rows) == 1 + 2 * 5  # all_rounds: two points, five rounds each


@pytest.mark.parametrize(("argv", "message"), [
    (["--sweep", "nope"], "has no sweep named 'nope'; its sweeps: weights, exploration"),
    (["--sweep", "weights", "--file", "x.toml"], "cannot be combined with --file"),
])
def test_a_wrong_saved_sweep_exits_2(tmp_path, capsys, argv, message):
    assert main(["sweep", str(scenario_file(tmp_path)), *argv]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_the_bundled_policing_sweep_is_valid_and_runs(capsys):
    [plan] = load_scenario("policing").sweeps
    assert plan.name == "correction_vs_rate" and plan.replications == 10
    assert main(["sweep", "policing", "--replications", "1", "--rounds", "5", "--jobs",
                 "1"]) == 0
    assert len(summary_table(capsys.readouterr().out)) == 1 + 10  # 5 rates × correction off/on
