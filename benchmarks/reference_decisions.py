"""The floor for the decisions kind: its arithmetic at one scenario's settings as one tight numpy
loop, shared by the references of lending, hiring and moderation (``reference_<id>.py``).

What the engine adds to this (parameter lookups, stage processes, the kind's generality: levers
that are off, rules not in use, the ``[group, bin, k]`` split where no score is shifted) is what
``benchmarks/floor.py`` measures as its ratio to this loop. To be a fair floor it does *the same
work*: the same draws from the same random streams in the same order, the same retraining (the
project's Newton fit, warm started every ``retrain_every`` rounds) and every metric column,
written into a preallocated row. Only the layout is tighter:

* with no score shift a cell is ``[group, bin]`` (the kind's ``k = 1`` half holds nobody, and
  zero counts draw nothing, so the draws are the same) and records need no re-binning; with a
  shift a cell is ``[group, bin * 2 + k]``, the kind's ``[group, bin, k]`` flattened, and
  records are summed into observed bins by one ``bincount`` (the kind's order of terms);
* people move by slicing, a fractional move as two whole-bin moves added in the order the
  kind's ``bincount`` adds them;
* terms that are identities at the settings in scope are left out: exploration, appeals and
  fresh data at 0, every record kept (still a draw), no data window or label audit.

The paths a scenario switches on are settings of :func:`run`: human review (``human_review``,
with the reviewers' trust growing and skill decaying), label bias now (``label_bias``), a
measurement shift (``score_shift``), full labels (``selective_labels`` false), people leaving
when wronged (``churn``, ``inflow``), and scores drawn from tables instead of normals
(``score_tables``: per group the bucket edges and shares). Anything else (fairness
constraints, other rules, audits, windows, the oracle, reweighing, DRO, more than two groups)
is out of scope: this loop knows nothing of it, and the check of each reference (reproducing
the engine's table) is what says the settings still match the scenario.

Written against the decisions kind of model version 3 (lending) and 4 (hiring, moderation);
frozen: optimise the kind against it, never the other way round.
"""

from __future__ import annotations

import math
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from simulator.logistic import fit_logistic, sigmoid  # noqa: E402
from simulator.streams import stream_seed  # noqa: E402

WIDTH = 25.0
EDGES = np.arange(300.0, 850.0 + WIDTH / 2, WIDTH)
CENTERS = (EDGES[:-1] + EDGES[1:]) / 2
BINS = len(CENTERS)
ORIGIN, UNIT = 575.0, 100.0

#: Per-group columns in the engine's order.
PER_GROUP = ("perceived_rate", "true_rate", "selection_rate", "selected_share",
             "selected_perceived_rate", "selected_true_rate", "true_positive_rate",
             "false_positive_rate", "accuracy", "data_share", "label_bias", "mean_score",
             "score_change", "group_share")
SCALARS = ("demographic_parity_difference", "equal_opportunity_difference",
           "equalized_odds_difference", "demographic_parity_ratio", "utility")


def columns(groups: tuple[str, str]) -> list[str]:
    """The table's columns, in the engine's own order."""
    return ([f"{m}_{g}" for m in PER_GROUP for g in groups] + ["reliance", "reviewer_skill"]
            + [f"audit_gap_{g}" for g in groups] + list(SCALARS))


def generator(seed: int, stage: str) -> np.random.Generator:
    return np.random.Generator(np.random.PCG64(stream_seed(seed, 0, stage)))


def truncated_normal_bins(means, sds) -> np.ndarray:
    cdf = np.vectorize(lambda x, m, s: 0.5 * (1 + math.erf((x - m) / (s * math.sqrt(2)))))
    cum = cdf(EDGES[None, :], np.asarray(means)[:, None], np.asarray(sds)[:, None])
    pop = np.diff(cum, axis=1)
    return pop / pop.sum(axis=1, keepdims=True)


def tabulated_bins(tables) -> np.ndarray:
    """Per group ``(edges, shares)``: each bucket's share spread evenly over its points, so a
    bin holds the share of the points it has of each bucket."""
    pop = np.zeros((len(tables), BINS))
    for g, (edges, shares) in enumerate(tables):
        for lo, hi, share in zip(edges[:-1], edges[1:], shares, strict=True):
            points = np.clip(np.minimum(EDGES[1:], hi) - np.maximum(EDGES[:-1], lo), 0.0, None)
            pop[g] += share / (hi - lo) * points
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


def moved(mass: np.ndarray, points: float) -> np.ndarray:
    """``mass`` moved by ``points``: a fractional number of bins splits each cell's mass between
    two whole-bin moves, the second added term by term so that each cell sums its parts in the
    kind's order (the first move's, then the second's, each in bin order)."""
    bins = points / WIDTH
    low = math.floor(bins)
    frac = bins - low
    if frac == 0:
        return shifted(mass, low)
    out = shifted(mass * (1.0 - frac), low)
    part, offset = mass * frac, low + 1
    if offset > 0:
        out[:, offset:-1] += part[:, :BINS - 1 - offset]
        for j in range(BINS - 1 - offset, BINS):
            out[:, -1] += part[:, j]
    elif offset == 0:
        out += part
    else:
        out[:, 1:BINS + offset] += part[:, 1 - offset:]
        for j in range(1 - offset):
            out[:, 0] += part[:, j]
    return out


def ratio(num, den) -> np.ndarray:
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(den > 0, num / np.where(den > 0, den, 1.0), np.nan)


def spread(values: np.ndarray) -> float:
    v = values[np.isfinite(values)]
    return float(v.max() - v.min()) if v.size >= 2 else math.nan


class Cells:
    """The layout of a cohort's cells, from the groups' measurement shifts: each cell's
    observed interval ``[lo, hi)`` (true scores spread evenly over a bin, moved by the shift),
    and where a shift is fractional, the split of a true bin between two observed bins."""

    def __init__(self, shifts):
        shift = np.asarray(shifts, dtype=float)
        self.split = bool(np.any(shift != 0))
        self.groups = len(shift)
        if not self.split:  # the observed score is the true one: [group, bin]
            self.hi, self.per_point, self.frac = EDGES[None, 1:], 1.0 / WIDTH, None
            return
        low = np.floor(shift / WIDTH)
        self.frac = shift / WIDTH - low
        cut = EDGES[None, :-1] + (low[:, None] + 1) * WIDTH
        lo = np.stack([EDGES[None, :-1] + shift[:, None], cut], axis=-1)
        hi = np.stack([cut, EDGES[None, 1:] + shift[:, None]], axis=-1)
        width = hi - lo
        self.hi = hi.reshape(self.groups, -1)
        self.per_point = (1.0 / np.where(width > 0, width, 1e-12)).reshape(self.groups, -1)
        obs = np.clip(np.arange(BINS)[None, :, None] + low[:, None, None] + np.array([0, 1]),
                      0, BINS - 1).astype(np.intp).reshape(self.groups, -1)
        self.obs = obs
        flat = np.arange(self.groups)[:, None] * BINS + obs
        self.record_index = (flat[:, :, None] * 4 + np.arange(4)).ravel()

    def measure(self, cohort: np.ndarray, rng) -> np.ndarray:
        """A cohort ``[group, bin]`` as cells: split by the shift (a draw per cell)."""
        if not self.split:
            return cohort
        high = rng.binomial(cohort, self.frac[:, None])
        return np.stack([cohort - high, high], axis=-1).reshape(self.groups, -1)

    def per_cell(self, per_bin: np.ndarray, observed: bool) -> np.ndarray:
        """A ``[group, bin]`` figure at each cell's true (or observed) bin."""
        if not self.split:
            return per_bin
        if observed:
            return per_bin[np.arange(self.groups)[:, None], self.obs]
        return np.repeat(per_bin, 2, axis=1)

    def true_bins(self, counts: np.ndarray) -> np.ndarray:
        """Cell counts summed over ``k``: people per true bin."""
        return counts.reshape(self.groups, BINS, 2).sum(axis=2) if self.split else counts

    def approve_at_or_above(self, cut: np.ndarray) -> np.ndarray:
        return np.clip((self.hi - cut[:, None]) * self.per_point, 0.0, 1.0)

    def data(self, kept_repaid, hidden, defaulted) -> np.ndarray:
        """Records ``[group, observed bin, recorded, true]`` of per-cell label counts."""
        if not self.split:
            out = np.zeros((self.groups, BINS, 2, 2))
            out[:, :, 1, 1] = kept_repaid - hidden
            out[:, :, 0, 1] = hidden
            out[:, :, 0, 0] = defaulted
            return out
        parts = np.stack([defaulted, hidden, np.zeros_like(defaulted), kept_repaid - hidden],
                         axis=-1)
        return np.bincount(self.record_index, weights=parts.ravel(),
                           minlength=self.groups * BINS * 4).reshape(self.groups, BINS, 2, 2)


def run(seed: int, rounds: int, s: dict) -> np.ndarray:
    """The ``[rounds, len(columns(...))]`` table of a run with ``seed`` at settings
    ``s`` (see the references for their keys)."""
    setup, arrivals, outcomes = (generator(seed, n) for n in ("setup", "arrivals", "outcomes"))
    base_share = np.asarray(s["share"], dtype=float)
    share = base_share / base_share.sum()
    size = np.ones(len(base_share))
    layout = Cells(s["score_shift"])
    groups = layout.groups
    assert groups == 2, "the loop is written for two groups"
    repay_bins = np.tile(sigmoid((CENTERS - s["midpoint"]) / s["scale"]), (groups, 1))
    repay = layout.per_cell(repay_bins, observed=False)
    X = np.column_stack([np.ones(groups * BINS), np.tile((CENTERS - ORIGIN) / UNIT, groups),
                         np.repeat([0.0, 1.0], BINS)])
    label_bias_now = np.asarray(s["label_bias"], dtype=float)
    selective = s["selective_labels"]
    review = s["human_review"]
    reliance, skill = 0.0, s["reviewer_skill"]
    if review:
        loss_gain = s["loss_gain"]
        right = (repay >= loss_gain / (1.0 + loss_gain)).astype(float)
    churn, inflow = s["churn"], s["inflow"]
    if churn:  # each cell's share of its true bin's people
        split_share = (np.stack([1.0 - layout.frac, layout.frac], axis=-1)[:, None, :]
                       .repeat(BINS, axis=1).reshape(groups, -1) if layout.split else 1.0)
    moves = s["gain"] != 0 or s["loss"] != 0

    def records(repaid, approved, rejected_repaid, cells, label_bias, rng):
        if selective:
            kept_repaid = rng.binomial(repaid, 1.0)  # every record kept (still a draw)
            defaulted = rng.binomial(approved - repaid, 1.0)
        else:  # every outcome is seen, the rejected's too
            all_repaid = repaid + rejected_repaid
            kept_repaid = rng.binomial(all_repaid, 1.0)
            defaulted = rng.binomial(cells - all_repaid, 1.0)
        hidden = rng.binomial(kept_repaid, label_bias[:, None])
        return layout.data(kept_repaid, hidden, defaulted)

    def cohort_cells(rng, n, weights):
        return layout.measure(rng.multinomial(rng.multinomial(n, weights), population), rng)

    def fit(theta):
        positives = data[:, :, 1, :].sum(axis=-1)
        negatives = data[:, :, 0, :].sum(axis=-1)
        theta = fit_logistic(X, positives.ravel(), negatives.ravel(), theta, l2=s["l2"])
        return theta, sigmoid(X @ theta).reshape(groups, BINS)

    # Set-up: the past policy's data (fixed cut-offs, label bias) and the first model.
    population = (tabulated_bins(s["score_tables"]) if "score_tables" in s
                  else truncated_normal_bins(s["score_mean"], s["score_sd"]))
    cells = cohort_cells(setup, s["history_rounds"] * s["applicants"], share)
    approved = setup.binomial(cells, layout.approve_at_or_above(
        np.asarray(s["history_threshold"], dtype=float)))
    repaid = setup.binomial(approved, repay)
    rejected_repaid = setup.binomial(cells - approved, repay)  # unrecorded if selective
    data = records(repaid, approved, rejected_repaid, cells,
                   np.asarray(s["history_label_bias"], dtype=float), setup)
    theta, phat = fit(None)

    table = np.empty((rounds, len(columns(("A", "B")))))
    per_group_end = 2 * len(PER_GROUP)
    pending = []
    for r in range(1, rounds + 1):
        if churn:
            weights = base_share * size
            weights = weights / weights.sum()
        else:
            weights = share
        cells = cohort_cells(arrivals, s["applicants"], weights)
        intercept = np.array([theta[0], theta[0] + theta[2]])
        cut = ORIGIN + (math.log(s["loss_gain"]) - intercept) / (theta[1] / UNIT)
        approve = layout.approve_at_or_above(cut)
        if theta[1] < 0:
            approve = 1.0 - approve
        if review:  # a share of the model's calls is reviewed; reviewers defer more each round
            own = skill * right + (1.0 - skill) * (1.0 - right)
            reviewed = reliance * approve + (1.0 - reliance) * own
            approve = (1.0 - review) * approve + review * reviewed
            reliance = min(1.0, reliance + s["trust_growth"] * (1.0 - reliance))
            skill += s["skill_decay"] * ((1.0 - reliance) * (s["reviewer_skill"] - skill)
                                         - reliance * skill)
        approved = arrivals.binomial(cells, approve)
        rejected = cells - approved
        repaid = arrivals.binomial(approved, repay)
        rejected_repaid = arrivals.binomial(rejected, repay)
        n_cells = cells.sum(axis=1).astype(float)
        pending.append((r + s["delay"], n_cells, cells, approved, repaid, rejected_repaid))
        tp, fp = repaid.sum(axis=1), (approved - repaid).sum(axis=1)
        fn, tn = rejected_repaid.sum(axis=1), (rejected - rejected_repaid).sum(axis=1)
        phat_cells = layout.per_cell(phat, observed=True)
        with np.errstate(divide="ignore", invalid="ignore"):
            perceived = np.where(n_cells > 0, (cells * phat_cells).sum(axis=1) / n_cells,
                                 np.nan)
            true = np.where(n_cells > 0, (cells * repay).sum(axis=1) / n_cells, np.nan)
            score_change = np.where(n_cells > 0, (tp * s["gain"] - fp * s["loss"]) / n_cells,
                                    np.nan)
        utility = (tp.sum() - s["loss_gain"] * fp.sum()) / max(n_cells.sum(), 1.0)
        n_approved = (tp + fp).astype(float)
        chosen = [n_approved / n_approved.sum() if n_approved.sum() > 0
                  else n_approved * np.nan,
                  ratio((approved * phat_cells).sum(axis=1), n_approved),
                  ratio((approved * repay).sum(axis=1), n_approved)]
        if churn:  # the wronged leave, newcomers refill a share of the gap
            deserving = layout.per_cell(population, observed=False) * split_share * repay
            turned_down = (deserving * (1.0 - approve)).sum(axis=1)
            total = deserving.sum(axis=1)
            harm = np.divide(turned_down, total, out=np.zeros_like(total), where=total > 0)
            size = size * (1.0 - churn * harm) + inflow * (1.0 - size)

        while pending and pending[0][0] <= r:
            _, applied, cells_then, approved_then, repaid_then, rejected_repaid_then = (
                pending.pop(0))
            data = data + records(repaid_then, approved_then, rejected_repaid_then, cells_then,
                                  label_bias_now, outcomes)
            if moves:
                ok = layout.true_bins(repaid_then).astype(float)
                bad = layout.true_bins(approved_then) - ok
                delta = moved(ok, s["gain"]) - ok + moved(bad, -s["loss"]) - bad
                with np.errstate(divide="ignore", invalid="ignore"):
                    change = np.where(applied[:, None] > 0, s["applicant_share"] * delta
                                      / np.maximum(applied, 1)[:, None], 0.0)
                population = np.clip(population + change, 0.0, None)
            population = population / population.sum(axis=1, keepdims=True)
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
        group_share = base_share * size / (base_share * size).sum() if churn else share
        row = table[r - 1]
        row[:per_group_end] = np.concatenate(
            [perceived, true, selection, *chosen, tpr, fpr, accuracy,
             total / total.sum(), label_bias, population @ CENTERS, score_change, group_share])
        eo, fpr_gap = spread(tpr), spread(fpr)
        positive = selection[np.isfinite(selection)]
        row[per_group_end:] = (
            reliance, skill, math.nan, math.nan, spread(selection), eo,
            float(np.nanmax([eo, fpr_gap])) if np.isfinite([eo, fpr_gap]).any() else math.nan,
            float(positive.min() / positive.max())
            if positive.size >= 2 and positive.max() > 0 else math.nan,
            utility)
    return table


def engine_table(scenario_id: str, seed: int, rounds: int, names: list[str],
                 overrides: dict | None = None) -> np.ndarray:
    """The same run through the engine, columns in ``names``' order."""
    from simulator import Simulation, load_scenario

    sim = Simulation(load_scenario(scenario_id), seed=seed, overrides=overrides)
    sim.run(rounds)
    return np.column_stack([sim.recorder.series(c) for c in names])


def differences(ours: np.ndarray, engine: np.ndarray, names: list[str]) -> dict[str, float]:
    """Largest relative difference of each column that is not the engine's bit for bit (NaN
    where both are NaN counts as equal)."""
    out = {}
    for j, name in enumerate(names):
        a, b = ours[:, j], engine[:, j]
        same = (a == b) | (np.isnan(a) & np.isnan(b))
        if not same.all():
            with np.errstate(divide="ignore", invalid="ignore"):
                rel = np.abs(a - b) / np.maximum(np.abs(b), 1e-300)
            out[name] = float(np.nanmax(np.where(same, 0.0, rel)))
    return out


def check(label: str, ours, engine, names: list[str], rounds: int) -> bool:
    """Print how close a reference's table is to the engine's; True if within 1e-12."""
    diff = differences(ours, engine, names)
    worst = max(diff.values(), default=0.0)
    verdict = "is" if worst < 1e-12 else "is NOT"
    detail = ("bit for bit" if not diff else
              "bit for bit but " + ", ".join(f"{k} ({v:.1e})" for k, v in diff.items()))
    print(f"{label}: the reference loop {verdict} the engine's run over {rounds} rounds: "
          f"{detail}")
    return worst < 1e-12


def check_against_engine(scenario_id: str, settings: dict, columns_: list[str],
                         sizes: tuple[tuple[int, int], ...], unit: str = "applicants",
                         rounds: int = 300) -> None:
    """What each reference file does when run: its table against the engine's for each
    (seed, number of applicants) of ``sizes``, one line each."""
    for seed, applicants in sizes:
        check(f"{scenario_id}, seed {seed}, {applicants:,} {unit}",
              run(seed, rounds, {**settings, "applicants": applicants}),
              engine_table(scenario_id, seed, rounds, columns_,
                           {"world.applicants": applicants}), columns_, rounds)
