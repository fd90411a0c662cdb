"""The floor for lending: the decisions kind's arithmetic at the bundled lending settings, as
one tight numpy loop (the shared loop of ``reference_decisions.py`` at lending's settings).

Lending switches on none of the paths the other decisions scenarios need (no score shift, no
human review, no label bias now, no churn, selective labels), so the loop is the plain one: a
cell is ``[group, bin]``, outcomes move scores by whole bins, records need no re-binning. It is
checked by reproducing the engine's table for the same seed: every column bit for bit but the
perceived and true repayment rates (of everyone and of those selected), whose sums over cells
group their terms differently and agree to 1e-15 (``python benchmarks/reference_lending.py``
says how close it is).

It writes every metric column the kind records (37), as the hiring and moderation
references do: frozen against model version 3's 31, it left out the six ``selected_*``
columns added to the kind later, so lending's floor was lower than the arithmetic the engine
does (by about 16 µs a round).

Frozen: optimise the kind against it, never the other way round.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

import reference_decisions as loop  # noqa: E402

#: Lending's settings this loop is written for (scenario file and kind defaults).
SETTINGS = {
    "share": (0.7, 0.3), "score_mean": (680.0, 600.0), "score_sd": (70.0, 70.0),
    "history_threshold": (600.0, 680.0), "history_label_bias": (0.0, 0.3),
    "label_bias": (0.0, 0.0), "score_shift": (0.0, 0.0), "selective_labels": True,
    "history_rounds": 10, "applicants": 1000, "applicant_share": 0.02, "delay": 1,
    "midpoint": 600.0, "scale": 50.0, "gain": 75.0, "loss": 150.0, "loss_gain": 4.0,
    "retrain_every": 5, "l2": 1.0, "reviewer_skill": 0.8, "human_review": 0.0,
    "trust_growth": 0.02, "skill_decay": 0.02, "churn": 0.0, "inflow": 0.05,
}
COLUMNS = loop.columns(("A", "B"))


def run(seed: int, rounds: int, s: dict = SETTINGS) -> np.ndarray:
    """The ``[rounds, len(COLUMNS)]`` table of a lending run with ``seed``."""
    return loop.run(seed, rounds, s)


if __name__ == "__main__":
    loop.check_against_engine("lending", SETTINGS, COLUMNS, ((1, 1000), (2, 1000), (3, 1000)))
