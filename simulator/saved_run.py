"""Saved runs: a small TOML file that plays a run again to the same state and the same numbers.

NetLogo's export and import world, but exact and tiny: instead of the state, the file keeps what
made it (scenario, seed, replication, starting values, guide flag, rounds played, the event log
and any change still waiting for the next round), and opening it plays the run again, which is
bit for bit the same because every random number derives from the seed. A bundled scenario is
named; a scenario file is embedded as text, so the run file opens anywhere on its own. The GUI
(File › Save run), the command line (``bias-loop run --save-run`` / ``--from-run``) and the API
read and write the same files::

    from simulator.saved_run import save_run, open_run
    save_run(sim, "my-run.toml")
    sim2 = open_run("my-run.toml")          # sim2.round == sim.round, same recorder, same events

Layout::

    # bias-loop run: ...
    program = "bias-loop"
    version = "0.1.0"
    model_version = 2                        # simulator.MODEL_VERSION (absent before: 1)
    scenario = "lending"                     # id; scenario_source: bundled name or file path
    scenario_source = "lending"
    seed = 7
    replication = 0
    guide = false
    rounds = 150
    overrides = { "world.applicants" = 500 } # starting values that differ from the scenario
    scenario_text = \"\"\"...\"\"\"              # only for a scenario file: its full text

    [[events]]                               # the event log, as the run wrote it
    round = 41
    key = "mitigation.label_audit"
    old = 0.0
    new = 0.5
    who = "user"

    [[pending]]                              # changes made after the last round played
    key = "mitigation.reweighing"
    value = true
    who = "user"

    [[guide_off_schedule]]                   # guide steps applied after their round (a record
    step = 3                                 # for people; the events replay the run)
    due = 80
    applied = 95

    [[predictions]]                          # the room's votes at the guide's questions, and
    step = 5                                 # the answers revealed (a record for people too)
    ask = "What happens to B's mean credit score?"
    votes = [12, 4, 3]                       # one count per choice; [] when not counted
    answer = 3                               # the right choice (1 = the first; 0: none held)
    asked = 250
    decided = 300
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import asdict
from pathlib import Path
from typing import Any

from . import MODEL_VERSION, __version__, tomlio
from .atomic import atomic_open
from .engine import WHO, Simulation
from .errors import BiasLoopError, ScenarioError
from .limits import MAX_REPLICATIONS, MAX_ROUNDS, MAX_SEED
from .runs import play_on, replay
from .scenario import bundled_names, dump_scenario, load_scenario, parse_scenario, toml_value

TITLE = ("bias-loop run: open it in the app (File > Open) or with "
         "`bias-loop run --from-run FILE`; it plays the run again, exactly")
EVENT_FIELDS = ("round", "key", "old", "new", "who")
RUN_LIMITS = {"seed": MAX_SEED, "replication": MAX_REPLICATIONS - 1, "rounds": MAX_ROUNDS}


def run_text(sim: Simulation) -> str:
    """The run file of ``sim``, as text (``tomli_w`` writes it, so any text in the embedded
    scenario reads back as it was)."""
    scenario = sim.scenario
    bundled = scenario.source == scenario.id and scenario.id in bundled_names()
    data: dict[str, Any] = {
        "program": "bias-loop",
        "version": __version__,
        "model_version": MODEL_VERSION,
        "scenario": scenario.id,
        "scenario_source": scenario.source,
        "seed": sim.seed,
        "replication": sim.replication,
        "guide": bool(sim.follow_guide),
        "rounds": sim.round,
        "overrides": dict(sim.overrides),
    }
    if not bundled:
        data["scenario_text"] = dump_scenario(scenario)
    if sim.events:
        data["events"] = [{k: asdict(event)[k] for k in EVENT_FIELDS} for event in sim.events]
    pending = sim.pending_changes()
    if pending:
        data["pending"] = [{"key": key, "value": value, "who": who}
                           for key, value, who in pending]
    if sim.guide_off_schedule:  # a record for people: replaying needs the events only
        data["guide_off_schedule"] = [dict(late) for late in sim.guide_off_schedule]
    if sim.branched_at is not None:  # likewise: where the run was branched from another
        data["branched_at"] = sim.branched_at
    if sim.predictions:  # likewise: what the room predicted, and what the run answered
        data["predictions"] = [dict(p) for p in sim.predictions]
    return f"# {TITLE}\n" + tomlio.dumps(data, multiline_strings=True)


def save_run(sim: Simulation, path: str | Path) -> None:
    """Write the run file of ``sim`` to ``path``, whole or not at all."""
    text = run_text(sim)
    with atomic_open(path, "w", encoding="utf-8", newline="\n") as handle:
        handle.write(text)


def read_run(path: str | Path) -> dict[str, Any]:
    """A run file's contents, checked: a manifest that :func:`simulator.runs.replay` takes
    (``params`` holds the starting values), plus ``scenario_text`` (or None) and ``pending``.
    Raises :class:`BiasLoopError` naming the file and what is wrong."""
    try:
        raw = Path(path).read_bytes()
    except IsADirectoryError:
        raise BiasLoopError(f"{path}: is a folder; give a run file (.toml)") from None
    except OSError as exc:
        raise BiasLoopError(f"{path}: cannot read the file ({exc.strerror or exc})") from None
    try:
        data = tomlio.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise BiasLoopError(f"{path}: not a bias-loop run file (not UTF-8 text)") from None
    except tomlio.TomlProblem as exc:
        raise BiasLoopError(f"{path}: not a bias-loop run file ({exc})") from None
    return check_run(data, str(path))


def is_run_file(path: str | Path) -> bool:
    """Whether ``path`` looks like a run file (rather than a scenario file)."""
    try:
        data = tomlio.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomlio.TomlProblem):
        return False
    return (data.get("program") == "bias-loop" and isinstance(data.get("scenario"), str)
            and "rounds" in data)


def check_run(data: Mapping[str, Any], where: str) -> dict[str, Any]:
    if data.get("program") != "bias-loop" or "scenario" in data and not isinstance(
            data["scenario"], str):
        raise BiasLoopError(f"{where}: not a bias-loop run file (no program = \"bias-loop\" "
                            "line); a scenario file opens as a scenario, not as a run")
    expected = {"scenario": str, "scenario_source": str, "seed": int, "replication": int,
                "guide": bool, "rounds": int, "overrides": dict}
    problems = []
    for key, kind in expected.items():
        if key not in data:
            problems.append(f"missing {key}")
        elif not isinstance(data[key], kind) or (kind is int and isinstance(data[key], bool)):
            problems.append(f"{key} must be {_kind_name(kind)}, got {data[key]!r}")
        elif kind is int and not 0 <= data[key] <= RUN_LIMITS[key]:
            problems.append(f"{key} must be from 0 to {RUN_LIMITS[key]:,}, got {data[key]!r}")
    model = data.get("model_version", 1)
    if isinstance(model, bool) or not isinstance(model, int) or model < 1:
        problems.append(f"model_version must be a whole number from 1, got {model!r}")
    events = data.get("events", [])
    for i, event in enumerate(events if isinstance(events, list) else [None], 1):
        if not isinstance(event, dict) or set(event) != set(EVENT_FIELDS):
            problems.append(f"event {i} must have exactly the fields {', '.join(EVENT_FIELDS)}")
        elif isinstance(event["round"], bool) or not isinstance(event["round"], int) \
                or not 1 <= event["round"] <= max(data.get("rounds", 0), 0) + 1:
            problems.append(f"event {i}: round {event['round']!r} is outside the run")
        elif event["who"] not in WHO:
            problems.append(f"event {i}: who = {event['who']!r} is not one of {', '.join(WHO)}")
    pending = data.get("pending", [])
    for i, change in enumerate(pending if isinstance(pending, list) else [None], 1):
        if not isinstance(change, dict) or set(change) != {"key", "value", "who"}:
            problems.append(f"pending change {i} must have exactly the fields key, value, who")
        elif change["who"] not in WHO:
            problems.append(f"pending change {i}: who = {change['who']!r} is not one of "
                            f"{', '.join(WHO)}")
    text = data.get("scenario_text")
    if text is not None and not isinstance(text, str):
        problems.append("scenario_text must be text")
    branched = data.get("branched_at")
    if branched is not None and (isinstance(branched, bool) or not isinstance(branched, int)
                                 or not 0 <= branched <= max(data.get("rounds", 0), 0)):
        problems.append(f"branched_at must be a round of the run, got {branched!r}")
    if problems:
        raise BiasLoopError(f"{where}: not a valid bias-loop run file: " + "; ".join(problems))
    return {
        "program": data["program"],
        "version": data.get("version", "?"),
        "model_version": model,
        "scenario": data["scenario"],
        "scenario_source": data["scenario_source"],
        "scenario_text": text,
        "seed": data["seed"],
        "replication": data["replication"],
        "replications": 1,
        "guide": data["guide"],
        "rounds": data["rounds"],
        "params": dict(data["overrides"]),
        "events": list(events),
        "pending": list(pending),
        "guide_off_schedule": _off_schedule(data.get("guide_off_schedule", []), where),
        "branched_at": branched,
        "predictions": _predictions(data.get("predictions", []), where),
    }


def _off_schedule(entries: Any, where: str) -> list[dict[str, int]]:
    """The guide steps a run file says were applied off schedule, checked."""
    fields = {"step", "due", "applied"}
    if not isinstance(entries, list) or not all(
            isinstance(e, dict) and set(e) == fields
            and all(isinstance(e[k], int) and not isinstance(e[k], bool) and e[k] >= 0
                    for k in fields) for e in entries):
        raise BiasLoopError(f"{where}: not a valid bias-loop run file: each guide_off_schedule "
                            "entry must have the whole numbers step, due and applied")
    return [dict(e) for e in entries]


PREDICTION_FIELDS = {"step": int, "ask": str, "votes": list, "answer": int, "asked": int,
                     "decided": int}


def _predictions(entries: Any, where: str) -> list[dict[str, Any]]:
    """The room's predictions a run file records, checked."""
    def whole(v: Any) -> bool:
        return isinstance(v, int) and not isinstance(v, bool) and v >= 0

    if not isinstance(entries, list) or not all(
            isinstance(e, dict) and set(e) == set(PREDICTION_FIELDS)
            and all(isinstance(e[k], kind) for k, kind in PREDICTION_FIELDS.items())
            and all(whole(e[k]) for k in ("step", "answer", "asked", "decided"))
            and all(whole(v) for v in e["votes"]) for e in entries):
        raise BiasLoopError(f"{where}: not a valid bias-loop run file: each predictions entry "
                            "must have step, ask (text), votes (a list of whole numbers), "
                            "answer, asked and decided (whole numbers)")
    return [dict(e, votes=list(e["votes"])) for e in entries]


def _kind_name(kind: type) -> str:
    return {str: "text", int: "a whole number", bool: "true or false",
            dict: "a table"}[kind]


def model_version_warning(run: Mapping[str, Any], where: str) -> str | None:
    """What to tell the user when a run file was saved by another model version (None when
    it was not): it plays again with this model, whose numbers for the seed differ."""
    saved = run["model_version"]
    if saved == MODEL_VERSION:
        return None
    return (f"{where} was saved by model version {saved} and this is model version "
            f"{MODEL_VERSION}: it plays again with this version's model, so its numbers can "
            "differ from the saved run's (CHANGELOG.md says which changes moved numbers)")


def run_scenario(run: Mapping[str, Any], where: str):
    """The scenario of a run read by :func:`read_run`: the embedded text, or the bundled
    scenario it names."""
    if run["scenario_text"] is not None:
        try:
            return parse_scenario(run["scenario_text"], run["scenario_source"])
        except ScenarioError as exc:
            raise BiasLoopError(f"{where}: the scenario embedded in this run file is not "
                                f"valid: {exc}") from None
    try:
        return load_scenario(run["scenario_source"])
    except BiasLoopError as exc:
        raise BiasLoopError(f"{where}: the run's scenario cannot be loaded: {exc}") from None


def open_run(path: str | Path, rounds: int | None = None,
             progress: Callable[[int, int], None] | None = None) -> Simulation:
    """The run saved in ``path``, played again to the round it was saved at (or to
    ``rounds``, if more): the same state, numbers and event log, with the same changes still
    pending. Raises :class:`BiasLoopError` if the file is not a valid run file, or if this
    version of the program no longer reproduces it. A run saved by another model version
    plays again with this model (audits may then find other things): check
    :func:`model_version_warning` first to say so. ``progress`` is as for
    :func:`simulator.runs.play`: when it stops the run, the shorter run is returned."""
    run = read_run(path)
    scenario = run_scenario(run, str(path))
    total = max(run["rounds"], rounds or 0)

    def report(done: int, _rounds: int) -> None:  # out of every round to play, not the saved
        progress(done, total)

    try:
        sim = replay(run, scenario, progress=None if progress is None else report)
        if sim.round < run["rounds"]:  # stopped part-way: a valid, shorter run
            return sim
        for key, value, who in ((c["key"], c["value"], c["who"]) for c in run["pending"]):
            sim.set_param(key, value, who=who)
        sim.guide_off_schedule = list(run["guide_off_schedule"])
        sim.branched_at = run["branched_at"]
        sim.predictions = [dict(p) for p in run["predictions"]]
    except BiasLoopError as exc:
        raise BiasLoopError(f"{path}: this run cannot be played again: {exc}") from None
    saved = [_event_text(e) for e in run["events"]]
    same_model = run["model_version"] == MODEL_VERSION
    if same_model and [_event_text(asdict(e)) for e in sim.events] != saved:
        raise BiasLoopError(
            f"{path}: playing this run again gave a different event log; it was saved by "
            f"bias-loop {run['version']} and this is {__version__}, whose model differs")
    if rounds is not None and rounds > sim.round:
        play_on(sim, rounds, total, progress)
    return sim


def _event_text(event: Mapping[str, Any]) -> str:
    return ", ".join(toml_value(event[k]) for k in EVENT_FIELDS)
