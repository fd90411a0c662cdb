"""The loop diagram is the picture of the loop, readable from the back of the room.

It cuts no text: every stage title, figure, column heading, note and badge fits its box, and
no stage or figure covers another, in every bundled scenario, in English and Spanish, at the
window's default size and in presentation mode. Presenting on a 1920×1080 projector, its
figures are drawn at least 20 px tall and 1.2 × the charts' axis numbers, and no label wraps
inside a word. Widths are measured with QFontMetricsF in the fonts the items draw with."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QFontMetricsF

from simulator import bundled_names, load_scenario
from ui import i18n
from ui.diagram.diagram_model import short_labels
from ui.diagram.loop_diagram import BADGE_FLAGS, BADGE_PADDING, LoopDiagram, StageNode
from ui.session import Session
from ui.theme import Theme

#: The diagram's share of the default window (1600×1000), and of a 1920×1080 projector in
#: presentation mode: what the main window's splitter and docks leave it (presenting, the
#: guide's caption takes up to five lines of the height in Spanish).
SIZES = {False: (480, 820), True: (500, 640)}
SLACK = 0.5  # pixels of rounding a measured text may exceed its box by


def texts_that_do_not_fit(diagram: LoopDiagram) -> list[str]:
    theme = diagram.theme
    bad = []
    title_font = QFontMetricsF(StageNode.font_for(theme))
    for node in diagram.nodes:
        lines = node.shown.split("\n")
        widest = max(title_font.horizontalAdvance(t) for t in lines)
        if (widest > node.rect.width() - 2 * theme.px(4)
                or title_font.lineSpacing() * len(lines) > node.rect.height() + SLACK):
            bad.append(f"stage {node.title!r}")
    drawing = diagram.scene().sceneRect()
    for tag in diagram.tags:
        metrics = QFontMetricsF(tag.font)
        if len(tag.widths) != len(tag.values) or any(
                metrics.horizontalAdvance(text) > width + SLACK
                for (_, text), width in zip(tag.values, tag.widths, strict=True)):
            bad.append(f"figure {tag.number} {tag.values!r}")
        if tag.rect.width() < tag.size()[0] - SLACK:
            bad.append(f"figure {tag.number} box")
    stations = [n.mapRectToScene(n.rect) for n in diagram.nodes] + [
        t.sceneBoundingRect() for t in diagram.tags]
    for item in stations:
        if not drawing.contains(item):
            bad.append(f"off the drawing {item}")
    for i, a in enumerate(stations):  # no stage box or figure covers another
        for b in stations[i + 1:]:
            if a.adjusted(2, 2, -2, -2).intersects(b.adjusted(2, 2, -2, -2)):
                bad.append(f"overlap {a} {b}")
    for note in diagram.notes:
        if not note.isVisible():
            continue
        room = note.text.textWidth()
        if note.text.document().size().width() > room + SLACK:  # a table or word runs out
            bad.append(f"note {note.text.toPlainText()[:40]!r}")
        if not drawing.contains(note.sceneBoundingRect()):
            bad.append(f"note off the drawing {note.text.toPlainText()[:40]!r}")
        for badge in note.badges:
            needed = QFontMetricsF(badge.font).boundingRect(
                QRectF(0, 0, badge.rect.width() - BADGE_PADDING, 1000), BADGE_FLAGS, badge.text)
            if (needed.width() > badge.rect.width() - BADGE_PADDING + SLACK
                    or badge.pos().x() + badge.rect.width() > room + SLACK):
                bad.append(f"badge {badge.text!r}")
    return bad


@pytest.mark.parametrize("presenting", [False, True], ids=["default", "presentation"])
@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize("name", bundled_names())
def test_no_label_of_the_loop_diagram_is_cut(qtbot, name, lang, presenting):
    i18n.set_language(lang)
    try:
        session = Session(load_scenario(name))
        session.play(60)  # figures with their final number of digits, badges switched on
        diagram = LoopDiagram(session, Theme.light().presented(presenting), lang)
        qtbot.addWidget(diagram)
        diagram.resize(*SIZES[presenting])
        diagram.show()
        qtbot.waitExposed(diagram)
        diagram.rebuild()
        assert diagram.notes and texts_that_do_not_fit(diagram) == []
        if presenting:
            assert_figures_read_from_the_back(diagram)
    finally:
        i18n.set_language("en")


def assert_figures_read_from_the_back(diagram: LoopDiagram) -> None:
    """On screen (after any scaling of the drawing), the figures and stage names are at
    least 20 px and 1.2 × the charts' axis numbers, and a stage name is broken, if at all,
    between its words."""
    theme = diagram.theme
    zoom = diagram.transform().m11()
    least = max(20.0, 1.2 * theme.font(theme.tick_px).pixelSize())
    fonts = [tag.font for tag in diagram.tags] + [StageNode.font_for(theme)] + [
        note.text.font() for note in diagram.notes if note.isVisible()]
    shown = [f.pixelSize() * zoom for f in fonts]
    assert min(shown) >= least, (min(shown), least)
    for node in diagram.nodes:
        assert node.shown.replace("\n", " ") == node.title and node.shown.count("\n") <= 1


@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize("name", bundled_names())
def test_group_headings_name_their_group(name, lang):
    """A heading is a word of its group's label, never one cut short ("Dialecto …")."""
    scenario = load_scenario(name)
    labels = [scenario.group_label(g, lang) for g in scenario.group_ids]
    headings = short_labels(labels)
    assert len(set(headings)) == len(headings)
    for heading, label in zip(headings, labels, strict=True):
        assert "…" not in heading and heading.casefold() in label.casefold()


def test_headings_keep_the_words_that_tell_groups_apart():
    assert short_labels(["Dialecto estándar", "Dialecto minoritario"]) == [
        "Estándar", "Minoritario"]
    assert short_labels(["Estilo común", "Segundo estilo", "Estilo minoritario"]) == [
        "Común", "Segundo", "Minoritario"]



def laid_out(qtbot, scenario_id: str, rounds: int):
    """A session of ``scenario_id`` played ``rounds`` rounds and its diagram, shown and laid
    out at the window's size."""
    session = Session(load_scenario(scenario_id))
    session.play(rounds)
    diagram = LoopDiagram(session, Theme.light(), "en")
    qtbot.addWidget(diagram)
    diagram.resize(*SIZES[False])
    diagram.show()
    diagram.rebuild()
    return session, diagram

def test_strips_show_each_groups_share_of_what_flows(qtbot):
    """Policing's records arrow: the strips are as wide as North's and South's shares of the
    recorded incidents, and the band of an arrow no figure tells (lending's decisions) is
    one neutral band."""
    session, diagram = laid_out(qtbot, "policing", 200)
    view = next(v for v in diagram.views if v.source == "model" and v.target == "decisions")
    last = session.sim.recorder.last()
    north, south = last["allocation_share_north"], last["allocation_share_south"]
    assert view.flow == pytest.approx((north / (north + south), south / (north + south)))
    strips = diagram.strips[diagram.views.index(view)]
    # Strip widths across the band, measured where the band is straight enough: its middle.
    areas = [_area(item.polygon()) for item in strips]
    assert areas[0] / sum(areas) == pytest.approx(view.flow[0], abs=0.03)

    lending, other = laid_out(qtbot, "lending", 10)
    i = next(i for i, v in enumerate(other.views) if v.source == "model")
    assert other.views[i].flow == ()
    assert other.strips[i][0].brush().color().name() == QColor(Theme.light().muted).name()
    assert other.strips[i][1].polygon().isEmpty()


def _area(polygon) -> float:
    points = [(p.x(), p.y()) for p in polygon]
    return abs(sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1)
                   in zip(points, points[1:] + points[:1], strict=True))) / 2


def test_a_new_round_repaints_without_a_layout(qtbot, monkeypatch):
    """Cheap to redraw: once laid out, rounds that change only the figures' values move
    nothing (no layout per frame)."""
    session, diagram = laid_out(qtbot, "lending", 50)
    layouts = []
    monkeypatch.setattr(diagram, "_layout", lambda: layouts.append(1))
    for _ in range(5):
        session.play(1)
        diagram.refresh()
    assert len(layouts) <= 1  # at most one, for a figure that grew a digit


def test_figures_that_did_not_change_are_not_repainted(qtbot):
    """A refresh that brings the same figures (the notes say the same for many rounds, a
    tag's numbers often too) lays nothing out and paints nothing; new figures are painted."""
    from PySide6.QtCore import QEvent, QObject

    session, diagram = laid_out(qtbot, "lending", 50)
    qtbot.waitExposed(diagram)
    paints = []

    class Paints(QObject):
        def eventFilter(self, watched, event):
            if event.type() == QEvent.Type.Paint:
                paints.append(event.region().boundingRect())
            return False

    probe = Paints()
    diagram.viewport().installEventFilter(probe)
    qtbot.wait(50)
    paints.clear()
    revisions = [note.text.document().revision() for note in diagram.notes]
    diagram.refresh()  # nothing new
    qtbot.wait(50)
    assert paints == []
    assert [note.text.document().revision() for note in diagram.notes] == revisions
    session.play(30)
    diagram.refresh()
    qtbot.waitUntil(lambda: len(paints) > 0, timeout=1000)


@pytest.mark.slow
def test_reduce_motion_stops_the_pulse_and_is_remembered(make_window, tmp_path, qtbot):
    from PySide6.QtCore import QSettings

    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = make_window("lending", settings)
    diagram = window.diagram
    window.session.set_speed(20)
    window.session.run()
    assert all(dot.isVisible() for dot in diagram.dots)
    assert window.actions.reduce_motion in window._menus["view"].actions()
    window.actions.reduce_motion.trigger()  # View > Reduce motion
    assert not any(dot.isVisible() for dot in diagram.dots)
    assert not diagram._pulse_timer.isActive() and window.session.running
    window.session.pause()
    window.close()
    again = make_window("lending", settings)
    assert again.actions.reduce_motion.isChecked() and again.diagram.reduced_motion
    again.session.run()
    assert not any(dot.isVisible() for dot in again.diagram.dots)
    again.session.pause()


def test_a_headline_figure_takes_its_arrows_place_ringed(qtbot):
    """A scenario's headline (here lending's true repayment rate, second on its arrow) is
    the figure drawn on the ring, ringed; switching it off brings the first figure back."""
    session, diagram = laid_out(qtbot, "lending", 40)
    i = next(i for i, v in enumerate(diagram.views) if "true_rate" in
             [r.metric for r in v.figures])
    first = diagram.tags[i].values
    diagram.set_headline("true_rate")
    tag = diagram.tags[i]
    assert tag.highlighted and tag.values == diagram.views[i].row_for("true_rate").values
    assert tag.values != first
    assert not any(t.highlighted for k, t in enumerate(diagram.tags) if k != i)
    assert texts_that_do_not_fit(diagram) == []
    diagram.set_headline(None)
    assert not tag.highlighted and tag.values == first


@pytest.mark.slow
@pytest.mark.parametrize("name", bundled_names())
def test_the_diagram_rings_the_scenarios_headline(make_window, name):
    """The headline gap is shown first on the dashboard, and in the diagram: its metric is
    ringed on the arrow that shows it."""
    from ui.main_window import headline_metric

    window = make_window(name)
    metric = headline_metric(window.session.scenario)
    assert metric is not None and window.diagram.headline == metric
    assert any(metric in arrow.figures for arrow in window.session.scenario.diagram())
