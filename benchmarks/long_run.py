"""A long headless run: resident memory and speed every 100,000 rounds (both should stay flat).

Run: python benchmarks/long_run.py [--scenario lending] [--rounds 1000000]
"""

from __future__ import annotations

import argparse
import time

from resident import current_rss, peak_rss

from simulator import Simulation, load_scenario


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenario", default="lending")
    parser.add_argument("--rounds", type=int, default=1_000_000)
    parser.add_argument("--every", type=int, default=100_000)
    args = parser.parse_args()
    sim = Simulation(load_scenario(args.scenario), seed=1)
    print(f"{args.scenario}: start rss={current_rss():.0f} MB")
    while sim.round < args.rounds:
        start = time.perf_counter()
        sim.run(min(args.every, args.rounds - sim.round))
        rate = args.every / (time.perf_counter() - start)
        print(f"round={sim.round:>9,} rss={current_rss():6.0f} MB rounds/s={rate:7.0f} "
              f"recorded_rows={len(sim.recorder):,}", flush=True)
    print(f"peak rss={peak_rss():.0f} MB")


if __name__ == "__main__":
    main()
