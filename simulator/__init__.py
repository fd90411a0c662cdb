"""Bias Loop's model: the bias-reinforcement loop as a simulation, with no GUI dependency.

Public API: the names in ``__all__``, for a single run::

    from simulator import load_scenario, Simulation
    sim = Simulation(load_scenario("lending"), seed=1)
    sim.run(200)
    sim.recorder.series("perceived_rate_B")

and these modules, for what goes beyond one run (their documented functions are as public as
``__all__``; the GUI and the command line use nothing else):

- ``simulator.workbench``: a live run with its baseline, counterfactual, undo and guide
  progress, as the GUI drives it;
- ``simulator.runs``: reproducible run specifications, replications on many cores, replay;
- ``simulator.sweep``: parameter sweeps;
- ``simulator.saved_run``: saving and opening run files;
- ``simulator.csvio`` and ``simulator.bands``: CSV with its manifest, replication bands;
- ``simulator.claims``: checking guide claims against recorded runs;
- ``simulator.predictions``: the guide's questions to the room, answered in recorded runs;
- ``simulator.presets``: a scenario's paper settings as runs, and their expected results checked;
- ``simulator.metrics``: Fairlearn-named fairness metrics on arrays;
- ``simulator.scenario``, ``simulator.schema``, ``simulator.text``: scenario files, the
  parameter schema and bilingual texts, for tools that edit or document scenarios;
- ``simulator.errors``, ``simulator.limits``, ``simulator.atomic``, ``simulator.tomlio``: the
  error types, the documented size limits, all-or-nothing file writes and the one TOML reader
  and writer, which front ends share so that every way in behaves the same.

Everything else (``simulator.kinds`` and its modules, ``engine``, ``recorder``, ``streams``,
``fairness``, ``logistic``) is the model's inside, reached through the API above; a new loop kind
is added there (``docs/writing-a-kind.md``).
"""

__version__ = "0.1.0"
#: The version of the model: what numbers a seed gives. It goes up whenever a change to the model
#: changes them (CHANGELOG.md says which changes did), and it is written into every manifest and
#: run file, so a run saved by another model version can say so when it is played again.
MODEL_VERSION = 4

from .engine import Event, Simulation  # noqa: E402
from .errors import BiasLoopError, ParamError, RestartRequired, ScenarioError  # noqa: E402
from .scenario import (  # noqa: E402
    Scenario,
    bundled_names,
    dump_scenario,
    load_scenario,
    parse_scenario,
)

#: The modules front ends may import from, besides this package itself (see above).
PUBLIC_MODULES = ("workbench", "runs", "sweep", "saved_run", "csvio", "bands", "claims",
                  "metrics", "scenario", "schema", "text", "errors", "limits", "atomic",
                  "tomlio", "presets", "predictions")

__all__ = [
    "MODEL_VERSION",
    "BiasLoopError",
    "Event",
    "ParamError",
    "RestartRequired",
    "Scenario",
    "ScenarioError",
    "Simulation",
    "bundled_names",
    "dump_scenario",
    "load_scenario",
    "parse_scenario",
]
