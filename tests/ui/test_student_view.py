"""View › Student view, used as a teacher and a student would: the scenario's few parameters
(larger), the loop diagram and its two headline charts; every parameter one click away;
leaving puts everything back; remembered per scenario across restarts."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication

from simulator import bundled_names
from ui.student_view import STUDENT_SCALE


def visible_rows(window) -> list[str]:
    """The rows a user can see, or scroll to, or open their section to see."""
    sections = window.params.sections
    return [k for k, row in window.params.rows.items()
            if not row.isHidden() and not sections[row.param.stage].isHidden()]


def on_screen(window) -> list[str]:
    """The rows shown without opening anything (their sections open)."""
    sections = window.params.sections
    return [k for k in visible_rows(window) if sections[window.params.rows[k].param.stage]
            .expanded]


def open_sections(window) -> set[str]:
    return {s for s, sec in window.params.sections.items() if sec.expanded}


def charts(window) -> list[str]:
    return [card.chart.id for card in window.dashboard.cards]


def in_panel_order(window, keys) -> list[str]:
    return [k for k in window.params.rows if k in set(keys)]


@pytest.mark.parametrize("name", bundled_names())
def test_student_view_shows_exactly_the_declared_rows_and_charts(make_window, qtbot, name):
    window = make_window(name)
    scenario = window.session.scenario
    params = window.params
    params.sections["world"].set_expanded(True)  # as the teacher left them
    before_sections = open_sections(window)
    before_charts = charts(window)
    assert len(visible_rows(window)) == len(params.rows) > 10
    scale = params.theme.scale
    window.actions.student_view.trigger()
    assert window.actions.student_view.isChecked()
    assert on_screen(window) == visible_rows(window) == in_panel_order(window, scenario.student)
    assert sorted(visible_rows(window)) == sorted(scenario.student)
    assert charts(window) == list(scenario.headline_charts)
    assert window.diagram.isVisible() and window.params_dock.isVisible()
    assert params.theme.scale == pytest.approx(scale * STUDENT_SCALE)  # larger controls
    shown_stages = {params.rows[k].param.stage for k in scenario.student}
    assert {s for s, sec in params.sections.items() if sec.isVisibleTo(params)} == shown_stages
    assert open_sections(window) == shown_stages
    assert all(sec.header.isHidden() for sec in params.sections.values())  # room for rows
    show_all = params.show_all
    assert show_all.isVisibleTo(params)
    assert show_all.text() == f"Show all parameters ({len(params.rows)})"
    qtbot.mouseClick(show_all, Qt.MouseButton.LeftButton)  # one click: every row
    assert visible_rows(window) == list(params.rows)
    assert not any(sec.header.isHidden() for sec in params.sections.values())
    assert show_all.text() == f"Show fewer parameters ({len(scenario.student)})"
    assert charts(window) == list(scenario.headline_charts)  # still the student view
    qtbot.mouseClick(show_all, Qt.MouseButton.LeftButton)
    assert visible_rows(window) == in_panel_order(window, scenario.student)
    window.actions.student_view.trigger()  # leaving restores everything
    assert visible_rows(window) == list(params.rows)
    assert not any(s.isHidden() or s.header.isHidden() for s in params.sections.values())
    assert open_sections(window) == before_sections
    assert charts(window) == before_charts
    assert params.theme.scale == pytest.approx(scale)
    assert not show_all.isVisibleTo(params)


def test_a_lever_pulled_in_the_student_view_moves_the_run(window, qtbot):
    """The rows are the real controls: pulling the exploration lever there sets it for the
    run, as in the full panel."""
    window.actions.student_view.trigger()
    row = window.params.rows["mitigation.exploration"]
    assert row.isVisibleTo(window.params)
    row.control.committed.emit(0.2)
    assert window.session.value("mitigation.exploration") == pytest.approx(0.2)


def test_clicking_a_stage_of_the_diagram_for_a_hidden_parameter_shows_all(window, qtbot):
    window.actions.student_view.trigger()
    window.focus_params(["model.retrain_every"])  # not one of the student's
    assert window.params.show_all.isChecked()
    assert window.params.rows["model.retrain_every"].isVisibleTo(window.params)


def test_remembered_per_scenario_after_a_restart(make_window, tmp_path, qtbot):
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = make_window("lending", settings)
    window.actions.student_view.trigger()
    window.close()
    again = make_window("lending", settings)
    lending = again.session.scenario
    assert again.actions.student_view.isChecked()
    assert visible_rows(again) == in_panel_order(again, lending.student)
    assert charts(again) == list(lending.headline_charts)
    again.open_scenario("hiring")  # never chosen for hiring: the full window
    assert not again.actions.student_view.isChecked()
    assert visible_rows(again) == list(again.params.rows)
    assert charts(again) == list(again.session.scenario.dashboard)
    again.open_scenario("lending")
    assert again.actions.student_view.isChecked()
    assert visible_rows(again) == in_panel_order(again, lending.student)
    again.actions.student_view.trigger()  # off is remembered too
    again.close()
    third = make_window("lending", settings)
    assert not third.actions.student_view.isChecked()
    assert visible_rows(third) == list(third.params.rows)


@pytest.mark.slow
@pytest.mark.parametrize("name", bundled_names())
def test_presentation_mode_shows_the_declared_charts_when_none_is_marked(make_window, name):
    window = make_window(name)
    scenario = window.session.scenario
    window.actions.presentation.trigger()
    assert charts(window) == list(scenario.headline_charts)
    window.actions.presentation.trigger()
    assert charts(window) == list(window.dashboard.plot_ids)


@pytest.mark.slow
def test_presenting_from_the_student_view_and_back(window, qtbot):
    """Presentation mode has its own set (every lever when nothing is pinned) at its own size;
    leaving it comes back to the student view."""
    scenario = window.session.scenario
    window.actions.student_view.trigger()
    student_scale = window.params.theme.scale
    window.actions.presentation.trigger()
    levers = [k for k, row in window.params.rows.items() if row.param.lever]
    assert visible_rows(window) == levers
    assert not window.params.show_all.isVisibleTo(window.params)
    assert charts(window) == list(scenario.headline_charts)
    assert window.params.theme.scale == pytest.approx(window.theme.scale)  # no extra size
    window.actions.presentation.trigger()
    QApplication.processEvents()
    assert window.actions.student_view.isChecked()
    assert visible_rows(window) == in_panel_order(window, scenario.student)
    assert window.params.theme.scale == pytest.approx(student_scale)
    assert window.params.show_all.isVisibleTo(window.params)


def test_gui_student_opens_the_student_view_for_this_session_only(make_window, tmp_path):
    """`bias-loop gui lending --student`: a class's launcher, which does not change what the
    teacher's own next start shows."""
    from ui.app import _set_look

    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = make_window("lending", settings)
    _set_look(window, (None, False, True))
    assert window.actions.student_view.isChecked()
    assert visible_rows(window) == in_panel_order(window, window.session.scenario.student)
    window.close()
    again = make_window("lending", settings)
    assert not again.actions.student_view.isChecked()
    assert visible_rows(again) == list(again.params.rows)


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize("name", bundled_names())
def test_the_student_rows_fit_a_1280x720_window_without_scrolling(make_window, qtbot, name,
                                                                  lang):
    """A beginner sees every knob of the view at once, on a small laptop, in either
    language: nothing below the fold."""
    from ui import i18n

    i18n.set_language(lang)
    try:
        window = make_window(name)
        window.resize(1280, 720)
        window.actions.student_view.trigger()
        qtbot.wait(20)
        scroll = window.params.scroll
        assert scroll.widget().sizeHint().height() <= scroll.viewport().height()
        # Once the panes have taken their sizes (a resize is laid out in a few passes).
        qtbot.waitUntil(lambda: not scroll.verticalScrollBar().isVisible(), timeout=2000)
        for key in window.session.scenario.student:
            row = window.params.rows[key]
            assert row.isVisible() and row.width() >= row.minimumSizeHint().width(), key
    finally:
        i18n.set_language("en")
