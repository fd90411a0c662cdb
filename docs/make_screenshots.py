"""Regenerate the screenshots the docs show.

Run it from the repository's root after a change to the GUI or to a scenario:

    python docs/make_screenshots.py            # all of them
    python docs/make_screenshots.py lending    # only the rows whose file or scenario matches

Each picture is made by the app itself, `bias-loop gui NAME --rounds N --screenshot FILE.png`,
on Qt's offscreen platform (no display needed). Screenshot mode plays the rounds, saves the
window at a fixed size and reads or writes no preferences, so the same command gives the same
picture on any machine.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

DOCS = Path(__file__).resolve().parent
SCREENSHOTS = DOCS / "screenshots"

# (scenario, rounds, file in docs/screenshots/, further `gui` options): every picture this
# script makes.
SHOTS = [
    ("lending", 150, "main-window.png", ()),
    ("lending", 150, "main-window-es.png", ("--lang", "es")),
    ("policing", 150, "policing.png", ()),
    ("hiring", 150, "hiring.png", ()),
    ("moderation", 150, "moderation.png", ()),
    ("health_risk", 30, "health_risk.png", ()),
    ("model_collapse", 150, "model_collapse.png", ()),
    ("lending", 150, "student-view.png", ("--student", "--size", "1280x720")),
    ("lending", 150, "student-view-es.png", ("--student", "--size", "1280x720", "--lang", "es")),
    ("knowledge_commons", 180, "knowledge_commons.png", ()),
    ("recommender", 150, "recommender.png", ()),
]

# Pictures part-way through the guide, which the `gui` command cannot click (it has --theme and
# --presentation, but plays rounds without the guide's levers): made in this process by driving
# the window as a facilitator would: lending, guide steps 1-4 clicked (month 140), then the
# mode; (file, theme, presentation mode, window size).
MODE_SHOTS = [
    ("presentation.png", "light", True, (1920, 1080)),
    ("dark.png", "dark", False, (1600, 1000)),
    ("high-contrast.png", "high-contrast", False, (1600, 1000)),
]


def command() -> list[str]:
    """The `bias-loop` of the environment running this script, else the one on the PATH."""
    beside = Path(sys.executable).with_name("bias-loop")
    if beside.exists():
        return [str(beside)]
    found = shutil.which("bias-loop")
    if found:
        return [found]
    return [sys.executable, "-m", "bias_loop"]


def make(scenario: str, rounds: int, name: str, options: tuple[str, ...] = ()) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    target = SCREENSHOTS / name
    args = command() + ["gui", scenario, "--rounds", str(rounds), *options,
                        "--screenshot", str(target)]
    print(f"{name:24} {scenario} after {rounds} rounds {' '.join(options)}", flush=True)
    subprocess.run(args, env=env, check=True)


def make_mode_shots(wanted: list[str]) -> None:
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtWidgets import QApplication

    from simulator import load_scenario
    from ui.export.snapshot import save_widget_png
    from ui.main_window import MainWindow

    app = QApplication.instance() or QApplication([])
    for name, theme, presenting, size in MODE_SHOTS:
        if wanted and name not in wanted:
            continue
        print(f"{name:24} lending, guide step 4, {theme}"
              + (", presentation mode" if presenting else ""), flush=True)
        window = MainWindow(load_scenario("lending"))
        window.resize(*size)
        window.show()
        window.modes.choose_theme(theme)
        window.session.set_speed(None)
        for _ in range(4):
            window.actions.next_step.trigger()
            while window.session.running:
                app.processEvents()
        if presenting:
            window.modes.set_presentation(True)
            window.showNormal()  # offscreen "full screen" is the platform's small dummy screen
            window.resize(*size)
        for _ in range(5):
            app.processEvents()
        window.refresh_views()
        app.processEvents()
        save_widget_png(window, SCREENSHOTS / name)
        window.close()
        window.deleteLater()
        app.processEvents()


def main(argv: list[str]) -> int:
    SCREENSHOTS.mkdir(exist_ok=True)
    wanted = [s for s in SHOTS if not argv or any(a in (s[0], s[2]) for a in argv)]
    modes = [m[0] for m in MODE_SHOTS if not argv or m[0] in argv]
    if not wanted and not modes:
        print(f"nothing matches {' '.join(argv)}; the files are:",
              *(s[2] for s in SHOTS), *(m[0] for m in MODE_SHOTS))
        return 2
    for scenario, rounds, name, options in wanted:
        try:
            make(scenario, rounds, name, options)
        except subprocess.CalledProcessError as exc:
            print(f"{name}: bias-loop exited with status {exc.returncode}", file=sys.stderr)
            return 1
    if modes:
        make_mode_shots(modes)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
