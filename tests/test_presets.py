"""[[preset]] sections: validated with line numbers, kept through a round trip, and checked."""

import pytest

from simulator import parse_scenario
from simulator.errors import ScenarioError
from simulator.presets import check_preset, preset_spec
from simulator.runs import run_replications
from simulator.scenario import dump_scenario

BASE = ('[scenario]\nid = "oak"\nkind = "allocation"\ntitle = "t"\nsummary = "s"\n\n'
        '[[groups]]\nid = "east"\nrate = 0.6\n\n[[groups]]\nid = "west"\nrate = 0.4\n\n')
PRESET = ('[[preset]]\nid = "one"\ntitle = "One"\ndescription = "d"\npaper = "P, Fig. 1"\n'
          'rounds = 30\nset = { "world.patrols" = 5 }\n\n'
          '[[preset.expect]]\nmetric = "{metric}"\nstatistic = "mean"\nvalue = {value}\n'
          'tolerance = 0.001\n')


def scenario(metric="data_share_east", value=0.5):
    return parse_scenario(BASE + PRESET.replace("{metric}", metric)
                          .replace("{value}", str(value)))


def test_a_preset_survives_the_round_trip():
    s = scenario()
    assert parse_scenario(dump_scenario(s)).presets == s.presets
    assert s.preset("one").rounds == 30 and s.preset("one").set == {"world.patrols": 5}


def test_problems_name_their_line_and_what_is_allowed():
    with pytest.raises(ScenarioError) as err:
        scenario(metric="nope")
    assert "line 24: preset[0].expect[0].metric: 'nope' is not a metric column" in str(err.value)
    with pytest.raises(Exception, match="no preset named 'two'; its presets: one"):
        scenario().preset("two")


def test_a_wrong_reference_value_fails_and_a_right_one_holds():
    s = scenario(value=0.123)
    results = run_replications(preset_spec(s, s.preset("one"), replications=3))
    (check,) = check_preset(s.preset("one"), results)
    assert not check.holds and "reference 0.123" in check.describe()
    got = check.got
    s = scenario(value=got)
    assert check_preset(s.preset("one"), results)[0].holds


def cli(*args):
    """``bias-loop ARGS`` in a fresh process: its exit status and standard error."""
    import subprocess
    import sys
    done = subprocess.run([sys.executable, "-m", "bias_loop", *args], capture_output=True,
                          text=True, timeout=300)
    return done.returncode, done.stdout, done.stderr


def test_presets_lists_scenario_preset_and_title_one_a_line():
    code, out, _ = cli("presets", "policing")
    assert code == 0
    assert "policing  ensign_oakland_fix  Ensign et al.: Oakland rates, one visit a day, with " \
           "the correction" in out.splitlines()
    assert all(line.startswith("policing  ") for line in out.splitlines())


def test_a_preset_whose_result_does_not_hold_exits_1_naming_it(tmp_path):
    path = tmp_path / "oak.toml"
    path.write_text(BASE + PRESET.replace("{metric}", "data_share_east")
                    .replace("{value}", "0.123"), encoding="utf-8")
    code, _, err = cli("run", str(path), "--preset", "one", "--check", "--replications", "3",
                       "--out", str(tmp_path / "o.csv"))
    assert code == 1
    assert "FAILS: data_share_east mean: reference 0.123" in err
    assert "1 of 1 expected results of preset one do not hold: result 1" in err


def test_an_unknown_preset_exits_2_listing_the_ones_there_are(tmp_path):
    code, _, err = cli("run", "policing", "--preset", "oakland", "--rounds", "2")
    assert code == 2
    assert "no preset named 'oakland'; its presets: polya_uniform, ensign_oakland, " \
           "ensign_oakland_fix" in err
    assert "Traceback" not in err


@pytest.mark.slow
def test_the_gui_opens_at_a_paper_setting_and_refuses_an_unknown_one(tmp_path):
    shot = tmp_path / "oakland.png"
    code, _, err = cli("gui", "policing", "--preset", "polya_uniform", "--size", "1280x720",
                       "--screenshot", str(shot))
    assert code == 0, err
    assert shot.stat().st_size > 10_000
    code, _, err = cli("gui", "policing", "--preset", "oakland", "--screenshot",
                       str(tmp_path / "x.png"))
    assert code == 2 and "no preset named 'oakland'; its presets: polya_uniform" in err
    assert not (tmp_path / "x.png").exists() and "Traceback" not in err


GROUPS_PRESET = ('[[preset]]\nid = "three"\ntitle = "Three regions"\ndescription = "d"\n'
                 'paper = "P, Fig. 2"\nrounds = 20\n'
                 'groups = [{ id = "a", rate = 0.5 }, { id = "b", rate = 0.3 }, '
                 '{ id = "c", rate = {rate} }]\n'
                 'set = { "groups.c.prior" = 30 }\n\n'
                 '[[preset.expect]]\nmetric = "data_share_c"\nvalue = 0.3\ntolerance = 0.3\n')


def test_a_preset_may_bring_its_own_groups():
    s = parse_scenario(BASE + GROUPS_PRESET.replace("{rate}", "0.2"))
    preset = s.preset("three")
    assert parse_scenario(dump_scenario(s)).presets == s.presets
    world = preset.world(s)
    assert world.group_ids == ["a", "b", "c"] and s.group_ids == ["east", "west"]
    (result,) = run_replications(preset_spec(s, preset, replications=1, seed=3))
    assert "data_share_c" in result.recorder.columns
    assert len(check_preset(preset, [result])) == 1


def test_a_preset_s_groups_are_checked_like_groups():
    with pytest.raises(ScenarioError) as err:
        parse_scenario(BASE + GROUPS_PRESET.replace("{rate}", "7"))
    assert "preset[0].groups: " in str(err.value) and "groups.c.rate" in str(err.value)
    with pytest.raises(ScenarioError) as err:
        parse_scenario(BASE + GROUPS_PRESET.replace("{rate}", "0.2")
                       .replace('"groups.c.prior"', '"groups.east.prior"'))
    assert "preset[0].set.groups.east.prior" in str(err.value)
