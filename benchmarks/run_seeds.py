"""What the GUI's Run 20 seeds costs against one run (issue 18: "about the time of two runs").

    python benchmarks/run_seeds.py [--repeats 3] [--count 20] [SCENARIO ...]

For each scenario, timed alternately in this process:

  * Run 20 seeds as the window does it: ``Session.run_seeds(count)``, from the click to the
    band being ready (``seeds_finished``), the Qt event loop turning meanwhile; wall time, and
    CPU time of this process and of the worker processes together;
  * the reference, one run of the same scenario played here headless (``runs.play``): the
    "one run" the target counts in; wall and CPU.

Medians of ``--repeats``; the ratio is of wall times, as a user waits on the wall clock (the
workers run in parallel), with the CPU ratio beside it. Runs on Qt's offscreen platform unless
QT_QPA_PLATFORM says otherwise.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtCore import QEventLoop, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from simulator import load_scenario  # noqa: E402
from simulator.runs import play  # noqa: E402
from ui.session import Session  # noqa: E402

SCENARIOS = ("lending", "moderation", "policing", "model_collapse")


def clocks() -> tuple[float, float]:
    """(CPU seconds of this process and its finished children, wall seconds)."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system, time.perf_counter()


def seeds_time(session: Session, count: int) -> tuple[float, float]:
    loop = QEventLoop()
    outcome = []
    session.seeds_finished.connect(lambda why: (outcome.append(why), loop.quit()))
    cpu0, wall0 = clocks()
    session.run_seeds(count)
    QTimer.singleShot(120_000, loop.quit)  # a hung pool must not hang the benchmark
    loop.exec()
    wall1 = time.perf_counter()
    while multiprocessing.active_children():  # workers' CPU counts once they are reaped
        time.sleep(0.01)
    cpu1, _ = clocks()
    session.seeds_finished.disconnect()
    if outcome != [""]:
        raise SystemExit(f"Run {count} seeds did not finish: {outcome}")
    return cpu1 - cpu0, wall1 - wall0


def one_run_time(session: Session) -> tuple[float, float]:
    spec = session.replication_spec(1)
    cpu0, wall0 = clocks()
    play(spec)
    cpu1, wall1 = clocks()
    return cpu1 - cpu0, wall1 - wall0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("scenarios", nargs="*", default=SCENARIOS)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--count", type=int, default=20)
    args = parser.parse_args()
    QApplication.instance() or QApplication([])
    many = f"Run {args.count} seeds cpu/wall (s)"
    print(f"{'scenario':<16} {'one run cpu/wall (s)':>21} {many:>28} {'wall ratio':>11}"
          f" {'cpu ratio':>10}")
    for name in args.scenarios:
        session = Session(load_scenario(name))
        one, many = [], []
        for _ in range(args.repeats):
            one.append(one_run_time(session))
            many.append(seeds_time(session, args.count))
        cpu1, wall1 = (statistics.median(x) for x in zip(*one, strict=True))
        cpun, walln = (statistics.median(x) for x in zip(*many, strict=True))
        print(f"{name:<16} {cpu1:>10.2f} / {wall1:<9.2f} {cpun:>14.2f} / {walln:<12.2f}"
              f" {walln / wall1:>10.2f} {cpun / cpu1:>10.2f}", flush=True)


if __name__ == "__main__":
    main()
