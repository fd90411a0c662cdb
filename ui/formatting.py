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

from simulator.text import localise_number
from ui import i18n


def tr(text: str) -> str:
    return QCoreApplication.translate("", text)  # lupdate files bare tr() under ""


def number(value: float, lang: str | None = None) -> str:
    """A figure for a projector: about three significant digits, a dash for "no value yet",
    a true minus sign (a hyphen is easy to miss from the back of a room), and the number
    format of ``lang`` (default: the language texts are made in): 0.50 and 1,000 in English,
    0,50 and 1.000 in Spanish."""
    return localise(_english_number(value), lang)


def localise(text: str, lang: str | None = None) -> str:
    """A number written the English way (``f"{x:g}"``, ``f"{n:,}"``) in ``lang``'s format
    (its catalogue's separators)."""
    return localise_number(text, lang or i18n.active_language())


def count(n: int, one: str, many: str, **fields: Any) -> str:
    """``n`` things with the noun in the right number: ``count(1, tr("{n} round"),
    tr("{n} rounds"))`` is "1 round" (English and Spanish both have one singular form);
    ``fields`` fill the text's other placeholders."""
    return (one if n == 1 else many).format(n=number(n), **fields)


def row(values, lang: str | None = None) -> list[str]:
    """Figures that are read side by side (one per group) in one precision: the one the
    largest needs, and none when all are whole numbers (counts: "19" and "1", not "19.0"
    and "1.00"), so a row never mixes "30.0" with "1.00"."""
    finite = [v for v in values if v is not None and math.isfinite(v)]
    if finite and all(float(v).is_integer() for v in finite):
        decimals = 0
    else:
        decimals = _decimals(max((abs(v) for v in finite), default=0.0))
    return [localise(_english_number(v, decimals), lang) for v in values]


def _decimals(magnitude: float) -> int:
    """About three significant digits for a projector."""
    return 0 if magnitude >= 100 else 1 if magnitude >= 10 else 2


def _english_number(value: float, decimals: int | None = None) -> str:
    if isinstance(value, numbers.Integral):
        text = f"{value:,}"
    elif value is None or not math.isfinite(value):
        return "–"
    else:
        places = _decimals(abs(value)) if decimals is None else decimals
        text = f"{value:,.{places}f}"
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
    return f"{number(value, lang)} {unit}".strip()


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
    """Who changed a parameter (user, guide, audit, counterfactual), in the language in
    force."""
    return {"user": tr("user"), "guide": tr("guide"), "audit": tr("audit"),
            "counterfactual": tr("counterfactual")}.get(who, who)
