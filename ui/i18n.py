"""The app's languages through Qt's translation system.

Every string of ours goes through ``self.tr()`` or ``QCoreApplication.translate``; a language's
texts live in ``assets/i18n/bias_loop_<code>.ts`` (the source, edited with Qt Linguist or by
hand) and ``bias_loop_<code>.qm`` (built from it, shipped with the package), beside the model's
catalogue ``simulator/locale/<code>.toml``. The languages offered (``--lang``, View ▸ Language)
are those installed: English, and every language with both files (a directory named in
``BIAS_LOOP_LOCALE_PATH`` may hold more). Qt's own dialogs are translated by the
``qtbase_<lang>.qm`` bundled with Qt.

One delegating translator is installed on the application: switching language swaps what it
delegates to and tells every widget (a ``LanguageChange`` event), so the run carries on.
:func:`override` makes exports speak another language for a moment without disturbing the
window. The default follows the system locale; a remembered preference wins over it.

Updating the translations after changing a string in the code::

    python -m ui.i18n update     # lupdate over ui/ and bias_loop/chart.py, then lrelease
    python -m ui.i18n check      # exit 1 when a string is untranslated or the .qm is stale
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from importlib import resources
from pathlib import Path

import shiboken6
from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QLibraryInfo,
    QLocale,
    QObject,
    QTranslator,
)

from simulator import text

SOURCE_LANGUAGE = text.SOURCE
DOMAIN = "bias_loop"
SETTINGS_KEY = "language"
ROOT = Path(__file__).resolve().parent.parent
I18N_DIR = ROOT / "assets" / "i18n"  # in a source checkout; installed: ui.assets/i18n


def ts_path(lang: str) -> Path:
    return I18N_DIR / f"{DOMAIN}_{lang}.ts"


def qm_path(lang: str) -> Path:
    """The .qm of ``lang``: shipped with the package, else in a ``BIAS_LOOP_LOCALE_PATH``
    directory."""
    name = f"{DOMAIN}_{lang}.qm"
    shipped = Path(str(resources.files("ui.assets") / "i18n" / name))
    extra = [Path(d) / name for d in os.environ.get(text.ENV_PATH, "").split(os.pathsep) if d]
    return next((p for p in (shipped, *extra) if p.exists()), shipped)


#: The installed languages, each named in itself: English, and each language with both a
#: catalogue and a .qm.
LANGUAGES = {code: name for code, name in text.language_names().items()
             if code == SOURCE_LANGUAGE or qm_path(code).exists()}


def normalise(lang: str | None) -> str | None:
    """``es``, ``es_MX``, ``es-AR`` → ``es``; a language not installed → None."""
    if not lang:
        return None
    base = str(lang).replace("-", "_").split("_")[0].lower()
    return base if base in LANGUAGES else None


def system_language() -> str:
    """The system's language (any country's variant) if it is installed, else English."""
    locale = QLocale.system()
    for name in [locale.name(), *locale.uiLanguages()]:
        lang = normalise(name)
        if lang is not None:
            return lang
    return SOURCE_LANGUAGE


def preferred_language(settings=None, requested: str | None = None) -> str:
    """``--lang`` first, then the remembered choice, then the system's language."""
    for candidate in (requested, settings.value(SETTINGS_KEY) if settings is not None else None):
        lang = normalise(candidate)
        if lang is not None:
            return lang
    return system_language()


class _Delegate(QTranslator):
    """Our translator as Qt sees it: answers from the .qm of the language in force."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.lang = SOURCE_LANGUAGE
        self.override: str | None = None
        self._loaded: dict[str, QTranslator] = {}

    def catalogue(self, lang: str) -> QTranslator | None:
        if lang == SOURCE_LANGUAGE:
            return None
        if lang not in self._loaded:
            translator = QTranslator(self)
            if not translator.load(str(qm_path(lang))):
                print(f"bias-loop: warning: no translations for {lang!r}", file=sys.stderr)
            self._loaded[lang] = translator
        return self._loaded[lang]

    def translate(self, context, source, disambiguation=None, n=-1):
        catalogue = self.catalogue(self.override or self.lang)
        if catalogue is None:
            return None  # a null string: Qt falls back to the source text
        return catalogue.translate(context, source, disambiguation, n) or None

    def isEmpty(self) -> bool:
        return False


class _State:
    delegate: _Delegate | None = None
    qt: QTranslator | None = None


def _delegate() -> _Delegate:
    app = QCoreApplication.instance()
    if _State.delegate is None or _State.delegate.parent() is not app:
        _State.delegate = _Delegate(app)
        _State.qt = None
        app.installTranslator(_State.delegate)
    return _State.delegate


def current_language() -> str:
    return _State.delegate.lang if _State.delegate is not None else SOURCE_LANGUAGE


def active_language() -> str:
    """The language texts are made in right now: an export's inside :func:`override`, else
    the window's. Numbers follow it (0.50 or 0,50)."""
    delegate = _State.delegate
    if delegate is None:
        return SOURCE_LANGUAGE
    return delegate.override or delegate.lang


def qt_translations_dir() -> Path:
    return Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))


def set_language(lang: str) -> str:
    """Translate the application into ``lang`` (an installed language) from now on; every
    widget gets a ``LanguageChange`` event. Returns the language in force."""
    lang = normalise(lang) or SOURCE_LANGUAGE
    app = QCoreApplication.instance()
    delegate = _delegate()
    delegate.catalogue(lang)  # load before switching
    delegate.lang = lang
    QLocale.setDefault(QLocale(lang))  # spin boxes show 0,50 in Spanish
    if _State.qt is not None:
        app.removeTranslator(_State.qt)
        _State.qt = None
    if lang != SOURCE_LANGUAGE:
        qt = QTranslator(app)
        if qt.load(f"qtbase_{lang}", str(qt_translations_dir())):
            app.installTranslator(qt)
            _State.qt = qt
    # Re-installing moves nothing (it is already first) but sends the LanguageChange event.
    app.installTranslator(delegate)
    return lang


class _HeldLanguageChanges(QObject):
    """Holds back the ``LanguageChange`` events Qt delivers while an export draws: an export
    processes events, and a widget retranslating then would take the export's language for
    good. Each one is delivered again once the export's language is gone."""

    def __init__(self, app):
        super().__init__()
        self.app = app
        self.held: list[QObject] = []

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.LanguageChange:
            if watched not in self.held:
                self.held.append(watched)
            return True
        return False

    def __enter__(self) -> None:
        self.app.installEventFilter(self)

    def __exit__(self, *exc) -> None:
        self.app.removeEventFilter(self)
        for watched in self.held:
            if shiboken6.isValid(watched):
                QCoreApplication.postEvent(watched, QEvent(QEvent.Type.LanguageChange))


@contextlib.contextmanager
def override(lang: str | None) -> Iterator[None]:
    """Translate our own strings into ``lang`` inside the block (exports in the language
    chosen for them), without telling the widgets: the window keeps its language."""
    lang = normalise(lang)
    app = QCoreApplication.instance()
    if lang is None or app is None:
        yield
        return
    delegate = _delegate()
    previous, delegate.override = delegate.override, lang
    try:
        with _HeldLanguageChanges(app):
            yield
    finally:
        delegate.override = previous


# --- maintaining the .ts and .qm files ------------------------------------------------------

def source_files() -> list[Path]:
    """The files lupdate reads: every module of the GUI, and the CLI's chart export."""
    files = sorted((ROOT / "ui").rglob("*.py")) + [ROOT / "bias_loop" / "chart.py"]
    return [f for f in files if "__pycache__" not in f.parts]


def tool(name: str) -> str:
    """``lupdate`` or ``lrelease`` as shipped with PySide6."""
    import PySide6

    for candidate in (Path(sys.executable).parent / f"pyside6-{name}",
                      Path(PySide6.__file__).parent / name,
                      shutil.which(f"pyside6-{name}")):
        if candidate and Path(candidate).exists():
            return str(candidate)
    raise FileNotFoundError(f"pyside6-{name} not found; install PySide6")


def lupdate(ts: Path, lang: str) -> None:
    files = [str(f.relative_to(ROOT)) for f in source_files()]
    subprocess.run([tool("lupdate"), *files, "-no-obsolete", "-locations", "relative",
                    "-source-language", SOURCE_LANGUAGE, "-target-language", lang,
                    "-ts", str(ts)], cwd=ROOT, check=True, capture_output=True, text=True)


def lrelease(ts: Path, qm: Path) -> None:
    subprocess.run([tool("lrelease"), "-silent", str(ts), "-qm", str(qm)], check=True,
                   capture_output=True, text=True)


def messages(ts: Path) -> dict[tuple[str, str], str | None]:
    """(context, source) → translation, None when unfinished or empty."""
    import xml.etree.ElementTree as ET

    found = {}
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            element = message.find("translation")
            done = (element is not None and element.get("type") not in ("unfinished", "vanished",
                                                                          "obsolete")
                    and (element.text or "").strip())
            found[(name, message.findtext("source") or "")] = element.text if done else None
    return found


def problems(lang: str) -> list[str]:
    """What is wrong with ``lang``'s translations: strings in the code missing from the .ts,
    untranslated strings, a .qm that does not match its .ts."""
    ts, qm = ts_path(lang), qm_path(lang)
    found = []
    with tempfile.TemporaryDirectory() as tmp:
        fresh = Path(tmp) / ts.name
        shutil.copy(ts, fresh)
        lupdate(fresh, lang)
        current, updated = messages(ts), messages(fresh)
        found += [f"not in {ts.name}: [{c}] {s!r}" for c, s in sorted(set(updated) - set(current))]
        found += [f"no longer in the code: [{c}] {s!r}"
                  for c, s in sorted(set(current) - set(updated))]
        found += [f"untranslated: [{c}] {s!r}" for (c, s), t in sorted(current.items())
                  if t is None]
        built = Path(tmp) / qm.name
        lrelease(ts, built)
        if not qm.exists() or qm.read_bytes() != built.read_bytes():
            found.append(f"{qm.name} is out of date: run python -m ui.i18n update")
    return found


def update() -> None:
    for lang in LANGUAGES:
        if lang != SOURCE_LANGUAGE:
            lupdate(ts_path(lang), lang)
            lrelease(ts_path(lang), I18N_DIR / qm_path(lang).name)


def main(argv: list[str] | None = None) -> int:
    command = (argv if argv is not None else sys.argv[1:]) or ["update"]
    if command[0] == "update":
        update()
    report = [p for lang in LANGUAGES if lang != SOURCE_LANGUAGE for p in problems(lang)]
    for line in report:
        print(line)
    return 1 if report else 0


if __name__ == "__main__":
    sys.exit(main())
