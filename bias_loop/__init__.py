"""The ``bias-loop`` command: headless subcommands over ``simulator``, and ``gui`` over ``ui``."""
