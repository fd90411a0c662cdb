"""Bias Loop's desktop app (PySide6 + pyqtgraph), over the simulator's public API only.

``ui.app.run_gui`` starts it. The window (``main_window``) assembles views around a
``session.Session``, the widget-free controller that owns the run; every view builds itself
from the scenario's declarations (schema, metrics, plots, loop arrows), never from a kind's
name, and takes its look from ``theme``.
"""
