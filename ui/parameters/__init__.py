"""The parameter pane, generated from the scenario's schema: one control per parameter type."""
