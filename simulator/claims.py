"""Claims: what a guide step says the room will see, in a form a run can check.

A facilitator trusts a caption in front of a room, so a caption that promises "B's approvals
rise" should come with a claim the program checks: a *quantity* (a metric column, or the
difference or ratio of two), a *comparison* (rises, falls, stays, exceeds, within), a *size*
(absolute, or relative: ``"25%"``) and a *deadline* counted in rounds from the step, never an
absolute round, since a facilitator may press Next late.

Single rounds are noisy, so a claim compares means over :data:`WINDOW` rounds: "rises by 0.10
within 40 rounds" compares the mean over the 10 rounds ending at the deadline with the mean over
the 10 rounds ending at the step (or ``after`` rounds after it). Evaluation needs only a
recorder-like object (``rounds`` and ``series(column)``), so the GUI, the CLI's ``--check`` and
later features (prediction steps) share it. No Qt here.
"""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from .text import Text, localise_number

#: Rounds averaged at each end of a comparison.
WINDOW = 10
COMPARISONS = ("rises", "falls", "stays", "exceeds", "within")
#: Comparisons of the two windows' means; the others compare the last window with a level.
CHANGES = ("rises", "falls", "stays")
CLAIM_KEYS = ("quantity", "compare", "size", "within", "after", "text")
OPERATORS = {"-": "\u2212", "/": "/"}
_QUANTITY = re.compile(r"^\s*([A-Za-z]\w*)\s*(?:([-/\u2212])\s*([A-Za-z]\w*)\s*)?$")
_PERCENT = re.compile(r"^\s*([0-9]+(?:\.[0-9]*)?)\s*%\s*$")


@dataclass(frozen=True)
class Quantity:
    """A metric column, or ``left - right`` / ``left / right`` of two columns."""

    left: str
    op: str = ""
    right: str = ""

    @classmethod
    def parse(cls, text: Any) -> Quantity:
        """``"selection_rate_B"``, ``"perceived_rate_B - true_rate_B"``, ``"a / b"``; a
        ValueError says what is allowed. Parsed by a pattern, never evaluated."""
        m = _QUANTITY.match(text) if isinstance(text, str) else None
        if not m:
            raise ValueError(f"expected a metric column, or two joined by - or /, e.g. "
                             f'"perceived_rate_B - true_rate_B", got {text!r}')
        left, op, right = m.groups()
        return cls(left, "-" if op == "\u2212" else (op or ""), right or "")

    @property
    def columns(self) -> tuple[str, ...]:
        return (self.left, self.right) if self.op else (self.left,)

    def __str__(self) -> str:
        return f"{self.left} {self.op} {self.right}" if self.op else self.left

    def mean(self, recorder, last: int) -> float:
        """The quantity's mean over the :data:`WINDOW` rounds ending at round ``last`` (rounds
        without a value left out; nan when there are none). ``recorder`` has ``rounds`` (in
        order) and ``series(column)``; only the window's rows are read, so this is cheap
        enough for every frame of a long run."""
        rounds = np.asarray(recorder.rounds)
        lo, hi = np.searchsorted(rounds, [last - WINDOW, last], side="right")
        a, *b = (np.asarray(recorder.series(c), dtype=float)[lo:hi] for c in self.columns)
        if self.op == "-":
            a = a - b[0]
        elif self.op == "/":
            with np.errstate(divide="ignore", invalid="ignore"):
                a = np.where(b[0] != 0, a / np.where(b[0] != 0, b[0], 1.0), np.nan)
        finite = a[np.isfinite(a)]
        return float(finite.mean()) if len(finite) else math.nan

    def label(self, scenario, lang: str = "en") -> str:
        """The quantity in the scenario's words: "Mean credit score (Group A − Group B)"."""
        parts = [column_parts(scenario, c, lang) for c in self.columns]
        if not self.op:
            return _joined(*parts[0])
        (metric_a, group_a), (metric_b, group_b) = parts
        sign = f" {OPERATORS[self.op]} "
        if metric_a == metric_b and group_a and group_b:
            return f"{metric_a} ({group_a}{sign}{group_b})"
        return _joined(metric_a, group_a) + sign + _joined(metric_b, group_b)


def column_label(scenario, column: str, lang: str = "en") -> str:
    """A CSV column in the scenario's words: "Selection rate (Group B)"."""
    return _joined(*column_parts(scenario, column, lang))


def _joined(metric: str, group: str) -> str:
    return f"{metric} ({group})" if group else metric


def column_parts(scenario, column: str, lang: str) -> tuple[str, str]:
    """(metric label, group label) of a CSV column; the group is "" for a whole-run metric."""
    for metric in scenario.metrics():
        for gid, name in zip(scenario.group_ids, metric.columns(scenario.group_ids),
                             strict=False):
            if name == column:
                group = scenario.group_label(gid, lang) if metric.per_group else ""
                return metric.label.get(lang), group
    return column, ""


@dataclass(frozen=True)
class Claim:
    """What the room should see after a step: ``quantity`` ``compare`` by ``size`` (or, as a
    share of the starting value, ``relative``) within ``within`` rounds of the step, compared
    from ``after`` rounds after the step. ``text`` is optional display text, in which
    ``{start}`` and ``{end}`` stand for the measured means."""

    quantity: Quantity
    compare: str
    size: float
    within: int
    relative: bool = False
    after: int = 0
    text: Text | None = None

    def rounds(self, step_round: int) -> tuple[int, int]:
        """The last rounds of the two windows compared, for a step applied after
        ``step_round`` rounds."""
        return step_round + self.after, step_round + self.within

    def describe(self) -> str:
        """The claim in one line of the file's own terms (for command-line reports)."""
        size = f"{self.size * 100:g}%" if self.relative else f"{self.size:g}"
        words = {"rises": f"rises by at least {size}", "falls": f"falls by at least {size}",
                 "stays": f"stays within ±{size} of its start", "exceeds": f"exceeds {size}",
                 "within": f"is within ±{size}"}[self.compare]
        span = f"within {self.within} rounds"
        if self.after:
            span = f"from {self.after} to {self.within} rounds after the step"
        return f"{self.quantity} {words} {span}"

    def to_data(self) -> dict[str, Any]:
        """The claim as a scenario file writes it."""
        out: dict[str, Any] = {"quantity": str(self.quantity), "compare": self.compare,
                               "size": f"{self.size * 100:g}%" if self.relative else self.size,
                               "within": self.within}
        if self.after:
            out["after"] = self.after
        if self.text is not None:
            out["text"] = self.text.to_data()
        return out

    def evaluate(self, recorder, step_round: int) -> Verdict | None:
        """The verdict once the run has reached the deadline; None before."""
        first, last = self.rounds(step_round)
        rounds = np.asarray(recorder.rounds)
        if not len(rounds) or rounds[-1] < last:
            return None
        start, end = self.quantity.mean(recorder, first), self.quantity.mean(recorder, last)
        if self.compare in CHANGES:
            value = end - start
            if self.relative:
                value = value / abs(start) if start else math.nan
            needed = -self.size if self.compare == "falls" else self.size
            margin = {"rises": value - needed, "falls": needed - value,
                      "stays": needed - abs(value)}[self.compare]
        elif self.compare == "exceeds":
            value, needed = end, self.size
            margin = value - needed
        else:
            value, needed = abs(end), self.size
            margin = needed - value
        holds = bool(margin >= 0)  # a nan (no data) never holds
        return Verdict(self, holds, value, needed, margin, start, end)


@dataclass(frozen=True)
class Verdict:
    """A claim checked in one run: whether it held, the measured ``value`` (a change, a
    relative change or a level, as the claim compares) against ``needed``, and ``margin``, how
    far on the right side of the line it was (negative: it failed)."""

    claim: Claim
    holds: bool
    value: float
    needed: float
    margin: float
    start: float
    end: float

    def against(self) -> str:
        """"+0.14 against +0.10 needed": the command line's words for how it went."""
        c = self.claim
        if c.compare in CHANGES:
            fmt = _percent if c.relative else _signed
            if c.compare == "stays":
                return f"{fmt(self.value)} against at most ±{fmt(self.needed)[1:]}"
            return f"{fmt(self.value)} against {fmt(self.needed)} needed"
        if c.compare == "exceeds":
            return f"{figure(self.value)} against {figure(self.needed)} needed"
        return f"{figure(self.value)} from zero against at most {figure(self.needed)}"

    def sentence(self, scenario, lang: str = "en") -> str:
        """What the room saw, in the run's language: the claim's own text with its
        ``{start}`` and ``{end}`` filled in, or a sentence made from the metric labels."""
        start, end = figure(self.start, lang, True), figure(self.end, lang, True)
        if self.claim.text is not None:
            return self.claim.text.get(lang).replace("{start}", start).replace("{end}", end)
        what = self.claim.quantity.label(scenario, lang)
        size = figure(self.claim.size, lang, True)
        template = SENTENCES[self.claim.compare].get(lang)
        return template.format(what=what, start=start, end=end, size=size)


SENTENCES = {
    "rises": Text("{what}: rose from {start} to {end}"),
    "falls": Text("{what}: fell from {start} to {end}"),
    "stays": Text("{what}: held at {end} (from {start})"),
    "exceeds": Text("{what}: reached {end}, above {size}"),
    "within": Text("{what}: {end}, within ±{size}"),
}


def figure(value: float, lang: str = "en", minus: bool = False) -> str:
    """A figure to about three significant digits, in ``lang``'s number format; ``minus``
    writes a true minus sign, easier to see on a projector than a hyphen."""
    if not math.isfinite(value):
        return "nan"
    size = abs(value)
    digits = 0 if size >= 100 else 1 if size >= 10 else 2 if size >= 0.1 or size == 0 else 3
    text = f"{value:.{digits}f}"
    if text.strip("-0.") == "":
        text = text.lstrip("-")
    text = localise_number(text, lang)
    return text.replace("-", "\u2212") if minus else text


def _signed(value: float) -> str:
    text = figure(value)
    return text if text.startswith("-") or text == "nan" else "+" + text


def _percent(value: float) -> str:
    if not math.isfinite(value):
        return "nan"
    return f"{value * 100:+.0f}%"


# --- reading claims from a scenario file -----------------------------------------------------


def parse_claim(raw: Any, where: str, columns: list[str], step_round: int, rounds: int,
                problem: Callable[[str, str], None],
                text: Callable[[Any, str], Text]) -> Claim | None:
    """One claim table of the guide step at ``step_round``, checked; every problem goes to
    ``problem(where, message)`` and the result is None when the claim cannot be used.
    ``columns`` are the scenario's metric columns, ``rounds`` its length; ``text`` reads a
    bilingual text like every other in the file."""
    if not isinstance(raw, Mapping):
        problem(where, "expected a claim table: { quantity = \"...\", compare = \"rises\", "
                       "size = 0.1, within = 40 }")
        return None
    ok = True
    for key in raw:
        if key not in CLAIM_KEYS:
            problem(f"{where}.{key}", f"unknown key; allowed: {', '.join(CLAIM_KEYS)}")
            ok = False
    quantity = None
    try:
        quantity = Quantity.parse(raw.get("quantity"))
    except ValueError as exc:
        problem(f"{where}.quantity", str(exc))
        ok = False
    if quantity is not None:
        for column in quantity.columns:
            if column not in columns:
                close = difflib.get_close_matches(column, columns, n=1)
                hint = f"did you mean {close[0]!r}? " if close else ""
                problem(f"{where}.quantity", f"{column!r} is not a metric column of this "
                        f"scenario; {hint}see `bias-loop describe` for its columns")
                ok = False
    compare = raw.get("compare")
    if compare not in COMPARISONS:
        problem(f"{where}.compare", f"expected one of {', '.join(COMPARISONS)}, "
                f"got {compare!r}")
        ok = False
    size, relative = _size(raw.get("size"), compare, f"{where}.size", problem)
    ok = ok and size is not None
    within = _rounds(raw.get("within"), f"{where}.within", 1, problem)
    after = _rounds(raw.get("after", 0), f"{where}.after", 0, problem)
    ok = ok and within is not None and after is not None
    if within is not None and after is not None and after >= within:
        problem(f"{where}.after", f"the comparison starts {after} rounds after the step, "
                f"not before its deadline of {within} rounds; make after smaller than within")
        ok = False
    # (a step past the end is reported as such, not as each of its claims)
    if within is not None and step_round <= rounds < step_round + within:
        problem(f"{where}.within", f"the deadline, {within} rounds after the step at round "
                f"{step_round}, is past the end of the scenario (scenario.rounds = {rounds})")
        ok = False
    if after is not None and compare in CHANGES and step_round + after < WINDOW:
        problem(f"{where}.after", f"a {compare} claim compares with the mean of the "
                f"{WINDOW} rounds before its start, and a step at round {step_round} has "
                f"only {step_round + after}; give after = {WINDOW - step_round} or more")
        ok = False
    shown = text(raw["text"], f"{where}.text") if "text" in raw else None
    if not ok:
        return None
    return Claim(quantity, compare, size, within, relative, after, shown)


def _size(value: Any, compare: Any, where: str,
          problem: Callable[[str, str], None]) -> tuple[float | None, bool]:
    if isinstance(value, str):
        m = _PERCENT.match(value)
        if not m:
            problem(where, f'expected a number (0.1) or a percentage ("25%"), got {value!r}')
            return None, False
        if compare not in CHANGES:
            problem(where, f"a {compare!r} claim compares with a level, so its size is a "
                    "number, not a percentage; percentages are for rises, falls and stays")
            return None, False
        return float(m.group(1)) / 100, True
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(
            value):
        problem(where, f'expected a number (0.1) or a percentage ("25%"), got {value!r}')
        return None, False
    if compare != "exceeds" and value < 0:
        problem(where, f"a claim that a quantity {compare} needs a size of 0 or more, got "
                f"{value!r}")
        return None, False
    return float(value), False


def _rounds(value: Any, where: str, least: int,
            problem: Callable[[str, str], None]) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int) or value < least:
        problem(where, f"expected a whole number of rounds after the step, at least {least}, "
                f"got {value!r}")
        return None
    return value


# --- checking a guide over runs ----------------------------------------------------------------


@dataclass(frozen=True)
class ClaimCheck:
    """One claim of a guide, checked in several runs: ``verdicts`` pairs each run's
    replication with its verdict (None: the run ended before the claim's deadline)."""

    step: int  # 0-based index of the guide step
    index: int  # 0-based index of the claim in its step
    claim: Claim
    verdicts: tuple[tuple[int, Verdict | None], ...]
    deadline: int  # the round by which it is decided

    @property
    def failed(self) -> list[int]:
        """Replications where the claim did not hold, or was not reached."""
        return [r for r, v in self.verdicts if v is None or not v.holds]

    @property
    def weakest(self) -> tuple[int, Verdict] | None:
        """The run where the claim held least (or failed most), with its verdict."""
        decided = [(r, v) for r, v in self.verdicts if v is not None]
        if not decided:
            return None
        return min(decided, key=lambda rv: rv[1].margin if math.isfinite(rv[1].margin)
                   else -math.inf)


def check_guide(steps, results) -> list[ClaimCheck]:
    """Every claim of the guide ``steps`` in every run of ``results`` (objects with
    ``replication`` and ``recorder``), for runs that followed the guide on schedule: step
    ``i`` applied after ``steps[i].round`` rounds."""
    return [ClaimCheck(i, j, claim, tuple((r.replication, claim.evaluate(r.recorder, step.round))
                                          for r in results), claim.rounds(step.round)[1])
            for i, step in enumerate(steps) for j, claim in enumerate(step.claims)]
