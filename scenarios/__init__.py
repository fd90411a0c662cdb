"""Bundled scenario files (data, never code), installed as package data of the simulator."""
