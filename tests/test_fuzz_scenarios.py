"""Scenario-file fuzzing: random mutations of every bundled file either load or are refused with
a ScenarioError (exit 2 and a message in the CLI); nothing else ever escapes, and nothing in a
file is ever executed."""

import random

import pytest

from simulator import Scenario, ScenarioError, bundled_names, parse_scenario
from simulator.scenario import bundled_dir

NASTY_VALUES = [
    "nan", "inf", "-inf", "1e308", "-1e308", "99999999999999999999", "-1", "0", "true",
    '"text"', "[1, 2]", "{}", '{ en = "x" }', '"ñandú 中文 🙂"', "[[[[[[[[1]]]]]]]]",
    '"__import__(\'os\').system(\'false\')"', "1979-05-27", '""', "0.5",
]


def mutate(text: str, rng: random.Random) -> str:
    lines = text.splitlines()
    kind = rng.randrange(7)
    i = rng.randrange(len(lines))
    if kind == 0:  # delete a line (a key, a header)
        del lines[i]
    elif kind == 1:  # replace a value
        if "=" in lines[i]:
            key = lines[i].split("=", 1)[0]
            lines[i] = f"{key}= {rng.choice(NASTY_VALUES)}"
    elif kind == 2:  # truncate the file anywhere
        return text[: rng.randrange(len(text))]
    elif kind == 3:  # duplicate a line (duplicate keys are a TOML error)
        lines.insert(i, lines[i])
    elif kind == 4:  # deep nesting
        depth = rng.randrange(1, 200)
        lines.insert(i, "x = " + "[" * depth + "1" + "]" * depth)
    elif kind == 5:  # flip a character
        line = lines[i]
        if line:
            j = rng.randrange(len(line))
            lines[i] = line[:j] + rng.choice("=[]{}\"'#\\\x00é") + line[j + 1:]
    else:  # misspell a key
        if "=" in lines[i]:
            key, value = lines[i].split("=", 1)
            lines[i] = key.rstrip() + "x =" + value
    return "\n".join(lines)


@pytest.mark.parametrize("name", bundled_names())
def test_mutated_scenarios_load_or_are_refused_with_a_message(name):
    text = (bundled_dir() / f"{name}.toml").read_text(encoding="utf-8")
    rng = random.Random(name)
    outcomes = {"loaded": 0, "refused": 0}
    for _ in range(300):
        mutated = text
        for _ in range(rng.randrange(1, 4)):
            mutated = mutate(mutated, rng)
        try:
            assert isinstance(parse_scenario(mutated, "fuzzed.toml"), Scenario)
            outcomes["loaded"] += 1
        except ScenarioError as err:
            assert err.problems and all(isinstance(p, str) and p for p in err.problems)
            assert "Traceback" not in str(err)
            outcomes["refused"] += 1
    assert outcomes["refused"] > 50 and outcomes["loaded"] > 10, outcomes
