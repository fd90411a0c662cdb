"""Ctrl+C in ``bias-loop run``: it stops at once, writes what finished with a note of what did
not, exits 130, and neither it nor its workers print a traceback.

Each test runs ``python -m bias_loop`` with its stderr on a pseudo-terminal, as a user sees it:
the progress line shows there, and the test presses Ctrl+C once the line shows some progress.
The signal goes to the whole process group, as the terminal's Ctrl+C does, so the workers get
it too.
"""

from __future__ import annotations

import csv
import os
import pty
import re
import select
import signal
import subprocess
import sys
import time

import pytest

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")


class Terminal:
    """``bias-loop ARGS`` with stderr on a pseudo-terminal."""

    def __init__(self, cwd, *argv: str):
        self.screen, slave = pty.openpty()
        self.child = subprocess.Popen([sys.executable, "-m", "bias_loop", *argv], cwd=cwd,
                                      stdout=subprocess.DEVNULL, stderr=slave,
                                      start_new_session=True)
        os.close(slave)
        self.text = ""

    def read_until(self, pattern: str, timeout: float = 60) -> re.Match:
        deadline = time.monotonic() + timeout
        while not (match := re.search(pattern, self.text)):
            assert time.monotonic() < deadline, f"no {pattern!r} in {self.text!r}"
            if select.select([self.screen], [], [], 0.1)[0]:
                self.text += os.read(self.screen, 4096).decode()
        return match

    def ctrl_c(self) -> int:
        os.killpg(self.child.pid, signal.SIGINT)
        status = self.child.wait(timeout=30)
        try:
            while chunk := os.read(self.screen, 4096):
                self.text += chunk.decode()
        except OSError:  # the terminal closed with the program
            pass
        os.close(self.screen)
        return status


def read_csv(path) -> tuple[list[str], list[dict[str, str]]]:
    lines = path.read_text(encoding="utf-8").splitlines()
    notes = [line[2:] for line in lines if line.startswith("# ")]
    return notes, list(csv.DictReader(line for line in lines if not line.startswith("#")))


@pytest.mark.slow
def test_ctrl_c_keeps_the_replications_that_finished(tmp_path):
    term = Terminal(tmp_path, "run", "lending", "--replications", "6", "--jobs", "2",
                    "--rounds", "2000", "--out", "run.csv")
    term.read_until(r"\] [1-5]/6 replications")
    assert term.ctrl_c() == 130
    assert "Traceback" not in term.text
    assert os.listdir(tmp_path) == ["run.csv"]  # no temporary file left behind
    notes, rows = read_csv(tmp_path / "run.csv")
    finished = sorted({int(r["replication"]) for r in rows})
    missing = [int(n.split(" = ")[1]) for n in notes if n.startswith("missing replication")]
    assert 1 <= len(finished) < 6 and sorted(finished + missing) == list(range(6))
    for rep in finished:  # only whole replications
        rounds = [int(r["round"]) for r in rows if int(r["replication"]) == rep]
        assert rounds == list(range(1, 2001))
    note = f"{len(missing)} of 6 replications did not finish"
    assert any(n.startswith(f'interrupted = "{note}') for n in notes)
    assert f"bias-loop: interrupted: {note}" in term.text


def test_ctrl_c_stops_a_long_run_after_a_whole_round(tmp_path):
    term = Terminal(tmp_path, "run", "policing", "--rounds", "5000000", "--out", "run.csv")
    term.read_until(r"\] \d+/5000000 rounds")
    assert term.ctrl_c() == 130
    assert "Traceback" not in term.text
    notes, rows = read_csv(tmp_path / "run.csv")
    played = int(next(n for n in notes if n.startswith("rounds = ")).split(" = ")[1])
    assert 0 < played < 5_000_000
    assert [int(r["round"]) for r in rows] == list(range(1, played + 1))
    stopped = f"stopped at round {played} of 5000000"
    assert f'interrupted = "{stopped}; the rows stop there"' in notes
    assert f"bias-loop: interrupted: {stopped}" in term.text


def test_ctrl_c_stops_a_saved_run_played_on(tmp_path):
    """`run --from-run FILE --rounds N` shows its progress over all N rounds and stops
    cleanly too, saved rounds or not."""
    from bias_loop.cli import main

    assert main(["run", "policing", "--rounds", "50", "--save-run",
                 str(tmp_path / "saved.toml"), "--out", str(tmp_path / "first.csv")]) == 0
    term = Terminal(tmp_path, "run", "--from-run", "saved.toml", "--rounds", "5000000",
                    "--out", "more.csv")
    term.read_until(r"\] \d+/5000000 rounds")
    assert term.ctrl_c() == 130
    assert "Traceback" not in term.text
    notes, rows = read_csv(tmp_path / "more.csv")
    played = int(next(n for n in notes if n.startswith("rounds = ")).split(" = ")[1])
    assert 0 < played < 5_000_000
    assert [int(r["round"]) for r in rows] == list(range(1, played + 1))
    assert f"bias-loop: interrupted: stopped at round {played} of 5000000" in term.text
