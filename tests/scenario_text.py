"""Helpers for tests that edit a copy of the bundled lending scenario and read the problems
the loader names (each with its line)."""

import pytest

from simulator import ScenarioError, parse_scenario
from simulator.scenario import bundled_dir

LENDING_TEXT = (bundled_dir() / "lending.toml").read_text(encoding="utf-8")


def problems(text):
    with pytest.raises(ScenarioError) as err:
        parse_scenario(text, "copy.toml")
    return err.value.problems


def edit(old, new, text=LENDING_TEXT):
    assert old in text
    return text.replace(old, new, 1)


def line_of(text, fragment):
    return next(i for i, line in enumerate(text.splitlines(), 1) if fragment in line)
