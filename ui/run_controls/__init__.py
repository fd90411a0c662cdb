"""The run bar and what drives a run: Reset, Run/Pause, Step, speed, the pacer that turns
wall-clock time into rounds, and the Compare menu (baseline, counterfactual, "Run 20 seeds")."""
