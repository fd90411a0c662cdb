"""Prediction steps: a guide step that asks the room before it plays on ("predict, then observe").

A room that has guessed remembers the answer better than a room that was told (PhET's and PAIR's
predict-then-check prompts). A guide step may ``ask`` a question with two to four ``choices``,
each a text that carries a :class:`~simulator.claims.Claim`: the right choice is the one whose
claim holds, so the answer is measured in the run the room is watching, with the number that
decides it, and never typed in by hand. The answer is decided once every choice's claim has
reached its deadline (the *deciding round*, counted from the round the step was performed),
which a scenario must put no later than its next step's round. ``bias-loop run --guide --check``
confirms that exactly one choice holds, and the same one, in every replication. No Qt here.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from .claims import Claim, Verdict, parse_claim
from .text import Text

MIN_CHOICES, MAX_CHOICES = 2, 4
#: How the room names a choice, on screen, in the report and on the command line.
LETTERS = "ABCD"
CHOICE_CLAIM = "claim"


@dataclass(frozen=True)
class Choice:
    text: Text
    claim: Claim


@dataclass(frozen=True)
class Prediction:
    """The question of a guide step and its choices."""

    ask: Text
    choices: tuple[Choice, ...]

    @property
    def within(self) -> int:
        """Rounds after the step by which every choice's claim is decided."""
        return max(c.claim.within for c in self.choices)

    def deciding_round(self, step_round: int) -> int:
        """The round the answer is known at, for a step performed after ``step_round``."""
        return step_round + self.within

    def answer(self, recorder, step_round: int) -> Answer | None:
        """The answer once the run has reached the deciding round (None before): which
        choices' claims held, each with its verdict."""
        verdicts = tuple(c.claim.evaluate(recorder, step_round) for c in self.choices)
        if any(v is None for v in verdicts):
            return None
        return Answer(self, verdicts)

    def to_data(self) -> dict[str, Any]:
        """The ``ask`` and ``choices`` of the step as a scenario file writes them."""
        return {"ask": self.ask.to_data(),
                "choices": [{**c.text.to_data(), CHOICE_CLAIM: c.claim.to_data()}
                            for c in self.choices]}


@dataclass(frozen=True)
class Answer:
    """A prediction decided in one run: each choice's verdict, in the order of the choices."""

    prediction: Prediction
    verdicts: tuple[Verdict, ...]

    @property
    def held(self) -> tuple[int, ...]:
        return tuple(i for i, v in enumerate(self.verdicts) if v.holds)

    @property
    def right(self) -> int | None:
        """The 0-based index of the right choice: the one whose claim held, when exactly one
        did (None when none or several did: the question did not decide this run)."""
        held = self.held
        return held[0] if len(held) == 1 else None

    def sentence(self, scenario, lang: str = "en") -> str:
        """The number that decides it, in the run's language (its claim's sentence)."""
        right = self.right
        return "" if right is None else self.verdicts[right].sentence(scenario, lang)


def letter(index: int) -> str:
    return LETTERS[index]


# --- reading a prediction from a scenario file -------------------------------------------------


def parse_prediction(step: Mapping[str, Any], where: str, columns: list[str], step_round: int,
                     rounds: int, problem: Callable[[str, str], None],
                     text: Callable[[Any, str], Text]) -> Prediction | None:
    """The ``ask`` and ``choices`` of the guide step table ``step`` (None when it has neither,
    or after naming each problem): a question, and two to four choices each written as a text
    with its claim, ``{ en = "...", es = "...", claim = { quantity = ..., ... } }``."""
    if "ask" not in step and "choices" not in step:
        return None
    if "ask" not in step:
        problem(f"{where}.choices", 'choices need a question: add ask = { en = "...", '
                'es = "..." } to the step')
        return None
    ask = text(step["ask"], f"{where}.ask")
    raw = step.get("choices")
    if not isinstance(raw, list) or not MIN_CHOICES <= len(raw) <= MAX_CHOICES:
        problem(f"{where}.choices" if "choices" in step else f"{where}.ask",
                f"a question needs {MIN_CHOICES} to {MAX_CHOICES} choices, each "
                '{ en = "...", es = "...", claim = { quantity = "...", compare = "rises", '
                f"size = 0.1, within = 40 }} (the right one is the one whose claim holds), got "
                f"{_count(raw)}")
        return None
    choices = []
    for k, item in enumerate(raw):
        at = f"{where}.choices[{k}]"
        if not isinstance(item, Mapping) or CHOICE_CLAIM not in item:
            problem(at, "a choice is its text with the claim that makes it right: "
                    '{ en = "...", es = "...", claim = { quantity = "...", compare = "falls", '
                    "size = 2.0, within = 50 } }")
            continue
        label = text({k: v for k, v in item.items() if k != CHOICE_CLAIM}, at)
        claim = parse_claim(item[CHOICE_CLAIM], f"{at}.{CHOICE_CLAIM}", columns, step_round,
                            rounds, problem, text)
        if claim is not None:
            choices.append(Choice(label, claim))
    if len(choices) != len(raw):
        return None
    return Prediction(ask, tuple(choices))


def _count(raw: Any) -> str:
    return f"{len(raw)}" if isinstance(raw, list) else repr(raw)


# --- checking predictions over runs ------------------------------------------------------------


@dataclass(frozen=True)
class PredictionCheck:
    """One prediction step in several runs: ``answers`` pairs each run's replication with its
    answer (None: the run ended before the deciding round)."""

    step: int  # 0-based index of the guide step
    prediction: Prediction
    answers: tuple[tuple[int, Answer | None], ...]
    deciding: int  # the round it is decided at, on schedule

    @property
    def rights(self) -> Counter:
        """How many runs gave each right choice (None: undecided or not reached)."""
        return Counter(None if a is None else a.right for _, a in self.answers)

    @property
    def right(self) -> int | None:
        """The right choice when every run agrees on one, else None."""
        rights = self.rights
        return next(iter(rights)) if len(rights) == 1 else None

    @property
    def disagreeing(self) -> list[int]:
        """Replications undecided, or whose answer differs from the most common decided one."""
        decided = Counter({k: n for k, n in self.rights.items() if k is not None})
        common = decided.most_common(1)[0][0] if decided else None
        return [r for r, a in self.answers if a is None or a.right is None or a.right != common]

    def weakest(self) -> tuple[int, Verdict] | None:
        """Where the right choice held least: (replication, verdict)."""
        right = self.right
        if right is None:
            return None
        return min(((r, a.verdicts[right]) for r, a in self.answers),
                   key=lambda rv: rv[1].margin)


def check_predictions(steps, results) -> list[PredictionCheck]:
    """Every prediction step of the guide ``steps`` in every run of ``results`` (objects with
    ``replication`` and ``recorder``) that followed the guide on schedule."""
    return [PredictionCheck(i, step.prediction,
                            tuple((r.replication, step.prediction.answer(r.recorder, step.round))
                                  for r in results),
                            step.prediction.deciding_round(step.round))
            for i, step in enumerate(steps) if step.prediction is not None]
