"""Message boxes for errors and offers, in one place so they all look and read the same.

Error texts are the simulator's own messages, shown verbatim: they already name the file, the
line or the key, what was wrong and what is allowed, exactly as the command line prints them.
They quote what a file holds, so every box shows its text as plain text: a ``<img>`` or a
link in a scenario file is shown as typed, never rendered or made clickable.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QMessageBox, QWidget


def tr(text: str) -> str:
    return QCoreApplication.translate("dialogs", text)


def show_error(parent: QWidget, title: str, message: str) -> None:
    box = QMessageBox(QMessageBox.Icon.Warning, title, message, QMessageBox.StandardButton.Ok,
                      parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setObjectName("errorDialog")
    box.exec()


def ask(parent: QWidget, title: str, message: str, accept: str, decline: str | None = None,
        default_accept: bool = True) -> bool:
    """A yes/no offer; ``accept`` names what yes does (a verb beats "Yes"), ``decline`` what
    no does (else Cancel). ``default_accept=False`` makes no the default: where yes would
    replace what the user asked for, Enter (or a presentation clicker) must not choose it."""
    box = QMessageBox(QMessageBox.Icon.Question, title, message, parent=parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setObjectName("offerDialog")
    box.setTextFormat(Qt.TextFormat.PlainText)
    yes = box.addButton(accept, QMessageBox.ButtonRole.AcceptRole)
    no = (box.addButton(decline, QMessageBox.ButtonRole.RejectRole) if decline is not None
          else box.addButton(QMessageBox.StandardButton.Cancel))
    box.setDefaultButton(yes if default_accept else no)
    box.setEscapeButton(no)
    box.exec()
    return box.clickedButton() is yes
