"""English and Spanish: the translation files are complete and up to date, the window switches
language at run time without touching the run, and exports speak the language chosen."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QCoreApplication, QLocale
from PySide6.QtWidgets import QDialogButtonBox

from simulator import load_scenario
from ui import i18n
from ui.export.dialog import ExportDialog
from ui.export.figure import FigureRequest, FigureSource
from ui.export.report import narrative
from ui.preferences import Preferences


@pytest.fixture(autouse=True)
def back_to_english(qapp):
    """Other tests expect English: leave the application as it was found."""
    yield
    i18n.set_language("en")
    QCoreApplication.processEvents()


# --- the files ------------------------------------------------------------------------------

def test_every_string_is_translated_and_the_qm_is_up_to_date():
    """Fails when a tr() string in the code is missing from the .ts (lupdate is run into a
    temporary copy and the message sets compared), when a message is unfinished or empty, or
    when the committed .qm differs from what lrelease builds from the .ts. Fix: run
    ``python -m ui.i18n update`` and translate what it lists."""
    assert i18n.problems("es") == []


def test_the_ts_file_has_only_finished_non_empty_translations():
    messages = i18n.messages(i18n.ts_path("es"))
    assert len(messages) > 150
    assert [source for source, text in messages.items() if not text] == []
    # Placeholders survive translation: a missing {name} would raise or drop a value.
    for (_, source), text in messages.items():
        assert sorted(_fields(source)) == sorted(_fields(text)), (source, text)


def _fields(text: str) -> list[str]:
    import string

    return [name for _, name, _, _ in string.Formatter().parse(text) if name is not None]


def test_qt_own_translations_are_bundled():
    assert (i18n.qt_translations_dir() / "qtbase_es.qm").exists()


@pytest.mark.parametrize(("name", "expected"), [
    ("es_ES", "es"), ("es_MX", "es"), ("es-419", "es"), ("en_US", "en"), ("de_DE", "en"),
])
def test_default_follows_the_system_locale(monkeypatch, name, expected):
    monkeypatch.setattr(i18n.QLocale, "system", lambda: QLocale(name))
    assert i18n.system_language() == expected
    assert i18n.preferred_language(None) == expected


def test_a_remembered_choice_and_lang_option_win(tmp_path):
    from PySide6.QtCore import QSettings

    settings = QSettings(str(tmp_path / "prefs.ini"), QSettings.Format.IniFormat)
    settings.setValue(i18n.SETTINGS_KEY, "es")
    assert i18n.preferred_language(settings) == "es"
    assert i18n.preferred_language(settings, "en") == "en"
    settings.setValue(i18n.SETTINGS_KEY, "klingon")  # a stale or hand-edited value
    assert i18n.preferred_language(settings, None) == i18n.system_language()


def test_module_level_strings_and_qt_dialogs_translate():
    from ui import formatting

    i18n.set_language("es")
    assert formatting.tr("on") == "sí"
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Cancelar"  # Qt's own
    assert QCoreApplication.translate("QFileDialog", "Open") == "Abrir"
    i18n.set_language("en")
    assert formatting.tr("on") == "on"


# --- the window -----------------------------------------------------------------------------

def _menu_titles(window) -> list[str]:
    return [a.text() for a in window.menuBar().actions()]


@pytest.mark.slow
def test_switching_language_keeps_the_run(window, qtbot):
    session = window.session
    session.play(30)
    window.refresh_views()
    sim = session.sim
    table = sim.recorder.table().copy()
    assert "&File" in _menu_titles(window)
    assert window.dashboard.cards[0].title.text  # an English title to begin with
    english_title = window.dashboard.cards[0].title.text

    window.findChild(type(window.language_actions["es"]), "language_es").trigger()
    QCoreApplication.processEvents()

    assert session.sim is sim and sim.round == 30
    assert np.array_equal(sim.recorder.table(), table, equal_nan=True)
    assert i18n.current_language() == "es" and window.lang == "es"
    assert "&Archivo" in _menu_titles(window) and "&Comparar" in _menu_titles(window)
    assert window.actions.run.text() == "Ejecutar"
    assert window.actions.reset.toolTip().startswith("Reiniciar")
    assert window.params_dock.windowTitle() == "Parámetros"
    assert window.run_bar.speed_caption.text() == "Velocidad"
    card = window.dashboard.cards[0]
    assert card.title.text != english_title
    assert "Ronda" in card.plot.getAxis("bottom").labelText
    assert window.language_actions["es"].isChecked()

    window.choose_language("en")
    QCoreApplication.processEvents()
    assert "&File" in _menu_titles(window)
    assert window.dashboard.cards[0].title.text == english_title
    assert sim.round == 30 and np.array_equal(sim.recorder.table(), table, equal_nan=True)


@pytest.mark.slow
def test_the_choice_is_remembered(window, tmp_path):
    from PySide6.QtCore import QSettings

    settings = QSettings(str(tmp_path / "prefs.ini"), QSettings.Format.IniFormat)
    window.prefs = Preferences(settings)
    window.choose_language("es")
    assert settings.value(i18n.SETTINGS_KEY) == "es"


def test_a_window_opened_in_spanish_is_spanish(make_window):
    i18n.set_language("es")
    window = make_window("lending")
    assert window.lang == "es"
    assert "&Archivo" in _menu_titles(window)
    assert window.language_actions["es"].isChecked()


# --- exports --------------------------------------------------------------------------------

def test_export_dialog_offers_the_languages_defaulting_to_the_window(window):
    i18n.set_language("es")
    dialog = ExportDialog(window.prefs, None, diagram=True, parent=window)
    assert dialog.lang() == "es"
    ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
    assert ok.text() == "Elegir archivo…"
    dialog.language.setCurrentIndex(dialog.language.findData("en"))
    assert dialog.lang() == "en"
    dialog.deleteLater()


@pytest.mark.slow
def test_exports_speak_the_language_chosen_not_the_windows(window, tmp_path):
    window.session.play(30)
    window.refresh_views()
    request = FigureRequest("dashboard", caption=True)
    assert window.exporter.export_to(tmp_path / "es.svg", request, "svg", lang="es")
    assert window.exporter.export_to(tmp_path / "en.svg", request, "svg", lang="en")
    spanish, english = ((tmp_path / f"{n}.svg").read_text("utf-8") for n in ("es", "en"))
    assert "Ronda" in spanish and "semilla" in spanish
    assert "Round" in english and "Ronda" not in english
    assert "&File" in _menu_titles(window)  # the window kept its language
    assert i18n.current_language() == "en"


def test_report_narrative_in_spanish():
    from simulator import Simulation

    scenario = load_scenario("lending")
    sim = Simulation(scenario, seed=3)
    sim.run(40)
    source = FigureSource(scenario, [sim], scenario.default_plots(), lang="es")
    with i18n.override("es"):
        lines = narrative(source)
    assert lines[0].startswith("De las primeras")


def test_cli_chart_respects_lang(tmp_path):
    from bias_loop.cli import main

    path = tmp_path / "chart.svg"
    assert main(["run", "lending", "--rounds", "20", "--lang", "es", "--chart", str(path)]) == 0
    text = path.read_text("utf-8")
    assert "Ronda" in text
