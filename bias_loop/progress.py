"""What the long commands (``run`` with many rounds or replications, ``sweep``) show while they
work, and how they stop on Ctrl+C (or SIGTERM, handled alike).

The progress line goes to stderr, so it never mixes with a CSV on stdout, and only when stderr
is a terminal: a log file or a pipe gets no carriage-return noise. It is redrawn at most
:data:`REDRAW_EVERY` seconds apart, so calling it after every round costs one clock read.
"""

from __future__ import annotations

import signal
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

Progress = Callable[[int, int], None]

REDRAW_EVERY = 0.2  # seconds: a few redraws a second are smooth and cost nothing
WIDTH = 30


def progress_bar(unit: str) -> Progress | None:
    """A ``progress(done, total)`` drawing ``[#####.....] done/total unit`` on stderr, or
    ``None`` when stderr is not a terminal (callers then skip progress reports altogether)."""
    if not sys.stderr.isatty():
        return None
    last = -REDRAW_EVERY

    def show(done: int, total: int) -> None:
        nonlocal last
        now = time.monotonic()
        if done < total and now - last < REDRAW_EVERY:
            return
        last = now
        filled = WIDTH * done // max(total, 1)
        sys.stderr.write(f"\r[{'#' * filled}{'.' * (WIDTH - filled)}] {done}/{total} {unit}")
        if done >= total:
            sys.stderr.write("\n")
        sys.stderr.flush()

    return show


def end_line(progress: Progress | None) -> None:
    """Finish a progress line that stopped short, so the next message starts on its own."""
    if progress is not None:
        sys.stderr.write("\n")


#: The signals that stop a long command cleanly: Ctrl+C, and SIGTERM (``kill``, a job
#: scheduler, a container stopping), which is handled the same way.
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)
#: Which of them this process has received: the exit status says which (130 or 143). Signals
#: belong to the process, not to a run, so this is the process's record of them.
_received: set[int] = set()


def received(signum: int) -> bool:
    """Whether signal ``signum`` asked this process to stop."""
    return signum in _received


def stop_on_sigterm() -> None:
    """From now on SIGTERM stops the process as Ctrl+C does (a KeyboardInterrupt, so what
    finished is written and temporary files are removed), unless it was ignored when the
    process started."""
    if signal.getsignal(signal.SIGTERM) is signal.SIG_IGN:
        return

    def on_sigterm(signum, _frame) -> None:
        _received.add(signum)
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, on_sigterm)


class StopRequest:
    """Ctrl+C (or SIGTERM) as a request, not an exception: a single run checks it between
    rounds, so it stops after a whole round and what it played is a valid, shorter run (a
    KeyboardInterrupt in the middle of a round would leave half of it applied). A second
    signal raises KeyboardInterrupt at once, for a user who will not wait."""

    def __init__(self) -> None:
        self.requested = False

    def _on_signal(self, signum, _frame) -> None:
        _received.add(signum)
        if self.requested:
            raise KeyboardInterrupt
        self.requested = True

    def check(self, progress: Progress | None) -> Progress:
        """``progress`` (or nothing) that raises KeyboardInterrupt once a stop was asked for:
        the way :func:`simulator.runs.play` is told to stop."""

        def report(done: int, total: int) -> None:
            if progress is not None:
                progress(done, total)
            if self.requested:
                raise KeyboardInterrupt

        return report


@contextmanager
def stop_on_ctrl_c() -> Iterator[StopRequest]:
    """Within the block, Ctrl+C and SIGTERM set the returned request instead of raising. A
    process started with a signal ignored (SIGINT in a background job of a script) keeps
    ignoring it, as replications and sweeps do: the shell asked for that."""
    request = StopRequest()
    previous = {signum: signal.getsignal(signum) for signum in STOP_SIGNALS}
    for signum, handler in previous.items():
        if handler is not signal.SIG_IGN:
            signal.signal(signum, request._on_signal)
    try:
        yield request
    finally:
        for signum, handler in previous.items():
            if handler is not signal.SIG_IGN:
                signal.signal(signum, handler)
