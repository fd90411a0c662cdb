"""A control offers only the values the other parameters leave it: in policing a rate goes up
to 1 with at-most-one discoveries and up to the Poisson bound with Poisson ones, and a change
that would leave a rate out of range is explained, not applied."""

from simulator.kinds.allocation_params import POISSON_RATE_MAX


def test_the_rate_controls_follow_the_discovery_mode(make_window, monkeypatch):
    window = make_window("policing")
    rate = window.params.rows["groups.north.rate"].control
    assert rate.spin.maximum() == 1.0
    window.change_param("world.discovery", "poisson")
    assert rate.spin.maximum() == POISSON_RATE_MAX
    window.change_param("groups.north.rate", 3.68511)
    assert window.session.value("groups.north.rate") == 3.68511
    shown = []
    monkeypatch.setattr("ui.dialogs.messages.show_error", lambda *a: shown.append(a[2]))
    window.change_param("world.discovery", "bernoulli")
    assert shown and "groups.north.rate: 3.68511 is above 1" in shown[0]
    assert window.session.value("world.discovery") == "poisson"
    assert rate.spin.maximum() == POISSON_RATE_MAX
