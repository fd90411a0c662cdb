"""The floor for moderation: the decisions kind's arithmetic at the bundled moderation settings,
as one tight numpy loop (the shared loop of ``reference_decisions.py`` at moderation's
settings).

What moderation switches on that lending does not: civility from tables (each dialect's share
per 50-point bucket, spread evenly), and the dialect's posts read 175 points less civil than
they are (a measurement shift of 7 whole bins: each cell is ``[group, bin * 2 + k]`` as in the
kind, the ``k = 1`` half empty, still a draw per cell for the split), a steep harm curve (5
points per odds step), full labels (every post's outcome is seen, the removed ones' too),
annotators' bias now (0.35 of the dialect's harmless posts labelled toxic), and users who leave
when their harmless posts are removed (churn 0.05, newcomers refilling 1 % of the gap), which
reweighs each round's cohort. Posts do not move anyone's civility (gain and loss 0), but each
due batch still renormalises the population, as the kind does. It writes all 37 metric
columns, the ``selected_*`` ones included.

It is checked by reproducing the engine's table for the same seed (``python
benchmarks/reference_moderation.py``); the cells are the kind's own, so the check expects
every column bit for bit.

Written against the decisions kind of model version 4, for the moderation world of tables
(before it, the groups' civility was normal, 640 ± 80, and the penalty 40 points); frozen:
optimise the kind against it, never the other way round.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

import reference_decisions as loop  # noqa: E402

#: Moderation's settings this loop is written for (scenario file and kind defaults).
SETTINGS = {
    "share": (0.8, 0.2),
    "score_tables": (((550, 600, 650, 700, 750, 800, 850), (0.1, 0.22, 0.29, 0.24, 0.12, 0.03)),
                     ((475, 525, 575, 625, 675, 725), (0.02, 0.11, 0.27, 0.36, 0.24))),
    "history_threshold": (300.0, 300.0), "history_label_bias": (0.0, 0.35),
    "label_bias": (0.0, 0.35), "score_shift": (0.0, -175.0), "selective_labels": False,
    "history_rounds": 10, "applicants": 5000, "applicant_share": 0.02, "delay": 1,
    "midpoint": 600.0, "scale": 5.0, "gain": 0.0, "loss": 0.0, "loss_gain": 1.0,
    "retrain_every": 5, "l2": 1.0, "reviewer_skill": 0.8, "human_review": 0.0,
    "trust_growth": 0.02, "skill_decay": 0.02, "churn": 0.05, "inflow": 0.01,
}
COLUMNS = loop.columns(("standard", "dialect"))


def run(seed: int, rounds: int, s: dict = SETTINGS) -> np.ndarray:
    """The ``[rounds, len(COLUMNS)]`` table of a moderation run with ``seed``."""
    return loop.run(seed, rounds, s)


if __name__ == "__main__":
    loop.check_against_engine("moderation", SETTINGS, COLUMNS,
                              ((1, 5000), (2, 5000), (3, 1_000_000)), unit="posts")
