"""Reading and writing TOML, the one way every file and option value of ours goes through.

Reading: ``tomllib`` parses, then the result is held to limits a hand-edited or crafted file
cannot get past: values nested at most :data:`MAX_DEPTH` levels (deeper input would exhaust the
interpreter's stack in the parser or in our own walks over it), integers of at most
:data:`MAX_DIGITS` digits (the parser refuses to read beyond 4,300, with a message of its own
that names no place), and a leading UTF-8 byte-order mark, which Windows editors add, is
accepted. Every refusal is a :class:`TomlProblem` saying what was wrong and where.

Writing: ``tomli_w`` (a maintained library) writes every file, so control characters, quotes
and non-ASCII text in a title or caption come back exactly as they went in;
:func:`literal` gives the one-line form a CSV manifest line holds.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from typing import Any

import tomli_w

from .errors import BiasLoopError

MAX_DEPTH = 32
MAX_DIGITS = 20
#: A value typed on a command line or held on one manifest line is short; longer text is
#: refused before it is parsed.
MAX_VALUE_LENGTH = 10_000
BOM = "\ufeff"


class TomlProblem(BiasLoopError):
    """Text that is not TOML we read: the message says what is wrong (callers add the file)."""


class TomlSyntaxError(TomlProblem):
    """Text that is not TOML at all (as opposed to TOML past our limits)."""


def loads(text: str) -> dict[str, Any]:
    """The TOML document ``text``, checked against the limits above."""
    data = _parse(text[1:] if text.startswith(BOM) else text)
    check_limits(data, "")
    return data


def loads_value(text: str) -> Any:
    """One TOML value (``0.5``, ``true``, ``"text"``): typed on a command line, or a
    manifest line of a CSV."""
    if "\n" in text or "\r" in text:
        raise TomlSyntaxError("a value is one line of text")
    if len(text) > MAX_VALUE_LENGTH:
        raise TomlProblem(f"a value of {len(text):,} characters; at most "
                          f"{MAX_VALUE_LENGTH:,} are allowed")
    value = _parse(f"v = {text}")["v"]
    check_limits(value, "the value")
    return value


def _parse(text: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise TomlSyntaxError(f"not valid TOML: {exc}") from None
    except RecursionError:
        raise TomlProblem(f"values nested too deep; at most {MAX_DEPTH} levels are "
                          "allowed") from None
    except ValueError:  # the parser's own guard against integers of more than 4,300 digits
        raise TomlProblem(f"a number too long to read; integers have at most {MAX_DIGITS} "
                          "digits") from None


def check_limits(data: Any, root: str) -> None:
    """Refuse values nested deeper than :data:`MAX_DEPTH` or integers longer than
    :data:`MAX_DIGITS` digits, naming the key (``root`` names ``data`` itself). Walks with
    its own stack, so a document of any depth is measured without recursion."""
    stack: list[tuple[Any, str, int]] = [(data, root, 0)]
    while stack:
        value, key, depth = stack.pop()
        if isinstance(value, Mapping | list):
            if depth >= MAX_DEPTH:
                raise TomlProblem(f"{_short(key) or 'the document'}: values nested more than "
                                  f"{MAX_DEPTH} levels deep; at most {MAX_DEPTH} are allowed")
            items = value.items() if isinstance(value, Mapping) else enumerate(value)
            for k, v in items:
                child = f"{key}[{k}]" if isinstance(k, int) else (f"{key}.{k}" if key else k)
                stack.append((v, child, depth + 1))
        elif isinstance(value, int) and not isinstance(value, bool) \
                and abs(value) >= 10**MAX_DIGITS:
            raise TomlProblem(f"{_short(key)}: an integer of {len(str(abs(value)))} digits; "
                              f"integers have at most {MAX_DIGITS} digits")


def _short(key: str, limit: int = 80) -> str:
    """A key path short enough for a message (a crafted one can have thousands of parts)."""
    return key if len(key) <= limit else key[: limit - 3] + "..."


def dumps(data: Mapping[str, Any], multiline_strings: bool = False) -> str:
    """``data`` as a TOML document (``tomllib.loads(dumps(d)) == d``)."""
    return tomli_w.dumps(plain(data), multiline_strings=multiline_strings)


def literal(value: Any) -> str:
    """``value`` as a TOML literal on one line (a CSV manifest line, a ``describe`` row):
    strings and numbers written by ``tomli_w``, arrays and tables inline."""
    value = plain(value)
    if isinstance(value, Mapping):
        items = ", ".join(f"{_key(k)} = {literal(v)}" for k, v in value.items())
        return "{ " + items + " }" if items else "{}"
    if isinstance(value, list):
        return "[" + ", ".join(literal(v) for v in value) + "]"
    return tomli_w.dumps({"v": value}).removeprefix("v = ").removesuffix("\n")


def _key(key: str) -> str:
    return tomli_w.dumps({key: 0}).rsplit(" = ", 1)[0]


def plain(value: Any) -> Any:
    """``value`` with numpy scalars as Python ones and tuples as lists, which is all the
    writer needs to know about our values."""
    if hasattr(value, "item") and not isinstance(value, dict | list | tuple | str):
        value = value.item()
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return value
