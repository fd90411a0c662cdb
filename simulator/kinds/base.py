"""What a loop kind declares, and the contract between a kind and the engine.

A kind is one module under ``simulator/kinds``: it declares its parameters, its metrics (with
label, unit and the plot they belong in), the stages it runs each round and how its state is
made. The engine, the CLI and the GUI only ever see these declarations, never a kind by name.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Protocol

import numpy as np

from ..schema import Param
from ..text import T, Text

# Units several kinds share.
SHARE = T("share")
ROUNDS = T("rounds")


class Params(dict):
    """A run's parameters by key: a dict that also keeps what kinds derive from them every
    round (each per-group parameter as an array, a kind's own figures: :meth:`memo`), built
    on first use and dropped whenever a parameter changes.

    Stages read per-group parameters every round (a region's rate, a group's share); building
    the array from 128 keys each time was a third of a policing round at 128 regions.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._arrays: dict[tuple, Any] = {}

    def __setitem__(self, key, value) -> None:
        super().__setitem__(key, value)
        self._arrays.clear()

    def update(self, *args, **kwargs) -> None:
        super().update(*args, **kwargs)
        self._arrays.clear()

    def memo(self, key: tuple, compute: Callable[[], Any]) -> Any:
        """``compute()``, kept under ``key`` until a parameter changes (it must depend on the
        parameters alone, and its arrays must not be changed in place)."""
        try:
            return self._arrays[key]
        except KeyError:
            value = self._arrays[key] = compute()
            return value

    def __deepcopy__(self, memo) -> Params:
        return Params(copy.deepcopy(dict(self), memo))

    def group_array(self, groups: list[str], name: str) -> np.ndarray:
        """``group_values`` of these groups, cached until the next change (read-only)."""
        key = (name, *groups)
        array = self._arrays.get(key)
        if array is None:
            keys = _group_keys(tuple(groups), name)
            array = np.fromiter(map(self.__getitem__, keys), dtype=float, count=len(keys))
            array.flags.writeable = False
            self._arrays[key] = array
        return array


def derived(params: Mapping[str, Any], key: tuple, compute: Callable[[], Any]) -> Any:
    """What a kind computes from the parameters alone, kept by a run's :class:`Params` until
    one changes (computed afresh from any other mapping)."""
    return params.memo(key, compute) if isinstance(params, Params) else compute()


def group_values(params: Mapping[str, Any], groups: list[str], name: str) -> np.ndarray:
    """The per-group parameter ``name`` of every group, in group order, as floats (read-only
    when ``params`` is a run's :class:`Params`: copy it before changing it in place)."""
    if isinstance(params, Params):
        return params.group_array(groups, name)
    keys = _group_keys(tuple(groups), name)
    return np.fromiter(map(params.__getitem__, keys), dtype=float, count=len(keys))


@lru_cache(maxsize=1024)
def _group_keys(groups: tuple[str, ...], name: str) -> tuple[str, ...]:
    """The keys of a per-group parameter (stages read them every round: built once)."""
    return tuple(f"groups.{g}.{name}" for g in groups)


def declare(name, type_, default, label, help_, stage, **kw) -> Param:
    """A parameter declaration, its label and help in English (the other languages' are in
    their catalogues, ``simulator/locale``)."""
    return Param(name, type_, default, T(label), T(help_), stage, **kw)


@dataclass(frozen=True)
class MetricSpec:
    """One recorded series (per group: one column per group, named ``<name>_<group_id>``).

    ``truth`` names the metric that holds the truth this one should match (perceived rate →
    true rate), so plots can draw it as a reference. ``reference`` holds horizontal lines worth
    drawing (the four-fifths rule at 0.8 on ratio plots). ``plot`` groups metrics into one chart.
    ``sums_to_one`` marks per-group shares of one whole (the groups' values add up to 1
    wherever all are defined), which the property tests check.
    """

    name: str
    label: Text
    unit: Text
    plot: str
    per_group: bool = False
    sums_to_one: bool = False
    truth: str | None = None
    reference: tuple[float, ...] = ()
    y_range: tuple[float, float] | None = None
    help: Text = Text("")

    def columns(self, groups: list[str]) -> list[str]:
        if self.per_group:
            return [f"{self.name}_{g}" for g in groups]
        return [self.name]


@dataclass(frozen=True)
class PlotSpec:
    """A chart of the default dashboard: a title and the metrics drawn in it."""

    id: str
    title: Text
    metrics: tuple[str, ...]


@dataclass(frozen=True)
class Arrow:
    """An arrow of the loop diagram (world → data → model → decisions → outcomes → world).

    ``figures`` names the metrics shown live on the arrow, ``params`` the biases and levers that
    act there, so the GUI can draw each where it acts and focus them on a click. ``flow``
    names the per-group metric that says what flows along the arrow (each group's share of
    the records, of the patrols, of the generated content), so the diagram draws each group's
    strip of the arrow as wide as its share; None when no recorded figure says.
    """

    source: str
    target: str
    label: Text
    figures: tuple[str, ...] = ()
    params: tuple[str, ...] = ()
    flow: str | None = None


#: The stages of every loop, in the order the loop goes round: the ids parameter sections, the
#: event log and the recorder speak in.
STAGES = ("world", "data", "model", "decisions", "outcomes")

#: What the loop diagram calls the stages when a kind names them no better.
STAGE_LABELS: dict[str, Text] = {
    "world": T("World"), "data": T("Data"), "model": T("Model"),
    "decisions": T("Decisions"), "outcomes": T("Outcomes")}


@dataclass(frozen=True)
class Stage:
    """A process of the run: it wakes every round at ``phase`` (a fraction of the round, which
    fixes the order of stages within a round) and acts when ``every`` says it is due.

    ``every`` is the key of an integer parameter giving the period in rounds (0 = never), or
    None for every round.
    """

    name: str
    phase: float
    run: Callable[[RoundContext], None]
    every: str | None = None


@dataclass
class RoundContext:
    """What a stage sees when it runs: the round, the parameters in force, the kind's state, its
    own random stream, and a way to write to the run's event log."""

    round: int
    params: Mapping[str, Any]
    state: Any
    rng: np.random.Generator
    log: Callable[[str, Any, Any, str], None]
    groups: list[str] = field(default_factory=list)


class LoopKind(Protocol):
    """The declarations of a loop kind (see ``simulator/kinds/decisions.py`` for one)."""

    name: str
    title: Text
    round_unit: Text

    def parameters(self) -> list[Param]: ...

    def metrics(self) -> list[MetricSpec]: ...

    def plots(self) -> list[PlotSpec]: ...

    def diagram(self) -> list[Arrow]: ...

    def stage_labels(self) -> dict[str, Text]:
        """The stages' names in this kind's own words (a generative loop has no
        "decisions", it has generated content), by stage id."""

    def events(self) -> dict[str, Text]: ...

    def stages(self) -> list[Stage]: ...

    def create_state(self, params: Mapping[str, Any], groups: list[str], rng) -> Any: ...

    def measure(
        self, state: Any, params: Mapping[str, Any], groups: list[str], round_: int
    ) -> dict: ...

    def limits(self, params: Mapping[str, Any], groups: list[str]) -> dict[str, float]:
        """Ceilings narrower than the schema's that the other values impose (key → highest
        value), so that a control offers only what can be set."""
        ...

    def conflicts(self, params: Mapping[str, Any], groups: list[str]) -> list[tuple[str, str]]:
        """Values the schema allows one by one but the kind cannot run together, as
        (key, what is wrong and what is allowed) pairs; checked in scenario files, for
        ``--set`` and for every change mid-run."""
        ...

    def on_change(self, key: str, params: Mapping[str, Any], state: Any) -> None:
        """Called when a parameter changes mid-run, so the kind can refresh what depends on
        it (e.g. the decision policy) before the round plays."""


class DeclaredKind:
    """Base of the kinds: serves the module-level declarations a kind names as class
    attributes, and refreshes nothing on a parameter change (kinds read their parameters when
    they use them)."""

    PARAMETERS: list[Param] = []
    METRICS: list[MetricSpec] = []
    PLOTS: list[PlotSpec] = []
    DIAGRAM: list[Arrow] = []
    #: The stages' names in the kind's words, by stage id (see :data:`STAGE_LABELS`).
    STAGE_LABELS: dict[str, Text] = STAGE_LABELS
    #: Labels of the events a kind writes to the log itself (audit findings), by key.
    EVENTS: dict[str, Text] = {}

    def parameters(self) -> list[Param]:
        return self.PARAMETERS

    def metrics(self) -> list[MetricSpec]:
        return self.METRICS

    def plots(self) -> list[PlotSpec]:
        return self.PLOTS

    def diagram(self) -> list[Arrow]:
        return self.DIAGRAM

    def stage_labels(self) -> dict[str, Text]:
        return {**STAGE_LABELS, **self.STAGE_LABELS}

    def events(self) -> dict[str, Text]:
        return self.EVENTS

    def on_change(self, key: str, params: Mapping[str, Any], state: Any) -> None:
        return None

    def limits(self, params: Mapping[str, Any], groups: list[str]) -> dict[str, float]:
        return {}

    def conflicts(self, params: Mapping[str, Any], groups: list[str]) -> list[tuple[str, str]]:
        return []

    #: Tables a group may give (name → what it is), e.g. a score distribution over buckets.
    TABLES: dict[str, str] = {}
    #: Per-group parameters a table replaces (parameter name → table name): a group that gives
    #: the table has no such parameter, so no slider, ``--set`` or sweep offers one that would
    #: do nothing.
    REPLACED_BY_TABLE: dict[str, str] = {}

    def check_tables(self, tables: Mapping[str, tuple[float, ...]]) -> list[tuple[str, str]]:
        """Problems with one group's tables, as (table name, what is wrong) pairs."""
        return []
