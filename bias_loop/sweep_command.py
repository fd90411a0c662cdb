"""``bias-loop sweep``: run a grid of parameter values over several replications, write one CSV
row per (grid point, replication) and print a summary table (mean and 10–90 % per point).

A sweep is given on the command line (``--grid KEY=V1,V2 ...``) or in a sweep file that can be
saved and shared::

    [sweep]
    scenario = "policing"          # a bundled name or a scenario file (relative to this file)
    replications = 10
    rounds = 300
    seed = 1
    [sweep.grid]
    "mitigation.reported_weight" = [0.0, 0.25, 0.5]
    [sweep.set]
    "world.patrols" = 100

A scenario file can also carry named sweeps, as [[sweep]] tables with the same keys (less
``scenario``, plus ``name``): ``bias-loop sweep policing`` runs its first, ``--sweep NAME``
another. Options given on the command line override the file's.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from simulator import BiasLoopError, load_scenario, tomlio
from simulator.atomic import atomic_open, check_writable
from simulator.limits import MAX_REPLICATIONS, MAX_ROUNDS, MAX_SEED
from simulator.scenario import check_sweep_table, toml_value
from simulator.sweep import EXECUTORS, Sweep, parse_grid_item, run_sweep, write_sweep_csv

from .option_values import parse_assignment, whole
from .progress import end_line, progress_bar

SWEEP_KEYS = ("scenario", "replications", "rounds", "seed", "grid", "set", "all_rounds",
              "metrics")

EPILOG = """\
Each --grid gives one parameter and its values: KEY=V1,V2,... (TOML values) or
KEY=START:STOP:COUNT (COUNT evenly spaced numbers). The sweep runs the cross product of all
grids, each point for --replications K seeds. Replication r of every point uses the same
random numbers, so points differ by their parameters only. The summary (stdout) shows, per
point, the mean and the 10-90 % interval of the final value of each --metric (default: the
metrics of the scenario's first chart). The CSV (--out) has one row per (point, replication),
or per round too with --all-rounds. Ctrl+C stops cleanly: what finished is written, with a
note of what did not (exit status 130).

A scenario file may hold named sweeps ([[sweep]] tables, see docs/scenario-format.md):
without --grid the first runs, --sweep NAME picks one, and options given here override its
values.

examples:
  bias-loop sweep policing --grid mitigation.reported_weight=0:1:5 --replications 20 \\
      --rounds 300 --jobs 0 --out weights.csv
  bias-loop sweep lending --grid mitigation.label_audit=0,0.5,1 \\
      --grid mitigation.reweighing=false,true --replications 10 --metric perceived_rate_B
  bias-loop sweep policing                       the scenario's first saved sweep
  bias-loop sweep policing --sweep correction_vs_rate --replications 3 --rounds 100
  bias-loop sweep --file my-sweep.toml --executor dask --scheduler tcp://10.0.0.5:8786
"""


def add_parser(command) -> None:
    """Register the ``sweep`` subcommand (``command`` makes a subparser, see cli.py)."""

    sweep = command("sweep", cmd_sweep, "run a grid of parameter values over several seeds",
                    EPILOG)
    sweep.add_argument("scenario", nargs="?", metavar="SCENARIO",
                       help="a bundled scenario name or a .toml scenario file (or in --file)")
    sweep.add_argument("--file", metavar="SWEEP.toml", help="a sweep file (see above)")
    sweep.add_argument("--sweep", metavar="NAME",
                       help="run the [[sweep]] called NAME saved in the scenario file "
                            "(default: its first, when no --grid is given)")
    sweep.add_argument("--grid", action="append", default=[], metavar="KEY=V1,V2,...",
                       help="a parameter and its values (repeatable)")
    sweep.add_argument("--set", action="append", default=[], metavar="KEY=VALUE",
                       help="a parameter fixed for the whole sweep (repeatable)")
    sweep.add_argument("--replications", type=whole(1, MAX_REPLICATIONS), metavar="K",
                       help="seeds per grid point (default: 1)")
    sweep.add_argument("--rounds", type=whole(1, MAX_ROUNDS), metavar="N",
                       help="rounds per run (default: the scenario's)")
    sweep.add_argument("--seed", type=whole(0, MAX_SEED), metavar="S",
                       help="root seed (default: the "
                       "scenario's)")
    sweep.add_argument("--jobs", type=whole(0), default=0, metavar="J",
                       help="processes (default 0: one per core)")
    sweep.add_argument("--executor", choices=EXECUTORS, default="local",
                       help="local processes, or a dask.distributed cluster (needs the "
                            "cluster extra)")
    sweep.add_argument("--scheduler", metavar="ADDRESS",
                       help="the dask scheduler (default: a local cluster)")
    sweep.add_argument("--all-rounds", action="store_true",
                       help="write every round of every run, not only the last")
    sweep.add_argument("--metric", action="append", default=[], metavar="COLUMN",
                       help="a metric column to summarise (repeatable)")
    sweep.add_argument("--out", metavar="FILE.csv", help="write the rows to FILE.csv")


def cmd_sweep(args: argparse.Namespace) -> int:

    if args.file and args.sweep:
        raise BiasLoopError("--sweep NAME picks a sweep saved in the scenario file; it cannot "
                            "be combined with --file (a sweep file holds one sweep)")
    table, text = read_sweep_file(args.file) if args.file else ({}, "")
    name = args.scenario or table.pop("scenario", None)
    if name is None:
        raise BiasLoopError("sweep needs a SCENARIO (or a --file that names one)")
    if not isinstance(name, str):
        raise BiasLoopError(f"{args.file}: [sweep] scenario must be a scenario name or a "
                            f".toml file, as text, got {name!r}")
    if args.file and name.endswith(".toml"):  # relative to the sweep file
        name = str(Path(args.file).parent / name)
    scenario = load_scenario(name)
    if args.file:
        spec = check_sweep_table(table, text, scenario, args.file).options()
        spec.pop("name")
    else:
        spec = saved_sweep(scenario, args.sweep, given_grid=bool(args.grid))
    schema = scenario.schema
    given = [parse_grid_item(item, schema) for item in args.grid]
    twice = sorted({k for k, _ in given if [g for g, _ in given].count(k) > 1})
    if twice:
        raise BiasLoopError(f"--grid {', '.join(twice)}: given twice; give each parameter "
                            "once, with all its values (KEY=V1,V2,...)")
    grid = [(k, tuple(values)) for k, values in spec.get("grid", {}).items()]
    grid = list({k: (k, v) for k, v in [*grid, *given]}.values())  # the command line wins
    if not grid:
        raise BiasLoopError("sweep needs at least one --grid KEY=V1,V2,... (or a [sweep.grid] "
                            "table in --file, or a [[sweep]] in the scenario file)")
    overrides = dict(spec.get("set", {}))
    overrides.update(parse_assignment(text, "--set") for text in args.set)
    sweep = Sweep(scenario, tuple(grid),
                  replications=_pick(args.replications, spec, "replications", 1),
                  rounds=_pick(args.rounds, spec, "rounds", None),
                  seed=_pick(args.seed, spec, "seed", None), overrides=overrides,
                  all_rounds=args.all_rounds or bool(spec.get("all_rounds", False)))
    metrics = args.metric or list(spec.get("metrics", [])) or _default_metrics(scenario)
    columns = ["round", *_metric_columns(scenario)]
    for m in metrics:
        if m not in columns:
            raise BiasLoopError(f"--metric {m!r}: not a metric column of {scenario.id}; "
                                "`bias-loop describe` lists them")
    if args.out:
        check_writable(args.out)
    bar = progress_bar("runs")
    result = run_sweep(sweep, jobs=args.jobs, progress=bar, executor=args.executor,
                       scheduler=args.scheduler)
    if result.missing:
        end_line(bar)
    if args.out:
        # Which saved sweep it started from (the command line may have changed it).
        notes = [f"saved_sweep = {toml_value(spec['name'])}"] if "name" in spec else []
        with atomic_open(args.out, "w", encoding="utf-8", newline="") as handle:
            write_sweep_csv(handle, result, notes)
    print_summary(result, metrics)
    if result.missing:
        print(f"bias-loop: interrupted: {len(result.missing)} of {sweep.task_count()} runs did "
              "not finish (listed as '# missing' in the CSV)", file=sys.stderr)
        return 130
    return 0


def saved_sweep(scenario, name: str | None, given_grid: bool) -> dict[str, Any]:
    """The scenario's [[sweep]] to start from, as a sweep file's [sweep] table: the one
    named by --sweep, else the first when the command line gives no --grid, else none."""
    if name is not None:
        return scenario.sweep(name).options()
    if scenario.sweeps and not given_grid:
        return scenario.sweeps[0].options()
    return {}


def read_sweep_file(path: str) -> tuple[dict[str, Any], str]:
    """A sweep file's [sweep] table and its text (for the lines of problems); the table is
    checked against its scenario by :func:`simulator.scenario.check_sweep_table`."""
    try:
        text = Path(path).read_bytes().decode("utf-8")
        data = tomlio.loads(text)
    except IsADirectoryError:
        raise BiasLoopError(f"{path}: is a folder; give a sweep file (.toml)") from None
    except OSError as exc:
        raise BiasLoopError(f"{path}: cannot read the sweep file ({exc.strerror})") from None
    except UnicodeDecodeError:
        raise BiasLoopError(f"{path}: not a sweep file (not UTF-8 text)") from None
    except tomlio.TomlProblem as exc:
        raise BiasLoopError(f"{path}: not a valid TOML sweep file: {exc}") from None
    spec = data.get("sweep")
    if not isinstance(spec, dict):
        raise BiasLoopError(f"{path}: needs a [sweep] table ({', '.join(SWEEP_KEYS)})")
    return spec, text


def _pick(option: Any, spec: dict[str, Any], key: str, default: Any) -> Any:
    return option if option is not None else spec.get(key, default)


def _default_metrics(scenario) -> list[str]:
    first = {p.id: p for p in scenario.plots()}[scenario.default_plots()[0]]
    specs = {m.name: m for m in scenario.metrics()}
    return [c for name in first.metrics for c in specs[name].columns(scenario.group_ids)]


def _metric_columns(scenario) -> list[str]:
    return [c for m in scenario.metrics() for c in m.columns(scenario.group_ids)]


def print_summary(result, metrics: list[str]) -> None:
    """One line per grid point: its values, then mean [10 %, 90 %] of each metric."""
    keys = [k for k, _ in result.sweep.grid]
    head = [*keys, *metrics]
    rows = []
    summaries = {m: result.summary(m) for m in metrics}
    for i, point in enumerate(result.sweep.points()):
        cells = [_fmt(point[k]) for k in keys]
        for m in metrics:
            mean, low, high = summaries[m][i]
            cells.append(f"{mean:.3f} [{low:.3f}, {high:.3f}]")
        rows.append(cells)
    widths = [max(len(h), *(len(r[j]) for r in rows)) for j, h in enumerate(head)]
    print(f"final value of each metric: mean [10 %, 90 %] over "
          f"{result.sweep.replications} replications")
    print("  ".join(h.ljust(w) for h, w in zip(head, widths, strict=True)))
    for r in rows:
        print("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)))


def _fmt(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return f"{value:g}" if isinstance(value, float) else str(value)
