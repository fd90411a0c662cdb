"""Remembered preferences (QSettings), or none at all.

The window saves its geometry, layout, last scenario and chosen charts here. Screenshots,
tests and benchmarks pass no settings, so they always start from the same defaults and never
touch the user's preferences.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QSettings


def open_settings(organization: str, application: str,
                  path: str | None = None) -> tuple[QSettings, str | None]:
    """The user's settings, and a warning when the file could not be read: a corrupt file is
    moved aside (kept, with ``.corrupt`` appended) and defaults are used, instead of a crash or
    half-read preferences. ``path`` names an INI file instead (tests)."""

    def make() -> QSettings:
        if path is not None:
            return QSettings(path, QSettings.Format.IniFormat)
        return QSettings(organization, application)

    settings = make()
    if settings.status() == QSettings.Status.NoError and not _garbled(settings.fileName()):
        return settings, _reset_invalid(settings)
    broken = Path(settings.fileName())
    backup = broken.with_name(broken.name + ".corrupt")
    del settings  # release the file before moving it
    try:
        os.replace(broken, backup)
    except OSError:
        backup = broken
    warning = QCoreApplication.translate(
        "Preferences", "Your saved preferences could not be read; they were moved to {backup} "
        "and the defaults are used.").format(backup=backup)
    return make(), warning


def _garbled(name: str) -> bool:
    """Whether a settings file that Qt read without complaint is garbage all the same: Qt's
    INI reader skips what it cannot parse, so binary junk reads as no settings at all and
    would be overwritten unseen. Qt writes its INI files as text (UTF-8, no NUL bytes)."""
    path = Path(name)
    if path.suffix not in (".conf", ".ini") or not path.is_file():
        return False  # another format (a macOS plist, the Windows registry): Qt's own check
    try:
        data = path.read_bytes()
        data.decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return True
    return b"\0" in data


def _allowed() -> dict[str, tuple[str, ...]]:
    """The remembered choices that must be one of a few values."""
    from ui.i18n import LANGUAGES, SETTINGS_KEY
    from ui.theme import THEMES

    return {SETTINGS_KEY: tuple(LANGUAGES), "theme": tuple(THEMES)}


def _reset_invalid(settings: QSettings) -> str | None:
    """Remove remembered values that are not one of their choices (a hand-edited or old
    file: language ``xx``, theme ``neon``), so the defaults are used; say which."""
    wrong = []
    for key, choices in _allowed().items():
        if settings.contains(key) and str(settings.value(key)) not in choices:
            wrong.append(f"{key} = {str(settings.value(key))[:40]!r} ({', '.join(choices)})")
            settings.remove(key)
    if not wrong:
        return None
    return QCoreApplication.translate(
        "Preferences", "Some saved preferences were not valid and the defaults are used "
        "instead: {values}.").format(values="; ".join(wrong))


class Preferences:
    """Typed access to the settings. Without settings (screenshot mode, tests) choices are
    kept in memory for the window's life, so they still hold within a session but nothing is
    read from or written to disk."""

    def __init__(self, settings: QSettings | None):
        self.settings = settings
        self._memory: dict[str, Any] = {}

    def get(self, key: str, default: Any = None, kind: type | None = None) -> Any:
        if self.settings is None:
            return self._memory.get(key, default)
        if not self.settings.contains(key):
            return default
        try:
            if kind is list:  # QSettings gives a lone string for a one-item list in INI files
                value = self.settings.value(key)
                return [value] if isinstance(value, str) else list(value or [])
            if kind is not None:
                return self.settings.value(key, default, type=kind)
            return self.settings.value(key, default)
        except (TypeError, ValueError):  # a value of the wrong type (an edited file): ignore
            return default

    def set(self, key: str, value: Any) -> None:
        if self.settings is None:
            self._memory[key] = value
        else:
            self.settings.setValue(key, value)

    def sync(self) -> None:
        if self.settings is not None:
            self.settings.sync()
