"""Running a scenario headless: one run, or many replications spread over processes.

A :class:`RunSpec` says everything a headless run does (scenario, rounds, seed, parameter
overrides, lever changes at given rounds, guide on or off, replications) and is checked in full
when it is made, so a mistake is reported at once, before any work starts and never from inside
a worker process. Replication ``i`` is ``Simulation(..., replication=i)``: its random streams
derive from (seed, i) alone, so results do not depend on how many processes share the work, and
replication 0 is the plain run with that seed.

Workers are started with "spawn", not "fork": they import only ``simulator`` (never Qt, even
when the caller is the GUI) and inherit no threads or open windows from their parent.
"""

from __future__ import annotations

import itertools
import multiprocessing
import os
import pickle
import signal
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from typing import Any

from .changes import Change, replayed_changes
from .engine import Event, Simulation, check_who, rounds_together, run_together
from .errors import BiasLoopError, RestartRequired
from .limits import MAX_REPLICATIONS, MAX_ROUNDS, MAX_SEED
from .recorder import Recorder
from .scenario import Scenario, check_shares, dump_scenario, load_scenario, parse_scenario
from .schema import Schema


@dataclass(frozen=True)
class RunSpec:
    """A headless run, checked: ``rounds`` and ``seed`` default to the scenario's, overrides
    are checked against its schema and changes are sorted by round (ties keep their order)."""

    scenario: Scenario
    rounds: int | None = None
    seed: int | None = None
    overrides: Mapping[str, Any] = field(default_factory=dict)
    changes: tuple[Change, ...] = ()
    guide: bool = False
    replications: int = 1

    def __post_init__(self) -> None:
        schema = self.scenario.schema
        rounds = self.scenario.rounds if self.rounds is None else self.rounds
        seed = self.scenario.seed if self.seed is None else self.seed
        _whole(rounds, "rounds", 1, MAX_ROUNDS)
        _whole(seed, "seed", 0, MAX_SEED)
        _whole(self.replications, "replications", 1, MAX_REPLICATIONS)
        overrides = {key: schema.check(key, value) for key, value in self.overrides.items()}
        check_shares(schema.resolve({**self.scenario.params, **overrides}))
        changes = [check_change(schema, rounds, c) for c in self.changes]
        object.__setattr__(self, "rounds", rounds)
        object.__setattr__(self, "seed", seed)
        object.__setattr__(self, "overrides", overrides)
        object.__setattr__(self, "changes", tuple(sorted(changes, key=lambda c: c.round)))
        self._check_shares_over_time()

    def _check_shares_over_time(self) -> None:
        """The shares rule holds at every round: the changes made after one round (all of
        them, so both groups' shares can change together) leave shares that sum to 1."""
        values = self.scenario.schema.resolve({**self.scenario.params, **self.overrides})
        for r, group in itertools.groupby(self.changes, key=lambda c: c.round):
            values.update((c.key, c.value) for c in group)
            try:
                check_shares(values)
            except BiasLoopError as exc:
                raise BiasLoopError(f"the changes after round {r}: {exc}") from None

    def __reduce__(self):
        # Sent to workers as scenario TOML (exact round trip), not as pickled objects.
        return (_rebuild_spec, (dump_scenario(self.scenario), self.scenario.source, self.rounds,
                                self.seed, dict(self.overrides), self.changes, self.guide,
                                self.replications))


def _rebuild_spec(text, source, rounds, seed, overrides, changes, guide, replications):
    return RunSpec(parse_scenario(text, source), rounds, seed, overrides, changes, guide,
                   replications)


def _whole(value: Any, name: str, least: int, most: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or not least <= value <= most:
        raise BiasLoopError(f"{name} must be a whole number from {least} to {most:,}, "
                            f"got {value!r}")


def check_change(schema: Schema, rounds: int, change: Change) -> Change:
    """``change`` with its value checked, or a :class:`BiasLoopError` saying what is wrong."""
    param = schema.get(change.key)
    value = param.check(change.value)
    check_who(change.who)
    if param.restart:
        raise RestartRequired(
            f"{change.key} shapes the initial state of the run, so it cannot change mid-run"
        )
    r = change.round
    if isinstance(r, bool) or not isinstance(r, int) or not 0 <= r < rounds:
        raise BiasLoopError(
            f"a change after round {r!r} never takes effect in a run of {rounds} rounds; "
            f"the round must be from 0 to {rounds - 1} (the change applies from the next round)"
        )
    return Change(r, change.key, value, change.who)


@dataclass(frozen=True)
class RunResult:
    """A finished replication as plain data: what crosses back from a worker process (a
    :class:`Simulation` cannot, its simpy processes are generators). It answers ``recorder``,
    ``events`` and ``manifest()`` like a Simulation, so exports take either."""

    replication: int
    recorder: Recorder
    events: tuple[Event, ...]
    summary: Mapping[str, Any]

    @classmethod
    def of(cls, sim: Simulation, final_only: bool = False) -> RunResult:
        """``sim`` as plain data; ``final_only`` keeps only its last recorded round."""
        recorder = sim.recorder.final() if final_only else sim.recorder
        return cls(sim.replication, recorder, tuple(sim.events), sim.manifest())

    def manifest(self) -> dict[str, Any]:
        return dict(self.summary)


#: Rounds played between two progress reports: few enough that a stop request is answered
#: within milliseconds, many enough that the report costs nothing next to the rounds.
ROUNDS_PER_REPORT = 32


def without_levers(spec: RunSpec) -> RunSpec:
    """The counterfactual of a headless run: the same seed and starting values, with every
    lever change made during the run left out (changes of the world kept), the guide's steps
    included. Its rows are those of a fresh run without the lever changes, so the gap between
    the two is what the levers pulled during the run did. (The GUI's "levers off" goes further:
    it also turns off levers that are on from the start.)"""
    schema = spec.scenario.schema
    changes = [c for c in spec.changes if not schema.get(c.key).lever]
    if spec.guide:  # the guide's own changes, less its levers, as changes on cue
        changes += [Change(step.round, key, value, "guide") for step in spec.scenario.guide
                    if step.round < spec.rounds  # a later step never takes effect
                    for key, value in step.set.items() if not schema.get(key).lever]
    return replace(spec, changes=tuple(changes), guide=False)


def play(spec: RunSpec, replication: int = 0,
         progress: Callable[[int, int], None] | None = None) -> Simulation:
    """Play one replication of ``spec`` in this process, pulling its levers on schedule.

    ``progress(rounds_done, rounds)`` is called every few rounds. If it raises
    KeyboardInterrupt (Ctrl+C, or a caller's "stop"), the run stops there, after a whole
    round, and is returned as it is: ``sim.round < spec.rounds`` tells, and the shorter run
    is as valid and reproducible as one asked for with fewer rounds."""
    sim = Simulation(spec.scenario, seed=spec.seed, overrides=spec.overrides,
                     replication=replication, guide=spec.guide)
    for change in spec.changes:
        if not play_on(sim, change.round, spec.rounds, progress):
            return sim
        sim.set_param(change.key, change.value, who=change.who)
    play_on(sim, spec.rounds, spec.rounds, progress)
    return sim


def play_on(sim: Simulation, target: int, rounds: int, progress) -> bool:
    """Play ``sim`` on to round ``target``, reporting ``progress(done, rounds)`` every few
    rounds; False when ``progress`` asked to stop (by raising KeyboardInterrupt)."""
    while sim.round < target:
        sim.run(min(ROUNDS_PER_REPORT, target - sim.round))
        if progress is not None:
            try:
                progress(sim.round, rounds)
            except KeyboardInterrupt:
                return False
    return True


def play_together(spec: RunSpec, replications: Iterable[int]) -> list[Simulation]:
    """The replications ``replications`` of ``spec``, played side by side: what
    :func:`play` gives for each, bit for bit, for about the cost of one where the kind keeps
    its replications in one state (see :func:`simulator.engine.run_together`)."""
    run = TogetherRun(spec, replications)
    run.advance(spec.rounds)
    return run.sims


class TogetherRun:
    """Replications of ``spec`` played side by side a few rounds at a time, its levers pulled
    on schedule: :func:`play_together` plays one to its end, the GUI's Run 20 seeds a few
    rounds between two frames. Where the kind keeps its replications in one state, that
    state stays stacked from the first round to the last."""

    def __init__(self, spec: RunSpec, replications: Iterable[int]):
        self.spec = spec
        self.sims = [Simulation(spec.scenario, seed=spec.seed, overrides=spec.overrides,
                                replication=i, guide=spec.guide) for i in replications]
        self.round = 0
        self._changes = deque(spec.changes)
        replicated = len(self.sims) > 1 and getattr(self.sims[0].kind, "replicated", False)
        self._rounds = rounds_together(self.sims, spec.rounds) if replicated else None

    @property
    def done(self) -> bool:
        return self.round >= self.spec.rounds

    def advance(self, rounds: int) -> None:
        """Play up to ``rounds`` more rounds (none past the run's end)."""
        target = min(self.round + rounds, self.spec.rounds)
        while True:
            while self._changes and self._changes[0].round <= self.round:  # due: made now,
                change = self._changes.popleft()  # in effect from the next round
                for sim in self.sims:
                    sim.set_param(change.key, change.value, who=change.who)
            if self.round >= target:
                return
            stop = min(target, self._changes[0].round) if self._changes else target
            if self._rounds is None:
                run_together(self.sims, stop - self.round)
            else:
                for _ in range(stop - self.round):
                    next(self._rounds)
            self.round = stop


def replicate(spec: RunSpec, replications: range, final_only: bool = False) -> list[RunResult]:
    """Replications ``replications`` of ``spec``, played together, as plain data (a job for a
    worker process); ``final_only`` keeps their last round only."""
    return [RunResult.of(sim, final_only) for sim in play_together(spec, replications)]


#: Replications one job plays side by side: enough that the arithmetic they share costs
#: little each, few enough that a job's memory (its training data, about 1.4 MB a
#: replication in the decisions kind) and what a Ctrl+C loses stay small.
REPLICATIONS_TOGETHER = 20


def replication_batches(replications: int, workers: int) -> list[range]:
    """``range(replications)`` cut into consecutive jobs for ``workers`` processes: every
    worker gets some, and none more than :data:`REPLICATIONS_TOGETHER`."""
    size = max(1, min(REPLICATIONS_TOGETHER, -(-replications // workers)))
    return [range(i, min(i + size, replications)) for i in range(0, replications, size)]


def run_replications(spec: RunSpec, jobs: int = 1,
                     progress: Callable[[int, int], None] | None = None,
                     final_only: bool = False) -> list[RunResult]:
    """Every replication of ``spec``, in order, on ``jobs`` processes (1: in this process,
    0: one per available core). The results are the same whatever ``jobs`` is.
    ``final_only`` keeps only the last round of each, and one copy of the starting values
    they share, so that many replications take little memory each.

    ``progress(done, total)`` is called as each replication finishes. Ctrl+C
    (KeyboardInterrupt, also when ``progress`` raises it) stops cleanly, as a sweep does: the
    workers are stopped and the list holds only the replications that finished, in order, so
    it is shorter than ``spec.replications``."""
    finished: dict[int, RunResult] = {}

    def done(results: list[RunResult]) -> None:
        for result in results:
            if final_only and finished:  # share what every replication has the same
                first = next(iter(finished.values()))
                if result.summary["params"] == first.summary["params"]:
                    result.summary["params"] = first.summary["params"]
                result = replace(result, recorder=result.recorder.final(like=first.recorder))
            finished[result.replication] = result
            if progress is not None:
                progress(len(finished), spec.replications)

    workers = worker_count(jobs, spec.replications)
    tasks = ((replicate, (spec, batch, final_only))
             for batch in replication_batches(spec.replications, workers))
    try:
        run_tasks(tasks, workers, done)
    except KeyboardInterrupt:
        pass
    return [finished[i] for i in sorted(finished)]


#: Tasks handed to the workers ahead of those running, per worker: enough to keep every worker
#: busy, few enough that a million-task sweep never holds a million pickled tasks at once.
TASKS_AHEAD = 4


def run_tasks(tasks: Iterable[tuple[Callable, tuple]], workers: int,
              done: Callable[[Any], None]) -> None:
    """Call each ``function(*args)`` of ``tasks``, in this process (``workers == 1``) or in
    ``workers`` spawned processes, and hand each result to ``done`` as it comes, in the order
    they finish. Used by replications and sweeps alike.

    A task that fails in a worker ends the whole call with its error (a
    :class:`BiasLoopError` as it was raised, anything else as one naming it), and so does a
    worker that dies (killed, out of memory): nothing waits forever for a result that will not
    come. A KeyboardInterrupt (Ctrl+C here, or raised by ``done``) propagates, after the
    workers are terminated, so a stop is immediate. Workers ignore SIGINT, so a Ctrl+C at the
    terminal, which reaches every process of the group, stops only this one, and no worker
    prints a traceback."""
    if workers == 1:
        for function, args in tasks:
            done(function(*args))
        return
    pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"),
                               initializer=_ignore_sigint)
    pending: set = set()
    feed = iter(tasks)
    try:
        with _sigint_ignored():  # the workers start with SIGINT ignored, and keep it so
            _top_up(pool, pending, feed, workers * TASKS_AHEAD)
        while pending:
            finished, pending = wait(pending, return_when=FIRST_COMPLETED)
            for future in finished:
                done(_outcome(future))
            _top_up(pool, pending, feed, workers * TASKS_AHEAD)
    except BaseException:
        _stop(pool)
        raise
    pool.shutdown()


def _top_up(pool: ProcessPoolExecutor, pending: set, feed: Iterator, size: int) -> None:
    for task in itertools.islice(feed, max(size - len(pending), 0)):
        # Pickled here, unpickled inside _call: an error rebuilding a task in the worker
        # comes back as that task's error instead of killing the worker.
        pending.add(pool.submit(_call, pickle.dumps(task)))


def _outcome(future: Future) -> Any:
    try:
        return future.result()
    except BrokenProcessPool:
        raise BiasLoopError("a worker process stopped before finishing its run (killed, or "
                            "out of memory), so the runs are incomplete and nothing was "
                            "written; try again, or with fewer --jobs") from None
    except BiasLoopError:
        raise
    except Exception as exc:
        raise BiasLoopError(f"a run failed in a worker process: {type(exc).__name__}: "
                            f"{exc}") from exc


def _stop(pool: ProcessPoolExecutor) -> None:
    """End the pool now: queued tasks cancelled, running ones killed (a worker in the middle
    of a long run would otherwise keep the program alive until it finished).

    The pool's manager thread is then waited for (it ends as soon as it sees the workers
    gone): left running, it could close its wake-up pipe just as the interpreter's exit
    handler writes to it, and a Ctrl+C or SIGTERM would end with that OSError's traceback."""
    manager = getattr(pool, "_executor_manager_thread", None)
    pool.shutdown(wait=False, cancel_futures=True)
    kill = getattr(pool, "kill_workers", None)  # Python 3.14
    if kill is not None:
        kill()
    else:
        for process in list((getattr(pool, "_processes", None) or {}).values()):
            process.kill()  # workers ignore SIGTERM (below), so it takes SIGKILL
    if manager is not None:
        manager.join(timeout=MANAGER_EXIT_S)


#: How long to wait for a stopped pool's manager thread (it ends in milliseconds).
MANAGER_EXIT_S = 10.0


def _call(payload: bytes) -> Any:
    function, args = pickle.loads(payload)
    return function(*args)


def _ignore_sigint() -> None:
    """A worker's first act: from here on a Ctrl+C at the terminal, or a SIGTERM sent to the
    whole process group, leaves it alone; the parent stops it, after writing what
    finished."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)


@contextmanager
def _sigint_ignored() -> Iterator[None]:
    """Ignore SIGINT while workers are started, so they inherit it ignored (a new Python
    keeps an ignored SIGINT ignored): a Ctrl+C while a worker is still importing, before
    :func:`_ignore_sigint` runs, would otherwise print its traceback. Only the main thread may
    change signal handlers; workers started from another (the GUI's) rely on
    :func:`_ignore_sigint` alone. A Ctrl+C in these few milliseconds is lost."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def worker_count(jobs: int, replications: int) -> int:
    if isinstance(jobs, bool) or not isinstance(jobs, int) or jobs < 0:
        raise BiasLoopError(f"jobs must be 0 (one per core) or a whole number, got {jobs!r}")
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return max(1, min(jobs or cores or 1, replications))


# --- reproducing a run from its manifest ------------------------------------------------------


def spec_from_manifest(manifest: Mapping[str, Any], scenario: Scenario | None = None,
                       rounds: int | None = None) -> RunSpec:
    """The run a manifest describes (see :func:`simulator.csvio.read_manifest` and
    :func:`simulator.saved_run.read_run`): its scenario (``scenario``, or loaded again from
    ``scenario_source``), its starting parameters as overrides, and every change made from
    outside the run (user, counterfactual; guide steps too when the guide is not followed)
    replayed at its round. ``rounds`` plays on past the manifest's own length."""
    if scenario is None:
        scenario = load_scenario(manifest["scenario_source"])
    return RunSpec(
        scenario,
        rounds=manifest["rounds"] if rounds is None else rounds,
        seed=manifest["seed"],
        overrides=manifest["params"],
        changes=tuple(replayed_changes(manifest["events"], guide=manifest["guide"])),
        guide=manifest["guide"],
        replications=manifest.get("replications", 1),
    )


def replay(manifest: Mapping[str, Any], scenario: Scenario | None = None,
           replication: int | None = None,
           progress: Callable[[int, int], None] | None = None) -> Simulation:
    """One run a manifest describes, played again in this process to the same round: the
    same state, the same numbers, the same event log, ready to go on. ``replication``
    defaults to the manifest's own; ``progress`` is as for :func:`play`."""
    if replication is None:
        replication = manifest.get("replication", 0)
    if manifest["rounds"] == 0:  # set up, not yet played: nothing to replay
        if scenario is None:
            scenario = load_scenario(manifest["scenario_source"])
        return Simulation(scenario, seed=manifest["seed"], overrides=manifest["params"],
                          replication=replication, guide=manifest["guide"])
    return play(spec_from_manifest(manifest, scenario), replication, progress)


def run_from_manifest(manifest: Mapping[str, Any], jobs: int = 1) -> list[RunResult]:
    """Run again what a manifest describes; bit for bit the same results."""
    return run_replications(spec_from_manifest(manifest), jobs)
