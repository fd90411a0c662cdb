"""A corrupt settings file is replaced by defaults with a warning, never a crash; the user's
file is kept aside."""

from simulator import load_scenario
from ui.main_window import MainWindow
from ui.preferences import open_settings


def test_a_corrupt_settings_file_is_moved_aside_and_defaults_used(tmp_path, qtbot):
    path = tmp_path / "bias-loop.conf"
    path.write_text('[General\nlast_scenario="unterminated\n', encoding="utf-8")
    settings, warning = open_settings("x", "y", path=str(path))
    assert warning and "moved to" in warning
    assert (tmp_path / "bias-loop.conf.corrupt").exists()
    assert settings.allKeys() == []
    window = MainWindow(load_scenario("lending"), settings)
    qtbot.addWidget(window)
    assert window.session.scenario.id == "lending"


def test_a_settings_file_with_garbage_values_opens_with_defaults(tmp_path, qtbot):
    """Every preference the window saves, overwritten with nonsense, is ignored."""
    path = tmp_path / "edited.conf"
    settings, _ = open_settings("x", "y", path=str(path))
    window = MainWindow(load_scenario("lending"), settings)
    qtbot.addWidget(window)
    window.close()
    settings.sync()
    keys = settings.allKeys()
    assert keys  # the window did save its preferences
    for key in keys:
        settings.setValue(key, "garbage")
    settings.sync()
    reopened, warning = open_settings("x", "y", path=str(path))
    assert warning is None
    again = MainWindow(load_scenario("lending"), reopened)
    qtbot.addWidget(again)
    assert again.dashboard.columns >= 1 and again.dashboard.cards
