"""The ``commons`` loop kind: a model displaces the people who wrote its data (a knowledge
commons such as a question-and-answer forum), and the next model trains on what is left.

After del Rio-Chanona, Laurentsyeva & Wachs (2024), "Large language models reduce public
knowledge sharing on online Q&A platforms" (PNAS Nexus; first as "Are large language models a
threat to digital public goods? Evidence from activity on Stack Overflow", 2023): posting on
Stack Overflow fell about 16 % relative to comparable sites within months of ChatGPT's
release, and about 25 % within six months. One round is one month after the model's release.

A community of N people who answer questions; Q questions asked each round.

1. ask: a share a_t of the askers ask the model instead of the forum. It moves each round a
   share s of the way to its ceiling, a* = 1 − (1 − a_max)·A_t, A_t being the share of the
   people still answering: a_max of the askers prefer the model while the forum answers as it
   did, and the questions the forum no longer answers go to the model too (the loop). Of the
   F ~ Binomial(Q, 1 − a_t) questions posted, H ~ Binomial(F, c·A_t) get a human answer (c:
   the share answered at release); of the Q − F answered by the model, G ~ Binomial(Q − F, g)
   are published into the commons (pasted into posts, blogs, documentation).
2. answer: each person still answering stops with probability ℓ·a_t·(1 − m) (ℓ: the pull at
   full use of the model, m: attribution and incentives), and nobody comes back. A person who
   stopped loses a share δ of their skill above a floor s₀ every round (skill unused decays:
   the course notes' overreliance and loss of skills); the people still answering keep theirs
   (1). The community's skill is the mean over its N people; as people are exchangeable, the
   state is the count still answering, the count who stopped and the sum of their skill, which
   is exact for the per-person decay (it is linear in each skill).
3. generation (every k rounds): the next model is trained on M items, as the ``generative``
   kind trains a generation, with the share of real (human) items set by the commons: a share
   ρ comes from a reserve of human content written before the model, the rest from the new
   content since the last model, whose human share α = ΣH / Σ(H + G) a provenance detector
   raises to α / (α + (1 − α)(1 − d)) by removing a share d of the generated items. Quality is
   the generative kind's distance of the model's output to the real world (W2).

The generative kind's parameters this kind does not declare are held at their defaults (off),
so its collapse dynamics run unchanged; only the real share of each generation's data is
the commons'.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from ..text import T
from . import replicas
from .base import (
    ROUNDS,
    SHARE,
    Arrow,
    DeclaredKind,
    MetricSpec,
    Params,
    PlotSpec,
    Stage,
    declare,
    derived,
)
from .generative import GenerativeKind, GenerativeState
from .generative_params import PARAMETERS as GENERATIVE_PARAMETERS

PEOPLE = T("people")
QUESTIONS = T("questions")

#: The generative kind, whose generation this kind runs on the commons' data.
GENERATIVE = GenerativeKind()
#: The generative parameters this kind offers as they are (the world, the model, sampling).
SHARED = ("world.items", "share", "mean", "sd", "bias.hallucination_rate",
          "bias.hallucination_spread", "model.variance_estimator", "policy.temperature",
          "mitigation.accumulate", "mitigation.provenance_filter")
#: Every other generative parameter at its default: their levers are off here.
GENERATIVE_DEFAULTS = {p.name: p.default for p in GENERATIVE_PARAMETERS
                       if not p.per_group and p.name not in SHARED}

PARAMETERS = [
    *(p for p in GENERATIVE_PARAMETERS if p.name in SHARED[:4]),
    declare("world.people", "int", 1000, "People who answer",
            "How many people answer questions in the commons when the model is released.",
            "world", unit=PEOPLE, min=1, max=10_000_000, restart=True),
    declare("world.questions", "int", 10_000, "Questions per round",
            "How many questions people have each round, whether they ask the forum or the "
            "model.", "world", unit=QUESTIONS, min=1, max=100_000_000),
    declare("world.answered", "float", 0.9, "Questions answered at release",
            "Share of the questions posted to the forum that got a human answer before the "
            "model: it falls with the share of people still answering.",
            "world", unit=SHARE, min=0.0, max=1.0, step=0.05),
    declare("world.model_appeal", "float", 0.8, "People who prefer the model",
            "Share of the askers who, in the end, ask the model rather than a forum that still "
            "answers as it did. The questions the forum leaves unanswered go to the model as "
            "well.", "world", unit=SHARE, min=0.0, max=1.0, step=0.05),
    declare("world.adoption_speed", "float", 0.055, "Speed of adoption",
            "Share of the way the askers go each round towards where adoption heads (the "
            "people who prefer the model, plus the questions the forum leaves unanswered): "
            "how fast people take up the model.", "world", unit=SHARE, min=0.0, max=1.0, step=0.01),
    declare("world.skill_loss", "float", 0.03, "Skill lost per round",
            "Share of their skill (above the floor) that people who stopped answering lose "
            "each round; those still answering keep theirs by practice.",
            "world", unit=SHARE, min=0.0, max=1.0, step=0.01),
    declare("world.skill_floor", "float", 0.3, "Skill that stays",
            "Skill a person keeps however long they have not answered (1 is the skill of "
            "someone still answering).", "world", unit=SHARE, min=0.0, max=1.0, step=0.05),
    declare("bias.leave_rate", "float", 0.05, "Pull away from answering",
            "Chance each round that a person still answering stops, were every question asked "
            "to the model: fewer questions, less reputation, less reason to write. It scales "
            "with the share asked to the model.",
            "bias", unit=SHARE, min=0.0, max=1.0, step=0.01),
    declare("bias.generated_posting", "float", 0.3, "Model answers published",
            "Share of the model's answers that end up published in the commons (pasted into "
            "posts, blogs, documentation), where the next model collects its data.",
            "bias", unit=SHARE, min=0.0, max=1.0, step=0.05),
    *(p for p in GENERATIVE_PARAMETERS if p.name in SHARED[4:7]),
    declare("model.retrain_every", "int", 3, "Rounds between models",
            "A new model is trained every this many rounds on the content published since "
            "the last one.", "model", unit=ROUNDS, min=1, max=1000),
    *(p for p in GENERATIVE_PARAMETERS if p.name == "policy.temperature"),
    declare("mitigation.incentives", "float", 0.0, "Attribution and incentives",
            "Share of the pull away from answering that attribution (the model credits and "
            "links the answers it learned from) and incentives cancel: at 1, nobody stops "
            "answering because of the model.",
            "mitigation", unit=SHARE, min=0.0, max=1.0, step=0.05),
    declare("mitigation.human_reserve", "float", 0.0, "Reserve of human data",
            "Share of each model's training data taken from a reserve of human answers "
            "written before the model (an archive, licensed data), whatever the commons "
            "publishes now.", "mitigation", unit=SHARE, min=0.0, max=1.0, step=0.05),
    *(p for p in GENERATIVE_PARAMETERS if p.name in SHARED[8:]),
]

METRICS = [
    MetricSpec("human_share", T("Human share of new content"), SHARE, "content",
               y_range=(0, 1),
               help=T("Share of the answers published this round that people wrote; the rest "
                      "are the model's.")),
    MetricSpec("real_share", T("Human data in the model's training"), SHARE, "content",
               y_range=(0, 1),
               help=T("Share of the latest model's training data that people wrote (the "
                      "reserve included).")),
    MetricSpec("answering", T("People still answering"), SHARE, "forum", y_range=(0, 1),
               help=T("Share of the people who answered at release who still answer.")),
    MetricSpec("activity", T("Forum activity"), SHARE, "forum", y_range=(0, 1.05),
               help=T("Questions and answers posted this round relative to before the model "
                      "(1 = as before): what del Rio-Chanona et al. measured.")),
    MetricSpec("model_use", T("Questions asked to the model"), SHARE, "forum",
               y_range=(0, 1)),
    MetricSpec("skill", T("Skill of the community"), SHARE, "skill", y_range=(0, 1),
               help=T("Mean skill of the people who answered at release (1 = practised); "
                      "those who stopped lose it.")),
    MetricSpec("wasserstein", T("Distance to the real world (W2)"), T("feature units"),
               "distance", reference=(0.0,),
               help=T("Wasserstein-2 distance between the model's output and the real "
                      "content: the model's loss of quality.")),
    MetricSpec("model_share", T("Share in the model's output"), SHARE, "shares",
               per_group=True, sums_to_one=True, truth="true_share", y_range=(0, 1)),
    MetricSpec("true_share", T("Share in the real world"), SHARE, "shares", per_group=True,
               sums_to_one=True, y_range=(0, 1)),
]

PLOTS = [
    PlotSpec("forum", T("The forum"), ("answering", "activity", "model_use")),
    PlotSpec("content", T("Who writes the content"), ("human_share", "real_share")),
    PlotSpec("distance", T("Distance to the real world"), ("wasserstein",)),
    PlotSpec("skill", T("Skill of the community"), ("skill",)),
    PlotSpec("shares", T("Share of each group"), ("model_share", "true_share")),
]

DIAGRAM = [
    Arrow("world", "data", T("people write answers, or stop"),
          figures=("answering", "human_share"),
          params=("world.people", "world.questions", "world.answered", "bias.leave_rate",
                  "mitigation.incentives", "groups.*.share", "groups.*.mean", "groups.*.sd")),
    Arrow("data", "model", T("the next model is trained"), figures=("real_share",),
          params=("world.items", "model.retrain_every", "model.variance_estimator",
                  "mitigation.human_reserve", "mitigation.provenance_filter",
                  "mitigation.accumulate")),
    Arrow("model", "decisions", T("people ask the model instead"), figures=("model_use",),
          params=("world.model_appeal", "world.adoption_speed", "policy.temperature",
                  "bias.hallucination_rate", "bias.hallucination_spread"),
          flow="model_share"),
    Arrow("decisions", "outcomes", T("its answers are published"), figures=("wasserstein",),
          params=("bias.generated_posting",), flow="model_share"),
    Arrow("outcomes", "world", T("unused skill fades"), figures=("skill", "activity"),
          params=("world.skill_loss", "world.skill_floor")),
]

STAGE_LABELS = {"world": T("Community"), "data": T("New content"), "model": T("Model"),
                "decisions": T("Model answers"), "outcomes": T("Published commons")}


@dataclass
class CommonsState:
    """The state of R replications side by side (a single run: R = 1): every figure is an
    ``[R]`` array, and the model the generative kind's state of R replications."""

    model: GenerativeState  # the latest model, as the generative kind keeps it
    answering: np.ndarray  # people still answering
    stopped: np.ndarray  # people who stopped
    stopped_skill: np.ndarray  # the skill of those who stopped, summed
    adoption: np.ndarray  # share of the askers who ask the model
    posted: np.ndarray  # this round's questions posted to the forum
    human: np.ndarray  # this round's human answers
    generated: np.ndarray  # this round's model answers published
    human_since: np.ndarray  # human answers since the last model
    generated_since: np.ndarray  # published model answers since the last model
    training_real: np.ndarray  # chance an item of the latest model's data is human

    @classmethod
    def stack(cls, states: list[CommonsState]) -> CommonsState:
        """One state of several runs' (each of one replication), to advance them together."""
        return cls(model=GenerativeState.stack([st.model for st in states]),
                   **{name: np.concatenate([getattr(st, name) for st in states])
                      for name in FIGURES})

    def split(self) -> list[CommonsState]:
        """The inverse of :meth:`stack`: one state per replication, each its own copy."""
        return [CommonsState(model=model, **{name: getattr(self, name)[i:i + 1].copy()
                                             for name in FIGURES})
                for i, model in enumerate(self.model.split())]


#: The fields of :class:`CommonsState` that hold one figure per replication.
FIGURES = ("answering", "stopped", "stopped_skill", "adoption", "posted", "human", "generated",
           "human_since", "generated_since", "training_real")


def ceiling(params, answering_share: float) -> float:
    """Where adoption heads: a_max of the askers, plus the questions the forum no longer
    answers."""
    return 1.0 - (1.0 - params["world.model_appeal"]) * answering_share


def leave_probability(params, adoption: float) -> float:
    """Chance a person still answering stops this round."""
    return params["bias.leave_rate"] * adoption * (1.0 - params["mitigation.incentives"])


def training_real(params, human: int, generated: int) -> float:
    """Chance an item of the next model's data is human: the reserve's share, and of the rest
    the new content's human share after the provenance detector (0 when nothing new is
    human)."""
    total = human + generated
    alpha = human / total if total > 0 else 0.0
    d = params["mitigation.provenance_filter"]
    kept = alpha + (1.0 - alpha) * (1.0 - d)
    filtered = alpha / kept if kept > 0 else 0.0
    rho = params["mitigation.human_reserve"]
    return rho + (1.0 - rho) * filtered


def generative_params(params, real: np.ndarray | None = None) -> Params:
    """The parameters a generation of the generative kind reads: this run's, with the levers
    this kind lacks off, and ``real``, the real share set by the commons (already filtered;
    one per replication, ``[R]``), when given. Kept, with what the generative kind derives
    from it, until one of the run's parameters changes or ``real`` is set: the model's metrics
    are measured every round but it is trained every few."""
    view = derived(params, ("generative view",), lambda: Params(
        {**GENERATIVE_DEFAULTS, **params, "mitigation.provenance_filter": 0.0}))
    if real is not None:
        view["mitigation.real_fraction"] = real
    return view


class CommonsKind(DeclaredKind):
    name = "commons"
    title = T("Knowledge commons loop")
    round_unit = T("month")
    PARAMETERS, METRICS, PLOTS, DIAGRAM = PARAMETERS, METRICS, PLOTS, DIAGRAM
    STAGE_LABELS = STAGE_LABELS

    def stages(self):
        return [Stage("ask", 0.2, self.ask), Stage("answer", 0.4, self.answer),
                Stage("generation", 0.6, self.generation, every="model.retrain_every")]

    #: Stages take ``ctx.rng`` and ``ctx.log`` as one per replication, and the state holds
    #: replications side by side (see :mod:`simulator.kinds.replicas`).
    replicated = True
    stack_states = staticmethod(CommonsState.stack)

    def split_state(self, state: CommonsState) -> list[CommonsState]:
        return state.split()

    def create_state(self, params, groups, rng) -> CommonsState:
        """At release: everybody answers at full skill, nobody asks the model yet, and the
        first model was trained on human content only (one replication: ``[1]`` figures)."""
        model = GENERATIVE.create_state(generative_params(params, np.ones(1)), groups, rng)
        counts = {name: np.zeros(1, dtype=int) for name in
                  ("stopped", "posted", "human", "generated", "human_since", "generated_since")}
        return CommonsState(model=model, answering=np.full(1, params["world.people"]),
                            stopped_skill=np.zeros(1), adoption=np.zeros(1),
                            training_real=np.ones(1), **counts)

    def ask(self, ctx) -> None:
        st, p, rngs = ctx.state, ctx.params, ctx.rng
        answering_share = st.answering / p["world.people"]
        st.adoption = st.adoption + p["world.adoption_speed"] * (
            ceiling(p, answering_share) - st.adoption)
        q = p["world.questions"]
        st.posted = replicas.binomial(rngs, np.full(len(rngs), q), 1.0 - st.adoption)
        st.human = replicas.binomial(rngs, st.posted, p["world.answered"] * answering_share)
        st.generated = replicas.binomial(rngs, q - st.posted, p["bias.generated_posting"])
        st.human_since = st.human_since + st.human
        st.generated_since = st.generated_since + st.generated

    def answer(self, ctx) -> None:
        st, p = ctx.state, ctx.params
        leavers = replicas.binomial(ctx.rng, st.answering, leave_probability(p, st.adoption))
        floor = p["world.skill_floor"] * st.stopped
        st.stopped_skill = floor + (st.stopped_skill - floor) * (1.0 - p["world.skill_loss"])
        st.stopped_skill = st.stopped_skill + leavers
        st.answering = st.answering - leavers
        st.stopped = st.stopped + leavers

    def generation(self, ctx) -> None:
        """A new model, trained as the generative kind trains a generation."""
        st, p = ctx.state, ctx.params
        # Per replication, in plain numbers: its branches are the lone run's.
        st.training_real = np.array([training_real(p, int(h), int(g)) for h, g
                                     in zip(st.human_since, st.generated_since, strict=True)])
        inner = replace(ctx, params=generative_params(p, st.training_real), state=st.model)
        for stage in GENERATIVE.stages():
            if stage.every is None:
                stage.run(inner)
        st.human_since = st.generated_since = np.zeros(len(st.adoption), dtype=int)

    def measure(self, st, p, groups, round_) -> dict[str, np.ndarray]:
        gen = GENERATIVE.measure(st.model, generative_params(p), groups, round_)
        people, q = p["world.people"], p["world.questions"]
        published = st.human + st.generated
        skill = (st.answering + st.stopped_skill) / people
        out = {name: gen[name] for name in ("model_share", "true_share")}  # [R, groups]
        out.update(
            human_share=np.divide(st.human, published, out=np.full(len(published), np.nan),
                                  where=published > 0),
            real_share=gen["real_share"],
            answering=st.answering / people,
            activity=(st.posted + st.human) / (q * (1.0 + p["world.answered"])),
            model_use=1.0 - st.posted / q,
            skill=skill,
            wasserstein=gen["wasserstein"],
        )
        return out
