"""Bilingual text (English and Spanish) for labels, help, narratives and captions."""

from __future__ import annotations

from dataclasses import dataclass

LANGUAGES = ("en", "es")


@dataclass(frozen=True)
class Text:
    """A user-visible string in every supported language."""

    en: str
    es: str

    def get(self, lang: str = "en") -> str:
        return self.es if lang == "es" else self.en

    def __str__(self) -> str:
        return self.en

    def to_data(self) -> dict[str, str]:
        return {"en": self.en, "es": self.es}


def T(en: str, es: str) -> Text:
    """Shorthand used by the kinds' parameter and metric declarations."""
    return Text(en, es)
