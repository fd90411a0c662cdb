"""Ensign et al.'s own Oakland setting in the allocation kind: rates above 1 incident per visit
with Poisson discovery, one patrol a round as their one visit a day, the rates each discovery
mode allows, and a floor of records that a region never forgets."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest
from test_policing import regions

from simulator import ParamError
from simulator.engine import Simulation
from simulator.kinds.allocation_params import POISSON_RATE_MAX

OAKLAND = [3.68511, 2.816466]  # Ensign et al.'s two Oakland regions, incidents per visit
DAYS = 100


def ensign_urn(rates, priors, days, runs, rng) -> np.ndarray:
    """Ensign et al.'s urn, written from the paper: each day one officer visits a region drawn
    in proportion to its records and adds a Poisson(rate) number of discovered incidents.
    Returns the first region's share of the records after ``days``, per run."""
    records = np.tile(np.asarray(priors, dtype=float), (runs, 1))
    rates = np.asarray(rates)
    rows = np.arange(runs)
    for _ in range(days):
        visited = (rng.random(runs) >= records[:, 0] / records.sum(axis=1)).astype(int)
        records[rows, visited] += rng.poisson(rates[visited])
    return records[:, 0] / records.sum(axis=1)


@pytest.mark.slow
def test_one_patrol_a_round_is_ensigns_one_visit_a_day():
    scenario = regions(OAKLAND, [1, 1], **{"world.patrols": 1, "world.discovery": "poisson"})
    ours = []
    for seed in range(200):
        sim = Simulation(scenario, seed=seed)
        sim.run(DAYS)
        ours.append(sim.recorder.series("data_share_r0")[-1])
    ours = np.array(ours)
    reference = ensign_urn(OAKLAND, [1, 1], DAYS, 20_000, np.random.default_rng(0))
    # The share's limit is random and spread widely (most runs end near 0 or 1): compare the
    # mean and the share of runs above 0.8 within 4 standard errors of 200 runs.
    se_mean = ours.std() / np.sqrt(len(ours))
    assert abs(ours.mean() - reference.mean()) < 4 * se_mean
    p = (reference > 0.8).mean()
    assert abs((ours > 0.8).mean() - p) < 4 * np.sqrt(p * (1 - p) / len(ours))
    assert 0.1 < p < 0.9  # the statistic is not degenerate


def test_rates_above_1_need_poisson_discovery_in_a_scenario_file(tmp_path):
    path = tmp_path / "oakland.toml"
    body = ('[scenario]\nid = "oak"\nkind = "allocation"\ntitle = "t"\nsummary = "s"\n\n'
            '[[groups]]\nid = "east"\nrate = 3.68511\n\n'
            '[[groups]]\nid = "west"\nrate = 0.5\n')
    path.write_text(body)
    result = subprocess.run([sys.executable, "-m", "bias_loop", "validate", str(path)],
                            capture_output=True, text=True)
    assert result.returncode == 2
    assert "line 9: groups.east.rate: 3.68511 is above 1" in result.stderr
    assert "poisson" in result.stderr and "west" not in result.stderr
    assert "Traceback" not in result.stderr
    path.write_text(body + '\n[params]\n"world.discovery" = "poisson"\n')
    result = subprocess.run([sys.executable, "-m", "bias_loop", "validate", str(path)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_the_poisson_bound_is_at_least_10_and_enforced():
    assert POISSON_RATE_MAX >= 10
    scenario = regions([0.5, 0.5], [1, 1], **{"world.discovery": "poisson"})
    Simulation(scenario, overrides={"groups.r0.rate": POISSON_RATE_MAX})
    with pytest.raises(ParamError, match="groups.r0.rate"):
        Simulation(scenario, overrides={"groups.r0.rate": POISSON_RATE_MAX + 1})


def test_a_change_of_discovery_mode_that_leaves_a_rate_out_of_range_is_refused():
    sim = Simulation(regions(OAKLAND, [1, 1], **{"world.discovery": "poisson"}), seed=1)
    sim.run(2)
    with pytest.raises(ParamError, match=r"world.discovery cannot be 'bernoulli' now: "
                                         r"groups.r0.rate: 3.68511 is above 1"):
        sim.set_param("world.discovery", "bernoulli")
    sim.run(1)
    assert sim.params["world.discovery"] == "poisson" and not sim.events
    # Lowering the rates first makes the change allowed.
    sim.set_param("groups.r0.rate", 0.3)
    sim.set_param("groups.r1.rate", 0.2)
    sim.set_param("world.discovery", "bernoulli")
    sim.run(1)
    assert sim.params["world.discovery"] == "bernoulli"
    with pytest.raises(ParamError, match="groups.r1.rate cannot be 1.5 now"):
        sim.set_param("groups.r1.rate", 1.5)
    with pytest.raises(ParamError, match="groups.r0.rate"):
        Simulation(regions([0.3, 0.2], [1, 1]), overrides={"groups.r0.rate": 2.0})


def test_a_floor_of_records_lets_the_correction_bring_a_forgotten_region_back():
    """South's few records decay to nothing in some runs; without a floor it is never
    patrolled again, even with the correction; with one record kept it comes back towards its
    true share (0.4)."""
    base = {"world.patrols": 50, "data.decay": 0.05, "mitigation.correction": True}

    def south(floor):
        scenario = regions([0.12, 0.08], [40, 2], **base, **{"data.record_floor": floor})
        out = []
        for seed in range(10):
            sim = Simulation(scenario, seed=seed)
            sim.run(400)
            out.append(sim.recorder.series("allocation_share_r1")[-1])
        return np.array(out)

    without, with_floor = south(0), south(1)
    assert (without == 0).sum() >= 2  # lost for good
    assert with_floor.min() > 0.2
    assert abs(np.median(with_floor) - 0.4) < 0.05


def test_the_floor_applies_from_the_start_and_after_forgetting():
    scenario = regions([0.1, 0.1], [0, 5], **{"data.record_floor": 3, "data.decay": 1.0})
    sim = Simulation(scenario, seed=1)
    assert sim.state.records[0].tolist() == [3, 5]
    sim.run(1)
    assert sim.state.records[0].tolist() == [3, 3]  # everything forgotten but the floor
