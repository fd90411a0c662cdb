"""Sweeps: the grid's cross product, reproducible seeds, identical results in parallel, and a
picture of where the loop runs away."""

import csv
import io

import numpy as np
import pytest

from simulator import BiasLoopError, ParamError, Simulation, load_scenario
from simulator.sweep import Sweep, parse_grid_item, run_sweep, write_sweep_csv

LENDING = load_scenario("lending")
POLICING = load_scenario("policing")


def test_grid_items_are_parsed_and_checked():
    schema = LENDING.schema
    assert parse_grid_item("mitigation.exploration=0,0.1,0.2", schema) == (
        "mitigation.exploration", (0.0, 0.1, 0.2))
    assert parse_grid_item("mitigation.fairness=none,demographic_parity", schema)[1] == (
        "none", "demographic_parity")
    assert parse_grid_item("mitigation.data_window=0:100:3", schema)[1] == (0, 50, 100)
    assert parse_grid_item("mitigation.label_audit=0:1:5", schema)[1] == (
        0.0, 0.25, 0.5, 0.75, 1.0)
    with pytest.raises(ParamError, match="out of range"):
        parse_grid_item("mitigation.exploration=0,0.9", schema)
    with pytest.raises(ParamError, match="did you mean mitigation.exploration"):
        parse_grid_item("mitigation.exploraton=0,0.1", schema)
    with pytest.raises(BiasLoopError, match="KEY=V1,V2"):
        parse_grid_item("mitigation.exploration", schema)


def test_start_stop_count_gives_the_values_a_person_would_write():
    """0.2:1:5 is 0.2, 0.4, 0.6, 0.8, 1 (not 0.6000000000000001), and the CSV writes each
    one as the value the run used, in its shortest form."""
    schema = LENDING.schema
    assert parse_grid_item("mitigation.label_audit=0.2:1:5", schema)[1] == (
        0.2, 0.4, 0.6, 0.8, 1.0)
    assert parse_grid_item("mitigation.label_audit=0:0.3:4", schema)[1] == (
        0.0, 0.1, 0.2, 0.3)
    assert parse_grid_item("mitigation.label_audit=0.7:0.7:1", schema)[1] == (0.7,)
    sweep = Sweep(LENDING, (parse_grid_item("mitigation.label_audit=0:0.3:4", schema),),
                  rounds=1, seed=3, overrides={"world.applicants": 100})
    out = io.StringIO()
    write_sweep_csv(out, run_sweep(sweep))
    rows = list(csv.reader(line for line in out.getvalue().splitlines()
                           if not line.startswith("#")))
    assert [row[2] for row in rows[1:]] == ["0.0", "0.1", "0.2", "0.3"]
    assert "# grid mitigation.label_audit = [0.0, 0.1, 0.2, 0.3]" in out.getvalue()


def small_sweep(**kw):
    grid = (("mitigation.label_audit", (0.0, 0.5)), ("mitigation.reweighing", (False, True)))
    return Sweep(LENDING, grid, replications=2, rounds=15, seed=3,
                 overrides={"world.applicants": 300}, **kw)


def test_each_grid_point_and_replication_equals_the_plain_run():
    sweep = small_sweep()
    result = run_sweep(sweep)
    assert len(sweep.points()) == 4 and not result.missing
    point = sweep.points()[3]
    sim = Simulation(LENDING, seed=3, replication=1,
                     overrides={"world.applicants": 300, **point})
    sim.run(15)
    assert np.array_equal(result.rows[(3, 1)][0, 1:], sim.recorder.table()[-1], equal_nan=True)


def test_results_do_not_depend_on_the_number_of_processes():
    sweep = small_sweep(all_rounds=True)
    one, two = run_sweep(sweep, jobs=1), run_sweep(sweep, jobs=2)
    assert one.rows.keys() == two.rows.keys()
    for key in one.rows:
        assert np.array_equal(one.rows[key], two.rows[key], equal_nan=True)
    out1, out2 = io.StringIO(), io.StringIO()
    write_sweep_csv(out1, one)
    write_sweep_csv(out2, two)
    assert out1.getvalue() == out2.getvalue()


def test_sweep_csv_has_a_row_per_point_and_replication():
    result = run_sweep(small_sweep())
    out = io.StringIO()
    write_sweep_csv(out, result)
    lines = out.getvalue().splitlines()
    assert any(line.startswith("# grid mitigation.label_audit = [0.0, 0.5]") for line in lines)
    rows = list(csv.DictReader(line for line in lines if not line.startswith("#")))
    assert len(rows) == 8
    assert {(r["mitigation.label_audit"], r["mitigation.reweighing"]) for r in rows} == {
        ("0.0", "false"), ("0.0", "true"), ("0.5", "false"), ("0.5", "true")}
    column = result.columns.index("selection_rate_A")
    assert float(rows[0]["selection_rate_A"]) == result.rows[(0, 0)][0, column]


def test_the_sweep_shows_where_the_policing_loop_runs_away():
    """Ensign et al.: the reported-incident weight moves the allocation from the runaway (all
    patrols north) towards the truth (0.6); the summary shows it point by point."""
    grid = (("mitigation.reported_weight", (0.0, 0.5, 1.0)),)
    result = run_sweep(Sweep(POLICING, grid, replications=4, rounds=300))
    share = result.summary("allocation_share_north")
    mean, p10, p90 = share.T
    assert mean[0] > 0.85  # runaway
    assert mean[0] > mean[1] > mean[2]
    assert abs(mean[2] - 0.6) < 0.05  # reports only: the truth
    assert (p10 <= mean).all() and (mean <= p90).all()


def test_an_interrupted_sweep_keeps_what_finished():
    sweep = small_sweep()
    calls = []

    def stop_after_three(done, total):
        calls.append((done, total))
        if done == 3:
            raise KeyboardInterrupt

    result = run_sweep(sweep, progress=stop_after_three)
    assert len(result.rows) == 3 and len(result.missing) == 5
    assert calls[-1] == (3, 8)
    out = io.StringIO()
    write_sweep_csv(out, result)
    assert out.getvalue().count("# missing") == 5


def test_sweeps_refuse_repeated_keys():
    grid = (("mitigation.label_audit", (0.0,)), ("mitigation.label_audit", (0.5,)))
    with pytest.raises(BiasLoopError, match="only one --grid"):
        Sweep(LENDING, grid)


@pytest.mark.slow
def test_a_dask_cluster_gives_the_same_results_as_local_processes():
    sweep = small_sweep()
    local = run_sweep(sweep, jobs=1)
    on_dask = run_sweep(sweep, jobs=2, executor="dask")
    assert local.rows.keys() == on_dask.rows.keys() and not on_dask.missing
    for key in local.rows:
        assert np.array_equal(local.rows[key], on_dask.rows[key], equal_nan=True)


def test_an_unknown_executor_is_refused():
    with pytest.raises(BiasLoopError, match="allowed: local, dask"):
        run_sweep(small_sweep(), executor="spark")
