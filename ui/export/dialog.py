"""File ▸ Export…: what to export (this chart, the dashboard, dashboard and loop diagram, the
one-page report), the format, the size of a PNG, the language, the caption strip and the theme;
then where. The last folder, format, size, caption and theme choice are remembered (in the
window's preferences, when it has any). The language starts at the window's each time: it is
the one choice a facilitator makes per export (slides for another room), not a habit."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
)

from ui import i18n
from ui.export.figure import FigureRequest
from ui.export.formats import FORMATS

PREFIX = "export/"


class ExportDialog(QDialog):
    def __init__(self, prefs, chart: tuple[str, str] | None, diagram: bool,
                 report: bool = False, parent=None):
        """``chart``: (id, title) of the chart asked for, if any; ``diagram``: whether the
        loop diagram can be included; ``report``: start on the one-page report."""
        super().__init__(parent)
        self.setObjectName("exportDialog")
        self.setWindowTitle(self.tr("Export"))
        self.prefs = prefs
        self.chart = chart
        self.what = QComboBox()
        if chart is not None:
            self.what.addItem(self.tr("This chart: {title}").format(title=chart[1]), "plot")
        self.what.addItem(self.tr("The whole dashboard"), "dashboard")
        if diagram:
            self.what.addItem(self.tr("The dashboard and the loop diagram"), "diagram")
        self.what.addItem(self.tr("A one-page report: key charts, what happened, levers"),
                          "report")
        self.format = QComboBox()
        labels = {"png": self.tr("PNG image"), "svg": self.tr("SVG (vector: Inkscape, browsers)"),
                  "pdf": self.tr("PDF (vector)"), "csv": self.tr("CSV of the recorded series")}
        for fid in FORMATS:
            self.format.addItem(labels[fid], fid)
        self.scale = QComboBox()
        for data, text in (("1x", self.tr("1× (as on screen)")), ("2x", self.tr("2×")),
                           ("4x", self.tr("4×")),
                           ("slide", self.tr("Slide (1920 px wide, large type)"))):
            self.scale.addItem(text, data)
        self.language = QComboBox()
        self.language.setObjectName("exportLanguage")
        for code, name in i18n.LANGUAGES.items():
            self.language.addItem(name, code)
        self.language.setCurrentIndex(max(self.language.findData(i18n.current_language()), 0))
        self.caption = QCheckBox(self.tr("Caption strip: scenario, seed and levers changed"))
        self.screen_theme = QCheckBox(self.tr("Use the on-screen theme (otherwise light)"))
        self.screen_theme.setObjectName("exportScreenTheme")
        self.note = QLabel()
        self.note.setObjectName("muted")
        self.note.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("Export"), self.what)
        form.addRow(self.tr("Format"), self.format)
        form.addRow(self.tr("Size"), self.scale)
        form.addRow(self.tr("Language"), self.language)
        form.addRow("", self.caption)
        form.addRow("", self.screen_theme)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Choose file…"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.note)
        layout.addWidget(buttons)
        self._restore()
        if report:
            self.what.setCurrentIndex(self.what.findData("report"))
        self.format.currentIndexChanged.connect(self._sync)
        self.what.currentIndexChanged.connect(self._sync)
        self._sync()

    def _restore(self) -> None:
        for combo, key in ((self.format, "format"), (self.scale, "scale")):
            index = combo.findData(self.prefs.get(PREFIX + key, None, str))
            if index >= 0:
                combo.setCurrentIndex(index)
        self.caption.setChecked(self.prefs.get(PREFIX + "caption", False, bool))
        self.screen_theme.setChecked(self.prefs.get(PREFIX + "screen_theme", False, bool))

    def _sync(self) -> None:
        report = self.is_report()
        self.setWindowTitle(self.tr("Export report") if report else self.tr("Export"))
        if report:  # the report is a printable page: PDF only
            self.format.setCurrentIndex(self.format.findData("pdf"))
        self.format.setEnabled(not report)
        fid = self.format.currentData()
        picture = FORMATS[fid].picture
        self.scale.setEnabled(fid == "png" and not report)
        self.caption.setEnabled(picture and not report)
        if report:
            self.note.setText(self.tr("One A4 page, vector: the key charts, what happened in "
                                      "numbers, every parameter and the event log."))
        elif not picture:
            self.note.setText(self.tr("The CSV holds this chart's series") if
                              self.what.currentData() == "plot" else
                              self.tr("The CSV holds every recorded series"))
        elif fid == "png":
            self.note.setText(self.tr("Every export carries the run's manifest: version, "
                                      "scenario, seed, every parameter and the event log."))
        else:
            self.note.setText(self.tr("Vector: sharp at any size. Carries the run's manifest."))

    def remember(self, folder: str | Path) -> None:
        self.prefs.set(PREFIX + "folder", str(folder))
        self.prefs.set(PREFIX + "screen_theme", self.screen_theme.isChecked())
        if self.is_report():
            return  # the report's PDF is not a format choice
        self.prefs.set(PREFIX + "format", self.format.currentData())
        self.prefs.set(PREFIX + "scale", self.scale.currentData())
        self.prefs.set(PREFIX + "caption", self.caption.isChecked())

    def last_folder(self) -> str:
        return self.prefs.get(PREFIX + "folder", "", str)

    def lang(self) -> str:
        """The language of the exported titles, axes, legends and caption."""
        return self.language.currentData()

    def is_report(self) -> bool:
        return self.what.currentData() == "report"

    def fmt(self) -> str:
        return self.format.currentData()

    def request(self, size: tuple[int, int] | None) -> FigureRequest:
        what = self.what.currentData()
        return FigureRequest(
            what=what, plot_id=self.chart[0] if what == "plot" and self.chart else None,
            scale=self.scale.currentData() if self.fmt() == "png" else "1x", size=size,
            caption=self.caption.isChecked() and FORMATS[self.fmt()].picture)
