"""The run: a simpy Environment driving the stages of a loop kind, round after round.

All state of a run lives on its :class:`Simulation` (no globals), as plain data (numpy arrays,
lists), so a run can be forked: the copy gets its own Environment starting at the same time,
fresh stage processes, a deep copy of the kind's state and of every random stream, and then
continues exactly as the original would. A run and its baseline live side by side in one
process.

Time: one unit is one round. Round ``r`` (1-based) happens in the interval ``[r - 1, r)``; each
stage has its own phase within the round, which fixes the order of stages (the guide's steps,
then lever changes, then the kind's stages, then the recorder), and one process runs them in
that order once a round. ``step()`` runs one whole round.
"""

from __future__ import annotations

import copy
import math
from collections.abc import Iterator, Mapping
from dataclasses import asdict, dataclass
from typing import Any

import simpy

from . import MODEL_VERSION, __version__
from .changes import replayed_changes
from .errors import BiasLoopError, ParamError, RestartRequired
from .kinds.base import Params, RoundContext, Stage
from .kinds.contract import check_measured
from .recorder import Recorder
from .scenario import check_shares
from .streams import Streams

LEVER_PHASE = 0.01
GUIDE_PHASE = 0.005
RECORD_PHASE = 0.95
#: Who can change a parameter: the event log's ``who``.
WHO = ("user", "guide", "audit", "counterfactual")


@dataclass(frozen=True, slots=True)  # slots: a long run can log 100,000s
class Event:
    """A line of the run's event log: what changed, when, and who changed it.

    ``who`` is ``user``, ``guide``, ``audit`` or ``counterfactual``. ``round`` is the first
    round played with the new value.
    """

    round: int
    key: str
    old: Any
    new: Any
    who: str


def check_who(who: Any) -> None:
    """Refuse a change made by no one the event log knows (a hand-edited run file)."""
    if who not in WHO:
        raise BiasLoopError(f"who = {who!r} is not one who changes parameters; allowed: "
                            f"{', '.join(WHO)}")


class Simulation:
    """One run of a scenario.

    >>> sim = Simulation(load_scenario("lending"), seed=1)
    >>> sim.run(100)
    >>> sim.recorder.series("selection_rate_A")        # numpy array, one value per round
    >>> sim.set_param("mitigation.reweighing", True)    # applied at the next round, logged
    >>> baseline = sim.fork()                           # independent copy of the same state
    """

    def __init__(
        self,
        scenario,
        seed: int | None = None,
        overrides: Mapping[str, Any] | None = None,
        replication: int = 0,
        guide: bool = False,
    ):
        self.scenario = scenario
        self.kind = scenario.kind
        #: Whether the kind keeps replications side by side (one, here): see run_together.
        self._replicated = getattr(self.kind, "replicated", False)
        self.groups = scenario.group_ids
        self.schema = scenario.schema
        self.seed = int(scenario.seed if seed is None else seed)
        self.replication = int(replication)
        self.follow_guide = guide
        self.overrides = {k: self.schema.check(k, v) for k, v in (overrides or {}).items()}
        self.params = Params(self.schema.resolve({**scenario.params, **self.overrides}))
        self._refuse_conflicts(self.params)
        check_shares(self.params)  # the same rule a scenario file and --set are held to
        # The groups' tables are part of the world the kind reads, fixed for the run: they are
        # not schema parameters, so no change can reach them.
        self.params.update(scenario.tables())
        self.events: list[Event] = []
        # Guide steps a person applied off schedule (Next pressed past the step's round):
        # {"step": 1-based number, "due": its round, "applied": the round it was applied at}.
        self.guide_off_schedule: list[dict[str, int]] = []
        #: The round of another run this one was branched from (``fork(at_round=R)``), if it
        #: was: a record for people (the run files and manifests say it); replaying needs only
        #: the events, which hold the original's up to R.
        self.branched_at: int | None = None
        #: The room's predictions at the guide's questions, as revealed (a record for people,
        #: like the above): {"step": 1-based number, "ask": the question in English, "votes":
        #: one count per choice (empty: not counted), "answer": the right choice, 1-based (0:
        #: no single choice held), "asked" and "decided": the rounds}.
        self.predictions: list[dict[str, Any]] = []
        self._pending: list[tuple[str, Any, str]] = []
        self._held: frozenset[str] = frozenset()  # keys the guide leaves alone (counterfactual)
        self.streams = Streams(self.seed, self.replication)
        self.state = self.kind.create_state(self.params, self.groups, self.streams["setup"])
        self.recorder = Recorder(self.metric_columns(), blocks=self.metric_blocks())
        self._measure_checked = False
        self._start(initial_time=0)

    # --- public API ---------------------------------------------------------------------

    @property
    def round(self) -> int:
        """Number of rounds completed."""
        return int(self.env.now)

    @property
    def held(self) -> frozenset[str]:
        """Keys this run's guide leaves alone: the levers a counterfactual keeps at their
        defaults (see :meth:`counterfactual`)."""
        return self._held

    def step(self) -> None:
        """Play one round."""
        self.env.run(until=self.env.now + 1)

    def run(self, rounds: int) -> None:
        """Play ``rounds`` more rounds."""
        if rounds < 0:
            raise BiasLoopError(f"rounds must be 0 or more, got {rounds}")
        if rounds:
            self.recorder.reserve(len(self.recorder) + rounds)
            self.env.run(until=self.env.now + rounds)

    def set_param(self, key: str, value: Any, who: str = "user") -> Any:
        """Change a parameter from the next round on; the change is written to the event log
        when it takes effect. Returns the checked value. Parameters that shape the initial
        state raise :class:`RestartRequired`: set the run up again with them instead."""
        param = self.schema.get(key)
        checked = param.check(value)
        check_who(who)
        if param.restart:
            raise RestartRequired(
                f"{key} shapes the initial state of the run; it takes effect when the run is "
                "set up again (reset) with the new value"
            )
        after = {**self.params, **{k: v for k, v, _ in self._pending}, key: checked}
        self._refuse_conflicts(after, f"{key} cannot be {checked!r} now: ")
        # A newer change to the same key replaces one not yet applied, so changing a lever
        # and taking it back before the next round leaves no trace in the event log.
        self._pending = [p for p in self._pending if p[0] != key]
        self._pending.append((key, checked, who))
        return checked

    def limits(self) -> dict[str, float]:
        """The highest value a parameter may take from the next round on, where the other
        values narrow its range in the schema (e.g. a rate is at most 1 with at-most-one
        discoveries): what a control should offer."""
        after = {**self.params, **{k: v for k, v, _ in self._pending}}
        return self.kind.limits(after, self.groups)

    def _refuse_conflicts(self, params: Mapping[str, Any], cause: str = "") -> None:
        """Raise :class:`ParamError` for values the kind cannot run together."""
        problems = self.kind.conflicts(params, self.groups)
        if problems:
            raise ParamError(cause + "; ".join(f"{key}: {message}" for key, message in problems))

    def pending_value(self, key: str) -> Any:
        """The value ``key`` will have in the next round (pending changes included)."""
        value = self.params[key]
        for k, v, _ in self._pending:
            if k == key:
                value = v
        return value

    def fork(self, at_round: int | None = None) -> Simulation:
        """An independent copy that continues from this exact state and random streams; with
        ``at_round``, the run exactly as it stood after round ``at_round`` (0 up to now).

        Going back is a replay: a fresh run of the same seed and starting values, with every
        change made from outside (see :mod:`simulator.changes`) that took effect by then
        pulled again on cue. A run is fixed by those, so the copy is bit for bit the run as it
        was, and pulling a lever on it gives what a run that pulled it at ``at_round`` gives.
        Changes that would have taken effect after ``at_round`` are not made; the original is
        untouched."""
        if at_round is not None:
            return self._replayed_to(at_round)
        clone = copy.copy(self)
        clone.params = Params(self.params)
        clone.overrides = dict(self.overrides)
        clone.events = list(self.events)
        clone.guide_off_schedule = list(self.guide_off_schedule)
        clone.predictions = [dict(p) for p in self.predictions]
        clone._pending = list(self._pending)
        clone.streams = self.streams.copy()
        clone.state = copy.deepcopy(self.state)
        clone.recorder = self.recorder.copy()
        clone._start(initial_time=self.env.now)
        return clone

    def _replayed_to(self, at_round: int) -> Simulation:
        if isinstance(at_round, bool) or not isinstance(at_round, int) or not (
                0 <= at_round <= self.round):
            raise BiasLoopError(f"a run can be forked at a round from 0 to {self.round} (the "
                                f"rounds it has played), not at {at_round!r}")
        sim = Simulation(self.scenario, seed=self.seed, overrides=self.overrides,
                         replication=self.replication, guide=self.follow_guide)
        sim._held = self._held
        events = [asdict(e) for e in self.events if e.round <= at_round]
        for change in replayed_changes(events, guide=self.follow_guide):
            sim.run(change.round - sim.round)
            sim.set_param(change.key, change.value, who=change.who)
        sim.run(at_round - sim.round)
        sim.branched_at = at_round
        sim.predictions = [dict(p) for p in self.predictions if p["decided"] <= at_round]
        return sim

    def counterfactual(self, changes: Mapping[str, Any] | None = None) -> Simulation:
        """The same run, from this exact state and with the same random streams, but with
        ``changes`` (key → value) made from the next round on; by default every mitigation
        lever back to its default ("levers off"). The two runs then share their random numbers
        wherever their stages agree, so the gap between them is the effect of the changes.

        The changes are logged with ``who="counterfactual"``; changes of those keys that are
        still pending here are dropped, and the guide (if followed) leaves those keys alone. At
        round 0 the counterfactual is set up with the changes as starting values, so the
        counterfactual of a run that started with a lever on is, bit for bit, the run that
        never had it."""
        if changes is None:
            changes = {p.key: p.default for p in self.schema if p.lever}
        checked = {key: self.schema.check(key, value) for key, value in changes.items()}
        pending = [p for p in self._pending if p[0] not in checked]
        if self.round == 0 and not self.events:
            clone = Simulation(self.scenario, seed=self.seed,
                               overrides={**self.overrides, **checked},
                               replication=self.replication, guide=self.follow_guide)
            clone._pending = pending
        else:
            clone = self.fork()
            clone._pending = pending
            for key, value in checked.items():
                if clone.pending_value(key) != value:
                    clone.set_param(key, value, who="counterfactual")
        clone._held = self._held | frozenset(checked)
        return clone

    def metric_columns(self) -> list[str]:
        return [c for m in self.kind.metrics() for c in m.columns(self.groups)]

    def metric_blocks(self) -> dict[str, list[str]]:
        """Each per-group metric's columns, under its name: ``measure()`` may give a
        per-group metric as one array, in group order, instead of a float per column."""
        return {m.name: m.columns(self.groups) for m in self.kind.metrics() if m.per_group}

    def manifest(self) -> dict[str, Any]:
        """Everything needed to reproduce this run: program, scenario, seed, the parameters it
        started with and the event log."""
        return {
            "program": "bias-loop",
            "version": __version__,
            "model_version": MODEL_VERSION,
            "scenario": self.scenario.id,
            "scenario_source": self.scenario.source,
            "seed": self.seed,
            "replication": self.replication,
            "rounds": self.round,
            "guide": self.follow_guide,
            "params": self.schema.resolve({**self.scenario.params, **self.overrides}),
            "events": [asdict(e) for e in self.events],
            **({"guide_off_schedule": [dict(s) for s in self.guide_off_schedule]}
               if self.guide_off_schedule else {}),
            **({"branched_at": self.branched_at} if self.branched_at is not None else {}),
            **({"predictions": [dict(p) for p in self.predictions]} if self.predictions else {}),
        }

    def pending_changes(self) -> list[tuple[str, Any, str]]:
        """Changes made but not yet applied (they take effect at the next round): (key,
        value, who)."""
        return list(self._pending)

    # --- processes ------------------------------------------------------------------------

    def _start(self, initial_time: float) -> None:
        self.env = simpy.Environment(initial_time=initial_time)
        actions = {"levers": self._apply_pending, "guide": self._guide_step,
                   "record": self._record}
        self.env.process(self._rounds([actions[item] if isinstance(item, str)
                                       else self._stage_runner(item)
                                       for item in round_plan(self.kind, self.follow_guide)]))

    def _rounds(self, actions):
        """The process of the run: once a round, its actions in the order of their phases.

        One process calls them all rather than one process per phase (as the phases' order is
        all that matters and nothing else is scheduled between them): a timeout a round
        instead of one per stage, the engine's share of a short round."""
        r = math.floor(self.env.now)
        while True:
            yield self.env.timeout(r + 0.5 - self.env.now)
            for action in actions:
                action(r + 1)
            r += 1

    def _stage_runner(self, stage: Stage):
        rng = self.streams[stage.name]
        log = self._log
        if self._replicated:  # a batch of one replication
            rng, log = (rng,), (log,)

        def run(round_: int) -> None:
            if stage.every is not None and not _due(self.params[stage.every], round_):
                return
            stage.run(RoundContext(round_, self.params, self.state, rng, log, self.groups))

        return run

    def _log(self, key: str, old: Any, new: Any, who: str) -> None:
        self.events.append(Event(self.round + 1, key, old, new, who))

    def _apply_pending(self, round_: int) -> None:
        pending, self._pending = self._pending, []
        for key, value, who in pending:
            old = self.params[key]
            if old == value:
                continue
            self.params[key] = value
            self.events.append(Event(round_, key, old, value, who))
            self.kind.on_change(key, self.params, self.state)

    def _guide_step(self, round_: int) -> None:
        for step in self.scenario.guide:
            if step.round + 1 == round_:
                for key, value in step.set.items():
                    if key in self._held:
                        continue
                    self._pending.append((key, value, "guide"))

    def _record(self, round_: int) -> None:
        values = self.kind.measure(self.state, self.params, self.groups, round_)
        if self._replicated:  # a batch of one: its only row
            if not self._measure_checked:
                self._check_measured({key: value[0] for key, value in values.items()})
            self.recorder.append_replicated(round_, values)
            return
        self._check_measured(values)
        self.recorder.append(round_, values)

    def _check_measured(self, values: Mapping[str, Any]) -> None:
        if not self._measure_checked:
            # Once a run: a declared metric never measured would be recorded as all-NaN.
            check_measured(self.kind, values, self.recorder.columns, self.recorder.blocks)
            self._measure_checked = True


def round_plan(kind, follow_guide: bool) -> list:
    """What a round does, in the order of the phases: ``"guide"`` (its steps' changes),
    ``"levers"`` (pending changes applied), the kind's stages, ``"record"``."""
    items = [(LEVER_PHASE, "levers")]
    if follow_guide:
        items.append((GUIDE_PHASE, "guide"))
    items += [(stage.phase, stage) for stage in kind.stages()]
    items.append((RECORD_PHASE, "record"))
    items.sort(key=lambda pair: pair[0])  # stable: equal phases keep this order
    return [item for _, item in items]


def run_together(sims: list[Simulation], rounds: int) -> None:
    """Play ``rounds`` more rounds of several replications of one run (the same scenario,
    parameters and changes, at the same round), each as ``sim.run(rounds)`` would.

    A kind that keeps its state with a leading replication axis (``replicated``) advances
    them in one pass of array operations a round, each replication drawing from its own
    streams, so the results are bit for bit those of playing them one by one; other kinds
    play them one by one. Changes are made on each run as usual between calls."""
    if len(sims) == 1 or not getattr(sims[0].kind, "replicated", False):
        for sim in sims:
            sim.run(rounds)
        return
    for _ in rounds_together(sims, rounds):
        pass


def rounds_together(sims: list[Simulation], rounds: int) -> Iterator[int]:
    """:func:`run_together` for a kind with a replication axis, a round at a time: yields
    each round once it is played. Between two rounds the replications' state stays stacked
    (so a caller that plays a few rounds at a time, the GUI between frames, pays for stacking
    once), and changes may be made on each run as usual; the runs get their own state back
    when the last round is played."""
    kind = sims[0].kind
    start = sims[0].round
    if any(sim.round != start for sim in sims):
        raise BiasLoopError("replications played together must be at the same round")
    if rounds <= 0:
        return
    for sim in sims:
        sim.recorder.reserve(len(sim.recorder) + rounds)
    state = kind.stack_states([sim.state for sim in sims])
    for sim in sims:  # a change applied mid-way tells the kind about the shared state
        sim.state = state
    plan = round_plan(kind, sims[0].follow_guide)
    streams = {item.name: tuple(sim.streams[item.name] for sim in sims)
               for item in plan if isinstance(item, Stage)}
    now = [start]
    logs = tuple(_logger(sim, now) for sim in sims)
    for round_ in range(start + 1, start + rounds + 1):
        now[0] = round_
        for item in plan:
            if item == "guide":
                for sim in sims:
                    sim._guide_step(round_)
            elif item == "levers":
                for sim in sims:
                    sim._apply_pending(round_)
            elif item == "record":
                values = kind.measure(state, sims[0].params, sims[0].groups, round_)
                if not sims[0]._measure_checked:  # the same kind and columns for all
                    first = {key: value[0] for key, value in values.items()}
                    for sim in sims:
                        sim._check_measured(first)
                table = sims[0].recorder.rows(values, len(sims))
                for sim, row in zip(sims, table, strict=True):
                    sim.recorder.append_row(round_, row)
            elif item.every is None or _due(sims[0].params[item.every], round_):
                item.run(RoundContext(round_, sims[0].params, state, streams[item.name], logs,
                                      sims[0].groups))
        if round_ == start + rounds:  # the last: the runs take their own state back first
            for sim, own in zip(sims, kind.split_state(state), strict=True):
                sim.state = own
                sim._start(initial_time=start + rounds)
        yield round_


def _due(period: int, round_: int) -> bool:
    return period > 0 and round_ % period == 0


def _logger(sim: Simulation, now: list[int]):
    """``sim``'s event log for a stage played together with others: written at the round
    being played (``now[0]``), as :meth:`Simulation._log` writes it when played alone."""
    def log(key: str, old: Any, new: Any, who: str) -> None:
        sim.events.append(Event(now[0], key, old, new, who))
    return log
