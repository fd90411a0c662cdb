"""The ``bias-loop`` command line: its contracts (DESIGN.md), and exit 2 on any bad input.

Most tests call ``main(argv)`` in-process (fast); a few run ``python -m bias_loop`` in a
subprocess, end to end, to see exactly what a user sees.
"""

from __future__ import annotations

import io
import re
import subprocess
import sys
import types

import numpy as np
import pytest

from bias_loop.cli import main
from simulator import Simulation, bundled_names, dump_scenario, load_scenario
from simulator.csvio import read_manifest, write_csv
from simulator.runs import run_from_manifest
from simulator.schema import parse_value

FAST = ["--rounds", "20", "--set", "world.applicants=200"]


def run_cli(capsys, *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def data_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if not line.startswith("#")]


def flat(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def lending():
    return load_scenario("lending")


# --- option values -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [("true", True), ("0.5", 0.5), ("200", 200), ("1e3", 1000.0), ('"many"', "many"),
     ("fixed", "fixed"), ("demographic_parity", "demographic_parity"), ("", "")],
)
def test_set_values_are_toml_or_else_the_bare_word(text, value):
    assert parse_value(text) == value
    assert type(parse_value(text)) is type(value)


# --- scenarios, describe, validate ---------------------------------------------------------


def test_scenarios_lists_name_kind_and_summary(capsys):
    status, out, _ = run_cli(capsys, "scenarios")
    assert status == 0
    lines = out.splitlines()
    assert len(lines) == len(bundled_names())
    for name, line in zip(bundled_names(), lines, strict=True):
        s = load_scenario(name)
        assert line.split()[:2] == [name, s.kind.name]
        assert line.endswith(s.summary.en)


def test_describe_lists_every_parameter_and_metric_with_its_help(capsys, lending):
    status, out, _ = run_cli(capsys, "describe", "lending")
    assert status == 0
    text = flat(out)
    keys = re.findall(r"^  (\S+) = ", out, flags=re.M)
    assert keys == lending.schema.keys()
    for p in lending.schema:
        assert flat(p.help.en) in text and flat(p.label.en) in text
        assert p.spec.range_text() in text or p.choice_labels
    for metric in lending.kind.metrics():
        assert ", ".join(metric.columns(lending.group_ids)) in out
        assert flat(metric.help.en) in text and flat(metric.label.en) in text
    assert "  mitigation.reweighing = false  [lever]" in out
    assert "  groups.B.score_mean = 600.0  [reset]" in out
    assert "  groups.B.history_label_bias = 0.3  [reset]" in out  # the scenario's value
    assert "  world.applicants = 1000\n" in out
    assert max(len(line) for line in out.splitlines()) <= 100


def test_describe_in_spanish(capsys, lending):
    status, out, _ = run_cli(capsys, "describe", "lending", "--lang", "es")
    assert status == 0
    assert lending.title.get("es") in out
    assert flat(lending.schema.get("mitigation.reweighing").help.get("es")) in flat(out)


def test_validate_ok(capsys, lending):
    status, out, _ = run_cli(capsys, "validate", "lending")
    assert status == 0
    assert out.strip() == (f"ok: lending (decisions, 2 groups, {len(lending.guide)} guide "
                           "steps)")


def test_validate_lists_every_problem(capsys, tmp_path):
    path = tmp_path / "mine.toml"
    text = """\
[scenario]
id = "mine"
kind = "decisions"
title = "Mine"
summary = "Mine"

[[groups]]
id = "A"
share = 1.0

[params]
"mitigation.reweihing" = true
"world.applicant_share" = 2.0
"""
    path.write_text(text, encoding="utf-8")
    status, out, err = run_cli(capsys, "validate", str(path))
    assert (status, out) == (2, "")
    assert err.startswith(f"bias-loop: error: {path}: 2 problems")
    assert "line 12: mitigation.reweihing" in err and "mitigation.reweighing" in err
    assert "line 13: world.applicant_share" in err and "out of range" in err


def test_validate_broken_toml_names_the_line(capsys, tmp_path):
    path = tmp_path / "broken.toml"
    path.write_text('[scenario]\nid = "x"\nkind = \n', encoding="utf-8")
    status, _, err = run_cli(capsys, "validate", str(path))
    assert status == 2
    assert "not valid TOML" in err and "line 3" in err
    assert "Traceback" not in err


# --- run -----------------------------------------------------------------------------------


def test_run_writes_the_csv_to_stdout(capsys, lending):
    status, out, err = run_cli(capsys, "run", "lending", *FAST)
    assert (status, err) == (0, "")
    rows = data_lines(out)
    columns = Simulation(lending).metric_columns()
    assert rows[0] == ",".join(["replication", "round", *columns])
    assert [r.split(",")[:2] for r in rows[1:]] == [["0", str(i)] for i in range(1, 21)]
    assert "# seed = 7\n" in out and "# rounds = 20\n" in out


def test_run_defaults_to_the_scenarios_rounds_and_seed(capsys, lending):
    status, out, _ = run_cli(capsys, "run", "lending", "--set", "world.applicants=100",
                             "--final-only")
    assert status == 0
    assert f"# rounds = {lending.rounds}\n" in out and f"# seed = {lending.seed}\n" in out
    assert data_lines(out)[1].startswith(f"0,{lending.rounds},")


def test_run_matches_the_python_api(capsys, lending):
    sim = Simulation(lending, seed=3, overrides={"world.applicants": 200})
    sim.run(10)
    sim.set_param("mitigation.reweighing", True)
    sim.run(10)
    status, out, _ = run_cli(capsys, "run", "lending", *FAST, "--seed", "3",
                             "--at", "10:mitigation.reweighing=true")
    assert status == 0
    rows = [[float(x) for x in r.split(",")[2:]] for r in data_lines(out)[1:]]
    assert np.array_equal(np.array(rows), sim.recorder.table(), equal_nan=True)
    assert ('# event { round = 11, key = "mitigation.reweighing", old = false, new = true, '
            'who = "user" }') in out


def test_same_seed_same_bytes_other_seed_other_numbers(capsys, tmp_path):
    outs = []
    for seed, name in (("5", "a.csv"), ("5", "b.csv"), ("6", "c.csv")):
        path = tmp_path / name
        assert run_cli(capsys, "run", "lending", *FAST, "--seed", seed, "--out",
                       str(path))[0] == 0
        outs.append(path.read_bytes())
    assert outs[0] == outs[1]
    assert data_lines(outs[0].decode())[1:] != data_lines(outs[2].decode())[1:]


def test_replications_in_parallel_equal_in_process(capsys):
    args = ["run", "lending", *FAST, "--replications", "3", "--at", "5:mitigation.fresh_data=0.1"]
    _, one, _ = run_cli(capsys, *args, "--jobs", "1")
    status, two, _ = run_cli(capsys, *args, "--jobs", "2")
    assert status == 0 and one == two
    rows = data_lines(one)[1:]
    assert [r.split(",")[0] for r in rows] == [str(i) for i in range(3) for _ in range(20)]
    assert one.count("# event ") == 1  # the same schedule in every replication: written once
    assert "# replications = 3\n" in one


def test_replication_zero_is_the_plain_run(capsys):
    _, plain, _ = run_cli(capsys, "run", "lending", *FAST)
    _, many, _ = run_cli(capsys, "run", "lending", *FAST, "--replications", "2")
    assert data_lines(plain)[1:] == data_lines(many)[1:21]


def test_guide_pulls_the_scenarios_levers(capsys):
    status, out, _ = run_cli(capsys, "run", "lending", "--rounds", "135", "--set",
                             "world.applicants=100", "--guide", "--final-only")
    assert status == 0
    assert "# guide = true\n" in out
    assert ('# event { round = 131, key = "mitigation.label_audit", old = 0.0, new = 0.5, '
            'who = "guide" }') in out


def test_a_scenario_file_run_reproduces_from_its_csv(capsys, tmp_path):
    mine = tmp_path / "mine.toml"
    mine.write_text(dump_scenario(load_scenario("lending")), encoding="utf-8")
    out = tmp_path / "run.csv"
    status, _, _ = run_cli(capsys, "run", str(mine), *FAST, "--at",
                           "4:mitigation.fairness=equal_opportunity", "--out", str(out))
    assert status == 0
    manifest = read_manifest(out)
    assert manifest["scenario_source"] == str(mine)
    again = io.StringIO()
    write_csv(again, run_from_manifest(manifest))
    assert again.getvalue() == out.read_text(encoding="utf-8")


# --- bad input: exit 2, one clear message, no traceback, no file ---------------------------

BAD = [
    (["run", "nosuch"], "nosuch: no such scenario"),
    (["run", "lendig"], "did you mean 'lending'?"),
    (["run", "lending", "--set", "mitigation.reweihing=true"],
     "did you mean mitigation.reweighing"),
    (["run", "lending", "--set", 'world.applicants="many"'],
     "world.applicants: expected an integer from 1 to"),
    (["run", "lending", "--set", "world.applicant_share=2"],
     "world.applicant_share: 2.0 is out of range; allowed: a number from 0 to 1"),
    (["run", "lending", "--set", "policy.rule=fixd"], 'one of "max_utility", "fixed"'),
    (["run", "lending", "--set", "world.applicants"], "expected KEY=VALUE"),
    (["run", "lending", "--at", "soon:mitigation.reweighing=true"], "ROUND:KEY=VALUE"),
    (["run", "lending", "--at", "5:groups.A.score_mean=600"],
     "--set groups.A.score_mean=600"),
    (["run", "lending", "--rounds", "10", "--at", "10:mitigation.reweighing=true"],
     "from 0 to 9"),
    (["run", "lending", "--rounds", "0"], "--rounds: expected a whole number from 1 to 10,000,000"),
    (["run", "lending", "--rounds", "many"], "--rounds"),
    (["run", "lending", "--seed", "-1"], "--seed"),
    (["run", "lending", "--jobs", "-2"], "--jobs"),
    (["describe", "nosuch"], "no such scenario"),
    (["frobnicate"], "invalid choice: 'frobnicate'"),
]


@pytest.mark.parametrize(("argv", "fragment"), BAD, ids=[" ".join(a) for a, _ in BAD])
def test_bad_input_exits_2_with_a_clear_message(capsys, tmp_path, argv, fragment):
    out_file = tmp_path / "out.csv"
    extra = ["--out", str(out_file)] if argv[0] == "run" else []
    status, out, err = run_cli(capsys, *argv, *extra)
    assert status == 2
    assert out == ""
    assert err.startswith("bias-loop: error: ")
    assert fragment in err
    assert not out_file.exists()


@pytest.mark.parametrize("where", ["missing/out.csv", "."])
def test_an_unwritable_out_path_fails_before_the_run(capsys, tmp_path, where):
    status, out, err = run_cli(capsys, "run", "lending", *FAST, "--out", str(tmp_path / where))
    assert (status, out) == (2, "")
    assert err.startswith("bias-loop: error: ") and str(tmp_path) in err
    assert list(tmp_path.iterdir()) == []


def test_a_failed_run_leaves_an_existing_output_alone(capsys, tmp_path):
    path = tmp_path / "out.csv"
    path.write_text("keep me", encoding="utf-8")
    status, _, _ = run_cli(capsys, "run", "lending", "--set", "nope=1", "--out", str(path))
    assert status == 2
    assert path.read_text(encoding="utf-8") == "keep me"
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]


# --- help ----------------------------------------------------------------------------------


@pytest.mark.parametrize("command", [[], ["gui"], ["scenarios"], ["describe"], ["validate"],
                                     ["run"]])
def test_every_command_has_help_with_examples(capsys, command):
    with pytest.raises(SystemExit) as exit_:
        main([*command, "--help"])
    assert exit_.value.code == 0
    out = capsys.readouterr().out
    assert "examples:" in out
    assert f"bias-loop {command[0]}" in out if command else "bias-loop run" in out


def test_run_help_documents_every_option(capsys):
    with pytest.raises(SystemExit):
        main(["run", "--help"])
    out = capsys.readouterr().out
    for option in ("--rounds", "--seed", "--set", "--at", "--guide", "--replications",
                   "--jobs", "--final-only", "--out"):
        assert option in out


# --- gui -----------------------------------------------------------------------------------


@pytest.fixture
def fake_gui(monkeypatch):
    """Stand-in for ui.app: records how the CLI calls run_gui, without Qt."""
    calls = []
    app = types.ModuleType("ui.app")

    def run_gui(scenario, rounds=None, screenshot=None, lang=None, theme=None,
                presentation=False, size=None, guide=False, step=None, preset=None,
                student=False):
        calls.append((scenario, rounds, screenshot)
                     + tuple(x for x in (lang, theme, presentation, size, guide, step, preset,
                                         student and "student") if x))
        return 7

    app.run_gui = run_gui
    monkeypatch.setitem(sys.modules, "ui", types.ModuleType("ui"))
    monkeypatch.setitem(sys.modules, "ui.app", app)
    return calls


def test_no_command_opens_the_gui(fake_gui):
    assert main([]) == 7
    assert fake_gui == [(None, None, None)]


def test_gui_passes_scenario_rounds_and_screenshot(fake_gui, tmp_path):
    shot = str(tmp_path / "shot.png")
    assert main(["gui", "lending", "--rounds", "40", "--screenshot", shot]) == 7
    assert fake_gui == [("lending", 40, shot)]


def test_gui_passes_lang(fake_gui):
    assert main(["gui", "lending", "--lang", "es"]) == 7
    assert fake_gui == [("lending", None, None, "es")]


def test_gui_passes_theme_and_presentation(fake_gui, capsys):
    assert main(["gui", "policing", "--theme", "high-contrast", "--presentation"]) == 7
    assert fake_gui == [("policing", None, None, "high-contrast", True)]
    status, _, err = run_cli(capsys, "gui", "--theme", "sepia")
    assert status == 2 and "'light', 'dark', 'high-contrast'" in err and "sepia" in err
    assert len(fake_gui) == 1


def test_gui_passes_the_student_view(fake_gui):
    assert main(["gui", "lending", "--student"]) == 7
    assert fake_gui == [("lending", None, None, "student")]


def test_gui_passes_size_guide_and_step(fake_gui):
    assert main(["gui", "lending", "--size", "1280x720", "--guide", "--step", "3"]) == 7
    assert fake_gui == [("lending", None, None, (1280, 720), True, 3)]


def test_gui_passes_a_paper_setting(fake_gui):
    assert main(["gui", "policing", "--preset", "ensign_oakland"]) == 7
    assert fake_gui == [("policing", None, None, "ensign_oakland")]


@pytest.mark.parametrize(("args", "says"), [
    (["--size", "1280"], "expected WIDTHxHEIGHT in pixels, from 800x600 to 7680x4320"),
    (["--size", "640x480"], "from 800x600 to 7680x4320 (e.g. 1920x1080), got '640x480'"),
    (["--size", "wide"], "--size: expected WIDTHxHEIGHT"),
    (["--step", "2"], "--step K needs --guide"),
    (["--guide", "--step", "0"], "expected a whole number of at least 1, got '0'"),
    (["--guide", "--rounds", "5"], "not allowed with argument"),
])
def test_gui_bad_size_or_step_exits_2_saying_what_is_allowed(capsys, fake_gui, args, says):
    status, _, err = run_cli(capsys, "gui", "lending", *args)
    assert status == 2 and says in err and "Traceback" not in err
    assert fake_gui == []


def test_gui_with_a_wrong_scenario_fails_before_any_window(capsys, fake_gui):
    status, _, err = run_cli(capsys, "gui", "nosuch")
    assert status == 2 and "no such scenario" in err
    assert fake_gui == []


# --- end to end, in a fresh interpreter ----------------------------------------------------

GUI_IMPORT = re.compile(r"\|\s*(PySide6|shiboken6|pyqtgraph|ui)(\.\S+)?\s*$", re.M)


def test_headless_run_with_workers_imports_no_qt(tmp_path):
    """-X importtime reports every import, the spawned workers' included (they inherit the
    flag and the stderr)."""
    child = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "bias_loop", "run", "lending", "--rounds",
         "5", "--replications", "2", "--jobs", "2", "--out", str(tmp_path / "run.csv")],
        capture_output=True, text=True, timeout=120, cwd=tmp_path,
    )
    assert child.returncode == 0, child.stderr
    assert len(re.findall(r"\|\s*simulator\.runs\s*$", child.stderr, re.M)) == 3  # 1 + 2 workers
    assert GUI_IMPORT.findall(child.stderr) == []
    assert len(data_lines((tmp_path / "run.csv").read_text(encoding="utf-8"))) == 11


def test_end_to_end_bad_input(tmp_path):
    out = tmp_path / "run.csv"
    child = subprocess.run(
        [sys.executable, "-m", "bias_loop", "run", "lending", "--set",
         "mitigation.reweihing=true", "--out", str(out)],
        capture_output=True, text=True, timeout=120,
    )
    assert child.returncode == 2
    assert child.stdout == ""
    assert child.stderr.startswith("bias-loop: error: --set mitigation.reweihing=true: ")
    assert "did you mean mitigation.reweighing" in child.stderr
    assert "Traceback" not in child.stderr
    assert not out.exists()



def test_one_problem_is_one_problem(tmp_path, capsys):
    path = tmp_path / "one.toml"
    text = dump_scenario(load_scenario("lending")).replace('seed = ', 'seed = "x"  # ', 1)
    path.write_text(text, encoding="utf-8")
    status, _, err = run_cli(capsys, "validate", str(path))
    assert status == 2 and f"{path}: 1 problem\n" in err
