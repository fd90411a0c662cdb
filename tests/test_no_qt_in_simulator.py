"""The model never depends on the GUI.

``simulator/`` must not import PySide6, pyqtgraph or ``ui/``: headless runs (the CLI, batch
sweeps on a cluster, the Python API) then start fast, need no display and no Qt libraries, and
two front ends can share one model. Two checks: what a fresh interpreter has actually imported
after using the model (catches indirect imports), and an AST scan of every file under
``simulator/`` (catches imports on code paths the first check did not run).
"""

from __future__ import annotations

import ast
import importlib.util
import json
import subprocess
import sys
import textwrap
from pathlib import Path

import simulator

GUI_MODULES = ("PySide6", "PyQt5", "PyQt6", "PySide2", "shiboken6", "pyqtgraph", "ui")
SIMULATOR_DIR = Path(simulator.__file__).parent


def is_gui_module(name: str) -> bool:
    return any(name == m or name.startswith(m + ".") for m in GUI_MODULES)


def imported_in_child(code: str) -> list[str]:
    """Run ``code`` in a fresh interpreter and return the modules it ended up importing."""
    script = textwrap.dedent(code) + textwrap.dedent(
        """
        import json, sys
        print("MODULES=" + json.dumps(sorted(sys.modules)))
        """
    )
    child = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120
    )
    assert child.returncode == 0, child.stderr
    line = next(li for li in child.stdout.splitlines() if li.startswith("MODULES="))
    return json.loads(line.removeprefix("MODULES="))


def test_running_the_model_imports_no_gui():
    modules = imported_in_child(
        """
        from simulator import Simulation, load_scenario
        sim = Simulation(load_scenario("lending"), seed=3, guide=True)
        sim.run(25)
        sim.set_param("mitigation.label_audit", 0.5)
        sim.fork().run(5)
        sim.recorder.series("selection_rate_A")
        """
    )
    assert "simulator" in modules
    assert [m for m in modules if is_gui_module(m)] == []


def test_headless_cli_imports_no_gui():
    """``bias-loop scenarios`` and ``describe`` must not pay for (or need) Qt."""
    if importlib.util.find_spec("bias_loop.cli") is None:
        return  # the CLI is not written yet; the simulator check above still holds
    modules = imported_in_child(
        """
        import contextlib, io
        from bias_loop import cli
        for argv in (["scenarios"], ["describe", "lending"]):
            with contextlib.redirect_stdout(io.StringIO()):
                try:
                    status = cli.main(argv)
                except SystemExit as exc:
                    status = exc.code
            assert status in (0, None), (argv, status)
        """
    )
    assert "bias_loop.cli" in modules
    assert [m for m in modules if is_gui_module(m)] == []


def imports_of(path: Path, root: Path = SIMULATOR_DIR.parent) -> list[str]:
    """Absolute names of every module ``path`` imports (``root`` holds its top package), with
    relative imports resolved: ``from ...ui import app`` in simulator/kinds/x.py is ``ui``."""
    package = ".".join(path.relative_to(root).with_suffix("").parts)
    if path.name != "__init__.py":
        package = package.rsplit(".", 1)[0]
    names = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            module = node.module or ""
            if node.level:
                parts = package.split(".")
                parts = parts[: max(len(parts) - node.level + 1, 0)]
                module = ".".join([*parts, module] if module else parts)
            names.append(module)
            names += [f"{module}.{alias.name}".lstrip(".") for alias in node.names]
    return names


def gui_imports_under(top: Path) -> dict[str, list[str]]:
    return {
        path.relative_to(top.parent).as_posix(): bad
        for path in sorted(top.rglob("*.py"))
        if (bad := [n for n in imports_of(path, top.parent) if is_gui_module(n)])
    }


def test_no_file_under_simulator_imports_gui():
    assert len(list(SIMULATOR_DIR.rglob("*.py"))) > 5, f"no sources under {SIMULATOR_DIR}?"
    assert gui_imports_under(SIMULATOR_DIR) == {}


def test_the_scan_catches_gui_imports(tmp_path):
    """The scan itself works: direct, dotted, aliased and relative GUI imports are flagged,
    ordinary ones are not."""
    kinds = tmp_path / "simulator" / "kinds"
    kinds.mkdir(parents=True)
    (tmp_path / "simulator" / "__init__.py").write_text("import numpy\nfrom . import kinds\n")
    (kinds / "__init__.py").write_text("import uuid\nfrom .. import fairness\n")
    (kinds / "a.py").write_text("import pyqtgraph as pg\n")
    (kinds / "b.py").write_text("from PySide6.QtCore import QTimer\n")
    (kinds / "c.py").write_text("from ...ui import app\n")
    (kinds / "d.py").write_text("def f():\n    import ui.app\n")
    found = gui_imports_under(tmp_path / "simulator")
    assert sorted(found) == [f"simulator/kinds/{n}.py" for n in "abcd"]
    assert found["simulator/kinds/c.py"] == ["ui", "ui.app"]
