"""The ``decisions`` loop kind: a classifier decides about people, and its decisions become the
data of the next classifier (lending after Liu et al. 2018 and ml-fairness-gym).

People are exchangeable within a (group, true score bin) cell, so a cohort is a multinomial draw
over cells and everything after it (measurement, decisions, outcomes, which outcomes get
recorded, label errors) is binomial draws per cell: exact in distribution, and the cost of a
round does not depend on the number of applicants.

Cells of a cohort are ``[group, true bin, k]``: measurement bias shifts a group's observed score
by a fractional number of bins, so each true bin splits between two observed bins (k = 0, 1).
The training data is a count tensor ``[group, observed bin, recorded label, true label]``
(weighted, since exploration weighs records by inverse propensity), kept per round so a data
window can forget old slices; knowing the true label of each record lets the label audit
correct a share of the wrong ones and lets us report how many labels are wrong.
"""

from __future__ import annotations

import math
from collections import deque
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, NamedTuple

import numpy as np

from .. import fairness, metrics
from ..logistic import fit_logistic, fit_logistic_robust, sigmoid
from ..text import T
from . import audits, replicas
from .base import DeclaredKind, Stage, derived, group_values
from .datastore import DataStore
from .decisions_params import (
    BIN_WIDTH,
    DIAGRAM,
    METRICS,
    PARAMETERS,
    PLOTS,
    REPLACED_BY_TABLE,
    SCORE_MAX,
    SCORE_MIN,
    STAGE_LABELS,
    TABLES,
)
from .reviewers import Reviewers

EDGES = np.arange(SCORE_MIN, SCORE_MAX + BIN_WIDTH / 2, BIN_WIDTH)
CENTERS = (EDGES[:-1] + EDGES[1:]) / 2
N_BINS = len(CENTERS)
# Feature scaling of the score for the logistic model (keeps Newton well conditioned).
SCORE_ORIGIN, SCORE_UNIT = 575.0, 100.0


@dataclass
class Batch:
    """The decisions of one round, waiting for their outcomes (all ``[R, G, B, 2]`` counts,
    one row per replication)."""

    decided: int
    due: int
    cohort_size: np.ndarray
    approved: np.ndarray
    repaid: np.ndarray
    rejected: np.ndarray
    rejected_repaid: np.ndarray
    propensity: np.ndarray
    explored: bool  # decided with exploration on: records are weighted by 1 / propensity
    fresh_repaid: np.ndarray | None
    fresh_defaulted: np.ndarray | None


#: A :class:`Batch`'s fields that hold counts per replication (the rest are shared).
BATCH_ROWS = ("cohort_size", "approved", "repaid", "rejected", "rejected_repaid", "propensity",
              "fresh_repaid", "fresh_defaulted")


@dataclass
class LendingState:
    """The state of R replications side by side (a single run: R = 1): every array has a
    leading replication axis, so one pass of array operations advances them all."""

    population: np.ndarray  # [R, G, B] share of each group's people in each true score bin
    start: np.ndarray  # [R, G, B] the population at the start, where newcomers come from
    theta: np.ndarray  # [R, 2 + G - 1] deployed coefficients (group ones 0 when unaware)
    aware: np.ndarray  # [R] whether the deployed model uses the group feature
    phat: np.ndarray  # [R, G, B] deployed model's repayment probability per observed bin
    store: DataStore
    size: np.ndarray  # [R, G] each group's size relative to its start (people leave when wronged)
    reviewers: Reviewers
    pending: deque = field(default_factory=deque)
    last: dict = field(default_factory=dict)  # this round's decision figures, for measure()
    audit_gap: np.ndarray | None = None  # [R, G]

    @property
    def replications(self) -> int:
        return len(self.population)

    @classmethod
    def stack(cls, states: list[LendingState]) -> LendingState:
        """One state of several runs' (each of one replication), to advance them together;
        they are at the same round with the same parameters."""
        def rows(name):
            return np.concatenate([getattr(st, name) for st in states])

        first = states[0]
        pending = deque(_stack_batches(batches) for batches in zip(*(st.pending for st in states),
                                                                    strict=True))
        return cls(
            population=rows("population"), start=rows("start"), theta=rows("theta"),
            aware=rows("aware"), phat=rows("phat"),
            store=DataStore.stack([st.store for st in states]), size=rows("size"),
            reviewers=Reviewers(
                np.concatenate([np.atleast_1d(st.reviewers.reliance) for st in states]),
                np.concatenate([np.atleast_1d(st.reviewers.skill) for st in states]),
                first.reviewers.trained_skill),
            pending=pending,
            last={key: np.concatenate([st.last[key] for st in states]) for key in first.last},
            audit_gap=None if first.audit_gap is None else rows("audit_gap"),
        )

    def split(self) -> list[LendingState]:
        """The inverse of :meth:`stack`: one state per replication."""
        stores = self.store.split()
        out = []
        for i in range(self.replications):
            def row(a, i=i):
                return a[i:i + 1].copy()

            out.append(LendingState(
                population=row(self.population), start=row(self.start), theta=row(self.theta),
                aware=row(self.aware), phat=row(self.phat), store=stores[i],
                size=row(self.size),
                reviewers=Reviewers(row(np.atleast_1d(self.reviewers.reliance)),
                                    row(np.atleast_1d(self.reviewers.skill)),
                                    self.reviewers.trained_skill),
                pending=deque(_batch_row(b, i) for b in self.pending),
                last={key: row(value) for key, value in self.last.items()},
                audit_gap=None if self.audit_gap is None else row(self.audit_gap),
            ))
        return out


def _stack_batches(batches: tuple[Batch, ...]) -> Batch:
    first = batches[0]
    rows = {name: None if getattr(first, name) is None
            else np.concatenate([getattr(b, name) for b in batches]) for name in BATCH_ROWS}
    return Batch(first.decided, first.due, explored=first.explored, **rows)


def _batch_row(batch: Batch, i: int) -> Batch:
    rows = {name: None if getattr(batch, name) is None else getattr(batch, name)[i:i + 1].copy()
            for name in BATCH_ROWS}
    return Batch(batch.decided, batch.due, explored=batch.explored, **rows)


# --- helpers on score bins ------------------------------------------------------------------


def true_repay_probability(params, groups) -> np.ndarray:
    """``[G, B]``: the world's logistic curve, or a group's own ``repay_table`` (cached and
    read-only: it is read every round and changes only with the world's curve)."""
    return derived(params, ("repayment",), lambda: _repayment_of(params, groups))


def _repayment_of(params, groups) -> np.ndarray:
    tables = tuple((params.get(f"groups.{g}.score_buckets"), params.get(f"groups.{g}.repay_table"))
                   for g in groups)
    return _repayment(params["world.repay_midpoint"], params["world.repay_scale"], tables)


@lru_cache(maxsize=64)
def _repayment(midpoint: float, scale: float, tables: tuple) -> np.ndarray:
    out = np.tile(sigmoid((CENTERS - midpoint) / scale), (len(tables), 1))
    for i, (edges, table) in enumerate(tables):
        if table is not None:
            out[i] = _tabulated_repayment(edges, table)
    out.flags.writeable = False
    return out


def _bucket_overlap(edges: tuple[float, ...]) -> np.ndarray:
    """``[buckets, B]``: how many score points each bucket shares with each bin."""
    e = np.asarray(edges)
    lo = np.maximum(e[:-1, None], EDGES[None, :-1])
    hi = np.minimum(e[1:, None], EDGES[None, 1:])
    return np.clip(hi - lo, 0.0, None)


@lru_cache(maxsize=64)
def _tabulated_repayment(edges: tuple[float, ...], table: tuple[float, ...]) -> np.ndarray:
    """Repayment probability per bin from one per bucket: a bin's is the mean over its
    points; a bin outside the buckets takes the nearest bucket's."""
    overlap = _bucket_overlap(edges)
    covered = overlap.sum(axis=0)
    probs = np.asarray(table)
    nearest = np.where(CENTERS < edges[0], probs[0], probs[-1])
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(covered > 0, probs @ overlap / covered, nearest)


def tabulated_population(edges: tuple[float, ...], table: tuple[float, ...]) -> np.ndarray:
    """A group's score distribution over the bins from its shares per bucket, each bucket's
    share spread evenly over its points."""
    widths = np.diff(np.asarray(edges))
    pop = (np.asarray(table) / widths) @ _bucket_overlap(edges)
    return pop / pop.sum()


def initial_population(means, sds) -> np.ndarray:
    """Normal score distributions truncated to the 300–850 scale and discretised to the bins.

    Truncated, not clipped in: a clipped tail would pile into an end bin, where people are
    spread evenly, so a cut-off inside it (845) would approve a fifth of the tail beyond 850
    instead of all of it. Truncated, the model's world is exactly the one it approves from:
    the share above any cut-off is the truncated normal's.
    """
    cdf = np.vectorize(lambda x, m, s: 0.5 * (1 + math.erf((x - m) / (s * math.sqrt(2)))))
    cum = cdf(EDGES[None, :], np.asarray(means)[:, None], np.asarray(sds)[:, None])
    pop = np.diff(cum, axis=1)
    return pop / pop.sum(axis=1, keepdims=True)


def shift_mass(mass: np.ndarray, points: float) -> np.ndarray:
    """Move ``[..., B]`` mass by ``points`` along the score axis, splitting a fractional bin
    shift between the two neighbouring bins and piling mass at the ends of the scale."""
    bins = points / BIN_WIDTH
    low = math.floor(bins)
    frac = bins - low
    n_rows = mass.size // N_BINS
    targets, weights = [], []
    for offset, weight in ((low, 1.0 - frac), (low + 1, frac)):
        if weight > 0:
            targets.append(_shifted_cells(n_rows, offset))
            weights.append((mass * weight).ravel())
    # One bincount sums each target cell's parts in the order np.add.at would (the first
    # offset's, then the second's): the same floats, bit for bit, at a fraction of its cost.
    return np.bincount(np.concatenate(targets), weights=np.concatenate(weights),
                       minlength=n_rows * N_BINS).reshape(mass.shape)


@lru_cache(maxsize=256)
def _shifted_cells(n_rows: int, offset: int) -> np.ndarray:
    """Flat ``[rows, B]`` index of where each cell's mass goes when shifted by ``offset``
    bins."""
    target = np.clip(np.arange(N_BINS) + offset, 0, N_BINS - 1)
    flat = (np.arange(n_rows)[:, None] * N_BINS + target[None, :]).ravel()
    flat.flags.writeable = False
    return flat


def observed_bins(params, groups) -> tuple[np.ndarray, np.ndarray]:
    """Observed bin of each ``[G, B, k]`` cell, and the share ``[G]`` of people at k = 1, from
    the groups' measurement shifts (cached and read-only: the shifts change only when a user
    moves them, and every stage reads them)."""
    return derived(params, ("observed_bins",), lambda: _observed_bins(
        tuple(float(s) for s in group_values(params, groups, "score_shift"))))


@lru_cache(maxsize=64)
def _observed_bins(shifts: tuple[float, ...]) -> tuple[np.ndarray, np.ndarray]:
    bins = np.asarray(shifts, dtype=float) / BIN_WIDTH
    low = np.floor(bins)
    frac = bins - low
    idx = np.arange(N_BINS)[None, :, None] + low[:, None, None] + np.array([0, 1])[None, None]
    obs = np.clip(idx, 0, N_BINS - 1).astype(np.intp)
    for a in (obs, frac):
        a.flags.writeable = False
    return obs, frac


class Intervals(NamedTuple):
    """The observed scores ``[lo, hi)`` of each ``[G, B, k]`` cell (the k of
    :func:`observed_bins`), from the groups' measurement shifts.

    True scores are spread evenly over their bin and the measurement shift moves them, so a
    true bin seen through a fractional shift covers the top of one observed bin (k = 0) and
    the bottom of the next (k = 1). Decisions by score cut-off act on these intervals, which
    makes them exact at any cut-off, not only at bin edges: the cell a cut-off falls in is
    approved in proportion to its part above the cut (a randomised threshold, as in Hardt et
    al. 2016).
    """

    lo: np.ndarray
    hi: np.ndarray
    per_point: np.ndarray  # 1 / (hi - lo); huge for a cell of no width, which holds nobody

    def share_at_or_above(self, cut: np.ndarray) -> np.ndarray:
        """Share of each cell whose observed score is at least ``cut`` (``[G, 1, 1]``)."""
        return np.clip((self.hi - cut) * self.per_point, 0.0, 1.0)


def observed_intervals(params, groups) -> Intervals:
    """The cells' :class:`Intervals` from the groups' measurement shifts, cached: the shifts
    change only when a user moves them, and decisions read them every round (the arrays are
    shared and read-only)."""
    return derived(params, ("observed_intervals",), lambda: _intervals(
        tuple(float(s) for s in group_values(params, groups, "score_shift"))))


@lru_cache(maxsize=64)
def _intervals(shifts: tuple[float, ...]) -> Intervals:
    shift = np.asarray(shifts, dtype=float)[:, None]
    split = EDGES[None, :-1] + (np.floor(shift / BIN_WIDTH) + 1) * BIN_WIDTH
    lo = np.stack([EDGES[None, :-1] + shift, split], axis=-1)
    hi = np.stack([split, EDGES[None, 1:] + shift], axis=-1)
    width = hi - lo
    per_point = 1.0 / np.where(width > 0, width, 1e-12)
    for a in (lo, hi, per_point):
        a.flags.writeable = False
    return Intervals(lo, hi, per_point)


def top_share(phat: np.ndarray, counts: np.ndarray, capacity: float) -> np.ndarray:
    """``[G, B]`` approval probabilities that approve the ``capacity`` share of ``counts`` with
    the highest ``phat``, whoever they are: a programme with a fixed number of places.

    Cells of equal ``phat`` share the last places equally (a randomised threshold), so two
    groups the model cannot tell apart are treated alike.
    """
    values, people = phat.ravel(), counts.ravel().astype(float)
    places = capacity * people.sum()
    above = (values[None, :] > values[:, None]).astype(float) @ people
    level = (values[None, :] == values[:, None]).astype(float) @ people
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.where(level > 0, (places - above) / level, 0.0)
    return np.clip(share, 0.0, 1.0).reshape(phat.shape)


def shares(params, groups, size=None) -> np.ndarray:
    """Each group's share of the applicants: its population share times its current size
    (``size`` ``[R, G]``: one row per replication)."""
    s = group_values(params, groups, "share")
    if size is not None:
        s = s * size
    total = np.add.reduce(s, axis=-1, keepdims=True)
    if np.minimum.reduce(total, axis=None, initial=np.inf) > 0:
        return s / total
    return np.divide(s, total, out=np.full(np.shape(s), 1 / len(groups)), where=total > 0)


def features(n_groups: int, aware: bool) -> np.ndarray:
    """Design matrix ``[G * B, F]``: intercept, scaled score, and (aware) group indicators."""
    z = (CENTERS - SCORE_ORIGIN) / SCORE_UNIT
    cols = [np.ones(n_groups * N_BINS), np.tile(z, n_groups)]
    if aware:
        for g in range(1, n_groups):
            ind = np.zeros((n_groups, N_BINS))
            ind[g] = 1
            cols.append(ind.ravel())
    return np.column_stack(cols)


def _by_observed(counts: np.ndarray, obs: np.ndarray) -> np.ndarray:
    """Sum ``[R, G, B, 2]`` cell counts into ``[R, G, B]`` by observed bin."""
    n_rows = counts.shape[0] * counts.shape[1]
    return np.bincount(_flat_index(obs, counts.shape[0]), weights=counts.ravel(),
                       minlength=n_rows * N_BINS).reshape(counts.shape[:-1])


#: Record labels in the order of the last axes of a ``[G, B, rec, true]`` tensor.
LABELS = ((0, 0), (0, 1), (1, 0), (1, 1))


def _by_observed_labels(counts: np.ndarray, obs: np.ndarray) -> np.ndarray:
    """Sum ``[R, G, B, 2, 4]`` cell counts (the last axis in :data:`LABELS` order) into
    ``[R, G, B, rec, true]`` by observed bin: one bincount, each output summed in the order
    four calls of :func:`_by_observed` would sum it (the same floats)."""
    n_rows = counts.shape[0] * counts.shape[1]
    flat = (_flat_index(obs, counts.shape[0])[:, None] * 4 + np.arange(4)[None, :]).ravel()
    return np.bincount(flat, weights=counts.ravel(), minlength=n_rows * N_BINS * 4).reshape(
        *counts.shape[:3], 2, 2)


_FLAT_INDEX: dict[tuple[int, int], tuple[np.ndarray, np.ndarray]] = {}


def _flat_index(obs: np.ndarray, replications: int) -> np.ndarray:
    """``obs`` as flat ``[R, G, B]`` indices for ``replications`` rows of it; kept for the
    read-only arrays of :func:`observed_bins` (the same object round after round), keyed by
    the array itself."""
    key = (id(obs), replications)
    entry = _FLAT_INDEX.get(key)
    if entry is not None and entry[0] is obs:
        return entry[1]
    rows = np.arange(replications * obs.shape[0]).reshape(replications, obs.shape[0])
    flat = (rows[:, :, None, None] * N_BINS + obs[None]).ravel()
    if not obs.flags.writeable:
        if len(_FLAT_INDEX) >= 64:
            _FLAT_INDEX.clear()
        _FLAT_INDEX[key] = (obs, flat)
    return flat


# --- the kind -------------------------------------------------------------------------------


class DecisionsKind(DeclaredKind):
    name = "decisions"
    title = T("Decisions loop")
    round_unit = T("month")

    PARAMETERS, METRICS, PLOTS, DIAGRAM = PARAMETERS, METRICS, PLOTS, DIAGRAM
    TABLES, REPLACED_BY_TABLE = TABLES, REPLACED_BY_TABLE
    STAGE_LABELS = STAGE_LABELS
    EVENTS = {
        # Findings the audits write to the event log: old is the figure found.
        audits.DEPLOY: T("Audit blocked a retrained model (gap found)"),
        "audit.reviewers": T("Audit retrained the reviewers (reliance found)"),
    }

    def stages(self):
        return [
            Stage("arrivals", 0.2, self.arrivals),
            Stage("outcomes", 0.4, self.outcomes),
            Stage("retrain", 0.6, self.retrain, every="model.retrain_every"),
            Stage("audit", 0.8, self.audit, every="audit.every"),
        ]

    def check_tables(self, tables) -> list[tuple[str, str]]:
        """A group's tables: bucket edges rising within the score scale, and per bucket a
        share of the group (summing to 1) or a repayment probability."""
        edges = tables.get("score_buckets")
        if edges is None:
            return [(name, "needs score_buckets, the buckets' edges (e.g. [300, 600, 850])")
                    for name in tables]
        rising = len(edges) >= 2 and bool(np.all(np.diff(edges) > 0))
        if not rising or edges[0] < SCORE_MIN or edges[-1] > SCORE_MAX:
            return [("score_buckets", f"expected 2 or more rising edges from {SCORE_MIN:g} to "
                                      f"{SCORE_MAX:g}, got {list(edges)}")]
        problems = []
        if len(tables) == 1:
            problems.append(("score_buckets", "give score_table and/or repay_table with it"))
        for name, lo, hi in (("score_table", 0.0, math.inf), ("repay_table", 0.0, 1.0)):
            values = tables.get(name)
            if values is None:
                continue
            if len(values) != len(edges) - 1:
                problems.append((name, f"expected one value per bucket ({len(edges) - 1}), "
                                       f"got {len(values)}"))
            elif not all(lo <= v <= hi for v in values):
                problems.append((name, f"values must be from {lo:g} to {hi:g}"))
        shares = tables.get("score_table")
        if shares is not None and not math.isclose(sum(shares), 1.0, abs_tol=1e-6):
            problems.append(("score_table", f"the shares must sum to 1, they sum to "
                                            f"{sum(shares):g}"))
        return problems

    # --- set-up -------------------------------------------------------------------------

    #: Stages take ``ctx.rng`` and ``ctx.log`` as one per replication, and the state holds
    #: replications side by side (see :mod:`simulator.kinds.replicas`).
    replicated = True
    stack_states = staticmethod(LendingState.stack)

    def split_state(self, state: LendingState) -> list[LendingState]:
        return state.split()

    def create_state(self, params, groups, rng) -> LendingState:
        """The state of one run (one replication: a leading axis of 1)."""
        n_groups = len(groups)
        population = np.stack([
            tabulated_population(params[f"groups.{g}.score_buckets"],
                                 params[f"groups.{g}.score_table"])
            if f"groups.{g}.score_table" in params else
            initial_population([params[f"groups.{g}.score_mean"]],
                               [params[f"groups.{g}.score_sd"]])[0]
            for g in groups])[None]
        store = DataStore((1, n_groups, N_BINS, 2, 2))
        skill = params["world.reviewer_skill"]
        state = LendingState(
            population=population, start=population.copy(), theta=np.zeros((1, n_groups + 1)),
            aware=np.zeros(1, dtype=bool), phat=np.full((1, n_groups, N_BINS), 0.5),
            store=store, size=np.ones((1, n_groups)),
            reviewers=Reviewers(reliance=np.zeros(1), skill=np.full(1, skill),
                                trained_skill=skill),
        )
        store.add(0, self._history(params, groups, population, (rng,)))
        self._fit_and_deploy(state, params, groups, round_=0, logs=None, rngs=None)
        return state

    def _history(self, params, groups, population, rngs) -> np.ndarray:
        """The data a past policy left behind: a fixed cut-off per group, selective labels,
        and the historical label bias."""
        n = params["data.history_rounds"] * params["world.applicants"]
        pvals = np.broadcast_to(shares(params, groups), (len(rngs), len(groups)))
        cohort = replicas.multinomial(rngs, replicas.multinomial(rngs, n, pvals), population)
        cells = self._measure(cohort, params, groups, rngs)
        cells_scores = observed_intervals(params, groups)
        cut = group_values(params, groups, "history_threshold")
        approve = cells_scores.share_at_or_above(cut[:, None, None])
        approved = replicas.binomial(rngs, cells, approve)
        p = true_repay_probability(params, groups)[:, :, None]
        rejected = cells - approved
        repaid, rejected_repaid = replicas.binomials(rngs, (approved, rejected), p)
        batch = Batch(0, 0, cohort.sum(axis=2), approved, repaid, rejected, rejected_repaid,
                      np.ones_like(approve)[None], False, None, None)
        bias = group_values(params, groups, "history_label_bias")
        return self._records(batch, params, groups, rngs, label_bias=bias)

    # --- stages -------------------------------------------------------------------------

    def _measure(self, cohort, params, groups, rngs) -> np.ndarray:
        """Split each true-score cell by the group's measurement shift: ``[R, G, B, 2]``."""
        _, frac = observed_bins(params, groups)
        high = (replicas.binomial(rngs, cohort, frac[:, None]) if frac.any()
                else np.zeros_like(cohort))
        return np.stack([cohort - high, high], axis=-1)

    def arrivals(self, ctx) -> None:
        """A cohort arrives, is scored and decided; its outcomes are drawn now and become
        known after the delay."""
        st, p, rngs, groups = ctx.state, ctx.params, ctx.rng, ctx.groups
        cohort = replicas.multinomial(
            rngs, replicas.multinomial(rngs, p["world.applicants"], shares(p, groups, st.size)),
            st.population)
        cells = self._measure(cohort, p, groups, rngs)
        obs, frac = observed_bins(p, groups)
        known = cells
        if p["model.oracle"]:  # it knows the whole population, not only this round's sample
            split = np.stack([1.0 - frac, frac], axis=-1)[:, None, :]
            weight = shares(p, groups, st.size)[:, :, None, None]
            known = st.population[:, :, :, None] * split * weight
        approve = self._policy(st, p, groups, known, obs)
        if approve.shape != cells.shape:  # a rule of the score alone: the same for all
            approve = np.broadcast_to(approve, cells.shape)
        review, appeals = p["mitigation.human_review"], p["mitigation.appeals"]
        if review > 0 or appeals > 0:
            right_call = self._right_call(p, groups)[:, :, None]
            approve = st.reviewers.approval(approve, right_call, review, appeals)
            st.reviewers.update(p["world.trust_growth"], p["world.skill_decay"],
                                p["mitigation.reliance_cap"])
        eps = p["mitigation.exploration"]
        propensity = approve + eps * (1.0 - approve)
        approved = replicas.binomial(rngs, cells, propensity)
        rejected = cells - approved
        prob = true_repay_probability(p, groups)[:, :, None]
        repaid, rejected_repaid = replicas.binomials(rngs, (approved, rejected), prob)
        fresh = p["mitigation.fresh_data"]
        fresh_repaid = fresh_defaulted = None
        if fresh > 0:
            fresh_repaid, fresh_defaulted = replicas.binomials(
                rngs, (repaid + rejected_repaid, cells - repaid - rejected_repaid), fresh)
        batch = Batch(ctx.round, ctx.round + p["world.outcome_delay"],
                      np.add.reduce(cohort, axis=2),
                      approved, repaid, rejected, rejected_repaid, propensity, eps > 0,
                      fresh_repaid, fresh_defaulted)
        st.pending.append(batch)
        self._decision_figures(st, p, groups, cells, obs, batch, prob)
        self._leave_and_arrive(st, p, groups, propensity, prob)
        turnover = p["world.turnover"]
        if turnover > 0:
            st.population = (1.0 - turnover) * st.population + turnover * st.start

    def outcomes(self, ctx) -> None:
        """Outcomes that are due become known: recorded into the data, and they move the
        people's scores (repaying raises a score, defaulting lowers it)."""
        st, p = ctx.state, ctx.params
        while st.pending and st.pending[0].due <= ctx.round:
            batch = st.pending.popleft()
            bias = group_values(p, ctx.groups, "label_bias")
            st.store.add(ctx.round, self._records(batch, p, ctx.groups, ctx.rng, bias))
            self._move_people(st, p, batch)

    def retrain(self, ctx) -> None:
        self._fit_and_deploy(ctx.state, ctx.params, ctx.groups, ctx.round, ctx.log, ctx.rng)

    def audit(self, ctx) -> None:
        """Model audit on a fresh unbiased sample (perceived minus observed success rate), and
        application audit of how reviewers use the model (the source notes' audits)."""
        st, p = ctx.state, ctx.params
        st.audit_gap = self._audit_gap(st.phat, st, p, ctx.groups, ctx.rng)
        reviewers = st.reviewers
        for i in np.flatnonzero(reviewers.reliance > p["audit.max_reliance"]):
            ctx.log[i]("audit.reviewers", round(float(reviewers.reliance[i]), 3), "retrained",
                       "audit")
            reviewers.reliance[i], reviewers.skill[i] = 0.0, reviewers.trained_skill

    # --- the pieces -----------------------------------------------------------------------

    def _policy(self, st, p, groups, cells, obs) -> np.ndarray:
        """Approval probability per ``[R, G, B, k]`` cell of ``cells`` (the people to decide
        on) under the rule and levers in force."""
        gain, loss = 1.0, p["policy.loss_gain_ratio"]
        constraint = p["mitigation.fairness"]
        g_idx = np.arange(len(groups))[:, None, None]  # per_bin[:, g_idx, obs]: [R, G, B, k]
        if constraint != "none":
            observed_counts = _by_observed(cells, obs)
            per_bin = np.stack([fairness.constrained_policy(phat, counts, gain, loss, constraint)
                                for phat, counts in zip(st.phat, observed_counts, strict=True)])
            return per_bin[:, g_idx, obs]
        cells_scores = observed_intervals(p, groups)
        if p["policy.rule"] == "fixed":
            cut = p["policy.threshold"] + group_values(p, groups, "threshold_offset")
            return cells_scores.share_at_or_above(cut[:, None, None])
        if p["policy.rule"] == "top_share":
            return self._top_share(st, p, len(groups), cells_scores, cells,
                                   _by_observed(cells, obs), obs)
        if p["model.oracle"]:
            per_bin = fairness.max_utility(st.phat, gain, loss)
            return per_bin[:, g_idx, obs]
        return self._max_utility(st, len(groups), loss / gain, cells_scores)

    def _max_utility(self, st, n_groups, loss_gain, cells_scores: Intervals) -> np.ndarray:
        """Approve where the model's repayment probability at the observed score is at least
        loss / (gain + loss): the model is logistic in the score, so that is a cut-off score
        per group (or, with a falling curve, a ceiling), applied exactly."""
        return self._at_or_above_logit(st, n_groups, math.log(loss_gain), cells_scores)

    def _at_or_above_logit(self, st, n_groups, logit, cells_scores: Intervals) -> np.ndarray:
        """Share of each ``[R, G, B, k]`` cell whose predicted logit at its observed score is
        at least ``logit`` (a number, or one per replication as ``[R, 1]``): a cut-off score
        per group, exact within the cells."""
        theta = st.theta
        # Each group's intercept; an unaware model's group coefficients are 0 (see theta).
        intercept = np.empty((len(theta), n_groups))
        intercept[:, 0] = theta[:, 0]
        intercept[:, 1:] = theta[:, :1] + theta[:, 2:]
        needed = logit - intercept
        slope = theta[:, 1] / SCORE_UNIT  # per score point
        if not slope.all():  # a model flat in the score: everyone or no one, per group
            return self._flat_or_not(st, needed, slope, cells_scores)
        above = cells_scores.share_at_or_above((SCORE_ORIGIN + needed / slope[:, None])
                                               [:, :, None, None])
        rising = slope > 0
        return above if rising.all() else np.where(rising[:, None, None, None], above,
                                                   1.0 - above)

    def _flat_or_not(self, st, needed, slope, cells_scores: Intervals) -> np.ndarray:
        """:meth:`_at_or_above_logit` where some replication's model is flat in the score."""
        flat = slope == 0
        cut = SCORE_ORIGIN + needed / np.where(flat, 1.0, slope)[:, None]
        above = cells_scores.share_at_or_above(cut[:, :, None, None])
        above = np.where((slope > 0)[:, None, None, None], above, 1.0 - above)
        level = np.broadcast_to((needed <= 0)[:, :, None, None], above.shape).astype(float)
        return np.where(flat[:, None, None, None], level, above)

    def _top_share(self, st, p, n_groups, cells_scores, cells, observed_counts, obs):
        """Approve the ``capacity`` share of ``cells`` with the highest predicted probability:
        one cut-off on the model's logit, found by bisection, so each group's cut-off score
        falls inside its bins wherever the places run out (the model is logistic in the
        score: ranking by probability is ranking by a per-group score). A model flat in the
        score ranks by its curve per bin instead."""
        capacity = p["policy.capacity"]
        if p["model.oracle"] or not st.theta[:, 1].any():
            per_bin = np.stack([top_share(phat, counts, capacity)
                                for phat, counts in zip(st.phat, observed_counts, strict=True)])
            return per_bin[:, np.arange(n_groups)[:, None, None], obs]
        places = capacity * cells.sum(axis=(1, 2, 3))
        z = (np.array([SCORE_MIN, SCORE_MAX]) - SCORE_ORIGIN) / SCORE_UNIT
        ends = st.theta[:, :1] + st.theta[:, 1:2] * z
        offsets = np.where(st.aware[:, None], st.theta[:, 2:], 0.0)
        lo = ends.min(axis=1) + np.minimum(0.0, offsets.min(axis=1, initial=0.0)) - 1.0
        hi = ends.max(axis=1) + np.maximum(0.0, offsets.max(axis=1, initial=0.0)) + 1.0
        for _ in range(60):  # the approved fall as the cut-off rises
            mid = 0.5 * (lo + hi)
            taken = (cells * self._at_or_above_logit(st, n_groups, mid[:, None], cells_scores)
                     ).sum(axis=(1, 2, 3))
            lo, hi = np.where(taken > places, mid, lo), np.where(taken > places, hi, mid)
        approve = np.array(self._at_or_above_logit(st, n_groups, hi[:, None], cells_scores))
        for i in np.flatnonzero(st.theta[:, 1] == 0):  # a model flat in the score
            per_bin = top_share(st.phat[i], observed_counts[i], capacity)
            approve[i] = per_bin[np.arange(n_groups)[:, None, None], obs]
        return approve

    def _right_call(self, p, groups) -> np.ndarray:
        """Per true score bin, whether approving is the right call: the expected gain is
        positive (the call a reviewer who sees the person makes when they get it right)."""
        loss = p["policy.loss_gain_ratio"]
        return (true_repay_probability(p, groups) >= loss / (1.0 + loss)).astype(float)

    def _leave_and_arrive(self, st, p, groups, approval, prob) -> None:
        """Retention as in Hashimoto et al. (2018): each group's next size is its current one
        times a retention 1 − churn · loss, where the loss is the group's expected share of
        deserving people turned down under the policy in force (the whole group, not this
        round's sample), plus newcomers, who refill a share ``inflow`` of the gap to the
        original size. With one shared model, a shrinking group weighs less in training, the
        model fits it worse, its loss rises and more of it leaves."""
        churn = p["world.churn"]
        if churn <= 0 and np.all(st.size == 1.0):
            return
        _, frac = observed_bins(p, groups)
        split = np.stack([1.0 - frac, frac], axis=-1)[:, None, :]  # [G, 1, k]
        deserving = st.population[:, :, :, None] * split * prob  # [R, G, B, k]
        turned_down = (deserving * (1.0 - approval)).sum(axis=(2, 3))
        total = deserving.sum(axis=(2, 3))
        harm = np.divide(turned_down, total, out=np.zeros_like(total), where=total > 0)
        st.size = st.size * (1.0 - churn * harm) + p["world.inflow"] * (1.0 - st.size)

    def _records(self, batch, p, groups, rngs, label_bias) -> np.ndarray:
        """What gets written into the data from a batch of outcomes:
        ``[R, G, B, rec, true]``."""
        keep = group_values(p, groups, "record_share")[:, None, None]
        noise = p["bias.annotator_noise"]
        selective = p["bias.selective_labels"]
        weight = None  # records of explored decisions weigh 1 / propensity, others 1
        if selective:
            repaid, total = batch.repaid, batch.approved
            if batch.explored:
                weight = np.ones_like(batch.propensity)
                np.divide(1.0, batch.propensity, out=weight, where=batch.propensity > 0)
        else:
            repaid = batch.repaid + batch.rejected_repaid
            total = batch.approved + batch.rejected
        repaid, defaulted = replicas.binomials(
            rngs, (repaid, total - batch.repaid if selective else
                   total - (batch.repaid + batch.rejected_repaid)), keep)
        # Human label bias: some repayments written down as defaults.
        hidden = replicas.binomial(rngs, repaid, label_bias[:, None, None])
        rec = {(1, 1): repaid - hidden, (0, 1): hidden, (0, 0): defaulted,
               (1, 0): np.zeros_like(defaulted)}
        if noise > 0:
            flips = dict(zip(rec, replicas.binomials(rngs, tuple(rec.values()), noise),
                             strict=True))
            rec = {(r, t): rec[(r, t)] - flips[(r, t)] + flips[(1 - r, t)] for r, t in rec}
        obs, _ = observed_bins(p, groups)
        parts = np.empty((*defaulted.shape, len(LABELS)))
        for k, label in enumerate(LABELS):
            parts[..., k] = rec[label]
        if weight is not None:
            parts *= weight[..., None]
        out = _by_observed_labels(parts, obs)
        if selective and p["bias.reject_inference"]:
            rej_repaid, rej_default = replicas.binomials(
                rngs, (batch.rejected_repaid, batch.rejected - batch.rejected_repaid), keep)
            out[..., 0, 1] += _by_observed(rej_repaid, obs)
            out[..., 0, 0] += _by_observed(rej_default, obs)
        if batch.fresh_repaid is not None:
            out[..., 1, 1] += _by_observed(batch.fresh_repaid, obs)
            out[..., 0, 0] += _by_observed(batch.fresh_defaulted, obs)
        return out

    def _move_people(self, st, p, batch) -> None:
        effect = p["world.treatment_effect"]  # what being approved does, whatever the outcome
        up, down = p["world.score_gain"] + effect, -p["world.score_loss"] + effect
        if up == 0 and down == 0:  # nobody's score moves (moderation): the change is +0.0
            pop = np.clip(st.population + 0.0, 0.0, None)
        else:
            repaid = np.add.reduce(batch.repaid, axis=3).astype(float)
            defaulted = np.add.reduce(batch.approved, axis=3) - repaid
            delta = (shift_mass(repaid, up) - repaid + shift_mass(defaulted, down) - defaulted)
            n = batch.cohort_size.astype(float)
            rate = p["world.applicant_share"]
            with np.errstate(divide="ignore", invalid="ignore"):
                change = np.where(n[:, :, None] > 0,
                                  rate * delta / np.maximum(n, 1)[:, :, None], 0.0)
            pop = np.clip(st.population + change, 0.0, None)
        st.population = pop / np.add.reduce(pop, axis=2, keepdims=True)

    def training_view(self, st, p, groups, round_) -> np.ndarray:
        """The data the model trains on, ``[R, G, B, rec, true]``: the window, with the label
        audit's corrections, and under a proxy label each group's recorded successes thinned
        by its access.

        The proxy acts on the view, not the records, so switching the label relabels all the
        data at once, history included (a care programme that moves from cost to a health
        measure measures it for the same patients). It thins in expectation, as the label
        audit corrects: the count tensor is weighted anyway. The audit comes first: it
        corrects how outcomes were written down; the proxy is what the model is asked to
        predict from them.
        """
        data = st.store.window(p["mitigation.data_window"], round_)
        audit = p["mitigation.label_audit"]
        if audit > 0:
            data = data.copy()
            for r in (0, 1):
                moved = audit * data[..., r, 1 - r]
                data[..., r, 1 - r] -= moved
                data[..., 1 - r, 1 - r] += moved
        if p["model.label"] == "proxy":
            hidden = (1.0 - group_values(p, groups, "access"))[:, None, None] * data[..., 1, :]
            data = data.copy()
            data[..., 1, :] -= hidden
            data[..., 0, :] += hidden
        return data

    def _fit(self, st, p, groups, round_) -> tuple[np.ndarray, bool, np.ndarray]:
        """Each replication's model fitted to its own data: ``[R, 2 + G - 1]`` coefficients
        (the group ones 0 when unaware), whether it is aware, and ``[R, G, B]`` curves."""
        data = self.training_view(st, p, groups, round_)
        positives = data[..., 1, :].sum(axis=-1)
        negatives = data[..., 0, :].sum(axis=-1)
        aware = not p["mitigation.unawareness"] and len(groups) > 1
        X = features(len(groups), aware)
        theta = np.zeros_like(st.theta)
        phat = np.empty_like(st.phat)
        for i in range(st.replications):
            pos, neg = positives[i], negatives[i]
            if p["mitigation.reweighing"]:
                w = fairness.reweighing_weights(
                    np.stack([neg.sum(axis=1), pos.sum(axis=1)], axis=1))
                neg, pos = neg * w[:, 0:1], pos * w[:, 1:2]
            warm = st.theta[i, :X.shape[1]] if st.aware[i] == aware else None
            if p["mitigation.dro"]:
                fitted = fit_logistic_robust(X, pos.ravel(), neg.ravel(), warm,
                                             alpha=p["model.dro_mass"],
                                             l2=p["model.regularization"])
            else:
                fitted = fit_logistic(X, pos.ravel(), neg.ravel(), warm,
                                      l2=p["model.regularization"])
            theta[i, :len(fitted)] = fitted
            phat[i] = sigmoid(X @ fitted).reshape(len(groups), N_BINS)
        return theta, aware, phat

    def _fit_and_deploy(self, st, p, groups, round_, logs, rngs) -> None:
        if p["model.oracle"]:  # the true curve read at the score it sees, nothing learned
            st.phat = np.repeat(true_repay_probability(p, groups)[None], st.replications, axis=0)
            return
        theta, aware, phat = self._fit(st, p, groups, round_)
        deploy = np.ones(st.replications, dtype=bool)
        if p["audit.block"] and rngs is not None:
            findings = self._audit_gap(phat, st, p, groups, rngs)
            deploy = np.array([audits.may_deploy(f, p, log)
                               for f, log in zip(findings, logs, strict=True)])
        st.theta = np.where(deploy[:, None], theta, st.theta)
        st.aware = np.where(deploy, aware, st.aware)
        st.phat = np.where(deploy[:, None, None], phat, st.phat)

    def _audit_gap(self, phat, st, p, groups, rngs) -> np.ndarray:
        n = p["audit.sample"]
        cohort = replicas.multinomial(
            rngs, replicas.multinomial(rngs, n, shares(p, groups, st.size)), st.population)
        cells = self._measure(cohort, p, groups, rngs)
        obs, _ = observed_bins(p, groups)
        repaid = replicas.binomial(rngs, cells, true_repay_probability(p, groups)[:, :, None])
        size = cells.sum(axis=(2, 3)).astype(float)
        g_idx = np.arange(len(groups))[:, None, None]
        perceived = (cells * phat[:, g_idx, obs]).sum(axis=(2, 3))
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(size > 0, (perceived - repaid.sum(axis=(2, 3))) / size, np.nan)

    # --- metrics --------------------------------------------------------------------------

    def _decision_figures(self, st, p, groups, cells, obs, batch, prob) -> None:
        g_idx = np.arange(len(groups))[:, None, None]
        believed = st.phat[:, g_idx, obs]
        # Every per-group total in one reduction over the cells (counts are whole numbers, so
        # their float sums are exact: the same figures as summing each on its own).
        (tp, fp, fn, tn, size, believed_total, true_total, approved, approved_believed,
         approved_true) = np.add.reduce(np.array([
             batch.repaid, batch.approved - batch.repaid, batch.rejected_repaid,
             batch.rejected - batch.rejected_repaid, cells, cells * believed, cells * prob,
             batch.approved, batch.approved * believed, batch.approved * prob],
             dtype=float), axis=(3, 4))
        perceived = metrics.ratio(believed_total, size)
        true = metrics.ratio(true_total, size)
        n_total = np.maximum(np.add.reduce(size, axis=1), 1.0)
        utility = (np.add.reduce(tp, axis=1)
                   - p["policy.loss_gain_ratio"] * np.add.reduce(fp, axis=1)) / n_total
        moved = (tp * p["world.score_gain"] - fp * p["world.score_loss"]
                 + (tp + fp) * p["world.treatment_effect"])
        score_change = metrics.ratio(moved, size)
        selected_share = metrics.ratio(approved, np.add.reduce(approved, axis=1, keepdims=True))
        selected_perceived = metrics.ratio(approved_believed, approved)
        selected_true = metrics.ratio(approved_true, approved)
        st.last = {"tp": tp, "fp": fp, "fn": fn, "tn": tn, "perceived": perceived,
                   "true": true, "utility": utility, "score_change": score_change,
                   "selected_share": selected_share, "selected_perceived_rate": selected_perceived,
                   "selected_true_rate": selected_true}

    def measure(self, st, p, groups, round_) -> dict[str, Any]:
        """Every metric with a leading replication axis: ``[R, G]`` per group, ``[R]``
        otherwise."""
        out: dict[str, Any] = {}
        rates = metrics.group_rates(*(st.last[k] for k in ("tp", "fp", "fn", "tn")))
        per_group = {**rates, "perceived_rate": st.last["perceived"],
                     "true_rate": st.last["true"], "score_change": st.last["score_change"],
                     **{name: st.last[name] for name in
                        ("selected_share", "selected_perceived_rate", "selected_true_rate")}}
        data = self.training_view(st, p, groups, round_)
        per_cell = np.add.reduce(data, axis=2)  # [R, G, rec, true]
        total = np.add.reduce(per_cell, axis=(2, 3))
        per_group["data_share"] = metrics.ratio(total,
                                                np.add.reduce(total, axis=1, keepdims=True))
        wrong = per_cell[:, :, 0, 1] + per_cell[:, :, 1, 0]
        per_group["label_bias"] = metrics.ratio(wrong, total)
        per_group["mean_score"] = st.population @ CENTERS
        per_group["group_share"] = shares(p, groups, st.size)
        per_group["audit_gap"] = (st.audit_gap if st.audit_gap is not None
                                  else np.full((st.replications, len(groups)), np.nan))
        out.update(per_group)  # one array per per-group metric, in group order
        out.update(metrics.fairness_summary(rates))
        out["utility"] = st.last["utility"]
        out["reliance"] = st.reviewers.reliance
        out["reviewer_skill"] = st.reviewers.skill
        return out
