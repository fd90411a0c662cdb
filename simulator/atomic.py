"""Atomic file writes: an export either appears whole under its name or not at all.

Data is written to a temporary file in the destination's own folder (so the final rename never
crosses file systems) and moved into place with ``os.replace``; if anything fails on the way the
temporary file is removed, so neither a half-written export nor a stray temporary file is left.
Failures caused by the path itself (a missing folder, a folder given as the file, no permission)
become a :class:`BiasLoopError` naming the path, which the CLI and the GUI show to the user.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from .errors import BiasLoopError


def check_writable(path: str | Path) -> None:
    """Fail now, before a long run, if ``path`` cannot be written: the same test a real write
    makes (a temporary file created and removed in its folder), so its verdict holds."""
    fd, tmp = _create_temp(Path(path))
    os.close(fd)
    os.unlink(tmp)


@contextmanager
def atomic_open(path: str | Path, mode: str = "w", **kwargs) -> Iterator[IO]:
    """Open a temporary file beside ``path`` for writing; on a clean exit it replaces ``path``.

    >>> with atomic_open("run.csv", newline="") as f:
    ...     f.write("replication,round\\n")
    """
    target = Path(path)
    fd, tmp = _create_temp(target)
    try:
        with os.fdopen(fd, mode, **kwargs) as handle:
            yield handle
        try:
            os.replace(tmp, target)
        except OSError as exc:
            raise BiasLoopError(_why(target, exc)) from exc
    except BaseException:
        _remove(tmp)
        raise


def _create_temp(target: Path) -> tuple[int, str]:
    """A new hidden file beside ``target``. Created with mode 0666 less the umask, the
    permissions a plain ``open()`` gives, so the renamed export is not private by accident
    (``tempfile.mkstemp`` would make it 0600)."""
    if target.is_dir():
        raise BiasLoopError(
            f"{target} is a folder; give a file name inside it (e.g. {target / 'run.csv'})"
        )
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    while True:
        tmp = str(target.parent / f".{target.name}.{secrets.token_hex(4)}.tmp")
        try:
            return os.open(tmp, flags, 0o666), tmp
        except FileExistsError:
            continue
        except OSError as exc:
            raise BiasLoopError(_why(target, exc)) from exc


def _why(target: Path, exc: OSError) -> str:
    folder = target.parent
    if isinstance(exc, FileNotFoundError):
        return f"cannot write {target}: the folder {folder} does not exist; create it first"
    if isinstance(exc, NotADirectoryError):
        return f"cannot write {target}: {folder} is not a folder"
    if isinstance(exc, PermissionError):
        return f"cannot write {target}: permission denied in the folder {folder}"
    return f"cannot write {target}: {exc.strerror or exc}"


def _remove(tmp: str) -> None:
    try:
        os.unlink(tmp)
    except FileNotFoundError:
        pass
