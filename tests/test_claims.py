"""Claims in guide steps: parsed from scenario files, checked against recorded runs, reported
by ``bias-loop run --guide --check``, and true of every bundled scenario's guide."""

from __future__ import annotations

import numpy as np
import pytest

from bias_loop.cli import main
from simulator import bundled_names, load_scenario
from simulator.claims import Claim, Quantity, figure
from simulator.errors import ScenarioError
from simulator.scenario import dump_scenario, parse_scenario, resolve_path


class Series:
    """A recorder stand-in: rounds 1..n and named columns."""

    def __init__(self, **columns):
        self.columns = {k: np.asarray(v, dtype=float) for k, v in columns.items()}
        self.rounds = np.arange(1, len(next(iter(self.columns.values()))) + 1)

    def series(self, name):
        return self.columns[name]


def claim(compare, size, within, quantity="x", **kw):
    return Claim(Quantity.parse(quantity), compare, size, within, **kw)


def test_a_rise_compares_ten_round_means_so_one_noisy_round_cannot_decide_it():
    flat = np.full(60, 0.2)
    spike = flat.copy()
    spike[49] = 0.9  # the deadline round alone jumps by 0.7
    assert not claim("rises", 0.10, 30).evaluate(Series(x=spike), 20).holds
    ramp = flat.copy()
    ramp[40:50] = 0.32  # the last 10 rounds before the deadline, +0.12 on average
    verdict = claim("rises", 0.10, 30).evaluate(Series(x=ramp), 20)
    assert verdict.holds and verdict.start == pytest.approx(0.2)
    assert verdict.value == pytest.approx(0.12) and verdict.margin == pytest.approx(0.02)
    assert verdict.against() == "+0.12 against +0.10 needed"


def test_deadlines_count_from_the_round_the_step_was_applied():
    x = np.concatenate([np.full(50, 1.0), np.full(50, 2.0)])
    rising = claim("rises", 0.5, 20)
    assert rising.evaluate(Series(x=x), 40).holds  # rounds 31-40 against 51-60
    assert not rising.evaluate(Series(x=x), 60).holds  # a late step: 51-60 against 71-80
    assert rising.evaluate(Series(x=x[:59]), 40) is None  # deadline not reached yet


def test_relative_sizes_differences_ratios_and_levels():
    a, b = np.full(40, 10.0), np.full(40, 4.0)
    a[30:] = 12.6  # the gap a - b: 6 -> 8.6, +43 %
    gap = claim("rises", 0.25, 40, "a - b", relative=True, after=10).evaluate(
        Series(a=a, b=b), 0)
    assert gap.holds and gap.value == pytest.approx(8.6 / 6 - 1)
    assert gap.against() == "+43% against +25% needed"
    ratio = claim("exceeds", 3.0, 30, "a / b").evaluate(Series(a=a, b=b), 10)
    assert ratio.holds and ratio.end == pytest.approx(3.15)
    near = claim("within", 0.05, 30, "a - b").evaluate(Series(a=b + 0.06, b=b), 0)
    assert not near.holds and near.value == pytest.approx(0.06)
    fall = claim("falls", 1.0, 20, "a").evaluate(Series(a=a[::-1]), 10)
    assert fall.holds and fall.value == pytest.approx(-2.6)
    steady = claim("stays", 0.05, 20, "a").evaluate(Series(a=a), 10)
    assert steady.holds and steady.value == 0 and steady.against() == "+0.00 against at most ±0.050"
    assert not claim("stays", 2.0, 30, "a").evaluate(Series(a=a), 10).holds  # moved by 2.6


def test_sentences_in_the_runs_language_with_the_measured_values():
    s = load_scenario("lending")
    x = np.concatenate([np.full(20, 0.013), np.full(20, 0.31)])
    rec = Series(selection_rate_B=x)
    verdict = claim("rises", 0.1, 20, "selection_rate_B").evaluate(rec, 20)
    assert verdict.sentence(s, "en") == "Approval rate (Group B): rose from 0.013 to 0.31"
    assert verdict.sentence(s, "es").endswith("(Grupo B): subió de 0,013 a 0,31")
    gap = Quantity.parse("mean_score_A - mean_score_B")
    assert gap.label(s, "es") == "Puntuación media (Grupo A \u2212 Grupo B)"
    told = s.guide[0].claims[1].evaluate(Series(mean_score_A=np.full(140, 700.0),
                                                mean_score_B=np.full(140, 600.0)), 0)
    assert told.sentence(s, "en") == ("The credit-score gap between A and B grew from 100 to "
                                      "100 points")
    assert figure(-0.004, "en", minus=True) == "\u22120.004" and figure(-0.0001) == "0.000"


LENDING = load_scenario("lending")


def problems(text: str) -> list[str]:
    with pytest.raises(ScenarioError) as info:
        parse_scenario(text, "x.toml")
    return info.value.problems


LENDING_TEXT = resolve_path("lending").read_text("utf-8")


def test_validate_names_the_line_key_what_was_wrong_and_what_is_allowed():
    # (320 months, so that the step at 300 comes after the question of the step at 250)
    text = LENDING_TEXT.replace("\nrounds = 300\n", "\nrounds = 320\n", 1) + (
        '\n[[guide]]\nround = 300\ncaption = "c"\n'
        '[[guide.claims]]\nquantity = "selection_rate_C"\ncompare = "rises"\nsize = 0.1\n'
        'within = 20\n'
        '[[guide.claims]]\nquantity = "selection_rate_B"\ncompare = "soars"\nsize = "ten"\n'
        'within = 60\n'
    )
    found = problems(text)
    lines = text.splitlines()
    where = {p.split(": ")[1]: int(p.split(":")[0].removeprefix("line ")) for p in found}
    assert set(where) == {"guide[5].claims[0].quantity", "guide[5].claims[1].compare",
                          "guide[5].claims[1].size", "guide[5].claims[1].within"}
    assert lines[where["guide[5].claims[0].quantity"] - 1].startswith('quantity = "selection')
    assert lines[where["guide[5].claims[1].size"] - 1] == 'size = "ten"'
    text_of = {p.split(": ")[1]: p for p in found}
    assert "did you mean 'selection_rate_B'" in text_of["guide[5].claims[0].quantity"]
    assert "rises, falls, stays, exceeds, within" in text_of["guide[5].claims[1].compare"]
    assert "past the end" in text_of["guide[5].claims[1].within"]


def test_a_rise_needs_ten_rounds_before_it_and_a_level_is_not_a_percentage():
    text = LENDING_TEXT.replace(
        'compare = "exceeds", size = 0.15, within = 20',
        'compare = "exceeds", size = "15%", within = 20').replace(
        'size = "25%", after = 20, within = 130', 'size = "25%", after = 5, within = 130')
    found = problems(text)
    assert len(found) == 2
    assert "guide[0].claims[0].size" in found[0] and "not a percentage" in found[0]
    assert "guide[0].claims[1].after" in found[1] and "after = 10 or more" in found[1]


def test_claims_and_headline_survive_the_round_trip_to_workers():
    again = parse_scenario(dump_scenario(LENDING), "lending")
    assert again == LENDING
    assert str(again.headline) == "mean_score_A - mean_score_B"
    assert again.guide[0].claims[1].relative and again.guide[0].claims[1].after == 20


def test_check_reports_each_claim_and_exits_1_naming_the_failing_replications(capsys,
                                                                               tmp_path):
    # A claim no run can meet: B's approvals do not rise by 0.9 within 20 months.
    text = LENDING_TEXT.replace(
        'size = 0.35, within = 60', 'size = 0.35, within = 60 },\n  { quantity = '
        '"selection_rate_B", compare = "rises", size = 0.9, within = 20', 1)
    path = tmp_path / "strict.toml"
    path.write_text(text, encoding="utf-8")
    out_csv = tmp_path / "run.csv"
    status = main(["run", str(path), "--guide", "--check", "--replications", "2",
                   "--final-only", "--out", str(out_csv)])
    err = capsys.readouterr().err
    assert status == 1
    assert "step 2, claim 2: FAILS in 2/2 (replications 0, 1 of seed 7" in err
    assert "1 of 12 claims do not hold everywhere" in err
    assert out_csv.read_text().count("\n0,300,") == 1  # the CSV is written all the same
    assert main(["run", "lending", "--check"]) == 2
    assert "give --guide or --preset NAME too" in capsys.readouterr().err
    assert main(["run", "lending", "--guide", "--check", "--rounds", "100", "--final-only",
                 "--set", "world.applicants=200"]) == 1
    err = capsys.readouterr().err
    assert ("step 1, claim 2: FAILS in 1/1 (replication 0 of seed 7; 1 of them ended before its "
            "deadline at round 130: play at least that many rounds)") in err


@pytest.mark.slow
@pytest.mark.parametrize("name", bundled_names())
def test_every_bundled_guide_claims_what_it_shows(name, capsys):
    """Ten replications of the guide: each claim holds in each, and every guide says at least
    three things, the first of them that its headline grows before any lever is pulled."""
    scenario = load_scenario(name)
    claims = [c for step in scenario.guide for c in step.claims]
    assert len(claims) >= 3 and scenario.headline is not None
    first_lever = next(s.round for s in scenario.guide if s.set)
    growth = [c for s in scenario.guide if s.round < first_lever for c in s.claims
              if c.quantity == scenario.headline and c.compare == "rises" and c.relative]
    assert any(c.size >= 0.25 and s.round + c.after == 20 and s.round + c.within
               == first_lever for s in scenario.guide for c in s.claims if c in growth)
    status = main(["run", name, "--guide", "--check", "--replications", "10",
                   "--final-only", "--jobs", "2"])
    err = capsys.readouterr().err
    assert status == 0, err
    assert f"all {len(claims)} claims hold in every replication (10)" in err
    # ... and asks the room at least once, with the same answer in each replication
    questions = sum(step.prediction is not None for step in scenario.guide)
    assert questions >= 1
    assert err.count(" replications (weakest: ") - err.count(", claim ") == questions
    assert "the same answer in every replication (10)" in err
