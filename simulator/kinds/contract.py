"""The contract of a loop kind, checked: what a kind declares must hold together.

A kind is only declarations (parameters, metrics, plots, diagram arrows, stages, events) plus a
``measure()`` that fills the declared metrics. A slip in those declarations used to fail
silently (a metric never returned was recorded as all-NaN, an arrow naming a metric that does
not exist was drawn without it), so the registry checks every kind when it is registered
(:func:`check_kind`) and the engine checks the first round a kind measures
(:func:`check_measured`). Both raise :class:`KindContractError` with a message that names the
kind and the offending name, so the engineer adding a kind reads what to fix.

``docs/writing-a-kind.md`` walks through writing a kind against this contract.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np

from ..text import Text

#: The stages of the loop diagram, in the order of the cycle. Every kind's arrows join these
#: (the parameter sections, the event log and the recorder speak of the same stages).
DIAGRAM_STAGES = ("world", "data", "model", "decisions", "outcomes")

#: A kind's own stages run strictly between the engine's lever changes and guide steps (at the
#: start of a round) and the recorder (at its end).
FIRST_PHASE, LAST_PHASE = 0.01, 0.95


class KindContractError(Exception):
    """A loop kind's declarations do not hold together.

    A programming error in the kind, not a user's mistake, so it is not a
    :class:`~simulator.errors.BiasLoopError`: the CLI lets its traceback through to the developer.
    """


def check_kind(kind) -> None:
    """Check a kind's declarations against each other; raise on the first kind of problem,
    listing every name that has it."""
    problems: list[str] = []
    for check in (_check_texts, _check_parameters, _check_metrics_and_plots, _check_arrows,
                  _check_stages):
        problems += check(kind)
    if problems:
        raise KindContractError(
            f"loop kind {kind.name!r} breaks its contract:\n  " + "\n  ".join(problems))


def check_measured(kind, measured: Mapping[str, Any], columns: Iterable[str],
                   blocks: Mapping[str, list[str]] | None = None) -> None:
    """Check what ``measure()`` returned on a kind's first round against the columns its
    metric declarations promise (one per metric, or one per group for a per-group metric,
    given as a float per column or, under the metric's name, as one value per group)."""
    columns, blocks = list(columns), blocks or {}
    problems = []
    names: set[str] = set()
    for key, value in measured.items():
        if key in blocks and key not in columns:
            size = np.size(value)
            if size != len(blocks[key]):
                problems.append(f"measure() returned {size} value(s) for the per-group metric "
                                f"{key}, one per group expected ({len(blocks[key])})")
            names.update(blocks[key])
        else:
            names.add(key)
    missing = [c for c in columns if c not in names]
    extra = sorted(names - set(columns))
    if missing:
        problems.append("measure() returned no value for the declared column(s) "
                        + ", ".join(missing))
    if extra:
        problems.append("measure() returned undeclared column(s) " + ", ".join(extra)
                        + " (declare them as MetricSpec in METRICS)")
    if problems:
        raise KindContractError(
            f"loop kind {kind.name!r} breaks its contract:\n  " + "\n  ".join(problems))


def parameter_keys(kind) -> list[str]:
    """Every parameter key of a kind, per-group ones written ``groups.*.<name>``."""
    return [f"groups.*.{p.name}" if p.per_group else p.name for p in kind.parameters()]


def _duplicates(names: Iterable[str]) -> list[str]:
    seen: set[str] = set()
    return sorted({n for n in names if n in seen or seen.add(n)})


def _check_texts(kind) -> list[str]:
    problems = []
    for attr in ("title", "round_unit"):
        if not isinstance(getattr(kind, attr, None), Text):
            problems.append(f"{attr} must be a Text (English and Spanish)")
    for key, label in kind.events().items():
        if not isinstance(label, Text):
            problems.append(f"event {key!r}: its label must be a Text")
    return problems


def _check_parameters(kind) -> list[str]:
    problems = []
    for name in _duplicates(parameter_keys(kind)):
        problems.append(f"parameter {name!r} is declared more than once")
    for p in kind.parameters():
        dotted = "." in p.name
        if p.per_group and dotted:
            problems.append(f"per-group parameter {p.name!r} must be a bare name "
                            "(it becomes groups.<group_id>.<name>)")
        elif not p.per_group and p.name.split(".")[0] != p.stage:
            problems.append(f"parameter {p.name!r} must be named '{p.stage}.<name>' "
                            f"(its stage is {p.stage!r})")
    return problems


def _check_metrics_and_plots(kind) -> list[str]:
    problems = []
    metrics = {m.name: m for m in kind.metrics()}
    plots = {p.id: p for p in kind.plots()}
    problems += [f"metric {n!r} is declared more than once"
                 for n in _duplicates(m.name for m in kind.metrics())]
    problems += [f"plot {n!r} is declared more than once"
                 for n in _duplicates(p.id for p in kind.plots())]
    for m in metrics.values():
        if m.plot not in plots:
            problems.append(f"metric {m.name!r} names plot {m.plot!r}, which is not in PLOTS")
        elif m.name not in plots[m.plot].metrics:
            problems.append(f"metric {m.name!r} names plot {m.plot!r}, whose metrics do not "
                            "list it")
        if m.truth is not None:
            truth = metrics.get(m.truth)
            if truth is None:
                problems.append(f"metric {m.name!r}: its truth {m.truth!r} is not a metric")
            elif truth.per_group != m.per_group:
                problems.append(f"metric {m.name!r} and its truth {m.truth!r} must both be "
                                "per group or both not")
    for p in plots.values():
        for name in p.metrics:
            if name not in metrics:
                problems.append(f"plot {p.id!r} draws {name!r}, which is not a metric")
    return problems


def _check_arrows(kind) -> list[str]:
    problems = []
    arrows = kind.diagram()
    metrics = {m.name for m in kind.metrics()}
    keys = parameter_keys(kind)
    for arrow in arrows:
        where = f"arrow {arrow.source} → {arrow.target}"
        for end in (arrow.source, arrow.target):
            if end not in DIAGRAM_STAGES:
                problems.append(f"{where}: {end!r} is not a stage "
                                f"(stages: {', '.join(DIAGRAM_STAGES)})")
        for name in arrow.figures:
            if name not in metrics:
                problems.append(f"{where} shows figure {name!r}, which is not a metric")
        for pattern in arrow.params:
            if not any(fnmatch.fnmatchcase(k, pattern) for k in keys):
                problems.append(f"{where} names parameter {pattern!r}, which matches no "
                                "parameter")
    cycle = list(zip(DIAGRAM_STAGES, DIAGRAM_STAGES[1:] + DIAGRAM_STAGES[:1], strict=True))
    drawn = [(a.source, a.target) for a in arrows]
    if arrows and drawn != cycle:
        problems.append("the diagram's arrows must go round the loop once, in order: "
                        + " → ".join(DIAGRAM_STAGES) + " → world")
    return problems


def _check_stages(kind) -> list[str]:
    problems = []
    stages = kind.stages()
    problems += [f"stage {n!r} is declared more than once"
                 for n in _duplicates(s.name for s in stages)]
    ints = {p.name for p in kind.parameters() if p.type == "int" and not p.per_group}
    for s in stages:
        if not FIRST_PHASE < s.phase < LAST_PHASE:
            problems.append(f"stage {s.name!r}: phase {s.phase} must lie strictly between "
                            f"{FIRST_PHASE} and {LAST_PHASE}")
        if s.every is not None and s.every not in ints:
            problems.append(f"stage {s.name!r} runs every {s.every!r}, which is not an integer "
                            "parameter")
    return problems
