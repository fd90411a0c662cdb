"""Property tests over each kind's whole parameter schema: any valid parameter set runs, and
what it records stays meaningful (rates within their range, shares summing to 1, no infinities;
NaN only where a figure is undefined, e.g. a group with no applicants)."""

import math

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from simulator import ParamError, Simulation, bundled_names, load_scenario

ROUNDS = 200


def value_strategy(param):
    if param.type == "bool":
        return st.booleans()
    if param.type == "choice":
        return st.sampled_from(param.choices)
    if param.type == "int":
        high = param.max if param.max is not None else param.min + 1000
        # Keep the population sizes modest: the cost does not depend on them, the run time of
        # numpy's samplers for huge counts a little does.
        return st.integers(int(param.min), int(min(high, 100_000)))
    high = param.max if param.max is not None else param.min + 1000
    return st.floats(param.min, high, allow_nan=False, allow_infinity=False)


def overrides_strategy(scenario):
    params = list(scenario.schema)
    return st.fixed_dictionaries({p.key: value_strategy(p) for p in params}).map(whole_shares)


def whole_shares(overrides):
    """The drawn groups' shares scaled to sum to 1 (equal when all are 0): shares that do not
    are refused by every way in, which tests/test_robust_scenario_files.py checks."""
    keys = [k for k in overrides if k.startswith("groups.") and k.endswith(".share")]
    total = sum(overrides[k] for k in keys)
    for k in keys:
        overrides[k] = overrides[k] / total if total > 0 else 1 / len(keys)
    return overrides


def runnable(scenario, overrides):
    """The overrides without the values the kind cannot run together with the others (its
    declared conflicts, e.g. a rate above 1 with at-most-one discoveries), which go back to
    the scenario's, once it is checked that a run refuses them."""
    params = scenario.schema.resolve({**scenario.params, **overrides})
    refused = {key for key, _ in scenario.kind.conflicts(params, scenario.group_ids)}
    if refused:
        with pytest.raises(ParamError, match=sorted(refused)[0]):
            Simulation(scenario, overrides=overrides)
    return {k: v for k, v in overrides.items() if k not in refused}


def check_recorded(sim):
    rec = sim.recorder
    assert len(rec) == ROUNDS
    table = rec.table()
    assert not np.isinf(table).any(), "infinite values recorded"
    for spec in sim.scenario.metrics():
        columns = spec.columns(sim.groups)
        values = np.column_stack([rec.series(c) for c in columns])
        if spec.y_range == (0, 1):
            finite = values[np.isfinite(values)]
            assert ((finite >= -1e-9) & (finite <= 1 + 1e-9)).all(), spec.name
        if spec.sums_to_one:
            complete = np.isfinite(values).all(axis=1)
            sums = values[complete].sum(axis=1)
            assert np.allclose(sums, 1.0, atol=1e-6), spec.name


@pytest.mark.slow
@pytest.mark.parametrize("name", bundled_names())
def test_any_valid_parameter_set_runs_and_records_sane_numbers(name):
    scenario = load_scenario(name)

    @settings(max_examples=25, deadline=None, derandomize=True,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(overrides=overrides_strategy(scenario), seed=st.integers(0, 2**32))
    def run(overrides, seed):
        sim = Simulation(scenario, seed=seed, overrides=runnable(scenario, overrides))
        sim.run(ROUNDS)
        check_recorded(sim)

    run()


@pytest.mark.parametrize("name", bundled_names())
def test_extreme_corners_of_the_schema_run(name):
    """Every parameter at its minimum, then every one at its maximum (within reason)."""
    scenario = load_scenario(name)
    for end in ("min", "max"):
        overrides = {}
        for p in scenario.schema:
            if p.type in ("float", "int"):
                value = getattr(p, end)
                if value is None or (p.type == "int" and value > 100_000):
                    continue
                overrides[p.key] = int(value) if p.type == "int" else float(value)
        sim = Simulation(scenario, seed=1,
                         overrides=runnable(scenario, whole_shares(overrides)))
        sim.run(ROUNDS)
        check_recorded(sim)
        assert all(math.isfinite(v) or math.isnan(v) for v in sim.recorder.last().values())
