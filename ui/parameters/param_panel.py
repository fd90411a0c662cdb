"""The parameter panel, generated from the scenario's schema.

One collapsible section per stage of the loop, in the loop's order; in each, one row per
parameter with the control its type calls for, its unit, and its help text (on hover, and in
the help area at the bottom, which has room for a whole sentence). Per-group parameters get a
heading and one row per group, marked with the group's chart colour. Mitigation levers get an
accent border and a "lever" badge so they stand out from world settings; values that only take
effect when the run is set up again say so up front.

Each row has a pin: in presentation mode the panel shows only the pinned rows (remembered per
scenario in the preferences), or every lever when nothing is pinned. In the student view it
shows only the scenario's ``student`` parameters, with "Show all parameters" above them.
A control with the keyboard focus explains itself in the help area, as hovering does, and
carries its label as its accessible name for screen readers.

The panel never changes the run itself: it emits ``change_requested`` and the window decides
(a restart may need the user's consent), then the panel shows what the session holds.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ui import formatting
from ui.parameters.param_controls import NumberControl, ParamControl, make_control
from ui.plain_text import plain_html, plain_tip
from ui.preferences import Preferences
from ui.theme import Theme

GROUP_LABEL_WIDTH = 96


def restart_note() -> QLabel:
    note = QLabel(QCoreApplication.translate("ParamPanel", "needs reset"))
    note.setObjectName("muted")
    note.setToolTip(QCoreApplication.translate(
        "ParamPanel", "Shapes the initial state: takes effect when the run is set up again"))
    return note


class ParamRow(QFrame):
    """A parameter's label, badges and control; hovering it explains the parameter."""

    hovered = Signal(object)
    pin_toggled = Signal(str, bool)  # key, pinned

    def __init__(self, param, title: str, control: ParamControl, chip: str | None = None,
                 parent=None, name: str | None = None, help_text: str = "",
                 pinned: bool = False, width: int = GROUP_LABEL_WIDTH):
        super().__init__(parent)
        self.param = param
        self.control = control
        self.setObjectName("paramRow")
        self.setProperty("lever", bool(param.lever))
        self.setProperty("focused", False)
        label = QLabel(title)
        label.setTextFormat(Qt.TextFormat.PlainText)  # a group's label comes from its file
        label.setWordWrap(not chip)
        if chip:  # a group's row under its parameter's heading: marked in the group's colour
            # (a bar, not coloured text: a series colour is not always 4.5:1 against the row)
            label.setStyleSheet(f"border-left: 6px solid {chip}; padding-left: 4px; "
                                "font-weight: bold;")
            label.setFixedWidth(width)
        name = name or title
        self.pin = QToolButton()
        self.pin.setObjectName("pinButton")
        self.pin.setCheckable(True)
        self.pin.setChecked(pinned)
        self.pin.setText("★" if pinned else "☆")
        self.pin.setToolTip(self.tr("Pin to presentation mode: keep this control on show "
                                    "when presenting"))
        self.pin.setAccessibleName(self.tr("Pin {name} to presentation mode").format(name=name))
        self.pin.toggled.connect(lambda on: self.pin.setText("★" if on else "☆"))
        self.pin.toggled.connect(lambda on: self.pin_toggled.emit(param.key, on))
        self.pin.installEventFilter(self)
        for widget in [control, *control.findChildren(QWidget)]:
            if widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
                widget.setAccessibleName(name)
                widget.setAccessibleDescription(help_text)
                widget.setWhatsThis(plain_tip(help_text))
                widget.installEventFilter(self)
        # On a line of its own: beside the label it needed room the label, badge and control
        # do not have ("desde la próxima ronda" cut the badge to "PALANC").
        self.pending = QLabel(self.tr("from the next round"))
        self.pending.setObjectName("muted")
        self.pending.setWordWrap(True)
        self.pending.hide()
        head = QHBoxLayout()
        head.setContentsMargins(0, 0, 0, 0)
        head.addWidget(label, 1)
        head.addWidget(self.pin)
        if param.lever:
            badge = QLabel(self.tr("LEVER"))
            badge.setObjectName("leverBadge")
            head.addWidget(badge)
        if param.restart and not chip:  # per-group rows: said once, on the heading
            head.addWidget(restart_note())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 4, 6, 4)
        layout.setSpacing(2)
        if param.type == "bool" or chip:  # short controls share the line with their label
            head.addWidget(control)
            layout.addLayout(head)
        else:
            layout.addLayout(head)
            layout.addWidget(control)
        layout.addWidget(self.pending)

    def enterEvent(self, event) -> None:
        self.hovered.emit(self.param)
        super().enterEvent(event)

    def eventFilter(self, watched, event) -> bool:
        """A control that gets the keyboard focus explains its parameter, as hovering does."""
        if event.type() == QEvent.Type.FocusIn:
            self.hovered.emit(self.param)
        return False

    def set_focused(self, focused: bool) -> None:
        self.setProperty("focused", focused)
        self.style().unpolish(self)
        self.style().polish(self)


class Section(QWidget):
    """A stage's parameters under a header that folds them away."""

    def __init__(self, stage: str, title: str, lever: bool, parent=None):
        super().__init__(parent)
        self.stage = stage
        self.header = QToolButton()
        self.header.setObjectName("stageHeader")
        self.header.setProperty("lever", lever)
        self.header.setText(title)
        self.header.setCheckable(True)
        self.header.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.header.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.header.toggled.connect(self.set_expanded)
        self.body = QWidget()
        self.rows = QVBoxLayout(self.body)
        self.rows.setContentsMargins(0, 0, 0, 6)
        self.rows.setSpacing(2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.header)
        layout.addWidget(self.body)
        self.set_expanded(False)

    def set_expanded(self, expanded: bool) -> None:
        self.header.setChecked(expanded)
        self.header.setArrowType(Qt.ArrowType.DownArrow if expanded else Qt.ArrowType.RightArrow)
        self.body.setVisible(expanded)

    @property
    def expanded(self) -> bool:
        return self.header.isChecked()


class ParamPanel(QWidget):
    change_requested = Signal(str, object)  # key, value

    #: Sections open when a scenario is loaded: the levers a facilitator pulls.
    OPEN_STAGES = ("mitigation",)

    def __init__(self, session, theme: Theme, lang: str = "en", parent=None):
        super().__init__(parent)
        self.session = session
        self.theme = theme
        self.lang = lang
        self.rows: dict[str, ParamRow] = {}
        self.sections: dict[str, Section] = {}
        self.prefs = Preferences(None)  # the window's, where pins are remembered
        self.pinned: set[str] = set()
        self.pinned_only = False  # presentation mode
        self.student = False  # View › Student view
        self._filtered = False  # some rows hidden by one of them
        self._expanded_before: set[str] = set()  # the sections open before that
        # The student view's one control, over the rows: its text says how many there are.
        self.show_all = QPushButton()
        self.show_all.setObjectName("showAllParameters")
        self.show_all.setCheckable(True)
        self.show_all.toggled.connect(lambda _on: self._filter_rows())
        self.show_all.hide()
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll.setAccessibleName(self.tr("Parameters"))
        self.help_area = QLabel()
        self.help_area.setObjectName("helpArea")
        self.help_area.setWordWrap(True)
        self.help_area.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.help_area.setMinimumHeight(120)
        self.help_area.setTextFormat(Qt.TextFormat.RichText)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.show_all)
        layout.addWidget(self.scroll, 1)
        layout.addWidget(self.help_area)
        session.params_changed.connect(self.sync)
        session.reset_done.connect(self.sync)

    def stage_title(self, stage: str) -> str:
        titles = {"world": self.tr("World"), "data": self.tr("Data"), "bias": self.tr("Biases"),
                  "model": self.tr("Model"), "policy": self.tr("Decisions"),
                  "mitigation": self.tr("Mitigation levers"), "audit": self.tr("Audits")}
        return titles.get(stage, stage.capitalize())

    # --- building ----------------------------------------------------------------------

    def rebuild(self) -> None:
        """Build the sections and rows for the session's scenario."""
        expanded = {s for s, section in self.sections.items() if section.expanded}
        content = QWidget()
        column = QVBoxLayout(content)
        column.setContentsMargins(4, 4, 4, 4)
        column.setSpacing(2)
        self.rows, self.sections = {}, {}
        self.pinned = self._saved_pins()
        for stage, params in self.session.scenario.schema.by_stage().items():
            section = Section(stage, self.stage_title(stage), params[0].lever)
            self._fill(section, params)
            section.set_expanded(stage in (expanded or self.OPEN_STAGES))
            column.addWidget(section)
            self.sections[stage] = section
        tables = self._tables_section()
        if tables is not None:
            column.addWidget(tables)
            self.sections[tables.stage] = tables
            tables.set_expanded("tables" in expanded)
        column.addStretch(1)
        self.scroll.setWidget(content)
        self.help_area.setText(self._idle_help())
        self.sync()
        self._filter_rows()

    def _fill(self, section: Section, params) -> None:
        scenario = self.session.scenario
        shown_headings: set[str] = set()
        for param in params:
            if param.group is not None:
                name = param.spec.name
                if name not in shown_headings:
                    shown_headings.add(name)
                    section.rows.addWidget(self._heading(param))
                index = scenario.group_ids.index(param.group)
                title = scenario.group_label(param.group, self.lang)
                chip = self.theme.series[index % len(self.theme.series)]
            else:
                title, chip = self._title(param), None
            control = make_control(param, self.theme, self.lang)
            control.committed.connect(lambda value, key=param.key:
                                      self.change_requested.emit(key, value))
            name = (self.tr("{parameter}, {group}").format(parameter=self._title(param),
                                                             group=title)
                    if chip else title)
            row = ParamRow(param, title, control, chip, name=name,
                           help_text=param.help.get(self.lang),
                           pinned=param.key in self.pinned,
                           width=self.theme.px(GROUP_LABEL_WIDTH))
            row.setToolTip(plain_tip(param.help.get(self.lang)))
            row.hovered.connect(self._explain)
            row.pin_toggled.connect(self.set_pinned)
            section.rows.addWidget(row)
            self.rows[param.key] = row

    def _tables_section(self) -> Section | None:
        """The groups' tables (a tabulated world), shown read-only: a table shapes the world
        the run starts from, so it changes only in the scenario file or with a paper setting,
        and a sweep cannot vary it."""
        scenario = self.session.scenario
        groups = [g for g in scenario.groups if g.tables]
        if not groups:
            return None
        section = Section("tables", self.tr("Tables (read-only)"), False)
        note = QLabel(self.tr("Set in the scenario file or by a paper setting; a new table "
                              "starts a new run."))
        note.setObjectName("muted")
        note.setWordWrap(True)
        section.rows.addWidget(note)
        for g in groups:
            heading = QLabel(scenario.group_label(g.id, self.lang))
            heading.setTextFormat(Qt.TextFormat.PlainText)
            heading.setStyleSheet("font-weight: bold;")
            section.rows.addWidget(heading)
            for name, values in g.tables.items():
                row = QLabel(f"{name}: " + " · ".join(formatting.number(v, self.lang)
                                                     for v in values))
                row.setTextFormat(Qt.TextFormat.PlainText)  # from a file
                row.setWordWrap(True)
                row.setObjectName(f"table_{g.id}_{name}")
                section.rows.addWidget(row)
        return section

    def _title(self, param) -> str:
        unit = param.unit.get(self.lang)
        return f"{param.label.get(self.lang)} ({unit})" if unit else param.label.get(self.lang)

    def _heading(self, param) -> QWidget:
        """The heading over a per-group parameter's rows: its label, unit and notes."""
        label = QLabel(self._title(param))
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setWordWrap(True)
        heading = QWidget()
        heading.setObjectName("paramHeading")
        heading.setProperty("keys", [p.key for p in self.session.scenario.schema.params
                                     if p.spec is param.spec])
        heading.setToolTip(plain_tip(param.help.get(self.lang)))
        line = QHBoxLayout(heading)
        line.setContentsMargins(12, 6, 6, 0)
        line.addWidget(label, 1)
        if param.restart:
            line.addWidget(restart_note())
        return heading

    def _idle_help(self) -> str:
        return self.tr("Point at a parameter to see what it does.")

    def _explain(self, param) -> None:
        """Show everything about a parameter in the help area."""
        # Rich text built from escaped pieces: the label and help may come from a scenario's
        # [labels] and [help], and are shown as the text they are.
        label = formatting.param_label(param, self.session.scenario, self.lang)
        parts = [f"<b>{plain_html(label)}</b>", plain_html(param.help.get(self.lang))]
        facts = []
        if param.type in ("int", "float") and param.min is not None and param.max is not None:
            facts.append(self.tr("from {low} to {high}").format(
                low=formatting.number(param.min), high=formatting.param_value(
                    param, param.max, self.lang)))
        if param.lever:
            facts.append(self.tr("a mitigation lever: pull it while running"))
        if param.restart:
            facts.append(self.tr("takes effect when the run is set up again"))
        if facts:
            parts.append(f"<i>{plain_html(' · '.join(facts))}</i>")
        self.help_area.setText("<br>".join(parts))

    # --- pins and presentation mode -----------------------------------------------------

    def _pins_key(self) -> str:
        return f"pinned/{self.session.scenario.id}"

    def _saved_pins(self) -> set[str]:
        return set(self.prefs.get(self._pins_key(), [], list))

    def set_pinned(self, key: str, pinned: bool) -> None:
        """Pin a row to presentation mode (or unpin it); remembered for the scenario."""
        if pinned:
            self.pinned.add(key)
        else:
            self.pinned.discard(key)
        if key in self.rows and self.rows[key].pin.isChecked() != pinned:
            self.rows[key].pin.setChecked(pinned)
        self.prefs.set(self._pins_key(), sorted(self.pinned))
        if self.pinned_only:
            self._filter_rows()

    def presented_keys(self) -> list[str]:
        """What presentation mode shows: the pinned rows, or every lever if none is."""
        pinned = [k for k in self.rows if k in self.pinned]
        return pinned or [k for k, row in self.rows.items() if row.param.lever]

    def set_pinned_only(self, on: bool) -> None:
        """Presentation mode: only the presented rows, their sections open; or what the
        panel showed before (everything, or the student view's rows)."""
        self.pinned_only = on
        self._filter_rows()

    # --- the student view ---------------------------------------------------------------

    def student_keys(self) -> list[str]:
        """The rows the student view shows: the scenario's ``student`` parameters (else its
        levers), in the panel's order."""
        wanted = set(self.session.scenario.student_keys())
        return [k for k in self.rows if k in wanted]

    def set_student(self, on: bool) -> None:
        """View › Student view: only the scenario's beginner parameters, with "Show all
        parameters" one click away; off, everything again, the sections as they were."""
        self.student = on
        self.show_all.setChecked(False)
        self._filter_rows()

    def _show_all_text(self) -> str:
        if self.show_all.isChecked():
            return self.tr("Show fewer parameters ({count})").format(
                count=formatting.number(len(self.student_keys())))
        return self.tr("Show all parameters ({count})").format(
            count=formatting.number(len(self.rows)))

    # --- which rows ---------------------------------------------------------------------

    def shown_keys(self) -> list[str]:
        """The rows on show: presentation mode's, the student view's, or every one."""
        if self.pinned_only:
            return self.presented_keys()
        if self.student and not self.show_all.isChecked():
            return self.student_keys()
        return list(self.rows)

    def _filter_rows(self) -> None:
        """Show only ``shown_keys()``, their sections open (and the others hidden); back to
        every row, the sections as they were before the panel was filtered."""
        filtered = self.pinned_only or (self.student and not self.show_all.isChecked())
        if filtered and not self._filtered:
            self._expanded_before = {s for s, sec in self.sections.items() if sec.expanded}
        shown = set(self.shown_keys())
        # The student view's few rows need no stage headers to find them (levers carry their
        # badge), and without them they fit a 1280x720 window at the view's larger size.
        headers = not filtered or self.pinned_only
        for key, row in self.rows.items():
            row.setVisible(key in shown)
        for stage, section in self.sections.items():
            section.header.setVisible(headers)
            if filtered:
                has = any(r.param.stage == stage and k in shown for k, r in self.rows.items())
                section.setVisible(has)
                section.set_expanded(has)
            else:
                section.setVisible(True)
                if self._filtered:
                    section.set_expanded(stage in self._expanded_before)
        content = self.scroll.widget()  # None until the first rebuild
        for heading in content.findChildren(QWidget, "paramHeading") if content else ():
            keys = heading.property("keys") or []
            heading.setVisible(any(k in shown for k in keys))
        self._filtered = filtered
        self.show_all.setVisible(self.student and not self.pinned_only)
        self.show_all.setText(self._show_all_text())

    # --- showing values ----------------------------------------------------------------

    def sync(self) -> None:
        """Show the session's values (those in force from the next round), within the ranges
        the other values leave them."""
        limits = self.session.sim.limits()
        for key, row in self.rows.items():
            if key in limits and isinstance(row.control, NumberControl):
                row.control.set_upper(limits[key])
            row.control.show_value(self.session.value(key))
            row.pending.setVisible(self.session.is_pending(key))

    def focus_keys(self, keys: list[str]) -> None:
        """Bring these parameters into view (a click on the loop diagram): open their
        sections, close the others, highlight the rows."""
        wanted = [k for k in keys if k in self.rows]
        if self.student and not self.pinned_only and not set(wanted) <= set(self.shown_keys()):
            self.show_all.setChecked(True)  # asked for by name: shown, whatever the view
        stages = {self.rows[k].param.stage for k in wanted}
        for stage, section in self.sections.items():
            section.set_expanded(stage in stages)
        for key, row in self.rows.items():
            row.set_focused(key in wanted)
        if wanted:
            first = min(wanted, key=lambda k: list(self.rows).index(k))
            self.scroll.widget().adjustSize()
            self.scroll.ensureWidgetVisible(self.rows[first], 0, 40)
            self._explain(self.rows[first].param)
