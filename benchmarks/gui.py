"""Responsiveness figures of the desktop app (issue 4's targets).

    python benchmarks/gui.py

prints
  * cold start: process start to a ready main window (target under 2 s);
  * redraw: frames per second for 6 charts x 4 curves x 10,000 rounds of history, both the
    ceiling (every frame new data, repainted back to back) and what the dashboard's own clock
    achieves while the run plays at full speed (target 25-60 frames/s); and the CPU time of a
    frame while the history grows, the charts' and the loop diagram's animation (target 15 ms
    together at 1920x1080);
  * input latency while running at full speed: time from a key event being posted to it being
    handled (target under 50 ms).

Runs on Qt's offscreen platform unless QT_QPA_PLATFORM says otherwise, so it works without a
display; painting is the same raster code a desktop uses.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

HISTORY = 10_000
CHARTS = 6
CURVES = 4
COLD_STARTS = 3
REDRAW_FRAMES = 60
GROWING_FRAMES = 60
ROUNDS_PER_FRAME = 34
SIZES = ((1280, 720), (1920, 1080))
RUN_SECONDS = 3.0
KEY_SAMPLES = 40

# Four groups, so that every per-group chart has four curves.
FOUR_GROUPS = """
[scenario]
id = "bench4"
kind = "decisions"
title = "Four groups"
summary = "Benchmark scenario"
rounds = 10000

[[groups]]
id = "A"
share = 0.4

[[groups]]
id = "B"
share = 0.3
history_threshold = 650.0

[[groups]]
id = "C"
share = 0.2
score_mean = 600.0

[[groups]]
id = "D"
share = 0.1
score_mean = 580.0
history_label_bias = 0.2
"""

CHILD = """
import sys, time
from PySide6.QtWidgets import QApplication
from simulator import load_scenario
from ui.app import default_scenario_name
from ui.main_window import MainWindow
app = QApplication(sys.argv[:1])
window = MainWindow(load_scenario(default_scenario_name()))
window.show()
app.processEvents()
print("ready", flush=True)
"""


def cold_start() -> list[float]:
    times = []
    for _ in range(COLD_STARTS):
        start = time.perf_counter()
        child = subprocess.Popen([sys.executable, "-c", CHILD], stdout=subprocess.PIPE,
                                 stderr=subprocess.DEVNULL, text=True)
        line = child.stdout.readline()
        times.append(time.perf_counter() - start)
        child.wait()
        if line.strip() != "ready":
            raise SystemExit("the window did not start")
    return times


def four_curve_window(app):
    from simulator import parse_scenario
    from ui.charts.plot_model import chart_layout
    from ui.main_window import MainWindow

    scenario = parse_scenario(FOUR_GROUPS, "benchmark")
    window = MainWindow(scenario)
    window.resize(1600, 1000)
    window.show()
    app.processEvents()
    metrics = {m.name: m for m in scenario.metrics()}
    four = [p.id for p in scenario.plots()
            if len(chart_layout(p, metrics, scenario.group_ids, str, "en").curves) == CURVES]
    window.dashboard.set_selection(four[:CHARTS], 2)
    assert len(window.dashboard.cards) == CHARTS, four
    start = time.perf_counter()
    window.session.play(HISTORY)
    played = time.perf_counter() - start
    app.processEvents()
    return window, played


def growing_frames(app, window, size: tuple[int, int]) -> tuple[float, float]:
    """CPU and wall milliseconds per redraw (repaint included) while the history grows by
    what one frame at 1,000 rounds/s and 30 frames/s brings (34 rounds), at window ``size``:
    what the GUI spends per frame while a run plays, the simulation left out."""
    window.resize(*size)
    app.processEvents()
    dashboard, session = window.dashboard, window.session
    cpu = wall = 0.0
    for _ in range(GROWING_FRAMES):
        session.play(ROUNDS_PER_FRAME)
        c0, w0 = time.process_time(), time.perf_counter()
        dashboard.redraw()
        for card in dashboard.cards:
            card.viewport().repaint()
        cpu += time.process_time() - c0
        wall += time.perf_counter() - w0
    return 1000 * cpu / GROWING_FRAMES, 1000 * wall / GROWING_FRAMES


def diagram_frames(app, window) -> float:
    """CPU milliseconds per frame of the loop diagram while a run plays, at the window's size:
    its dots advance one step (its pulse clock runs at the charts' rate), its figures are
    brought up to date on their own slower clock, and Qt paints what changed, as the event
    loop does (only the places that changed, not the whole pane)."""
    from PySide6.QtCore import QCoreApplication, QEvent, QEventLoop, QObject, QTimer

    from ui.charts.dashboard import FRAME_MS
    from ui.diagram.loop_diagram import FIGURE_MS

    diagram, session, dashboard = window.diagram, window.session, window.dashboard
    painted: list[bool] = []

    class Painted(QObject):
        def eventFilter(self, watched, event):
            if event.type() == QEvent.Type.Paint:
                painted.append(True)
            return False

    probe = Painted()
    diagram.viewport().installEventFilter(probe)
    # The clocks are ours: no chart redraw or figure refresh of their own meanwhile.
    clocks = (dashboard._timer, diagram._figures, diagram._pulse_timer)
    diagram.set_running(True)  # the dots show, as while a run plays
    for clock in clocks:
        clock.stop()
    figures_every = round(FIGURE_MS / FRAME_MS)
    cpu = 0.0
    for frame in range(GROWING_FRAMES):
        session.play(ROUNDS_PER_FRAME)
        QCoreApplication.sendPostedEvents()  # what the new rounds did elsewhere, untimed
        painted.clear()
        c0 = time.process_time()
        diagram._advance_pulse()
        if frame % figures_every == 0:
            diagram._refresh_if_new()
        # Qt paints on a platform update request, a few milliseconds later: wait for it
        # asleep (a guard timer ends the wait should nothing need painting).
        guard = QTimer()
        guard.setSingleShot(True)
        guard.start(100)
        while not painted and guard.isActive():
            app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents)
        cpu += time.process_time() - c0
    diagram.viewport().removeEventFilter(probe)
    diagram.set_running(session.running)
    dashboard._timer.start()
    diagram._figures.start()
    return 1000 * cpu / GROWING_FRAMES


def redraw_ceiling(app, window) -> float:
    dashboard = window.dashboard
    start = time.perf_counter()
    for _ in range(REDRAW_FRAMES):
        dashboard._drawn = None  # as if a new round had arrived
        dashboard.redraw()
        for card in dashboard.cards:
            card.viewport().repaint()
    return REDRAW_FRAMES / (time.perf_counter() - start)


class KeyProbe:
    """Posts key events to a widget and records how long each waited to be handled."""

    def __init__(self, widget):
        from PySide6.QtCore import QEvent, QObject

        probe = self

        class Filter(QObject):
            def eventFilter(self, watched, event):
                if event.type() == QEvent.Type.KeyPress and probe.sent is not None:
                    probe.latencies.append(time.perf_counter() - probe.sent)
                    probe.sent = None
                    return True
                return False

        self.widget = widget
        self.filter = Filter()
        widget.installEventFilter(self.filter)
        self.latencies: list[float] = []
        self.sent: float | None = None

    def post(self) -> None:
        from PySide6.QtCore import QEvent, Qt
        from PySide6.QtGui import QKeyEvent
        from PySide6.QtWidgets import QApplication

        self.sent = time.perf_counter()
        QApplication.postEvent(self.widget, QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_F13,
                                                      Qt.KeyboardModifier.NoModifier))


def while_running(app, window) -> tuple[float, float, list[float]]:
    """Frames/s and rounds/s achieved at full speed, and key-event latencies meanwhile."""
    session, dashboard = window.session, window.dashboard
    probe = KeyProbe(window.run_bar.counter)
    session.set_speed(None)
    frames, rounds = dashboard.frames, session.sim.round
    start = time.perf_counter()
    session.run()
    next_key = start + 0.05
    while time.perf_counter() - start < RUN_SECONDS:
        app.processEvents()
        now = time.perf_counter()
        if probe.sent is None and len(probe.latencies) < KEY_SAMPLES and now >= next_key:
            probe.post()
            next_key = now + RUN_SECONDS / KEY_SAMPLES
    session.pause()
    elapsed = time.perf_counter() - start
    return ((dashboard.frames - frames) / elapsed, (session.sim.round - rounds) / elapsed,
            probe.latencies)


def main() -> None:
    starts = cold_start()
    print(f"cold start to a ready window: median {statistics.median(starts):.2f} s "
          f"(best {min(starts):.2f} s, worst {max(starts):.2f} s, {COLD_STARTS} runs)")

    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv[:1])
    window, played = four_curve_window(app)
    print(f"history: {HISTORY:,} rounds played in {played:.1f} s; dashboard of {CHARTS} charts "
          f"x {CURVES} curves")
    print(f"redraw ceiling (new data every frame, repainted back to back): "
          f"{redraw_ceiling(app, window):.0f} frames/s")
    for size in SIZES:
        cpu, wall = growing_frames(app, window, size)
        diagram = diagram_frames(app, window)
        print(f"redraw while the history grows, {size[0]}x{size[1]}: {cpu + diagram:.1f} ms "
              f"of CPU per frame: charts {cpu:.1f} ms ({wall:.1f} ms wall) + loop diagram "
              f"{diagram:.1f} ms (target 15 ms)")
    fps, rps, latencies = while_running(app, window)
    ms = sorted(x * 1000 for x in latencies)
    print(f"while running at full speed: {fps:.0f} frames/s drawn, {rps:,.0f} rounds/s played")
    print(f"input latency while running at full speed: median {statistics.median(ms):.1f} ms, "
          f"95th percentile {ms[int(0.95 * (len(ms) - 1))]:.1f} ms, max {ms[-1]:.1f} ms "
          f"({len(ms)} key events)")
    window.close()
    window.deleteLater()
    app.processEvents()


if __name__ == "__main__":
    main()
