"""A facilitator's day without surprises: what went wrong when the app was used as a workshop
uses it (export for another room, a crash, Undo, a guide played out of order)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QLabel

from ui import i18n
from ui.export.figure import FigureRequest


def run_bar_texts(window) -> list[str]:
    bar = window.run_bar
    return [bar.speed_caption.text(), bar.seed_caption.text(), bar.speed_label.text(),
            window.actions.run.text(), window.menuBar().actions()[0].text()]


def test_a_spanish_export_leaves_the_english_window_english(window, tmp_path, qtbot):
    """Qt delivers language changes from its event loop, and an export runs that loop while
    it draws: what arrives then must not translate the window into the export's language."""
    i18n.set_language("en")
    qtbot.wait(20)
    window.session.play(5)
    english = run_bar_texts(window)
    assert english[:2] == ["Speed", "Seed"]
    for fmt in ("png", "svg", "pdf"):
        QCoreApplication.postEvent(window, QEvent(QEvent.Type.LanguageChange))
        assert window.exporter.export_to(tmp_path / f"slide.{fmt}",
                                         FigureRequest("dashboard"), fmt, "es")
        qtbot.wait(20)
        assert run_bar_texts(window) == english, fmt
    QCoreApplication.postEvent(window, QEvent(QEvent.Type.LanguageChange))
    assert window.exporter.report_to(tmp_path / "report.pdf", "es")
    qtbot.wait(20)
    assert run_bar_texts(window) == english
    labels = " ".join(label.text() for label in window.findChildren(QLabel))
    assert "Velocidad" not in labels and "Semilla" not in labels


def test_after_undo_the_status_bar_no_longer_claims_the_change(window):
    window.session.play(5)
    window.change_param("mitigation.label_audit", 0.5)
    status = window.statusBar()
    assert status.currentMessage() == "Label audit → 0.50 share from the next round"
    window.undo()
    assert status.currentMessage() == "Undone: Label audit back to 0.00 share from the next round"
    assert window.session.value("mitigation.label_audit") == 0.0
    window.undo()
    assert status.currentMessage() == "Nothing to undo"
