"""The bundled presets against the papers' own models.

Each preset's reference value is derived here from a small, independent implementation of the
paper's model (not from the simulator), so a preset cannot be tuned to what the simulator
gives; then every bundled preset is run with ``--check`` over its replications.

* Ensign et al. 2018, the Pólya urn: one record per visit, one of each at the start: the share
  is uniform on [0, 1] in the limit (Beta(1, 1)).
* Ensign et al. 2018, Oakland: a visit goes to a region with probability its share of the
  records, discovers Poisson(λ) incidents there, each record is then forgotten with
  probability δ, at least one kept per region (the authors' urn code).
* Shumailov et al. 2024, one Gaussian, M items a generation: the fitted variance after round t
  is σ² · ∏ X_i over t + 1 fits, X_i ~ χ²_{M−1} / (M − 1) (unbiased) or / M (ML).
"""

import numpy as np
import pytest

from simulator import load_scenario
from simulator.presets import check_preset, preset_spec
from simulator.runs import run_replications
from simulator.scenario import Expectation

BUNDLED = [(s, p.id) for s in ("policing", "model_collapse", "lending", "moderation", "hiring",
                     "knowledge_commons")
           for p in load_scenario(s).presets]


def expectation(scenario: str, preset: str, k: int = 0) -> Expectation:
    return load_scenario(scenario).preset(preset).expect[k]


def reference_statistic(e: Expectation, finals: np.ndarray) -> float:
    """The statistic an expectation names, computed here from the reference's final values."""
    if e.statistic == "share_above":
        return float((finals > e.above).mean())
    if e.statistic == "quantile":
        return float(np.quantile(finals, e.q))
    return float(finals.mean())


def oakland_urn(prior, rates, days, decay, floor, runs, seed=0) -> np.ndarray:
    """Final north share of ``runs`` independent Ensign urns."""
    rng = np.random.default_rng(seed)
    records = np.tile(np.asarray(prior, dtype=float), (runs, 1))
    for _ in range(days):
        north = rng.random(runs) < records[:, 0] / records.sum(axis=1)
        found = rng.poisson(np.where(north, rates[0], rates[1]))
        records[north, 0] += found[north]
        records[~north, 1] += found[~north]
        if decay:
            forgotten = rng.binomial(records.astype(np.int64), decay)
            records = np.maximum(records - forgotten, floor)
    return records[:, 0] / records.sum(axis=1)


def test_the_polya_presets_references_are_the_uniform_distributions():
    for k, exact in enumerate([0.5, 0.2, 0.25]):  # mean, P(share > 0.8), quartile
        assert expectation("policing", "polya_uniform", k).value == pytest.approx(exact)


@pytest.mark.slow
def test_the_oakland_presets_references_are_ensigns_urn():
    finals = oakland_urn((609, 379), (3.68511, 2.816466), 1000, 0.01, 1, runs=4000)
    for k, tolerance in ((0, 0.005), (1, 0.01)):
        e = expectation("policing", "ensign_oakland", k)
        assert e.value == pytest.approx(reference_statistic(e, finals), abs=tolerance)
    truth = 3.68511 / (3.68511 + 2.816466)
    assert expectation("policing", "ensign_oakland_fix").value == pytest.approx(truth, abs=0.001)


@pytest.mark.parametrize(("preset", "divisor_offset"), [
    ("shumailov_unbiased", 1), ("shumailov_ml", 0), ("shumailov_long", 1)])
def test_the_shumailov_presets_references_are_products_of_chi_squares(preset, divisor_offset):
    scenario = load_scenario("model_collapse")
    p = scenario.preset(preset)
    items = p.set["world.items"]
    rng = np.random.default_rng(0)
    runs = 100_000 if p.rounds <= 100 else 20_000
    log_var = np.zeros(runs)
    for _ in range(p.rounds + 1):  # generation 0 is fitted to the real world
        log_var += np.log(rng.chisquare(items - 1, runs) / (items - divisor_offset))
    e = p.expect[0]
    assert e.value == pytest.approx(reference_statistic(e, np.exp(log_var / 2)), abs=0.01)


@pytest.mark.slow
@pytest.mark.parametrize(("scenario", "preset"), BUNDLED)
def test_every_bundled_preset_gives_its_papers_result(scenario, preset):
    s = load_scenario(scenario)
    p = s.preset(preset)
    results = run_replications(preset_spec(s, p))
    for check in check_preset(p, results):
        assert check.holds, check.describe()
