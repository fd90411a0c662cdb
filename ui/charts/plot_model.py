"""What a chart of the dashboard draws, decided from the kind's declarations alone.

Kept apart from the widgets so the rules are tested without painting (and an export can use
them too). The rules are the app's visual grammar (``docs/visual-grammar.md``), the same on
screen, in every export and in the report:

* colour means group (the Okabe–Ito colour of the group's position); series that are not a
  group's (a whole-population figure: utility, reliance, a fairness gap) take a neutral tone,
  never a group colour;
* line style means *role*, one meaning per style: solid is what happens, dashed is the truth
  it should match, dotted is a second measure of the same groups in one chart (the
  false-positive rate beside the true-positive rate); comparison runs and the replication band
  are roles too (:data:`COMPARISON_ROLES`), drawn by the chart beside the live curves;
* a metric whose ``truth`` is not in the chart gets its truth curves added;
* legends name each group once and each role once (not one entry per curve): the groups and
  the comparison roles are the same on every chart, so they are named once, in a strip above
  the charts (:mod:`ui.legend_strip`); a chart's own legend names only what its line styles
  or tones mean there (belief solid, truth dashed), a row above its plot, never over the data.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

#: Roles of the live run's curves.
LIVE, TRUTH, SECOND = "live", "truth", "second"
#: Roles of what the live run is compared with: a pinned baseline, the counterfactual without
#: levers, the 10–90 % band (and mean) of replications.
BASELINE, COUNTERFACTUAL, BAND = "baseline", "counterfactual", "band"
COMPARISON_ROLES = (BASELINE, COUNTERFACTUAL, BAND)
#: ``colour`` value of a series that is not a group's: drawn in a neutral tone.
NEUTRAL = None


@dataclass(frozen=True)
class Curve:
    column: str
    metric: str
    group: str | None
    colour: int | None  # the group's position, or NEUTRAL
    role: str
    tone: int = 0  # which neutral tone, for a NEUTRAL colour


@dataclass(frozen=True)
class LegendEntry:
    text: str
    colour: int | None
    role: str
    tone: int = 0


@dataclass(frozen=True)
class ChartLayout:
    id: str
    title: str
    unit: str
    curves: tuple[Curve, ...]
    legend: tuple[LegendEntry, ...]
    references: tuple[float, ...]
    y_range: tuple[float, float] | None
    help: str = ""
    groups: tuple[LegendEntry, ...] = ()  # the groups it colours, for the strip above the charts


def distinct_parts(labels: Sequence[str]) -> list[str]:
    """Each label without the words all of them share at their start or end ("Demographic
    parity difference", "Equal opportunity difference" → "Demographic parity", "Equal
    opportunity"): what a legend too narrow for the whole names shows, the chart's title and
    tooltip giving the rest. The labels as they are when there are fewer than two, or when
    what is left would be alike."""
    words = [label.split() for label in labels]
    if len(words) < 2 or not all(words):
        return list(labels)
    shortest = min(len(w) for w in words)
    head = 0
    while head < shortest - 1 and all(w[head] == words[0][head] for w in words):
        head += 1
    tail = 0
    while tail < shortest - 1 - head and all(w[-1 - tail] == words[0][-1 - tail] for w in words):
        tail += 1
    parts = [" ".join(w[head:len(w) - tail]) for w in words]
    if len(set(parts)) < len(parts):
        return list(labels)
    return [part[:1].upper() + part[1:] if label[:1].isupper() else part
            for part, label in zip(parts, labels, strict=True)]


def chart_layout(plot, metrics: dict, groups: Sequence[str], group_label: Callable[[str], str],
                 lang: str) -> ChartLayout:
    """The curves, legend and axes of ``plot`` (a PlotSpec) for these groups."""
    specs = chart_metrics(plot, metrics)
    roles = _Roles(specs)
    curves: list[Curve] = []
    for m in specs:
        if m.per_group:
            curves += [Curve(f"{m.name}_{g}", m.name, g, i, roles.role(m))
                       for i, g in enumerate(groups)]
        else:
            curves.append(Curve(m.name, m.name, None, NEUTRAL, roles.role(m), roles.tone(m)))
    group_entries: tuple[LegendEntry, ...] = ()
    if any(m.per_group for m in specs) and len(groups) > 1:
        group_entries = tuple(LegendEntry(group_label(g), i, LIVE) for i, g in enumerate(groups))
    legend: tuple[LegendEntry, ...] = ()
    if len(specs) > 1:  # what each line style (or tone) means here: each role once
        legend = tuple(LegendEntry(m.label.get(lang), NEUTRAL, roles.role(m), roles.tone(m))
                       for m in specs)
    units = list(dict.fromkeys(m.unit.get(lang) for m in specs if m.unit.get(lang)))
    help_text = "\n".join(f"{m.label.get(lang)}: {m.help.get(lang)}"
                          for m in specs if m.help.get(lang))
    return ChartLayout(plot.id, plot.title.get(lang), " / ".join(units), tuple(curves), legend,
                       tuple(sorted({r for m in specs for r in m.reference})), _y_range(specs),
                       help_text, group_entries)


def chart_metrics(plot, metrics: dict) -> list:
    """The metrics a chart draws: its own, then the truth of each that has one."""
    names = list(plot.metrics)
    for name in plot.metrics:
        truth = metrics[name].truth
        if truth and truth not in names and truth in metrics:
            names.append(truth)
    return [metrics[n] for n in names]


class _Roles:
    """Which role (line style) and neutral tone each of a chart's metrics takes: a truth is
    dashed, a chart's second per-group measure dotted, the rest solid; whole-population
    series take one neutral tone each, and a truth its measure's."""

    def __init__(self, specs: list):
        self.truths = {m.truth for m in specs if m.truth}
        self.measures = [m for m in specs if m.per_group and m.name not in self.truths]
        self.whole = [m for m in specs if not m.per_group and m.name not in self.truths]

    def role(self, metric) -> str:
        if metric.name in self.truths:
            return TRUTH
        if metric.per_group and self.measures.index(metric) > 0:
            return SECOND
        return LIVE

    def tone(self, metric) -> int:
        if metric.name in self.truths:
            metric = next((m for m in self.whole if m.truth == metric.name), metric)
        return self.whole.index(metric) if metric in self.whole else 0


def _y_range(specs: list) -> tuple[float, float] | None:
    """The span of the metrics' declared ranges, if every one declares one."""
    ranges = [m.y_range for m in specs]
    if not all(ranges):
        return None
    return min(r[0] for r in ranges), max(r[1] for r in ranges)
