"""The front ends (the GUI and the command line) use the model only through its public API:
``simulator``'s own names and the modules ``simulator.PUBLIC_MODULES`` lists, so the model's
inside can change without breaking them."""

import re
from pathlib import Path

import simulator

ROOT = Path(__file__).parent.parent


def test_front_ends_import_only_the_public_modules():
    inside = []
    for path in sorted([*ROOT.glob("ui/**/*.py"), *ROOT.glob("bias_loop/*.py")]):
        for module in re.findall(r"^\s*from simulator\.([\w.]+) import", path.read_text(),
                                 re.M):
            if module not in simulator.PUBLIC_MODULES:
                inside.append(f"{path.relative_to(ROOT)}: simulator.{module}")
    assert not inside, inside


def test_every_public_module_is_documented_and_exists():
    for name in simulator.PUBLIC_MODULES:
        assert f"``simulator.{name}``" in simulator.__doc__, name
        assert (ROOT / "simulator" / f"{name}.py").exists(), name
    for name in simulator.__all__:
        assert hasattr(simulator, name), name
