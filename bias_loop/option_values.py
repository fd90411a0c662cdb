"""Option values of the ``bias-loop`` commands: ``KEY=VALUE`` (``--set``, ``--grid``),
``ROUND:KEY=VALUE`` (``--at``), whole numbers and window sizes, each parsed with one message
naming the option, what was typed and what is allowed.

``run`` and ``sweep`` share these rules, so they live apart from both commands.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

from simulator import BiasLoopError, RestartRequired
from simulator.errors import shown
from simulator.limits import MAX_ROUNDS
from simulator.runs import Change
from simulator.schema import parse_value
from simulator.tomlio import MAX_DIGITS

#: A parameter key is a few dotted words (``groups.<group id>.<name>``, a group id at most 32
#: characters); a longer one is a mistake, said as such rather than looked up.
MAX_KEY_LENGTH = 200


def parse_assignment(text: str, option: str) -> tuple[str, Any]:
    """``KEY=VALUE`` as a key and a parsed value."""
    key, sep, value = text.partition("=")
    if not sep or not key.strip():
        raise BiasLoopError(f"{option} {shown(text)}: expected KEY=VALUE, "
                            f"e.g. {option} mitigation.reweighing=true")
    return _key(key, option, text), _value(value, option, text)


def parse_change(text: str) -> Change:
    """``--at ROUND:KEY=VALUE``: after ROUND rounds, set KEY (applied from round ROUND + 1)."""
    round_text, sep, assignment = text.partition(":")
    key, eq, value = assignment.partition("=")
    digits = round_text.strip()
    if not sep or not (digits.isascii() and digits.isdigit()) or not eq or not key.strip():
        raise BiasLoopError(f"--at {shown(text)}: expected ROUND:KEY=VALUE with ROUND a "
                            "whole number, e.g. --at 50:mitigation.reweighing=true")
    if len(digits) > MAX_DIGITS:
        raise BiasLoopError(f"--at {shown(text)}: ROUND has {len(digits):,} digits; a run "
                            f"has at most {MAX_ROUNDS:,} rounds")
    return Change(int(digits), _key(key, "--at", text), _value(value, "--at", text))


def _key(key: str, option: str, text: str) -> str:
    key = key.strip()
    if len(key) > MAX_KEY_LENGTH:
        raise BiasLoopError(f"{option} {shown(text)}: a key of {len(key):,} characters; "
                            f"keys are at most {MAX_KEY_LENGTH} (`bias-loop describe` lists "
                            "them)")
    return key


def _value(value: str, option: str, text: str) -> Any:
    try:
        return parse_value(value.strip())
    except BiasLoopError as exc:
        raise BiasLoopError(f"{option} {shown(text)}: {exc}") from None


def in_context(option: str, text: str, check: Callable[[], Any]) -> Any:
    """Run ``check``, and name the offending option in any error it raises."""
    try:
        return check()
    except RestartRequired as exc:
        assignment = text.partition(":")[2]
        raise BiasLoopError(f"{option} {shown(text)}: {exc}; start the run with it "
                            f"instead: --set {assignment}") from None
    except BiasLoopError as exc:
        raise BiasLoopError(f"{option} {shown(text)}: {exc}") from None


def whole(least: int, most: int | None = None) -> Callable[[str], int]:
    """An argparse type: a whole number of at least ``least`` (and at most ``most``)."""

    def convert(text: str) -> int:
        try:
            value = int(text) if len(text) <= MAX_DIGITS + 2 else None
        except ValueError:
            value = None
        if value is None or value < least or most is not None and value > most:
            allowed = f"of at least {least}" if most is None else f"from {least} to {most:,}"
            raise argparse.ArgumentTypeError(
                f"expected a whole number {allowed}, got {text[:30]!r}")
        return value

    return convert


#: Window sizes ``gui --size`` accepts, in pixels: the smallest the window lays out in, and an
#: 8K screen.
WINDOW_SIZES = ((800, 600), (7680, 4320))


def window_size(text: str) -> tuple[int, int]:
    """An argparse type: ``WIDTHxHEIGHT`` in pixels, within :data:`WINDOW_SIZES`."""
    (w0, h0), (w1, h1) = WINDOW_SIZES
    width, sep, height = text.lower().partition("x")
    if (sep and width.isdigit() and height.isdigit()
            and w0 <= int(width) <= w1 and h0 <= int(height) <= h1):
        return int(width), int(height)
    raise argparse.ArgumentTypeError(
        f"expected WIDTHxHEIGHT in pixels, from {w0}x{h0} to {w1}x{h1} (e.g. 1920x1080), "
        f"got {text!r}")
