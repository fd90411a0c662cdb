"""Exports: one chart, the dashboard or dashboard and loop diagram as PNG (1×, 2×, 4×, slide),
SVG and PDF; CSV of the recorded series; a one-page PDF report. Every file carries the run's
manifest (program version, scenario, seed, every parameter, the event log)."""

from ui.export.figure import SCALES, FigureRequest, FigureSource
from ui.export.formats import FORMATS, export, format_for

__all__ = ["FORMATS", "SCALES", "FigureRequest", "FigureSource", "export", "format_for"]
