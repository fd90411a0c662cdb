"""Opening crafted files in the GUI (File › Open, the recovery file) and showing a hostile
scenario: every bad file ends in a dialog that names it (the current run is kept), never an
uncaught exception; and markup from a file (``<img>``, styled ``<b>``, a link) is shown as the
text it is, in labels, tool tips, the help area, the guide caption and error dialogs."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMessageBox, QWidget

from simulator.scenario import bundled_dir
from ui.dialogs import messages as dialog_module

MARKUP = '<img src=\\"x.png\\"><b style=\\"color:red\\">BOLD</b><a href=\\"https://e.x\\">go</a>'
SHOWN = '<img src="x.png"><b style="color:red">BOLD</b><a href="https://e.x">go</a>'


def hostile_text() -> str:
    text = (bundled_dir() / "lending.toml").read_text(encoding="utf-8")
    for old in ('en = "Lending:', 'label = { en = "Group B', 'round_unit = { en = "'):
        if old in text:
            text = text.replace(old, old + MARKUP, 1)
    text = text.replace('caption = { en = "', 'caption = { en = "' + MARKUP)
    return (text + f'\n[help]\n"mitigation.label_audit" = "{MARKUP}"\n'
            f'\n[labels]\n"plot.scores" = "{MARKUP}"\n"metric.mean_score" = "{MARKUP}"\n')


@pytest.fixture
def hostile(make_window, tmp_path):
    path = tmp_path / "hostile.toml"
    path.write_text(hostile_text(), encoding="utf-8")
    window = make_window("lending")
    assert window.open_scenario(str(path))
    assert SHOWN in window.session.scenario.title.en
    return window


def rendered_markup(window) -> list[str]:
    """Every place markup from the file would be rendered: a label not in plain text that
    holds it raw, or a tool tip / What's This holding it raw (Qt renders those)."""
    found = []
    for label in window.findChildren(QLabel):
        if "<img" in label.text() and label.textFormat() != Qt.TextFormat.PlainText:
            found.append(f"label {label.objectName() or label.text()[:40]!r}")
    for widget in [window, *window.findChildren(QWidget)]:
        for kind, text in (("tip", widget.toolTip()), ("what's this", widget.whatsThis())):
            if "<img" in text:
                found.append(f"{kind} of {type(widget).__name__} {widget.objectName()!r}")
    return found


@pytest.mark.slow
def test_markup_from_a_scenario_is_never_rendered(hostile, qtbot):
    window = hostile
    params = window.params
    params._explain(window.session.scenario.schema.get("mitigation.label_audit"))
    assert "&lt;img" in params.help_area.text() and "<img" not in params.help_area.text()
    window.actions.next_step.trigger()
    qtbot.waitUntil(lambda: window.session.guide_shown is not None, timeout=20_000)
    assert rendered_markup(window) == []


def test_chart_titles_and_axis_labels_from_a_scenario_are_text(hostile):
    """pyqtgraph renders a chart's title and axis labels as HTML: from a file, escaped."""
    card = next(c for c in hostile.dashboard.cards if c.chart.id == "scores")
    assert "&lt;img" in card.title.text and "<img" not in card.title.text
    for side in ("left", "bottom"):
        label = card.plot.getAxis(side).label.toHtml()
        assert "<img" not in label.replace("&lt;img", "")


def test_error_dialogs_show_file_text_as_text(window, monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box) or 0)
    dialog_module.show_error(window, "Title", f"x.toml: line 3: {SHOWN}")
    dialog_module.ask(window, "Title", SHOWN, "Go")
    assert [box.textFormat() for box in shown] == [Qt.TextFormat.PlainText] * 2


CRAFTED = [  # (case, file text, words of the dialog)
    ("nested 1,000 deep", "x = " + "[" * 1000 + "]" * 1000, ["nested too deep"]),
    ("an integer of 5,000 digits", "seed = " + "9" * 5000, ["too long"]),
    ("a run file with a 25-digit seed", 'program = "bias-loop"\nscenario = "lending"\n'
     'scenario_source = "lending"\nseed = ' + "9" * 25 + "\nreplication = 0\nguide = false\n"
     "rounds = 3\noverrides = {}\n", ["25 digits"]),
    ("a run file with an unknown who", 'program = "bias-loop"\nscenario = "lending"\n'
     'scenario_source = "lending"\nseed = 1\nreplication = 0\nguide = false\nrounds = 3\n'
     'overrides = {}\n[[events]]\nround = 2\nkey = "mitigation.reweighing"\nold = false\n'
     'new = true\nwho = "hacker"\n', ["hacker"]),
    ("a run file of 10**12 rounds", 'program = "bias-loop"\nscenario = "lending"\n'
     'scenario_source = "lending"\nseed = 1\nreplication = 0\nguide = false\n'
     "rounds = 1000000000000\noverrides = {}\n", ["rounds must be from 0 to 10,000,000"]),
    ("binary garbage", "\x00\x01\xff", ["not"]),
]


@pytest.mark.slow
@pytest.mark.parametrize("case, text, words", CRAFTED, ids=[c[0] for c in CRAFTED])
def test_crafted_files_opened_in_the_gui_end_in_a_dialog(case, text, words, window, tmp_path,
                                                         monkeypatch):
    errors = []
    monkeypatch.setattr(dialog_module, "show_error",
                        lambda _parent, title, message: errors.append((title, message)))
    path = tmp_path / "crafted.toml"
    path.write_bytes(text.encode("utf-8", "surrogatepass"))
    before = window.session.scenario
    assert not window.compare.open_file(str(path))
    assert len(errors) == 1 and str(path) in errors[0][1], errors
    assert all(w in errors[0][1] for w in words), errors
    assert window.session.scenario is before  # the current run is kept
    # The recovery file goes through the same reader: the same refusal, not a crash.
    errors.clear()
    assert not window.compare.open_run(str(path))
    assert len(errors) == 1


@pytest.mark.slow
def test_a_share_moved_in_the_gui_keeps_the_shares_summing_to_one(window):
    """The GUI is held to the rule files and --set are: moving one group's share moves the
    others in proportion, before the run starts and mid-run."""
    session = window.session
    session.set_param("groups.A.share", 0.9)
    assert session.sim.params["groups.B.share"] == pytest.approx(0.1)
    session.sim.run(3)
    session.set_param("groups.B.share", 0.4)
    assert session.sim.pending_value("groups.A.share") == pytest.approx(0.6)
    session.sim.run(1)
    assert [e.key for e in session.sim.events[-2:]] == ["groups.B.share", "groups.A.share"]
