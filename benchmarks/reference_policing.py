"""The floor for policing: the allocation kind's arithmetic at the bundled policing settings
(Ensign et al.'s urn, Bernoulli discovery, records forgotten at 2 % a round, no lever), for any
number of regions, as one tight numpy loop.

It does the kind's work and nothing else: the same draws from the same random streams in the
same order (patrols, discoveries, reports, forgetting), the estimate updated every round, and
every metric column (each region's allocation, true and data shares, discoveries and reports,
and the allocation gap) written into a preallocated row. It is checked by reproducing the
engine's table for the same seed bit for bit, at 2 regions (the bundled scenario) and at 128
(``python benchmarks/reference_policing.py``).

Written against the allocation kind of model version 3; frozen: optimise the kind against it,
never the other way round.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from simulator.streams import stream_seed  # noqa: E402

PATROLS, DECAY = 200, 0.02
METRICS = ("allocation_share", "true_share", "data_share", "discovered", "reported")


def world(regions: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(rates, priors, report rates): the bundled scenario's two regions, or ``regions``
    regions with rates spread from 0.05 to 0.15 around them."""
    if regions == 2:
        return np.array([0.12, 0.08]), np.array([30, 20]), np.array([24.0, 16.0])
    rates = np.linspace(0.05, 0.15, regions)
    return rates, np.full(regions, 10), 200.0 * rates


def region_ids(regions: int) -> list[str]:
    return ["north", "south"] if regions == 2 else [f"r{i}" for i in range(regions)]


def columns(regions: int) -> list[str]:
    ids = region_ids(regions)
    return [f"{m}_{g}" for m in METRICS for g in ids] + ["allocation_gap"]


def scenario(regions: int):
    """The engine's scenario for the same world: the bundled one, or one with more regions."""
    from simulator import load_scenario, parse_scenario

    if regions == 2:
        return load_scenario("policing")
    rates, priors, reports = world(regions)
    text = ['[scenario]\nid = "regions"\nkind = "allocation"\ntitle = "t"\nsummary = "s"']
    for gid, rate, prior, report in zip(region_ids(regions), rates, priors, reports,
                                        strict=True):
        text.append(f'[[groups]]\nid = "{gid}"\nrate = {float(rate)!r}\nprior = {int(prior)}\n'
                    f"report_rate = {float(report)!r}")
    text.append(f'[params]\n"world.patrols" = {PATROLS}\n"data.decay" = {DECAY}')
    return parse_scenario("\n\n".join(text))


def run(seed: int, rounds: int, regions: int = 2) -> np.ndarray:
    """The ``[rounds, columns]`` table of a policing run with ``seed``."""
    patrol, report, decay = (np.random.Generator(np.random.PCG64(stream_seed(seed, 0, name)))
                             for name in ("patrol", "report", "decay"))
    rates, priors, report_rates = world(regions)
    truth = rates / rates.sum()
    records = np.zeros((2, regions), dtype=np.int64)
    records[0] = priors
    table = np.empty((rounds, 5 * regions + 1))
    for r in range(rounds):
        discovered_records = 1.0 * records[0] + 0.0 * records[1]
        belief = discovered_records / discovered_records.sum()
        q = 1.0 * belief + 0.0 / regions
        q = q / q.sum()
        discovered = patrol.binomial(patrol.multinomial(PATROLS, q), rates)
        reported = report.poisson(report_rates)
        records[0] += discovered
        records[1] += reported
        records -= decay.binomial(records, DECAY)
        n = 1.0 * records[0] + 0.0 * records[1]
        row = table[r]
        row[:regions] = q
        row[regions:2 * regions] = truth
        row[2 * regions:3 * regions] = n / n.sum()
        row[3 * regions:4 * regions] = discovered
        row[4 * regions:5 * regions] = reported
        row[-1] = 0.5 * np.abs(q - truth).sum()
    return table


def engine_table(seed: int, rounds: int, regions: int = 2) -> np.ndarray:
    """The same run through the engine, columns in :func:`columns`' order."""
    from simulator import Simulation

    sim = Simulation(scenario(regions), seed=seed)
    sim.run(rounds)
    return np.column_stack([sim.recorder.series(c) for c in columns(regions)])


if __name__ == "__main__":
    for regions in (2, 128):
        for seed in (1, 2):
            same = np.array_equal(run(seed, 500, regions), engine_table(seed, 500, regions))
            print(f"{regions} regions, seed {seed}: the reference loop "
                  f"{'is' if same else 'is NOT'} the engine's run, bit for bit, over 500 rounds")
