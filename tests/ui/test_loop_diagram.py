"""The loop diagram cuts no text: every stage title, column heading, note and badge fits its
box, in every bundled scenario, in English and Spanish, at the window's default size and in
presentation mode. Widths are measured with QFontMetricsF in the fonts the items draw with."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRectF
from PySide6.QtGui import QFontMetricsF

from simulator import bundled_names, load_scenario
from ui import i18n
from ui.diagram_model import short_labels
from ui.loop_diagram import BADGE_FLAGS, BADGE_PADDING, LoopDiagram
from ui.session import Session
from ui.theme import Theme

#: The diagram's share of the default window (1600×1000), and of a 1920×1080 projector in
#: presentation mode: what the main window's splitter and docks leave it.
SIZES = {False: (480, 840), True: (480, 800)}
SLACK = 0.5  # pixels of rounding a measured text may exceed its box by


def texts_that_do_not_fit(diagram: LoopDiagram) -> list[str]:
    theme = diagram.theme
    bad = []
    title_font = QFontMetricsF(theme.font(theme.stage_px, bold=True))
    for node in diagram.nodes:
        if title_font.horizontalAdvance(node.title) > node.rect.width() - 2 * theme.px(4):
            bad.append(f"stage {node.title!r}")
    drawing = diagram.scene().sceneRect()
    for note in diagram.notes:
        room = note.text.textWidth()
        if note.text.document().size().width() > room + SLACK:  # a table or word runs out
            bad.append(f"note {note.text.toPlainText()[:40]!r}")
        if not drawing.contains(note.sceneBoundingRect()):
            bad.append(f"note off the drawing {note.text.toPlainText()[:40]!r}")
        for badge in note.badges:
            needed = QFontMetricsF(badge.font).boundingRect(
                QRectF(0, 0, badge.rect.width() - BADGE_PADDING, 1000), BADGE_FLAGS, badge.text)
            if (needed.width() > badge.rect.width() - BADGE_PADDING + SLACK
                    or badge.pos().x() + badge.rect.width() > room + SLACK):
                bad.append(f"badge {badge.text!r}")
    return bad


@pytest.mark.parametrize("presenting", [False, True], ids=["default", "presentation"])
@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize("name", bundled_names())
def test_no_label_of_the_loop_diagram_is_cut(qtbot, name, lang, presenting):
    i18n.set_language(lang)
    try:
        session = Session(load_scenario(name))
        session.play(60)  # figures with their final number of digits, badges switched on
        diagram = LoopDiagram(session, Theme.light().presented(presenting), lang)
        qtbot.addWidget(diagram)
        diagram.resize(*SIZES[presenting])
        diagram.show()
        qtbot.waitExposed(diagram)
        diagram.rebuild()
        assert diagram.notes and texts_that_do_not_fit(diagram) == []
    finally:
        i18n.set_language("en")


@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize("name", bundled_names())
def test_group_headings_name_their_group(name, lang):
    """A heading is a word of its group's label, never one cut short ("Dialecto …")."""
    scenario = load_scenario(name)
    labels = [scenario.group_label(g, lang) for g in scenario.group_ids]
    headings = short_labels(labels)
    assert len(set(headings)) == len(headings)
    for heading, label in zip(headings, labels, strict=True):
        assert "…" not in heading and heading.casefold() in label.casefold()


def test_headings_keep_the_words_that_tell_groups_apart():
    assert short_labels(["Dialecto estándar", "Dialecto minoritario"]) == [
        "Estándar", "Minoritario"]
    assert short_labels(["Estilo común", "Segundo estilo", "Estilo minoritario"]) == [
        "Común", "Segundo", "Minoritario"]
