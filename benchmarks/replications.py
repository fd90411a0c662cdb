"""What twenty replications cost against one: ``bias-loop run SCENARIO --replications K
--jobs 1`` as a whole process (start-up included), K = 1 and K = 20, timed alternately.

The target is a ratio of at most 2.5 (twenty seeds for the price of two and a half): kinds that
keep their replications side by side in one state (``replicated``, see
``simulator/kinds/replicas.py``) advance them in one pass of array operations a round, each
drawing from its own streams; the others play them one by one. Each figure is the median over
``--repeats`` pairs of the children's CPU time (user + system, so other load on the machine
counts less) beside their wall time.

    python benchmarks/replications.py [--repeats 5] [--many 20] [SCENARIO ...]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SCENARIOS = ("lending", "hiring", "moderation", "health_risk", "policing", "model_collapse",
             "knowledge_commons", "recommender")


def timed(scenario: str, replications: int, out: Path) -> tuple[float, float]:
    """(CPU seconds, wall seconds) of one ``bias-loop run`` process."""
    before = os.times()
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "bias_loop", "run", scenario, "--replications",
                    str(replications), "--jobs", "1", "--out", str(out)],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = os.times()
    cpu = (after.children_user - before.children_user
           + after.children_system - before.children_system)
    return cpu, wall


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("scenarios", nargs="*", default=SCENARIOS)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--many", type=int, default=20, help="replications to compare with 1")
    args = parser.parse_args()
    print(f"{'scenario':<18} {'1 run cpu/wall (s)':>20} {f'{args.many} runs cpu/wall (s)':>21}"
          f" {'ratio (cpu)':>12}")
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "run.csv"
        for scenario in args.scenarios:
            one, many = [], []
            for _ in range(args.repeats):
                one.append(timed(scenario, 1, out))
                many.append(timed(scenario, args.many, out))
            cpu1, wall1 = (statistics.median(x) for x in zip(*one, strict=True))
            cpun, walln = (statistics.median(x) for x in zip(*many, strict=True))
            print(f"{scenario:<18} {cpu1:>9.2f} / {wall1:<9.2f} {cpun:>9.2f} / {walln:<10.2f}"
                  f" {cpun / cpu1:>11.2f}")


if __name__ == "__main__":
    main()
