"""Scenario files: TOML data describing a ready-to-run loop, validated against the schema.

A scenario is data, never code: it is parsed with ``tomllib`` and checked, and nothing in it is
evaluated, unpickled or imported. Every problem is reported at once, each with the file, the line
(where it can be found) and the key, so a facilitator editing a copy can fix them all in one go.
The format is documented in docs/scenario-format.md.
"""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path
from typing import Any

from . import tomlio
from .claims import Claim, Quantity, parse_claim
from .errors import BiasLoopError, ParamError, ScenarioError
from .kinds import KINDS
from .kinds.base import LoopKind
from .limits import MAX_REPLICATIONS, MAX_ROUNDS, MAX_SEED
from .predictions import Prediction, parse_prediction
from .schema import Schema, check_value, replaced_keys
from .text import LANGUAGES, SOURCE, T, Text, gaps, localise_number
from .tomlio import literal as toml_value

INFO_SECTIONS = ("what", "how", "use", "notice", "try", "references")
TOP_LEVEL = ("scenario", "groups", "params", "labels", "help", "info", "guide", "sweep",
             "preset")
#: The keys of a [[sweep]] table: a sweep file's [sweep] keys, less the scenario, plus a name.
SWEEP_KEYS = ("name", "grid", "replications", "rounds", "seed", "set", "all_rounds", "metrics")
SCENARIO_KEYS = ("id", "kind", "title", "summary", "round_unit", "rounds", "seed", "dashboard",
                 "headline", "headline_charts", "student")
#: The keys of a [[preset]] table (a paper's setting, reset onto) and of its [[preset.expect]].
PRESET_KEYS = ("id", "title", "description", "paper", "groups", "set", "rounds", "replications",
               "expect")
EXPECT_KEYS = ("metric", "statistic", "above", "q", "value", "tolerance")
STATISTICS = ("mean", "share_above", "quantile")
GUIDE_KEYS = ("round", "caption", "set", "claims", "ask", "choices")
#: Charts shown when a scenario names none: the kind's first ones.
DEFAULT_DASHBOARD_SIZE = 6
#: How many headline charts a scenario may name (the student view shows them beside the loop
#: diagram; two read well at 1280x720), and how many parameters a beginner meets first.
HEADLINE_CHARTS = (1, 2)
STUDENT_PARAMS = (1, 8)
GROUP_ID = re.compile(r"^[A-Za-z][A-Za-z0-9_]{0,31}$")
SHARE_TOLERANCE = 1e-6


@dataclass(frozen=True)
class Group:
    id: str
    label: Text
    values: dict[str, Any] = field(default_factory=dict)
    #: Lists of numbers the kind declares in TABLES (e.g. a score distribution over buckets):
    #: part of the world, fixed for a run, not parameters (no --set, sweeps or live changes).
    tables: dict[str, tuple[float, ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class GuideStep:
    """A step a facilitator clicks through: reach ``round``, show ``caption``, apply ``set``;
    ``claims`` say what the room should then see (see :mod:`simulator.claims`). A step with a
    ``prediction`` asks the room its question first and shows the caption once the answer is
    revealed (see :mod:`simulator.predictions`)."""

    round: int
    caption: Text
    set: dict[str, Any] = field(default_factory=dict)
    claims: tuple[Claim, ...] = ()
    prediction: Prediction | None = None


@dataclass(frozen=True)
class SweepPlan:
    """A sweep saved with its scenario ([[sweep]]), so it is shared with it: what
    ``bias-loop sweep SCENARIO --sweep NAME`` runs. ``None`` leaves a setting to the command
    line or its default."""

    name: str
    grid: tuple[tuple[str, tuple[Any, ...]], ...]
    replications: int | None = None
    rounds: int | None = None
    seed: int | None = None
    set: dict[str, Any] = field(default_factory=dict)
    all_rounds: bool = False
    metrics: tuple[str, ...] = ()

    def options(self) -> dict[str, Any]:
        """The plan as a sweep file's [sweep] table (the keys given, and only those), plus
        its name."""
        out = {"name": self.name, "grid": {key: list(values) for key, values in self.grid},
               "set": dict(self.set),
               "all_rounds": self.all_rounds, "metrics": list(self.metrics)}
        out.update((key, getattr(self, key)) for key in ("replications", "rounds", "seed")
                   if getattr(self, key) is not None)
        return out


@dataclass(frozen=True)
class Expectation:
    """What a preset should give: ``statistic`` of ``metric``'s final value over the
    replications (its mean, the share above ``above``, or its ``q`` quantile) is ``value``
    within ``tolerance``."""

    metric: str
    statistic: str
    value: float
    tolerance: float
    above: float | None = None
    q: float | None = None

    def statistic_text(self, lang: str = "en") -> str:
        """The statistic in words ("share above 0.8"), for the CLI, the docs and the GUI."""
        if self.statistic == "share_above":
            return T("share above {value}").get(lang).format(
                value=localise_number(f"{self.above:g}", lang))
        if self.statistic == "quantile":
            return T("quantile {value}").get(lang).format(
                value=localise_number(f"{self.q:g}", lang))
        return T("mean").get(lang)

    def to_data(self) -> dict[str, Any]:
        out: dict[str, Any] = {"metric": self.metric, "statistic": self.statistic}
        out.update((k, getattr(self, k)) for k in ("above", "q") if getattr(self, k) is not None)
        out.update(value=self.value, tolerance=self.tolerance)
        return out


@dataclass(frozen=True)
class Preset:
    """A paper's setting saved with its scenario ([[preset]]): the parameters and rounds
    that reproduce one of its figures, and the results it should then give, so
    ``bias-loop run SCENARIO --preset ID --check`` shows the model still reproduces it."""

    id: str
    title: Text
    description: Text
    paper: str
    set: dict[str, Any] = field(default_factory=dict)
    rounds: int | None = None
    replications: int | None = None
    expect: tuple[Expectation, ...] = ()
    #: Group tables the paper's world needs (group id -> table name -> numbers), written in
    #: ``set`` as ``"groups.<id>.<table>"``: they replace the scenario's for the preset's run.
    tables: dict[str, dict[str, tuple[float, ...]]] = field(default_factory=dict)
    #: The paper's own groups ([[preset.groups]], as [[groups]] tables), where it has another
    #: number of them; its ``set`` and ``expect`` then name these groups.
    groups: tuple[dict[str, Any], ...] = ()

    def world(self, scenario: Scenario) -> Scenario:
        """``scenario`` with this preset's groups and group tables in place of its own. It is
        no longer the file it came from, so its source says so (and a saved run embeds it
        whole), and it has no presets of its own. With other groups, what named the old ones
        (the guide, sweeps, the headline, per-group [params]) is left out; with other tables,
        the parameters they replace."""
        if not self.tables and not self.groups:
            return scenario
        source = f"{scenario.source} (preset {self.id})"
        if self.groups:
            data = world_data(tomlio.loads(dump_scenario(scenario)), list(self.groups))
            scenario = parse_scenario(tomlio.dumps(data), source)
        groups = tuple(replace(g, tables={**g.tables, **self.tables.get(g.id, {})})
                       for g in scenario.groups)
        replaced = replaced_keys(scenario.kind.REPLACED_BY_TABLE, {g.id: g.tables for g in groups})
        groups = tuple(replace(g, values={k: v for k, v in g.values.items()
                                          if f"groups.{g.id}.{k}" not in replaced})
                       for g in groups)
        # The scenario's presets were written for its own tables (one may set what these
        # replace): the world a paper setting makes is that paper's, as with its own groups.
        return replace(scenario, groups=groups, source=source, presets=(),
                       schema=scenario.schema.without(replaced),
                       params={k: v for k, v in scenario.params.items() if k not in replaced})

    def to_data(self) -> dict[str, Any]:
        tables = {f"groups.{gid}.{name}": list(values)
                  for gid, named in self.tables.items() for name, values in named.items()}
        out: dict[str, Any] = {"id": self.id, "title": self.title.to_data(),
                               "description": self.description.to_data(), "paper": self.paper}
        if self.groups:
            out["groups"] = [dict(g) for g in self.groups]
        out["set"] = {**self.set, **tables}
        out.update((k, getattr(self, k)) for k in ("rounds", "replications")
                   if getattr(self, k) is not None)
        out["expect"] = [e.to_data() for e in self.expect]
        return out


@dataclass(frozen=True)
class Scenario:
    id: str
    kind: LoopKind
    title: Text
    summary: Text
    groups: tuple[Group, ...]
    params: dict[str, Any]
    info: dict[str, Text]
    guide: tuple[GuideStep, ...]
    round_unit: Text
    rounds: int
    seed: int
    source: str
    schema: Schema
    labels: dict[str, Text] = field(default_factory=dict)
    help: dict[str, Text] = field(default_factory=dict)
    dashboard: tuple[str, ...] = ()  # plot ids shown at first; empty: the kind's first ones
    sweeps: tuple[SweepPlan, ...] = ()
    #: The one gap the loop grows, shown first: a metric column or two joined by - or /.
    headline: Quantity | None = None
    presets: tuple[Preset, ...] = ()
    #: The charts that show the headline story (chart ids): presentation mode's charts when
    #: the facilitator marked none, and the student view's. Empty: the dashboard's first two.
    headline_charts: tuple[str, ...] = ()
    #: The few parameters a beginner meets first (keys), all the student view shows until
    #: "Show all parameters". Empty: every lever.
    student: tuple[str, ...] = ()

    def preset(self, pid: str) -> Preset:
        """The [[preset]] with id ``pid``, or an error naming the ones there are."""
        for preset in self.presets:
            if preset.id == pid:
                return preset
        ids = ", ".join(p.id for p in self.presets) or "none"
        raise BiasLoopError(f"{self.source} has no preset named {pid!r}; its presets: {ids}")

    def sweep(self, name: str) -> SweepPlan:
        """The [[sweep]] called ``name``, or an error naming the ones there are."""
        for plan in self.sweeps:
            if plan.name == name:
                return plan
        names = ", ".join(p.name for p in self.sweeps) or "none"
        raise BiasLoopError(f"{self.source} has no sweep named {name!r}; its sweeps: {names}")

    @property
    def group_ids(self) -> list[str]:
        return [g.id for g in self.groups]

    def tables(self) -> dict[str, tuple[float, ...]]:
        """Every group's tables, by ``groups.<id>.<table>``: what the kind reads them as."""
        return {f"groups.{g.id}.{name}": values for g in self.groups
                for name, values in g.tables.items()}

    def group_label(self, gid: str, lang: str = "en") -> str:
        return next(g.label.get(lang) for g in self.groups if g.id == gid)

    # The kind's declarations in this scenario's words: a scenario may rename parameters,
    # metrics, plots and diagram arrows for its domain ([labels] and [help] tables), so a
    # hiring scenario says "performs well" where the kind says "repays".
    def parameters(self):
        return relabel(self.kind.parameters(), self.labels, self.help, "", "name", "label")

    def metrics(self):
        return relabel(self.kind.metrics(), self.labels, self.help, "metric.", "name", "label")

    def plots(self):
        return relabel(self.kind.plots(), self.labels, self.help, "plot.", "id", "title")

    def diagram(self):
        return relabel(self.kind.diagram(), self.labels, self.help, "arrow.", "source", "label")

    def stage_labels(self):
        """The loop diagram's names for the stages, in the kind's words, by stage id."""
        return self.kind.stage_labels()

    def default_plots(self) -> list[str]:
        """The charts a facilitator sees first: the scenario's choice, else the kind's."""
        if self.dashboard:
            return list(self.dashboard)
        return [p.id for p in self.kind.plots()[:DEFAULT_DASHBOARD_SIZE]]

    def student_keys(self) -> list[str]:
        """The parameters the student view shows: the scenario's ``student``, else every
        lever (what a beginner pulls)."""
        if self.student:
            return [k for k in self.student if k in self.schema]
        return [p.key for p in self.schema.params if p.lever]


def share_problem(values: Mapping[str, Any]) -> str | None:
    """Why the groups' shares among ``values`` (every parameter of a run) are not a whole
    population, or None. The one rule for scenario files, ``--set``, run files, sweeps and
    the GUI: the shares, where a kind has them, sum to 1."""
    shares = {key: v for key, v in values.items()
              if key.startswith("groups.") and key.endswith(".share")}
    total = sum(shares.values())
    if not shares or math.isclose(total, 1.0, abs_tol=SHARE_TOLERANCE):
        return None
    terms = " + ".join(f"{key} {v:g}" for key, v in shares.items())
    return (f"the groups' shares must sum to 1, they sum to {total:g} ({terms}); "
            "change the others with it")


def check_shares(values: Mapping[str, Any]) -> None:
    """Raise :class:`ParamError` if :func:`share_problem` finds one."""
    problem = share_problem(values)
    if problem:
        raise ParamError(problem)


def relabel(specs, labels, helps, prefix, key_attr, text_attr):
    out = []
    for spec in specs:
        key = prefix + getattr(spec, key_attr)
        changes = {}
        if key in labels:
            changes[text_attr] = labels[key]
        if key in helps:
            changes["help"] = helps[key]
        out.append(replace(spec, **changes) if changes else spec)
    return out


def relabel_keys(kind: LoopKind) -> dict[str, bool]:
    """Every key a [labels] table may name, with whether it also has a help text."""
    keys = {p.name: True for p in kind.parameters()}
    keys.update({f"metric.{m.name}": True for m in kind.metrics()})
    keys.update({f"plot.{p.id}": False for p in kind.plots()})
    keys.update({f"arrow.{a.source}": False for a in kind.diagram()})
    return keys


# --- locating scenarios ---------------------------------------------------------------------


def bundled_dir() -> Path:
    return Path(str(resources.files("simulator.scenarios")))


def bundled_names() -> list[str]:
    return sorted(p.stem for p in bundled_dir().glob("*.toml"))


def resolve_path(name_or_path: str | Path) -> Path:
    """A bundled scenario name (``lending``) or a path to a ``.toml`` file."""
    text = str(name_or_path)
    try:
        return _existing(text)
    except OSError as exc:  # a name too long for the file system, a loop of links
        raise BiasLoopError(f"{text[:80]}: cannot open it ({exc.strerror or exc})") from None


def _existing(text: str) -> Path:
    bundled = bundled_dir() / f"{text}.toml"
    if "/" not in text and "\\" not in text and not text.endswith(".toml") and bundled.exists():
        return bundled
    path = Path(text)
    if path.is_file():
        return path
    if path.exists():
        raise BiasLoopError(f"{text}: is not a file; give a scenario name or a .toml file")
    names = bundled_names()
    close = difflib.get_close_matches(text, names, n=1)
    hint = f"; did you mean {close[0]!r}?" if close else ""
    raise BiasLoopError(
        f"{text}: no such scenario file or bundled scenario{hint} "
        f"(bundled: {', '.join(names)})"
    )


def load_scenario(name_or_path: str | Path) -> Scenario:
    """Load and validate a bundled scenario or a scenario file; raise :class:`ScenarioError`
    listing every problem."""
    return parse_scenario(*_read_scenario(name_or_path))


def language_gaps(name_or_path: str | Path, lang: str) -> list[str]:
    """Where a scenario (its file's texts, and its kind's) has no text in ``lang``, which
    then shows English: one line each, ``line N: where: ...``, for ``validate --lang``."""
    text, source = _read_scenario(name_or_path)
    validator = _Validator(tomlio.loads(text), text, source)
    scenario = validator.scenario()
    out = []
    for where, t in validator.texts:
        if not t.has(lang):
            line = validator._line_of(where)
            out.append(f"{f'line {line}: ' if line else ''}{where}: no {lang} text, so "
                       f"English is shown: {t.en[:60]!r}")
    kind_texts = [t for p in scenario.kind.parameters() for t in (p.label, p.help, p.unit)]
    kind_texts += [t for m in scenario.metrics() for t in (m.label, m.unit, m.help)]
    for english in gaps(kind_texts, lang):
        out.append(f"kind {scenario.kind.name}: no {lang} text in the catalogue for "
                   f"{english[:60]!r}")
    return out


def _read_scenario(name_or_path: str | Path) -> tuple[str, str]:
    """A scenario file's text and the name problems are reported under."""
    path = resolve_path(name_or_path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise BiasLoopError(f"{path}: cannot read the file ({exc.strerror})") from None
    source = path.stem if path.parent == bundled_dir() else str(path)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ScenarioError(source, [f"not UTF-8 text (byte {exc.start})"]) from None
    return text, source


def parse_scenario(text: str, source: str = "<scenario>") -> Scenario:
    try:
        data = tomlio.loads(text)
    except tomlio.TomlProblem as exc:
        raise ScenarioError(source, [str(exc)]) from None
    return _Validator(data, text, source).scenario()


# --- validation -----------------------------------------------------------------------------


class _Validator:
    def __init__(self, data: dict, text: str, source: str):
        self.data = data
        self.lines = text.splitlines()
        self.source = source
        self.problems: list[str] = []
        self.texts: list[tuple[str, Text]] = []  # every text of the file, where it is

    def problem(self, where: str, message: str) -> None:
        line = self._line_of(where)
        at = f"line {line}: " if line else ""
        self.problems.append(f"{at}{where}: {message}")

    def _line_of(self, where: str) -> int | None:
        """Best-effort line of a problem (TOML parsers keep no positions): find the table the
        path names (``groups.B.x`` is the [[groups]] block whose id is B, ``guide[3].x`` the
        fourth [[guide]] block, a parameter key lives in [params]), then the key inside it."""
        blocks = self._blocks()
        m = re.match(r"^groups\.([A-Za-z]\w*)\.(.+)$", where)
        n = re.match(r"^(\w+)\[(\d+)\](?:\.(.+))?$", where)
        if m:
            gid, leaf = m.groups()
            id_line = re.compile(rf'^\s*id\s*=\s*"{re.escape(gid)}"')
            chosen = [b for b in blocks if b[0] == "groups"
                      and any(id_line.match(self.lines[i - 1]) for i in range(b[1], b[2]))]
        elif n:
            table, index, leaf = n.group(1), int(n.group(2)), n.group(3) or ""
            chosen = _nth_entry(blocks, table, index)
            chosen, leaf = self._choice_lines(chosen, leaf)
            chosen, leaf = self._claim_lines(chosen, leaf)
        else:
            table, _, leaf = where.partition(".")
            if table not in TOP_LEVEL:
                table, leaf = "params", where
            chosen = [b for b in blocks if b[0] == table or b[0].startswith(table + ".")]
        if not chosen:
            return None
        if leaf:
            parts = leaf.split(".")
            for candidate in (".".join(parts[i:]) for i in range(len(parts))):
                pattern = re.compile(rf'(^|[{{,])\s*"?{re.escape(candidate)}"?\s*=')
                for _, first, last in chosen:
                    for i in range(first, last):
                        if pattern.search(self.lines[i - 1]):
                            return i
        return chosen[0][1] - 1 if chosen[0][1] > 1 else chosen[0][1]

    def _claim_lines(self, chosen: list[tuple[str, int, int]],
                     leaf: str) -> tuple[list[tuple[str, int, int]], str]:
        """Narrow a guide step's lines to its claim ``k`` when ``leaf`` is ``claims[k]...``:
        the k-th [[guide.claims]] block, or, for claims written inline, the lines from the k-th
        ``quantity =`` on."""
        m = re.match(r"^claims\[(\d+)\]\.?(.*)$", leaf)
        if not m:
            return chosen, leaf
        k, rest = int(m.group(1)), m.group(2)
        tables = [b for b in chosen if b[0].endswith(".claims")]
        if k < len(tables):
            return [tables[k]], rest or "quantity"
        starts = [i for _, first, last in chosen for i in range(first, last)
                  if re.search(r"(^|[{,])\s*quantity\s*=", self.lines[i - 1])]
        if k < len(starts):
            return [("claims", starts[k], chosen[-1][2])], rest or "quantity"
        return chosen, "claims"

    def _choice_lines(self, chosen: list[tuple[str, int, int]],
                      leaf: str) -> tuple[list[tuple[str, int, int]], str]:
        """Narrow a guide step's lines to its choice ``k`` when ``leaf`` is ``choices[k]...``:
        the k-th [[guide.choices]] block, or, for choices written inline (one a line), the
        lines from the k-th text table after ``choices =`` on."""
        m = re.match(r"^choices\[(\d+)\]\.?(.*)$", leaf)
        if not m:
            return chosen, leaf
        k, rest = int(m.group(1)), m.group(2).removeprefix("claim.") or "en"
        tables = [b for b in chosen if b[0].endswith(".choices")]
        if k < len(tables):
            return [tables[k]], rest
        lines = [i for _, first, last in chosen for i in range(first, last)]
        head = next((i for i in lines if re.match(r"^\s*choices\s*=", self.lines[i - 1])), None)
        if head is None:
            return chosen, "choices"
        starts = [i for i in lines if i >= head
                  and re.search(r"(^|[\[{,])\s*\{\s*\w+\s*=\s*\"", self.lines[i - 1])]
        if k < len(starts):
            return [("choices", starts[k], chosen[-1][2])], rest
        return chosen, "choices"

    def _blocks(self) -> list[tuple[str, int, int]]:
        """(table name, first line, line after the last) of each table header's block."""
        out: list[tuple[str, int, int]] = []
        header = re.compile(r"^\s*\[\[?\s*([\w.\"-]+)\s*\]\]?")
        for i, line in enumerate(self.lines, 1):
            m = header.match(line)
            if m:
                if out:
                    out[-1] = (out[-1][0], out[-1][1], i)
                out.append((m.group(1).replace('"', ""), i + 1, i + 1))
        if out:
            out[-1] = (out[-1][0], out[-1][1], len(self.lines) + 1)
        return out

    # Text fields are tables { en = "...", es = "..." } with any installed language's key;
    # a plain string serves every language. English is required; a language left out falls
    # back to English (``gaps`` lists where, for ``validate --lang``).
    def text(self, value: Any, where: str, required: bool = True) -> Text:
        if value is None:
            if required:
                self.problem(where, 'missing; write it as { en = "...", es = "..." }')
            return Text("")
        if isinstance(value, str):
            return self.keep(where, Text.same(value))
        if not isinstance(value, dict):
            self.problem(where, f'expected text like {{ en = "...", es = "..." }}, got {value!r}')
            return Text("")
        extra = sorted(set(value) - set(LANGUAGES))
        if extra:
            self.problem(where, f"unknown language(s) {', '.join(extra)}; installed: "
                         f"{', '.join(LANGUAGES)}")
        for lang in LANGUAGES:
            if lang in value and not isinstance(value[lang], str):
                self.problem(f"{where}.{lang}", f"expected text, got {value[lang]!r}")
        if not isinstance(value.get(SOURCE), str):
            self.problem(where, f'missing English text ({SOURCE} = "..."): other languages '
                         "fall back to it")
            return Text("")
        return self.keep(where, Text.of({k: v for k, v in value.items()
                                         if k in LANGUAGES and isinstance(v, str)}))

    def keep(self, where: str, text: Text) -> Text:
        """Note where a text of the file is, so that its gaps can be named."""
        self.texts.append((where, text))
        return text

    def unknown(self, where: str, key: str, allowed: list[str]) -> None:
        close = difflib.get_close_matches(key, allowed, n=1)
        hint = f"did you mean {close[0]!r}? " if close else ""
        self.problem(
            f"{where}.{key}" if where else key,
            f"unknown key; {hint}allowed: {', '.join(allowed)}",
        )

    def scenario(self) -> Scenario:
        d = self.data
        for key in d:
            if key not in TOP_LEVEL:
                self.unknown("", key, list(TOP_LEVEL))
        head = d.get("scenario")
        if not isinstance(head, dict):
            self.problem("scenario", "missing [scenario] table (id, kind, title, summary)")
            raise ScenarioError(self.source, self.problems)
        for key in head:
            if key not in SCENARIO_KEYS:
                self.unknown("scenario", key, list(SCENARIO_KEYS))
        sid = head.get("id")
        if not isinstance(sid, str) or not GROUP_ID.match(sid):
            self.problem("scenario.id", "must be a short name of letters, digits and _")
        kind_name = head.get("kind")
        kind = KINDS.get(kind_name) if isinstance(kind_name, str) else None
        if kind is None:
            close = difflib.get_close_matches(str(kind_name), list(KINDS), n=1)
            hint = f"did you mean {close[0]!r}? " if close else ""
            self.problem(
                "scenario.kind", f"unknown kind {kind_name!r}; {hint}allowed: {', '.join(KINDS)}"
            )
            raise ScenarioError(self.source, self.problems)
        title = self.text(head.get("title"), "scenario.title")
        summary = self.text(head.get("summary"), "scenario.summary")
        round_unit = self.text(head.get("round_unit", kind.round_unit.to_data()),
                               "scenario.round_unit")
        rounds = self.integer(head.get("rounds", 200), "scenario.rounds", 1, MAX_ROUNDS)
        seed = self.integer(head.get("seed", 1), "scenario.seed", 0, MAX_SEED)

        dashboard = self.dashboard(head.get("dashboard", []), kind)
        groups = self.groups(d.get("groups"), kind)
        group_ids = [g.id for g in groups]
        self.columns = [c for m in kind.metrics() for c in m.columns(group_ids)]
        headline = self.headline(head.get("headline"))
        headline_charts = self.chart_ids(head.get("headline_charts", []), kind,
                                         "scenario.headline_charts", HEADLINE_CHARTS)
        labels = self.relabels(d.get("labels", {}), kind, "labels")
        helps = self.relabels(d.get("help", {}), kind, "help")
        schema = Schema.build(relabel(kind.parameters(), labels, helps, "", "name", "label"),
                              group_ids, {g.id: g.values for g in groups}, kind.TABLES,
                              replaced_keys(kind.REPLACED_BY_TABLE,
                                            {g.id: g.tables for g in groups}))
        params = self.params(d.get("params", {}), schema)
        self.shares(schema, params)
        self.conflicts(kind, schema, params, group_ids)
        student = self.student(head.get("student", []), schema)
        info = self.info(d.get("info", {}))
        guide = self.guide(d.get("guide", []), schema, rounds)
        sweeps = self.sweeps(d.get("sweep", []), schema, kind, group_ids)
        presets = self.presets(d.get("preset", []), schema, kind, groups)
        if self.problems:
            raise ScenarioError(self.source, self.problems)
        return Scenario(
            id=sid, kind=kind, title=title, summary=summary, groups=tuple(groups),
            params=params, info=info, guide=tuple(guide), round_unit=round_unit,
            rounds=rounds, seed=seed, source=self.source, schema=schema, labels=labels,
            help=helps, dashboard=dashboard, sweeps=tuple(sweeps), headline=headline,
            presets=tuple(presets), headline_charts=headline_charts, student=student,
        )

    def headline(self, raw: Any) -> Quantity | None:
        if raw is None:
            return None
        try:
            quantity = Quantity.parse(raw)
        except ValueError as exc:
            self.problem("scenario.headline", str(exc))
            return None
        for column in quantity.columns:
            if column not in self.columns:
                close = difflib.get_close_matches(column, self.columns, n=1)
                hint = f"did you mean {close[0]!r}? " if close else ""
                self.problem("scenario.headline", f"{column!r} is not a metric column of "
                             f"this scenario; {hint}see `bias-loop describe` for its columns")
                return None
        return quantity

    def claims(self, raw: Any, where: str, step_round: int, rounds: int) -> tuple[Claim, ...]:
        """A guide step's ``claims``: a list of claim tables ([[guide.claims]])."""
        if not isinstance(raw, list):
            self.problem(where, "expected a list of claim tables ([[guide.claims]])")
            return ()
        claims = (parse_claim(c, f"{where}[{i}]", self.columns, step_round, rounds,
                              self.problem, self.text) for i, c in enumerate(raw))
        return tuple(c for c in claims if c is not None)

    def dashboard(self, raw: Any, kind: LoopKind) -> tuple[str, ...]:
        return self.chart_ids(raw, kind, "scenario.dashboard")

    def chart_ids(self, raw: Any, kind: LoopKind, where: str,
                  count: tuple[int, int] | None = None) -> tuple[str, ...]:
        """A list of chart ids of the kind (``dashboard``, ``headline_charts``), each once, and
        (``count``) from so many to so many of them when any are given."""
        ids = [p.id for p in kind.plots()]
        if not isinstance(raw, list) or not all(isinstance(x, str) for x in raw):
            self.problem(where, f"expected a list of chart ids from: {', '.join(ids)}")
            return ()
        for x in raw:
            if x not in ids:
                close = difflib.get_close_matches(x, ids, n=1)
                hint = f"did you mean {close[0]!r}? " if close else ""
                self.problem(where, f"unknown chart {x!r}; {hint}charts of this "
                             f"kind: {', '.join(ids)}")
        self.no_repeats(raw, where, "chart")
        if count is not None and raw and not count[0] <= len(raw) <= count[1]:
            self.problem(where, f"name {count[0]} to {count[1]} charts, got {len(raw)}")
        return tuple(dict.fromkeys(x for x in raw if x in ids))

    def no_repeats(self, raw: list, where: str, what: str) -> None:
        repeated = sorted({x for x in raw if raw.count(x) > 1})
        if repeated:
            self.problem(where, f"each {what} once; repeated: {', '.join(map(repr, repeated))}")

    def student(self, raw: Any, schema: Schema) -> tuple[str, ...]:
        """``student``: the parameter keys a beginner meets first, each a parameter of this
        scenario (per-group ones as ``groups.<id>.<name>``)."""
        lo, hi = STUDENT_PARAMS
        if not isinstance(raw, list) or not all(isinstance(x, str) for x in raw):
            self.problem("scenario.student", f"expected a list of {lo} to {hi} parameter keys, "
                         'e.g. ["groups.B.label_bias", "mitigation.label_audit"]')
            return ()
        if raw and not lo <= len(raw) <= hi:
            self.problem("scenario.student", f"name {lo} to {hi} parameters (the few a "
                         f"beginner meets first), got {len(raw)}")
        for key in raw:
            if key not in schema:
                self.problem("scenario.student", schema.unknown_key_message(key))
        self.no_repeats(raw, "scenario.student", "parameter")
        return tuple(dict.fromkeys(k for k in raw if k in schema))

    def relabels(self, raw: Any, kind: LoopKind, table: str) -> dict[str, Text]:
        if not isinstance(raw, dict):
            self.problem(table, f"expected a [{table}] table of key = {{ en = ..., es = ... }}")
            return {}
        allowed = relabel_keys(kind)
        if table == "help":
            allowed = {k: v for k, v in allowed.items() if v}
        out = {}
        for key, value in raw.items():
            if key not in allowed:
                close = difflib.get_close_matches(key, list(allowed), n=2)
                hint = f"; did you mean {' or '.join(close)}?" if close else ""
                self.problem(f"{table}.{key}", "not a parameter (its declared name, e.g. "
                             "score_mean), metric.NAME, plot.ID or arrow.STAGE of this kind"
                             + hint)
                continue
            out[key] = self.text(value, f"{table}.{key}")
        return out

    def integer(self, value: Any, where: str, lo: int, hi: int) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or not lo <= value <= hi:
            self.problem(where, f"expected an integer from {lo} to {hi}, got {value!r}")
            return lo
        return value

    def groups(self, raw: Any, kind: LoopKind) -> list[Group]:
        per_group = {p.name: p for p in kind.parameters() if p.per_group}
        if not isinstance(raw, list) or not raw:
            self.problem("groups", "missing [[groups]] tables (at least one group with an id)")
            return []
        out, seen = [], set()
        for i, g in enumerate(raw):
            where = f"groups[{i}]"
            if not isinstance(g, dict):
                self.problem(where, "expected a [[groups]] table")
                continue
            gid = g.get("id")
            if not isinstance(gid, str) or not GROUP_ID.match(gid):
                self.problem(f"{where}.id", "a group id is a letter then letters, digits or _"
                             f" (at most 32), got {gid!r}")
                continue
            if gid in seen:
                self.problem(f"groups.{gid}", "duplicate group id; each group needs its own")
                continue
            seen.add(gid)
            label = self.text(g.get("label", gid), f"groups.{gid}.label")
            values, tables = {}, {}
            declared = getattr(kind, "TABLES", {})
            for key, value in g.items():
                if key in ("id", "label"):
                    continue
                if key in declared:
                    tables[key] = self.numbers(f"groups.{gid}.{key}", value)
                    continue
                if key not in per_group:
                    self.unknown(f"groups.{gid}", key, ["id", "label", *per_group, *declared])
                    continue
                values[key] = self.value(f"groups.{gid}.{key}", per_group[key], value)
            if tables and all(v is not None for v in tables.values()):
                for key, message in kind.check_tables(tables):
                    self.problem(f"groups.{gid}.{key}", message)
            for key in values.keys() & kind.REPLACED_BY_TABLE.keys():
                if kind.REPLACED_BY_TABLE[key] in tables:
                    self.problem(f"groups.{gid}.{key}", f"the group's {kind.REPLACED_BY_TABLE[key]}"
                                 " replaces it; give one or the other")
            out.append(Group(gid, label, values,
                             {k: v for k, v in tables.items() if v is not None}))
        return out

    def numbers(self, where: str, value: Any) -> tuple[float, ...] | None:
        """A table: a list of at most 1,000 finite numbers, or None after saying what is
        wrong."""
        if (not isinstance(value, list) or not value or len(value) > 1000
                or not all(isinstance(v, (int, float)) and not isinstance(v, bool)
                           and math.isfinite(v) for v in value)):
            self.problem(where, "expected a list of 1 to 1,000 numbers, e.g. [0.1, 0.2, 0.7]")
            return None
        return tuple(float(v) for v in value)

    def value(self, key: str, spec, value: Any) -> Any:
        try:
            return check_value(key, spec, value)
        except ParamError as exc:
            self.problem(key, str(exc).split(": ", 1)[1])
            return spec.default

    def shares(self, schema: Schema, params: dict[str, Any]) -> None:
        problem = share_problem({**schema.defaults(), **params})
        if problem:
            self.problem("groups.share", problem)

    def conflicts(self, kind: LoopKind, schema: Schema, params: dict[str, Any],
                  group_ids: list[str]) -> None:
        """Values allowed one by one that the kind cannot run together (e.g. a rate above 1
        with at-most-one discoveries)."""
        for key, message in kind.conflicts(schema.resolve(params), group_ids):
            self.problem(key, message)

    def params(self, raw: Any, schema: Schema) -> dict[str, Any]:
        if not isinstance(raw, dict):
            self.problem("params", "expected a [params] table")
            return {}
        out = {}
        for key, value in _flatten(raw):
            if key not in schema:
                self.problem(key, schema.unknown_key_message(key))
                continue
            out[key] = self.value(key, schema.get(key).spec, value)
        return out

    def info(self, raw: Any) -> dict[str, Text]:
        if not isinstance(raw, dict):
            self.problem("info", "expected an [info] table")
            return {}
        out = {}
        for key, value in raw.items():
            if key not in INFO_SECTIONS:
                self.unknown("info", key, list(INFO_SECTIONS))
                continue
            out[key] = self.text(value, f"info.{key}")
        return out

    def guide(self, raw: Any, schema: Schema, rounds: int) -> list[GuideStep]:
        if not isinstance(raw, list):
            self.problem("guide", "expected [[guide]] tables")
            return []
        steps = []
        for i, step in enumerate(raw):
            where = f"guide[{i}]"
            if not isinstance(step, dict):
                self.problem(where, "expected a [[guide]] table")
                continue
            for key in step:
                if key not in GUIDE_KEYS:
                    self.unknown(where, key, list(GUIDE_KEYS))
            r = step.get("round")
            if isinstance(r, bool) or not isinstance(r, int) or r < 0:
                self.problem(f"{where}.round", f"expected a round number (0 or more), got {r!r}")
                r = 0
            elif r > rounds:
                self.problem(f"{where}.round", f"round {r} is past the end of the scenario "
                             f"(scenario.rounds = {rounds})")
            caption = self.text(step.get("caption"), f"{where}.caption")
            changes = {}
            raw_set = step.get("set", {})
            if not isinstance(raw_set, dict):
                self.problem(f"{where}.set", "expected a table of parameter = value")
                raw_set = {}
            for key, value in _flatten(raw_set):
                if key not in schema:
                    self.problem(f"{where}.set.{key}", schema.unknown_key_message(key))
                    continue
                spec = schema.get(key)
                if spec.restart:
                    self.problem(f"{where}.set.{key}", "shapes the initial state, so a guide "
                                 "step cannot change it mid-run")
                changes[key] = self.value(key, spec.spec, value)
            claims = self.claims(step.get("claims", []), f"{where}.claims", r, rounds)
            prediction = parse_prediction(step, where, self.columns, r, rounds, self.problem,
                                          self.text)
            steps.append(GuideStep(r, caption, changes, claims, prediction))
        last = -1
        for s in steps:
            if s.round < last:
                self.problems.append("guide: steps must be in order of their rounds")
                break
            last = s.round
        self.deciding_rounds(steps)
        return steps

    def deciding_rounds(self, steps: list[GuideStep]) -> None:
        """A question is answered before the guide moves on: its deciding round comes no
        later than the next step's round (the room sees the answer, then the next lever)."""
        for i, (step, after) in enumerate(zip(steps, steps[1:], strict=False)):
            if step.prediction is None:
                continue
            deciding = step.prediction.deciding_round(step.round)
            if deciding > after.round:
                k = max(range(len(step.prediction.choices)),
                        key=lambda j: step.prediction.choices[j].claim.within)
                self.problem(f"guide[{i}].choices[{k}].claim.within",
                             f"the answer is decided at round {deciding}, after the next "
                             f"step (round {after.round}); give every choice's claim within "
                             f"= {after.round - step.round} or less")

    def named_tables(self, raw: Any, section: str, keys: tuple[str, ...], name_key: str,
                     purpose: str, duplicate: Callable[[str], str]) -> Iterator[
                         tuple[str, dict, str]]:
        """Each table of the array [[section]] with its place and its name: the checks that
        [[sweep]] and [[preset]] share (a table, known keys, an id-like name used once)."""
        if not isinstance(raw, list):
            self.problem(section, f"expected [[{section}]] tables, {purpose}")
            return
        seen: set[str] = set()
        for i, table in enumerate(raw):
            where = f"{section}[{i}]"
            if not isinstance(table, dict):
                self.problem(where, f"expected a [[{section}]] table")
                continue
            for key in table:
                if key not in keys:
                    self.unknown(where, key, list(keys))
            name = table.get(name_key)
            if not isinstance(name, str) or not GROUP_ID.match(name):
                self.problem(f"{where}.{name_key}", f"a {section}'s {name_key} is a letter "
                             f"then letters, digits or _ (at most 32), got {name!r}")
            elif name in seen:
                self.problem(f"{where}.{name_key}", duplicate(name))
            name = name if isinstance(name, str) else ""
            seen.add(name)
            yield where, table, name

    def sweeps(self, raw: Any, schema: Schema, kind: LoopKind,
               group_ids: list[str]) -> list[SweepPlan]:
        columns = [c for m in kind.metrics() for c in m.columns(group_ids)]
        plans = []
        tables = self.named_tables(
            raw, "sweep", SWEEP_KEYS, "name", "one per named sweep",
            lambda name: f"another sweep is already named {name!r}; each sweep needs its "
                         "own name")
        for where, table, _ in tables:
            plans.append(self.sweep_plan(table, where, schema, columns))
        return plans

    def sweep_plan(self, table: dict, where: str, schema: Schema, columns: list[str],
                   grid_required: bool = True) -> SweepPlan:
        """One sweep's settings, checked: a [[sweep]] of a scenario file or the [sweep] of a
        sweep file (:func:`check_sweep_table`, whose grid may come from the command line)."""
        name = table.get("name")
        given = grid_required or "grid" in table
        return SweepPlan(
            name=name if isinstance(name, str) else "",
            grid=self.sweep_grid(table.get("grid"), schema, where) if given else (),
            replications=self.optional_integer(table, "replications", where, 1,
                                               MAX_REPLICATIONS),
            rounds=self.optional_integer(table, "rounds", where, 1, MAX_ROUNDS),
            seed=self.optional_integer(table, "seed", where, 0, MAX_SEED),
            set=self.fixed_set(table.get("set", {}), schema, where, "the whole sweep"),
            all_rounds=self.switch(table.get("all_rounds", False), f"{where}.all_rounds"),
            metrics=self.sweep_metrics(table.get("metrics", []), columns, where),
        )

    def sweep_grid(self, raw: Any, schema: Schema,
                   where: str) -> tuple[tuple[str, tuple[Any, ...]], ...]:
        if not isinstance(raw, dict) or not raw:
            self.problem(f"{where}.grid", "a sweep needs a grid: a table of parameter = [values]"
                         ', e.g. grid = { "mitigation.label_audit" = [0.0, 0.5, 1.0] }')
            return ()
        grid = []
        for key, values in _flatten(raw):
            if key not in schema:
                self.problem(f"{where}.grid.{key}", schema.unknown_key_message(key))
            elif not isinstance(values, list) or not values:
                self.problem(f"{where}.grid.{key}", "expected a list of one or more values, "
                             f"e.g. [0.0, 0.5], got {values!r}")
            else:
                spec = schema.get(key).spec
                checked = [self.value(f"{where}.grid.{key}", spec, v) for v in values]
                grid.append((key, tuple(checked)))
        return tuple(grid)

    def fixed_set(self, raw: Any, schema: Schema, where: str, scope: str) -> dict[str, Any]:
        """A ``set`` table of parameter = value, each checked like a ``[params]`` value;
        ``scope`` says what it is fixed for ("the whole sweep", "the preset's run")."""
        if not isinstance(raw, dict):
            self.problem(f"{where}.set", "expected a table of parameter = value, fixed for "
                         f"{scope}")
            return {}
        out = {}
        for key, value in _flatten(raw):
            if key not in schema:
                self.problem(f"{where}.set.{key}", schema.unknown_key_message(key))
                continue
            out[key] = self.value(f"{where}.set.{key}", schema.get(key).spec, value)
        return out

    def sweep_metrics(self, raw: Any, columns: list[str], where: str) -> tuple[str, ...]:
        if not isinstance(raw, list) or not all(isinstance(m, str) for m in raw):
            self.problem(f"{where}.metrics", "expected a list of metric columns, e.g. "
                         f"[{toml_value(columns[0])}]")
            return ()
        for m in raw:
            if m not in columns:
                close = difflib.get_close_matches(m, columns, n=1)
                hint = f"did you mean {close[0]!r}? " if close else ""
                self.problem(f"{where}.metrics", f"{m!r} is not a metric column; {hint}"
                             f"allowed: {', '.join(columns)}")
        return tuple(m for m in raw if m in columns)

    def preset_tables(self, raw: Any, kind: LoopKind, groups: list[Group], where: str
                      ) -> tuple[Any, dict[str, dict[str, tuple[float, ...]]]]:
        """Split a preset's ``set`` into parameters and group tables (``groups.<id>.<table>``
        for a table the kind declares), each group's tables checked as its world would be."""
        declared = getattr(kind, "TABLES", {})
        if not declared or not isinstance(raw, dict):
            return raw, {}
        own = {g.id: g.tables for g in groups}
        params, tables = {}, {}
        for key, value in _flatten(raw):
            parts = key.split(".")
            if len(parts) != 3 or parts[0] != "groups" or parts[2] not in declared:
                params[key] = value
            elif parts[1] not in own:
                self.problem(f"{where}.set.{key}", f"no group {parts[1]!r}; the groups: "
                             f"{', '.join(own)}")
            else:
                numbers = self.numbers(f"{where}.set.{key}", value)
                if numbers is not None:
                    tables.setdefault(parts[1], {})[parts[2]] = numbers
        for gid, named in tables.items():
            for name, message in kind.check_tables({**own[gid], **named}):
                self.problem(f"{where}.set.groups.{gid}.{name}", message)
        return params, tables

    def presets(self, raw: Any, schema: Schema, kind: LoopKind, groups: list[Group]
                ) -> list[Preset]:
        out = []
        own_schema, own_kind, own = schema, kind, groups
        tables = self.named_tables(
            raw, "preset", PRESET_KEYS, "id", "one per paper setting",
            lambda pid: f"another preset already has the id {pid!r}")
        columns = self.columns
        for where, table, pid in tables:
            own_groups = table.get("groups")
            if own_groups is not None:
                world = self.preset_world(own_groups, f"{where}.groups")
                if world is None:
                    continue
                schema, kind, groups = world.schema, world.kind, list(world.groups)
                self.columns = [c for m in kind.metrics() for c in m.columns(world.group_ids)]
            params, tables = self.preset_tables(table.get("set", {}), kind, groups, where)
            paper = table.get("paper")
            if not isinstance(paper, str) or not paper.strip():
                self.problem(f"{where}.paper", "name the paper and its figure or table, e.g. "
                             '"Ensign et al. (2018), Figure 2"')
            out.append(Preset(
                id=pid,
                title=self.text(table.get("title"), f"{where}.title"),
                description=self.text(table.get("description"), f"{where}.description"),
                paper=paper if isinstance(paper, str) else "",
                set=self.fixed_set(params, schema.without(replaced_keys(
                    kind.REPLACED_BY_TABLE,
                    {g.id: {**g.tables, **tables.get(g.id, {})} for g in groups})),
                    where, "the preset's run"),
                tables=tables,
                groups=tuple(own_groups or ()),
                rounds=self.optional_integer(table, "rounds", where, 1, MAX_ROUNDS),
                replications=self.optional_integer(table, "replications", where, 1,
                                                   MAX_REPLICATIONS),
                expect=self.expectations(table.get("expect", []), f"{where}.expect"),
            ))
            if own_groups is not None:
                schema, kind, groups = own_schema, own_kind, own
                self.columns = columns
        return out

    def preset_world(self, raw: Any, where: str) -> Scenario | None:
        """The scenario with a preset's own groups, validated as [[groups]] tables are;
        its problems are the preset's."""
        if not isinstance(raw, list) or not raw:
            self.problem(where, "expected [[preset.groups]] tables, one per group")
            return None
        try:
            return _Validator(world_data(self.data, raw), "", self.source).scenario()
        except ScenarioError as exc:
            for problem in exc.problems:
                self.problem(where, problem)
            return None

    def expectations(self, raw: Any, where: str) -> tuple[Expectation, ...]:
        if not isinstance(raw, list):
            self.problem(where, "expected [[preset.expect]] tables")
            return ()
        out = []
        for k, table in enumerate(raw):
            at = f"{where}[{k}]"
            if not isinstance(table, dict):
                self.problem(at, "expected a [[preset.expect]] table")
                continue
            for key in table:
                if key not in EXPECT_KEYS:
                    self.unknown(at, key, list(EXPECT_KEYS))
            metric = table.get("metric")
            if metric not in self.columns:
                close = difflib.get_close_matches(str(metric), self.columns, n=1)
                hint = f"did you mean {close[0]!r}? " if close else ""
                self.problem(f"{at}.metric", f"{metric!r} is not a metric column; {hint}"
                             f"allowed: {', '.join(self.columns)}")
            statistic = table.get("statistic", "mean")
            if isinstance(statistic, str) and statistic in STATISTICS:
                self.statistic_parameters(table, statistic, at)
            else:
                self.problem(f"{at}.statistic", f"unknown statistic {statistic!r}; allowed: "
                             f"{', '.join(STATISTICS)}")
            q = self.number(table, "q", at, 0.0, 1.0)
            above = self.number(table, "above", at, -math.inf, math.inf)
            value = self.number(table, "value", at, -math.inf, math.inf, required=True)
            tolerance = self.number(table, "tolerance", at, 0.0, math.inf, required=True)
            out.append(Expectation(str(metric), str(statistic), value or 0.0,
                                   tolerance or 0.0, above, q))
        return tuple(out)

    def statistic_parameters(self, table: dict, statistic: str, at: str) -> None:
        """``above`` goes with ``share_above`` and ``q`` with ``quantile``, and only there."""
        needs = {"share_above": "above", "quantile": "q"}.get(statistic)
        for key in ("above", "q"):
            if key == needs and key not in table:
                self.problem(f"{at}.{key}", f"statistic {statistic!r} needs {key} = a number")
            elif key != needs and key in table:
                self.problem(f"{at}.{key}", f"{key} belongs only to statistic "
                             f"{'share_above' if key == 'above' else 'quantile'}")

    def number(self, table: dict, key: str, where: str, lo: float, hi: float,
               required: bool = False) -> float | None:
        value = table.get(key)
        if value is None:
            if required:
                self.problem(f"{where}.{key}", f"missing; write {key} = a number")
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not (
                lo <= value <= hi):
            bounds = f" from {lo:g} to {hi:g}" if math.isfinite(lo) else ""
            self.problem(f"{where}.{key}", f"expected a number{bounds}, got {value!r}")
            return None
        return float(value)

    def optional_integer(self, table: dict, key: str, where: str, lo: int,
                         hi: int) -> int | None:
        if key not in table:
            return None
        return self.integer(table[key], f"{where}.{key}", lo, hi)

    def switch(self, value: Any, where: str) -> bool:
        if not isinstance(value, bool):
            self.problem(where, f"expected true or false, got {value!r}")
            return False
        return value


def check_sweep_table(table: dict, text: str, scenario: Scenario, source: str) -> SweepPlan:
    """The [sweep] table of a sweep file (``text``, read from ``source``), less its
    ``scenario`` key, checked by the same rules as a scenario file's [[sweep]] against the
    ``scenario`` it names; a :class:`ScenarioError` lists every problem with its line."""
    check = _Validator({"sweep": table}, text, source)
    columns = [c for m in scenario.kind.metrics() for c in m.columns(scenario.group_ids)]
    for key in table:
        if key not in SWEEP_KEYS or key == "name":
            check.unknown("sweep", key, ["scenario", *SWEEP_KEYS[1:]])
    plan = check.sweep_plan(table, "sweep", scenario.schema, columns, grid_required=False)
    if check.problems:
        raise ScenarioError(source, check.problems)
    return plan


def _nth_entry(blocks: list[tuple[str, int, int]], table: str,
               index: int) -> list[tuple[str, int, int]]:
    """The blocks of entry ``index`` of the array of tables ``table``: its [[table]] block and
    the [table.sub] blocks that follow it (a [[sweep]] may write its grid as [sweep.grid])."""
    entries: list[list[tuple[str, int, int]]] = []
    for block in blocks:
        if block[0] == table:
            entries.append([block])
        elif block[0].startswith(table + ".") and entries:
            entries[-1].append(block)
    return entries[index] if index < len(entries) else []


def world_data(data: dict, groups: list) -> dict:
    """A scenario file's data with other ``groups``: what named the old groups (the guide,
    sweeps, presets, a headline, per-group [params] and student parameters) is left out."""
    out = {k: v for k, v in data.items() if k not in ("guide", "sweep", "preset", "groups")}
    out["scenario"] = {k: v for k, v in data.get("scenario", {}).items() if k != "headline"}
    student = out["scenario"].pop("student", [])
    if isinstance(student, list):  # else left for the validator to name
        student = [k for k in student if not (isinstance(k, str) and k.startswith("groups."))]
    if student:
        out["scenario"]["student"] = student
    out["groups"] = groups
    if isinstance(data.get("params"), dict):
        out["params"] = {k: v for k, v in _flatten(data["params"]) if not k.startswith("groups.")}
    return out


def _flatten(table: dict, prefix: str = ""):
    """``{"policy": {"rule": "fixed"}}`` and ``{"policy.rule": "fixed"}`` both give
    ``("policy.rule", "fixed")``."""
    for key, value in table.items():
        full = f"{prefix}{key}"
        if isinstance(value, dict):
            yield from _flatten(value, full + ".")
        else:
            yield full, value


# --- writing --------------------------------------------------------------------------------


def dump_scenario(scenario: Scenario) -> str:
    """The scenario as TOML text; ``parse_scenario(dump_scenario(s))`` gives ``s`` back,
    whatever characters its texts hold (``tomli_w`` writes it)."""
    head = {"id": scenario.id, "kind": scenario.kind.name}
    head.update((key, getattr(scenario, key).to_data())
                for key in ("title", "summary", "round_unit"))
    head.update(rounds=scenario.rounds, seed=scenario.seed)
    if scenario.dashboard:
        head["dashboard"] = list(scenario.dashboard)
    if scenario.headline is not None:
        head["headline"] = str(scenario.headline)
    if scenario.headline_charts:
        head["headline_charts"] = list(scenario.headline_charts)
    if scenario.student:
        head["student"] = list(scenario.student)
    data: dict[str, Any] = {"scenario": head}
    data["groups"] = [{"id": g.id, "label": g.label.to_data(), **g.values,
                       **{k: list(v) for k, v in g.tables.items()}}
                      for g in scenario.groups]
    if scenario.params:
        data["params"] = dict(scenario.params)
    for table, texts in (("labels", scenario.labels), ("help", scenario.help),
                         ("info", scenario.info)):
        if texts:
            data[table] = {k: v.to_data() for k, v in texts.items()}
    if scenario.guide:
        data["guide"] = [guide_step_data(step) for step in scenario.guide]
    if scenario.sweeps:
        data["sweep"] = [plan.options() for plan in scenario.sweeps]
    if scenario.presets:
        data["preset"] = [preset.to_data() for preset in scenario.presets]
    return tomlio.dumps(data)


def guide_step_data(step: GuideStep) -> dict[str, Any]:
    """A guide step as the TOML table it was read from."""
    data: dict[str, Any] = {"round": step.round, "caption": step.caption.to_data()}
    if step.set:
        data["set"] = dict(step.set)
    if step.claims:
        data["claims"] = [c.to_data() for c in step.claims]
    if step.prediction is not None:
        data.update(step.prediction.to_data())
    return data
