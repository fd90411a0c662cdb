"""What a chart of the dashboard draws, decided from the kind's declarations alone.

Kept apart from the widgets so the rules are tested without painting (and an export can use
them too):

* colour means group (the Okabe–Ito colour of the group's position); a chart of several
  whole-population metrics colours by metric instead;
* line style means role: a truth line (a metric another one is compared with) is dashed; in a
  chart with a truth line every other curve is solid ("belief solid, truth dashed"); in a chart
  of one metric the style also changes per group, so groups differ without colour too;
* a metric whose ``truth`` is not in the chart gets its truth curves added;
* the legend is factored: one entry per group and one per metric instead of one per curve, so
  it stays one or two short rows that sit above the plot, never over the data.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

#: ``style`` values: an index into the theme's series styles, or TRUTH.
TRUTH = -1
#: ``colour`` value for curves and legend samples drawn in the foreground colour.
NEUTRAL = None


@dataclass(frozen=True)
class Curve:
    column: str
    metric: str
    group: str | None
    colour: int | None
    style: int


@dataclass(frozen=True)
class LegendEntry:
    text: str
    colour: int | None
    style: int


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
    legend_row: int = 1  # entries that belong on one legend row (the groups, when factored)


def chart_layout(plot, metrics: dict, groups: Sequence[str], group_label: Callable[[str], str],
                 lang: str) -> ChartLayout:
    """The curves, legend and axes of ``plot`` (a PlotSpec) for these groups."""
    names = list(plot.metrics)
    for name in plot.metrics:
        truth = metrics[name].truth
        if truth and truth not in names and truth in metrics:
            names.append(truth)
    specs = [metrics[n] for n in names]
    truths = {m.truth for m in specs if m.truth}
    has_truth = bool(truths & set(names))
    per_group = [m for m in specs if m.per_group]
    whole = [m for m in specs if not m.per_group]
    plain = [m for m in specs if m.name not in truths]  # non-truth metrics, in order

    def style(metric, group_index: int) -> int:
        if metric.name in truths:
            return TRUTH
        if has_truth:
            return 0
        if len(specs) == 1:
            return group_index
        return plain.index(metric)

    curves: list[Curve] = []
    for m in specs:
        if m.per_group:
            curves += [Curve(f"{m.name}_{g}", m.name, g, i, style(m, i))
                       for i, g in enumerate(groups)]
        else:
            colour = whole.index(m) if not per_group else len(groups)
            curves.append(Curve(m.name, m.name, None, colour, style(m, 0)))

    legend: list[LegendEntry] = []
    legend_row = len(groups) if per_group and len(specs) > 1 else len(specs)
    if len(specs) == 1:
        if per_group and len(groups) > 1:
            legend = [LegendEntry(group_label(c.group), c.colour, c.style)
                      for c in curves]
    else:
        if per_group:
            legend += [LegendEntry(group_label(g), i, 0) for i, g in enumerate(groups)]
            legend += [LegendEntry(m.label.get(lang), NEUTRAL, style(m, 0)) for m in per_group]
        legend += [LegendEntry(m.label.get(lang), c.colour, c.style)
                   for m in whole for c in curves if c.metric == m.name]

    references = tuple(sorted({r for m in specs for r in m.reference}))
    ranges = [m.y_range for m in specs]
    y_range = None
    if all(ranges):
        y_range = (min(r[0] for r in ranges), max(r[1] for r in ranges))
    units = list(dict.fromkeys(m.unit.get(lang) for m in specs if m.unit.get(lang)))
    help_text = "\n".join(f"{m.label.get(lang)}: {m.help.get(lang)}"
                          for m in specs if m.help.get(lang))
    return ChartLayout(plot.id, plot.title.get(lang), " / ".join(units), tuple(curves),
                       tuple(legend), references, y_range, help_text, legend_row)
