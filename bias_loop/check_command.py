"""``bias-loop run SCENARIO --guide --check``: does every guide step show what it says?

Plays the guide in every replication and checks each step's claims (see
:mod:`simulator.claims`), one line per claim on standard error, so a change to a model or a
scenario that makes a caption untrue fails loudly instead of surprising a facilitator. The
guide's questions (:mod:`simulator.predictions`) and their answers are written there too, with
``--guide`` alone; ``--check`` also confirms that each has the same answer in every replication.
With ``--preset NAME`` it also checks the preset's expected results: statistics over the
replications (a mean, a share above a value, a quantile) within a tolerance.
"""

from __future__ import annotations

from typing import TextIO

from simulator.claims import ClaimCheck, check_guide
from simulator.predictions import PredictionCheck, check_predictions, letter
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


def report_predictions(scenario, seed: int, results, out: TextIO, check: bool) -> int:
    """Write each question of ``scenario``'s guide, its choices and its answer in ``results``;
    with ``check``, return :data:`EXIT_CLAIM_FAILED` when a question is not answered by one
    and the same choice in every replication (else 0)."""
    checks = check_predictions(scenario.guide, results)
    for c in checks:
        for line in prediction_lines(c, scenario, seed):
            print(line, file=out)
    failed = [c for c in checks if c.right is None]
    if not check or not checks:
        return 0
    if not failed:
        which = "the question has" if len(checks) == 1 else f"all {len(checks)} questions have"
        print(f"{which} the same answer in every replication ({len(results)})", file=out)
        return 0
    print(f"{len(failed)} of {len(checks)} questions are not answered the same in every "
          f"replication: step {', '.join(str(c.step + 1) for c in failed)}", file=out)
    return EXIT_CLAIM_FAILED


def prediction_lines(check: PredictionCheck, scenario, seed: int) -> list[str]:
    """"step 5 asks: ...", a line per choice with the claim that makes it right, and "step 5
    answer: C. It falls, in 10/10 replications (weakest: ...)" or what went otherwise."""
    head = f"step {check.step + 1}"
    p = check.prediction
    lines = [f"{head} asks: {p.ask.get('en')}"]
    lines += [f"  {letter(i)}. {c.text.get('en')} (right if {c.claim.describe()})"
              for i, c in enumerate(p.choices)]
    runs = len(check.answers)
    right = check.right
    if right is not None:
        said = f"{head} answer: {letter(right)}. {p.choices[right].text.get('en')}"
        if runs == 1:
            return [*lines, f"{said} ({check.answers[0][1].sentence(scenario)})"]
        _, weakest = check.weakest()
        return [*lines, f"{said}, in {runs}/{runs} replications (weakest: "
                        f"{weakest.against()})"]
    tally = []
    for choice, n in sorted(check.rights.items(), key=lambda kv: -kv[1]):
        tally.append(f"{'no single choice' if choice is None else letter(choice)} in {n}")
    unreached = [r for r, a in check.answers if a is None]
    why = (f"; {len(unreached)} ended before the answer is decided at round {check.deciding}: "
           "play at least that many rounds") if unreached else ""
    return [*lines, f"{head} answer: NOT THE SAME in every replication of seed {seed}: "
                    f"{', '.join(tally)} (replications "
                    f"{', '.join(map(str, check.disagreeing))}{why})"]


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
