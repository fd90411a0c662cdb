"""A scenario's [[preset]]s: the run a paper's setting gives, and whether its results hold.

A preset resets the run onto its parameters and rounds (so parameters that need a restart
are allowed); its expectations are checked on each replication's final row.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .runs import RunSpec
from .scenario import Expectation, Preset, Scenario


def preset_spec(scenario: Scenario, preset: Preset, replications: int | None = None,
                seed: int | None = None) -> RunSpec:
    """The headless run of ``preset``: its world and settings over the scenario's, its rounds,
    and ``replications`` (or the preset's own, or one)."""
    count = replications or preset.replications or 1
    return RunSpec(preset.world(scenario), rounds=preset.rounds, seed=seed,
                   overrides=dict(preset.set),
                   replications=count)


@dataclass(frozen=True)
class ExpectationCheck:
    """One expectation and the statistic the replications gave."""

    expectation: Expectation
    got: float

    @property
    def holds(self) -> bool:
        return abs(self.got - self.expectation.value) <= self.expectation.tolerance

    def describe(self) -> str:
        e = self.expectation
        stat = e.statistic_text("en")
        verdict = "holds" if self.holds else "FAILS"
        return (f"{verdict}: {e.metric} {stat}: reference {e.value:g}, got {self.got:.4g}, "
                f"tolerance {e.tolerance:g}")


def statistic(expectation: Expectation, finals: np.ndarray) -> float:
    """The expectation's statistic of the final values (one per replication)."""
    if expectation.statistic == "share_above":
        return float((finals > expectation.above).mean())
    if expectation.statistic == "quantile":
        return float(np.quantile(finals, expectation.q))
    return float(finals.mean())


def check_preset(preset: Preset, results: list) -> list[ExpectationCheck]:
    """Each expectation of ``preset`` against the final rows of ``results`` (run results or
    simulations: anything with a recorder)."""
    out = []
    for e in preset.expect:
        finals = np.array([r.recorder.series(e.metric)[-1] for r in results], dtype=float)
        out.append(ExpectationCheck(e, statistic(e, finals)))
    return out


@dataclass(frozen=True)
class LiveExpectation:
    """One expectation beside what a live run shows of it: the metric's value in the run now
    (one seed: a statistic over seeds needs them all), and the statistic over the seeds run
    with the same settings, once they have been run to the preset's length."""

    expectation: Expectation
    now: float | None
    over_seeds: ExpectationCheck | None


def live_status(preset: Preset, sim, seeds: list | None = None) -> list[LiveExpectation]:
    """What a run at ``preset``'s settings shows of each of its expectations; ``seeds`` are
    replications of it (their statistic counts only when they reached the preset's rounds)."""
    complete = bool(seeds) and all(len(r.recorder.rounds) and r.recorder.rounds[-1] >=
                                   (preset.rounds or 0) for r in seeds)
    checks = check_preset(preset, seeds) if complete else [None] * len(preset.expect)
    out = []
    for e, check in zip(preset.expect, checks, strict=True):
        series = sim.recorder.series(e.metric)
        now = float(series[-1]) if len(series) else None
        out.append(LiveExpectation(e, now, check))
    return out
