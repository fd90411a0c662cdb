"""Headless runs and replications: the same numbers in-process, in workers and from the API."""

from __future__ import annotations

import pickle

import numpy as np
import pytest

from simulator import BiasLoopError, ParamError, RestartRequired, Simulation, load_scenario
from simulator.runs import (
    Change,
    RunSpec,
    play,
    replayed_changes,
    run_replications,
    worker_count,
)

SMALL = {"world.applicants": 200}


@pytest.fixture(scope="module")
def lending():
    return load_scenario("lending")


def same_numbers(a, b) -> bool:
    return np.array_equal(a.recorder.table(), b.recorder.table(), equal_nan=True) and (
        a.recorder.rounds.tolist() == b.recorder.rounds.tolist()
    )


def test_spec_defaults_come_from_the_scenario(lending):
    spec = RunSpec(lending)
    assert (spec.rounds, spec.seed, spec.replications) == (lending.rounds, lending.seed, 1)


def test_replication_zero_is_the_plain_run(lending):
    plain = Simulation(lending, seed=5, overrides=SMALL)
    plain.run(20)
    sim = play(RunSpec(lending, rounds=20, seed=5, overrides=SMALL), replication=0)
    assert same_numbers(sim, plain)
    assert sim.manifest() == plain.manifest()


def test_replications_differ_from_each_other(lending):
    first, second = run_replications(RunSpec(lending, rounds=20, seed=5, overrides=SMALL,
                                             replications=2))
    assert (first.replication, second.replication) == (0, 1)
    assert not same_numbers(first, second)


def test_parallel_workers_give_the_same_results(lending):
    spec = RunSpec(lending, rounds=20, seed=3, overrides=SMALL, replications=3,
                   changes=(Change(8, "mitigation.reweighing", True),))
    here = run_replications(spec, jobs=1)
    there = run_replications(spec, jobs=2)
    assert [r.replication for r in there] == [0, 1, 2]
    for a, b in zip(here, there, strict=True):
        assert same_numbers(a, b)
        assert a.events == b.events
        assert a.manifest() == b.manifest()


def test_a_change_is_a_lever_pulled_after_its_round(lending):
    by_hand = Simulation(lending, seed=2, overrides=SMALL)
    by_hand.run(10)
    by_hand.set_param("mitigation.fresh_data", 0.2)
    by_hand.run(10)
    spec = RunSpec(lending, rounds=20, seed=2, overrides=SMALL,
                   changes=(Change(10, "mitigation.fresh_data", 0.2),))
    sim = play(spec)
    assert same_numbers(sim, by_hand)
    [event] = sim.events
    assert (event.round, event.key, event.old, event.new, event.who) == (
        11, "mitigation.fresh_data", 0.0, 0.2, "user")


def test_changes_are_sorted_by_round_keeping_ties_in_order(lending):
    spec = RunSpec(lending, rounds=20, changes=(
        Change(9, "mitigation.exploration", 0.1),
        Change(3, "mitigation.fresh_data", 0.2),
        Change(3, "mitigation.fresh_data", 0.3),
    ))
    assert [(c.round, c.value) for c in spec.changes] == [(3, 0.2), (3, 0.3), (9, 0.1)]


@pytest.mark.parametrize(
    ("kwargs", "error", "fragment"),
    [
        ({"rounds": 0}, BiasLoopError, "rounds must be a whole number from 1 to 10,000,000"),
        ({"seed": -1}, BiasLoopError, "seed must be"),
        ({"replications": 0}, BiasLoopError, "replications must be"),
        ({"overrides": {"mitigation.reweihing": True}}, ParamError, "mitigation.reweighing"),
        ({"overrides": {"world.applicants": "many"}}, ParamError, "world.applicants"),
        ({"changes": (Change(5, "groups.A.score_mean", 600.0),)}, RestartRequired,
         "initial state"),
        ({"changes": (Change(20, "mitigation.reweighing", True),)}, BiasLoopError,
         "from 0 to 19"),
        ({"changes": (Change(2, "mitigation.exploration", 2.0),)}, ParamError, "out of range"),
    ],
)
def test_a_spec_is_checked_before_anything_runs(lending, kwargs, error, fragment):
    with pytest.raises(error, match=fragment):
        RunSpec(lending, **{"rounds": 20, **kwargs})


def test_a_spec_travels_to_workers_as_toml(lending):
    spec = RunSpec(lending, rounds=7, seed=4, overrides={"mitigation.reweighing": True},
                   changes=(Change(2, "mitigation.fresh_data", 0.1),), guide=True,
                   replications=2)
    assert pickle.loads(pickle.dumps(spec)) == spec


def test_worker_count():
    assert worker_count(1, 10) == 1
    assert worker_count(4, 2) == 2  # never more workers than replications
    assert 1 <= worker_count(0, 64) <= 64  # 0: one per core
    with pytest.raises(BiasLoopError, match="jobs"):
        worker_count(-1, 4)


def test_replayed_changes_skip_what_the_run_made_itself():
    events = [
        {"round": 11, "key": "mitigation.reweighing", "old": False, "new": True, "who": "user"},
        {"round": 81, "key": "mitigation.label_audit", "old": 0.0, "new": 0.5, "who": "guide"},
        {"round": 5, "key": "audit.deploy", "old": "a", "new": "b", "who": "audit"},
        {"replication": 1, "round": 11, "key": "mitigation.reweighing", "old": False,
         "new": True, "who": "user"},
    ]
    assert replayed_changes(events) == [Change(10, "mitigation.reweighing", True, "user")]


# --- progress and stopping ------------------------------------------------------------------


def test_progress_reports_every_few_rounds_and_changes_no_number(lending):
    spec = RunSpec(lending, rounds=100, seed=4, overrides=SMALL,
                   changes=(Change(50, "mitigation.reweighing", True),))
    reports = []
    sim = play(spec, progress=lambda done, total: reports.append((done, total)))
    assert reports == [(32, 100), (50, 100), (82, 100), (100, 100)]  # a lever at 50
    assert same_numbers(sim, play(spec))
    assert sim.events == play(spec).events


def test_a_stopped_run_ends_after_a_whole_round_and_is_a_shorter_run(lending):
    spec = RunSpec(lending, rounds=200, seed=4, overrides=SMALL)

    def stop_after_60(done, total):
        if done >= 60:
            raise KeyboardInterrupt

    sim = play(spec, progress=stop_after_60)
    assert sim.round == 64 and len(sim.recorder.rounds) == 64
    assert sim.recorder.rounds.tolist() == list(range(1, 65))
    assert same_numbers(sim, play(RunSpec(lending, rounds=64, seed=4, overrides=SMALL)))
    assert sim.manifest()["rounds"] == 64


@pytest.mark.parametrize("jobs", [1, 2])
def test_stopped_replications_keep_those_that_finished(lending, jobs):
    spec = RunSpec(lending, rounds=15, seed=2, overrides=SMALL, replications=6)
    counts = []

    def stop_after_two(done, total):
        counts.append((done, total))
        if done == 2:
            raise KeyboardInterrupt

    results = run_replications(spec, jobs=jobs, progress=stop_after_two)
    assert counts == [(1, 6), (2, 6)]
    assert len(results) == 2
    numbers = [r.replication for r in results]
    assert numbers == sorted(numbers)
    if jobs == 1:
        assert numbers == [0, 1]
    full = run_replications(spec)
    for r in results:
        assert same_numbers(r, full[r.replication])


def test_replications_report_each_one_finished(lending):
    counts = []
    spec = RunSpec(lending, rounds=5, overrides=SMALL, replications=3)
    run_replications(spec, jobs=2, progress=lambda done, total: counts.append((done, total)))
    assert counts == [(1, 3), (2, 3), (3, 3)]
