"""The one-page report (PDF): title, scenario summary, what happened in numbers, the key charts
(vector), every parameter (changes from the scenario's values highlighted) and the event log.

Text is laid out with QTextDocument (HTML), charts are an export figure drawn straight into the
page, so the whole page stays vector. The page is A4; when the parameter table and the log
would not fit, their type gets smaller (down to a floor) and the charts give up height first.
The narrative is generated from the kind's metric declarations alone (no kind is named here):
for a metric compared with a truth, the gap per group; for other per-group metrics, each
group's value; for whole-population ones, the value; each from the start to the end, and
around each lever change (averages over a few rounds, so one noisy round does not mislead);
then each question the guide asked the room, with its votes and its answer.

The event log is the run's governance record: who changed what and why. Every change made by a
person, the guide (with its step) or a counterfactual is listed one by one; the audits'
verdicts, which can come every round, are told per kind of verdict (how many, over which
rounds, the figures found), so they never push a person's change off the page.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, replace
from html import escape
from pathlib import Path

import numpy as np
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QRectF, QSizeF
from PySide6.QtGui import QColor, QPainter, QTextDocument

from simulator.atomic import atomic_open
from simulator.predictions import letter
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
    if len(source.run.recorder) == 0:
        return [tr("The run has not started: no rounds were played.")]
    story = _Narrator(source)
    return story.overview() + story.levers() + story.predictions() + story.asides()


class _Narrator:
    """The report's sentences about one run: what its charts' metrics did from the first
    rounds to the last (:meth:`overview`), around each lever change (:meth:`levers`), and
    what else happened to the run (:meth:`asides`). A metric with a truth is told as its gap
    to the truth; every figure is a mean over ``w`` rounds, not one noisy round."""

    def __init__(self, source: FigureSource):
        self.scenario, self.run, self.lang = source.scenario, source.run, source.lang
        self.n = len(self.run.recorder)
        self.w = _window(self.n)
        self.metrics = {m.name: m for m in self.scenario.metrics()}
        plots = {p.id: p for p in self.scenario.plots()}
        names = list(dict.fromkeys(name for pid in source.plot_ids
                                   for name in plots[pid].metrics if name in self.metrics))
        truths = {self.metrics[name].truth for name in names if self.metrics[name].truth}
        self.shown = [name for name in names if name not in truths]
        self.unit = self.scenario.round_unit.get(self.lang)

    def series(self, name: str, g: str | None, lo: int, hi: int) -> float:
        """The mean of a metric (minus its truth, if it has one) over rounds [lo, hi)."""
        m, recorder = self.metrics[name], self.run.recorder
        values = recorder.series(f"{name}_{g}" if g is not None else name)[lo:hi]
        if m.truth and m.truth in self.metrics:
            truth = recorder.series(f"{m.truth}_{g}" if g is not None else m.truth)[lo:hi]
            values = values - truth
        return _mean(values)

    def describe(self, name: str, lo: tuple[int, int], hi: tuple[int, int]) -> str:
        """A metric from one span of rounds to another, per group if it has groups."""
        m, lang = self.metrics[name], self.lang
        what = m.label.get(lang)
        if m.truth and m.truth in self.metrics:
            what = tr("{what} minus {truth}").format(
                what=what, truth=self.metrics[m.truth].label.get(lang))
        signed = bool(m.truth)
        if m.per_group:
            parts = [tr("{group} {a} → {b}").format(
                group=self.scenario.group_label(g, lang), a=_fmt(self.series(name, g, *lo),
                                                                 signed),
                b=_fmt(self.series(name, g, *hi), signed)) for g in self.scenario.group_ids]
            return f"{what}: " + ", ".join(parts)
        return f"{what}: {_fmt(self.series(name, None, *lo), signed)} → " \
               f"{_fmt(self.series(name, None, *hi), signed)}"

    def overview(self) -> list[str]:
        n, w = self.n, self.w
        first, last = (0, w), (n - w, n)
        lines = [tr("From the first {w} to the last {w} of {n} rounds (unit: {unit}; averages "
                    "over {w} rounds):").format(w=formatting.number(w), n=formatting.number(n),
                                                unit=self.unit)]
        grouped = [name for name in self.shown if self.metrics[name].per_group]
        lines += [self.describe(name, first, last) + "." for name in grouped]
        whole = [self.describe(name, first, last) for name in self.shown
                 if not self.metrics[name].per_group]
        if whole:
            lines.append("; ".join(whole) + ".")
        return lines

    def levers(self) -> list[str]:
        """Each lever change: its key metrics before it and at the end of its span (until
        the next change or the end of the run)."""
        levers = [e for e in self.run.events if e.who != "audit"]
        ends = [e.round - 1 for e in levers[1:]] + [self.n]
        key = [name for name in self.shown if self.metrics[name].truth] or self.shown[:1]
        lines = []
        for event, end in zip(levers, ends[:len(levers)], strict=True):
            start = event.round - 1
            before = (max(0, start - self.w), max(start, 1))
            after = (max(start, end - self.w), end)
            what, value = formatting.event_parts(event, self.scenario, self.lang)
            effect = "; ".join(self.describe(name, before, after) for name in key[:2])
            lines.append(tr("Round {round}: {what} {value} ({who}). Before it and at the end of "
                            "its span: {effect}.").format(round=event.round, what=what,
                                                          value=value,
                                                          who=formatting.who_label(event.who),
                                                          effect=effect))
        return lines

    def predictions(self) -> list[str]:
        """Each question the room was asked: the question, its votes and the answer, with the
        number that decided it (measured again in the run, which a reopened run file plays
        to the same numbers)."""
        lines = []
        guide = self.scenario.guide
        for record in self.run.manifest().get("predictions", ()):
            index = record["step"] - 1
            prediction = guide[index].prediction if index < len(guide) else None
            if prediction is None:  # a run file of another version of the scenario
                lines.append(tr("Question of guide step {step}: “{ask}”.").format(
                    step=record["step"], ask=record["ask"]))
                continue
            choices = [f"{letter(i)}. {c.text.get(self.lang)}"
                       for i, c in enumerate(prediction.choices)]
            votes = record["votes"]
            if votes:
                tally = ", ".join(f"{choice} {formatting.number(n)}"
                                  for choice, n in zip(choices, votes, strict=False))
                said = tr("Votes: {tally}.").format(tally=tally)
            else:
                said = tr("Choices: {choices} (votes not counted).").format(
                    choices=", ".join(choices))
            right = record["answer"] - 1
            if 0 <= right < len(choices):
                verdict = prediction.choices[right].claim.evaluate(self.run.recorder,
                                                                   record["asked"])
                number = "" if verdict is None else " \u2014 " + verdict.sentence(
                    self.scenario, self.lang)
                answer = tr("Answer: {choice}{number}.").format(choice=choices[right],
                                                                number=number)
            else:
                answer = tr("Answer: no single choice held in this run.")
            lines.append(tr("Question at {unit} {round} (guide step {step}): “{ask}” "
                            "{votes} {answer}").format(
                unit=self.unit, round=formatting.number(record["asked"]), step=record["step"],
                ask=prediction.ask.get(self.lang), votes=said, answer=answer))
        return lines

    def asides(self) -> list[str]:
        """The audits' verdicts, and guide steps applied off schedule."""
        lines = [verdict.sentence() for verdict in verdicts(self.run.events, self.scenario,
                                                            self.lang)]
        for late in self.run.manifest().get("guide_off_schedule", ()):
            lines.append(tr("Guide step {step} was applied off schedule: due at {unit} {due}, "
                            "applied at {unit} {applied}.").format(
                step=late["step"], unit=self.unit, due=formatting.number(late["due"]),
                applied=formatting.number(late["applied"])))
        return lines


@dataclass
class Verdicts:
    """One kind of audit verdict over a run: how many, from which round to which, and the
    smallest and largest figure the audit found."""

    what: str
    rounds: list[int]
    found: list[float]

    def span(self) -> str:
        first, last = self.rounds[0], self.rounds[-1]
        return str(first) if first == last else f"{first}–{last}"

    def figures(self) -> str:
        if not self.found:
            return "—"
        lo, hi = min(self.found), max(self.found)
        return _fmt(lo) if lo == hi else f"{_fmt(lo)}–{_fmt(hi)}"

    def sentence(self) -> str:
        n = len(self.rounds)
        return formatting.count(
            n, tr("{what}: once, in round {span}, finding {found}."),
            tr("{what}: {n} times, in rounds {span}, finding {found}."),
            what=self.what, span=self.span(), found=self.figures())


def verdicts(events, scenario, lang: str) -> list[Verdicts]:
    """The audits' verdicts of a log, one entry per kind of verdict, in the order they first
    came."""
    grouped: dict[str, Verdicts] = defaultdict(lambda: Verdicts("", [], []))
    for event in events:
        if event.who != "audit":
            continue
        entry = grouped[event.key]
        entry.what = formatting.event_parts(event, scenario, lang)[0]
        entry.rounds.append(event.round)
        if isinstance(event.old, int | float) and not isinstance(event.old, bool):
            entry.found.append(float(event.old))
    return list(grouped.values())


def guide_step(event, scenario) -> int | None:
    """The guide step (1-based) that made a guide change: the one due that round that sets
    the key to that value, else the last earlier one that does (applied off schedule)."""
    steps = [(i + 1, step) for i, step in enumerate(scenario.guide)
             if step.set.get(event.key, object()) == event.new]
    due = [i for i, step in steps if step.round + 1 == event.round]
    earlier = [i for i, step in steps if step.round + 1 < event.round]
    return (due or earlier or [None])[-1]


def who_made(event, scenario) -> str:
    """Who made a change, with the guide's step when the guide made it."""
    who = formatting.who_label(event.who)
    step = guide_step(event, scenario) if event.who == "guide" else None
    return who if step is None else tr("{who} (step {step})").format(who=who, step=step)


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
    """The governance record: each change (by whom, the guide with its step), then each kind
    of audit verdict in one row."""
    scenario, lang, events = source.scenario, source.lang, source.run.events
    if not events:
        nothing = tr("No parameter changed during the run.")
        return f'<p style="font-size:{px}px">{nothing}</p>'
    changes = [e for e in events if e.who != "audit"]
    rows = []
    for event in changes[:MAX_EVENTS]:
        what, value = formatting.event_parts(event, scenario, lang)
        rows.append(f"<tr><td>{event.round}</td><td>{escape(what)}</td><td>{escape(value)}"
                    f"</td><td>{escape(who_made(event, scenario))}</td></tr>")
    more = len(changes) - MAX_EVENTS
    if more > 0:
        more_text = tr("… and {n} more (all in the manifest)").format(n=more)
        rows.append(f'<tr><td colspan="4">{more_text}</td></tr>')
    for verdict in verdicts(events, scenario, lang):
        found = formatting.count(len(verdict.rounds), tr("once, finding {found}"),
                                 tr("{n} times, finding {found}"), found=verdict.figures())
        rows.append(f"<tr><td>{verdict.span()}</td><td>{escape(verdict.what)}</td>"
                    f"<td>{escape(found)}</td><td>{escape(formatting.who_label('audit'))}"
                    "</td></tr>")
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
