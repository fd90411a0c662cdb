"""A seed gives the same numbers until the model version says otherwise.

Speed work reorders arithmetic, batches replications and caches what a round recomputed; none
of it may move a number. This test keeps a digest of every metric column of two runs of each
bundled scenario (seed 1: the defaults for 200 rounds, and the guide followed for 300, which
pulls most levers), written when the model version last changed. A column added later is
not in the file and does not fail; a column that moved fails, naming it.

Values are digested at 12 significant digits: exact for every decision the model takes (a
flipped decision moves a rate far more), blind to the last bits a reordered sum may change.

When a change is *meant* to move numbers, raise ``simulator.MODEL_VERSION``, say so in
``CHANGELOG.md`` and write the file again::

    python tests/test_same_numbers.py --write

When a bundled scenario's own world changes (its file, not the model), write its runs alone
again, so that the others still prove nothing else moved::

    python tests/test_same_numbers.py --write moderation
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

import numpy as np
import pytest

from simulator import MODEL_VERSION, Simulation, load_scenario

DIGESTS = Path(__file__).with_name("data") / "seed1_digests.json"
RUNS = {"defaults": (200, False), "guided": (300, True)}
CHECKED = ("lending", "hiring", "moderation", "policing", "model_collapse", "health_risk",
           "knowledge_commons")


def column_digests(name: str, rounds: int, guide: bool) -> dict[str, str]:
    sim = Simulation(load_scenario(name), seed=1, guide=guide)
    sim.run(rounds)
    out = {}
    for column in sim.recorder.columns:
        values = sim.recorder.series(column)
        text = ",".join(f"{v:.12g}" for v in np.asarray(values, dtype=float))
        out[column] = hashlib.sha256(text.encode()).hexdigest()[:16]
    return out


def all_digests() -> dict:
    return {"model_version": MODEL_VERSION,
            "runs": {f"{name}/{run}": column_digests(name, *RUNS[run])
                     for name in CHECKED for run in RUNS}}


@pytest.mark.parametrize("run", RUNS)
@pytest.mark.parametrize("name", CHECKED)
def test_a_seed_gives_the_numbers_it_gave(name, run):
    saved = json.loads(DIGESTS.read_text())
    if saved["model_version"] != MODEL_VERSION:
        pytest.fail(f"the digests are of model version {saved['model_version']}, the model is "
                    f"{MODEL_VERSION}: write them again (see this file's docstring)")
    want = saved["runs"][f"{name}/{run}"]
    got = column_digests(name, *RUNS[run])
    moved = sorted(c for c in want if got.get(c) != want[c])
    assert not moved, f"{name} ({run}): these columns moved: {', '.join(moved)}"


if __name__ == "__main__":
    if sys.argv[1:2] != ["--write"] or not set(sys.argv[2:]) <= set(CHECKED):
        sys.exit(__doc__)
    if sys.argv[2:]:
        digests = json.loads(DIGESTS.read_text())
        digests["runs"].update((f"{name}/{run}", column_digests(name, *RUNS[run]))
                               for name in sys.argv[2:] for run in RUNS)
    else:
        digests = all_digests()
    DIGESTS.write_text(json.dumps(digests, indent=1, sort_keys=True) + "\n")
    print(f"wrote {DIGESTS}")
