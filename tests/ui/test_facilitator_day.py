"""A facilitator's day without surprises: what went wrong when the app was tried the way a
workshop uses it (an export for another room, Undo, Spanish on a projector, a guide played out
of order); crash recovery is in test_recovery."""

from __future__ import annotations

import re
import tomllib

import pytest
from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QLabel, QWidget

from ui import i18n
from ui.export.figure import FigureRequest
from ui.parameters.param_panel import ParamRow


def run_bar_texts(window) -> list[str]:
    bar = window.run_bar
    return [bar.speed_caption.text(), bar.seed_caption.text(), bar.speed_label.text(),
            window.actions.run.text(), window.menuBar().actions()[0].text()]


@pytest.mark.slow
def test_a_spanish_export_leaves_the_english_window_english(window, tmp_path, qtbot):
    """Qt delivers language changes from its event loop, and an export runs that loop while
    it draws: what arrives then must not translate the window into the export's language."""
    i18n.set_language("en")
    qtbot.wait(20)
    window.session.play(5)
    english = run_bar_texts(window)
    assert english[:2] == ["Speed", "Seed"]
    for fmt in ("png", "svg", "pdf"):
        QCoreApplication.postEvent(window, QEvent(QEvent.Type.LanguageChange))
        assert window.exporter.export_to(tmp_path / f"slide.{fmt}",
                                         FigureRequest("dashboard"), fmt, "es")
        qtbot.wait(20)
        assert run_bar_texts(window) == english, fmt
    QCoreApplication.postEvent(window, QEvent(QEvent.Type.LanguageChange))
    assert window.exporter.report_to(tmp_path / "report.pdf", "es")
    qtbot.wait(20)
    assert run_bar_texts(window) == english
    labels = " ".join(label.text() for label in window.findChildren(QLabel))
    assert "Velocidad" not in labels and "Semilla" not in labels


def test_after_undo_the_status_bar_no_longer_claims_the_change(window):
    window.session.play(5)
    window.change_param("mitigation.label_audit", 0.5)
    status = window.statusBar()
    assert status.currentMessage() == "Label audit → 0.50 share from the next round"
    window.undo()
    assert status.currentMessage() == "Undone: Label audit back to 0.00 share from the next round"
    assert window.session.value("mitigation.label_audit") == 0.0
    window.undo()
    assert status.currentMessage() == "Nothing to undo"


def test_numbers_read_the_way_each_language_writes_them(qapp):
    """English 0.50 and 1,000; Spanish 0,50 and 1.000, in the window and in exports alike;
    a count of one takes the singular."""
    from ui import formatting

    with i18n.override("en"):
        assert [formatting.number(0.5), formatting.number(1000)] == ["0.50", "1,000"]
        assert formatting.count(1, "{n} round", "{n} rounds") == "1 round"
        assert formatting.count(1000, "{n} round", "{n} rounds") == "1,000 rounds"
    with i18n.override("es"):
        assert [formatting.number(0.5), formatting.number(1000)] == ["0,50", "1.000"]
        assert formatting.number(-1234.5) == "−1.234"
        assert formatting.count(1, "{n} ronda", "{n} rondas") == "1 ronda"
        assert formatting.count(1000, "{n} persona", "{n} personas") == "1.000 personas"


@pytest.mark.slow
def test_a_spanish_window_writes_spanish_numbers(make_window, qtbot):
    from PySide6.QtWidgets import QAbstractSpinBox

    i18n.set_language("es")
    try:
        window = make_window("lending")
        window.session.play(3)
        assert window.run_bar.counter.text() == "Mes 3"
        window.run_bar.show_round(1000, "mes")
        assert window.run_bar.counter.text() == "Mes 1.000"
        spins = [box.text() for box in window.params.findChildren(QAbstractSpinBox)
                 if "." in box.text() or "," in box.text()]
        assert spins and all("," in text and "." not in text for text in spins), spins
        window.choose_language("en")
        spins = [box.text() for box in window.params.findChildren(QAbstractSpinBox)
                 if "." in box.text() or "," in box.text()]
        assert spins and all("." in text and "," not in text for text in spins), spins
    finally:
        i18n.set_language("en")


def test_the_policing_diagram_gives_each_row_one_precision(make_window):
    """Counts of incidents read "19" and "1" (whole numbers), shares "0.91" and "0.09": never
    "19.0" beside "1.00" in one row."""
    window = make_window("policing")
    window.session.play(120)
    window.diagram.rebuild()
    rows = [row for view in window.diagram.views for row in view.figures]
    by_label = {row.label: [text for _, text in row.values] for row in rows}
    for counts in ("Discovered incidents", "Reported incidents"):
        assert all(text.isdigit() for text in by_label[counts]), by_label[counts]
    shares = by_label["Share of the records"]
    assert all(len(text) == 4 and text.startswith("0.") for text in shares), shares
    for row in rows:
        decimals = {len(text.partition(".")[2]) for _, text in row.values}
        assert len(decimals) == 1, row


def pull_every_lever(window) -> None:
    """Every lever changed mid-run, so every row shows "from the next round"."""
    session = window.session
    session.play(5)
    for param in session.scenario.schema:
        if not param.lever:
            continue
        if param.type == "bool":
            window.change_param(param.key, not session.value(param.key))
        elif param.type in ("int", "float"):
            window.change_param(param.key, param.max)


def clipped(panel) -> list[str]:
    """Widgets of the parameter panel that reach past its visible width, and labels (the
    lever badge) narrower than their text."""
    viewport = panel.scroll.viewport()
    found = []
    for widget in panel.findChildren(QWidget):
        if not widget.isVisibleTo(panel) or not viewport.isAncestorOf(widget):
            continue
        right = widget.mapTo(viewport, widget.rect().topRight()).x()
        text = getattr(widget, "text", lambda: "")()
        if right > viewport.width():
            found.append(f"{type(widget).__name__} {text!r} reaches {right} of "
                         f"{viewport.width()} px")
        elif (isinstance(widget, QLabel) and not widget.wordWrap()
              and widget.width() < widget.sizeHint().width()):
            found.append(f"label {text!r} is {widget.width()} of {widget.sizeHint().width()} px")
    return found


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize("name", ["lending", "moderation"])
def test_pending_levers_clip_no_control_in_any_language_or_zoom(make_window, qtbot, name,
                                                                lang):
    i18n.set_language(lang)
    try:
        window = make_window(name)
        window.resize(1280, 720)
        pull_every_lever(window)
        panel = window.params
        notes = [row.pending for row in panel.findChildren(ParamRow)
                 if row.pending.isVisibleTo(panel)]
        assert notes and {n.text() for n in notes} == {
            {"en": "from the next round", "es": "desde la próxima ronda"}[lang]}
        for steps in (0, 4):  # the panel's own zoom, up to its largest
            window.pane_zoom.zoom("params", steps)
            qtbot.wait(20)
            assert clipped(panel) == [], steps
            badges = [b for b in panel.findChildren(QLabel, "leverBadge")
                      if b.isVisibleTo(panel)]
            assert badges and {b.text() for b in badges} == {
                {"en": "LEVER", "es": "PALANCA"}[lang]}
    finally:
        i18n.set_language("en")


def next_step(window, qtbot) -> None:
    """Press Next step (Page Down) and wait for the step to be performed."""
    session = window.session
    target = session.guide_next
    window.actions.next_step.trigger()
    qtbot.waitUntil(lambda: session.guide_shown == target, timeout=20_000)


def test_the_guide_goes_back_exactly(window, qtbot, monkeypatch):
    """Previous step (Page Up) and Go to step… set the run up again and replay the guide to
    that step: the same numbers and the same event log as when it was first reached."""
    import numpy as np
    from PySide6.QtWidgets import QInputDialog

    session = window.session
    steps = session.guide_steps
    assert len(steps) >= 4
    for _ in range(3):
        next_step(window, qtbot)
    at_step_3 = (session.sim.round, session.sim.recorder.table().copy(),
                 list(session.sim.events))
    next_step(window, qtbot)
    window.change_param("mitigation.reweighing", True)  # a change by hand, after step 4
    session.play(7)
    window.actions.previous_step.trigger()
    assert session.guide_shown == 2 and session.guide_next == 3
    assert session.sim.round == at_step_3[0] == steps[2].round
    assert np.array_equal(session.sim.recorder.table(), at_step_3[1], equal_nan=True)
    assert session.sim.events == at_step_3[2]
    assert window.guide_bar.step_label.text().startswith(f"Step 3 of {len(steps)}")
    offered = []

    def choose(parent, title, label, items, current, editable):
        offered.append((items, current))
        return items[2], True  # "Step 2 · month …"

    monkeypatch.setattr(QInputDialog, "getItem", choose)
    window.actions.go_to_step.trigger()
    items, current = offered[0]
    assert items[0] == "Start (before step 1)" and current == 3
    assert items[2].startswith(f"Step 2 · month {steps[1].round}: ")
    assert (session.guide_shown, session.sim.round) == (1, steps[1].round)
    window.actions.previous_step.trigger()
    window.actions.previous_step.trigger()  # back to the start: round 0, nothing shown
    assert (session.guide_shown, session.sim.round, session.guide_next) == (None, 0, 0)
    assert not window.actions.previous_step.isEnabled()


def test_a_step_pressed_late_says_so_and_is_on_the_record(window, qtbot, tmp_path):
    """Next pressed after the run passed the step's round: the step is applied now, the
    guide bar says it is late, and the CSV manifest, the run file and the report record it."""
    import io

    from simulator.csvio import write_csv
    from simulator.saved_run import open_run
    from ui.export.report import narrative

    session = window.session
    steps = session.guide_steps
    late_index = next(i for i, step in enumerate(steps) if step.set)
    session.go_to_guide_step(late_index - 1)
    due = steps[late_index].round
    session.play(due + 15 - session.sim.round)
    next_step(window, qtbot)
    label = window.guide_bar.step_label.text()
    assert f"late: due at month {due}, applied now, at month {due + 15}" in label
    record = [{"step": late_index + 1, "due": due, "applied": due + 15}]
    assert session.sim.guide_off_schedule == record
    session.play(1)  # its changes are in force from the next round, like any lever's
    assert {e.round for e in session.sim.events if e.who == "guide"} >= {due + 16}
    out = io.StringIO()
    write_csv(out, [session.sim])
    assert (f"# guide step off schedule {{ step = {late_index + 1}, due = {due}, "
            f"applied = {due + 15} }}\n") in out.getvalue()
    path = tmp_path / "late.toml"
    session.save_run(str(path))
    assert tomllib.loads(path.read_text(encoding="utf-8"))["guide_off_schedule"] == record
    assert open_run(path).guide_off_schedule == record
    text = " ".join(narrative(window.exporter.source()))
    assert (f"Guide step {late_index + 1} was applied off schedule: due at month {due}, "
            f"applied at month {due + 15}.") in text
    session.go_to_guide_step(late_index)  # replayed on schedule: nothing late any more
    assert session.sim.guide_off_schedule == []
    assert "late" not in window.guide_bar.step_label.text()


def test_a_one_round_export_and_a_spanish_report_read_right(window):
    """"1 round (month)" in the caption of a run one round long; the Spanish report writes
    its figures with decimal commas."""
    from ui.export.figure import caption_text
    from ui.export.report import narrative

    window.session.play(1)
    assert "1 round (month)" in caption_text(window.exporter.source())
    window.session.play(29)
    assert "30 rounds (month)" in caption_text(window.exporter.source())
    with i18n.override("es"):
        spanish = " ".join(narrative(window.exporter.source("es")))
        assert "30 rondas (mes)" in caption_text(window.exporter.source("es"))
    assert re.search(r"\d,\d\d", spanish), spanish  # 0,50
    assert not re.search(r"\d\.\d{1,2}\b", spanish), spanish  # never 0.50
