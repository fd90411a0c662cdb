"""The controller on its own: running in time slices, starting values vs live changes, undo,
restarts, the guide. No widget is created here."""

from __future__ import annotations

import pytest

from simulator import ParamError, RestartRequired, load_scenario
from ui.session import SLICE_SECONDS, Session


@pytest.fixture
def session(qapp):
    s = Session(load_scenario("lending"))
    s.set_speed(None)
    yield s
    s.pause()


def test_running_plays_rounds_in_slices_until_paused(session, qtbot):
    ticks = []
    session.advanced.connect(ticks.append)
    with qtbot.waitSignal(session.running_changed):
        session.run()
    qtbot.waitUntil(lambda: session.sim.round >= 200, timeout=10_000)
    session.pause()
    assert not session.running
    assert len(ticks) > 1, "rounds come in several slices, not one blocking call"
    assert sum(ticks) == session.sim.round
    assert session.rounds_per_second() > 0


def test_a_slice_returns_to_the_event_loop_quickly(session, qtbot):
    import time

    gaps = []
    last = [time.perf_counter()]

    def tick(_n):
        now = time.perf_counter()
        gaps.append(now - last[0])
        last[0] = now

    session.advanced.connect(tick)
    session.run()
    qtbot.waitUntil(lambda: len(gaps) > 20, timeout=10_000)
    session.pause()
    assert sorted(gaps)[len(gaps) // 2] < SLICE_SECONDS + 0.03


def test_paced_speed_is_respected(session, qtbot):
    session.set_speed(50)
    session.run()
    qtbot.wait(400)
    session.pause()
    assert 5 <= session.sim.round <= 40  # ~20 expected; generous for a busy machine


def test_changes_before_the_first_round_are_starting_values(session):
    session.set_param("mitigation.reweighing", True)
    assert session.sim.round == 0 and session.sim.events == []
    assert session.sim.params["mitigation.reweighing"] is True
    session.play(3)
    session.reset()
    assert session.sim.params["mitigation.reweighing"] is True, "Reset keeps starting values"
    session.restore_defaults()
    assert session.sim.params["mitigation.reweighing"] is False


def test_live_change_is_an_event_at_the_next_round_and_undo_restores_it(session):
    session.play(10)
    session.set_param("mitigation.label_audit", 0.5)
    assert session.value("mitigation.label_audit") == 0.5 and session.is_pending(
        "mitigation.label_audit")
    session.step()
    assert [(e.round, e.key, e.old, e.new, e.who) for e in session.sim.events] == [
        (11, "mitigation.label_audit", 0.0, 0.5, "user")]
    assert session.undo()
    session.step()
    last = session.sim.events[-1]
    assert (last.round, last.old, last.new) == (12, 0.5, 0.0)
    assert not session.undo(), "nothing left to undo"


def test_restart_values_need_consent_and_then_reset(session):
    session.play(5)
    with pytest.raises(RestartRequired):
        session.set_param("groups.B.score_mean", 650.0)
    session.restart_with("groups.B.score_mean", 650.0)
    assert session.sim.round == 0
    assert session.sim.params["groups.B.score_mean"] == 650.0


def test_bad_values_are_refused_with_the_schema_message(session):
    session.play(1)
    with pytest.raises(ParamError, match="out of range"):
        session.set_param("mitigation.label_audit", 3.0)


def test_new_seed_sets_up_again(session):
    session.play(5)
    session.reset(seed=1234)
    assert session.seed == 1234 and session.sim.seed == 1234 and session.sim.round == 0


def test_guide_advances_to_each_step_and_pulls_its_levers(session, qtbot):
    steps = session.guide_steps
    lever_step = next(i for i, s in enumerate(steps) if s.set)
    for _ in range(lever_step + 1):
        with qtbot.waitSignal(session.guide_changed, timeout=10_000,
                              check_params_cb=lambda: not session.guide_advancing):
            session.next_guide_step()
        qtbot.waitUntil(lambda: not session.guide_advancing, timeout=10_000)
    step = steps[lever_step]
    assert session.guide_shown == lever_step
    assert session.sim.round == step.round and not session.running
    key, value = next(iter(step.set.items()))
    assert session.value(key) == value
    session.step()
    event = session.sim.events[-1]
    assert (event.key, event.new, event.who, event.round) == (key, value, "guide",
                                                              step.round + 1)


def test_pausing_on_the_way_to_a_step_cancels_it(session, qtbot):
    session.next_guide_step()  # round 0: shown at once
    session.set_speed(None)
    session.next_guide_step()
    assert session.guide_advancing
    session.pause()
    assert not session.guide_advancing and session.guide_next == 1
