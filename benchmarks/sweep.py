"""Sweep throughput: runs/s of a 1,000-run lending sweep on 1 process and on every core.

Prints plain lines; the target is near-linear scaling in the number of cores.
Run: python benchmarks/sweep.py [--runs 1000] [--rounds 100]
"""

from __future__ import annotations

import argparse
import os
import time

from simulator import load_scenario
from simulator.sweep import Sweep, run_sweep


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=100)
    args = parser.parse_args()
    points = 10
    grid = (("mitigation.label_audit", tuple(i / (points - 1) for i in range(points))),)
    sweep = Sweep(load_scenario("lending"), grid, replications=args.runs // points,
                  rounds=args.rounds)
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    rates = {}
    for jobs in sorted({1, cores}):
        start = time.perf_counter()
        result = run_sweep(sweep, jobs=jobs)
        elapsed = time.perf_counter() - start
        assert not result.missing
        rates[jobs] = sweep.task_count() / elapsed
        print(f"jobs={jobs} runs={sweep.task_count()} rounds/run={args.rounds} "
              f"seconds={elapsed:.1f} runs/s={rates[jobs]:.1f}")
    if len(rates) > 1:
        print(f"speed-up on {cores} cores: {rates[cores] / rates[1]:.2f}x")


if __name__ == "__main__":
    main()
