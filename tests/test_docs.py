"""The docs hold together: every picture they show exists, every link between them resolves, the
guides cover every bundled scenario, and every screenshot they show is one the screenshot
script (or another named means) makes."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path
from urllib.parse import unquote

import pytest

from simulator import bundled_names

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
PAGES = sorted(DOCS.glob("*.md")) + [ROOT / "README.md"]
GUIDES = ["user-guide.md", "user-guide.es.md", "facilitator-guide.md", "facilitator-guide.es.md"]

# [text](target) and ![alt](target "title"); <img src="target">
LINK = re.compile(r"!?\[(?:[^\]\[]|\[[^\]]*\])*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
IMG_TAG = re.compile(r"<img\b[^>]*\bsrc=\"([^\"]+)\"", re.IGNORECASE)
FENCE = re.compile(r"^(```|~~~).*?^\1", re.MULTILINE | re.DOTALL)
INLINE_CODE = re.compile(r"`[^`\n]*`")


def _text(page: Path) -> str:
    """The page without code blocks and inline code, where brackets are not links."""
    return INLINE_CODE.sub("", FENCE.sub("", page.read_text(encoding="utf-8")))


def _targets(page: Path, images_only: bool = False) -> list[str]:
    text = _text(page)
    found = []
    for match in LINK.finditer(text):
        if images_only and not match.group(0).startswith("!"):
            continue
        found.append(match.group(1))
    found += IMG_TAG.findall(text)
    return found


def _local(target: str) -> bool:
    is_url = re.match(r"^[a-z][a-z0-9+.-]*:", target, re.IGNORECASE)
    return not is_url and not target.startswith("#")


def _anchors(page: Path) -> set[str]:
    """GitHub-style heading anchors of a page."""
    anchors = set()
    for line in FENCE.sub("", page.read_text(encoding="utf-8")).splitlines():
        if line.startswith("#"):
            title = line.lstrip("#").strip().lower()
            title = re.sub(r"[^\w\- ]", "", title)
            anchors.add(title.replace(" ", "-"))
    return anchors


def test_the_guides_exist():
    for name in GUIDES:
        assert (DOCS / name).is_file(), f"docs/{name} is missing"


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_every_image_shown_exists(page):
    missing = [t for t in _targets(page, images_only=True)
               if _local(t) and not (page.parent / unquote(t.split("#")[0])).is_file()]
    assert not missing, f"{page.name} shows pictures that do not exist: {missing}"


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_every_relative_link_resolves(page):
    broken = []
    for target in _targets(page):
        if not _local(target):
            continue
        path, _, anchor = target.partition("#")
        file = (page.parent / unquote(path)).resolve()
        if not file.exists():
            broken.append(target)
        elif anchor and file.suffix == ".md" and anchor not in _anchors(file):
            broken.append(target)
    for target in _targets(page):  # links within the page
        if target.startswith("#") and target[1:] not in _anchors(page):
            broken.append(target)
    assert not broken, f"{page.name} links to what does not exist: {broken}"


@pytest.mark.parametrize("name", GUIDES)
def test_the_guides_mention_every_bundled_scenario(name):
    text = (DOCS / name).read_text(encoding="utf-8")
    missing = [s for s in bundled_names() if f"`{s}`" not in text]
    assert not missing, f"docs/{name} does not mention {missing}"


def test_every_screenshot_shown_is_made_by_the_script_or_named_in_it():
    spec = importlib.util.spec_from_file_location("make_screenshots", DOCS / "make_screenshots.py")
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    known = {shot[2] for shot in script.SHOTS} | {shot[0] for shot in script.MODE_SHOTS}
    scenarios = set(bundled_names())
    assert {shot[0] for shot in script.SHOTS} <= scenarios
    shown = set()
    for page in PAGES:
        for target in _targets(page, images_only=True):
            path = (page.parent / unquote(target)).resolve()
            if _local(target) and path.parent == (DOCS / "screenshots").resolve():
                shown.add(path.name)
    unknown = shown - known
    assert not unknown, f"no one regenerates these screenshots: {sorted(unknown)}"


def test_the_docs_name_no_machine_paths():
    for page in [DOCS / name for name in GUIDES] + [DOCS / "make_screenshots.py"]:
        text = page.read_text(encoding="utf-8")
        assert not re.search(r"(?<![\w.])/(work|home|tmp|Users)/", text), page.name
