"""Parameters, metrics, plots and loop diagram of the ``decisions`` kind (lending and friends).

Declarations only: the dynamics are in ``decisions.py``. Each bias channel of the source notes
is a parameter that can be switched off (0, false), and each mitigation lever one that can be
switched on mid-run.
"""

from __future__ import annotations

from ..schema import Param
from ..text import T
from .base import ROUNDS, SHARE, Arrow, MetricSpec, PlotSpec, declare

SCORE_MIN, SCORE_MAX, BIN_WIDTH = 300.0, 850.0, 25.0

POINTS = T("points", "puntos")
NONE = T("", "")


#: Tables a group may give to set its world by score bucket, e.g. a FICO-like world (Liu et al.
#: 2018) or ml-fairness-gym's credit buckets; they replace the normal scores and the shared
#: logistic curve for that group.
TABLES = {
    "score_buckets": "the buckets' edges on the score scale, rising (n + 1 numbers)",
    "score_table": "the group's share in each bucket at the start (n numbers summing to 1)",
    "repay_table": "the chance of repaying in each bucket (n numbers from 0 to 1)",
}

PARAMETERS: list[Param] = [
    # --- world --------------------------------------------------------------------------
    declare("world.applicants", "int", 1000, "Applicants per round", "Solicitantes por ronda",
       "How many people apply each round. Only changes the noise: the cost of a round and "
       "the dynamics do not depend on it.",
       "Cuántas personas solicitan en cada ronda. Solo cambia el ruido: el coste de una "
       "ronda y la dinámica no dependen de ello.",
       "world", unit=T("people", "personas"), min=1, max=10_000_000),
    declare("world.applicant_share", "float", 0.02, "Share of a group applying per round",
       "Proporción del grupo que solicita por ronda",
       "The share of each group's population that applies in a round: how fast the "
       "decisions reshape the group's scores.",
       "La proporción de la población de cada grupo que solicita en una ronda: cuán rápido "
       "las decisiones cambian las puntuaciones del grupo.",
       "world", unit=SHARE, min=0.0, max=1.0, step=0.005),
    declare("world.outcome_delay", "int", 1, "Outcome delay", "Retraso de los resultados",
       "Rounds between a decision and the moment its outcome (repaid or defaulted) is known, "
       "recorded and changes the person's score.",
       "Rondas entre una decisión y el momento en que su resultado (pagó o no pagó) se "
       "conoce, se registra y cambia la puntuación de la persona.",
       "world", unit=ROUNDS, min=0, max=24),
    declare("world.repay_midpoint", "float", 600.0, "Score at even odds", "Puntuación al 50 %",
       "The credit score at which a person repays with probability 0.5. One curve for "
       "everyone: equal score, equal risk.",
       "La puntuación a la que una persona paga con probabilidad 0,5. Una curva para todos: "
       "igual puntuación, igual riesgo.",
       "world", unit=POINTS, min=SCORE_MIN, max=SCORE_MAX, step=5),
    declare("world.repay_scale", "float", 50.0, "Score points per odds step",
       "Puntos por paso de probabilidad",
       "How many score points multiply the odds of repaying by e (2.7): smaller is a steeper "
       "curve.",
       "Cuántos puntos de puntuación multiplican por e (2,7) la probabilidad relativa de "
       "pagar: menor es una curva más empinada.",
       "world", unit=POINTS, min=5.0, max=200.0, step=5),
    declare("world.score_gain", "float", 75.0, "Score gain on repayment", "Subida al pagar",
       "Points a person's score rises after repaying a loan (Liu et al. 2018 use +75).",
       "Puntos que sube la puntuación de una persona tras pagar un préstamo (Liu et al. 2018 "
       "usan +75).",
       "world", unit=POINTS, min=0.0, max=300.0, step=5),
    declare("world.score_loss", "float", 150.0, "Score loss on default", "Bajada al impagar",
       "Points a person's score falls after defaulting (Liu et al. 2018 use −150).",
       "Puntos que baja la puntuación de una persona tras un impago (Liu et al. 2018 usan "
       "−150).",
       "world", unit=POINTS, min=0.0, max=300.0, step=5),
    declare("world.churn", "float", 0.0, "Users who leave when wronged", "Usuarios que se van",
       "Share of a group's people who leave per round for each unit of wrongful rejection "
       "(the share of the group's deserving people the policy in force turns down). Leaving "
       "shrinks the group, and with it its share of the data (Hashimoto et al. 2018).",
       "Proporción de las personas de un grupo que se van por ronda por cada unidad de "
       "rechazo injusto (la proporción de personas merecedoras del grupo que la política "
       "vigente rechaza). Irse encoge el grupo y con él su parte de los datos (Hashimoto et "
       "al. 2018).",
       "world", unit=SHARE, min=0.0, max=1.0, step=0.01),
    declare("world.inflow", "float", 0.05, "Newcomers", "Recién llegados",
       "Share of the gap to a group's original size refilled by newcomers each round.",
       "Proporción de la diferencia con el tamaño original de un grupo que recuperan los "
       "recién llegados en cada ronda.",
       "world", unit=SHARE, min=0.0, max=1.0, step=0.01),
    declare("world.reviewer_skill", "float", 0.8, "Reviewer's skill", "Pericia del revisor",
       "Chance that a human reviewer who judges a case by themselves gets it right (they "
       "see the person, not the measured score). Matters only when people review decisions.",
       "Probabilidad de que un revisor humano que juzga un caso por sí mismo acierte (ve a la "
       "persona, no la puntuación medida). Solo importa cuando hay revisión humana.",
       "world", unit=SHARE, min=0.0, max=1.0, restart=True, step=0.05),
    declare("world.trust_growth", "float", 0.02, "Growth of trust in the model",
       "Crecimiento de la confianza en el modelo",
       "Each round reviewers defer to the model a bit more: this share of the remaining "
       "distance to full reliance (automation bias; the notes' overreliance).",
       "Cada ronda los revisores delegan un poco más en el modelo: esta proporción de lo que "
       "queda hasta la confianza total (sesgo de automatización; la dependencia excesiva de "
       "los apuntes).",
       "world", unit=SHARE, min=0.0, max=1.0, step=0.01),
    declare("world.skill_decay", "float", 0.02, "Skill loss when deferring", "Pérdida de pericia",
       "How fast reviewers lose their skill while they defer to the model, and regain it "
       "while they judge by themselves (the notes' loss of important skills).",
       "Cuán rápido los revisores pierden pericia mientras delegan en el modelo, y la "
       "recuperan mientras juzgan por sí mismos (la pérdida de habilidades de los apuntes).",
       "world", unit=SHARE, min=0.0, max=1.0, step=0.01),
    declare("share", "float", 0.5, "Population share", "Proporción de la población",
       "This group's share of the applicants (the groups' shares sum to 1).",
       "La proporción de este grupo entre los solicitantes (las proporciones suman 1).",
       "world", unit=SHARE, min=0.0, max=1.0, per_group=True, step=0.01),
    declare("score_mean", "float", 650.0, "Initial mean score", "Puntuación media inicial",
       "Mean credit score of the group when the run starts.",
       "Puntuación de crédito media del grupo al empezar.",
       "world", unit=POINTS, min=SCORE_MIN, max=SCORE_MAX, per_group=True, restart=True,
       step=5),
    declare("score_sd", "float", 70.0, "Initial score spread", "Dispersión inicial",
       "Standard deviation of the group's credit scores when the run starts.",
       "Desviación típica de las puntuaciones del grupo al empezar.",
       "world", unit=POINTS, min=1.0, max=300.0, per_group=True, restart=True, step=5),
    # --- data ---------------------------------------------------------------------------
    declare("data.history_rounds", "int", 10, "Historical data", "Datos históricos",
       "Rounds' worth of past applicants, decided by the past policy, that the first model "
       "is trained on.",
       "Rondas de solicitantes pasados, decididos por la política anterior, con los que se "
       "entrena el primer modelo.",
       "data", unit=ROUNDS, min=1, max=1000, restart=True),
    declare("history_threshold", "float", 600.0,
            "Past policy's cut-off",
            "Corte de la política pasada",
       "The score the past (human) policy required of this group: only people above it got "
       "a loan, so only their outcomes are in the historical data. A higher cut-off for one "
       "group is a biased past policy.",
       "La puntuación que la política pasada (humana) exigía a este grupo: solo quienes la "
       "superaban obtenían un préstamo, así que solo sus resultados están en los datos "
       "históricos. Un corte más alto para un grupo es una política pasada sesgada.",
       "data", unit=POINTS, min=SCORE_MIN, max=SCORE_MAX, per_group=True, restart=True,
       step=5),
    # --- bias channels ------------------------------------------------------------------
    declare("history_label_bias", "float", 0.0,
            "Historical label bias",
            "Sesgo histórico en etiquetas",
       "Share of this group's repayments recorded as defaults in the historical data "
       "(human bias: stereotypes and past prejudice written into the records).",
       "Proporción de los pagos de este grupo registrados como impagos en los datos "
       "históricos (sesgo humano: estereotipos y prejuicios pasados escritos en los "
       "registros).",
       "bias", unit=SHARE, min=0.0, max=1.0, per_group=True, restart=True, step=0.01),
    declare("label_bias", "float", 0.0, "Label bias", "Sesgo en etiquetas",
       "Share of this group's repayments that the people recording outcomes now write down "
       "as defaults.",
       "Proporción de los pagos de este grupo que quienes registran los resultados anotan "
       "ahora como impagos.",
       "bias", unit=SHARE, min=0.0, max=1.0, per_group=True, step=0.01),
    declare("record_share", "float", 1.0, "Share of outcomes recorded", "Proporción registrada",
       "Share of this group's outcomes that make it into the data (under-representation "
       "when below the other groups').",
       "Proporción de los resultados de este grupo que llegan a los datos "
       "(infrarrepresentación si es menor que la de los otros grupos).",
       "bias", unit=SHARE, min=0.01, max=1.0, per_group=True, step=0.01),
    declare("score_shift", "float", 0.0, "Measurement bias", "Sesgo de medición",
       "Points added to this group's true score in what the model sees (negative: the "
       "group's creditworthiness is under-measured).",
       "Puntos sumados a la puntuación verdadera de este grupo en lo que ve el modelo "
       "(negativo: la solvencia del grupo se mide por debajo).",
       "bias", unit=POINTS, min=-200.0, max=200.0, per_group=True, step=5),
    declare("bias.annotator_noise", "float", 0.0, "Annotator noise", "Ruido de anotación",
       "Share of recorded labels flipped by mistake (annotated human bias: errors in human "
       "judgement when recording outcomes).",
       "Proporción de etiquetas registradas invertidas por error (sesgo humano anotado: "
       "errores de juicio al registrar resultados).",
       "bias", unit=SHARE, min=0.0, max=0.5, step=0.01),
    declare("bias.selective_labels", "bool", True, "Selective labels", "Etiquetas selectivas",
       "Only approved applicants' outcomes are ever observed: the model never learns what "
       "the people it rejects would have done.",
       "Solo se observan los resultados de los solicitantes aprobados: el modelo nunca "
       "aprende qué habrían hecho las personas que rechaza.",
       "bias"),
    declare("bias.reject_inference", "bool", False, "Rejected counted as defaults",
       "Rechazados contados como impagos",
       "'Reject inference' by assumption: rejected applicants are recorded as defaults. "
       "Each rejection then teaches the model to reject more (needs selective labels).",
       "'Inferencia de rechazados' por suposición: los rechazados se registran como impagos. "
       "Cada rechazo enseña al modelo a rechazar más (requiere etiquetas selectivas).",
       "bias"),
    # --- model --------------------------------------------------------------------------
    declare("model.retrain_every", "int", 5, "Retrain every", "Reentrenar cada",
       "Rounds between retrainings of the model on the data collected so far (0: never "
       "retrain; the first model stays).",
       "Rondas entre reentrenamientos del modelo con los datos reunidos (0: nunca; se "
       "queda el primer modelo).",
       "model", unit=ROUNDS, min=0, max=1000),
    declare("model.regularization", "float", 1.0, "Regularisation", "Regularización",
       "Ridge penalty of the logistic regression: it pulls the coefficients of thinly "
       "represented groups towards zero.",
       "Penalización ridge de la regresión logística: acerca a cero los coeficientes de los "
       "grupos con pocos datos.",
       "model", min=0.0, max=1000.0, step=0.5),
    declare("model.oracle", "bool", False, "Lender knows the truth", "El prestamista sabe la "
            "verdad",
       "The decision maker knows each score's true repayment probability instead of learning "
       "it from the records: the lender of Liu et al. 2018 and ml-fairness-gym's oracle agent. "
       "The data then no longer matters to the decisions.",
       "Quien decide conoce la probabilidad de pago verdadera de cada puntuación en vez de "
       "aprenderla de los registros: el prestamista de Liu et al. 2018 y el agente oráculo de "
       "ml-fairness-gym. Los datos dejan entonces de importar para las decisiones.",
       "model"),
    # --- policy -------------------------------------------------------------------------
    declare("policy.rule", "choice", "max_utility", "Decision rule", "Regla de decisión",
       "max_utility: approve when the expected gain is positive (p ≥ loss/(gain+loss)); "
       "fixed: approve above a score cut-off.",
       "max_utility: aprobar cuando la ganancia esperada es positiva (p ≥ pérdida/(ganancia+"
       "pérdida)); fixed: aprobar por encima de un corte de puntuación.",
       "policy", choices=("max_utility", "fixed"),
       choice_labels=(T("Maximum utility", "Máxima utilidad"), T("Fixed cut-off", "Corte fijo"))),
    declare("policy.loss_gain_ratio", "float", 4.0, "Loss / gain per loan", "Pérdida / ganancia",
       "What a default costs the lender relative to what a repaid loan earns (Liu et al. "
       "2018 use 4).",
       "Lo que cuesta un impago al prestamista en relación con lo que gana con un préstamo "
       "pagado (Liu et al. 2018 usan 4).",
       "policy", min=0.1, max=20.0, step=0.1),
    declare("policy.threshold", "float", 650.0, "Fixed cut-off", "Corte fijo",
       "The score an applicant needs under the fixed rule.",
       "La puntuación que necesita un solicitante con la regla de corte fijo.",
       "policy", unit=POINTS, min=SCORE_MIN, max=SCORE_MAX, step=5),
    declare("threshold_offset", "float", 0.0, "Cut-off offset", "Ajuste del corte",
       "Points added to the fixed cut-off for this group (per-group thresholds).",
       "Puntos sumados al corte fijo para este grupo (cortes por grupo).",
       "policy", unit=POINTS, min=-300.0, max=300.0, per_group=True, step=5),
    # --- mitigation levers --------------------------------------------------------------
    declare("mitigation.unawareness", "bool", False, "Drop the group feature",
       "Quitar la variable de grupo",
       "Train the model without the group (fairness through unawareness). Takes effect at "
       "the next retraining. It does not help when scores are measured with bias.",
       "Entrenar el modelo sin el grupo (equidad por desconocimiento). Actúa en el "
       "siguiente reentrenamiento. No ayuda cuando las puntuaciones se miden con sesgo.",
       "mitigation"),
    declare("mitigation.reweighing", "bool", False, "Reweighing", "Reponderación",
       "Weigh the training data so that group and label are independent (Kamiran & Calders "
       "2012: w = P(group)·P(label) / P(group, label)).",
       "Ponderar los datos de entrenamiento para que grupo y etiqueta sean independientes "
       "(Kamiran y Calders 2012: w = P(grupo)·P(etiqueta) / P(grupo, etiqueta)).",
       "mitigation"),
    declare("mitigation.fairness", "choice", "none",
            "Fairness constraint",
            "Restricción de equidad",
       "Per-group thresholds that maximise utility subject to equal selection rates "
       "(demographic parity) or equal true positive rates (equal opportunity), after Hardt "
       "et al. 2016.",
       "Umbrales por grupo que maximizan la utilidad con tasas de selección iguales "
       "(paridad demográfica) o tasas de verdaderos positivos iguales (igualdad de "
       "oportunidades), según Hardt et al. 2016.",
       "mitigation", choices=("none", "demographic_parity", "equal_opportunity"),
       choice_labels=(T("None", "Ninguna"), T("Demographic parity", "Paridad demográfica"),
                      T("Equal opportunity", "Igualdad de oportunidades"))),
    declare("mitigation.exploration", "float", 0.0, "Exploration", "Exploración",
       "Share of would-be-rejected applicants approved at random; what they teach is "
       "weighted by the inverse of their approval probability.",
       "Proporción de solicitantes que serían rechazados y se aprueban al azar; lo que "
       "enseñan se pondera por la inversa de su probabilidad de aprobación.",
       "mitigation", unit=SHARE, min=0.0, max=0.5, step=0.01),
    declare("mitigation.human_review", "float", 0.0, "Human review", "Revisión humana",
       "Share of the model's decisions a person reviews before they take effect. A reviewer "
       "overturns the model when they judge by themselves and get it right.",
       "Proporción de las decisiones del modelo que una persona revisa antes de que surtan "
       "efecto. El revisor corrige al modelo cuando juzga por sí mismo y acierta.",
       "mitigation", unit=SHARE, min=0.0, max=1.0, step=0.05),
    declare("mitigation.appeals", "float", 0.0, "Appeals", "Apelaciones",
       "Share of rejections (removals, refusals) appealed and reviewed by a person.",
       "Proporción de los rechazos (retiradas, denegaciones) apelados y revisados por una "
       "persona.",
       "mitigation", unit=SHARE, min=0.0, max=1.0, step=0.05),
    declare("mitigation.reliance_cap", "float", 1.0, "Reliance cap", "Límite de confianza",
       "The most reviewers may defer to the model: below 1 they keep judging a share of "
       "cases by themselves, and keep their skill.",
       "Lo máximo que los revisores pueden delegar en el modelo: por debajo de 1 siguen "
       "juzgando por sí mismos una parte de los casos y conservan su pericia.",
       "mitigation", unit=SHARE, min=0.0, max=1.0, step=0.05),
    declare("mitigation.label_audit", "float", 0.0, "Label audit", "Auditoría de etiquetas",
       "Share of the recorded labels in the data that are checked against the truth and "
       "corrected.",
       "Proporción de las etiquetas registradas en los datos que se comprueban con la "
       "verdad y se corrigen.",
       "mitigation", unit=SHARE, min=0.0, max=1.0, step=0.05),
    declare("mitigation.fresh_data", "float", 0.0, "Fresh unbiased data", "Datos nuevos sin sesgo",
       "Share of each round's applicants in a randomised sample whose true outcomes are "
       "observed and recorded whatever the decision.",
       "Proporción de los solicitantes de cada ronda en una muestra aleatoria cuyos "
       "resultados verdaderos se observan y registran sea cual sea la decisión.",
       "mitigation", unit=SHARE, min=0.0, max=0.5, step=0.01),
    declare("mitigation.data_window", "int", 0, "Data window", "Ventana de datos",
       "Train only on the last N rounds of data, forgetting older records and the history "
       "(0: keep everything).",
       "Entrenar solo con los datos de las últimas N rondas, olvidando los registros "
       "antiguos y la historia (0: conservar todo).",
       "mitigation", unit=ROUNDS, min=0, max=1000),
    # --- audits -------------------------------------------------------------------------
    declare("audit.every", "int", 0, "Audit every", "Auditar cada",
       "Rounds between model audits on a fresh unbiased sample, which report each group's "
       "perceived minus true repayment rate (0: no audits).",
       "Rondas entre auditorías del modelo con una muestra nueva sin sesgo, que informan "
       "de la tasa de pago percibida menos la verdadera de cada grupo (0: sin auditorías).",
       "audit", unit=ROUNDS, min=0, max=1000),
    declare("audit.sample", "int", 2000, "Audit sample", "Muestra de auditoría",
       "Applicants in each audit sample.", "Solicitantes en cada muestra de auditoría.",
       "audit", unit=T("people", "personas"), min=10, max=10_000_000),
    declare("audit.block", "bool", False, "Audit before deployment", "Auditar antes de desplegar",
       "Audit every retrained model before deploying it, and keep the old one if a group's "
       "perceived repayment rate is off by more than the bound.",
       "Auditar cada modelo reentrenado antes de desplegarlo, y conservar el anterior si la "
       "tasa de pago percibida de un grupo se desvía más que el límite.",
       "audit"),
    declare("audit.max_gap", "float", 0.05, "Audit bound", "Límite de la auditoría",
       "Largest acceptable gap between a group's perceived and true repayment rate.",
       "Mayor diferencia aceptable entre la tasa de pago percibida y la verdadera de un grupo.",
       "audit", unit=SHARE, min=0.0, max=1.0, step=0.01),
    declare("audit.max_reliance", "float", 1.0, "Application audit: reliance bound",
            "Auditoría de uso: límite de confianza",
            "Application audit (how people use the model): at each audit, if reviewers defer "
            "to the model more than this, they are retrained: their trust resets and their "
            "skill is restored (1: no application audit).",
            "Auditoría de aplicación (cómo se usa el modelo): en cada auditoría, si los "
            "revisores delegan en el modelo más que esto, se les vuelve a formar: su confianza "
            "se reinicia y recuperan su pericia (1: sin auditoría de uso).",
            "audit", unit=SHARE, min=0.0, max=1.0, step=0.05),
]

RATE = T("share", "proporción")

METRICS: list[MetricSpec] = [
    MetricSpec("perceived_rate", T("Perceived repayment rate", "Tasa de pago percibida"), RATE,
               "belief", per_group=True, truth="true_rate", y_range=(0, 1),
               help=T("What the model believes: its mean predicted repayment probability "
                      "over the group's applicants.",
                      "Lo que cree el modelo: su probabilidad de pago media predicha para "
                      "los solicitantes del grupo.")),
    MetricSpec("true_rate", T("True repayment rate", "Tasa de pago verdadera"), RATE, "belief",
               per_group=True, y_range=(0, 1),
               help=T("The truth: the group's applicants' mean true repayment probability.",
                      "La verdad: la probabilidad de pago verdadera media de los "
                      "solicitantes del grupo.")),
    MetricSpec("selection_rate", T("Approval rate", "Tasa de aprobación"), RATE, "selection",
               per_group=True, y_range=(0, 1),
               help=T("Share of the group's applicants approved this round (Fairlearn's selection"
                      " rate).",
                      "Proporción de los solicitantes del grupo aprobados en esta ronda (la tasa "
                      "de selección de Fairlearn).")),
    MetricSpec("true_positive_rate", T("True positive rate", "Tasa de verdaderos positivos"),
               RATE, "errors", per_group=True, y_range=(0, 1),
               help=T("Share of the applicants who would repay that were approved.",
                      "Proporción de los solicitantes que pagarían que fueron aprobados.")),
    MetricSpec("false_positive_rate", T("False positive rate", "Tasa de falsos positivos"),
               RATE, "errors", per_group=True, y_range=(0, 1),
               help=T("Share of the applicants who would default that were approved.",
                      "Proporción de los solicitantes que no pagarían que fueron aprobados.")),
    MetricSpec("accuracy", T("Accuracy", "Exactitud"), RATE, "accuracy", per_group=True,
               y_range=(0, 1),
               help=T("Share of the group's decisions that were right: approved and succeeded, or"
                      " rejected and would have failed.",
                      "Proporción de las decisiones del grupo que acertaron: aprobadas y con "
                      "éxito, o rechazadas y que habrían fracasado.")),
    MetricSpec("data_share", T("Share of the training data", "Proporción de los datos"), RATE,
               "data", per_group=True, sums_to_one=True, y_range=(0, 1),
               help=T("The group's share of the records the model trains on (weighted, within the"
                      " data window).",
                      "La parte del grupo en los registros con los que se entrena el modelo "
                      "(ponderada, dentro de la ventana de datos).")),
    MetricSpec("label_bias", T("Wrong labels in the data", "Etiquetas erróneas en los datos"),
               RATE, "labels", per_group=True, y_range=(0, 1),
               help=T("Share of the group's recorded labels (after any label audit) that "
                      "differ from what really happened.",
                      "Proporción de las etiquetas registradas del grupo (tras la auditoría "
                      "de etiquetas) que difieren de lo que ocurrió.")),
    MetricSpec("mean_score", T("Mean credit score", "Puntuación media"), POINTS, "scores",
               per_group=True, y_range=(SCORE_MIN, SCORE_MAX),
               help=T("The group's mean true score: how the decisions' outcomes move the people "
                      "themselves.",
                      "La puntuación verdadera media del grupo: cómo los resultados de las "
                      "decisiones mueven a las propias personas.")),
    MetricSpec("score_change", T("Score change per applicant", "Cambio de puntuación por "
                                 "solicitante"), POINTS, "score_change", per_group=True,
               reference=(0.0,),
               help=T("The change in score this round's decisions bring the group's applicants, "
                      "on average: repaid loans times the gain minus defaults times the loss, "
                      "over all the group's applicants (Liu et al. 2018's one-step change of "
                      "the mean score, Δμ; below 0 is active harm).",
                      "El cambio de puntuación que las decisiones de esta ronda traen, de media, "
                      "a los solicitantes del grupo: préstamos pagados por la subida menos "
                      "impagos por la bajada, entre todos los solicitantes del grupo (el cambio "
                      "en un paso de la puntuación media, Δμ, de Liu et al. 2018; por debajo de "
                      "0 es daño activo).")),
    MetricSpec("group_share", T("Share of the applicants", "Proporción de los solicitantes"),
               RATE, "population", per_group=True, sums_to_one=True, y_range=(0, 1),
               help=T("The group's share of the people applying: shrinks when its members "
                      "leave after being wronged.",
                      "La proporción del grupo entre quienes solicitan: se reduce cuando sus "
                      "miembros se van tras sufrir un rechazo injusto.")),
    MetricSpec("reliance", T("Reviewers' reliance on the model", "Confianza de los revisores "
                             "en el modelo"), RATE, "reviewer", y_range=(0, 1),
               help=T("Share of reviewed cases in which the reviewer simply follows the model.",
                      "Proporción de casos revisados en los que el revisor sigue sin más al "
                      "modelo.")),
    MetricSpec("reviewer_skill", T("Reviewers' skill", "Pericia de los revisores"), RATE,
               "reviewer", y_range=(0, 1),
               help=T("Chance that a reviewer judging by themselves gets the case right.",
                      "Probabilidad de que un revisor que juzga por sí mismo acierte.")),
    MetricSpec("audit_gap", T("Audit: perceived − true", "Auditoría: percibida − verdadera"),
               RATE, "audit", per_group=True, reference=(0.0,),
               help=T("What the last model audit found on a fresh unbiased sample: the model's "
                      "perceived success rate minus the observed one (empty before the first "
                      "audit).",
                      "Lo que halló la última auditoría del modelo con una muestra nueva sin "
                      "sesgo: la tasa de éxito percibida menos la observada (vacío antes de la "
                      "primera auditoría).")),
    MetricSpec("demographic_parity_difference",
               T("Demographic parity difference", "Diferencia de paridad demográfica"), RATE,
               "fairness", y_range=(0, 1), reference=(0.0,),
               help=T("Largest minus smallest approval rate across groups (Fairlearn).",
                      "Mayor menos menor tasa de aprobación entre grupos (Fairlearn).")),
    MetricSpec("equal_opportunity_difference",
               T("Equal opportunity difference", "Diferencia de igualdad de oportunidades"),
               RATE, "fairness", y_range=(0, 1),
               help=T("Largest minus smallest true positive rate across groups (Fairlearn).",
                      "Mayor menos menor tasa de verdaderos positivos entre grupos "
                      "(Fairlearn).")),
    MetricSpec("equalized_odds_difference",
               T("Equalized odds difference", "Diferencia de probabilidades igualadas"), RATE,
               "fairness", y_range=(0, 1),
               help=T("The larger of the true and false positive rate differences (Fairlearn).",
                      "La mayor de las diferencias de tasas de verdaderos y falsos positivos "
                      "(Fairlearn).")),
    MetricSpec("demographic_parity_ratio",
               T("Demographic parity ratio", "Razón de paridad demográfica"), RATE, "ratio",
               reference=(0.8,), y_range=(0, 1),
               help=T("Lowest over highest approval rate; below 0.8 fails the four-fifths "
                      "rule.",
                      "Tasa de aprobación más baja entre la más alta; por debajo de 0,8 "
                      "incumple la regla de los cuatro quintos.")),
    MetricSpec("utility", T("Lender's utility per applicant", "Utilidad por solicitante"),
               T("gain units", "unidades de ganancia"), "utility",
               help=T("What the decision maker gained per applicant this round: successes "
                      "approved minus the loss/gain ratio times failures approved.",
                      "Lo que ganó quien decide por solicitante en esta ronda: éxitos aprobados "
                      "menos la razón pérdida/ganancia por fracasos aprobados.")),
]

PLOTS: list[PlotSpec] = [
    PlotSpec("belief", T("What the model believes vs the truth", "El modelo frente a la "
                         "realidad"), ("perceived_rate", "true_rate")),
    PlotSpec("selection", T("Approval rate", "Tasa de aprobación"), ("selection_rate",)),
    PlotSpec("data", T("Share of the training data", "Peso en los datos de "
                       "entrenamiento"), ("data_share",)),
    PlotSpec("scores", T("Mean credit score of each group", "Puntuación media de cada grupo"),
             ("mean_score",)),
    PlotSpec("score_change", T("Score change the decisions bring", "Cambio de puntuación "
                               "que traen las decisiones"), ("score_change",)),
    PlotSpec("fairness", T("Fairness gaps", "Brechas de equidad"),
             ("demographic_parity_difference", "equal_opportunity_difference",
              "equalized_odds_difference")),
    PlotSpec("ratio", T("Four-fifths rule", "Regla de los cuatro quintos"),
             ("demographic_parity_ratio",)),
    PlotSpec("labels", T("Wrong labels in the training data", "Etiquetas erróneas en los "
                         "datos"), ("label_bias",)),
    PlotSpec("errors", T("Error rates", "Tasas de error"),
             ("true_positive_rate", "false_positive_rate")),
    PlotSpec("accuracy", T("Accuracy", "Exactitud"), ("accuracy",)),
    PlotSpec("utility", T("Lender's utility", "Utilidad del prestamista"), ("utility",)),
    PlotSpec("audit", T("Audit findings", "Hallazgos de auditoría"), ("audit_gap",)),
    PlotSpec("population", T("Who still applies", "Quién sigue solicitando"), ("group_share",)),
    PlotSpec("reviewer", T("Human reviewers", "Revisores humanos"),
             ("reliance", "reviewer_skill")),
]

DIAGRAM: list[Arrow] = [
    Arrow("world", "data", T("outcomes are recorded", "los resultados se registran"),
          figures=("data_share", "label_bias"),
          params=("bias.selective_labels", "bias.reject_inference", "bias.annotator_noise",
                  "groups.*.label_bias", "groups.*.record_share", "groups.*.score_shift",
                  "mitigation.fresh_data", "mitigation.label_audit"),
          flow="data_share"),
    Arrow("data", "model", T("the model is trained", "se entrena el modelo"),
          figures=("perceived_rate", "true_rate"),
          params=("data.history_rounds", "groups.*.history_label_bias",
                  "groups.*.history_threshold", "model.retrain_every", "model.regularization",
                  "model.oracle",
                  "mitigation.reweighing", "mitigation.unawareness", "mitigation.data_window",
                  "audit.block", "audit.every"),
          flow="data_share"),
    Arrow("model", "decisions", T("scores become decisions", "las puntuaciones deciden"),
          figures=("selection_rate",),
          params=("policy.rule", "policy.loss_gain_ratio", "policy.threshold",
                  "groups.*.threshold_offset", "mitigation.fairness",
                  "mitigation.exploration", "mitigation.human_review", "mitigation.appeals",
                  "mitigation.reliance_cap", "audit.max_reliance")),
    Arrow("decisions", "outcomes", T("loans are repaid or not", "los préstamos se pagan o no"),
          figures=("utility",),
          params=("world.outcome_delay", "world.repay_midpoint", "world.repay_scale")),
    Arrow("outcomes", "world", T("outcomes change the people", "los resultados cambian a "
                                 "las personas"),
          figures=("mean_score", "score_change", "group_share"),
          params=("world.score_gain", "world.score_loss", "world.applicant_share",
                  "world.churn", "world.inflow"),
          flow="group_share"),
]

#: The stages as a decision loop (lending, hiring, moderation) goes round them.
STAGE_LABELS = {"world": T("People", "Personas"), "data": T("Records", "Registros"),
                "model": T("Model", "Modelo"), "decisions": T("Decisions", "Decisiones"),
                "outcomes": T("Outcomes", "Resultados")}
