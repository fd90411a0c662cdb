"""The window's side of exporting: what is on screen becomes a figure source, a dialog asks
what and where, errors become a message that says why (and no file is left behind)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QFileDialog

from simulator import BiasLoopError
from ui import i18n
from ui.charts.dashboard import draw_comparison
from ui.diagram.loop_diagram import LoopDiagram
from ui.dialogs import messages as dialogs
from ui.export.dialog import ExportDialog
from ui.export.figure import FigureRequest, FigureSource
from ui.export.formats import FORMATS, export
from ui.export.report import write_report


class ExportController(QObject):
    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.use_screen_theme = False  # exports are light unless the dialog says otherwise

    def theme(self):
        """The export's look: the window's sizes, in light colours (or the window's own)."""
        theme = self.window.theme
        return theme if self.use_screen_theme else theme.recoloured("light")

    # --- what is on screen -------------------------------------------------------------

    def source(self, lang: str | None = None) -> FigureSource:
        """What is on screen, with its texts in ``lang`` (default: the window's)."""
        w = self.window
        dashboard = w.dashboard
        lang = lang or w.lang

        def diagram(theme):
            view = LoopDiagram(w.session, theme, lang)
            view.rebuild()
            return view

        def comparison(cards, _source):
            draw_comparison(cards, w.session)

        plot_ids, columns = dashboard.on_screen()
        return FigureSource(w.session.scenario, [w.session.sim], plot_ids, columns,
                            self.theme(), lang,
                            x_max=getattr(dashboard, "_x_max", None) or None, diagram=diagram,
                            decorate=comparison)

    def size_of(self, what: str, plot_id: str | None) -> tuple[int, int]:
        """The 1× size: what it measures on screen now."""
        dashboard = self.window.dashboard
        if what == "plot":
            for card in dashboard.cards:
                if card.chart.id == plot_id:
                    return card.width(), card.height()
        width, height = dashboard.width(), dashboard.height()
        if what == "diagram":
            width += self.window.diagram.width()
        return max(width, 200), max(height, 150)

    def suggested_name(self, request: FigureRequest, fmt: str) -> str:
        sim = self.window.session.sim
        part = request.plot_id if request.what == "plot" else request.what
        scale = f"-{request.scale}" if fmt == "png" and request.scale != "1x" else ""
        name = f"{sim.scenario.id}-{part}-seed{sim.seed}-round{sim.round}{scale}"
        return re.sub(r"[^\w.-]+", "-", name) + FORMATS[fmt].suffix

    @contextmanager
    def _paused(self) -> Iterator[None]:
        """A running simulation stands still while it is drawn, so the picture, its data
        and its manifest describe the same round; it carries on afterwards."""
        session = self.window.session
        was_running = session.running
        session.pause()
        try:
            self.window.dashboard.redraw()
            yield
        finally:
            if was_running:
                session.run()

    # --- commands ----------------------------------------------------------------------

    def export_to(self, path: str | Path, request: FigureRequest, fmt: str | None = None,
                  lang: str | None = None) -> bool:
        """Export now, in ``lang`` (default: the window's); on failure say why. Returns
        whether the file was written."""
        w = self.window
        if request.size is None:
            request = FigureRequest(request.what, request.plot_id, request.scale,
                                    self.size_of(request.what, request.plot_id),
                                    request.caption)
        try:
            with self._paused(), i18n.override(lang):
                export(self.source(lang), path, request, fmt)
        except BiasLoopError as exc:
            dialogs.show_error(w, self.tr("The export was not saved"), str(exc))
            return False
        w.statusBar().showMessage(self.tr("Exported {path}").format(path=path), 5000)
        return True

    def open_dialog(self, plot_id: str | None = None, report: bool = False) -> None:
        """File ▸ Export… (no chart), a chart's "Export this chart…", or File ▸ Export
        report… (``report``): the same dialog, so the language and theme are chosen alike."""
        w = self.window
        chart = None
        if plot_id is not None:
            titles = dict(w.dashboard.available_plots())
            chart = (plot_id, titles.get(plot_id, plot_id))
        dialog = ExportDialog(w.prefs, chart, diagram=True, report=report, parent=w)
        dialog.screen_theme.setEnabled(w.theme.name != "light")
        if not dialog.exec():
            return
        self.use_screen_theme = dialog.screen_theme.isChecked() and w.theme.name != "light"
        fmt, report = dialog.fmt(), dialog.is_report()
        request = None if report else dialog.request(None)
        name = self.report_name() if report else self.suggested_name(request, fmt)
        folder = dialog.last_folder()
        start = str(Path(folder) / name) if folder else name
        path, _ = QFileDialog.getSaveFileName(w, self.tr("Export to"), start,
                                              FORMATS[fmt].filter())
        if not path:
            return
        if Path(path).suffix.lower() != FORMATS[fmt].suffix:
            path += FORMATS[fmt].suffix
        dialog.remember(Path(path).parent)
        if report:
            self.report_to(path, dialog.lang())
        else:
            self.export_to(path, request, fmt, dialog.lang())

    def report_to(self, path: str | Path, lang: str | None = None) -> bool:
        w = self.window
        try:
            with self._paused(), i18n.override(lang):
                write_report(self.source(lang), path)
        except BiasLoopError as exc:
            dialogs.show_error(w, self.tr("The report was not saved"), str(exc))
            return False
        w.statusBar().showMessage(self.tr("Exported {path}").format(path=path), 5000)
        return True

    def report_name(self) -> str:
        sim = self.window.session.sim
        return f"{sim.scenario.id}-report-seed{sim.seed}-round{sim.round}.pdf"
