"""The Info pane: the scenario's narrative, after NetLogo's Info tab.

What it is, how it works, how to use it, things to notice, things to try, references: the
sections a scenario file writes, each under a heading, in the current language.
"""

from __future__ import annotations

import html

from PySide6.QtWidgets import QTextBrowser

from ui.theme import Theme


class InfoPane(QTextBrowser):
    def __init__(self, theme: Theme, lang: str = "en", parent=None):
        super().__init__(parent)
        self.theme = theme
        self.lang = lang
        self.setOpenExternalLinks(True)

    def headings(self) -> dict[str, str]:
        return {"what": self.tr("What it is"), "how": self.tr("How it works"),
                "use": self.tr("How to use it"), "notice": self.tr("Things to notice"),
                "try": self.tr("Things to try"), "references": self.tr("References")}

    def show_scenario(self, scenario) -> None:
        lang, theme = self.lang, self.theme
        self.setAccessibleName(self.tr("Scenario information"))
        parts = [f"<h2>{html.escape(scenario.title.get(lang))}</h2>",
                 f'<p style="color:{theme.muted}"><i>{html.escape(scenario.summary.get(lang))}'
                 "</i></p>"]
        for key, heading in self.headings().items():
            text = scenario.info.get(key)
            if text is not None and text.get(lang):
                parts.append(f"<h3>{html.escape(heading)}</h3>"
                             f"<p>{html.escape(text.get(lang))}</p>")
        self.setHtml(f'<div style="font-size:{theme.css_px(theme.base_px + 1)}">'
                     f"{''.join(parts)}</div>")
