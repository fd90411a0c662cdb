"""The recorder keeps every round until it is long, then thins the old half: memory is bounded
and the rows always say which rounds they are."""

import numpy as np

from simulator.recorder import Recorder


def test_rows_are_views_of_what_was_appended():
    rec = Recorder(["a", "b"], capacity=2)
    for r in range(1, 6):
        rec.append(r, {"a": r * 1.0, "b": -r})
    assert rec.rounds.tolist() == [1, 2, 3, 4, 5]
    assert rec.series("b").tolist() == [-1, -2, -3, -4, -5]
    assert not rec.thinned


def test_long_histories_are_thinned_not_dropped():
    rec = Recorder(["x"], capacity=8, max_rows=100)
    for r in range(1, 10_001):
        rec.append(r, {"x": float(r)})
    assert len(rec) <= 100 and rec.thinned
    rounds = rec.rounds
    assert rounds[0] == 1 and rounds[-1] == 10_000  # the whole history is still spanned
    assert np.all(np.diff(rounds) > 0)
    assert np.array_equal(rec.series("x"), rounds.astype(float))  # each row is its round
    assert np.all(np.diff(rounds[-25:]) == 1)  # recent rounds at full resolution
    assert rec._data.shape[0] <= 100


def test_row_at_gives_the_round_asked_for_or_the_latest_recorded_before_it():
    from simulator import Simulation, load_scenario

    sim = Simulation(load_scenario("policing"), seed=1)
    sim.run(30)
    table = sim.recorder.table()
    round_, row = sim.recorder.row_at(12)
    assert round_ == 12  # the audit columns are NaN: no audit ran
    assert np.array_equal(list(row.values()), table[11], equal_nan=True)
    assert sim.recorder.row_at(0)[0] == 1 and sim.recorder.row_at(99)[0] == 30
