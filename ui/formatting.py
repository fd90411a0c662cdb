"""How numbers, parameter values and log events read on screen.

One module so the parameter panel, the plot markers and the loop diagram say the same thing in
the same words. Labels come from the scenario's bilingual texts in the language asked for; the
few words of our own go through Qt's translation system.
"""

from __future__ import annotations

import math
import numbers
from typing import Any

from PySide6.QtCore import QCoreApplication


def tr(text: str) -> str:
    return QCoreApplication.translate("", text)  # lupdate files bare tr() under ""


def number(value: float) -> str:
    """A figure for a projector: about three significant digits, a dash for "no value yet",
    and a true minus sign (a hyphen is easy to miss from the back of a room)."""
    if isinstance(value, numbers.Integral):
        text = f"{value:,}"
    elif value is None or not math.isfinite(value):
        return "–"
    elif abs(value) >= 100:
        text = f"{value:,.0f}"
    elif abs(value) >= 10:
        text = f"{value:.1f}"
    else:
        text = f"{value:.2f}"
    if not text.startswith("-"):
        return text
    if text.strip("-0.,") == "":
        return text[1:]  # "-0.00" reads as a direction that is not there
    return MINUS + text[1:]


MINUS = "\u2212"


def param_value(param, value: Any, lang: str, with_unit: bool = True) -> str:
    """A parameter's value as a user would say it: on/off, a choice's label, a number + unit."""
    if param.type == "bool":
        return tr("on") if value else tr("off")
    if param.type == "choice":
        labels = param.choice_labels
        if labels and value in param.choices:
            return labels[param.choices.index(value)].get(lang)
        return str(value)
    unit = param.unit.get(lang) if with_unit else ""
    return f"{number(value)} {unit}".strip()


def param_label(param, scenario, lang: str) -> str:
    """The parameter's label, with its group for per-group parameters."""
    label = param.label.get(lang)
    if param.group is None:
        return label
    return f"{label} · {scenario.group_label(param.group, lang)}"


def event_parts(event, scenario, lang: str) -> tuple[str, str]:
    """What a log event changed and to what, e.g. ("Label audit", "→ 0.50"): short, as it is
    written along a marker line, which is only as long as the chart is high."""
    if event.key in scenario.schema:
        param = scenario.schema.get(event.key)
        value = param_value(param, event.new, lang, with_unit=False)
        return param_label(param, scenario, lang), f"→ {value}"
    label = scenario.kind.events().get(event.key)
    if label is not None:
        return label.get(lang), f"({event.old})"
    return event.key, f"→ {event.new}"


def who_label(who: str) -> str:
    """Who changed a parameter (user, guide, audit), in the language in force."""
    return {"user": tr("user"), "guide": tr("guide"), "audit": tr("audit")}.get(who, who)
