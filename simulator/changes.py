"""Changes made to a run from outside it, and how an event log gives them back.

A run is fixed by its scenario, seed and starting values, plus the changes made to it as it
played (a lever pulled, a guide step clicked). The event log records those changes among the
run's own (audit findings, and guide steps when the run follows its guide), so replaying the
outside ones on the same seed plays the run again exactly: how a CSV or a run file reproduces
its run, and how :meth:`simulator.Simulation.fork` goes back to an earlier round.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

#: Event sources a replay must not repeat: the guide flag replays guide steps, and the kind
#: itself writes its audit findings. Every other event was a change made from outside.
SELF_MADE = ("guide", "audit")


@dataclass(frozen=True)
class Change:
    """A lever pulled mid-run: after ``round`` rounds, set ``key`` to ``value``. Like a click in
    the GUI it takes effect from round ``round + 1`` and is written to the event log."""

    round: int
    key: str
    value: Any
    who: str = "user"


def replayed_changes(events: Iterable[Mapping[str, Any]], guide: bool = True) -> list[Change]:
    """The changes that produced an event log: an event dated round ``r`` (the first round
    played with the new value) was a change after round ``r - 1``. Audit findings are the
    kind's own, and guide steps are replayed by the guide when it is followed (``guide``);
    in a run that did not follow it (the GUI, where a facilitator clicks the steps) they are
    changes like any other. Events logged by several replications are replayed once; a change
    that was a no-op somewhere stays a no-op there."""
    self_made = SELF_MADE if guide else tuple(w for w in SELF_MADE if w != "guide")
    seen: dict[tuple, Change] = {}
    for e in events:
        if e["who"] in self_made:
            continue
        change = Change(e["round"] - 1, e["key"], e["new"], e["who"])
        seen.setdefault((change.round, change.key, repr(change.value), change.who), change)
    return list(seen.values())
