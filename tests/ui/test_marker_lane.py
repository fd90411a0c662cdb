"""Lever-change tags live in a lane above the plot: one tag per round of changes, never over
the curves, never over each other, their full text in the key strip; in every bundled
scenario's guided run, headless (``run --guide --chart``) and in the window, in both
languages."""

from __future__ import annotations

import itertools

import pytest

from bias_loop.cli import main
from simulator import bundled_names, load_scenario
from ui.charts.marker_lane import MAX_TAGS, place_tags


def test_tags_take_the_lowest_free_row_and_text_only_where_it_fits():
    anchors = [100.0, 104.0, 108.0, 300.0, 700.0]
    placed = place_tags(anchors, [20.0] * 5, [150.0] * 5, left=50.0, right=800.0, gap=4.0)
    assert [p.full for p in placed] == [False, False, False, True, False]  # 700+150 > 800
    assert [p.row for p in placed] == [0, 1, 2, 0, 0]
    assert placed[4].left == 700.0  # a tag starts at its mark ...
    edge = place_tags([795.0], [20.0], [150.0], left=50.0, right=800.0, gap=4.0)[0]
    assert edge.left + edge.width <= 800.0  # ... but stays inside the plot's width


def guide_rounds(scenario) -> set[int]:
    return {step.round + 1 for step in scenario.guide if step.set}


def assert_tags_clear(cards, scenario, context) -> None:
    """No tag crosses its plot area or another tag; every card tags the same marks, one per
    round of guide changes (the latest MAX_TAGS), each with all of that round's changes."""
    marks = cards[0].lane.marks
    assert {m.round for m in marks} == guide_rounds(scenario), context
    assert len({m.number for m in marks}) == len(marks)
    for card in cards:
        assert [m.text for m in card.lane.marks] == [m.text for m in marks]
        area = card.plot.vb.sceneBoundingRect()
        boxes = card.lane.scene_boxes()
        assert len(boxes) == min(len(marks), MAX_TAGS), (context, card.chart.id)
        for box in boxes:
            overlap = box.intersected(area)
            assert overlap.width() <= 0 or overlap.height() <= 0, (context, card.chart.id)
            assert card.sceneRect().contains(box) or card.scene().sceneRect().contains(box)
        for a, b in itertools.combinations(boxes, 2):
            overlap = a.intersected(b)
            assert overlap.width() <= 0 or overlap.height() <= 0, (context, card.chart.id)


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize("name", bundled_names())
def test_a_guided_chart_from_the_command_line_has_clear_tags(tmp_path, monkeypatch, capsys,
                                                             name, lang):
    import ui.export.formats as formats

    scenario = load_scenario(name)
    checked = []
    paint = formats.paint_figure

    def check_then_paint(figure, painter):
        assert_tags_clear(figure.cards, scenario, (name, lang))
        key = figure.caption.text()
        for mark in figure.cards[0].lane.marks:  # the caption is the key: full texts
            assert mark.text in key.replace("\u00a0", " "), (name, lang)
        checked.append(figure)
        paint(figure, painter)

    monkeypatch.setattr(formats, "paint_figure", check_then_paint)
    path = tmp_path / "guided.svg"
    assert main(["run", name, "--guide", "--chart", str(path), "--lang", lang]) == 0, \
        capsys.readouterr().err
    assert checked and path.stat().st_size > 10_000


def play_guide(session) -> None:
    """The guide's steps, each at its round, then on to the end, as "Next step" would."""
    for step in session.scenario.guide:
        session.play(step.round - session.sim.round)
        for key, value in step.set.items():
            session.set_param(key, value, who="guide")
    session.play(session.scenario.rounds - session.sim.round)


@pytest.mark.slow
@pytest.mark.parametrize("name", bundled_names())
def test_a_guided_run_in_the_window_has_clear_tags_and_a_key(make_window, qtbot, name):
    window = make_window(name)
    play_guide(window.session)
    for lang in ("en", "es"):
        window.set_language(lang)
        window.refresh_views()
        qtbot.wait(30)  # the layout settles (a lane grows a row), as on screen
        cards = window.dashboard.cards
        assert_tags_clear(cards, window.session.scenario, (name, lang))
        key = window.dashboard.key
        assert key.isVisibleTo(window)
        for mark in cards[0].lane.tagged():
            assert mark.text in key.text().replace("\u00a0", " ")
        assert key.geometry().top() >= max(c.geometry().bottom() for c in cards)
