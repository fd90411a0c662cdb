"""Parameters, metrics, plots and loop diagram of the ``generative`` kind (model collapse).

Declarations only: the dynamics are in ``generative.py``. The loop's stages read as: the real
world (a mixture of groups) → the data a generation trains on → the generative model → what it
generates (sampling, hallucinations) → the content it publishes, which flows back into the pool
the next generation's data is collected from.
"""

from __future__ import annotations

from ..schema import Param
from ..text import T
from .audits import audit_gap_metric, audit_parameters, audit_plot
from .base import SHARE, Arrow, MetricSpec, PlotSpec, declare

FEATURE = T("feature units")
ITEMS = T("items")
TIMES_SPREAD = T("× the world's spread")


PARAMETERS: list[Param] = [
    # --- world --------------------------------------------------------------------------
    declare("world.items", "int", 100, "Items per generation",
       "How many items (texts, images, songs) each generation's training data holds. The "
       "estimation error that drives the collapse shrinks as 1/M, so small data sets lose "
       "the tails sooner. The cost of a generation does not depend on it.",
       "world", unit=ITEMS, min=2, max=10_000_000),
    declare("share", "float", 0.5, "Share of the real world",
       "This group's share of the real, human-made content (the groups' shares sum to 1).",
       "world", unit=SHARE, min=0.0, max=1.0, per_group=True, step=0.01),
    declare("mean", "float", 0.0, "Typical value (mean)",
       "Where this group's real content sits on the feature axis (a style, a dialect, a "
       "topic): the mean of its bell curve.",
       "world", unit=FEATURE, min=-100.0, max=100.0, per_group=True, step=0.1),
    declare("sd", "float", 1.0, "Variety (standard deviation)",
       "Standard deviation of this group's real content: how varied it is, unusual items "
       "in the tails included.",
       "world", unit=FEATURE, min=0.01, max=100.0, per_group=True, step=0.05),
    # --- bias ---------------------------------------------------------------------------
    declare("bias.hallucination_rate", "float", 0.0, "Extrinsic hallucination rate",
       "Share of generated items that are extrinsic hallucinations: plausible-looking items "
       "drawn from outside the real distribution that nothing in the given source can confirm "
       "or refute. They count as content of the group the model was generating, so they "
       "contaminate that group's next fit. Files written before the two types existed set "
       "only this rate: their hallucinations are all extrinsic, with the same numbers.",
       "bias", unit=SHARE, min=0.0, max=0.5, step=0.005),
    declare("bias.intrinsic_hallucination_rate", "float", 0.0,
       "Intrinsic hallucination rate",
       "Share of the other generated items that are intrinsic hallucinations: items that "
       "contradict the source the model was given, so that checking against it finds them. "
       "They land where the extrinsic ones do and contaminate the fit the same way; only "
       "the output review tells them apart.",
       "bias", unit=SHARE, min=0.0, max=0.5, step=0.005),
    declare("bias.hallucination_spread", "float", 4.0, "Hallucination spread",
       "Hallucinations are a broad bell curve around the real world's mean; this is its "
       "standard deviation in multiples of the real world's. At 4, six in ten of them land "
       "where real content is rare (beyond two real standard deviations).",
       "bias", unit=TIMES_SPREAD, min=1.0, max=20.0, step=0.5),
    # --- model --------------------------------------------------------------------------
    declare("model.variance_estimator", "choice", "unbiased", "Variance estimator",
       "How the model estimates each group's variance from its data. Unbiased (divide by "
       "n − 1) keeps the expected variance constant, yet the spread still collapses to zero "
       "(Shumailov et al. 2024); maximum likelihood (divide by n) also shrinks it on "
       "average by a factor (n − 1)/n per generation.",
       "model", choices=("unbiased", "ml"),
       choice_labels=(T("Unbiased (n − 1)"),
                      T("Maximum likelihood (n)"))),
    # --- policy: how the model samples ----------------------------------------------------
    declare("policy.temperature", "float", 1.0, "Sampling temperature",
       "Scales the spread of what the model generates (items from N(μ, τ²σ²)) and sharpens "
       "(below 1) or flattens (above 1) its choice of group (shares raised to 1/τ²). Below "
       "1 the model favours typical content, and the loop loses tails and rare groups "
       "faster.",
       "policy", min=0.3, max=2.0, step=0.05),
    # --- mitigation levers --------------------------------------------------------------
    declare("mitigation.real_fraction", "float", 0.0, "Fresh real data",
       "Share of fresh human-made content in the pool each generation's data is collected "
       "from; the rest is what the previous model generated. Keeping some real data holds "
       "the spread and the rare groups in place (Shumailov et al. 2024 keep 10 %; Bertrand "
       "et al. 2024).",
       "mitigation", unit=SHARE, min=0.0, max=1.0, step=0.01),
    declare("mitigation.accumulate", "bool", False, "Accumulate data",
       "Train on all the data collected so far (the original real data and every "
       "generation since) instead of only the newest. Accumulating keeps the error bounded; "
       "replacing lets it grow without limit (Gerstgrasser et al. 2024; Kazdan et al. 2024).",
       "mitigation"),
    declare("mitigation.provenance_filter", "float", 0.0, "Provenance filter",
       "Share of generated items a detector (watermarks, provenance metadata) spots and "
       "removes while the data is collected; collection goes on until the data set is full, "
       "so the real share rises. With no real content in the pool there is nothing to keep.",
       "mitigation", unit=SHARE, min=0.0, max=0.99, step=0.05),
    declare("mitigation.output_review", "float", 0.0, "Output quality review",
       "Reviewers check what the model produces against its source before it is published: "
       "they catch an intrinsic hallucination with this probability r, an extrinsic one only "
       "with r × 0.2 (nothing in the source contradicts it). What they catch is not "
       "published, so the published volume shrinks by that much.",
       "mitigation", unit=SHARE, min=0.0, max=1.0, step=0.05),
    declare("mitigation.source_investigation", "float", 0.0, "Source investigation",
       "While the data is collected, the sources of generated content are investigated and "
       "this share of the extrinsic hallucinations, whose sources do not check out, is "
       "removed. Like the provenance filter it costs volume: collection goes on until the "
       "data set is full, so the real share rises.",
       "mitigation", unit=SHARE, min=0.0, max=1.0, step=0.05),
    declare("mitigation.curation", "float", 0.0, "Curation towards real shares",
       "Curators reweigh the training data towards each group's known share of the real "
       "world (from a census or a catalogue): groups the loop made rarer weigh more, and at "
       "1 every group still present gets its real share back. It cannot bring back a group "
       "with no items left, nor the variety lost within a group.",
       "mitigation", min=0.0, max=1.0, step=0.05),
    # --- audits -------------------------------------------------------------------------
    *audit_parameters(
        every_help="Generations between audits. The model audit tests the model in use on "
                   "held-out real content, fresh from the real world and never trained on: "
                   "each style's share in the model's output against its share there, the "
                   "output in the tails against the real content's, and the share below "
                   "nine points of the feature axis. The application "
                   "audit samples the content out there (0: no audits).",
        sample_unit=ITEMS,
        sample_help="Items in each audit sample: held-out real items for the model audit, "
                    "published items for the application audit. They are not trained on.",
        block_help="Test every retrained model on held-out real content before it is "
                   "deployed, and keep the previous model if a style's share, the output in "
                   "the tails or the share below any of nine points of the feature axis is "
                   "off by more than the bound. It stops a collapsed model from being "
                   "published; the data it was trained on stays as it is.",
        gap_help="Largest acceptable gap between the model's output and the held-out real "
                 "content: in a style's share, in the share of the output in the tails, or in "
                 "the share below any of nine points of the feature axis.",
        gap_default=0.02),
    declare("audit.max_tail_gap", "float", 1.0, "Application audit: tails bound",
       "Application audit (what is published): at each audit, if the share in the tails of "
       "a sample of the content out there (fresh human content and the model's "
       "publications) differs from the held-out real content's by more than this, the "
       "verdict goes to the event log (1: no check).",
       "audit", unit=SHARE, min=0.0, max=1.0, step=0.01),
    declare("audit.min_real_share", "float", 0.0, "Application audit: least human-made share",
       "Application audit (what is published): at each audit, if less than this share of a "
       "sample of the content out there is human-made, the verdict goes to the event log "
       "(0: no check).",
       "audit", unit=SHARE, min=0.0, max=1.0, step=0.05),
]

METRICS: list[MetricSpec] = [
    MetricSpec("generated_sd", T("Variety of the generated content"), FEATURE, "spread",
               per_group=True, truth="true_sd",
               help=T("Standard deviation of what the model generates for each group (its "
                      "fitted spread times the temperature); blank once a group is gone "
                      "from the model.")),
    MetricSpec("true_sd", T("Variety of the real content"),
               FEATURE, "spread", per_group=True),
    MetricSpec("model_share", T("Share in the model's output"), SHARE, "shares",
               per_group=True, sums_to_one=True, truth="true_share", y_range=(0, 1),
               help=T("How often the model generates each group; 0 means the group has "
                      "vanished from the model.")),
    MetricSpec("true_share", T("Share in the real world"),
               SHARE, "shares", per_group=True, sums_to_one=True, y_range=(0, 1)),
    MetricSpec("model_mean", T("Typical generated value"), FEATURE,
               "means", per_group=True, truth="true_mean",
               help=T("Mean of what the model generates for each group: it wanders off "
                      "the truth a little every generation.")),
    MetricSpec("true_mean", T("Typical real value"), FEATURE, "means",
               per_group=True),
    MetricSpec("tail_mass", T("Output in the tails"), SHARE, "tails",
               truth="true_tail_mass", y_range=(0, 1),
               help=T("Share of the model's output (hallucinations included) farther than "
                      "two standard deviations from the real world's mean. A single bell "
                      "curve has 4.55 % there.")),
    MetricSpec("true_tail_mass", T("Real content in the tails"),
               SHARE, "tails", y_range=(0, 1)),
    MetricSpec("wasserstein", T("Distance to the real world (W2)"), FEATURE, "distance",
               reference=(0.0,),
               help=T("Wasserstein-2 distance between the model's output and the real "
                      "content: how far, on average, generated content must move to match "
                      "the real one. For one bell curve it is √((μ − μ*)² + (σ − σ*)²).")),
    MetricSpec("real_share", T("Real content in the training data"), SHARE,
               "data", y_range=(0, 1)),
    MetricSpec("generated_share", T("Model-generated content in the training data"), SHARE,
               "data", y_range=(0, 1),
               help=T("Share of the training data that earlier models generated "
                      "(hallucinations included): what the collapse feeds on.")),
    MetricSpec("hallucinated_share", T("Hallucinations in the training data"), SHARE,
               "data", y_range=(0, 1),
               help=T(en="Share of the training data that is hallucinated, both types "
                         "together.")),
    MetricSpec("intrinsic_published", T(en="Intrinsic hallucinations published"), SHARE,
               "hallucinations",
               help=T(en="Expected share of what the model publishes that contradicts its "
                         "source, after the output review.")),
    MetricSpec("extrinsic_published", T(en="Extrinsic hallucinations published"), SHARE,
               "hallucinations",
               help=T(en="Expected share of what the model publishes that its source cannot "
                         "confirm or refute, after the output review.")),
    MetricSpec("intrinsic_data", T(en="Intrinsic hallucinations in the training data"), SHARE,
               "hallucinations"),
    MetricSpec("extrinsic_data", T(en="Extrinsic hallucinations in the training data"), SHARE,
               "hallucinations"),
    audit_gap_metric(T("What the last model audit found on held-out real content: the "
                       "style's share in the model's output minus its share there (empty "
                       "before the first audit).")),
    MetricSpec("audit_tail_gap", T("Audit: tails, model − real"), SHARE, "audit",
               reference=(0.0,),
               help=T("What the last model audit found: the share of the model's output in "
                      "the tails minus the share of the held-out real content there (empty "
                      "before the first audit).")),
    MetricSpec("audit_distribution_gap", T("Audit: largest gap in the distribution"), SHARE,
               "audit", reference=(0.0,),
               help=T("What the last model audit found: the largest gap between the share of "
                      "the model's output and the share of the held-out real content below "
                      "any of nine points, from two real spreads below the real mean to two "
                      "above (empty before the first audit).")),
    MetricSpec("audit_published_tail_gap", T("Audit: tails, published − real"), SHARE, "audit",
               reference=(0.0,),
               help=T("What the last application audit found: the share in the tails of a "
                      "sample of the content out there minus the held-out real content's "
                      "(empty before the first audit).")),
    MetricSpec("audit_real_share", T("Audit: human-made share found"), SHARE, "data",
               y_range=(0, 1),
               help=T("What the last application audit found: the share of a sample of the "
                      "content out there that is human-made (empty before the first "
                      "audit).")),
]

PLOTS: list[PlotSpec] = [
    PlotSpec("spread", T("Variety of each group"),
             ("generated_sd", "true_sd")),
    PlotSpec("shares", T("Share of each group"),
             ("model_share", "true_share")),
    PlotSpec("tails", T("Content in the tails (beyond 2σ)"),
             ("tail_mass", "true_tail_mass")),
    PlotSpec("distance", T("Distance to the real world"),
             ("wasserstein",)),
    PlotSpec("means", T("Typical value of each group"),
             ("model_mean", "true_mean")),
    PlotSpec("data", T("What the model trains on"),
             ("generated_share", "real_share", "hallucinated_share", "audit_real_share")),
    PlotSpec("hallucinations", T(en="Hallucinations by type"),
             ("intrinsic_published", "extrinsic_published", "intrinsic_data",
              "extrinsic_data")),
    audit_plot("audit_tail_gap", "audit_distribution_gap", "audit_published_tail_gap"),
]

DIAGRAM: list[Arrow] = [
    Arrow("world", "data", T("content is collected"),
          figures=("real_share", "hallucinated_share"),
          params=("world.items", "groups.*.share", "groups.*.mean", "groups.*.sd",
                  "mitigation.real_fraction", "mitigation.provenance_filter",
                  "mitigation.source_investigation"),
          flow="true_share"),
    Arrow("data", "model", T("the model is trained"),
          figures=("model_share",),
          params=("model.variance_estimator", "mitigation.accumulate",
                  "mitigation.curation", "audit.block", "audit.every")),
    Arrow("model", "decisions", T("the model generates"),
          figures=("generated_sd",),
          params=("policy.temperature", "bias.hallucination_rate",
                  "bias.intrinsic_hallucination_rate", "bias.hallucination_spread"),
          flow="model_share"),
    Arrow("decisions", "outcomes", T("its content is published"),
          figures=("tail_mass", "intrinsic_published", "extrinsic_published"),
          params=("mitigation.output_review", "audit.max_tail_gap",
                  "audit.min_real_share"),
          flow="model_share"),
    Arrow("outcomes", "world", T("it mixes with human content"),
          figures=("wasserstein",)),
]

#: The stages as a model-collapse loop goes round them (Shumailov et al.).
STAGE_LABELS = {"world": T("Real world"),
                "data": T("Training data"),
                "model": T("Model"),
                "decisions": T("Generated content"),
                "outcomes": T("Published pool")}
