"""Replications played side by side (one state with a leading replication axis) are, bit for
bit, the replications played one by one: the same table, the same event log, the same state to
go on from, whatever batch they share and whatever the levers, audits and guide do."""

from __future__ import annotations

import numpy as np
import pytest

from simulator import Simulation, load_scenario
from simulator.engine import run_together
from simulator.runs import (
    REPLICATIONS_TOGETHER,
    Change,
    RunSpec,
    TogetherRun,
    play,
    play_together,
    replication_batches,
    run_replications,
)

#: Settings that take the decisions kind down each of its paths where replications can part
#: ways: an audit that blocks some replications' models and not others', reviewers retrained
#: by the application audit, a fairness constraint, the oracle with a capacity rule, robust
#: training on noisy labels, every extra record stream, a fixed rule under review, and people
#: who leave and turn over.
PATHS = [
    ("lending", {"audit.block": True, "audit.every": 7, "audit.max_gap": 0.01,
                 "mitigation.exploration": 0.1}),
    ("hiring", {"audit.every": 10, "audit.max_reliance": 0.3}),
    ("lending", {"mitigation.fairness": "demographic_parity"}),
    ("health_risk", {"model.oracle": True}),
    ("health_risk", {}),
    ("moderation", {"mitigation.dro": True, "mitigation.unawareness": True,
                    "bias.annotator_noise": 0.1}),
    ("hiring", {"mitigation.fresh_data": 0.2, "bias.reject_inference": True,
                "mitigation.label_audit": 0.5, "mitigation.data_window": 20}),
    ("lending", {"policy.rule": "fixed", "mitigation.human_review": 0.5}),
    ("lending", {"world.churn": 0.1, "world.turnover": 0.05}),
]


def same_run(a: Simulation, b: Simulation) -> bool:
    return (np.array_equal(a.recorder.table(), b.recorder.table(), equal_nan=True)
            and a.recorder.rounds.tolist() == b.recorder.rounds.tolist()
            and a.events == b.events and a.manifest() == b.manifest())


@pytest.mark.parametrize(("name", "settings"), PATHS)
def test_together_is_one_by_one_bit_for_bit(name, settings):
    scenario = load_scenario(name)
    rounds = min(scenario.rounds, 80)
    spec = RunSpec(scenario, rounds=rounds, seed=4, overrides=settings, guide=True,
                   changes=(Change(30, "mitigation.reweighing", True),))
    together = play_together(spec, range(4))
    assert [sim.replication for sim in together] == [0, 1, 2, 3]
    for i, sim in enumerate(together):
        alone = play(spec, i)
        assert same_run(sim, alone), f"replication {i} of {name} {settings}"
        # The state each is left in goes on as the lone run's does.
        sim.run(5)
        alone.run(5)
        assert same_run(sim, alone)
    # An audit that blocks models does so in some replications and not in others: the
    # logs part ways, each the lone run's.
    if settings.get("audit.block"):
        assert len({len(sim.events) for sim in together}) > 1


@pytest.mark.parametrize("name", ["lending", "policing"])
def test_a_few_rounds_at_a_time_is_the_whole_run_at_once(name):
    """The GUI plays Run 20 seeds a few rounds between two frames, the levers pulled on the
    way; whatever the slices, each replication is the lone run's."""
    scenario = load_scenario(name)
    lever = "mitigation.reweighing" if name == "lending" else "mitigation.correction"
    spec = RunSpec(scenario, rounds=45, seed=6, guide=True,
                   changes=(Change(0, lever, True), Change(13, lever, False)))
    run = TogetherRun(spec, range(3))
    for rounds in (1, 1, 5, 7, 2, 50):
        run.advance(rounds)
    assert run.done and run.round == 45
    for i, sim in enumerate(run.sims):
        assert same_run(sim, play(spec, i))


#: Settings that take the generative kind down its paths where replications part ways: few
#: items a generation (styles vanish at different generations, so the replications' output
#: mixtures have different numbers of components), hallucinations of both types with an
#: output review and a sharp temperature, an audit that blocks some replications' models, the
#: application audit's verdicts, accumulation with a provenance filter, and curation.
GENERATIVE_PATHS = [
    {"world.items": 30, "policy.temperature": 0.9},
    {"world.items": 40, "bias.hallucination_rate": 0.02,
     "bias.intrinsic_hallucination_rate": 0.1, "mitigation.output_review": 0.5,
     "audit.every": 5},
    {"audit.block": True, "audit.every": 7, "mitigation.real_fraction": 0.1},
    {"mitigation.accumulate": True, "mitigation.provenance_filter": 0.5,
     "mitigation.real_fraction": 0.05, "bias.hallucination_rate": 0.01,
     "model.variance_estimator": "ml"},
]


def styles_alive(sim: Simulation) -> np.ndarray:
    """Per round, how many styles the model still generates."""
    columns = [sim.recorder.columns.index(f"model_share_{g}") for g in sim.groups]
    return (sim.recorder.table()[:, columns] > 0).sum(axis=1)


@pytest.mark.parametrize("settings", GENERATIVE_PATHS)
def test_generative_replications_together_are_the_lone_runs_bit_for_bit(settings):
    spec = RunSpec(load_scenario("model_collapse"), rounds=200, seed=4, overrides=settings,
                   guide=True, changes=(Change(30, "mitigation.curation", 0.5),))
    together = play_together(spec, range(5))
    for i, sim in enumerate(together):
        alone = play(spec, i)
        assert same_run(sim, alone), f"replication {i} of model_collapse {settings}"
        sim.run(5)
        alone.run(5)
        assert same_run(sim, alone)
    if settings.get("world.items", 200) < 100:
        # Styles vanished at different generations: at some round the replications' output
        # mixtures had different numbers of components, measured in one pass all the same.
        alive = np.stack([styles_alive(sim) for sim in together])
        assert (alive.min(axis=0) < alive.max(axis=0)).any()
    if settings.get("audit.block"):
        assert len({len(sim.events) for sim in together}) > 1


@pytest.mark.parametrize("settings", [
    {},
    # A small community (people leave at different months in each replication, so the
    # models' real shares part ways) and small models whose styles vanish at different
    # generations, with hallucinations and a provenance filter.
    {"world.people": 50, "world.items": 30, "bias.hallucination_rate": 0.02,
     "policy.temperature": 0.9, "mitigation.provenance_filter": 0.5},
])
def test_commons_replications_together_are_the_lone_runs_bit_for_bit(settings):
    spec = RunSpec(load_scenario("knowledge_commons"), rounds=120, seed=4, overrides=settings,
                   guide=True, changes=(Change(20, "mitigation.human_reserve", 0.3),))
    together = play_together(spec, range(5))
    for i, sim in enumerate(together):
        alone = play(spec, i)
        assert same_run(sim, alone), f"replication {i} of knowledge_commons {settings}"
        sim.run(5)
        alone.run(5)
        assert same_run(sim, alone)
    if settings:
        real = np.stack([sim.recorder.series("real_share") for sim in together])
        assert (real.min(axis=0) < real.max(axis=0)).any()
        alive = np.stack([styles_alive(sim) for sim in together])
        assert (alive.min(axis=0) < alive.max(axis=0)).any()


def test_the_batch_a_replication_shares_does_not_change_it():
    spec = RunSpec(load_scenario("hiring"), rounds=60, seed=2, replications=5)
    by_three = [*play_together(spec, range(0, 3)), *play_together(spec, range(3, 5))]
    all_five = play_together(spec, range(5))
    for a, b in zip(by_three, all_five, strict=True):
        assert same_run(a, b)


def test_run_replications_plays_them_together_with_the_same_results_on_any_jobs():
    spec = RunSpec(load_scenario("lending"), rounds=40, seed=9, replications=3,
                   changes=(Change(10, "mitigation.exploration", 0.2),))
    here = run_replications(spec, jobs=1)
    there = run_replications(spec, jobs=2)
    for i, (a, b) in enumerate(zip(here, there, strict=True)):
        alone = play(spec, i)
        assert np.array_equal(a.recorder.table(), alone.recorder.table(), equal_nan=True)
        assert np.array_equal(b.recorder.table(), alone.recorder.table(), equal_nan=True)
        assert a.events == b.events == tuple(alone.events)


def test_batches_cover_every_replication_once_and_keep_every_worker_busy():
    for replications, workers in [(1, 1), (20, 1), (45, 1), (20, 2), (7, 4), (3, 8)]:
        batches = replication_batches(replications, workers)
        assert [i for batch in batches for i in batch] == list(range(replications))
        assert max(len(b) for b in batches) <= REPLICATIONS_TOGETHER
        assert len(batches) >= min(workers, replications)


def test_kinds_without_a_replication_axis_play_one_by_one_with_the_same_results():
    scenario = load_scenario("policing")
    together = [Simulation(scenario, seed=3, replication=i) for i in range(3)]
    run_together(together, 50)
    for i, sim in enumerate(together):
        alone = Simulation(scenario, seed=3, replication=i)
        alone.run(50)
        assert same_run(sim, alone)


def test_a_sweep_plays_each_points_replications_together_with_the_lone_runs_numbers():
    from simulator.sweep import Sweep, run_sweep

    sweep = Sweep(load_scenario("moderation"), (("mitigation.appeals", (0.0, 0.5)),),
                  replications=3, rounds=30)
    result = run_sweep(sweep)
    assert not result.missing
    for p in range(2):
        spec = sweep.spec(sweep.point(p))
        for r in range(3):
            alone = play(spec, r)
            assert np.array_equal(result.rows[(p, r)][-1, 1:], alone.recorder.table()[-1],
                                  equal_nan=True)
