"""The workbench: one live run of a scenario and everything a user does to it, without a GUI.

It holds the live :class:`~simulator.Simulation`, the starting values the user chose, the
runs compared with it (a pinned baseline, the counterfactual without the levers), the undo
stack of live changes and the progress through the scenario's guide. The GUI's session drives
one with a timer and turns its changes into signals; the command line and scripts can drive one
directly, so everything the window can do to a run the API can do too.

Starting values versus live changes: before the first round is played (and before any live
change), a change sets the run up again with the new value, so a user who sets a world up
before pressing Run loses nothing and Reset keeps it; once the run has started a change applies
from the next round, is written to the event log and can be undone. Values that shape the
initial state raise :class:`~simulator.RestartRequired`; :meth:`Workbench.restart_with` is the
offer to set up again.

Compare: the baseline and the counterfactual are played as far as the live run goes
(:meth:`Workbench.keep_up`, lockstep). The counterfactual is the live run with every lever back
to its default, forked from it; a change of the world (not a lever) made live is made in it too,
so the two runs differ by their levers only.

Paper settings: :meth:`Workbench.apply_preset` starts again at one of the scenario's
``[[preset]]`` settings (its values as the starting values, its length as the run's), and
:attr:`Workbench.preset` says which is in force, so a view can set the live run beside the
paper's expected results (:func:`simulator.presets.live_status`).
"""

from __future__ import annotations

from dataclasses import asdict, replace
from enum import Enum
from typing import Any

from .changes import Change, replayed_changes
from .engine import Simulation
from .errors import BiasLoopError
from .predictions import Answer
from .runs import RunSpec
from .saved_run import open_run, save_run
from .scenario import dump_scenario


class Applied(Enum):
    """What :meth:`Workbench.set_param` did with a change."""

    UNCHANGED = "unchanged"  # the value was already in force (or pending)
    SET_UP = "set up"  # before round 1: the run was set up again with it
    LIVE = "live"  # applied from the next round, logged, undoable


class Workbench:
    """A live run and its companions (see the module docstring)."""

    def __init__(self, scenario, seed: int | None = None,
                 overrides: dict[str, Any] | None = None):
        self.adopt(scenario, seed, overrides)

    # --- scenario and set-up -------------------------------------------------------------

    def adopt(self, scenario, seed: int | None = None,
              overrides: dict[str, Any] | None = None) -> None:
        """Work on ``scenario`` (already validated), with its own seed unless given, and
        nothing compared."""
        self.scenario = scenario
        self.own_scenario = scenario  # as its file says, whatever paper setting is in force
        self.preset = None  # the paper setting in force (a scenario.Preset), if any
        self.seed = scenario.seed if seed is None else int(seed)
        self.overrides: dict[str, Any] = dict(overrides or {})
        self.baseline: Simulation | None = None
        self.counterfactual: Simulation | None = None
        self.setup()

    def setup(self) -> None:
        """A fresh live run from round 0 with the starting values; the undo stack and the
        guide start again."""
        self._replace(Simulation(self.scenario, seed=self.seed, overrides=self.overrides))
        self.undo_stack: list[tuple[str, Any]] = []
        self.guide_next = 0  # index of the step "Next step" performs
        self.guide_shown: int | None = None  # index of the step whose caption is on show
        self.asking: int | None = None  # a prediction step whose answer is not yet revealed
        self.asked_at = 0  # the round it was asked at
        self.votes: list[int] = []  # the room's votes, one per choice (empty: not counted)
        self.answers: dict[int, Answer | None] = {}  # step index -> its answer, once revealed
        self.branched_from: dict[str, Any] | None = None  # see branch_at

    def reset(self, seed: int | None = None) -> None:
        """Set the run up again from round 0 with the starting values (and a new seed)."""
        if seed is not None:
            self.seed = int(seed)
        self.setup()

    def restore_defaults(self) -> None:
        """Forget the user's starting values (and a paper setting): the scenario exactly as
        its file says."""
        self.apply_preset(None)

    def apply_preset(self, preset_id: str | None) -> None:
        """Start again at the scenario's paper setting ``preset_id``: its values are the
        starting values, its rounds the run's length and its tables the groups' (nothing
        compared, the seed kept, no guide);
        ``None`` goes back to the scenario's own settings. Raises BiasLoopError for an
        unknown id or settings a run refuses, and then nothing changes."""
        own = self.own_scenario
        if preset_id is None:
            preset, scenario, overrides = None, own, {}
        else:
            preset = own.preset(preset_id)
            # The guide tells the scenario's own story: its steps and claims are not the
            # paper's, so a paper setting runs without them.
            scenario = replace(preset.world(own), rounds=preset.rounds or own.rounds, guide=())
            overrides = dict(preset.set)
            Simulation(scenario, seed=self.seed, overrides=overrides)  # refuses before we do
        self.preset, self.scenario, self.overrides = preset, scenario, overrides
        self.baseline = self.counterfactual = None
        self.setup()

    def _replace(self, sim: Simulation) -> None:
        """A new live run: a counterfactual shown is forked again from it."""
        self.sim = sim
        if self.counterfactual is not None:
            self.counterfactual = sim.counterfactual()

    # --- playing -------------------------------------------------------------------------

    def play(self, rounds: int = 1) -> None:
        """Play ``rounds`` rounds of the live run, and its companions as far."""
        if rounds > 0:
            self.sim.run(rounds)
            self.keep_up()

    def keep_up(self) -> None:
        """Play the baseline and the counterfactual as far as the live run has gone."""
        for companion in (self.baseline, self.counterfactual):
            if companion is not None and companion.round < self.sim.round:
                companion.run(self.sim.round - companion.round)

    # --- parameters ----------------------------------------------------------------------

    def value(self, key: str) -> Any:
        """The value ``key`` has from the next round on (what a control should show)."""
        return self.sim.pending_value(key)

    def is_pending(self, key: str) -> bool:
        return self.sim.pending_value(key) != self.sim.params[key]

    def set_param(self, key: str, value: Any, who: str = "user") -> Applied:
        """Change a parameter (see the module docstring for when it takes effect). A group's
        share moved moves the other groups' shares with it, so that they still sum to 1.

        Raises :class:`~simulator.ParamError` for a value the schema or the kind refuses (and
        then nothing changes) and :class:`~simulator.RestartRequired` for one that needs the
        run set up again."""
        checked = self.scenario.schema.check(key, value)
        changes = {key: checked, **self._other_shares(key, checked)}
        if self.sim.round == 0 and not self.undo_stack and who == "user":
            overrides = {**self.overrides, **changes}
            sim = Simulation(self.scenario, seed=self.seed, overrides=overrides)
            self.overrides = overrides  # only once a run accepted them
            self._replace(sim)
            return Applied.SET_UP
        if self.sim.pending_value(key) == checked:
            return Applied.UNCHANGED
        for k, v in changes.items():
            old = self.sim.pending_value(k)
            self.sim.set_param(k, v, who=who)
            self._mirror(k, v, who)
            self.undo_stack.append((k, old))
        return Applied.LIVE

    def _other_shares(self, key: str, value: Any) -> dict[str, Any]:
        """A group's share moved: the other groups' shares, rescaled in proportion to what
        they were so that all still sum to 1 (the rule every run is held to)."""
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
        """Accept the offer made by RestartRequired: set up again with the new value (and the
        other groups' shares moved with it)."""
        checked = self.scenario.schema.check(key, value)
        overrides = {**self.overrides, key: checked, **self._other_shares(key, checked)}
        Simulation(self.scenario, seed=self.seed, overrides=overrides)  # refuses before we do
        self.overrides = overrides
        self.setup()

    def undo(self) -> tuple[str, Any] | None:
        """Restore the value before the last live change (a new event in the log); returns
        the (key, value) restored, or None when there is nothing to undo."""
        if not self.undo_stack:
            return None
        key, old = self.undo_stack.pop()
        self.sim.set_param(key, old, who="user")
        self._mirror(key, old, "user")
        return key, old

    def _mirror(self, key: str, value: Any, who: str) -> None:
        cf = self.counterfactual
        if cf is not None and not self.scenario.schema.get(key).lever and key not in cf.held:
            cf.set_param(key, value, who=who)

    # --- guide ---------------------------------------------------------------------------

    @property
    def guide_steps(self):
        return self.scenario.guide

    def perform_guide_step(self, index: int) -> None:
        """Show step ``index`` and make its changes now (each a logged event); a step whose
        round the run has passed is applied late, and the run records it. A question still
        open is answered first; a step with a question opens it (see :meth:`reveal`)."""
        if self.asking is not None:
            self.reveal()
        step = self.guide_steps[index]
        if self.sim.round > step.round:
            self.sim.guide_off_schedule.append(
                {"step": index + 1, "due": step.round, "applied": self.sim.round})
        self.guide_shown = index
        for key, value in step.set.items():
            self.set_param(key, value, who="guide")
        if step.prediction is not None:
            self.asking, self.asked_at, self.votes = index, self.sim.round, []

    def reveal_round(self) -> int | None:
        """The round the open question is decided at (None: no question is open)."""
        if self.asking is None:
            return None
        return self.guide_steps[self.asking].prediction.deciding_round(self.asked_at)

    def reveal(self) -> Answer | None:
        """Answer the open question with the run as it stands (call it at the deciding round:
        before, no answer), and record it on the run with the room's votes."""
        index, self.asking = self.asking, None
        prediction = self.guide_steps[index].prediction
        answer = prediction.answer(self.sim.recorder, self.asked_at)
        right = None if answer is None else answer.right
        self.sim.predictions.append({
            "step": index + 1, "ask": prediction.ask.get("en"), "votes": list(self.votes),
            "answer": 0 if right is None else right + 1, "asked": self.asked_at,
            "decided": self.sim.round})
        self.answers[index] = answer
        return answer

    def late_step(self, index: int) -> int | None:
        """The round step ``index`` was applied at, if it was applied late."""
        return next((s["applied"] for s in self.sim.guide_off_schedule
                     if s["step"] == index + 1), None)

    def play_guide(self, steps: int) -> None:
        """Play the guide's first ``steps`` steps, each on its round, as that many presses of
        "Next step" on time would."""
        for index in range(self.guide_next, min(steps, len(self.guide_steps))):
            self.guide_next = index + 1
            self.play(self.guide_steps[index].round - self.sim.round)
            self.perform_guide_step(index)

    def go_to_guide_step(self, index: int | None) -> None:
        """Set the run up again and replay the guide up to step ``index`` (None: the start,
        before step 1), each step on its own round. The numbers are those of pressing Next
        on time, since a run is fixed by its seed, starting values and changes; changes made
        since by hand are discarded, as by Reset."""
        self.setup()
        if index is not None:
            self.play_guide(index + 1)
        self.keep_up()

    def previous_guide_step(self) -> int | None:
        """The step "Previous step" goes back to: the one before the step on show, or None
        (the start) from the first."""
        shown = self.guide_shown
        return None if shown is None or shown == 0 else shown - 1

    # --- compare -------------------------------------------------------------------------

    def pin_baseline(self) -> None:
        """Keep the live run as the baseline: its curves stay while a new run goes on."""
        self.baseline = self.sim.fork()

    def branch_at(self, at_round: int, replace_baseline: bool = False) -> None:
        """Branch from here: the live run continues from round ``at_round`` as it stood then
        (:meth:`Simulation.fork` with ``at_round``) and the old future becomes the baseline, so
        the branch and the original share their random numbers and differ only by what is done
        after the branch. A pinned baseline is replaced only when ``replace_baseline`` says so
        (the GUI asks first); live changes made after ``at_round`` can no longer be undone."""
        if self.baseline is not None and not replace_baseline:
            raise BiasLoopError("a baseline is pinned: branching would replace it; unpin it "
                                "first or branch with replace_baseline=True")
        original = self.sim
        branch = original.fork(at_round=at_round)  # refuses a round it has not played
        self.baseline = original
        self.branched_from = {"round": at_round, "seed": original.seed,
                              "changes": [asdict(e) for e in original.events]}
        self.undo_stack = []
        self._replace(branch)

    def clear_baseline(self) -> None:
        self.baseline = None

    def show_counterfactual(self, on: bool = True) -> None:
        """Run beside the live run the same run with every lever back to its default, forked
        from its current state (same people, same random numbers), in lockstep with it."""
        self.counterfactual = self.sim.counterfactual() if on else None

    def replication_spec(self, count: int) -> RunSpec:
        """The live run's settings and changes, over the scenario's length (or the live run's,
        if longer), as ``count`` replications; replication 0 is the live run."""
        sim = self.sim
        rounds = max(sim.round, self.scenario.rounds)
        changes = replayed_changes([asdict(e) for e in sim.events], guide=sim.follow_guide)
        if sim.round < rounds:
            changes += [Change(sim.round, k, v, who) for k, v, who in sim.pending_changes()]
        return RunSpec(self.scenario, rounds=rounds, seed=sim.seed, overrides=sim.overrides,
                       changes=tuple(changes), replications=count)

    # --- saved runs ----------------------------------------------------------------------

    def save_run(self, path) -> None:
        """Save the live run as a run file (raises BiasLoopError naming the path)."""
        save_run(self.sim, path)

    def open_run(self, path) -> bool:
        """Open a run file: its scenario, seed and starting values, played again to the round
        it was saved at. Returns whether the scenario changed. Raises BiasLoopError, and then
        the current run is kept."""
        sim = open_run(path)
        other = (sim.scenario.source != self.scenario.source
                 or dump_scenario(sim.scenario) != dump_scenario(self.scenario))
        if other:
            self.adopt(sim.scenario)
        self.seed = sim.seed
        self.overrides = dict(sim.overrides)
        self.setup()
        self._replace(sim)
        self.guide_next = sum(1 for step in self.guide_steps if step.round < sim.round)
        return other
