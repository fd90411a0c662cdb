"""The sweep dialog: "for which settings does the loop run away?"

The user picks one or two parameters with their values, a final metric, seeds and rounds (or a
sweep saved in the scenario file, which fills the form); the sweep runs in the background
(worker processes, driven from a thread so the window stays responsive, with progress and
Cancel) and the result is drawn as a line with its 10–90 % band (one parameter) or a heat map
of the mean (two). The picture saves as PNG, the rows as CSV.
"""

from __future__ import annotations

import threading

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QObject, QThread, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
)

from simulator import BiasLoopError
from simulator.atomic import atomic_open
from simulator.sweep import Sweep, parse_grid_item, run_sweep, write_sweep_csv
from ui.dialogs import messages as dialogs
from ui.export.snapshot import save_widget_png


class SweepWorker(QObject):
    """Runs a sweep off the GUI thread; the sweep itself uses worker processes."""

    progress = Signal(int, int)
    finished = Signal(object)
    failed = Signal(str)

    def __init__(self, sweep: Sweep, jobs: int = 0):
        super().__init__()
        self.sweep, self.jobs = sweep, jobs
        self.cancelled = threading.Event()

    def run(self) -> None:
        def report(done: int, total: int) -> None:
            self.progress.emit(done, total)
            if self.cancelled.is_set():
                raise KeyboardInterrupt  # run_sweep stops cleanly and keeps what finished

        try:
            self.finished.emit(run_sweep(self.sweep, jobs=self.jobs, progress=report))
        except BiasLoopError as exc:
            self.failed.emit(str(exc))


class SweepDialog(QDialog):
    def __init__(self, session, theme, lang: str = "en", parent=None):
        super().__init__(parent)
        self.session, self.theme, self.lang = session, theme, lang
        self.sweep_result = None
        self._thread: QThread | None = None
        self._worker: SweepWorker | None = None
        self.setWindowTitle(self.tr("Sweep"))
        self.resize(900, 650)
        self._build()

    # --- layout -------------------------------------------------------------------------

    def _build(self) -> None:
        scenario = self.session.scenario
        # A group's share cannot be swept alone: the shares of every point must sum to 1.
        keys = [p.key for p in scenario.schema if p.type in ("int", "float", "bool", "choice")
                and not (p.group is not None and p.spec.name == "share")]
        form = QFormLayout()
        self.first_key, self.first_values = QComboBox(), QLineEdit("0:0.5:6")
        self.second_key, self.second_values = QComboBox(), QLineEdit("")
        self.first_key.addItems(keys)
        self.second_key.addItems([self.tr("(none)"), *keys])
        levers = [p.key for p in scenario.schema if p.lever]
        # A parameter chosen brings values it can take (a switch: false,true): the form is
        # always runnable as it stands.
        self.first_key.currentTextChanged.connect(
            lambda key: self.first_values.setText(default_values(scenario.schema.get(key))))
        self.second_key.currentIndexChanged.connect(self._second_chosen)
        if levers:
            self.first_key.setCurrentText(levers[0])
        self.first_values.setText(default_values(scenario.schema.get(
            self.first_key.currentText())))
        self.metric_box = QComboBox()
        titles = metric_titles(scenario, self.lang)
        for column in self.session.sim.metric_columns():
            self.metric_box.addItem(titles.get(column, column), column)
        self.seeds, self.rounds = QSpinBox(), QSpinBox()
        self.seeds.setRange(1, 1000)
        self.seeds.setValue(10)
        self.rounds.setRange(1, 1_000_000)
        self.rounds.setValue(scenario.rounds)
        # The scenario's own [[sweep]]s that this form can show (one or two parameters).
        self.saved = QComboBox()
        self.saved.addItem(self.tr("(none)"), None)
        for plan in scenario.sweeps:
            if 1 <= len(plan.grid) <= 2:
                self.saved.addItem(plan.name, plan)
        self.saved.activated.connect(lambda i: self.use_saved(self.saved.itemData(i)))
        self.saved_set: dict = {}  # the chosen saved sweep's fixed values
        self.saved_note = QLabel()
        self.saved_note.setWordWrap(True)
        if self.saved.count() > 1:
            self.saved.setAccessibleName(self.tr("Saved sweep"))
            form.addRow(self.tr("Saved sweep"), self.saved)
            form.addRow(self.saved_note)
        self.saved_note.hide()  # shown when a saved sweep fixes values
        for widget, name in ((self.first_key, self.tr("First parameter")),
                             (self.first_values, self.tr("Its values")),
                             (self.second_key, self.tr("Second parameter")),
                             (self.second_values, self.tr("Its values")),
                             (self.metric_box, self.tr("Final metric shown")),
                             (self.seeds, self.tr("Seeds per setting")),
                             (self.rounds, self.tr("Rounds per run"))):
            widget.setAccessibleName(name)
            form.addRow(name, widget)
        hint = QLabel(self.tr("Values: V1,V2,... or START:STOP:COUNT. Each setting starts from "
                              "the current run's starting values."))
        hint.setWordWrap(True)
        self.plot = pg.PlotWidget(background=self.theme.background)
        self.plot.setAccessibleName(self.tr("Sweep result"))
        self.progress = QProgressBar()
        self.run_button = QPushButton(self.tr("Run sweep"))
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.save_picture_button = QPushButton(self.tr("Save picture…"))
        self.save_csv_button = QPushButton(self.tr("Save CSV…"))
        self.cancel_button.setEnabled(False)
        self.save_picture_button.setEnabled(False)
        self.save_csv_button.setEnabled(False)
        self.run_button.clicked.connect(self.start)
        self.cancel_button.clicked.connect(self.cancel)
        self.save_picture_button.clicked.connect(self.choose_picture)
        self.save_csv_button.clicked.connect(self.choose_csv)
        buttons = QHBoxLayout()
        for b in (self.run_button, self.cancel_button, self.save_picture_button,
                  self.save_csv_button):
            buttons.addWidget(b)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addLayout(buttons)
        layout.addWidget(self.progress)
        layout.addWidget(self.plot, 1)
        if self.saved.count() > 1:  # the scenario's own question comes first
            self.saved.setCurrentIndex(1)
            self.use_saved(self.saved.itemData(1))

    def _second_chosen(self, index: int) -> None:
        key = self.second_key.currentText()
        self.second_values.setText(
            default_values(self.session.scenario.schema.get(key)) if index > 0 else "")

    def use_saved(self, plan) -> None:
        """Fill the form from a sweep saved in the scenario file (or clear its fixed values,
        for "(none)"); the form can still be changed before running."""
        self.saved_set = dict(plan.set) if plan is not None else {}
        self.saved_note.setText(self.tr("Also fixed: {values}").format(
            values=", ".join(f"{k} = {_label(v)}" for k, v in self.saved_set.items()))
            if self.saved_set else "")
        self.saved_note.setVisible(bool(self.saved_set))
        if plan is None:
            return
        (first, values), *rest = plan.grid
        self.first_key.setCurrentText(first)
        self.first_values.setText(",".join(_label(v) for v in values))
        if rest:
            self.second_key.setCurrentText(rest[0][0])
            self.second_values.setText(",".join(_label(v) for v in rest[0][1]))
        else:
            self.second_key.setCurrentIndex(0)
            self.second_values.clear()
        if plan.replications is not None:
            self.seeds.setValue(plan.replications)
        self.rounds.setValue(plan.rounds or self.session.scenario.rounds)
        if plan.metrics:
            self.choose_metric(plan.metrics[0])

    def chosen_metric(self) -> str:
        """The column of the final metric shown."""
        return self.metric_box.currentData()

    def choose_metric(self, column: str) -> None:
        self.metric_box.setCurrentIndex(max(self.metric_box.findData(column), 0))

    # --- running ------------------------------------------------------------------------

    def make_sweep(self) -> Sweep:
        """The sweep the form describes (raises BiasLoopError naming what is wrong)."""
        scenario = self.session.scenario
        grid = [parse_grid_item(f"{self.first_key.currentText()}={self.first_values.text()}",
                                scenario.schema)]
        if self.second_key.currentIndex() > 0:
            grid.append(parse_grid_item(
                f"{self.second_key.currentText()}={self.second_values.text()}",
                scenario.schema))
        return Sweep(scenario, tuple(grid), replications=self.seeds.value(),
                     rounds=self.rounds.value(), seed=self.session.sim.seed,
                     overrides={**self.session.sim.overrides, **self.saved_set})

    def start(self, jobs: int = 0) -> None:
        try:
            sweep = self.make_sweep()
        except BiasLoopError as exc:
            dialogs.show_error(self, self.tr("This sweep cannot run"), str(exc))
            return
        self._thread = QThread(self)
        self._worker = SweepWorker(sweep, jobs)
        self._worker.moveToThread(self._thread)
        self._thread.started.connect(self._worker.run)
        self._worker.progress.connect(self._show_progress)
        self._worker.finished.connect(self._finished)
        self._worker.failed.connect(self._failed)
        self.progress.setRange(0, sweep.task_count())
        self.progress.setValue(0)
        self.run_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        self._thread.start()

    def cancel(self) -> None:
        if self._worker is not None:
            self._worker.cancelled.set()

    def running(self) -> bool:
        return self._thread is not None and self._thread.isRunning()

    def _show_progress(self, done: int, total: int) -> None:
        self.progress.setValue(done)
        self.progress.setFormat(self.tr("{done} of {total} runs").format(done=done, total=total))

    def _stop_thread(self) -> None:
        if self._thread is not None:
            self._thread.quit()
            self._thread.wait()
        self.run_button.setEnabled(True)
        self.cancel_button.setEnabled(False)

    def _failed(self, message: str) -> None:
        self._stop_thread()
        dialogs.show_error(self, self.tr("The sweep failed"), message)

    def _finished(self, result) -> None:
        self._stop_thread()
        self.sweep_result = result
        self.save_picture_button.setEnabled(True)
        self.save_csv_button.setEnabled(True)
        self.draw()

    # --- the picture --------------------------------------------------------------------

    def draw(self) -> None:
        result, metric = self.sweep_result, self.chosen_metric()
        title = self.metric_box.currentText()
        plot = self.plot.getPlotItem()
        plot.clear()
        sweep = result.sweep
        summary = result.summary(metric)
        (first_key, first_values), *rest = sweep.grid
        plot.setTitle(self.tr("{metric}, final value ({seeds} seeds)").format(
            metric=title, seeds=sweep.replications))
        colour = self.theme.series_colour(0)
        if not rest:
            x = _axis(first_values)
            mean, low, high = summary.T
            lower = pg.PlotDataItem(x, low, pen=None)
            upper = pg.PlotDataItem(x, high, pen=None)
            fill = pg.FillBetweenItem(lower, upper, brush=pg.mkBrush(colour.red(), colour.green(),
                                                                      colour.blue(), 60))
            plot.addItem(fill)
            plot.plot(x, mean, pen=self.theme.pen(colour), symbol="o", symbolBrush=colour)
            plot.setLabel("bottom", self._axis_title(first_key))
            plot.setLabel("left", title)
            _tick_labels(plot.getAxis("bottom"), first_values)
        else:
            second_key, second_values = rest[0]
            grid = summary[:, 0].reshape(len(first_values), len(second_values))
            image = pg.ImageItem(np.nan_to_num(grid, nan=np.nanmin(grid)))
            image.setColorMap(pg.colormap.get("viridis"))
            plot.addItem(image)
            plot.setLabel("bottom", self._axis_title(first_key))
            plot.setLabel("left", self._axis_title(second_key))
            _tick_labels(plot.getAxis("bottom"), first_values, centred=True)
            _tick_labels(plot.getAxis("left"), second_values, centred=True)
            # A key to read, not a control: no range handles to drag, no colour-map menu.
            bar = pg.ColorBarItem(values=(float(np.nanmin(grid)), float(np.nanmax(grid))),
                                  colorMap=pg.colormap.get("viridis"), label=title,
                                  interactive=False, colorMapMenu=False)
            bar.setImageItem(image, insert_in=plot)

    def _axis_title(self, key: str) -> str:
        """The parameter's name in words (its key is in the form above): a key appended made
        the side axis's title longer than the plot is high."""
        return self.session.scenario.schema.get(key).label.get(self.lang)

    def choose_picture(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Save picture"), "sweep.png",
                                              self.tr("PNG pictures (*.png)"))
        if path:
            try:
                save_widget_png(self.plot, path)
            except BiasLoopError as exc:
                dialogs.show_error(self, self.tr("The picture was not saved"), str(exc))

    def choose_csv(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Save CSV"), "sweep.csv",
                                              self.tr("CSV files (*.csv)"))
        if path:
            self.save_csv(path)

    def save_csv(self, path: str) -> bool:
        try:
            with atomic_open(path, "w", encoding="utf-8", newline="") as handle:
                write_sweep_csv(handle, self.sweep_result)
        except (BiasLoopError, OSError) as exc:
            dialogs.show_error(self, self.tr("The CSV was not saved"), str(exc))
            return False
        return True

    def closeEvent(self, event) -> None:
        self.cancel()
        self._stop_thread()
        super().closeEvent(event)


def metric_titles(scenario, lang: str) -> dict[str, str]:
    """Each metric column's name in words: its label, with its group's for a per-group one."""
    titles = {}
    for metric in scenario.metrics():
        label = metric.label.get(lang)
        if metric.per_group:
            titles.update((f"{metric.name}_{g}", f"{label} · {scenario.group_label(g, lang)}")
                          for g in scenario.group_ids)
        else:
            titles[metric.name] = label
    return titles


def default_values(param) -> str:
    """Values to sweep ``param`` over, as the form writes them: every choice, both switch
    positions, or six steps across a numeric range (three around the default when the range
    is open or very wide)."""
    if param.type == "bool":
        return "false,true"
    if param.type == "choice":
        return ",".join(param.choices)
    low, high = param.min, param.max
    if low is not None and high is not None and high - low <= 1000:
        return f"{low:g}:{high:g}:6"
    around = [param.default / 2, param.default, param.default * 2] if param.default else \
        [0, 1, 2]
    inside = [min(max(v, low if low is not None else v), high if high is not None else v)
              for v in around]
    if param.type == "int":
        inside = [round(v) for v in inside]
    return ",".join(_label(v) for v in dict.fromkeys(inside))


def _axis(values) -> np.ndarray:
    """Numbers for the x axis: the values themselves, or their positions for words."""
    if all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values):
        return np.array(values, dtype=float)
    return np.arange(len(values), dtype=float)


def _tick_labels(axis, values, centred: bool = False) -> None:
    if centred or not all(isinstance(v, (int, float)) and not isinstance(v, bool)
                          for v in values):
        offset = 0.5 if centred else 0.0
        axis.setTicks([[(i + offset, _label(v)) for i, v in enumerate(values)]])


def _label(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return f"{value:g}" if isinstance(value, float) else str(value)
