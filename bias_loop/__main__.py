"""``python -m bias_loop``: the same as the ``bias-loop`` command."""

from bias_loop.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
