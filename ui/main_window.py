"""The main window: run bar, guide bar, loop diagram, dashboard, parameter and Info panes.

It assembles the views around one :class:`~ui.session.Session`, turns user commands into
session calls, and turns the simulator's user-facing errors into dialogs (the run carries on
with its previous state). Views take their texts from the scenario in ``lang`` and their look
from ``theme``; changing either rebuilds them, which is how zoom works now and how a language
switch or a presentation theme will.
"""

from __future__ import annotations

import secrets
from importlib import resources

from PySide6.QtCore import QEvent, QLocale, QObject, QSettings, Qt, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (
    QAbstractSlider,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDockWidget,
    QFileDialog,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from simulator import BiasLoopError, ParamError, RestartRequired, bundled_names, load_scenario
from ui import formatting, i18n
from ui.actions import Actions, add_choices
from ui.charts.dashboard import Dashboard
from ui.charts.headline import HeadlineBar
from ui.charts.plot_chooser import PlotChooser
from ui.diagram.loop_diagram import LoopDiagram
from ui.dialogs import messages as dialogs
from ui.export.controller import ExportController
from ui.export.snapshot import save_widget_png
from ui.guide.guide_bar import GuideBar
from ui.guide.info_pane import InfoPane
from ui.guide.preset_bar import PresetBar
from ui.pane_zoom import PANES, PaneZoom
from ui.parameters.param_panel import ParamPanel
from ui.preferences import Preferences
from ui.run_controls.compare import CompareControls
from ui.run_controls.run_bar import RunBar
from ui.run_controls.timeline import Timeline
from ui.session import Session
from ui.student_view import StudentView
from ui.theme import Theme, configure_pyqtgraph
from ui.view_modes import ViewModes

DEFAULT_SIZE = (1600, 1000)
DIAGRAM_WIDTH = 480
#: The most of the width beside the parameters the loop diagram takes: on a narrow window
#: (1280x720) its 480 px would leave the charts less than their cards need.
DIAGRAM_SHARE = 0.4
DOCK_WIDTH = 340  # the parameter and info panes at zoom 1
STATUS_MS = 500
SETTINGS_VERSION = 1  # bump when the saved layout would no longer fit the window


class EditingKeys(QObject):
    """Space and Right are run shortcuts, but a slider, spin box or text field with the focus
    needs them too (to type a space, to move the slider): give those widgets first claim."""

    KEYS = (Qt.Key.Key_Space, Qt.Key.Key_Right)
    EDITORS = (QAbstractSlider, QAbstractSpinBox, QLineEdit, QComboBox)

    def eventFilter(self, watched, event) -> bool:
        if (event.type() == QEvent.Type.ShortcutOverride and event.key() in self.KEYS
                and not event.modifiers() and isinstance(watched, self.EDITORS)):
            event.accept()
        return False


def headline_metric(scenario) -> str | None:
    """The metric the scenario's headline gap is made of (``mean_score`` for
    ``mean_score_A - mean_score_B``), which the loop diagram rings where its arrow shows it."""
    if scenario.headline is None:
        return None
    column = scenario.headline.columns[0]
    return next((m.name for m in scenario.metrics()
                 if column in m.columns(scenario.group_ids)), None)


class MainWindow(QMainWindow):
    def __init__(self, scenario, settings: QSettings | None = None, lang: str | None = None):
        super().__init__()
        self.lang = lang or i18n.current_language()
        self._ui_lang = i18n.current_language()  # the language the window's own texts are in
        self.theme = Theme()
        configure_pyqtgraph(self.theme)
        self.prefs = Preferences(settings)
        self.session = Session(scenario, self)
        self.actions = Actions(self)
        self.exporter = ExportController(self)
        self._editing_keys = EditingKeys(self)
        QApplication.instance().installEventFilter(self._editing_keys)
        self._build()
        self._connect()
        self.pane_zoom = PaneZoom(self)  # View ▸ Zoom pane, Ctrl+wheel over a pane
        self.modes = ViewModes(self)  # View ▸ Theme, presentation mode, Shift+F1 help
        self.student_view = StudentView(self)  # View ▸ Student view
        self._style()
        self.setWindowIcon(QIcon(str(resources.files("ui.assets") / "icon.svg")))
        self.resize(*DEFAULT_SIZE)
        self._restore_layout()
        self._scenario_changed()

    # --- construction ------------------------------------------------------------------

    def _build(self) -> None:
        session, theme, lang = self.session, self.theme, self.lang
        self.run_bar = RunBar(self.actions)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.run_bar)
        self.guide_bar = GuideBar(session, self.actions.next_step, lang,
                                  back_actions=(self.actions.previous_step,
                                                self.actions.go_to_step))
        self.headline = HeadlineBar(session, lang)
        self.preset_bar = PresetBar(session, lang)
        self.diagram = LoopDiagram(session, theme, lang)
        self.dashboard = Dashboard(session, theme, lang)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("mainSplitter")
        self.splitter.addWidget(self.diagram)
        self.splitter.addWidget(self.dashboard)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.splitterMoved.connect(self._diagram_dragged)
        self.splitter.setSizes([DIAGRAM_WIDTH, DEFAULT_SIZE[0] - DIAGRAM_WIDTH])
        central = QWidget()
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.guide_bar)
        column.addWidget(self.preset_bar)
        column.addWidget(self.headline)
        column.addWidget(self.splitter, 1)
        self.timeline = Timeline(session, lang)
        column.addWidget(self.timeline)
        self.setCentralWidget(central)
        self.params = ParamPanel(session, theme, lang)
        self.info = InfoPane(theme, lang)
        self.params_dock = self._dock("paramsDock", self.tr("Parameters"), self.params)
        self.info_dock = self._dock("infoDock", self.tr("Info"), self.info)
        self.tabifyDockWidget(self.params_dock, self.info_dock)
        self.params_dock.raise_()
        self.rate_label = QLabel()
        self.rate_label.setMinimumWidth(160)
        self.rate_label.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.statusBar().addPermanentWidget(self.rate_label)
        self._status_timer = QTimer(self)
        self._status_timer.setInterval(STATUS_MS)
        self._status_timer.timeout.connect(self._show_rate)
        self._status_timer.start()
        self._build_menus()
        self.compare = CompareControls(self)  # the Compare menu, its toolbar, saved runs

    def _dock(self, name: str, title: str, widget: QWidget) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(name)
        dock.setWidget(widget)
        dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable
                         | QDockWidget.DockWidgetFeature.DockWidgetClosable
                         | QDockWidget.DockWidgetFeature.DockWidgetFloatable)
        dock.setMinimumWidth(DOCK_WIDTH)
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, dock)
        return dock

    def _build_menus(self) -> None:
        a = self.actions
        bar = self.menuBar()
        file = bar.addMenu(self.tr("&File"))
        self.bundled_menu = file.addMenu(self.tr("Bundled scenarios"))
        file.addAction(a.open)
        file.addAction(a.save_run)
        file.addSeparator()
        file.addAction(a.save_picture)
        file.addAction(a.export)
        file.addAction(a.export_report)
        file.addSeparator()
        file.addAction(a.quit)
        scenario = bar.addMenu(self.tr("&Scenario"))
        self.paper_menu = scenario.addMenu(self.tr("Paper settings"))
        self.paper_menu.menuAction().setObjectName("paperSettingsMenu")
        edit = bar.addMenu(self.tr("&Edit"))
        edit.addAction(a.undo)
        edit.addAction(a.restore_defaults)
        run = bar.addMenu(self.tr("&Run"))
        for action in (a.run, a.step, a.reset, a.new_seed, a.next_step, a.previous_step,
                       a.go_to_step):
            run.addAction(action)
        run.addSeparator()
        for action in (a.timeline_back, a.timeline_forward, a.timeline_live, a.branch_here):
            run.addAction(action)
        run.addSeparator()
        run.addAction(a.sweep)
        view = bar.addMenu(self.tr("&View"))
        view.addAction(a.choose_plots)
        view.addSeparator()
        for action in (a.zoom_in, a.zoom_out, a.zoom_reset, a.full_screen):
            view.addAction(action)
        view.addSeparator()
        view.addAction(self.params_dock.toggleViewAction())
        view.addAction(self.info_dock.toggleViewAction())
        help_menu = bar.addMenu(self.tr("&Help"))
        help_menu.menuAction().setObjectName("helpMenu")
        help_menu.addAction(a.about)
        self._menus = {"file": file, "scenario": scenario, "edit": edit, "run": run,
                       "view": view, "help": help_menu}
        self._build_language_menu(view)

    def _build_language_menu(self, view) -> None:
        """View ▸ Language: each language named in itself, so anyone can find theirs."""
        view.addSeparator()
        self.language_menu = view.addMenu(self.tr("&Language"))
        self.language_menu.menuAction().setObjectName("languageMenu")
        self.language_actions = add_choices(self.language_menu, self, "language",
                                            i18n.LANGUAGES, self._ui_lang, self.choose_language)

    def _connect(self) -> None:
        a, s = self.actions, self.session
        a.run.triggered.connect(s.toggle)
        a.step.triggered.connect(s.step)
        a.reset.triggered.connect(lambda: s.reset())
        a.new_seed.triggered.connect(lambda: s.reset(seed=secrets.randbelow(1_000_000)))
        a.restore_defaults.triggered.connect(s.restore_defaults)
        a.undo.triggered.connect(self.undo)
        a.next_step.triggered.connect(s.next_guide_step)
        a.previous_step.triggered.connect(s.previous_guide_step)
        a.go_to_step.triggered.connect(self.choose_guide_step)
        a.open.triggered.connect(self.choose_scenario_file)
        a.save_picture.triggered.connect(self.choose_picture_file)
        a.export.triggered.connect(lambda: self.exporter.open_dialog())
        a.export_report.triggered.connect(lambda: self.exporter.open_dialog(report=True))
        self.dashboard.export_requested.connect(self.exporter.open_dialog)
        a.quit.triggered.connect(self.close)
        a.full_screen.toggled.connect(self.set_full_screen)
        a.zoom_in.triggered.connect(lambda: self.zoom(1))
        a.zoom_out.triggered.connect(lambda: self.zoom(-1))
        a.zoom_reset.triggered.connect(lambda: self.zoom(0))
        a.choose_plots.triggered.connect(self.choose_plots)
        a.sweep.triggered.connect(self.open_sweep)
        a.timeline_back.triggered.connect(lambda: self.timeline.step(-1))
        a.timeline_forward.triggered.connect(lambda: self.timeline.step(1))
        a.timeline_live.triggered.connect(lambda: s.view_round(None))
        a.branch_here.triggered.connect(self.branch_here)
        self.timeline.branch.clicked.connect(self.branch_here)
        s.view_changed.connect(self._show_round)
        s.view_changed.connect(self.diagram.refresh)
        a.about.triggered.connect(self.about)
        self.preset_bar.check_requested.connect(lambda n: self.compare.run_seeds(n))
        self.run_bar.scenario_chosen.connect(self.open_scenario)
        self.run_bar.open_file_requested.connect(self.choose_scenario_file)
        self.run_bar.speed_chosen.connect(s.set_speed)
        self.run_bar.seed_entered.connect(lambda seed: s.reset(seed=seed))
        self.params.change_requested.connect(self.change_param)
        self.diagram.stage_clicked.connect(
            lambda stage: self.focus_params(self.diagram.focus_keys_for(stage)))
        self.diagram.keys_clicked.connect(self.focus_params)
        s.scenario_changed.connect(self._scenario_changed)
        s.reset_done.connect(self._show_run_state)
        s.advanced.connect(self._show_round)
        s.running_changed.connect(a.show_running)

    # --- scenario ------------------------------------------------------------------------

    def open_scenario(self, name_or_path: str) -> bool:
        """Switch to a bundled scenario or a scenario file; on a validation error, say what
        is wrong and keep the current run."""
        try:
            scenario = load_scenario(name_or_path)
        except BiasLoopError as exc:
            dialogs.show_error(self, self.tr("This scenario cannot be opened"), str(exc))
            return False
        self.prefs.set("last_scenario", scenario.source)
        self.session.load(scenario)
        return True

    def choose_preset(self, preset_id: str) -> None:
        """Scenario › Paper settings: start again at a paper's setting ("" for the
        scenario's own); a setting a run refuses is named and the current run kept."""
        try:
            self.session.apply_preset(preset_id or None)
        except BiasLoopError as exc:
            dialogs.show_error(self, self.tr("This paper setting cannot be used"), str(exc))

    def _fill_paper_menu(self) -> None:
        """One checkable entry per paper setting of the scenario, and its own settings."""
        menu, own = self.paper_menu, self.session.bench.own_scenario
        menu.clear()
        choices = {"": self.tr("The scenario's own settings")}
        choices.update((p.id, p.title.get(self.lang)) for p in own.presets)
        current = self.session.preset.id if self.session.preset is not None else ""
        self.paper_actions = add_choices(menu, self, "paperSetting", choices, current,
                                         self.choose_preset)
        for preset in own.presets:
            self.paper_actions[preset.id].setStatusTip(preset.paper)
        menu.setEnabled(bool(own.presets))

    def choose_scenario_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Open scenario or saved run"), "",
            self.tr("Scenario files and saved runs (*.toml)"))
        if path:
            self.compare.open_file(path)

    def _bundled_entries(self) -> list[tuple[str, str]]:
        entries = []
        for name in bundled_names():
            try:
                entries.append((name, load_scenario(name).title.get(self.lang)))
            except BiasLoopError:  # a broken bundled file must not keep the app from starting
                continue
        return entries

    def _scenario_changed(self) -> None:
        scenario = self.session.scenario
        self.setWindowTitle(f"Bias Loop — {scenario.title.get(self.lang)}")
        entries = self._bundled_entries()
        self.run_bar.show_scenarios(entries, scenario.source)
        self.bundled_menu.clear()
        for name, title in entries:
            self.bundled_menu.addAction(title, lambda n=name: self.open_scenario(n))
        self.dashboard.set_selection(self.prefs.get(f"plots/{scenario.id}", kind=list),
                                     self.prefs.get(f"columns/{scenario.id}", None, int))
        self.diagram.set_headline(headline_metric(scenario))
        self._fill_paper_menu()
        self.student_view.follow_scenario()
        self._rebuild_views()
        self._show_run_state()

    def refresh_views(self) -> None:
        """Bring every view up to date now rather than at its next frame (screenshots)."""
        self.dashboard.redraw()
        self.diagram.refresh()
        self.params.sync()
        self._show_round()
        self._show_rate()

    def _rebuild_views(self) -> None:
        """Build every view again for the scenario, theme and language in force."""
        for name in PANES:
            self._rebuild_view(name)
        self.guide_bar.refresh()
        self.headline.refresh()
        self.preset_bar.refresh()

    def _rebuild_view(self, name: str) -> None:
        if name == "info":
            self.info.show_scenario(self.session.bench.own_scenario)  # all its paper settings
        else:
            getattr(self, name).rebuild()

    def theme_views(self, names: tuple[str, ...] = PANES) -> None:
        """Give the panes the window's theme at each pane's own zoom."""
        for name in names:
            view = getattr(self, name)
            view.theme = self.pane_zoom.theme_for(name, self.theme)
            view.setStyleSheet(self.pane_zoom.stylesheet(name))

    def restyle_pane(self, name: str) -> None:
        """One pane zoomed alone: only it is rebuilt."""
        scales = self._pane_scales()
        self.theme_views((name,))
        self._rebuild_view(name)
        self._fit_panes(scales)

    def resizeEvent(self, event) -> None:
        """A new window size: the loop diagram at its width for its type, but never more than
        DIAGRAM_SHARE of the room beside the parameters, so that the charts keep theirs."""
        super().resizeEvent(event)
        if event.oldSize().width() != event.size().width():
            QTimer.singleShot(0, self._fit_diagram)  # once the docks have their new widths

    def _fit_diagram(self) -> None:
        """The diagram at the width asked for (its type's, or where the user dragged the
        splitter), within DIAGRAM_SHARE of the room."""
        total = sum(self.splitter.sizes())
        wanted = getattr(self, "_diagram_wanted", None) or round(
            DIAGRAM_WIDTH * self.diagram.theme.scale)
        width = min(wanted, int(total * DIAGRAM_SHARE))
        if total > 0 and width != self.splitter.sizes()[0]:
            self.splitter.blockSignals(True)  # not a drag by the user
            self.splitter.setSizes([width, total - width])
            self.splitter.blockSignals(False)

    def _diagram_dragged(self) -> None:
        self._diagram_wanted = self.splitter.sizes()[0]

    def _pane_scales(self) -> tuple[float, float]:
        return self.diagram.theme.scale, self.params.theme.scale

    def _fit_panes(self, old: tuple[float, float]) -> None:
        """When a pane's type grows or shrinks, the pane does too: the loop diagram (up to
        40 % of the width: larger, it is scaled down whole, which would undo the zoom) and
        the parameters (whose rows would otherwise be cut at the dock's edge)."""
        diagram, params = self._pane_scales()
        if diagram != old[0]:
            total = sum(self.splitter.sizes())
            width = min(round(DIAGRAM_WIDTH * diagram), int(total * DIAGRAM_SHARE))
            self._diagram_wanted = round(DIAGRAM_WIDTH * diagram)
            self.splitter.setSizes([width, total - width])
        if params != old[1]:
            width = round(DOCK_WIDTH * params)
            for dock in (self.params_dock, self.info_dock):
                dock.setMinimumWidth(width)
            self.resizeDocks([self.params_dock], [width], Qt.Orientation.Horizontal)

    # --- run state -----------------------------------------------------------------------

    def _show_run_state(self) -> None:
        self.run_bar.show_seed(self.session.seed)
        self.run_bar.show_speed(self.session.speed)
        self._show_round()

    def _show_round(self, _played: int = 0) -> None:
        unit = self.session.scenario.round_unit.get(self.lang)
        self.run_bar.show_round(self.session.sim.round, unit, self.timeline.counter_text(unit))

    def branch_here(self) -> None:
        """Branch from the round the timeline shows; a pinned baseline is replaced only after
        asking (the branch's old future becomes the baseline)."""
        session = self.session
        replace = False
        if session.baseline is not None:
            replace = dialogs.ask(self, self.tr("Replace the baseline?"), self.tr(
                "A baseline is pinned. Branching makes the run's old future the baseline, "
                "in its place."), self.tr("Branch and replace it"), default_accept=False)
            if not replace:
                return
        try:
            session.branch_here(replace_baseline=replace)
        except BiasLoopError as exc:
            dialogs.show_error(self, self.tr("The run cannot branch here"), str(exc))
            return
        self.statusBar().showMessage(self.tr(
            "Branched at {unit} {round}: the thin pale lines are the run's old future").format(
            unit=session.scenario.round_unit.get(self.lang),
            round=formatting.number(session.sim.round)), 8000)

    def _show_rate(self) -> None:
        rate = self.session.rounds_per_second()
        shown = self.tr("{rate} rounds/s").format(rate=formatting.number(round(rate)))
        self.rate_label.setText(shown if self.session.running else self.tr("paused"))

    # --- parameters ----------------------------------------------------------------------

    def change_param(self, key: str, value) -> None:
        """A control was moved: apply it, or explain why not (and put the control back)."""
        session = self.session
        param = session.scenario.schema.get(key)
        try:
            session.set_param(key, value)
        except RestartRequired as exc:
            offer = self.tr("{message}.\n\nSet the run up again now with the new value? "
                            "The rounds played so far are discarded.").format(message=exc)
            if dialogs.ask(self, self.tr("This change needs a reset"), offer,
                           self.tr("Reset with the new value")):
                session.restart_with(key, value)
            else:
                self.params.sync()
            return
        except ParamError as exc:
            dialogs.show_error(self, self.tr("Value not allowed"), str(exc))
            self.params.sync()
            return
        label = formatting.param_label(param, session.scenario, self.lang)
        shown = formatting.param_value(param, value, self.lang)
        when = (self.tr("from the start") if session.sim.round == 0 and not session.undo_stack
                else self.tr("from the next round"))
        self.statusBar().showMessage(f"{label} → {shown} {when}", 5000)

    def undo(self) -> None:
        """Edit ▸ Undo lever change; the status bar says what was undone, so it no longer
        announces the change that is gone."""
        session = self.session
        if not session.undo_stack:
            self.statusBar().showMessage(self.tr("Nothing to undo"), 3000)
            return
        key, old = session.undo_stack[-1]
        session.undo()
        param = session.scenario.schema.get(key)
        self.statusBar().showMessage(self.tr("Undone: {label} back to {value} from the next "
                                             "round").format(
            label=formatting.param_label(param, session.scenario, self.lang),
            value=formatting.param_value(param, old, self.lang)), 5000)

    def choose_guide_step(self) -> None:
        """Run ▸ Go to step…: pick a step by its round and caption; the run is set up again
        and replayed to it (exact: the same numbers as pressing Next on time)."""
        session = self.session
        steps = session.guide_steps
        if not steps:
            return
        unit = session.scenario.round_unit.get(self.lang)
        items = [self.tr("Start (before step 1)")] + [
            self.tr("Step {n} · {unit} {round}: {caption}").format(
                n=i + 1, unit=unit, round=formatting.number(step.round),
                caption=step.caption.get(self.lang))
            for i, step in enumerate(steps)]
        current = 0 if session.guide_shown is None else session.guide_shown + 1
        choice, ok = QInputDialog.getItem(self, self.tr("Go to step"),
                                          self.tr("Set the run up again and replay the guide "
                                                  "to:"), items, current, False)
        if ok and choice in items:
            index = items.index(choice)
            session.go_to_guide_step(None if index == 0 else index - 1)

    def focus_params(self, keys) -> None:
        self.params_dock.show()
        self.params_dock.raise_()
        self.params.focus_keys(list(keys))

    # --- view ----------------------------------------------------------------------------

    def _style(self) -> None:
        configure_pyqtgraph(self.theme)
        QApplication.instance().setPalette(self.theme.palette())  # menus, tooltips, dialogs
        self.setStyleSheet(self.theme.stylesheet())
        self.setFont(self.theme.font(self.theme.base_px))
        self.run_bar.apply_theme(self.theme)
        self.guide_bar.apply_theme(self.theme)

    def apply_theme(self, theme: Theme) -> None:
        """Restyle everything: zoom, theme (View ▸ Theme), presentation mode."""
        scales = self._pane_scales()
        self.theme = theme
        self._style()
        self.theme_views()
        self._rebuild_views()
        self._fit_panes(scales)

    def zoom(self, steps: int) -> None:
        """Ctrl +/−: the whole window; Ctrl+0: the window and every pane back."""
        if steps == 0:
            self.pane_zoom.reset_all()
        self.apply_theme(self.theme.zoomed(steps))

    def set_language(self, lang: str) -> None:
        """Show the scenario's texts in another language (en, es)."""
        self.lang = lang
        for view in (self.dashboard, self.params, self.diagram, self.info, self.guide_bar,
                     self.headline, self.preset_bar):
            view.lang = lang
        self._scenario_changed()

    def choose_language(self, lang: str) -> None:
        """View ▸ Language: every text in ``lang`` from now on, remembered for next time;
        the run carries on untouched."""
        lang = i18n.set_language(lang)
        self.prefs.set(i18n.SETTINGS_KEY, lang)
        self.retranslate()

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        """Put the window's own texts (menus, actions, docks, bars) and the views into the
        language in force; the views are rebuilt, the session is not touched."""
        lang = i18n.current_language()
        if lang == self._ui_lang:
            return
        self._ui_lang = lang
        self.actions.retranslate(self.session.running)
        m = self._menus
        m["file"].setTitle(self.tr("&File"))
        m["scenario"].setTitle(self.tr("&Scenario"))
        m["edit"].setTitle(self.tr("&Edit"))
        m["run"].setTitle(self.tr("&Run"))
        m["view"].setTitle(self.tr("&View"))
        m["help"].setTitle(self.tr("&Help"))
        self.bundled_menu.setTitle(self.tr("Bundled scenarios"))
        self.paper_menu.setTitle(self.tr("Paper settings"))
        self.language_menu.setTitle(self.tr("&Language"))
        self.language_actions[lang].setChecked(True)
        self.params_dock.setWindowTitle(self.tr("Parameters"))
        self.info_dock.setWindowTitle(self.tr("Info"))
        self.run_bar.retranslate()
        self.timeline.retranslate()
        self.compare.retranslate()
        self.modes.retranslate()
        self.pane_zoom.retranslate()
        self.set_language(lang)
        for box in self.findChildren(QAbstractSpinBox):  # 0.50 or 0,50, as the language writes
            box.setLocale(QLocale())
        self._show_rate()

    def set_full_screen(self, on: bool) -> None:
        if on:
            self.showFullScreen()
        else:
            self.showNormal()

    def open_sweep(self) -> None:
        """Run ▸ Sweep…: which settings make the loop run away (a dialog of its own, the
        live run untouched)."""
        from ui.dialogs.sweep_dialog import SweepDialog

        dialog = SweepDialog(self.session, self.theme, self.lang, parent=self)
        dialog.setModal(False)
        dialog.show()

    def choose_plots(self) -> None:
        chooser = PlotChooser(self.dashboard.available_plots(), self.dashboard.plot_ids,
                              self.dashboard.columns, self)
        if chooser.exec():
            self.dashboard.set_selection(chooser.chosen(), chooser.columns.value())
            self.dashboard.rebuild()
            scenario = self.session.scenario.id
            self.prefs.set(f"plots/{scenario}", self.dashboard.plot_ids)
            self.prefs.set(f"columns/{scenario}", self.dashboard.columns)

    def choose_picture_file(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Save picture of the window"),
                                              "bias-loop.png", self.tr("PNG images (*.png)"))
        if path:
            self.save_picture(path)

    def save_picture(self, path: str) -> bool:
        try:
            save_widget_png(self, path)
        except BiasLoopError as exc:
            dialogs.show_error(self, self.tr("The picture was not saved"), str(exc))
            return False
        self.statusBar().showMessage(self.tr("Saved {path}").format(path=path), 5000)
        return True

    def about(self) -> None:
        QMessageBox.about(self, self.tr("About Bias Loop"), self.tr(
            "Bias Loop: a simulator of the bias-reinforcement loop. Biased data trains a "
            "model, the model's decisions become new data, and the bias grows; pull the "
            "levers that break the loop."))

    # --- preferences ---------------------------------------------------------------------

    def _restore_layout(self) -> None:
        if self.prefs.get("version", 0, int) != SETTINGS_VERSION:
            return
        geometry = self.prefs.get("geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        state = self.prefs.get("window_state")
        if state is not None:
            self.restoreState(state)
        splitter = self.prefs.get("splitter")
        if splitter is not None:
            self.splitter.restoreState(splitter)
            self._diagram_wanted = self.splitter.sizes()[0]

    def closeEvent(self, event) -> None:
        self.session.pause()
        self.session.cancel_seeds()
        self.prefs.set("version", SETTINGS_VERSION)
        self.prefs.set("geometry", self.saveGeometry())
        self.prefs.set("window_state", self.saveState())
        self.prefs.set("splitter", self.splitter.saveState())
        self.prefs.sync()
        QApplication.instance().removeEventFilter(self._editing_keys)
        super().closeEvent(event)

