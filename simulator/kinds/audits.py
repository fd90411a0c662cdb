"""The audits of the source notes, in one vocabulary for every kind.

The notes name three audits. A *model audit* tests a model (or an estimate) on an independent
sample before it is deployed, and keeps the deployed one when the new one fails a bound; the
kinds differ only in what the sample is (fresh applicants, a random-patrol survey, held-out
real content), so each computes its findings, and the gate here decides. An *application
audit* watches the outcomes while the model is in use and writes a verdict when a figure leaves
its bound. The *governance audit* is the run's event log itself: who changed what, when, and
what an audit found (the report tells it).

Every kind names the same things the same way: ``audit.every`` (rounds between audits),
``audit.sample`` (the independent sample's size), ``audit.block`` (audit before every
deployment), ``audit.max_gap`` (the model audit's bound), the ``audit_gap`` metric (perceived
minus true, per group) in the ``audit`` plot, and the ``audit.deploy`` event for a blocked
model. A verdict goes to the event log with ``who="audit"`` and the figure found as its old
value, so the charts draw it as a thin grey marker and the report counts it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from ..schema import Param
from ..text import T, Text
from .base import ROUNDS, SHARE, MetricSpec, PlotSpec, declare

#: The event a model audit writes when it keeps the deployed model.
DEPLOY = "audit.deploy"
AUDIT_PLOT = "audit"

Log = Callable[[str, Any, Any, str], None]


def audit_parameters(*, every_help: str, sample_unit: Text, sample_help: str, block_help: str,
                     gap_help: str, gap_default: float = 0.05,
                     sample_default: int = 2000) -> list[Param]:
    """The model audit's four parameters, with the kind's own words for what is sampled and
    what the bound is a bound on."""
    return [
        declare("audit.every", "int", 0, "Audit every", every_help,
                "audit", unit=ROUNDS, min=0, max=1000),
        declare("audit.sample", "int", sample_default, "Audit sample", sample_help,
                "audit", unit=sample_unit, min=10, max=10_000_000),
        declare("audit.block", "bool", False, "Audit before deployment", block_help, "audit"),
        declare("audit.max_gap", "float", gap_default, "Audit bound", gap_help,
                "audit", unit=SHARE, min=0.0, max=1.0, step=0.01),
    ]


def audit_gap_metric(help_: Text) -> MetricSpec:
    """The model audit's findings per group: what the model believes minus what the
    independent sample shows (NaN before the first audit)."""
    return MetricSpec("audit_gap", T("Audit: perceived − true"), SHARE, AUDIT_PLOT,
                      per_group=True, reference=(0.0,), help=help_)


def audit_plot(*metrics: str) -> PlotSpec:
    return PlotSpec(AUDIT_PLOT, T("Audit findings"), ("audit_gap", *metrics))


def not_yet(n: int) -> np.ndarray:
    """Findings before the first audit: none."""
    return np.full(n, np.nan)


def worst(findings: np.ndarray) -> float:
    """The largest finding in size (0 when the sample showed nothing to compare)."""
    findings = np.asarray(findings, dtype=float)
    return float(np.nanmax(np.abs(findings))) if np.isfinite(findings).any() else 0.0


def may_deploy(findings: np.ndarray, params, log: Log) -> bool:
    """The model audit's gate: False, and a verdict in the log, when blocking is on and the
    candidate's worst finding is beyond ``audit.max_gap`` (the deployed model is then kept)."""
    found = worst(findings)
    if params["audit.block"] and found > params["audit.max_gap"]:
        log(DEPLOY, round(found, 3), "blocked", "audit")
        return False
    return True


def flag(key: str, found: float, bound: float, log: Log, *, below: bool = False) -> bool:
    """An application audit's verdict: logged when the figure found is above its bound (or,
    with ``below``, under it); True when it was."""
    out = found < bound if below else found > bound
    if out:
        log(key, round(float(found), 3), "flagged", "audit")
    return out
