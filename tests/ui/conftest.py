"""Fixtures for the GUI tests: Qt offscreen, a main window per test, dialog answering.

QT_QPA_PLATFORM must be set before anything creates a QApplication (the top-level conftest
sets it too; this keeps `pytest tests/ui` safe on its own). Windows get no QSettings, so tests
never read or write the user's preferences.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402
from PySide6.QtCore import QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication, QMessageBox  # noqa: E402

from simulator import load_scenario  # noqa: E402
from ui.main_window import MainWindow  # noqa: E402

WINDOW_SIZE = (1600, 1000)


@pytest.fixture
def make_window(qtbot):
    """A factory: ``make_window("lending")`` gives a shown window on that scenario."""

    def make(name: str = "lending", settings=None) -> MainWindow:
        window = MainWindow(load_scenario(name), settings)
        qtbot.addWidget(window)
        window.resize(*WINDOW_SIZE)
        window.show()
        qtbot.waitExposed(window)
        window.activateWindow()  # shortcuts only reach the active window
        qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=3000)
        window.session.set_speed(None)  # tests wait for rounds, not for wall-clock pacing
        return window

    return make


@pytest.fixture
def window(make_window) -> MainWindow:
    return make_window("lending")


class DialogAnswerer:
    """Answers the next message box as a user would, and remembers what it said.

    Message boxes run their own event loop (``exec``), so the answer has to come from a timer
    that polls for the modal box once the box is up."""

    def __init__(self):
        self.texts: list[str] = []
        self.titles: list[str] = []
        self._timer = QTimer()
        self._timer.setInterval(20)
        self._timer.timeout.connect(self._poll)
        self._accept = True

    def next(self, accept: bool = True) -> DialogAnswerer:
        self._accept = accept
        self._timer.start()
        return self

    def _poll(self) -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            return
        self._timer.stop()
        self.texts.append(box.text())
        self.titles.append(box.windowTitle())
        buttons = box.buttons()
        accepting = [b for b in buttons if box.buttonRole(b) in (
            QMessageBox.ButtonRole.AcceptRole, QMessageBox.ButtonRole.YesRole)]
        rejecting = [b for b in buttons if b not in accepting]
        chosen = accepting if self._accept or not rejecting else rejecting
        chosen[0].click()


@pytest.fixture
def dialogs():
    answerer = DialogAnswerer()
    yield answerer
    answerer._timer.stop()
