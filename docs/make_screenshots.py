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
    ("model_collapse", 150, "model_collapse.png", ()),
]

# Pictures in docs/screenshots/ that need a mode the `gui` command cannot set (presentation
# mode, the dark and high-contrast themes). They are made by the GUI
# tests or by hand from the running app, not by this script; the docs show one only once its
# file exists (tests/test_docs.py fails on a link to a missing picture).
MADE_ELSEWHERE = {
    "presentation.png": "presentation mode",
    "dark.png": "the dark theme",
    "high-contrast.png": "the high-contrast theme",
}


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


def main(argv: list[str]) -> int:
    SCREENSHOTS.mkdir(exist_ok=True)
    wanted = [s for s in SHOTS if not argv or any(a in (s[0], s[2]) for a in argv)]
    if not wanted:
        print(f"nothing matches {' '.join(argv)}; the files are:", *(s[2] for s in SHOTS))
        return 2
    for scenario, rounds, name, options in wanted:
        try:
            make(scenario, rounds, name, options)
        except subprocess.CalledProcessError as exc:
            print(f"{name}: bias-loop exited with status {exc.returncode}", file=sys.stderr)
            return 1
    missing = [name for name in MADE_ELSEWHERE if not (SCREENSHOTS / name).exists()]
    if missing and not argv:
        print("not made here (the GUI tests or the running app make them):",
              ", ".join(f"{n} ({MADE_ELSEWHERE[n]})" for n in missing))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
