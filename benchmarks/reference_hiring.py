"""The floor for hiring: the decisions kind's arithmetic at the bundled hiring settings, as one
tight numpy loop (the shared loop of ``reference_decisions.py`` at hiring's settings).

What hiring switches on that lending does not: human review of 80 % of the model's calls by
reviewers who defer to it more each round (trust growing by 2 % of the rest, skill decaying
while they defer), today's reviews biased against the minority (label bias 0.2, a draw per
cell on every outcome recorded), and outcomes that move a person by a fraction of a bin (+20
for a good hire, -10 for a poor one: each cell's mass split between two bins). No score is
shifted, so a cell is ``[group, bin]`` as in lending. It writes all 37 metric columns, the
``selected_*`` ones included.

It is checked by reproducing the engine's table for the same seed (``python
benchmarks/reference_hiring.py``): every column bit for bit but the rates that average over
cells (perceived and true rate, and their ``selected_*`` twins), whose sums group their terms
differently (22 cells here, 44 in the kind's ``[group, bin, k]``) and agree to 1e-15.

Written against the decisions kind of model version 4; frozen: optimise the kind against it,
never the other way round.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

import reference_decisions as loop  # noqa: E402

#: Hiring's settings this loop is written for (scenario file and kind defaults).
SETTINGS = {
    "share": (0.75, 0.25), "score_mean": (620.0, 620.0), "score_sd": (70.0, 70.0),
    "history_threshold": (600.0, 660.0), "history_label_bias": (0.0, 0.4),
    "label_bias": (0.0, 0.2), "score_shift": (0.0, 0.0), "selective_labels": True,
    "history_rounds": 10, "applicants": 20000, "applicant_share": 0.01, "delay": 1,
    "midpoint": 600.0, "scale": 50.0, "gain": 20.0, "loss": 10.0, "loss_gain": 1.5,
    "retrain_every": 5, "l2": 1.0, "reviewer_skill": 0.85, "human_review": 0.8,
    "trust_growth": 0.02, "skill_decay": 0.02, "churn": 0.0, "inflow": 0.05,
}
COLUMNS = loop.columns(("majority", "minority"))


def run(seed: int, rounds: int, s: dict = SETTINGS) -> np.ndarray:
    """The ``[rounds, len(COLUMNS)]`` table of a hiring run with ``seed``."""
    return loop.run(seed, rounds, s)


if __name__ == "__main__":
    loop.check_against_engine("hiring", SETTINGS, COLUMNS, ((1, 20000), (2, 20000), (3, 1_000_000)))
