"""What the loop diagram shows, worked out from the kind's arrow declarations alone.

For each arrow: its label, the live figures it declares (one row per metric, one column per
group, plus the gap between a metric and its truth when both are on the arrow, e.g. perceived
vs true repayment rate) and a badge for every bias, lever or setting that acts there and is
switched on. Kept apart from the drawing so the rules are tested without painting.

Badges are for what the loop diagram is about, the biases and their remedies: parameters of
the bias, mitigation and audit stages. "Switched on" is read off the schema, not off names: a
switch that is on, or a value that differs from the kind's default (a label bias above 0, a
data window set).
"""

from __future__ import annotations

import fnmatch
import functools
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from ui import formatting

LEVER, BIAS, SETTING = "lever", "bias", "setting"
BADGE_STAGES = ("bias", "mitigation", "audit")
SHORT_LABEL = 12  # characters a column heading may take: "minoritario", "Segundo"


@dataclass(frozen=True)
class FigureRow:
    label: str
    values: tuple[tuple[int | None, str], ...]  # (group colour index or None, text)
    metric: str = ""  # the metric's name; "" for a derived row (the gap to the truth)


@dataclass(frozen=True)
class Badge:
    key: str
    text: str
    kind: str  # LEVER, BIAS or SETTING


@dataclass(frozen=True)
class ArrowView:
    source: str
    target: str
    label: str
    figures: tuple[FigureRow, ...]
    badges: tuple[Badge, ...]
    keys: tuple[str, ...]  # every parameter acting at the arrow, for a click to focus
    flow: tuple[float, ...] = ()  # each group's share of what flows here (sums to 1), or ()

    @property
    def headline(self) -> FigureRow | None:
        """The figure drawn on the arrow itself: its first."""
        return self.figures[0] if self.figures else None

    def row_for(self, metric: str | None) -> FigureRow | None:
        """The row of ``metric`` on this arrow, if it shows it."""
        return next((r for r in self.figures if metric and r.metric == metric), None)


def cycle_order(arrows) -> list[str]:
    """The stages in the order the arrows go round, starting where the first arrow starts."""
    following = {a.source: a.target for a in arrows}
    order = [arrows[0].source]
    while following.get(order[-1]) not in (None, order[0]) and len(order) <= len(arrows):
        order.append(following[order[-1]])
    return order


def expand_keys(patterns, schema) -> list[str]:
    """Arrow parameter names to schema keys (``groups.*.label_bias`` → one per group)."""
    return list(_expanded(tuple(patterns), tuple(schema.keys())))


@functools.lru_cache(maxsize=256)
def _expanded(patterns: tuple[str, ...], keys: tuple[str, ...]) -> tuple[str, ...]:
    """Remembered: the diagram asks again for every arrow at every refresh (5 a second while
    a run plays), and matching every pattern against every key was half a refresh's time."""
    out: list[str] = []
    for pattern in patterns:
        out += [k for k in keys if fnmatch.fnmatchcase(k, pattern) and k not in out]
    return tuple(out)


def is_active(param, value: Any) -> bool:
    if param.type == "bool":
        return bool(value)
    return value != param.spec.default


def badge_kind(param) -> str:
    if param.lever:
        return LEVER
    return BIAS if param.stage == "bias" else SETTING


def arrow_views(scenario, arrows, metrics: Mapping[str, Any], value: Callable[[str], Any],
                last: Mapping[str, float], lang: str, gap_label: str) -> list[ArrowView]:
    """The content of every arrow, given the parameter values in force and the last
    recorded metric values."""
    groups = scenario.group_ids
    schema = scenario.schema
    views = []
    for arrow in arrows:
        keys = expand_keys(arrow.params, schema)
        badges = []
        for key in keys:
            param, current = schema.get(key), value(key)
            if param.stage in BADGE_STAGES and is_active(param, current):
                text = formatting.param_label(param, scenario, lang)
                if param.type != "bool":
                    text += f": {formatting.param_value(param, current, lang)}"
                badges.append(Badge(key, text, badge_kind(param)))
        rows, gaps = [], []  # a gap reads best after both the metric and its truth
        for name in arrow.figures:
            metric = metrics.get(name)
            if metric is None:
                continue
            rows.append(FigureRow(metric.label.get(lang), _values(metric, name, groups, last),
                                  name))
            truth = metrics.get(metric.truth) if metric.truth in arrow.figures else None
            if truth is not None and metric.per_group:
                gaps.append(FigureRow(gap_label, tuple(enumerate(_signed_row(
                    [last.get(f"{name}_{g}", math.nan) - last.get(f"{truth.name}_{g}", math.nan)
                     for g in groups])))))
        views.append(ArrowView(arrow.source, arrow.target, arrow.label.get(lang),
                               tuple(rows + gaps), tuple(badges), tuple(keys),
                               _flow(arrow, metrics, groups, last)))
    return views


def _flow(arrow, metrics, groups, last) -> tuple[float, ...]:
    """Each group's part of what flows along the arrow (its declared ``flow`` metric,
    normalised to shares), or () when the arrow declares none or it is not yet known."""
    metric = metrics.get(arrow.flow) if arrow.flow else None
    if metric is None or not metric.per_group:
        return ()
    values = [last.get(f"{metric.name}_{g}", math.nan) for g in groups]
    total = sum(values)
    if all(math.isfinite(v) and v >= 0 for v in values) and total > 0:
        return tuple(v / total for v in values)
    return ()


def _values(metric, name, groups, last) -> tuple[tuple[int | None, str], ...]:
    if metric.per_group:
        shown = formatting.row([last.get(f"{name}_{g}", math.nan) for g in groups])
        return tuple(enumerate(shown))
    return ((None, formatting.number(last.get(name, math.nan))),)


def _signed_row(gaps: list[float]) -> list[str]:
    """Gaps with their sign (± for none), one precision for the row."""
    shown = formatting.row([abs(x) for x in gaps])
    return ["–" if not math.isfinite(x) else ("+" if x > 0 else "−" if x < 0 else "±") + text
            for x, text in zip(gaps, shown, strict=True)]


def short_labels(labels: list[str], limit: int = SHORT_LABEL) -> list[str]:
    """Column headings for the groups: the labels if they are short, else the words that tell
    them apart ("Dialecto estándar" → "Estándar", "Estilo común" / "Segundo estilo" → "Común" /
    "Segundo"), else their first or last words ("Group A" → "A", "Minority dialect" →
    "Minority"), else the labels cut short. Headings are cut only as the last resort: a cut
    one ("Dialecto …") no longer says which group a column is."""
    if all(len(label) <= limit for label in labels):
        return labels
    split = [label.split() for label in labels]
    shared = set.intersection(*({w.casefold() for w in words} for words in split))
    picks = (lambda words: " ".join(w for w in words if w.casefold() not in shared),
             lambda words: words[0], lambda words: words[-1])
    for pick in picks:
        short = [_capitalised(pick(words)) if words else label
                 for words, label in zip(split, labels, strict=True)]
        if (all(short) and len(set(short)) == len(short)
                and all(len(s) <= limit for s in short)):
            return short
    return [label if len(label) <= limit else label[: limit - 1] + "…" for label in labels]


def _capitalised(text: str) -> str:
    """A heading starts with a capital even when its word did not ("estándar")."""
    return text[:1].upper() + text[1:]


def stage_keys(stage: str, arrows, schema) -> list[str]:
    """The parameters a click on a stage brings up: those of the arrows leading into it
    (what shapes it) and those the schema files under the stage's own name."""
    keys = expand_keys([p for a in arrows if a.target == stage for p in a.params], schema)
    return keys + [p.key for p in schema if p.stage == stage and p.key not in keys]
