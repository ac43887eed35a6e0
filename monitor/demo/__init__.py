"""Synthetic Japanese post streams about fictional brands, for demos, tests and benchmarks."""

from __future__ import annotations
