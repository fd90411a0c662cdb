"""The headline bar and the claims beside the guide's caption, as a facilitator sees them."""

from __future__ import annotations

from PySide6.QtCore import Qt

from simulator.scenario import parse_scenario, resolve_path


def next_step(window, qtbot) -> None:
    session = window.session
    session.next_guide_step()
    qtbot.waitUntil(lambda: not session.guide_advancing, timeout=20_000)


def test_the_headline_gap_is_shown_with_its_growth_since_round_20(window):
    bar = window.headline
    assert bar.isVisible()
    assert bar.what.text() == "Mean credit score (Group A \u2212 Group B)"
    window.session.play(130)
    window.refresh_views()
    now = float(bar.value.text())
    assert 105 < now < 125  # the 10-month mean: about 112 at month 130 in this seed
    then, change = bar.since.text().split(" at month 20 ")
    assert 80 < float(then) < 95 and change.startswith("(+") and change.endswith(" %)")
    assert all(label.textFormat() == Qt.TextFormat.PlainText
               for label in (bar.what, bar.value, bar.since))


def test_a_scenario_without_a_headline_shows_no_bar(window):
    text = resolve_path("lending").read_text("utf-8").replace(
        'headline = "mean_score_A - mean_score_B"\n', "")
    window.session.load(parse_scenario(text, "no_headline.toml"))
    assert not window.headline.isVisible()


def test_a_claim_is_shown_once_it_has_held_in_the_runs_language(window, qtbot):
    notes = window.guide_bar.claims
    next_step(window, qtbot)  # month 0: the claims of the first step are pending
    window.session.play(19)
    assert not notes.isVisible()
    window.session.play(1)  # month 20: the first one falls due, and holds
    assert notes.isVisible()
    head, gap = notes.text().rsplit(" ", 1)
    assert head == "\u2713 The model underrates B's repayment rate by" and float(gap) > 0.15
    next_step(window, qtbot)  # month 60: step 2's claims are pending, step 1's are old news
    assert not notes.isVisible()
    window.session.play(60)  # step 2's claims fall due at month 120
    own = notes.text().splitlines()
    assert own[0].startswith("\u2713 A's approval rate is 0.") and own[0].endswith(" above B's")
    assert own[1].startswith("\u2713 The credit-score gap widened from ")
    window.set_language("es")
    assert notes.text().splitlines()[0].startswith(
        "\u2713 La tasa de aprobación de A supera a la de B en 0,")
    assert notes.textFormat() == Qt.TextFormat.PlainText


def test_a_late_step_counts_its_deadline_from_when_it_was_performed(window, qtbot):
    notes = window.guide_bar.claims
    next_step(window, qtbot)
    window.session.play(100)  # the facilitator talks past month 60
    next_step(window, qtbot)  # step 2, performed at month 100: its claims fall due at 160
    window.session.play(59)
    assert not any("approval rate" in line for line in notes.text().splitlines())
    window.session.play(1)
    assert any("A's approval rate is" in line for line in notes.text().splitlines())
