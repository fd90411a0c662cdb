"""The documented limits of a run, in one place, so every way in (a scenario or run file, a
sweep file, a command-line option, the GUI, the API) refuses the same inputs with the same
words, and refuses them before any work starts: a sweep of 10^11 points is counted, not built.

They are what one ordinary machine holds: ten million rounds (a recorder keeps at most 250,000
rows, thinning older ones), a hundred thousand replications, a million runs in one sweep.
"""

MAX_ROUNDS = 10_000_000
MAX_REPLICATIONS = 100_000
MAX_SEED = 2**63 - 1
#: Runs in one sweep: grid points times replications.
MAX_SWEEP_RUNS = 1_000_000
