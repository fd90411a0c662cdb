"""How far each kind is from its floor: the engine's rounds/s against a reference loop doing the
same arithmetic (``benchmarks/reference_*.py``), measured in the same run.

A shared machine's speed changes from minute to minute, so a figure on its own says little; a
ratio to a reference timed alternately with it, in the same process, says how much the engine
adds. Each pair is timed ``--repeats`` times, A and B interleaved, as CPU time (the process's,
so other load on the machine counts less) beside wall time; the medians are printed, and the
ratio of the engine's CPU time per round to the reference's. The target is a ratio of 1.5 or
less (issue: rounds at the numpy floor).

    python benchmarks/floor.py [--rounds 1000] [--repeats 5]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import reference_lending  # noqa: E402

from simulator import Simulation, load_scenario  # noqa: E402


def lending_pair(applicants: int, rounds: int):
    """(engine, reference): each plays ``rounds`` rounds of lending at ``applicants``."""
    settings = {**reference_lending.SETTINGS, "applicants": applicants}

    def engine(seed):
        Simulation(load_scenario("lending"), seed=seed,
                   overrides={"world.applicants": applicants}).run(rounds)

    def reference(seed):
        reference_lending.run(seed, rounds, settings)

    return engine, reference


PAIRS = {
    "lending, 1,000 applicants": lambda rounds: lending_pair(1_000, rounds),
    "lending, 1,000,000 applicants": lambda rounds: lending_pair(1_000_000, rounds),
}


def timed(fn, seed) -> tuple[float, float]:
    c0, w0 = time.process_time(), time.perf_counter()
    fn(seed)
    return time.process_time() - c0, time.perf_counter() - w0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=1000)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    print(f"{args.rounds} rounds a run, {args.repeats} interleaved runs of each; medians")
    for label, make in PAIRS.items():
        engine, reference = make(args.rounds)
        engine(0), reference(0)  # warm-up: imports, caches
        times = {"engine": [], "reference": []}
        for seed in range(1, args.repeats + 1):
            times["engine"].append(timed(engine, seed))
            times["reference"].append(timed(reference, seed))
        cpu = {k: statistics.median(c for c, _ in v) / args.rounds for k, v in times.items()}
        wall = {k: statistics.median(w for _, w in v) / args.rounds for k, v in times.items()}
        print(f"{label}: engine {1e6 * cpu['engine']:.0f} us/round CPU "
              f"({1e6 * wall['engine']:.0f} wall, {1 / cpu['engine']:,.0f} rounds/s), "
              f"reference {1e6 * cpu['reference']:.0f} us/round CPU "
              f"({1e6 * wall['reference']:.0f} wall, {1 / cpu['reference']:,.0f} rounds/s); "
              f"ratio {cpu['engine'] / cpu['reference']:.2f} (target 1.5)")


if __name__ == "__main__":
    main()
