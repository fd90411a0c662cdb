"""Paths and faults: a full disk, names too long, links, devices, killed writers and workers,
SIGTERM. Each ends as the README promises: exit status 2 (143 for SIGTERM) with a message
naming the path, nothing half-written, no stray temporary file, and never a hang."""

import errno
import os
import signal
import subprocess
import sys
import time

import pytest

import simulator.atomic as atomic
from bias_loop.cli import main
from simulator.errors import BiasLoopError
from simulator.runs import run_tasks

RUN = ["run", "lending", "--rounds", "3"]


class FullDisk:
    """A file handle on a disk that fills up: writes fail with ENOSPC."""

    def __init__(self, handle):
        self.handle = handle

    def write(self, _text):
        raise OSError(errno.ENOSPC, "No space left on device")

    def close(self):
        self.handle.close()


@pytest.fixture
def full_disk(monkeypatch):
    """Every file opened for writing after ``full_disk.after`` others is on a full disk."""
    real = os.fdopen
    state = {"opened": 0, "after": 0}

    def fdopen(fd, *args, **kwargs):
        handle = real(fd, *args, **kwargs)
        state["opened"] += 1
        return handle if state["opened"] <= state["after"] else FullDisk(handle)

    monkeypatch.setattr(atomic.os, "fdopen", fdopen)
    return state


def refused(capsys, argv, *words):
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("bias-loop: error: ") and "Traceback" not in err, err
    assert all(w in err for w in words), err
    return err


FULL = [  # (case, argv after the scenario run, files opened before the disk is full)
    ("--out", ["--out", "o.csv"], 0),
    ("--save-run", ["--save-run", "r.toml"], 0),
    ("--save-run then --out", ["--save-run", "r.toml", "--out", "o.csv"], 1),
    ("--save-run full first", ["--save-run", "r.toml", "--out", "o.csv"], 0),
    ("--replications --out", ["--replications", "2", "--out", "o.csv"], 0),
]


@pytest.mark.parametrize("case, extra, after", FULL, ids=[c[0] for c in FULL])
def test_a_full_disk_writes_nothing(case, extra, after, full_disk, tmp_path, monkeypatch,
                                    capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "o.csv").write_text("old csv", encoding="utf-8")
    (tmp_path / "r.toml").write_text("old run", encoding="utf-8")
    full_disk["after"] = after
    refused(capsys, [*RUN, *extra], "no space left on the disk", "nothing was written")
    assert sorted(os.listdir(tmp_path)) == ["o.csv", "r.toml"]  # no temporary file left
    assert (tmp_path / "o.csv").read_text(encoding="utf-8") == "old csv"
    assert (tmp_path / "r.toml").read_text(encoding="utf-8") == "old run"


def test_a_full_disk_under_a_sweep_writes_nothing(full_disk, tmp_path, capsys):
    refused(capsys, ["sweep", "policing", "--grid", "mitigation.reported_weight=0,1",
                     "--rounds", "3", "--jobs", "1", "--out", str(tmp_path / "s.csv")],
            "no space left")
    assert os.listdir(tmp_path) == []


def test_the_real_full_device_is_a_message(capsys):
    refused(capsys, [*RUN, "--out", "/dev/full"], "/dev/full", "no space left")
    assert os.path.exists("/dev/full") and not os.path.isfile("/dev/full")


def test_a_device_is_written_in_place_not_replaced(capsys):
    assert main([*RUN, "--out", os.devnull]) == 0
    assert not os.path.isfile(os.devnull)  # still the device, whoever runs the tests


NAMES = [  # (case, file name, exit status, words)
    ("300 bytes", "x" * 296 + ".csv", 2, ["is 300 bytes long; at most 255"]),
    ("300 bytes of accents", "é" * 148 + ".csv", 2, ["300 bytes long"]),
    ("250 bytes: its temporary name is shortened", "y" * 246 + ".csv", 0, []),
    ("255 bytes exactly", "z" * 251 + ".csv", 0, []),
]


@pytest.mark.parametrize("case, name, status, words", NAMES, ids=[c[0] for c in NAMES])
def test_long_file_names(case, name, status, words, tmp_path, capsys):
    assert main([*RUN, "--out", str(tmp_path / name)]) == status
    err = capsys.readouterr().err
    assert all(w in err for w in words) and "Traceback" not in err, err
    assert os.listdir(tmp_path) == ([] if status else [name])


def test_out_onto_a_link_writes_through_it(tmp_path):
    (tmp_path / "runs").mkdir()
    real = tmp_path / "runs" / "2026-12-02.csv"
    real.write_text("old", encoding="utf-8")
    (tmp_path / "latest.csv").symlink_to(real)
    assert main([*RUN, "--out", str(tmp_path / "latest.csv")]) == 0
    assert (tmp_path / "latest.csv").is_symlink()
    assert real.read_text(encoding="utf-8").startswith("# bias-loop CSV")
    assert sorted(os.listdir(tmp_path / "runs")) == ["2026-12-02.csv"]


def test_a_dangling_link_gets_its_file(tmp_path):
    (tmp_path / "latest.csv").symlink_to(tmp_path / "new.csv")
    assert main([*RUN, "--out", str(tmp_path / "latest.csv")]) == 0
    assert (tmp_path / "new.csv").read_text(encoding="utf-8").startswith("# bias-loop CSV")


def test_a_killed_writers_temporary_file_is_removed_by_the_next_write(tmp_path):
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    stale = tmp_path / f".o.csv.{dead.pid}.0123abcd.tmp"
    stale.write_text("half a CSV", encoding="utf-8")
    alive = tmp_path / f".o.csv.{os.getppid()}.0123abcd.tmp"  # a writer still running
    alive.write_text("being written", encoding="utf-8")
    other = tmp_path / ".notes.tmp"  # not ours
    other.write_text("keep", encoding="utf-8")
    assert main([*RUN, "--out", str(tmp_path / "o.csv")]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([alive.name, other.name,
                                                                   "o.csv"])


def _cli(tmp_path, *argv):
    return subprocess.Popen([sys.executable, "-m", "bias_loop", *argv], cwd=tmp_path,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)


@pytest.mark.slow
@pytest.mark.parametrize("extra", [["--rounds", "2000000"],
                                   ["--rounds", "5", "--replications", "100000", "--jobs", "2",
                                    "--final-only"]],
                         ids=["one run", "replications on 2 processes"])
def test_sigterm_writes_what_finished_and_exits_143(extra, tmp_path):
    child = _cli(tmp_path, "run", "lending", *extra, "--out", "o.csv")
    time.sleep(8)  # long enough for some rounds or replications to finish
    child.send_signal(signal.SIGTERM)
    _, err = child.communicate(timeout=60)
    assert child.returncode == 143, err
    assert "Traceback" not in err and "bias-loop: interrupted" in err
    text = (tmp_path / "o.csv").read_text(encoding="utf-8")
    assert "# interrupted = " in text
    assert sorted(os.listdir(tmp_path)) == ["o.csv"]


WORKER_FAULTS = [
    ("a task raises", [(int, ("x",))] * 3, "a run failed in a worker process: ValueError"),
    ("a worker dies", [(os._exit, (3,))] + [(time.sleep, (0.2,))] * 4,
     "a worker process stopped before finishing"),
]


@pytest.mark.parametrize("case, tasks, words", WORKER_FAULTS, ids=[c[0] for c in WORKER_FAULTS])
def test_a_failing_worker_ends_the_command_instead_of_hanging(case, tasks, words):
    start = time.monotonic()
    with pytest.raises(BiasLoopError, match=words):
        run_tasks(tasks, 2, lambda _result: None)
    assert time.monotonic() - start < 60
