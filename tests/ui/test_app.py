"""``run_gui``: what `bias-loop` and `bias-loop gui` call, screenshot mode included."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QImage

from simulator import bundled_names
from ui.app import PRESENTATION_SIZE, SCREENSHOT_SIZE, default_scenario_name, run_gui


def test_default_scenario_is_lending_when_bundled():
    assert default_scenario_name() == ("lending" if "lending" in bundled_names()
                                       else bundled_names()[0])


@pytest.mark.slow
def test_screenshot_mode_saves_the_window_and_exits_0(qapp, tmp_path):
    path = tmp_path / "x.png"
    assert run_gui("lending", rounds=50, screenshot=str(path)) == 0
    image = QImage(str(path))
    assert (image.width(), image.height()) == SCREENSHOT_SIZE
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")], "no temporary left"


@pytest.mark.slow
def test_screenshot_in_a_theme_and_presentation_mode(qapp, tmp_path):
    """`gui --theme dark --presentation --screenshot`: a projector-sized dark picture."""
    from bias_loop.cli import THEMES
    from ui.theme import THEMES as UI_THEMES

    assert THEMES == tuple(UI_THEMES)  # the command line offers exactly the GUI's themes
    path = tmp_path / "dark.png"
    assert run_gui("policing", rounds=30, screenshot=str(path), theme="dark",
                   presentation=True) == 0
    image = QImage(str(path))
    assert (image.width(), image.height()) == PRESENTATION_SIZE
    corner = image.pixelColor(image.width() - 5, image.height() - 5)
    assert corner.lightness() < 80  # the dark theme's background, not the light one's


def test_screenshot_of_a_scenario_file(qapp, tmp_path):
    from simulator import dump_scenario, load_scenario

    scenario_file = tmp_path / "mine.toml"
    scenario_file.write_text(dump_scenario(load_scenario("lending")), encoding="utf-8")
    assert run_gui(str(scenario_file), rounds=5, screenshot=str(tmp_path / "mine.png")) == 0
    assert (tmp_path / "mine.png").stat().st_size > 10_000


@pytest.mark.parametrize("scenario, path, message", [
    ("no_such_scenario", "x.png", "no such scenario"),
    ("lending", "missing/x.png", "does not exist"),
    ("lending", "x.jpg", "PNG"),
])
def test_screenshot_errors_exit_2_with_a_message(qapp, tmp_path, capsys, scenario, path,
                                                 message):
    assert run_gui(scenario, rounds=1, screenshot=str(tmp_path / path)) == 2
    err = capsys.readouterr().err
    assert err.startswith("bias-loop: error: ") and message in err
    assert not (tmp_path / path).exists()


@pytest.mark.parametrize("presentation", [False, True])
def test_screenshot_at_the_size_asked_for(qapp, tmp_path, presentation):
    """`gui --size 1280x720 --screenshot`: that size, in the normal window and presenting."""
    path = tmp_path / "small.png"
    assert run_gui("policing", screenshot=str(path), size=(1280, 720), guide=True, step=1,
                   presentation=presentation) == 0
    image = QImage(str(path))
    assert (image.width(), image.height()) == (1280, 720)


def test_the_guide_is_played_up_to_step_k_as_next_step_would(qapp):
    """`gui --guide --step 4`: the run stands at step 4's round, its caption on show, and
    the levers of steps 1 to 4 (and no later one) pulled by the guide (step 4's take effect
    in the next round, as after a click)."""
    from simulator import load_scenario
    from ui.app import Start
    from ui.session import Session

    session = Session(load_scenario("lending"))
    steps = session.guide_steps
    Start(guide=True, step=4).play(session, 0)
    assert session.sim.round == steps[3].round and session.guide_shown == 3
    assert session.guide_next == 4
    pulled = {(e.key, e.new) for e in session.sim.events if e.who == "guide"}
    assert pulled and pulled == {(k, v) for step in steps[:3] for k, v in step.set.items()}
    assert steps[3].set and all(session.value(k) == v for k, v in steps[3].set.items())
    assert not any(session.value(k) == v for step in steps[4:] for k, v in step.set.items())
    Start(guide=True).play(session, 0)  # no step: the whole guide
    assert session.guide_shown == len(steps) - 1


def test_a_step_the_guide_does_not_have_exits_2_naming_the_steps(qapp, tmp_path, capsys):
    from simulator import load_scenario

    steps = len(load_scenario("lending").guide)
    path = tmp_path / "x.png"
    assert run_gui("lending", screenshot=str(path), guide=True, step=steps + 1) == 2
    err = capsys.readouterr().err
    assert err.startswith("bias-loop: error: --step ") and f"1 to {steps}" in err
    assert not path.exists()
