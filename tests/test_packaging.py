"""Bias Loop works once installed, not only from a source checkout; and the docs stay true.

The scenario files live in the repository's ``scenarios/`` folder but are installed as the
package data of ``simulator.scenarios``; a mistake in pyproject.toml there shows up only in a
real (non-editable) install, which the last test here makes. The README's setup commands and
the scenario-format guide's example are checked too, so the first things a new user copies work.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tomllib
from importlib import resources
from pathlib import Path

import pytest

from simulator import bundled_names, load_scenario, parse_scenario
from simulator.scenario import TOP_LEVEL

ROOT = Path(__file__).resolve().parents[1]


# --- bundled scenarios -----------------------------------------------------------------------


def test_bundled_scenarios_are_package_resources():
    found = sorted(
        entry.name.removesuffix(".toml")
        for entry in resources.files("simulator.scenarios").iterdir()
        if entry.name.endswith(".toml")
    )
    assert "lending" in found
    assert found == bundled_names()


@pytest.mark.parametrize("name", bundled_names())
def test_every_bundled_scenario_validates(name):
    text = resources.files("simulator.scenarios").joinpath(f"{name}.toml").read_text("utf-8")
    scenario = parse_scenario(text, name)
    assert scenario.id == name, "a bundled scenario's id should match its file name"
    assert load_scenario(name) == scenario


# --- documentation ----------------------------------------------------------------------------


def fenced_blocks(markdown: str, language: str) -> list[str]:
    return re.findall(rf"^```{language}\n(.*?)^```", markdown, flags=re.S | re.M)


def test_scenario_format_examples_are_valid():
    """Every ```toml block in docs/scenario-format.md is valid TOML, and every one that is a
    whole scenario (it has a [scenario] table) validates."""
    doc = (ROOT / "docs" / "scenario-format.md").read_text(encoding="utf-8")
    blocks = fenced_blocks(doc, "toml")
    whole = [b for b in blocks if "scenario" in tomllib.loads(b)]
    assert whole, "the guide should contain a complete example scenario"
    for block in whole:
        scenario = parse_scenario(block, "docs/scenario-format.md")
        assert scenario.groups and scenario.guide and scenario.info
    # A fragment made only of tables the example lacks (e.g. [labels]) must validate when
    # added to the example, so the keys the guide shows for them are real.
    example = tomllib.loads(whole[0])
    for block in blocks:
        fragment = tomllib.loads(block)
        if fragment and all(k in TOP_LEVEL and k not in example for k in fragment):
            parse_scenario(whole[0] + "\n" + block, "docs/scenario-format.md")


def test_the_scenario_format_examples_preset_holds():
    """The guide's [[preset]] example states a result: it must be what the example gives."""
    from simulator.presets import check_preset, preset_spec
    from simulator.runs import run_replications

    doc = (ROOT / "docs" / "scenario-format.md").read_text(encoding="utf-8")
    blocks = fenced_blocks(doc, "toml")
    example = next(b for b in blocks if "scenario" in tomllib.loads(b))
    (preset_block,) = [b for b in blocks if "preset" in tomllib.loads(b)
                       and "full_audit" in b]
    scenario = parse_scenario(example + "\n" + preset_block, "docs/scenario-format.md")
    preset = scenario.preset("full_audit")
    for check in check_preset(preset, run_replications(preset_spec(scenario, preset))):
        assert check.holds, check.describe()


def readme_setup_commands() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    setup = readme.split("## Set up", 1)[1].split("\n## ", 1)[0]
    return [line.strip() for b in fenced_blocks(setup, "sh") for line in b.splitlines()
            if line.strip() and not line.lstrip().startswith("#")]


def test_readme_has_two_setup_commands_and_ci_runs_the_test_one():
    """The README promises two commands (open the app, run the tests); CI must run the same
    test command, or a green CI would prove nothing about what the README tells people."""
    commands = readme_setup_commands()
    assert len(commands) == 2, commands
    app, tests = commands
    assert app.endswith("bias-loop")
    test_command = tests.rsplit("&&", 1)[1].strip()
    assert "pytest" in test_command
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert re.search(rf"^\s*{re.escape(test_command)}(\s|$)", ci, flags=re.M), test_command
    assert 'pip install --quiet --disable-pip-version-check -e ".[test]"' in ci


# --- a real install -----------------------------------------------------------------------------


def source_tree_copy(dest: Path) -> Path:
    """A copy of what a build reads, so building leaves no build/ or egg-info in the checkout."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    setuptools_cfg = config["tool"]["setuptools"]
    top = {name.split(".")[0] for name in setuptools_cfg["packages"]}
    top |= {folder.split("/")[0] for folder in setuptools_cfg.get("package-dir", {}).values()}
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info", "build")
    for name in sorted(top):
        shutil.copytree(ROOT / name, dest / name, ignore=ignore)
    for path in ROOT.iterdir():
        if path.is_file() and (path.name in ("pyproject.toml", "README.md")
                               or path.name.startswith("LICENSE")):
            shutil.copy2(path, dest / path.name)
    return dest


@pytest.mark.slow
def test_non_editable_install_finds_its_scenarios(tmp_path):
    """Install into a plain folder (offline: no index, no build isolation, no dependencies),
    then use it from elsewhere with only that folder on the path."""
    source = source_tree_copy(tmp_path / "src")
    target = tmp_path / "installed"
    pip = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
         "--no-index", "--no-deps", "--no-build-isolation", "--target", str(target),
         str(source)],
        capture_output=True, text=True, timeout=120,
    )
    assert pip.returncode == 0, (
        "building Bias Loop without network failed; the test extra installs the setuptools "
        f"it needs (pip install -e '.[test]').\n{pip.stdout}\n{pip.stderr}"
    )
    assert (target / "simulator" / "scenarios" / "lending.toml").is_file()
    assert not (target / "scenarios").exists(), "scenarios/ should install as simulator/scenarios"
    entry_points = next(target.glob("bias_loop-*.dist-info")) / "entry_points.txt"
    assert "bias-loop = bias_loop.cli:main" in entry_points.read_text()

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {**os.environ, "PYTHONPATH": str(target)}
    code = (
        "import simulator; from simulator import load_scenario, Simulation; "
        "s = load_scenario('lending'); Simulation(s, seed=1).run(3); print(simulator.__file__)"
    )
    child = subprocess.run([sys.executable, "-c", code], cwd=elsewhere, env=env,
                           capture_output=True, text=True, timeout=60)
    assert child.returncode == 0, child.stderr
    assert Path(child.stdout.strip()).is_relative_to(target), (
        f"imported {child.stdout.strip()}, not the installed copy"
    )


def test_every_code_package_is_installed():
    """pyproject.toml lists the packages by hand (two of them map other folders); a package
    missing from the list installs editable but breaks a plain `pip install .`."""
    import tomllib

    root = Path(__file__).resolve().parent.parent
    listed = set(tomllib.loads((root / "pyproject.toml").read_text())["tool"]["setuptools"]
                 ["packages"])
    for top in ("bias_loop", "simulator", "ui"):
        for init in (root / top).rglob("__init__.py"):
            name = ".".join(init.parent.relative_to(root).parts)
            assert name in listed, f"{name} is not in [tool.setuptools] packages"
