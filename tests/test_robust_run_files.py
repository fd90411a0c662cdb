"""Hand-edited and crafted run files (``--from-run``; the GUI's File › Open goes through the same
reader): each is refused with exit status 2 and a message naming the file and what is wrong,
by the same checks every other way in gets, or plays; never a traceback or a hang."""

import numpy as np
import pytest

from bias_loop.cli import main
from simulator import load_scenario
from simulator.engine import Simulation
from simulator.saved_run import open_run, save_run
from simulator.scenario import bundled_dir, parse_scenario

EVENT = '{ round = 4, key = "mitigation.reweighing", old = false, new = true, who = "user" }'


@pytest.fixture
def run_file(tmp_path):
    path = tmp_path / "saved.toml"
    assert main(["run", "lending", "--rounds", "10", "--at", "3:mitigation.reweighing=true",
                 "--save-run", str(path), "--out", str(tmp_path / "first.csv")]) == 0
    text = path.read_text(encoding="utf-8")
    assert EVENT in text and "rounds = 10" in text
    return path, text


def _edit(text, old, new):
    assert old in text, old
    return text.replace(old, new, 1)


CASES = [  # (case, old, new, words)
    ("rounds = 10**12", "rounds = 10", "rounds = 1000000000000",
     ["rounds must be from 0 to 10,000,000"]),
    ("rounds of 5,000 digits", "rounds = 10", "rounds = " + "9" * 5000, ["at most 20 digits"]),
    ("seed of 25 digits", "seed = 7", "seed = " + "9" * 25, ["seed", "25 digits"]),
    ("seed past 2**63", "seed = 7", f"seed = {2**63}", ["seed must be from 0 to"]),
    ("replication negative", "replication = 0", "replication = -1",
     ["replication must be from 0"]),
    ("overrides nested 1,000 deep", "[overrides]", "[overrides]\nx = " + "[" * 1000 + "]" * 1000,
     ["nested too deep"]),
    ("a dotted key of 5,000 parts", "[overrides]", "[overrides]\n" + ".".join(["k"] * 5000)
     + " = 1", ["nested more than 32"]),
    ("an unknown who", 'who = "user"', 'who = "hacker"',
     ["event 1: who = 'hacker' is not one of user, guide, audit, counterfactual"]),
    ("an event value out of range", "new = true", "new = 7",
     ["cannot be played again", "mitigation.reweighing", "true or false"]),
    ("an event past the run", "round = 4", "round = 400", ["round 400 is outside the run"]),
    ("an override out of range", "[overrides]", '[overrides]\n"world.churn" = 5.0',
     ["world.churn", "out of range"]),
    ("an override of one share", "[overrides]", '[overrides]\n"groups.A.share" = 0.9',
     ["sum to 1"]),
    ("a pending change by no one", "[overrides]",
     '[[pending]]\nkey = "mitigation.reweighing"\nvalue = false\nwho = "nobody"\n\n[overrides]',
     ["pending change 1: who = 'nobody'"]),
    ("not TOML", "program =", "program == ", ["not valid TOML"]),
]


@pytest.mark.parametrize("case, old, new, words", CASES, ids=[c[0] for c in CASES])
def test_crafted_run_files_are_refused(case, old, new, words, run_file, capsys):
    path, text = run_file
    path.write_text(_edit(text, old, new), encoding="utf-8")
    capsys.readouterr()
    assert main(["run", "--from-run", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"bias-loop: error: {path}") and "Traceback" not in err, err
    assert all(w in err for w in words), err
    assert len(err) < 2000


def test_a_run_file_with_a_byte_order_mark_plays(run_file, capsys):
    path, text = run_file
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    assert open_run(path).round == 10


@pytest.mark.parametrize("char", ["\r", "\0", "\x7f", "\b", "\f", '"""', "\\u0000"])
def test_a_scenario_with_control_characters_saves_a_run_that_reopens(char, tmp_path):
    text = (bundled_dir() / "lending.toml").read_text(encoding="utf-8")
    escaped = char.encode("unicode_escape").decode().replace('"', '\\"').replace("\\x", "\\u00")
    scenario = parse_scenario(text.replace('en = "Lending:', f'en = "Lend{escaped}ing:', 1),
                              str(tmp_path / "odd.toml"))
    sim = Simulation(scenario, seed=3)
    sim.run(4)
    sim.set_param("mitigation.reweighing", True)
    save_run(sim, tmp_path / "odd-run.toml")
    again = open_run(tmp_path / "odd-run.toml")
    assert again.scenario.title == scenario.title and again.round == 4
    assert again.pending_changes() == sim.pending_changes()
    assert np.array_equal(again.recorder.table(), sim.recorder.table(), equal_nan=True)


def test_replications_of_a_scenario_with_control_characters_finish(tmp_path, capsys):
    """Workers get the scenario as TOML: before it was written by tomli-w, this hung."""
    text = (bundled_dir() / "lending.toml").read_text(encoding="utf-8")
    path = tmp_path / "odd.toml"
    path.write_text(text.replace('en = "Lending:', 'en = "Lend\\r\\u0000\\bing:', 1),
                    encoding="utf-8")
    out = tmp_path / "reps.csv"
    assert main(["run", str(path), "--rounds", "3", "--replications", "2", "--jobs", "2",
                 "--out", str(out)]) == 0
    rows = [r for r in out.read_text(encoding="utf-8").splitlines() if r[:2] in ("0,", "1,")]
    assert len(rows) == 6
    assert load_scenario(path).title.en.startswith("Lend\r\0\bing")
