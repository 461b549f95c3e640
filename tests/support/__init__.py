"""Helpers shared by every test layer: unit, integration, reliability, perf and ecosystem."""
