"""A dialog to choose which charts the dashboard shows, and in how many columns."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QListWidget,
    QListWidgetItem,
    QSpinBox,
    QVBoxLayout,
)


class PlotChooser(QDialog):
    def __init__(self, available: list[tuple[str, str]], chosen: list[str], columns: int,
                 parent=None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Choose charts"))
        self.list = QListWidget()
        for plot_id, title in available:
            item = QListWidgetItem(title)
            item.setData(Qt.ItemDataRole.UserRole, plot_id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if plot_id in chosen
                               else Qt.CheckState.Unchecked)
            self.list.addItem(item)
        self.columns = QSpinBox()
        self.columns.setRange(1, 4)
        self.columns.setValue(columns)
        form = QFormLayout()
        form.addRow(self.tr("Columns"), self.columns)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.list)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.resize(480, 520)

    def chosen(self) -> list[str]:
        items = (self.list.item(i) for i in range(self.list.count()))
        return [item.data(Qt.ItemDataRole.UserRole) for item in items
                if item.checkState() == Qt.CheckState.Checked]
