"""docs/scenarios.md (and its Spanish twin) are generated from the scenario files: a facilitator
reading them sees exactly what the app shows."""

import importlib.util
from pathlib import Path

import pytest

DOCS = Path(__file__).resolve().parent.parent / "docs"


def generator():
    spec = importlib.util.spec_from_file_location("gen", DOCS / "generate_scenarios.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("lang", ["en", "es"])
def test_scenario_pages_are_up_to_date(lang):
    gen = generator()
    committed = gen.target(lang).read_text(encoding="utf-8")
    assert committed == gen.render(lang), "run: python docs/generate_scenarios.py"
