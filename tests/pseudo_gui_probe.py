"""Run in a fresh process with the pseudo-locale installed: open the window in ``xx`` on a
pseudo scenario, play its guide's first step, and print every text a user can see (widgets,
menus, charts) and the report's narrative, one per line, for the pseudo-locale test."""

import os
import sys

from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QDockWidget,
    QLabel,
    QMenu,
    QTabBar,
)

from simulator import load_scenario
from ui import i18n
from ui.export.figure import FigureSource
from ui.export.report import narrative
from ui.main_window import MainWindow


def texts(window) -> list[str]:
    out = []
    for w in window.findChildren(QLabel):
        if w.isVisibleTo(window):
            out.append(w.text())
    for w in window.findChildren(QAbstractButton):
        if w.isVisibleTo(window):
            out += [w.text(), w.toolTip()]
    for w in window.findChildren(QComboBox):
        out += [w.itemText(i) for i in range(w.count())]
    for w in window.findChildren(QTabBar):
        out += [w.tabText(i) for i in range(w.count())]
    for w in window.findChildren(QDockWidget):
        out.append(w.windowTitle())
    for menu in window.findChildren(QMenu):
        out.append(menu.title())
        out += [a.text() for a in menu.actions()]
    for card in window.dashboard.cards:
        out.append(card.chart.title)
    return [t for t in out if t and t.strip()]


def main(path: str) -> None:
    app = QApplication([])
    i18n.set_language("xx")
    scenario = load_scenario(path)
    window = MainWindow(scenario, lang="xx")
    window.resize(1600, 1000)
    window.show()
    window.session.play_guide(1)
    window.refresh_views()
    app.processEvents()
    source = FigureSource(scenario, [window.session.sim], scenario.default_plots()[:4],
                          columns=2, lang="xx")
    for line in texts(window) + narrative(source):
        print(line.replace("\n", " "))
    print("languages:", " ".join(i18n.LANGUAGES))
    sys.stdout.flush()
    os._exit(0)  # no teardown: the probe has said what it had to


if __name__ == "__main__":
    main(sys.argv[1])
