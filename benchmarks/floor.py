"""How far each kind is from its floor: the engine's rounds/s against a reference loop doing the
same arithmetic (``benchmarks/reference_*.py``), measured in the same run.

A shared machine's speed changes from minute to minute, so a figure on its own says little; a
ratio to a reference timed alternately with it, in the same process, says how much the engine
adds. Each pair is timed ``--repeats`` times, A and B interleaved, as CPU time (the process's,
so other load on the machine counts less) beside wall time; the medians are printed, and the
ratio of the engine's CPU time per round to the reference's. The target is a ratio of 1.5 or
less. The decisions scenarios (lending, hiring, moderation) are timed at their bundled number
of applicants and at 1,000,000, policing at 2 and 128 regions. Model collapse has an absolute
target instead (5,000 generations a second with three groups), printed last.

    python benchmarks/floor.py [--rounds 1000] [--repeats 5]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import reference_hiring  # noqa: E402
import reference_lending  # noqa: E402
import reference_moderation  # noqa: E402
import reference_policing  # noqa: E402

from simulator import Simulation, load_scenario  # noqa: E402


def decisions_pair(scenario_id: str, reference_module, applicants: int, rounds: int):
    """(engine, reference): each plays ``rounds`` rounds of a decisions scenario at
    ``applicants``."""
    settings = {**reference_module.SETTINGS, "applicants": applicants}

    def engine(seed):
        Simulation(load_scenario(scenario_id), seed=seed,
                   overrides={"world.applicants": applicants}).run(rounds)

    def reference(seed):
        reference_module.run(seed, rounds, settings)

    return engine, reference


def policing_pair(regions: int, rounds: int):
    scenario = reference_policing.scenario(regions)

    def engine(seed):
        Simulation(scenario, seed=seed).run(rounds)

    def reference(seed):
        reference_policing.run(seed, rounds, regions)

    return engine, reference


DECISIONS = (("lending", reference_lending, 1_000), ("hiring", reference_hiring, 20_000),
             ("moderation", reference_moderation, 5_000))

PAIRS = {
    **{f"{sid}, {n:,} applicants": partial(decisions_pair, sid, ref, n)
       for sid, ref, default in DECISIONS for n in (default, 1_000_000)},
    "policing, 2 regions": lambda rounds: policing_pair(2, rounds),
    "policing, 128 regions": lambda rounds: policing_pair(128, rounds),
}


def collapse_rate(rounds: int, repeats: int) -> tuple[float, float]:
    """Generations per second of CPU and of wall time, model collapse with its three groups
    (an absolute target: 5,000 a second)."""
    cpu, wall = [], []
    for seed in range(1, repeats + 1):
        c, w = timed(lambda s: Simulation(load_scenario("model_collapse"), seed=s).run(rounds),
                     seed)
        cpu.append(rounds / c)
        wall.append(rounds / w)
    return statistics.median(cpu), statistics.median(wall)


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
    cpu_rate, wall_rate = collapse_rate(args.rounds, args.repeats)
    print(f"model collapse, 3 groups: {cpu_rate:,.0f} generations per CPU second "
          f"({wall_rate:,.0f} per wall second; target 5,000)")


if __name__ == "__main__":
    main()
