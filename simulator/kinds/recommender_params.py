"""Parameters, metrics, plots and loop diagram of the ``recommender`` kind (the popularity loop
and homogenisation, Chaney, Stewart & Engelhardt, RecSys 2018).

Declarations only: the dynamics are in ``recommender.py``. The groups of a recommender scenario
are *item groups* (a catalogue's mainstream and its niche, or the creators who make them):
per-group parameters describe a group's items, and per-group metrics say how much of what users
are shown comes from each group.
"""

from __future__ import annotations

from ..schema import Param
from ..text import T
from .base import ROUNDS, SHARE, Arrow, MetricSpec, PlotSpec, declare

USERS = T("users")
ITEMS = T("items")
SLOTS = T("items per slate")
INTERACTIONS = T("interactions per item")
PER_SHOWING = T("chance per view")

PARAMETERS: list[Param] = [
    # --- world --------------------------------------------------------------------------
    declare("world.users", "int", 200, "Users",
       "How many people use the platform. Each round every one of them is shown a slate of "
       "items and engages with some of them.",
       "world", unit=USERS, min=2, max=1000, restart=True),
    declare("world.topics", "int", 10, "Topics",
       "Number of hidden topics that tastes and items are made of (Chaney et al.'s latent "
       "dimensions). A user's true preference for an item is how well their mix of topics "
       "matches the item's.",
       "world", unit=T("topics"), min=2, max=50, restart=True),
    declare("world.taste_focus", "float", 0.5, "How focused tastes are",
       "Concentration of each user's mix of topics (a Dirichlet parameter): small values give "
       "people who care about one or two topics, large values people who like a bit of "
       "everything.",
       "world", min=0.05, max=10.0, step=0.05, restart=True),
    declare("items", "int", 50, "Items",
       "How many items of this group are in the catalogue.",
       "world", unit=ITEMS, min=1, max=500, per_group=True, restart=True),
    declare("focus", "float", 1.0, "How broad the appeal is",
       "Concentration of each item's mix of topics (a Dirichlet parameter): small values make "
       "niche items that a few people love and most ignore, large values mainstream items "
       "that everyone likes a little.",
       "world", min=0.05, max=10.0, per_group=True, step=0.05, restart=True),
    # --- data ---------------------------------------------------------------------------
    declare("prior", "int", 0, "Interactions on record",
       "Interactions each item of this group has on record before the run (its history "
       "elsewhere: bestsellers arrive with one, new items without), spread over all users. "
       "Nobody logged how likely those items were to be shown, so only the logged training "
       "counts them.",
       "data", unit=INTERACTIONS, min=0, max=10_000, per_group=True, restart=True),
    declare("data.startup_rounds", "int", 10, "Start-up rounds",
       "Rounds of random slates at the start, while the first data are collected; the "
       "recommender is trained from the round after (Chaney et al.'s start-up period).",
       "data", unit=ROUNDS, min=1, max=1000, restart=True),
    # --- model --------------------------------------------------------------------------
    declare("model.update_every", "int", 1, "Retrain every",
       "Rounds between retrainings of the recommender on the data collected so far (0: "
       "never retrain after the start-up).",
       "model", unit=ROUNDS, min=0, max=1000),
    declare("model.rank", "int", 5, "Taste dimensions learned",
       "Rank of the recommender's matrix factorisation: it explains the users' estimated "
       "preferences by this many hidden dimensions shared by all users, which is how what "
       "some users did shapes what others are shown (collaborative filtering).",
       "model", unit=T("dimensions"), min=1, max=100),
    declare("model.popularity_weight", "float", 0.0, "Weight of popularity",
       "How much the recommender's score for an item is the item's estimated appeal to "
       "everyone (its popularity) rather than to this user: 0 is a purely personal "
       "recommender, 1 the popularity recommender.",
       "model", unit=SHARE, min=0.0, max=1.0, step=0.05),
    # --- policy -------------------------------------------------------------------------
    declare("policy.slate_size", "int", 10, "Slate size",
       "How many items each user is shown each round: the recommender's top items, or as "
       "many random ones when the slate explores.",
       "policy", unit=ITEMS, min=1, max=50),
    # --- mitigation levers --------------------------------------------------------------
    declare("mitigation.exploration", "float", 0.0, "Exploration",
       "Chance that a user's slate is drawn at random from the whole catalogue instead of "
       "the recommender's list, each user each round: every item keeps being seen, and the "
       "data learn about items the recommender would never show.",
       "mitigation", unit=SHARE, min=0.0, max=1.0, step=0.05),
    declare("mitigation.diversity", "float", 0.0, "Diversity re-ranking",
       "Share of the recommended slots re-ranked so that the item groups get them in "
       "proportion to their share of the catalogue, each group with its best-scored items "
       "(calibrated re-ranking). 1: every slate holds the groups in the catalogue's "
       "proportions.",
       "mitigation", unit=SHARE, min=0.0, max=1.0, step=0.05),
    declare("mitigation.training", "choice", "logged", "What the recommender learns from",
       "logged: every interaction it caused, counted as if every item had been shown equally "
       "often (so an item it never showed looks unwanted: the confounded loop); ipw: each "
       "interaction weighted by the inverse of the chance the item was shown (inverse-propensity "
       "weighting, unbiased where that chance is above zero, so it needs exploration); "
       "random: only the interactions in random slates, per showing (a randomised "
       "experiment).",
       "mitigation", choices=("logged", "ipw", "random"),
       choice_labels=(T("Everything it caused (logged)"),
                      T("Weighted by the chance of being shown (IPW)"),
                      T("Only random slates"))),
    # --- audits -------------------------------------------------------------------------
    declare("audit.every", "int", 0, "Audit every",
       "Rounds between model audits: a sample of users is shown random items, and the "
       "model's estimated appeal of each group is compared with how often they engage (0: "
       "no audits).",
       "audit", unit=ROUNDS, min=0, max=1000),
    declare("audit.sample", "int", 2000, "Audit sample",
       "Random showings (user, item) in each audit sample.",
       "audit", unit=T("showings"), min=10, max=10_000_000),
    declare("audit.block", "bool", False, "Audit before deployment",
       "Audit every retrained recommender before deploying it, and keep the old one if its "
       "estimated appeal of a group is off by more than the bound.",
       "audit"),
    declare("audit.max_gap", "float", 0.03, "Audit bound",
       "Largest acceptable gap between a group's estimated and observed appeal.",
       "audit", unit=PER_SHOWING, min=0.0, max=1.0, step=0.01),
]

METRICS: list[MetricSpec] = [
    MetricSpec("homogeneity", T("Homogeneity of the slates"), SHARE, "homogeneity",
               truth="ideal_homogeneity", y_range=(0, 1),
               help=T("How alike the users' slates are: the mean Jaccard index (shared "
                      "items over items in either) over all pairs of users, or a fixed "
                      "sample of 20,000 pairs when there are more (Chaney et al.'s "
                      "measure).")),
    MetricSpec("ideal_homogeneity", T("Homogeneity under the ideal recommender"), SHARE,
               "homogeneity", y_range=(0, 1),
               help=T("The same measure for an ideal recommender that knows every user's "
                      "true preferences and shows each their favourite items.")),
    MetricSpec("exposure_share", T("Share of the slates"), SHARE, "exposure",
               per_group=True, sums_to_one=True, truth="ideal_exposure_share", y_range=(0, 1),
               help=T("Share of all the slots shown this round that go to the group's "
                      "items.")),
    MetricSpec("ideal_exposure_share", T("Share under the ideal recommender"), SHARE,
               "exposure", per_group=True, sums_to_one=True, y_range=(0, 1),
               help=T("The group's share of the slots the ideal recommender would show.")),
    MetricSpec("relative_utility", T("Utility relative to the ideal"), SHARE, "utility",
               y_range=(0, 1), reference=(1.0,),
               help=T("What users get from their slates (the summed true preference for the "
                      "items shown) over what the ideal recommender would give them.")),
    MetricSpec("homogeneity_gap", T("Homogeneity gap"), SHARE, "gap",
               y_range=(-1, 1), reference=(0.0,),
               help=T("Homogeneity of the slates minus homogeneity under the ideal "
                      "recommender: how much more alike the loop makes what people see "
                      "than their tastes are.")),
    MetricSpec("estimated_appeal", T("Estimated appeal"), PER_SHOWING, "belief",
               per_group=True, truth="true_appeal",
               help=T("What the recommender believes: its mean estimate, over users and the "
                      "group's items, of the chance that a user engages with an item when "
                      "shown it.")),
    MetricSpec("true_appeal", T("True appeal"), PER_SHOWING, "belief", per_group=True,
               help=T("The truth: the mean chance, over users and the group's items, that a "
                      "user engages with an item when shown it.")),
    MetricSpec("data_share", T("Share of the interactions"), SHARE, "data",
               per_group=True, sums_to_one=True, truth="catalogue_share", y_range=(0, 1),
               help=T("The group's share of the interactions the recommender trains on.")),
    MetricSpec("catalogue_share", T("Share of the catalogue"), SHARE, "data",
               per_group=True, sums_to_one=True, y_range=(0, 1),
               help=T("The group's share of the items in the catalogue.")),
    MetricSpec("audit_gap", T("Audit: estimated − observed"), PER_SHOWING, "audit",
               per_group=True, reference=(0.0,),
               help=T("What the last model audit found on random showings: the "
                      "recommender's estimated appeal of the group minus how often the "
                      "sampled users engaged (empty before the first audit).")),
]

PLOTS: list[PlotSpec] = [
    PlotSpec("homogeneity", T("How alike the slates are"),
             ("homogeneity", "ideal_homogeneity")),
    PlotSpec("exposure", T("Who gets shown"), ("exposure_share", "ideal_exposure_share")),
    PlotSpec("utility", T("What users get"), ("relative_utility",)),
    PlotSpec("gap", T("Homogeneity gap"), ("homogeneity_gap",)),
    PlotSpec("belief", T("What the recommender believes"),
             ("estimated_appeal", "true_appeal")),
    PlotSpec("data", T("What it trains on"), ("data_share", "catalogue_share")),
    PlotSpec("audit", T("Audit findings"), ("audit_gap",)),
]

DIAGRAM: list[Arrow] = [
    Arrow("world", "data", T("interactions are logged"),
          figures=("data_share",),
          params=("groups.*.prior", "data.startup_rounds", "mitigation.training"),
          flow="data_share"),
    Arrow("data", "model", T("the recommender is trained"),
          figures=("estimated_appeal",),
          params=("model.update_every", "model.rank", "model.popularity_weight", "audit.block",
                  "audit.every"),
          flow="data_share"),
    Arrow("model", "decisions", T("slates follow the scores"),
          figures=("exposure_share", "homogeneity"),
          params=("policy.slate_size", "mitigation.exploration", "mitigation.diversity"),
          flow="exposure_share"),
    Arrow("decisions", "outcomes", T("users engage with what they are shown"),
          figures=("relative_utility",),
          params=("world.users", "world.topics", "world.taste_focus", "groups.*.items",
                  "groups.*.focus"),
          flow="exposure_share"),
    Arrow("outcomes", "world", T("tastes do not change, only what is seen"),
          figures=("homogeneity_gap",),
          flow="ideal_exposure_share"),
]

#: The stages as the recommender's feedback loop goes round them (Chaney et al.).
STAGE_LABELS = {"world": T("Tastes"), "data": T("Logs"),
                "model": T("Model"), "decisions": T("Slates"),
                "outcomes": T("Clicks")}
