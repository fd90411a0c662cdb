"""Each loop kind names the five stages in its own words (the ids stay the same for the
parameter sections, the event log and the recorder), in English and Spanish, and says which
per-group figure flows along each arrow of its loop diagram."""

from __future__ import annotations

import pytest

from simulator import bundled_names, load_scenario
from simulator.kinds.base import STAGES


@pytest.mark.parametrize("name", bundled_names())
def test_every_stage_has_a_name_of_its_own_in_both_languages(name):
    scenario = load_scenario(name)
    labels = scenario.stage_labels()
    assert tuple(labels) == STAGES
    arrows = scenario.diagram()
    assert {a.source for a in arrows} == {a.target for a in arrows} == set(STAGES)
    for lang in ("en", "es"):
        words = [labels[s].get(lang) for s in STAGES]
        assert all(words) and len(set(words)) == len(words)


def test_the_generative_and_allocation_loops_speak_their_own_words():
    def words(name, lang="en"):
        labels = load_scenario(name).stage_labels()
        return [labels[s].get(lang) for s in STAGES]

    assert words("model_collapse") == ["Real world", "Training data", "Model",
                                       "Generated content", "Published pool"]
    assert words("policing") == ["Incidents", "Records", "Estimate", "Patrols", "Discoveries"]
    assert words("model_collapse", "es")[3] == "Contenido generado"
    assert words("lending")[3] == "Decisions"  # a decision loop does decide


@pytest.mark.parametrize("name", bundled_names())
def test_what_flows_along_an_arrow_is_a_per_group_figure(name):
    scenario = load_scenario(name)
    per_group = {m.name for m in scenario.metrics() if m.per_group}
    flows = [a.flow for a in scenario.diagram()]
    assert any(flows)
    assert all(f in per_group for f in flows if f is not None)
