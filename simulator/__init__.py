"""Bias Loop's model: the bias-reinforcement loop as a simulation, with no GUI dependency.

Public API::

    from simulator import load_scenario, Simulation
    sim = Simulation(load_scenario("lending"), seed=1)
    sim.run(200)
    sim.recorder.series("perceived_rate_B")
"""

__version__ = "0.1.0"
#: The version of the model: what numbers a seed gives. It goes up whenever a change to the model
#: changes them (CHANGELOG.md says which changes did), and it is written into every manifest and
#: run file, so a run saved by another model version can say so when it is played again.
MODEL_VERSION = 2

from .engine import Event, Simulation  # noqa: E402
from .errors import BiasLoopError, ParamError, RestartRequired, ScenarioError  # noqa: E402
from .scenario import (  # noqa: E402
    Scenario,
    bundled_names,
    dump_scenario,
    load_scenario,
    parse_scenario,
)

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
