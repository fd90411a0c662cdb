"""The window's side of comparing runs and of saved runs: the Compare menu and toolbar, the
progress of "Run 20 seeds" in the status bar, and File › Save run / Open.

The state (baseline, counterfactual, band, the worker processes) lives on the session, which
is tested without widgets; this only turns clicks into session calls and session signals into
widgets. The dashboard draws what the session holds.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QFileDialog, QLabel, QProgressBar, QPushButton, QToolBar

from simulator import BiasLoopError
from simulator.saved_run import is_run_file
from ui.dialogs import messages as dialogs

SEEDS = 20


class CompareControls(QObject):
    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.session = session = window.session
        a = window.actions
        self._build_menu()
        self._build_toolbar()
        self._build_status()
        a.pin_baseline.triggered.connect(self.pin_baseline)
        a.clear_baseline.triggered.connect(session.clear_baseline)
        a.counterfactual.toggled.connect(self.show_counterfactual)
        a.run_seeds.triggered.connect(lambda: self.run_seeds(SEEDS))
        a.cancel_seeds.triggered.connect(session.cancel_seeds)
        a.clear_band.triggered.connect(session.clear_band)
        a.save_run.triggered.connect(self.choose_run_file)
        session.compare_changed.connect(self._show_state)
        session.scenario_changed.connect(self._show_state)
        session.seeds_progress.connect(self._show_progress)
        session.seeds_finished.connect(self._seeds_finished)
        self._show_state()

    # --- construction ------------------------------------------------------------------

    def _build_menu(self) -> None:
        a, bar = self.window.actions, self.window.menuBar()
        menu = self.window.menuBar().addMenu(self.tr("&Compare"))
        menu.menuAction().setObjectName("compareMenu")
        help_action = next((m for m in bar.actions() if m.objectName() == "helpMenu"), None)
        if help_action is None and len(bar.actions()) > 1:
            help_action = bar.actions()[-2]  # the Help menu, last before this one
        if help_action is not None:
            bar.removeAction(menu.menuAction())
            bar.insertAction(help_action, menu.menuAction())
        for action in (a.pin_baseline, a.clear_baseline, None, a.counterfactual, None,
                       a.run_seeds, a.cancel_seeds, a.clear_band):
            if action is None:
                menu.addSeparator()
            else:
                menu.addAction(action)
        self.menu = menu

    def _build_toolbar(self) -> None:
        a = self.window.actions
        bar = QToolBar(self.tr("Compare"), self.window)
        bar.setObjectName("compareBar")
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        for action in (a.pin_baseline, a.counterfactual, a.run_seeds):
            bar.addAction(action)
        self.window.addToolBarBreak(Qt.ToolBarArea.TopToolBarArea)  # a row of its own
        self.window.addToolBar(Qt.ToolBarArea.TopToolBarArea, bar)
        self.toolbar = bar

    def _build_status(self) -> None:
        status = self.window.statusBar()
        self.progress_label = QLabel()
        self.progress = QProgressBar()
        self.progress.setObjectName("seedsProgress")
        self.progress.setMaximumWidth(220)
        self.progress.setFormat(self.tr("%v of %m seeds"))
        self.cancel = QPushButton(self.tr("Cancel"))
        self.cancel.setObjectName("cancelSeeds")
        self.cancel.clicked.connect(self.session.cancel_seeds)
        for widget in (self.progress_label, self.progress, self.cancel):
            status.addPermanentWidget(widget)
            widget.hide()

    def retranslate(self) -> None:
        """The menu, toolbar and status texts in the language in force (View ▸ Language)."""
        self.menu.setTitle(self.tr("&Compare"))
        self.toolbar.setWindowTitle(self.tr("Compare"))
        self.progress.setFormat(self.tr("%v of %m seeds"))
        self.cancel.setText(self.tr("Cancel"))

    # --- commands ------------------------------------------------------------------------

    def pin_baseline(self) -> None:
        self.session.pin_baseline()
        self.window.statusBar().showMessage(self.tr(
            "Baseline pinned at round {round}: reset or pull levers, and compare with the "
            "thin pale lines").format(round=self.session.sim.round), 6000)

    def show_counterfactual(self, on: bool) -> None:
        if on != (self.session.counterfactual is not None):
            self.session.show_counterfactual(on)

    def run_seeds(self, count: int = SEEDS, jobs: int = 0) -> None:
        try:
            self.session.run_seeds(count, jobs)
        except BiasLoopError as exc:
            dialogs.show_error(self.window, self.tr("The seeds cannot be run"), str(exc))

    def _show_state(self) -> None:
        a, s = self.window.actions, self.session
        a.clear_baseline.setEnabled(s.baseline is not None)
        a.counterfactual.blockSignals(True)
        a.counterfactual.setChecked(s.counterfactual is not None)
        a.counterfactual.blockSignals(False)
        a.clear_band.setEnabled(bool(s.band))
        a.cancel_seeds.setEnabled(s.seeds_running)

    def _show_progress(self, done: int, total: int) -> None:
        self.progress_label.setText(self.tr("Running seeds:"))
        self.progress.setRange(0, total)
        self.progress.setValue(done)
        for widget in (self.progress_label, self.progress, self.cancel):
            widget.show()
        self.window.actions.cancel_seeds.setEnabled(True)

    def _seeds_finished(self, problem: str) -> None:
        for widget in (self.progress_label, self.progress, self.cancel):
            widget.hide()
        self._show_state()
        status = self.window.statusBar()
        if not problem:
            status.showMessage(self.tr("Band of {n} seeds: mean (thin line) and 10–90 % "
                                       "(shaded)").format(n=self.session.band_size), 8000)
        elif problem == "cancelled":
            status.showMessage(self.tr("Seeds cancelled"), 4000)
        else:
            dialogs.show_error(self.window, self.tr("The seeds could not be run"), problem)

    # --- saved runs ----------------------------------------------------------------------

    def choose_run_file(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self.window, self.tr("Save run"),
                                              "bias-loop-run.toml",
                                              self.tr("Bias Loop runs (*.toml)"))
        if path:
            self.save_run(path)

    def save_run(self, path: str) -> bool:
        try:
            self.session.save_run(path)
        except BiasLoopError as exc:
            dialogs.show_error(self.window, self.tr("The run was not saved"), str(exc))
            return False
        self.window.statusBar().showMessage(self.tr("Saved {path}").format(path=path), 5000)
        return True

    def open_run(self, path: str) -> bool:
        """Open a run file; on an error, say what is wrong and keep the current run."""
        try:
            self.session.open_run(path)
        except BiasLoopError as exc:
            dialogs.show_error(self.window, self.tr("This run cannot be opened"), str(exc))
            return False
        self.window.statusBar().showMessage(self.tr("Opened {path} at round {round}").format(
            path=path, round=self.session.sim.round), 5000)
        return True

    def open_file(self, path: str) -> bool:
        """A file from File › Open: a saved run, or else a scenario file."""
        if is_run_file(path):
            return self.open_run(path)
        return self.window.open_scenario(path)


def draw_band(cards, runs) -> None:
    """Draw the mean and 10–90 % band of ``runs`` (Simulations or RunResults, two or more) on
    ``cards`` (PlotCards): what the dashboard shows after "Run 20 seeds", for chart exports
    (``bias-loop run --replications K --band --chart``)."""
    from simulator.bands import bands

    by_column = bands(runs)
    for card in cards:
        card.show_band(by_column)
