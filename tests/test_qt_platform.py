"""`bias-loop gui` where Qt's platform cannot start: exit status 2 and what to do, never the
abort (signal 6) Qt ends the process with."""

import os
import re
import subprocess
import sys
from pathlib import Path

from bias_loop import qt_platform
from bias_loop.qt_platform import APT_COMMAND, platform_problem

ROOT = Path(__file__).resolve().parents[1]


def start_gui(env_changes):
    env = {k: v for k, v in os.environ.items()
           if k not in ("DISPLAY", "QT_QPA_PLATFORM", "WAYLAND_DISPLAY", "XDG_SESSION_TYPE")}
    env.update(env_changes)
    return subprocess.run([sys.executable, "-m", "bias_loop", "gui", "hiring"], env=env,
                          capture_output=True, text=True, timeout=60)


def test_no_display_says_so_and_what_works_without_one():
    done = start_gui({})
    assert done.returncode == 2, done.stderr
    assert done.stderr.startswith("bias-loop: error: no display")
    assert "DISPLAY is not set" in done.stderr
    assert "--screenshot FILE.png" in done.stderr and "run" in done.stderr
    assert "Traceback" not in done.stderr


def test_a_display_nobody_answers_on_is_named():
    done = start_gui({"DISPLAY": ":93", "QT_QPA_PLATFORM": "xcb"})
    assert done.returncode == 2, done.stderr
    plugin = qt_platform.plugin_path("xcb")
    if qt_platform.missing_library(plugin) is None:
        assert "cannot connect to the X display ':93'" in done.stderr
    else:  # a machine without the xcb libraries: that comes first
        assert "is missing" in done.stderr and APT_COMMAND in done.stderr
    assert "Traceback" not in done.stderr


def test_a_missing_library_is_named_with_the_install_command(monkeypatch):
    def no_icccm(path, mode=0):
        raise OSError(f"{path}: libxcb-icccm.so.4: cannot open shared object file: "
                      "No such file or directory")

    monkeypatch.setattr(qt_platform.ctypes, "CDLL", no_icccm)
    problem = platform_problem({"DISPLAY": ":0"})
    assert problem.startswith("Qt's xcb platform cannot start: the system library "
                              "libxcb-icccm.so.4 is missing.")
    assert "sudo apt-get install libegl1 " in problem and " libxcb-icccm4 " in problem


def test_offscreen_needs_no_display():
    assert platform_problem({"QT_QPA_PLATFORM": "offscreen"}) is None


def test_a_wayland_session_is_left_to_qt():
    assert qt_platform.chosen_platform({"WAYLAND_DISPLAY": "wayland-0"}) is None
    assert qt_platform.chosen_platform({"QT_QPA_PLATFORM": "xcb;wayland"}) == "xcb"


def test_the_readme_and_ci_install_the_same_list():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    lines = re.findall(r"^sudo apt-get install .*$", readme, re.M)
    assert lines == [APT_COMMAND]
    for package in ("libxcb-cursor0", "libxcb-icccm4", "libxcb-keysyms1", "libegl1", "libgl1",
                    "libxkbcommon0", "libfontconfig1", "libdbus-1-3", "libglib2.0-0"):
        assert f" {package}" in APT_COMMAND
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "sed -n 's/^sudo apt-get install //p' README.md" in ci
    assert "QT_QPA_PLATFORM=xcb xvfb-run -a bias-loop gui" in ci
