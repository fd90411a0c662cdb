"""Exports: pixel sizes at 1×/2×/4×/slide, scaled type, SVG and PDF with vector paths, text and
the manifest, CSV that round-trips to the recorder, atomic saves, the report, the GUI hooks."""

from __future__ import annotations

import csv
import re
import xml.etree.ElementTree as ET

import numpy as np
import pytest
from PySide6.QtCore import QSettings
from PySide6.QtGui import QImage

from simulator import BiasLoopError, Simulation, load_scenario
from ui import formatting
from ui.export import FORMATS, FigureRequest, FigureSource, export
from ui.export.dialog import ExportDialog
from ui.export.figure import Figure
from ui.export.formats import MANIFEST_KEY
from ui.export.report import narrative, write_report
from ui.preferences import Preferences

SIZE = (500, 360)


@pytest.fixture(scope="module")
def run():
    scenario = load_scenario("lending")
    sim = Simulation(scenario, seed=5, overrides={"world.applicants": 300})
    sim.run(40)
    sim.set_param("mitigation.label_audit", 0.5)
    sim.run(30)
    return scenario, sim


@pytest.fixture
def source(qapp, run):
    scenario, sim = run
    return FigureSource(scenario, [sim], scenario.default_plots()[:4], columns=2)


@pytest.mark.parametrize("scale, factor", [("1x", 1), ("2x", 2), ("4x", 4)])
def test_png_pixel_sizes(tmp_path, source, scale, factor):
    path = tmp_path / f"belief-{scale}.png"
    export(source, path, FigureRequest("plot", "belief", scale, SIZE))
    image = QImage(str(path))
    assert (image.width(), image.height()) == (SIZE[0] * factor, SIZE[1] * factor)
    manifest = image.text(MANIFEST_KEY)
    assert 'scenario = "lending"' in manifest and "seed = 5" in manifest
    assert "param world.applicants = 300" in manifest and "mitigation.label_audit" in manifest
    assert image.text("Software").startswith("bias-loop ")


@pytest.mark.parametrize("lang", ["en", "es"])
def test_slide_is_1920_by_1080_with_the_caption_inside(tmp_path, source, lang):
    source = FigureSource(source.scenario, source.runs, source.plot_ids, columns=2, lang=lang)
    export(source, tmp_path / "s.png", FigureRequest("dashboard", scale="slide"))
    export(source, tmp_path / "c.png", FigureRequest("dashboard", scale="slide", caption=True))
    plain, captioned = QImage(str(tmp_path / "s.png")), QImage(str(tmp_path / "c.png"))
    assert (plain.width(), plain.height()) == (1920, 1080)
    assert (captioned.width(), captioned.height()) == (1920, 1080)
    assert "5" in captioned.text("Description")
    audit = "Label audit" if lang == "en" else "Auditoría de etiquetas"
    assert audit in captioned.text("Description")
    figure = Figure(source, FigureRequest("dashboard", scale="slide", caption=True))
    try:  # the strip is inside the frame, below every chart
        caption = figure.caption.geometry()
        assert caption.bottom() < 1080 and caption.height() > 20
        assert all(card.geometry().bottom() < caption.top() for card in figure.cards)
    finally:
        figure.dispose()


def test_type_lines_and_legends_scale_with_the_export(source):
    small = Figure(source, FigureRequest("plot", "belief", "1x", SIZE))
    large = Figure(source, FigureRequest("plot", "belief", "4x", SIZE))
    try:
        a, b = small.cards[0], large.cards[0]
        assert b.legend.font.pixelSize() == 4 * a.legend.font.pixelSize()
        assert b.plot.getAxis("left").style["tickFont"].pixelSize() == \
            4 * a.plot.getAxis("left").style["tickFont"].pixelSize()
        pen = lambda card: next(iter(card.curves.values())).opts["pen"].widthF()  # noqa: E731
        assert pen(b) == pytest.approx(4 * pen(a))
        assert b.legend.height() == pytest.approx(4 * a.legend.height(), rel=0.1)
    finally:
        small.dispose()
        large.dispose()


def test_svg_is_xml_with_paths_text_and_metadata(tmp_path, source):
    path = tmp_path / "dash.svg"
    export(source, path, FigureRequest("dashboard", size=(900, 600), caption=True))
    root = ET.parse(path).getroot()
    ns = "{http://www.w3.org/2000/svg}"
    tags = {el.tag for el in root.iter()}
    assert f"{ns}path" in tags or f"{ns}polyline" in tags
    assert f"{ns}image" not in tags  # vector, not a picture in a frame
    texts = " ".join("".join(el.itertext()) for el in root.iter(f"{ns}text"))
    assert "What the model believes vs the truth" in texts and "Group B" in texts
    metadata = root.find(f"{ns}metadata")
    assert metadata is not None and "seed = 5" in "".join(metadata.itertext())
    assert (root.get("width"), root.get("height"))[0] == "900"


def test_pdf_is_vector_with_the_manifest(tmp_path, source):
    path = tmp_path / "dash.pdf"
    export(source, path, FigureRequest("dashboard", size=(900, 600)))
    data = path.read_bytes()
    assert data.startswith(b"%PDF")
    assert b'scenario = "lending"' in data and b"seed = 5" in data
    assert b"/Subtype /Image" not in data and b"/Font" in data


def read_csv(path):
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(line for line in handle if not line.startswith("#")))
    return rows[0], rows[1:]


def test_csv_round_trips_to_the_recorder(tmp_path, source, run):
    _, sim = run
    export(source, tmp_path / "all.csv", FigureRequest("dashboard"))
    header, rows = read_csv(tmp_path / "all.csv")
    assert header == ["replication", "round", *sim.recorder.columns]
    for i, column in enumerate(sim.recorder.columns, start=2):
        values = np.array([float(r[i]) for r in rows])
        np.testing.assert_array_equal(values, sim.recorder.series(column))
    assert (tmp_path / "all.csv").read_text().startswith("# bias-loop CSV")
    export(source, tmp_path / "belief.csv", FigureRequest("plot", "belief"))
    header, rows = read_csv(tmp_path / "belief.csv")
    assert header == ["replication", "round", "perceived_rate_A", "perceived_rate_B",
                      "true_rate_A", "true_rate_B"]
    np.testing.assert_array_equal([float(r[3]) for r in rows],
                                  sim.recorder.series("perceived_rate_B"))


def test_failed_saves_say_why_and_leave_nothing(tmp_path, source, monkeypatch):
    with pytest.raises(BiasLoopError, match="does not exist"):
        export(source, tmp_path / "no" / "x.png", FigureRequest("dashboard"))
    with pytest.raises(BiasLoopError, match="give a name ending in"):
        export(source, tmp_path / "x.gif", FigureRequest("dashboard"))
    with pytest.raises(BiasLoopError, match="is a folder"):
        export(source, tmp_path, FigureRequest("dashboard"), fmt="png")
    (tmp_path / "keep.svg").write_text("old")
    import ui.export.formats as formats

    def broken(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(formats, "svg_bytes", lambda s, r: b"<svg" + b"x" * 100)
    monkeypatch.setattr(formats, "_write_bytes", _failing_writer(broken))
    with pytest.raises(BiasLoopError, match="no space left on the disk"):
        export(source, tmp_path / "keep.svg", FigureRequest("dashboard"))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["keep.svg"]
    assert (tmp_path / "keep.svg").read_text() == "old"


def _failing_writer(fail):
    from simulator.atomic import atomic_open

    def write(path, data):
        with atomic_open(path, "wb") as handle:
            handle.write(data[:10])
            fail()

    return write


def test_report_is_one_pdf_page_with_manifest_and_narrative(tmp_path, source):
    lines = narrative(source)
    assert any("Round 41: Label audit → 0.50" in line for line in lines)
    assert any(line.startswith("Share of the training data: Group A") for line in lines)
    path = write_report(source, tmp_path / "report.pdf")
    data = path.read_bytes()
    assert data.startswith(b"%PDF") and b"seed = 5" in data
    assert len(re.findall(rb"/Type\s*/Page\b(?!s)", data)) == 1


def test_registry_names_every_format():
    assert {f.suffix for f in FORMATS.values()} == {".png", ".svg", ".pdf", ".csv"}


# --- the window ----------------------------------------------------------------------------


def test_file_menu_shortcut_and_chart_menu(window, tmp_path, qtbot):
    actions = window.actions
    assert actions.export.shortcut().toString() == "Ctrl+E"
    file_menu = window.menuBar().actions()[0].menu()
    assert actions.export in file_menu.actions() and actions.export_report in file_menu.actions()
    card = window.dashboard.cards[0]
    menu = window.dashboard.chart_menu(card)
    texts = [a.text() for a in menu.actions()]
    assert texts[0] == "Export this chart…"
    window.dashboard.export_requested.disconnect()  # not the modal dialog, here
    with qtbot.waitSignal(window.dashboard.export_requested) as signal:
        menu.actions()[0].trigger()
    assert signal.args == [card.chart.id]
    menu.close()


def test_window_exports_what_is_on_screen(window, tmp_path):
    window.session.play(30)
    window.refresh_views()
    card = window.dashboard.cards[1]
    path = tmp_path / "card.png"
    assert window.exporter.export_to(path, FigureRequest("plot", card.chart.id, "2x"))
    image = QImage(str(path))
    assert (image.width(), image.height()) == (2 * card.width(), 2 * card.height())
    assert "rounds = 30" in image.text(MANIFEST_KEY)
    wide = tmp_path / "all.pdf"
    assert window.exporter.export_to(wide, FigureRequest("diagram"))
    assert wide.read_bytes().startswith(b"%PDF")
    assert window.exporter.report_to(tmp_path / "r.pdf")


def test_window_says_why_an_export_failed(window, tmp_path, dialogs):
    dialogs.next()
    assert not window.exporter.export_to(tmp_path / "no" / "x.png", FigureRequest())
    assert dialogs.titles == ["The export was not saved"]
    assert "does not exist" in dialogs.texts[0]


def test_dialog_remembers_folder_format_and_size(qapp, tmp_path):
    settings = QSettings(str(tmp_path / "prefs.ini"), QSettings.Format.IniFormat)
    prefs = Preferences(settings)
    first = ExportDialog(prefs, ("belief", "Belief"), diagram=True)
    first.format.setCurrentIndex(first.format.findData("svg"))
    assert not first.scale.isEnabled()
    first.format.setCurrentIndex(first.format.findData("png"))
    first.scale.setCurrentIndex(first.scale.findData("4x"))
    first.caption.setChecked(True)
    request = first.request((300, 200))
    assert request == FigureRequest("plot", "belief", "4x", (300, 200), True)
    first.remember(tmp_path)
    again = ExportDialog(prefs, None, diagram=False)
    assert again.fmt() == "png" and again.scale.currentData() == "4x"
    assert again.caption.isChecked() and again.last_folder() == str(tmp_path)
    assert again.request(None).what == "dashboard"
    first.deleteLater()
    again.deleteLater()


def test_export_while_running_pauses_and_carries_on(window, tmp_path):
    window.session.run()
    assert window.exporter.export_to(tmp_path / "r.svg", FigureRequest("dashboard"))
    assert window.session.running
    window.session.pause()


def test_chart_menu_to_dialog_to_file(window, tmp_path, monkeypatch, qtbot):
    """Right-click ▸ Export this chart… ▸ CSV ▸ a file: that chart's series, and the folder
    and format are remembered for next time."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    import ui.export.controller as controller

    settings = QSettings(str(tmp_path / "prefs.ini"), QSettings.Format.IniFormat)
    window.prefs = Preferences(settings)
    window.session.play(12)
    target = tmp_path / "chosen"
    asked = []

    def save_name(parent, title, start, filters):
        asked.append((start, filters))
        return str(target), filters

    monkeypatch.setattr(controller.QFileDialog, "getSaveFileName", save_name)

    def answer():
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, ExportDialog):
            QTimer.singleShot(20, answer)
            return
        dialog.format.setCurrentIndex(dialog.format.findData("csv"))
        dialog.accept()

    QTimer.singleShot(20, answer)
    card = window.dashboard.cards[2]
    window.dashboard.chart_menu(card).actions()[0].trigger()
    written = tmp_path / "chosen.csv"
    header, rows = read_csv(written)
    assert header[2:] == [c.column for c in card.chart.curves] and len(rows) == 12
    assert asked[0][0].startswith(f"lending-{card.chart.id}-seed")
    assert settings.value("export/format") == "csv"
    assert settings.value("export/folder") == str(tmp_path)


@pytest.mark.slow
def test_exports_carry_the_comparison_on_screen(make_window, tmp_path):
    """What the facilitator compares on screen (baseline, counterfactual) is in the export."""
    from ui.export.figure import FigureRequest

    window = make_window("lending")
    session = window.session
    session.sim.run(20)
    session.pin_baseline()
    session.show_counterfactual(True)
    plain = tmp_path / "plain.svg"
    window.exporter.export_to(plain, FigureRequest(what="dashboard"), "svg")
    text = plain.read_text(encoding="utf-8")
    assert "baseline (pinned run)" in text and "counterfactual: levers off" in text


@pytest.mark.slow
def test_report_from_the_dialog_in_its_own_language_and_remembered_theme(
        window, tmp_path, monkeypatch):
    """File ▸ Export report… opens the export dialog on the report (PDF only): a Spanish
    report from an English window, in the on-screen dark theme, a choice kept for next time."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    import ui.export.controller as controller
    from ui.theme import Theme

    window.prefs = Preferences(QSettings(str(tmp_path / "prefs.ini"),
                                         QSettings.Format.IniFormat))
    window.apply_theme(Theme().recoloured("dark"))
    window.session.play(15)
    monkeypatch.setattr(controller.QFileDialog, "getSaveFileName",
                        lambda parent, title, start, filters: (str(tmp_path / "room"), filters))
    written = []
    real_write = controller.write_report

    def spy(source, path):
        written.append((source.lang, source.theme.name))
        return real_write(source, path)

    monkeypatch.setattr(controller, "write_report", spy)
    seen = []

    def answer():
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, ExportDialog):
            QTimer.singleShot(20, answer)
            return
        seen.append((dialog.is_report(), dialog.fmt(), dialog.format.isEnabled(),
                     dialog.scale.isEnabled(), dialog.screen_theme.isChecked(),
                     dialog.windowTitle()))
        dialog.language.setCurrentIndex(dialog.language.findData("es"))
        dialog.screen_theme.setChecked(True)
        dialog.accept()

    QTimer.singleShot(20, answer)
    window.actions.export_report.trigger()
    assert seen == [(True, "pdf", False, False, False, "Export report")]
    assert written == [("es", "dark")]
    assert (tmp_path / "room.pdf").read_bytes().startswith(b"%PDF")
    assert window.lang == "en"  # the window keeps its language
    QTimer.singleShot(20, answer)
    window.actions.export.trigger()  # the plain export dialog remembers the theme choice
    assert seen[1][0] is False and seen[1][4] is True and seen[1][5] == "Export"


def test_an_exported_band_stops_at_the_live_round(make_window):
    """Replications run to the end, but an export (like the screen) shows their band only as
    far as the live run has gone: the room never sees the future."""
    from simulator.bands import bands

    window = make_window("lending")
    session = window.session
    session.sim.run(20)
    ahead = [Simulation(session.scenario, seed=s, overrides={"world.applicants": 200})
             for s in (1, 2)]
    for sim in ahead:
        sim.run(60)
    session.band, session.band_size = bands(ahead), 2
    figure = Figure(window.exporter.source(), FigureRequest("dashboard", size=(900, 700)))
    try:
        assert all(card.band_items for card in figure.cards)
        for card in figure.cards:
            for _band, mean, low, high, _fill in card.band_items.values():
                assert mean.getData()[0].max() == low.getData()[0].max() == 20
                assert high.getData()[0].max() == 20
    finally:
        figure.dispose()


def test_report_keeps_every_change_and_tells_the_audits_verdicts_by_kind(qapp, tmp_path):
    """The report's log is the run's governance record. Policing with its guide and a model
    audit that keeps out most updates (a verdict on most days): the guide's six changes are
    all listed, each with its step, however many verdicts came before them; the verdicts are
    one row, with how many, over which rounds and the figures found; the narrative says
    the same in a sentence."""
    from ui.export.report import _event_table, verdicts

    scenario = load_scenario("policing")
    sim = Simulation(scenario, seed=1, guide=True,
                     overrides={"audit.block": True, "audit.sample": 10_000})
    sim.run(420)
    source = FigureSource(scenario, [sim], scenario.default_plots()[:4], columns=2)
    blocked = [e for e in sim.events if e.who == "audit"]
    assert len(blocked) > 200
    found = verdicts(sim.events, scenario, "en")
    assert len(found) == 1 and len(found[0].rounds) == len(blocked)
    table = _event_table(source, 8)
    for step, key in ((2, "Exploration"), (3, "Weight of reported incidents"),
                      (4, "Correct for where patrols went"), (5, "Correct for where patrols")):
        assert key in table and f"guide (step {step})" in table
    assert table.count("guide (step") == 6
    low, high = min(e.old for e in blocked), max(e.old for e in blocked)
    row = (f"{found[0].rounds[0]}–{found[0].rounds[-1]}</td><td>Audit kept the estimate in use "
           f"(gap found)</td><td>{len(blocked)} times, finding {formatting.number(low)}–"
           f"{formatting.number(high)}")
    assert row in table
    lines = narrative(source)
    assert any(line.startswith("Audit kept the estimate in use (gap found): "
                               f"{len(blocked)} times") for line in lines)
    path = write_report(source, tmp_path / "report.pdf")
    assert len(re.findall(rb"/Type\s*/Page\b(?!s)", path.read_bytes())) == 1
