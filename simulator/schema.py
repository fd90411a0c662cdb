"""The parameter schema: the single source of truth for every knob of a loop kind.

Each :class:`Param` carries its type, default, range, unit, label and help text (English and
Spanish) and the stage of the loop where it acts. The GUI builds its controls from it, the CLI
validates ``--set`` with it, scenario files are checked against it and the docs are generated
from it. Per-group parameters are declared once and expanded to ``groups.<group_id>.<name>``.
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .errors import ParamError
from .text import T, Text
from .tomlio import TomlSyntaxError, loads_value

#: Sections of a parameter key, in the order of the loop; also the GUI's grouping.
STAGES = ("world", "data", "bias", "model", "policy", "mitigation", "audit")
TYPES = ("float", "int", "bool", "choice")


@dataclass(frozen=True)
class Param:
    """One parameter of a loop kind.

    ``name`` is the key without its section for per-group parameters (``share``), and the full
    dotted key otherwise (``policy.loss_gain_ratio``). ``restart`` marks values that shape the
    initial state (the historical data, the initial population) and so only take effect when the
    run is set up again. ``lever`` marks mitigations, which the GUI draws differently.
    """

    name: str
    type: str
    default: Any
    label: Text
    help: Text
    stage: str
    unit: Text = Text("")
    min: float | None = None
    max: float | None = None
    choices: tuple[str, ...] = ()
    choice_labels: tuple[Text, ...] = ()
    per_group: bool = False
    restart: bool = False
    step: float | None = None

    def __post_init__(self) -> None:
        assert self.type in TYPES, self.type
        assert self.stage in STAGES, self.stage
        assert self.type != "choice" or self.default in self.choices, self.name

    @property
    def lever(self) -> bool:
        return self.stage == "mitigation"

    def range_text(self, lang: str = "en") -> str:
        """What values are allowed, in words (error messages, ``describe``, tooltips)."""
        if self.type == "bool":
            return T("true or false").get(lang)
        if self.type == "choice":
            return T("one of {choices}").get(lang).format(
                choices=", ".join(f'"{c}"' for c in self.choices))
        kind = T("an integer" if self.type == "int" else "a number").get(lang)
        if self.min is not None and self.max is not None:
            return T("{kind} from {low} to {high}").get(lang).format(
                kind=kind, low=_fmt(self.min), high=_fmt(self.max))
        if self.min is not None:
            return T("{kind} of at least {low}").get(lang).format(kind=kind, low=_fmt(self.min))
        return kind


@dataclass(frozen=True)
class BoundParam:
    """A parameter bound to its full key (per-group parameters get one per group)."""

    key: str
    spec: Param
    default: Any
    group: str | None = None

    def __getattr__(self, item: str) -> Any:
        # Only reached for names that are not fields; never for ``spec`` itself or dunders,
        # so copying and pickling (which probe before ``spec`` exists) work.
        if item == "spec" or item.startswith("__"):
            raise AttributeError(item)
        return getattr(self.spec, item)

    def check(self, value: Any) -> Any:
        """Return ``value`` converted to this parameter's type, or raise :class:`ParamError`."""
        return check_value(self.key, self.spec, value)


def replaced_keys(replaced_by_table: Mapping[str, str],
                  group_tables: Mapping[str, Iterable[str]]) -> dict[str, str]:
    """The per-group keys the groups' tables replace (key → table): ``replaced_by_table`` is a
    kind's parameter name → table name, ``group_tables`` each group's table names."""
    return {f"groups.{gid}.{name}": table
            for gid, tables in group_tables.items()
            for name, table in replaced_by_table.items() if table in tables}


def _fmt(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else f"{x:g}"


def parse_value(text: str) -> Any:
    """A value typed on a command line (``--set``, ``--grid``): a TOML value (``true``,
    ``0.5``, ``"text"``) or, when the text is not valid TOML, the text itself, so a bare word
    like ``fixed`` needs no quotes. A value past the limits of :mod:`simulator.tomlio` (too
    deep, too many digits) is refused with a :class:`~simulator.tomlio.TomlProblem`."""
    try:
        return loads_value(text)
    except TomlSyntaxError:
        return text


def check_value(key: str, spec: Param, value: Any) -> Any:
    allowed = f"allowed: {spec.range_text()}"
    if spec.type == "bool":
        if isinstance(value, bool):
            return value
        raise ParamError(f"{key}: expected true or false, got {value!r}")
    if spec.type == "choice":
        if isinstance(value, str) and value in spec.choices:
            return value
        raise ParamError(f"{key}: {value!r} is not a valid choice; {allowed}")
    if isinstance(value, np.generic):
        value = value.item()  # numpy scalars from the Python API count as plain numbers
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ParamError(f"{key}: expected {spec.range_text()}, got {value!r}")
    if spec.type == "int":
        if isinstance(value, float):
            if not value.is_integer():
                raise ParamError(f"{key}: expected an integer, got {value!r}; {allowed}")
            value = int(value)
    else:
        value = float(value)
        if not math.isfinite(value):
            raise ParamError(f"{key}: {value!r} is not a finite number; {allowed}")
    if (spec.min is not None and value < spec.min) or (spec.max is not None and value > spec.max):
        raise ParamError(f"{key}: {value!r} is out of range; {allowed}")
    return value


@dataclass
class Schema:
    """All parameters of one scenario: the kind's declarations expanded over its groups."""

    params: list[BoundParam] = field(default_factory=list)
    #: The group tables the kind reads (a tabulated world): not parameters, named in messages.
    tables: tuple[str, ...] = ()
    #: Per-group keys left out because the group's table replaces them (key → table name),
    #: e.g. ``groups.dialect.score_mean`` when the dialect gives a ``score_table``: named in
    #: messages.
    replaced: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def build(
        cls,
        declared: Iterable[Param],
        groups: Iterable[str],
        group_defaults: Mapping[str, Mapping[str, Any]] | None = None,
        tables: Iterable[str] = (),
        replaced: Mapping[str, str] | None = None,
    ) -> Schema:
        """``replaced``: keys to leave out, with the table that replaces each (see
        :func:`replaced_keys`)."""
        group_defaults = group_defaults or {}
        replaced = dict(replaced or {})
        groups = list(groups)
        bound: list[BoundParam] = []
        for spec in declared:
            if spec.per_group:
                for gid in groups:
                    if f"groups.{gid}.{spec.name}" in replaced:
                        continue
                    default = group_defaults.get(gid, {}).get(spec.name, spec.default)
                    bound.append(
                        BoundParam(f"groups.{gid}.{spec.name}", spec, default, group=gid)
                    )
            else:
                bound.append(BoundParam(spec.name, spec, spec.default))
        return cls(bound, tuple(tables), replaced)

    def without(self, replaced: Mapping[str, str]) -> Schema:
        """This schema without the keys of ``replaced`` (a world given new tables)."""
        if not replaced:
            return self
        return Schema([p for p in self.params if p.key not in replaced], self.tables,
                      {**self.replaced, **replaced})

    def __post_init__(self) -> None:
        self._by_key = {p.key: p for p in self.params}

    def __contains__(self, key: str) -> bool:
        return key in self._by_key

    def __iter__(self):
        return iter(self.params)

    def keys(self) -> list[str]:
        return list(self._by_key)

    def get(self, key: str) -> BoundParam:
        try:
            return self._by_key[key]
        except KeyError:
            raise ParamError(self.unknown_key_message(key)) from None

    def unknown_key_message(self, key: str) -> str:
        if key in self.replaced:
            group = key.split(".")[1]
            return (f"{key!r} does nothing in this world: group {group!r} gives a "
                    f"{self.replaced[key]}, which replaces it (a group's tables are set in the "
                    "scenario file's [[groups]] or by a [[preset]])")
        if key.startswith("groups.") and key.rsplit(".", 1)[-1] in self.tables:
            return (f"{key!r} is a table of the group's world, not a parameter: it shapes the "
                    "world the run starts from, so it is set in the scenario file's [[groups]] "
                    "or by a [[preset]], and cannot be changed with --set, --at or --grid")
        close = difflib.get_close_matches(key, self.keys(), n=3, cutoff=0.6)
        if not close:
            tail = key.rsplit(".", 1)[-1]
            close = [k for k in self.keys() if k.endswith("." + tail)][:3]
        hint = f"; did you mean {' or '.join(close)}?" if close else ""
        named = repr(key) if len(key) <= 80 else f"{key[:80]!r}... ({len(key):,} characters)"
        return f"unknown parameter {named}{hint} (`bias-loop describe` lists them all)"

    def defaults(self) -> dict[str, Any]:
        return {p.key: p.default for p in self.params}

    def check(self, key: str, value: Any) -> Any:
        return self.get(key).check(value)

    def resolve(self, overrides: Mapping[str, Any] | None = None) -> dict[str, Any]:
        """Defaults with ``overrides`` applied, every value checked."""
        values = self.defaults()
        for key, value in (overrides or {}).items():
            values[key] = self.check(key, value)
        return values

    def by_stage(self) -> dict[str, list[BoundParam]]:
        out: dict[str, list[BoundParam]] = {s: [] for s in STAGES}
        for p in self.params:
            out[p.stage].append(p)
        return {s: ps for s, ps in out.items() if ps}
