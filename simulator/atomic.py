"""Atomic file writes: an export either appears whole under its name or not at all.

Data is written to a temporary file in the destination's own folder (so the final rename never
crosses file systems) and moved into place with ``os.replace``; if anything fails on the way the
temporary file is removed, so neither a half-written export nor a stray temporary file is left.
Files written together (:func:`atomic_files`: a run file and its CSV) all appear, or none does.

Failures caused by the path or the disk (a missing folder, a folder given as the file, no
permission, a name longer than the file system allows, a full disk) become a
:class:`BiasLoopError` naming the path, which the CLI and the GUI show to the user.

A device or a pipe (``/dev/null``, ``/dev/stdout``) is written in place, since it cannot be
renamed onto (and renaming a file onto ``/dev/null`` as root would replace the device). A path
that is a symbolic link is written through: the link stays, and the file it points to gets the
new contents (as a shell's ``>`` does), so a ``latest.csv`` link keeps working.

A temporary file is named ``.<name>.<pid>.<random>.tmp``. One left behind by a process that
was killed (SIGKILL, a power cut) is removed by the next write to the same folder, once no
process of that number is running.
"""

from __future__ import annotations

import errno
import os
import re
import secrets
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from .errors import BiasLoopError

#: The longest file name most file systems take, in bytes (ext4, APFS, NTFS in UTF-16 units).
NAME_MAX = 255
TEMP_NAME = re.compile(r"^\..+\.(\d+)\.[0-9a-f]{8}\.tmp$")


def check_writable(path: str | Path) -> None:
    """Fail now, before a long run, if ``path`` cannot be written: the same test a real write
    makes (a temporary file created and removed in its folder), so its verdict holds."""
    _check_name(Path(path))
    if _is_device(Path(path)):
        if not os.access(path, os.W_OK):
            raise BiasLoopError(f"cannot write {path}: permission denied")
        return
    fd, tmp = _create_temp(_target(Path(path)))
    os.close(fd)
    os.unlink(tmp)


@contextmanager
def atomic_open(path: str | Path, mode: str = "w", **kwargs) -> Iterator[IO]:
    """Open a temporary file beside ``path`` for writing; on a clean exit it replaces ``path``.

    >>> with atomic_open("run.csv", newline="") as f:
    ...     f.write("replication,round\\n")
    """
    with atomic_files() as open_file:
        yield open_file(path, mode, **kwargs)


@contextmanager
def atomic_files() -> Iterator[Callable[..., IO]]:
    """Write several files together: ``open_file(path, mode, **kwargs)`` gives a handle to
    each; on a clean exit every file replaces its target, and if writing any of them fails
    (a full disk) none does.

    >>> with atomic_files() as open_file:
    ...     open_file("run.toml").write(text)
    ...     write_csv(open_file("run.csv", newline=""), runs)
    """
    opened: list[tuple[IO, str | None, Path]] = []

    def open_file(path: str | Path, mode: str = "w", **kwargs) -> IO:
        target = Path(path)
        _check_name(target)
        if _is_device(target):  # /dev/null, a terminal, a named pipe: nothing to rename
            try:
                opened.append((open(target, mode, **kwargs), None, target))
            except OSError as exc:
                raise BiasLoopError(_why(target, exc)) from exc
            return opened[-1][0]
        target = _target(target)
        fd, tmp = _create_temp(target)
        try:
            handle = os.fdopen(fd, mode, **kwargs)
        except BaseException:
            os.close(fd)
            _remove(tmp)
            raise
        opened.append((handle, tmp, target))
        return handle

    try:
        try:
            yield open_file
        except OSError as exc:  # a write failed (a full disk)
            raise BiasLoopError(_why(_failed_target(opened, exc), exc)) from exc
        for handle, _, target in opened:
            try:
                handle.close()  # flushes: a full disk shows here, if not before
            except OSError as exc:
                raise BiasLoopError(_why(target, exc)) from exc
        for _, tmp, target in opened:
            if tmp is None:
                continue
            try:
                os.replace(tmp, target)
            except OSError as exc:
                raise BiasLoopError(_why(target, exc)) from exc
    except BaseException:
        for handle, tmp, _ in opened:
            try:
                handle.close()
            except OSError:
                pass  # the disk is full: what it holds is thrown away anyway
            if tmp is not None:
                _remove(tmp)
        raise


def _is_device(path: Path) -> bool:
    """Whether ``path`` is something other than a file or folder (a device, a pipe), which
    is written in place: replacing ``/dev/null`` with a file would be a disaster."""
    try:
        return not (path.is_file() or path.is_dir()) and path.exists()
    except OSError:
        return False


def _failed_target(opened: list[tuple[IO, str | None, Path]], exc: OSError) -> Path:
    """The target whose write failed (the error names its temporary file, when it names
    one), else the last one opened."""
    for _, tmp, target in opened:
        if exc.filename == tmp:
            return target
    return opened[-1][2] if opened else Path(exc.filename or "?")


def _target(path: Path) -> Path:
    """Where to write ``path``: the file a symbolic link points to, else ``path``."""
    return Path(os.path.realpath(path)) if path.is_symlink() else path


def _check_name(path: Path) -> None:
    """Refuse a file name longer than file systems take, before anything looks it up (the
    look-up itself would fail with a less helpful error)."""
    size = len(os.fsencode(path.name))
    if size > NAME_MAX:
        raise BiasLoopError(f"cannot write {path.parent / (path.name[:40] + '...')}: the "
                            f"file name is {size:,} bytes long; at most {NAME_MAX} are "
                            "allowed")


def _create_temp(target: Path) -> tuple[int, str]:
    """A new hidden file beside ``target``. Created with mode 0666 less the umask, the
    permissions a plain ``open()`` gives, so the renamed export is not private by accident
    (``tempfile.mkstemp`` would make it 0600)."""
    if target.is_dir():
        raise BiasLoopError(
            f"{target} is a folder; give a file name inside it (e.g. {target / 'run.csv'})"
        )
    _remove_stale_temps(target.parent)
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    while True:
        tmp = str(target.parent / _temp_name(target.name))
        try:
            return os.open(tmp, flags, 0o666), tmp
        except FileExistsError:
            continue
        except OSError as exc:
            raise BiasLoopError(_why(target, exc)) from exc


def _temp_name(name: str) -> str:
    """``.<name>.<pid>.<random>.tmp``, with ``name`` shortened if the whole would pass
    :data:`NAME_MAX` bytes (a target name near the limit must still get a temporary file)."""
    tail = f".{os.getpid()}.{secrets.token_hex(4)}.tmp"
    room = NAME_MAX - 1 - len(tail)
    stem = os.fsencode(name)[:room].decode("utf-8", "ignore") or "x"
    return f".{stem}{tail}"


def _remove_stale_temps(folder: Path) -> None:
    """Remove temporary files of ours in ``folder`` whose writer is no longer running."""
    try:
        names = os.listdir(folder)
    except OSError:
        return  # the write itself reports the folder's problem
    for name in names:
        match = TEMP_NAME.match(name)
        if match and not _running(int(match.group(1))):
            _remove(str(folder / name))


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (OSError, OverflowError):
        return True  # someone else's process, or cannot tell: leave its file alone
    return True


def _why(target: Path, exc: OSError) -> str:
    folder = target.parent
    if isinstance(exc, FileNotFoundError):
        return f"cannot write {target}: the folder {folder} does not exist; create it first"
    if isinstance(exc, NotADirectoryError):
        return f"cannot write {target}: {folder} is not a folder"
    if isinstance(exc, PermissionError):
        return f"cannot write {target}: permission denied in the folder {folder}"
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return (f"cannot write {target}: no space left on the disk (or over its quota); "
                "nothing was written; free some space and run it again")
    if exc.errno == errno.ENAMETOOLONG:
        return f"cannot write {target}: the file name or path is too long for this disk"
    if exc.errno == errno.EROFS:
        return f"cannot write {target}: the disk is read-only"
    return f"cannot write {target}: {exc.strerror or exc}"


def _remove(tmp: str) -> None:
    try:
        os.unlink(tmp)
    except OSError:
        pass  # gone already, or not ours to fail on: the write's outcome is what matters
