"""Compare in the window: a pinned baseline, the counterfactual in lockstep, a band over
seeds (played here, or in worker processes when those are faster), and saved runs through
File › Save run / Open."""

from __future__ import annotations

import time

import numpy as np
import pytest
from PySide6.QtCore import QTimer

from simulator import Simulation


def curve_data(card, role, column):
    item = card.companions[role][column]
    return item.getData()


def test_pin_baseline_draws_the_pinned_numbers_thin_and_translucent(window, qtbot):
    s = window.session
    s.play(40)
    pinned = s.sim.recorder.series("selection_rate_B").copy()
    window.actions.pin_baseline.trigger()
    s.reset()
    s.set_param("mitigation.reweighing", True)  # from round 0: a starting value
    s.play(40)
    window.refresh_views()
    card = window.dashboard.cards[0]
    column = card.chart.curves[0].column
    x, y = curve_data(card, "baseline", column)
    base = s.baseline.recorder
    assert np.array_equal(y, base.series(column)) and len(x) == 40
    assert np.array_equal(s.baseline.recorder.series("selection_rate_B"), pinned)
    item = card.companions["baseline"][column]
    live = card.curves[column]
    pen, live_pen = item.opts["pen"], live.opts["pen"]
    assert pen.color().rgb() == live_pen.color().rgb()  # the live line's colour, ...
    assert pen.color().alphaF() < 0.7 and pen.widthF() < 0.5 * live_pen.widthF()  # ... thin
    assert "baseline" in " ".join(t for _, t in window.dashboard.strip.legend.entries)
    window.actions.clear_baseline.trigger()
    window.refresh_views()
    assert "baseline" not in card.companions


def test_counterfactual_advances_in_lockstep(window, qtbot):
    s = window.session
    s.set_param("mitigation.label_audit", 0.5)
    window.actions.counterfactual.trigger()
    assert s.counterfactual is not None and window.actions.counterfactual.isChecked()
    s.run()
    qtbot.waitUntil(lambda: s.sim.round >= 30, timeout=10_000)
    s.pause()
    assert s.counterfactual.round == s.sim.round
    fresh = Simulation(s.scenario, seed=s.seed)
    fresh.run(s.sim.round)
    assert np.array_equal(s.counterfactual.recorder.table(), fresh.recorder.table(),
                          equal_nan=True), "the counterfactual is the run without the lever"
    window.refresh_views()
    card = window.dashboard.cards[0]
    assert card.companions["counterfactual"]
    window.actions.counterfactual.trigger()
    assert s.counterfactual is None


@pytest.mark.slow
def test_run_seeds_in_the_background_gives_a_band(window, qtbot):
    s = window.session
    s.set_param("world.applicants", 200)
    s.play(10)
    ticks = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    timer.start(20)
    with qtbot.waitSignal(s.seeds_finished, timeout=30_000) as finished:
        window.compare.run_seeds(4, jobs=2)
        assert window.compare.progress.isVisibleTo(window)
    timer.stop()
    assert finished.args == [""]
    assert len(ticks) >= 3, "the window kept processing events meanwhile"
    assert s.band_size == 4 and not s.seeds_running
    window.refresh_views()
    card = window.dashboard.cards[0]
    column = card.chart.curves[0].column
    _, mean, low, high, fill = card.band_items[column]
    band = s.band[column]
    assert len(band.rounds) == s.scenario.rounds  # computed to the end ...
    x, y = mean.getData()
    assert x.max() == s.sim.round == 10  # ... shown up to the live run's round only
    assert np.allclose(y, band.mean[:10], equal_nan=True)
    assert low.getData()[0].max() == high.getData()[0].max() == 10
    s.play(5)
    window.refresh_views()
    assert mean.getData()[0].max() == 15  # the band follows the run
    assert not window.compare.progress.isVisibleTo(window)


def lone_runs_match(session, count):
    from simulator.runs import play

    spec = session.replication_spec(count)
    return all(np.array_equal(r.recorder.table(), play(spec, i).recorder.table(), equal_nan=True)
               for i, r in enumerate(session.seed_runs))


def test_seeds_of_a_kind_that_plays_them_side_by_side_are_played_here(window, qtbot):
    """Twenty lending seeds cost about two runs here, far less than starting workers: the
    window plays them between frames, and each is the lone run of its seed."""
    s = window.session
    s.set_param("mitigation.reweighing", True)
    with qtbot.waitSignal(s.seeds_finished, timeout=30_000) as finished:
        window.compare.run_seeds(5, jobs=2)
        assert s._seeds._pool is None
    assert finished.args == [""] and s.band_size == 5
    assert lone_runs_match(s, 5)


@pytest.mark.slow
def test_seeds_that_would_take_long_here_move_to_worker_processes(window, qtbot, monkeypatch):
    """Where the first slices show that workers would be faster (here: they are said to
    start at no cost), the seeds are played again in worker processes, with the same
    numbers."""
    import ui.seed_runs as seed_runs

    monkeypatch.setattr(seed_runs, "WORKER_START_SECONDS", 0.0)
    monkeypatch.setattr(seed_runs, "PROBE_SECONDS", 0.0)
    window.open_scenario("policing")
    s = window.session
    moved = []
    s.seeds_progress.connect(lambda done, total: moved.append(s._seeds._pool is not None))
    with qtbot.waitSignal(s.seeds_finished, timeout=60_000) as finished:
        window.compare.run_seeds(3, jobs=2)
    assert finished.args == [""] and any(moved) and s.band_size == 3
    assert lone_runs_match(s, 3)


def test_cancel_seeds(window, qtbot):
    s = window.session
    with qtbot.waitSignal(s.seeds_finished, timeout=5000) as finished:
        window.compare.run_seeds(4, jobs=1)
        s.cancel_seeds()
    assert finished.args == ["cancelled"] and s.band is None and not s.seeds_running


def test_save_run_and_open_run_round_trip(window, tmp_path, dialogs):
    s = window.session
    s.play(20)
    s.set_param("mitigation.reweighing", True)
    s.play(15)
    path = str(tmp_path / "run.toml")
    assert window.compare.save_run(path)
    table = s.sim.recorder.table()
    window.open_scenario("policing")
    assert window.compare.open_file(path)
    assert s.scenario.id == "lending" and s.sim.round == 35
    assert np.array_equal(s.sim.recorder.table(), table, equal_nan=True)
    assert [e.key for e in s.sim.events if e.who == "user"] == ["mitigation.reweighing"]
    bad = tmp_path / "bad.toml"
    bad.write_text('program = "bias-loop"\nrounds = 3\nscenario = "x"\n', encoding="utf-8")
    dialogs.next()
    assert not window.compare.open_file(str(bad))
    assert "bad.toml" in dialogs.texts[-1] and s.sim.round == 35
