"""The controller behind the window: a :class:`~simulator.workbench.Workbench` (the live run,
its starting values, baseline and counterfactual, undo and guide progress, all Qt-free) driven
by a timer, with signals the views redraw on.

It has no widgets, so everything the window can do is tested without painting; widgets call
its methods and redraw on its signals. What it adds to the workbench is time and processes:
running never blocks the event loop (a timer plays rounds in slices of at most
``SLICE_SECONDS`` and then hands control back, so input and painting stay responsive whatever
the speed); plots do not redraw per round but poll at their own frame rate; "Next step" plays
on at full speed to the step's round; Run 20 seeds plays without blocking either
(:mod:`ui.seed_runs`).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from simulator.bands import bands
from simulator.runs import RunSpec
from simulator.workbench import Applied, Workbench
from ui.run_controls.pacer import DEFAULT_SPEED, Pacer, RateMeter
from ui.seed_runs import SeedRuns

SLICE_SECONDS = 0.015


class Session(QObject):
    scenario_changed = Signal()  # another scenario: views rebuild their controls and plots
    reset_done = Signal()  # a new run of the same scenario: views clear their history
    advanced = Signal(int)  # rounds played since the last signal
    running_changed = Signal(bool)
    params_changed = Signal()  # a value (or a value pending for the next round) changed
    guide_changed = Signal()
    view_changed = Signal()  # the timeline's cursor moved, or went back to the live round
    compare_changed = Signal()  # baseline, counterfactual or band shown, hidden or replaced
    seeds_progress = Signal(int, int)  # how far Run 20 seeds is, of how far
    seeds_finished = Signal(str)  # "" when the band is ready, else why it is not

    def __init__(self, scenario, parent: QObject | None = None):
        super().__init__(parent)
        self.pacer = Pacer(DEFAULT_SPEED)
        self.meter = RateMeter()
        self._timer = QTimer(self)
        self._timer.timeout.connect(self._tick)
        self._stop_at: int | None = None
        self._on_arrival: Callable[[], None] | None = None
        # A band over replications of the live run's settings (the workbench holds the rest).
        self.band: dict | None = None
        self.viewing: int | None = None  # the round the timeline shows; None: the live one
        self.seed_runs: list = []  # the runs behind the band (a paper setting's statistic)
        self.band_size = 0
        self.compare_version = 0
        self._seeds = SeedRuns(self)
        self._seeds.progress.connect(self.seeds_progress)
        self._seeds.finished.connect(self._seeds_finished)
        self.bench = Workbench(scenario)
        self.guide_advancing = False
        self.guide_revealing = False  # playing on to the round that answers the open question

    # --- the workbench's state, as the views read it ---------------------------------------

    scenario = property(lambda self: self.bench.scenario)
    seed = property(lambda self: self.bench.seed)
    overrides = property(lambda self: self.bench.overrides)
    sim = property(lambda self: self.bench.sim)
    baseline = property(lambda self: self.bench.baseline)
    counterfactual = property(lambda self: self.bench.counterfactual)
    undo_stack = property(lambda self: self.bench.undo_stack)
    guide_shown = property(lambda self: self.bench.guide_shown)
    guide_steps = property(lambda self: self.bench.guide_steps)
    guide_asking = property(lambda self: self.bench.asking)  # a question not yet revealed
    guide_answers = property(lambda self: self.bench.answers)
    preset = property(lambda self: self.bench.preset)

    @property
    def guide_next(self) -> int:
        return self.bench.guide_next

    @guide_next.setter
    def guide_next(self, index: int) -> None:
        self.bench.guide_next = index

    # --- scenario and set-up -----------------------------------------------------------

    def _adopt(self, scenario) -> None:
        self.cancel_seeds()
        self.bench.adopt(scenario)
        self.band, self.seed_runs = None, []
        self.compare_version += 1
        self.guide_advancing = self.guide_revealing = False
        self.viewing = None
        self.meter.clear()

    def load(self, scenario) -> None:
        """Switch to another (already validated) scenario, with its own seed and defaults."""
        self.pause()
        self._adopt(scenario)
        self.scenario_changed.emit()

    def reset(self, seed: int | None = None) -> None:
        """Set the run up again from round 0 with the starting values (and a new seed)."""
        self.pause()
        self.bench.reset(seed)
        self._new_run()
        self.reset_done.emit()
        self.guide_changed.emit()

    def restore_defaults(self) -> None:
        """Forget the user's starting values: the scenario exactly as its file says."""
        self.apply_preset(None)

    def apply_preset(self, preset_id: str | None) -> None:
        """Start again at a paper setting (Scenario › Paper settings), or at the scenario's own
        settings for ``None``; raises BiasLoopError, and then the current run is kept."""
        self.pause()
        self.bench.apply_preset(preset_id)
        self.cancel_seeds()
        self.band, self.seed_runs = None, []
        self.compare_version += 1
        self._new_run()
        self.scenario_changed.emit()
        self.guide_changed.emit()

    def _new_run(self) -> None:
        """A new live run (reset, starting values, an opened run): a counterfactual shown was
        forked again from it, the rate meter starts again and the timeline shows it live."""
        self.guide_advancing = self.guide_revealing = False
        self.viewing = None
        self.meter.clear()
        if self.counterfactual is not None:
            self.compare_version += 1

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
            self.guide_advancing = False  # (nor the answer, which Reveal plays on to again)
            if not self.guide_revealing:
                self.guide_next -= 1
            self.guide_revealing = False
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
            self.bench.play(rounds)
            self.advanced.emit(rounds)

    def _tick(self) -> None:
        start = time.perf_counter()
        quota = self.pacer.due(start) if self._stop_at is None else self._stop_at - self.sim.round
        deadline = start + SLICE_SECONDS
        played = 0
        try:
            while played < quota:
                self.bench.play(1)
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
        return self.bench.value(key)

    def is_pending(self, key: str) -> bool:
        return self.bench.is_pending(key)

    def set_param(self, key: str, value: Any, who: str = "user") -> None:
        """Change a parameter (see :mod:`simulator.workbench` for when it takes effect).

        Raises :class:`~simulator.ParamError` for a value the schema refuses and
        :class:`~simulator.RestartRequired` for a value that needs the run set up again."""
        applied = self.bench.set_param(key, value, who)
        if applied is Applied.SET_UP:
            self._new_run()
            self.reset_done.emit()
        if applied is not Applied.UNCHANGED:
            self.params_changed.emit()

    def restart_with(self, key: str, value: Any) -> None:
        """Accept the offer made by RestartRequired: set up again with the new value."""
        self.pause()
        self.bench.restart_with(key, value)
        self._new_run()
        self.reset_done.emit()
        self.guide_changed.emit()

    def undo(self) -> bool:
        """Restore the value before the last live change (a new event in the log)."""
        if self.bench.undo() is None:
            return False
        self.params_changed.emit()
        return True

    # --- guide -------------------------------------------------------------------------

    def next_guide_step(self) -> None:
        """Advance (at full speed) to the next step's round, then pause there and perform the
        step: its caption is shown and its changes are made, each one a marked event. While
        a step's question is open, this is Reveal: play on to the round that decides it,
        pause there and show the answer."""
        if self.guide_advancing:
            return
        if self.guide_asking is not None:
            self._play_to(self.bench.reveal_round(), self._reveal, revealing=True)
            return
        if self.guide_next >= len(self.guide_steps):
            return
        index = self.guide_next
        self.guide_next += 1
        self._play_to(self.guide_steps[index].round, lambda: self._perform_guide_step(index))

    def _play_to(self, target: int, arrive: Callable[[], None], revealing: bool = False) -> None:
        """Play on at full speed to round ``target`` and pause there to ``arrive`` (at once
        when the run is there already, or past it: a late step)."""
        if self.sim.round >= target:
            arrive()
            return
        was_running = self.running
        self._timer.stop()
        self.guide_advancing, self.guide_revealing = True, revealing
        self.guide_changed.emit()
        self._stop_at = target
        self._on_arrival = arrive
        self._timer.start(0)
        if not was_running:
            self.running_changed.emit(True)

    def _reveal(self) -> None:
        self.guide_revealing = False
        self.pause()  # (a run going on past the deciding round is stopped to show it)
        self.bench.reveal()
        self.guide_changed.emit()

    def set_votes(self, votes: list[int]) -> None:
        """The room's votes for the open question, one count per choice (empty: none)."""
        self.bench.votes = list(votes)

    def play_guide(self, steps: int) -> None:
        """Play the guide's first ``steps`` steps now, synchronously, as that many clicks of
        "Next step" would (a workshop opened at its third step, a screenshot of it)."""
        start = self.sim.round
        self.bench.play_guide(steps)
        self.advanced.emit(self.sim.round - start)
        self.params_changed.emit()
        self.guide_changed.emit()

    def _perform_guide_step(self, index: int) -> None:
        self.bench.perform_guide_step(index)
        if self.guide_asking is not None:  # the room answers before the run goes on
            self.pause()
        self.params_changed.emit()
        self.guide_changed.emit()

    def late_step(self, index: int) -> int | None:
        """The round step ``index`` was applied at, if it was applied late."""
        return self.bench.late_step(index)

    def previous_guide_step(self) -> None:
        """Back one step: the run as it was when the step before the one on screen was
        performed (or the start, before the first)."""
        self.go_to_guide_step(self.bench.previous_guide_step())

    def go_to_guide_step(self, index: int | None) -> None:
        """Set the run up again and replay the guide up to step ``index`` (None: the start,
        before step 1); see :meth:`simulator.workbench.Workbench.go_to_guide_step`."""
        self.pause()
        self.bench.go_to_guide_step(index)
        self._new_run()
        self.reset_done.emit()
        self.advanced.emit(0)
        self.params_changed.emit()
        self.guide_changed.emit()

    # --- compare: baseline, counterfactual, replications -----------------------------------

    def pin_baseline(self) -> None:
        """Keep the live run as the baseline: its curves stay on the plots while a new run
        goes on (Reset, other levers); past the round it was pinned at it plays on with its
        own settings as far as the live run goes."""
        self.bench.pin_baseline()
        self._compare_changed()

    def clear_baseline(self) -> None:
        self.bench.clear_baseline()
        self._compare_changed()

    def show_counterfactual(self, on: bool = True) -> None:
        """The live run's counterfactual beside it (levers at their defaults), or not."""
        self.bench.show_counterfactual(on)
        self._compare_changed()

    # --- the timeline ----------------------------------------------------------------------

    def view_round(self, round_: int | None) -> None:
        """Show the run as it was after ``round_`` (1 to the rounds played; None: live). Only
        what is shown moves: the run, its numbers and what it will do are untouched."""
        played = self.sim.round
        shown = None if round_ is None or played == 0 else max(1, min(int(round_), played))
        if shown != self.viewing:
            self.viewing = shown
            self.view_changed.emit()

    def branch_here(self, replace_baseline: bool = False) -> None:
        """Branch from the round the timeline shows: the run continues from there as it stood
        then, and its old future becomes the baseline (raises BiasLoopError if a baseline is
        pinned and ``replace_baseline`` is not given)."""
        at = self.viewing if self.viewing is not None else self.sim.round
        self.pause()
        self.bench.branch_at(at, replace_baseline=replace_baseline)
        self._new_run()
        self.reset_done.emit()
        self.view_changed.emit()
        self._compare_changed()
        self.params_changed.emit()

    def _compare_changed(self) -> None:
        self.compare_version += 1
        self.compare_changed.emit()

    def replication_spec(self, count: int) -> RunSpec:
        return self.bench.replication_spec(count)

    @property
    def seeds_running(self) -> bool:
        return self._seeds.running

    def run_seeds(self, count: int = 20, jobs: int = 0) -> None:
        """Play ``count`` replications without blocking the window (``seeds_progress``
        reports), then show their mean and 10–90 % band; ``jobs`` where they need worker
        processes (see :mod:`ui.seed_runs`)."""
        self.cancel_seeds()
        self._seeds.start(self.replication_spec(count), jobs)

    def cancel_seeds(self) -> None:
        """Stop the replications under way."""
        if self._seeds.stop():
            self.seeds_finished.emit("cancelled")

    def clear_band(self) -> None:
        self.band, self.seed_runs = None, []
        self.band_size = 0
        self._compare_changed()

    def _seeds_finished(self, problem: str) -> None:
        if not problem:
            results = self._seeds.results
            self.band = bands(results)
            self.band_size = len(results)
            self.seed_runs = results
            self._compare_changed()
        self.seeds_finished.emit(problem)

    # --- saved runs --------------------------------------------------------------------

    def save_run(self, path: str) -> None:
        """Save the live run as a run file (raises BiasLoopError naming the path)."""
        self.bench.save_run(path)

    def open_run(self, path: str) -> None:
        """Open a run file: its scenario (if another), seed and starting values, played again
        to the round it was saved at. Raises BiasLoopError (the current run is kept)."""
        self.pause()
        other = self.bench.open_run(path)
        if other:
            self.cancel_seeds()
            self.band, self.seed_runs = None, []
            self.compare_version += 1
        self._new_run()
        if other:
            self.scenario_changed.emit()
        else:
            self.reset_done.emit()
        self.advanced.emit(0)
        self.params_changed.emit()
        self.guide_changed.emit()
