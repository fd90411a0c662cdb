"""Sweep files of every wrong type and shape: each is refused with exit status 2, the line and
key, and what is allowed (the same rules as a scenario file's [[sweep]]); nothing runs."""

import os

import pytest

from bias_loop.cli import main

GOOD = """[sweep]
scenario = "policing"
replications = 2
rounds = 5
seed = 1
all_rounds = false
metrics = ["allocation_share_north"]

[sweep.grid]
"mitigation.reported_weight" = [0.0, 0.5]
"""

CASES = [  # (case, old, new, words)
    ("replications as text", "replications = 2", 'replications = "many"',
     ["line 3: sweep.replications", "expected an integer from 1 to 100000", "'many'"]),
    ("replications 2.5", "replications = 2", "replications = 2.5", ["got 2.5"]),
    ("replications true", "replications = 2", "replications = true", ["got True"]),
    ("replications past the limit", "replications = 2", "replications = 1000001",
     ["from 1 to 100000"]),
    ("rounds of 25 digits", "rounds = 5", "rounds = " + "9" * 25, ["25 digits"]),
    ("rounds of 5,000 digits", "rounds = 5", "rounds = " + "9" * 5000, ["too long"]),
    ("seed negative", "seed = 1", "seed = -1", ["sweep.seed", "from 0 to"]),
    ("all_rounds as text", "all_rounds = false", 'all_rounds = "yes"',
     ["sweep.all_rounds", "expected true or false", "'yes'"]),
    ("metrics as text", 'metrics = ["allocation_share_north"]',
     'metrics = "allocation_share_north"',
     ["sweep.metrics", "expected a list of metric columns"]),
    ("an unknown metric", 'metrics = ["allocation_share_north"]', 'metrics = ["nope"]',
     ["'nope' is not a metric column"]),
    ("grid values not a list", "= [0.0, 0.5]", "= 0.5", ["expected a list of one or more"]),
    ("grid value out of range", "= [0.0, 0.5]", "= [0.0, 5.0]", ["out of range"]),
    ("grid nested 1,000 deep", "= [0.0, 0.5]", "= " + "[" * 1000 + "]" * 1000,
     ["nested too deep"]),
    ("grid of an unknown key", '"mitigation.reported_weight"', '"mitigation.nope"',
     ["unknown parameter 'mitigation.nope'"]),
    ("scenario as a number", 'scenario = "policing"', "scenario = 7",
     ["scenario must be a scenario name"]),
    ("an unknown key", "seed = 1", "seed = 1\nreplicatons = 3",
     ["sweep.replicatons: unknown key; did you mean 'replications'?"]),
    ("a name key", "seed = 1", 'seed = 1\nname = "x"', ["sweep.name: unknown key"]),
    ("not UTF-8", "policing", "polic\udce9ing", ["not UTF-8"]),
]


@pytest.mark.parametrize("case, old, new, words", CASES, ids=[c[0] for c in CASES])
def test_bad_sweep_files_are_refused_with_line_and_key(case, old, new, words, tmp_path,
                                                       capsys):
    assert old in GOOD
    path = tmp_path / "s.toml"
    path.write_bytes(GOOD.replace(old, new, 1).encode("utf-8", "surrogateescape"))
    assert main(["sweep", "--file", str(path), "--out", str(tmp_path / "o.csv")]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"bias-loop: error: {path}") and "Traceback" not in err, err
    assert all(w in err for w in words), err
    assert sorted(os.listdir(tmp_path)) == ["s.toml"]


def test_the_good_sweep_file_runs_and_a_bom_is_accepted(tmp_path, capsys):
    path = tmp_path / "s.toml"
    path.write_bytes(b"\xef\xbb\xbf" + GOOD.encode("utf-8"))
    out = tmp_path / "o.csv"
    assert main(["sweep", "--file", str(path), "--jobs", "1", "--out", str(out)]) == 0
    rows = [r for r in out.read_text(encoding="utf-8").splitlines() if not r.startswith("#")]
    assert len(rows) == 1 + 2 * 2  # header, 2 points x 2 replications
