"""Starting the desktop app: ``run_gui`` is what ``bias-loop`` and ``bias-loop gui`` call.

Interactive: the window opens on the scenario asked for, else the last one used, else the
default; preferences are remembered. ``theme``, ``student`` (the student view) and
``presentation`` set the look for this session only (a facilitator's launcher: ``bias-loop gui
policing --theme high-contrast --presentation``; a class's: ``bias-loop gui lending
--student``). The window can open part-way through the guide (``guide``, ``step``: a
workshop opened at its third step) and at a given ``size``. Screenshot mode
(``screenshot=FILE.png``) needs no display: it plays the rounds or the guide synchronously on
Qt's offscreen platform, saves the window at the size asked for (else 1600×1000, a projector's
1920×1080 when presenting) and returns, with no preferences read or written, so the docs' and
tests' pictures need no hand-driven window and are reproducible.

Exit status as in the command line: 0 done, 2 bad input (with the same message on stderr).
"""

from __future__ import annotations

import functools
import os
import sys
from dataclasses import dataclass

from simulator import BiasLoopError, bundled_names, load_scenario

EXIT_USAGE = 2
SCREENSHOT_SIZE = (1600, 1000)
PRESENTATION_SIZE = (1920, 1080)
ORGANIZATION = "bias-loop"
APPLICATION = "Bias Loop"


def default_scenario_name() -> str:
    """The scenario `bias-loop` opens first: lending, the best-known loop, when bundled."""
    names = bundled_names()
    return "lending" if "lending" in names else names[0]


def run_gui(scenario_name_or_path: str | None = None, rounds: int | None = None,
            screenshot: str | None = None, lang: str | None = None, theme: str | None = None,
            presentation: bool = False, size: tuple[int, int] | None = None,
            guide: bool = False, step: int | None = None, preset: str | None = None,
            student: bool = False) -> int:
    if screenshot is not None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    _quiet_offscreen_warning()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setOrganizationName(ORGANIZATION)
    app.setApplicationName(APPLICATION)
    look = (theme, presentation, student)
    start = Start(rounds, guide, step, size, preset)
    if screenshot is not None:
        from ui import i18n

        i18n.set_language(lang or "en")  # reproducible pictures: not the system's language
        return _screenshot(app, scenario_name_or_path, start, screenshot, look)
    return _interactive(app, scenario_name_or_path, start, lang, look)


@dataclass(frozen=True)
class Start:
    """Where the window opens: ``rounds`` played, or the guide played up to ``step`` (every
    step when None), at ``size`` (None: the default), at the paper setting ``preset``."""

    rounds: int | None = None
    guide: bool = False
    step: int | None = None
    size: tuple[int, int] | None = None
    preset: str | None = None

    def check(self, scenario) -> None:
        """A step the scenario's guide does not have is bad input, before any window."""
        steps = len(scenario.guide)
        if self.guide and not steps:
            raise BiasLoopError(f"--guide: {scenario.source} has no guide steps")
        if self.step is not None and self.step > steps:
            raise BiasLoopError(f"--step {self.step}: {scenario.source} has "
                                f"{steps} guide steps; K can be 1 to {steps}")
        if self.preset is not None:
            scenario.preset(self.preset)  # an unknown one is named with the ones there are

    def play(self, session, default_rounds: int | None) -> None:
        """Set the run up as asked and play it; ``default_rounds`` None plays the length of
        the scenario (or of the paper setting) in force."""
        if self.preset is not None:
            session.apply_preset(self.preset)
        if default_rounds is None:
            default_rounds = session.scenario.rounds
        if self.guide:
            session.play_guide(len(session.guide_steps) if self.step is None else self.step)
        else:
            session.play(default_rounds if self.rounds is None else self.rounds)


def _set_look(window, look: tuple[str | None, bool, bool]) -> None:
    """The theme, student view and presentation mode asked for on the command line, not
    remembered."""
    theme, presentation, student = look
    if theme is not None:
        window.modes.choose_theme(theme, remember=False)
    if student:
        window.student_view.choose(True, remember=False)
    if presentation:
        window.modes.set_presentation(True)


def _screenshot(app, name: str | None, start: Start, path: str,
                look: tuple[str | None, bool, bool]) -> int:
    from ui.export.snapshot import save_widget_png
    from ui.main_window import MainWindow

    try:
        scenario = load_scenario(name or default_scenario_name())
        start.check(scenario)
    except BiasLoopError as exc:
        print(f"bias-loop: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    window = MainWindow(scenario)
    status = 0
    try:
        window.resize(*(start.size or SCREENSHOT_SIZE))
        window.show()
        app.processEvents()
        start.play(window.session, None)
        _set_look(window, look)
        if look[1]:  # offscreen "full screen" is the platform's small dummy screen
            window.showNormal()
            window.resize(*(start.size or PRESENTATION_SIZE))
            for _ in range(3):  # the restyle's posted layout requests
                app.processEvents()
        window.refresh_views()
        app.processEvents()
        save_widget_png(window, path)
    except BiasLoopError as exc:
        print(f"bias-loop: error: {exc}", file=sys.stderr)
        status = EXIT_USAGE
    finally:
        _dispose(app, window)
    return status


def _interactive(app, name: str | None, start: Start, lang: str | None,
                 look: tuple[str | None, bool, bool]) -> int:
    from ui import i18n
    from ui.dialogs import messages as dialogs
    from ui.dialogs.recovery import Recovery, default_path, offer
    from ui.main_window import MainWindow
    from ui.preferences import open_settings

    settings, warning = open_settings(ORGANIZATION, APPLICATION)
    if warning:
        print(f"bias-loop: warning: {warning}", file=sys.stderr)
    i18n.set_language(i18n.preferred_language(settings, lang))
    requested = name or settings.value("last_scenario") or default_scenario_name()
    try:
        scenario = load_scenario(requested)
    except BiasLoopError as exc:
        if name is not None:  # asked for by the user: say why; a stale preference: just skip
            dialogs.show_error(None, dialogs.tr("This scenario cannot be opened"), str(exc))
        scenario = load_scenario(default_scenario_name())
    try:
        start.check(scenario)
    except BiasLoopError as exc:
        print(f"bias-loop: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    window = MainWindow(scenario, settings)
    if start.size is not None:
        window.resize(*start.size)
    start.play(window.session, 0)
    window.show()
    _set_look(window, look)
    if warning:
        window.statusBar().showMessage(warning, 20_000)
    recovery = Recovery(window.session, default_path(), parent=window)
    offer(window, recovery, name)
    try:
        status = app.exec()
        recovery.discard()  # a clean exit: nothing to recover next time
        return status
    finally:
        _dispose(app, window)


#: Printed by Qt's offscreen platform for every main window; it only means the platform has no
#: window manager to tell about size hints, and it would clutter every --screenshot run.
OFFSCREEN_NOISE = "This plugin does not support propagateSizeHints()"


@functools.cache  # once per process: handlers would otherwise chain up
def _quiet_offscreen_warning() -> None:
    from PySide6.QtCore import qInstallMessageHandler

    previous = None

    def handler(mode, context, message):
        if message == OFFSCREEN_NOISE:
            return
        if previous is not None:
            previous(mode, context, message)
        else:
            print(message, file=sys.stderr)

    previous = qInstallMessageHandler(handler)


def _dispose(app, window) -> None:
    """Delete the window while Qt is still alive: left to the interpreter's shutdown, Qt and
    Python objects are torn down in an order that can crash on the way out."""
    from PySide6.QtCore import QEvent

    window.close()
    window.deleteLater()
    app.sendPostedEvents(None, QEvent.Type.DeferredDelete)
