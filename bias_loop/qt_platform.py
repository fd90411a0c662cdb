"""Can Qt's platform start here? Asked before the GUI creates its QApplication.

When Qt cannot start its platform plugin (no display, or a system library the plugin links
against is missing) it does not raise: it prints "Reinstalling the application may fix this
problem" and aborts the interpreter (signal 6). So ``bias-loop gui`` asks first, without
importing Qt: it loads the platform plugin's shared library the way Qt would (which names the
first missing library) and, for X11, opens and closes a connection to the display. Both take
milliseconds, so start-up stays fast.

The system packages are listed once, here; the README's install command and the CI script
repeat this list, and a test keeps them equal.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import importlib.util
import os
import re
import sys
from collections.abc import Mapping
from pathlib import Path

#: Debian/Ubuntu packages the Qt platforms need on a fresh Linux desktop: what the offscreen
#: platform loads (EGL, GL, xkbcommon, fontconfig, D-Bus, GLib, a font) and what the xcb
#: platform (a real X display) links against on top, xcb-cursor, icccm and keysyms among them.
DEBIAN_PACKAGES = (
    "libegl1", "libgl1", "libopengl0", "libxkbcommon0", "libfontconfig1", "libfreetype6",
    "libdbus-1-3", "libglib2.0-0", "libx11-6", "fonts-dejavu-core",
    "libxkbcommon-x11-0", "libx11-xcb1", "libxcb1", "libxcb-cursor0", "libxcb-icccm4",
    "libxcb-keysyms1", "libxcb-image0", "libxcb-randr0", "libxcb-render0",
    "libxcb-render-util0", "libxcb-shape0", "libxcb-shm0", "libxcb-sync1", "libxcb-util1",
    "libxcb-xfixes0", "libxcb-xkb1",
)
APT_COMMAND = "sudo apt-get install " + " ".join(DEBIAN_PACKAGES)

HEADLESS_HINT = ("`bias-loop gui SCENARIO --screenshot FILE.png` and the headless commands "
                 "(scenarios, describe, validate, run, sweep) work without one")

#: The library a failed dlopen names: "libxcb-icccm.so.4: cannot open shared object file".
MISSING_LIBRARY = re.compile(r"([\w.+-]+\.so[\w.]*): cannot open shared object file")


def platform_problem(environ: Mapping[str, str] = os.environ) -> str | None:
    """Why Qt's platform cannot start in this environment, or None when it can (or when this
    is not Linux, where Qt brings what it needs)."""
    if not sys.platform.startswith("linux"):
        return None
    platform = chosen_platform(environ)
    if platform is None:  # a Wayland session: Qt picks its own way, and falls back to xcb
        return None
    if platform == "xcb" and not environ.get("DISPLAY"):
        return (f"no display to open the window on (DISPLAY is not set). Run it from a desktop "
                f"session; {HEADLESS_HINT}.")
    plugin = plugin_path(platform)
    if plugin is None:
        return None  # an unknown platform name: Qt's own message lists the ones it has
    missing = missing_library(plugin)
    if missing is not None:
        return (f"Qt's {platform} platform cannot start: the system library {missing} is "
                f"missing. Install the libraries Qt needs (Debian/Ubuntu: {APT_COMMAND}; "
                f"Fedora and Arch: see the README's System libraries section).")
    if platform == "xcb" and not display_opens(environ["DISPLAY"]):
        return (f"cannot connect to the X display {environ['DISPLAY']!r} (DISPLAY is set, but "
                f"no X server answers there, or it refuses this user); {HEADLESS_HINT}.")
    return None


def chosen_platform(environ: Mapping[str, str]) -> str | None:
    """The platform plugin Qt will try first: QT_QPA_PLATFORM's first entry, else xcb, except
    in a Wayland session (None: not checked here)."""
    asked = environ.get("QT_QPA_PLATFORM", "").split(";")[0].split(":")[0].strip()
    if asked:
        return asked
    if environ.get("WAYLAND_DISPLAY") or environ.get("XDG_SESSION_TYPE") == "wayland":
        return None
    return "xcb"


def plugin_path(platform: str) -> Path | None:
    """The shared library of a bundled Qt platform plugin, found without importing Qt."""
    spec = importlib.util.find_spec("PySide6")
    if spec is None or not spec.submodule_search_locations:
        return None
    folder = Path(next(iter(spec.submodule_search_locations)))
    path = folder / "Qt" / "plugins" / "platforms" / f"libq{platform}.so"
    return path if path.is_file() else None


def missing_library(path: Path) -> str | None:
    """The first system library the plugin at ``path`` cannot find, or None if it loads."""
    try:
        ctypes.CDLL(str(path), mode=os.RTLD_LAZY | os.RTLD_LOCAL)
    except OSError as exc:
        found = MISSING_LIBRARY.search(str(exc))
        return found.group(1) if found else str(exc)
    return None


def display_opens(display: str) -> bool:
    """Whether an X client can connect to ``display`` (what Qt's xcb platform does first)."""
    name = ctypes.util.find_library("xcb")
    if name is None:
        return True  # the plugin loaded, so libxcb is there; let Qt try
    xcb = ctypes.CDLL(name)
    xcb.xcb_connect.restype = ctypes.c_void_p
    xcb.xcb_connect.argtypes = (ctypes.c_char_p, ctypes.c_void_p)
    xcb.xcb_connection_has_error.argtypes = (ctypes.c_void_p,)
    xcb.xcb_disconnect.argtypes = (ctypes.c_void_p,)
    connection = xcb.xcb_connect(display.encode(), None)
    try:
        return xcb.xcb_connection_has_error(connection) == 0
    finally:
        xcb.xcb_disconnect(connection)
