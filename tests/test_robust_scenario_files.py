"""Crafted scenario files, as an adversarial user would write them: every one is refused with a
message naming the file, the key and the limit (exit 2 from the CLI), or loads and then writes
TOML that reads back to the same scenario, so a saved run reopens and workers get the same
scenario. Nothing raises anything else, and nothing hangs."""

import random

import pytest

from bias_loop.cli import main
from simulator import ScenarioError, bundled_names, dump_scenario, load_scenario, parse_scenario
from simulator.scenario import bundled_dir
from simulator.tomlio import MAX_DEPTH

LENDING = (bundled_dir() / "lending.toml").read_text(encoding="utf-8")
TITLE = 'en = "Lending: delayed impact of biased credit decisions"'


def edit(old, new, text=LENDING):
    assert old in text
    return text.replace(old, new, 1)


def nested(depth, inner="1"):
    return "[" * depth + inner + "]" * depth


REFUSED = [  # (case, file text, words the message must hold)
    ("array nested 1,000 deep", edit("[params]", f"[params]\nx = {nested(1000)}"),
     ["nested too deep", f"at most {MAX_DEPTH}"]),
    ("array nested 40 deep", edit("[params]", f"[params]\nx = {nested(40)}"),
     ["params.x", f"at most {MAX_DEPTH}"]),
    ("inline tables nested 600 deep",
     edit("[params]", "[params]\nx = " + "{ a = " * 600 + "1" + " }" * 600),
     ["nested too deep"]),
    ("dotted key of 5,000 parts", edit("[params]", "[params]\n" + ".".join(["a"] * 5000)
                                       + " = 1"), ["a.a.a", "nested more than 32"]),
    ("table header of 3,000 parts", LENDING + "\n[" + ".".join(["t"] * 3000) + "]\n",
     ["t.t.t", "nested more than 32"]),
    ("seed of 5,000 digits", edit("seed = 7", "seed = " + "9" * 5000),
     ["too long", "at most 20 digits"]),
    ("seed of 25 digits", edit("seed = 7", "seed = " + "9" * 25),
     ["scenario.seed", "25 digits", "at most 20"]),
    ("seed past 2**63", edit("seed = 7", f"seed = {2**63}"),
     ["scenario.seed", "from 0 to 9223372036854775807"]),
    ("rounds past the limit", edit("rounds = 300", "rounds = 10000001"),
     ["scenario.rounds", "from 1 to 10000000"]),
    ("a parameter of 4,400 digits", edit("[params]", "[params]\n\"world.applicants\" = "
                                         + "1" * 4400), ["too long"]),
    ("a BOM then garbage", "\ufeff[scenario\n", ["not valid TOML"]),
    ("shares that do not sum to 1", edit("share = 0.3", "share = 0.9"),
     ["groups.share", "sum to 1"]),
]


@pytest.mark.slow
@pytest.mark.parametrize("case, text, words", REFUSED, ids=[c[0] for c in REFUSED])
def test_crafted_files_are_refused_by_key_and_limit(case, text, words, tmp_path, capsys):
    with pytest.raises(ScenarioError) as err:
        parse_scenario(text, "crafted.toml")
    message = str(err.value)
    assert all(w in message for w in words), message
    assert len(message) < 2000  # a crafted key of thousands of parts is shortened
    path = tmp_path / "crafted.toml"
    path.write_text(text, encoding="utf-8")
    assert main(["validate", str(path)]) == 2
    out = capsys.readouterr()
    assert "Traceback" not in out.err and str(path) in out.err


def test_a_byte_order_mark_is_accepted(tmp_path):
    path = tmp_path / "from-notepad.toml"
    path.write_bytes(b"\xef\xbb\xbf" + LENDING.encode("utf-8"))
    assert load_scenario(path).title == load_scenario("lending").title


CONTROL = ["\r", "\0", "\x7f", "\b", "\f", "\x1b[31m", "\u2028", '"""', "\\", "'''", "\t\n"]


@pytest.mark.parametrize("char", CONTROL, ids=[repr(c) for c in CONTROL])
def test_texts_with_control_characters_write_toml_that_reads_back(char):
    escaped = repr(char)[1:-1].replace('"', '\\"').replace("\\x", "\\u00")
    scenario = parse_scenario(edit(TITLE, f'en = "Lend{escaped}ing"'), "ctrl.toml")
    assert scenario.title.en == f"Lend{char}ing"
    again = parse_scenario(dump_scenario(scenario), "ctrl.toml")
    assert again == scenario


@pytest.mark.parametrize("name", bundled_names())
def test_fuzzed_texts_round_trip_through_the_writer(name):
    """Every text field of a bundled scenario replaced by random characters from the whole
    of Unicode (controls, quotes, backslashes, surrogates aside) writes and reads back."""
    scenario = load_scenario(name)
    rng = random.Random(name)
    alphabet = [chr(c) for c in (*range(0, 0x80), 0xA0, 0xE9, 0x2028, 0x1F642, 0xFEFF)]
    text = dump_scenario(scenario)
    for _ in range(40):
        junk = "".join(rng.choice(alphabet) for _ in range(rng.randrange(1, 30)))
        fuzzed = scenario.__class__(**{**scenario.__dict__,
                                       "title": scenario.title.of({"en": junk, "es": junk[::-1]})})
        assert parse_scenario(dump_scenario(fuzzed), name) == fuzzed
    assert parse_scenario(text, name) == scenario
