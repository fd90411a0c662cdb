"""Parameters, metrics, plots and loop diagram of the ``allocation`` kind (predictive policing).

Declarations only: the dynamics, and the equations they follow, are in ``allocation.py``.
Per-group parameters are per region (``groups.<region>.rate`` and friends).
"""

from __future__ import annotations

from ..schema import Param
from ..text import T
from .base import ROUNDS, SHARE, Arrow, MetricSpec, PlotSpec, declare

PATROLS = T("patrols", "patrullas")
RECORDS = T("records", "registros")
PER_PATROL = T("incidents per patrol", "incidentes por patrulla")
PER_ROUND = T("incidents per round", "incidentes por ronda")
# The highest rate each discovery mode allows: a chance for at most one incident a patrol, and
# a mean for a Poisson count (a bound that keeps the counts of a round far from overflow).
POISSON_RATE_MAX = 20.0
RATE_MAX = {"bernoulli": 1.0, "poisson": POISSON_RATE_MAX}


PARAMETERS: list[Param] = [
    # --- world --------------------------------------------------------------------------
    declare("world.patrols", "int", 50, "Patrols per round", "Patrullas por ronda",
       "The budget: how many patrols are sent out each round. More patrols discover more "
       "incidents, so the loop runs faster and less noisily, and discoveries weigh more "
       "against the reports.",
       "El presupuesto: cuántas patrullas salen en cada ronda. Más patrullas descubren más "
       "incidentes, así que el bucle va más rápido y con menos ruido, y los descubrimientos "
       "pesan más frente a las denuncias.",
       "world", unit=PATROLS, min=1, max=10_000_000),
    declare("rate", "float", 0.1, "True incident rate", "Tasa verdadera de incidentes",
       "The truth about this region: the chance that one patrol sent here discovers an "
       "incident (at most 1), or with Poisson discovery the mean number it discovers (at "
       f"most {POISSON_RATE_MAX:g}: Ensign et al.'s Oakland regions have 3.7 and 2.8 a visit). "
       "The regions' rates fix the true shares the allocation should match.",
       "La verdad sobre esta región: la probabilidad de que una patrulla enviada aquí "
       "descubra un incidente (como mucho 1), o con descubrimiento de Poisson el número "
       f"medio que descubre (como mucho {POISSON_RATE_MAX:g}: las regiones de Oakland de "
       "Ensign et al. tienen 3,7 y 2,8 por visita). Las tasas de las regiones fijan las "
       "proporciones verdaderas a las que debería ajustarse el reparto.",
       "world", unit=PER_PATROL, min=0.0, max=POISSON_RATE_MAX, per_group=True, step=0.01),
    declare("report_rate", "float", 1.0, "Reported incidents per round",
       "Incidentes denunciados por ronda",
       "Incidents residents report in this region each round (a Poisson mean), wherever "
       "the patrols are. Reports in proportion to the true rates are an unbiased signal; "
       "a region that reports less than its share is under-reported.",
       "Incidentes que los vecinos denuncian en esta región en cada ronda (media de "
       "Poisson), estén donde estén las patrullas. Denuncias proporcionales a las tasas "
       "verdaderas son una señal sin sesgo; una región que denuncia menos de lo que le "
       "corresponde está infradenunciada.",
       "world", unit=PER_ROUND, min=0.0, max=1_000_000.0, per_group=True, step=0.1),
    declare("world.discovery", "choice", "bernoulli", "How patrols discover incidents",
       "Cómo descubren incidentes las patrullas",
       "bernoulli: a patrol discovers at most one incident, with the region's rate as its "
       "chance (Ensign et al.'s urn); poisson: a Poisson number with the rate as its mean.",
       "bernoulli: una patrulla descubre como mucho un incidente, con la tasa de la región "
       "como probabilidad (la urna de Ensign et al.); poisson: un número de Poisson con la "
       "tasa como media.",
       "world", choices=("bernoulli", "poisson"),
       choice_labels=(T("At most one per patrol", "Como mucho uno por patrulla"),
                      T("Poisson count", "Recuento de Poisson"))),
    # --- data ---------------------------------------------------------------------------
    declare("prior", "int", 10, "Historical records", "Registros históricos",
       "Incidents the police recorded in this region before the run starts: the data the "
       "first allocation is made from. They are past discoveries, so they count like "
       "discovered incidents.",
       "Incidentes que la policía registró en esta región antes de empezar: los datos con "
       "los que se hace el primer reparto. Son descubrimientos pasados, así que cuentan "
       "como incidentes descubiertos.",
       "data", unit=RECORDS, min=0, max=10_000_000, per_group=True, restart=True),
    declare("data.decay", "float", 0.0, "Forgetting", "Olvido",
       "Chance that each recorded incident (historical ones included) is dropped from the "
       "data each round: the model only remembers about 1/decay rounds. It does not break "
       "the loop on its own, but it lets a corrected loop forget a biased past.",
       "Probabilidad de que cada incidente registrado (incluidos los históricos) se borre "
       "de los datos en cada ronda: el modelo solo recuerda unas 1/olvido rondas. No rompe "
       "el bucle por sí solo, pero permite a un bucle corregido olvidar un pasado sesgado.",
       "data", unit=SHARE, min=0.0, max=1.0, step=0.005),
    declare("data.record_floor", "int", 0, "Records never forgotten",
       "Registros que nunca se olvidan",
       "Each region keeps at least this many discovered incidents on record, however much is "
       "forgotten (Ensign et al.'s code keeps one per region). With 0, a region whose "
       "records decay to nothing is never patrolled again and the correction cannot bring "
       "it back.",
       "Cada región conserva al menos este número de incidentes descubiertos en sus "
       "registros, por mucho que se olvide (el código de Ensign et al. conserva uno por "
       "región). Con 0, una región cuyos registros se olvidan del todo no vuelve a "
       "patrullarse y la corrección no puede recuperarla.",
       "data", unit=RECORDS, min=0, max=1000),
    # --- model --------------------------------------------------------------------------
    declare("model.update_every", "int", 1, "Update the estimate every",
       "Actualizar la estimación cada",
       "Rounds between updates of the model's estimate of where incidents happen; the "
       "allocation uses the last estimate (0: never update; the historical estimate stays).",
       "Rondas entre actualizaciones de la estimación del modelo sobre dónde ocurren los "
       "incidentes; el reparto usa la última estimación (0: nunca; se queda la "
       "estimación histórica).",
       "model", unit=ROUNDS, min=0, max=1000),
    # --- policy -------------------------------------------------------------------------
    declare("policy.rule", "choice", "urn", "Allocation rule", "Regla de reparto",
       "urn: each patrol goes to a region with probability equal to the region's share of "
       "the recorded incidents (Ensign et al.'s Pólya urn); greedy: patrols go to the "
       "regions with the most recorded incidents.",
       "urn: cada patrulla va a una región con probabilidad igual a la proporción de los "
       "incidentes registrados en ella (la urna de Pólya de Ensign et al.); greedy: las "
       "patrullas van a las regiones con más incidentes registrados.",
       "policy", choices=("urn", "greedy"),
       choice_labels=(T("In proportion to the records (urn)",
                        "En proporción a los registros (urna)"),
                      T("To the top regions (greedy)", "A las regiones con más (voraz)"))),
    declare("policy.top_k", "int", 1, "Top regions patrolled", "Regiones patrulladas",
       "Under the greedy rule, how many of the regions with the most records share the "
       "patrols equally.",
       "Con la regla voraz, cuántas de las regiones con más registros se reparten las "
       "patrullas a partes iguales.",
       "policy", unit=T("regions", "regiones"), min=1, max=1000),
    # --- mitigation levers --------------------------------------------------------------
    declare("mitigation.correction", "bool", False, "Correct for where patrols went",
       "Corregir por dónde fueron las patrullas",
       "Ensign et al.'s fix: a discovered incident is kept with a probability inversely "
       "proportional to the chance that its region was patrolled, so that each region "
       "counts as if patrolled equally (inverse-probability weighting by rejection). "
       "Reported incidents are kept as they are.",
       "La solución de Ensign et al.: un incidente descubierto se conserva con una "
       "probabilidad inversamente proporcional a la probabilidad de que su región fuera "
       "patrullada, de modo que cada región cuenta como si se patrullara por igual "
       "(ponderación por probabilidad inversa mediante rechazo). Los incidentes "
       "denunciados se conservan tal cual.",
       "mitigation"),
    declare("mitigation.exploration", "float", 0.0, "Exploration", "Exploración",
       "Share of the patrols sent to a region chosen uniformly at random, whatever the "
       "records say: every region keeps being looked at.",
       "Proporción de las patrullas enviadas a una región elegida al azar de modo "
       "uniforme, digan lo que digan los registros: todas las regiones se siguen "
       "observando.",
       "mitigation", unit=SHARE, min=0.0, max=1.0, step=0.05),
    declare("mitigation.reported_weight", "float", 0.0, "Weight of reported incidents",
       "Peso de los incidentes denunciados",
       "How much a reported incident counts in the data relative to a discovered one "
       "(w_r; discovered incidents count w_d = 1 − w_r). Reports arrive from every region "
       "whatever the patrols do, so they pull the allocation back towards the truth.",
       "Cuánto cuenta en los datos un incidente denunciado frente a uno descubierto (w_r; "
       "los descubiertos cuentan w_d = 1 − w_r). Las denuncias llegan de todas las "
       "regiones hagan lo que hagan las patrullas, así que acercan el reparto a la verdad.",
       "mitigation", unit=SHARE, min=0.0, max=1.0, step=0.05),
]

INCIDENTS = T("incidents", "incidentes")

METRICS: list[MetricSpec] = [
    MetricSpec("allocation_share", T("Share of the patrols", "Proporción de las patrullas"),
               SHARE, "allocation", per_group=True, sums_to_one=True, truth="true_share",
               y_range=(0, 1),
               help=T("Where the patrols go: each region's chance of receiving a patrol "
                      "this round (exploration included).",
                      "Adónde van las patrullas: la probabilidad de que cada región reciba "
                      "una patrulla en esta ronda (exploración incluida).")),
    MetricSpec("true_share", T("True share of incidents", "Proporción verdadera de "
                               "incidentes"), SHARE, "allocation", per_group=True, sums_to_one=True,
               y_range=(0, 1),
               help=T("The truth: the region's incident rate over the sum of all regions' "
                      "rates.",
                      "La verdad: la tasa de incidentes de la región dividida por la suma "
                      "de las tasas de todas las regiones.")),
    MetricSpec("data_share", T("Share of the records", "Proporción de los registros"), SHARE,
               "data", per_group=True, sums_to_one=True, truth="true_share", y_range=(0, 1),
               help=T("What the model believes: the region's share of the weighted "
                      "incident records.",
                      "Lo que cree el modelo: la proporción de la región en los registros "
                      "de incidentes ponderados.")),
    MetricSpec("allocation_gap", T("Allocation gap", "Brecha del reparto"), SHARE, "gap",
               y_range=(0, 1), reference=(0.0,),
               help=T("Total variation distance between the patrol shares and the true "
                      "shares: the share of patrols that would have to move to match the "
                      "truth.",
                      "Distancia de variación total entre las proporciones de patrullas y "
                      "las verdaderas: la proporción de patrullas que habría que mover "
                      "para ajustarse a la verdad.")),
    MetricSpec("discovered", T("Discovered incidents", "Incidentes descubiertos"), INCIDENTS,
               "incidents", per_group=True,
               help=T("Incidents the patrols found in the region this round (before any "
                      "correction).",
                      "Incidentes que las patrullas encontraron en la región en esta ronda "
                      "(antes de cualquier corrección).")),
    MetricSpec("reported", T("Reported incidents", "Incidentes denunciados"), INCIDENTS,
               "incidents", per_group=True,
               help=T("Incidents residents reported in the region this round.",
                      "Incidentes que los vecinos denunciaron en la región en esta ronda.")),
]

PLOTS: list[PlotSpec] = [
    PlotSpec("allocation", T("Patrols vs incidents",
                             "Patrullas frente a incidentes"),
             ("allocation_share", "true_share")),
    PlotSpec("gap", T("Allocation gap", "Brecha del reparto"), ("allocation_gap",)),
    PlotSpec("data", T("What the records say", "Lo que dicen los registros"), ("data_share",)),
    PlotSpec("incidents", T("Incidents discovered and reported",
                            "Incidentes hallados y denunciados"),
             ("discovered", "reported")),
]

DIAGRAM: list[Arrow] = [
    Arrow("world", "data", T("incidents are recorded", "los incidentes se registran"),
          figures=("reported",),
          params=("groups.*.report_rate", "mitigation.correction"),
          flow="reported"),
    Arrow("data", "model", T("the model counts the records", "el modelo cuenta los registros"),
          figures=("data_share",),
          params=("groups.*.prior", "data.decay", "mitigation.reported_weight",
                  "model.update_every"),
          flow="data_share"),
    Arrow("model", "decisions", T("patrols follow the counts", "las patrullas siguen los "
                                  "recuentos"),
          figures=("allocation_share",),
          params=("policy.rule", "policy.top_k", "mitigation.exploration"),
          flow="allocation_share"),
    Arrow("decisions", "outcomes", T("patrols discover incidents where they go",
                                     "las patrullas descubren incidentes donde van"),
          figures=("discovered",),
          params=("world.patrols", "world.discovery", "groups.*.rate"),
          flow="discovered"),
    Arrow("outcomes", "world", T("the truth does not change, only what is seen",
                                 "la verdad no cambia, solo lo que se ve"),
          figures=("true_share", "allocation_gap"),
          flow="true_share"),
]

#: The stages as the runaway feedback loop goes round them (Ensign et al.).
STAGE_LABELS = {"world": T("Incidents", "Incidentes"), "data": T("Records", "Registros"),
                "model": T("Estimate", "Estimación"), "decisions": T("Patrols", "Patrullas"),
                "outcomes": T("Discoveries", "Hallazgos")}
