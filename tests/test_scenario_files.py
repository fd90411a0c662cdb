"""Scenario files: every bundled one validates and round-trips; every mistake a facilitator
editing a copy can make is refused with the line and key, and what is allowed."""

import pytest
from scenario_text import LENDING_TEXT, edit, line_of, problems

from simulator import bundled_names, dump_scenario, load_scenario, parse_scenario
from simulator.scenario import language_gaps


@pytest.mark.parametrize("name", bundled_names())
def test_bundled_scenarios_validate_and_round_trip(name):
    scenario = load_scenario(name)
    again = parse_scenario(dump_scenario(scenario), name)
    assert again == scenario
    assert dump_scenario(again) == dump_scenario(scenario)


@pytest.mark.parametrize("name", bundled_names())
def test_bundled_scenarios_are_complete_for_facilitators(name):
    scenario = load_scenario(name)
    assert set(scenario.info) == {"what", "how", "use", "notice", "try", "references"}
    assert 3 <= len(scenario.guide) <= 6
    for text in [scenario.title, scenario.summary, *scenario.info.values(),
                 *(s.caption for s in scenario.guide)]:
        assert text.en and text.get("es") and text.en != text.get("es")


def test_a_misspelt_parameter_names_the_closest_key_and_its_line():
    text = edit('"model.retrain_every" = 5', '"model.retrain_evry" = 5')
    (p,) = problems(text)
    assert f"line {line_of(text, 'retrain_evry')}" in p
    assert "model.retrain_evry" in p and "did you mean model.retrain_every" in p


def test_a_misspelt_group_parameter_is_caught_with_suggestion():
    text = edit("score_sd = 70.0\nhistory_threshold = 680.0",
                "score_sdev = 70.0\nhistory_threshold = 680.0")
    (p,) = problems(text)
    assert "groups.B.score_sdev" in p and "score_sd" in p
    assert f"line {line_of(text, 'score_sdev')}" in p


def test_wrong_type_and_out_of_range_name_what_is_allowed():
    text = edit('"data.history_rounds" = 10', '"data.history_rounds" = "ten"')
    (p,) = problems(text)
    assert "data.history_rounds" in p and "an integer from 1 to 1000" in p
    text = edit("score_mean = 600.0", "score_mean = 9000.0")
    (p,) = problems(text)
    assert "groups.B.score_mean" in p and "out of range" in p and "300 to 850" in p


def test_duplicate_group_ids_and_shares_that_do_not_sum_to_one():
    text = edit('id = "B"', 'id = "A"')
    assert any("duplicate group id" in p for p in problems(text))
    text = edit("share = 0.3", "share = 0.4")
    (p,) = problems(text)
    assert "sum to 1" in p and "1.1" in p


def test_a_guide_step_past_the_end_and_a_missing_translation(tmp_path):
    text = edit("round = 250", "round = 999")
    (p,) = problems(text)
    assert "guide[4].round" in p and "past the end" in p
    text = edit('summary = { en = "A credit model', 'summary = { fr = "x", en = "A credit model')
    assert any("unknown language" in p for p in problems(text))
    # A language left out falls back to English, and `validate --lang` names where.
    text = LENDING_TEXT.replace(', es = "Préstamos: el impacto diferido de decisiones de crédito '
                                'sesgadas"', "")
    scenario = parse_scenario(text, "copy.toml")
    assert scenario.title.get("es") == scenario.title.en
    path = tmp_path / "copy.toml"
    path.write_text(text, encoding="utf-8")
    (gap,) = language_gaps(path, "es")
    assert gap.startswith(f"line {line_of(text, 'title = { en = ')}: scenario.title: no es text")
    assert language_gaps(path, "en") == []
    # English cannot be left out: it is what the others fall back to.
    text = edit('title = { en = "Lending', 'title = { fr = "Lending')
    assert any("scenario.title: missing English text" in p for p in problems(text))


def test_a_guide_step_cannot_change_the_initial_state():
    text = edit('set = { "mitigation.data_window" = 60 }',
                'set = { "data.history_rounds" = 60 }')
    assert any("initial state" in p for p in problems(text))


def test_broken_toml_reports_its_line():
    text = edit("rounds = 300", "rounds = = 300")
    (p,) = problems(text)
    assert "not valid TOML" in p and f"line {line_of(text, 'rounds = = 300')}" in p


def test_several_problems_are_reported_together():
    text = edit("rounds = 300", "rounds = -1")
    text = edit('"model.retrain_every" = 5', '"model.retrain_every" = 5.5', text)
    text = edit("[info]", "[infos]", text)
    assert len(problems(text)) >= 3


def test_unknown_kind_lists_the_kinds():
    text = edit('kind = "decisions"', 'kind = "decision"')
    (p,) = problems(text)
    assert "did you mean 'decisions'" in p


def test_strings_that_look_like_code_stay_strings(tmp_path):
    text = edit('label = { en = "Group A", es = "Grupo A" }',
                'label = "__import__(\'os\').system(\'echo pwned\')"')
    scenario = parse_scenario(text)
    assert scenario.groups[0].label.en.startswith("__import__")


def test_unknown_scenario_name_suggests_the_bundled_ones():
    from simulator import BiasLoopError

    with pytest.raises(BiasLoopError, match="did you mean 'lending'"):
        load_scenario("lendng")


def test_problems_in_repeated_tables_point_at_their_own_block():
    text = edit('set = { "mitigation.data_window" = 60 }', 'set = { "mitigation.data_windw" = 60 }')
    text = edit('set = { "mitigation.fairness" = "demographic_parity",',
                'set = { "mitigation.fairnes" = "demographic_parity",', text)
    first, second = problems(text)
    assert f"line {line_of(text, 'data_windw')}:" in first
    assert f"line {line_of(text, 'fairnes' + chr(34))}:" in second


def test_a_scenario_chooses_its_first_charts_and_unknown_ones_are_refused():
    assert load_scenario("hiring").default_plots()[2] == "reviewer"
    assert len(load_scenario("lending").default_plots()) == 6
    text = edit('dashboard = ["scores"', 'dashboard = ["scroes"')
    (p,) = problems(text)
    assert "unknown chart 'scroes'" in p and "did you mean 'scores'" in p
