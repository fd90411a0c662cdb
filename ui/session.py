"""The controller behind the window: one run of one scenario, and everything a user does to it.

It holds the :class:`~simulator.Simulation`, the starting values the user chose, the run/pause
state and speed, the undo stack of live parameter changes and the progress through the
scenario's guide. It has no widgets, so everything the window can do is tested without
painting; widgets call its methods and redraw on its signals.

Running never blocks the event loop: a timer plays rounds in slices of at most
``SLICE_SECONDS`` and then hands control back, so input and painting stay responsive whatever
the speed. Plots do not redraw per round; they poll at their own frame rate.

Starting values versus live changes: before the first round is played a change sets up the run
again with the new value (nothing is lost, and Reset keeps it); once the run has started a
change applies from the next round, is written to the run's event log (a marker on the plots)
and can be undone. Values that shape the initial state raise
:class:`~simulator.RestartRequired`; :meth:`restart_with` is the offer to set up again.
"""

from __future__ import annotations

import multiprocessing
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from simulator import Simulation, dump_scenario
from simulator.bands import bands
from simulator.runs import Change, RunSpec, replayed_changes, replicate, worker_count
from simulator.saved_run import open_run, save_run
from simulator.scenario import check_shares

from .pacer import DEFAULT_SPEED, Pacer, RateMeter

SLICE_SECONDS = 0.015
SEEDS_POLL_MS = 100


class Session(QObject):
    scenario_changed = Signal()  # another scenario: views rebuild their controls and plots
    reset_done = Signal()  # a new run of the same scenario: views clear their history
    advanced = Signal(int)  # rounds played since the last signal
    running_changed = Signal(bool)
    params_changed = Signal()  # a value (or a value pending for the next round) changed
    guide_changed = Signal()
    compare_changed = Signal()  # baseline, counterfactual or band shown, hidden or replaced
    seeds_progress = Signal(int, int)  # replications done, of how many
    seeds_finished = Signal(str)  # "" when the band is ready, else why it is not

    def __init__(self, scenario, parent: QObject | None = None):
        super().__init__(parent)
        self.pacer = Pacer(DEFAULT_SPEED)
        self.meter = RateMeter()
        self._timer = QTimer(self)
        self._timer.timeout.connect(self._tick)
        self._stop_at: int | None = None
        self._on_arrival: Callable[[], None] | None = None
        # Compare: a pinned baseline and a counterfactual run beside the live one (both
        # played as far as the live run goes), and a band over replications of its settings.
        self.baseline: Simulation | None = None
        self.counterfactual: Simulation | None = None
        self.band: dict | None = None
        self.band_size = 0
        self.compare_version = 0
        self._pool: ProcessPoolExecutor | None = None
        self._futures: list = []
        self._seeds_timer = QTimer(self)
        self._seeds_timer.setInterval(SEEDS_POLL_MS)
        self._seeds_timer.timeout.connect(self._poll_seeds)
        self._adopt(scenario)

    # --- scenario and set-up -----------------------------------------------------------

    def _adopt(self, scenario) -> None:
        self.scenario = scenario
        self.seed = scenario.seed
        self.overrides: dict[str, Any] = {}
        self.cancel_seeds()
        self.baseline = self.counterfactual = self.band = None
        self.compare_version += 1
        self._setup()

    def _setup(self) -> None:
        self.sim = Simulation(self.scenario, seed=self.seed, overrides=self.overrides)
        self._sim_replaced()
        self.undo_stack: list[tuple[str, Any]] = []
        self.guide_next = 0  # index of the step "Next step" performs
        self.guide_shown: int | None = None  # index of the step whose caption is on screen
        self.guide_advancing = False
        self.meter.clear()

    def load(self, scenario) -> None:
        """Switch to another (already validated) scenario, with its own seed and defaults."""
        self.pause()
        self._adopt(scenario)
        self.scenario_changed.emit()

    def reset(self, seed: int | None = None) -> None:
        """Set the run up again from round 0 with the starting values (and a new seed)."""
        self.pause()
        if seed is not None:
            self.seed = int(seed)
        self._setup()
        self.reset_done.emit()
        self.guide_changed.emit()

    def restore_defaults(self) -> None:
        """Forget the user's starting values: the scenario exactly as its file says."""
        self.overrides = {}
        self.reset()

    # --- running -----------------------------------------------------------------------

    @property
    def running(self) -> bool:
        return self._timer.isActive()

    @property
    def speed(self) -> float | None:
        return self.pacer.speed

    def set_speed(self, speed: float | None) -> None:
        self.pacer.speed = speed
        if self._stop_at is None:
            self._timer.setInterval(self.pacer.interval_ms())

    def run(self) -> None:
        if self.running:
            return
        self.pacer.start(time.perf_counter())
        self._timer.start(self.pacer.interval_ms())
        self.running_changed.emit(True)

    def pause(self) -> None:
        if self.guide_advancing:  # interrupted on the way to a guide step: not performed
            self.guide_advancing = False
            self.guide_next -= 1
            self.guide_changed.emit()
        self._stop_at = self._on_arrival = None
        if self.running:
            self._timer.stop()
            self.running_changed.emit(False)

    def toggle(self) -> None:
        if self.running:
            self.pause()
        else:
            self.run()

    def step(self) -> None:
        """One round, pausing first if running (Step is for looking closely)."""
        self.pause()
        self.play(1)

    def play(self, rounds: int) -> None:
        """Play ``rounds`` rounds now, synchronously (screenshots, tests, benchmarks)."""
        if rounds > 0:
            self.sim.run(rounds)
            self._keep_up()
            self.advanced.emit(rounds)

    def _tick(self) -> None:
        start = time.perf_counter()
        quota = self.pacer.due(start) if self._stop_at is None else self._stop_at - self.sim.round
        deadline = start + SLICE_SECONDS
        played = 0
        try:
            while played < quota:
                self.sim.step()
                self._keep_up()
                played += 1
                if time.perf_counter() >= deadline:
                    break
        except Exception:
            self.pause()  # a bug in a kind must not fire again on every tick
            raise
        if played:
            self.meter.add(time.perf_counter(), played)
            self.advanced.emit(played)
        if self._stop_at is not None and self.sim.round >= self._stop_at:
            arrival = self._on_arrival
            self._stop_at = self._on_arrival = None
            self.guide_advancing = False
            self.pause()
            arrival()

    def rounds_per_second(self) -> float:
        return self.meter.rate(time.perf_counter())

    # --- parameters --------------------------------------------------------------------

    def value(self, key: str) -> Any:
        """The value ``key`` has from the next round on (what the controls should show)."""
        return self.sim.pending_value(key)

    def is_pending(self, key: str) -> bool:
        return self.sim.pending_value(key) != self.sim.params[key]

    def set_param(self, key: str, value: Any, who: str = "user") -> None:
        """Change a parameter (see the module docstring for when it takes effect).

        Raises :class:`~simulator.ParamError` for a value the schema refuses and
        :class:`~simulator.RestartRequired` for a value that needs the run set up again."""
        checked = self.scenario.schema.check(key, value)
        changes = {key: checked, **self._other_shares(key, checked)}
        if self.sim.round == 0 and not self.undo_stack and who == "user":
            overrides = {**self.overrides, **changes}
            self.sim = Simulation(self.scenario, seed=self.seed, overrides=overrides)
            self.overrides = overrides  # only once the run accepted them
            self._sim_replaced()
            self.reset_done.emit()
            self.params_changed.emit()
            return
        if self.sim.pending_value(key) == checked:
            return
        for k, v in changes.items():
            old = self.sim.pending_value(k)
            self.sim.set_param(k, v, who=who)
            self._mirror(k, v, who)
            self.undo_stack.append((k, old))
        self.params_changed.emit()

    def _other_shares(self, key: str, value: Any) -> dict[str, Any]:
        """A group's share moved: the other groups' shares, rescaled so that all still sum to
        1 (the rule every run is held to), in proportion to what they were."""
        if not (key.startswith("groups.") and key.endswith(".share")):
            return {}
        others = [p.key for p in self.scenario.schema if p.key != key
                  and p.key.startswith("groups.") and p.key.endswith(".share")]
        current = {k: self.sim.pending_value(k) for k in others}
        total = sum(current.values())
        rest = max(0.0, 1.0 - value)
        if total <= 0:
            return {k: rest / len(others) for k in others} if others else {}
        return {k: v * rest / total for k, v in current.items()}

    def restart_with(self, key: str, value: Any) -> None:
        """Accept the offer made by RestartRequired: set up again with the new value."""
        checked = self.scenario.schema.check(key, value)
        overrides = {**self.overrides, key: checked, **self._other_shares(key, checked)}
        check_shares(self.scenario.schema.resolve({**self.scenario.params, **overrides}))
        self.overrides = overrides
        self.reset()

    def undo(self) -> bool:
        """Restore the value before the last live change (a new event in the log)."""
        if not self.undo_stack:
            return False
        key, old = self.undo_stack.pop()
        self.sim.set_param(key, old, who="user")
        self._mirror(key, old, "user")
        self.params_changed.emit()
        return True

    # --- guide -------------------------------------------------------------------------

    @property
    def guide_steps(self):
        return self.scenario.guide

    def next_guide_step(self) -> None:
        """Advance (at full speed) to the next step's round, then pause there and perform the
        step: its caption is shown and its changes are made, each one a marked event."""
        if self.guide_advancing or self.guide_next >= len(self.guide_steps):
            return
        index = self.guide_next
        self.guide_next += 1
        step = self.guide_steps[index]
        if self.sim.round >= step.round:
            self._perform_guide_step(index)
            return
        was_running = self.running
        self._timer.stop()
        self.guide_advancing = True
        self.guide_changed.emit()
        self._stop_at = step.round
        self._on_arrival = lambda: self._perform_guide_step(index)
        self._timer.start(0)
        if not was_running:
            self.running_changed.emit(True)

    def _perform_guide_step(self, index: int) -> None:
        self.guide_shown = index
        for key, value in self.guide_steps[index].set.items():
            self.set_param(key, value, who="guide")
        self.guide_changed.emit()

    # --- compare: baseline, counterfactual, replications -----------------------------------

    def _keep_up(self) -> None:
        """Play the companions of the live run as far as it has gone (lockstep)."""
        for companion in (self.baseline, self.counterfactual):
            if companion is not None and companion.round < self.sim.round:
                companion.run(self.sim.round - companion.round)

    def _sim_replaced(self) -> None:
        """A new live run (reset, starting values, an opened run): a counterfactual shown is
        forked again from it."""
        if self.counterfactual is not None:
            self.counterfactual = self.sim.counterfactual()
            self.compare_version += 1

    def _mirror(self, key: str, value: Any, who: str) -> None:
        """A change of the world (not a lever) made live is made in the counterfactual too, so
        the two runs still differ by their levers only."""
        cf = self.counterfactual
        if cf is not None and not self.scenario.schema.get(key).lever and key not in cf._held:
            cf.set_param(key, value, who=who)

    def pin_baseline(self) -> None:
        """Keep the live run as the baseline: its curves stay on the plots while a new run
        goes on (Reset, other levers); past the round it was pinned at it plays on with its
        own settings as far as the live run goes."""
        self.baseline = self.sim.fork()
        self.compare_version += 1
        self.compare_changed.emit()

    def clear_baseline(self) -> None:
        self.baseline = None
        self.compare_version += 1
        self.compare_changed.emit()

    def show_counterfactual(self, on: bool = True) -> None:
        """Run, beside the live run, the same run with every lever back to its default, forked
        from the live run's current state (same people, same random numbers) and advanced in
        lockstep with it."""
        self.counterfactual = self.sim.counterfactual() if on else None
        self.compare_version += 1
        self.compare_changed.emit()

    def replication_spec(self, count: int) -> RunSpec:
        """The live run's settings and lever changes, over the scenario's length (or the live
        run's, if longer), as ``count`` replications; replication 0 is the live run."""
        sim = self.sim
        rounds = max(sim.round, self.scenario.rounds)
        changes = replayed_changes([asdict(e) for e in sim.events], guide=sim.follow_guide)
        if sim.round < rounds:
            changes += [Change(sim.round, k, v, who) for k, v, who in sim.pending_changes()]
        return RunSpec(self.scenario, rounds=rounds, seed=sim.seed, overrides=sim.overrides,
                       changes=tuple(changes), replications=count)

    @property
    def seeds_running(self) -> bool:
        return self._pool is not None

    def run_seeds(self, count: int = 20, jobs: int = 0) -> None:
        """Play ``count`` replications in worker processes (the window stays responsive;
        ``seeds_progress`` reports), then show their mean and 10–90 % band."""
        self.cancel_seeds()
        spec = self.replication_spec(count)
        context = multiprocessing.get_context("spawn")
        self._pool = ProcessPoolExecutor(max_workers=worker_count(jobs, count),
                                         mp_context=context)
        self._futures = [self._pool.submit(replicate, spec, i) for i in range(count)]
        self.seeds_progress.emit(0, count)
        self._seeds_timer.start()

    def cancel_seeds(self) -> None:
        """Stop the replications under way (those already running finish in the
        background, unseen)."""
        if self._stop_seeds():
            self.seeds_finished.emit("cancelled")

    def _stop_seeds(self) -> bool:
        if self._pool is None:
            return False
        self._seeds_timer.stop()
        self._pool.shutdown(wait=False, cancel_futures=True)
        self._pool, self._futures = None, []
        return True

    def clear_band(self) -> None:
        self.band = None
        self.band_size = 0
        self.compare_version += 1
        self.compare_changed.emit()

    def _poll_seeds(self) -> None:
        futures = self._futures
        done = [f for f in futures if f.done()]
        failed = next((f.exception() for f in done if f.exception() is not None), None)
        if failed is not None:
            self._stop_seeds()
            self.seeds_finished.emit(str(failed))
            return
        self.seeds_progress.emit(len(done), len(futures))
        if len(done) < len(futures):
            return
        self._seeds_timer.stop()
        results = [f.result() for f in futures]
        self._pool.shutdown(wait=False)
        self._pool, self._futures = None, []
        self.band = bands(results)
        self.band_size = len(results)
        self.compare_version += 1
        self.compare_changed.emit()
        self.seeds_finished.emit("")

    # --- saved runs --------------------------------------------------------------------

    def save_run(self, path: str) -> None:
        """Save the live run as a run file (raises BiasLoopError naming the path)."""
        save_run(self.sim, path)

    def open_run(self, path: str) -> None:
        """Open a run file: its scenario (if another), seed and starting values, played again
        to the round it was saved at. Raises BiasLoopError (the current run is kept)."""
        sim = open_run(path)
        self.pause()
        other = (sim.scenario.source != self.scenario.source
                 or dump_scenario(sim.scenario) != dump_scenario(self.scenario))
        if other:
            self._adopt(sim.scenario)
        self.seed = sim.seed
        self.overrides = dict(sim.overrides)
        self._setup()
        self.sim = sim
        self._sim_replaced()
        self.guide_next = sum(1 for step in self.guide_steps if step.round < sim.round)
        self.meter.clear()
        if other:
            self.scenario_changed.emit()
        else:
            self.reset_done.emit()
        self.advanced.emit(0)
        self.params_changed.emit()
        self.guide_changed.emit()
