"""A long headless run: resident memory and speed every 100,000 rounds (both should stay flat).

Run: python benchmarks/long_run.py [--scenario lending] [--rounds 1000000]
"""

from __future__ import annotations

import argparse
import resource
import time

from simulator import Simulation, load_scenario


def rss_mb() -> float:
    """Current resident memory (Linux), from /proc; peak from getrusage as a fallback."""
    try:
        with open("/proc/self/statm") as f:
            pages = int(f.read().split()[1])
        return pages * resource.getpagesize() / 2**20
    except OSError:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenario", default="lending")
    parser.add_argument("--rounds", type=int, default=1_000_000)
    parser.add_argument("--every", type=int, default=100_000)
    args = parser.parse_args()
    sim = Simulation(load_scenario(args.scenario), seed=1)
    print(f"{args.scenario}: start rss={rss_mb():.0f} MB")
    while sim.round < args.rounds:
        start = time.perf_counter()
        sim.run(min(args.every, args.rounds - sim.round))
        rate = args.every / (time.perf_counter() - start)
        print(f"round={sim.round:>9,} rss={rss_mb():6.0f} MB rounds/s={rate:7.0f} "
              f"recorded_rows={len(sim.recorder):,}", flush=True)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak rss={peak:.0f} MB")


if __name__ == "__main__":
    main()
