"""Parameters, metrics, plots and loop diagram of the ``decisions`` kind (lending and friends).

Declarations only: the dynamics are in ``decisions.py``. Each bias channel of the source notes
is a parameter that can be switched off (0, false), and each mitigation lever one that can be
switched on mid-run.
"""

from __future__ import annotations

from ..schema import Param
from ..text import T
from .audits import audit_gap_metric, audit_parameters, audit_plot
from .base import ROUNDS, SHARE, Arrow, MetricSpec, PlotSpec, declare

SCORE_MIN, SCORE_MAX, BIN_WIDTH = 300.0, 850.0, 25.0

POINTS = T("points")
NONE = T("")


#: Tables a group may give to set its world by score bucket, e.g. a FICO-like world (Liu et al.
#: 2018) or ml-fairness-gym's credit buckets; they replace the normal scores and the shared
#: logistic curve for that group.
TABLES = {
    "score_buckets": "the buckets' edges on the score scale, rising (n + 1 numbers)",
    "score_table": "the group's share in each bucket at the start (n numbers summing to 1)",
    "repay_table": "the chance of repaying in each bucket (n numbers from 0 to 1)",
}
#: A group's score_table is its whole starting distribution: its normal's mean and spread
#: would do nothing.
REPLACED_BY_TABLE = {"score_mean": "score_table", "score_sd": "score_table"}

PARAMETERS: list[Param] = [
    # --- world --------------------------------------------------------------------------
    declare("world.applicants", "int", 1000, "Applicants per round",
       "How many people apply each round. Only changes the noise: the cost of a round and "
       "the dynamics do not depend on it.",
       "world", unit=T("people"), min=1, max=10_000_000),
    declare("world.applicant_share", "float", 0.02, "Share of a group applying per round",
       "The share of each group's population that applies in a round: how fast the "
       "decisions reshape the group's scores.",
       "world", unit=SHARE, min=0.0, max=1.0, step=0.005),
    declare("world.outcome_delay", "int", 1, "Outcome delay",
       "Rounds between a decision and the moment its outcome (repaid or defaulted) is known, "
       "recorded and changes the person's score.",
       "world", unit=ROUNDS, min=0, max=24),
    declare("world.repay_midpoint", "float", 600.0, "Score at even odds",
       "The credit score at which a person repays with probability 0.5. One curve for "
       "everyone: equal score, equal risk.",
       "world", unit=POINTS, min=SCORE_MIN, max=SCORE_MAX, step=5),
    declare("world.repay_scale", "float", 50.0, "Score points per odds step",
       "How many score points multiply the odds of repaying by e (2.7): smaller is a steeper "
       "curve.",
       "world", unit=POINTS, min=5.0, max=200.0, step=5),
    declare("world.score_gain", "float", 75.0, "Score gain on repayment",
       "Points a person's score rises after repaying a loan (Liu et al. 2018 use +75).",
       "world", unit=POINTS, min=0.0, max=300.0, step=5),
    declare("world.score_loss", "float", 150.0, "Score loss on default",
       "Points a person's score falls after defaulting (Liu et al. 2018 use −150).",
       "world", unit=POINTS, min=0.0, max=300.0, step=5),
    declare("world.churn", "float", 0.0, "Users who leave when wronged",
       "Share of a group's people who leave per round for each unit of wrongful rejection "
       "(the share of the group's deserving people the policy in force turns down). Leaving "
       "shrinks the group, and with it its share of the data (Hashimoto et al. 2018).",
       "world", unit=SHARE, min=0.0, max=1.0, step=0.01),
    declare("world.inflow", "float", 0.05, "Newcomers",
       "Share of the gap to a group's original size refilled by newcomers each round.",
       "world", unit=SHARE, min=0.0, max=1.0, step=0.01),
    declare("world.reviewer_skill", "float", 0.8, "Reviewer's skill",
       "Chance that a human reviewer who judges a case by themselves gets it right (they "
       "see the person, not the measured score). Matters only when people review decisions.",
       "world", unit=SHARE, min=0.0, max=1.0, restart=True, step=0.05),
    declare("world.trust_growth", "float", 0.02, "Growth of trust in the model",
       "Each round reviewers defer to the model a bit more: this share of the remaining "
       "distance to full reliance (automation bias; the notes' overreliance).",
       "world", unit=SHARE, min=0.0, max=1.0, step=0.01),
    declare("world.skill_decay", "float", 0.02, "Skill loss when deferring",
       "How fast reviewers lose their skill while they defer to the model, and regain it "
       "while they judge by themselves (the notes' loss of important skills).",
       "world", unit=SHARE, min=0.0, max=1.0, step=0.01),
    declare("world.treatment_effect", "float", 0.0, "Score change from the decision itself",
       "Points every approved person's score moves by the time their outcome is known, "
       "whatever the outcome: what being approved does to the person (care lowers an "
       "enrolled patient's need: negative). Added to the gain or loss of the outcome.",
       "world", unit=POINTS, min=-300.0, max=300.0, step=5),
    declare("world.turnover", "float", 0.0, "Turnover",
       "Share of each group's people replaced each round by newcomers from the group's "
       "starting distribution (people joining and leaving a health plan, a market): what "
       "the decisions did to the people fades at this rate.",
       "world", unit=SHARE, min=0.0, max=1.0, step=0.01),
    declare("share", "float", 0.5, "Population share",
       "This group's share of the applicants (the groups' shares sum to 1).",
       "world", unit=SHARE, min=0.0, max=1.0, per_group=True, step=0.01),
    declare("score_mean", "float", 650.0, "Initial mean score",
       "Mean credit score of the group when the run starts: scores are normal, truncated to "
       "the 300–850 scale.",
       "world", unit=POINTS, min=SCORE_MIN, max=SCORE_MAX, per_group=True, restart=True,
       step=5),
    declare("score_sd", "float", 70.0, "Initial score spread",
       "Standard deviation of the group's credit scores when the run starts (of the normal "
       "before its truncation to 300–850).",
       "world", unit=POINTS, min=1.0, max=300.0, per_group=True, restart=True, step=5),
    # --- data ---------------------------------------------------------------------------
    declare("data.history_rounds", "int", 10, "Historical data",
       "Rounds' worth of past applicants, decided by the past policy, that the first model "
       "is trained on.",
       "data", unit=ROUNDS, min=1, max=1000, restart=True),
    declare("history_threshold", "float", 600.0,
            "Past policy's cut-off",
       "The score the past (human) policy required of this group: only people above it got "
       "a loan, so only their outcomes are in the historical data. A higher cut-off for one "
       "group is a biased past policy.",
       "data", unit=POINTS, min=SCORE_MIN, max=SCORE_MAX, per_group=True, restart=True,
       step=5),
    # --- bias channels ------------------------------------------------------------------
    declare("history_label_bias", "float", 0.0,
            "Historical label bias",
       "Share of this group's repayments recorded as defaults in the historical data "
       "(human bias: stereotypes and past prejudice written into the records).",
       "bias", unit=SHARE, min=0.0, max=1.0, per_group=True, restart=True, step=0.01),
    declare("label_bias", "float", 0.0, "Label bias",
       "Share of this group's repayments that the people recording outcomes now write down "
       "as defaults.",
       "bias", unit=SHARE, min=0.0, max=1.0, per_group=True, step=0.01),
    declare("record_share", "float", 1.0, "Share of outcomes recorded",
       "Share of this group's outcomes that make it into the data (under-representation "
       "when below the other groups').",
       "bias", unit=SHARE, min=0.01, max=1.0, per_group=True, step=0.01),
    declare("access", "float", 1.0, "Access (the proxy's reach)",
       "Share of this group's successes that show up in the proxy label, when the model "
       "learns a proxy (model.label = proxy): with unequal access to care, the same need "
       "generates less cost. 1: the proxy records the group's outcomes as they are.",
       "bias", unit=SHARE, min=0.0, max=1.0, per_group=True, step=0.01),
    declare("score_shift", "float", 0.0, "Measurement bias",
       "Points added to this group's true score in what the model sees (negative: the "
       "group's creditworthiness is under-measured).",
       "bias", unit=POINTS, min=-200.0, max=200.0, per_group=True, step=5),
    declare("bias.annotator_noise", "float", 0.0, "Annotator noise",
       "Share of recorded labels flipped by mistake (annotated human bias: errors in human "
       "judgement when recording outcomes).",
       "bias", unit=SHARE, min=0.0, max=0.5, step=0.01),
    declare("bias.selective_labels", "bool", True, "Selective labels",
       "Only approved applicants' outcomes are ever observed: the model never learns what "
       "the people it rejects would have done.",
       "bias"),
    declare("bias.reject_inference", "bool", False, "Rejected counted as defaults",
       "'Reject inference' by assumption: rejected applicants are recorded as defaults. "
       "Each rejection then teaches the model to reject more (needs selective labels).",
       "bias"),
    # --- model --------------------------------------------------------------------------
    declare("model.retrain_every", "int", 5, "Retrain every",
       "Rounds between retrainings of the model on the data collected so far (0: never "
       "retrain; the first model stays).",
       "model", unit=ROUNDS, min=0, max=1000),
    declare("model.regularization", "float", 1.0, "Regularisation",
       "Ridge penalty of the logistic regression: it pulls the coefficients of thinly "
       "represented groups towards zero.",
       "model", min=0.0, max=1000.0, step=0.5),
    declare("model.oracle", "bool", False, "Lender knows the truth",
       "The decision maker knows each score's true repayment probability instead of learning "
       "it from the records: the lender of Liu et al. 2018 and ml-fairness-gym's oracle agent. "
       "The data then no longer matters to the decisions.",
       "model"),
    declare("model.label", "choice", "outcome", "What the model learns",
       "outcome: the model is trained on the outcome itself; proxy: on a proxy for it that "
       "records each group's successes only as far as the group has access "
       "(groups.*.access), as cost stands in for need in health care (Obermeyer et al. "
       "2019). Switching relabels all the data the model trains on, at the next retraining.",
       "model", choices=("outcome", "proxy"),
       choice_labels=(T("The outcome itself"), T("A proxy for it"))),
    declare("model.dro_mass", "float", 0.5, "Worst-off share DRO serves",
       "The share of the data whose mean loss robust training minimises: it bounds the loss "
       "of every group at least this large. A smaller share gives up more accuracy on "
       "average to serve the worst-off, and too small a share leaves a model that no longer "
       "tells cases apart.",
       "model", min=0.05, max=1.0, step=0.05),
    # --- policy -------------------------------------------------------------------------
    declare("policy.rule", "choice", "max_utility", "Decision rule",
       "max_utility: approve when the expected gain is positive (p ≥ loss/(gain+loss)); "
       "fixed: approve above a score cut-off; top_share: approve the applicants the model "
       "ranks highest, a share policy.capacity of them (a programme with limited places).",
       "policy", choices=("max_utility", "fixed", "top_share"),
       choice_labels=(T("Maximum utility"), T("Fixed cut-off"), T("Top share"))),
    declare("policy.capacity", "float", 0.03, "Places (top share)",
       "Share of each round's applicants approved under the top_share rule: those with the "
       "highest predicted probability (Obermeyer et al. 2019: the top 3 % of risk scores are "
       "enrolled in care management).",
       "policy", unit=SHARE, min=0.001, max=1.0, step=0.005),
    declare("policy.loss_gain_ratio", "float", 4.0, "Loss / gain per loan",
       "What a default costs the lender relative to what a repaid loan earns (Liu et al. "
       "2018 use 4).",
       "policy", min=0.1, max=20.0, step=0.1),
    declare("policy.threshold", "float", 650.0, "Fixed cut-off",
       "The score an applicant needs under the fixed rule.",
       "policy", unit=POINTS, min=SCORE_MIN, max=SCORE_MAX, step=5),
    declare("threshold_offset", "float", 0.0, "Cut-off offset",
       "Points added to the fixed cut-off for this group (per-group thresholds).",
       "policy", unit=POINTS, min=-300.0, max=300.0, per_group=True, step=5),
    # --- mitigation levers --------------------------------------------------------------
    declare("mitigation.unawareness", "bool", False, "Drop the group feature",
       "Train the model without the group (fairness through unawareness). Takes effect at "
       "the next retraining. It does not help when scores are measured with bias.",
       "mitigation"),
    declare("mitigation.reweighing", "bool", False, "Reweighing",
       "Weigh the training data so that group and label are independent (Kamiran & Calders "
       "2012: w = P(group)·P(label) / P(group, label)).",
       "mitigation"),
    declare("mitigation.dro", "bool", False, "Robust training (DRO)",
       "Train the model to minimise the mean loss of the worst-off share of the data, whoever "
       "is in it, instead of the mean loss of all: distributionally robust optimisation "
       "(Hashimoto et al. 2018, with the CVaR ball), which needs no group labels. Takes "
       "effect at the next retraining.",
       "mitigation"),
    declare("mitigation.fairness", "choice", "none",
            "Fairness constraint",
       "Per-group thresholds that maximise utility subject to equal selection rates "
       "(demographic parity) or equal true positive rates (equal opportunity), after Hardt "
       "et al. 2016.",
       "mitigation", choices=("none", "demographic_parity", "equal_opportunity"),
       choice_labels=(T("None"), T("Demographic parity"),
                      T("Equal opportunity"))),
    declare("mitigation.exploration", "float", 0.0, "Exploration",
       "Share of would-be-rejected applicants approved at random; what they teach is "
       "weighted by the inverse of their approval probability.",
       "mitigation", unit=SHARE, min=0.0, max=0.5, step=0.01),
    declare("mitigation.human_review", "float", 0.0, "Human review",
       "Share of the model's decisions a person reviews before they take effect. A reviewer "
       "overturns the model when they judge by themselves and get it right.",
       "mitigation", unit=SHARE, min=0.0, max=1.0, step=0.05),
    declare("mitigation.appeals", "float", 0.0, "Appeals",
       "Share of rejections (removals, refusals) appealed and reviewed by a person.",
       "mitigation", unit=SHARE, min=0.0, max=1.0, step=0.05),
    declare("mitigation.reliance_cap", "float", 1.0, "Reliance cap",
       "The most reviewers may defer to the model: below 1 they keep judging a share of "
       "cases by themselves, and keep their skill.",
       "mitigation", unit=SHARE, min=0.0, max=1.0, step=0.05),
    declare("mitigation.label_audit", "float", 0.0, "Label audit",
       "Share of the recorded labels in the data that are checked against the truth and "
       "corrected.",
       "mitigation", unit=SHARE, min=0.0, max=1.0, step=0.05),
    declare("mitigation.fresh_data", "float", 0.0, "Fresh unbiased data",
       "Share of each round's applicants in a randomised sample whose true outcomes are "
       "observed and recorded whatever the decision.",
       "mitigation", unit=SHARE, min=0.0, max=0.5, step=0.01),
    declare("mitigation.data_window", "int", 0, "Data window",
       "Train only on the last N rounds of data, forgetting older records and the history "
       "(0: keep everything).",
       "mitigation", unit=ROUNDS, min=0, max=1000),
    # --- audits -------------------------------------------------------------------------
    *audit_parameters(
        every_help="Rounds between model audits on a fresh unbiased sample, which report each "
                   "group's perceived minus true repayment rate (0: no audits).",
        sample_unit=T("people"), sample_help="Applicants in each audit sample.",
        block_help="Audit every retrained model before deploying it, and keep the old one if a "
                   "group's perceived repayment rate is off by more than the bound.",
        gap_help="Largest acceptable gap between a group's perceived and true repayment rate."),
    declare("audit.max_reliance", "float", 1.0, "Application audit: reliance bound",
            "Application audit (how people use the model): at each audit, if reviewers defer "
            "to the model more than this, they are retrained: their trust resets and their "
            "skill is restored (1: no application audit).",
            "audit", unit=SHARE, min=0.0, max=1.0, step=0.05),
]

RATE = T("share")

METRICS: list[MetricSpec] = [
    MetricSpec("perceived_rate", T("Perceived repayment rate"), RATE,
               "belief", per_group=True, truth="true_rate", y_range=(0, 1),
               help=T("What the model believes: its mean predicted repayment probability "
                      "over the group's applicants.")),
    MetricSpec("true_rate", T("True repayment rate"), RATE, "belief",
               per_group=True, y_range=(0, 1),
               help=T("The truth: the group's applicants' mean true repayment probability.")),
    MetricSpec("selection_rate", T("Approval rate"), RATE, "selection",
               per_group=True, y_range=(0, 1),
               help=T("Share of the group's applicants approved this round (Fairlearn's selection"
                      " rate).")),
    MetricSpec("selected_share", T("Share of the approved"), RATE, "selected",
               per_group=True, sums_to_one=True, y_range=(0, 1),
               help=T("The group's share of the people approved this round.")),
    MetricSpec("selected_perceived_rate", T("Perceived rate among the approved"), RATE,
               "selected_belief", per_group=True, truth="selected_true_rate",
               help=T("What the model believes of the group's approved people: their mean "
                      "predicted probability (empty when none is approved).")),
    MetricSpec("selected_true_rate", T("True rate among the approved"), RATE,
               "selected_belief", per_group=True,
               help=T("The truth of the group's approved people: their mean true probability "
                      "of success. Two groups approved at the same predicted probability "
                      "differ here when the model misjudges one of them.")),
    MetricSpec("true_positive_rate", T("True positive rate"),
               RATE, "errors", per_group=True, y_range=(0, 1),
               help=T("Share of the applicants who would repay that were approved.")),
    MetricSpec("false_positive_rate", T("False positive rate"),
               RATE, "errors", per_group=True, y_range=(0, 1),
               help=T("Share of the applicants who would default that were approved.")),
    MetricSpec("accuracy", T("Accuracy"), RATE, "accuracy", per_group=True,
               y_range=(0, 1),
               help=T("Share of the group's decisions that were right: approved and succeeded, or"
                      " rejected and would have failed.")),
    MetricSpec("data_share", T("Share of the training data"), RATE,
               "data", per_group=True, sums_to_one=True, y_range=(0, 1),
               help=T("The group's share of the records the model trains on (weighted, within the"
                      " data window).")),
    MetricSpec("label_bias", T("Wrong labels in the data"),
               RATE, "labels", per_group=True, y_range=(0, 1),
               help=T("Share of the group's recorded labels (after any label audit) that "
                      "differ from what really happened.")),
    MetricSpec("mean_score", T("Mean credit score"), POINTS, "scores",
               per_group=True, y_range=(SCORE_MIN, SCORE_MAX),
               help=T("The group's mean true score: how the decisions' outcomes move the people "
                      "themselves.")),
    MetricSpec("score_change", T("Score change per applicant"), POINTS, "score_change",
               per_group=True, reference=(0.0,),
               help=T("The change in score this round's decisions bring the group's applicants, "
                      "on average: repaid loans times the gain minus defaults times the loss "
                      "(plus the approved times the score change from the decision itself), "
                      "over all the group's applicants (Liu et al. 2018's one-step change of "
                      "the mean score, Δμ; below 0 is active harm).")),
    MetricSpec("group_share", T("Share of the applicants"),
               RATE, "population", per_group=True, sums_to_one=True, y_range=(0, 1),
               help=T("The group's share of the people applying: shrinks when its members "
                      "leave after being wronged.")),
    MetricSpec("reliance", T("Reviewers' reliance on the model"), RATE, "reviewer", y_range=(0, 1),
               help=T("Share of reviewed cases in which the reviewer simply follows the model.")),
    MetricSpec("reviewer_skill", T("Reviewers' skill"), RATE,
               "reviewer", y_range=(0, 1),
               help=T("Chance that a reviewer judging by themselves gets the case right.")),
    audit_gap_metric(T("What the last model audit found on a fresh unbiased sample: the "
                       "model's perceived success rate minus the observed one (empty before the "
                       "first audit).")),
    MetricSpec("demographic_parity_difference",
               T("Demographic parity difference"), RATE,
               "fairness", y_range=(0, 1), reference=(0.0,),
               help=T("Largest minus smallest approval rate across groups (Fairlearn).")),
    MetricSpec("equal_opportunity_difference",
               T("Equal opportunity difference"),
               RATE, "fairness", y_range=(0, 1),
               help=T("Largest minus smallest true positive rate across groups (Fairlearn).")),
    MetricSpec("equalized_odds_difference",
               T("Equalized odds difference"), RATE,
               "fairness", y_range=(0, 1),
               help=T("The larger of the true and false positive rate differences (Fairlearn).")),
    MetricSpec("demographic_parity_ratio",
               T("Demographic parity ratio"), RATE, "ratio",
               reference=(0.8,), y_range=(0, 1),
               help=T("Lowest over highest approval rate; below 0.8 fails the four-fifths "
                      "rule.")),
    MetricSpec("utility", T("Lender's utility per applicant"),
               T("gain units"), "utility",
               help=T("What the decision maker gained per applicant this round: successes "
                      "approved minus the loss/gain ratio times failures approved.")),
]

PLOTS: list[PlotSpec] = [
    PlotSpec("belief", T("What the model believes vs the truth"), ("perceived_rate", "true_rate")),
    PlotSpec("selection", T("Approval rate"), ("selection_rate",)),
    PlotSpec("data", T("Weight in the training data"), ("data_share",)),
    PlotSpec("selected", T("Who is approved"), ("selected_share",)),
    PlotSpec("selected_belief", T("The approved: what the model believes vs the truth"),
             ("selected_perceived_rate", "selected_true_rate")),
    PlotSpec("scores", T("Mean credit score of each group"),
             ("mean_score",)),
    PlotSpec("score_change", T("Score change the decisions bring"), ("score_change",)),
    PlotSpec("fairness", T("Fairness gaps"),
             ("demographic_parity_difference", "equal_opportunity_difference",
              "equalized_odds_difference")),
    PlotSpec("ratio", T("Four-fifths rule"),
             ("demographic_parity_ratio",)),
    PlotSpec("labels", T("Wrong labels in the training data"), ("label_bias",)),
    PlotSpec("errors", T("Error rates"),
             ("true_positive_rate", "false_positive_rate")),
    PlotSpec("accuracy", T("Accuracy"), ("accuracy",)),
    PlotSpec("utility", T("Lender's utility"), ("utility",)),
    audit_plot(),
    PlotSpec("population", T("Who still applies"), ("group_share",)),
    PlotSpec("reviewer", T("Human reviewers"),
             ("reliance", "reviewer_skill")),
]

DIAGRAM: list[Arrow] = [
    Arrow("world", "data", T("outcomes are recorded"),
          figures=("data_share", "label_bias"),
          params=("bias.selective_labels", "bias.reject_inference", "bias.annotator_noise",
                  "groups.*.label_bias", "groups.*.record_share", "groups.*.score_shift",
                  "groups.*.access",
                  "mitigation.fresh_data", "mitigation.label_audit"),
          flow="data_share"),
    Arrow("data", "model", T("the model is trained"),
          figures=("perceived_rate", "true_rate"),
          params=("data.history_rounds", "groups.*.history_label_bias",
                  "groups.*.history_threshold", "model.retrain_every", "model.regularization",
                  "model.oracle", "model.label",
                  "mitigation.reweighing", "mitigation.unawareness", "mitigation.dro",
                  "model.dro_mass", "mitigation.data_window",
                  "audit.block", "audit.every"),
          flow="data_share"),
    Arrow("model", "decisions", T("scores become decisions"),
          figures=("selection_rate",),
          params=("policy.rule", "policy.loss_gain_ratio", "policy.threshold", "policy.capacity",
                  "groups.*.threshold_offset", "mitigation.fairness",
                  "mitigation.exploration", "mitigation.human_review", "mitigation.appeals",
                  "mitigation.reliance_cap", "audit.max_reliance")),
    Arrow("decisions", "outcomes", T("loans are repaid or not"),
          figures=("utility", "selected_true_rate"),
          params=("world.outcome_delay", "world.repay_midpoint", "world.repay_scale")),
    Arrow("outcomes", "world", T("outcomes change the people"),
          figures=("mean_score", "score_change", "group_share"),
          params=("world.score_gain", "world.score_loss", "world.treatment_effect",
                  "world.turnover", "world.applicant_share",
                  "world.churn", "world.inflow"),
          flow="group_share"),
]

#: The stages as a decision loop (lending, hiring, moderation) goes round them.
STAGE_LABELS = {"world": T("People"), "data": T("Records"),
                "model": T("Model"), "decisions": T("Decisions"),
                "outcomes": T("Outcomes")}
