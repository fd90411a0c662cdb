"""The CSV export: exact numbers, a manifest that reproduces its run, and atomic writes."""

from __future__ import annotations

import csv
import io
import math
import os

import numpy as np
import pytest

from simulator import BiasLoopError, Simulation, bundled_names, load_scenario
from simulator.atomic import atomic_open, check_writable
from simulator.csvio import read_manifest, shared_events, write_csv
from simulator.runs import Change, RunSpec, run_from_manifest, run_replications

SMALL = {"world.applicants": 200}


@pytest.fixture(scope="module")
def lending():
    return load_scenario("lending")


def csv_text(runs, final_only=False) -> str:
    out = io.StringIO()
    write_csv(out, runs, final_only=final_only)
    return out.getvalue()


def table(text: str) -> list[list[str]]:
    return list(csv.reader(line for line in text.splitlines() if not line.startswith("#")))


def test_header_and_one_row_per_round_per_replication(lending):
    runs = run_replications(RunSpec(lending, rounds=12, overrides=SMALL, replications=2))
    rows = table(csv_text(runs))
    assert rows[0] == ["replication", "round", *runs[0].recorder.columns]
    assert [(r[0], r[1]) for r in rows[1:]] == [
        (str(rep), str(rnd)) for rep in (0, 1) for rnd in range(1, 13)
    ]
    final = table(csv_text(runs, final_only=True))
    assert [(r[0], r[1]) for r in final[1:]] == [("0", "12"), ("1", "12")]


def test_numbers_read_back_exactly_with_nan_as_nan(lending):
    sim = Simulation(lending, seed=9, overrides=SMALL)
    sim.run(15)
    rows = table(csv_text([sim]))[1:]
    for written, recorded in zip(rows, sim.recorder.table().tolist(), strict=True):
        for text, value in zip(written[2:], recorded, strict=True):
            if math.isnan(value):
                assert text == "nan"
            else:
                assert float(text) == value
    assert any("nan" in row for row in rows)  # audit_gap is nan without audits


def test_manifest_holds_program_scenario_seed_params_and_events(lending, tmp_path):
    spec = RunSpec(lending, rounds=20, seed=11, overrides={"world.applicants": 300},
                   changes=(Change(6, "mitigation.reweighing", True),))
    path = tmp_path / "run.csv"
    path.write_text(csv_text(run_replications(spec)), encoding="utf-8")
    m = read_manifest(path)
    assert (m["program"], m["scenario"], m["scenario_source"]) == ("bias-loop", "lending",
                                                                   "lending")
    assert (m["seed"], m["rounds"], m["replications"], m["guide"]) == (11, 20, 1, False)
    assert m["params"] == lending.schema.resolve({**lending.params, "world.applicants": 300})
    assert m["events"] == [{"round": 7, "key": "mitigation.reweighing", "old": False,
                            "new": True, "who": "user"}]
    assert m["columns"] == Simulation(lending).metric_columns()
    text = path.read_text(encoding="utf-8")
    assert "# param world.applicants = 300\n" in text
    assert "# param policy.rule = \"max_utility\"\n" in text


@pytest.mark.parametrize(
    "spec_kwargs",
    [
        {"changes": (Change(5, "mitigation.label_audit", 0.5),
                     Change(12, "mitigation.fairness", "demographic_parity"))},
        {"guide": True, "rounds": 140, "replications": 2},  # past the first lever (130)
        {"overrides": {"audit.block": True, "audit.max_gap": 0.01}, "replications": 3},
    ],
    ids=["lever-changes", "guide", "audit-events"],
)
def test_a_csv_alone_reproduces_its_run_bit_for_bit(lending, tmp_path, spec_kwargs):
    spec = RunSpec(lending, **{"rounds": 20, "seed": 4, "overrides": SMALL, **spec_kwargs})
    original = csv_text(run_replications(spec))
    path = tmp_path / "run.csv"
    path.write_text(original, encoding="utf-8")
    manifest = read_manifest(path)
    assert manifest["events"]  # each case has something to replay or to write once
    again = csv_text(run_from_manifest(manifest), final_only=manifest["final_only"])
    assert again == original


@pytest.mark.parametrize("name", bundled_names())
def test_every_bundled_scenario_reproduces_from_its_csv(tmp_path, name):
    scenario = load_scenario(name)
    spec = RunSpec(scenario, rounds=min(scenario.rounds, 40), guide=True, replications=2)
    path = tmp_path / "run.csv"
    path.write_text(csv_text(run_replications(spec)), encoding="utf-8")
    assert csv_text(run_from_manifest(read_manifest(path))) == path.read_text(encoding="utf-8")


def test_events_every_replication_logged_are_written_once():
    pulled = {"round": 3, "key": "k", "old": 0, "new": 1, "who": "user"}
    audit = {"round": 5, "key": "audit.deploy", "old": "a", "new": "b", "who": "audit"}
    assert shared_events([[pulled, audit], [pulled]]) == [pulled, {"replication": 0, **audit}]
    assert shared_events([[pulled], [pulled], [pulled]]) == [pulled]


def test_same_run_same_bytes(lending):
    spec = RunSpec(lending, rounds=15, overrides=SMALL, replications=2)
    assert csv_text(run_replications(spec)) == csv_text(run_replications(spec))


def test_reading_something_else_is_a_clear_error(tmp_path):
    other = tmp_path / "other.csv"
    other.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(BiasLoopError, match="not a bias-loop CSV"):
        read_manifest(other)
    broken = tmp_path / "broken.csv"
    broken.write_text('# seed = "unterminated\nreplication,round\n', encoding="utf-8")
    with pytest.raises(BiasLoopError, match="line 1"):
        read_manifest(broken)
    with pytest.raises(BiasLoopError, match="cannot read"):
        read_manifest(tmp_path / "missing.csv")


# --- atomic writes ---------------------------------------------------------------------------


def test_atomic_write_replaces_the_file_whole(tmp_path):
    path = tmp_path / "out.csv"
    path.write_text("old", encoding="utf-8")
    with atomic_open(path, encoding="utf-8") as handle:
        handle.write("new")
        assert path.read_text(encoding="utf-8") == "old"  # nothing visible until the end
    assert path.read_text(encoding="utf-8") == "new"
    assert os.listdir(tmp_path) == ["out.csv"]
    umask = os.umask(0)
    os.umask(umask)
    assert path.stat().st_mode & 0o777 == 0o666 & ~umask  # not a private temp file's 0600


def test_a_failed_write_leaves_no_file_and_no_temp(tmp_path):
    path = tmp_path / "out.csv"
    with pytest.raises(RuntimeError), atomic_open(path, encoding="utf-8") as handle:
        handle.write("half")
        raise RuntimeError("boom")
    assert os.listdir(tmp_path) == []


@pytest.mark.parametrize(
    ("name", "fragment"),
    [("missing/out.csv", "does not exist"), (".", "is a folder"), ("file.txt/out.csv",
                                                                    "is not a folder")],
)
def test_unwritable_paths_are_named(tmp_path, name, fragment):
    (tmp_path / "file.txt").write_text("x", encoding="utf-8")
    with pytest.raises(BiasLoopError, match=fragment):
        check_writable(tmp_path / name)
    with pytest.raises(BiasLoopError, match=fragment), atomic_open(tmp_path / name):
        pass
    assert sorted(os.listdir(tmp_path)) == ["file.txt"]


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0,
                    reason="needs file permissions that apply (not root)")
def test_a_folder_without_permission_is_named(tmp_path):
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o500)
    with pytest.raises(BiasLoopError, match="permission denied"):
        check_writable(locked / "out.csv")


def test_a_thinned_run_says_so_in_its_manifest(monkeypatch):
    """Past the recorder's cap older rounds are thinned: the CSV says the rows are not
    consecutive, and the round column says which rounds they are."""
    import simulator.engine as engine
    from simulator.recorder import Recorder

    monkeypatch.setattr(engine, "Recorder",
                        lambda columns, **kw: Recorder(columns, max_rows=40, **kw))
    sim = Simulation(load_scenario("policing"), seed=2)
    sim.run(100)
    out = io.StringIO()
    write_csv(out, [sim])
    text = out.getvalue()
    assert "# thinned = " in text
    rounds = [int(line.split(",")[1]) for line in text.splitlines()
              if line and line[0].isdigit()]
    assert rounds[-1] == 100 and len(rounds) < 100 and rounds == sorted(set(rounds))
    assert 2 in set(np.diff(rounds))  # a gap where rows were thinned
    plain = Simulation(load_scenario("policing"), seed=2)
    plain.run(30)
    out = io.StringIO()
    write_csv(out, [plain])
    assert "thinned" not in out.getvalue()
