"""Resident memory of this process, for the benchmarks that watch it (one place for the
platform details)."""

from __future__ import annotations

import os
import resource
import sys

MB = 1024 * 1024


def current_rss() -> float | None:
    """Resident memory now, in MB (Linux /proc; None where that is not available)."""
    try:
        with open("/proc/self/statm") as f:
            pages = int(f.read().split()[1])
    except (OSError, IndexError, ValueError):
        return None
    return pages * os.sysconf("SC_PAGE_SIZE") / MB


def peak_rss() -> float:
    """Peak resident memory of this process so far, in MB (ru_maxrss is KiB on Linux and
    bytes on macOS)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / MB if sys.platform == "darwin" else peak / 1024
