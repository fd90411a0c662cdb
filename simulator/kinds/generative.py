"""The ``generative`` loop kind: a generative model trained, generation after generation, on
data that holds its own output; tails and rare groups vanish (model collapse, Shumailov et al.,
"AI models collapse when trained on recursively generated data", Nature 2024).

The real world is a mixture of K groups (styles, dialects, communities): group k is a Gaussian
N(μ*_k, σ*_k²) over one feature, with share π*_k; K = 1 is the paper's single-Gaussian case. A
model is the same family (shares π_k, and μ_k, σ_k per group) fitted to group-labelled data.
Generation 0 is fitted to M real items; then each round is one generation:

1. collect: the pool the data comes from holds fresh real content with share α; the rest is
   what the last model published. A provenance detector removes a share d of the generated
   items and collection goes on until M items are in, so each item is real with probability
   α' = α / (α + (1 − α)(1 − d)): R ~ Binomial(M, α') real items, M − R generated ones.
2. generate: the model produces those M − R items. Each picks a group k with probability
   w_k ∝ π_k^(1/τ²) (temperature τ, the tempering p^(1/T) of a density with T = τ²), then is
   with probability h a hallucination, drawn from N(m*, (H·s*)²) around the real world's mean
   m* and H times its spread s*, and otherwise an item from N(μ_k, τ²σ_k²). A hallucination
   counts as content of the group the model was generating: it contaminates that group's fit.
   Hallucinations are of two types (Ji et al. 2023, "Survey of hallucination in natural
   language generation"): extrinsic ones (rate h_e, the older single rate), which nothing in the
   given source can confirm or refute, and intrinsic ones (a share h_i of the rest), which
   contradict it. An output review of rate r withholds intrinsic items with probability r and
   extrinsic ones with r·k (k = 0.2) before publication; a source investigation removes a share
   v of the extrinsic items while the data is collected, which, like the detector, lowers the
   generated volume and so raises α'. All of them thin items at random, independently of their
   values, so the survivors' types are again binomial draws.
3. train: per group, the pooled (n, mean, SS) of this generation's items, or with accumulation
   of every item since generation 0 (Gerstgrasser et al. 2024, "Is model collapse
   inevitable?"), gives μ_k = mean, σ_k² = SS/(n − 1) (unbiased; 0 when n = 1) or SS/n (maximum
   likelihood), and π_k = n_k / n, which curation pulls towards the known real shares for the
   groups still present. A group with no items is gone: its share is 0, and only real data can
   bring it back.

With replacement and no real data this is the paper's Gaussian recursion (their section on the
Gaussian case): μ_{t+1} = μ_t + σ_t Z/√n, σ²_{t+1} = σ²_t χ²_{n−1}/(n − 1); E[σ²_t] stays σ²
under the unbiased estimator yet E[log σ²_t] falls linearly, so σ_t → 0 almost surely, while
the maximum-likelihood estimator gives E[σ²_t] = σ²((n − 1)/n)^t. Group counts are a
Wright–Fisher resampling of the shares, so a rare group drifts to 0, where it stays.

Audits (``simulator/kinds/audits.py``), against the band the metrics use, m* ± 2s* (the real
world's mean and spread). The model audit draws n held-out real items: counts C ~
Multinomial(n, π*), and each style's C_k items fall into the bins between nine points
x_j = m* + s*·z_j, z_j = −2, −1.5, …, 2, by a multinomial with its bell curve's mass in each
bin: exactly the counts n explicit items would give. Its findings are each style's share in
the model's output minus C_k/n, the output's mass outside the band [x_1, x_9] minus the
held-out share there, and max_j |F(x_j) − F̂_n(x_j)|, the largest gap between the output's
distribution function and the held-out one at the nine points (a Kolmogorov–Smirnov distance
read on that grid, which a style that has moved or narrowed shows). With ``audit.block``
every retrained model is tested so, and when a finding is beyond ``audit.max_gap`` the
previous model is kept (the data keeps flowing as it was). The
application audit samples n items of the content out there (fresh human content with share α,
the model's publications otherwise) and reports the share that is human-made and the share
outside the band, against the held-out real share outside it.

Sufficient statistics, exactly: items of one origin (real, generated, hallucinated) in one group
are i.i.d. N(μ, s²) given their count, and the counts are multinomial and binomial draws. Given
the count n, the sample mean is N(μ, s²/n) and the sum of squares about it is s²·χ²_{n−1},
independent of the mean (Cochran's theorem), so those two numbers are drawn instead of n items.
Pooling (n, mean, SS) summaries is exact (Chan, Golub & LeVeque 1979), and the fit depends on
the data only through them. The detector thins generated items at random, independently of
their values, which leaves the survivors an i.i.d. sample of the surviving count, so drawing the
M − R survivors directly is exact as well. A generation costs O(K), whatever M is.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from functools import lru_cache, wraps

import numpy as np

from ..text import T
from . import audits, replicas
from .base import DeclaredKind, Stage, derived, group_values
from .generative_params import DIAGRAM, METRICS, PARAMETERS, PLOTS, STAGE_LABELS

#: Collapsed groups are drawn in the metrics as bell curves this narrow (relative to the real
#: world's spread) instead of exact point masses.
SD_FLOOR = 1e-6
#: Quadrature of W2² over u = Φ(z) (dense in the tails), and the grid of each component on which
#: the mixtures' distribution functions are inverted.
QUANTILE_Z = np.linspace(-6.0, 6.0, 481)
GRID_Z = np.linspace(-8.0, 8.0, 257)


@dataclass
class GenerativeState:
    """The state of R replications side by side (a single run: R = 1): every array has a
    leading replication axis, so one pass of array operations advances them all."""

    share: np.ndarray  # [R, K] the model's group shares (curated); 0: the group is gone
    mean: np.ndarray  # [R, K] the model's mean per group
    sd: np.ndarray  # [R, K] the model's standard deviation per group
    real: np.ndarray  # [R, K, 3] (n, mean, SS) of this generation's real items
    generated: np.ndarray  # [R, K, 3] the same for its generated items (hallucinations included)
    hallucinated: np.ndarray  # [R] hallucinations (both types) among this generation's items
    archive: np.ndarray  # [R, K, 3] every item trained on since generation 0, pooled
    archive_real: np.ndarray  # [R]
    archive_hallucinated: np.ndarray  # [R]
    # pool(real, generated): this generation's data, kept by ``train`` for the metrics
    batch: np.ndarray | None = None
    intrinsic: np.ndarray | None = None  # [R] the intrinsic ones among ``hallucinated``
    archive_intrinsic: np.ndarray | None = None  # [R]
    to_generate: np.ndarray | None = None  # [R] items the model must generate this generation
    # The last audit's findings (NaN before the first), each [R]: per style ([R, K]), the
    # model's share minus the held-out real share; the model's and the published content's
    # share in the tails minus the held-out real share there; the largest gap between the
    # model's and the held-out shares below an audit point; the human-made share of the
    # content out there.
    audit_gap: np.ndarray | None = None
    audit_tail_gap: np.ndarray | None = None
    audit_distribution_gap: np.ndarray | None = None
    audit_published_tail_gap: np.ndarray | None = None
    audit_real_share: np.ndarray | None = None

    def __post_init__(self) -> None:
        r = len(self.share)
        for name in ("intrinsic", "archive_intrinsic", "to_generate"):
            if getattr(self, name) is None:
                setattr(self, name, np.zeros(r, dtype=int if name == "to_generate" else float))
        for name in AUDIT_FINDINGS:
            if getattr(self, name) is None:
                setattr(self, name, np.full(r, np.nan))

    @classmethod
    def stack(cls, states: list[GenerativeState]) -> GenerativeState:
        """One state of several runs' (each of one replication), to advance them together;
        they are at the same round with the same parameters, so a field is None (no audit
        yet) in all of them or in none."""
        return cls(**{f.name: None if getattr(states[0], f.name) is None
                      else np.concatenate([getattr(st, f.name) for st in states])
                      for f in fields(cls)})

    def split(self) -> list[GenerativeState]:
        """The inverse of :meth:`stack`: one state per replication, each its own copy."""
        return [GenerativeState(**{f.name: None if getattr(self, f.name) is None
                                   else getattr(self, f.name)[i:i + 1].copy()
                                   for f in fields(self)})
                for i in range(len(self.share))]


#: The audit's findings of one figure per replication, NaN before the first audit.
AUDIT_FINDINGS = ("audit_tail_gap", "audit_distribution_gap", "audit_published_tail_gap",
                  "audit_real_share")


# --- the world ------------------------------------------------------------------------------


def world(params, groups) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The real mixture as (shares, means, sds); shares renormalised in case a change mid-run
    left them off 1. Read-only, and kept until a parameter changes (stages and metrics read
    it several times a generation)."""
    return derived(params, ("world", *groups), lambda: _world(params, groups))


def _world(params, groups) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    s = group_values(params, groups, "share")
    s = s / s.sum() if s.sum() > 0 else np.full(len(groups), 1 / len(groups))
    s.flags.writeable = False
    return s, group_values(params, groups, "mean"), group_values(params, groups, "sd")


def world_moments(params, groups) -> tuple[float, float]:
    """:func:`moments` of the real world, kept like :func:`world`."""
    return derived(params, ("world moments", *groups), lambda: moments(world(params, groups)))


def moments(mix) -> tuple[float, float]:
    """Mean and standard deviation of a Gaussian mixture (w, m, s)."""
    w, m, s = mix
    mean = float(w @ m)
    return mean, float(np.sqrt(max(w @ (s**2 + m**2) - mean**2, 0.0)))


# --- sufficient statistics ------------------------------------------------------------------


def sample_summary(rng, counts, mean, sd) -> np.ndarray:
    """(n, mean, SS) per group of ``counts`` i.i.d. N(mean, sd²) items, drawn exactly: the
    sample mean is N(mean, sd²/n) and SS/sd² is χ²_{n−1} (a Gamma((n − 1)/2, 2), which is 0 for
    n ≤ 1), independent of the mean. Empty groups get the summary (0, 0, 0). One generator:
    :func:`summaries` of a batch of one."""
    return summaries((rng,), np.asarray(counts)[None], mean, sd)[0]


def summaries(rngs, counts, mean, sd) -> np.ndarray:
    """:func:`sample_summary` of R replications side by side: ``counts`` is ``[R, ...]``, and
    replication i draws from ``rngs[i]`` exactly what it draws alone; the arithmetic around the
    draws is done once for all."""
    n = np.asarray(counts, dtype=float)
    if len(rngs) == 1:  # a lone run: the calls it always made, no loop
        z = rngs[0].standard_normal(n.shape)
        if not n.any():
            # Often so (no real data, no hallucinations). Their Gamma(0) draws draw nothing,
            # but numpy's Gamma with an array of shapes costs ~4 us a call even then.
            return np.zeros((*n.shape, 3))
        chi2 = rngs[0].standard_gamma(np.maximum(n - 1.0, 0.0) / 2.0)
    else:
        z = np.array([g.standard_normal(n.shape[1:]) for g in rngs])
        drawn = n.reshape(len(n), -1).any(axis=1)
        if not drawn.any():
            return np.zeros((*n.shape, 3))
        shapes = np.maximum(n - 1.0, 0.0) / 2.0
        chi2 = np.zeros_like(n)
        for i in np.flatnonzero(drawn):  # a replication with no items draws nothing, as alone
            chi2[i] = rngs[i].standard_gamma(shapes[i])
    out = np.empty((*n.shape, 3))
    fields = summary_fields(out)
    fields[:, 0] = n.ravel()
    z *= sd
    z /= np.sqrt(np.maximum(n, 1.0))
    fields[:, 1] = np.where(n > 0, mean + z, 0.0).ravel()
    # A Gamma(0) draw is 0, so groups of n ≤ 1 get SS = 0 without a mask; a replication that
    # drew nothing gets SS = sd²·0 = 0, its summary (0, 0, 0) as alone.
    fields[:, 2] = (sd**2 * (2.0 * chi2)).ravel()
    return out


def summary_fields(summary: np.ndarray) -> np.ndarray:
    """A ``[..., 3]`` array of summaries as ``[cells, 3]`` (a view): numpy's loops over one
    field of it (``[:, i]``, one axis) cost about half what they cost over the same field
    with the replication and group axes (``[..., i]``), the difference on arrays of a few
    cells."""
    return summary.reshape(-1, 3)


def pool(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """The exact (n, mean, SS) of two samples together, from their summaries (Chan et al.):
    mean = m_a + δ n_b/n, SS = SS_a + SS_b + δ² n_a n_b/n, with δ = m_b − m_a. Counts are
    whole numbers, so n_b/max(n, 1) is n_b/n wherever n > 0 and 0 where both are empty,
    without a mask (this runs two or three times a generation on a few groups, where each
    numpy call's overhead is the cost)."""
    if a.shape != b.shape:
        a, b = np.broadcast_arrays(a, b)
    shape = a.shape
    a, b = summary_fields(a), summary_fields(b)
    na, nb = a[:, 0], b[:, 0]
    out = np.empty(a.shape)
    n = np.add(na, nb, out=out[:, 0])
    frac = nb / np.maximum(n, 1.0)
    delta = b[:, 1] - a[:, 1]
    out[:, 1] = a[:, 1] + delta * frac
    out[:, 2] = a[:, 2] + b[:, 2] + delta**2 * na * frac
    return out.reshape(shape)


# --- the model ------------------------------------------------------------------------------


def tempered(share: np.ndarray, temperature: float) -> np.ndarray:
    """The generator's group probabilities: shares (``[..., K]``) raised to 1/τ² (in logs,
    so that a sharp temperature cannot underflow them all), groups that are gone staying at
    0. Every reduction runs along the groups' axis, so a row comes out as it does alone."""
    if temperature == 1:
        return share
    alive = share > 0
    logs = np.where(alive, np.log(np.where(alive, share, 1.0)), -np.inf) / temperature**2
    w = np.exp(logs - logs.max(axis=-1, keepdims=True))  # the gone ones' -inf never win
    return w / w.sum(axis=-1, keepdims=True)


def curated(share: np.ndarray, target: np.ndarray, strength: float) -> np.ndarray:
    """Curation: reweigh the groups still present towards their known real shares,
    π = (1 − c)·π̂ + c·π*, renormalised over those groups (shares ``[..., K]``). Groups the
    loop made rarer than they are weigh more; a group with no items left stays at 0."""
    if strength <= 0:
        return share
    mixed = (1 - strength) * share + strength * np.where(share > 0, target, 0.0)
    total = mixed.sum(axis=-1, keepdims=True)
    return np.where(total > 0, mixed / np.where(total > 0, total, 1.0), share)


def fit(st: GenerativeState, data: np.ndarray, params, groups) -> None:
    """Fit shares and a Gaussian per group to the pooled ``data`` (``[R, K, 3]``, see the
    module docstring); a group without items keeps its last mean and sd, unused, at share 0."""
    fields = summary_fields(data)
    n, m, ss = fields[:, 0], fields[:, 1], fields[:, 2]
    # Both divisors are at least 1 (n − 1 or n wherever there are items; 1 where there are
    # none, whose quotient is not used), so the division needs no mask.
    dof = np.maximum(n - 1 if params["model.variance_estimator"] == "unbiased" else n, 1)
    present = n > 0
    shape = st.mean.shape
    st.mean = np.where(present, m, st.mean.ravel()).reshape(shape)
    st.sd = np.where(present, np.sqrt(ss / dof), st.sd.ravel()).reshape(shape)
    counts = n.reshape(shape)
    st.share = curated(counts / counts.sum(axis=-1, keepdims=True), world(params, groups)[0],
                       params["mitigation.curation"])


def per_parameters(rate):
    """``rate(params)`` kept until a parameter changes (:func:`derived`): the rates below
    depend on the parameters alone, and stages and metrics read them several times a
    generation."""
    key = (rate.__name__,)

    @wraps(rate)
    def kept(params):
        return derived(params, key, lambda: rate(params))

    return kept


#: How much harder an extrinsic hallucination is to catch in an output review than an
#: intrinsic one: a review of rate r catches intrinsic items with probability r and extrinsic
#: ones with r·k, as nothing in the given source contradicts them.
EXTRINSIC_REVIEW_FACTOR = 0.2


@per_parameters
def published_types(params) -> tuple[float, float, float]:
    """Shares (clean, intrinsic, extrinsic) of what the model publishes. Of every generated
    item, a share e = h_e is an extrinsic hallucination and i = (1 − e)·h_i of the rest an
    intrinsic one; the output review withholds intrinsic items with probability r and extrinsic
    ones with r·k, and the survivors are renormalised. Written so that with no intrinsic rate
    and no review the shares are (1 − h_e, 0, h_e) exactly, as before the two types."""
    e = params["bias.hallucination_rate"]
    i = (1 - e) * params["bias.intrinsic_hallucination_rate"]
    r = params["mitigation.output_review"]
    withheld = i * r + e * r * EXTRINSIC_REVIEW_FACTOR
    kept = 1 - withheld
    return (1 - e - i) / kept, i * (1 - r) / kept, e * (1 - r * EXTRINSIC_REVIEW_FACTOR) / kept


@per_parameters
def collected_types(params) -> tuple[float, float, float]:
    """(survival, intrinsic, extrinsic): the chance that a published generated item survives
    source investigation (which removes a share v of the extrinsic ones, whose sources do not
    check out), and the shares of each hallucination type among the survivors."""
    _, i, e = published_types(params)
    v = params["mitigation.source_investigation"]
    survival = 1 - e * v
    return survival, i / survival, e * (1 - v) / survival


@per_parameters
def real_probability(params) -> float:
    """Chance that an item of the training data is real: fresh real content has share α of the
    pool, source investigation keeps a share q of the published generated items and the detector
    removes a share d of the rest before they are counted. Collection goes on until the data
    set is full, so both raise the real share."""
    a, d = params["mitigation.real_fraction"], params["mitigation.provenance_filter"]
    return a / (a + (1 - a) * (1 - d) * collected_types(params)[0])


def band(params, groups) -> tuple[float, float]:
    """The real world's mean ± 2 standard deviations: outside it are the tails."""
    m, s = world_moments(params, groups)
    return m - 2 * s, m + 2 * s


#: Where the model audit compares distribution functions, in the real world's spreads from
#: its mean: the first and last points are the band's edges.
AUDIT_POINTS = np.linspace(-2.0, 2.0, 9)


def audit_points(params, groups) -> np.ndarray:
    m, s = world_moments(params, groups)
    return m + s * AUDIT_POINTS


@dataclass(frozen=True)
class HeldOut:
    """What an audit reads off a held-out sample of real items, per replication: each style's
    share of them (``[R, K]``), and the share at or below each of the :data:`AUDIT_POINTS`
    (``[R, 9]``; the first and the last minus one: the shares below and above the band)."""

    shares: np.ndarray
    below: np.ndarray

    @property
    def tails(self) -> np.ndarray:
        return self.below[..., 0] + 1.0 - self.below[..., -1]


def held_out(params, groups, rngs) -> HeldOut:
    """``audit.sample`` real items drawn as counts, exactly as explicit items fall: per style
    C ~ Multinomial(n, π*), and each style's items over the bins between the audit points by
    a multinomial with its bell curve's mass in each bin; one sample per replication."""
    n = params["audit.sample"]
    shares, means, sds = world(params, groups)
    counts = replicas.multinomial(rngs, n, shares)
    edges = audit_points(params, groups)
    cdf = norm_cdf((edges[None, :] - means[:, None]) / sds[:, None])
    mass = np.diff(np.concatenate([np.zeros((len(means), 1)), cdf,
                                   np.ones((len(means), 1))], axis=1), axis=1)
    pvals = np.clip(mass, 0.0, None) / mass.sum(axis=1, keepdims=True)
    bins = replicas.multinomial(rngs, counts, np.broadcast_to(pvals, (*counts.shape, 10)))
    return HeldOut(counts / n, np.cumsum(bins.sum(axis=-2), axis=-1)[..., :-1] / n)


def hallucination(params, groups) -> tuple[float, float]:
    """Mean and sd of hallucinated items: broad, around the real world's mean."""
    m, s = world_moments(params, groups)
    return m, params["bias.hallucination_spread"] * s


# --- metrics on Gaussian mixtures -----------------------------------------------------------


SQRT2 = np.sqrt(2.0)


def norm_cdf(z: np.ndarray) -> np.ndarray:
    """Φ(z) from Abramowitz & Stegun 7.1.26 (|error| < 1.5e-7; numpy has no erf), written as
    0.5·erfc(|z|/√2) so that tail values keep their relative precision:
    t = 1/(1 + p·x), x = |z|/√2, and 0.5·t·(a₁ + t·(a₂ + t·(a₃ + t·(a₄ + t·a₅))))·exp(−x²).
    Evaluated in place, in that order, on a few buffers: the W2 quadrature runs it on
    thousands of points every generation."""
    x = np.abs(z, dtype=float)
    x /= SQRT2
    t = x * 0.3275911
    t += 1.0
    np.divide(1.0, t, out=t)
    poly = t * 1.061405429
    for a in (-1.453152027, 1.421413741, -0.284496736, 0.254829592):
        poly += a
        poly *= t
    poly *= 0.5
    np.multiply(x, x, out=x)
    np.negative(x, out=x)
    poly *= np.exp(x, out=x)
    out = np.subtract(1.0, poly, out=x)
    np.copyto(out, poly, where=z < 0)
    return out


def mixture_cdf(x: np.ndarray, mix) -> np.ndarray:
    """A Gaussian mixture's distribution function at ``x``: mixtures ``(w, m, s)`` of
    ``[..., c]`` components (one row per replication), ``x`` ``[N]`` points shared by all or
    ``[..., N]`` per row. Each row's weighted sum is one matrix-vector product of its own, as
    alone: stacked, numpy makes the same product row by row."""
    w, m, s = mix
    # Worked out with the points on the last axis, where numpy's loops are long (with the
    # components there, a batch's loops are three long and cost five times as much), then
    # laid out points by components for the products.
    z = (x[..., None, :] - m[..., :, None]) / s[..., :, None]
    by_point = np.ascontiguousarray(np.swapaxes(norm_cdf(z), -1, -2))
    return np.matmul(by_point, w[..., :, None])[..., 0]


def tail_mass(mix, lo: float, hi: float) -> np.ndarray:
    """Mass of Gaussian mixtures (components on the last axis) below ``lo`` or above ``hi``."""
    w, m, s = mix
    c = w.shape[-1]
    below_above = norm_cdf(np.concatenate(((lo - m) / s, (m - hi) / s), axis=-1))
    both = below_above[..., :c] + below_above[..., c:]
    return np.matmul(w[..., None, :], both[..., :, None])[..., 0, 0]


#: The quadrature's points u = Φ(z) and weights (∝ the normal density at z), fixed.
QUANTILE_U = norm_cdf(QUANTILE_Z)
QUANTILE_WEIGHT = np.exp(-QUANTILE_Z**2 / 2) / np.exp(-QUANTILE_Z**2 / 2).sum()


def _quantiles(x: np.ndarray, cdf: np.ndarray, u: np.ndarray) -> np.ndarray:
    """Rows of ``cdf`` (nondecreasing up to rounding, on the grids ``x``) inverted at ``u``."""
    cdf = np.maximum.accumulate(cdf, axis=-1)
    n = x.shape[-1]
    rows = cdf.reshape(-1, n)
    found = (np.searchsorted(rows[0], u) if len(rows) == 1
             else np.array([np.searchsorted(row, u) for row in rows]))
    # np.minimum/np.maximum rather than np.clip, whose wrapper costs more than the work here.
    hi = np.minimum(np.maximum(found, 1), n - 1)
    if len(rows) > 1:  # indices into the rows laid end to end: cheaper than take_along_axis
        hi += (np.arange(len(rows)) * n)[:, None]
    lo = hi - 1
    flat_cdf, flat_x = rows.ravel(), x.reshape(-1)
    c_lo = flat_cdf[lo]
    width = flat_cdf[hi] - c_lo
    frac = np.divide(u - c_lo, width, out=np.zeros_like(c_lo), where=width > 0)
    x_lo = flat_x[lo]
    out = x_lo + np.minimum(np.maximum(frac, 0.0), 1.0) * (flat_x[hi] - x_lo)
    return out.reshape(*cdf.shape[:-1], len(u))


def wasserstein2(a, b) -> np.ndarray:
    """W2 between 1-D Gaussian mixtures: W2² = ∫₀¹ (F_a⁻¹(u) − F_b⁻¹(u))² du, taken over
    u = Φ(z) at :data:`QUANTILE_Z`, each quantile function got by inverting its mixture's CDF
    on a grid around its own components (:func:`quantile_functions`). For two Gaussians the
    integrand is (Δμ + Δσ z)² and this is √(Δμ² + Δσ²) up to the interpolation on the grid (a
    relative error of about 3e-4). ``a`` may hold rows of mixtures of one size (``[R, c]``,
    one distance each); ``b`` is one mixture, the real world, whose quantiles are cached
    (:func:`_quantile_function`)."""
    return _wasserstein2(np.shape(a[0]), *(np.ascontiguousarray(x, dtype=float).tobytes()
                                           for x in (*a, *b)))


@lru_cache(maxsize=16)
def _wasserstein2(shape, *mixtures: bytes) -> np.ndarray:
    """:func:`wasserstein2`, kept for the mixtures it was last asked about (read-only): the
    commons kind measures its model every round but trains one every few."""
    a = tuple(np.frombuffer(x).reshape(shape) for x in mixtures[:3])
    diff = quantile_functions(a) - _quantile_function(*mixtures[3:])
    out = np.sqrt(np.matmul((diff**2)[..., None, :], QUANTILE_WEIGHT[:, None])[..., 0, 0])
    if np.ndim(out):  # one mixture's is a number, immutable already
        out.flags.writeable = False
    return out


def quantile_functions(mix) -> np.ndarray:
    """Mixtures' quantiles at :data:`QUANTILE_U`, a row per row of ``mix`` (all of one size,
    so that each row's grid has the length it has alone)."""
    w, m, s = mix
    grid = (m[..., :, None] + s[..., :, None] * GRID_Z).reshape(*m.shape[:-1], -1)
    x = np.sort(grid, axis=-1)
    return _quantiles(x, mixture_cdf(x, mix), QUANTILE_U)


@lru_cache(maxsize=16)
def _quantile_function(w: bytes, m: bytes, s: bytes) -> np.ndarray:
    """One mixture's quantiles at :data:`QUANTILE_U`, from its arrays' bytes (read-only).
    Cached: the real world, one side of every distance a run measures, changes only when a
    user changes it, and its grid and inversion were half the cost of a generation's
    metrics."""
    out = quantile_functions((np.frombuffer(w), np.frombuffer(m), np.frombuffer(s)))
    out.flags.writeable = False
    return out


def by_size(mix, keep: np.ndarray):
    """Rows of mixtures ``mix`` (``[R, C]`` each) without the components ``keep`` drops,
    gathered by how many are left: ``(rows, (w, m, s))`` with ``[len(rows), c]`` arrays (rows
    an index, or every row: ``slice(None)``), so
    that every reduction over a mixture's components or grid has the length it has alone (a
    padded batch would sum in another order)."""
    if len(keep) == 1:  # a lone run: one group, of one row
        yield slice(None), tuple(a[keep][None] for a in mix)
        return
    sizes = keep.sum(axis=-1)
    if (sizes == sizes[0]).all():  # the usual case: one group
        yield slice(None), tuple(a[keep].reshape(len(sizes), sizes[0]) for a in mix)
        return
    for c in np.unique(sizes):
        rows = np.flatnonzero(sizes == c)
        kept = keep[rows]
        yield rows, tuple(a[rows][kept].reshape(len(rows), c) for a in mix)


def shared_rows(params, groups, r: int) -> dict[str, np.ndarray]:
    """The metrics every replication shares, read off the parameters alone (the real
    world's, the published shares of each hallucination type, the audit's findings before the
    first), a row each for ``r`` replications: kept until a parameter changes, as they are the
    same every generation."""
    truth = world(params, groups)
    _, intrinsic, extrinsic = published_types(params)
    rows = {"true_share": truth[0], "true_mean": truth[1], "true_sd": truth[2],
            "true_tail_mass": float(tail_mass(truth, *band(params, groups))),
            "intrinsic_published": intrinsic, "extrinsic_published": extrinsic,
            "audit_gap": audits.not_yet(len(groups))}
    return {key: np.repeat(np.asarray(value, dtype=float)[None], r, axis=0)
            for key, value in rows.items()}


def hallucination_rows(params, groups, r: int):
    """The published clean share, and the hallucinations' weight, mean and sd as a column of
    ``r`` rows: the output mixture's last component, read off the parameters alone."""
    clean, intrinsic, extrinsic = published_types(params)
    h_mean, h_sd = hallucination(params, groups)
    return (clean, *(np.full((r, 1), value) for value in (intrinsic + extrinsic, h_mean,
                                                          h_sd)))


# --- the kind -------------------------------------------------------------------------------


class GenerativeKind(DeclaredKind):
    name = "generative"
    title = T("Generative loop")
    round_unit = T("generation")

    PARAMETERS, METRICS, PLOTS, DIAGRAM = PARAMETERS, METRICS, PLOTS, DIAGRAM
    STAGE_LABELS = STAGE_LABELS

    EVENTS = {
        # The audits' verdicts in the event log: old is the figure found.
        audits.DEPLOY: T("Audit kept the previous model (gap found)"),
        "audit.tails": T("Audit found the published tails off the real ones (gap found)"),
        "audit.real_share": T("Audit found too little human-made content (share found)"),
    }

    def stages(self):
        return [
            Stage("collect", 0.3, self.collect),
            Stage("generate", 0.5, self.generate),
            Stage("train", 0.7, self.train),
            Stage("audit", 0.8, self.audit, every="audit.every"),
        ]

    #: Stages take ``ctx.rng`` and ``ctx.log`` as one per replication, and the state holds
    #: replications side by side (see :mod:`simulator.kinds.replicas`).
    replicated = True
    stack_states = staticmethod(GenerativeState.stack)

    def split_state(self, state: GenerativeState) -> list[GenerativeState]:
        return state.split()

    def create_state(self, params, groups, rng) -> GenerativeState:
        """Generation 0: the first model is fitted to M real items (one replication: a
        leading axis of 1)."""
        shares, means, sds = world(params, groups)
        counts = rng.multinomial(params["world.items"], shares)[None]
        real = summaries((rng,), counts, means, sds)
        empty = np.zeros_like(real)
        st = GenerativeState(share=shares[None], mean=means[None], sd=sds[None], real=real,
                             generated=empty, hallucinated=np.zeros(1), archive=real,
                             archive_real=real[..., 0].sum(axis=-1),
                             archive_hallucinated=np.zeros(1), batch=pool(real, empty))
        fit(st, real, params, groups)
        return st

    # --- stages -------------------------------------------------------------------------

    def collect(self, ctx) -> None:
        """The real part of this generation's data; the rest is left to the generator."""
        st, p, rngs = ctx.state, ctx.params, ctx.rng
        items = p["world.items"]
        n_real = replicas.binomial(rngs, np.full(len(rngs), items), real_probability(p))
        shares, means, sds = world(p, ctx.groups)
        counts = replicas.multinomial(rngs, n_real, shares)
        st.real = summaries(rngs, counts, means, sds)
        st.to_generate = items - n_real

    def generate(self, ctx) -> None:
        """The model's items that made it into the data: by group, clean or hallucinated."""
        st, p, rngs = ctx.state, ctx.params, ctx.rng
        tau = p["policy.temperature"]
        counts = replicas.multinomial(rngs, st.to_generate, tempered(st.share, tau))
        _, intrinsic_p, extrinsic_p = collected_types(p)
        # A binomial of rate 0 is 0 without a draw, so skipping it keeps the stream.
        extrinsic = (replicas.binomial(rngs, counts, extrinsic_p) if extrinsic_p > 0
                     else np.zeros_like(counts))
        # Drawn after the extrinsic ones, and only when there are any, so that settings
        # without them keep the random stream (and the numbers) they always had.
        intrinsic = (replicas.binomial(rngs, counts - extrinsic, intrinsic_p / (1 - extrinsic_p))
                     if intrinsic_p > 0 else np.zeros_like(counts))
        halluc = extrinsic + intrinsic
        clean = summaries(rngs, counts - halluc, st.mean, tau * st.sd)
        hallucinated = summaries(rngs, halluc, *hallucination(p, ctx.groups))
        # Pooling with empty summaries gives the clean ones back, bit for bit, so the
        # replications without hallucinations may be pooled with the others.
        st.generated = pool(clean, hallucinated) if halluc.any() else clean
        st.hallucinated = halluc.sum(axis=-1, dtype=float)  # whole numbers: exact either way
        st.intrinsic = intrinsic.sum(axis=-1, dtype=float)

    def train(self, ctx) -> None:
        st, p = ctx.state, ctx.params
        batch = st.batch = pool(st.real, st.generated)
        st.archive = pool(st.archive, batch)
        st.archive_real = st.archive_real + st.real[..., 0].sum(axis=-1)
        st.archive_hallucinated = st.archive_hallucinated + st.hallucinated
        st.archive_intrinsic = st.archive_intrinsic + st.intrinsic
        deployed = st.share, st.mean, st.sd
        fit(st, st.archive if p["mitigation.accumulate"] else batch, p, ctx.groups)
        if p["audit.block"]:
            gap, tail_gap, distribution_gap = self._model_audit(st, p, ctx.groups, ctx.rng)
            # Decided per replication: each keeps its previous model or not, in its own log.
            kept = np.array([not audits.may_deploy(np.append(gap[i], [tail_gap[i],
                                                                      distribution_gap[i]]),
                                                   p, log)
                             for i, log in enumerate(ctx.log)])
            if kept.any():
                st.share, st.mean, st.sd = (np.where(kept[:, None], old, new) for old, new
                                            in zip(deployed, (st.share, st.mean, st.sd),
                                                   strict=True))

    def audit(self, ctx) -> None:
        """The model audit of the model in use on held-out real content, and the application
        audit of the content out there: its human-made share and its share in the tails."""
        st, p, rngs = ctx.state, ctx.params, ctx.rng
        n = p["audit.sample"]
        st.audit_gap, st.audit_tail_gap, st.audit_distribution_gap = self._model_audit(
            st, p, ctx.groups, rngs)
        model_tails = self._tails(st, p, ctx.groups)
        real_tails = model_tails - st.audit_tail_gap  # the held-out share in the tails
        human = replicas.binomial(rngs, np.full(len(rngs), n), p["mitigation.real_fraction"])
        world_tails = float(tail_mass(world(p, ctx.groups), *band(p, ctx.groups)))
        outside = (replicas.binomial(rngs, human, world_tails)
                   + replicas.binomial(rngs, n - human, model_tails))
        st.audit_real_share = human / n
        st.audit_published_tail_gap = outside / n - real_tails
        for i, log in enumerate(ctx.log):
            audits.flag("audit.tails", abs(float(st.audit_published_tail_gap[i])),
                        p["audit.max_tail_gap"], log)
            audits.flag("audit.real_share", float(st.audit_real_share[i]),
                        p["audit.min_real_share"], log, below=True)

    def _model_audit(self, st, p, groups, rngs) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The model's findings on held-out real content, per replication: each style's share
        in its output minus the held-out share, its output's share in the tails minus theirs,
        and the largest gap between the shares at or below an audit point (a
        Kolmogorov–Smirnov distance read at those points)."""
        real = held_out(p, groups, rngs)
        points = audit_points(p, groups)
        below = np.empty((len(rngs), len(points)))
        for rows, mix in self.published(st, p, groups):
            below[rows] = mixture_cdf(points, mix)
        tails = below[:, 0] + 1.0 - below[:, -1]
        return (tempered(st.share, p["policy.temperature"]) - real.shares, tails - real.tails,
                np.abs(below - real.below).max(axis=-1))

    def _tails(self, st, p, groups) -> np.ndarray:
        out = np.empty(len(st.share))
        for rows, mix in self.published(st, p, groups):
            out[rows] = tail_mass(mix, *band(p, groups))
        return out

    # --- metrics --------------------------------------------------------------------------

    def output(self, st, params, groups):
        """What the model publishes, as Gaussian mixtures (w, m, s), ``[R, K + 1]`` each: its
        groups at the temperature in force, and the hallucinations of both types that the
        output review let through (a last column the same for all, :func:`hallucination_rows`)."""
        tau = params["policy.temperature"]
        r = len(st.share)
        clean, h_w, h_m, h_s = derived(params, ("hallucination rows", r, *groups),
                                       lambda: hallucination_rows(params, groups, r))
        return (np.concatenate((clean * tempered(st.share, tau), h_w), axis=-1),
                np.concatenate((st.mean, h_m), axis=-1),
                np.concatenate((tau * st.sd, h_s), axis=-1))

    def published(self, st, params, groups):
        """:meth:`output` without its empty components, collapsed groups drawn as bell curves
        ``SD_FLOOR`` times the real world's spread wide, by :func:`by_size`: the replications
        whose mixtures have as many components as each other, together."""
        w, m, s = self.output(st, params, groups)
        floor = SD_FLOOR * world_moments(params, groups)[1]
        return by_size((w, m, np.maximum(s, floor)), w > 0)

    def measure(self, st, p, groups, round_) -> dict[str, np.ndarray]:
        """Every metric with a leading replication axis (per-group ones ``[R, groups]``)."""
        truth = world(p, groups)
        r = len(st.share)
        lo, hi = band(p, groups)
        tails, distance = np.empty(r), np.empty(r)
        for rows, mix in self.published(st, p, groups):
            tails[rows] = tail_mass(mix, lo, hi)
            distance[rows] = wasserstein2(mix, truth)
        gone = st.share <= 0
        out = dict(derived(p, ("shared rows", r, *groups), lambda: shared_rows(p, groups, r)))
        if st.audit_gap is not None:
            out["audit_gap"] = st.audit_gap
        accumulate = p["mitigation.accumulate"]
        data = st.archive if accumulate else st.batch
        total = data[..., 0].sum(axis=-1)
        real = st.archive_real if accumulate else st.real[..., 0].sum(axis=-1)
        halluc = st.archive_hallucinated if accumulate else st.hallucinated
        intrinsic = st.archive_intrinsic if accumulate else st.intrinsic
        out.update(generated_sd=np.where(gone, np.nan, p["policy.temperature"] * st.sd),
                   model_share=tempered(st.share, p["policy.temperature"]),
                   model_mean=np.where(gone, np.nan, st.mean),
                   tail_mass=tails, wasserstein=distance,
                   real_share=real / total, generated_share=1.0 - real / total,
                   hallucinated_share=halluc / total,
                   intrinsic_data=intrinsic / total, extrinsic_data=(halluc - intrinsic) / total,
                   audit_tail_gap=st.audit_tail_gap,
                   audit_distribution_gap=st.audit_distribution_gap,
                   audit_published_tail_gap=st.audit_published_tail_gap,
                   audit_real_share=st.audit_real_share)
        return out
