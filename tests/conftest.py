"""Test-wide settings.

Qt must run offscreen in tests: with no display (CI, a server, ssh) the default platform plugin
aborts the whole interpreter instead of failing one test. The README's test command sets
QT_QPA_PLATFORM=offscreen already; setting it here too keeps a plain ``pytest`` safe. It has to
happen before anything creates a QApplication, hence at import time of this file.
"""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def pytest_configure(config):
    # Registered so that `pytest --markers` documents it and -m "not slow" gives a quick run.
    config.addinivalue_line(
        "markers", "slow: seconds rather than milliseconds (statistical convergence over many "
        "seeds or rounds, presentation and zoom layouts, subprocesses, builds); the everyday "
        "run deselects them with -m 'not slow', CI runs them all"
    )
