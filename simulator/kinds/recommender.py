"""The ``recommender`` loop kind: a recommender trained on the interactions it caused narrows
what everyone is shown, without raising what they get from it (Chaney, Stewart & Engelhardt,
"How algorithmic confounding in recommendation systems increases homogeneity and decreases
utility", RecSys 2018).

The world follows their simulation: K hidden topics; user u has a mix of topics
θ_u ~ Dirichlet(a_u·1), item i a mix β_i ~ Dirichlet(a_g·1) with a_g its group's focus (small:
a niche item, loved by a few; large: a mainstream item everyone likes a little), and the true
preference V_ui = θ_u·β_i ∈ [0, 1] is the chance that u engages with i when shown it. The
groups are item groups. One round, in stage order:

1. train (every ``model.update_every`` rounds, from the end of the start-up): the recommender
   estimates each preference from its data as r_ui = A_ui / D_ui (where D_ui = 0, the item's
   appeal to everyone, its popularity p̂_i = Σ_u A_ui / Σ_u D_ui), factorises the estimates,
   v̂ = R Q Qᵀ with Q the top ``model.rank`` right singular vectors of R (matrix
   factorisation, the collaborative filtering of Chaney et al.; found by subspace iteration,
   two steps per retraining from the last Q), and scores s_ui = (1 − w) v̂_ui + w p̂_i (w the
   weight of popularity: 1 is their popularity recommender). What A and D are is the lever
   ``mitigation.training``:

   - logged: A = the interactions (with the items' history on record), D = Σ_t k/I, the
     showings an item would have had if every item had been equally likely to be shown. This
     is the confounded model: it reads what users did as what they prefer, so an item it
     showed often looks better than one it never showed. During the random start-up it is
     unbiased; once the loop concentrates exposure it is not.
   - ipw: A = Σ_t click/π (each interaction weighted by the inverse of the chance π that the
     slate held the item, which the policy knows exactly), D = the rounds. E[click/π] = V
     per round where π > 0, so the estimate is unbiased (Schnabel et al. 2016) — but only for
     items that can be shown: without exploration π = 0 outside the top of the ranking, and
     only the start-up's random rounds ever told it about the items there.
   - random: A and D are the interactions and showings of the random slates only (the
     start-up's included), a randomised experiment run alongside the recommender: which
     items a random slate holds does not depend on any past click, so A / D is unbiased.

2. recommend: each user's ranked list is the items by score; with diversity d a share d of its
   first k positions (every 1/d-th) are given to the item groups in proportion to the
   catalogue, each group's best-scored item still free taking its position (calibrated
   re-ranking, Steck 2018). The slate is the first k items of the list or, with probability ε
   (exploration, drawn per user and round, independently of the data), k items drawn
   uniformly from the catalogue. The chance that an item is shown is therefore
   π = 1 − ε + ε k / I for the first k of the list and π = ε k / I for every other item, which
   is what IPW weights by; and the random slates are a randomised experiment, which is what
   the random training reads. During the start-up every slate is random (π = k / I).
3. interact: each shown item is engaged with independently, with probability V_ui.
4. audit (every ``audit.every`` rounds): a model audit on ``audit.sample`` random (user, item)
   views, the deployed v̂ against the engagement observed, per group. With ``audit.block``
   the same audit runs on every retrained model before it is deployed, and one that misses
   ``audit.max_gap`` for a group is not (the old one stays; the event log says so).

The ideal recommender (Chaney et al.'s benchmark) knows V and shows each user their k
favourite items; the metrics compare the loop's slates with its: homogeneity (mean Jaccard
index of two users' slates, over all pairs), each group's share of the slots, and the users'
utility (the summed true preference of what they are shown) relative to the ideal's.

Everything is arrays over users × items: a round costs a few passes over them, vectorised.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..text import T
from .base import DeclaredKind, Stage, group_values
from .recommender_params import DIAGRAM, METRICS, PARAMETERS, PLOTS, STAGE_LABELS

#: Ties between equal scores (items with no data) are broken at random by a jitter this small,
#: far below the smallest difference one interaction makes.
JITTER = 1e-12


@dataclass
class RecommenderState:
    taste: np.ndarray  # [U, I] V: the true chance that user u engages with item i when shown it
    group_of: np.ndarray  # [I] the item's group index
    logged: np.ndarray  # [U, I] interactions on record (history included)
    logged_showings: float  # Σ_t k/I: the showings the logged model assumes each item had
    weighted: np.ndarray  # [U, I] Σ click / π (inverse-propensity weighted interactions)
    weighted_rounds: int  # rounds the weighted interactions cover
    random_clicks: np.ndarray  # [U, I] interactions in random slates
    random_showings: np.ndarray  # [U, I] showings in random slates
    estimate: np.ndarray  # [U, I] v̂: the deployed recommender's estimate of V
    scores: np.ndarray | None  # [U, I] its scores; None while the start-up runs
    shown: np.ndarray  # [U, I] bool: this round's slates
    random_slots: np.ndarray  # [U, I] bool: this round's slates that were drawn at random
    propensity: np.ndarray  # [U, I] π: the chance this round's slate held each item
    basis: np.ndarray  # [I, r] Q: the factorisation's item subspace, warm start of the next
    pairs: np.ndarray | None  # the pairs of users homogeneity is measured on (None: all)
    audit_gap: np.ndarray | None = None
    ideal: dict[int, tuple[np.ndarray, float]] = field(default_factory=dict)  # k → the ideal's
    # slates and their homogeneity


# --- the world ------------------------------------------------------------------------------


def draw_world(params, groups, rng) -> tuple[np.ndarray, np.ndarray]:
    """The true preferences V = θ βᵀ (users' and items' Dirichlet mixes of topics) and each
    item's group index."""
    topics = params["world.topics"]
    theta = rng.dirichlet(np.full(topics, params["world.taste_focus"]), size=params["world.users"])
    counts = group_values(params, groups, "items").astype(int)
    focus = group_values(params, groups, "focus")
    beta = np.vstack([rng.dirichlet(np.full(topics, a), size=n) for a, n in zip(focus, counts,
                                                                                strict=True)])
    return theta @ beta.T, np.repeat(np.arange(len(groups)), counts)


def catalogue_shares(group_of: np.ndarray, n_groups: int) -> np.ndarray:
    return np.bincount(group_of, minlength=n_groups) / len(group_of)


def top_slates(scores: np.ndarray, k: int) -> np.ndarray:
    """[U, I] bool: each row's k highest scores."""
    top = np.argpartition(-scores, k - 1, axis=1)[:, :k]
    shown = np.zeros(scores.shape, dtype=bool)
    np.put_along_axis(shown, top, True, axis=1)
    return shown


def factorised(rates: np.ndarray, basis: np.ndarray, rank: int, rng
               ) -> tuple[np.ndarray, np.ndarray]:
    """R Q Qᵀ: the rates projected on their top ``rank`` right singular vectors, Q found by two
    steps of subspace iteration from the last basis (a fresh random one if the rank
    changed)."""
    rank = min(rank, rates.shape[1])
    if basis.shape[1] != rank:
        basis = rng.standard_normal((rates.shape[1], rank))
    for _ in range(2):
        basis, _ = np.linalg.qr(rates.T @ (rates @ basis))
    return (rates @ basis) @ basis.T, basis


# --- the policy -----------------------------------------------------------------------------


def diversity_pattern(k: int, diversity: float, shares: np.ndarray) -> list[int]:
    """For each of the first k list positions, the item group it is reserved for, or −1 for
    the overall best: every 1/d-th position is reserved, in turn for the group furthest below
    its catalogue share of the reserved positions so far."""
    pattern, counts = [], np.zeros(len(shares))
    for j in range(k):
        if np.floor((j + 1) * diversity + 1e-9) > np.floor(j * diversity + 1e-9):
            g = int(np.argmax(shares * (counts.sum() + 1) - counts))
            counts[g] += 1
            pattern.append(g)
        else:
            pattern.append(-1)
    return pattern


def ranked_list(scores: np.ndarray, k: int, pattern: list[int], group_of: np.ndarray
                ) -> np.ndarray:
    """[U, k] the first k items of each user's list: by score, with the positions the pattern
    reserves taken by the best-scored free item of their group (the overall best if the group
    has none left)."""
    users = np.arange(len(scores))
    if all(g < 0 for g in pattern):  # no reserved positions: the top k, in order
        top = np.argpartition(-scores, k - 1, axis=1)[:, :k]
        return np.take_along_axis(top, np.argsort(-scores[users[:, None], top], axis=1), axis=1)
    free = np.ones(scores.shape, dtype=bool)
    out = np.empty((len(scores), k), dtype=np.int64)
    for j, g in enumerate(pattern):
        overall = np.where(free, scores, -np.inf)
        if g >= 0:
            own = np.where(group_of == g, overall, -np.inf)
            pick = np.where(np.isfinite(own.max(axis=1)), own.argmax(axis=1),
                            overall.argmax(axis=1))
        else:
            pick = overall.argmax(axis=1)
        out[:, j] = pick
        free[users, pick] = False
    return out


def propensities(k: int, n_items: int, exploration: float) -> tuple[float, float]:
    """π for the first k items of a list and π for every other item: the chance that the slate
    holds it when, with probability ε, the slate is k items drawn uniformly instead."""
    drawn = exploration * k / n_items
    return 1.0 - exploration + drawn, drawn


def slates(ranked: np.ndarray, n_items: int, exploration: float, rng
           ) -> tuple[np.ndarray, np.ndarray]:
    """[U, I] bool slates and the same for the random ones: each user's list, or with
    probability ε (independently of everything the recommender knows) k items drawn
    uniformly from the catalogue."""
    n_users, k = ranked.shape
    users = np.arange(n_users)[:, None]
    explored = rng.random(n_users) < exploration
    listed = np.zeros((n_users, n_items), dtype=bool)
    listed[users, ranked] = True
    drawn = top_slates(rng.random((n_users, n_items)), k)
    random_slates = drawn & explored[:, None]
    return np.where(explored[:, None], drawn, listed), random_slates


# --- the kind -------------------------------------------------------------------------------


class RecommenderKind(DeclaredKind):
    name = "recommender"
    title = T("Recommender loop")
    round_unit = T("day")

    PARAMETERS, METRICS, PLOTS, DIAGRAM = PARAMETERS, METRICS, PLOTS, DIAGRAM
    STAGE_LABELS = STAGE_LABELS
    EVENTS = {
        # Findings the audit writes to the event log: old is the largest gap found.
        "audit.deploy": T("Audit blocked a retrained recommender (gap found)"),
    }

    def stages(self):
        return [
            Stage("train", 0.1, self.train, every="model.update_every"),
            Stage("recommend", 0.2, self.recommend),
            Stage("interact", 0.4, self.interact),
            Stage("audit", 0.8, self.audit, every="audit.every"),
        ]

    def create_state(self, params, groups, rng) -> RecommenderState:
        taste, group_of = draw_world(params, groups, rng)
        shape = taste.shape
        prior = group_values(params, groups, "prior")[group_of]
        logged = np.broadcast_to(prior / shape[0], shape).copy()
        zeros = np.zeros(shape)
        basis = rng.standard_normal((shape[1], min(params["model.rank"], shape[1])))
        return RecommenderState(taste, group_of, logged, 0.0, zeros.copy(), 0, zeros.copy(),
                                zeros.copy(), zeros.copy(), None, np.zeros(shape, dtype=bool),
                                np.zeros(shape, dtype=bool), zeros.copy(), basis,
                                user_pairs(shape[0], rng))

    # --- stages -------------------------------------------------------------------------

    def train(self, ctx) -> None:
        """Retrain on the data so far (not during the start-up), unless the audit blocks it."""
        st, p = ctx.state, ctx.params
        if ctx.round <= p["data.startup_rounds"]:
            return
        rates, popularity = self.fit(st, p["mitigation.training"])
        estimate, basis = factorised(rates, st.basis, p["model.rank"], ctx.rng)
        if p["audit.block"]:
            gap = self._audit_gap(estimate, st, p, len(ctx.groups), ctx.rng)
            worst = float(np.nanmax(np.abs(gap))) if np.isfinite(gap).any() else 0.0
            if worst > p["audit.max_gap"]:
                ctx.log("audit.deploy", round(worst, 3), "blocked", "audit")
                return
        w = p["model.popularity_weight"]
        st.estimate, st.basis = estimate, basis
        st.scores = (1.0 - w) * estimate + w * popularity[None, :]

    @staticmethod
    def fit(st: RecommenderState, training: str) -> tuple[np.ndarray, np.ndarray]:
        """r = A / D per user and item (p̂ where D = 0), and p̂ = Σ_u A / Σ_u D per item, for
        the data the training mode reads (see the module's docstring)."""
        if training == "random":
            clicks, showings = st.random_clicks, st.random_showings
        elif training == "ipw":
            clicks, showings = st.weighted, np.full(st.taste.shape, float(st.weighted_rounds))
        else:
            clicks, showings = st.logged, np.full(st.taste.shape, st.logged_showings)
        total = showings.sum(axis=0)
        overall = clicks.sum() / showings.sum() if showings.sum() > 0 else 0.0
        popularity = np.where(total > 0, clicks.sum(axis=0) / np.where(total > 0, total, 1.0),
                              overall)
        estimate = np.where(showings > 0, clicks / np.where(showings > 0, showings, 1.0),
                            popularity[None, :])
        return estimate, popularity

    def recommend(self, ctx) -> None:
        """Each user's slate: the ranked list (re-ranked for diversity), or a random one; all
        random during the start-up."""
        st, p, rng = ctx.state, ctx.params, ctx.rng
        n_users, n_items = st.taste.shape
        k = p["policy.slate_size"]
        jitter = JITTER * rng.random((n_users, n_items))
        startup = st.scores is None
        exploration = 1.0 if startup else p["mitigation.exploration"]
        scores = jitter if startup else st.scores + jitter
        shares = catalogue_shares(st.group_of, len(ctx.groups))
        pattern = diversity_pattern(k, 0.0 if startup else p["mitigation.diversity"], shares)
        ranked = ranked_list(scores, k, pattern, st.group_of)
        st.shown, st.random_slots = slates(ranked, n_items, exploration, rng)
        listed, rest = propensities(k, n_items, exploration)
        propensity = np.full((n_users, n_items), rest)
        np.put_along_axis(propensity, ranked, listed, axis=1)
        st.propensity = propensity

    def interact(self, ctx) -> None:
        """Users engage with shown items with their true preference; every form of data
        records it."""
        st, p = ctx.state, ctx.params
        n_items = st.taste.shape[1]
        clicks = st.shown & (ctx.rng.random(st.taste.shape) < st.taste)
        st.logged += clicks
        st.logged_showings += p["policy.slate_size"] / n_items
        st.weighted += np.where(clicks, 1.0 / np.where(clicks, st.propensity, 1.0), 0.0)
        st.weighted_rounds += 1
        st.random_clicks += clicks & st.random_slots
        st.random_showings += st.random_slots

    def audit(self, ctx) -> None:
        """Model audit on random showings: the deployed estimate against how often users
        engage."""
        st = ctx.state
        st.audit_gap = self._audit_gap(st.estimate, st, ctx.params, len(ctx.groups), ctx.rng)

    @staticmethod
    def _audit_gap(estimate, st, p, n_groups, rng) -> np.ndarray:
        """Per group: mean estimate minus engagement over audit.sample random (user, item)
        showings."""
        n_users, n_items = st.taste.shape
        n = p["audit.sample"]
        u, i = rng.integers(n_users, size=n), rng.integers(n_items, size=n)
        engaged = rng.random(n) < st.taste[u, i]
        g = st.group_of[i]
        count = np.bincount(g, minlength=n_groups).astype(float)
        diff = np.bincount(g, weights=estimate[u, i] - engaged, minlength=n_groups)
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(count > 0, diff / count, np.nan)

    def conflicts(self, params, groups) -> list[tuple[str, str]]:
        """A slate cannot hold more items than the catalogue has."""
        n_items = int(group_values(params, groups, "items").sum())
        k = params["policy.slate_size"]
        if k > n_items:
            return [("policy.slate_size", f"{k} is more than the {n_items} items in the "
                                          f"catalogue; a slate holds at most {n_items}")]
        return []

    def limits(self, params, groups) -> dict[str, float]:
        return {"policy.slate_size": float(group_values(params, groups, "items").sum())}

    # --- metrics --------------------------------------------------------------------------

    @staticmethod
    def ideal_slates(st: RecommenderState, k: int) -> tuple[np.ndarray, float]:
        """The ideal recommender's slates of k items (each user's k favourites) and their
        homogeneity, worked out once per slate size."""
        if k not in st.ideal:
            ideal = top_slates(st.taste, k)
            st.ideal[k] = ideal, mean_jaccard(ideal, st.pairs)
        return st.ideal[k]

    def measure(self, st, p, groups, round_) -> dict[str, Any]:
        k = p["policy.slate_size"]
        ideal, ideal_homogeneity = self.ideal_slates(st, k)
        n_groups = len(groups)
        homogeneity = mean_jaccard(st.shown, st.pairs)
        data = self.fit_data(st, p["mitigation.training"])
        per_group = {
            "exposure_share": group_share(st.shown.sum(axis=0), st.group_of, n_groups),
            "ideal_exposure_share": group_share(ideal.sum(axis=0), st.group_of, n_groups),
            "estimated_appeal": group_mean(st.estimate, st.group_of, n_groups),
            "true_appeal": group_mean(st.taste, st.group_of, n_groups),
            "data_share": group_share(data.sum(axis=0), st.group_of, n_groups),
            "catalogue_share": catalogue_shares(st.group_of, n_groups),
            "audit_gap": (st.audit_gap if st.audit_gap is not None
                          else np.full(n_groups, np.nan)),
        }
        out = {f"{name}_{g}": float(v) for name, values in per_group.items()
               for g, v in zip(groups, values, strict=True)}
        out["homogeneity"] = homogeneity
        out["ideal_homogeneity"] = ideal_homogeneity
        out["homogeneity_gap"] = homogeneity - ideal_homogeneity
        out["relative_utility"] = float((st.taste * st.shown).sum() / (st.taste * ideal).sum())
        return out

    @staticmethod
    def fit_data(st: RecommenderState, training: str) -> np.ndarray:
        """The interactions the training mode learns from (weighted, for IPW)."""
        return {"random": st.random_clicks, "ipw": st.weighted}.get(training, st.logged)


#: Pairs of users over which homogeneity is measured: all of them up to this many, a fixed
#: random sample of this many beyond.
PAIRS = 20_000


def user_pairs(n_users: int, rng) -> np.ndarray | None:
    """[P, 2] the fixed sample of distinct pairs (u, v) homogeneity is measured on, or None
    to measure it on all pairs."""
    if n_users * (n_users - 1) // 2 <= PAIRS:
        return None
    u = rng.integers(n_users, size=PAIRS)
    v = (u + rng.integers(1, n_users, size=PAIRS)) % n_users
    return np.stack([u, v], axis=1)


def mean_jaccard(shown: np.ndarray, pairs: np.ndarray | None = None) -> float:
    """Mean Jaccard index |A ∩ B| / |A ∪ B| of two users' slates, over all pairs of users (or
    the given ones).

    Every slate holds the same number k of items, so the index of a pair sharing x items is
    x / (2k − x), and the mean needs only how many pairs share each x. The overlaps are
    gathered from the slates' item lists (U × U × k lookups, at most 2·10⁴ · k) rather than by
    a matrix product, which a multi-threaded BLAS makes ten times slower on a busy machine."""
    n, k = shown.shape[0], int(shown[0].sum())
    items = np.nonzero(shown)[1].reshape(n, k)
    x = np.arange(k + 1)
    if pairs is not None:
        both = shown[pairs[:, 1, None], items[pairs[:, 0]]].sum(axis=1)
        return float(np.mean(both / (2 * k - both)))
    both = shown.view(np.uint8)[:, items].sum(axis=2, dtype=np.int64)
    counts = np.bincount(both.ravel(), minlength=k + 1)
    counts[k] -= n  # each slate against itself
    return float(counts @ (x / (2 * k - x)) / (n * (n - 1)))


def group_share(per_item: np.ndarray, group_of: np.ndarray, n_groups: int) -> np.ndarray:
    total = np.bincount(group_of, weights=per_item, minlength=n_groups)
    return total / total.sum() if total.sum() > 0 else np.full(n_groups, np.nan)


def group_mean(per_pair: np.ndarray, group_of: np.ndarray, n_groups: int) -> np.ndarray:
    """Mean over users and each group's items."""
    total = np.bincount(group_of, weights=per_pair.sum(axis=0), minlength=n_groups)
    return total / (np.bincount(group_of, minlength=n_groups) * len(per_pair))
