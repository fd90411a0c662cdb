"""The GUI's rules that need no painting: pacing, decimation, chart and diagram content."""

from __future__ import annotations

import math

import numpy as np
import pytest

from simulator import Simulation, load_scenario
from ui import formatting
from ui.charts.decimate import MinMaxDecimator
from ui.charts.plot_model import LIVE, NEUTRAL, SECOND, TRUTH, chart_layout
from ui.diagram.diagram_model import (
    BIAS,
    LEVER,
    arrow_views,
    cycle_order,
    expand_keys,
    short_labels,
    stage_keys,
)
from ui.run_controls.pacer import MAX_CATCH_UP_SECONDS, Pacer, RateMeter

# --- pacing ----------------------------------------------------------------------------------


def test_pacer_pays_out_fractional_rounds_over_time():
    pacer = Pacer(2.5)
    pacer.start(0.0)
    due = sum(pacer.due(t / 10) for t in range(1, 21))  # two seconds in 0.1 s ticks
    assert due == 1 + 5  # the first round at once, then 2.5 rounds/s


def test_pacer_does_not_pay_back_a_long_stall():
    pacer = Pacer(100)
    pacer.start(0.0)
    assert pacer.due(10.0) <= 1 + 100 * MAX_CATCH_UP_SECONDS


def test_full_speed_has_no_quota_and_ticks_at_once():
    pacer = Pacer(None)
    pacer.start(0.0)
    assert pacer.due(0.001) == math.inf
    assert pacer.interval_ms() == 0


def test_rate_meter_counts_the_last_second():
    meter = RateMeter(window=1.0)
    for i in range(10):
        meter.add(i * 0.2, 50)
    assert meter.rate(1.9) == pytest.approx(250)  # 5 samples of 50 within the last second


# --- decimation ------------------------------------------------------------------------------


def test_short_series_pass_through_without_a_copy():
    x, y = np.arange(100.0), np.random.default_rng(1).normal(size=100)
    out_x, out_y = MinMaxDecimator()(x, y, 400)
    assert out_x is x and out_y is y


def test_long_series_keep_their_envelope_and_spikes():
    rng = np.random.default_rng(2)
    y = rng.normal(size=10_000)
    y[1234], y[8765] = 50.0, -40.0
    y[500:600] = np.nan  # missing values are skipped, not propagated
    x = np.arange(1, 10_001, dtype=float)
    decimate = MinMaxDecimator()
    out_x, out_y = decimate(x, y, 800)
    assert len(out_y) <= 802
    assert np.nanmax(out_y) == 50.0 and np.nanmin(out_y) == -40.0
    assert out_x[0] == 1 and out_x[-1] == 10_000
    assert np.all(np.diff(out_x) >= 0)
    buffer = out_y.base
    assert decimate(x, y, 800)[1].base is buffer  # the same buffer, frame after frame


@pytest.mark.slow
def test_decimation_works_on_recorder_views():
    sim = Simulation(load_scenario("lending"), seed=1)
    sim.run(3000)
    y = sim.recorder.series("selection_rate_B")
    out_x, out_y = MinMaxDecimator()(sim.recorder.rounds, y, 500)
    assert len(out_y) <= 502
    assert out_y.max() == y.max() and out_y.min() == y.min()


# --- charts ----------------------------------------------------------------------------------


def layout_of(scenario, plot_id):
    metrics = {m.name: m for m in scenario.metrics()}
    plot = next(p for p in scenario.plots() if p.id == plot_id)
    return chart_layout(plot, metrics, scenario.group_ids,
                        lambda g: scenario.group_label(g, "en"), "en")


@pytest.fixture(scope="module")
def lending():
    return load_scenario("lending")


def test_truth_lines_are_dashed_and_beliefs_solid(lending):
    chart = layout_of(lending, "belief")
    roles = {c.column: c.role for c in chart.curves}
    assert roles["true_rate_A"] == roles["true_rate_B"] == TRUTH
    assert roles["perceived_rate_A"] == roles["perceived_rate_B"] == LIVE
    colours = {c.column: c.colour for c in chart.curves}
    assert colours["perceived_rate_B"] == colours["true_rate_B"] != colours["true_rate_A"]


def test_a_legend_names_each_role_once_and_the_groups_go_to_the_strip(lending):
    chart = layout_of(lending, "belief")
    assert [(e.text, e.role) for e in chart.legend] == [
        ("Perceived repayment rate", LIVE), ("True repayment rate", TRUTH)]
    assert all(e.colour is NEUTRAL for e in chart.legend)
    assert [(e.text, e.colour) for e in chart.groups] == [("Group A", 0), ("Group B", 1)]


def test_a_missing_truth_is_added_to_its_chart(lending):
    metrics = {m.name: m for m in lending.metrics()}
    plot = next(p for p in lending.plots() if p.id == "belief")
    only_belief = type(plot)(plot.id, plot.title, (plot.metrics[0],))
    chart = chart_layout(only_belief, metrics, lending.group_ids, str, "en")
    assert {c.metric for c in chart.curves} == {"perceived_rate", "true_rate"}


def test_groups_differ_by_colour_not_style_and_measures_by_style(lending):
    chart = layout_of(lending, "selection")
    assert [(c.colour, c.role) for c in chart.curves] == [(0, LIVE), (1, LIVE)]
    assert chart.legend == ()  # one measure: the strip names the groups
    errors = layout_of(lending, "errors")  # the second measure of the same groups: dotted
    assert [c.role for c in errors.curves] == [LIVE, LIVE, SECOND, SECOND]


def test_whole_population_series_take_neutral_tones(lending):
    chart = layout_of(lending, "fairness")
    assert [(c.colour, c.role) for c in chart.curves] == [(NEUTRAL, LIVE)] * 3
    assert [c.tone for c in chart.curves] == [0, 1, 2]
    assert [e.tone for e in chart.legend] == [0, 1, 2] and chart.groups == ()


def test_ratio_chart_draws_the_four_fifths_line(lending):
    chart = layout_of(lending, "ratio")
    assert 0.8 in chart.references
    assert chart.legend == ()  # one curve: the title says what it is


# --- loop diagram ----------------------------------------------------------------------------


def test_cycle_follows_the_arrows(lending):
    assert cycle_order(lending.diagram()) == ["world", "data", "model", "decisions", "outcomes"]


def test_group_patterns_expand_to_every_group(lending):
    keys = expand_keys(["groups.*.label_bias", "mitigation.reweighing"], lending.schema)
    assert keys == ["groups.A.label_bias", "groups.B.label_bias", "mitigation.reweighing"]


def test_arrows_show_active_biases_and_levers_with_live_figures(lending):
    sim = Simulation(lending, seed=3, overrides={"mitigation.label_audit": 0.5})
    sim.run(20)
    views = arrow_views(lending, lending.diagram(), {m.name: m for m in lending.metrics()},
                        sim.pending_value, sim.recorder.last(), "en", "gap")
    record = views[0]
    kinds = {b.key: b.kind for b in record.badges}
    assert kinds["bias.selective_labels"] == BIAS
    assert kinds["mitigation.label_audit"] == LEVER
    assert "mitigation.fresh_data" not in kinds  # off: no badge
    trained = views[1]
    assert any(b.key == "groups.B.history_label_bias" for b in trained.badges)
    gap = trained.figures[-1]
    assert gap.label == "gap"
    expected = sim.recorder.last()["perceived_rate_B"] - sim.recorder.last()["true_rate_B"]
    assert gap.values[1][1].lstrip("+−") == formatting.number(abs(expected))


def test_a_stage_click_focuses_what_shapes_it(lending):
    keys = stage_keys("decisions", lending.diagram(), lending.schema)
    assert "mitigation.fairness" in keys and "policy.rule" in keys
    assert "world.applicants" in stage_keys("world", lending.diagram(), lending.schema)


def test_short_group_labels_stay_distinct():
    assert short_labels(["Group A", "Group B"]) == ["Group A", "Group B"]
    assert short_labels(["Standard dialect", "Minority dialect"]) == ["Standard", "Minority"]
    assert short_labels(["Applicants from group A", "Applicants from group B"]) == ["A", "B"]


# --- wording ---------------------------------------------------------------------------------


def test_numbers_read_well_on_a_projector():
    assert formatting.number(0.123456) == "0.12"
    assert formatting.number(23.456) == "23.5"
    assert formatting.number(716.4) == "716"
    assert formatting.number(12000) == "12,000"
    assert formatting.number(float("nan")) == "–"
    assert formatting.number(-0.29) == "\u22120.29"  # a true minus, not a hyphen
    assert formatting.number(-1500) == "\u22121,500"
    assert formatting.number(-0.001) == "0.00"  # no sign where the figure shows none


def test_parameter_values_use_their_labels_and_units(lending):
    schema = lending.schema
    assert formatting.param_value(schema.get("mitigation.fairness"), "demographic_parity",
                                  "en") == "Demographic parity"
    assert formatting.param_value(schema.get("mitigation.reweighing"), True, "en") == "on"
    assert formatting.param_value(schema.get("world.score_gain"), 75.0, "es") == "75,0 puntos"
    assert formatting.param_value(schema.get("world.score_gain"), 75.0, "en") == "75.0 points"
    assert formatting.param_label(schema.get("groups.B.label_bias"), lending, "en") == \
        "Label bias · Group B"


def test_incremental_decimation_equals_a_fresh_one_as_the_history_grows():
    """Frame after frame on a growing history (with a reset in between), the incremental
    decimator draws exactly what a fresh one would."""
    rng = np.random.default_rng(3)
    y_all = rng.normal(size=60_000)
    y_all[rng.integers(0, 60_000, 300)] = np.nan
    x_all = np.arange(1, 60_001, dtype=float)
    live = MinMaxDecimator()
    for n in [*range(300, 60_000, 977), 60_000, 5_000, 20_000]:  # grows, then a reset
        got = live(x_all[:n], y_all[:n], 500)
        fresh = MinMaxDecimator()(x_all[:n], y_all[:n], 500)
        assert np.array_equal(got[0], fresh[0])
        assert np.array_equal(got[1], fresh[1], equal_nan=True)
        assert len(got[1]) <= 502


def test_a_narrow_legend_shows_what_sets_each_measure_apart():
    from ui.charts.plot_model import distinct_parts

    assert distinct_parts(["Demographic parity difference", "Equal opportunity difference",
                           "Equalized odds difference"]) == [
        "Demographic parity", "Equal opportunity", "Equalized odds"]
    assert distinct_parts(["Diferencia de paridad demográfica",
                           "Diferencia de igualdad de oportunidades"]) == [
        "Paridad demográfica", "Igualdad de oportunidades"]
    assert distinct_parts(["Perceived repayment rate", "True repayment rate"]) == [
        "Perceived", "True"]
    # Nothing to drop, or nothing left to tell them apart: the labels as they are.
    assert distinct_parts(["Reliance"]) == ["Reliance"]
    assert distinct_parts(["share", "share kept"]) == ["share", "share kept"]
