"""Throughput of a headless run: rounds per second, and how little it depends on cohort size.

The model treats people as counts per (group, score bin) cell, so a round with a million
applicants should cost about what a round with a thousand does. This script measures that on
the bundled lending scenario, at 1,000 and 1,000,000 applicants per round with the model
retrained every 10 rounds, and prints one plain line per size, their ratio, and a per-stage
profile of where a round's time goes.

    python benchmarks/engine.py [--rounds 2000] [--repeats 3] [--no-profile]

Targets and how to read the figures: benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import cProfile
import platform
import pstats
import statistics
import time

import numpy as np
import simpy

import simulator
from simulator import Simulation, load_scenario

SIZES = (1_000, 1_000_000)
RETRAIN_EVERY = 10
WARMUP_ROUNDS = 100


def make_run(applicants: int, seed: int = 1) -> Simulation:
    overrides = {"world.applicants": applicants, "model.retrain_every": RETRAIN_EVERY}
    return Simulation(load_scenario("lending"), seed=seed, overrides=overrides)


def rounds_per_second(applicants: int, rounds: int, repeats: int) -> float:
    """Median over ``repeats`` fresh runs, each timed after a warm-up, so one-off costs
    (imports, the first fit, the recorder's first growth) stay out of the figure."""
    rates = []
    for rep in range(repeats):
        sim = make_run(applicants, seed=rep + 1)
        sim.run(WARMUP_ROUNDS)
        start = time.perf_counter()
        sim.run(rounds)
        rates.append(rounds / (time.perf_counter() - start))
    return statistics.median(rates)


def stage_profile(applicants: int, rounds: int) -> None:
    """Where a round's time goes, by stage, from cProfile's cumulative times.

    cProfile adds a cost to every Python call, so the shares are indicative: they overstate
    stages made of many small calls (simpy's event machinery) against ones spent inside numpy.
    """
    sim = make_run(applicants)
    sim.run(WARMUP_ROUNDS)
    profiler = cProfile.Profile()
    profiler.enable()
    sim.run(rounds)
    profiler.disable()
    stats = pstats.Stats(profiler).stats  # (file, line, name) -> (cc, nc, tottime, cumtime, _)
    total = sum(tt for _, _, tt, _, _ in stats.values())

    def cumulative(func) -> float:
        code = func.__code__
        key = (code.co_filename, code.co_firstlineno, code.co_name)
        return stats.get(key, (0, 0, 0.0, 0.0))[3]

    parts = {f"stage {s.name}": cumulative(s.run) for s in sim.kind.stages()}
    parts["record (measure + recorder)"] = cumulative(Simulation._record)
    parts["lever changes"] = cumulative(Simulation._apply_pending)
    parts["engine + simpy (the rest)"] = total - sum(parts.values())
    print(f"profile: applicants={applicants} rounds={rounds} "
          f"(under cProfile: {rounds / total:.0f} rounds/s)")
    for name, seconds in parts.items():
        print(f"  {name:<30} {1e6 * seconds / rounds:8.1f} us/round  {seconds / total:6.1%}")
    print("  top functions by own time:")
    top = sorted(stats.items(), key=lambda item: item[1][2], reverse=True)[:10]
    for (filename, line, name), (_, calls, tottime, _, _) in top:
        where = filename.split("site-packages/")[-1]
        if "/simulator/" in where:
            where = "simulator/" + where.rsplit("/simulator/", 1)[1]
        print(f"    {1e6 * tottime / rounds:8.1f} us/round  {calls // rounds:>4} calls/round  "
              f"{name} ({where}:{line})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=2000, help="timed rounds per repetition")
    parser.add_argument("--repeats", type=int, default=3, help="repetitions (median reported)")
    parser.add_argument("--no-profile", action="store_true", help="skip the per-stage profile")
    args = parser.parse_args()

    print(f"bias-loop {simulator.__version__}, Python {platform.python_version()}, "
          f"numpy {np.__version__}, simpy {simpy.__version__}, {platform.machine()}")
    print(f"scenario=lending model.retrain_every={RETRAIN_EVERY} rounds={args.rounds} "
          f"repeats={args.repeats} (median)")
    rates = {}
    for applicants in SIZES:
        rate = rounds_per_second(applicants, args.rounds, args.repeats)
        rates[applicants] = rate
        print(f"applicants={applicants} rounds/s={rate:.0f} decisions/s={rate * applicants:.3g}")
    small, large = rates[SIZES[0]], rates[SIZES[-1]]
    print(f"ratio rounds/s {SIZES[0]} / {SIZES[-1]} = {small / large:.2f}")
    if not args.no_profile:
        print()
        stage_profile(SIZES[-1], min(args.rounds, 1000))


if __name__ == "__main__":
    main()
