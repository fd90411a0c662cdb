"""Prediction steps ("predict, then observe"): read from scenario files with line-numbered
problems, answered by the run (the choice whose claim holds), printed and checked by
``bias-loop run --guide [--check]``, recorded with the room's votes in run files."""

from __future__ import annotations

import numpy as np
import pytest

from bias_loop.cli import main
from simulator import load_scenario
from simulator.errors import ScenarioError
from simulator.saved_run import open_run, save_run
from simulator.scenario import dump_scenario, parse_scenario, resolve_path
from simulator.workbench import Workbench

LENDING_TEXT = resolve_path("lending").read_text("utf-8")
ASK = 'ask = { en = "Which way?", es = "¿Hacia dónde?" }\n'


def choice(en, es, claim):
    return f'  {{ en = "{en}", es = "{es}", claim = {{ {claim} }} }},\n'


RISES = 'quantity = "selection_rate_B", compare = "rises", size = 0.0, within = 30'
FALLS = 'quantity = "selection_rate_B", compare = "falls", size = 0.0, within = 30'


def with_step(body: str) -> str:
    """Lending, 400 months long, with one more guide step at month 300 (the last one's
    question is decided then)."""
    text = LENDING_TEXT.replace("\nrounds = 300\n", "\nrounds = 400\n", 1)
    return text + f'\n[[guide]]\nround = 300\ncaption = "c"\n{body}'


def problems(text: str) -> dict[str, tuple[int, str]]:
    """Each problem's place -> (its line, its message)."""
    with pytest.raises(ScenarioError) as info:
        parse_scenario(text, "predict.toml")
    out = {}
    for p in info.value.problems:
        line, where, message = p.split(": ", 2)
        out[where] = (int(line.removeprefix("line ")), message)
    return out


def test_a_question_is_read_with_its_choices_and_survives_the_round_trip():
    lending = load_scenario("lending")
    step = lending.guide[4]
    p = step.prediction
    assert p.ask.get("en") == ("Demographic parity: B is now approved as often as A. In 50 "
                               "months, B's mean credit score has…")
    assert p.ask.get("es").startswith("Paridad demográfica")
    assert [c.text.get("en") for c in p.choices] == [
        "risen", "stayed about the same (within 2 points)", "fallen"]
    assert [c.claim.compare for c in p.choices] == ["rises", "stays", "falls"]
    assert p.deciding_round(step.round) == 300
    assert all(s.prediction is None for s in lending.guide[:4])
    assert parse_scenario(dump_scenario(lending), "lending") == lending


def test_the_right_choice_is_the_one_whose_claim_holds_with_its_number():
    text = with_step(ASK + "choices = [\n" + choice("Up", "Sube", RISES)
                     + choice("Down", "Baja", FALLS) + "]\n")
    p = parse_scenario(text, "p.toml").guide[5].prediction

    class Recorder:  # B's approval rate: 0.20 for rounds 1-300, then 0.35
        rounds = np.arange(1, 331)

        @staticmethod
        def series(_):
            return np.where(np.arange(1, 331) > 300, 0.35, 0.20)

    scenario = load_scenario("lending")
    assert p.answer(Recorder, 301) is None  # the deadline, round 331, is not reached
    answer = p.answer(Recorder, 300)
    assert answer.held == (0,) and answer.right == 0
    assert answer.sentence(scenario) == "Approval rate (Group B): rose from 0.20 to 0.35"
    assert answer.sentence(scenario, "es") == "Tasa de aprobación (Grupo B): subió de 0,20 a 0,35"


def test_validate_names_each_bad_field_with_its_line():
    body = (ASK + "choices = [\n" + choice("Up", "Sube", RISES)
            + choice("Down", "Baja", FALLS.replace("selection_rate_B", "selection_rate_Q"))
            + '  { en = "Sideways" },\n]\n')
    found = problems(with_step(body))
    lines = with_step(body).splitlines()
    assert set(found) == {"guide[5].choices[1].claim.quantity", "guide[5].choices[2]"}
    line, message = found["guide[5].choices[1].claim.quantity"]
    assert lines[line - 1].startswith('  { en = "Down"')
    assert "'selection_rate_Q' is not a metric column" in message
    line, message = found["guide[5].choices[2]"]
    assert lines[line - 1] == '  { en = "Sideways" },'
    assert "the claim that makes it right" in message


@pytest.mark.parametrize(("body", "where", "says"), [
    (ASK, "guide[5].ask", "needs 2 to 4 choices"),
    (ASK + "choices = [\n" + choice("Up", "Sube", RISES) + "]\n", "guide[5].choices",
     "needs 2 to 4 choices"),
    (ASK + "choices = [\n" + choice("a", "a", RISES) * 5 + "]\n", "guide[5].choices",
     "got 5"),
    ("choices = [\n" + choice("Up", "Sube", RISES) + choice("Down", "Baja", FALLS) + "]\n",
     "guide[5].choices", "choices need a question: add ask"),
    ('ask = 3\nchoices = [\n' + choice("Up", "Sube", RISES) + choice("Down", "Baja", FALLS)
     + "]\n", "guide[5].ask", "expected text like"),
])
def test_a_question_needs_its_text_and_two_to_four_choices(body, where, says):
    found = problems(with_step(body))
    assert list(found) == [where]
    line, message = found[where]
    assert says in message
    assert with_step(body).splitlines()[line - 1].startswith(where.rsplit(".", 1)[1])


def test_the_answer_is_decided_no_later_than_the_next_steps_round():
    late = RISES.replace("within = 30", "within = 70")
    body = (ASK + "choices = [\n" + choice("Up", "Sube", FALLS) + choice("Down", "Baja", late)
            + "]\n")
    text = LENDING_TEXT.replace("round = 190\n", "round = 190\n" + body, 1)
    found = problems(text)
    assert list(found) == ["guide[3].choices[1].claim.within"]
    line, message = found["guide[3].choices[1].claim.within"]
    assert "within = 70" in text.splitlines()[line - 1]
    assert message == ("the answer is decided at round 260, after the next step (round "
                       "250); give every choice's claim within = 60 or less")
    # the deciding round may fall on the next step's round itself
    assert parse_scenario(text.replace("within = 70", "within = 60"), "p.toml")


def test_guide_prints_the_question_and_the_answer_on_stderr(capsys):
    assert main(["run", "lending", "--guide", "--final-only"]) == 0
    err = capsys.readouterr().err.splitlines()
    at = err.index(next(line for line in err if line.startswith("step 5 asks: ")))
    assert err[at + 1] == "  A. risen (right if mean_score_B rises by at least 2 within 50 rounds)"
    assert err[at + 3] == "  C. fallen (right if mean_score_B falls by at least 2 within 50 rounds)"
    answer = err[at + 4]
    assert answer.startswith("step 5 answer: C. fallen (B's mean score fell from ")
    start, end = (float(x) for x in answer.removesuffix(")").split("fell from ")[1]
                  .replace("\u2212", "-").split(" to "))
    assert start - end >= 2  # it fell by the 2 points the choice's claim asks for, at least
    assert not any("claim" in line for line in err)  # claims are checked with --check only


def test_check_confirms_one_and_the_same_answer_and_names_the_step_otherwise(capsys, tmp_path):
    # Two choices that both hold (B's approvals exceed 0 and exceed 0.01): no single answer.
    both = (ASK + "choices = [\n"
            + choice("Above 0", "Más de 0", 'quantity = "selection_rate_B", compare = "exceeds", '
                                            "size = 0.0, within = 30")
            + choice("Above 0.01", "Más de 0,01", 'quantity = "selection_rate_B", compare = '
                                                  '"exceeds", size = 0.01, within = 30') + "]\n")
    path = tmp_path / "both.toml"
    path.write_text(with_step(both), encoding="utf-8")
    status = main(["run", str(path), "--guide", "--check", "--replications", "2",
                   "--final-only"])
    err = capsys.readouterr().err
    assert status == 1
    assert ("step 6 answer: NOT THE SAME in every replication of seed 7: no single choice in 2 "
            "(replications 0, 1)") in err
    assert "1 of 2 questions are not answered the same in every replication: step 6" in err
    assert main(["run", "lending", "--guide", "--check", "--replications", "3",
                 "--final-only"]) == 0
    err = capsys.readouterr().err
    assert "step 5 answer: C. fallen, in 3/3 replications (weakest: -" in err
    assert "the question has the same answer in every replication (3)" in err


def test_a_short_run_says_it_ended_before_the_answer(capsys):
    assert main(["run", "lending", "--guide", "--check", "--rounds", "280",
                 "--final-only"]) == 1
    err = capsys.readouterr().err
    assert ("step 5 answer: NOT THE SAME in every replication of seed 7: no single choice in 1 "
            "(replications 0; 1 ended before the answer is decided at round 300: play at least "
            "that many rounds)") in err


def test_the_workbench_records_votes_and_answer_and_a_run_file_keeps_them(tmp_path):
    bench = Workbench(load_scenario("lending"))
    bench.play_guide(5)
    assert bench.asking == 4 and bench.asked_at == 250 and bench.reveal_round() == 300
    bench.votes = [12, 4, 3]
    bench.play(bench.reveal_round() - bench.sim.round)
    answer = bench.reveal()
    assert answer.right == 2 and bench.asking is None and bench.answers[4] is answer
    record = {"step": 5, "ask": bench.guide_steps[4].prediction.ask.get("en"),
              "votes": [12, 4, 3], "answer": 3, "asked": 250, "decided": 300}
    assert bench.sim.predictions == [record]
    assert bench.sim.manifest()["predictions"] == [record]
    path = tmp_path / "run.toml"
    save_run(bench.sim, path)
    assert "[[predictions]]" in path.read_text("utf-8")
    assert open_run(path).predictions == [record]
    assert bench.sim.fork(at_round=299).predictions == []  # decided after the branch
    assert bench.sim.fork(at_round=300).predictions == [record]


def test_a_run_file_with_a_broken_prediction_is_refused(tmp_path):
    bench = Workbench(load_scenario("lending"))
    bench.play(3)
    path = tmp_path / "run.toml"
    save_run(bench.sim, path)
    path.write_text(path.read_text("utf-8") + '\n[[predictions]]\nstep = 1\nvotes = ["x"]\n',
                    encoding="utf-8")
    with pytest.raises(Exception, match="each predictions entry must have step, ask"):
        open_run(path)
