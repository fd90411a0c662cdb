"""Human reviewers in the decision loop: how much they defer to the model, and what that does
to their own judgement (the source notes' "overreliance ... loss of important skills").

A reviewed case is decided by the model's call with probability ``reliance`` (the reviewer
defers), otherwise by the reviewer's own judgement, which is right with probability ``skill``
(the reviewer sees the person, not the measured score; a wrong judgement is the opposite call).
Trust grows a little every round in which people review (automation bias) up to a cap, and
skill decays while people defer and recovers while they judge by themselves.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass
class Reviewers:
    """The reviewers of one run, or of R replications side by side: ``reliance`` and
    ``skill`` are then ``[R]`` arrays (one figure per replication), read against the leading
    axis of the decisions' arrays."""

    reliance: float | np.ndarray
    skill: float | np.ndarray
    trained_skill: float

    def approval(self, model: np.ndarray, truth: np.ndarray, review: float,
                 appeals: float) -> np.ndarray:
        """Approval probability per cell after a share ``review`` of all decisions and a share
        ``appeals`` of the remaining rejections are reviewed. ``truth`` is 1 where the right
        call is to approve."""
        reliance, skill = (_per_row(x, model.ndim) for x in (self.reliance, self.skill))
        own = skill * truth + (1.0 - skill) * (1.0 - truth)
        reviewed = reliance * model + (1.0 - reliance) * own
        approve = (1.0 - review) * model + review * reviewed
        return approve + (1.0 - approve) * appeals * (1.0 - reliance) * own

    def update(self, growth: float, decay: float, cap: float) -> None:
        """One round of reviewing: trust grows towards the cap, skill follows reliance."""
        self.reliance = np.minimum(cap, self.reliance + growth * (1.0 - self.reliance))
        self.skill = self.skill + decay * ((1.0 - self.reliance) * (self.trained_skill - self.skill)
                                           - self.reliance * self.skill)


def _per_row(value, ndim: int):
    """A per-replication figure shaped to multiply ``[R, ...]`` arrays of ``ndim`` axes (a
    plain number stays one)."""
    return np.reshape(value, (-1,) + (1,) * (ndim - 1)) if np.ndim(value) else value
