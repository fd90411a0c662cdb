"""User-facing errors.

Every mistake a user can make (a scenario file, a ``--set``, a path, a value out of range) is
raised as a :class:`BiasLoopError` whose message names what was wrong and what is allowed. The CLI
prints the message and exits with status 2; the GUI shows it in a dialog. Nothing else is caught,
so a genuine bug still shows its traceback to the developers.
"""

from __future__ import annotations


class BiasLoopError(Exception):
    """An error caused by user input, with a message meant for that user."""


class ParamError(BiasLoopError):
    """A parameter key or value that the schema does not allow."""


class ScenarioError(BiasLoopError):
    """A scenario file that cannot be read or does not validate.

    ``problems`` holds one line per problem, each naming the file, line and key where known, so
    that ``bias-loop validate`` can list them all at once instead of stopping at the first.
    """

    def __init__(self, source: str, problems: list[str]):
        self.source = source
        self.problems = list(problems)
        lines = "\n".join(f"  - {p}" for p in self.problems)
        count = len(self.problems)
        super().__init__(f"{source}: {count} problem{'' if count == 1 else 's'}\n{lines}")

    def __reduce__(self):
        return (type(self), (self.source, self.problems))


class RestartRequired(BiasLoopError):
    """A parameter that only takes effect when the run is set up again (e.g. the initial data)."""


def shown(text: str, limit: int = 60) -> str:
    """Input quoted in a message: as typed, in quotes if it holds control characters (a
    terminal would obey them), cut short if a user pasted a page of it."""
    short = text if len(text) <= limit else text[:limit]
    out = short if short.isprintable() else repr(short)
    return out if short is text else f"{out}... ({len(text):,} characters)"
