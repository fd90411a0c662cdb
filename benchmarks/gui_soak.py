"""GUI soak test: the app running at full speed for a long time with random lever changes.

Prints, once a minute, the resident memory, the rounds played per second and the frames drawn,
so a leak or a slow-down shows as a trend. Runs offscreen; the issue's figure is 30 minutes.
Run: python benchmarks/gui_soak.py [--minutes 30] [--scenario lending]
"""

from __future__ import annotations

import argparse
import os
import random
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402
from resident import current_rss  # noqa: E402

from simulator import load_scenario  # noqa: E402
from ui.main_window import MainWindow  # noqa: E402


def random_lever(session, rng: random.Random) -> None:
    levers = [p for p in session.scenario.schema if p.lever]
    p = rng.choice(levers)
    if p.type == "bool":
        value = rng.random() < 0.5
    elif p.type == "choice":
        value = rng.choice(p.choices)
    elif p.type == "int":
        value = rng.randint(int(p.min), int(min(p.max, 200)))
    else:
        value = rng.uniform(p.min, p.max)
    session.set_param(p.key, value)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=30)
    parser.add_argument("--scenario", default="lending")
    args = parser.parse_args()
    app = QApplication([])
    window = MainWindow(load_scenario(args.scenario))
    window.resize(1600, 1000)
    window.show()
    session = window.session
    session.set_speed(None)  # as fast as the machine goes
    session.run()
    rng = random.Random(1)
    lever_timer = QTimer()
    lever_timer.timeout.connect(lambda: random_lever(session, rng))
    lever_timer.start(2000)
    start = time.perf_counter()
    last = {"t": start, "round": session.sim.round}
    print(f"start rss={current_rss():.0f} MB", flush=True)

    def report() -> None:
        now = time.perf_counter()
        played = session.sim.round - last["round"]
        print(f"minute={(now - start) / 60:5.1f} round={session.sim.round:>9,} "
              f"rss={current_rss():6.0f} MB rounds/s={played / (now - last['t']):7.0f} "
              f"events={len(session.sim.events)}", flush=True)
        last.update(t=now, round=session.sim.round)
        if now - start >= args.minutes * 60:
            lever_timer.stop()
            session.pause()  # the run's pacing stops too, so the program ends when it quits
            app.quit()

    report_timer = QTimer()
    report_timer.timeout.connect(report)
    report_timer.start(60_000)
    app.exec()


if __name__ == "__main__":
    main()
