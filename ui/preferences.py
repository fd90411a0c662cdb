"""Remembered preferences (QSettings), or none at all.

The window saves its geometry, layout, last scenario and chosen charts here. Screenshots,
tests and benchmarks pass no settings, so they always start from the same defaults and never
touch the user's preferences.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSettings


class Preferences:
    def __init__(self, settings: QSettings | None):
        self.settings = settings

    def get(self, key: str, default: Any = None, kind: type | None = None) -> Any:
        if self.settings is None or not self.settings.contains(key):
            return default
        if kind is list:  # QSettings gives a lone string for a one-item list in INI files
            value = self.settings.value(key)
            return [value] if isinstance(value, str) else list(value or [])
        if kind is not None:
            return self.settings.value(key, default, type=kind)
        return self.settings.value(key, default)

    def set(self, key: str, value: Any) -> None:
        if self.settings is not None:
            self.settings.setValue(key, value)

    def sync(self) -> None:
        if self.settings is not None:
            self.settings.sync()
