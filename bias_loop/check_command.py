"""``bias-loop run SCENARIO --guide --check``: does every guide step show what it says?

Plays the guide in every replication and checks each step's claims (see
:mod:`simulator.claims`), one line per claim on standard error, so a change to a model or a
scenario that makes a caption untrue fails loudly instead of surprising a facilitator.
With ``--preset NAME`` it also checks the preset's expected results: statistics over the
replications (a mean, a share above a value, a quantile) within a tolerance.
"""

from __future__ import annotations

from typing import TextIO

from simulator.claims import ClaimCheck, check_guide
from simulator.presets import check_preset

EXIT_CLAIM_FAILED = 1


def report(scenario, seed: int, results, out: TextIO) -> int:
    """Write a line per claim of ``scenario``'s guide, checked in ``results``; return 0 when
    every claim held in every replication, else :data:`EXIT_CLAIM_FAILED`."""
    checks = check_guide(scenario.guide, results)
    if not checks:
        print(f"{scenario.source}: its guide makes no claims, so there is nothing to check",
              file=out)
        return 0
    for check in checks:
        print(claim_line(check, seed), file=out)
    failed = [c for c in checks if c.failed]
    total = len(checks)
    if not failed:
        print(f"all {total} claims hold in every replication ({len(results)})", file=out)
        return 0
    print(f"{len(failed)} of {total} claims do not hold everywhere", file=out)
    return EXIT_CLAIM_FAILED


def claim_line(check: ClaimCheck, seed: int) -> str:
    """"step 3, claim 1: holds in 10/10 (weakest: +0.14 against +0.10 needed): ...", with the
    failing replications named when there are any."""
    runs = len(check.verdicts)
    held = runs - len(check.failed)
    head = f"step {check.step + 1}, claim {check.index + 1}: "
    weakest = check.weakest
    detail = ""
    if weakest is not None:
        replication, verdict = weakest
        detail = f"weakest: {verdict.against()}"
        if check.failed:
            detail += f", in replication {replication}"
    if check.failed:
        which = "replication" if len(check.failed) == 1 else "replications"
        head += (f"FAILS in {len(check.failed)}/{runs} ({which} "
                 f"{', '.join(map(str, check.failed))} of seed {seed}")
        unreached = [r for r, v in check.verdicts if v is None]
        if unreached:
            head += (f"; {len(unreached)} of them ended before its deadline at round "
                     f"{check.deadline}: play at least that many rounds")
        head += f"{'; ' + detail if detail else ''})"
    else:
        head += f"holds in {held}/{runs} ({detail})"
    return f"{head}: {check.claim.describe()}"


def report_preset(preset, results, out: TextIO) -> int:
    """Write a line per expected result of ``preset``, as the replications gave it; return 0
    when each is within its tolerance, else :data:`EXIT_CLAIM_FAILED`."""
    checks = check_preset(preset, results)
    if not checks:
        print(f"preset {preset.id} expects no results, so there is nothing to check", file=out)
        return 0
    for number, check in enumerate(checks, 1):
        print(f"preset {preset.id}, result {number}: {check.describe()}", file=out)
    failed = [number for number, check in enumerate(checks, 1) if not check.holds]
    if not failed:
        print(f"all {len(checks)} expected results of preset {preset.id} hold over "
              f"{len(results)} replications ({preset.paper})", file=out)
        return 0
    print(f"{len(failed)} of {len(checks)} expected results of preset {preset.id} do not "
          f"hold: result {', '.join(map(str, failed))}", file=out)
    return EXIT_CLAIM_FAILED
