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

import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from simulator import Simulation

from .pacer import DEFAULT_SPEED, Pacer, RateMeter

SLICE_SECONDS = 0.015


class Session(QObject):
    scenario_changed = Signal()  # another scenario: views rebuild their controls and plots
    reset_done = Signal()  # a new run of the same scenario: views clear their history
    advanced = Signal(int)  # rounds played since the last signal
    running_changed = Signal(bool)
    params_changed = Signal()  # a value (or a value pending for the next round) changed
    guide_changed = Signal()

    def __init__(self, scenario, parent: QObject | None = None):
        super().__init__(parent)
        self.pacer = Pacer(DEFAULT_SPEED)
        self.meter = RateMeter()
        self._timer = QTimer(self)
        self._timer.timeout.connect(self._tick)
        self._stop_at: int | None = None
        self._on_arrival: Callable[[], None] | None = None
        self._adopt(scenario)

    # --- scenario and set-up -----------------------------------------------------------

    def _adopt(self, scenario) -> None:
        self.scenario = scenario
        self.seed = scenario.seed
        self.overrides: dict[str, Any] = {}
        self._setup()

    def _setup(self) -> None:
        self.sim = Simulation(self.scenario, seed=self.seed, overrides=self.overrides)
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
            self.advanced.emit(rounds)

    def _tick(self) -> None:
        start = time.perf_counter()
        quota = self.pacer.due(start) if self._stop_at is None else self._stop_at - self.sim.round
        deadline = start + SLICE_SECONDS
        played = 0
        try:
            while played < quota:
                self.sim.step()
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
        if self.sim.round == 0 and not self.undo_stack and who == "user":
            self.overrides[key] = checked
            self.sim = Simulation(self.scenario, seed=self.seed, overrides=self.overrides)
            self.reset_done.emit()
            self.params_changed.emit()
            return
        old = self.sim.pending_value(key)
        if old == checked:
            return
        self.sim.set_param(key, checked, who=who)
        self.undo_stack.append((key, old))
        self.params_changed.emit()

    def restart_with(self, key: str, value: Any) -> None:
        """Accept the offer made by RestartRequired: set up again with the new value."""
        self.overrides[key] = self.scenario.schema.check(key, value)
        self.reset()

    def undo(self) -> bool:
        """Restore the value before the last live change (a new event in the log)."""
        if not self.undo_stack:
            return False
        key, old = self.undo_stack.pop()
        self.sim.set_param(key, old, who="user")
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
