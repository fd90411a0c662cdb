"""The progress line of the long commands: on a terminal only, and redrawn a few times a
second at most however often it is called; and Ctrl+C as a stop request between rounds."""

import io
import signal

import pytest

from bias_loop import progress
from bias_loop.progress import progress_bar, stop_on_ctrl_c


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_no_progress_line_when_stderr_is_not_a_terminal(monkeypatch):
    monkeypatch.setattr("sys.stderr", io.StringIO())
    assert progress_bar("rounds") is None


def test_the_line_is_redrawn_a_few_times_a_second_at_most(monkeypatch):
    screen = Terminal()
    monkeypatch.setattr("sys.stderr", screen)
    clock = iter(i * 0.001 for i in range(100_000))  # one call a millisecond, for 10 s
    monkeypatch.setattr(progress.time, "monotonic", lambda: next(clock))
    show = progress_bar("rounds")
    for done in range(1, 10_001):
        show(done, 10_000)
    drawn = screen.getvalue()
    assert drawn.count("\r") == 51  # every 0.2 s of 10 s, and the last one
    assert drawn.endswith("\r[##############################] 10000/10000 rounds\n")


def test_a_partial_line_shows_how_far_it_got(monkeypatch):
    screen = Terminal()
    monkeypatch.setattr("sys.stderr", screen)
    progress_bar("replications")(3, 12)
    assert screen.getvalue() == "\r[#######.......................] 3/12 replications"


def test_ctrl_c_becomes_a_request_checked_between_rounds():
    reports = []
    with stop_on_ctrl_c() as stop:
        check = stop.check(lambda done, total: reports.append((done, total)))
        check(32, 100)
        signal.raise_signal(signal.SIGINT)  # no KeyboardInterrupt here, mid-round
        with pytest.raises(KeyboardInterrupt):
            check(64, 100)  # but at the next check
        with pytest.raises(KeyboardInterrupt):
            signal.raise_signal(signal.SIGINT)  # a second Ctrl+C does not wait
    assert reports == [(32, 100), (64, 100)]
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


def test_an_ignored_ctrl_c_stays_ignored():
    """A background job of a script starts with SIGINT ignored; the run must not take it
    back (replications and sweeps do not either)."""
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        with stop_on_ctrl_c() as stop:
            assert signal.getsignal(signal.SIGINT) is signal.SIG_IGN
            signal.raise_signal(signal.SIGINT)
            assert not stop.requested
        assert signal.getsignal(signal.SIGINT) is signal.SIG_IGN
    finally:
        signal.signal(signal.SIGINT, previous)
