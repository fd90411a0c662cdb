"""Parameters, metrics, plots and loop diagram of the ``allocation`` kind (predictive policing).

Declarations only: the dynamics, and the equations they follow, are in ``allocation.py``.
Per-group parameters are per region (``groups.<region>.rate`` and friends).
"""

from __future__ import annotations

from ..schema import Param
from ..text import T
from .audits import audit_gap_metric, audit_parameters, audit_plot
from .base import ROUNDS, SHARE, Arrow, MetricSpec, PlotSpec, declare

PATROLS = T("patrols")
RECORDS = T("records")
PER_PATROL = T("incidents per patrol")
PER_ROUND = T("incidents per round")
# The highest rate each discovery mode allows: a chance for at most one incident a patrol, and
# a mean for a Poisson count (a bound that keeps the counts of a round far from overflow).
POISSON_RATE_MAX = 20.0
RATE_MAX = {"bernoulli": 1.0, "poisson": POISSON_RATE_MAX}


PARAMETERS: list[Param] = [
    # --- world --------------------------------------------------------------------------
    declare("world.patrols", "int", 50, "Patrols per round",
       "The budget: how many patrols are sent out each round. More patrols discover more "
       "incidents, so the loop runs faster and less noisily, and discoveries weigh more "
       "against the reports.",
       "world", unit=PATROLS, min=1, max=10_000_000),
    declare("rate", "float", 0.1, "True incident rate",
       "The truth about this region: the chance that one patrol sent here discovers an "
       "incident (at most 1), or with Poisson discovery the mean number it discovers (at "
       f"most {POISSON_RATE_MAX:g}: Ensign et al.'s Oakland regions have 3.7 and 2.8 a visit). "
       "The regions' rates fix the true shares the allocation should match.",
       "world", unit=PER_PATROL, min=0.0, max=POISSON_RATE_MAX, per_group=True, step=0.01),
    declare("report_rate", "float", 1.0, "Reported incidents per round",
       "Incidents residents report in this region each round (a Poisson mean), wherever "
       "the patrols are. Reports in proportion to the true rates are an unbiased signal; "
       "a region that reports less than its share is under-reported.",
       "world", unit=PER_ROUND, min=0.0, max=1_000_000.0, per_group=True, step=0.1),
    declare("world.discovery", "choice", "bernoulli", "How patrols discover incidents",
       "bernoulli: a patrol discovers at most one incident, with the region's rate as its "
       "chance (Ensign et al.'s urn); poisson: a Poisson number with the rate as its mean.",
       "world", choices=("bernoulli", "poisson"),
       choice_labels=(T("At most one per patrol"),
                      T("Poisson count"))),
    # --- data ---------------------------------------------------------------------------
    declare("prior", "int", 10, "Historical records",
       "Incidents the police recorded in this region before the run starts: the data the "
       "first allocation is made from. They are past discoveries, so they count like "
       "discovered incidents.",
       "data", unit=RECORDS, min=0, max=10_000_000, per_group=True, restart=True),
    declare("data.decay", "float", 0.0, "Forgetting",
       "Chance that each recorded incident (historical ones included) is dropped from the "
       "data each round: the model only remembers about 1/decay rounds. It does not break "
       "the loop on its own, but it lets a corrected loop forget a biased past.",
       "data", unit=SHARE, min=0.0, max=1.0, step=0.005),
    declare("data.record_floor", "int", 0, "Records never forgotten",
       "Each region keeps at least this many discovered incidents on record, however much is "
       "forgotten (Ensign et al.'s code keeps one per region). With 0, a region whose "
       "records decay to nothing is never patrolled again and the correction cannot bring "
       "it back.",
       "data", unit=RECORDS, min=0, max=1000),
    # --- model --------------------------------------------------------------------------
    declare("model.update_every", "int", 1, "Update the estimate every",
       "Rounds between updates of the model's estimate of where incidents happen; the "
       "allocation uses the last estimate (0: never update; the historical estimate stays).",
       "model", unit=ROUNDS, min=0, max=1000),
    # --- policy -------------------------------------------------------------------------
    declare("policy.rule", "choice", "urn", "Allocation rule",
       "urn: each patrol goes to a region with probability equal to the region's share of "
       "the recorded incidents (Ensign et al.'s Pólya urn); greedy: patrols go to the "
       "regions with the most recorded incidents.",
       "policy", choices=("urn", "greedy"),
       choice_labels=(T("In proportion to the records (urn)"),
                      T("To the top regions (greedy)"))),
    declare("policy.top_k", "int", 1, "Top regions patrolled",
       "Under the greedy rule, how many of the regions with the most records share the "
       "patrols equally.",
       "policy", unit=T("regions"), min=1, max=1000),
    # --- mitigation levers --------------------------------------------------------------
    declare("mitigation.correction", "bool", False, "Correct for where patrols went",
       "Ensign et al.'s fix: a discovered incident is kept with a probability inversely "
       "proportional to the chance that its region was patrolled, so that each region "
       "counts as if patrolled equally (inverse-probability weighting by rejection). "
       "Reported incidents are kept as they are.",
       "mitigation"),
    declare("mitigation.exploration", "float", 0.0, "Exploration",
       "Share of the patrols sent to a region chosen uniformly at random, whatever the "
       "records say: every region keeps being looked at.",
       "mitigation", unit=SHARE, min=0.0, max=1.0, step=0.05),
    declare("mitigation.reported_weight", "float", 0.0, "Weight of reported incidents",
       "How much a reported incident counts in the data relative to a discovered one "
       "(w_r; discovered incidents count w_d = 1 − w_r). Reports arrive from every region "
       "whatever the patrols do, so they pull the allocation back towards the truth.",
       "mitigation", unit=SHARE, min=0.0, max=1.0, step=0.05),
    # --- audits -------------------------------------------------------------------------
    *audit_parameters(
        every_help="Rounds between audits by a random-patrol survey: survey patrols go to "
                   "regions chosen uniformly at random, whatever the records say, and what "
                   "they discover estimates each region's true share of the incidents. The "
                   "audit reports the model's share minus the surveyed one, and how far the "
                   "patrols in use are from it (0: no audits).",
        sample_unit=PATROLS,
        sample_help="Survey patrols in each audit, spread at random over the regions. They "
                    "are not part of the budget and their discoveries are not recorded.",
        block_help="Survey before every update of the estimate, and keep the estimate in use "
                   "if the new one puts a region's share off the surveyed share by more than "
                   "the bound. It stops a runaway estimate from being deployed; it does not "
                   "fix the records it was computed from.",
        gap_help="Largest acceptable gap between a region's share in the estimate and its "
                 "share in the survey."),
    declare("audit.max_allocation_gap", "float", 1.0, "Application audit: allocation gap bound",
       "Application audit (how the allocation works in use): at each audit, if the patrols "
       "in use are further than this from the surveyed shares (the share of patrols that "
       "would have to move), the verdict goes to the event log (1: no application audit).",
       "audit", unit=SHARE, min=0.0, max=1.0, step=0.05),
]

INCIDENTS = T("incidents")

METRICS: list[MetricSpec] = [
    MetricSpec("allocation_share", T("Share of the patrols"),
               SHARE, "allocation", per_group=True, sums_to_one=True, truth="true_share",
               y_range=(0, 1),
               help=T("Where the patrols go: each region's chance of receiving a patrol "
                      "this round (exploration included).")),
    MetricSpec("true_share", T("True share of incidents"), SHARE, "allocation", per_group=True,
               sums_to_one=True,
               y_range=(0, 1),
               help=T("The truth: the region's incident rate over the sum of all regions' "
                      "rates.")),
    MetricSpec("data_share", T("Share of the records"), SHARE,
               "data", per_group=True, sums_to_one=True, truth="true_share", y_range=(0, 1),
               help=T("What the model believes: the region's share of the weighted "
                      "incident records. With the audit before deployment on, the patrols "
                      "may follow an older estimate that passed the audit.")),
    MetricSpec("allocation_gap", T("Allocation gap"), SHARE, "gap",
               y_range=(0, 1), reference=(0.0,),
               help=T("Total variation distance between the patrol shares and the true "
                      "shares: the share of patrols that would have to move to match the "
                      "truth.")),
    MetricSpec("discovered", T("Discovered incidents"), INCIDENTS,
               "incidents", per_group=True,
               help=T("Incidents the patrols found in the region this round (before any "
                      "correction).")),
    MetricSpec("reported", T("Reported incidents"), INCIDENTS,
               "incidents", per_group=True,
               help=T("Incidents residents reported in the region this round.")),
    audit_gap_metric(T("What the last random-patrol survey found: the region's share in the "
                       "model's estimate minus its share of the incidents the survey "
                       "discovered (empty before the first audit).")),
    MetricSpec("audit_allocation_gap", T("Audit: allocation gap found"), SHARE, "audit",
               y_range=(0, 1),
               help=T("What the last application audit found: the share of the patrols in "
                      "use that would have to move to match the surveyed shares (empty before "
                      "the first audit).")),
]

PLOTS: list[PlotSpec] = [
    PlotSpec("allocation", T("Patrols vs incidents"),
             ("allocation_share", "true_share")),
    PlotSpec("gap", T("Allocation gap"), ("allocation_gap",)),
    PlotSpec("data", T("What the records say"), ("data_share",)),
    PlotSpec("incidents", T("Incidents discovered and reported"),
             ("discovered", "reported")),
    audit_plot("audit_allocation_gap"),
]

DIAGRAM: list[Arrow] = [
    Arrow("world", "data", T("incidents are recorded"),
          figures=("reported",),
          params=("groups.*.report_rate", "mitigation.correction"),
          flow="reported"),
    Arrow("data", "model", T("the model counts the records"),
          figures=("data_share",),
          params=("groups.*.prior", "data.decay", "mitigation.reported_weight",
                  "model.update_every", "audit.block", "audit.every"),
          flow="data_share"),
    Arrow("model", "decisions", T("patrols follow the counts"),
          figures=("allocation_share",),
          params=("policy.rule", "policy.top_k", "mitigation.exploration",
                  "audit.max_allocation_gap"),
          flow="allocation_share"),
    Arrow("decisions", "outcomes", T("patrols discover incidents where they go"),
          figures=("discovered",),
          params=("world.patrols", "world.discovery", "groups.*.rate"),
          flow="discovered"),
    Arrow("outcomes", "world", T("the truth does not change, only what is seen"),
          figures=("true_share", "allocation_gap"),
          flow="true_share"),
]

#: The stages as the runaway feedback loop goes round them (Ensign et al.).
STAGE_LABELS = {"world": T("Incidents"), "data": T("Records"),
                "model": T("Estimate"), "decisions": T("Patrols"),
                "outcomes": T("Discoveries")}
