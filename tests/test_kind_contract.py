"""The kind contract: every registered kind holds together, and a kind that breaks the
contract is refused with a message naming the kind and the name to fix."""

import dataclasses

import numpy as np
import pytest

from simulator import Simulation, bundled_names, load_scenario
from simulator.kinds import KINDS, register
from simulator.kinds.base import Arrow, MetricSpec, PlotSpec, Stage
from simulator.kinds.contract import DIAGRAM_STAGES, KindContractError, check_kind
from simulator.text import LANGUAGES, Text


@pytest.mark.parametrize("name", sorted(KINDS))
def test_every_registered_kind_keeps_the_contract(name):
    check_kind(KINDS[name])


@pytest.mark.parametrize("name", sorted(KINDS))
def test_every_declaration_has_every_installed_language(name):
    kind = KINDS[name]
    texts = [("title", kind.title), ("round unit", kind.round_unit)]
    texts += [(p.name, p.label) for p in kind.parameters()]
    texts += [(p.name + " help", p.help) for p in kind.parameters()]
    texts += [(m.name, m.label) for m in kind.metrics()]
    texts += [(m.name + " unit", m.unit) for m in kind.metrics() if m.unit.en]
    texts += [(p.id, p.title) for p in kind.plots()]
    texts += [(f"{a.source}→{a.target}", a.label) for a in kind.diagram()]
    texts += [(key, label) for key, label in kind.events().items()]
    for lang in LANGUAGES:
        for where, text in texts:
            assert text.en.strip() and text.has(lang), f"{name}: {where} lacks {lang}"
    assert len(LANGUAGES) >= 2
    helps = [p for p in kind.parameters() if p.help.en == p.help.get("es")]
    assert not helps, f"{name}: help not translated for {[p.name for p in helps]}"


def broken(kind, **changes):
    """A copy of ``kind`` whose class-level declarations are replaced by ``changes``."""
    cls = type(f"Broken{type(kind).__name__}", (type(kind),), changes)
    return cls()


def first_metric(kind):
    return kind.metrics()[0]


CASES = [
    ("a metric naming a plot that does not exist",
     lambda k: broken(k, METRICS=[dataclasses.replace(first_metric(k), plot="nowhere")]
                      + k.metrics()[1:]),
     "names plot 'nowhere', which is not in PLOTS"),
    ("a plot drawing an undeclared metric",
     lambda k: broken(k, PLOTS=k.plots() + [PlotSpec("extra", Text("x"), ("ghost",))]),
     "plot 'extra' draws 'ghost', which is not a metric"),
    ("a truth that is not a metric",
     lambda k: broken(k, METRICS=[dataclasses.replace(first_metric(k), truth="ghost")]
                      + k.metrics()[1:]),
     "its truth 'ghost' is not a metric"),
    ("an arrow showing an undeclared figure",
     lambda k: broken(k, DIAGRAM=[dataclasses.replace(k.diagram()[0], figures=("ghost",))]
                      + k.diagram()[1:]),
     "shows figure 'ghost', which is not a metric"),
    ("an arrow naming a parameter that does not exist",
     lambda k: broken(k, DIAGRAM=[dataclasses.replace(k.diagram()[0],
                                                      params=("groups.*.ghost",))]
                      + k.diagram()[1:]),
     "names parameter 'groups.*.ghost', which matches no parameter"),
    ("an arrow to a stage that does not exist",
     lambda k: broken(k, DIAGRAM=[Arrow("world", "market", Text("x"))]
                      + k.diagram()[1:]),
     "'market' is not a stage"),
    ("a parameter declared twice",
     lambda k: broken(k, PARAMETERS=k.parameters() + [k.parameters()[0]]),
     "is declared more than once"),
]


@pytest.mark.parametrize("name", sorted(KINDS))
@pytest.mark.parametrize("what, make, message", CASES, ids=[c[0] for c in CASES])
def test_a_broken_declaration_is_refused_naming_the_kind_and_the_name(name, what, make,
                                                                       message):
    with pytest.raises(KindContractError) as err:
        register(make(KINDS[name]))
    assert f"loop kind {name!r}" in str(err.value)
    assert message in str(err.value), what


def test_a_stage_running_every_a_non_integer_parameter_is_refused():
    kind = KINDS["decisions"]

    class Periodic(type(kind)):
        def stages(self):
            return super().stages() + [Stage("odd", 0.5, lambda ctx: None,
                                             every="policy.loss_gain_ratio")]

    with pytest.raises(KindContractError, match="runs every 'policy.loss_gain_ratio', which "
                                                "is not an integer parameter"):
        check_kind(Periodic())


def test_the_diagram_must_go_round_the_loop_in_order():
    kind = KINDS["allocation"]
    with pytest.raises(KindContractError, match="must go round the loop once"):
        check_kind(broken(kind, DIAGRAM=list(reversed(kind.diagram()))))
    assert DIAGRAM_STAGES[0] == "world"


@pytest.mark.parametrize("scenario_name", bundled_names())
def test_a_metric_declared_but_never_measured_stops_the_first_round(scenario_name):
    """Before the contract, such a column was silently recorded as all-NaN."""
    scenario = load_scenario(scenario_name)
    kind = scenario.kind
    metric = first_metric(kind)
    dropped = metric.columns(scenario.group_ids)[0]

    class Forgetful(type(kind)):
        def measure(self, *args):
            values = super().measure(*args)
            # A per-group metric comes as a float per column or as one array by its name.
            del values[dropped if dropped in values else metric.name]
            return values

    sim = Simulation(dataclasses.replace(scenario, kind=Forgetful()), seed=1)
    with pytest.raises(KindContractError) as err:
        sim.run(1)
    assert f"loop kind {kind.name!r}" in str(err.value)
    assert f"no value for the declared column(s) {dropped}" in str(err.value)


def test_a_per_group_metric_with_the_wrong_number_of_values_is_named():
    scenario = load_scenario("policing")

    class Short(type(scenario.kind)):
        def measure(self, *args):
            return {**super().measure(*args), "allocation_share": np.array([1.0])}

    sim = Simulation(dataclasses.replace(scenario, kind=Short()), seed=1)
    with pytest.raises(KindContractError, match=r"1 value\(s\) for the per-group metric "
                                                r"allocation_share, one per group expected \(2\)"):
        sim.run(1)


def test_an_undeclared_measured_column_is_named():
    scenario = load_scenario("policing")

    class Chatty(type(scenario.kind)):
        def measure(self, *args):
            return {**super().measure(*args), "surprise": 1.0}

    sim = Simulation(dataclasses.replace(scenario, kind=Chatty()), seed=1)
    with pytest.raises(KindContractError, match="undeclared column.s. surprise"):
        sim.run(1)


def test_every_metric_spec_field_the_contract_reads_exists():
    """The contract reads these fields; a rename of one must fail here, not pass silently."""
    fields = {f.name for f in dataclasses.fields(MetricSpec)}
    assert {"name", "plot", "per_group", "truth", "sums_to_one"} <= fields
