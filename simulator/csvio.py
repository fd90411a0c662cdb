"""CSV export with its manifest, and reading a manifest back so a CSV alone reproduces its run.

Layout (DESIGN.md "CSV")::

    # bias-loop CSV: the lines starting with # are the manifest of the run below
    # program = "bias-loop"
    # version = "0.1.0"
    # model_version = 2                       # simulator.MODEL_VERSION: what numbers a seed gives
    # scenario = "lending"
    # ...                                     seed, replications, rounds, guide, final_only
    # param world.applicants = 1000           every parameter the run started with (TOML)
    # event { round = 11, key = "mitigation.reweighing", old = false, new = true, who = "user" }
    replication,round,perceived_rate_A,...
    0,1,0.8123456789012345,...

Every manifest value is a TOML literal, so it reads back exactly; numbers are written with
``repr`` (the shortest text that gives the same float back, ``nan`` for NaN), so the CSV holds
exactly the recorder's numbers. Nothing depends on the clock: the same run gives the same bytes.
An event's ``round`` is the first round played with the new value. Events that every replication
logged are written once; an event only some replications logged (an audit finding) carries a
``replication`` field. Spreadsheets and pandas skip the manifest (``read_csv(comment="#")``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import IO, Any

from .bands import band_table
from .errors import BiasLoopError
from .scenario import toml_value
from .tomlio import TomlProblem, loads_value

TITLE = "bias-loop CSV: the lines starting with # are the manifest of the run below"
HEADER_KEYS = ("program", "version", "model_version", "scenario", "scenario_source", "seed",
               "replications", "rounds", "guide", "final_only")
#: Written by newer versions only: a CSV without it was written before model versions (model 1).
OPTIONAL_KEYS = {"model_version": 1}
EVENT_FIELDS = ("round", "key", "old", "new", "who")
#: Said when a long run's older rounds were thinned (see simulator.recorder): a reader must not
#: take the rows for consecutive rounds.
THINNED_NOTE = ('thinned = "a long run: older rounds keep every 2nd (or 4th, ...) row, '
                'so rounds are not consecutive; the round column says which they are"')


#: The manifest line of a CSV that holds a run and its counterfactual (``run --compare``).
COMPARE_NOTE = ('compare = "counterfactual: the rows with variant counterfactual are the same '
                'seed and starting values without the lever changes made during the run"')


def write_csv(stream: IO[str], runs: Sequence, *, final_only: bool = False,
              columns: Sequence[str] | None = None, notes: Sequence[str] = (),
              counterfactuals: Sequence | None = None) -> None:
    """Write replications ``0..K-1`` of one run (Simulations, or ``RunResult``s from
    :mod:`simulator.runs`), one row per round each, or only the last round with ``final_only``.
    ``columns`` keeps only those metric columns, in that order (one chart's series); the
    default is every column. ``notes`` are extra manifest lines, e.g. what an interruption
    left out.

    ``counterfactuals`` (one per replication, see :func:`simulator.runs.without_levers`) adds
    their rows after each replication's and a first column ``variant`` (``run`` or
    ``counterfactual``); the manifest stays the run's, so the CSV still reproduces it.
    """
    manifests = [run.manifest() for run in runs]
    if not final_only and any(run.recorder.thinned for run in runs):
        notes = [*notes, THINNED_NOTE]
    if counterfactuals is not None:
        notes = [*notes, COMPARE_NOTE]
    for line in [*manifest_lines(manifests, final_only=final_only), *notes]:
        stream.write(f"# {line}\n")
    all_columns = runs[0].recorder.columns
    chosen = list(all_columns if columns is None else columns)
    index = [all_columns.index(c) for c in chosen]
    variants = [("run", runs)]
    if counterfactuals is not None:
        variants.append(("counterfactual", counterfactuals))
    head = ["variant"] if counterfactuals is not None else []
    stream.write(",".join([*head, "replication", "round", *chosen]) + "\n")
    for i, manifest in enumerate(manifests):
        rep = str(manifest["replication"])
        for variant, of in variants:
            lead = [variant] if head else []
            recorder = of[i].recorder
            rounds = recorder.rounds.tolist()
            rows = recorder.table()[:, index].tolist()
            if final_only:
                rounds, rows = rounds[-1:], rows[-1:]
            for round_, row in zip(rounds, rows, strict=True):
                stream.write(",".join([*lead, rep, str(round_), *map(repr, row)]) + "\n")


def write_band_csv(stream: IO[str], runs: Sequence, *, final_only: bool = False,
                   notes: Sequence[str] = ()) -> None:
    """Write the band of replications ``0..K-1`` of one run (see :mod:`simulator.bands`):
    the same manifest (plus ``band = true`` and any ``notes``), then columns ``round`` and,
    for each metric, ``<metric>_mean``, ``<metric>_p10`` and ``<metric>_p90`` across the
    replications, one row per round (``final_only``: the last round only)."""
    manifests = [run.manifest() for run in runs]
    for line in [*manifest_lines(manifests, final_only=final_only), "band = true", *notes]:
        stream.write(f"# {line}\n")
    header, rounds, table = band_table(runs)
    stream.write(",".join(["round", *header]) + "\n")
    rounds, rows = rounds.tolist(), table.tolist()
    if final_only:
        rounds, rows = rounds[-1:], rows[-1:]
    for round_, row in zip(rounds, rows, strict=True):
        stream.write(",".join([str(round_), *map(repr, row)]) + "\n")


def manifest_lines(manifests: Sequence[Mapping[str, Any]], *, final_only: bool) -> list[str]:
    """The manifest of replications ``0..K-1`` of one run, as lines without the ``# ``."""
    first = manifests[0]
    header = {**{k: first[k] for k in HEADER_KEYS if k in first},
              "replications": len(manifests), "final_only": final_only}
    lines = [TITLE]
    lines += [f"{key} = {toml_value(header[key])}" for key in HEADER_KEYS]
    lines += [f"param {key} = {toml_value(value)}" for key, value in first["params"].items()]
    lines += [f"event {toml_value(e)}" for e in shared_events([m["events"] for m in manifests])]
    lines += [f"guide step off schedule {toml_value(s)}"
              for s in first.get("guide_off_schedule", ())]
    if first.get("branched_at") is not None:
        lines.append(f"branched from another run at round {first['branched_at']}")
    return lines


def shared_events(logs: Sequence[Sequence[Mapping[str, Any]]]) -> list[dict[str, Any]]:
    """One list of events for all replications: those every replication logged, once, in the
    first replication's order; then the others, each tagged with its replication."""
    common = [dict(e) for e in logs[0] if all(e in log for log in logs[1:])]
    out = [{k: e[k] for k in EVENT_FIELDS} for e in common]
    for i, log in enumerate(logs):
        out += [{"replication": i, **{k: e[k] for k in EVENT_FIELDS}}
                for e in log if e not in common]
    return out


def read_manifest(path: str | Path) -> dict[str, Any]:
    """The manifest at the top of a CSV written by :func:`write_csv`: the header values,
    ``params`` (key → value), ``events`` (dicts) and ``columns`` (the metric columns; of a
    band CSV, its ``<metric>_mean``/``_p10``/``_p90`` columns).
    ``simulator.runs.run_from_manifest`` runs it again."""
    manifest: dict[str, Any] = {"params": {}, "events": []}
    columns: list[str] | None = None
    try:
        with open(path, encoding="utf-8", newline="") as handle:
            for number, line in enumerate(handle, 1):
                if not line.startswith("#"):
                    names = line.rstrip("\r\n").split(",")
                    columns = names[1:] if names[:1] == ["round"] else names[2:]  # a band CSV
                    break
                _read_line(line[1:].strip(), manifest, f"{path}: line {number}")
    except OSError as exc:
        raise BiasLoopError(f"{path}: cannot read the file ({exc.strerror or exc})") from None
    except UnicodeDecodeError:
        raise BiasLoopError(f"{path}: not a bias-loop CSV (not UTF-8 text)") from None
    for key, default in OPTIONAL_KEYS.items():
        manifest.setdefault(key, default)
    missing = [k for k in HEADER_KEYS if k not in manifest]
    if missing or not manifest["params"]:
        raise BiasLoopError(
            f"{path}: not a bias-loop CSV with a manifest (missing: "
            f"{', '.join(missing or ['param lines'])}); only CSVs that bias-loop wrote can be "
            "reproduced"
        )
    manifest["columns"] = columns or []
    return manifest


def _read_line(text: str, manifest: dict[str, Any], where: str) -> None:
    head, _, rest = text.partition(" ")
    try:
        if head == "param":
            key, _, value = rest.partition(" = ")
            manifest["params"][key] = loads_value(value)
        elif head == "event":
            manifest["events"].append(loads_value(rest))
        elif head in HEADER_KEYS and rest.startswith("= "):
            manifest[head] = loads_value(rest[2:])
    except TomlProblem as exc:
        raise BiasLoopError(f"{where}: cannot read this manifest line ({exc})") from None
