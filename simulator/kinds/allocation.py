"""The ``allocation`` loop kind: a budget of patrols is allocated by the incidents on record, and
only where the patrols go are new incidents discovered (Ensign, Friedler, Neville, Scheidegger &
Venkatasubramanian, "Runaway Feedback Loops in Predictive Policing", FAT* 2018), generalised
from their two neighbourhoods to K regions and from one officer a day to a budget of B patrols.

Notation: region r has true rate λ_r, reports ρ_r per round; the data hold D_r discovered and R_r
reported incidents (D_r starts at the historical count: past police records are discoveries).
One round, in stage order:

1. model (every ``model.update_every`` rounds): the estimate is the share of the weighted
   records, x_r = n_r / Σ n with n_r = w_d D_r + w_r R_r and w_d = 1 − w_r.
2. patrol: the policy π is x (``urn``: Ensign et al.'s Pólya urn, one draw per patrol) or 1/k on
   the k regions with the largest x (``greedy``, ties broken at random); exploration mixes in
   the uniform allocation, q_r = (1 − ε) π_r + ε/K. Patrols P ~ Multinomial(B, q), the B urn
   draws at once. Discoveries Y_r ~ Binomial(P_r, λ_r) (each patrol finds an incident with
   probability λ_r, as in the paper) or Poisson(λ_r P_r).
3. report: Z_r ~ Poisson(ρ_r) in every region, whatever the patrols do.
4. record: D_r += Y_r, R_r += Z_r. The correction keeps each discovery with probability
   α_r = min_j q_j / q_r (over patrolled regions), so E[kept_r] = B q_r λ_r α_r = B λ_r min_j q_j
   ∝ λ_r: inverse-probability weighting done by rejection, so the urn gains balls in proportion
   to the true rates. For two regions α_r = (1 − q_r) / max_j (1 − q_j), which is Ensign et
   al.'s rule (keep a discovery in r with probability 1 − q_r), normalised so that the less
   patrolled region keeps everything; for K > 2 regions 1 − q_r is no longer ∝ 1/q_r, and
   min_j q_j / q_r is the faithful generalisation. A region that is never patrolled cannot be
   corrected for (the weight would be infinite): that is what exploration is for.
5. decay: each record is forgotten with probability δ, D_r −= Binomial(D_r, δ) (likewise R_r),
   and D_r is kept at least at the floor (``data.record_floor``; Ensign et al.'s code keeps 1),
   so that a forgotten region can still be patrolled and corrected.

Ensign et al.'s own setting is one patrol a round with Poisson discovery (one visit a day; their
Oakland rates are 3.7 and 2.8 incidents a visit, hence rates above 1 with Poisson discovery).
B patrols a round are B independent urn draws from the same shares: the same mean dynamics as
B of their days, but less noise, since the shares do not move between the draws of a round.

Where the loop goes (mean dynamics of the generalised urn, Renlund 2010, which Ensign et al.
use): with a_r(x) = w_d B λ_r q_r α_r + w_r ρ_r the expected weighted records added per round
(α_r = 1 without the correction), the shares x settle where x_r Σ_j a_j = a_r. Hence:

- discovered only, urn: a_r = B λ_r x_r, so dD_r/dD_A = λ_r D_r / (λ_A D_A) and D_r grows
  only like D_A^(λ_r/λ_A): the region A with the highest rate takes every patrol in the limit
  (x_A = 1, Ensign et al.'s runaway), however close the rates, and slowly when they are close.
  With equal rates the share is a martingale and its limit is random, not the truth (for two
  regions, one patrol a round and Bernoulli discovery exactly a Pólya urn slowed down by λ:
  Beta(D_A(0), D_B(0))).
- with reports (two regions): Ensign et al.'s mixed urn per patrol, a = w_d λ_A + w_r ρ_A / B,
  b = w_r ρ_B / B, c = w_r ρ_A / B, d = w_d λ_B + w_r ρ_B / B; the share of A converges to the
  root in [0, 1] of (c + d − a − b) x² + (a − 2c − d) x + c = 0 (their Eq. 3), between the true
  share and 1 when reports follow the true rates.
- with the correction: a_r ∝ λ_r (and still, adding reports that follow the true rates),
  so x_r → λ_r / Σ λ, the truth.

Audits (``simulator/kinds/audits.py``): a random-patrol survey sends ``audit.sample`` patrols
to regions chosen uniformly at random, S ~ Multinomial(n, 1/K), which discover Y_r as the
budget's patrols do; λ̂_r = Y_r / S_r estimates each rate without the loop's selection, and
ŝ_r = λ̂_r / Σ λ̂ each region's true share (the survey is neither part of the budget nor
recorded). The model audit compares an estimate x with ŝ (finding x_r − ŝ_r); with
``audit.block`` every update is surveyed first and kept out when max_r |x_r − ŝ_r| exceeds
``audit.max_gap``. The application audit, every ``audit.every`` rounds, compares the patrols in
use with ŝ: ½ Σ |q_r − ŝ_r|, the allocation gap as the survey sees it.

Everything is counts: a round costs O(K) numpy draws, whatever the budget.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from ..text import T
from . import audits
from .allocation_params import DIAGRAM, METRICS, PARAMETERS, PLOTS, RATE_MAX, STAGE_LABELS
from .base import DeclaredKind, Stage, group_values


@dataclass
class AllocationState:
    records: np.ndarray  # [2, K] int: discovered (history included) and reported incidents
    belief: np.ndarray  # [K] the deployed estimate x: each region's share of the records
    allocation: np.ndarray  # [K] q: this round's chance of a patrol going to each region
    discovered: np.ndarray  # [K] int: incidents the patrols found this round
    reported: np.ndarray  # [K] int: incidents reported this round
    audit_gap: np.ndarray  # [K] the last survey's finding: estimate minus surveyed share
    audit_allocation_gap: float = float("nan")  # the last application audit's finding


def weighted_shares(records: np.ndarray, reported_weight: float) -> np.ndarray:
    """x_r = n_r / Σ n with n = w_d D + w_r R (uniform while there are no records)."""
    n = (1.0 - reported_weight) * records[0] + reported_weight * records[1]
    total = n.sum()
    return n / total if total > 0 else np.full(len(n), 1.0 / len(n))


def true_shares(params, groups) -> np.ndarray:
    rate = group_values(params, groups, "rate")
    total = rate.sum()
    return rate / total if total > 0 else np.full(len(rate), np.nan)


def discoveries(patrols, rate, params, rng) -> np.ndarray:
    """Incidents ``patrols`` discover in each region, in the discovery mode in force."""
    if params["world.discovery"] == "poisson":
        return rng.poisson(rate * patrols)
    return rng.binomial(patrols, rate)


def surveyed_shares(params, groups, rng) -> np.ndarray:
    """A random-patrol survey's estimate of each region's true share of the incidents: the
    survey's patrols go to regions chosen uniformly at random, each region's rate is its
    discoveries per survey patrol, and its share that rate over their sum (NaN for a region
    no survey patrol reached, or where nothing was found)."""
    n_regions = len(groups)
    patrols = rng.multinomial(params["audit.sample"], np.full(n_regions, 1.0 / n_regions))
    found = discoveries(patrols, group_values(params, groups, "rate"), params, rng)
    with np.errstate(divide="ignore", invalid="ignore"):
        rate = np.where(patrols > 0, found / patrols, np.nan)
        return rate / rate.sum()


def patrol_probabilities(belief, params, rng) -> np.ndarray:
    """q = (1 − ε) π + ε/K, π the urn (π = x) or greedy (1/k on the top k) policy."""
    n_regions = len(belief)
    if params["policy.rule"] == "greedy":
        k = min(params["policy.top_k"], n_regions)
        top = np.lexsort((rng.random(n_regions), -belief))[:k]
        policy = np.zeros(n_regions)
        policy[top] = 1.0 / k
    else:
        policy = belief
    eps = params["mitigation.exploration"]
    q = (1.0 - eps) * policy + eps / n_regions
    return q / q.sum()


def kept_share(q: np.ndarray) -> np.ndarray:
    """The correction's α_r = min_j q_j / q_r over the patrolled regions (0 elsewhere)."""
    keep = np.zeros_like(q)
    patrolled = q > 0
    keep[patrolled] = q[patrolled].min() / q[patrolled]
    return keep


class AllocationKind(DeclaredKind):
    name = "allocation"
    title = T("Allocation loop")
    round_unit = T("day")

    PARAMETERS, METRICS, PLOTS, DIAGRAM = PARAMETERS, METRICS, PLOTS, DIAGRAM
    STAGE_LABELS = STAGE_LABELS
    EVENTS = {
        # The audits' verdicts in the event log: old is the figure found.
        audits.DEPLOY: T("Audit kept the estimate in use (gap found)"),
        "audit.allocation": T("Audit found the patrols off the survey (gap found)"),
    }

    def stages(self):
        return [
            Stage("model", 0.1, self.update_model, every="model.update_every"),
            Stage("patrol", 0.2, self.patrol),
            Stage("report", 0.3, self.report),
            Stage("record", 0.4, self.record),
            Stage("audit", 0.5, self.audit, every="audit.every"),
            Stage("decay", 0.6, self.decay),
        ]

    def create_state(self, params, groups, rng) -> AllocationState:
        n_regions = len(groups)
        records = np.zeros((2, n_regions), dtype=np.int64)
        records[0] = np.maximum(group_values(params, groups, "prior"),
                                params["data.record_floor"])
        belief = weighted_shares(records, params["mitigation.reported_weight"])
        zeros = np.zeros(n_regions, dtype=np.int64)
        return AllocationState(records, belief, patrol_probabilities(belief, params, rng),
                               zeros, zeros.copy(), audits.not_yet(n_regions))

    # --- stages -------------------------------------------------------------------------

    def update_model(self, ctx) -> None:
        """The estimate from the records, deployed unless the model audit keeps it out."""
        st, p = ctx.state, ctx.params
        estimate = weighted_shares(st.records, p["mitigation.reported_weight"])
        if p["audit.block"] and not audits.may_deploy(
                estimate - surveyed_shares(p, ctx.groups, ctx.rng), p, ctx.log):
            return
        st.belief = estimate

    def patrol(self, ctx) -> None:
        """The patrols are allocated and discover incidents where they go."""
        st, p, rng = ctx.state, ctx.params, ctx.rng
        q = patrol_probabilities(st.belief, p, rng)
        patrols = rng.multinomial(p["world.patrols"], q)
        st.discovered = discoveries(patrols, group_values(p, ctx.groups, "rate"), p, rng)
        st.allocation = q

    def report(self, ctx) -> None:
        ctx.state.reported = ctx.rng.poisson(group_values(ctx.params, ctx.groups, "report_rate"))

    def record(self, ctx) -> None:
        """Discoveries (thinned by the correction when it is on) and reports enter the data."""
        st = ctx.state
        kept = st.discovered
        if ctx.params["mitigation.correction"]:
            kept = ctx.rng.binomial(kept, kept_share(st.allocation))
        st.records[0] += kept
        st.records[1] += st.reported

    def audit(self, ctx) -> None:
        """A random-patrol survey audits the estimate in use (model audit) and the patrols
        sent today (application audit: the allocation gap as the survey sees it)."""
        st, p = ctx.state, ctx.params
        surveyed = surveyed_shares(p, ctx.groups, ctx.rng)
        st.audit_gap = st.belief - surveyed
        st.audit_allocation_gap = float(0.5 * np.abs(st.allocation - surveyed).sum())
        audits.flag("audit.allocation", st.audit_allocation_gap,
                    p["audit.max_allocation_gap"], ctx.log)

    def decay(self, ctx) -> None:
        """Records are forgotten, down to the floor of discovered records a region keeps."""
        delta = ctx.params["data.decay"]
        if delta > 0:
            ctx.state.records -= ctx.rng.binomial(ctx.state.records, delta)
        floor = ctx.params["data.record_floor"]
        if floor > 0:
            np.maximum(ctx.state.records[0], floor, out=ctx.state.records[0])

    def limits(self, params, groups) -> dict[str, float]:
        """The rates' ceiling under the discovery mode (1 for a chance, more for a mean)."""
        bound = RATE_MAX[params["world.discovery"]]
        return {f"groups.{g}.rate": bound for g in groups}

    def conflicts(self, params, groups) -> list[tuple[str, str]]:
        """A rate above what the discovery mode allows."""
        mode = params["world.discovery"]
        hint = ("; use poisson discovery for a mean number of incidents per patrol"
                if mode == "bernoulli" else "")
        return [(key, f"{params[key]:g} is above {bound:g}, the most a rate can be with "
                      f"{mode} discovery{hint}")
                for key, bound in self.limits(params, groups).items() if params[key] > bound]

    # --- metrics --------------------------------------------------------------------------

    def measure(self, st, p, groups, round_) -> dict[str, Any]:
        truth = true_shares(p, groups)
        return {  # per-group metrics as one array each, in group order
            "allocation_share": st.allocation,
            "true_share": truth,
            "data_share": weighted_shares(st.records, p["mitigation.reported_weight"]),
            "discovered": st.discovered,
            "reported": st.reported,
            "audit_gap": st.audit_gap,
            "allocation_gap": float(0.5 * np.abs(st.allocation - truth).sum()),
            "audit_allocation_gap": st.audit_allocation_gap,
        }

