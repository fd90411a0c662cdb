"""Memory of a long headless run: does it stay bounded?

A run keeps its recorder (every metric, every round) and its training data (a count tensor with
a bounded ring of per-round slices), so memory should grow only by the recorder's few hundred
bytes per round. This script plays the bundled lending scenario for 100,000 rounds and prints
the resident memory (RSS) at checkpoints and the peak (``resource.getrusage``'s ``ru_maxrss``).

    python benchmarks/memory.py [--rounds 100000]

Targets: benchmarks/README.md. Run it in its own process: the peak covers the whole process.
"""

from __future__ import annotations

import argparse
import platform
import time

from resident import current_rss, peak_rss

from simulator import Simulation, load_scenario


def report(label: str, rounds: int) -> None:
    rss = current_rss()
    now = f"{rss:7.1f} MB" if rss is not None else "    n/a"
    print(f"rounds={rounds:<7} rss={now}  peak={peak_rss():7.1f} MB  ({label})", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=100_000)
    args = parser.parse_args()

    print(f"Python {platform.python_version()} on {platform.system()} {platform.machine()}; "
          f"lending scenario, {args.rounds} rounds, headless")
    report("after imports", 0)
    sim = Simulation(load_scenario("lending"), seed=1)
    report("after set-up", 0)
    checkpoints = sorted({c for c in (1_000, 10_000, 25_000, 50_000, 75_000) if c < args.rounds}
                         | {args.rounds})
    start = time.perf_counter()
    for checkpoint in checkpoints:
        sim.run(checkpoint - sim.round)
        report(f"{time.perf_counter() - start:.1f} s", sim.round)
    columns = len(sim.recorder.columns)
    print(f"recorded {len(sim.recorder)} rounds x {columns} metrics; "
          f"events logged: {len(sim.events)}")
    print(f"peak resident memory: {peak_rss():.1f} MB")


if __name__ == "__main__":
    main()
