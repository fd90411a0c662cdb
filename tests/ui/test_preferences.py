"""A corrupt settings file is replaced by defaults with a warning, never a crash; the user's
file is kept aside."""

import pytest

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


@pytest.mark.slow
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
    choices = [key for key in ("language", "theme") if key in keys]
    assert (warning is None) == (not choices)
    assert all(f"{key} = 'garbage'" in warning for key in choices)
    again = MainWindow(load_scenario("lending"), reopened)
    qtbot.addWidget(again)
    assert again.dashboard.columns >= 1 and again.dashboard.cards


GARBLED = [  # (case, file bytes)
    ("binary garbage", bytes(range(256)) * 4),
    ("NUL bytes in a valid-looking file", b"[General]\nlast_scenario=lending\x00\x00\n"),
    ("not UTF-8", b"[General]\nlast_scenario=\xff\xfe\n"),
]


@pytest.mark.parametrize("case, data", GARBLED, ids=[c[0] for c in GARBLED])
def test_a_garbled_settings_file_is_moved_aside(case, data, tmp_path):
    path = tmp_path / "bias-loop.conf"
    path.write_bytes(data)
    settings, warning = open_settings("x", "y", path=str(path))
    assert warning and "moved to" in warning
    assert (tmp_path / "bias-loop.conf.corrupt").read_bytes() == data
    assert settings.allKeys() == []


WRONG = [  # (case, key, value, words of the notice)
    ("a language not offered", "language", "xx", ["language = 'xx' (en, es)"]),
    ("a theme not offered", "theme", "neon", ["theme = 'neon' (light, dark, high-contrast)"]),
    ("a theme of the wrong type", "theme", 7, ["theme = '7'"]),
]


@pytest.mark.slow
@pytest.mark.parametrize("case, key, value, words", WRONG, ids=[c[0] for c in WRONG])
def test_unknown_choices_are_replaced_by_defaults_with_a_notice(case, key, value, words,
                                                               tmp_path, qtbot):
    path = tmp_path / "bias-loop.conf"
    first, _ = open_settings("x", "y", path=str(path))
    first.setValue("last_scenario", "hiring")
    first.setValue(key, value)
    first.sync()
    settings, warning = open_settings("x", "y", path=str(path))
    assert warning and all(w in warning for w in words), warning
    assert not settings.contains(key) and settings.value("last_scenario") == "hiring"
    window = MainWindow(load_scenario("lending"), settings)
    qtbot.addWidget(window)
    assert window.theme.name in ("light", "dark", "high-contrast")
