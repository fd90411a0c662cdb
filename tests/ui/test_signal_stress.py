"""Many Qt signals in one process, as the GUI emits them during a long run.

PySide6 6.12.0 on Python 3.11 aborts the interpreter after about a thousand ``Signal.emit()``
calls ("Fatal Python error: bool_dealloc", a reference-count bug that Python 3.12's immortal
objects hide). pyproject.toml pins PySide6 below 6.12 on Python < 3.12; these tests are the
guard for that pin, and for any later release with the same kind of bug.

An abort cannot be caught, and it would take the whole test run down with no report. So the
emits are first tried in a child process; only if the child survives do the tests emit in
this process, with pytest-qt, both directly and from timer callbacks (how the GUI advances a
run). If the child dies, every test here fails with a message that says why.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

# Imported outright, not with importorskip: a GUI test must fail, never skip, when Qt is broken.
from PySide6 import QtCore

DIRECT_EMITS = 12_000
TIMER_TICKS = 200
EMITS_PER_TICK = 60  # 12,000 more, from inside the event loop

CHILD = textwrap.dedent(
    f"""
    from PySide6 import QtCore

    class Emitter(QtCore.QObject):
        value = QtCore.Signal(int)
        flag = QtCore.Signal(bool)

    received = []
    emitter = Emitter()
    emitter.value.connect(received.append)
    emitter.flag.connect(received.append)
    for i in range({DIRECT_EMITS}):
        emitter.value.emit(i)
        emitter.flag.emit(True)
    print(len(received))
    """
)


@pytest.fixture(scope="module")
def emits_survive():
    """Fail (never skip) with a clear message if many emits kill a fresh interpreter."""
    child = subprocess.run(
        [sys.executable, "-c", CHILD], capture_output=True, text=True, timeout=120
    )
    if child.returncode != 0 or child.stdout.strip() != str(2 * DIRECT_EMITS):
        pytest.fail(
            f"{2 * DIRECT_EMITS} Signal.emit() calls killed or broke a Python process "
            f"(exit status {child.returncode}) with PySide6 {QtCore.__version__} on Python "
            f"{sys.version.split()[0]}. PySide6 6.12.0 on Python 3.11 is known to abort this "
            "way (bool_dealloc); keep the pin in pyproject.toml.\n"
            f"stderr of the child:\n{child.stderr[-2000:]}",
            pytrace=False,
        )


class Emitter(QtCore.QObject):
    value = QtCore.Signal(int)
    flag = QtCore.Signal(bool)


class Counter(QtCore.QObject):
    """A receiver with real slots, so each emit goes through PySide6's slot machinery."""

    def __init__(self):
        super().__init__()
        self.values = 0
        self.total = 0
        self.flags = 0

    @QtCore.Slot(int)
    def on_value(self, value: int) -> None:
        self.values += 1
        self.total += value

    @QtCore.Slot(bool)
    def on_flag(self, flag: bool) -> None:
        self.flags += 1


def test_many_emits_in_a_child_process(emits_survive):
    """The child-process check on its own, so its result shows as a test of its own."""


def test_many_direct_emits_are_all_received(qtbot, emits_survive):
    emitter, counter = Emitter(), Counter()
    emitter.value.connect(counter.on_value)
    emitter.flag.connect(counter.on_flag)
    for i in range(DIRECT_EMITS):
        emitter.value.emit(i)
        emitter.flag.emit(i % 2 == 0)
    assert counter.values == DIRECT_EMITS
    assert counter.total == DIRECT_EMITS * (DIRECT_EMITS - 1) // 2
    assert counter.flags == DIRECT_EMITS


def test_timer_driven_burst_is_all_received(qtbot, emits_survive):
    emitter, counter = Emitter(), Counter()
    emitter.value.connect(counter.on_value)
    # A plain callable too: the GUI connects lambdas as often as decorated slots.
    flags = []
    emitter.flag.connect(lambda flag: flags.append(flag))
    ticks = 0

    def burst() -> None:
        nonlocal ticks
        ticks += 1
        for i in range(EMITS_PER_TICK):
            emitter.value.emit(i)
            emitter.flag.emit(True)
        if ticks == TIMER_TICKS:
            timer.stop()

    timer = QtCore.QTimer()
    timer.setInterval(0)
    timer.timeout.connect(burst)
    timer.start()
    expected = TIMER_TICKS * EMITS_PER_TICK
    qtbot.waitUntil(lambda: counter.values == expected, timeout=20_000)
    assert ticks == TIMER_TICKS
    assert len(flags) == expected
