"""The Info pane: the scenario's narrative, after NetLogo's Info tab.

What it is, how it works, how to use it, things to notice, things to try, references: the
sections a scenario file writes, each under a heading, in the current language; then the
scenario's paper settings, each with the paper and figure it reproduces and its expected
results (Scenario › Paper settings runs one).
"""

from __future__ import annotations

import html

from PySide6.QtWidgets import QTextBrowser

from simulator.claims import column_label
from ui.formatting import number
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
        if scenario.presets:
            parts.append(f"<h3>{html.escape(self.tr('Paper settings'))}</h3>")
            parts += [self._preset(scenario, p) for p in scenario.presets]
        self.setHtml(f'<div style="font-size:{theme.css_px(theme.base_px + 1)}">'
                     f"{''.join(parts)}</div>")

    def _preset(self, scenario, preset) -> str:
        """A paper setting: its title, the paper and figure, what it shows, what it expects."""
        lang = self.lang
        expected = "; ".join(
            self.tr("{metric}, {statistic}: {value} ± {tolerance}").format(
                metric=column_label(scenario, e.metric, lang),
                statistic=e.statistic_text(lang), value=number(e.value, lang),
                tolerance=number(e.tolerance, lang))
            for e in preset.expect)
        over = self.tr("Expected over {n} seeds").format(n=preset.replications or 1)
        return (f"<p><b>{html.escape(preset.title.get(lang))}</b><br/>"
                f'<span style="color:{self.theme.muted}">{html.escape(preset.paper)}</span><br/>'
                f"{html.escape(preset.description.get(lang))}<br/>"
                f"{html.escape(over)}: {html.escape(expected)}</p>")
