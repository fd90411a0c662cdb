"""The floor for lending: the decisions kind's arithmetic at the bundled lending settings, as
one tight numpy loop.

What the engine adds to this (parameter lookups, stage processes, the kind's generality: shifts,
exploration, reviewers, levers) is what ``benchmarks/floor.py`` measures as its ratio to this
loop. To be a fair floor it must do *the same work*: the same draws from the same random
streams in the same order, the same retraining (the project's Newton fit, warm started every
``model.retrain_every`` rounds) and all 31 metric columns, written into a preallocated row.
Only the layout is tighter: with no score shift a cell is ``[group, bin]`` (the kind's
``[group, bin, k]`` split holds nobody at k = 1, and zero counts draw nothing, so the draws are
the same), outcomes move scores by slicing, records need no re-binning. It is checked by
reproducing the engine's table for the same seed: every column bit for bit but four rates
(perceived and true repayment), whose sums over cells group their terms differently and agree
to 1e-15 (``python benchmarks/reference_lending.py`` says how close it is).

It holds only for the settings it was written for (lending's defaults: no score shift, no
lever, no audit, no churn, every record kept); anything else is out of its scope, and it
refuses rather than drift.

Written against the decisions kind of model version 3; frozen: optimise the kind against it,
never the other way round.
"""

from __future__ import annotations

import math
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from simulator.logistic import fit_logistic, sigmoid  # noqa: E402
from simulator.streams import stream_seed  # noqa: E402

EDGES = np.arange(300.0, 850.0 + 12.5, 25.0)
CENTERS = (EDGES[:-1] + EDGES[1:]) / 2
BINS = len(CENTERS)
ORIGIN, UNIT = 575.0, 100.0

#: Lending's settings this loop is written for (scenario file and kind defaults).
SETTINGS = {
    "share": (0.7, 0.3), "score_mean": (680.0, 600.0), "score_sd": (70.0, 70.0),
    "history_threshold": (600.0, 680.0), "history_label_bias": (0.0, 0.3),
    "history_rounds": 10, "applicants": 1000, "applicant_share": 0.02, "delay": 1,
    "midpoint": 600.0, "scale": 50.0, "gain": 75.0, "loss": 150.0, "loss_gain": 4.0,
    "retrain_every": 5, "l2": 1.0, "reviewer_skill": 0.8,
}
COLUMNS = (
    [f"{m}_{g}" for m in ("perceived_rate", "true_rate", "selection_rate", "true_positive_rate",
                          "false_positive_rate", "accuracy", "data_share", "label_bias",
                          "mean_score", "score_change", "group_share") for g in "AB"]
    + ["reliance", "reviewer_skill", "audit_gap_A", "audit_gap_B",
       "demographic_parity_difference", "equal_opportunity_difference",
       "equalized_odds_difference", "demographic_parity_ratio", "utility"])


def generator(seed: int, stage: str) -> np.random.Generator:
    return np.random.Generator(np.random.PCG64(stream_seed(seed, 0, stage)))


def truncated_normal_bins(means, sds) -> np.ndarray:
    cdf = np.vectorize(lambda x, m, s: 0.5 * (1 + math.erf((x - m) / (s * math.sqrt(2)))))
    cum = cdf(EDGES[None, :], np.asarray(means)[:, None], np.asarray(sds)[:, None])
    pop = np.diff(cum, axis=1)
    return pop / pop.sum(axis=1, keepdims=True)


def shifted(mass: np.ndarray, bins: int) -> np.ndarray:
    """``mass`` moved by a whole number of bins, piled at the ends of the scale."""
    out = np.zeros_like(mass)
    if bins >= 0:
        out[:, bins:] = mass[:, :BINS - bins]
        out[:, -1] = mass[:, BINS - 1 - bins:].sum(axis=1)
    else:
        out[:, :bins] = mass[:, -bins:]
        out[:, 0] = mass[:, :1 - bins].sum(axis=1)
    return out


def ratio(num, den) -> np.ndarray:
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(den > 0, num / np.where(den > 0, den, 1.0), np.nan)


def spread(values: np.ndarray) -> float:
    v = values[np.isfinite(values)]
    return float(v.max() - v.min()) if v.size >= 2 else math.nan


def run(seed: int, rounds: int, s: dict = SETTINGS) -> np.ndarray:
    """The ``[rounds, len(COLUMNS)]`` table of a lending run with ``seed``."""
    setup, arrivals, outcomes = (generator(seed, n) for n in ("setup", "arrivals", "outcomes"))
    share = np.asarray(s["share"]) / np.sum(s["share"])
    repay = np.tile(sigmoid((CENTERS - s["midpoint"]) / s["scale"]), (2, 1))
    upper = EDGES[None, 1:]  # with no score shift, a cell's observed scores are its bin's
    X = np.column_stack([np.ones(2 * BINS), np.tile((CENTERS - ORIGIN) / UNIT, 2),
                         np.repeat([0.0, 1.0], BINS)])
    label_bias_now = np.zeros(2)

    def records(repaid, approved, label_bias, rng):
        kept_repaid = rng.binomial(repaid, 1.0)  # every record kept (still a draw)
        defaulted = rng.binomial(approved - repaid, 1.0)
        hidden = rng.binomial(kept_repaid, label_bias[:, None])
        out = np.zeros((2, BINS, 2, 2))
        out[:, :, 1, 1] = kept_repaid - hidden
        out[:, :, 0, 1] = hidden
        out[:, :, 0, 0] = defaulted
        return out

    def cohort_cells(rng, n):
        return rng.multinomial(rng.multinomial(n, share), population)

    def fit(theta):
        positives = data[:, :, 1, :].sum(axis=-1)
        negatives = data[:, :, 0, :].sum(axis=-1)
        theta = fit_logistic(X, positives.ravel(), negatives.ravel(), theta, l2=s["l2"])
        return theta, sigmoid(X @ theta).reshape(2, BINS)

    # Set-up: the past policy's data (fixed cut-offs, label bias) and the first model.
    population = truncated_normal_bins(s["score_mean"], s["score_sd"])
    cells = cohort_cells(setup, s["history_rounds"] * s["applicants"])
    cut = np.asarray(s["history_threshold"])[:, None]
    approved = setup.binomial(cells, np.clip((upper - cut) * (1.0 / 25.0), 0.0, 1.0))
    repaid = setup.binomial(approved, repay)
    setup.binomial(cells - approved, repay)  # what the rejected would have done: unrecorded
    data = records(repaid, approved, np.asarray(s["history_label_bias"]), setup)
    theta, phat = fit(None)

    table = np.empty((rounds, len(COLUMNS)))
    pending = []
    for r in range(1, rounds + 1):
        cells = cohort_cells(arrivals, s["applicants"])
        intercept = np.array([theta[0], theta[0] + theta[2]])
        cut = ORIGIN + (math.log(s["loss_gain"]) - intercept) / (theta[1] / UNIT)
        approve = np.clip((upper - cut[:, None]) * (1.0 / 25.0), 0.0, 1.0)
        if theta[1] < 0:
            approve = 1.0 - approve
        approved = arrivals.binomial(cells, approve)
        rejected = cells - approved
        repaid = arrivals.binomial(approved, repay)
        rejected_repaid = arrivals.binomial(rejected, repay)
        size = cells.sum(axis=1).astype(float)
        pending.append((r + s["delay"], size, approved, repaid))
        tp, fp = repaid.sum(axis=1), (approved - repaid).sum(axis=1)
        fn, tn = rejected_repaid.sum(axis=1), (rejected - rejected_repaid).sum(axis=1)
        with np.errstate(divide="ignore", invalid="ignore"):
            perceived = np.where(size > 0, (cells * phat).sum(axis=1) / size,
                                 np.nan)
            true = np.where(size > 0, (cells * repay).sum(axis=1) / size, np.nan)
            score_change = np.where(size > 0, (tp * s["gain"] - fp * s["loss"]) / size, np.nan)
        utility = (tp.sum() - s["loss_gain"] * fp.sum()) / max(size.sum(), 1.0)

        while pending and pending[0][0] <= r:
            _, applied, approved_then, repaid_then = pending.pop(0)
            data = data + records(repaid_then, approved_then, label_bias_now, outcomes)
            ok = repaid_then.astype(float)
            bad = approved_then - ok
            delta = (shifted(ok, round(s["gain"] / 25)) - ok
                     + shifted(bad, -round(s["loss"] / 25)) - bad)
            n = applied
            with np.errstate(divide="ignore", invalid="ignore"):
                change = np.where(n[:, None] > 0,
                                  s["applicant_share"] * delta / np.maximum(n, 1)[:, None], 0.0)
            pop = np.clip(population + change, 0.0, None)
            population = pop / pop.sum(axis=1, keepdims=True)
        if r % s["retrain_every"] == 0:
            theta, phat = fit(theta)

        tp, fp, fn, tn = (np.asarray(x, dtype=float) for x in (tp, fp, fn, tn))
        n = tp + fp + fn + tn
        selection, tpr = ratio(tp + fp, n), ratio(tp, tp + fn)
        fpr, accuracy = ratio(fp, fp + tn), ratio(tp + tn, n)
        per_cell = data.sum(axis=1)
        total = per_cell.sum(axis=(1, 2))
        wrong = per_cell[:, 0, 1] + per_cell[:, 1, 0]
        with np.errstate(divide="ignore", invalid="ignore"):
            label_bias = np.where(total > 0, wrong / np.maximum(total, 1e-300), np.nan)
        row = table[r - 1]
        row[:22] = np.concatenate([perceived, true, selection, tpr, fpr, accuracy,
                                   total / total.sum(), label_bias, population @ CENTERS,
                                   score_change, share])
        eo, fpr_gap = spread(tpr), spread(fpr)
        positive = selection[np.isfinite(selection)]
        row[22:] = (0.0, s["reviewer_skill"], math.nan, math.nan, spread(selection), eo,
                    float(np.nanmax([eo, fpr_gap])) if np.isfinite([eo, fpr_gap]).any()
                    else math.nan,
                    float(positive.min() / positive.max())
                    if positive.size >= 2 and positive.max() > 0 else math.nan,
                    utility)
    return table


def engine_table(seed: int, rounds: int) -> np.ndarray:
    """The same run through the engine, columns in :data:`COLUMNS`' order."""
    from simulator import Simulation, load_scenario

    sim = Simulation(load_scenario("lending"), seed=seed)
    sim.run(rounds)
    return np.column_stack([sim.recorder.series(c) for c in COLUMNS])


def discrepancy(seed: int, rounds: int) -> float:
    """Largest relative difference between this loop's table and the engine's."""
    ours, engine = run(seed, rounds), engine_table(seed, rounds)
    with np.errstate(divide="ignore", invalid="ignore"):
        rel = np.abs(ours - engine) / np.maximum(np.abs(engine), 1e-300)
    rel[np.isnan(ours) & np.isnan(engine)] = 0.0
    return float(np.max(rel))


if __name__ == "__main__":
    for seed in (1, 2, 3):
        worst = discrepancy(seed, 300)
        verdict = "the engine's lending run" if worst < 1e-12 else "NOT the engine's run"
        print(f"seed {seed}: the reference loop is {verdict} over 300 rounds (largest relative "
              f"difference {worst:.1e})")
