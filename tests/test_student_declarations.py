"""A scenario's headline charts and the parameters a beginner meets first ([scenario]
headline_charts and student): every bundled scenario declares them, the saved-scenario writer
keeps them, and a mistake is named with its line and what is allowed."""

import tomllib

import pytest
from scenario_text import LENDING_TEXT, edit, line_of, problems

from simulator import bundled_names, dump_scenario, load_scenario, parse_scenario

LENDING_STUDENT = ('student = ["groups.B.history_label_bias", "bias.selective_labels", '
                   '"mitigation.exploration", "mitigation.label_audit", "mitigation.fairness"]')
LENDING_CHARTS = 'headline_charts = ["scores", "selection"]'


@pytest.mark.parametrize("name", bundled_names())
def test_every_bundled_scenario_names_its_beginner_parameters_and_headline_charts(name):
    """3 to 6 parameters: the main bias (not a lever) and one or more levers; two charts, one
    of which draws the headline's metric (the gap the headline bar shows)."""
    scenario = load_scenario(name)
    assert 3 <= len(scenario.student) <= 6
    params = [scenario.schema.get(k) for k in scenario.student]
    assert any(p.lever for p in params) and any(not p.lever for p in params)
    assert scenario.student_keys() == list(scenario.student)
    assert len(scenario.headline_charts) == 2
    plots = {p.id: p for p in scenario.plots()}
    drawn = {c for pid in scenario.headline_charts for m in scenario.metrics()
             if m.name in plots[pid].metrics for c in m.columns(scenario.group_ids)}
    assert set(scenario.headline.columns) <= drawn


def test_the_writer_keeps_them_and_a_file_without_them_falls_back():
    scenario = load_scenario("lending")
    written = dump_scenario(scenario)
    head = tomllib.loads(written)["scenario"]
    assert head["headline_charts"] == ["scores", "selection"]
    assert head["student"] == list(scenario.student) and len(scenario.student) == 5
    again = parse_scenario(written, "saved.toml")
    assert again.student == scenario.student
    assert again.headline_charts == scenario.headline_charts
    plain = parse_scenario(edit(LENDING_STUDENT + "\n", "", edit(LENDING_CHARTS + "\n", "")))
    assert plain.student == () and plain.headline_charts == ()
    assert plain.student_keys() == [p.key for p in plain.schema.params if p.lever]
    assert not {"student", "headline_charts"} & set(tomllib.loads(dump_scenario(plain))["scenario"])


def test_a_preset_with_other_groups_keeps_only_the_student_parameters_it_still_has():
    """Shumailov et al.'s single Gaussian has one group: the rare style's share is gone, the
    levers stay."""
    own = load_scenario("model_collapse")
    preset = next(p for p in own.presets if p.groups)
    world = preset.world(own)
    assert "groups.rare.share" in own.student
    assert world.student == tuple(k for k in own.student if not k.startswith("groups."))
    assert world.headline_charts == own.headline_charts


def test_misspelt_charts_and_parameters_are_named_with_their_line():
    text = edit(LENDING_CHARTS, 'headline_charts = ["scores", "selektion"]')
    text = edit(LENDING_STUDENT, 'student = ["groups.B.history_label_bias", '
                '"mitigation.label_audt", "groups.C.label_bias"]', text)
    chart, audit, group = problems(text)
    assert chart.startswith(f"line {line_of(text, 'headline_charts =')}: "
                            "scenario.headline_charts: unknown chart 'selektion'")
    assert "did you mean 'selection'" in chart and "reviewer" in chart  # the kind's charts
    at = f"line {line_of(text, 'student =')}: scenario.student: unknown parameter"
    assert audit.startswith(at) and "did you mean mitigation.label_audit" in audit
    assert group.startswith(at) and "'groups.C.label_bias'" in group


@pytest.mark.parametrize("charts, student, words", [
    ('["scores", "selection", "belief"]', None, "name 1 to 2 charts, got 3"),
    ('["scores", "scores"]', None, "each chart once; repeated: 'scores'"),
    ('"scores"', None, "expected a list of chart ids"),
    (None, '["mitigation.fairness", "mitigation.fairness"]',
     "each parameter once; repeated: 'mitigation.fairness'"),
    (None, "[" + ", ".join(['"mitigation.fairness"'] * 9) + "]", "name 1 to 8 parameters"),
    (None, '"mitigation.fairness"', "expected a list of 1 to 8 parameter keys"),
    (None, '["groups.A.score_table"]', "is a table of the group's world, not a parameter"),
])
def test_wrong_shapes_say_what_is_allowed(charts, student, words):
    text = LENDING_TEXT
    if charts is not None:
        text = edit(LENDING_CHARTS, f"headline_charts = {charts}", text)
    if student is not None:
        text = edit(LENDING_STUDENT, f"student = {student}", text)
    found = [p for p in problems(text) if words in p]
    assert found, problems(text)
    key = "headline_charts" if charts is not None else "student"
    assert found[0].startswith(f"line {line_of(text, key + ' =')}: scenario.{key}: ")
