"""``bias-loop run ... --chart FILE``: the default dashboard of the finished run, headless, with
the manifest embedded; a bad name fails before the run, and plain ``run`` never imports Qt."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

from bias_loop.cli import main

FAST = ["--rounds", "30", "--set", "world.applicants=200", "--seed", "11"]
GUI_IMPORT = re.compile(r"\|\s*(PySide6|shiboken6|pyqtgraph|ui)(\.\S+)?\s*$", re.M)


@pytest.mark.parametrize("suffix", [".png", ".svg", ".pdf"])
def test_chart_in_each_format_carries_the_manifest(tmp_path, capsys, suffix):
    path = tmp_path / f"chart{suffix}"
    status = main(["run", "lending", *FAST, "--at", "10:mitigation.label_audit=0.5",
                   "--chart", str(path)])
    out, err = capsys.readouterr()
    assert status == 0, err
    assert out == ""  # the chart was asked for: no CSV on the terminal
    data = path.read_bytes()
    assert b"seed = 11" in data or suffix == ".png"
    if suffix == ".png":
        from PySide6.QtGui import QImage

        image = QImage(str(path))
        assert image.width() == 1200 and image.height() > 1200  # 2 columns × 3 rows + caption
        manifest = image.text("bias-loop manifest")
        assert 'scenario = "lending"' in manifest and "seed = 11" in manifest
        assert "mitigation.label_audit" in manifest
    elif suffix == ".svg":
        assert b"<path" in data and b"<text" in data and b"mitigation.label_audit" in data
    else:
        assert data.startswith(b"%PDF") and b'scenario = "lending"' in data
    assert [p.name for p in tmp_path.iterdir()] == [path.name]  # no temporary file left


def test_chart_and_csv_together_and_replications(tmp_path, capsys):
    chart, csv = tmp_path / "c.png", tmp_path / "c.csv"
    status = main(["run", "lending", *FAST, "--replications", "2", "--chart", str(chart),
                   "--out", str(csv)])
    assert status == 0, capsys.readouterr().err
    assert chart.stat().st_size > 10_000 and csv.read_text().startswith("# bias-loop CSV")


@pytest.mark.parametrize("name, message", [
    ("chart.gif", "give a name ending in .png, .svg, .pdf"),
    ("chart", "give a name ending in .png, .svg, .pdf"),
    ("missing/chart.png", "does not exist"),
])
def test_bad_chart_name_fails_before_the_run(tmp_path, capsys, monkeypatch, name, message):
    import bias_loop.cli as cli

    monkeypatch.setattr(cli, "play", lambda spec: pytest.fail("the run started"))
    status = main(["run", "lending", *FAST, "--chart", str(tmp_path / name)])
    _, err = capsys.readouterr()
    assert status == 2 and message in err and "Traceback" not in err
    assert list(tmp_path.iterdir()) == []


def test_chart_headless_in_a_fresh_interpreter(tmp_path):
    """No display and no QT_QPA_PLATFORM: the chart still renders (offscreen is chosen)."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    child = subprocess.run(
        [sys.executable, "-m", "bias_loop", "run", "lending", *FAST, "--chart",
         str(tmp_path / "c.svg")], capture_output=True, text=True, timeout=120, env=env)
    assert child.returncode == 0, child.stderr
    assert (tmp_path / "c.svg").read_text(encoding="utf-8").count("<text") > 20


def test_plain_run_and_a_bad_chart_name_import_no_qt(tmp_path):
    for extra in ([], ["--chart", str(tmp_path / "c.gif")]):
        child = subprocess.run(
            [sys.executable, "-X", "importtime", "-m", "bias_loop", "run", "lending", *FAST,
             "--out", str(tmp_path / "run.csv"), *extra],
            capture_output=True, text=True, timeout=120)
        assert child.returncode == (2 if extra else 0), child.stderr
        assert GUI_IMPORT.findall(child.stderr) == []


@pytest.mark.slow
def test_chart_with_a_band_draws_the_replications_band(tmp_path, capsys):
    from PySide6.QtGui import QImage

    plain, banded = tmp_path / "plain.svg", tmp_path / "band.svg"
    assert main(["run", "lending", *FAST, "--replications", "3", "--chart", str(plain)]) == 0
    assert main(["run", "lending", *FAST, "--replications", "3", "--band",
                 "--chart", str(banded)]) == 0
    assert "10–90 % of 3 seeds" in banded.read_text(encoding="utf-8")
    assert "10–90 %" not in plain.read_text(encoding="utf-8")
    png = tmp_path / "band.png"
    assert main(["run", "lending", *FAST, "--replications", "3", "--band",
                 "--chart", str(png)]) == 0
    assert not QImage(str(png)).isNull()


@pytest.mark.parametrize("size, expected", [("2x", (2400, None)), ("slide", (1920, 1080))])
def test_chart_size_draws_the_dialog_sizes(tmp_path, capsys, size, expected):
    from PySide6.QtGui import QImage

    path = tmp_path / "c.png"
    status = main(["run", "lending", *FAST, "--at", "10:mitigation.label_audit=0.5",
                   "--chart", str(path), "--chart-size", size])
    assert status == 0, capsys.readouterr().err
    image = QImage(str(path))
    assert image.width() == expected[0]
    if expected[1] is not None:  # a slide: exactly 1920×1080, caption inside
        assert image.height() == expected[1]
        assert "Label audit" in image.text("Description")
    else:
        assert image.height() > 2400  # three rows of charts, twice 400 px each, and a caption


def test_a_slide_svg_is_a_16_by_9_page(tmp_path, capsys):
    path = tmp_path / "c.svg"
    assert main(["run", "lending", *FAST, "--chart", str(path), "--chart-size", "slide"]) == 0
    assert '<svg width="1920" height="1080"' in path.read_text(encoding="utf-8")


def test_a_bad_chart_size_exits_2_naming_the_sizes(capsys):
    status = main(["run", "lending", *FAST, "--chart", "c.png", "--chart-size", "3x"])
    _, err = capsys.readouterr()
    assert status == 2 and "Traceback" not in err
    assert "--chart-size: invalid choice: '3x'" in err
    assert all(f"'{size}'" in err for size in ("1x", "2x", "4x", "slide"))


def test_a_chart_size_without_a_chart_exits_2_before_the_run(tmp_path, capsys, monkeypatch):
    import bias_loop.cli as cli

    monkeypatch.setattr(cli, "play", lambda spec: pytest.fail("the run started"))
    out = tmp_path / "x.csv"
    status = main(["run", "lending", *FAST, "--chart-size", "slide", "--out", str(out)])
    _, err = capsys.readouterr()
    assert status == 2 and "Traceback" not in err
    assert "--chart-size slide sizes the chart: give --chart FILE.png|.svg|.pdf too" in err
    assert list(tmp_path.iterdir()) == []


def test_the_command_line_offers_the_dialogs_sizes():
    from bias_loop.chart import CHART_SIZES
    from ui.export import SCALES

    assert CHART_SIZES == SCALES
