"""A pseudo-locale, ``xx``: every text of ours in brackets, ``[Selection rate]``.

Installed the way a real language is (a catalogue beside a Qt .qm, in a directory named by
``BIAS_LOOP_LOCALE_PATH``), it shows what a new language would get: any text on screen, in the
CLI or in an export that is not bracketed is one no translator could reach.
"""

from __future__ import annotations

import re
import subprocess
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path

import tomli_w

from simulator.scenario import bundled_dir

CODE = "xx"
ROOT = Path(__file__).resolve().parent.parent


def bracket(text: str) -> str:
    return f"[{text}]" if text else text


def write_catalogue(directory: Path) -> None:
    """``xx.toml``: the Spanish catalogue's keys (every text of ours), bracketed."""
    spanish = tomllib.loads((ROOT / "simulator" / "locale" / "es.toml").read_text("utf-8"))
    doc = {"language": {"name": "[Pseudo]", "decimal": "."},
           "texts": {english: bracket(english) for english in spanish["texts"]}}
    (directory / f"{CODE}.toml").write_text(tomli_w.dumps(doc), encoding="utf-8")


def write_qm(directory: Path) -> None:
    """``bias_loop_xx.qm``: the GUI's strings, bracketed, built by Qt's lrelease."""
    from ui.i18n import lrelease, ts_path

    tree = ET.parse(ts_path("es"))
    root = tree.getroot()
    root.set("language", CODE)
    for message in root.iter("message"):
        source = message.findtext("source") or ""
        translation = message.find("translation")
        translation.attrib.pop("type", None)
        numerus = translation.findall("numerusform")
        for form in numerus:
            form.text = bracket(source)
        if not numerus:
            translation.text = bracket(source)
    ts = directory / f"bias_loop_{CODE}.ts"
    tree.write(ts, encoding="utf-8", xml_declaration=True)
    lrelease(ts, directory / f"bias_loop_{CODE}.qm")


def write_scenario(directory: Path, name: str) -> Path:
    """A bundled scenario whose every text table also has an ``xx`` text."""
    data = tomllib.loads((bundled_dir() / f"{name}.toml").read_text("utf-8"))

    def walk(node):
        if isinstance(node, dict):
            if isinstance(node.get("en"), str) and isinstance(node.get("es"), str):
                node[CODE] = bracket(node["en"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(data)
    path = directory / f"{name}_{CODE}.toml"
    path.write_text(tomli_w.dumps(data), encoding="utf-8")
    return path


def install(directory: Path) -> dict[str, str]:
    """Write the pseudo-locale into ``directory``; the environment that installs it."""
    write_catalogue(directory)
    write_qm(directory)
    return {"BIAS_LOOP_LOCALE_PATH": str(directory)}


# What may stand outside brackets: identifiers (keys, column names, choices, ids), numbers,
# units of our own notation, file names and the program's name.
IDENTIFIER = re.compile(r"[\w.-]*[_.][\w.-]*|\b[a-z]+_\w+\b|`[^`]*`|\"[^\"]*\"|'[^']*'")


def unbracketed_words(text: str) -> list[str]:
    """Words of three letters or more outside any bracket, identifiers aside."""
    depth, outside = 0, []
    for ch in text:
        if ch == "[":
            depth += 1
            outside.append(" ")
        elif ch == "]":
            depth = max(0, depth - 1)
            outside.append(" ")
        else:
            outside.append(ch if depth == 0 else " ")
    rest = IDENTIFIER.sub(" ", "".join(outside))
    return re.findall(r"[A-Za-zÀ-ÿ]{3,}", rest)


def run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    import os
    import sys

    return subprocess.run([sys.executable, *args], capture_output=True, text=True,
                          env={**os.environ, **env}, timeout=300, cwd=ROOT)
