"""``bias-loop run ... --chart FILE.png|.svg|.pdf``: the scenario's default dashboard of the
finished run, drawn headless, with the run's manifest embedded.

Qt is imported only here and only when a chart is asked for, so a plain ``run`` stays Qt-free
(and fast to start). The path is checked before the run (:func:`check_chart_path`), so a wrong
extension or folder fails at once, not after minutes of simulation.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from simulator import BiasLoopError
from simulator.atomic import check_writable

CHART_SUFFIXES = (".png", ".svg", ".pdf")
#: ``--chart-size``: the export dialog's sizes (1x is the default grid of 600×400 per chart;
#: slide is exactly 1920×1080, caption included; for SVG and PDF a 16:9 page).
CHART_SIZES = ("1x", "2x", "4x", "slide")


def check_chart_path(path: str) -> None:
    suffix = Path(path).suffix.lower()
    if suffix not in CHART_SUFFIXES:
        raise BiasLoopError(f"--chart {path}: the chart format comes from the file name; "
                            f"give a name ending in {', '.join(CHART_SUFFIXES)}")
    check_writable(path)


def write_chart(path: str, scenario, runs: Sequence[Any], *, lang: str = "en",
                decorate: Callable | None = None, size: str = "1x") -> None:
    """Draw ``scenario``'s default dashboard of ``runs[0]`` (a Simulation or a RunResult; the
    others are the remaining replications, offered to ``decorate``, e.g. to draw a band) into
    ``path``, at ``size`` (one of CHART_SIZES)."""
    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from ui import i18n
    from ui.export import FigureRequest, FigureSource, export

    app = QApplication.instance() or QApplication(sys.argv[:1])
    manifest = runs[0].manifest()
    source = FigureSource(scenario, list(runs), scenario.default_plots(), lang=lang,
                          x_max=float(max(manifest["rounds"], 1)), decorate=decorate)
    with i18n.override(lang):  # titles, axes and legends in the language asked for
        export(source, path, FigureRequest("dashboard", scale=size, caption=True))
        app.processEvents()


def band_decoration(runs: Sequence[Any]) -> Callable:
    """A ``decorate`` hook drawing the replications' mean and 10–90 % band on the chart."""

    def decorate(cards, _source) -> None:
        from ui.run_controls.compare import draw_band

        draw_band(cards, runs)

    return decorate
