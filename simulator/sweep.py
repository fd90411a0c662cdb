"""Parameter sweeps: the cross product of a grid of values, each point run for several
replications, in parallel processes ("for which settings does the loop run away?").

Replication ``r`` of every grid point uses the random streams of (seed, r), so all points see
the same random numbers (common random numbers: differences between points are the
parameters', not the dice's), and results are identical whatever the number of processes or
the order in which tasks finish. A sweep can be interrupted: it returns what finished and says
what did not.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import numpy as np

from .errors import BiasLoopError, shown
from .limits import MAX_REPLICATIONS, MAX_SWEEP_RUNS
from .runs import RunSpec, play_together, replication_batches, run_tasks, worker_count
from .scenario import Scenario, dump_scenario, parse_scenario, toml_value
from .schema import Schema, parse_value


def parse_grid_item(text: str, schema: Schema) -> tuple[str, tuple[Any, ...]]:
    """``KEY=V1,V2,...`` or ``KEY=START:STOP:COUNT`` (evenly spaced, both ends included)."""
    key, sep, values = text.partition("=")
    key = key.strip()
    if not sep or not values.strip():
        raise BiasLoopError(f"--grid {shown(text)}: expected KEY=V1,V2,... or KEY=START:STOP:COUNT")
    param = schema.get(key)
    parts = values.split(":")
    if len(parts) == 3 and param.type in ("int", "float"):
        try:
            start, stop, count = Fraction(parts[0]), Fraction(parts[1]), int(parts[2])
        except (ValueError, ZeroDivisionError):
            raise BiasLoopError(f"--grid {shown(text)}: START:STOP:COUNT must be numbers, "
                                "COUNT a whole number") from None
        if not 1 <= count <= MAX_SWEEP_RUNS:
            raise BiasLoopError(f"--grid {shown(text)}: COUNT must be from 1 to "
                                f"{MAX_SWEEP_RUNS:,} (a sweep has at most that many runs)")
        raw = evenly_spaced(start, stop, count)
        if param.type == "int":
            raw = sorted(set(round(v) for v in raw))
    else:
        parts = values.split(",", MAX_SWEEP_RUNS)
        if len(parts) > MAX_SWEEP_RUNS:
            raise BiasLoopError(f"--grid {key}: more than {MAX_SWEEP_RUNS:,} values; a sweep "
                                f"has at most {MAX_SWEEP_RUNS:,} runs")
        raw = [parse_value(v) for v in parts]
    checked = tuple(param.check(v) for v in raw)
    return key, tuple(dict.fromkeys(checked))  # unique, in the order given


def evenly_spaced(start: Fraction, stop: Fraction, count: int) -> list[float]:
    """``count`` values from ``start`` to ``stop``, both included, each the float nearest
    the exact value: 0:1:5 gives 0.25 and 0.75, and 0.2:1:5 gives 0.6, where accumulating
    floats (numpy's linspace) gives 0.6000000000000001, a value nobody asked for."""
    if count == 1:
        return [float(start)]
    return [float(start + (stop - start) * i / (count - 1)) for i in range(count)]


@dataclass(frozen=True)
class Sweep:
    """A checked sweep: every grid value is checked against the schema when it is made."""

    scenario: Scenario
    grid: tuple[tuple[str, tuple[Any, ...]], ...]
    replications: int = 1
    rounds: int | None = None
    seed: int | None = None
    overrides: Mapping[str, Any] = field(default_factory=dict)
    all_rounds: bool = False

    def __post_init__(self) -> None:
        base = RunSpec(self.scenario, self.rounds, self.seed, self.overrides)
        object.__setattr__(self, "rounds", base.rounds)
        object.__setattr__(self, "seed", base.seed)
        object.__setattr__(self, "overrides", base.overrides)
        keys = [k for k, _ in self.grid]
        if len(set(keys)) != len(keys):
            twice = sorted({k for k in keys if keys.count(k) > 1})
            raise BiasLoopError(f"{', '.join(twice)}: given to --grid twice; each parameter "
                                "may appear in only one --grid (list all its values there)")
        if isinstance(self.replications, bool) or not isinstance(self.replications, int) \
                or not 1 <= self.replications <= MAX_REPLICATIONS:
            raise BiasLoopError(f"replications must be a whole number from 1 to "
                                f"{MAX_REPLICATIONS:,}, got {self.replications!r}")
        if not isinstance(self.all_rounds, bool):
            raise BiasLoopError(f"all_rounds must be true or false, got {self.all_rounds!r}")
        if self.task_count() > MAX_SWEEP_RUNS:  # counted, before a single point is built
            raise BiasLoopError(f"this sweep has {self.task_count():,} runs "
                                f"({self.point_count():,} grid points x {self.replications:,} "
                                f"replications); at most {MAX_SWEEP_RUNS:,} are allowed in "
                                "one sweep")
        for key, values in self.grid:
            for v in values:
                self.scenario.schema.check(key, v)
        if any(key.endswith(".share") for key in keys):
            for i in range(self.point_count()):
                self.spec(self.point(i))  # each point's shares must sum to 1

    def point_count(self) -> int:
        return math.prod(len(values) for _, values in self.grid)

    def point(self, index: int) -> dict[str, Any]:
        """Grid point ``index`` of :meth:`points`, without building the others."""
        out = {}
        for key, values in reversed(self.grid):
            index, i = divmod(index, len(values))
            out[key] = values[i]
        return dict(reversed(out.items()))

    def points(self) -> list[dict[str, Any]]:
        return [self.point(i) for i in range(self.point_count())]

    def task_count(self) -> int:
        return self.point_count() * self.replications

    def spec(self, point: Mapping[str, Any]) -> RunSpec:
        return RunSpec(self.scenario, self.rounds, self.seed, {**self.overrides, **point})

    def __reduce__(self):
        # Workers get the scenario as TOML (an exact round trip), like RunSpec.
        return (_rebuild, (dump_scenario(self.scenario), self.scenario.source, self.grid,
                           self.replications, self.rounds, self.seed, dict(self.overrides),
                           self.all_rounds))


def _rebuild(text, source, grid, replications, rounds, seed, overrides, all_rounds):
    return Sweep(parse_scenario(text, source), grid, replications, rounds, seed, overrides,
                 all_rounds)


@dataclass
class SweepResult:
    """Rows per (grid point, replication): final metrics, or every round with ``all_rounds``.
    ``missing`` lists the (point, replication) tasks that did not finish."""

    sweep: Sweep
    columns: list[str]
    rows: dict[tuple[int, int], np.ndarray]
    missing: list[tuple[int, int]]

    def final(self, metric: str) -> np.ndarray:
        """``[points, replications]`` final values of ``metric`` (NaN where not finished)."""
        i = self.columns.index(metric)
        out = np.full((self.sweep.point_count(), self.sweep.replications), np.nan)
        for (p, r), table in self.rows.items():
            out[p, r] = table[-1, i]
        return out

    def summary(self, metric: str) -> np.ndarray:
        """``[points, 3]``: mean, 10th and 90th percentile of the final ``metric``."""
        values = self.final(metric)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)  # a point with nothing finished
            return np.column_stack([np.nanmean(values, axis=1),
                                    np.nanpercentile(values, 10, axis=1),
                                    np.nanpercentile(values, 90, axis=1)])


def run_task(sweep: Sweep, point_index: int, replications: range
             ) -> list[tuple[int, int, np.ndarray]]:
    """Replications of one point of the sweep, played together (a job for a worker): each
    one's recorded table, or its last row."""
    out = []
    for sim in play_together(sweep.spec(sweep.point(point_index)), replications):
        table = sim.recorder.table()
        rounds = sim.recorder.rounds.astype(float)[:, None]
        table = np.hstack([rounds, table])
        out.append((point_index, sim.replication, table if sweep.all_rounds else table[-1:]))
    return out


EXECUTORS = ("local", "dask")


def run_sweep(sweep: Sweep, jobs: int = 1,
              progress: Callable[[int, int], None] | None = None,
              executor: str = "local", scheduler: str | None = None) -> SweepResult:
    """Run every task; ``progress(done, total)`` after each. Ctrl+C (KeyboardInterrupt) stops
    cleanly: running tasks are abandoned and the result lists them as missing.

    ``executor="dask"`` sends the same tasks to a dask.distributed cluster (the scheduler at
    ``scheduler``, or a local cluster of ``jobs`` workers when none is given); the results are
    the same as with local processes, since every task's random numbers come from its own
    (seed, replication)."""
    if executor not in EXECUTORS:
        raise BiasLoopError(f"unknown executor {executor!r}; allowed: {', '.join(EXECUTORS)}")
    from .engine import Simulation  # the column names come from a run's recorder

    columns = ["round", *Simulation(sweep.scenario, seed=0).metric_columns()]
    points = sweep.point_count()
    total = points * sweep.replications
    workers = worker_count(jobs, total)
    # A point's replications are played together, cut so that every worker has some.
    batches = replication_batches(sweep.replications, -(-workers // points))
    tasks = [(p, batch) for p in range(points) for batch in batches]
    rows: dict[tuple[int, int], np.ndarray] = {}

    def done(results: list[tuple[int, int, np.ndarray]]) -> None:
        for p, r, table in results:
            rows[(p, r)] = table
            if progress:
                progress(len(rows), total)

    try:
        if executor == "dask":
            _run_on_dask(sweep, tasks, workers, scheduler, done)
        else:
            run_tasks([(run_task, (sweep, p, batch)) for p, batch in tasks], workers, done)
    except KeyboardInterrupt:
        pass
    missing = [(p, r) for p in range(points) for r in range(sweep.replications)
               if (p, r) not in rows]
    return SweepResult(sweep, columns, rows, missing)


def write_sweep_csv(stream, result: SweepResult, notes: Sequence[str] = ()) -> None:
    """The sweep as CSV: ``#`` manifest lines (program, scenario, seed, grid, base parameters,
    what did not finish, any ``notes``), then one row per (grid point, replication[, round])."""
    from . import __version__

    sweep = result.sweep
    keys = [k for k, _ in sweep.grid]
    head = {"program": "bias-loop", "version": __version__, "scenario": sweep.scenario.id,
            "scenario_source": sweep.scenario.source, "seed": sweep.seed,
            "replications": sweep.replications, "rounds": sweep.rounds,
            "all_rounds": sweep.all_rounds}
    lines = ["bias-loop sweep CSV: the lines starting with # describe the sweep below"]
    lines += [f"{k} = {toml_value(v)}" for k, v in head.items()]
    lines += [f"grid {k} = {toml_value(list(v))}" for k, v in sweep.grid]
    lines += [f"param {k} = {toml_value(v)}"
              for k, v in sweep.scenario.schema.resolve(
                  {**sweep.scenario.params, **sweep.overrides}).items()]
    lines += [f"missing point = {p}, replication = {r}" for p, r in result.missing]
    lines += notes
    stream.write("".join(f"# {line}\n" for line in lines))
    metric_columns = result.columns[1:]
    header = ["point", "replication", *keys]
    header += ["round"] if sweep.all_rounds else []
    stream.write(",".join([*header, *metric_columns]) + "\n")
    points = sweep.points()
    for (p, r) in sorted(result.rows):
        settings = [_csv_value(points[p][k]) for k in keys]
        for row in result.rows[(p, r)]:
            lead = [str(p), str(r), *settings]
            lead += [str(int(row[0]))] if sweep.all_rounds else []
            stream.write(",".join([*lead, *map(repr, row[1:].tolist())]) + "\n")


def _csv_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return repr(value) if isinstance(value, float) else str(value)


def _run_on_dask(sweep: Sweep, tasks, workers: int, scheduler: str | None, done) -> None:
    try:
        from dask.distributed import Client, LocalCluster, as_completed
    except ImportError:
        raise BiasLoopError("the dask executor needs dask.distributed: "
                            'pip install "bias-loop[cluster]"') from None
    cluster = None
    try:
        if scheduler:
            client = Client(scheduler, timeout="10s")
        else:
            cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                   dashboard_address=":0")
            client = Client(cluster)
    except OSError as exc:
        raise BiasLoopError(f"cannot reach the dask scheduler {scheduler!r}: {exc}") from None
    try:
        futures = [client.submit(run_task, sweep, p, batch, pure=False) for p, batch in tasks]
        try:
            for future in as_completed(futures):
                done(future.result())
        finally:
            client.cancel(futures)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
