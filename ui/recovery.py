"""Crash recovery: nothing the user made is lost to a crash or a kill.

While the app runs, the live run (scenario, seed, starting values, lever changes, rounds) is
saved every few seconds to a small recovery file, the same format as File ▸ Save run. A clean
exit removes it; if the app finds it at start-up, the last session did not end cleanly and the
user is offered the run back.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QStandardPaths, QTimer

from simulator import BiasLoopError

INTERVAL_MS = 10_000
FILE_NAME = "recovery-run.toml"


def default_path() -> Path:
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    return Path(folder or ".") / FILE_NAME


class Recovery(QObject):
    def __init__(self, session, path: Path, interval_ms: int = INTERVAL_MS, parent=None):
        super().__init__(parent)
        self.session = session
        self.path = Path(path)
        self._saved = None
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.save)
        self._timer.start(interval_ms)

    def left_over(self) -> bool:
        """Whether the last session left its recovery file (it did not end cleanly)."""
        return self.path.is_file()

    def save(self) -> None:
        """Save the live run if it changed since the last save; a failure is not fatal (the
        run itself is untouched), it only means there is nothing to recover."""
        sim = self.session.sim
        state = (id(sim), sim.round, len(sim.events), tuple(sim.pending_changes()))
        if state == self._saved:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.session.save_run(str(self.path))
            self._saved = state
        except (BiasLoopError, OSError):
            pass

    def discard(self) -> None:
        """A clean exit: nothing to recover next time."""
        self._timer.stop()
        self.path.unlink(missing_ok=True)
