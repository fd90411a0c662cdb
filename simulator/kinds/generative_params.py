"""Parameters, metrics, plots and loop diagram of the ``generative`` kind (model collapse).

Declarations only: the dynamics are in ``generative.py``. The loop's stages read as: the real
world (a mixture of groups) → the data a generation trains on → the generative model → what it
generates (sampling, hallucinations) → the content it publishes, which flows back into the pool
the next generation's data is collected from.
"""

from __future__ import annotations

from ..schema import Param
from ..text import T
from .base import SHARE, Arrow, MetricSpec, PlotSpec, declare

FEATURE = T("feature units", "unidades del rasgo")
ITEMS = T("items", "elementos")
TIMES_SPREAD = T("× the world's spread", "× la dispersión del mundo")


PARAMETERS: list[Param] = [
    # --- world --------------------------------------------------------------------------
    declare("world.items", "int", 100, "Items per generation", "Elementos por generación",
       "How many items (texts, images, songs) each generation's training data holds. The "
       "estimation error that drives the collapse shrinks as 1/M, so small data sets lose "
       "the tails sooner. The cost of a generation does not depend on it.",
       "Cuántos elementos (textos, imágenes, canciones) tienen los datos de entrenamiento de "
       "cada generación. El error de estimación que provoca el colapso decrece como 1/M, así "
       "que con pocos datos las colas se pierden antes. El coste de una generación no "
       "depende de ello.",
       "world", unit=ITEMS, min=2, max=10_000_000),
    declare("share", "float", 0.5, "Share of the real world", "Proporción en el mundo real",
       "This group's share of the real, human-made content (the groups' shares sum to 1).",
       "La proporción de este grupo en el contenido real, hecho por personas (las "
       "proporciones de los grupos suman 1).",
       "world", unit=SHARE, min=0.0, max=1.0, per_group=True, step=0.01),
    declare("mean", "float", 0.0, "Typical value (mean)", "Valor típico (media)",
       "Where this group's real content sits on the feature axis (a style, a dialect, a "
       "topic): the mean of its bell curve.",
       "Dónde se sitúa el contenido real de este grupo en el eje del rasgo (un estilo, un "
       "dialecto, un tema): la media de su campana.",
       "world", unit=FEATURE, min=-100.0, max=100.0, per_group=True, step=0.1),
    declare("sd", "float", 1.0, "Variety (standard deviation)", "Variedad (desviación típica)",
       "Standard deviation of this group's real content: how varied it is, unusual items "
       "in the tails included.",
       "Desviación típica del contenido real de este grupo: cuán variado es, incluidos los "
       "elementos poco comunes de las colas.",
       "world", unit=FEATURE, min=0.01, max=100.0, per_group=True, step=0.05),
    # --- bias ---------------------------------------------------------------------------
    declare("bias.hallucination_rate", "float", 0.0, "Extrinsic hallucination rate",
       "Tasa de alucinación extrínseca",
       "Share of generated items that are extrinsic hallucinations: plausible-looking items "
       "drawn from outside the real distribution that nothing in the given source can confirm "
       "or refute. They count as content of the group the model was generating, so they "
       "contaminate that group's next fit. Files written before the two types existed set "
       "only this rate: their hallucinations are all extrinsic, with the same numbers.",
       "Proporción de elementos generados que son alucinaciones extrínsecas: elementos de "
       "apariencia plausible tomados de fuera de la distribución real que nada en la fuente "
       "dada permite confirmar ni refutar. Cuentan como contenido del grupo que el modelo "
       "estaba generando, así que contaminan su siguiente ajuste. Los archivos escritos antes "
       "de que hubiera dos tipos fijan solo esta tasa: todas sus alucinaciones son "
       "extrínsecas, con los mismos números.",
       "bias", unit=SHARE, min=0.0, max=0.5, step=0.005),
    declare("bias.intrinsic_hallucination_rate", "float", 0.0,
       "Intrinsic hallucination rate", "Tasa de alucinación intrínseca",
       "Share of the other generated items that are intrinsic hallucinations: items that "
       "contradict the source the model was given, so that checking against it finds them. "
       "They land where the extrinsic ones do and contaminate the fit the same way; only "
       "the output review tells them apart.",
       "Proporción del resto de elementos generados que son alucinaciones intrínsecas: "
       "elementos que contradicen la fuente que se dio al modelo, de modo que cotejarlos con "
       "ella los descubre. Caen donde las extrínsecas y contaminan el ajuste igual; solo la "
       "revisión de la salida las distingue.",
       "bias", unit=SHARE, min=0.0, max=0.5, step=0.005),
    declare("bias.hallucination_spread", "float", 4.0, "Hallucination spread",
       "Dispersión de las alucinaciones",
       "Hallucinations are a broad bell curve around the real world's mean; this is its "
       "standard deviation in multiples of the real world's. At 4, six in ten of them land "
       "where real content is rare (beyond two real standard deviations).",
       "Las alucinaciones son una campana ancha alrededor de la media del mundo real; esta "
       "es su desviación típica en múltiplos de la del mundo real. Con 4, seis de cada diez "
       "caen donde el contenido real es escaso (más allá de dos desviaciones típicas "
       "reales).",
       "bias", unit=TIMES_SPREAD, min=1.0, max=20.0, step=0.5),
    # --- model --------------------------------------------------------------------------
    declare("model.variance_estimator", "choice", "unbiased", "Variance estimator",
       "Estimador de la varianza",
       "How the model estimates each group's variance from its data. Unbiased (divide by "
       "n − 1) keeps the expected variance constant, yet the spread still collapses to zero "
       "(Shumailov et al. 2024); maximum likelihood (divide by n) also shrinks it on "
       "average by a factor (n − 1)/n per generation.",
       "Cómo estima el modelo la varianza de cada grupo a partir de sus datos. El insesgado "
       "(dividir por n − 1) mantiene constante la varianza esperada y aun así la dispersión "
       "colapsa a cero (Shumailov et al. 2024); el de máxima verosimilitud (dividir por n) "
       "además la encoge en promedio un factor (n − 1)/n por generación.",
       "model", choices=("unbiased", "ml"),
       choice_labels=(T("Unbiased (n − 1)", "Insesgado (n − 1)"),
                      T("Maximum likelihood (n)", "Máxima verosimilitud (n)"))),
    # --- policy: how the model samples ----------------------------------------------------
    declare("policy.temperature", "float", 1.0, "Sampling temperature", "Temperatura de muestreo",
       "Scales the spread of what the model generates (items from N(μ, τ²σ²)) and sharpens "
       "(below 1) or flattens (above 1) its choice of group (shares raised to 1/τ²). Below "
       "1 the model favours typical content, and the loop loses tails and rare groups "
       "faster.",
       "Escala la dispersión de lo que genera el modelo (elementos de N(μ, τ²σ²)) y afila "
       "(por debajo de 1) o aplana (por encima de 1) su elección de grupo (proporciones "
       "elevadas a 1/τ²). Por debajo de 1 el modelo favorece el contenido típico y el bucle "
       "pierde antes las colas y los grupos poco frecuentes.",
       "policy", min=0.3, max=2.0, step=0.05),
    # --- mitigation levers --------------------------------------------------------------
    declare("mitigation.real_fraction", "float", 0.0, "Fresh real data", "Datos reales nuevos",
       "Share of fresh human-made content in the pool each generation's data is collected "
       "from; the rest is what the previous model generated. Keeping some real data holds "
       "the spread and the rare groups in place (Shumailov et al. 2024 keep 10 %; Bertrand "
       "et al. 2024).",
       "Proporción de contenido nuevo hecho por personas en el conjunto del que se recogen "
       "los datos de cada generación; el resto es lo que generó el modelo anterior. "
       "Conservar algo de datos reales mantiene la dispersión y los grupos poco frecuentes "
       "(Shumailov et al. 2024 conservan un 10 %; Bertrand et al. 2024).",
       "mitigation", unit=SHARE, min=0.0, max=1.0, step=0.01),
    declare("mitigation.accumulate", "bool", False, "Accumulate data", "Acumular datos",
       "Train on all the data collected so far (the original real data and every "
       "generation since) instead of only the newest. Accumulating keeps the error bounded; "
       "replacing lets it grow without limit (Gerstgrasser et al. 2024; Kazdan et al. 2024).",
       "Entrenar con todos los datos reunidos hasta ahora (los datos reales originales y "
       "todas las generaciones) en vez de solo los más recientes. Acumular mantiene acotado "
       "el error; reemplazar lo deja crecer sin límite (Gerstgrasser et al. 2024; Kazdan et "
       "al. 2024).",
       "mitigation"),
    declare("mitigation.provenance_filter", "float", 0.0, "Provenance filter",
       "Filtro de procedencia",
       "Share of generated items a detector (watermarks, provenance metadata) spots and "
       "removes while the data is collected; collection goes on until the data set is full, "
       "so the real share rises. With no real content in the pool there is nothing to keep.",
       "Proporción de elementos generados que un detector (marcas de agua, metadatos de "
       "procedencia) descubre y elimina al recoger los datos; la recogida sigue hasta "
       "completar el conjunto, así que sube la proporción real. Sin contenido real en el "
       "conjunto no hay nada que conservar.",
       "mitigation", unit=SHARE, min=0.0, max=0.99, step=0.05),
    declare("mitigation.output_review", "float", 0.0, "Output quality review",
       "Revisión de la calidad de la salida",
       "Reviewers check what the model produces against its source before it is published: "
       "they catch an intrinsic hallucination with this probability r, an extrinsic one only "
       "with r × 0.2 (nothing in the source contradicts it). What they catch is not "
       "published, so the published volume shrinks by that much.",
       "Revisores cotejan lo que produce el modelo con su fuente antes de publicarlo: "
       "descubren una alucinación intrínseca con esta probabilidad r y una extrínseca solo "
       "con r × 0,2 (nada en la fuente la contradice). Lo que descubren no se publica, así "
       "que el volumen publicado se reduce otro tanto.",
       "mitigation", unit=SHARE, min=0.0, max=1.0, step=0.05),
    declare("mitigation.source_investigation", "float", 0.0, "Source investigation",
       "Investigación de las fuentes",
       "While the data is collected, the sources of generated content are investigated and "
       "this share of the extrinsic hallucinations, whose sources do not check out, is "
       "removed. Like the provenance filter it costs volume: collection goes on until the "
       "data set is full, so the real share rises.",
       "Al recoger los datos se investigan las fuentes del contenido generado y se elimina "
       "esta proporción de las alucinaciones extrínsecas, cuyas fuentes no se sostienen. "
       "Como el filtro de procedencia, cuesta volumen: la recogida sigue hasta completar el "
       "conjunto, así que sube la proporción real.",
       "mitigation", unit=SHARE, min=0.0, max=1.0, step=0.05),
    declare("mitigation.curation", "float", 0.0, "Curation towards real shares",
       "Curación hacia las proporciones reales",
       "Curators reweigh the training data towards each group's known share of the real "
       "world (from a census or a catalogue): groups the loop made rarer weigh more, and at "
       "1 every group still present gets its real share back. It cannot bring back a group "
       "with no items left, nor the variety lost within a group.",
       "Los curadores reponderan los datos de entrenamiento hacia la proporción conocida de "
       "cada grupo en el mundo real (por un censo o un catálogo): los grupos que el bucle "
       "volvió más escasos pesan más, y con 1 cada grupo aún presente recupera su "
       "proporción real. No puede recuperar un grupo que ya no tiene elementos, ni la "
       "variedad perdida dentro de un grupo.",
       "mitigation", min=0.0, max=1.0, step=0.05),
]

METRICS: list[MetricSpec] = [
    MetricSpec("generated_sd", T("Variety of the generated content",
                                 "Variedad del contenido generado"), FEATURE, "spread",
               per_group=True, truth="true_sd",
               help=T("Standard deviation of what the model generates for each group (its "
                      "fitted spread times the temperature); blank once a group is gone "
                      "from the model.",
                      "Desviación típica de lo que genera el modelo para cada grupo (su "
                      "dispersión ajustada por la temperatura); en blanco cuando el grupo "
                      "ha desaparecido del modelo.")),
    MetricSpec("true_sd", T("Variety of the real content", "Variedad del contenido real"),
               FEATURE, "spread", per_group=True),
    MetricSpec("model_share", T("Share in the model's output",
                                "Proporción en lo que genera el modelo"), SHARE, "shares",
               per_group=True, sums_to_one=True, truth="true_share", y_range=(0, 1),
               help=T("How often the model generates each group; 0 means the group has "
                      "vanished from the model.",
                      "Con qué frecuencia genera el modelo cada grupo; 0 significa que el "
                      "grupo ha desaparecido del modelo.")),
    MetricSpec("true_share", T("Share in the real world", "Proporción en el mundo real"),
               SHARE, "shares", per_group=True, sums_to_one=True, y_range=(0, 1)),
    MetricSpec("model_mean", T("Typical generated value", "Valor típico generado"), FEATURE,
               "means", per_group=True, truth="true_mean",
               help=T("Mean of what the model generates for each group: it wanders off "
                      "the truth a little every generation.",
                      "Media de lo que genera el modelo para cada grupo: se aleja un poco "
                      "de la verdad en cada generación.")),
    MetricSpec("true_mean", T("Typical real value", "Valor típico real"), FEATURE, "means",
               per_group=True),
    MetricSpec("tail_mass", T("Output in the tails", "Salida en las colas"), SHARE, "tails",
               truth="true_tail_mass", y_range=(0, 1),
               help=T("Share of the model's output (hallucinations included) farther than "
                      "two standard deviations from the real world's mean. A single bell "
                      "curve has 4.55 % there.",
                      "Proporción de la salida del modelo (alucinaciones incluidas) a más de "
                      "dos desviaciones típicas de la media del mundo real. Una sola "
                      "campana tiene ahí un 4,55 %.")),
    MetricSpec("true_tail_mass", T("Real content in the tails", "Contenido real en las colas"),
               SHARE, "tails", y_range=(0, 1)),
    MetricSpec("wasserstein", T("Distance to the real world (W2)",
                                "Distancia al mundo real (W2)"), FEATURE, "distance",
               reference=(0.0,),
               help=T("Wasserstein-2 distance between the model's output and the real "
                      "content: how far, on average, generated content must move to match "
                      "the real one. For one bell curve it is √((μ − μ*)² + (σ − σ*)²).",
                      "Distancia de Wasserstein-2 entre la salida del modelo y el contenido "
                      "real: cuánto hay que mover, en promedio, el contenido generado para "
                      "que coincida con el real. Para una campana es √((μ − μ*)² + "
                      "(σ − σ*)²).")),
    MetricSpec("real_share", T("Real content in the training data",
                               "Contenido real en los datos de entrenamiento"), SHARE,
               "data", y_range=(0, 1)),
    MetricSpec("generated_share", T("Model-generated content in the training data",
                                    "Contenido generado por modelos en los datos de "
                                    "entrenamiento"), SHARE, "data", y_range=(0, 1),
               help=T("Share of the training data that earlier models generated "
                      "(hallucinations included): what the collapse feeds on.",
                      "Proporción de los datos de entrenamiento que generaron modelos "
                      "anteriores (alucinaciones incluidas): de lo que se alimenta el "
                      "colapso.")),
    MetricSpec("hallucinated_share", T("Hallucinations in the training data",
                                       "Alucinaciones en los datos de entrenamiento"), SHARE,
               "data", y_range=(0, 1),
               help=T(en="Share of the training data that is hallucinated, both types "
                         "together.",
                      es="Proporción de los datos de entrenamiento que son alucinaciones, de "
                         "los dos tipos juntos.")),
    MetricSpec("intrinsic_published", T(en="Intrinsic hallucinations published",
                                        es="Alucinaciones intrínsecas publicadas"), SHARE,
               "hallucinations",
               help=T(en="Expected share of what the model publishes that contradicts its "
                         "source, after the output review.",
                      es="Proporción esperada de lo que publica el modelo que contradice su "
                         "fuente, tras la revisión de la salida.")),
    MetricSpec("extrinsic_published", T(en="Extrinsic hallucinations published",
                                        es="Alucinaciones extrínsecas publicadas"), SHARE,
               "hallucinations",
               help=T(en="Expected share of what the model publishes that its source cannot "
                         "confirm or refute, after the output review.",
                      es="Proporción esperada de lo que publica el modelo que su fuente no "
                         "permite confirmar ni refutar, tras la revisión de la salida.")),
    MetricSpec("intrinsic_data", T(en="Intrinsic hallucinations in the training data",
                                   es="Alucinaciones intrínsecas en los datos de "
                                      "entrenamiento"), SHARE, "hallucinations"),
    MetricSpec("extrinsic_data", T(en="Extrinsic hallucinations in the training data",
                                   es="Alucinaciones extrínsecas en los datos de "
                                      "entrenamiento"), SHARE, "hallucinations"),
]

PLOTS: list[PlotSpec] = [
    PlotSpec("spread", T("Variety of each group", "Variedad de cada grupo"),
             ("generated_sd", "true_sd")),
    PlotSpec("shares", T("Share of each group", "Proporción de cada grupo"),
             ("model_share", "true_share")),
    PlotSpec("tails", T("Content in the tails (beyond 2σ)", "Contenido en las colas (más de 2σ)"),
             ("tail_mass", "true_tail_mass")),
    PlotSpec("distance", T("Distance to the real world", "Distancia al mundo real"),
             ("wasserstein",)),
    PlotSpec("means", T("Typical value of each group", "Valor típico de cada grupo"),
             ("model_mean", "true_mean")),
    PlotSpec("data", T("What the model trains on", "Con qué se entrena el modelo"),
             ("generated_share", "real_share", "hallucinated_share")),
    PlotSpec("hallucinations", T(en="Hallucinations by type", es="Alucinaciones por tipo"),
             ("intrinsic_published", "extrinsic_published", "intrinsic_data",
              "extrinsic_data")),
]

DIAGRAM: list[Arrow] = [
    Arrow("world", "data", T("content is collected", "se recoge contenido"),
          figures=("real_share", "hallucinated_share"),
          params=("world.items", "groups.*.share", "groups.*.mean", "groups.*.sd",
                  "mitigation.real_fraction", "mitigation.provenance_filter",
                  "mitigation.source_investigation"),
          flow="true_share"),
    Arrow("data", "model", T("the model is trained", "se entrena el modelo"),
          figures=("model_share",),
          params=("model.variance_estimator", "mitigation.accumulate",
                  "mitigation.curation")),
    Arrow("model", "decisions", T("the model generates", "el modelo genera"),
          figures=("generated_sd",),
          params=("policy.temperature", "bias.hallucination_rate",
                  "bias.intrinsic_hallucination_rate", "bias.hallucination_spread"),
          flow="model_share"),
    Arrow("decisions", "outcomes", T("its content is published",
                                     "su contenido se publica"),
          figures=("tail_mass", "intrinsic_published", "extrinsic_published"),
          params=("mitigation.output_review",),
          flow="model_share"),
    Arrow("outcomes", "world", T("it mixes with human content",
                                 "se mezcla con el contenido humano"),
          figures=("wasserstein",)),
]

#: The stages as a model-collapse loop goes round them (Shumailov et al.).
STAGE_LABELS = {"world": T("Real world", "Mundo real"),
                "data": T("Training data", "Datos de entrenamiento"),
                "model": T("Model", "Modelo"),
                "decisions": T("Generated content", "Contenido generado"),
                "outcomes": T("Published pool", "Contenido publicado")}
