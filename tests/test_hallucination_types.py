"""Intrinsic and extrinsic hallucinations in the generative kind, and the two levers aimed at
them, against an independent item-by-item account of the thinning.

Every generated item is an extrinsic hallucination with probability h_e, otherwise an intrinsic
one with probability h_i; the output review withholds intrinsic items with probability r and
extrinsic ones with r·k (k = 0.2); the published generated content fills a share 1 − α of the
pool; while collecting, source investigation drops a share v of the extrinsic items and the
provenance filter a share d of all generated ones. The type probabilities do not depend on the
model's state, so each generation's shares in the data are independent binomial proportions of
M items: their mean over S seeds and R generations has a standard deviation of
√(p(1 − p)/(M·S·R)), and the tolerance below is four of those.
"""

import math

import numpy as np
import pytest

from simulator import Simulation, parse_scenario

ONE = parse_scenario("""
[scenario]
id = "one_gaussian"
kind = "generative"
title = "One Gaussian"
summary = "One group, to count hallucinations."

[[groups]]
id = "x"
share = 1.0
mean = 0.0
sd = 1.0
""")
ITEMS, SEEDS, ROUNDS = 400, 3, 60
REVIEW_K = 0.2


def reference(h_e, h_i, review=0.0, investigation=0.0, real=0.0, provenance=0.0):
    """Expected shares by type (published and in the data) from item masses, normalised."""
    born = {"clean": (1 - h_e) * (1 - h_i), "intrinsic": (1 - h_e) * h_i, "extrinsic": h_e}
    caught = {"clean": 0.0, "intrinsic": review, "extrinsic": review * REVIEW_K}
    published = {t: m * (1 - caught[t]) for t, m in born.items()}
    total = sum(published.values())
    published = {t: m / total for t, m in published.items()}
    kept = {"clean": 1.0, "intrinsic": 1.0, "extrinsic": 1 - investigation}
    data = {t: (1 - real) * m * (1 - provenance) * kept[t] for t, m in published.items()}
    data["real"] = real
    total = sum(data.values())
    return published, {t: m / total for t, m in data.items()}


def mean_over_runs(overrides, column) -> float:
    values = []
    for seed in range(SEEDS):
        sim = Simulation(ONE, seed=seed, overrides={"world.items": ITEMS, **overrides})
        sim.run(ROUNDS)
        values.append(sim.recorder.series(column))
    return float(np.mean(values))


def tolerance(p: float) -> float:
    return 4 * math.sqrt(p * (1 - p) / (ITEMS * SEEDS * ROUNDS))


BASE = {"bias.hallucination_rate": 0.05, "bias.intrinsic_hallucination_rate": 0.1,
        "mitigation.real_fraction": 0.1, "mitigation.provenance_filter": 0.5}
CASES = {
    "no lever": {},
    "output review": {"mitigation.output_review": 0.8},
    "source investigation": {"mitigation.source_investigation": 0.7},
    "both levers": {"mitigation.output_review": 0.5, "mitigation.source_investigation": 0.5},
}


@pytest.mark.parametrize("case", CASES)
def test_each_lever_thins_the_type_it_claims_by_the_binomial_expectation(case):
    levers = CASES[case]
    published, data = reference(0.05, 0.1, levers.get("mitigation.output_review", 0.0),
                                levers.get("mitigation.source_investigation", 0.0), 0.1, 0.5)
    over = {**BASE, **levers}
    sim = Simulation(ONE, seed=0, overrides={"world.items": ITEMS, **over})
    sim.run(1)
    for kind in ("intrinsic", "extrinsic"):
        assert sim.recorder.series(f"{kind}_published")[-1] == pytest.approx(published[kind],
                                                                             rel=1e-12)
    for column, p in (("intrinsic_data", data["intrinsic"]),
                      ("extrinsic_data", data["extrinsic"]), ("real_share", data["real"]),
                      ("hallucinated_share", data["intrinsic"] + data["extrinsic"])):
        assert mean_over_runs(over, column) == pytest.approx(p, abs=tolerance(p)), column


def test_the_levers_move_the_numbers_a_reader_would_quote():
    """Reviewing at 0.8 leaves a fifth of the intrinsic items but 84 % of the extrinsic ones;
    investigating at 0.7 removes 70 % of the extrinsic ones and raises the real share."""
    (plain, _), (reviewed, _) = reference(0.05, 0.1), reference(0.05, 0.1, review=0.8)
    assert plain["intrinsic"] == pytest.approx(0.095)
    assert reviewed["intrinsic"] < 0.25 * plain["intrinsic"]
    assert reviewed["extrinsic"] > 0.9 * plain["extrinsic"]
    _, before = reference(0.05, 0.1, real=0.1, provenance=0.5)
    _, after = reference(0.05, 0.1, investigation=0.7, real=0.1, provenance=0.5)
    assert after["extrinsic"] < 0.35 * before["extrinsic"]
    assert after["real"] > before["real"]


def test_settings_without_the_new_rates_have_no_intrinsic_hallucinations():
    """An old file sets only ``bias.hallucination_rate``: all its hallucinations are
    extrinsic, and the new columns say so every generation."""
    sim = Simulation(ONE, seed=4, overrides={"world.items": ITEMS,
                                             "bias.hallucination_rate": 0.02})
    sim.run(30)
    rec = sim.recorder
    assert np.all(rec.series("intrinsic_published") == 0)
    assert np.all(rec.series("intrinsic_data") == 0)
    assert np.all(rec.series("extrinsic_published") == 0.02)
    assert np.array_equal(rec.series("extrinsic_data"), rec.series("hallucinated_share"))
    plain = Simulation(ONE, seed=4, overrides={"world.items": ITEMS})
    plain.run(30)
    for column in ("intrinsic_published", "extrinsic_published", "intrinsic_data",
                   "extrinsic_data"):
        assert np.all(plain.recorder.series(column) == 0), column
