"""Crash recovery: nothing the user made is lost to a crash or a kill.

While the app runs, the live run (scenario, seed, starting values, lever changes, rounds) is
saved every few seconds to a small recovery file, the same format as File ▸ Save run. A clean
exit removes it; if the app finds it at start-up, the last session did not end cleanly and the
user is offered the run back: only a run with rounds played or levers changed in it (an empty
one has nothing to lose), named in the offer (scenario, round, changes), and with the safe answer
as the default (a facilitator's clicker presses Enter): opening what was asked for.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, QStandardPaths, QTimer

from simulator import BiasLoopError
from simulator.saved_run import read_run, run_scenario
from ui import formatting
from ui.dialogs import messages as dialogs
from ui.formatting import tr

INTERVAL_MS = 10_000
FILE_NAME = "recovery-run.toml"
# Where the last session's run is set aside at start-up, so the new session's saves cannot
# overwrite it while the user is still deciding.
PREVIOUS_NAME = "recovery-run.previous.toml"


def default_path() -> Path:
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    return Path(folder or ".") / FILE_NAME


@dataclass(frozen=True)
class LeftOver:
    """The run an unclean exit left behind, as the offer names it."""

    path: Path
    scenario: object  # simulator Scenario
    rounds: int
    changes: int  # lever changes made, applied or still pending


class Recovery(QObject):
    def __init__(self, session, path: Path, interval_ms: int = INTERVAL_MS, parent=None):
        super().__init__(parent)
        self.session = session
        self.path = Path(path)
        self._left_over = self._set_aside()
        self._saved = None
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.save)
        self._timer.start(interval_ms)

    def _set_aside(self) -> LeftOver | None:
        """Move the last session's recovery file out of the way of this session's saves and
        read it; None when there is none, it cannot be read, or its run has nothing in it."""
        if not self.path.is_file():
            return None
        previous = self.path.with_name(PREVIOUS_NAME)
        try:
            os.replace(self.path, previous)
            run = read_run(previous)
            scenario = run_scenario(run, str(previous))
        except (BiasLoopError, OSError):
            return None
        changes = len(run["events"]) + len(run["pending"])
        if run["rounds"] == 0 and changes == 0:
            return None
        return LeftOver(previous, scenario, run["rounds"], changes)

    def left_over(self) -> LeftOver | None:
        """The run the last session left (it did not end cleanly), if it is worth offering."""
        return self._left_over

    def save(self) -> None:
        """Save the live run if it changed since the last save (a run with nothing in it
        removes the file: there is nothing to lose); a failure is not fatal (the run itself
        is untouched), it only means there is nothing to recover."""
        sim = self.session.sim
        pending = tuple(sim.pending_changes())
        state = (id(sim), sim.round, len(sim.events), pending)
        if state == self._saved:
            return
        try:
            if sim.round == 0 and not sim.events and not pending:
                self.path.unlink(missing_ok=True)
            else:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                self.session.save_run(str(self.path))
            self._saved = state
        except (BiasLoopError, OSError):
            pass

    def discard(self) -> None:
        """A clean exit: nothing to recover next time (the last session's run, set aside at
        start-up, was offered in this one)."""
        self._timer.stop()
        self.path.unlink(missing_ok=True)
        self.path.with_name(PREVIOUS_NAME).unlink(missing_ok=True)


def offer(window, recovery: Recovery, asked_for: str | None) -> bool:
    """Ask whether to restore the left-over run, naming it; ``asked_for`` is the scenario the
    command line named, if any: the prompt then says that declining keeps it open. Declining
    is the default. Returns whether the run was restored."""
    left = recovery.left_over()
    if left is None:
        return False
    lang = window.lang
    unit = left.scenario.round_unit.get(lang)
    what = tr("{scenario}, {unit} {round}, {changes}").format(
        scenario=left.scenario.title.get(lang), unit=unit,
        round=formatting.number(left.rounds, lang),
        changes=formatting.count(left.changes, tr("{n} lever change"), tr("{n} lever changes")))
    current = window.session.scenario.title.get(lang)
    message = tr("Bias Loop did not close properly last time. Restore the run you were "
                 "working on?\n\n{what}").format(what=what)
    if asked_for is not None and left.scenario.id != window.session.scenario.id:
        message += "\n\n" + tr("You asked for {scenario}; it stays open if you do not "
                                "restore.").format(scenario=current)
    if not dialogs.ask(window, tr("Restore your last run?"), message, tr("Restore that run"),
                       tr("Start afresh"), default_accept=False):
        return False
    return window.compare.open_run(str(left.path))
