"""The ``bias-loop`` command line: the GUI, and the same model headless.

``scenarios``, ``describe``, ``validate`` and ``run`` import only ``simulator`` (fast start, no
display needed); ``gui`` imports Qt lazily, inside its handler. Every user mistake ends in exit
status 2 with one message on stderr, prefixed ``bias-loop: error:``: argparse's own complaints,
and every :class:`BiasLoopError` the simulator raises. Nothing else is caught, so a genuine bug
still shows its traceback.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import sys
import textwrap
from collections.abc import Callable, Sequence
from dataclasses import replace
from functools import partial
from typing import NoReturn

from simulator import BiasLoopError, __version__, bundled_names, load_scenario
from simulator.atomic import atomic_files, check_writable
from simulator.csvio import write_band_csv, write_csv
from simulator.limits import MAX_REPLICATIONS, MAX_ROUNDS, MAX_SEED
from simulator.runs import (
    Change,
    RunResult,
    RunSpec,
    check_change,
    play,
    run_replications,
    spec_from_manifest,
    without_levers,
)
from simulator.saved_run import (
    model_version_warning,
    open_run,
    read_run,
    run_scenario,
    run_text,
)
from simulator.scenario import language_gaps, resolve_path, toml_value
from simulator.text import LANGUAGES, T

from . import check_command, sweep_command
from .chart import CHART_SIZES, band_decoration, check_chart_path, write_chart
from .option_values import in_context, parse_assignment, parse_change, whole, window_size
from .progress import end_line, progress_bar, received, stop_on_ctrl_c, stop_on_sigterm

#: The GUI's themes (ui.theme.THEMES, which a test keeps equal): named here so that parsing the
#: command line imports no Qt.
THEMES = ("light", "dark", "high-contrast")

PROG = "bias-loop"
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130  # 128 + SIGINT, what a shell reports for a program stopped by Ctrl+C
EXIT_TERMINATED = 143  # 128 + SIGTERM: stopped by `kill`, handled like Ctrl+C

# --- commands -------------------------------------------------------------------------------


def cmd_gui(args: argparse.Namespace) -> int:
    if args.scenario is not None:
        resolve_path(args.scenario)  # a wrong name fails here, before a window opens
    if args.screenshot is not None:
        check_writable(args.screenshot)
    if args.step is not None and not args.guide:
        raise BiasLoopError("gui --step K needs --guide: it plays the guide up to step K")
    check_qt_platform(screenshot=args.screenshot is not None)
    from ui.app import run_gui  # the only place Qt gets imported

    return run_gui(args.scenario, rounds=args.rounds, screenshot=args.screenshot,
                   lang=args.lang, theme=args.theme, presentation=args.presentation,
                   size=args.size, guide=args.guide, step=args.step, preset=args.preset,
                   student=args.student)


def check_qt_platform(screenshot: bool) -> None:
    """Fail with exit status 2 and what to do, where Qt would abort the process instead."""
    from bias_loop.qt_platform import platform_problem

    environ = dict(os.environ)
    if screenshot:  # run_gui draws screenshots offscreen unless told otherwise
        environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    problem = platform_problem(environ)
    if problem is not None:
        raise BiasLoopError(problem)


def cmd_scenarios(args: argparse.Namespace) -> int:
    scenarios = {name: load_scenario(name) for name in bundled_names()}
    name_width = max(map(len, scenarios), default=0)
    kind_width = max((len(s.kind.name) for s in scenarios.values()), default=0)
    for name, s in scenarios.items():
        print(f"{name:<{name_width}}  {s.kind.name:<{kind_width}}  {s.summary.get(args.lang)}")
    return 0


def cmd_presets(args: argparse.Namespace) -> int:
    names = [args.scenario] if args.scenario else bundled_names()
    for name in names:
        scenario = load_scenario(name)
        for preset in scenario.presets:
            print(f"{name}  {preset.id}  {preset.title.get(args.lang)}")
    return 0


def cmd_describe(args: argparse.Namespace) -> int:
    scenario = load_scenario(args.scenario)
    print("\n".join(describe(scenario, args.lang, _width())))
    return 0


def cmd_validate(args: argparse.Namespace) -> int:
    s = load_scenario(args.file)
    sweeps = f", {_count(len(s.sweeps), 'sweep')}" if s.sweeps else ""
    print(f"ok: {args.file} ({s.kind.name}, {_count(len(s.groups), 'group')}, "
          f"{_count(len(s.guide), 'guide step')}{sweeps})")
    if args.lang is not None:
        gaps = language_gaps(args.file, args.lang)
        for gap in gaps:
            print(f"warning: {gap}", file=sys.stderr)
        print(f"{args.lang}: {_count(len(gaps), 'text')} without a translation"
              if gaps else f"{args.lang}: every text has a translation")
    return 0


def cmd_run(args: argparse.Namespace) -> int:
    if args.from_run is not None:
        spec, preset = _spec_from_run_file(args), None
    else:
        spec, preset = _spec_from_options(args)
    if args.band and spec.replications < 2:
        raise BiasLoopError("--band summarises several replications: give --replications K "
                            "with K of 2 or more (e.g. --replications 20 --band)")
    if args.save_run is not None and spec.replications > 1:
        raise BiasLoopError("--save-run saves one run; leave out --replications (each "
                            "replication is the saved run with --from-run and another seed)")
    if args.check and not spec.guide and preset is None:
        raise BiasLoopError("--check checks the claims of the guide's steps or a preset's "
                            "expected results: give --guide or --preset NAME too (bias-loop "
                            "run SCENARIO --guide --check)")
    for path in (args.out, args.save_run):
        if path is not None:
            check_writable(path)  # before the run, not after it
    if args.chart is not None:
        check_chart_path(args.chart)  # a wrong name or folder fails now, not after the run
    elif args.chart_size is not None:
        raise BiasLoopError(f"--chart-size {args.chart_size} sizes the chart: give "
                            "--chart FILE.png|.svg|.pdf too")
    if args.compare is not None and (args.band or args.save_run is not None):
        raise BiasLoopError("--compare counterfactual writes both runs' rows to the CSV; leave "
                            f"out {'--band' if args.band else '--save-run'} (a band or a run "
                            "file holds one run)")
    run_file = None
    if spec.replications == 1:
        results, stopped, missing, run_file = _run_once(args, spec)
    else:
        results, stopped, missing = _run_replications(args, spec)
    notes = [f"interrupted = {toml_value(stopped)}", *missing] if stopped else []
    counterfactuals = None
    if args.compare is not None and results and not stopped:
        counterfactuals = _counterfactuals(args, spec, results)
        stopped = "" if len(counterfactuals) == len(results) else (
            "stopped before every counterfactual was played; nothing was written")
        results = results if not stopped else []
    if results:
        _write_results(args, spec, results, notes, run_file, counterfactuals)
    if not stopped:
        code = 0
        if args.check and spec.guide:
            code = check_command.report(spec.scenario, spec.seed, results, sys.stderr)
        if spec.guide:
            code = max(code, check_command.report_predictions(
                spec.scenario, spec.seed, results, sys.stderr, check=args.check))
        if args.check and preset is not None:
            code = max(code, check_command.report_preset(preset, results, sys.stderr))
        return code
    print(f"{PROG}: interrupted: {stopped}", file=sys.stderr)
    return EXIT_INTERRUPTED


def _run_once(args: argparse.Namespace,
              spec: RunSpec) -> tuple[list[RunResult], str, list[str], str | None]:
    """The single run, with a progress line over its rounds; returns it, why it stopped short
    ("" when it did not), no missing replications and its run file's text (with
    --save-run). Ctrl+C stops it after a whole round: the rounds played are written (and
    saved, with --save-run) as a shorter run."""
    bar = progress_bar("rounds")
    with stop_on_ctrl_c() as stop:
        if args.from_run is not None:
            sim = open_run(args.from_run, rounds=spec.rounds, progress=stop.check(bar))
        else:
            sim = play(spec, progress=stop.check(bar))
    if sim.round < spec.rounds:
        end_line(bar)
    run_file = run_text(sim) if args.save_run is not None else None
    stopped = "" if sim.round == spec.rounds else (
        f"stopped at round {sim.round} of {spec.rounds}; the rows stop there")
    return [RunResult.of(sim)], stopped, [], run_file


def _run_replications(args: argparse.Namespace,
                      spec: RunSpec) -> tuple[list[RunResult], str, list[str]]:
    """The replications, with a progress line over those finished; returns the finished
    ones, why some are missing ("" when none is) and a manifest line per missing one."""
    bar = progress_bar("replications")
    # A chart draws replication 0's every round, and --check reads every round of each; a
    # CSV of final rows needs only those.
    keep_final_only = args.final_only and args.chart is None and not args.check
    results = run_replications(spec, jobs=args.jobs, progress=bar, final_only=keep_final_only)
    finished = {r.replication for r in results}
    missing = [i for i in range(spec.replications) if i not in finished]
    if not missing:
        return results, "", []
    end_line(bar)
    stopped = (f"{len(missing)} of {spec.replications} replications did not finish "
               f"({_ranges(missing)}); ")
    stopped += ("the CSV holds the others and lists these as '# missing replication'"
                if results else "nothing was written")
    return results, stopped, [f"missing replication = {i}" for i in missing]


def _ranges(numbers: Sequence[int]) -> str:
    """``[1, 2, 3, 7]`` as ``1-3, 7``: a long list of replications stays one short line."""
    spans: list[list[int]] = []
    for n in numbers:
        if spans and n == spans[-1][1] + 1:
            spans[-1][1] = n
        else:
            spans.append([n, n])
    return ", ".join(str(a) if a == b else f"{a}-{b}" for a, b in spans)


def _counterfactuals(args: argparse.Namespace, spec: RunSpec,
                     results: list[RunResult]) -> list[RunResult]:
    """The counterfactual of each replication played (``--compare counterfactual``): the
    same seeds without the lever changes (see :func:`simulator.runs.without_levers`)."""
    counterfactual = replace(without_levers(spec), replications=len(results))
    keep_final_only = args.final_only and args.chart is None
    return run_replications(counterfactual, jobs=args.jobs,
                            progress=progress_bar("replications"),
                            final_only=keep_final_only)


def _write_results(args: argparse.Namespace, spec: RunSpec, results: list[RunResult],
                   notes: list[str], run_file: str | None,
                   counterfactuals: list[RunResult] | None = None) -> None:
    """The chart, the run file and the CSV of what was played (``notes``: manifest lines
    about what was not). The run file and the CSV are written together: both, or neither
    (on a full disk)."""
    if args.chart is not None:
        # Replication 0's dashboard, with the mean and 10-90 % band of all of them (--band).
        decorate = band_decoration(results) if args.band else None
        write_chart(args.chart, spec.scenario, results, lang=args.lang, decorate=decorate,
                    size=args.chart_size or "1x")
    write = partial(write_band_csv, final_only=args.final_only, notes=notes) if args.band else (
        partial(write_csv, final_only=args.final_only, notes=notes,
                counterfactuals=counterfactuals))
    with atomic_files() as open_file:
        if run_file is not None:
            open_file(args.save_run, "w", encoding="utf-8", newline="\n").write(run_file)
        if args.out is not None:
            write(open_file(args.out, "w", encoding="utf-8", newline=""), results)
    if args.out is None and args.chart is None:  # with a chart, no CSV flood on the terminal
        write(sys.stdout, results)


def _spec_from_options(args: argparse.Namespace):
    """The run the options ask for, and the preset it runs (or None)."""
    if args.scenario is None:
        raise BiasLoopError("run needs a SCENARIO (a bundled name or a .toml file), or "
                            "--from-run FILE.toml to play a saved run again")
    scenario = load_scenario(args.scenario)
    preset = scenario.preset(args.preset) if args.preset else None
    if preset:
        scenario = preset.world(scenario)
    rounds = args.rounds or (preset and preset.rounds) or scenario.rounds
    # A preset's settings come first; --set changes them further.
    overrides = dict(preset.set) if preset else {}
    replications = args.replications or (preset and preset.replications) or 1
    for text in args.set:
        key, value = parse_assignment(text, "--set")
        overrides[key] = in_context("--set", text, partial(scenario.schema.check, key, value))
    changes = []
    for text in args.at:
        change = parse_change(text)
        changes.append(in_context("--at", text,
                                   partial(check_change, scenario.schema, rounds, change)))
    spec = RunSpec(scenario, rounds=rounds, seed=args.seed, overrides=overrides,
                   changes=tuple(changes), guide=args.guide, replications=replications)
    return spec, preset


def _spec_from_run_file(args: argparse.Namespace) -> RunSpec:
    """The saved run, to its own length or to --rounds, as a spec (replications: the saved
    run's settings and lever changes with the seed's streams 0..K-1)."""
    given = [name for name, on in (("SCENARIO", args.scenario is not None),
                                   ("--seed", args.seed is not None), ("--set", args.set),
                                   ("--at", args.at), ("--guide", args.guide),
                                   ("--preset", args.preset)) if on]
    if given:
        raise BiasLoopError(f"--from-run plays a saved run as it was saved; it cannot be "
                            f"combined with {', '.join(given)}")
    run = read_run(args.from_run)
    warning = model_version_warning(run, args.from_run)
    if warning:
        print(f"{PROG}: warning: {warning}", file=sys.stderr)
    scenario = run_scenario(run, args.from_run)
    saved = run["rounds"]
    rounds = args.rounds if args.rounds is not None else (saved or scenario.rounds)
    if rounds < saved:
        raise BiasLoopError(f"--rounds {rounds}: {args.from_run} was saved after {saved} "
                            f"rounds; give {saved} or more (or leave --rounds out)")
    try:  # the checks every run gets, with the file named
        spec = spec_from_manifest(run, scenario, rounds)
        pending = tuple(Change(saved, c["key"], c["value"], c["who"]) for c in run["pending"]
                        if rounds > saved)
        return RunSpec(scenario, rounds=rounds, seed=spec.seed, overrides=spec.overrides,
                       changes=spec.changes + pending, guide=spec.guide,
                       replications=args.replications or 1)
    except BiasLoopError as exc:
        raise BiasLoopError(f"{args.from_run}: this run cannot be played again: "
                            f"{exc}") from None


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


# --- describe -------------------------------------------------------------------------------

WORDS = {
    "groups": T("Groups"),
    "guide": T("Guide"),
    "steps": T("steps (follow them with `bias-loop run {source} --guide`)"),
    "rounds": T("rounds"),
    "replications": T("replications"),
    "sweep": T("Sweep"),
    "sweep_run": T("run it with `bias-loop sweep {source} --sweep {name}`"),
    "round": T("round"),
    "seed": T("seed"),
    "parameters": T("PARAMETERS"),
    "parameters_note": T(
        "Change them with --set KEY=VALUE, mid-run with --at ROUND:KEY=VALUE. [lever]: a "
        "mitigation. [reset]: shapes the initial state, so changing it needs a reset (the "
        "GUI offers one); it cannot change mid-run."),
    "metrics": T("METRICS"),
    "metrics_note": T("The CSV columns of `bias-loop run`, after replication and round."),
    "unit": T("unit"),
    "tables": T("Tables of the groups' world (set in the scenario file or by a paper setting, "
                "not with --set)"),
    "replaces": T("replaces {keys}"),
}


def describe(scenario, lang: str, width: int) -> list[str]:
    """Everything a user can set and read in ``scenario``, as lines of at most ``width``."""
    w = {key: text.get(lang) for key, text in WORDS.items()}
    wrap = _wrapper(width)
    values = scenario.schema.resolve(scenario.params)
    groups = ", ".join(f"{g.id} ({g.label.get(lang)})" for g in scenario.groups)
    lines = [scenario.title.get(lang), *wrap(scenario.summary.get(lang), "  "), ""]
    lines += wrap(f"{scenario.id} · {scenario.kind.name} · {scenario.rounds} {w['rounds']} "
                  f"(1 {w['round']} = 1 {scenario.round_unit.get(lang)}) · {w['seed']} "
                  f"{scenario.seed}", "")
    lines += wrap(f"{w['groups']}: {groups}", "")
    lines += _tables_text(scenario, w, wrap)
    if scenario.guide:
        steps = w["steps"].format(source=scenario.source)
        lines += wrap(f"{w['guide']}: {len(scenario.guide)} {steps}", "")
    for plan in scenario.sweeps:
        lines += wrap(f"{w['sweep']} {plan.name}: {_sweep_text(plan, scenario.source, w)}",
                      "")
    lines += ["", w["parameters"], *wrap(w["parameters_note"], ""), ""]
    for stage, params in scenario.schema.by_stage().items():
        lines.append(f"[{stage}]")
        for i, p in enumerate(params):
            marks = "".join(f"  [{m}]" for m, on in (("lever", p.lever), ("reset", p.restart))
                            if on)
            lines.append(f"  {p.key} = {toml_value(values[p.key])}{marks}")
            later = params[i + 1] if i + 1 < len(params) else None
            if later is None or later.spec is not p.spec:  # per-group keys share one text
                lines += _param_text(p.spec, lang, w, wrap)
        lines.append("")
    lines += [w["metrics"], *wrap(w["metrics_note"], ""), ""]
    for metric in scenario.metrics():
        lines += wrap(", ".join(metric.columns(scenario.group_ids)), "  ")
        unit = metric.unit.get(lang)
        head = f"{metric.label.get(lang)}." + (f" {w['unit']}: {unit}." if unit else "")
        lines += wrap(head, " " * 6)
        lines += wrap(metric.help.get(lang), " " * 6)
    return lines


def _tables_text(scenario, w: dict[str, str], wrap) -> list[str]:
    """Each group's tables, and the parameters they replace (which the list leaves out)."""
    tabulated = [g for g in scenario.groups if g.tables]
    if not tabulated:
        return []
    lines = wrap(f"{w['tables']}:", "")
    for g in tabulated:
        for name, values in g.tables.items():
            numbers = ", ".join(f"{v:g}" for v in values)
            lines += wrap(f"groups.{g.id}.{name} = [{numbers}]", "  ")
        replaced = [k for k, table in scenario.schema.replaced.items()
                    if k.startswith(f"groups.{g.id}.")]
        if replaced:
            lines += wrap(w["replaces"].format(keys=", ".join(replaced)), " " * 6)
    return lines


def _sweep_text(plan, source: str, w: dict[str, str]) -> str:
    """A saved sweep in one line: its grid, its settings, and the command that runs it."""
    grid = " × ".join(f"{key} ({len(values)})" for key, values in plan.grid)
    settings = [f"{value} {w[key]}" for key, value in (("replications", plan.replications),
                                                       ("rounds", plan.rounds))
                if value is not None]
    run = w["sweep_run"].format(source=source, name=plan.name)
    return f"{grid}{''.join(f', {s}' for s in settings)} ({run})"


def _param_text(spec, lang: str, w: dict[str, str], wrap) -> list[str]:
    facts = [spec.type, spec.range_text(lang)]
    if spec.choice_labels:
        facts[1] = T("one of {choices}").get(lang).format(choices=", ".join(
            f'"{c}" ({label.get(lang)})'
            for c, label in zip(spec.choices, spec.choice_labels, strict=True)))
    unit = spec.unit.get(lang)
    if unit:
        facts.append(f"{w['unit']}: {unit}")
    indent = " " * 6
    return [*wrap(f"{spec.label.get(lang)}. {', '.join(facts)}.", indent),
            *wrap(spec.help.get(lang), indent)]


def _wrapper(width: int) -> Callable[[str, str], list[str]]:
    def wrap(text: str, indent: str) -> list[str]:
        return textwrap.wrap(text, width, initial_indent=indent, subsequent_indent=indent,
                             break_long_words=False, break_on_hyphens=False)

    return wrap


def _width() -> int:
    return max(40, min(100, shutil.get_terminal_size((100, 24)).columns - 1))


# --- the parser -----------------------------------------------------------------------------


class _Parser(argparse.ArgumentParser):
    """argparse, with its complaints in the same one-line form as every other error."""

    def error(self, message: str) -> NoReturn:
        raise BiasLoopError(f"{message} (see `{self.prog} --help`)")


SCENARIO_HELP = "a bundled scenario name (see `bias-loop scenarios`) or a path to a .toml file"

MAIN_EPILOG = """\
Without a command, the GUI opens on the default scenario.

SCENARIO is a bundled name (lending) or a path to a .toml file. Parameter keys are
dotted: section.name (sections: world, data, bias, model, policy, mitigation, audit),
and groups.<group_id>.<name> for per-group values; `bias-loop describe SCENARIO` lists
them all. Values are TOML: true, 0.5, 200, "text" (a bare word such as fixed works too).

examples:
  bias-loop                                      open the GUI
  bias-loop gui lending --rounds 100             the GUI on lending, 100 rounds played
  bias-loop scenarios                            list the bundled scenarios
  bias-loop describe lending --lang es           parameters and metrics, in Spanish
  bias-loop validate my_lending.toml             check a scenario file
  bias-loop run lending --rounds 200 --out run.csv
  bias-loop run lending --set mitigation.reweighing=true --at 100:mitigation.fresh_data=0.1
  bias-loop run lending --replications 20 --jobs 0 --final-only --out final.csv

Long commands (run, sweep) show a progress line on stderr when it is a terminal.

exit status: 0 done; 2 bad input (a scenario file, a --set, a path, ...): the
message on stderr names the file, line or key, what was wrong and what is allowed;
130 stopped by Ctrl+C (what finished is written, with a note of what did not);
143 stopped by SIGTERM, likewise.
"""

GUI_EPILOG = """\
examples:
  bias-loop gui                                  the default scenario
  bias-loop gui lending                          a bundled scenario
  bias-loop gui my_lending.toml --rounds 120     a scenario file, 120 rounds played
  bias-loop gui lending --rounds 200 --screenshot lending.png
  bias-loop gui policing --theme high-contrast --presentation   for a projector
  bias-loop gui lending --guide --step 3         a workshop opened at its third step
  bias-loop gui lending --student                for a class: the first few knobs only
  bias-loop gui policing --preset ensign_oakland   a paper's own setting
  bias-loop gui lending --guide --presentation --size 1280x720 --screenshot s.png
"""

PRESETS_EPILOG = """\
examples:
  bias-loop presets
  bias-loop presets policing
  bias-loop run policing --preset ensign_oakland --check --replications 20
"""

SCENARIOS_EPILOG = """\
Each line: name, loop kind, summary. Give the name to describe, run or gui.

examples:
  bias-loop scenarios
  bias-loop scenarios --lang es
"""

DESCRIBE_EPILOG = """\
Lists every parameter, by stage of the loop, with its key, the scenario's value (as
TOML, ready for --set), type, allowed range or choices, unit, label and help; levers
(mitigations) are marked [lever], and parameters that shape the initial state of a run
[reset] (changing one needs a reset, as the GUI says). Then every metric: its CSV column
names, label, unit and help.

examples:
  bias-loop describe lending
  bias-loop describe lending --lang es | less
  bias-loop describe my_lending.toml
"""

VALIDATE_EPILOG = """\
Prints "ok: FILE (kind, N groups, M guide steps)" (and ", S sweeps" when the file saves
[[sweep]] tables) and exits 0 when the file is a valid scenario; otherwise lists every
problem, one a line with its line and key, and exits 2.

examples:
  bias-loop validate my_lending.toml
"""

RUN_EPILOG = """\
The CSV goes to stdout unless --out is given. It starts with comment lines (#) holding
the manifest: program and version, scenario, seed, replications, rounds, guide, every
parameter (# param KEY = VALUE) and the event log (# event {...}), so the CSV alone can
reproduce its run. Then a header row: replication,round and the metric columns
(`bias-loop describe SCENARIO` explains them), and one row per round per replication.
Numbers are written in full precision; a missing value is nan. The same seed gives the
same bytes, whatever --jobs is.

With --replications K --band, the rows are per round instead: columns round, then for
each metric <metric>_mean, <metric>_p10 and <metric>_p90 (mean, 10% and 90% quantiles
across the K replications), after the same manifest (plus "# band = true").

--save-run FILE.toml writes a run file (scenario, seed, starting values, event log,
rounds: a few hundred bytes; a scenario file is embedded); --from-run FILE.toml plays
it again, bit for bit, and the GUI opens it with File > Open.

--set KEY=VALUE sets a parameter from the start. --at ROUND:KEY=VALUE pulls a lever
after ROUND rounds, as a click in the GUI would: it applies from round ROUND+1 and is
written to the event log. Replication i uses the seed's i-th independent random streams;
replication 0 is the plain run with that seed.

--guide --check plays the guide and checks every claim its steps make (a quantity that
rises, falls, stays, exceeds or is within a size, within some rounds of the step; see
docs/scenario-format.md) in every replication: one line per claim on stderr, e.g.
"step 3, claim 1: holds in 10/10 (weakest: +0.14 against +0.10 needed): ...". The CSV
is written as usual; the exit status is 1 when any claim fails, naming the replications.
A step that asks the room a question (ask, choices) prints the question, its choices and
its answer on stderr with --guide; --check also confirms that the answer (the one choice
whose claim holds) is the same in every replication, and exits 1 naming the step if not.

On a terminal, a progress line on stderr counts the rounds played (one run) or the
replications finished. Ctrl+C stops cleanly, with exit status 130: one run stops after
a whole round and its rounds so far are written (and saved, with --save-run), with the
manifest line "# interrupted = ..." saying where it stopped; with --replications, the
finished replications are written, and each missing one is listed as "# missing
replication = I". Output files are written whole or not at all.

examples:
  bias-loop run lending > lending.csv
  bias-loop run lending --rounds 200 --seed 3 --out run.csv
  bias-loop run lending --set world.applicants=5000 --set policy.rule=fixed
  bias-loop run lending --at 100:mitigation.label_audit=0.5 --at 150:mitigation.reweighing=true
  bias-loop run lending --guide --out guided.csv
  bias-loop run lending --guide --check --replications 10 --final-only > /dev/null
  bias-loop run lending --replications 50 --jobs 0 --final-only --out final.csv
  bias-loop run my_lending.toml --set 'mitigation.fairness="equal_opportunity"'
  bias-loop run lending --at 80:mitigation.label_audit=0.5 --chart audit.png
  bias-loop run lending --replications 20 --jobs 0 --band --out band.csv
  bias-loop run lending --at 80:mitigation.label_audit=0.5 --save-run audit.toml
  bias-loop run --from-run audit.toml --rounds 400 --out audit.csv
"""


def build_parser() -> argparse.ArgumentParser:
    fmt = argparse.RawDescriptionHelpFormatter
    parser = _Parser(
        prog=PROG, formatter_class=fmt, epilog=MAIN_EPILOG,
        description="Bias Loop: see the bias-reinforcement loop run (biased data trains a\n"
                    "model, the model's decisions become new data, and the bias grows), pull\n"
                    "the levers that break it, and export the numbers.",
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    parser.set_defaults(handler=cmd_gui, scenario=None, rounds=None, screenshot=None,
                        lang=None, theme=None, presentation=False, size=None, guide=False,
                        step=None, preset=None, student=False)
    commands = parser.add_subparsers(title="commands", dest="command", metavar="COMMAND")

    def command(name: str, handler, help_: str, epilog: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help_, description=help_[0].upper() + help_[1:]
                                  + ".", epilog=epilog, formatter_class=fmt)
        sub.set_defaults(handler=handler)
        return sub

    gui = command("gui", cmd_gui, "open the GUI, on a scenario if one is given", GUI_EPILOG)
    gui.add_argument("scenario", nargs="?", metavar="SCENARIO", help=SCENARIO_HELP)
    start = gui.add_mutually_exclusive_group()
    start.add_argument("--rounds", type=whole(1, MAX_ROUNDS), metavar="N",
                       help="play N rounds at start-up")
    start.add_argument("--guide", action="store_true",
                       help="play the scenario's guide at start-up, as Next step does: up to "
                            "its last step, or to step K with --step")
    gui.add_argument("--step", type=whole(1), metavar="K",
                     help="with --guide: stop at step K (1 = the first), its caption on show")
    gui.add_argument("--preset", metavar="NAME",
                     help="open at one of the scenario's paper settings (`bias-loop presets "
                          "SCENARIO` lists them), as Scenario > Paper settings does; with "
                          "--screenshot, its rounds are played")
    gui.add_argument("--size", type=window_size, metavar="WxH",
                     help="window size in pixels, e.g. 1280x720 (default: 1600x1000; with "
                          "--presentation and --screenshot 1920x1080; an interactive "
                          "--presentation is full screen whatever the size)")
    gui.add_argument("--screenshot", metavar="FILE.png",
                     help="save a screenshot of the window to FILE.png, then quit")
    gui.add_argument("--lang", choices=LANGUAGES, default=None,
                     help="language of the window (default: the one chosen last in "
                          "View > Language, else the system's)")
    gui.add_argument("--theme", choices=THEMES, default=None,
                     help="colours for this session (default: the one chosen last in "
                          "View > Theme, else light)")
    gui.add_argument("--presentation", action="store_true",
                     help="start in presentation mode (full screen, large type, the pinned "
                          "levers and the charts marked for presenting; F5 or Esc leaves)")
    gui.add_argument("--student", action="store_true",
                     help="start in the student view for this session (View > Student view: "
                          "only the scenario's few beginner parameters, larger, and its two "
                          "headline charts)")

    scenarios = command("scenarios", cmd_scenarios, "list the bundled scenarios, one a line",
                        SCENARIOS_EPILOG)
    _lang_option(scenarios)
    presets = command("presets", cmd_presets, "list the papers' settings a scenario offers, "
                      "one a line: SCENARIO PRESET title", PRESETS_EPILOG)
    presets.add_argument("scenario", nargs="?", metavar="SCENARIO",
                         help=SCENARIO_HELP + " (default: every bundled one)")
    _lang_option(presets)

    describe_ = command("describe", cmd_describe,
                        "list a scenario's parameters (key, default, range, unit, help) and "
                        "metrics", DESCRIBE_EPILOG)
    describe_.add_argument("scenario", metavar="SCENARIO", help=SCENARIO_HELP)
    _lang_option(describe_)

    validate = command("validate", cmd_validate, "check a scenario file; exit 0, or 2 with "
                       "every problem", VALIDATE_EPILOG)
    validate.add_argument("file", metavar="FILE.toml", help="the scenario file to check")
    validate.add_argument("--lang", choices=LANGUAGES, default=None,
                          help="also warn (on standard error, exit 0) about every text of the "
                               "file, and of its kind, that has no translation into this "
                               "language and so shows English")

    run = command("run", cmd_run, "run a scenario headless and write its metrics as CSV",
                  RUN_EPILOG)
    run.add_argument("scenario", nargs="?", metavar="SCENARIO",
                     help=SCENARIO_HELP + " (not with --from-run)")
    run.add_argument("--rounds", type=whole(1, MAX_ROUNDS), metavar="N",
                     help="rounds to play (default: the scenario's; with --from-run, the "
                          "saved run's)")
    run.add_argument("--seed", type=whole(0, MAX_SEED), metavar="S",
                     help="random seed, 0 or more (default: the scenario's)")
    run.add_argument("--set", action="append", default=[], metavar="KEY=VALUE",
                     help="set a parameter from the start (repeatable); VALUE is TOML")
    run.add_argument("--at", action="append", default=[], metavar="ROUND:KEY=VALUE",
                     help="after ROUND rounds, change a parameter (repeatable); logged as an "
                          "event, like a lever pulled in the GUI")
    run.add_argument("--guide", action="store_true",
                     help="follow the scenario's guide steps (their levers are pulled on cue)")
    run.add_argument("--check", action="store_true",
                     help="with --preset: check its expected results over the replications; "
                          "with --guide: check every claim of the guide's steps in every "
                          "replication, one line per claim on stderr; exit 1 when any does "
                          "not hold (the CSV is written as usual)")
    run.add_argument("--replications", type=whole(1, MAX_REPLICATIONS), metavar="K",
                     help="independent replications 0..K-1 of the run (default: 1, or the "
                          "preset's with --preset)")
    run.add_argument("--preset", metavar="NAME",
                     help="start from one of the scenario's paper settings (bias-loop "
                          "presets SCENARIO lists them): its parameters and rounds, under "
                          "--set and --rounds; with --check, check its expected results")
    run.add_argument("--jobs", type=whole(0), default=1, metavar="J",
                     help="run replications in J processes (default: 1, in this process; "
                          "0: one per core); the results do not depend on it")
    run.add_argument("--compare", choices=("counterfactual",),
                     help="counterfactual: also play each replication without the lever "
                          "changes made during the run (--at, the guide's levers; the same "
                          "seed and starting values) and write both, the CSV gaining a first "
                          "column variant (run, counterfactual)")
    run.add_argument("--band", action="store_true",
                     help="with --replications K (2 or more): write, per round, the mean and "
                          "the 10%% and 90%% quantiles across replications of every metric "
                          "(columns round, <metric>_mean, <metric>_p10, <metric>_p90) instead "
                          "of one row per replication")
    run.add_argument("--from-run", metavar="FILE.toml",
                     help="play a saved run again (from the GUI's File > Save run or "
                          "--save-run): the same numbers; --rounds N plays on to round N")
    run.add_argument("--save-run", metavar="FILE.toml",
                     help="also save the run as a small run file that the GUI (File > Open), "
                          "--from-run and the API open again, exactly")
    run.add_argument("--final-only", action="store_true",
                     help="write only the last round of each replication")
    run.add_argument("--out", metavar="FILE.csv",
                     help="write the CSV to FILE.csv (atomically) instead of stdout")
    run.add_argument("--chart", metavar="FILE.png|.svg|.pdf",
                     help="also draw the scenario's default dashboard of the finished run "
                          "(replication 0) to FILE, with the run's manifest embedded; "
                          "the format comes from the extension. Without --out, no CSV is "
                          "printed")
    run.add_argument("--chart-size", choices=CHART_SIZES, default=None,
                     help="size of the --chart: 1x (default; 600x400 px per chart), 2x or 4x "
                          "(more pixels and larger type alike), or slide (a PNG of exactly "
                          "1920x1080 px, caption included; for SVG and PDF a 16:9 page)")
    run.add_argument("--lang", choices=LANGUAGES, default="en",
                     help="language of the --chart's titles, axes and legends (default: en)")
    sweep_command.add_parser(command)
    return parser


def _lang_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--lang", choices=LANGUAGES, default="en",
                        help="language of labels and help (default: en)")


# --- entry point ----------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status (0 done, 2 bad input, 130 stopped by
    Ctrl+C, 143 by SIGTERM)."""
    status = _main(argv)
    if status == EXIT_INTERRUPTED and received(signal.SIGTERM):
        return EXIT_TERMINATED
    return status


def _main(argv: Sequence[str] | None) -> int:
    try:
        args = build_parser().parse_args(argv)
        if args.handler is not cmd_gui:  # the GUI's event loop has its own ways to end
            stop_on_sigterm()
        return args.handler(args)
    except BiasLoopError as exc:
        print(f"{PROG}: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:
        # The reader stopped early (`bias-loop run lending | head`): not a failure of ours.
        # Point stdout at /dev/null so the interpreter's final flush stays quiet.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except KeyboardInterrupt:
        print(f"{PROG}: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
