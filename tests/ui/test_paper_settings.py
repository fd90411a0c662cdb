"""Scenario › Paper settings: a paper's setting one click away, its expected results beside
the live run, the seeds that check them, and the way back to the scenario's own settings."""

import pytest
from PySide6.QtWidgets import QApplication

from simulator import load_scenario
from simulator.presets import preset_spec
from simulator.runs import run_replications


def paper_action(window, preset_id: str):
    return window.paper_actions[preset_id]


def test_the_menu_offers_every_paper_setting_and_starts_one(make_window):
    window = make_window("policing")
    scenario = load_scenario("policing")
    assert window.paper_menu.isEnabled()
    titles = [a.text() for a in window.paper_menu.actions()]
    assert titles == ["The scenario's own settings"] + [p.title.get("en")
                                                         for p in scenario.presets]
    assert not window.preset_bar.isVisibleTo(window)
    window.session.play(5)
    paper_action(window, "ensign_oakland").trigger()
    s, preset = window.session, scenario.preset("ensign_oakland")
    assert s.preset == preset and s.sim.round == 0
    assert s.sim.params["groups.north.rate"] == 3.68511 and s.scenario.rounds == 1000
    assert window.preset_bar.isVisibleTo(window)
    assert paper_action(window, "ensign_oakland").isChecked()
    text = window.preset_bar.results.text()
    assert "Share of the patrols (North), mean over 20 seeds: paper 0.93 ± 0.03" in text
    assert "this run now" not in text  # nothing played yet
    assert "Section 5" in window.preset_bar.title.text()
    assert window.preset_bar.check.text() == "Check over 20 seeds"
    # The Info pane names the paper and figure of every setting.
    info = window.info.toPlainText()
    assert "Paper settings" in info and all(p.paper in info for p in scenario.presets)


@pytest.mark.slow
def test_the_bar_sets_the_live_run_and_the_seeds_beside_the_papers_value(make_window):
    window = make_window("policing")
    s = window.session
    paper_action(window, "ensign_oakland").trigger()
    s.play(1000)
    window.refresh_views()
    live = s.sim.recorder.series("allocation_share_north")[-1]
    assert f"this run now: {live:.2f}" in window.preset_bar.results.text()
    assert "holds" not in window.preset_bar.results.text()  # one run is no verdict
    # The seeds the button asks for, as "Run 20 seeds" would bring them back.
    asked = []
    window.preset_bar.check_requested.disconnect()
    window.preset_bar.check_requested.connect(asked.append)
    window.preset_bar.check.click()
    assert asked == [20]
    s.seed_runs = run_replications(preset_spec(s.bench.own_scenario, s.preset,
                                               replications=5, seed=s.seed))
    s.compare_changed.emit()
    lines = window.preset_bar.results.text().splitlines()
    assert "5 seeds:" in lines[0] and ("✓ holds" in lines[0] or "✗ does not hold" in lines[0])


@pytest.mark.slow
def test_the_scenarios_own_settings_come_back(make_window):
    window = make_window("policing")
    s = window.session
    paper_action(window, "polya_uniform").trigger()
    paper_action(window, "").trigger()
    assert s.preset is None and s.overrides == {} and s.scenario is s.bench.own_scenario
    assert not window.preset_bar.isVisibleTo(window)
    paper_action(window, "ensign_oakland_fix").trigger()
    window.actions.restore_defaults.trigger()
    assert s.preset is None and paper_action(window, "").isChecked()


def test_a_scenario_without_paper_settings_greys_the_menu_out(make_window):
    window = make_window("hiring")
    if load_scenario("hiring").presets:
        pytest.skip("hiring has paper settings now")
    assert not window.paper_menu.isEnabled()


def test_the_paper_settings_speak_spanish(make_window):
    from ui import i18n

    window = make_window("policing")
    try:
        window.choose_language("es")
        paper_action(window, "ensign_oakland").trigger()
        QApplication.processEvents()
        assert window.paper_menu.title() == "Escenarios de los artículos"
        text = window.preset_bar.results.text()
        assert "proporción por encima de 0,8 en 20 semillas: artículo 0,97 ± 0,10" in text
        assert window.preset_bar.title.text().startswith(
            "Escenario del artículo: Ensign et al.: tasas de Oakland")
    finally:
        window.choose_language("en")
        i18n.set_language("en")


@pytest.mark.slow
def test_a_paper_setting_with_its_own_groups_rebuilds_the_window_for_them(make_window):
    window = make_window("model_collapse")
    paper_action(window, "shumailov_unbiased").trigger()
    s = window.session
    assert s.scenario.group_ids == ["x"] and s.scenario.rounds == 100
    s.play(100)
    window.refresh_views()
    assert window.preset_bar.isVisibleTo(window)
    assert "this run now" in window.preset_bar.results.text()
    columns = {c.column for card in window.dashboard.cards for c in card.chart.curves}
    assert "generated_sd_x" in columns and not any(c.endswith("_rare") for c in columns)
    assert "Paper settings" in window.info.toPlainText()  # the scenario's, all of them
    paper_action(window, "").trigger()
    assert s.scenario.group_ids == ["main", "second", "rare"]


def test_a_tabulated_world_shows_its_tables_read_only(make_window):
    window = make_window("lending")
    assert "tables" not in window.params.sections  # normal scores: no tables
    paper_action(window, "damour_max_reward").trigger()
    section = window.params.sections["tables"]
    from PySide6.QtWidgets import QAbstractSpinBox, QLabel

    assert not section.findChildren(QAbstractSpinBox)  # nothing to edit
    repay = section.findChild(QLabel, "table_A_repay_table")
    assert repay.text() == "repay_table: 0.10 · 0.20 · 0.45 · 0.60 · 0.65 · 0.70 · 0.70"
