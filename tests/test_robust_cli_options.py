"""Hostile command-line option values: every one ends with exit status 2, a one-line message
naming the option and what is allowed, no traceback and no file written; and the limits are
counted before any work starts (each case here returns in well under a second)."""

import os
import time

import pytest

from bias_loop.cli import main

DEEP = "[" * 1000 + "]" * 1000
LONG_KEY = ".".join(["a"] * 5000)
GRID_1000 = ",".join(str(i / 1000) for i in range(1000))

CASES = [  # (case, argv, words the message must hold)
    ("--set value nested 1,000 deep", ["run", "lending", "--set", f"world.churn={DEEP}"],
     ["--set world.churn=", "at most 32"]),
    ("--set value nested 40 deep", ["run", "lending", "--set",
                                    "world.churn=" + "[" * 40 + "]" * 40], ["nested more than 32"]),
    ("--set integer of 5,000 digits", ["run", "lending", "--set",
                                       "world.applicants=" + "9" * 5000], ["at most 20 digits"]),
    ("--set integer of 25 digits", ["run", "lending", "--set", "world.applicants=" + "9" * 25],
     ["25 digits", "at most 20"]),
    ("--set key of 5,000 parts", ["run", "lending", "--set", f"{LONG_KEY}=1"],
     ["a key of 9,999 characters", "at most 200"]),
    ("--set value of 20,000 characters", ["run", "lending", "--set",
                                          "policy.rule=" + "x" * 20_000], ["20,000 characters"]),
    ("--set a share alone", ["run", "lending", "--set", "groups.A.share=0.9"],
     ["groups.A.share 0.9", "sum to 1", "1.2"]),
    ("--set both shares 0", ["run", "lending", "--set", "groups.A.share=0", "--set",
                             "groups.B.share=0"], ["sum to 1, they sum to 0"]),
    ("--at round of 5,000 digits", ["run", "lending", "--at",
                                    "9" * 5000 + ":mitigation.reweighing=true"],
     ["--at 999", "5,000 digits", "at most 10,000,000 rounds"]),
    ("--at round in other digits", ["run", "lending", "--at", "١٢:mitigation.reweighing=true"],
     ["ROUND a whole number"]),
    ("--at value nested deep", ["run", "lending", "--at", f"5:mitigation.reweighing={DEEP}"],
     ["--at 5:mitigation.reweighing=", "at most 32"]),
    ("--at a share alone", ["run", "lending", "--at", "5:groups.A.share=0.5"],
     ["after round 5", "sum to 1, they sum to 0.8"]),
    ("--rounds 10**18", ["run", "lending", "--rounds", str(10**18)],
     ["--rounds", "from 1 to 10,000,000"]),
    ("--rounds of 5,000 digits", ["run", "lending", "--rounds", "9" * 5000], ["--rounds"]),
    ("--seed 2**63", ["run", "lending", "--seed", str(2**63)], ["--seed", "to 9,223,372"]),
    ("--replications 10**9", ["run", "lending", "--replications", str(10**9)],
     ["--replications", "from 1 to 100,000"]),
    ("gui --rounds 10**12", ["gui", "lending", "--rounds", str(10**12)], ["--rounds"]),
    ("sweep --grid COUNT 10**11", ["sweep", "policing", "--grid",
                                   "mitigation.reported_weight=0:1:100000000000"],
     ["COUNT must be from 1 to 1,000,000"]),
    ("sweep three grids of 1,000", ["sweep", "lending", "--grid",
                                    f"mitigation.label_audit={GRID_1000}", "--grid",
                                    f"mitigation.appeals={GRID_1000}", "--grid",
                                    "mitigation.human_review=0:1:1000"],
     ["1,000,000,000 runs", "at most 1,000,000"]),
    ("sweep --grid nested deep", ["sweep", "policing", "--grid",
                                  f"mitigation.reported_weight={DEEP}"], ["at most 32"]),
    ("sweep --grid key twice", ["sweep", "policing", "--grid",
                                "mitigation.reported_weight=0,1", "--grid",
                                "mitigation.reported_weight=0.5"], ["given twice"]),
    ("sweep --replications 10**6", ["sweep", "policing", "--replications", str(10**6)],
     ["from 1 to 100,000"]),
    ("sweep --replications -1", ["sweep", "policing", "--replications", "-1"],
     ["--replications"]),
    ("sweep --rounds 10**12", ["sweep", "policing", "--rounds", str(10**12)],
     ["from 1 to 10,000,000"]),
    ("sweep a grid of shares", ["sweep", "lending", "--grid", "groups.A.share=0.5,0.7"],
     ["sum to 1"]),
    ("sweep --set a share", ["sweep", "lending", "--grid", "mitigation.label_audit=0",
                             "--set", "groups.B.share=0.5"], ["sum to 1"]),
]


@pytest.mark.parametrize("case, argv, words", CASES, ids=[c[0] for c in CASES])
def test_hostile_option_values_end_with_a_message(case, argv, words, tmp_path, capsys,
                                                  monkeypatch):
    monkeypatch.chdir(tmp_path)
    out = ["--out", str(tmp_path / "out.csv")] if argv[0] in ("run", "sweep") else []
    start = time.monotonic()
    assert main([*argv, *out]) == 2
    assert time.monotonic() - start < 5  # refused before the work, not after it
    err = capsys.readouterr().err
    assert err.startswith("bias-loop: error: ") and err.count("\n") == 1, err
    assert all(w in err for w in words), err
    assert "Traceback" not in err and len(err) < 1000
    assert os.listdir(tmp_path) == []


def test_shares_that_sum_to_one_run(tmp_path):
    out = tmp_path / "out.csv"
    assert main(["run", "lending", "--rounds", "2", "--set", "groups.A.share=0.5", "--set",
                 "groups.B.share=0.5", "--out", str(out)]) == 0
    assert "# param groups.A.share = 0.5" in out.read_text(encoding="utf-8")


def test_both_shares_changed_at_one_round_run(tmp_path):
    out = tmp_path / "out.csv"
    assert main(["run", "lending", "--rounds", "8", "--at", "5:groups.A.share=0.5", "--at",
                 "5:groups.B.share=0.5", "--out", str(out)]) == 0
    assert "groups.B.share" in out.read_text(encoding="utf-8")


def test_control_characters_in_an_option_are_not_sent_to_the_terminal(capsys):
    assert main(["run", "lending", "--set", "\x1b[2Jworld.churn=1"]) == 2
    err = capsys.readouterr().err
    assert "\x1b" not in err and "\\x1b[2J" in err
