"""The one-page report (PDF): title, scenario summary, what happened in numbers, the key charts
(vector), every parameter (changes from the scenario's values highlighted) and the event log.

Text is laid out with QTextDocument (HTML), charts are an export figure drawn straight into the
page, so the whole page stays vector. The page is A4; when the parameter table and the log
would not fit, their type gets smaller (down to a floor) and the charts give up height first.
The narrative is generated from the kind's metric declarations alone (no kind is named here):
for a metric compared with a truth, the gap per group; for other per-group metrics, each
group's value; for whole-population ones, the value; each from the start to the end, and
around each lever change (averages over a few rounds, so one noisy round does not mislead).
"""

from __future__ import annotations

import math
from dataclasses import replace
from html import escape
from pathlib import Path

import numpy as np
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QRectF, QSizeF
from PySide6.QtGui import QColor, QPainter, QTextDocument

from simulator.atomic import atomic_open
from ui import formatting
from ui.export.figure import Figure, FigureRequest, FigureSource, changed_params, paint_figure, tr
from ui.export.formats import PDF_DPI, SOFTWARE, pdf_writer

MARGIN = 36  # px at 96 dpi: about 9.5 mm
KEY_CHARTS = 4
CHART_SCALE = 0.8  # chart type on paper, relative to the screen
MIN_CHART_HEIGHT = 400
TABLE_PX = (8.5, 6.5)  # type of the parameter table and log: preferred, smallest
PARAM_COLUMNS = 3
MAX_EVENTS = 14


def _window(n: int) -> int:
    return max(1, min(10, n // 10))


def _mean(values: np.ndarray) -> float:
    finite = values[np.isfinite(values)]
    return float(finite.mean()) if len(finite) else math.nan


def _fmt(value: float, signed: bool = False) -> str:
    text = formatting.number(value)
    if signed and math.isfinite(value) and value > 0:
        text = "+" + text
    return text


def narrative(source: FigureSource) -> list[str]:
    """Short sentences of what happened in numbers: start → end, and around each lever."""
    scenario, run, lang = source.scenario, source.run, source.lang
    recorder = run.recorder
    n = len(recorder)
    if n == 0:
        return [tr("The run has not started: no rounds were played.")]
    w = _window(n)
    metrics = {m.name: m for m in scenario.metrics()}
    plots = {p.id: p for p in scenario.plots()}
    names: list[str] = []
    for pid in source.plot_ids:
        for name in plots[pid].metrics:
            if name in metrics and name not in names:
                names.append(name)
    truths = {metrics[n_].truth for n_ in names if metrics[n_].truth}
    groups = scenario.group_ids

    def label(g: str) -> str:
        return scenario.group_label(g, lang)

    def series(name: str, g: str | None, lo: int, hi: int) -> float:
        m = metrics[name]
        col = f"{name}_{g}" if g is not None else name
        values = recorder.series(col)[lo:hi]
        if m.truth and m.truth in metrics:
            tcol = f"{m.truth}_{g}" if g is not None else m.truth
            values = values - recorder.series(tcol)[lo:hi]
        return _mean(values)

    def describe(name: str, lo: tuple[int, int], hi: tuple[int, int]) -> str:
        m = metrics[name]
        what = m.label.get(lang)
        if m.truth and m.truth in metrics:
            what = tr("{what} minus {truth}").format(what=what,
                                                     truth=metrics[m.truth].label.get(lang))
        signed = bool(m.truth)
        if m.per_group:
            parts = [tr("{group} {a} → {b}").format(
                group=label(g), a=_fmt(series(name, g, *lo), signed),
                b=_fmt(series(name, g, *hi), signed)) for g in groups]
            return f"{what}: " + ", ".join(parts)
        return f"{what}: {_fmt(series(name, None, *lo), signed)} → " \
               f"{_fmt(series(name, None, *hi), signed)}"

    first, last = (0, w), (n - w, n)
    unit = scenario.round_unit.get(lang)
    lines = [tr("From the first {w} to the last {w} of {n} rounds (unit: {unit}; averages over "
                "{w} rounds):").format(w=formatting.number(w), n=formatting.number(n),
                                       unit=unit)]
    shown = [name for name in names if name not in truths]
    lines += [describe(name, first, last) + "." for name in shown if metrics[name].per_group]
    whole = [describe(name, first, last) for name in shown if not metrics[name].per_group]
    if whole:
        lines.append("; ".join(whole) + ".")
    levers = [e for e in run.events if e.who != "audit"]
    ends = [e.round - 1 for e in levers[1:]] + [n] if levers else []
    key = [name for name in shown if metrics[name].truth] or shown[:1]
    for event, end in zip(levers, ends, strict=True):
        start = event.round - 1
        before = (max(0, start - w), max(start, 1))
        after = (max(start, end - w), end)
        what, value = formatting.event_parts(event, scenario, lang)
        effect = "; ".join(describe(name, before, after) for name in key[:2])
        lines.append(tr("Round {round}: {what} {value} ({who}). Before it and at the end of its "
                        "span: {effect}.").format(round=event.round, what=what, value=value,
                                                 who=formatting.who_label(event.who),
                                                 effect=effect))
    audits = sum(1 for e in run.events if e.who == "audit")
    if audits:
        lines.append(formatting.count(audits, tr("The audit changed something once."),
                                      tr("The audit changed something {n} times.")))
    for late in run.manifest().get("guide_off_schedule", ()):
        lines.append(tr("Guide step {step} was applied off schedule: due at {unit} {due}, "
                        "applied at {unit} {applied}.").format(
            step=late["step"], unit=unit, due=formatting.number(late["due"]),
            applied=formatting.number(late["applied"])))
    return lines


def _param_table(source: FigureSource, px: float, tint: str) -> str:
    scenario, lang = source.scenario, source.lang
    defaults = scenario.schema.resolve(scenario.params)
    cells = []
    for key, value in source.run.manifest()["params"].items():
        if key not in scenario.schema:
            continue
        param = scenario.schema.get(key)
        name = escape(formatting.param_label(param, scenario, lang))
        shown = escape(formatting.param_value(param, value, lang))
        if key in defaults and defaults[key] != value:
            default = escape(formatting.param_value(param, defaults[key], lang))
            default_word = tr("default")
            cells.append(f'<td style="background:{tint}"><b>{name}</b></td>'
                         f'<td style="background:{tint}"><b>{shown}</b> '
                         f'<span style="color:#5F6368">({default_word} {default})</span></td>')
        else:
            cells.append(f"<td>{name}</td><td>{shown}</td>")
    rows = -(-len(cells) // PARAM_COLUMNS)
    html = [f'<table cellspacing="0" cellpadding="1" width="100%" style="font-size:{px}px">']
    for r in range(rows):
        row = [cells[c * rows + r] if c * rows + r < len(cells) else "<td></td><td></td>"
               for c in range(PARAM_COLUMNS)]
        html.append("<tr>" + '<td width="8"></td>'.join(row) + "</tr>")
    html.append("</table>")
    return "".join(html)


def _event_table(source: FigureSource, px: float) -> str:
    scenario, lang, events = source.scenario, source.lang, source.run.events
    if not events:
        nothing = tr("No parameter changed during the run.")
        return f'<p style="font-size:{px}px">{nothing}</p>'
    rows = []
    for event in list(events)[:MAX_EVENTS]:
        what, value = formatting.event_parts(event, scenario, lang)
        rows.append(f"<tr><td>{event.round}</td><td>{escape(what)}</td><td>{escape(value)}"
                    f"</td><td>{escape(formatting.who_label(event.who))}</td></tr>")
    more = len(events) - MAX_EVENTS
    if more > 0:
        more_text = tr("… and {n} more (all in the manifest)").format(n=more)
        rows.append(f'<tr><td colspan="4">{more_text}</td></tr>')
    columns = (tr("Round"), tr("Change"), tr("New value"), tr("By"))
    head = "<tr>" + "".join(f"<th align=left>{c}</th>" for c in columns) + "</tr>"
    return (f'<table cellspacing="0" cellpadding="2" style="font-size:{px}px">{head}'
            + "".join(rows) + "</table>")


def _document(html: str, width: float, family: str) -> QTextDocument:
    doc = QTextDocument()
    doc.setDocumentMargin(0)
    font = doc.defaultFont()
    font.setFamily(family)
    doc.setDefaultFont(font)
    doc.setHtml(html)
    doc.setTextWidth(width)
    return doc


def report_bytes(source: FigureSource) -> bytes:
    scenario, lang, theme = source.scenario, source.lang, source.theme
    manifest = source.run.manifest()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = pdf_writer(buffer, source, None)
    page = writer.pageLayout().paintRectPixels(PDF_DPI)
    width, height = page.width() - 2 * MARGIN, page.height() - 2 * MARGIN
    family = theme.font_family
    changed = changed_params(source)
    levers = [e for e in source.run.events if e.who != "audit"]
    subtitle = formatting.count(
        manifest["rounds"],
        tr("Seed {seed} · {n} round ({unit}) · changed from the start: {p} · lever changes "
           "during the run: {l} · {software}"),
        tr("Seed {seed} · {n} rounds ({unit}) · changed from the start: {p} · lever changes "
           "during the run: {l} · {software}"),
        seed=manifest["seed"], unit=scenario.round_unit.get(lang), p=len(changed),
        l=len(levers), software=SOFTWARE)
    what_happened = tr("What happened")
    params_title = tr("Parameters at the start")
    log_title = tr("Event log")
    story = "".join(f"<li>{escape(line)}</li>" for line in narrative(source)[1:])
    top = _document(
        f'<p style="font-size:20px; font-weight:bold; margin:0">'
        f"{escape(scenario.title.get(lang))}</p>"
        f'<p style="font-size:10px; color:{theme.muted}; margin-top:2px">{escape(subtitle)}</p>'
        f'<p style="font-size:11px">{escape(scenario.summary.get(lang))}</p>'
        f'<p style="font-size:11px; font-weight:bold; margin-bottom:0">{what_happened}</p>'
        f'<p style="font-size:10px; margin:0">{escape(narrative(source)[0])}</p>'
        f'<ul style="font-size:10px; margin-top:0">{story}</ul>', width, family)

    note = tr("highlighted: changed from the scenario; changes during the run are in the "
              "event log")

    def bottom_doc(px: float) -> QTextDocument:
        return _document(
            f'<p style="font-size:11px; font-weight:bold">{params_title} '
            f'<span style="font-weight:normal; font-size:{px}px; color:{theme.muted}">'
            f"({note})</span></p>"
            f"{_param_table(source, px, theme.lever_tint)}"
            f'<p style="font-size:11px; font-weight:bold">{log_title}</p>'
            f"{_event_table(source, px)}", width, family)

    px = TABLE_PX[0]
    bottom = bottom_doc(px)
    gap = 10
    while (height - top.size().height() - bottom.size().height() - 2 * gap < MIN_CHART_HEIGHT
           and px > TABLE_PX[1]):
        px = max(TABLE_PX[1], px - 0.5)
        bottom = bottom_doc(px)
    chart_height = max(120, height - top.size().height() - bottom.size().height() - 2 * gap)
    ids = list(source.plot_ids)[:KEY_CHARTS]
    chart_source = replace(source, plot_ids=ids, x_max=float(max(len(source.run.recorder), 1)),
                           theme=replace(theme, scale=theme.scale * CHART_SCALE))
    figure = Figure(chart_source, FigureRequest("dashboard", size=(int(width),
                                                                   int(chart_height))))
    try:
        painter = QPainter(writer)
        painter.setRenderHints(QPainter.RenderHint.Antialiasing
                               | QPainter.RenderHint.TextAntialiasing)
        painter.fillRect(QRectF(page.adjusted(-page.x(), -page.y(), 0, 0)),
                         QColor(theme.background))
        painter.translate(QPointF(MARGIN, MARGIN))
        top.drawContents(painter, QRectF(QPointF(0, 0), QSizeF(width, top.size().height())))
        painter.translate(0, top.size().height() + gap)
        paint_figure(figure, painter)
        painter.translate(0, figure.height() + gap)
        bottom.drawContents(painter)
        painter.end()
    finally:
        figure.dispose()
    buffer.close()
    return bytes(data.data())


def write_report(source: FigureSource, path: str | Path) -> Path:
    """The one-page PDF report of the run, written atomically."""
    target = Path(path)
    data = report_bytes(source)
    with atomic_open(target, "wb") as handle:
        handle.write(data)
    return target
