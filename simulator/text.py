"""Texts in every installed language: a language is a set of files, not code.

The model's own words (the kinds' labels, help and units, the command line's) are written once,
in English, as ``T("Selection rate")``; each other language is a catalogue file,
``simulator/locale/<code>.toml``, that maps those English texts to its own and says how it
writes numbers::

    [language]
    name = "Español"      # the language named in itself, for menus
    decimal = ","         # decimal separator (the thousands separator is the other one)

    [texts]
    "Selection rate" = "Tasa de selección"

Texts that come from a scenario file carry their own translations (``{ en = "...", es =
"..." }``, any installed language's key). Either way :meth:`Text.get` falls back to English
where a language lacks a text, and :func:`gaps` lists what a language lacks (``bias-loop
validate --lang xx`` warns about them). The GUI's own strings are Qt's (``assets/i18n``);
:data:`LANGUAGES` is every language with a catalogue here, English first.

A catalogue in another directory (a language being written, a test's pseudo-locale) is
installed by naming the directory in the ``BIAS_LOOP_LOCALE_PATH`` environment variable, or
with :func:`install`.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

SOURCE = "en"
ENV_PATH = "BIAS_LOOP_LOCALE_PATH"


@dataclass(frozen=True)
class Catalogue:
    """One language: its name in itself, how it writes numbers, and its texts by English."""

    code: str
    name: str
    decimal: str
    texts: dict[str, str]

    @property
    def thousands(self) -> str:
        return "." if self.decimal == "," else ","


_ENGLISH = Catalogue(SOURCE, "English", ".", {})
_CATALOGUES: dict[str, Catalogue] = {SOURCE: _ENGLISH}


def _read(path: Path) -> Catalogue:
    """A catalogue file; a broken one is an error naming the file (it ships with us)."""
    with path.open("rb") as f:
        data = tomllib.load(f)
    head = data.get("language", {})
    texts = data.get("texts", {})
    if not isinstance(texts, dict) or not all(isinstance(v, str) for v in texts.values()):
        raise ValueError(f"{path}: [texts] must map English texts to texts")
    return Catalogue(path.stem, str(head.get("name", path.stem)),
                     str(head.get("decimal", ".")), dict(texts))


def install(directory: Path | str) -> list[str]:
    """Install every ``<code>.toml`` catalogue in ``directory``; returns their codes."""
    codes = []
    for path in sorted(Path(directory).glob("*.toml")):
        catalogue = _read(path)
        _CATALOGUES[catalogue.code] = catalogue
        codes.append(catalogue.code)
    _refresh()
    return codes


def _refresh() -> None:
    global LANGUAGES
    LANGUAGES = (SOURCE, *sorted(c for c in _CATALOGUES if c != SOURCE))


def catalogue(lang: str) -> Catalogue:
    """The installed catalogue of ``lang`` (English for a language not installed)."""
    return _CATALOGUES.get(lang, _ENGLISH)


def language_names() -> dict[str, str]:
    """Each installed language's code and its name in itself, English first."""
    return {code: _CATALOGUES[code].name for code in LANGUAGES}


@dataclass(frozen=True)
class Text:
    """A user-visible string: its English, and the translations it came with (a scenario
    file's); other languages come from their catalogues, and English where they lack it."""

    en: str
    translations: tuple[tuple[str, str], ...] = ()

    def get(self, lang: str = SOURCE) -> str:
        own = self.own(lang)
        if own is not None:
            return own
        return catalogue(lang).texts.get(self.en, self.en)

    def own(self, lang: str) -> str | None:
        """The text in ``lang`` as given with it, if it was."""
        if lang == SOURCE:
            return self.en
        return next((text for code, text in self.translations if code == lang), None)

    def has(self, lang: str) -> bool:
        """Whether ``lang`` has this text (its own, or in the catalogue)."""
        return self.own(lang) is not None or self.en in catalogue(lang).texts or not self.en

    def __str__(self) -> str:
        return self.en

    def to_data(self) -> dict[str, str]:
        return {SOURCE: self.en, **dict(self.translations)}

    @classmethod
    def of(cls, values: dict[str, str]) -> Text:
        """A text from a ``{ en = "...", xx = "..." }`` table (English required)."""
        return cls(values[SOURCE], tuple((k, v) for k, v in values.items() if k != SOURCE))

    @classmethod
    def same(cls, value: str) -> Text:
        """One text for every installed language (a scenario file's plain string)."""
        return cls(value, tuple((code, value) for code in LANGUAGES if code != SOURCE))


def T(en: str) -> Text:
    """A text of ours, written in English; its translations are in the catalogues."""
    return Text(en)


def gaps(texts, lang: str) -> list[str]:
    """The English of each of ``texts`` that ``lang`` lacks (in order, each once)."""
    missing = dict.fromkeys(t.en for t in texts if not t.has(lang))
    return list(missing)


def number_format(lang: str) -> tuple[str, str]:
    """(decimal separator, thousands separator) of ``lang``."""
    c = catalogue(lang)
    return c.decimal, c.thousands


def localise_number(text: str, lang: str) -> str:
    """A number written the English way (``0.5``, ``1,000``) in ``lang``'s format."""
    decimal, thousands = number_format(lang)
    if decimal == ".":
        return text
    return text.translate(str.maketrans({".": decimal, ",": thousands}))


LANGUAGES: tuple[str, ...] = (SOURCE,)
install(Path(str(resources.files("simulator") / "locale")))
for _directory in filter(None, os.environ.get(ENV_PATH, "").split(os.pathsep)):
    install(_directory)
