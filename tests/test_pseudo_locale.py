"""A language is a set of files: install a pseudo-locale (every text of ours in brackets) the
way a new language would be installed, and find no text it cannot reach in the CLI, the GUI or
the exports. Texts outside brackets may only be identifiers (keys, ids, column names, types),
key names of shortcuts, file paths, and what a file gives in its own words (another bundled
scenario's title, each language's name in itself)."""

import html
import re

import pytest
from pseudo_locale import CODE, install, run, unbracketed_words, write_scenario

from simulator import bundled_names, load_scenario
from simulator.kinds import KINDS

SHORTCUT_KEYS = {"Ctrl", "Shift", "Alt", "Space", "Right", "Left", "PgUp", "PgDown", "Esc"}


@pytest.fixture(scope="module")
def locale(tmp_path_factory):
    directory = tmp_path_factory.mktemp("pseudo")
    env = install(directory)
    return directory, env


def identifiers() -> set[str]:
    """Words that name things rather than say things: ids, column names, types, choices."""
    words = {"int", "float", "bool", "choice", "true", "false", "English", "Español"}
    for name in bundled_names():
        s = load_scenario(name)
        words |= {name, s.kind.name, *s.group_ids}
        words |= {c for m in s.metrics() for c in m.columns(s.group_ids)}
        words |= {c for p in s.kind.parameters() for c in p.choices}
    words |= set(KINDS)
    return {w for word in words for w in re.findall(r"[A-Za-zÀ-ÿ]+", str(word))}


def untranslated(text: str, also: set[str] = frozenset()) -> list[str]:
    allowed = identifiers() | SHORTCUT_KEYS | set(also)
    return [w for w in unbracketed_words(text) if w not in allowed]


@pytest.mark.slow
@pytest.mark.parametrize("name", bundled_names())
def test_describe_speaks_the_pseudo_locale(locale, name):
    directory, env = locale
    done = run(["-m", "bias_loop", "describe", str(write_scenario(directory, name)),
                "--lang", CODE], env)
    assert done.returncode == 0, done.stderr
    assert "[" in done.stdout and untranslated(done.stdout) == []


@pytest.mark.slow
def test_a_chart_export_speaks_the_pseudo_locale(locale):
    directory, env = locale
    chart = directory / "chart.svg"
    done = run(["-m", "bias_loop", "run", str(write_scenario(directory, "lending")), "--guide",
                "--lang", CODE, "--chart", str(chart), "--out", str(directory / "o.csv")], env)
    assert done.returncode == 0, done.stderr
    svg = chart.read_text(encoding="utf-8")
    texts = [html.unescape(re.sub("<[^>]+>", "", t))
             for t in re.findall(r"<text[^>]*>(.*?)</text>", svg, re.S)]
    assert len(texts) > 20 and untranslated(" ".join(texts)) == []


@pytest.mark.slow
def test_the_window_and_its_report_speak_the_pseudo_locale(locale):
    directory, env = locale
    path = write_scenario(directory, "lending")
    done = run(["tests/pseudo_gui_probe.py", str(path)], {**env, "QT_QPA_PLATFORM": "offscreen"})
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[-1] == f"languages: en es {CODE}"  # the menu offers what is installed
    titles = {load_scenario(n).title.en for n in bundled_names()}  # the other files' words
    problems = [line for line in lines[:-1]
                if line not in titles and not line.startswith(str(directory))
                and untranslated(line)]
    assert len(lines) > 100 and problems == []


@pytest.mark.slow
def test_validate_names_what_a_language_lacks(locale):
    directory, env = locale
    done = run(["-m", "bias_loop", "validate", str(write_scenario(directory, "policing")),
                "--lang", CODE], env)
    assert done.returncode == 0 and f"{CODE}: every text has a translation" in done.stdout
    done = run(["-m", "bias_loop", "validate", "scenarios/policing.toml", "--lang", CODE], env)
    assert done.returncode == 0
    warnings = done.stderr.splitlines()
    assert warnings and all(w.startswith("warning: line ") for w in warnings)
    assert any("scenario.title: no xx text, so English is shown" in w for w in warnings)
