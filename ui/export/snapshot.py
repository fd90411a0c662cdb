"""Saving a picture of a widget as PNG, whole or not at all.

Used by ``--screenshot`` (docs, README picture, tests) and File › Save picture. The image is
written to a hidden temporary file beside the target and renamed into place, so a failure never
leaves a half-written file; failures become a :class:`~simulator.BiasLoopError` whose message
names the path and the reason, shown in a dialog or on stderr like every other user error.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from PySide6.QtWidgets import QWidget

from simulator import BiasLoopError


def save_widget_png(widget: QWidget, path: str | os.PathLike) -> None:
    target = Path(path)
    if target.suffix.lower() != ".png":
        raise BiasLoopError(f"{target}: pictures are saved as PNG; give a name ending in .png")
    if target.is_dir():
        raise BiasLoopError(f"{target} is a folder; give a file name inside it "
                            f"(e.g. {target / 'bias-loop.png'})")
    folder = target.parent
    if not folder.is_dir():
        raise BiasLoopError(f"cannot write {target}: the folder {folder} does not exist; "
                            "create it first")
    if not os.access(folder, os.W_OK):
        raise BiasLoopError(f"cannot write {target}: permission denied in the folder {folder}")
    temporary = folder / f".{target.name}.{secrets.token_hex(4)}.tmp"
    try:
        if not widget.grab().save(str(temporary), "PNG"):
            raise BiasLoopError(f"cannot write {target}: the image could not be written "
                                "(is the disk full?)")
        os.replace(temporary, target)
    except OSError as exc:
        raise BiasLoopError(f"cannot write {target}: {exc.strerror or exc}") from exc
    finally:
        temporary.unlink(missing_ok=True)
